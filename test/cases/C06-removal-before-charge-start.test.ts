import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import {
  billAndPost,
  C06_SUBSCRIPTIONS,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
} from '../support/scenarios';

// C06 — S1/C1 1,000.00 over 2022, S2/C2 1,000.00 over 2023; items 2022-02-04 1,200 / 2023-01-05 500 /
// 2023-07-15 300. Item 1 bills C1 1,000.00 and C2 200.00 (2023-01-01 → 2023-03-13). Then an order of
// 2022-05-20 removes S2 as of 2022-06-01, before C2 even starts: C2 is worth 0 and its 200.00 is due back.
// §8.4: the credit memo is generated on the removal's effective date; decision 19 / §6.6 rule 3: nextRunDate
// moves to the effective date (2022-06-01), not to C2's start (2023-01-01); decision 18: dated that day.
async function afterRemoval(): Promise<TestBilling> {
  const billing = await givenSubscriptions(C06_SUBSCRIPTIONS, { now: '2022-01-01T12:00:00Z' });
  await givenSchedule(billing, {
    items: [
      { runDate: '2022-02-04', amount: '1200.00' },
      { runDate: '2023-01-05', amount: '500.00' },
      { runDate: '2023-07-15', amount: '300.00' },
    ],
  });
  await billAndPost(billing, ['2022-02-04']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2022-05-20',
    actions: removeProducts(['S2'], '2022-06-01'),
  });
  return billing;
}

describe('C06 with S2 removed as of 2022-06-01, before C2 starts (§8.4, decision 19, decision 18)', () => {
  it('after the order: actual 1,000.00, unbilled −200.00, items 1,200.00 / 0.00 / −200.00; nextRunDate is the effective date 2022-06-01; C2 keeps it as its removalEffectiveDate', async () => {
    const billing = await afterRemoval();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '2000.00',
      actualAmount: '1000.00',
      billedAmount: '1200.00',
      unbilledAmount: '-200.00',
      nextRunDate: '2022-06-01',
    });
    expect(schedule.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['1200.00', '0.00', '-200.00']);
    const c2 = billing.store.probe.subscription('S2')?.ratePlans[0]?.charges[0];
    expect([c2?.startDate, c2?.endDate, c2?.removalEffectiveDate]).toEqual([
      '2023-01-01',
      '2022-12-31',
      '2022-06-01',
    ]);
  });

  it('the bill run of 2022-06-01 pulls item 2 forward: CM 200.00 dated 2022-06-01 crediting INV001 C2 2023-01-01 → 2023-03-13; item 3 is left at 0 and processed with it', async () => {
    const billing = await afterRemoval();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2022-06-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['200.00', '2022-06-01']);
    expect(
      memo?.lines.map((l) => [
        l.chargeNumber,
        l.amount,
        l.creditedInvoiceNumber,
        l.serviceStartDate,
        l.serviceEndDate,
      ]),
    ).toEqual([['C2', '200.00', 'INV00000001', '2023-01-01', '2023-03-13']]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.status, i.billedAmount.toFixed(2), i.creditMemoNumbers])).toEqual([
      ['Processed', '1200.00', []],
      ['Processed', '-200.00', ['CM00000001']],
      ['Processed', '0.00', []],
    ]);
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '2000.00',
      actualAmount: '1000.00',
      billedAmount: '1000.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });

  it('a bill run before the effective date (2022-05-31) produces nothing', async () => {
    const billing = await afterRemoval();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2022-05-31' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([0, [], []]);
  });
});
