import type { Decimal } from 'decimal.js';
import { err, ok, type Result, safeTry } from 'neverthrow';
import { type Currency, getCurrency } from '../../money/currency';
import { Dec, isDecimal } from '../../money/decimal';
import { type AmountInput, parseAmount } from '../../money/money';
import {
  addDays,
  addMonths,
  type BusinessDate,
  isAfter,
  isBefore,
  maxDate,
  minDate,
  parseBusinessDate,
} from '../../time/date';
import type { Account } from '../contract/account';
import {
  BILLING_PERIODS,
  type BillingPeriod,
  CHARGE_TYPES,
  type ChargeType,
  isRegularCharge,
  isRemovedCharge,
  LIST_PRICE_BASES,
  type ListPriceBase,
  type RatePlan,
  type RatePlanCharge,
} from '../contract/charge';
import { totalDiscountPercentage } from '../contract/charge-value';
import type { Subscription } from '../contract/subscription';
import {
  type DomainError,
  deepFreeze,
  describeReceived,
  frozenCopy,
  invalidInput,
  joinPath,
  readArray,
  readBoolean,
  readEnum,
  readObject,
  readString,
} from '../errors';

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
 * any one-time charge (credited back in full, §4.2 rule 12), ends the day before its start: worth 0.
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
 * {@link RemoveProductAction}, the status becomes `Cancelled` and a termed subscription's term ends the day before.
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
 * `<charge>-R<n>` for the new term, so the renewal is never billed by the old schedule.
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
 * below (adding a member without both is a compile error).
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

// ---------------------------------------------------------------------------------------------------------
// Parsing

/** Per-order parse context: the currency and the numbers already used (paths of their first use). */
interface ParseContext {
  readonly currency: Currency;
  readonly chargeNumbers: Map<string, string>;
  readonly subscriptionNumbers: Map<string, string>;
}

/** A parser for one action type; `record` is the action object, its `type` already read. */
type ActionParser<A extends OrderAction> = (
  record: Readonly<Record<string, unknown>>,
  path: string,
  ctx: ParseContext,
) => Result<A, DomainError>;

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Reads a finite decimal given as a plain decimal string, a finite JS number or a Decimal. */
function readDecimal(input: unknown, path: string, expected: string): Result<Decimal, DomainError> {
  if (typeof input === 'string' && DECIMAL_PATTERN.test(input)) return ok(new Dec(input));
  if (typeof input === 'number' && Number.isFinite(input)) return ok(new Dec(input));
  if (isDecimal(input) && input.isFinite()) return ok(new Dec(input));
  return err(invalidInput(path, expected, input));
}

const isPresent = (x: unknown): boolean => x !== undefined && x !== null;

function missingField(
  path: string,
  chargeNumber: string,
  chargeType: ChargeType,
  field: string,
): DomainError {
  return Object.freeze({
    type: 'MissingChargeField' as const,
    message: `${path}: charge ${chargeNumber} (${chargeType}) needs "${field}".`,
    path: joinPath(path, field),
    chargeNumber,
    chargeType,
    field,
  });
}

function fieldNotAllowed(
  path: string,
  chargeNumber: string,
  chargeType: ChargeType,
  field: string,
): DomainError {
  return Object.freeze({
    type: 'ChargeFieldNotAllowed' as const,
    message: `${path}: "${field}" does not apply to charge ${chargeNumber} of type ${chargeType}; remove it.`,
    path: joinPath(path, field),
    chargeNumber,
    chargeType,
    field,
  });
}

function termEndBeforeStart(path: string, termStart: BusinessDate, termEnd: BusinessDate): DomainError {
  return Object.freeze({
    type: 'TermEndBeforeStart' as const,
    message: `${path}: the term ends ${termEnd}, before it starts ${termStart}; the end is the inclusive last day of the term.`,
    path,
    termStart,
    termEnd,
  });
}

const CHARGE_KEYS = [
  'number',
  'name',
  'type',
  'price',
  'quantity',
  'listPriceBase',
  'billingPeriod',
  'specificBillingPeriodMonths',
  'discountPercentage',
  'startDate',
  'endDate',
] as const;

interface Term {
  readonly termType: 'Termed' | 'Evergreen';
  readonly termStart: BusinessDate;
  readonly termEnd: BusinessDate | null;
}

/** `term` null: the subscription is not known yet (Add Product), so both dates are required and not range-checked. */
function parseCharge(
  input: unknown,
  path: string,
  term: Term | null,
  ctx: ParseContext,
): Result<RatePlanCharge, DomainError> {
  return safeTry<RatePlanCharge, DomainError>(function* () {
    const r = yield* readObject(input, path, CHARGE_KEYS);
    const at = (key: (typeof CHARGE_KEYS)[number]): string => joinPath(path, key);
    const number = yield* readString(r.number, at('number'));
    const firstUse = ctx.chargeNumbers.get(number);
    if (firstUse !== undefined) {
      return err(
        Object.freeze({
          type: 'DuplicateChargeNumber' as const,
          message: `${at('number')}: charge number ${number} is already used at ${firstUse}; charge numbers must be unique.`,
          path: at('number'),
          firstPath: firstUse,
          chargeNumber: number,
        }),
      );
    }
    ctx.chargeNumbers.set(number, at('number'));
    const name = yield* readString(r.name, at('name'));
    const type = yield* readEnum(CHARGE_TYPES)(r.type, at('type'));

    // Price: an amount at the currency scale; discounts carry no price of their own (0).
    let price: Decimal = new Dec(0);
    if (type === 'DiscountPercentage') {
      if (isPresent(r.price)) {
        const given = yield* parseAmount(r.price as AmountInput, ctx.currency, at('price'));
        if (!given.isZero()) return err(fieldNotAllowed(path, number, type, 'price'));
      }
    } else {
      if (!isPresent(r.price)) return err(missingField(path, number, type, 'price'));
      price = yield* parseAmount(r.price as AmountInput, ctx.currency, at('price'));
      if (price.isNegative()) return err(invalidInput(at('price'), 'an amount ≥ 0', r.price));
    }

    let quantity: Decimal = new Dec(1);
    if (isPresent(r.quantity)) {
      quantity = yield* readDecimal(
        r.quantity,
        at('quantity'),
        'a positive decimal number such as "1" or "2.5"',
      );
      if (!quantity.isPositive() || quantity.isZero()) {
        return err(
          invalidInput(at('quantity'), 'a positive decimal number such as "1" or "2.5"', r.quantity),
        );
      }
    }

    // Recurring charges need their price base and billing period; one-time charges have neither.
    let listPriceBase: ListPriceBase | null = null;
    let billingPeriod: BillingPeriod | null = null;
    if (type === 'OneTime') {
      if (isPresent(r.listPriceBase)) return err(fieldNotAllowed(path, number, type, 'listPriceBase'));
      if (isPresent(r.billingPeriod)) return err(fieldNotAllowed(path, number, type, 'billingPeriod'));
    } else {
      if (type === 'Recurring' && !isPresent(r.listPriceBase)) {
        return err(missingField(path, number, type, 'listPriceBase'));
      }
      if (type === 'Recurring' && !isPresent(r.billingPeriod)) {
        return err(missingField(path, number, type, 'billingPeriod'));
      }
      if (isPresent(r.listPriceBase))
        listPriceBase = yield* readEnum(LIST_PRICE_BASES)(r.listPriceBase, at('listPriceBase'));
      if (isPresent(r.billingPeriod))
        billingPeriod = yield* readEnum(BILLING_PERIODS)(r.billingPeriod, at('billingPeriod'));
      if (listPriceBase === 'BillingPeriod' && billingPeriod === null) {
        return err(missingField(path, number, type, 'billingPeriod'));
      }
    }

    let specificBillingPeriodMonths: number | null = null;
    if (billingPeriod === 'SpecificMonths') {
      if (!isPresent(r.specificBillingPeriodMonths)) {
        return err(missingField(path, number, type, 'specificBillingPeriodMonths'));
      }
      const months = r.specificBillingPeriodMonths;
      if (typeof months !== 'number' || !Number.isSafeInteger(months) || months < 1) {
        return err(invalidInput(at('specificBillingPeriodMonths'), 'a whole number of months ≥ 1', months));
      }
      specificBillingPeriodMonths = months;
    } else if (isPresent(r.specificBillingPeriodMonths)) {
      return err(fieldNotAllowed(path, number, type, 'specificBillingPeriodMonths'));
    }

    let discountPercentage: Decimal | null = null;
    if (type === 'DiscountPercentage') {
      if (!isPresent(r.discountPercentage))
        return err(missingField(path, number, type, 'discountPercentage'));
      const pct = readDecimal(r.discountPercentage, at('discountPercentage'), 'a percentage');
      if (pct.isErr() || !pct.value.isPositive() || pct.value.isZero() || pct.value.greaterThan(100)) {
        return err(
          Object.freeze({
            type: 'InvalidDiscountPercentage' as const,
            message: `${at('discountPercentage')}: expected a percentage in (0, 100] such as "10" for 10 %, received ${describeReceived(r.discountPercentage)}.`,
            path: at('discountPercentage'),
            chargeNumber: number,
            received: describeReceived(r.discountPercentage),
          }),
        );
      }
      discountPercentage = pct.value;
    } else if (isPresent(r.discountPercentage)) {
      return err(fieldNotAllowed(path, number, type, 'discountPercentage'));
    }

    // Dates default to the term; an evergreen term has no end to default to.
    let startDate: BusinessDate;
    if (isPresent(r.startDate)) startDate = yield* parseBusinessDate(r.startDate, at('startDate'));
    else if (term !== null) startDate = term.termStart;
    else return err(missingField(path, number, type, 'startDate'));
    let endDate: BusinessDate;
    if (isPresent(r.endDate)) endDate = yield* parseBusinessDate(r.endDate, at('endDate'));
    else if (term !== null && term.termEnd !== null) endDate = term.termEnd;
    else return err(missingField(path, number, type, 'endDate'));

    if (isBefore(endDate, startDate)) {
      return err(
        Object.freeze({
          type: 'ChargeEndBeforeStart' as const,
          message: `${path}: charge ${number} ends ${endDate}, before its start ${startDate}; the end date is inclusive and must be on or after the start.`,
          path: at('endDate'),
          chargeNumber: number,
          startDate,
          endDate,
        }),
      );
    }
    if (
      term !== null &&
      (isBefore(startDate, term.termStart) || (term.termEnd !== null && isAfter(endDate, term.termEnd)))
    ) {
      const range = `${term.termStart} → ${term.termEnd ?? '(evergreen)'}`;
      return err(
        Object.freeze({
          type: 'ChargeOutsideTerm' as const,
          message: `${path}: charge ${number} runs ${startDate} → ${endDate}, outside the subscription term ${range}; move its dates inside the term.`,
          path: isBefore(startDate, term.termStart) ? at('startDate') : at('endDate'),
          chargeNumber: number,
          startDate,
          endDate,
          termStart: term.termStart,
          termEnd: term.termEnd,
        }),
      );
    }

    return ok({
      number,
      name,
      type,
      price,
      quantity,
      listPriceBase,
      billingPeriod,
      specificBillingPeriodMonths,
      discountPercentage,
      startDate,
      endDate,
    });
  });
}

function parseRatePlan(
  input: unknown,
  path: string,
  term: Term | null,
  ctx: ParseContext,
): Result<RatePlan, DomainError> {
  return safeTry<RatePlan, DomainError>(function* () {
    const r = yield* readObject(input, path, ['id', 'name', 'charges']);
    const id = yield* readString(r.id, joinPath(path, 'id'));
    const name = yield* readString(r.name, joinPath(path, 'name'));
    const charges = yield* readArray(r.charges, joinPath(path, 'charges'), (c, p) =>
      parseCharge(c, p, term, ctx),
    );
    const ratePlan: RatePlan = { id, name, charges };
    // Discounts add (§4.4); more than 100 % would make a charge worth less than nothing.
    for (const [i, charge] of charges.entries()) {
      if (!isRegularCharge(charge)) continue;
      const total = totalDiscountPercentage(charge, ratePlan);
      if (total.greaterThan(100)) {
        return err(
          Object.freeze({
            type: 'DiscountTotalTooHigh' as const,
            message: `${joinPath(joinPath(path, 'charges'), i)}: the percentage discounts of rate plan ${id} that apply to charge ${charge.number} add up to ${total.toFixed()} %; at most 100 % is allowed.`,
            path: joinPath(joinPath(path, 'charges'), i),
            chargeNumber: charge.number,
            totalPercentage: total.toFixed(),
          }),
        );
      }
    }
    return ok(ratePlan);
  });
}

const CREATE_SUBSCRIPTION_KEYS = [
  'type',
  'subscriptionNumber',
  'invoiceOwnerAccountNumber',
  'termType',
  'termStart',
  'termEnd',
  'invoiceSeparately',
  'ratePlans',
] as const;

const parseCreateSubscription: ActionParser<CreateSubscriptionAction> = (record, path, ctx) =>
  safeTry<CreateSubscriptionAction, DomainError>(function* () {
    const r = yield* readObject(record, path, CREATE_SUBSCRIPTION_KEYS);
    const at = (key: (typeof CREATE_SUBSCRIPTION_KEYS)[number]): string => joinPath(path, key);
    const subscriptionNumber = yield* readString(r.subscriptionNumber, at('subscriptionNumber'));
    const firstUse = ctx.subscriptionNumbers.get(subscriptionNumber);
    if (firstUse !== undefined) {
      return err(
        Object.freeze({
          type: 'DuplicateSubscriptionNumber' as const,
          message: `${at('subscriptionNumber')}: subscription ${subscriptionNumber} is already created at ${firstUse}; each action must create a different subscription.`,
          path: at('subscriptionNumber'),
          firstPath: firstUse,
          subscriptionNumber,
        }),
      );
    }
    ctx.subscriptionNumbers.set(subscriptionNumber, at('subscriptionNumber'));
    const owner = isPresent(r.invoiceOwnerAccountNumber)
      ? yield* readString(r.invoiceOwnerAccountNumber, at('invoiceOwnerAccountNumber'))
      : undefined;
    const termType = yield* readEnum(['Termed', 'Evergreen'] as const)(r.termType, at('termType'));
    const termStart = yield* parseBusinessDate(r.termStart, at('termStart'));
    let termEnd: BusinessDate | null = null;
    if (termType === 'Termed') {
      if (!isPresent(r.termEnd)) {
        return err(
          invalidInput(
            at('termEnd'),
            'the last day of the term (YYYY-MM-DD) for a Termed subscription',
            r.termEnd,
          ),
        );
      }
      termEnd = yield* parseBusinessDate(r.termEnd, at('termEnd'));
      if (isBefore(termEnd, termStart)) {
        return err(termEndBeforeStart(at('termEnd'), termStart, termEnd));
      }
    } else if (isPresent(r.termEnd)) {
      return err(invalidInput(at('termEnd'), 'no term end (null) for an Evergreen subscription', r.termEnd));
    }
    const invoiceSeparately = isPresent(r.invoiceSeparately)
      ? yield* readBoolean(r.invoiceSeparately, at('invoiceSeparately'))
      : false;
    const term: Term = { termType, termStart, termEnd };
    const ratePlans = yield* readArray(r.ratePlans, at('ratePlans'), (rp, p) =>
      parseRatePlan(rp, p, term, ctx),
    );
    return ok({
      type: 'CreateSubscription' as const,
      subscriptionNumber,
      ...(owner === undefined ? {} : { invoiceOwnerAccountNumber: owner }),
      termType,
      termStart,
      termEnd,
      invoiceSeparately,
      ratePlans,
    });
  });

/** Reads the fields every change action has: the subscription it changes. */
function readSubscriptionNumber(
  r: Readonly<Record<string, unknown>>,
  path: string,
): Result<string, DomainError> {
  return readString(r.subscriptionNumber, joinPath(path, 'subscriptionNumber'));
}

/** Parser of the actions shaped `{ type, subscriptionNumber, effectiveDate }` (Cancel, Suspend, Resume). */
function datedActionParser<T extends 'CancelSubscription' | 'Suspend' | 'Resume'>(
  type: T,
): ActionParser<Extract<OrderAction, { type: T }>> {
  return (record, path) =>
    safeTry(function* () {
      const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'effectiveDate']);
      const subscriptionNumber = yield* readSubscriptionNumber(r, path);
      const effectiveDate = yield* parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
      return ok({ type, subscriptionNumber, effectiveDate } as Extract<OrderAction, { type: T }>);
    });
}

const parseRemoveProduct: ActionParser<RemoveProductAction> = (record, path) =>
  safeTry<RemoveProductAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'ratePlanId', 'effectiveDate']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const ratePlanId = yield* readString(r.ratePlanId, joinPath(path, 'ratePlanId'));
    const effectiveDate = yield* parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
    return ok({ type: 'RemoveProduct' as const, subscriptionNumber, ratePlanId, effectiveDate });
  });

const parseUpdateProduct: ActionParser<UpdateProductAction> = (record, path, ctx) =>
  safeTry<UpdateProductAction, DomainError>(function* () {
    const r = yield* readObject(record, path, [
      'type',
      'subscriptionNumber',
      'chargeNumber',
      'effectiveDate',
      'price',
      'quantity',
    ]);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const chargeNumber = yield* readString(r.chargeNumber, joinPath(path, 'chargeNumber'));
    const effectiveDate = yield* parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
    if (!isPresent(r.price) && !isPresent(r.quantity)) {
      return err(invalidInput(joinPath(path, 'price'), 'a new price and/or a new quantity', r.price));
    }
    let price: Decimal | undefined;
    if (isPresent(r.price)) {
      price = yield* parseAmount(r.price as AmountInput, ctx.currency, joinPath(path, 'price'));
      if (price.isNegative()) return err(invalidInput(joinPath(path, 'price'), 'an amount ≥ 0', r.price));
    }
    let quantity: Decimal | undefined;
    if (isPresent(r.quantity)) {
      const expected = 'a positive decimal number such as "1" or "2.5"';
      quantity = yield* readDecimal(r.quantity, joinPath(path, 'quantity'), expected);
      if (!quantity.isPositive() || quantity.isZero()) {
        return err(invalidInput(joinPath(path, 'quantity'), expected, r.quantity));
      }
    }
    return ok({
      type: 'UpdateProduct' as const,
      subscriptionNumber,
      chargeNumber,
      effectiveDate,
      ...(price === undefined ? {} : { price }),
      ...(quantity === undefined ? {} : { quantity }),
    });
  });

const parseAddProduct: ActionParser<AddProductAction> = (record, path, ctx) =>
  safeTry<AddProductAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'ratePlan']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    // The term is only known at activation: charge dates are required here and checked against it there.
    const ratePlan = yield* parseRatePlan(r.ratePlan, joinPath(path, 'ratePlan'), null, ctx);
    return ok({ type: 'AddProduct' as const, subscriptionNumber, ratePlan });
  });

const parseTermsAndConditions: ActionParser<TermsAndConditionsAction> = (record, path) =>
  safeTry<TermsAndConditionsAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'termStart', 'termEnd']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    if (!isPresent(r.termStart) && !isPresent(r.termEnd)) {
      return err(
        invalidInput(joinPath(path, 'termStart'), 'a new term start and/or a new term end', r.termStart),
      );
    }
    const termStart = isPresent(r.termStart)
      ? yield* parseBusinessDate(r.termStart, joinPath(path, 'termStart'))
      : undefined;
    const termEnd = isPresent(r.termEnd)
      ? yield* parseBusinessDate(r.termEnd, joinPath(path, 'termEnd'))
      : undefined;
    if (termStart !== undefined && termEnd !== undefined && isBefore(termEnd, termStart)) {
      return err(termEndBeforeStart(joinPath(path, 'termEnd'), termStart, termEnd));
    }
    return ok({
      type: 'TermsAndConditions' as const,
      subscriptionNumber,
      ...(termStart === undefined ? {} : { termStart }),
      ...(termEnd === undefined ? {} : { termEnd }),
    });
  });

const parseRenew: ActionParser<RenewAction> = (record, path) =>
  safeTry<RenewAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'renewalTermMonths']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const months = r.renewalTermMonths;
    if (typeof months !== 'number' || !Number.isSafeInteger(months) || months < 1 || months > 1200) {
      return err(
        invalidInput(joinPath(path, 'renewalTermMonths'), 'a whole number of months from 1 to 1200', months),
      );
    }
    return ok({ type: 'Renew' as const, subscriptionNumber, renewalTermMonths: months });
  });

const parseOwnerTransfer: ActionParser<OwnerTransferAction> = (record, path) =>
  safeTry<OwnerTransferAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'newOwnerAccountNumber']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const newOwnerAccountNumber = yield* readString(
      r.newOwnerAccountNumber,
      joinPath(path, 'newOwnerAccountNumber'),
    );
    return ok({ type: 'OwnerTransfer' as const, subscriptionNumber, newOwnerAccountNumber });
  });

/** One parser per action type: adding an action to the union without a parser is a compile error. */
const ACTION_PARSERS: { readonly [K in OrderActionType]: ActionParser<Extract<OrderAction, { type: K }>> } =
  Object.freeze({
    CreateSubscription: parseCreateSubscription,
    RemoveProduct: parseRemoveProduct,
    CancelSubscription: datedActionParser('CancelSubscription'),
    UpdateProduct: parseUpdateProduct,
    AddProduct: parseAddProduct,
    TermsAndConditions: parseTermsAndConditions,
    Renew: parseRenew,
    OwnerTransfer: parseOwnerTransfer,
    Suspend: datedActionParser('Suspend'),
    Resume: datedActionParser('Resume'),
  });

function parseAction(input: unknown, path: string, ctx: ParseContext): Result<OrderAction, DomainError> {
  return safeTry<OrderAction, DomainError>(function* () {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return err(invalidInput(path, 'an order action object with a "type"', input));
    }
    const type = yield* readEnum(ORDER_ACTION_TYPES)(
      (input as { type?: unknown }).type,
      joinPath(path, 'type'),
    );
    return ACTION_PARSERS[type](input as Readonly<Record<string, unknown>>, path, ctx);
  });
}

const ORDER_KEYS = ['number', 'accountNumber', 'orderDate', 'status', 'actions'] as const;

/**
 * Parses and validates an order of `account` from plain JSON-like input (amounts as decimal strings at the
 * account currency's scale, dates as `YYYY-MM-DD`). Defaults: status `Draft`, quantity 1, `invoiceSeparately`
 * false, charge dates the term's. Returns the first broken rule as a typed error naming its path, e.g.
 * `actions[0].ratePlans[1].charges[0].price`. The order is deep-frozen; the input is never mutated.
 * @since 0.1.0
 */
export function createOrder(input: unknown, account: Account): Result<Order, DomainError> {
  return safeTry<Order, DomainError>(function* () {
    const currency = yield* getCurrency(account.currency);
    const r = yield* readObject(input, '', ORDER_KEYS);
    const number = yield* readString(r.number, 'number');
    if (isPresent(r.accountNumber) && r.accountNumber !== account.number) {
      const given = typeof r.accountNumber === 'string' ? r.accountNumber : describeReceived(r.accountNumber);
      return err(
        Object.freeze({
          type: 'OrderAccountMismatch' as const,
          message: `accountNumber: the order names account ${given} but is created for account ${account.number}; omit the field or use ${account.number}.`,
          path: 'accountNumber',
          accountNumber: account.number,
          orderAccountNumber: given,
        }),
      );
    }
    const orderDate = yield* parseBusinessDate(r.orderDate, 'orderDate');
    const status = isPresent(r.status) ? yield* readEnum(ORDER_STATUSES)(r.status, 'status') : 'Draft';
    const ctx: ParseContext = { currency, chargeNumbers: new Map(), subscriptionNumbers: new Map() };
    const actions = yield* readArray(r.actions, 'actions', (a, p) => parseAction(a, p, ctx));
    return ok(
      deepFreeze<Order>({
        number,
        accountNumber: account.number,
        currency: currency.code,
        orderDate,
        status,
        actions,
      }),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// Activation (pure: the caller persists the result)

/** The subscriptions as seen while applying an order's actions one after the other. */
interface ActivationState {
  readonly order: Order;
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** Numbers of the subscriptions created or changed so far, in first-change order. */
  readonly changed: readonly string[];
}

/** Applies one action of the order to the state; `path` locates the action (`actions[2]`). */
type ActionHandler<A extends OrderAction> = (
  state: ActivationState,
  action: A,
  path: string,
) => Result<ActivationState, DomainError>;

function withSubscription(state: ActivationState, sub: Subscription): ActivationState {
  const subscriptions = new Map(state.subscriptions);
  subscriptions.set(sub.number, sub);
  const changed = state.changed.includes(sub.number) ? state.changed : [...state.changed, sub.number];
  return { order: state.order, subscriptions, changed };
}

const activateCreateSubscription: ActionHandler<CreateSubscriptionAction> = (state, action, path) => {
  if (state.subscriptions.has(action.subscriptionNumber)) {
    return err(
      Object.freeze({
        type: 'SubscriptionAlreadyExists' as const,
        message: `${path}: subscription ${action.subscriptionNumber} already exists; choose a new subscription number or change the existing subscription with another action.`,
        path: joinPath(path, 'subscriptionNumber'),
        subscriptionNumber: action.subscriptionNumber,
      }),
    );
  }
  for (const sub of state.subscriptions.values()) {
    for (const [p, ratePlan] of action.ratePlans.entries()) {
      for (const [c, charge] of ratePlan.charges.entries()) {
        if (sub.ratePlans.some((rp) => rp.charges.some((existing) => existing.number === charge.number))) {
          return err(
            Object.freeze({
              type: 'ChargeAlreadyExists' as const,
              message: `${path}: charge number ${charge.number} is already used by subscription ${sub.number}; charge numbers are unique across subscriptions.`,
              path: joinPath(
                joinPath(joinPath(joinPath(joinPath(path, 'ratePlans'), p), 'charges'), c),
                'number',
              ),
              chargeNumber: charge.number,
              subscriptionNumber: sub.number,
            }),
          );
        }
      }
    }
  }
  return ok(
    withSubscription(state, {
      number: action.subscriptionNumber,
      accountNumber: action.invoiceOwnerAccountNumber ?? state.order.accountNumber,
      currency: state.order.currency,
      termType: action.termType,
      termStart: action.termStart,
      termEnd: action.termEnd,
      status: 'Active',
      invoiceSeparately: action.invoiceSeparately,
      ratePlans: frozenCopy(action.ratePlans),
      createdByOrder: state.order.number,
      version: 1,
    }),
  );
};

/**
 * Stores a changed subscription: `version + 1` the first time the order changes it (a save then replaces
 * exactly the stored version), unchanged for later actions of the same order on the same subscription.
 */
function withChanged(state: ActivationState, before: Subscription, next: Subscription): ActivationState {
  const version = state.changed.includes(before.number) ? before.version : before.version + 1;
  return withSubscription(state, { ...next, version });
}

/** The subscription an action changes: it must exist and be active (a cancelled subscription no longer changes). */
function target(
  state: ActivationState,
  subscriptionNumber: string,
  path: string,
): Result<Subscription, DomainError> {
  const sub = state.subscriptions.get(subscriptionNumber);
  if (sub === undefined) {
    return err(
      Object.freeze({
        type: 'UnknownSubscription' as const,
        message: `${path}: subscription ${subscriptionNumber} does not exist; create it first (Create Subscription) or fix the number.`,
        path: joinPath(path, 'subscriptionNumber'),
        subscriptionNumber,
      }),
    );
  }
  if (sub.status !== 'Active') {
    return err(
      Object.freeze({
        type: 'SubscriptionNotActive' as const,
        message: `${path}: subscription ${subscriptionNumber} is ${sub.status}; a cancelled subscription cannot change. Create a new subscription instead.`,
        path: joinPath(path, 'subscriptionNumber'),
        subscriptionNumber,
        status: sub.status,
      }),
    );
  }
  return ok(sub);
}

/** The subscription (in the activation state) that already uses a charge number, if any. */
function chargeNumberOwner(state: ActivationState, chargeNumber: string): Subscription | undefined {
  for (const sub of state.subscriptions.values()) {
    if (sub.ratePlans.some((rp) => rp.charges.some((c) => c.number === chargeNumber))) return sub;
  }
  return undefined;
}

/**
 * A charge as it is after a removal effective `effectiveDate` (§8.4): it ends the day before, never later than
 * its current end; removed on or before its start it ends the day before its start (worth 0). A one-time charge
 * is credited back in full whatever the date (§4.2 rule 12), so it too ends the day before its start.
 */
function removeCharge(charge: RatePlanCharge, effectiveDate: BusinessDate): RatePlanCharge {
  if (isRemovedCharge(charge)) return charge;
  const removed = addDays(charge.startDate, -1);
  const endDate =
    charge.type === 'OneTime'
      ? removed
      : maxDate(removed, minDate(charge.endDate, addDays(effectiveDate, -1)));
  return endDate === charge.endDate ? charge : { ...charge, endDate };
}

const removeRatePlan = (ratePlan: RatePlan, effectiveDate: BusinessDate): RatePlan => ({
  ...ratePlan,
  charges: ratePlan.charges.map((c) => removeCharge(c, effectiveDate)),
});

const activateRemoveProduct: ActionHandler<RemoveProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    if (!sub.ratePlans.some((rp) => rp.id === action.ratePlanId)) {
      return err(
        Object.freeze({
          type: 'UnknownRatePlan' as const,
          message: `${path}: subscription ${sub.number} has no rate plan ${action.ratePlanId}; its rate plans are ${sub.ratePlans.map((rp) => rp.id).join(', ')}.`,
          path: joinPath(path, 'ratePlanId'),
          subscriptionNumber: sub.number,
          ratePlanId: action.ratePlanId,
        }),
      );
    }
    const ratePlans = sub.ratePlans.map((rp) =>
      rp.id === action.ratePlanId ? removeRatePlan(rp, action.effectiveDate) : rp,
    );
    return ok(withChanged(state, sub, { ...sub, ratePlans }));
  });

const activateCancelSubscription: ActionHandler<CancelSubscriptionAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).map((sub) => {
    // The term ends the day before the cancellation, within [termStart − 1 (nothing left), current end].
    const termEnd =
      sub.termEnd === null
        ? null
        : maxDate(addDays(sub.termStart, -1), minDate(sub.termEnd, addDays(action.effectiveDate, -1)));
    return withChanged(state, sub, {
      ...sub,
      status: 'Cancelled',
      termEnd,
      ratePlans: sub.ratePlans.map((rp) => removeRatePlan(rp, action.effectiveDate)),
    });
  });

const activateUpdateProduct: ActionHandler<UpdateProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const found = sub.ratePlans.flatMap((rp) => rp.charges).find((c) => c.number === action.chargeNumber);
    if (found === undefined) {
      return err(
        Object.freeze({
          type: 'UnknownCharge' as const,
          message: `${path}: subscription ${sub.number} has no charge ${action.chargeNumber}.`,
          path: joinPath(path, 'chargeNumber'),
          subscriptionNumber: sub.number,
          chargeNumber: action.chargeNumber,
        }),
      );
    }
    if (action.effectiveDate !== found.startDate) {
      return err(
        Object.freeze({
          type: 'UpdateProductNotFromChargeStart' as const,
          message: `${path}: charge ${found.number} starts ${found.startDate}; its price or quantity can only change from its start (§8.5), not from ${action.effectiveDate}. Use effectiveDate ${found.startDate}, or remove the product and add a new one from ${action.effectiveDate}.`,
          path: joinPath(path, 'effectiveDate'),
          subscriptionNumber: sub.number,
          chargeNumber: found.number,
          effectiveDate: action.effectiveDate,
          chargeStartDate: found.startDate,
        }),
      );
    }
    if (found.type === 'DiscountPercentage') {
      return err(
        fieldNotAllowed(path, found.number, found.type, action.price === undefined ? 'quantity' : 'price'),
      );
    }
    const updated: RatePlanCharge = {
      ...found,
      ...(action.price === undefined ? {} : { price: action.price }),
      ...(action.quantity === undefined ? {} : { quantity: action.quantity }),
    };
    const ratePlans = sub.ratePlans.map((rp) => ({
      ...rp,
      charges: rp.charges.map((c) => (c.number === found.number ? updated : c)),
    }));
    return ok(withChanged(state, sub, { ...sub, ratePlans }));
  });

function chargeOutsideTerm(
  path: string,
  charge: RatePlanCharge,
  termStart: BusinessDate,
  termEnd: BusinessDate | null,
): DomainError {
  const range = `${termStart} → ${termEnd ?? '(evergreen)'}`;
  return Object.freeze({
    type: 'ChargeOutsideTerm' as const,
    message: `${path}: charge ${charge.number} runs ${charge.startDate} → ${charge.endDate}, outside the subscription term ${range}; remove the product first or choose a term that contains it.`,
    path,
    chargeNumber: charge.number,
    startDate: charge.startDate,
    endDate: charge.endDate,
    termStart,
    termEnd,
  });
}

const activateAddProduct: ActionHandler<AddProductAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const planPath = joinPath(path, 'ratePlan');
    if (sub.ratePlans.some((rp) => rp.id === action.ratePlan.id)) {
      return err(
        Object.freeze({
          type: 'RatePlanAlreadyExists' as const,
          message: `${planPath}: subscription ${sub.number} already has a rate plan ${action.ratePlan.id}; give the new rate plan another id.`,
          path: joinPath(planPath, 'id'),
          subscriptionNumber: sub.number,
          ratePlanId: action.ratePlan.id,
        }),
      );
    }
    for (const [c, charge] of action.ratePlan.charges.entries()) {
      const chargePath = joinPath(joinPath(planPath, 'charges'), c);
      const owner = chargeNumberOwner(state, charge.number);
      if (owner !== undefined) {
        return err(
          Object.freeze({
            type: 'ChargeAlreadyExists' as const,
            message: `${chargePath}: charge number ${charge.number} is already used by subscription ${owner.number}; charge numbers are unique across subscriptions.`,
            path: joinPath(chargePath, 'number'),
            chargeNumber: charge.number,
            subscriptionNumber: owner.number,
          }),
        );
      }
      if (isBefore(charge.startDate, sub.termStart)) {
        return err(chargeOutsideTerm(joinPath(chargePath, 'startDate'), charge, sub.termStart, sub.termEnd));
      }
      if (sub.termEnd !== null && isAfter(charge.endDate, sub.termEnd)) {
        return err(chargeOutsideTerm(joinPath(chargePath, 'endDate'), charge, sub.termStart, sub.termEnd));
      }
    }
    return ok(withChanged(state, sub, { ...sub, ratePlans: [...sub.ratePlans, action.ratePlan] }));
  });

function termedRequired(path: string, sub: Subscription, actionType: OrderActionType): DomainError {
  return Object.freeze({
    type: 'TermedSubscriptionRequired' as const,
    message: `${path}: subscription ${sub.number} is evergreen; ${actionType} needs a termed subscription with a term end.`,
    path: joinPath(path, 'subscriptionNumber'),
    subscriptionNumber: sub.number,
    actionType,
  });
}

const activateTermsAndConditions: ActionHandler<TermsAndConditionsAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    if (action.termEnd !== undefined && sub.termEnd === null) {
      return err(termedRequired(path, sub, action.type));
    }
    const termStart = action.termStart ?? sub.termStart;
    const termEnd = action.termEnd ?? sub.termEnd;
    const endPath = joinPath(path, 'termEnd');
    const startPath = joinPath(path, 'termStart');
    if (termEnd !== null && isBefore(termEnd, termStart)) {
      return err(termEndBeforeStart(action.termEnd === undefined ? startPath : endPath, termStart, termEnd));
    }
    // Charges that ended with the term follow a new term end (extended or shrunk); a new term start moves no
    // charge. Charges that ended before the new term start belong to an earlier term (early renewal, §8.7).
    // A rate plan this order removed before this action stays where the removal put it, even on the old term
    // end: "remove on term end, extend, add back" is the supported ramp / term extension (§8.7, §8.9, C29).
    const index = state.order.actions.indexOf(action);
    const removedHere = new Set(
      state.order.actions
        .slice(0, index === -1 ? 0 : index)
        .flatMap((a) =>
          a.type === 'RemoveProduct' && a.subscriptionNumber === sub.number ? [a.ratePlanId] : [],
        ),
    );
    const ratePlans: RatePlan[] = [];
    for (const rp of sub.ratePlans) {
      const charges: RatePlanCharge[] = [];
      for (const charge of rp.charges) {
        if (isRemovedCharge(charge)) {
          charges.push(charge);
          continue;
        }
        const follows =
          !removedHere.has(rp.id) &&
          action.termEnd !== undefined &&
          sub.termEnd !== null &&
          charge.endDate === sub.termEnd;
        const moved = follows && termEnd !== null ? { ...charge, endDate: termEnd } : charge;
        if (isRemovedCharge(moved)) return err(chargeOutsideTerm(endPath, moved, termStart, termEnd));
        if (isBefore(moved.endDate, termStart)) {
          charges.push(moved);
          continue;
        }
        if (isBefore(moved.startDate, termStart)) {
          return err(chargeOutsideTerm(startPath, moved, termStart, termEnd));
        }
        if (termEnd !== null && isAfter(moved.endDate, termEnd)) {
          return err(chargeOutsideTerm(endPath, moved, termStart, termEnd));
        }
        charges.push(moved);
      }
      ratePlans.push({ ...rp, charges });
    }
    return ok(withChanged(state, sub, { ...sub, termStart, termEnd, ratePlans }));
  });

/** Charges a renewal continues: recurring charges and recurring (periodic) percentage discounts. */
const renews = (charge: RatePlanCharge): boolean =>
  charge.type === 'Recurring' || (charge.type === 'DiscountPercentage' && charge.billingPeriod !== null);

const RENEWAL_SUFFIX = /^(.+)-R(\d+)$/;

const activateRenew: ActionHandler<RenewAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) => {
    const oldEnd = sub.termEnd;
    if (oldEnd === null) return err(termedRequired(path, sub, action.type));
    const start = addDays(oldEnd, 1);
    const termEnd = addDays(addMonths(start, action.renewalTermMonths), -1);
    const own = new Set(sub.ratePlans.flatMap((rp) => rp.charges.map((c) => c.number)));
    const taken = new Set<string>();
    // A renewal segment of a renewal segment (C1-R1) continues the original charge's numbering (C1-R2).
    const segmentNumber = (number: string): string => {
      const m = RENEWAL_SUFFIX.exec(number);
      const root = m?.[1] !== undefined && own.has(m[1]) ? m[1] : number;
      for (let n = 1; ; n += 1) {
        const candidate = `${root}-R${n}`;
        if (!taken.has(candidate) && chargeNumberOwner(state, candidate) === undefined) {
          taken.add(candidate);
          return candidate;
        }
      }
    };
    const ratePlans = sub.ratePlans.map((rp) => ({
      ...rp,
      charges: rp.charges.flatMap((charge) =>
        !isRemovedCharge(charge) && renews(charge) && charge.endDate === oldEnd
          ? [charge, { ...charge, number: segmentNumber(charge.number), startDate: start, endDate: termEnd }]
          : [charge],
      ),
    }));
    return ok(withChanged(state, sub, { ...sub, termEnd, ratePlans }));
  });

const activateOwnerTransfer: ActionHandler<OwnerTransferAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).map((sub) =>
    withChanged(
      state,
      sub,
      sub.accountNumber === action.newOwnerAccountNumber
        ? sub
        : {
            ...sub,
            accountNumber: action.newOwnerAccountNumber,
            // Decision 17: the billing history stays findable on the accounts that owned it.
            previousAccountNumbers: Object.freeze([
              ...(sub.previousAccountNumbers ?? []).filter((n) => n !== sub.accountNumber),
              sub.accountNumber,
            ]),
          },
    ),
  );

/** Suspend and Resume: parsed, never applied — the library does not model suspension (see docs). */
const refuseSuspension: ActionHandler<SuspendAction | ResumeAction> = (state, action, path) =>
  target(state, action.subscriptionNumber, path).andThen((sub) =>
    err(
      Object.freeze({
        type: 'ActionNotSupported' as const,
        message: `${path}: ${action.type} is not supported: the library does not model suspended subscriptions. Cancel the subscription (CancelSubscription) or remove its products instead, and add them back later.`,
        path: joinPath(path, 'type'),
        actionType: action.type,
        subscriptionNumber: sub.number,
      }),
    ),
  );

/** One handler per action type: adding an action to the union without a handler is a compile error. */
const ACTION_HANDLERS: { readonly [K in OrderActionType]: ActionHandler<Extract<OrderAction, { type: K }>> } =
  Object.freeze({
    CreateSubscription: activateCreateSubscription,
    RemoveProduct: activateRemoveProduct,
    CancelSubscription: activateCancelSubscription,
    UpdateProduct: activateUpdateProduct,
    AddProduct: activateAddProduct,
    TermsAndConditions: activateTermsAndConditions,
    Renew: activateRenew,
    OwnerTransfer: activateOwnerTransfer,
    Suspend: refuseSuspension,
    Resume: refuseSuspension,
  });

function applyAction(
  state: ActivationState,
  action: OrderAction,
  path: string,
): Result<ActivationState, DomainError> {
  // The mapped type pairs each action with its handler; TypeScript cannot correlate the two, hence the cast.
  const handler = ACTION_HANDLERS[action.type] as ActionHandler<OrderAction>;
  return handler(state, action, path);
}

/**
 * The subscriptions as they are before each action of the order (index i: before `order.actions[i]`; the last
 * entry: after every action), applying the actions one by one from `current`. Stops at the first action that
 * fails, so the list is shorter then. Used by the schedule rule check (§8.9) to judge each action in context.
 * @internal
 */
export function subscriptionsBeforeEachAction(
  order: Order,
  current: Iterable<Subscription>,
): readonly ReadonlyMap<string, Subscription>[] {
  let state: ActivationState = {
    order,
    subscriptions: new Map([...current].map((s) => [s.number, s])),
    changed: [],
  };
  const out: ReadonlyMap<string, Subscription>[] = [state.subscriptions];
  for (const [i, action] of order.actions.entries()) {
    const next = applyAction(state, action, joinPath('actions', i));
    if (next.isErr()) break;
    state = next.value;
    out.push(state.subscriptions);
  }
  return out;
}

/**
 * Activates an order, purely: applies its actions in order to the `current` subscriptions and returns the order
 * as `Completed` with the subscriptions it created or changed (only those; version 1 for new ones, status
 * Active, `createdByOrder` the order number, the order's currency; a changed subscription gets `version + 1`
 * once per order, however many of its actions touch it). Refuses an order that is already Completed, a
 * subscription number that already exists, and any action that breaks its rules (the first one, with its
 * path). Inputs are never mutated; outputs are deep-frozen.
 * @since 0.1.0
 */
export function activateOrder(
  order: Order,
  current: readonly Subscription[],
): Result<OrderActivation, DomainError> {
  if (order.status === 'Completed') {
    return err(
      Object.freeze({
        type: 'OrderAlreadyActivated' as const,
        message: `Order ${order.number} is already Completed; its actions were applied when it was activated. Create a new order for further changes.`,
        orderNumber: order.number,
      }),
    );
  }
  let state: ActivationState = {
    order,
    subscriptions: new Map(current.map((s) => [s.number, s])),
    changed: [],
  };
  for (const [i, action] of order.actions.entries()) {
    const next = applyAction(state, action, joinPath('actions', i));
    if (next.isErr()) return err(next.error);
    state = next.value;
  }
  const subscriptions = state.changed.map((n) => state.subscriptions.get(n)!);
  return ok(frozenCopy({ order: { ...order, status: 'Completed' as const }, subscriptions }));
}
