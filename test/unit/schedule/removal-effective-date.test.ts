import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  yearly,
} from '../../support/scenarios';

// A one-time charge is credited back in full when removed, whatever the date (§4.2 rule 12, §8.4), so the
// removal leaves it ending the day before its start. Its credit is still due on the removal's EFFECTIVE date
// (§8.4: "generated on the effective date"; decision 19, §6.6 rule 3), not on the charge's start, and the
// documents of the item that gives it are dated that day (decision 18).

/** S1/C1 12,000.00 a year and S2/C2 one-time 6,000.00 (2023); item 1 (2023-02-01, 9,000.00) billed. */
async function oneTimeBilled(items: readonly { runDate: string; amount: string }[]): Promise<TestBilling> {
  const billing = await givenSubscriptions(
    [
      yearly('S1', [{ number: 'C1', price: '12000.00' }]),
      yearly('S2', [{ number: 'C2', type: 'OneTime', price: '6000.00' }]),
    ],
    { now: '2023-01-01T12:00:00Z' },
  );
  await givenSchedule(billing, { items });
  await billAndPost(billing, ['2023-02-01']);
  return billing;
}

const removeS2 = (billing: TestBilling, orderDate: string, effectiveDate: string) =>
  givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate,
    actions: removeProducts(['S2'], effectiveDate),
  });

describe('the credit of a removed one-time charge is due on the removal effective date (§8.4, decision 19)', () => {
  it('removed as of 2023-06-01 (ordered 2023-05-20): nextRunDate 2023-06-01, not C2 start 2023-01-01; item 2 is pulled forward and its invoice and credit memo are dated 2023-06-01', async () => {
    const billing = await oneTimeBilled([
      { runDate: '2023-02-01', amount: '9000.00' },
      { runDate: '2023-08-01', amount: '6000.00' },
      { runDate: '2023-11-01', amount: '3000.00' },
    ]);
    expect(billing.store.probe.invoice('INV00000001')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C1', '6000.00'],
      ['C2', '3000.00'],
    ]);
    await removeS2(billing, '2023-05-20', '2023-06-01');
    const moved = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(moved)).toMatchObject({ actualAmount: '12000.00', nextRunDate: '2023-06-01' });
    expect(moved.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['9000.00', '3000.00', '0.00']);

    const early = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-31' }));
    expect([early.invoiceNumbers, early.creditMemoNumbers]).toEqual([[], []]);
    const june = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([june.invoiceNumbers, june.creditMemoNumbers]).toEqual([['INV00000002'], ['CM00000001']]);
    const inv2 = billing.store.probe.invoice('INV00000002');
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([inv2?.amount, inv2?.invoiceDate]).toEqual(['6000.00', '2023-06-01']);
    expect([memo?.amount, memo?.memoDate]).toEqual(['3000.00', '2023-06-01']);
    // The memo line's service period still starts from the charge's own start: it is credited in full.
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate])).toEqual([
      ['C2', '3000.00', '2023-01-01'],
    ]);
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toMatchObject({
      status: 'FullyProcessed',
      billedAmount: '12000.00',
      nextRunDate: null,
    });
  });

  it('removed as of 2023-06-01 (ordered 2023-04-20) with item 2 due 2023-05-01: item 2 bills its 1,000.00 without the credit; item 3 is pulled to 2023-06-01 with CM 3,000.00', async () => {
    const billing = await oneTimeBilled([
      { runDate: '2023-02-01', amount: '9000.00' },
      { runDate: '2023-05-01', amount: '1000.00' },
      { runDate: '2023-11-01', amount: '8000.00' },
    ]);
    await removeS2(billing, '2023-04-20', '2023-06-01');
    const moved = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(moved.nextRunDate).toBe('2023-05-01');
    expect(moved.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['9000.00', '1000.00', '2000.00']);

    const may = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect([may.invoiceNumbers, may.creditMemoNumbers]).toEqual([['INV00000002'], []]);
    expect(billing.store.probe.invoice('INV00000002')?.amount).toBe('1000.00');
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBe('2023-06-01');

    const june = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([june.invoiceNumbers, june.creditMemoNumbers]).toEqual([['INV00000003'], ['CM00000001']]);
    const inv3 = billing.store.probe.invoice('INV00000003');
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([inv3?.amount, inv3?.invoiceDate]).toEqual(['5000.00', '2023-06-01']);
    expect([memo?.amount, memo?.memoDate]).toEqual(['3000.00', '2023-06-01']);
  });
});

describe('standard billing: a one-time charge removed entirely is credited once the removal takes effect (§8.4)', () => {
  it('C1 one-time 1,000.00 standard-billed 2023-01-01, removed as of 2023-06-01 by an order of 2023-05-20: nothing on 2023-05-25 (was CM 1,000.00 dated 2023-05-25, found in review); CM 1,000.00 on the run of 2023-06-01', async () => {
    const billing = await givenSubscriptions(
      [yearly('S1', [{ number: 'C1', type: 'OneTime', price: '1000.00' }])],
      {
        now: '2023-05-20T12:00:00Z',
      },
    );
    const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expect(first.invoiceNumbers).toEqual(['INV00000001']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-05-20',
      actions: removeProducts(['S1'], '2023-06-01'),
    });
    const early = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-25' }));
    expect([early.invoiceNumbers, early.creditMemoNumbers]).toEqual([[], []]);
    const due = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect(due.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['1000.00', '2023-06-01']);
  });
});
