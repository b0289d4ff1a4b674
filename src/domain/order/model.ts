// The order aggregate as data: an order, the actions it carries and their stable lists (§8).
import type { Decimal } from 'decimal.js';
import type { BusinessDate } from '../../time/date';
import type { RatePlan } from '../contract/charge';
import type { Subscription } from '../contract/subscription';

/**
 * Lifecycle of an order: drafted, pending activation, completed (activated: its actions are applied).
 * @category Domain model
 * @since 0.1.0
 */
export type OrderStatus = 'Draft' | 'Pending' | 'Completed';

/**
 * The stable list of {@link OrderStatus} values.
 * @since 0.1.0
 */
export const ORDER_STATUSES: readonly OrderStatus[] = Object.freeze(['Draft', 'Pending', 'Completed']);

/**
 * Order action that creates a new subscription with its rate plans and charges.
 * @category Domain model
 * @since 0.1.0
 */
export interface CreateSubscriptionAction {
  readonly type: 'CreateSubscription';
  readonly subscriptionNumber: string;
  /** Invoice owner when it is not the order's account; the subscription's `accountNumber` becomes it. */
  readonly invoiceOwnerAccountNumber?: string;
  readonly termType: 'Termed' | 'Evergreen';
  readonly termStart: BusinessDate;
  /** Last day of the term, inclusive; null for an evergreen term. */
  readonly termEnd: BusinessDate | null;
  readonly invoiceSeparately: boolean;
  readonly ratePlans: readonly RatePlan[];
}

/**
 * Order action that removes a rate plan (product) from a subscription as of `effectiveDate` (§8.4): each of its
 * charges ends the day before (never later than its current end); a charge removed on or before its start, and
 * any one-time charge (credited back in full, §4.2 rule 12), ends the day before its start: worth 0. A charge
 * starting 0001-01-01 cannot end the day before (outside the supported years): activation refuses such a removal
 * with an `InvalidInput`.
 * @category Domain model
 * @since 0.1.0
 */
export interface RemoveProductAction {
  readonly type: 'RemoveProduct';
  readonly subscriptionNumber: string;
  readonly ratePlanId: string;
  /** First day the product is no longer provided. */
  readonly effectiveDate: BusinessDate;
}

/**
 * Order action that cancels a subscription as of `effectiveDate`: every rate plan is removed as by
 * {@link RemoveProductAction}, the status becomes `Cancelled` and a termed subscription's term ends the day before
 * (the day before its start when cancelled on or before it: refused with an `InvalidInput` for a term starting
 * 0001-01-01).
 * @category Domain model
 * @since 0.1.0
 */
export interface CancelSubscriptionAction {
  readonly type: 'CancelSubscription';
  readonly subscriptionNumber: string;
  readonly effectiveDate: BusinessDate;
}

/**
 * Order action that changes a charge's price and/or quantity from its start date (§8.5: only from the charge
 * start; a change from the middle of a charge is refused with `UpdateProductNotFromChargeStart`).
 * @category Domain model
 * @since 0.1.0
 */
export interface UpdateProductAction {
  readonly type: 'UpdateProduct';
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  /** Must equal the charge's `startDate`. */
  readonly effectiveDate: BusinessDate;
  /** New price per unit, at the order currency's scale. */
  readonly price?: Decimal;
  /** New quantity, positive. */
  readonly quantity?: Decimal;
}

/**
 * Order action that adds a rate plan (product) with new charges to an existing subscription (§8.6: new charges
 * are not added to existing invoice schedules). The charges must lie inside the subscription's term.
 * @category Domain model
 * @since 0.1.0
 */
export interface AddProductAction {
  readonly type: 'AddProduct';
  readonly subscriptionNumber: string;
  readonly ratePlan: RatePlan;
}

/**
 * Order action that changes the current term (§8.7): a new term start (early renewal) and/or a new term end.
 * Charges that ended on the old term end follow a new term end; charges never move with a new term start.
 * @category Domain model
 * @since 0.1.0
 */
export interface TermsAndConditionsAction {
  readonly type: 'TermsAndConditions';
  readonly subscriptionNumber: string;
  readonly termStart?: BusinessDate;
  readonly termEnd?: BusinessDate;
}

/**
 * Order action that renews a termed subscription for `renewalTermMonths` (§8.7, "Splitting Segments" on): the
 * term end moves on and each recurring charge ending on the old term end gets a renewal segment
 * `<charge>-R<n>` for the new term, so the renewal is never billed by the old schedule. The new term must end by
 * 9999-12-31: activation refuses a longer renewal with an `InvalidInput` naming the longest that fits.
 * @category Domain model
 * @since 0.1.0
 */
export interface RenewAction {
  readonly type: 'Renew';
  readonly subscriptionNumber: string;
  readonly renewalTermMonths: number;
}

/**
 * Order action that moves a subscription to another invoice owner account (§8.8).
 * @category Domain model
 * @since 0.1.0
 */
export interface OwnerTransferAction {
  readonly type: 'OwnerTransfer';
  readonly subscriptionNumber: string;
  readonly newOwnerAccountNumber: string;
}

/**
 * Order action that suspends a subscription. Parsed so that orders carrying it can be checked against invoice
 * schedules (§8.9: never supported there); activation always refuses it with `ActionNotSupported`.
 * @category Domain model
 * @since 0.1.0
 */
export interface SuspendAction {
  readonly type: 'Suspend';
  readonly subscriptionNumber: string;
  readonly effectiveDate: BusinessDate;
}

/**
 * Order action that resumes a suspended subscription. Parsed, but activation always refuses it with
 * `ActionNotSupported`, like {@link SuspendAction}.
 * @category Domain model
 * @since 0.1.0
 */
export interface ResumeAction {
  readonly type: 'Resume';
  readonly subscriptionNumber: string;
  readonly effectiveDate: BusinessDate;
}

/**
 * The actions an order can carry, discriminated on `type`; each has an input parser and an activation handler
 * (adding a member without both is a compile error).
 * @category Domain model
 * @since 0.1.0
 */
export type OrderAction =
  | CreateSubscriptionAction
  | RemoveProductAction
  | CancelSubscriptionAction
  | UpdateProductAction
  | AddProductAction
  | TermsAndConditionsAction
  | RenewAction
  | OwnerTransferAction
  | SuspendAction
  | ResumeAction;

/**
 * The `type` discriminants of {@link OrderAction}.
 * @category Domain model
 * @since 0.1.0
 */
export type OrderActionType = OrderAction['type'];

/**
 * The stable list of supported order action types.
 * @since 0.1.0
 */
export const ORDER_ACTION_TYPES: readonly OrderActionType[] = Object.freeze([
  'CreateSubscription',
  'RemoveProduct',
  'CancelSubscription',
  'UpdateProduct',
  'AddProduct',
  'TermsAndConditions',
  'Renew',
  'OwnerTransfer',
  'Suspend',
  'Resume',
]);

/**
 * An order of one account: a dated list of actions applied together when the order is activated.
 * @category Domain model
 * @since 0.1.0
 */
export interface Order {
  readonly number: string;
  readonly accountNumber: string;
  /** ISO 4217 code of the account; every amount of the order is at its scale. */
  readonly currency: string;
  readonly orderDate: BusinessDate;
  readonly status: OrderStatus;
  readonly actions: readonly OrderAction[];
}

/**
 * What activating an order yields: the completed order and the subscriptions it created or changed (only those).
 * @category Domain model
 * @since 0.1.0
 */
export interface OrderActivation {
  readonly order: Order;
  readonly subscriptions: readonly Subscription[];
}
