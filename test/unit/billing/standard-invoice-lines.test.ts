import { describe, expect, it } from 'vitest';
import { type StandardLine, standardInvoiceLines } from '../../../src/domain/billing/standard';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { charge, plan, subscriptionOf } from '../domain/fixtures';

const JPY = CURRENCIES.JPY as Currency;
const USD = CURRENCIES.USD as Currency;

/** A standard line of `amount` (net) for `c` under the rate plan `charges` make, 2023-01-01 → 2023-12-31. */
function lineOf(
  c: ReturnType<typeof charge>,
  charges: ReturnType<typeof charge>[],
  amount: string,
): StandardLine {
  const ratePlan = plan(...charges);
  return {
    subscription: { ...subscriptionOf(c), ratePlans: [ratePlan] },
    ratePlan,
    charge: c,
    amount: new Dec(amount),
    serviceStartDate: c.startDate,
    serviceEndDate: c.endDate,
  };
}

const text = (lines: ReturnType<typeof standardInvoiceLines>) =>
  lines.map((l) => `${l.id} ${l.kind} ${l.chargeNumber} ${l.amount.toFixed()}`);

describe('standardInvoiceLines — a discount that takes nothing from a line gets no line (decision 15)', () => {
  const d33 = charge({ number: 'D1', type: 'DiscountPercentage', discountPercentage: new Dec(33) });
  const d10 = charge({ number: 'D1', type: 'DiscountPercentage', discountPercentage: new Dec(10) });

  it('JPY: C1 net 1 under 33 % is C1 1 alone (33 % of 1 rounds to 0), not C1 1 / D1 0; the next line is numbered on', () => {
    const c1 = charge({ number: 'C1', type: 'OneTime', price: new Dec(1) });
    const c2 = charge({ number: 'C2', type: 'OneTime', price: new Dec(150) });
    const lines = standardInvoiceLines(
      [lineOf(c1, [c1, d33], '1'), lineOf(c2, [c2, d33], '100')],
      'INV',
      JPY,
      'halfUp',
    );
    // gross + Σ discounts = net on each charge: 1 = 1; 149 − 49 = 100.
    expect(text(lines)).toEqual(['INV-1 Charge C1 1', 'INV-2 Charge C2 149', 'INV-3 Discount D1 -49']);
  });

  it('a zero-priced C0 line of 0.00 under a 10 % discount is C0 0.00 alone, no D1 0.00', () => {
    const c0 = charge({ number: 'C0', type: 'Recurring', price: new Dec(0) });
    const lines = standardInvoiceLines([lineOf(c0, [c0, d10], '0.00')], 'INV', USD, 'halfUp', 4);
    expect(text(lines)).toEqual(['INV-4 Charge C0 0']);
  });
});
