import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk, newBilling, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  givenAccount,
  givenActivatedOrder,
  givenSchedule,
  repriceFromStart,
} from '../../support/scenarios';

// A discounted charge is invoiced as a gross line and one negative line per discount (C26). Worked out per line
// from the line's net, 100.00 a year under a 10 % discount billed 7.50 a month showed 8.33 − 0.83 every month:
// gross lines of 99.96 and discount lines of −9.96 over the year. Worked out from what was billed of the charge
// before (decision 2's cumulative rounding), the year's lines add up to 100.00 − 10.00 = 90.00.

/**
 * Account A-001 with S1: C1 `price` a year over 2023 billed `period`, with one discount per percentage (D1, D2, …);
 * by default 100.00 USD under 10 %.
 */
async function discounted(
  period: 'Month' | 'Annual',
  { currency = 'USD', price = '100.00', percentages = ['10'] } = {},
): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  await givenAccount(billing, 'A-001', { currency });
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S1',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: 'rp-S1',
            name: 'S1',
            charges: [
              {
                number: 'C1',
                name: 'C1',
                type: 'Recurring',
                price,
                listPriceBase: 'Year',
                billingPeriod: period,
              },
              ...percentages.map((discountPercentage, k) => ({
                number: `D${k + 1}`,
                name: `D${k + 1}`,
                type: 'DiscountPercentage' as const,
                discountPercentage,
              })),
            ],
          },
        ],
      },
    ],
  });
  return billing;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}-01`);

/** Each invoice's lines as `kind amount`, in invoice order. */
function linesOf(billing: TestBilling): string[][] {
  return billing.store.probe
    .snapshot()
    .invoices.map((i) => i.lines.map((l) => `${l.kind} ${new Dec(l.amount).toFixed(2)}`));
}

/** Σ of the lines of a kind, to the cent. */
function total(billing: TestBilling, kind: 'Charge' | 'Discount'): string {
  return billing.store.probe
    .snapshot()
    .invoices.flatMap((i) => i.lines)
    .filter((l) => l.kind === kind)
    .reduce((sum, l) => sum.plus(new Dec(l.amount)), new Dec(0))
    .toFixed(2);
}

// Month k: gross round(7.50 × k ÷ 0.9) − round(7.50 × (k − 1) ÷ 0.9), the discount the rest of 7.50: 8.33 − 0.83,
// 8.34 − 0.84, 8.33 − 0.83, four times.
const EXPECTED = MONTHS.map((_, i) =>
  i % 3 === 1 ? ['Charge 8.34', 'Discount -0.84'] : ['Charge 8.33', 'Discount -0.83'],
);

describe('discount lines over a charge’s life add up to its gross value and its discount (decision 2)', () => {
  it('standard billing: 100.00/yr with 10 % billed monthly → 8.33 − 0.83, 8.34 − 0.84, 8.33 − 0.83 …; Σ gross 100.00, Σ discount −10.00, Σ net 90.00', async () => {
    const billing = await discounted('Month');
    for (const targetDate of MONTHS) expectOk(await runBillRun(billing.context, { targetDate }));
    expect(linesOf(billing)).toEqual(EXPECTED);
    expect(total(billing, 'Charge')).toBe('100.00');
    expect(total(billing, 'Discount')).toBe('-10.00');
    expect(
      billing.store.probe
        .snapshot()
        .invoices.map((i) => new Dec(i.amount).toFixed(2))
        .every((a) => a === '7.50'),
    ).toBe(true);
  });

  it('standard billing: one bill run on 2023-12-01 bills the twelve months at once with the same lines and totals', async () => {
    const billing = await discounted('Month');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-01' }));
    expect(linesOf(billing)).toEqual([EXPECTED.flat()]);
    expect(total(billing, 'Charge')).toBe('100.00');
    expect(total(billing, 'Discount')).toBe('-10.00');
  });

  it('a schedule of 12 items of 7.50 over the same charge → the same lines; Σ gross 100.00, Σ discount −10.00, Σ net 90.00', async () => {
    const billing = await discounted('Annual');
    const items = MONTHS.map((runDate) => ({ runDate, amount: '7.50' }));
    await givenSchedule(billing, { items });
    await billAndPost(billing, MONTHS);
    expect(linesOf(billing)).toEqual(EXPECTED);
    expect(total(billing, 'Charge')).toBe('100.00');
    expect(total(billing, 'Discount')).toBe('-10.00');
    const invoices = billing.store.probe.snapshot().invoices;
    expect(invoices.map((i) => new Dec(i.amount).toFixed(2))).toEqual(MONTHS.map(() => '7.50'));
  });
  it('standard billing: raised from the start to 200.00/yr after January–March, the months caught up one by one carry their discount cumulatively; Σ gross 200.00, Σ discount −20.00, Σ net 180.00', async () => {
    const billing = await discounted('Month');
    for (const targetDate of MONTHS.slice(0, 3)) expectOk(await runBillRun(billing.context, { targetDate }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-15', price: '200.00' });
    for (const targetDate of ['2023-03-20', ...MONTHS.slice(3)])
      expectOk(await runBillRun(billing.context, { targetDate }));
    const invoices = billing.store.probe.snapshot().invoices;
    // January–March 7.50 each, then the catch-up of each of them (7.50 more) on one invoice, then 15.00 a month.
    expect(invoices.map((i) => new Dec(i.amount).toFixed(2))).toEqual([
      '7.50',
      '7.50',
      '7.50',
      '22.50',
      ...MONTHS.slice(3).map(() => '15.00'),
    ]);
    expect(linesOf(billing)[3]).toEqual([
      'Charge 8.33',
      'Discount -0.83',
      'Charge 8.34',
      'Discount -0.84',
      'Charge 8.33',
      'Discount -0.83',
    ]);
    expect(total(billing, 'Charge')).toBe('200.00');
    expect(total(billing, 'Discount')).toBe('-20.00');
  });
  it('several discounts: JPY 400/yr under 1 % + 1 % + 1 % billed monthly (1 yen of discount a month) shows no discount line that adds; Σ gross 400, Σ discounts −12, Σ net 388', async () => {
    const billing = await discounted('Month', {
      currency: 'JPY',
      price: '400',
      percentages: ['1', '1', '1'],
    });
    for (const targetDate of MONTHS) expectOk(await runBillRun(billing.context, { targetDate }));
    const lines = billing.store.probe.snapshot().invoices.flatMap((i) => i.lines);
    // Before: a discount's cumulative share stepped back a yen on months 2, 5, 8 and 11 (D2 +1).
    expect(lines.filter((l) => l.kind === 'Discount' && new Dec(l.amount).gt(0))).toEqual([]);
    expect(total(billing, 'Charge')).toBe('400.00');
    expect(total(billing, 'Discount')).toBe('-12.00');
    const invoices = billing.store.probe.snapshot().invoices;
    expect(invoices.reduce((sum, i) => sum.plus(new Dec(i.amount)), new Dec(0)).toFixed(0)).toBe('388');
  });
});
