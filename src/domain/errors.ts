import type { MoneyError } from '../money/errors';
import type { TimeError } from '../time/errors';

/**
 * An input value has the wrong shape: a missing or unknown field, a wrong type, a value outside its allowed
 * set. `path` names the field (e.g. `actions[0].ratePlans[1].charges[0].price`), `expected` says what is
 * accepted, `received` shows what was given.
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidInput {
  readonly type: 'InvalidInput';
  readonly message: string;
  readonly path: string;
  readonly expected: string;
  readonly received: string;
}

/**
 * A tenant settings field is missing its allowed form (see the tenant settings table in decisions.md):
 * an unknown key, an unknown time zone, an unknown rounding mode, ...
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidTenantSettings {
  readonly type: 'InvalidTenantSettings';
  readonly message: string;
  readonly path: string;
  readonly expected: string;
  readonly received: string;
}

/**
 * The order input names an account other than the one it is created for.
 * @category Errors
 * @since 0.1.0
 */
export interface OrderAccountMismatch {
  readonly type: 'OrderAccountMismatch';
  readonly message: string;
  readonly path: string;
  readonly accountNumber: string;
  readonly orderAccountNumber: string;
}

/**
 * A subscription's term ends before it starts.
 * @category Errors
 * @since 0.1.0
 */
export interface TermEndBeforeStart {
  readonly type: 'TermEndBeforeStart';
  readonly message: string;
  readonly path: string;
  readonly termStart: string;
  readonly termEnd: string;
}

/**
 * A charge ends (inclusive end date) before it starts.
 * @category Errors
 * @since 0.1.0
 */
export interface ChargeEndBeforeStart {
  readonly type: 'ChargeEndBeforeStart';
  readonly message: string;
  readonly path: string;
  readonly chargeNumber: string;
  readonly startDate: string;
  readonly endDate: string;
}

/**
 * A charge's period does not lie inside its subscription's term. `termEnd` is null for an evergreen term.
 * @category Errors
 * @since 0.1.0
 */
export interface ChargeOutsideTerm {
  readonly type: 'ChargeOutsideTerm';
  readonly message: string;
  readonly path: string;
  readonly chargeNumber: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly termStart: string;
  readonly termEnd: string | null;
}

/**
 * A charge lacks a field its type needs (a recurring charge's `listPriceBase` or `billingPeriod`, a discount's
 * `discountPercentage`, `specificBillingPeriodMonths` for `SpecificMonths`, an end date in an evergreen term).
 * @category Errors
 * @since 0.1.0
 */
export interface MissingChargeField {
  readonly type: 'MissingChargeField';
  readonly message: string;
  readonly path: string;
  readonly chargeNumber: string;
  readonly chargeType: string;
  readonly field: string;
}

/**
 * A charge carries a field that does not apply to its type (e.g. `billingPeriod` on a one-time charge,
 * `discountPercentage` on a recurring charge, a non-zero price on a discount charge).
 * @category Errors
 * @since 0.1.0
 */
export interface ChargeFieldNotAllowed {
  readonly type: 'ChargeFieldNotAllowed';
  readonly message: string;
  readonly path: string;
  readonly chargeNumber: string;
  readonly chargeType: string;
  readonly field: string;
}

/**
 * A discount percentage is not a decimal number in (0, 100].
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidDiscountPercentage {
  readonly type: 'InvalidDiscountPercentage';
  readonly message: string;
  readonly path: string;
  readonly chargeNumber: string;
  readonly received: string;
}

/**
 * The percentage discounts of a rate plan that overlap one regular charge add up to more than 100 %
 * (discounts add, §4.4, so the charge would be worth less than nothing).
 * @category Errors
 * @since 0.1.0
 */
export interface DiscountTotalTooHigh {
  readonly type: 'DiscountTotalTooHigh';
  readonly message: string;
  readonly path: string;
  readonly chargeNumber: string;
  readonly totalPercentage: string;
}

/**
 * A percentage discount overlaps a regular charge of its rate plan without covering the charge's whole period
 * (a one-time charge: without covering its start, the day it is billed). A discount applies its whole
 * percentage to the whole value of each charge it overlaps (§4.4): to value a discount of part of a charge, the
 * library would have to pro-rate it, which it does not do, so such an order is refused.
 * @category Errors
 * @since 0.2.0
 */
export interface DiscountCoversPartOfCharge {
  readonly type: 'DiscountCoversPartOfCharge';
  readonly message: string;
  /** The discount charge, e.g. `actions[0].ratePlans[0].charges[1]`. */
  readonly path: string;
  /** The discount charge. */
  readonly discountNumber: string;
  /** The regular charge it covers only part of. */
  readonly chargeNumber: string;
}

/**
 * Two charges of one order share a charge number.
 * @category Errors
 * @since 0.1.0
 */
export interface DuplicateChargeNumber {
  readonly type: 'DuplicateChargeNumber';
  readonly message: string;
  readonly path: string;
  readonly firstPath: string;
  readonly chargeNumber: string;
}

/**
 * Two actions of one order create the same subscription number.
 * @category Errors
 * @since 0.1.0
 */
export interface DuplicateSubscriptionNumber {
  readonly type: 'DuplicateSubscriptionNumber';
  readonly message: string;
  readonly path: string;
  readonly firstPath: string;
  readonly subscriptionNumber: string;
}

/**
 * The order is already `Completed` (activated); activating it again would apply its actions twice.
 * @category Errors
 * @since 0.1.0
 */
export interface OrderAlreadyActivated {
  readonly type: 'OrderAlreadyActivated';
  readonly message: string;
  readonly orderNumber: string;
}

/**
 * A Create Subscription action names a subscription number that already exists.
 * @category Errors
 * @since 0.1.0
 */
export interface SubscriptionAlreadyExists {
  readonly type: 'SubscriptionAlreadyExists';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
}

/**
 * An order action creates a charge whose number an existing subscription already uses (charge numbers are
 * unique across the tenant, so schedules can reference charges by number).
 * @category Errors
 * @since 0.1.0
 */
export interface ChargeAlreadyExists {
  readonly type: 'ChargeAlreadyExists';
  readonly message: string;
  readonly path: string;
  readonly chargeNumber: string;
  readonly subscriptionNumber: string;
}

/**
 * A subscription cannot be covered by an invoice schedule (§4.2 rule 1): it is evergreen or cancelled.
 * @category Errors
 * @since 0.1.0
 */
export interface SubscriptionNotSchedulable {
  readonly type: 'SubscriptionNotSchedulable';
  readonly message: string;
  readonly subscriptionNumber: string;
  readonly reason: 'Evergreen' | 'Cancelled';
}

/**
 * An order action names a subscription that does not exist (neither stored nor created earlier in the order).
 * @category Errors
 * @since 0.1.0
 */
export interface UnknownSubscription {
  readonly type: 'UnknownSubscription';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
}

/**
 * A Remove Product action names a rate plan the subscription does not have.
 * @category Errors
 * @since 0.1.0
 */
export interface UnknownRatePlan {
  readonly type: 'UnknownRatePlan';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
  readonly ratePlanId: string;
}

/**
 * An Update Product action names a charge the subscription does not have.
 * @category Errors
 * @since 0.1.0
 */
export interface UnknownCharge {
  readonly type: 'UnknownCharge';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
}

/**
 * An Add Product action adds a rate plan whose id the subscription already uses, or a Create Subscription action
 * gives two of its rate plans one id (`path` names the second). Remove Product finds rate plans by id, so ids are
 * unique within a subscription.
 * @category Errors
 * @since 0.1.0
 */
export interface RatePlanAlreadyExists {
  readonly type: 'RatePlanAlreadyExists';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
  readonly ratePlanId: string;
}

/**
 * An order action changes a subscription that is cancelled; a cancelled subscription no longer changes.
 * @category Errors
 * @since 0.1.0
 */
export interface SubscriptionNotActive {
  readonly type: 'SubscriptionNotActive';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
  readonly status: string;
}

/**
 * A Renew action, or a Terms And Conditions action setting a term end, targets an evergreen subscription,
 * which has no term end to renew or change.
 * @category Errors
 * @since 0.1.0
 */
export interface TermedSubscriptionRequired {
  readonly type: 'TermedSubscriptionRequired';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
  readonly actionType: string;
}

/**
 * An Update Product action changes price or quantity from a date other than the charge's start date (§8.5:
 * changing price from the middle of a charge is not supported).
 * @category Errors
 * @since 0.1.0
 */
export interface UpdateProductNotFromChargeStart {
  readonly type: 'UpdateProductNotFromChargeStart';
  readonly message: string;
  readonly path: string;
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly effectiveDate: string;
  readonly chargeStartDate: string;
}

/**
 * The library parses this order action but does not apply it (Suspend, Resume: suspension is not modelled).
 * @category Errors
 * @since 0.1.0
 */
export interface ActionNotSupported {
  readonly type: 'ActionNotSupported';
  readonly message: string;
  readonly path: string;
  readonly actionType: string;
  readonly subscriptionNumber: string;
}

/**
 * Why {@link OrderActionNotSupported} refuses an order (one per refused row of the §8.9 table).
 * @category Errors
 * @since 0.1.0
 */
export type OrderActionRefusal =
  | 'UpdateProductScheduleNotPending'
  | 'TermsExtendScheduledRecurringCharge'
  | 'SuspendResumeScheduledSubscription'
  | 'OwnerTransferOfPartlyBilledSchedule';

/**
 * An order cannot be activated because one of its actions touches a charge of an invoice schedule in a way the
 * schedule does not support (§8.9). `message` says what to do instead.
 * @category Errors
 * @since 0.1.0
 */
export interface OrderActionNotSupported {
  readonly type: 'OrderActionNotSupported';
  readonly message: string;
  readonly orderNumber: string;
  /** Index of the refused action in `order.actions`. */
  readonly actionIndex: number;
  /** The refused action's type, e.g. `UpdateProduct`. */
  readonly action: string;
  readonly invoiceScheduleNumber: string;
  /** The schedule's status as stored (`Paused` schedules are judged by their status before the pause). */
  readonly scheduleStatus: 'Pending' | 'PartiallyProcessed' | 'FullyProcessed' | 'Paused';
  readonly reason: OrderActionRefusal;
}

/**
 * The errors the domain module defines itself.
 * @category Errors
 * @since 0.1.0
 */
export type ContractError =
  | InvalidInput
  | InvalidTenantSettings
  | OrderAccountMismatch
  | TermEndBeforeStart
  | ChargeEndBeforeStart
  | ChargeOutsideTerm
  | MissingChargeField
  | ChargeFieldNotAllowed
  | InvalidDiscountPercentage
  | DiscountTotalTooHigh
  | DiscountCoversPartOfCharge
  | DuplicateChargeNumber
  | DuplicateSubscriptionNumber
  | OrderAlreadyActivated
  | SubscriptionAlreadyExists
  | ChargeAlreadyExists
  | SubscriptionNotSchedulable
  | UnknownSubscription
  | UnknownRatePlan
  | UnknownCharge
  | RatePlanAlreadyExists
  | SubscriptionNotActive
  | TermedSubscriptionRequired
  | UpdateProductNotFromChargeStart
  | ActionNotSupported
  | OrderActionNotSupported;

/**
 * Every expected failure of the domain module: its own errors plus the money and time errors that input
 * parsing passes through unchanged (`InvalidAmount`, `AmountTooPrecise`, `UnknownCurrency`, `InvalidDate`, ...).
 * @category Errors
 * @since 0.1.0
 */
export type DomainError = ContractError | MoneyError | TimeError;

/**
 * The stable `type` names of the errors the domain module defines ({@link ContractError}). The money and
 * time errors in {@link DomainError} are listed in `MONEY_ERROR_TYPES` and `TIME_ERROR_TYPES`.
 * @category Errors
 * @since 0.1.0
 */
export const DOMAIN_ERROR_TYPES = [
  'InvalidInput',
  'InvalidTenantSettings',
  'OrderAccountMismatch',
  'TermEndBeforeStart',
  'ChargeEndBeforeStart',
  'ChargeOutsideTerm',
  'MissingChargeField',
  'ChargeFieldNotAllowed',
  'InvalidDiscountPercentage',
  'DiscountTotalTooHigh',
  'DiscountCoversPartOfCharge',
  'DuplicateChargeNumber',
  'DuplicateSubscriptionNumber',
  'OrderAlreadyActivated',
  'SubscriptionAlreadyExists',
  'ChargeAlreadyExists',
  'SubscriptionNotSchedulable',
  'UnknownSubscription',
  'UnknownRatePlan',
  'UnknownCharge',
  'RatePlanAlreadyExists',
  'SubscriptionNotActive',
  'TermedSubscriptionRequired',
  'UpdateProductNotFromChargeStart',
  'ActionNotSupported',
  'OrderActionNotSupported',
] as const satisfies readonly ContractError['type'][];

// Compile-time check that the list names every member of the union.
type Missing = Exclude<ContractError['type'], (typeof DOMAIN_ERROR_TYPES)[number]>;
const everyTypeListed: Missing extends never ? true : Missing = true;
void everyTypeListed;

// One constructor per error type built in several places (the order errors have theirs in order/errors.ts).

/** Why an invoice schedule cannot cover a subscription, by `reason` (§4.2 rule 1). */
const NOT_SCHEDULABLE = {
  Evergreen:
    'is evergreen: invoice schedules cover termed subscriptions only (§4.2 rule 1). Change it to a termed subscription first',
  Cancelled: 'is cancelled: only active subscriptions can be covered by an invoice schedule (§4.2 rule 1)',
} as const;

/** @internal */
export function subscriptionNotSchedulable(
  subscriptionNumber: string,
  reason: SubscriptionNotSchedulable['reason'],
): SubscriptionNotSchedulable {
  return Object.freeze({
    type: 'SubscriptionNotSchedulable',
    message: `Subscription ${subscriptionNumber} ${NOT_SCHEDULABLE[reason]}.`,
    subscriptionNumber,
    reason,
  });
}

// The input readers and freezing helpers have files of their own; re-exported so the modules that import
// them from here keep working.
export { deepFreeze, frozenCopy } from './freeze';
export {
  describeReceived,
  invalidInput,
  joinPath,
  type Reader,
  readArray,
  readBoolean,
  readEnum,
  readObject,
  readString,
  requiredInput,
} from './input';
