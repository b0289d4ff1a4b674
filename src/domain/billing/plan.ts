import { type BusinessDate, compareDates, isOnOrBefore } from '../../time/date';
import type { InvoiceSchedule } from '../schedule/schedule';

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
  const byAccount = new Map<string, PlannedItem[]>();
  for (const schedule of schedules) {
    if (schedule.status === 'Paused' && !filter.includePausedSchedules) continue;
    if (filter.accountNumbers?.length && !filter.accountNumbers.includes(schedule.accountNumber)) continue;
    if (filter.invoiceScheduleNumbers?.length && !filter.invoiceScheduleNumbers.includes(schedule.number))
      continue;
    const list = byAccount.get(schedule.accountNumber) ?? [];
    const before = list.length;
    for (const item of schedule.items) {
      if (item.status === 'Processed') continue;
      // Items are processed in sequence: stop at the first pending item that is not due.
      if (item.runDate === null || !isOnOrBefore(item.runDate, targetDate)) break;
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
      list.length === before &&
      schedule.nextRunDate !== null &&
      isOnOrBefore(schedule.nextRunDate, targetDate)
    ) {
      const next = schedule.items.find((i) => i.status !== 'Processed');
      list.push(
        Object.freeze({
          accountNumber: schedule.accountNumber,
          invoiceScheduleNumber: schedule.number,
          itemId: next && next.runDate !== null ? next.id : null,
          runDate: schedule.nextRunDate,
        }),
      );
    }
    if (list.length > 0) byAccount.set(schedule.accountNumber, list);
  }
  const accounts = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([accountNumber, items]) =>
      Object.freeze({
        accountNumber,
        items: Object.freeze(
          [...items].sort(
            (a, b) =>
              compareDates(a.runDate, b.runDate) ||
              (a.invoiceScheduleNumber < b.invoiceScheduleNumber
                ? -1
                : a.invoiceScheduleNumber > b.invoiceScheduleNumber
                  ? 1
                  : 0),
          ),
        ),
      }),
    );
  return Object.freeze({ targetDate, accounts: Object.freeze(accounts) });
}
