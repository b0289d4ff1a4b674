import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { type BusinessDate, parseBusinessDate } from '../../time/date';
import {
  type CustomFields,
  type CustomFieldValue,
  NO_CUSTOM_FIELDS,
  readOptionalCustomFields,
} from '../custom-fields';
import {
  type DomainError,
  type InvalidInput,
  invalidInput,
  joinPath,
  readArray,
  readBoolean,
  readObject,
  readString,
} from '../errors';
import { checkInputSize } from '../input';
import { noScheduleItems, type ScheduleError, scheduleError } from './errors';
import type { SpecificSubscription } from './schedule';

// A create request (§4.1) and what update shares with it: the input types, their shape checks and
// the limits of §9. Nothing here looks at the store or the currency.

/**
 * Limits of reference §9, and (ours: the reference gives none) the decimal places an item's percentage
 * may have (`'33.3333333333'` has 10); more is `ItemPercentageTooPrecise`, for a percentage a request
 * adds or changes: a stored one given back unchanged keeps its decimals (schedules stored before 0.2.0
 * may have more). Sums of percentages and their shares of the total are exact either way. `notes` is counted
 * in UTF-16 code units (JavaScript's `length`), as every text limit is: a character beyond U+FFFF, such as an
 * emoji, counts as 2.
 * @category Inputs
 * @since 0.1.0
 */
export const SCHEDULE_LIMITS = Object.freeze({
  items: 50,
  orders: 10,
  subscriptions: 300,
  additionalSubscriptionsToBill: 600,
  notes: 255,
  /** @since 0.2.0 */
  percentageDecimalPlaces: 10,
});

/**
 * One item of a create (or update) request: an `amount` or a `percentage`, an optional run date
 * (blank items only at the end), name and target date.
 * @category Inputs
 * @since 0.1.0
 */
export interface InvoiceScheduleItemInput {
  readonly name?: string | null;
  readonly runDate?: string | null;
  readonly amount?: string | Decimal | number | null;
  readonly percentage?: string | Decimal | number | null;
  readonly targetDateForAdditionalSubscriptions?: string | null;
  /**
   * The item's custom fields (`{ PONumber__c: 'PO-1234' }`), copied onto the invoice lines it bills;
   * see `CUSTOM_FIELD_LIMITS`. Left out: none on a new item, unchanged on an updated one.
   * @since 0.2.0
   */
  readonly customFields?: Readonly<Record<string, CustomFieldValue>>;
}

/**
 * A create request (reference §4.1), as a plain object: amounts as decimal strings, dates as
 * `YYYY-MM-DD`. Checked at run time.
 * @category Inputs
 * @since 0.1.0
 */
export interface CreateInvoiceScheduleInput {
  readonly accountNumber: string;
  readonly orders: readonly string[];
  readonly specificSubscriptions?: readonly {
    readonly orderNumber: string;
    readonly subscriptionNumber: string;
    readonly chargeNumbers?: readonly string[];
  }[];
  readonly additionalSubscriptionsToBill?: readonly string[];
  readonly invoiceSeparately?: boolean;
  readonly notes?: string;
  readonly items: readonly InvoiceScheduleItemInput[];
  /**
   * The schedule's custom fields (`{ PONumber__c: 'PO-1234' }`); see `CUSTOM_FIELD_LIMITS`. None when
   * left out.
   * @since 0.2.0
   */
  readonly customFields?: Readonly<Record<string, CustomFieldValue>>;
  /** Retrying with the same key returns the first result and creates nothing new. */
  readonly idempotencyKey?: string;
}

/** A create request after shape checks. @internal */
export interface ParsedCreateInput {
  readonly accountNumber: string;
  readonly orders: readonly string[];
  readonly specificSubscriptions: readonly SpecificSubscription[];
  readonly additionalSubscriptionsToBill: readonly string[];
  readonly invoiceSeparately: boolean;
  readonly notes: string;
  readonly items: readonly ParsedItemInput[];
  readonly customFields: CustomFields;
  readonly idempotencyKey: string | null;
}

/** An item after shape checks (amounts not yet checked against the currency). @internal */
export interface ParsedItemInput {
  readonly name: string | null;
  readonly runDate: BusinessDate | null;
  readonly amount: unknown;
  readonly percentage: unknown;
  readonly targetDateForAdditionalSubscriptions: BusinessDate | null;
  /** `null` when left out. */
  readonly customFields: CustomFields | null;
}

const CREATE_KEYS = [
  'accountNumber',
  'orders',
  'specificSubscriptions',
  'additionalSubscriptionsToBill',
  'invoiceSeparately',
  'notes',
  'items',
  'customFields',
  'idempotencyKey',
] as const;
const ITEM_KEYS = [
  'name',
  'runDate',
  'amount',
  'percentage',
  'targetDateForAdditionalSubscriptions',
  'customFields',
] as const;

/** Reads an optional `YYYY-MM-DD` (null/undefined → null). @internal */
export function readOptionalDate(input: unknown, path: string): Result<BusinessDate | null, DomainError> {
  if (input === undefined || input === null) return ok(null);
  return parseBusinessDate(input, path);
}

/** Reads an optional string (null/undefined → null). @internal */
export function readOptionalString(input: unknown, path: string): Result<string | null, DomainError> {
  if (input === undefined || input === null) return ok(null);
  return readString(input, path);
}

/** Reads a request's `idempotencyKey` (left out → null). @internal */
export function readIdempotencyKey(input: unknown): Result<string | null, DomainError> {
  return input === undefined ? ok(null) : readString(input, 'idempotencyKey');
}

function readStringList(
  input: unknown,
  path: string,
  allowEmpty: boolean,
): Result<readonly string[], DomainError> {
  if (allowEmpty && Array.isArray(input) && input.length === 0) return ok(Object.freeze([]));
  // A list that may be empty says so: "a non-empty array" would refuse `null` as if `[]` were refused too.
  if (allowEmpty && !Array.isArray(input))
    return err(invalidInput(path, 'an array of strings (may be empty)', input));
  return readArray(input, path, (e, p) => readString(e, p));
}

/** Reads a request's `orders`: a non-empty array of order numbers. @internal */
export function readOrders(input: unknown): Result<readonly string[], DomainError> {
  return readStringList(input, 'orders', false);
}

/**
 * Reads a request's `specificSubscriptions`: an array (may be empty) of `{ orderNumber, subscriptionNumber,
 * chargeNumbers? }`. @internal
 */
export function readSpecificSubscriptions(
  input: unknown,
): Result<readonly SpecificSubscription[], DomainError> {
  if (!Array.isArray(input)) {
    return err(invalidInput('specificSubscriptions', 'an array (may be empty)', input));
  }
  const specific: SpecificSubscription[] = [];
  for (let i = 0; i < input.length; i++) {
    const path = joinPath('specificSubscriptions', i);
    const s = readObject(input[i], path, ['orderNumber', 'subscriptionNumber', 'chargeNumbers']);
    if (s.isErr()) return err(s.error);
    const orderNumber = readString(s.value.orderNumber, joinPath(path, 'orderNumber'));
    if (orderNumber.isErr()) return err(orderNumber.error);
    const subscriptionNumber = readString(s.value.subscriptionNumber, joinPath(path, 'subscriptionNumber'));
    if (subscriptionNumber.isErr()) return err(subscriptionNumber.error);
    const chargeNumbers =
      s.value.chargeNumbers === undefined
        ? ok(Object.freeze([]) as readonly string[])
        : readStringList(s.value.chargeNumbers, joinPath(path, 'chargeNumbers'), true);
    if (chargeNumbers.isErr()) return err(chargeNumbers.error);
    specific.push(
      Object.freeze({
        orderNumber: orderNumber.value,
        subscriptionNumber: subscriptionNumber.value,
        chargeNumbers: chargeNumbers.value,
      }),
    );
  }
  return ok(Object.freeze(specific));
}

/**
 * Reads a request's `additionalSubscriptionsToBill`: an array (may be empty) of subscription numbers, each
 * listed once (a repeat would bill the subscription once more with each item). @internal
 */
export function readAdditionalSubscriptions(input: unknown): Result<readonly string[], DomainError> {
  return readAdditionalSubscriptionList(input).andThen((numbers) => {
    const repeat = repeatedAdditionalSubscription(numbers);
    return repeat === null ? ok(numbers) : err(repeat);
  });
}

/**
 * Reads `additionalSubscriptionsToBill` without the repeat check: an update checks it against the stored list
 * (a list sent back as stored is no change, whatever it holds). @internal
 */
export function readAdditionalSubscriptionList(input: unknown): Result<readonly string[], DomainError> {
  return readStringList(input, 'additionalSubscriptionsToBill', true);
}

/** The refusal of the first subscription number listed a second time, or `null`. @internal */
export function repeatedAdditionalSubscription(numbers: readonly string[]): InvalidInput | null {
  const first = new Map<string, number>();
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i] as string;
    const at = first.get(n);
    if (at !== undefined) {
      return invalidInput(
        joinPath('additionalSubscriptionsToBill', i),
        `a subscription number listed once (this one is also at additionalSubscriptionsToBill[${at}])`,
        n,
      );
    }
    first.set(n, i);
  }
  return null;
}

/** Reads a request's `notes`: a string. @internal */
export function readNotes(input: unknown): Result<string, DomainError> {
  return typeof input === 'string' ? ok(input) : err(invalidInput('notes', 'a string', input));
}

/** Reads one item of a create/update request. @internal */
export function readItemInput(
  input: unknown,
  path: string,
  extraKeys: readonly string[] = [],
): Result<ParsedItemInput & { readonly raw: Readonly<Record<string, unknown>> }, DomainError> {
  return readObject(input, path, [...ITEM_KEYS, ...extraKeys]).andThen((o) => {
    const name = readOptionalString(o.name, joinPath(path, 'name'));
    if (name.isErr()) return err(name.error);
    const runDate = readOptionalDate(o.runDate, joinPath(path, 'runDate'));
    if (runDate.isErr()) return err(runDate.error);
    const target = readOptionalDate(
      o.targetDateForAdditionalSubscriptions,
      joinPath(path, 'targetDateForAdditionalSubscriptions'),
    );
    if (target.isErr()) return err(target.error);
    const customFields = readOptionalCustomFields(o.customFields, joinPath(path, 'customFields'));
    if (customFields.isErr()) return err(customFields.error);
    return ok({
      name: name.value,
      runDate: runDate.value,
      amount: o.amount ?? null,
      percentage: o.percentage ?? null,
      targetDateForAdditionalSubscriptions: target.value,
      customFields: customFields.value,
      raw: o,
    });
  });
}

/**
 * Reads the `items` list of a create or update request, each entry with `read` (given the entry and
 * its path), in order, up to the first error. @internal
 */
export function readItemList<T>(
  input: unknown,
  read: (item: unknown, path: string) => Result<T, DomainError>,
): Result<readonly T[], DomainError> {
  if (!Array.isArray(input)) return err(invalidInput('items', 'an array of schedule items', input));
  const items: T[] = [];
  for (let i = 0; i < input.length; i++) {
    const item = read(input[i], joinPath('items', i));
    if (item.isErr()) return err(item.error);
    items.push(item.value);
  }
  return ok(Object.freeze(items));
}

/**
 * Checks the shape of a create request (sizes against `INPUT_LIMITS`, types, dates, unknown fields) without
 * loading anything.
 * @since 0.1.0
 */
export function parseCreateInvoiceScheduleInput(input: unknown): Result<ParsedCreateInput, DomainError> {
  const sized = checkInputSize(input);
  if (sized.isErr()) return err(sized.error);
  const read = readObject(input, '', CREATE_KEYS);
  if (read.isErr()) return err(read.error);
  const o = read.value;
  const accountNumber = readString(o.accountNumber, 'accountNumber');
  if (accountNumber.isErr()) return err(accountNumber.error);
  const orders = readOrders(o.orders);
  if (orders.isErr()) return err(orders.error);
  const specific =
    o.specificSubscriptions === undefined
      ? ok(Object.freeze([]) as readonly SpecificSubscription[])
      : readSpecificSubscriptions(o.specificSubscriptions);
  if (specific.isErr()) return err(specific.error);
  const additional =
    o.additionalSubscriptionsToBill === undefined
      ? ok(Object.freeze([]) as readonly string[])
      : readAdditionalSubscriptions(o.additionalSubscriptionsToBill);
  if (additional.isErr()) return err(additional.error);
  const invoiceSeparately =
    o.invoiceSeparately === undefined ? ok(true) : readBoolean(o.invoiceSeparately, 'invoiceSeparately');
  if (invoiceSeparately.isErr()) return err(invoiceSeparately.error);
  const notes = o.notes === undefined ? ok('') : readNotes(o.notes);
  if (notes.isErr()) return err(notes.error);
  const idempotencyKey = readIdempotencyKey(o.idempotencyKey);
  if (idempotencyKey.isErr()) return err(idempotencyKey.error);
  const items = readItemList(o.items, (item, path) => readItemInput(item, path));
  if (items.isErr()) return err(items.error);
  const customFields = readOptionalCustomFields(o.customFields, 'customFields');
  if (customFields.isErr()) return err(customFields.error);
  return ok(
    Object.freeze({
      accountNumber: accountNumber.value,
      orders: orders.value,
      specificSubscriptions: specific.value,
      additionalSubscriptionsToBill: additional.value,
      invoiceSeparately: invoiceSeparately.value,
      notes: notes.value,
      items: items.value,
      customFields: customFields.value ?? NO_CUSTOM_FIELDS,
      idempotencyKey: idempotencyKey.value,
    }),
  );
}

/**
 * The `LimitExceeded` error for `field` (§9). Notes are measured as every text limit of the library is
 * (`INPUT_LIMITS`, custom fields): in UTF-16 code units, JavaScript's `length` — never fewer than the characters
 * a database counts (code points in PostgreSQL and MySQL, UTF-16 code units in SQL Server), so notes within the
 * limit fit a column of 255 characters in any of them. `characters`, the notes' length in characters (code
 * points), is named too when it differs. @internal
 */
export function limitExceeded(
  field: 'items' | 'orders' | 'subscriptions' | 'additionalSubscriptionsToBill' | 'notes',
  limit: number,
  actual: number,
  characters: number = actual,
) {
  const counted =
    field !== 'notes'
      ? `${actual} entries`
      : `${actual} UTF-16 code units${characters === actual ? '' : ` (${characters} characters)`}`;
  const reference = field === 'notes' ? '§9; a character beyond U+FFFF, such as an emoji, counts as 2' : '§9';
  return scheduleError({
    type: 'LimitExceeded',
    message: `${field} has ${counted}; at most ${limit} are allowed (${reference}).`,
    field,
    limit,
    actual,
  });
}

function checkLimits(
  input:
    | ParsedCreateInput
    | {
        /** `null`: the request leaves the items as they are (nothing to check). */
        items: readonly unknown[] | null;
        orders: readonly string[];
        additionalSubscriptionsToBill: readonly string[];
        notes: string;
      },
): Result<void, ScheduleError> {
  if (input.items !== null && input.items.length === 0) {
    return err(noScheduleItems());
  }
  if (input.items !== null && input.items.length > SCHEDULE_LIMITS.items)
    return err(limitExceeded('items', SCHEDULE_LIMITS.items, input.items.length));
  if (input.orders.length > SCHEDULE_LIMITS.orders)
    return err(limitExceeded('orders', SCHEDULE_LIMITS.orders, input.orders.length));
  if (input.additionalSubscriptionsToBill.length > SCHEDULE_LIMITS.additionalSubscriptionsToBill) {
    return err(
      limitExceeded(
        'additionalSubscriptionsToBill',
        SCHEDULE_LIMITS.additionalSubscriptionsToBill,
        input.additionalSubscriptionsToBill.length,
      ),
    );
  }
  if (input.notes.length > SCHEDULE_LIMITS.notes)
    return err(limitExceeded('notes', SCHEDULE_LIMITS.notes, input.notes.length, [...input.notes].length));
  return ok(undefined);
}

/** Shared limit checks for create and update. @internal */
export const checkScheduleLimits = checkLimits;
