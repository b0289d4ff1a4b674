import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { previewExecution } from '../../src/operations/preview';
import { getInvoiceSchedule } from '../../src/operations/queries';
import type { BillingContext } from '../../src/ports';
import { fixedClock } from '../../src/time/clock';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { billAndPost, givenActivatedOrder, givenC01Schedule, removeProducts } from '../support/scenarios';

// An execution by hand of a fully processed schedule (§6.2, decision 5) issues the credits due by today, as the
// bill run of that day would: one memo per due date, each dated its own (§8.4: a credit memo is generated on
// the removal's effective date; decision 18), and NothingToExecute while none is due yet (decision 12). It issued
// every credit in one memo dated today (or the first due date), also a credit due only weeks later (review
// finding). C10's set-up (C01 billed in full by bill runs on its run dates) with O-0002 removing S1 (C1) as of
// 2023-10-01 and S2 (C2) as of 2023-11-01: C1 36,900.00 keeps 9 months (9,225.00 due back from 2023-10-01),
// C2 21,500.00 keeps 10 months (3,583.33 due back from 2023-11-01); 12,808.33 in all.

/** C01 billed in full, then O-0002 (2023-09-20) removes S1 as of 2023-10-01 and S2 as of 2023-11-01. */
async function givenTwoRemovals(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule();
  await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-09-20',
    actions: [...removeProducts(['S1'], '2023-10-01'), ...removeProducts(['S2'], '2023-11-01')],
  });
  return billing;
}

/** The context of `billing` on `day` (noon UTC; the default tenant's zone is UTC). */
const on = (billing: TestBilling, day: string): BillingContext => ({
  ...billing.context,
  clock: fixedClock(`${day}T12:00:00Z`),
});

/** A credit memo as [date, amount, lines as [charge, amount, credited invoice, service start, service end]]. */
function memo(billing: TestBilling, number: string) {
  const m = billing.store.probe.creditMemo(number);
  return [
    m?.memoDate,
    m?.amount,
    m?.lines.map((l) => [
      l.chargeNumber,
      l.amount,
      l.creditedInvoiceNumber,
      l.serviceStartDate,
      l.serviceEndDate,
    ]),
  ];
}

/** C1's credit, due 2023-10-01: INV003's C1 line from 2023-11-29, then INV002's from 2023-10-01. */
const C1_MEMO = [
  '2023-10-01',
  '9225.00',
  [
    ['C1', '3258.97', 'INV00000003', '2023-11-29', '2023-12-31'],
    ['C1', '5966.03', 'INV00000002', '2023-10-01', '2023-11-29'],
  ],
];
/** C2's credit, due 2023-11-01. */
const C2_MEMO = [
  '2023-11-01',
  '3583.33',
  [
    ['C2', '1898.86', 'INV00000003', '2023-11-29', '2023-12-31'],
    ['C2', '1684.47', 'INV00000002', '2023-11-01', '2023-11-29'],
  ],
];

const EXECUTE = { invoiceScheduleNumber: 'IS-00000001' };
const read = async (billing: TestBilling) =>
  expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));

describe('§8.4, decisions 12 and 18: an execution by hand of a fully processed schedule issues the credits due by today', () => {
  it('before either removal takes effect (today 2023-09-25): NothingToExecute, nothing saved, nothing previewed; the schedule still shows nextRunDate 2023-10-01 and unbilled −12,808.33', async () => {
    const billing = await givenTwoRemovals();
    const context = on(billing, '2023-09-25');
    const due = {
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '57391.67',
      billedAmount: '70200.00',
      unbilledAmount: '-12808.33',
      nextRunDate: '2023-10-01',
    };
    expect(amounts(await read(billing))).toEqual(due);
    const before = billing.store.probe.snapshot();
    expect(expectErr(await previewExecution(context, EXECUTE))).toMatchObject({ type: 'NothingToExecute' });
    expect(expectErr(await executeInvoiceSchedule(context, EXECUTE))).toMatchObject({
      type: 'NothingToExecute',
      invoiceScheduleNumber: 'IS-00000001',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(amounts(await read(billing))).toEqual(due);
  });

  it('today 2023-10-15: one memo 9,225.00 dated 2023-10-01 (C1 only), nextRunDate 2023-11-01 for C2; then today 2023-11-15: memo 3,583.33 dated 2023-11-01 — as the bill runs of those days give them', async () => {
    const billing = await givenTwoRemovals();
    const october = expectOk(await executeInvoiceSchedule(on(billing, '2023-10-15'), EXECUTE));
    expect([october.targetDate, october.itemsProcessed, october.creditMemoNumbers]).toEqual([
      '2023-10-15',
      0,
      ['CM00000001'],
    ]);
    expect(memo(billing, 'CM00000001')).toEqual(C1_MEMO);
    const afterOctober = await read(billing);
    expect(amounts(afterOctober)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '57391.67',
      billedAmount: '60975.00',
      unbilledAmount: '-3583.33',
      nextRunDate: '2023-11-01',
    });
    expect(afterOctober.items[2]?.creditMemoNumbers).toEqual(['CM00000001']);

    const november = expectOk(await executeInvoiceSchedule(on(billing, '2023-11-15'), EXECUTE));
    expect(november.creditMemoNumbers).toEqual(['CM00000002']);
    expect(memo(billing, 'CM00000002')).toEqual(C2_MEMO);
    const afterNovember = await read(billing);
    expect(amounts(afterNovember)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '57391.67',
      billedAmount: '57391.67',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(afterNovember.items[2]?.creditMemoNumbers).toEqual(['CM00000001', 'CM00000002']);

    // The bill runs of the same days give the same memos.
    const byRuns = await givenTwoRemovals();
    expect(
      expectOk(await runBillRun(byRuns.context, { targetDate: '2023-10-15' })).creditMemoNumbers,
    ).toEqual(['CM00000001']);
    expect(
      expectOk(await runBillRun(byRuns.context, { targetDate: '2023-11-15' })).creditMemoNumbers,
    ).toEqual(['CM00000002']);
    expect([memo(byRuns, 'CM00000001'), memo(byRuns, 'CM00000002')]).toEqual([C1_MEMO, C2_MEMO]);
  });

  it('today 2023-12-15, both credits due: one execution issues two memos, 9,225.00 dated 2023-10-01 and 3,583.33 dated 2023-11-01, as the bill run of 2023-12-15 does (not one memo of 12,808.33)', async () => {
    const billing = await givenTwoRemovals();
    const run = expectOk(await executeInvoiceSchedule(on(billing, '2023-12-15'), EXECUTE));
    expect(run.creditMemoNumbers).toEqual(['CM00000001', 'CM00000002']);
    expect([memo(billing, 'CM00000001'), memo(billing, 'CM00000002')]).toEqual([C1_MEMO, C2_MEMO]);
    expect(amounts(await read(billing))).toMatchObject({
      billedAmount: '57391.67',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    const byRun = await givenTwoRemovals();
    expect(expectOk(await runBillRun(byRun.context, { targetDate: '2023-12-15' })).creditMemoNumbers).toEqual(
      ['CM00000001', 'CM00000002'],
    );
    expect([memo(byRun, 'CM00000001'), memo(byRun, 'CM00000002')]).toEqual([C1_MEMO, C2_MEMO]);
  });
});
