// C26 — percentage-based schedule with percentage discount charges (cases.md, §4.4): discounts add.
import { describe, expect, it } from 'vitest';
import {
  chargeValue,
  discountBreakdownForNet,
  discountLinesFor,
  grossValue,
  totalDiscountPercentage,
} from '../../src/domain/contract/charge-value';
import { type CreateSubscriptionAction, createOrder } from '../../src/domain/order/order';
import { Dec } from '../../src/money/decimal';
import { ACCOUNT, discountCharge, oneTimeCharge, orderInput } from '../unit/domain/fixtures';

// S-00000001 (C25 setup) with C-00000004 Software B Implementation 27,000 one-time and two recurring
// 10 % "Percentage Discount" charges C-00000005 and C-00000006 in the same rate plan.
const order = createOrder(
  orderInput([
    {
      type: 'CreateSubscription',
      subscriptionNumber: 'S-00000001',
      termType: 'Termed',
      termStart: '2024-01-01',
      termEnd: '2024-12-31',
      ratePlans: [
        {
          id: 'RP-1',
          name: 'Software',
          charges: [
            oneTimeCharge('C-00000004', '27000.00', { name: 'Software Implementation' }),
            discountCharge('C-00000005', '10', {
              name: 'Percentage Discount 1',
              listPriceBase: 'Year',
              billingPeriod: 'Annual',
            }),
            discountCharge('C-00000006', '10', {
              name: 'Percentage Discount 2',
              listPriceBase: 'Year',
              billingPeriod: 'Annual',
            }),
          ],
        },
      ],
    },
  ]),
  ACCOUNT,
)._unsafeUnwrap();
const ratePlan = (order.actions[0] as CreateSubscriptionAction).ratePlans[0]!;
const implementation = ratePlan.charges[0]!;

describe('C26 — value of a one-time charge with two 10 % discounts', () => {
  it('C26: the discounts add to 20 % (they do not compound)', () => {
    expect(totalDiscountPercentage(implementation, ratePlan).toFixed()).toBe('20');
  });

  it('C26: 27,000 × (1 − 20 %) = 21,600.00 (not 27,000 × 0.9 × 0.9 = 21,870)', () => {
    expect(grossValue(implementation, 'USD').toFixed(2)).toBe('27000.00');
    expect(chargeValue(implementation, ratePlan, 'USD').toFixed(2)).toBe('21600.00');
  });

  it('C26: the discount charges themselves are worth 0', () => {
    expect(chargeValue(ratePlan.charges[1]!, ratePlan, 'USD').toFixed(2)).toBe('0.00');
  });

  it('C26 INV001: gross 2,700.00 → Percentage Discount 1 −270.00, Percentage Discount 2 −270.00, net 2,160.00', () => {
    const lines = discountLinesFor(implementation, ratePlan, new Dec('2700.00'), 'USD');
    expect(lines.gross.toFixed(2)).toBe('2700.00');
    expect(
      lines.discounts.map((d) => [d.chargeNumber, d.name, d.percentage.toFixed(), d.amount.toFixed(2)]),
    ).toEqual([
      ['C-00000005', 'Percentage Discount 1', '10', '-270.00'],
      ['C-00000006', 'Percentage Discount 2', '10', '-270.00'],
    ]);
    expect(lines.net.toFixed(2)).toBe('2160.00');
  });

  it('C26 HTD item 2,160.00 (10 % of 21,600) is invoiced as 2,700.00 − 270.00 − 270.00', () => {
    const lines = discountBreakdownForNet(implementation, ratePlan, new Dec('2160.00'), 'USD');
    expect(lines.gross.toFixed(2)).toBe('2700.00');
    expect(lines.discounts.map((d) => d.amount.toFixed(2))).toEqual(['-270.00', '-270.00']);
    expect(lines.net.toFixed(2)).toBe('2160.00');
  });

  it('C26 items 2,160 / 4,320 / 15,120 split into gross and discounts that sum to each item exactly', () => {
    for (const [net, gross] of [
      ['2160.00', '2700.00'],
      ['4320.00', '5400.00'],
      ['15120.00', '18900.00'],
    ] as const) {
      const lines = discountBreakdownForNet(implementation, ratePlan, new Dec(net), 'USD');
      expect(lines.gross.toFixed(2)).toBe(gross);
      const sum = lines.discounts.reduce((s, d) => s.plus(d.amount), lines.gross);
      expect(sum.toFixed(2)).toBe(net);
    }
  });
});
