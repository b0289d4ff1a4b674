// The stores' cheap check of a saved value (the memory store's; the PostgreSQL adapter's before it
// encodes): instead of encoding a value to its record and decoding that back (`ports/records.ts`), a shape
// walks the value once and returns what the codecs' round trip would give — the same fields in the codec's
// order, frozen, amounts as Decimals of our clone — or `undefined` when it cannot vouch for the value; the
// save then takes the codecs' path as before (which also words the error). Objects and arrays are copied (a
// caller keeps its own); a Decimal of our clone is frozen where it is, not copied (decimal.js never changes
// one; freezing makes that a guarantee). What is identical to the stored value's part at the same place is
// kept as it is: the store made it.
//
// Each shape mirrors a codec of `ports/records.ts` and may only be stricter: a field it does not know (one
// added to a codec) makes it decline, as does anything it is unsure of (a Decimal of another clone, a
// field a codec would default, credit applications). Only the aggregates a bill run saves have one;
// test/unit/memory-shapes.test.ts compares them with the codecs.
import type { BillRunAccount, BillRunFailure } from '../domain/billing/bill-run';
import { type CustomFields, decodeCustomFields, NO_CUSTOM_FIELDS } from '../domain/custom-fields';
import type { Invoice, InvoiceLine } from '../domain/documents/invoice';
import type {
  InvoiceSchedule,
  InvoiceScheduleItem,
  RemovalCut,
  ScheduleCharge,
  SpecificSubscription,
} from '../domain/schedule/schedule';
import { getCurrency } from '../money/currency';
import { parseBusinessDate } from '../time/date';
import { parseFraction } from '../time/rational';
import { adoptDecimal, instant } from './codec';

/**
 * The value the codecs' round trip would give for `input`, or `undefined` (take the codecs' path).
 * `stored` is the value stored under the same key, if any: its parts are known good.
 */
export type Shape<T> = (input: unknown, stored: T | undefined) => T | undefined;

/** The shapes of one store. */
export interface Shapes {
  readonly invoiceSchedule: Shape<InvoiceSchedule>;
  readonly invoice: Shape<Invoice>;
  readonly billRunAccount: Shape<BillRunAccount>;
}

type Fields = Readonly<Record<string, unknown>>;

const SCHEDULE_STATUSES: readonly unknown[] = ['Pending', 'PartiallyProcessed', 'FullyProcessed'];
const ITEM_STATUSES: readonly unknown[] = ['Pending', 'Executing', 'Processed'];
const LINE_KINDS: readonly unknown[] = ['Charge', 'Discount'];
const INVOICE_STATUSES: readonly unknown[] = ['Draft', 'Posted', 'Canceled', 'Reversed'];
const PART_STATUSES: readonly unknown[] = ['Billed', 'Failed'];
const EMPTY: readonly never[] = Object.freeze([]);
/** The optional audit fields (`optional` in the codecs: written when not `undefined`), in codec order. */
const AUDIT = ['createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;
const OPTIONAL_SCHEDULE_FIELDS = ['deleted', 'removalCuts', 'userNextRunDate', ...AUDIT] as const;

/**
 * An object with exactly `count` enumerable fields, own or inherited, besides those of `optional` it has
 * (another field is one we do not know).
 */
function isObjectOf(input: unknown, count: number, optional: readonly string[] = []): input is Fields {
  if (typeof input !== 'object' || input === null) return false;
  let n = 0;
  // biome-ignore lint/correctness/noUnusedVariables: only counted.
  for (const name in input) n += 1;
  for (const name of optional) if (name in input) n -= 1;
  return n === count;
}

/** `out` frozen, or `undefined` if a field was declined. */
function complete<T extends object>(out: T): T | undefined {
  for (const name in out) if ((out as Fields)[name] === undefined) return undefined;
  return Object.freeze(out);
}

const key = (input: unknown): string | undefined =>
  typeof input === 'string' && input.length > 0 ? input : undefined;

const text = (input: unknown): string | undefined => (typeof input === 'string' ? input : undefined);

const nullableKey = (input: unknown): string | null | undefined => (input === null ? null : key(input));

const integer = (input: unknown, min: number): number | undefined =>
  typeof input === 'number' && Number.isSafeInteger(input) && input >= min ? input : undefined;

const among = <T>(input: unknown, values: readonly unknown[]): T | undefined =>
  values.includes(input) ? (input as T) : undefined;

/** A frozen array of `element`s (each given the stored array's element at its place). */
function list<T>(
  input: unknown,
  stored: readonly T[] | undefined,
  element: (input: unknown, stored: T | undefined) => T | undefined,
): readonly T[] | undefined {
  if (stored !== undefined && input === stored) return stored;
  if (!Array.isArray(input)) return undefined;
  if (input.length === 0) return EMPTY;
  // Sized up front: an array grown by `push` keeps 17 slots for one element, and this one is stored.
  const out: T[] = new Array(input.length);
  for (let i = 0; i < input.length; i += 1) {
    const value = element(input[i], stored?.[i]);
    if (value === undefined) return undefined;
    out[i] = value;
  }
  return Object.freeze(out);
}

const keys = (input: unknown, stored: readonly string[] | undefined): readonly string[] | undefined =>
  list(input, stored, key);

/** Fields a detachment may lack: made before it recorded them. */
const OPTIONAL_DETACHMENT_FIELDS = ['total', 'setValue', 'servedValue', 'invoiceNumbers'] as const;

/** The text of an exact fraction (as the `fraction` codec reads one), or `null`. */
const fractionText = (input: unknown): string | null | undefined =>
  input === null ? null : parseFraction(input) !== null ? (input as string) : undefined;

/** The shapes of one store (with its own memo of the dates it has checked). */
export function createShapes(): Shapes {
  // Each date checked, as the copy kept: equal dates of stored values share one string.
  const dates = new Map<string, string>();

  // A Decimal as the codecs' `amount` adopts it (one frozen zero for any zero).
  const amount = adoptDecimal;

  function date(input: unknown): string | undefined {
    if (typeof input !== 'string') return undefined;
    const known = dates.get(input);
    if (known !== undefined) return known;
    if (parseBusinessDate(input).isErr()) return undefined;
    // Bounded: a store that sees very many distinct dates starts the memo again.
    if (dates.size >= 10_000) dates.clear();
    dates.set(input, input);
    return input;
  }

  const nullableDate = (input: unknown): string | null | undefined => (input === null ? null : date(input));

  // The codec's own check of an instant (it parses the text as a date); the last one passed is remembered,
  // as a bill run stamps one clock reading on everything it saves.
  let lastInstant: string | undefined;
  function instantOf(input: unknown): string | undefined {
    if (typeof input !== 'string') return undefined;
    if (input === lastInstant) return lastInstant;
    if (instant.decode(input, '', { scale: 0 }).isErr()) return undefined;
    lastInstant = input;
    return input;
  }

  /** Copies the audit fields `input` has into `out`, in codec order; `false` if one is not what it should be. */
  function audit(input: Fields, out: Record<string, unknown>): boolean {
    for (const name of AUDIT) {
      const value = input[name];
      if (value === undefined) continue;
      const checked =
        name === 'createdAt' || name === 'updatedAt' ? instantOf(value) : value === null ? null : text(value);
      if (checked === undefined) return false;
      out[name] = checked;
    }
    return true;
  }

  function customFields(input: unknown, stored: CustomFields | undefined): CustomFields | undefined {
    if (input === NO_CUSTOM_FIELDS) return NO_CUSTOM_FIELDS;
    if (stored !== undefined && input === stored) return stored;
    const read = decodeCustomFields(input, '');
    return read.isOk() ? read.value : undefined;
  }

  function item(input: unknown, stored: InvoiceScheduleItem | undefined): InvoiceScheduleItem | undefined {
    if (stored !== undefined && input === stored) return stored;
    if (!isObjectOf(input, 15)) return undefined;
    return complete({
      id: key(input.id),
      sequence: integer(input.sequence, 1),
      name: input.name === null ? null : text(input.name),
      runDate: nullableDate(input.runDate),
      amount: amount(input.amount),
      percentage: input.percentage === null ? null : amount(input.percentage),
      actualAmount: amount(input.actualAmount),
      billedAmount: amount(input.billedAmount),
      targetDateForAdditionalSubscriptions: nullableDate(input.targetDateForAdditionalSubscriptions),
      status: among(input.status, ITEM_STATUSES),
      invoiceNumber: nullableKey(input.invoiceNumber),
      dueDate: nullableDate(input.dueDate),
      creditMemoNumbers: keys(input.creditMemoNumbers, stored?.creditMemoNumbers),
      generation: integer(input.generation, 0),
      customFields: customFields(input.customFields, stored?.customFields),
    }) as InvoiceScheduleItem | undefined;
  }

  function charge(input: unknown, stored: ScheduleCharge | undefined): ScheduleCharge | undefined {
    if (stored !== undefined && input === stored) return stored;
    // A charge without `servedThrough` (the codec defaults it) is declined.
    if (!isObjectOf(input, 7)) return undefined;
    // `detachment` is set exactly when `detached` is true.
    const detached = input.detached === true;
    const detachment = input.detachment;
    return complete({
      orderNumber: key(input.orderNumber),
      subscriptionNumber: key(input.subscriptionNumber),
      chargeNumber: key(input.chargeNumber),
      billedAmount: amount(input.billedAmount),
      servedThrough: servedThrough(input.servedThrough, stored?.servedThrough),
      detached: detached ? true : input.detached === false ? false : undefined,
      detachment: !detached
        ? detachment === null
          ? null
          : undefined
        : isObjectOf(detachment, 3, OPTIONAL_DETACHMENT_FIELDS)
          ? complete({
              subscriptionVersion: integer(detachment.subscriptionVersion, 1),
              processingMark: integer(detachment.processingMark, 0),
              value: fractionText(detachment.value),
              // A detachment made before the set's total and value were recorded has neither.
              total:
                detachment.total === undefined || detachment.total === null ? null : amount(detachment.total),
              setValue: detachment.setValue === undefined ? null : fractionText(detachment.setValue),
              // Optional in the codec too: left out when absent.
              ...(detachment.servedValue === undefined
                ? {}
                : { servedValue: fractionText(detachment.servedValue) }),
              ...(detachment.invoiceNumbers === undefined
                ? {}
                : {
                    invoiceNumbers: keys(
                      detachment.invoiceNumbers,
                      stored?.detached === true ? stored.detachment.invoiceNumbers : undefined,
                    ),
                  }),
            })
          : undefined,
    }) as ScheduleCharge | undefined;
  }

  function servedThrough(
    input: unknown,
    stored: ScheduleCharge['servedThrough'] | undefined,
  ): ScheduleCharge['servedThrough'] | undefined {
    if (input === null) return null;
    if (stored !== undefined && input === stored) return stored;
    if (!isObjectOf(input, 2) || typeof input.endDayPartial !== 'boolean') return undefined;
    return complete({ end: date(input.end), endDayPartial: input.endDayPartial }) as
      | ScheduleCharge['servedThrough']
      | undefined;
  }

  function specificSubscription(
    input: unknown,
    stored: SpecificSubscription | undefined,
  ): SpecificSubscription | undefined {
    if (stored !== undefined && input === stored) return stored;
    if (!isObjectOf(input, 3)) return undefined;
    return complete({
      orderNumber: key(input.orderNumber),
      subscriptionNumber: key(input.subscriptionNumber),
      chargeNumbers: keys(input.chargeNumbers, stored?.chargeNumbers),
    }) as SpecificSubscription | undefined;
  }

  function removalCut(input: unknown, stored: RemovalCut | undefined): RemovalCut | undefined {
    if (stored !== undefined && input === stored) return stored;
    if (!isObjectOf(input, 2, ['chargeKeys'])) return undefined;
    return complete({
      effectiveDates: list(input.effectiveDates, stored?.effectiveDates, date),
      itemId: key(input.itemId),
      // Optional in the codec too: left out when absent.
      ...(input.chargeKeys === undefined ? {} : { chargeKeys: keys(input.chargeKeys, stored?.chargeKeys) }),
    }) as RemovalCut | undefined;
  }

  function invoiceSchedule(input: unknown, stored: InvoiceSchedule | undefined): InvoiceSchedule | undefined {
    if (!isObjectOf(input, 21, OPTIONAL_SCHEDULE_FIELDS)) return undefined;
    // `statusBeforePause` is set exactly when `status` is 'Paused'.
    const paused = input.status === 'Paused';
    const out: Record<string, unknown> = {
      id: key(input.id),
      number: key(input.number),
      accountNumber: key(input.accountNumber),
      currency:
        typeof input.currency === 'string' && getCurrency(input.currency).isOk() ? input.currency : undefined,
      status: paused ? 'Paused' : among(input.status, SCHEDULE_STATUSES),
      statusBeforePause: paused
        ? among(input.statusBeforePause, SCHEDULE_STATUSES)
        : input.statusBeforePause === null
          ? null
          : undefined,
      totalAmount: amount(input.totalAmount),
      actualAmount: amount(input.actualAmount),
      billedAmount: amount(input.billedAmount),
      unbilledAmount: amount(input.unbilledAmount),
      nextRunDate: nullableDate(input.nextRunDate),
      nextRunDateOverride: nullableDate(input.nextRunDateOverride),
      notes: text(input.notes),
      invoiceSeparately: typeof input.invoiceSeparately === 'boolean' ? input.invoiceSeparately : undefined,
      customFields: customFields(input.customFields, stored?.customFields),
      orders: keys(input.orders, stored?.orders),
      specificSubscriptions: list(
        input.specificSubscriptions,
        stored?.specificSubscriptions,
        specificSubscription,
      ),
      additionalSubscriptionsToBill: keys(
        input.additionalSubscriptionsToBill,
        stored?.additionalSubscriptionsToBill,
      ),
      charges: list(input.charges, stored?.charges, charge),
      items: list(input.items, stored?.items, item),
    };
    const { deleted, removalCuts, userNextRunDate } = input;
    if (deleted === true) out.deleted = true;
    else if (deleted !== undefined) return undefined;
    if (removalCuts !== undefined) {
      const cuts = list(removalCuts, stored?.removalCuts, removalCut);
      if (cuts === undefined) return undefined;
      out.removalCuts = cuts;
    }
    if (userNextRunDate !== undefined) {
      const day = date(userNextRunDate);
      // Only while the override is that date (the codec words the refusal).
      if (day === undefined || day !== out.nextRunDateOverride) return undefined;
      out.userNextRunDate = day;
    }
    if (!audit(input, out)) return undefined;
    out.version = integer(input.version, 1);
    return complete(out) as InvoiceSchedule | undefined;
  }

  function line(input: unknown, stored: InvoiceLine | undefined): InvoiceLine | undefined {
    if (stored !== undefined && input === stored) return stored;
    if (!isObjectOf(input, 12)) return undefined;
    // A host's additional line bills no charge and names no schedule: those fields are fixed.
    if (input.kind === 'Additional')
      return complete({
        id: key(input.id),
        kind: 'Additional',
        subscriptionNumber: input.subscriptionNumber === '' ? '' : undefined,
        chargeNumber: input.chargeNumber === '' ? '' : undefined,
        chargeName: key(input.chargeName),
        appliesToChargeNumber: input.appliesToChargeNumber === null ? null : undefined,
        amount: amount(input.amount),
        serviceStartDate: date(input.serviceStartDate),
        serviceEndDate: date(input.serviceEndDate),
        invoiceScheduleNumber: input.invoiceScheduleNumber === null ? null : undefined,
        invoiceScheduleItemId: input.invoiceScheduleItemId === null ? null : undefined,
        customFields: customFields(input.customFields, stored?.customFields),
      }) as InvoiceLine | undefined;
    return complete({
      id: key(input.id),
      kind: among(input.kind, LINE_KINDS),
      subscriptionNumber: key(input.subscriptionNumber),
      chargeNumber: key(input.chargeNumber),
      chargeName: text(input.chargeName),
      appliesToChargeNumber: nullableKey(input.appliesToChargeNumber),
      amount: amount(input.amount),
      serviceStartDate: date(input.serviceStartDate),
      serviceEndDate: date(input.serviceEndDate),
      invoiceScheduleNumber: nullableKey(input.invoiceScheduleNumber),
      invoiceScheduleItemId: nullableKey(input.invoiceScheduleItemId),
      customFields: customFields(input.customFields, stored?.customFields),
    }) as InvoiceLine | undefined;
  }

  function invoice(input: unknown, stored: Invoice | undefined): Invoice | undefined {
    if (!isObjectOf(input, 11, AUDIT)) return undefined;
    const applications = input.creditApplications;
    const out: Record<string, unknown> = {
      id: key(input.id),
      number: key(input.number),
      accountNumber: key(input.accountNumber),
      currency:
        typeof input.currency === 'string' && getCurrency(input.currency).isOk() ? input.currency : undefined,
      invoiceDate: date(input.invoiceDate),
      status: among(input.status, INVOICE_STATUSES),
      amount: amount(input.amount),
      lines: list(input.lines, stored?.lines, line),
      billRunNumber: nullableKey(input.billRunNumber),
      // Applications hold instants, which only the codec checks: none, or the stored ones.
      creditApplications:
        stored !== undefined && applications === stored.creditApplications
          ? stored.creditApplications
          : Array.isArray(applications) && applications.length === 0
            ? EMPTY
            : undefined,
    };
    if (!audit(input, out)) return undefined;
    out.version = integer(input.version, 1);
    return complete(out) as Invoice | undefined;
  }

  function failure(input: unknown): BillRunFailure | null | undefined {
    if (input === null) return null;
    if (!isObjectOf(input, 3)) return undefined;
    return complete({
      accountNumber: key(input.accountNumber),
      errorType: key(input.errorType),
      message: text(input.message),
    }) as BillRunFailure | undefined;
  }

  function billRunAccount(input: unknown, stored: BillRunAccount | undefined): BillRunAccount | undefined {
    if (!isObjectOf(input, 8)) return undefined;
    return complete({
      billRunNumber: key(input.billRunNumber),
      accountNumber: key(input.accountNumber),
      status: among(input.status, PART_STATUSES),
      itemsProcessed: integer(input.itemsProcessed, 0),
      invoiceNumbers: keys(input.invoiceNumbers, stored?.invoiceNumbers),
      creditMemoNumbers: keys(input.creditMemoNumbers, stored?.creditMemoNumbers),
      failure: failure(input.failure),
      version: integer(input.version, 1),
    }) as BillRunAccount | undefined;
  }

  return { invoiceSchedule, invoice, billRunAccount };
}
