// §5.4, §8.5, decision 3: a charge detached from a schedule whose lines served its first days S, its price lowered
// from its start (S credited its excess), then raised: the rest of the term is billed from where the schedule left
// off. Found by a deeper run of the detach-reprice property (seed 4343): the credit of S's excess, a memo line
// with S's dates, read as S's days owed again, so the rest's line was dated from where the billed amount reads
// (2023-07-01), inside S.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { detachInvoiceScheduleCharges } from '../../../src/operations/lifecycle';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { billAndPost, givenSchedule, repriceFromStart, yearly } from '../../support/scenarios';

/** Every document's lines of C1: number, amount, service dates. */
function documents(billing: TestBilling) {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  return [
    ...invoices.map((i) => [i.number, i.lines.map((l) => [l.amount, l.serviceStartDate, l.serviceEndDate])]),
    ...creditMemos.map((m) => [
      m.number,
      m.lines.map((l) => [l.amount, l.serviceStartDate, l.serviceEndDate]),
    ]),
  ];
}

describe('a detached charge lowered then raised from its start bills the rest from where the schedule left off', () => {
  it('USD 0.06/yr, the schedule billed 0.04 through 2023-08-31; lowered to 0.01 (0.03 credited on S), raised to 0.02: 0.01 for 2023-09-01..12-31 (was 2023-07-01..12-31)', async () => {
    const billing = newBilling({ prorationDays: 'actual' });
    await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '0.06' }])] });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-01', amount: '0.04' },
        { runDate: '2023-06-01', amount: '0.02' },
      ],
    });
    await billAndPost(billing, ['2023-02-01']);
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      }),
    );
    expect(billing.store.probe.invoiceSchedule('IS-00000001')?.charges[0]?.servedThrough).toEqual({
      end: '2023-08-31',
      endDayPartial: false,
    });
    await repriceFromStart(billing, { number: 'O-0200', orderDate: '2023-05-01', price: '0.01' });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    await repriceFromStart(billing, { number: 'O-0201', orderDate: '2023-05-02', price: '0.02' });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect(documents(billing)).toEqual([
      ['INV00000001', [['0.04', '2023-01-01', '2023-08-31']]],
      ['INV00000002', [['0.01', '2023-09-01', '2023-12-31']]],
      ['CM00000001', [['0.03', '2023-01-01', '2023-08-31']]],
    ]);
  });
});
