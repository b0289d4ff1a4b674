// Mutant K06 (src/domain/billing/consolidation.ts, negatedLines): a discount line netted into a credit memo
// keeps its own charge number instead of the charge it discounts
// (`l.kind === 'Discount' ? (l.appliesToChargeNumber ?? l.chargeNumber) : l.chargeNumber` → `l.chargeNumber`).
// Billing history is per charge (decision 17), net of discounts (decision 6 / standard.ts billedByCharge);
// the code's own comment: "A discount line counts against the charge it applies to (Σ billed per charge
// stays net)". Set-up: C35 Ex.4 (test/cases/consolidation-net-negative.test.ts: items −400 and +100 on
// 2023-06-01 net to one memo) plus S9, standard-billed, C9 200.00/yr from 2023-06-01 under a 10 % discount
// D9 (C26 style): its invoice lines C9 200.00 / D9 −20.00 join the merge and are netted into CM00000001.
// C9 is then billed its value, 180.00, and nothing is left to bill or credit on it. Under the mutant C9
// reads as billed 200.00 (the −20.00 counts under D9) and the next run credits it 20.00.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk, setUpOrder } from '../../support/billing';
import { givenActivatedOrder, givenSchedule, givenTwoOrders, removeProducts } from '../../support/scenarios';

describe('a discount line netted into a credit memo counts against its charge (mutant K06)', () => {
  it('C35 Ex.4 with S9 (C9 200.00 − 10 %) netted into CM00000001 120.00 (300.00 − 180.00): the run of 2023-07-01 issues nothing', async () => {
    const billing = await givenTwoOrders();
    await givenSchedule(billing, {
      invoiceSeparately: false,
      items: [
        { runDate: '2023-03-01', amount: '6400.00' },
        { runDate: '2023-06-01', amount: '5600.00' },
      ],
    });
    await givenSchedule(billing, {
      orders: ['O-0002'],
      invoiceSeparately: false,
      items: [
        { runDate: '2023-06-01', amount: '100.00' },
        { runDate: '2023-09-01', amount: '5900.00' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-05-15',
      actions: removeProducts(['S1'], '2023-07-01'),
    });
    await setUpOrder(billing, {
      createAccount: false,
      orderNumber: 'O-0009',
      orderDate: '2023-05-20',
      subscriptions: [
        {
          number: 'S9',
          termStart: '2023-06-01',
          termEnd: '2024-05-31',
          charges: [
            { number: 'C9', price: '200.00' },
            { number: 'D9', type: 'DiscountPercentage', price: '0', discountPercentage: '10' },
          ],
        },
      ],
    });
    const june = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([june.invoiceNumbers, june.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.creditedInvoiceNumber])).toEqual([
      ['C1', '400.00', 'INV00000001'],
      ['C2', '-100.00', null],
      ['C9', '-200.00', null],
      ['C9', '20.00', null],
    ]);
    expect(memo?.amount).toBe('120.00');
    // C9 is billed its value (180.00): the next run neither bills nor credits it.
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.invoiceNumbers, july.creditMemoNumbers]).toEqual([[], []]);
  });
});
