import type { Decimal } from 'decimal.js';
import { CURRENCIES, type Currency } from '../../money/currency';
import { decimalEquals, frozenDecimal, isSumReady, ZERO } from '../../money/decimal';
import { unitsAtScale, unitsToDecimal } from '../../money/minor';
import { type BusinessDate, compareDates } from '../../time/date';
import type { ServicePeriodEnd } from '../../time/service-period';
import type { Audited } from '../audit';
import type { CustomFields } from '../custom-fields';
import type { CreditMemoNumber, InvoiceNumber, InvoiceScheduleNumber } from '../numbers';
import { itemDraft, scheduleDraft } from './copy';

/**
 * Status of an invoice schedule (reference §3.1). `Paused` remembers the status it had.
 * @category Domain model
 * @since 0.1.0
 */
export type InvoiceScheduleStatus = 'Pending' | 'PartiallyProcessed' | 'FullyProcessed' | 'Paused';

/**
 * Status of an invoice schedule item (reference §3.2).
 * @category Domain model
 * @since 0.1.0
 */
export type InvoiceScheduleItemStatus = 'Pending' | 'Executing' | 'Processed';

/**
 * One invoice schedule item: an amount (or percentage) to invoice on a run date (reference §2.2).
 * @category Domain model
 * @since 0.1.0
 */
export interface InvoiceScheduleItem {
  /** Unique id of the item. */
  readonly id: string;
  /** 1-based position in run-date order (the UI's `#`). */
  readonly sequence: number;
  /** Optional label, e.g. "HTD". */
  readonly name: string | null;
  /** Tenant-zone date on which the item is processed; `null` (blank) is never processed automatically. */
  readonly runDate: BusinessDate | null;
  /** Amount to invoice as agreed; never changed by order changes. */
  readonly amount: Decimal;
  /** Share of the total (e.g. 20 for 20 %) when the item was defined by percentage. */
  readonly percentage: Decimal | null;
  /** "Actual Amount To Bill": what will really be billed after order changes (reference §8.2). */
  readonly actualAmount: Decimal;
  /** What processing billed, net of credit memos (decision 6). Zero while pending. */
  readonly billedAmount: Decimal;
  /**
   * "Target Date" for additional subscriptions; when `null`, the day the item runs: its run date, or the
   * schedule's `nextRunDate` it was pulled forward to (§7.7, decision 18).
   */
  readonly targetDateForAdditionalSubscriptions: BusinessDate | null;
  /** Pending, Executing or Processed. */
  readonly status: InvoiceScheduleItemStatus;
  /** Number of the invoice the item produced (current processing), if any. */
  readonly invoiceNumber: InvoiceNumber | null;
  /**
   * The day the item became due when it was processed with a document, an invoice or a credit memo (decision 18):
   * its run date, or the schedule's `nextRunDate` it was pulled forward to (a date you set, a credit's date, a
   * removal's date), never before the day an item processed earlier was due. Its own invoice's date, unless the invoice merged parts due on other days (decision 11: the
   * latest of them), so that canceling or reversing the invoice makes the item due again on its own day. `null`
   * while pending, for an item processed without a document, and in records written before 0.2.0. @since 0.2.0
   */
  readonly dueDate: BusinessDate | null;
  /** Numbers of credit memos linked to the item (decision 5). */
  readonly creditMemoNumbers: readonly CreditMemoNumber[];
  /**
   * How many times the item went back to Pending after processing (canceled or reversed invoice).
   * Part of the item's execution key, so a retried execution never bills twice (decision 14).
   */
  readonly generation: number;
  /**
   * The host's custom fields of the item (`PONumber__c`, …), `{}` when none; copied onto every invoice
   * line the item bills. They change like the item's other fields: only while it is not processed.
   * Records written before 0.2.0 have no such field and read back with `{}`.
   * @since 0.2.0
   */
  readonly customFields: CustomFields;
}

/**
 * The fields every {@link ScheduleCharge} has, attached or detached.
 * @category Domain model
 * @since 0.1.0
 */
export interface ScheduleChargeBase {
  /** Order that created the charge's subscription. */
  readonly orderNumber: string;
  /** Subscription number. */
  readonly subscriptionNumber: string;
  /** Charge number, unique within the subscription. */
  readonly chargeNumber: string;
  /** Net amount billed on this charge through the schedule (invoices minus credit memos). */
  readonly billedAmount: Decimal;
  /**
   * Where the charge's lines billed through the schedule have served through: the end day of its latest charge
   * line, and whether that day was only partly consumed (§7.4, §7.5). The charge's next line never starts before
   * it — on that day when it was partly consumed, the day after otherwise (decision 3) — even when an order
   * change moved the charge's total, from which the start is otherwise recomputed (a cut short charge's next line
   * would start days before the previous one ended, billing them again). Set by the execution that bills a line
   * of the charge; when the charge's latest invoice from the schedule is canceled or reversed, the day that
   * invoice's line of the charge started, partly consumed (billed again, the line starts that same day); after a
   * credit memo of the schedule that reaches before it, the credit's start, partly consumed. Kept through a detach
   * and an attach (§5.5: nothing billed outside the schedule and no item processed in between), and read by
   * standard billing for a detached charge. `null` on a charge no line billed yet, and in records written before
   * 0.2.0, which have no such field: the next line then starts where the charge's billed amount gives.
   * @since 0.2.0
   */
  readonly servedThrough: ServicePeriodEnd | null;
}

/**
 * A {@link ScheduleCharge} the schedule bills: not detached, so no detachment is recorded.
 * @category Domain model
 * @since 0.1.0
 */
export interface AttachedChargeState {
  /** False: the schedule's items bill the charge. */
  readonly detached: false;
  /** Always `null` while attached. */
  readonly detachment: null;
}

/**
 * A {@link ScheduleCharge} detached from the schedule (§5.4), with what attaching it back must find
 * unchanged (§5.5).
 * @category Domain model
 * @since 0.1.0
 */
export interface DetachedChargeState {
  /** True: the charge was detached from the schedule (§5.4). */
  readonly detached: true;
  /** What attaching it back must find unchanged (§5.5). */
  readonly detachment: ScheduleChargeDetachment;
}

/**
 * A charge covered by a schedule, with how much the schedule has billed on it so far. `detachment`
 * is set exactly when `detached` is true: check `detached` to narrow to one of the two states.
 * @category Domain model
 * @since 0.1.0
 */
export type ScheduleCharge = ScheduleChargeBase & (AttachedChargeState | DetachedChargeState);

/**
 * The state a detached charge was detached in: attaching it back (§5.5) requires the charge
 * unchanged (same subscription version) and no schedule item processed since.
 * @category Domain model
 * @since 0.1.0
 */
export interface ScheduleChargeDetachment {
  /** Version of the charge's subscription when it was detached. */
  readonly subscriptionVersion: number;
  /**
   * {@link processingMark} of the schedule when the charge was detached. An update that deletes a pending item whose
   * invoice was reverted (which lowers the mark) restamps it: with the new mark while no item was processed since,
   * else with one the schedule can never have again.
   */
  readonly processingMark: number;
  /**
   * The invoices the schedule had produced when the charge was detached (its processed items' invoices): they can
   * no longer be canceled or reversed while the charge stays detached (§5.4); an invoice produced later can.
   * Absent from records written before the field existed: every invoice of the schedule is locked then, as before.
   * @since 0.2.0
   */
  readonly invoiceNumbers?: readonly string[];
  /**
   * The charge's exact value (net of discounts) when it was detached, as the text of a fraction: `"1200"`,
   * `"-400/3"` (lowest terms; a value such as 1/3 has no exact decimal). The attached charges are still
   * rounded as a set with it (decision 2), so a later change to the detached charge's subscription — a price
   * update, a removal — never moves a rounding unit onto a charge the schedule already billed in full.
   * `null` in records written before the field existed: the charge's current value is used then, as before.
   * @since 0.2.0
   */
  readonly value: string | null;
  /**
   * What the schedule was to bill the charge in all when it was detached: its value rounded with the other
   * charges' as a set (decision 2; `ChargeState.total`), which can be a minor unit off its value rounded on its
   * own (three charges worth 333.33⅓ each are billed 333.34, 333.33 and 333.33). Standard billing bills the
   * detached charge up to this total while the charge is unchanged, not up to its own rounding, so the
   * contract's total stays exact and no document is issued for that unit alone (`planStandardBilling`). `null`
   * in records written before the field existed: standard billing then bills the charge its own rounding, as
   * before. It is the total the set rounding leaves the charge once detached: a detached charge ranks after the
   * attached ones for a tie (§7.2), so it can be a unit below the total the charge had while attached, that unit
   * passing to a charge still attached (records written before 0.2.0 hold the total before the detach). When that
   * unit goes to an attached charge's credit while the detached charge was billed it, standard billing credits
   * the detached charge the unit alone (the contract stays exact; docs/guides/detach-attach.md).
   * @since 0.2.0
   */
  readonly total: Decimal | null;
  /**
   * The exact value of the whole set the schedule rounded when the charge was detached (decision 2: every
   * charge's value, this one's and those of charges detached earlier included), as the text of a fraction like
   * `value`. After a change of the detached charge, standard billing bills it what keeps the set's billed total
   * equal to this value, changed by as much, rounded. `null` when `total` is.
   * @since 0.2.0
   */
  readonly setValue: string | null;
  /**
   * What the charge's days the schedule's lines served were worth when it was detached: its value from its start
   * through `ScheduleCharge.servedThrough`'s end, whole days priced as standard billing prices them (the tenant's
   * proration, §7.4), as the text of an exact fraction like `value` (no rounding unit to scale by: a JPY charge
   * of 7/yr served 1 through 2023-02-20 is worth exactly `"1"` there). When the charge is later raised from its
   * start (§8.5), standard billing bills those days their part of the raise with their own dates, scaling what the
   * schedule billed them by their worth now over this value (`planStandardBilling`). Absent or `null` (records
   * written before the field existed, a charge the schedule never served): standard billing bills the raise as
   * before, from the first day not fully billed.
   * @since 0.2.0
   */
  readonly servedValue?: string | null;
}

/**
 * A number that grows whenever an item of the schedule is processed (processed items plus the
 * times items were reverted), so "no item processed since" can be checked (§5.5). Deleting a pending item that was
 * reverted lowers it: the update that does restamps the marks recorded on the schedule.
 * @since 0.1.0
 */
export function processingMark(schedule: Pick<InvoiceSchedule, 'items'>): number {
  return schedule.items.reduce((acc, i) => acc + i.generation * 2 + (i.status === 'Processed' ? 1 : 0), 0);
}

/**
 * The invoices of a schedule's processed items, in item order, each once: those a detach locks (§5.4). @internal
 */
export function producedInvoiceNumbers(schedule: Pick<InvoiceSchedule, 'items'>): readonly string[] {
  const numbers = new Set<string>();
  for (const item of schedule.items) {
    if (item.status === 'Processed' && item.invoiceNumber !== null) numbers.add(item.invoiceNumber);
  }
  return Object.freeze([...numbers]);
}

/**
 * Narrows an order to some of its subscriptions, and optionally to some charges (§2.1).
 * @category Domain model
 * @since 0.1.0
 */
export interface SpecificSubscription {
  /** Order number (must be one of the schedule's orders). */
  readonly orderNumber: string;
  /** Subscription created or changed by that order. */
  readonly subscriptionNumber: string;
  /** Charge numbers to cover; empty means the whole subscription. */
  readonly chargeNumbers: readonly string[];
}

/**
 * The fields every {@link InvoiceSchedule} has, paused or not.
 * @category Domain model
 * @since 0.1.0
 */
export interface InvoiceScheduleBase extends Audited {
  /** Unique id. */
  readonly id: string;
  /** Sequence number, `IS-00000001`. */
  readonly number: InvoiceScheduleNumber;
  /** Owner account number. */
  readonly accountNumber: string;
  /** ISO 4217 code shared by every covered subscription. */
  readonly currency: string;
  /** Value of the covered charges when the covered set was defined; Σ item amounts. */
  readonly totalAmount: Decimal;
  /** What the schedule must really bill after order changes (§8.1). */
  readonly actualAmount: Decimal;
  /** Net amount billed through the schedule (decision 6). */
  readonly billedAmount: Decimal;
  /** `actualAmount − billedAmount`; negative when a credit is owed. */
  readonly unbilledAmount: Decimal;
  /** Run date of the next processing, or `null` (§6.6). */
  readonly nextRunDate: BusinessDate | null;
  /** A user override of `nextRunDate` (§6.6 rule 4); `null` when the default applies. */
  readonly nextRunDateOverride: BusinessDate | null;
  /** Free comment, at most 255 UTF-16 code units (JavaScript's `length`: an emoji counts 2). */
  readonly notes: string;
  /** Whether each item gets its own invoice (§7.8). */
  readonly invoiceSeparately: boolean;
  /**
   * The host's custom fields of the schedule, `{}` when none. Editable in every status, like `notes`
   * (decision 10); never copied onto documents (an item's own fields are). Records written before 0.2.0
   * have no such field and read back with `{}`.
   * @since 0.2.0
   */
  readonly customFields: CustomFields;
  /** Numbers of the covered orders (at most 10). */
  readonly orders: readonly string[];
  /** Narrowing of orders to subscriptions and charges. */
  readonly specificSubscriptions: readonly SpecificSubscription[];
  /** Subscriptions billed with standard billing along with each item (§7.7). */
  readonly additionalSubscriptionsToBill: readonly string[];
  /** Covered charges in consumption order, with their billed amounts. */
  readonly charges: readonly ScheduleCharge[];
  /** Items in run-date order. */
  readonly items: readonly InvoiceScheduleItem[];
  /**
   * `true` once the schedule was deleted (`deleteInvoiceSchedule`, issue 13): the record is kept, with its
   * charges released, and the operations treat it as gone (not found, not listed, never billed) unless
   * asked to include deleted schedules. Absent otherwise. @since 0.2.0
   */
  readonly deleted?: true;
  /**
   * Decision 19 (§8.4): orders removed or cancelled covered charges effective before the next pending item's run
   * date (or while its run date was blank: then every such date), so that item is due on the change's effective
   * date; one entry per item such changes moved. Kept apart from `nextRunDateOverride` (which the date is also
   * written to, unless the item's run date is blank) so that whatever clears the override — an update that sends
   * `items`, or `nextRunDate: null` — does not lose it: the next revision of the schedule moves `nextRunDate` back
   * to it, as it does for a credit's date. Absent when no such change happened.
   * @since 0.2.0
   */
  readonly removalCuts?: readonly RemovalCut[];
  /**
   * The `nextRunDate` the user set (`updateInvoiceSchedule`, §6.6 rule 4), recorded while `nextRunDateOverride`
   * is still that date: a later revision of the schedule (an update of its notes, a detach, an owner transfer, an
   * order touching its charges) keeps it, also when it comes after the day a credit falls due or a removal takes
   * effect — it postponed them, and they used to take the date back (review 175). An order made after it that
   * removes or cancels a covered charge as of an earlier day, while items are pending, moves it to that day
   * (decision 19), and the day moved to is recorded here in its place: it holds against the credits the user's
   * date was set over as that date did (reviews 190, 229). Whatever else moves or clears the override
   * (`nextRunDate: null`, an update that sends `items`, the processing it causes, a canceled or reversed invoice of
   * the schedule) drops it. Absent otherwise: a date the library set, or none. Records written before it read
   * back without it.
   * @since 0.2.0
   */
  readonly userNextRunDate?: BusinessDate;
  /** Optimistic-concurrency version, 1 when created. */
  readonly version: number;
}

/**
 * The removals and cancellations of covered charges that moved a schedule's next processing forward (decision 19,
 * §8.4), by the item that was next when they happened (with a blank run date, they move it once the date is filled
 * in). They hold while that item is pending: the first pending item (that one, or one billed again or added before
 * it) is due on their earliest date still standing before its run date. Billing an item before it uses up the dates
 * on or before the day that item was due, and a credit memo issued with no item (the next run date blank) those on
 * or before the day its credits fell due; billing the item itself leaves them inert until its invoice is canceled
 * or reversed, which brings them back (without the dates before the day it was due); an update that deletes the
 * item passes them to the pending item next in its place.
 * @category Domain model
 * @since 0.2.0
 */
export interface RemovalCut {
  /**
   * The changes' effective dates, ascending, each once. One applies while a charge still attached is cut on it:
   * detaching a charge takes its date away and leaves the others.
   */
  readonly effectiveDates: readonly BusinessDate[];
  /** The id of the item that was next (the first pending item) when the changes happened. */
  readonly itemId: string;
  /**
   * The covered charges the changes cut (`chargeKey`: `<subscriptionNumber>/<chargeNumber>`), ascending: a date
   * stands while one of them is attached and still cut on it — not while another charge merely ends the day before
   * by its own term (review 170). Absent on cuts recorded before 0.2.0 (any attached charge cut on a date holds it).
   * @since 0.2.0
   */
  readonly chargeKeys?: readonly string[];
}

/**
 * The status of an {@link InvoiceSchedule} that is not paused: derived from its items, with no
 * status before pause.
 * @category Domain model
 * @since 0.1.0
 */
export interface UnpausedScheduleState {
  /** Current status, derived from the items. */
  readonly status: Exclude<InvoiceScheduleStatus, 'Paused'>;
  /** Always `null` when not paused. */
  readonly statusBeforePause: null;
}

/**
 * The status of a paused {@link InvoiceSchedule} (§5.3): `Paused`, remembering the status its items
 * derive.
 * @category Domain model
 * @since 0.1.0
 */
export interface PausedScheduleState {
  /** `Paused`. */
  readonly status: 'Paused';
  /** Status held before pausing, kept derived from the items while paused. */
  readonly statusBeforePause: Exclude<InvoiceScheduleStatus, 'Paused'>;
}

/**
 * An invoice schedule (reference §2.1): splits the value of the covered charges into items.
 * Immutable; every operation returns a new value with `version` incremented by the store.
 * `statusBeforePause` is set exactly when `status` is `Paused`: check `status` to narrow to one of
 * the two states.
 * @category Domain model
 * @since 0.1.0
 */
export type InvoiceSchedule = InvoiceScheduleBase & (UnpausedScheduleState | PausedScheduleState);

/** Key of a charge inside a schedule. @internal */
export function chargeKey(subscriptionNumber: string, chargeNumber: string): string {
  return `${subscriptionNumber}/${chargeNumber}`;
}

/**
 * The status the items imply, ignoring a pause (reference §3.1).
 * @since 0.1.0
 */
export function deriveItemsStatus(
  items: readonly InvoiceScheduleItem[],
): Exclude<InvoiceScheduleStatus, 'Paused'> {
  let processed = 0;
  for (const i of items) if (i.status === 'Processed') processed += 1;
  if (processed === 0) return 'Pending';
  return processed === items.length ? 'FullyProcessed' : 'PartiallyProcessed';
}

/**
 * The status fields of a schedule whose items derive `itemsStatus`: `Paused` remembering it when
 * `paused`, else that status itself.
 * @internal
 */
export function scheduleState(
  itemsStatus: Exclude<InvoiceScheduleStatus, 'Paused'>,
  paused: boolean,
): UnpausedScheduleState | PausedScheduleState {
  return paused
    ? { status: 'Paused', statusBeforePause: itemsStatus }
    : { status: itemsStatus, statusBeforePause: null };
}

/**
 * The earliest item still to process, in sequence order (§6.2: only it may be executed).
 * @since 0.1.0
 */
export function earliestPendingItem(schedule: Pick<InvoiceSchedule, 'items'>): InvoiceScheduleItem | null {
  return schedule.items.find((i) => i.status !== 'Processed') ?? null;
}

/**
 * Whether the schedule's `nextRunDate` is a date the user set (`userNextRunDate`, §6.6 rule 4): it holds until the user
 * clears it or it is used up — revisions, detaches and later orders leave it (review 175). @internal
 */
export function isUserNextRunDate(
  schedule: Pick<InvoiceSchedule, 'nextRunDateOverride' | 'userNextRunDate'>,
): boolean {
  return schedule.userNextRunDate !== undefined && schedule.userNextRunDate === schedule.nextRunDateOverride;
}

/**
 * Recomputes every derived field of a schedule from its items and charges: status (unless
 * paused), billed / unbilled amounts, the actual amounts of pending items (decision 4) and
 * `nextRunDate` (§6.6). `actualAmount` is taken as given.
 * @since 0.1.0
 */
export function refreshSchedule(schedule: InvoiceSchedule): InvoiceSchedule {
  return refreshScheduleWith(schedule, {});
}

/**
 * Fields a caller changes in the same step as it refreshes the schedule.
 * @internal
 */
export interface ScheduleChanges {
  readonly items?: readonly InvoiceScheduleItem[];
  readonly charges?: readonly ScheduleCharge[];
  readonly actualAmount?: Decimal;
  readonly nextRunDateOverride?: BusinessDate | null;
  readonly version?: number;
}

/**
 * `refreshSchedule({ ...schedule, ...changes })` with one copy of the schedule instead of two.
 * @internal
 */
export function refreshScheduleWith(schedule: InvoiceSchedule, changes: ScheduleChanges): InvoiceSchedule {
  return refreshScheduleAs(schedule, changes, undefined);
}

/** A schedule's fields, writable: the one copy {@link refreshScheduleAs} fills in. */
type ScheduleDraft = { -readonly [K in keyof InvoiceScheduleBase]: InvoiceScheduleBase[K] } & {
  status: InvoiceScheduleStatus;
  statusBeforePause: Exclude<InvoiceScheduleStatus, 'Paused'> | null;
};

/**
 * `refreshScheduleWith(schedule, { ...changes, actualAmount })` (`changes` as given when `actualAmount` is
 * `undefined`), without copying `changes`.
 * @internal
 */
export function refreshScheduleAs(
  schedule: InvoiceSchedule,
  changes: ScheduleChanges,
  actualAmount: Decimal | undefined,
): InvoiceSchedule {
  const given = changes.items ?? schedule.items;
  const actual = actualAmount ?? changes.actualAmount ?? schedule.actualAmount;
  const { billed, unbilled, items } =
    amountsInUnits(given, actual, schedule.currency) ?? amounts(given, actual);
  let defaultNext: BusinessDate | null = null;
  for (let k = 0; k < items.length; k++) {
    const item = items[k] as InvoiceScheduleItem;
    if (item.status !== 'Processed') {
      defaultNext = item.runDate;
      break;
    }
  }
  const override =
    changes.nextRunDateOverride === undefined ? schedule.nextRunDateOverride : changes.nextRunDateOverride;
  // `{ ...schedule, ...changes, actualAmount, items, ...state, billedAmount, … }` as one copy and stores: the
  // same keys in the same order (a key the copy has keeps its place, a new one comes last).
  const out = scheduleDraft(schedule) as ScheduleDraft;
  Object.assign(out, changes);
  if (actualAmount !== undefined) out.actualAmount = actualAmount;
  out.items = items;
  const itemsStatus = deriveItemsStatus(items);
  if (schedule.status === 'Paused') {
    out.status = 'Paused';
    out.statusBeforePause = itemsStatus;
  } else {
    out.status = itemsStatus;
    out.statusBeforePause = null;
  }
  out.billedAmount = billed;
  out.unbilledAmount = unbilled;
  out.nextRunDate = override ?? defaultNext;
  // The user's date is recorded only while the override is that date (review 175).
  if (out.userNextRunDate !== undefined && out.userNextRunDate !== override) delete out.userNextRunDate;
  return Object.freeze(out) as InvoiceSchedule;
}

/** What a refresh derives from the items and the actual amount (decision 4). */
interface RefreshedAmounts {
  readonly billed: Decimal;
  readonly unbilled: Decimal;
  readonly items: readonly InvoiceScheduleItem[];
}

/** Σ billed amounts, the unbilled amount, and the pending items' actual amounts, as decimals. */
function amounts(given: readonly InvoiceScheduleItem[], actual: Decimal): RefreshedAmounts {
  // Σ billed amounts, leaving out the zeros (pending items): adding a zero to the sum gives the sum again; and
  // 0 + x is x itself when x is a decimal of ours that the addition would give back digit for digit.
  let billed = ZERO;
  // Whether `billed` is a sum made here (not an item's amount, nor ZERO): frozen then, as `unbilled` is, so
  // that the stores keep them as they are instead of copies. Nothing the caller gave is frozen.
  let summed = false;
  for (let k = 0; k < given.length; k++) {
    const amount = (given[k] as InvoiceScheduleItem).billedAmount;
    if (amount.isZero()) continue;
    if (billed === ZERO && isSumReady(amount)) billed = amount;
    else {
      billed = billed.plus(amount);
      summed = true;
    }
  }
  if (summed) billed = frozenDecimal(billed);
  const unbilled = frozenDecimal(actual.minus(billed));
  return { billed, unbilled, items: redistributePending(given, unbilled) };
}

/**
 * {@link amounts} on minor units, when the currency is known and every amount it reads is at its scale (always,
 * in practice): the same values, with the integer sums of minor units instead of decimal arithmetic. A result
 * that is an amount given is that amount itself, as with decimals; the others are the shared frozen decimals of
 * their units. `undefined` otherwise.
 */
function amountsInUnits(
  given: readonly InvoiceScheduleItem[],
  actual: Decimal,
  currencyCode: string,
): RefreshedAmounts | undefined {
  if (!Object.hasOwn(CURRENCIES, currencyCode)) return undefined;
  const scale = (CURRENCIES[currencyCode] as Currency).minorUnits;
  const actualUnits = unitsAtScale(actual, scale);
  if (actualUnits === null) return undefined;
  let billedUnits = 0n;
  // The one non-zero billed amount, while there is one.
  let only: Decimal | undefined;
  let nonZero = 0;
  let last = -1;
  for (let k = 0; k < given.length; k++) {
    const item = given[k] as InvoiceScheduleItem;
    if (item.status !== 'Processed') last = k;
    if (item.billedAmount.isZero()) continue;
    const units = unitsAtScale(item.billedAmount, scale);
    if (units === null) return undefined;
    billedUnits += units;
    nonZero += 1;
    only = item.billedAmount;
  }
  // As the decimal sum gives: ZERO when nothing was billed, the one amount itself when it stands for its sum.
  const billed =
    nonZero === 0
      ? ZERO
      : nonZero === 1 && only !== undefined && isSumReady(only)
        ? only
        : frozenDecimal(unitsToDecimal(billedUnits, scale));
  let unbilledUnits = actualUnits - billedUnits;
  const unbilled = frozenDecimal(unitsToDecimal(unbilledUnits, scale));
  if (last < 0) return { billed, unbilled, items: given };
  const lastId = (given[last] as InvoiceScheduleItem).id;
  const next: InvoiceScheduleItem[] = new Array(given.length);
  for (let k = 0; k < given.length; k++) {
    const item = given[k] as InvoiceScheduleItem;
    if (item.status === 'Processed') {
      next[k] = item;
      continue;
    }
    let actualOf: Decimal;
    // The last pending item (by id, as items are told apart) takes what remains.
    if (item.id === lastId) {
      actualOf =
        unbilledUnits === actualUnits - billedUnits ? unbilled : unitsToDecimal(unbilledUnits, scale);
    } else {
      const amountUnits = unitsAtScale(item.amount, scale);
      if (amountUnits === null) return undefined;
      // max(0, min(amount, remaining)): the item's amount itself when it is the least.
      let units: bigint;
      if (amountUnits > unbilledUnits) {
        units = unbilledUnits > 0n ? unbilledUnits : 0n;
        actualOf = units === 0n ? ZERO : unitsToDecimal(units, scale);
      } else {
        units = amountUnits > 0n ? amountUnits : 0n;
        actualOf = units === 0n ? ZERO : item.amount;
      }
      unbilledUnits -= units;
    }
    next[k] = withActualAmount(item, actualOf);
  }
  return { billed, unbilled, items: Object.freeze(next) };
}

/**
 * Decision 4: spread the unbilled amount over pending items in run-date order; each keeps
 * `min(amount, remaining)` (never below 0) and the last pending item takes the rest.
 */
function redistributePending(
  items: readonly InvoiceScheduleItem[],
  unbilled: Decimal,
): readonly InvoiceScheduleItem[] {
  let last = items.length - 1;
  while (last >= 0 && (items[last] as InvoiceScheduleItem).status === 'Processed') last -= 1;
  if (last < 0) return items;
  let remaining = unbilled;
  const next: InvoiceScheduleItem[] = new Array(items.length);
  for (let k = 0; k < items.length; k++) {
    const item = items[k] as InvoiceScheduleItem;
    if (item.status === 'Processed') {
      next[k] = item;
      continue;
    }
    let actual: Decimal;
    // The last pending item (by id, as items are told apart).
    if (item.id === (items[last] as InvoiceScheduleItem).id) actual = remaining;
    else {
      // max(0, min(amount, remaining)), comparing instead of copying through Dec.min / Dec.max.
      const least = item.amount.gt(remaining) ? remaining : item.amount;
      actual = least.isPositive() && !least.isZero() ? least : ZERO;
      remaining = remaining.minus(actual);
    }
    next[k] = withActualAmount(item, actual);
  }
  return Object.freeze(next);
}

/** `item` with `actual` as its actual amount: the item itself when that is its actual amount already. */
function withActualAmount(item: InvoiceScheduleItem, actual: Decimal): InvoiceScheduleItem {
  if (decimalEquals(actual, item.actualAmount)) return item;
  const changed = itemDraft(item);
  changed.actualAmount = actual;
  return Object.freeze(changed);
}

/**
 * Items in sequence order, renumbered 1..n (items are kept in run-date order; blank run dates last).
 * @internal
 */
export function sequenceItems(items: readonly InvoiceScheduleItem[]): readonly InvoiceScheduleItem[] {
  return Object.freeze(
    items.map((item, index) =>
      item.sequence === index + 1 ? item : Object.freeze({ ...item, sequence: index + 1 }),
    ),
  );
}

/**
 * Whether run dates are strictly increasing with blanks only at the end (§4.2 rule 10).
 * Returns the index of the first offending item, or -1.
 * @internal
 */
export function firstRunDateViolation(runDates: readonly (BusinessDate | null)[]): number {
  let previous: BusinessDate | null = null;
  let sawBlank = false;
  for (let i = 0; i < runDates.length; i++) {
    const date = runDates[i] ?? null;
    if (date === null) {
      sawBlank = true;
      continue;
    }
    if (sawBlank) return i;
    if (previous !== null && compareDates(previous, date) >= 0) return i;
    previous = date;
  }
  return -1;
}
