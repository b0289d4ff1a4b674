import { err, ok, type Result } from 'neverthrow';
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
 * An Add Product action adds a rate plan whose id the subscription already uses (Remove Product finds rate plans
 * by id, so ids are unique within a subscription).
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

// ---------------------------------------------------------------------------------------------------------
// Input readers (internal): small validators for JSON-like input that name the offending path.

const MAX_SHOWN = 60;

/**
 * Renders any input as short text for error details (never throws).
 * @internal
 */
export function describeReceived(input: unknown): string {
  let text: string;
  if (typeof input === 'string') text = JSON.stringify(input);
  else if (input === null) text = 'null';
  else if (input === undefined) text = 'nothing (undefined)';
  else if (Array.isArray(input)) text = 'an array';
  else if (typeof input === 'object') {
    text =
      (input as { toStringTag?: unknown }).toStringTag === '[object Decimal]'
        ? `Decimal ${String(input)}`
        : 'an object';
  } else if (typeof input === 'function') text = 'a function';
  else if (typeof input === 'bigint') text = `bigint ${input}n`;
  else if (typeof input === 'symbol') text = 'a symbol';
  else text = `${typeof input} ${String(input)}`;
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * Builds an {@link InvalidInput}.
 * @internal
 */
export function invalidInput(path: string, expected: string, input: unknown): InvalidInput {
  const received = describeReceived(input);
  return Object.freeze({
    type: 'InvalidInput' as const,
    message: `${path || 'input'}: expected ${expected}, received ${received}.`,
    path,
    expected,
    received,
  });
}

/**
 * Builds an {@link InvalidInput} for a required field whose message says who needs it (The order needs
 * a `number`: expected ..., received nothing (undefined).), so a missing field is reported by name rather
 * than surfacing later as "Order undefined does not exist".
 * @internal
 */
export function requiredInput(subject: string, path: string, expected: string, input: unknown): InvalidInput {
  const received = describeReceived(input);
  const article = /^[aeiou]/i.test(path) ? 'an' : 'a';
  return Object.freeze({
    type: 'InvalidInput' as const,
    message: `${subject} needs ${article} \`${path}\`: expected ${expected}, received ${received}.`,
    path,
    expected,
    received,
  });
}

/** A reader turns an unknown field into a typed value or an error naming its path. @internal */
export type Reader<T, E = DomainError> = (input: unknown, path: string) => Result<T, E>;

/**
 * Joins a parent path and a key: `join('actions[0]', 'ratePlans')` → `actions[0].ratePlans`.
 * @internal
 */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Checks that `input` is a plain object whose keys are all in `allowed`; unknown keys are rejected so a
 * misspelt optional field (`listPricebase`) is reported instead of silently ignored.
 * @internal
 */
export function readObject(
  input: unknown,
  path: string,
  allowed: readonly string[],
  fail: (path: string, expected: string, input: unknown) => DomainError = invalidInput,
): Result<Readonly<Record<string, unknown>>, DomainError> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(fail(path, 'an object', input));
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return err(fail(path, 'a plain object', input));
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      return err(fail(joinPath(path, key), `no such field (allowed: ${allowed.join(', ')})`, record[key]));
    }
  }
  return ok(record);
}

/**
 * Reads a non-empty string (surrounding white space is not trimmed: identifiers are taken verbatim).
 * @internal
 */
export function readString(input: unknown, path: string): Result<string, DomainError> {
  if (typeof input !== 'string' || input.trim() === '')
    return err(invalidInput(path, 'a non-empty string', input));
  return ok(input);
}

/**
 * Reads one of a fixed set of string literals.
 * @internal
 */
export function readEnum<T extends string>(
  values: readonly T[],
): (input: unknown, path: string) => Result<T, DomainError> {
  return (input, path) =>
    typeof input === 'string' && (values as readonly string[]).includes(input)
      ? ok(input as T)
      : err(invalidInput(path, `one of ${values.map((v) => `'${v}'`).join(', ')}`, input));
}

/**
 * Reads a boolean.
 * @internal
 */
export function readBoolean(input: unknown, path: string): Result<boolean, DomainError> {
  return typeof input === 'boolean' ? ok(input) : err(invalidInput(path, 'true or false', input));
}

/**
 * Reads a non-empty array and each element with `item`, stopping at the first error.
 * @internal
 */
export function readArray<T>(
  input: unknown,
  path: string,
  item: (element: unknown, path: string, index: number) => Result<T, DomainError>,
): Result<readonly T[], DomainError> {
  if (!Array.isArray(input) || input.length === 0) return err(invalidInput(path, 'a non-empty array', input));
  const out: T[] = [];
  for (let i = 0; i < input.length; i += 1) {
    const read = item(input[i], joinPath(path, i), i);
    if (read.isErr()) return err(read.error);
    out.push(read.value);
  }
  return ok(out);
}

/**
 * Deep-freezes plain objects and arrays (Decimal instances are immutable by design and left as they are).
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/**
 * A deep-frozen structural copy of plain objects and arrays (Decimal instances are shared: they are
 * immutable). Used where a result embeds caller data, so that freezing the result never freezes the caller's
 * objects.
 * @internal
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v) => frozenCopy(v))) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = frozenCopy(v);
  return Object.freeze(copy) as T;
}
