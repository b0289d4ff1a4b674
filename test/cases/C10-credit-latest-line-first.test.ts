// A credit memo takes a charge's credit from its invoice lines latest first (§8.4, C10), within an invoice too
// (found in a review): an invoice holding several lines of one charge — standard billing of several periods in
// one run, a merged invoice of two items of one schedule (decision 11) — was walked in document order, earliest
// period first, so the credit landed on periods never removed and the memo line's service period was inverted
// (start after end). C10's figures: 3,258.97 from item 3's line for 11/29–12/31, then 2,891.03 from item 2's
// line for 11/01–11/29, also when items 1 and 2 were billed on one invoice.
import * as api from 'invoice-schedules';
import { describe, expect, it } from 'vitest';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../support/billing';
import { C01_ITEMS, givenC01Removal } from '../support/scenarios';

const memoLines = (billing: ReturnType<typeof newBilling>) =>
  billing.store.probe
    .snapshot()
    .creditMemos.flatMap((m) =>
      m.lines.map((l) => [l.chargeNumber, String(l.amount), l.serviceStartDate, l.serviceEndDate]),
    );

/**
 * Standard billing of S1/C1, 1,200.00 a year billed monthly (with `discount`, a 10 % discount charge D1): one run
 * on 2023-04-01 bills January–April on one invoice, then an order of 2023-04-10 removes the rate plan as of
 * `removedAsOf` and the run of 2023-04-16 credits it.
 */
async function monthlyBilledThenRemoved(removedAsOf: string, discount: boolean) {
  const billing = newBilling();
  expectOk(
    await api.saveNewAccount(billing.context, { id: 'a', number: 'A-001', name: 'A', currency: 'USD' }),
  );
  const charges = [
    {
      number: 'C1',
      name: 'C1',
      type: 'Recurring',
      price: '1200.00',
      listPriceBase: 'Year',
      billingPeriod: 'Month',
    },
    ...(discount ? [{ number: 'D1', name: 'D1', type: 'DiscountPercentage', discountPercentage: '10' }] : []),
  ];
  expectOk(
    await api.saveNewOrder(billing.context, {
      number: 'O-1',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: [
        {
          type: 'CreateSubscription',
          subscriptionNumber: 'S1',
          termType: 'Termed',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          ratePlans: [{ id: 'rp', name: 'rp', charges }],
        },
      ],
    } as never),
  );
  expectOk(await api.activateSavedOrder(billing.context, { orderNumber: 'O-1' }));
  expectOk(await api.runBillRun(billing.context, { targetDate: '2023-04-01' }));
  expectOk(
    await api.saveNewOrder(billing.context, {
      number: 'O-2',
      accountNumber: 'A-001',
      orderDate: '2023-04-10',
      actions: [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp', effectiveDate: removedAsOf },
      ],
    }),
  );
  expectOk(await api.activateSavedOrder(billing.context, { orderNumber: 'O-2' }));
  expectOk(await api.runBillRun(billing.context, { targetDate: '2023-04-16' }));
  return billing;
}

describe('credit memo lines come from the latest billed periods, with start ≤ end', () => {
  it('standard billing: monthly 1,200/yr billed Jan–Apr in one run, removed as of 2023-04-16 → 50.00 for 04-16..04-30', async () => {
    const billing = await monthlyBilledThenRemoved('2023-04-16', false);
    expect(memoLines(billing)).toEqual([['C1', '50.00', '2023-04-16', '2023-04-30']]);
  });

  it('schedule: C01 with invoiceSeparately=false, items 1 and 2 merged by one bill run, item 3 later; removal as of 2023-11-01 (C10)', async () => {
    const billing = newBilling();
    await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
    expectOk(
      await api.createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        invoiceSeparately: false,
        items: C01_ITEMS,
      }),
    );
    const first = expectOk(await api.runBillRun(billing.context, { targetDate: '2023-05-01' })); // items 1 + 2 merged
    expect(first.invoiceNumbers).toHaveLength(1);
    expectOk(await api.runBillRun(billing.context, { targetDate: '2023-09-16' })); // item 3
    for (const n of billing.store.probe.snapshot().invoices.map((i) => i.number))
      expectOk(await api.postInvoice(billing.context, { invoiceNumber: n }));
    await givenC01Removal(billing, '2023-10-01', '2023-11-01');
    expectOk(await api.runBillRun(billing.context, { targetDate: '2023-11-01' }));
    const c1 = memoLines(billing).filter((l) => l[0] === 'C1');
    // C10's figures: 3,258.97 for 11-29..12-31 (item 3's line), 2,891.03 for 11-01..11-29 (item 2's line).
    expect(c1).toEqual([
      ['C1', '3258.97', '2023-11-29', '2023-12-31'],
      ['C1', '2891.03', '2023-11-01', '2023-11-29'],
    ]);
    for (const [, , start, end] of memoLines(billing)) expect(String(start) <= String(end)).toBe(true);
  });

  it('standard billing with a 10 % discount: each month nets its own discount (90.00), so a removal as of 2023-03-01 credits April and March 90.00 each (found in review: every month netted all four discounts, 60.00, and the credit reached February)', async () => {
    const billing = await monthlyBilledThenRemoved('2023-03-01', true);
    expect(memoLines(billing)).toEqual([
      ['C1', '90.00', '2023-04-01', '2023-04-30'],
      ['C1', '90.00', '2023-03-01', '2023-03-31'],
    ]);
  });
});
