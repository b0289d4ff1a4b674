// A charge with a percentage discount, billed in part by a schedule, detached, raised from its start (§8.5) and
// billed the raise by standard billing (§5.4), then removed from its start (§8.4): its value is 0, and standard
// billing's credit memo must take back all it and the schedule billed, net of the discount. The raise's catch-up
// sits beside the line it raised with the same days, each with its discount line, and a credit memo counted both
// discount lines against each of the two lines: the memo came out 1,633.33 for 1,800.00, leaving 166.67 billed
// for good (¥1 of ¥5 in JPY). Found by the model-based test extended with item updates (review finding).
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money';
import { runBillRun } from '../../../src/operations/bill-run';
import { detachInvoiceScheduleCharges } from '../../../src/operations/lifecycle';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenSchedule,
  removeProducts,
  repriceFromStart,
} from '../../support/scenarios';

/** What C1 and its discount D1 are billed together: the live invoices' lines less the credit memos'. */
function netBilled(billing: TestBilling): string {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  let net = new Dec(0);
  for (const i of invoices)
    if (i.status === 'Posted' || i.status === 'Draft') for (const l of i.lines) net = net.plus(l.amount);
  for (const m of creditMemos)
    if (m.status !== 'Canceled') for (const l of m.lines) net = net.minus(l.amount);
  return net.toFixed();
}

/**
 * S1: C1 one-time `price` with D1 10 % off; a schedule of two items (`items`) on 2023-01-01 and 2023-01-06, item 1
 * billed and posted; C1 detached; raised from its start to `raised`; billed through 2023-01-06; removed from
 * 2023-01-01; billed through 2035-12-31.
 */
async function detachedRaisedRemoved(
  currency: string,
  price: string,
  items: readonly [string, string],
  raised: string,
): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  await setUpOrder(billing, {
    currency,
    subscriptions: [
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [
          { number: 'C1', type: 'OneTime', price },
          {
            number: 'D1',
            type: 'DiscountPercentage',
            price: '0',
            discountPercentage: '10',
            startDate: '2023-01-01',
            endDate: '2023-07-01',
          },
        ],
      },
    ],
  });
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-01-01', amount: items[0] },
      { runDate: '2023-01-06', amount: items[1] },
    ],
  });
  await billAndPost(billing, ['2023-01-01']);
  expectOk(
    await detachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
    }),
  );
  await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-01-02', price: raised });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-06' }));
  await givenActivatedOrder(billing, {
    number: 'O-0003',
    orderDate: '2023-01-03',
    actions: removeProducts(['S1'], '2023-01-01'),
  });
  expectOk(await runBillRun(billing.context, { targetDate: '2035-12-31' }));
  return billing;
}

describe('§5.4, §8.4: a detached, discounted charge raised and then removed from its start is credited in full', () => {
  it('USD 1,000.00 with 10 % off, the schedule billed 300.00, raised to 2,000.00 (1,800.00 billed): credit memo 1,800.00, nothing left billed', async () => {
    const billing = await detachedRaisedRemoved('USD', '1000.00', ['300.00', '600.00'], '2000.00');
    const memo = billing.store.probe.creditMemo('CM00000001');
    // Latest line first, each its net: the catch-up 1,333.33 − 133.33, the line it raised 333.34 − 33.34, the
    // schedule's 333.33 − 33.33.
    expect(memo?.lines.map((l) => [l.chargeNumber, String(l.amount), l.creditedInvoiceNumber])).toEqual([
      ['C1', '1200.00', 'INV00000002'],
      ['C1', '300.00', 'INV00000002'],
      ['C1', '300.00', 'INV00000001'],
    ]);
    expect(String(memo?.amount)).toBe('1800.00');
    expect(netBilled(billing)).toBe('0');
  });

  it('JPY ¥2 with 10 % off, the schedule billed ¥1, raised to ¥6: nothing left billed', async () => {
    const billing = await detachedRaisedRemoved('JPY', '2', ['1', '1'], '6');
    expect(netBilled(billing)).toBe('0');
  });
});
