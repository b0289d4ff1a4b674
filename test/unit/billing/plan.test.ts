// planBillRun was rewritten to allocate less (indexed loops, no list for a schedule with nothing due, no sort of
// one). It must plan exactly what the earlier version planned: compared here with that version, kept as the
// oracle, over random schedules of a few accounts, random statuses, target dates and filters; and a JavaScript
// caller passing another iterable than an array gets the same plan.
import { fc, test } from '@fast-check/vitest';
import { arbInvoiceSchedule } from 'invoice-schedules/testing/arbitraries';
import { describe, expect } from 'vitest';
import { type BillRunPlan, type PlannedItem, planBillRun } from '../../../src/domain/billing/plan';
import type { InvoiceSchedule } from '../../../src/domain/schedule/schedule';
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
