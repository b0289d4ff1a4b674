// What a host sends to save an order (`saveNewOrder`, `createOrder`): the order and its actions as plain
// JSON-like input, before parsing. The parsed model is in ./model.ts; the parser in ./parse.ts checks every
// field at run time, so these types describe what it accepts rather than promise it.
import type { Decimal } from 'decimal.js';
import type { BillingPeriod, ChargeType, ListPriceBase } from '../contract/charge';
import type { OrderStatus } from './model';

/**
 * A decimal given as a decimal string (`"1200.00"`, the form to prefer), a finite JS number or a decimal.js
 * value. Amounts must be at the account currency's scale.
 * @category Inputs
 * @since 0.2.0
 */
export type DecimalInput = string | number | Decimal;

/**
 * One charge of a rate plan, as sent. Recurring charges need `listPriceBase` and `billingPeriod`; discount
 * charges carry `discountPercentage` and no price; dates default to the subscription's term.
 * @category Inputs
 * @since 0.2.0
 */
export interface RatePlanChargeInput {
  /** Unique in the order and the tenant, e.g. `C-00000001`. */
  readonly number: string;
  readonly name: string;
  readonly type: ChargeType;
  /** Per unit, at the currency's scale; required except for discounts. */
  readonly price?: DecimalInput | null;
  /** Positive; 1 by default. */
  readonly quantity?: DecimalInput | null;
  readonly listPriceBase?: ListPriceBase | null;
  readonly billingPeriod?: BillingPeriod | null;
  /** With `billingPeriod: 'SpecificMonths'` only: a whole number of months ≥ 1. */
  readonly specificBillingPeriodMonths?: number | null;
  /** Discount charges only: in (0, 100], `"10"` for 10 %. */
  readonly discountPercentage?: DecimalInput | null;
  /** `YYYY-MM-DD`; the term's start by default. */
  readonly startDate?: string | null;
  /** `YYYY-MM-DD`, inclusive; the term's end by default (required in an evergreen term). */
  readonly endDate?: string | null;
}

/**
 * A rate plan (product) with its charges, as sent.
 * @category Inputs
 * @since 0.2.0
 */
export interface RatePlanInput {
  readonly id: string;
  readonly name: string;
  readonly charges: readonly RatePlanChargeInput[];
}

/**
 * Creates a subscription (see `CreateSubscriptionAction`).
 * @category Inputs
 * @since 0.2.0
 */
export interface CreateSubscriptionActionInput {
  readonly type: 'CreateSubscription';
  readonly subscriptionNumber: string;
  readonly invoiceOwnerAccountNumber?: string | null;
  readonly termType: 'Termed' | 'Evergreen';
  readonly termStart: string;
  /** Required for a termed subscription, absent (or null) for an evergreen one. */
  readonly termEnd?: string | null;
  /** False by default. */
  readonly invoiceSeparately?: boolean | null;
  readonly ratePlans: readonly RatePlanInput[];
}

/**
 * Removes a rate plan as of `effectiveDate` (see `RemoveProductAction`).
 * @category Inputs
 * @since 0.2.0
 */
export interface RemoveProductActionInput {
  readonly type: 'RemoveProduct';
  readonly subscriptionNumber: string;
  readonly ratePlanId: string;
  readonly effectiveDate: string;
}

/**
 * Cancels, suspends or resumes a subscription as of `effectiveDate` (suspend and resume are parsed but
 * refused at activation).
 * @category Inputs
 * @since 0.2.0
 */
export interface DatedActionInput {
  readonly type: 'CancelSubscription' | 'Suspend' | 'Resume';
  readonly subscriptionNumber: string;
  readonly effectiveDate: string;
}

/**
 * Changes a charge's price and/or quantity from its start date (see `UpdateProductAction`).
 * @category Inputs
 * @since 0.2.0
 */
export interface UpdateProductActionInput {
  readonly type: 'UpdateProduct';
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly effectiveDate: string;
  readonly price?: DecimalInput | null;
  readonly quantity?: DecimalInput | null;
}

/**
 * Adds a rate plan to a subscription; its charges need both dates (see `AddProductAction`).
 * @category Inputs
 * @since 0.2.0
 */
export interface AddProductActionInput {
  readonly type: 'AddProduct';
  readonly subscriptionNumber: string;
  readonly ratePlan: RatePlanInput;
}

/**
 * A new term start and/or end (see `TermsAndConditionsAction`).
 * @category Inputs
 * @since 0.2.0
 */
export interface TermsAndConditionsActionInput {
  readonly type: 'TermsAndConditions';
  readonly subscriptionNumber: string;
  readonly termStart?: string | null;
  readonly termEnd?: string | null;
}

/**
 * Renews a termed subscription (see `RenewAction`).
 * @category Inputs
 * @since 0.2.0
 */
export interface RenewActionInput {
  readonly type: 'Renew';
  readonly subscriptionNumber: string;
  /** A whole number from 1 to 1200. */
  readonly renewalTermMonths: number;
}

/**
 * Moves a subscription to another invoice owner (see `OwnerTransferAction`).
 * @category Inputs
 * @since 0.2.0
 */
export interface OwnerTransferActionInput {
  readonly type: 'OwnerTransfer';
  readonly subscriptionNumber: string;
  readonly newOwnerAccountNumber: string;
}

/**
 * One action of an order, as sent, discriminated on `type`.
 * @category Inputs
 * @since 0.2.0
 */
export type OrderActionInput =
  | CreateSubscriptionActionInput
  | RemoveProductActionInput
  | DatedActionInput
  | UpdateProductActionInput
  | AddProductActionInput
  | TermsAndConditionsActionInput
  | RenewActionInput
  | OwnerTransferActionInput;

// A type, not an interface: as an object type it is assignable to `saveNewOrder`'s parameter
// (`{ accountNumber } & Record<string, unknown>`), which an interface is not.
/**
 * An order as `saveNewOrder` takes it: plain JSON-like data (amounts as decimal strings at the account
 * currency's scale, dates as `YYYY-MM-DD`), checked at run time. At most 1,000 actions, 1,000 rate plans per
 * action and 1,000 charges per rate plan (`INPUT_LIMITS`).
 * @example
 * ```ts
 * const order: CreateOrderInput = {
 *   number: 'O-0001',
 *   accountNumber: 'A-001',
 *   orderDate: '2023-01-01',
 *   actions: [
 *     {
 *       type: 'CreateSubscription',
 *       subscriptionNumber: 'S1',
 *       termType: 'Termed',
 *       termStart: '2023-01-01',
 *       termEnd: '2023-12-31',
 *       ratePlans: [
 *         {
 *           id: 'rp-1',
 *           name: 'Platform',
 *           charges: [
 *             { number: 'C1', name: 'Fee', type: 'Recurring', price: '36900.00', listPriceBase: 'Year', billingPeriod: 'Annual' },
 *           ],
 *         },
 *       ],
 *     },
 *   ],
 * };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export type CreateOrderInput = {
  readonly number: string;
  /** The account the order is for; it must exist. */
  readonly accountNumber: string;
  readonly orderDate: string;
  /** `Draft` by default; an order becomes `Completed` only by `activateSavedOrder`. */
  readonly status?: Exclude<OrderStatus, 'Completed'> | null;
  readonly actions: readonly OrderActionInput[];
};
