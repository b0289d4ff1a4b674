/**
 * Records: the plain-JSON form of each aggregate, for host adapters that store documents (a JSON
 * column, a key-value store, a file). Decimals become decimal strings, business dates stay
 * `YYYY-MM-DD` strings, everything else is already JSON (reference §2 rule 2: plain, serialisable
 * data across the port). `toXxxRecord` never fails on a valid domain value; `fromXxxRecord`
 * validates, because a host's database may hold anything.
 *
 * One codec definition per aggregate drives both directions, so the two cannot drift apart and the
 * round trip `fromXxxRecord(toXxxRecord(x))` is lossless by construction.
 */
import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import type { Account } from '../domain/contract/account';
import type { RatePlan, RatePlanCharge } from '../domain/contract/charge';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo, CreditMemoLine } from '../domain/documents/credit-memo';
import type { Invoice, InvoiceLine } from '../domain/documents/invoice';
import type {
  AddProductAction,
  CancelSubscriptionAction,
  CreateSubscriptionAction,
  Order,
  OwnerTransferAction,
  RemoveProductAction,
  RenewAction,
  ResumeAction,
  SuspendAction,
  TermsAndConditionsAction,
  UpdateProductAction,
} from '../domain/order/order';
import type {
  InvoiceSchedule,
  InvoiceScheduleItem,
  ScheduleCharge,
  SpecificSubscription,
} from '../domain/schedule/schedule';
import { getCurrency } from '../money/currency';
import { Dec } from '../money/decimal';
import { type BusinessDate, parseBusinessDate } from '../time/date';
import type { EntityName, VersionConflict } from './index';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/**
 * The JSON form of a domain value type: every `Decimal` becomes a decimal string, every
 * `BusinessDate` a plain `YYYY-MM-DD` string, arrays and objects are mapped field by field.
 * @category Record codecs
 * @since 0.1.0
 */
export type RecordOf<T> = T extends Decimal
  ? string
  : T extends BusinessDate
    ? string
    : T extends string | number | boolean | null
      ? T
      : T extends readonly (infer U)[]
        ? readonly RecordOf<U>[]
        : { readonly [K in keyof T]: RecordOf<T[K]> };

/**
 * An {@link Account} as stored.
 * @category Record codecs
 * @since 0.1.0
 */
export type AccountRecord = RecordOf<Account>;

/**
 * An {@link Order} as stored.
 * @category Record codecs
 * @since 0.1.0
 */
export type OrderRecord = RecordOf<Order>;

/**
 * A {@link Subscription} as stored: charge prices and quantities are decimal strings.
 * @category Record codecs
 * @since 0.1.0
 */
export type SubscriptionRecord = RecordOf<Subscription>;

/**
 * An {@link InvoiceSchedule} as stored: amounts are decimal strings at least at the currency's scale
 * (`'50000.00'`), run dates `YYYY-MM-DD` strings.
 * @category Record codecs
 * @since 0.1.0
 */
export type InvoiceScheduleRecord = RecordOf<InvoiceSchedule>;

/**
 * An {@link Invoice} as stored.
 * @category Record codecs
 * @since 0.1.0
 */
export type InvoiceRecord = RecordOf<Invoice>;

/**
 * A {@link CreditMemo} as stored.
 * @category Record codecs
 * @since 0.1.0
 */
export type CreditMemoRecord = RecordOf<CreditMemo>;

/**
 * A {@link BillRun} as stored.
 * @category Record codecs
 * @since 0.1.0
 */
export type BillRunRecord = RecordOf<BillRun>;

/**
 * A stored record could not be read back: a field is missing, has the wrong type, or holds a value
 * outside its allowed set (a corrupt row, a record written by another program, a hand edit).
 * `path` names the field (`items[2].amount`, empty for the record itself).
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidRecord {
  readonly type: 'InvalidRecord';
  readonly message: string;
  /** Which aggregate the record was read as. */
  readonly entity: EntityName;
  /** The record's `number` when it has a readable one, else `null`. */
  readonly key: string | null;
  /** Path of the offending field, e.g. `items[2].amount`; empty for the record as a whole. */
  readonly path: string;
  /** What the field must hold. */
  readonly expected: string;
  /** A short description of what it held. */
  readonly received: string;
}

/**
 * Errors of the records codecs.
 * @category Errors
 * @since 0.1.0
 */
export type RecordError = InvalidRecord;

/**
 * The stable `type` names of {@link RecordError}.
 * @category Errors
 * @since 0.1.0
 */
export const RECORD_ERROR_TYPES = ['InvalidRecord'] as const satisfies readonly RecordError['type'][];

/**
 * Builds the {@link VersionConflict} a compare-and-set save or a remove returns, for adapter
 * authors: `expectedVersion` is the version the caller meant to replace (0 for an insert),
 * `actualVersion` the stored one (`null` when absent). Unversioned aggregates (accounts, bill
 * runs) count as version 1 once stored.
 * @category Ports
 * @since 0.1.0
 */
export function versionConflict(
  entity: EntityName,
  key: string,
  expectedVersion: number,
  actualVersion: number | null,
): VersionConflict {
  const found = actualVersion === null ? 'it does not exist' : `the stored version is ${actualVersion}`;
  const wanted = expectedVersion === 0 ? 'to insert it as new' : `version ${expectedVersion}`;
  return Object.freeze({
    type: 'VersionConflict' as const,
    message: `${entity} ${key} was changed by someone else: the write expected ${wanted}, but ${found}. Reload it and retry the operation.`,
    entity,
    key,
    expectedVersion,
    actualVersion,
  });
}

// ---------------------------------------------------------------------------------------------
// Codec combinators (internal)
// ---------------------------------------------------------------------------------------------

/** Where a decode failed and why; turned into an {@link InvalidRecord} at the top. */
interface Issue {
  readonly path: string;
  readonly expected: string;
  readonly input: unknown;
}

/** Encoding/decoding context: the scale of the aggregate's currency, for amounts. */
interface Context {
  readonly scale: number;
}

/**
 * A two-way codec. Function-typed properties (not methods) so the compiler checks both
 * directions strictly when a codec is declared as `Codec<DomainType, RecordType>`.
 */
interface Codec<T, R> {
  readonly encode: (value: T, context: Context) => R;
  readonly decode: (input: unknown, path: string, context: Context) => Result<T, Issue>;
}

// biome-ignore lint/suspicious/noExplicitAny: a variance-free bound for struct shapes; each field keeps its own types.
type AnyCodec = Codec<any, any>;
type ValueOf<C> = C extends Codec<infer T, unknown> ? T : never;
type RecOf<C> = C extends Codec<unknown, infer R> ? R : never;

const issue = (path: string, expected: string, input: unknown): Result<never, Issue> =>
  err({ path, expected, input });

function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Any string (names, notes, free text). */
const text: Codec<string, string> = {
  encode: (value) => value,
  decode: (input, path) => (typeof input === 'string' ? ok(input) : issue(path, 'a string', input)),
};

/** A non-empty string (ids, numbers, codes). */
const key: Codec<string, string> = {
  encode: (value) => value,
  decode: (input, path) =>
    typeof input === 'string' && input.length > 0 ? ok(input) : issue(path, 'a non-empty string', input),
};

const bool: Codec<boolean, boolean> = {
  encode: (value) => value,
  decode: (input, path) => (typeof input === 'boolean' ? ok(input) : issue(path, 'true or false', input)),
};

function integer(min: number): Codec<number, number> {
  return {
    encode: (value) => value,
    decode: (input, path) =>
      typeof input === 'number' && Number.isSafeInteger(input) && input >= min
        ? ok(input)
        : issue(path, `an integer ≥ ${min}`, input),
  };
}

function oneOf<const V extends string>(values: readonly V[]): Codec<V, V> {
  return {
    encode: (value) => value,
    decode: (input, path) =>
      (values as readonly unknown[]).includes(input)
        ? ok(input as V)
        : issue(path, `one of ${values.map((v) => `'${v}'`).join(', ')}`, input),
  };
}

const businessDate: Codec<BusinessDate, string> = {
  encode: (value) => value,
  decode: (input, path) => {
    const parsed = parseBusinessDate(input);
    return parsed.isOk() ? ok(parsed.value) : issue(path, 'a calendar date YYYY-MM-DD', input);
  },
};

/** An ISO 8601 instant such as `2023-02-04T00:00:00.000Z` (a bill run's `createdAt`). */
const instant: Codec<string, string> = {
  encode: (value) => value,
  decode: (input, path) =>
    typeof input === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(input) && !Number.isNaN(Date.parse(input))
      ? ok(input)
      : issue(path, 'an ISO 8601 instant such as "2023-02-04T00:00:00.000Z"', input),
};

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

function finite(value: Decimal, what: string): Decimal {
  // A non-finite Decimal in a domain value is a bug upstream, not bad input.
  if (!value.isFinite())
    throw new TypeError(`records: cannot encode a non-finite ${what} (${value.toString()})`);
  return value;
}

function decodeDecimal(input: unknown, path: string, expected: string): Result<Decimal, Issue> {
  return typeof input === 'string' && DECIMAL_PATTERN.test(input)
    ? ok(new Dec(input))
    : issue(path, expected, input);
}

/**
 * A plain decimal (percentages, quantities): `toFixed()` keeps every significant digit and never
 * uses exponent notation. decimal.js does not keep trailing zeros, so `'20.50'` reads back as the
 * same value and is written again as `'20.5'`: values are compared by value, never by string.
 */
const decimal: Codec<Decimal, string> = {
  encode: (value) => finite(value, 'decimal').toFixed(),
  decode: (input, path) => decodeDecimal(input, path, 'a decimal string such as "20" or "12.5"'),
};

/**
 * A money amount: written with at least the currency's minor units (`'50000.00'`, `'100'` for JPY)
 * and never fewer digits than the value has, so nothing is rounded on the way out.
 */
const amount: Codec<Decimal, string> = {
  encode: (value, context) => {
    const v = finite(value, 'amount');
    return v.toFixed(Math.max(context.scale, v.decimalPlaces()));
  },
  decode: (input, path) => decodeDecimal(input, path, 'a decimal string such as "50000.00" or "-270.00"'),
};

function nullable<T, R>(inner: Codec<T, R>): Codec<T | null, R | null> {
  return {
    encode: (value, context) => (value === null ? null : inner.encode(value, context)),
    decode: (input, path, context) => (input === null ? ok(null) : inner.decode(input, path, context)),
  };
}

function list<T, R>(inner: Codec<T, R>): Codec<readonly T[], readonly R[]> {
  return {
    encode: (values, context) => values.map((v) => inner.encode(v, context)),
    decode: (input, path, context) => {
      if (!Array.isArray(input)) return issue(path, 'an array', input);
      const out: T[] = [];
      for (let i = 0; i < input.length; i++) {
        const decoded = inner.decode(input[i], join(path, i), context);
        if (decoded.isErr()) return err(decoded.error);
        out.push(decoded.value);
      }
      return ok(Object.freeze(out));
    },
  };
}

function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}

/** Marks a struct field that may be absent (an optional property of the domain type). */
interface Optional<T, R> extends Codec<T, R> {
  readonly optional: true;
}

function optional<T, R>(inner: Codec<T, R>): Optional<T, R> {
  return { ...inner, optional: true };
}

type OptionalKeys<S> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] };
type StructValue<S> = Flatten<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: ValueOf<S[K]> } & {
    readonly [K in OptionalKeys<S>]?: ValueOf<S[K]>;
  }
>;
type StructRecord<S> = Flatten<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: RecOf<S[K]> } & {
    readonly [K in OptionalKeys<S>]?: RecOf<S[K]>;
  }
>;

/**
 * An object with exactly these fields, encoded in this key order. Unknown fields are rejected:
 * they would be dropped silently by the next save, so their presence means the record was not
 * written by this library. Optional fields are left out when absent (never written as `null`).
 */
function struct<S extends Record<string, AnyCodec>>(shape: S): Codec<StructValue<S>, StructRecord<S>> {
  const keys = Object.keys(shape);
  const isOptional = (k: string): boolean =>
    (shape[k] as Partial<Optional<unknown, unknown>>).optional === true;
  return {
    encode: (value, context) => {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (source[k] === undefined && isOptional(k)) continue;
        out[k] = (shape[k] as AnyCodec).encode(source[k], context);
      }
      return out as StructRecord<S>;
    },
    decode: (input, path, context) => {
      if (!isPlainObject(input)) return issue(path, `an object with the fields ${keys.join(', ')}`, input);
      for (const k of Object.keys(input)) {
        if (!Object.hasOwn(shape, k)) {
          return issue(join(path, k), `no such field (allowed: ${keys.join(', ')})`, input[k]);
        }
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (!Object.hasOwn(input, k) || input[k] === undefined) {
          if (isOptional(k)) continue;
          return issue(join(path, k), 'a value (the field is missing)', undefined);
        }
        const decoded = (shape[k] as AnyCodec).decode(input[k], join(path, k), context);
        if (decoded.isErr()) return err(decoded.error);
        out[k] = decoded.value;
      }
      return ok(Object.freeze(out) as StructValue<S>);
    },
  };
}

/**
 * A union of structs discriminated by their `type` field (order actions). Each variant's codec
 * must itself check `type` (use `oneOf([name])`).
 */
function tagged<V extends Record<string, AnyCodec>>(
  variants: V,
): Codec<ValueOf<V[keyof V]>, RecOf<V[keyof V]>> {
  const names = Object.keys(variants);
  const pick = (tag: unknown): AnyCodec | undefined =>
    typeof tag === 'string' && Object.hasOwn(variants, tag) ? variants[tag] : undefined;
  return {
    encode: (value, context) => {
      const codec = pick((value as { readonly type?: unknown }).type);
      if (codec === undefined)
        throw new TypeError(`records: no codec for ${String((value as { type?: unknown }).type)}`);
      return codec.encode(value, context);
    },
    decode: (input, path, context) => {
      const tag = isPlainObject(input) ? input.type : undefined;
      const codec = pick(tag);
      if (codec === undefined) {
        return isPlainObject(input)
          ? issue(join(path, 'type'), `one of ${names.map((n) => `'${n}'`).join(', ')}`, tag)
          : issue(path, 'an object', input);
      }
      return codec.decode(input, path, context);
    },
  };
}

function describe(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string')
    return JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input);
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return `an array of ${input.length}`;
  if (typeof input === 'object') return 'an object';
  return `a ${typeof input}`;
}

function invalidRecord(entity: EntityName, key: string | null, found: Issue): InvalidRecord {
  const received = describe(found.input);
  const where = found.path === '' ? 'the record' : found.path;
  const which = key === null ? entity : `${entity} ${key}`;
  return Object.freeze({
    type: 'InvalidRecord' as const,
    message: `Stored ${which} cannot be read: ${where} should be ${found.expected}, but is ${received}. The record was corrupted or not written by toXxxRecord; repair it in the store (or restore it from a backup).`,
    entity,
    key,
    path: found.path,
    expected: found.expected,
    received,
  });
}

/** Scale of a currency code for encoding; 0 when unknown (then amounts keep their own digits). */
function scaleOf(code: string): number {
  const currency = getCurrency(code);
  return currency.isOk() ? currency.value.minorUnits : 0;
}

interface Aggregate<T, R> {
  readonly encode: (value: T) => R;
  readonly decode: (input: unknown) => Result<T, InvalidRecord>;
}

/**
 * Wraps a root codec: encodes with the currency's scale, decodes after checking the record is an
 * object and (for aggregates with a currency) that the currency is one we know.
 */
function aggregate<T, R>(entity: EntityName, codec: Codec<T, R>, hasCurrency: boolean): Aggregate<T, R> {
  return {
    encode: (value) => {
      const code = hasCurrency ? (value as { readonly currency: string }).currency : '';
      return codec.encode(value, { scale: hasCurrency ? scaleOf(code) : 0 });
    },
    decode: (input) => {
      const key = isPlainObject(input) && typeof input.number === 'string' ? input.number : null;
      let scale = 0;
      if (hasCurrency && isPlainObject(input)) {
        const currency = typeof input.currency === 'string' ? getCurrency(input.currency) : null;
        if (currency === null || currency.isErr()) {
          return err(
            invalidRecord(entity, key, {
              path: 'currency',
              expected: 'an ISO 4217 code such as "USD"',
              input: input.currency,
            }),
          );
        }
        scale = currency.value.minorUnits;
      }
      return codec.decode(input, '', { scale }).mapErr((found) => invalidRecord(entity, key, found));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The aggregates
// ---------------------------------------------------------------------------------------------

const accountCodec: Codec<Account, AccountRecord> = struct({
  id: key,
  number: key,
  name: text,
  currency: key,
});

const ratePlanChargeCodec: Codec<RatePlanCharge, RecordOf<RatePlanCharge>> = struct({
  number: key,
  name: text,
  type: oneOf(['OneTime', 'Recurring', 'DiscountPercentage']),
  price: amount,
  quantity: decimal,
  listPriceBase: nullable(oneOf(['BillingPeriod', 'Month', 'Year'])),
  billingPeriod: nullable(
    oneOf([
      'Month',
      'Quarter',
      'SemiAnnual',
      'Annual',
      'EighteenMonths',
      'TwoYears',
      'ThreeYears',
      'FiveYears',
      'SpecificMonths',
    ]),
  ),
  specificBillingPeriodMonths: nullable(integer(1)),
  discountPercentage: nullable(decimal),
  startDate: businessDate,
  endDate: businessDate,
});

const ratePlanCodec: Codec<RatePlan, RecordOf<RatePlan>> = struct({
  id: key,
  name: text,
  charges: list(ratePlanChargeCodec),
});

const subscriptionCodec: Codec<Subscription, SubscriptionRecord> = struct({
  number: key,
  accountNumber: key,
  currency: key,
  termType: oneOf(['Termed', 'Evergreen']),
  termStart: businessDate,
  termEnd: nullable(businessDate),
  status: oneOf(['Active', 'Cancelled']),
  invoiceSeparately: bool,
  ratePlans: list(ratePlanCodec),
  createdByOrder: key,
  previousAccountNumbers: optional(list(key)),
  version: integer(1),
});

const createSubscriptionActionCodec: Codec<
  CreateSubscriptionAction,
  RecordOf<CreateSubscriptionAction>
> = struct({
  type: oneOf(['CreateSubscription']),
  subscriptionNumber: key,
  invoiceOwnerAccountNumber: optional(key),
  termType: oneOf(['Termed', 'Evergreen']),
  termStart: businessDate,
  termEnd: nullable(businessDate),
  invoiceSeparately: bool,
  ratePlans: list(ratePlanCodec),
});

const removeProductActionCodec: Codec<RemoveProductAction, RecordOf<RemoveProductAction>> = struct({
  type: oneOf(['RemoveProduct']),
  subscriptionNumber: key,
  ratePlanId: key,
  effectiveDate: businessDate,
});

const cancelSubscriptionActionCodec: Codec<
  CancelSubscriptionAction,
  RecordOf<CancelSubscriptionAction>
> = struct({
  type: oneOf(['CancelSubscription']),
  subscriptionNumber: key,
  effectiveDate: businessDate,
});

const updateProductActionCodec: Codec<UpdateProductAction, RecordOf<UpdateProductAction>> = struct({
  type: oneOf(['UpdateProduct']),
  subscriptionNumber: key,
  chargeNumber: key,
  effectiveDate: businessDate,
  price: optional(amount),
  quantity: optional(decimal),
});

const addProductActionCodec: Codec<AddProductAction, RecordOf<AddProductAction>> = struct({
  type: oneOf(['AddProduct']),
  subscriptionNumber: key,
  ratePlan: ratePlanCodec,
});

const termsAndConditionsActionCodec: Codec<
  TermsAndConditionsAction,
  RecordOf<TermsAndConditionsAction>
> = struct({
  type: oneOf(['TermsAndConditions']),
  subscriptionNumber: key,
  termStart: optional(businessDate),
  termEnd: optional(businessDate),
});

const renewActionCodec: Codec<RenewAction, RecordOf<RenewAction>> = struct({
  type: oneOf(['Renew']),
  subscriptionNumber: key,
  renewalTermMonths: integer(1),
});

const ownerTransferActionCodec: Codec<OwnerTransferAction, RecordOf<OwnerTransferAction>> = struct({
  type: oneOf(['OwnerTransfer']),
  subscriptionNumber: key,
  newOwnerAccountNumber: key,
});

const suspendActionCodec: Codec<SuspendAction, RecordOf<SuspendAction>> = struct({
  type: oneOf(['Suspend']),
  subscriptionNumber: key,
  effectiveDate: businessDate,
});

const resumeActionCodec: Codec<ResumeAction, RecordOf<ResumeAction>> = struct({
  type: oneOf(['Resume']),
  subscriptionNumber: key,
  effectiveDate: businessDate,
});

const orderCodec: Codec<Order, OrderRecord> = struct({
  number: key,
  accountNumber: key,
  currency: key,
  orderDate: businessDate,
  status: oneOf(['Draft', 'Pending', 'Completed']),
  actions: list(
    tagged({
      CreateSubscription: createSubscriptionActionCodec,
      RemoveProduct: removeProductActionCodec,
      CancelSubscription: cancelSubscriptionActionCodec,
      UpdateProduct: updateProductActionCodec,
      AddProduct: addProductActionCodec,
      TermsAndConditions: termsAndConditionsActionCodec,
      Renew: renewActionCodec,
      OwnerTransfer: ownerTransferActionCodec,
      Suspend: suspendActionCodec,
      Resume: resumeActionCodec,
    }),
  ),
});

const SCHEDULE_STATUSES = ['Pending', 'PartiallyProcessed', 'FullyProcessed'] as const;

const scheduleItemCodec: Codec<InvoiceScheduleItem, RecordOf<InvoiceScheduleItem>> = struct({
  id: key,
  sequence: integer(1),
  name: nullable(text),
  runDate: nullable(businessDate),
  amount: amount,
  percentage: nullable(decimal),
  actualAmount: amount,
  billedAmount: amount,
  targetDateForAdditionalSubscriptions: nullable(businessDate),
  status: oneOf(['Pending', 'Executing', 'Processed']),
  invoiceNumber: nullable(key),
  creditMemoNumbers: list(key),
  generation: integer(0),
});

const scheduleChargeCodec: Codec<ScheduleCharge, RecordOf<ScheduleCharge>> = struct({
  orderNumber: key,
  subscriptionNumber: key,
  chargeNumber: key,
  billedAmount: amount,
  detached: bool,
  detachment: nullable(struct({ subscriptionVersion: integer(1), processingMark: integer(0) })),
});

const specificSubscriptionCodec: Codec<SpecificSubscription, RecordOf<SpecificSubscription>> = struct({
  orderNumber: key,
  subscriptionNumber: key,
  chargeNumbers: list(key),
});

const invoiceScheduleCodec: Codec<InvoiceSchedule, InvoiceScheduleRecord> = struct({
  id: key,
  number: key,
  accountNumber: key,
  currency: key,
  status: oneOf([...SCHEDULE_STATUSES, 'Paused']),
  statusBeforePause: nullable(oneOf(SCHEDULE_STATUSES)),
  totalAmount: amount,
  actualAmount: amount,
  billedAmount: amount,
  unbilledAmount: amount,
  nextRunDate: nullable(businessDate),
  nextRunDateOverride: nullable(businessDate),
  notes: text,
  invoiceSeparately: bool,
  orders: list(key),
  specificSubscriptions: list(specificSubscriptionCodec),
  additionalSubscriptionsToBill: list(key),
  charges: list(scheduleChargeCodec),
  items: list(scheduleItemCodec),
  version: integer(1),
});

const invoiceLineCodec: Codec<InvoiceLine, RecordOf<InvoiceLine>> = struct({
  id: key,
  kind: oneOf(['Charge', 'Discount']),
  subscriptionNumber: key,
  chargeNumber: key,
  chargeName: text,
  appliesToChargeNumber: nullable(key),
  amount: amount,
  serviceStartDate: businessDate,
  serviceEndDate: businessDate,
  invoiceScheduleNumber: nullable(key),
  invoiceScheduleItemId: nullable(key),
});

const invoiceCodec: Codec<Invoice, InvoiceRecord> = struct({
  id: key,
  number: key,
  accountNumber: key,
  currency: key,
  invoiceDate: businessDate,
  status: oneOf(['Draft', 'Posted', 'Canceled', 'Reversed']),
  amount: amount,
  lines: list(invoiceLineCodec),
  billRunNumber: nullable(key),
  version: integer(1),
});

const creditMemoLineCodec: Codec<CreditMemoLine, RecordOf<CreditMemoLine>> = struct({
  id: key,
  subscriptionNumber: key,
  chargeNumber: key,
  chargeName: text,
  amount: amount,
  serviceStartDate: businessDate,
  serviceEndDate: businessDate,
  creditedInvoiceNumber: nullable(key),
  creditedInvoiceLineId: nullable(key),
  invoiceScheduleNumber: nullable(key),
  invoiceScheduleItemId: nullable(key),
});

const creditMemoCodec: Codec<CreditMemo, CreditMemoRecord> = struct({
  id: key,
  number: key,
  accountNumber: key,
  currency: key,
  memoDate: businessDate,
  status: oneOf(['Draft', 'Posted']),
  amount: amount,
  lines: list(creditMemoLineCodec),
  billRunNumber: nullable(key),
  version: integer(1),
});

const billRunCodec: Codec<BillRun, BillRunRecord> = struct({
  id: key,
  number: key,
  kind: oneOf(['BillRun', 'ScheduleExecution', 'AccountDocuments']),
  targetDate: businessDate,
  createdAt: instant,
  accountNumbers: list(key),
  invoiceScheduleNumbers: list(key),
  invoiceScheduleItemId: nullable(key),
  status: oneOf(['Completed', 'CompletedWithErrors']),
  itemsProcessed: integer(0),
  invoiceNumbers: list(key),
  creditMemoNumbers: list(key),
  failures: list(struct({ accountNumber: key, errorType: key, message: text })),
});

const ACCOUNT = aggregate('Account', accountCodec, true);
const ORDER = aggregate('Order', orderCodec, true);
const SUBSCRIPTION = aggregate('Subscription', subscriptionCodec, true);
const INVOICE_SCHEDULE = aggregate('InvoiceSchedule', invoiceScheduleCodec, true);
const INVOICE = aggregate('Invoice', invoiceCodec, true);
const BILL_RUN = aggregate('BillRun', billRunCodec, false);
const CREDIT_MEMO = aggregate('CreditMemo', creditMemoCodec, true);

// ---------------------------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------------------------

/**
 * The JSON record of an account.
 * @category Record codecs
 * @since 0.1.0
 */
export function toAccountRecord(account: Account): AccountRecord {
  return ACCOUNT.encode(account);
}

/**
 * Reads an account record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 */
export function fromAccountRecord(record: unknown): Result<Account, InvalidRecord> {
  return ACCOUNT.decode(record);
}

/**
 * The JSON record of an order.
 * @category Record codecs
 * @since 0.1.0
 */
export function toOrderRecord(order: Order): OrderRecord {
  return ORDER.encode(order);
}

/**
 * Reads an order record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 */
export function fromOrderRecord(record: unknown): Result<Order, InvalidRecord> {
  return ORDER.decode(record);
}

/**
 * The JSON record of a subscription.
 * @category Record codecs
 * @since 0.1.0
 */
export function toSubscriptionRecord(subscription: Subscription): SubscriptionRecord {
  return SUBSCRIPTION.encode(subscription);
}

/**
 * Reads a subscription record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 */
export function fromSubscriptionRecord(record: unknown): Result<Subscription, InvalidRecord> {
  return SUBSCRIPTION.decode(record);
}

/**
 * The JSON record of an invoice schedule.
 * @category Record codecs
 * @since 0.1.0
 */
export function toInvoiceScheduleRecord(schedule: InvoiceSchedule): InvoiceScheduleRecord {
  return INVOICE_SCHEDULE.encode(schedule);
}

/**
 * Reads an invoice schedule record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 */
export function fromInvoiceScheduleRecord(record: unknown): Result<InvoiceSchedule, InvalidRecord> {
  return INVOICE_SCHEDULE.decode(record);
}

/**
 * The JSON record of an invoice.
 * @category Record codecs
 * @since 0.1.0
 */
export function toInvoiceRecord(invoice: Invoice): InvoiceRecord {
  return INVOICE.encode(invoice);
}

/**
 * Reads an invoice record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 */
export function fromInvoiceRecord(record: unknown): Result<Invoice, InvalidRecord> {
  return INVOICE.decode(record);
}

/**
 * The JSON record of a bill run.
 * @category Record codecs
 * @since 0.1.0
 */
export function toBillRunRecord(billRun: BillRun): BillRunRecord {
  return BILL_RUN.encode(billRun);
}

/**
 * Reads a bill run record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 */
export function fromBillRunRecord(record: unknown): Result<BillRun, InvalidRecord> {
  return BILL_RUN.decode(record);
}

/**
 * The JSON record of a credit memo.
 * @category Record codecs
 * @since 0.1.0
 */
export function toCreditMemoRecord(creditMemo: CreditMemo): CreditMemoRecord {
  return CREDIT_MEMO.encode(creditMemo);
}

/**
 * Reads a credit memo record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 */
export function fromCreditMemoRecord(record: unknown): Result<CreditMemo, InvalidRecord> {
  return CREDIT_MEMO.decode(record);
}
