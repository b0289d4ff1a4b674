import { type BusinessDate, compareDates, isAfter, isBefore, isOnOrBefore, minDate } from '../../time/date';
import { compareNumbering } from '../numbers';
import { creditDayBy } from '../schedule/credit';
import { cutDate, cutsUsedBy, cutsUsedByCredit } from '../schedule/cuts';
import { dueDayPulledTo, itemDueDate, settlesAllCredits } from '../schedule/execute';
import {
  earliestPendingItem,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  type RemovalCut,
} from '../schedule/schedule';

/**
 * One item a bill run must process.
 * @since 0.1.0
 */
export interface PlannedItem {
  readonly accountNumber: string;
  readonly invoiceScheduleNumber: string;
  /** The item to process; `null` for a credit due on the schedule without an item (§8.4). */
  readonly itemId: string | null;
  readonly runDate: BusinessDate;
}

/**
 * What a bill run will do, per account (accounts in number order, items oldest first).
 * @since 0.1.0
 */
export interface BillRunPlan {
  readonly targetDate: BusinessDate;
  readonly accounts: readonly { readonly accountNumber: string; readonly items: readonly PlannedItem[] }[];
}

/**
 * The pure bill-run planner (reference §6.1, §6.5, decision 7): every item not yet processed
 * whose run date is on or before the target date, of every schedule that passes the filters —
 * paused schedules only with `includePausedSchedules` (decision 16, §5.3). The filter has the
 * shape of the bill run request (`RunBillRunInput`), so the same object previews the run it asks
 * for. Items of one schedule keep their order (a later item never runs before an earlier pending
 * one); across schedules of an account the oldest run date goes first. A schedule whose
 * `nextRunDate` is reached without a due item gets an entry without an item: its credit (§6.6).
 * These are the entries a run starts with: a run that processes them plans the schedules again, and
 * bills in the same run what they leave due by the target date (a credit falling due after an item's
 * run date, §8.4), so that it leaves nothing due by then.
 * @since 0.1.0
 */
export function planBillRun(
  schedules: readonly InvoiceSchedule[],
  targetDate: BusinessDate,
  filter: {
    readonly accountNumbers?: readonly string[];
    readonly invoiceScheduleNumbers?: readonly string[];
    /**
     * Plan paused schedules too (decision 16, §5.3): a bill run started by a person, or
     * "generate billing documents" for an account. Default false, as Scheduler does.
     */
    readonly includePausedSchedules?: boolean;
  } = {},
): BillRunPlan {
  // Indexed loops, no list made for a schedule with nothing due: this runs once per account of a bill run.
  const byAccount = new Map<string, PlannedItem[]>();
  const accountFilter = filter.accountNumbers?.length ? filter.accountNumbers : undefined;
  const scheduleFilter = filter.invoiceScheduleNumbers?.length ? filter.invoiceScheduleNumbers : undefined;
  // A JavaScript caller may pass another iterable: read as it always was.
  const given = Array.isArray(schedules) ? schedules : Array.from(schedules as Iterable<InvoiceSchedule>);
  for (let k = 0; k < given.length; k++) {
    const schedule = given[k] as InvoiceSchedule;
    if (schedule.status === 'Paused' && !filter.includePausedSchedules) continue;
    if (accountFilter !== undefined && !accountFilter.includes(schedule.accountNumber)) continue;
    if (scheduleFilter !== undefined && !scheduleFilter.includes(schedule.number)) continue;
    let list = byAccount.get(schedule.accountNumber);
    const before = list?.length ?? 0;
    const items = schedule.items;
    for (let j = 0; j < items.length; j++) {
      const item = items[j] as InvoiceScheduleItem;
      if (item.status === 'Processed') continue;
      // Items are processed in sequence: stop at the first pending item that is not due.
      if (item.runDate === null || !isOnOrBefore(item.runDate, targetDate)) break;
      list ??= [];
      list.push(
        Object.freeze({
          accountNumber: schedule.accountNumber,
          invoiceScheduleNumber: schedule.number,
          itemId: item.id,
          runDate: item.runDate,
        }),
      );
    }
    // §6.6 rules 3–4, §8.4: a next run date reached without a due item pulls the next pending item
    // forward (it also brings the credits due by then), or produces the credit when none is left.
    if (
      (list?.length ?? 0) === before &&
      schedule.nextRunDate !== null &&
      isOnOrBefore(schedule.nextRunDate, targetDate)
    ) {
      const next = items.find((i) => i.status !== 'Processed');
      list ??= [];
      list.push(
        Object.freeze({
          accountNumber: schedule.accountNumber,
          invoiceScheduleNumber: schedule.number,
          itemId: next && next.runDate !== null ? next.id : null,
          runDate: schedule.nextRunDate,
        }),
      );
    }
    if (list !== undefined && list.length > 0) byAccount.set(schedule.accountNumber, list);
  }
  const entries = [...byAccount.entries()];
  // Most plans are one account's (a bill run plans each account on its own): nothing to sort then.
  if (entries.length > 1) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const accounts = entries.map(([accountNumber, items]) =>
    Object.freeze({
      accountNumber,
      // The plan's own list, sorted in place (a stable sort, as the copy's was) and frozen.
      items: Object.freeze(items.length > 1 ? items.sort(byRunDateThenSchedule) : items),
    }),
  );
  return Object.freeze({ targetDate, accounts: Object.freeze(accounts) });
}

/**
 * What a bill run on `targetDate` bills of one schedule, foreseen without running it (for `listItemsDue`): the
 * planner's entries ({@link planBillRun}), then what the run adds once they are done so that it leaves nothing due
 * by the target date (decideAccountRun's catch-up, §6.6 rule 3, §8.4). An item gives the credits due by its own run
 * date (all of them when it settles them all, executeItem); a credit left due by the target date moves the
 * schedule's `nextRunDate` to its day, and so does a removal cut's date (decision 19) when the cut's item is still
 * pending; the planner then brings the next pending item forward to it, or gives the credits alone when no pending
 * item can carry them, one entry per day they fall due (executeCredit: a memo per day). `creditDueDates`: the day
 * each credit of the schedule falls due as it stands (what `creditDueDates` of the schedule's charge states gives:
 * the due day of each charge billed above its value), none when no charge is. An entry without an item is kept only
 * when a credit is due by the target date, or the user pulled the next run date to a day by then (§6.6 rule 4: the
 * credits due first are given on it); the run issues nothing otherwise. Foreseen from the items' actual amounts as
 * they stand; the run itself plans again from what it executed. Without the schedule's removal cuts:
 * {@link planScheduleRunDated} takes them. Pure. @internal
 */
export function planScheduleRun(
  schedule: InvoiceSchedule,
  targetDate: BusinessDate,
  creditDueDates: readonly BusinessDate[],
  filter: { readonly includePausedSchedules?: boolean } = {},
): readonly PlannedItem[] {
  return planScheduleRunDated(schedule, targetDate, creditDueDates, filter, []).map((d) => d.entry);
}

/**
 * {@link planScheduleRun}'s entries, each with the day the run dates it (decision 18): an item's run date, or the
 * schedule's `nextRunDate` as the entries before leave it when that comes first (a credit's due date, a removal
 * cut's date, or the schedule's own for the first entry); a credit's due date for what a credit brings. Pure.
 * @internal
 */
export function planScheduleRunDated(
  schedule: InvoiceSchedule,
  targetDate: BusinessDate,
  creditDueDates: readonly BusinessDate[],
  filter: { readonly includePausedSchedules?: boolean },
  cuts: readonly RemovalCut[],
): readonly { readonly entry: PlannedItem; readonly dueDate: BusinessDate }[] {
  const out: { entry: PlannedItem; dueDate: BusinessDate }[] = [];
  let items = schedule.items;
  // The credits not given yet, by the day they fall due.
  let left = creditDueDates;
  // The cuts' dates not used up yet (cutsUsedBy).
  let standing = cuts;
  // The schedule's nextRunDate as the entries so far leave it (§6.6, reviseSchedule).
  let pulledTo = schedule.nextRunDate;
  // A date the user pulled the next run to (§6.6 rule 4, C22): once the target date reaches it, a credit step gives
  // the credits due first even before their day (executeCredit). Any processing clears it.
  let pulled = schedule.nextRunDateOverride;
  let batch = entriesOf(planBillRun([schedule], targetDate, filter));
  while (batch.length > 0) {
    for (const entry of batch) {
      if (entry.itemId === null) {
        // A credit step gives the credits due first (executeCredit: one memo per day a credit falls due, as the runs
        // of each day would; the run's catch-up gives the later ones); with none due by the target date (nor
        // pulled to a day by it), nothing.
        const first = creditDayBy(left, targetDate, pulled);
        if (first === null) return out;
        pulled = null;
        left = left.filter((d) => d !== first);
        // Dated as executeCredit dates its memo: the day the credits fell due, or the earlier day the next run date
        // was pulled to; a later date the user set postponed them (review 171). The cuts are used up through the
        // credits' day.
        const dueDate = minDate(first, entry.runDate);
        standing = cutsUsedByCredit(items, standing, first);
        out.push({ entry, dueDate });
        pulledTo = nextRunDateOf(items, left, standing);
        continue;
      }
      const item = items.find((i) => i.id === entry.itemId) as InvoiceScheduleItem;
      const runDate = item.runDate as BusinessDate;
      const dueDate = dueDayPulledTo(items, pulledTo, runDate);
      standing = cutsUsedBy(items, standing, item.id, dueDate);
      pulled = null;
      left = settlesAllCredits(items, item) ? [] : left.filter((d) => isAfter(d, runDate));
      items = items.map((i) =>
        i === item ? Object.freeze({ ...i, status: 'Processed' as const, dueDate }) : i,
      );
      out.push({ entry, dueDate });
      pulledTo = nextRunDateOf(items, left, standing);
    }
    const next = pulledTo;
    if (next === null || !isOnOrBefore(next, targetDate)) return out;
    batch = entriesOf(
      planBillRun([Object.freeze({ ...schedule, items, nextRunDate: next })], targetDate, filter),
    );
  }
  return out;
}

/**
 * The next run date as a run leaves it (§6.6): the earliest pending item's run date, or the earliest credit left or
 * removal cut's date when that comes first (reviseSchedule).
 */
function nextRunDateOf(
  items: readonly InvoiceScheduleItem[],
  left: readonly BusinessDate[],
  cuts: readonly RemovalCut[],
): BusinessDate | null {
  let next = earliestPendingItem({ items })?.runDate ?? null;
  for (const d of left) if (next === null || isBefore(d, next)) next = d;
  const cut = cutDate(items, cuts);
  return cut !== null && (next === null || isBefore(cut, next)) ? cut : next;
}

/**
 * Whether foreseeing the run of the planner's entries `planned` of one schedule ({@link foreseeScheduleRun}) needs
 * the day each of its credits falls due: billing them can credit or leave a credit due, or a credit's day can date
 * an entry after the first. A credit is what a charge was billed above its value, and no value is below zero
 * (prices are ≥ 0), so a schedule none of whose charges was billed anything has none. Else: an entry without an
 * item (its credit), several entries (a credit falling due after the first one's run date dates the next, as the
 * run's catch-up does), or items after which an item with an actual amount is still pending (an item that leaves
 * one gives only the credits due by its run date, executeItem). Otherwise the run credits nothing it would not
 * credit anyway, and the one entry is due as the schedule's next run date says. Pure. @internal
 */
export function mayCredit(schedule: InvoiceSchedule, planned: readonly PlannedItem[]): boolean {
  if (!schedule.charges.some((c) => c.billedAmount.gt(0))) return false;
  if (planned.length > 1 || planned.some((p) => p.itemId === null)) return true;
  return schedule.items.some(
    (i) => i.status !== 'Processed' && !i.actualAmount.isZero() && !planned.some((p) => p.itemId === i.id),
  );
}

/**
 * One entry of what a bill run bills of a schedule, as {@link foreseeScheduleRun} foresees it.
 * @internal
 */
export interface ForeseenEntry {
  /** The item the entry bills; `null` for a credit due without an item (§8.4). */
  readonly item: InvoiceScheduleItem | null;
  /** The day the run dates the entry's documents. */
  readonly dueDate: BusinessDate;
}

/**
 * What a bill run on `targetDate` bills of one schedule, foreseen from the planner's entries `planned`
 * ({@link planBillRun}'s for the schedule, not empty): with `creditDueDates` the run's catch-up as well
 ({@link planScheduleRunDated}, with the schedule's removal cuts `cuts`; `creditDueDates` empty when
 * {@link mayCredit} says no credit matters and the schedule has no removal cut), each entry due on the day the run
 * dates it (decision 18): its run date, or the next run date the entries before it leave when that comes first —
 * the schedule's `nextRunDate` for the first, a credit's due date or a removal cut's date for a later one — and a
 * credit's due date for what a credit brings. With `creditDueDates` `null` (they could not be read, the run reports
 * why), the planner's entries as they are: the earliest pending item due as `itemDueDate` says, the others on their
 * run dates. In plan order. Pure.
 * @internal
 */
export function foreseeScheduleRun(
  schedule: InvoiceSchedule,
  targetDate: BusinessDate,
  planned: readonly PlannedItem[],
  creditDueDates: readonly BusinessDate[] | null,
  filter: { readonly includePausedSchedules?: boolean } = {},
  /** The schedule's removal cuts with the dates that stand, as {@link planScheduleRun} takes them. */
  cuts: readonly RemovalCut[] = [],
): readonly ForeseenEntry[] {
  const itemOf = (p: PlannedItem) =>
    p.itemId === null ? null : (schedule.items.find((i) => i.id === p.itemId) ?? null);
  if (creditDueDates !== null) {
    return planScheduleRunDated(schedule, targetDate, creditDueDates, filter, cuts).map(
      ({ entry, dueDate }) => ({
        item: itemOf(entry),
        dueDate,
      }),
    );
  }
  const earliest = earliestPendingItem(schedule);
  return planned.map((p) => {
    const item = itemOf(p);
    const dueDate = item !== null && item.id === earliest?.id ? itemDueDate(schedule, p.runDate) : p.runDate;
    return { item, dueDate };
  });
}

/** A plan's entries, accounts in order. */
function entriesOf(plan: BillRunPlan): readonly PlannedItem[] {
  return plan.accounts.flatMap((a) => a.items);
}

/** Items by run date, then by schedule number. */
function byRunDateThenSchedule(a: PlannedItem, b: PlannedItem): number {
  return (
    compareDates(a.runDate, b.runDate) || compareNumbering(a.invoiceScheduleNumber, b.invoiceScheduleNumber)
  );
}
