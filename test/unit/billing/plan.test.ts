// planBillRun was rewritten to allocate less (indexed loops, no list for a schedule with nothing due, no sort of
// one). It must plan exactly what the earlier version planned: compared here with that version, kept as the
// oracle, over random schedules of a few accounts, random statuses, target dates and filters; and a JavaScript
// caller passing another iterable than an array gets the same plan.
import { fc, test } from '@fast-check/vitest';
import { arbInvoiceSchedule } from 'invoice-schedules/testing/arbitraries';
import { describe, expect } from 'vitest';
import {
  type BillRunPlan,
  foreseeScheduleRun,
  type PlannedItem,
  planBillRun,
  planScheduleRun,
} from '../../../src/domain/billing/plan';
import { itemDueDate } from '../../../src/domain/schedule/execute';
import { earliestPendingItem, type InvoiceSchedule } from '../../../src/domain/schedule/schedule';
import { type BusinessDate, compareDates, isOnOrBefore, parseBusinessDate } from '../../../src/time/date';

/** planBillRun as it was before the rewrite (`0254032`). */
function oracle(
  schedules: readonly InvoiceSchedule[],
  targetDate: BusinessDate,
  filter: {
    readonly accountNumbers?: readonly string[];
    readonly invoiceScheduleNumbers?: readonly string[];
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
      if (item.runDate === null || !isOnOrBefore(item.runDate, targetDate)) break;
      list.push({
        accountNumber: schedule.accountNumber,
        invoiceScheduleNumber: schedule.number,
        itemId: item.id,
        runDate: item.runDate,
      });
    }
    if (
      list.length === before &&
      schedule.nextRunDate !== null &&
      isOnOrBefore(schedule.nextRunDate, targetDate)
    ) {
      const next = schedule.items.find((i) => i.status !== 'Processed');
      list.push({
        accountNumber: schedule.accountNumber,
        invoiceScheduleNumber: schedule.number,
        itemId: next && next.runDate !== null ? next.id : null,
        runDate: schedule.nextRunDate,
      });
    }
    if (list.length > 0) byAccount.set(schedule.accountNumber, list);
  }
  const accounts = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([accountNumber, items]) => ({
      accountNumber,
      items: [...items].sort(
        (a, b) =>
          compareDates(a.runDate, b.runDate) ||
          (a.invoiceScheduleNumber < b.invoiceScheduleNumber
            ? -1
            : a.invoiceScheduleNumber > b.invoiceScheduleNumber
              ? 1
              : 0),
      ),
    }));
  return { targetDate, accounts };
}

const ACCOUNTS = ['A-1', 'A-2', 'A-3'];
const arbSchedules = fc.array(
  fc.tuple(arbInvoiceSchedule(), fc.constantFrom(...ACCOUNTS), fc.boolean()).map(([s, account, paused]) => {
    const schedule = { ...s, accountNumber: account } as InvoiceSchedule;
    return paused
      ? ({ ...schedule, status: 'Paused', statusBeforePause: 'Pending' } as InvoiceSchedule)
      : schedule;
  }),
  { maxLength: 8 },
);
const arbTarget = fc
  .date({ min: new Date('2022-06-01T00:00:00Z'), max: new Date('2025-06-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => parseBusinessDate(d.toISOString().slice(0, 10))._unsafeUnwrap());
const arbFilter = fc.record(
  {
    accountNumbers: fc.subarray(ACCOUNTS),
    includePausedSchedules: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('planBillRun', () => {
  test.prop([arbSchedules, arbTarget, arbFilter], { numRuns: 300 })(
    'plans what the version before the rewrite planned, for an array and for another iterable',
    (schedules, target, filter) => {
      const expected = oracle(schedules, target, filter);
      expect(planBillRun(schedules, target, filter)).toEqual(expected);
      expect(planBillRun(new Set(schedules) as unknown as InvoiceSchedule[], target, filter)).toEqual(
        expected,
      );
    },
  );

  test.prop([arbSchedules, arbTarget], { numRuns: 100 })(
    'with a filter of schedule numbers, the schedules named',
    (schedules, target) => {
      const numbers = schedules.filter((_, i) => i % 2 === 0).map((s) => s.number);
      const filter = { invoiceScheduleNumbers: numbers, includePausedSchedules: true };
      expect(planBillRun(schedules, target, filter)).toEqual(oracle(schedules, target, filter));
    },
  );
});

describe('foreseeScheduleRun', () => {
  // It moved out of listItemsDue (the listing decided the rows' due dates itself): the listing's loop is the oracle.
  test.prop(
    [
      arbInvoiceSchedule(),
      arbTarget,
      fc.option(fc.array(arbTarget, { maxLength: 3 }), { nil: null }),
      fc.boolean(),
    ],
    { numRuns: 200 },
  )(
    'foresees the entries and due dates the listing foresaw before the move',
    (schedule, target, creditDueDates, includePausedSchedules) => {
      const filter = { includePausedSchedules };
      const first = planBillRun([schedule], target, filter).accounts.flatMap((a) => a.items);
      const planned =
        creditDueDates === null ? first : planScheduleRun(schedule, target, creditDueDates, filter);
      const earliest = earliestPendingItem(schedule);
      const expected = planned.map((p) => {
        const item = p.itemId === null ? undefined : schedule.items.find((i) => i.id === p.itemId);
        const dueDate =
          item !== undefined && item.id === earliest?.id ? itemDueDate(schedule, p.runDate) : p.runDate;
        return { item: item ?? null, dueDate };
      });
      expect(foreseeScheduleRun(schedule, target, first, creditDueDates, filter)).toEqual(expected);
    },
  );
});
