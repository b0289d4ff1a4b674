// C08 / decision 15: a zero-priced charge cut by a change gets a 0.00 line on that change's credit memo. The line
// went on every memo whose credits started on the day the zero-priced charge's credit starts, whatever day its own
// removal is due (found by review 74's property): S2's one-time 0.00 charge (from 2023-03-01) removed as of
// 2023-04-01 showed on S1's memo dated 2023-03-01, before its removal took effect (§8.4). It follows the day its
// removal is due now.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { expectOk, newBilling, setUpOrder } from '../../support/billing';
import { givenActivatedOrder, givenSchedule, removeProducts, yearly } from '../../support/scenarios';

describe('a zero-priced charge’s 0.00 credit line goes on the memo of the day its removal is due (C08, §8.4)', () => {
  it('S1 1,200.00/yr removed as of 2023-03-01, S2 (one-time 0.00 from 2023-03-01) as of 2023-04-01: the 2023-03-01 memo credits C1 only', async () => {
    const billing = newBilling({}, '2023-01-15T12:00:00Z');
    await setUpOrder(billing, {
      subscriptions: [
        yearly('S1', [{ number: 'C1', price: '1200.00' }]),
        yearly('S2', [{ number: 'C2', type: 'OneTime', price: '0.00', startDate: '2023-03-01' }]),
      ],
    });
    await givenSchedule(billing, { items: [{ runDate: '2023-01-01', amount: '1200.00' }] });
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(billing.store.probe.invoice('INV00000001')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C1', '1200.00'],
      ['C2', '0.00'],
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: [...removeProducts(['S1'], '2023-03-01'), ...removeProducts(['S2'], '2023-04-01')],
    });
    const march = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    const memo = billing.store.probe.creditMemo(march.creditMemoNumbers[0] as string);
    expect([memo?.memoDate, memo?.amount]).toEqual(['2023-03-01', '1000.00']);
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['C1', '1000.00', '2023-03-01', '2023-12-31'],
    ]);
    // Nothing is credited on 2023-04-01 (S2 billed nothing): no memo, so no 0.00 line either.
    const april = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect([april.invoiceNumbers, april.creditMemoNumbers]).toEqual([[], []]);
  });
});
