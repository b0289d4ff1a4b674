import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { Dec, decimalEquals, frozenDecimal, ZERO } from '../../money/decimal';
import { fromMinorUnits, unitsAtScale, unitsToDecimal } from '../../money/minor';
import { type BusinessDate, isAfter, isBefore, minDate } from '../../time/date';
import { nextServicePeriodStartOrNull, type ServicePeriodEnd } from '../../time/service-period';
import { resolveCurrency } from '../contract/charge-value';
import type { Subscription } from '../contract/subscription';
import type { CreditMemo } from '../documents/credit-memo';
import type { Invoice, InvoiceLine } from '../documents/invoice';
import type { TenantSettings } from '../settings';
import { chargeWithBilled, itemDraft } from './copy';
import {
  type ChargeCredit,
  creditDayBy,
  creditMemoLines,
  dueDateOf,
  dueOnOrBefore,
  firstDueDate,
} from './credit';
import { cutsUsedBy, cutsUsedByCredit, withCuts } from './cuts';
import {
  invoiceScheduleItemNotFound,
  itemAlreadyProcessed,
  type ScheduleError,
  scheduleError,
} from './errors';
import { allocateAcrossCharges, allocateInUnits, buildLinesOf } from './lines';
import {
  chargeKey,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  isUserNextRunDate,
  refreshScheduleWith,
  type ScheduleCharge,
} from './schedule';
import {
  type ChargeState,
  type ChargeUnits,
  chargeCredits,
  chargeStates,
  creditsOf,
  hasPendingItems,
  isUnitCredit,
  notBeforeBilledItems,
  reviseSchedule,
  reviseScheduleWith,
  type SetRounding,
  statesOf,
  zeroCharges,
} from './states';

// Execution is split by responsibility: the charges' state (states.ts), an item's lines (lines.ts),
// invoices going back (revert.ts). This module stays the one other modules import from.
export {
  allocateAcrossCharges,
  chargeGroups,
  linePeriod,
  netByCharge,
} from './lines';
export { checkRevertible, revertItemForInvoice, scheduleNumbersOf } from './revert';
export {
  actualAmountOf,
  type ChargeState,
  chargeCredits,
  chargeStates,
  creditDueDates,
  pullForwardToCuts,
  reviseSchedule,
} from './states';

/**
 * Fresh identifiers for documents an execution creates, allocated by the operation.
 * @since 0.1.0
 */
export interface NewInvoiceIds {
  readonly id: string;
  readonly number: string;
}

/**
 * The outcome of one execution: the updated schedule, the invoice (none when nothing is left to
 * invoice, C11) and the credit memo (when charges were billed above their current value, §8.3).
 * @since 0.1.0
 */
export interface ScheduleExecution {
  readonly schedule: InvoiceSchedule;
  readonly invoice: Invoice | null;
  readonly creditMemo: CreditMemo | null;
  /**
   * The day the execution's documents are dated, the day what it bills became due (decision 18): an item's run
   * date or the earlier `nextRunDate` of the schedule as stored (the date the runs' planner and the listings
   * read); a credit's memo date.
   * Set even when the execution made no document (an item whose actual amount is 0). @since 0.2.0
   */
  readonly dueDate: BusinessDate;
}

/**
 * The outcome of executing one item.
 * @since 0.1.0
 */
export type ItemExecution = ScheduleExecution;

/**
 * What an execution needs besides the schedule: the current subscriptions, tenant settings, the
 * schedule's documents so far, ids for new documents and the bill run.
 * @since 0.1.0
 */
export interface ExecutionInputs {
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  readonly settings: TenantSettings;
  /** Invoices the schedule produced so far (to credit from). */
  readonly invoices: readonly Invoice[];
  /** Credit memos the schedule produced so far (what is already credited). */
  readonly creditMemos: readonly CreditMemo[];
  readonly invoice: NewInvoiceIds;
  readonly creditMemo: NewInvoiceIds;
  readonly billRunNumber: string | null;
}

/**
 * Executes one schedule item (reference §6, §7, §8.3): brings the schedule up to date with its
 * charges, then bills the item's actual amount — allocated over the charges left to bill, with
 * service periods and discount lines — and credits what charges were billed above their current
 * value (all of it when the item is the last pending one or every other pending item is at zero,
 * else the credits due by its run date). The invoice and credit memo are dated the day the item
 * became due: its run date (§6.3) or the earlier `nextRunDate` it was pulled forward to (decision 18);
 * the item becomes Processed with its net billed amount (decision 6). Pure.
 * @since 0.1.0
 */
export function executeItem(
  args: ExecutionInputs & { readonly schedule: InvoiceSchedule; readonly itemId: string },
): Result<ScheduleExecution, ScheduleError> {
  const { settings } = args;
  const found = args.schedule.items.find((i) => i.id === args.itemId);
  if (!found) return err(invoiceScheduleItemNotFound(args.schedule.number, args.itemId));
  if (found.status === 'Processed') {
    return err(itemAlreadyProcessed(args.schedule.number, found.id, found.sequence, found.invoiceNumber));
  }
  if (found.runDate === null) {
    return err(
      scheduleError({
        type: 'RunDateRequired',
        message: `Item ${found.sequence} of ${args.schedule.number} has a blank run date; set its run date first (it becomes the invoice date).`,
        invoiceScheduleNumber: args.schedule.number,
        itemId: found.id,
      }),
    );
  }
  const runDate = found.runDate;
  // The item itself is pending: it bills what the totals leave (no unit moved to keep one billed).
  const loaded = statesOf(
    args.schedule.currency,
    args.schedule.charges,
    args.subscriptions,
    settings.rounding,
    settings.chargeGrouping,
    [],
    undefined,
    undefined,
    undefined,
    true,
  );
  if (loaded.isErr()) return err(loaded.error);
  const { states, units, rounding } = loaded.value;
  const schedule = reviseScheduleWith(args.schedule, {}, states, units);
  const item = schedule.items.find((i) => i.id === found.id) as InvoiceScheduleItem;
  // Decision 18: a document is dated the day its item became due — its run date, or the earlier
  // `nextRunDate` it was pulled forward to (a user override, a credit date, a removal's date, §6.6): the schedule's
  // as it stands, which the runs and the listings read. Revised here, a credit's or a removal's date earlier than a
  // date the user set came back, and an item the user's date held to 2023-10-01 was dated 2023-01-01 (review 171).
  const dueDate = itemDueDate(args.schedule, runDate);
  // The item settles every credit when it is the last pending item, or when every other pending item is at
  // zero (decision 19 then processes them with it, so no later item would give a credit this item's actual
  // amount already nets). Otherwise it gives the credits due by its run date; later ones wait (§8.4).
  const due = creditsOf(states, units);
  const credits =
    due.length === 0 || settlesAllCredits(schedule.items, item) ? due : dueOnOrBefore(due, runDate);
  const creditTotal = credits.reduce((acc, c) => acc.plus(c.amount), ZERO);
  // Allocate as if the credits were already given: a credited charge stands at its value.
  const settled: ChargeState[] = [];
  const settledUnits: ChargeUnits[] = [];
  for (let i = 0; i < states.length; i++) {
    const c = states[i] as ChargeState;
    const u = units[i] as ChargeUnits;
    const over = u.billed !== null ? u.billed > u.total : c.billed.gt(c.total);
    settled.push(over ? { ...c, billed: c.total } : c);
    settledUnits.push(over ? { total: u.total, weight: u.weight, billed: u.total } : u);
  }
  // The item bills its actual amount plus the credits it gives, but never more than is left on the
  // charges: an earlier pending item at 0 (the credit exceeds what is left, decision 4) that gives credits
  // due by its run date bills only what is left and nets to the unbilled amount.
  const wanted = credits.length === 0 ? item.actualAmount : item.actualAmount.plus(creditTotal);
  const toInvoice = amountToInvoice(wanted, settled, settledUnits);
  let allocation: ReadonlyMap<string, Decimal> = new Map();
  let allocationUnits: ReadonlyMap<string, bigint> | null = null;
  let invoice: Invoice | null = null;
  // Where each charge billed a line is served through after it (`ScheduleCharge.servedThrough`).
  const served = new Map<string, ServicePeriodEnd>();
  if (toInvoice.isPositive() && !toInvoice.isZero()) {
    const currency = resolveCurrency(schedule.currency);
    // On minor units when every amount is at the currency's scale (always, in practice).
    const inUnits = allocateInUnits(settled, settledUnits, toInvoice, currency, settings);
    const allocated =
      inUnits ??
      allocateAcrossCharges(settled, toInvoice, schedule.currency, settings).map((amounts) => ({
        amounts,
        units: null,
      }));
    if (allocated.isErr()) {
      return err(
        scheduleError({
          type: 'ItemExceedsUnbilledCharges',
          message: `Item ${item.sequence} of ${schedule.number} would bill ${toInvoice.toFixed()} but only ${allocated.error.unbilled.toFixed()} is left on the covered charges.`,
          invoiceScheduleNumber: schedule.number,
          itemId: item.id,
          amount: toInvoice.toFixed(),
          unbilledOnCharges: allocated.error.unbilled.toFixed(),
        }),
      );
    }
    allocation = allocated.value.amounts;
    const shares = allocated.value.units;
    allocationUnits = shares;
    const lines = buildLinesOf(
      schedule,
      item,
      settled,
      allocation,
      settings,
      args.invoice.id,
      shares === null ? null : { states: settledUnits, allocation: shares },
      served,
      args.invoices,
    );
    invoice = Object.freeze({
      id: args.invoice.id,
      number: args.invoice.number,
      accountNumber: schedule.accountNumber,
      currency: schedule.currency,
      invoiceDate: dueDate,
      status: settings.autoPost ? 'Posted' : 'Draft',
      amount: invoiceAmount(lines, shares, schedule.currency),
      lines,
      billRunNumber: args.billRunNumber,
      creditApplications: Object.freeze([]),
      version: 1,
    });
  }
  const creditMemo = buildCreditMemo(args, schedule, item.id, credits, states, dueDate);
  const net = creditMemo === null ? toInvoice : toInvoice.minus(creditMemo.amount);
  const items = schedule.items.map((i) => {
    if (i.id !== item.id) return i;
    const processed = itemDraft(i);
    processed.status = 'Processed';
    processed.billedAmount = net;
    processed.actualAmount = net;
    processed.invoiceNumber = invoice?.number ?? null;
    // The item's own day (decision 18), which a merged invoice's date may not be (decision 11); none for an item
    // processed without a document.
    processed.dueDate = invoice === null && creditMemo === null ? null : dueDate;
    if (creditMemo) processed.creditMemoNumbers = Object.freeze([...i.creditMemoNumbers, creditMemo.number]);
    return Object.freeze(processed);
  });
  // Decision 19: billing an item uses up, in the removal cuts of later pending items, the dates on or before the
  // day it is due (cutsUsedBy).
  const cuts = schedule.removalCuts;
  const used =
    cuts === undefined ? schedule : withCuts(schedule, cutsUsedBy(schedule.items, cuts, item.id, dueDate));
  const finishWith = (processed: readonly InvoiceScheduleItem[]) =>
    finish(used, processed, allocation, credits, states, args, units, rounding, allocationUnits, served);
  const finished = finishWith(items);
  const tail = settleZeroTail(finished);
  return ok(
    Object.freeze({
      // Decision 19: a zero tail is Processed in this operation, so nothing is left to run. The charges are
      // finished again as they are then (no pending item): a minor unit the set rounding left on a charge stays
      // where it was billed instead of reading as a credit due, whose date would otherwise stay as `nextRunDate`
      // of a schedule with nothing left to process.
      schedule: tail === finished ? finished : finishWith(tail.items),
      invoice,
      creditMemo,
      dueDate,
    }),
  );
}

/**
 * The day the schedule's earliest pending item (run date `runDate`) is due, and its documents dated (decision 18):
 * its run date, or the schedule's `nextRunDate` when that comes first (pulled forward by an override, a credit
 * or a removal's date, §6.6) — but never before the day an item processed earlier was due: an order that removes a
 * charge as of a day before it (entered later) dated the next item's invoice before the previous one, a month
 * before it for later service (review 178; §4.2 rule 10 keeps run dates in order the same way). Pure. @internal
 */
export function itemDueDate(schedule: InvoiceSchedule, runDate: BusinessDate): BusinessDate {
  return dueDayPulledTo(schedule.items, schedule.nextRunDate, runDate);
}

/**
 * {@link itemDueDate} of the next pending item of `items` (run date `runDate`) while the schedule's `nextRunDate` is
 * `pulledTo`; shared with the runs' planner, which plans several items of one run. @internal
 */
export function dueDayPulledTo(
  items: readonly InvoiceScheduleItem[],
  pulledTo: BusinessDate | null,
  runDate: BusinessDate,
): BusinessDate {
  if (pulledTo === null || !isBefore(pulledTo, runDate)) return runDate;
  return notBeforeBilledItems(items, pulledTo);
}

/**
 * Σ line amounts. Without discount lines each line bills its charge's share (0.00 lines nothing), so the sum
 * is Σ shares in minor units: one decimal instead of one per addition.
 */
function invoiceAmount(
  lines: readonly InvoiceLine[],
  shares: ReadonlyMap<string, bigint> | null,
  currencyCode: string,
): Decimal {
  if (shares === null || lines.some((l) => l.kind !== 'Charge')) {
    return frozenDecimal(lines.reduce((acc, l) => acc.plus(l.amount), ZERO));
  }
  let sum = 0n;
  for (const share of shares.values()) sum += share;
  return fromMinorUnits(sum, resolveCurrency(currencyCode));
}

/**
 * Whether `item` settles every credit due: it is the last pending item, or every other pending item is at
 * zero. An earlier item left at zero (decision 4: the credit exceeds what is left, so the last pending item
 * holds the negative rest) does not: it is processed without a document (§8.3), and the credits starting
 * after its run date wait for their due date with the item that holds them (§8.4, §6.6 rule 3). Shared with
 * the planner's foresight of a run (`planScheduleRun`). @internal
 */
export function settlesAllCredits(items: readonly InvoiceScheduleItem[], item: InvoiceScheduleItem): boolean {
  let lastPending: InvoiceScheduleItem | undefined;
  let othersAtZero = true;
  for (let k = 0; k < items.length; k++) {
    const i = items[k] as InvoiceScheduleItem;
    if (i.status === 'Processed') continue;
    lastPending = i;
    if (othersAtZero && i.id !== item.id && !i.actualAmount.isZero()) othersAtZero = false;
  }
  return lastPending?.id === item.id || othersAtZero;
}

/**
 * `max(0, min(wanted, room))`, room being what is left on the settled charges (Σ max(0, total − billed)): on
 * minor units when every amount is at the currency's scale, else as decimals (the same value either way).
 */
function amountToInvoice(
  wanted: Decimal,
  settled: readonly ChargeState[],
  units: readonly ChargeUnits[],
): Decimal {
  const first = settled[0];
  const wantedUnits = first === undefined ? null : unitsAtScale(wanted, first.minorUnits);
  let room = 0n;
  let inUnits = wantedUnits !== null;
  for (const u of units) {
    if (u.billed === null) inUnits = false;
    else if (u.total > u.billed) room += u.total - u.billed;
  }
  if (!inUnits || wantedUnits === null || first === undefined) {
    const left = settled.reduce((acc, c) => acc.plus(Dec.max(ZERO, c.total.minus(c.billed))), ZERO);
    return Dec.max(ZERO, Dec.min(wanted, left));
  }
  const least = wantedUnits < room ? wantedUnits : room;
  if (least <= 0n) return ZERO;
  return least === wantedUnits ? wanted : unitsToDecimal(least, first.minorUnits);
}

/**
 * Produces the credit due on a schedule without billing an item (reference §8.4, decision 5):
 * what its charges were billed above their current value, as one credit memo dated `memoDate` (or the
 * earlier day the credit became due) and linked to the last processed item. With `dueBy`, the credits due
 * first among those due on or before it: one memo per due date, as the runs of each day give them (a bill
 * run, and an execution by hand with its today, issue the later ones after); with `null`, every credit in one
 * memo, due or not (no operation of the library asks for that). A `nextRunDate` an update pulled the credit to
 * (§6.6 rule 4), on or before `dueBy`, brings the credits due first even before their day, dated it. Returns
 * `null` when no credit is due. Pure.
 * @since 0.1.0
 */
export function executeCredit(
  args: ExecutionInputs & {
    readonly schedule: InvoiceSchedule;
    readonly memoDate: BusinessDate;
    readonly dueBy: BusinessDate | null;
  },
): Result<ScheduleExecution | null, ScheduleError> {
  const states = chargeStates(
    args.schedule,
    args.subscriptions,
    args.settings.rounding,
    args.settings.chargeGrouping,
  );
  if (states.isErr()) return err(states.error);
  const schedule = reviseSchedule(args.schedule, states.value);
  // §6.6 rule 4 (C22): a date the user pulled the credit to, once `dueBy` reaches it, brings the credits due
  // first even before their day, dated that day below (decision 18).
  let credits = chargeCredits(states.value);
  if (args.dueBy !== null) {
    const day = creditDayBy(credits.map(dueDateOf), args.dueBy, args.schedule.nextRunDateOverride);
    credits = credits.filter((c) => dueDateOf(c) === day);
  }
  const last = [...schedule.items].reverse().find((i) => i.status === 'Processed');
  if (credits.length === 0 || !last) return ok(null);
  // Decision 18: dated the day the credit became due (the next run date it set) when that is earlier. A date the
  // user set after the credits' day postponed them: they are dated their own day (review 175).
  const next = schedule.nextRunDate;
  const due = next !== null && isUserNextRunDate(schedule) ? minDate(next, firstDueDate(credits)) : next;
  const memoDate = due !== null && isBefore(due, args.memoDate) ? due : args.memoDate;
  const creditMemo = buildCreditMemo(args, schedule, last.id, credits, states.value, memoDate);
  if (!creditMemo) return ok(null);
  const items = schedule.items.map((i) => {
    if (i.id !== last.id) return i;
    const net = frozenDecimal(i.billedAmount.minus(creditMemo.amount));
    return Object.freeze({
      ...i,
      billedAmount: net,
      actualAmount: net,
      creditMemoNumbers: Object.freeze([...i.creditMemoNumbers, creditMemo.number]),
    });
  });
  // The pending items' cuts on or before the day the memo's credits fell due (or its own day, when later) are used
  // up by it (cutsUsedByCredit): a memo the user pulled before its credits' day uses their removal's date up too.
  const cuts = schedule.removalCuts;
  const through = credits.reduce((d, c) => (isAfter(dueDateOf(c), d) ? dueDateOf(c) : d), memoDate);
  const used = cuts === undefined ? schedule : withCuts(schedule, cutsUsedByCredit(items, cuts, through));
  return ok(
    Object.freeze({
      schedule: finish(used, items, new Map(), credits, states.value, args),
      invoice: null,
      creditMemo,
      dueDate: memoDate,
    }),
  );
}

function buildCreditMemo(
  args: ExecutionInputs,
  schedule: InvoiceSchedule,
  itemId: string,
  credits: readonly ChargeCredit[],
  states: readonly ChargeState[],
  memoDate: BusinessDate,
): CreditMemo | null {
  if (credits.length === 0) return null;
  // Zero-priced charges cut by the same change (C08): due on a day a credit of a charge an order cut is due (§8.4: a
  // removal's effective date), not on the day after the end of a charge only the set rounding put above its total
  // (decision 2).
  const cut = new Set<BusinessDate>();
  for (const c of credits) if (!isUnitCredit(c, states)) cut.add(dueDateOf(c));
  const lines = creditMemoLines({
    credits,
    zeroCharges: zeroCharges(states).filter((z) => cut.has(dueDateOf(z))),
    invoices: args.invoices,
    creditMemos: args.creditMemos,
    memoId: args.creditMemo.id,
    invoiceScheduleNumber: schedule.number,
    invoiceScheduleItemId: itemId,
  });
  return Object.freeze({
    id: args.creditMemo.id,
    number: args.creditMemo.number,
    accountNumber: schedule.accountNumber,
    currency: schedule.currency,
    memoDate,
    status: args.settings.autoPost ? 'Posted' : 'Draft',
    amount: frozenDecimal(lines.reduce((acc, l) => acc.plus(l.amount), ZERO)),
    lines,
    billRunNumber: args.billRunNumber,
    applications: Object.freeze([]),
    version: 1,
  });
}

/**
 * Decision 19: once an item is billed and every pending item left has an actual amount of zero,
 * those items are Processed without a document in the same operation; `nextRunDate` becomes null
 * unless a credit is still due (its date stays).
 */
function settleZeroTail(schedule: InvoiceSchedule): InvoiceSchedule {
  let pending = 0;
  for (let k = 0; k < schedule.items.length; k++) {
    const i = schedule.items[k] as InvoiceScheduleItem;
    if (i.status === 'Processed') continue;
    if (!i.actualAmount.isZero()) return schedule;
    pending += 1;
  }
  if (pending === 0) return schedule;
  const items = schedule.items.map((i) =>
    i.status === 'Processed'
      ? i
      : Object.freeze({ ...i, status: 'Processed' as const, billedAmount: ZERO, actualAmount: ZERO }),
  );
  return refreshScheduleWith(schedule, { items: Object.freeze(items) });
}

/**
 * Where a charge is served through after a credit from `creditStart` (§8.4: the credit takes its lines latest
 * first, from the day after the charge's new end, or its start when removed entirely): the days from that day on
 * no longer served — `creditStart` left partly consumed (`endDayPartial`: its next line may start on it), when
 * that is before where the charge was served through. A credit that reaches no served day (a minor unit the set
 * rounding moved off the charge, decision 2) leaves it as it was; so does one on a charge served through nowhere
 * known (`null`).
 */
function creditedBack(
  servedThrough: ServicePeriodEnd | null,
  creditStart: BusinessDate | undefined,
): ServicePeriodEnd | null {
  if (servedThrough === null || creditStart === undefined) return servedThrough;
  // Before the day the charge's next line would start (decision 3); none after 9999-12-31: every day is before.
  const next = nextServicePeriodStartOrNull(servedThrough);
  if (next !== null && !isBefore(creditStart, next)) return servedThrough;
  return Object.freeze({ end: creditStart, endDayPartial: true });
}

/** Applies billed and credited amounts to the charges, refreshes, and sets the next credit date. */
function finish(
  schedule: InvoiceSchedule,
  items: readonly InvoiceScheduleItem[],
  allocation: ReadonlyMap<string, Decimal>,
  credits: readonly ChargeCredit[],
  states: readonly ChargeState[],
  inputs: Pick<ExecutionInputs, 'subscriptions' | 'settings'>,
  /** The units of `states`, loaded with the same settings (executeCredit has none at hand). */
  knownUnits?: readonly ChargeUnits[],
  /** The set rounding `states` were loaded with. */
  knownRounding?: SetRounding,
  /** `allocation` in minor units, when it was made in them. */
  allocationUnits?: ReadonlyMap<string, bigint> | null,
  /** Where each charge billed a line is served through after it. */
  served?: ReadonlyMap<string, ServicePeriodEnd>,
): InvoiceSchedule {
  const credited =
    credits.length === 0
      ? undefined
      : new Map(credits.map((c) => [chargeKey(c.subscriptionNumber, c.chargeNumber), c.amount]));
  const creditStarts =
    credits.length === 0
      ? undefined
      : new Map(credits.map((c) => [chargeKey(c.subscriptionNumber, c.chargeNumber), c.creditStartDate]));
  const charges: ScheduleCharge[] = new Array(schedule.charges.length);
  const keys: string[] = new Array(schedule.charges.length);
  // The states are the attached charges in order, each with its key: taken from there when it is the same
  // charge (the same key either way), so the key is not built again.
  let s = 0;
  for (let k = 0; k < schedule.charges.length; k++) {
    const sc = schedule.charges[k] as ScheduleCharge;
    const state = sc.detached ? undefined : states[s++];
    const key =
      state !== undefined && state.scheduleCharge === sc
        ? state.key
        : chargeKey(sc.subscriptionNumber, sc.chargeNumber);
    // The charge's key whatever its billed amount: the same subscription and charge numbers.
    keys[k] = key;
    const add = allocation.get(key);
    const take = credited?.get(key);
    // Nothing billed or credited on it: billed + 0 − 0 is the amount it has.
    if ((add === undefined || add.isZero()) && (take === undefined || take.isZero())) {
      charges[k] = sc;
      continue;
    }
    // Billed plus the share in minor units when both are known there (the same sum, and an amount shared by
    // value instead of a new decimal).
    const billedUnits =
      state !== undefined && state.scheduleCharge === sc ? knownUnits?.[s - 1]?.billed : null;
    const addUnits = allocationUnits?.get(key);
    const plus =
      add === undefined
        ? sc.billedAmount
        : addUnits !== undefined && billedUnits !== undefined && billedUnits !== null && state !== undefined
          ? unitsToDecimal(billedUnits + addUnits, state.minorUnits)
          : sc.billedAmount.plus(add);
    const billed = take === undefined ? plus : plus.minus(take);
    // A charge line sets where the charge is served through; a credit takes it back to where the credit reaches.
    const through =
      take === undefined || take.isZero()
        ? (served?.get(key) ?? sc.servedThrough)
        : creditedBack(sc.servedThrough, creditStarts?.get(key));
    charges[k] =
      decimalEquals(billed, sc.billedAmount) && through === sc.servedThrough
        ? sc
        : chargeWithBilled(sc, billed, through);
  }
  const changes = {
    items: Object.freeze(items),
    charges: Object.freeze(charges),
    nextRunDateOverride: null,
    version: schedule.version + 1,
  };
  // Credits still to come (starting later) keep the next run date on their start (§6.6 rule 3).
  // The charges' totals are taken again from what they are now billed: a credit shared as its own
  // set can leave a charge a minor unit off its rounded total, and that unit stays where it was
  // billed rather than becoming a credit or an invoice of its own (decision 2).
  const again = statesOf(
    schedule.currency,
    changes.charges,
    inputs.subscriptions,
    inputs.settings.rounding,
    inputs.settings.chargeGrouping,
    states,
    knownUnits,
    knownRounding,
    keys,
    hasPendingItems(items),
  );
  const after = again.isOk()
    ? again.value.states
    : states.map((c) => {
        const sc = charges.find(
          (x) => x.subscriptionNumber === c.subscription.number && x.chargeNumber === c.charge.number,
        );
        return sc ? { ...c, billed: sc.billedAmount, scheduleCharge: sc } : c;
      });
  return reviseScheduleWith(schedule, changes, after, again.isOk() ? again.value.units : undefined);
}
