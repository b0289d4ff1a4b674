// planBillRun was rewritten to allocate less (indexed loops, no list for a schedule with nothing due, no sort of
// one). It must plan exactly what the earlier version planned: compared here with that version, kept as the
// oracle, over random schedules of a few accounts, random statuses, target dates and filters; and a JavaScript
// caller passing another iterable than an array gets the same plan.
import { fc, test } from '@fast-check/vitest';
import { buildInvoiceSchedule } from 'invoice-schedules/testing';
import { arbInvoiceSchedule } from 'invoice-schedules/testing/arbitraries';
import { describe, expect, it } from 'vitest';
import {
  type BillRunPlan,
  foreseeScheduleRun,
  type PlannedItem,
  planBillRun,
  planScheduleRun,
} from '../../../src/domain/billing/plan';
import { itemDueDate } from '../../../src/domain/schedule/execute';
import {
  earliestPendingItem,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
} from '../../../src/domain/schedule/schedule';
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
  // C01's three pending items (2023-02-04, 2023-05-01, 2023-09-16) billed by one run on 2023-06-01.
  const c01 = buildInvoiceSchedule();
  const day = (text: string) => parseBusinessDate(text)._unsafeUnwrap();
  const datesOf = (entries: readonly { item: InvoiceScheduleItem | null; dueDate: BusinessDate }[]) =>
    entries.map((e) => [e.item?.sequence ?? null, e.dueDate]);

  it('decision 18, §6.6 rule 3: a credit falling due on 2023-03-01, after item 1, dates item 2 on that day, as the run does', () => {
    const first = planBillRun([c01], day('2023-06-01')).accounts.flatMap((a) => a.items);
    expect(datesOf(foreseeScheduleRun(c01, day('2023-06-01'), first, [day('2023-03-01')]))).toEqual([
      [1, '2023-02-04'],
      [2, '2023-03-01'],
    ]);
    // Without the credits' days (they could not be read) each later item is listed on its run date.
    expect(datesOf(foreseeScheduleRun(c01, day('2023-06-01'), first, null))).toEqual([
      [1, '2023-02-04'],
      [2, '2023-05-01'],
    ]);
  });

  it("decision 19: item 2's removal cut (2023-04-01) dates it on that day once item 1 is billed in the same run", () => {
    const item2 = c01.items[1] as InvoiceScheduleItem;
    const first = planBillRun([c01], day('2023-06-01')).accounts.flatMap((a) => a.items);
    const cuts = [{ itemId: item2.id, effectiveDates: [day('2023-04-01')] }];
    expect(datesOf(foreseeScheduleRun(c01, day('2023-06-01'), first, [], {}, cuts))).toEqual([
      [1, '2023-02-04'],
      [2, '2023-04-01'],
    ]);
  });

  // It moved out of listItemsDue (the listing decided the rows' due dates itself). Without the credits' dates the
  // listing's rule stands: the earliest pending item is due as `itemDueDate` says, the others on their run dates.
  // With them, the run's catch-up: each item is due on its run date, or on the next run date the entries before it
  // leave when that is earlier (the earliest pending item's run date, or the earliest credit not given yet) — an
  // item billed in the same run after a credit fell due is dated on the credit's day, as the run dates it.
  test.prop(
    [
      arbInvoiceSchedule(),
      arbTarget,
      fc.option(fc.array(arbTarget, { maxLength: 3 }), { nil: null }),
      fc.boolean(),
    ],
    { numRuns: 200 },
  )(
    'foresees the entries and due dates of the run',
    (schedule, target, creditDueDates, includePausedSchedules) => {
      const filter = { includePausedSchedules };
      const first = planBillRun([schedule], target, filter).accounts.flatMap((a) => a.items);
      const expected: { item: InvoiceScheduleItem | null; dueDate: BusinessDate }[] = [];
      if (creditDueDates === null) {
        const earliest = earliestPendingItem(schedule);
        for (const p of first) {
          const item = p.itemId === null ? undefined : schedule.items.find((i) => i.id === p.itemId);
          const dueDate =
            item !== undefined && item.id === earliest?.id ? itemDueDate(schedule, p.runDate) : p.runDate;
          expected.push({ item: item ?? null, dueDate });
        }
      } else {
        let next = schedule.nextRunDate;
        let left = [...creditDueDates];
        const done = new Set<string>();
        for (const p of planScheduleRun(schedule, target, creditDueDates, filter)) {
          const item = p.itemId === null ? null : (schedule.items.find((i) => i.id === p.itemId) ?? null);
          if (item === null) {
            expected.push({ item, dueDate: p.runDate });
            left = left.filter((d) => d > target);
          } else {
            const runDate = item.runDate as BusinessDate;
            expected.push({ item, dueDate: next !== null && next < runDate ? next : runDate });
            const pending = schedule.items.filter((i) => i.status !== 'Processed' && !done.has(i.id));
            const settles =
              pending[pending.length - 1]?.id === item.id ||
              pending.every((i) => i.id === item.id || i.actualAmount.isZero());
            left = settles ? [] : left.filter((d) => d > runDate);
            done.add(item.id);
          }
          next = schedule.items.find((i) => i.status !== 'Processed' && !done.has(i.id))?.runDate ?? null;
          for (const d of left) if (next === null || d < next) next = d;
        }
      }
      expect(foreseeScheduleRun(schedule, target, first, creditDueDates, filter)).toEqual(expected);
    },
  );
});
