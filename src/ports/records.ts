/**
 * Records: the plain-JSON form of each aggregate, for host adapters that store documents (a JSON
 * column, a key-value store, a file). Decimals become decimal strings, business dates stay
 * `YYYY-MM-DD` strings, everything else is already JSON (plain, serialisable data across
 * the port: public outputs and JSON carry strings). `toXxxRecord` never fails on a valid domain value; `fromXxxRecord`
 * validates, because a host's database may hold anything.
 *
 * One codec definition per aggregate drives both directions, so the two cannot drift apart and the
 * round trip `fromXxxRecord(toXxxRecord(x))` is lossless by construction.
 */
import type { Decimal } from 'decimal.js';
import { ok, type Result } from 'neverthrow';
import type { BillRun, BillRunAccount } from '../domain/billing/bill-run';
import type { Account } from '../domain/contract/account';
import type { Subscription } from '../domain/contract/subscription';
import { type CustomFields, decodeCustomFields, NO_CUSTOM_FIELDS } from '../domain/custom-fields';
import { issue, joinPath } from '../domain/decode';
import { CREDIT_MEMO_STATUSES, type CreditMemo, type CreditMemoLine } from '../domain/documents/credit-memo';
import type { Invoice, InvoiceLine, InvoiceLineKind } from '../domain/documents/invoice';
import type { CreditApplication } from '../domain/documents/settlement';
import type { Order } from '../domain/order/order';
import type {
  InvoiceSchedule,
  InvoiceScheduleItem,
  RemovalCut,
  ScheduleCharge,
  SpecificSubscription,
} from '../domain/schedule/schedule';
import type { BusinessDate } from '../time/date';
import { billRunAccountCodec, billRunCodec } from './bill-run-codecs';
import {
  aggregate,
  amount,
  bool,
  businessDate,
  type Codec,
  decimal,
  expecting,
  fraction,
  instant,
  integer,
  key,
  list,
  literal,
  nullable,
  oneOf,
  optional,
  struct,
  text,
  union,
  withDefault,
} from './codec';
import type { EntityName, VersionConflict } from './index';
import { orderCodec, subscriptionCodec } from './order-codecs';

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
 * A {@link BillRunAccount} (one account's part of a bill run) as stored.
 * @category Record codecs
 * @since 0.2.0
 */
export type BillRunAccountRecord = RecordOf<BillRunAccount>;

/**
 * A stored record could not be read back: a field is missing, has the wrong type, holds a value
 * outside its allowed set, or breaks a pairing with another field (`statusBeforePause` without
 * `status: 'Paused'`, `detachment` without `detached: true`, or the reverse; a schedule's `userNextRunDate` other
 * than its `nextRunDateOverride`) — a corrupt row, a
 * record written by another program, a hand edit. `path` names the field (`items[2].amount`,
 * `charges[1].detachment`, empty for the record itself).
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
 * `actualVersion` the stored one (`null` when absent). Unversioned aggregates (accounts, orders)
 * count as version 1 once stored; bill runs carry a `version` (since 0.2.0), so a conflict of
 * `billRuns.insert` names the stored run's version.
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
  // An insert of a key already stored. The host chooses the numbers of accounts, orders and subscriptions: one
  // taken is as often a setup run twice as a concurrent insert, and a retry mends only the second. The library
  // draws the others (invoices, schedules, runs…) or keys them by run and account: another operation made it.
  const chosen = entity === 'Account' || entity === 'Order' || entity === 'Subscription';
  const message =
    expectedVersion === 0 && actualVersion !== null
      ? chosen
        ? `${entity} ${key} already exists (stored version ${actualVersion}): the write inserts it as new. Use a number not yet taken, or load the stored one; if another operation was creating it at the same time, retry.`
        : `${entity} ${key} already exists (stored version ${actualVersion}): the write inserts it as new. Another operation created it at the same time (retry the operation), or the numbering sequence is behind the stored records.`
      : `${entity} ${key} was changed by someone else: the write expected ${wanted}, but ${found}. Reload it and retry the operation.`;
  return Object.freeze({
    type: 'VersionConflict' as const,
    message,
    entity,
    key,
    expectedVersion,
    actualVersion,
  });
}

// ---------------------------------------------------------------------------------------------
// The aggregates (orders and subscriptions are in ./order-codecs, the toolkit in ./codec)
// ---------------------------------------------------------------------------------------------

const accountCodec: Codec<Account, AccountRecord> = struct({
  id: key,
  number: key,
  name: text,
  currency: key,
});

const SCHEDULE_STATUSES = ['Pending', 'PartiallyProcessed', 'FullyProcessed'] as const;

/** The custom fields `decodeCustomFields` reads from `input` (encoded as they are), or `undefined`. */
function readCustomFields(input: unknown): CustomFields | undefined {
  if (input === NO_CUSTOM_FIELDS) return NO_CUSTOM_FIELDS;
  const read = decodeCustomFields(input, '');
  return read.isOk() ? read.value : undefined;
}

// Issue 13: custom fields are checked on the way in as in a request (names, bounds, JSON values).
// Records written before 0.2.0 have none: they read back with `{}`.
const customFields = withDefault<CustomFields, RecordOf<CustomFields>>(
  {
    encode: (value) => value,
    decode: decodeCustomFields,
    adopt: readCustomFields,
    read: readCustomFields,
  },
  NO_CUSTOM_FIELDS,
);

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
  // Records written before 0.2.0 have no due date.
  dueDate: withDefault(nullable(businessDate), null),
  creditMemoNumbers: list(key),
  generation: integer(0),
  customFields,
});

const chargeFields = {
  orderNumber: key,
  subscriptionNumber: key,
  chargeNumber: key,
  billedAmount: amount,
  // Added in 0.2.0: older records read back with null (the next line starts where the billed amount gives).
  servedThrough: withDefault(nullable(struct({ end: businessDate, endDayPartial: bool })), null),
};

const attachedChargeCodec = struct({
  ...chargeFields,
  detached: expecting(literal(false), 'true or false'),
  detachment: expecting(literal(null), 'null, since detached is false'),
});

const detachedChargeCodec = struct({
  ...chargeFields,
  detached: literal(true),
  detachment: expecting(
    struct({
      subscriptionVersion: integer(1),
      processingMark: integer(0),
      // Added in 0.2.0: older records read back without the value (the charge's current value is used).
      value: withDefault(nullable(fraction), null),
      // Added in 0.2.0, after the value: older records read back without the set's total and value (standard
      // billing bills the charge its own rounding).
      total: withDefault(nullable(amount), null),
      setValue: withDefault(nullable(fraction), null),
      // Added in 0.2.0, after the set's total: absent from older records, and left out when absent (standard
      // billing then bills a raise of the charge from its start as before).
      servedValue: optional(nullable(fraction)),
      // Added in 0.2.0, after the served value: absent from older records, and left out when absent (every
      // invoice of the schedule is then locked by the detach, as before).
      invoiceNumbers: optional(list(key)),
    }),
    'an object with the fields subscriptionVersion, processingMark, value, total, setValue and optionally servedValue and invoiceNumbers, since detached is true',
  ),
});

// `detachment` is set exactly when `detached` is true: a record breaking the pairing is rejected,
// naming `charges[i].detachment`.
const scheduleChargeCodec: Codec<ScheduleCharge, RecordOf<ScheduleCharge>> = union('detached', (detached) =>
  detached === true ? detachedChargeCodec : attachedChargeCodec,
);

const removalCutCodec: Codec<RemovalCut, RecordOf<RemovalCut>> = struct({
  effectiveDates: list(businessDate),
  itemId: key,
  chargeKeys: optional(list(key)),
});

const specificSubscriptionCodec: Codec<SpecificSubscription, RecordOf<SpecificSubscription>> = struct({
  orderNumber: key,
  subscriptionNumber: key,
  chargeNumbers: list(key),
});

// Issue 13: who saved a record and when, stamped by the operations; absent on records saved before 0.2.0.
const audit = {
  createdAt: optional(instant),
  createdBy: optional(nullable(text)),
  updatedAt: optional(instant),
  updatedBy: optional(nullable(text)),
};

const scheduleHead = {
  id: key,
  number: key,
  accountNumber: key,
  currency: key,
};

const scheduleTail = {
  totalAmount: amount,
  actualAmount: amount,
  billedAmount: amount,
  unbilledAmount: amount,
  nextRunDate: nullable(businessDate),
  nextRunDateOverride: nullable(businessDate),
  notes: text,
  invoiceSeparately: bool,
  customFields,
  orders: list(key),
  specificSubscriptions: list(specificSubscriptionCodec),
  additionalSubscriptionsToBill: list(key),
  charges: list(scheduleChargeCodec),
  items: list(scheduleItemCodec),
  deleted: optional(literal(true)),
  removalCuts: optional(list(removalCutCodec)),
  userNextRunDate: optional(businessDate),
  ...audit,
  version: integer(1),
};

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

// The fields keep their order in both variants: head, the status pair, tail.
const unpausedScheduleCodec = struct({
  ...scheduleHead,
  status: expecting(oneOf(SCHEDULE_STATUSES), `one of ${quoted([...SCHEDULE_STATUSES, 'Paused'])}`),
  statusBeforePause: expecting(literal(null), "null, since status is not 'Paused'"),
  ...scheduleTail,
});

const pausedScheduleCodec = struct({
  ...scheduleHead,
  status: literal('Paused'),
  statusBeforePause: expecting(
    oneOf(SCHEDULE_STATUSES),
    `the status before the pause (one of ${quoted(SCHEDULE_STATUSES)}), since status is 'Paused'`,
  ),
  ...scheduleTail,
});

// `statusBeforePause` is set exactly when `status` is 'Paused': a record breaking the pairing is
// rejected, naming `statusBeforePause`.
const statusPairedScheduleCodec: Codec<InvoiceSchedule, InvoiceScheduleRecord> = union('status', (status) =>
  status === 'Paused' ? pausedScheduleCodec : unpausedScheduleCodec,
);

/** `userNextRunDate` is recorded only while `nextRunDateOverride` is that date (review 196). */
const userDatePaired = (s: InvoiceSchedule): boolean =>
  s.userNextRunDate === undefined || s.userNextRunDate === s.nextRunDateOverride;

// `userNextRunDate`, when present, is the date in `nextRunDateOverride`: a record breaking the pairing is rejected,
// naming `userNextRunDate` (read, it showed a date the user set that nothing used, and an update that changed nothing
// saved a new version to drop it).
const invoiceScheduleCodec: Codec<InvoiceSchedule, InvoiceScheduleRecord> = {
  encode: statusPairedScheduleCodec.encode,
  decode: (input, path, context) =>
    statusPairedScheduleCodec
      .decode(input, path, context)
      .andThen((s) =>
        userDatePaired(s)
          ? ok(s)
          : issue(
              joinPath(path, 'userNextRunDate'),
              `the same date as nextRunDateOverride (${JSON.stringify(s.nextRunDateOverride)}), or no field`,
              s.userNextRunDate,
            ),
      ),
  adopt: (value) => {
    const s = statusPairedScheduleCodec.adopt(value);
    return s !== undefined && userDatePaired(s) ? s : undefined;
  },
  read: (input) => {
    const s = statusPairedScheduleCodec.read(input);
    return s !== undefined && userDatePaired(s) ? s : undefined;
  },
};

const LINE_KINDS = ['Charge', 'Discount', 'Additional'] as const;

const chargeLineCodec = struct({
  id: key,
  kind: expecting(oneOf(['Charge', 'Discount']), `one of ${quoted(LINE_KINDS)}`),
  subscriptionNumber: key,
  chargeNumber: key,
  chargeName: text,
  appliesToChargeNumber: nullable(key),
  amount: amount,
  serviceStartDate: businessDate,
  serviceEndDate: businessDate,
  invoiceScheduleNumber: nullable(key),
  invoiceScheduleItemId: nullable(key),
  customFields,
});

/** Exactly `value`, typed as the wider field it fills (the fixed fields of an additional line). */
function fixed<W extends string | null>(value: W, why: string): Codec<W, W> {
  return {
    encode: (v) => v,
    decode: (input, path) =>
      input === value ? ok(value) : issue(path, `${JSON.stringify(value)} (${why})`, input),
    adopt: (input) => (input === value ? value : undefined),
    read: (input) => (input === value ? value : undefined),
  };
}

// An additional line (a host's hook, since 0.2.0) bills no charge and names no schedule: those fields are
// fixed, so a record that breaks the pairing is rejected at the field.
const NO_CHARGE = 'an additional line bills no charge';
const additionalLineCodec = struct({
  id: key,
  kind: fixed<InvoiceLineKind>('Additional', 'the kind of this line'),
  subscriptionNumber: fixed<string>('', NO_CHARGE),
  chargeNumber: fixed<string>('', NO_CHARGE),
  chargeName: key,
  appliesToChargeNumber: fixed<string | null>(null, NO_CHARGE),
  amount: amount,
  serviceStartDate: businessDate,
  serviceEndDate: businessDate,
  invoiceScheduleNumber: fixed<string | null>(null, 'an additional line names no schedule'),
  invoiceScheduleItemId: fixed<string | null>(null, 'an additional line names no schedule item'),
  customFields,
});

const invoiceLineCodec: Codec<InvoiceLine, RecordOf<InvoiceLine>> = union('kind', (kind) =>
  kind === 'Additional' ? additionalLineCodec : chargeLineCodec,
);

const creditApplicationCodec: Codec<CreditApplication, RecordOf<CreditApplication>> = struct({
  invoiceNumber: key,
  creditMemoNumber: key,
  amount: amount,
  appliedAt: instant,
});

// Records written before 0.2.0 have no applications: they read back with none.
const creditApplications = withDefault(list(creditApplicationCodec), Object.freeze([]));

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
  creditApplications,
  ...audit,
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
  status: oneOf(CREDIT_MEMO_STATUSES),
  amount: amount,
  lines: list(creditMemoLineCodec),
  billRunNumber: nullable(key),
  applications: creditApplications,
  ...audit,
  version: integer(1),
});

// ---------------------------------------------------------------------------------------------
// Public functions: each aggregate's encode and decode, under the names hosts call
// ---------------------------------------------------------------------------------------------

const ACCOUNT = aggregate('Account', accountCodec, true);
const ORDER = aggregate('Order', orderCodec, true);
const SUBSCRIPTION = aggregate('Subscription', subscriptionCodec, true);
const INVOICE_SCHEDULE = aggregate('InvoiceSchedule', invoiceScheduleCodec, true);
const INVOICE = aggregate('Invoice', invoiceCodec, true);
const BILL_RUN = aggregate('BillRun', billRunCodec, false);
const BILL_RUN_ACCOUNT = aggregate('BillRunAccount', billRunAccountCodec, false);
const CREDIT_MEMO = aggregate('CreditMemo', creditMemoCodec, true);

/**
 * Each aggregate's quick read of a record (no Result or path per field; `undefined` when it fails) and its
 * decode the long way, which `fromXxxRecord` falls back to when the quick read fails: for the tests that
 * compare the two. Not exported from the package.
 * @internal
 */
export const readRecordQuickly = Object.freeze({
  account: ACCOUNT.read,
  order: ORDER.read,
  subscription: SUBSCRIPTION.read,
  invoiceSchedule: INVOICE_SCHEDULE.read,
  invoice: INVOICE.read,
  billRun: BILL_RUN.read,
  billRunAccount: BILL_RUN_ACCOUNT.read,
  creditMemo: CREDIT_MEMO.read,
});

/** See {@link readRecordQuickly}. @internal */
export const decodeRecordFully = Object.freeze({
  account: ACCOUNT.decodeFully,
  order: ORDER.decodeFully,
  subscription: SUBSCRIPTION.decodeFully,
  invoiceSchedule: INVOICE_SCHEDULE.decodeFully,
  invoice: INVOICE.decodeFully,
  billRun: BILL_RUN.decodeFully,
  billRunAccount: BILL_RUN_ACCOUNT.decodeFully,
  creditMemo: CREDIT_MEMO.decodeFully,
});

/**
 * Each aggregate's `decode(encode(value))` without the round trip, or `undefined` when it cannot vouch for
 * the value (see `Codec.adopt`): how the stores check a value they save. Not exported from the package.
 * @internal
 */
export const adoptRecord = Object.freeze({
  account: ACCOUNT.adopt,
  order: ORDER.adopt,
  subscription: SUBSCRIPTION.adopt,
  invoiceSchedule: INVOICE_SCHEDULE.adopt,
  invoice: INVOICE.adopt,
  billRun: BILL_RUN.adopt,
  billRunAccount: BILL_RUN_ACCOUNT.adopt,
  creditMemo: CREDIT_MEMO.adopt,
});

/**
 * The JSON record of an account.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const toAccountRecord: (account: Account) => AccountRecord = ACCOUNT.encode;

/**
 * Reads an account record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const fromAccountRecord: (record: unknown) => Result<Account, InvalidRecord> = ACCOUNT.decode;

/**
 * The JSON record of an order.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const toOrderRecord: (order: Order) => OrderRecord = ORDER.encode;

/**
 * Reads an order record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const fromOrderRecord: (record: unknown) => Result<Order, InvalidRecord> = ORDER.decode;

/**
 * The JSON record of a subscription.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const toSubscriptionRecord: (subscription: Subscription) => SubscriptionRecord = SUBSCRIPTION.encode;

/**
 * Reads a subscription record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const fromSubscriptionRecord: (record: unknown) => Result<Subscription, InvalidRecord> =
  SUBSCRIPTION.decode;

/**
 * The JSON record of an invoice schedule.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const toInvoiceScheduleRecord: (schedule: InvoiceSchedule) => InvoiceScheduleRecord =
  INVOICE_SCHEDULE.encode;

/**
 * Reads an invoice schedule record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const fromInvoiceScheduleRecord: (record: unknown) => Result<InvoiceSchedule, InvalidRecord> =
  INVOICE_SCHEDULE.decode;

/**
 * The JSON record of an invoice.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const toInvoiceRecord: (invoice: Invoice) => InvoiceRecord = INVOICE.encode;

/**
 * Reads an invoice record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const fromInvoiceRecord: (record: unknown) => Result<Invoice, InvalidRecord> = INVOICE.decode;

/**
 * The JSON record of a bill run.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const toBillRunRecord: (billRun: BillRun) => BillRunRecord = BILL_RUN.encode;

/**
 * Reads a bill run record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const fromBillRunRecord: (record: unknown) => Result<BillRun, InvalidRecord> = BILL_RUN.decode;

/**
 * The JSON record of one account's part of a bill run.
 * @category Record codecs
 * @since 0.2.0
 * @function
 */
export const toBillRunAccountRecord: (part: BillRunAccount) => BillRunAccountRecord = BILL_RUN_ACCOUNT.encode;

/**
 * Reads a bill run account part back, validating every field.
 * @category Record codecs
 * @since 0.2.0
 * @function
 */
export const fromBillRunAccountRecord: (record: unknown) => Result<BillRunAccount, InvalidRecord> =
  BILL_RUN_ACCOUNT.decode;

/**
 * The JSON record of a credit memo.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const toCreditMemoRecord: (creditMemo: CreditMemo) => CreditMemoRecord = CREDIT_MEMO.encode;

/**
 * Reads a credit memo record back, validating every field.
 * @category Record codecs
 * @since 0.1.0
 * @function
 */
export const fromCreditMemoRecord: (record: unknown) => Result<CreditMemo, InvalidRecord> =
  CREDIT_MEMO.decode;
