import { describe, expect, it } from 'vitest';
import { BILLING_PERIODS, billingPeriodMonths, isRegularCharge } from '../../../src/domain/contract/charge';
import {
  applicableDiscounts,
  chargeTermMonths,
  chargeValue,
  chargeValueExact,
  chargeValueThrough,
  discountBreakdownForNet,
  discountLinesFor,
  grossValue,
  monthlyPrice,
  totalDiscountPercentage,
} from '../../../src/domain/contract/charge-value';
import { CURRENCIES } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { businessDate } from '../../../src/time/date';
import { rational } from '../../../src/time/rational';
import { charge, plan } from './fixtures';

const d = (y: number, m: number, day: number) => businessDate(y, m, day);
const yearly = (price: string, extra: Parameters<typeof charge>[0] | object = {}) =>
  charge({ number: 'R1', type: 'Recurring', price: new Dec(price), ...extra });

describe('billingPeriodMonths', () => {
  it.each([
    ['Month', 1],
    ['Quarter', 3],
    ['SemiAnnual', 6],
    ['Annual', 12],
    ['EighteenMonths', 18],
    ['TwoYears', 24],
    ['ThreeYears', 36],
    ['FiveYears', 60],
  ] as const)('%s → %i months', (billingPeriod, months) => {
    expect(billingPeriodMonths({ billingPeriod, specificBillingPeriodMonths: null })).toBe(months);
  });

  it('SpecificMonths reads specificBillingPeriodMonths; no period → null', () => {
    expect(billingPeriodMonths({ billingPeriod: 'SpecificMonths', specificBillingPeriodMonths: 7 })).toBe(7);
    expect(billingPeriodMonths({ billingPeriod: null, specificBillingPeriodMonths: null })).toBeNull();
  });

  it('lists all nine billing periods', () => {
    expect(BILLING_PERIODS).toHaveLength(9);
  });

  it('treats one-time and recurring charges as regular, discounts not', () => {
    expect([isRegularCharge({ type: 'OneTime' }), isRegularCharge({ type: 'Recurring' })]).toEqual([
      true,
      true,
    ]);
    expect(isRegularCharge({ type: 'DiscountPercentage' })).toBe(false);
  });
});

describe('monthlyPrice and chargeTermMonths', () => {
  it('Year ÷ 12, Month as is, BillingPeriod ÷ its months', () => {
    expect(monthlyPrice(yearly('36900')).toFixed(2)).toBe('3075.00');
    expect(monthlyPrice(yearly('100', { listPriceBase: 'Month' })).toFixed(2)).toBe('100.00');
    expect(
      monthlyPrice(yearly('300', { listPriceBase: 'BillingPeriod', billingPeriod: 'Quarter' })).toFixed(2),
    ).toBe('100.00');
    expect(
      monthlyPrice(
        yearly('700', {
          listPriceBase: 'BillingPeriod',
          billingPeriod: 'SpecificMonths',
          specificBillingPeriodMonths: 7,
        }),
      ).toFixed(2),
    ).toBe('100.00');
  });

  it('throws for a charge without a list price base or a usable billing period (programmer error)', () => {
    expect(() => monthlyPrice(charge({ number: 'O1', type: 'OneTime' }))).toThrow(TypeError);
    expect(() =>
      monthlyPrice(
        yearly('1', {
          listPriceBase: 'BillingPeriod',
          billingPeriod: 'SpecificMonths',
          specificBillingPeriodMonths: null,
        }),
      ),
    ).toThrow(TypeError);
  });

  it('measures the term in exact months', () => {
    expect(chargeTermMonths(yearly('1'))).toEqual(rational(12));
    expect(chargeTermMonths(yearly('1', { startDate: d(2023, 1, 1), endDate: d(2023, 1, 15) }))).toEqual(
      rational(15, 31),
    );
  });
});

describe('grossValue / chargeValue', () => {
  it('multiplies by quantity', () => {
    const c = charge({ number: 'O1', type: 'OneTime', price: new Dec('12.50'), quantity: new Dec('3') });
    expect(grossValue(c, 'USD').toFixed(2)).toBe('37.50');
    expect(chargeValue(yearly('100', { quantity: new Dec('2.5') }), plan(), 'USD').toFixed(2)).toBe('250.00');
  });

  it('prices a BillingPeriod list price over the term (quarterly 300 for 12 months → 1,200)', () => {
    const c = yearly('300', { listPriceBase: 'BillingPeriod', billingPeriod: 'Quarter' });
    expect(chargeValue(c, plan(c), 'USD').toFixed(2)).toBe('1200.00');
  });

  it('is exact before rounding once: 0.01/yr for 6 months is 0.005 → 0.01 half-up, 0.00 down', () => {
    const c = yearly('0.01', { endDate: d(2023, 6, 30) });
    expect(chargeValue(c, plan(c), 'USD').toFixed(2)).toBe('0.01');
    expect(chargeValue(c, plan(c), 'USD', 'down').toFixed(2)).toBe('0.00');
  });

  it('rounds to the currency scale: JPY 0 decimals, KWD 3', () => {
    const c = yearly('1000', { endDate: d(2023, 1, 15) }); // 1000 × 15/31 / 12 = 40.3225…
    expect(chargeValue(c, plan(c), 'JPY').toFixed()).toBe('40');
    expect(chargeValue(c, plan(c), CURRENCIES.KWD!).toFixed(3)).toBe('40.323');
  });

  it('is 0 for a discount charge', () => {
    const disc = charge({ number: 'D1', type: 'DiscountPercentage', discountPercentage: new Dec(10) });
    expect(chargeValue(disc, plan(disc), 'USD').isZero()).toBe(true);
    expect(grossValue(disc, 'USD').isZero()).toBe(true);
  });

  it('throws on a currency code that is not in the table (programmer error)', () => {
    const c = yearly('1');
    expect(() => chargeValue(c, plan(c), 'XYZ')).toThrow(TypeError);
    expect(() => chargeValue(c, plan(c), { code: 'USD', minorUnits: 3 })).toThrow(TypeError);
  });
});

describe('chargeValueThrough (§8.1)', () => {
  const c = yearly('15000', { startDate: d(2025, 1, 1), endDate: d(2025, 12, 31) });

  it('is 0 when the last day is before the start', () => {
    expect(chargeValueThrough(c, plan(c), d(2024, 12, 31), 'USD').isZero()).toBe(true);
  });

  it('counts one day on the start date (15,000/12 × 1/31)', () => {
    expect(chargeValueThrough(c, plan(c), d(2025, 1, 1), 'USD').toFixed(2)).toBe('40.32');
  });

  it('stops at the charge end when the last day is after it', () => {
    expect(chargeValueThrough(c, plan(c), d(2030, 1, 1), 'USD').toFixed(2)).toBe('15000.00');
  });

  it('gives a one-time charge its full value from its start date on', () => {
    const o = charge({
      number: 'O1',
      type: 'OneTime',
      price: new Dec('400'),
      startDate: d(2024, 1, 1),
      endDate: d(2024, 12, 31),
    });
    expect(chargeValueThrough(o, plan(o), d(2023, 12, 31), 'USD').isZero()).toBe(true);
    expect(chargeValueThrough(o, plan(o), d(2024, 1, 1), 'USD').toFixed(2)).toBe('400.00');
  });
});

describe('discounts', () => {
  // D1 covers only part of the charge: an order is refused for that since 0.2.0 (DiscountCoversPartOfCharge),
  // but a rate plan stored before keeps being valued as it was, its whole percentage off the whole charge.
  const regular = yearly('1200', { startDate: d(2024, 1, 1), endDate: d(2024, 12, 31) });
  const overlapping = charge({
    number: 'D1',
    name: 'Ten',
    type: 'DiscountPercentage',
    discountPercentage: new Dec(10),
    startDate: d(2024, 6, 1),
    endDate: d(2025, 5, 31),
  });
  const later = charge({
    number: 'D2',
    type: 'DiscountPercentage',
    discountPercentage: new Dec(50),
    startDate: d(2025, 1, 1),
    endDate: d(2025, 12, 31),
  });
  const rp = plan(regular, overlapping, later);
  const in2024 = { startDate: d(2024, 1, 1), endDate: d(2024, 12, 31) };

  it('apply when their period overlaps the charge, from the same rate plan only (a stored partial discount too)', () => {
    expect(applicableDiscounts(regular, rp).map((x) => x.number)).toEqual(['D1']);
    expect(totalDiscountPercentage(regular, rp).toFixed()).toBe('10');
    expect(chargeValue(regular, rp, 'USD').toFixed(2)).toBe('1080.00');
    expect(chargeValue(regular, plan(regular), 'USD').toFixed(2)).toBe('1200.00');
  });

  it('do not apply to discount charges', () => {
    expect(applicableDiscounts(overlapping, rp)).toEqual([]);
  });

  it('lines of a charge without discounts are empty and net = gross', () => {
    const b = discountLinesFor(regular, plan(regular), new Dec('100.00'), 'USD');
    expect(b.discounts).toEqual([]);
    expect(b.net.toFixed(2)).toBe('100.00');
  });

  it('split their cents cumulatively so the lines take exactly round(gross × Σ%)', () => {
    const third = (n: string) =>
      charge({ number: n, type: 'DiscountPercentage', discountPercentage: new Dec('12.5'), ...in2024 });
    const rp3 = plan(regular, third('A'), third('B'), third('C'));
    const b = discountLinesFor(regular, rp3, new Dec('0.10'), 'USD'); // 37.5 % of 0.10 = 0.0375 → 0.04
    expect(b.discounts.map((x) => x.amount.toFixed(2))).toEqual(['-0.01', '-0.02', '-0.01']);
    expect(b.net.toFixed(2)).toBe('0.06');
  });

  it('negative gross (a credit) gives positive discount lines', () => {
    const b = discountLinesFor(regular, rp, new Dec('-100.00'), 'USD');
    expect(b.discounts[0]!.amount.toFixed(2)).toBe('10.00');
    expect(b.net.toFixed(2)).toBe('-90.00');
  });

  it('discountBreakdownForNet rounds the gross so gross + discounts = net exactly (33 % of a cent)', () => {
    const third = charge({
      number: 'T',
      type: 'DiscountPercentage',
      discountPercentage: new Dec('33'),
      ...in2024,
    });
    const rp3 = plan(regular, third);
    const b = discountBreakdownForNet(regular, rp3, new Dec('0.01'), 'USD'); // gross round(0.01/0.67) = 0.01
    const sum = b.discounts.reduce((s, x) => s.plus(x.amount), b.gross);
    expect(sum.toFixed(2)).toBe('0.01');
    expect(b.net.toFixed(2)).toBe('0.01');
  });

  it('discountBreakdownForNet without discounts is the net itself', () => {
    const b = discountBreakdownForNet(regular, plan(regular), new Dec('5.00'), 'USD');
    expect([b.gross.toFixed(2), b.discounts.length, b.net.toFixed(2)]).toEqual(['5.00', 0, '5.00']);
  });

  it('a fully discounted charge has net 0 only; a non-zero net throws', () => {
    const full = charge({
      number: 'F',
      type: 'DiscountPercentage',
      discountPercentage: new Dec(100),
      ...in2024,
    });
    const rpFull = plan(regular, full);
    expect(chargeValue(regular, rpFull, 'USD').isZero()).toBe(true);
    const b = discountBreakdownForNet(regular, rpFull, new Dec(0), 'USD');
    expect(b.gross.isZero()).toBe(true);
    expect(b.net.isZero()).toBe(true);
    expect(() => discountBreakdownForNet(regular, rpFull, new Dec('1.00'), 'USD')).toThrow(RangeError);
  });
});

describe('chargeValueExact remembers the value of a charge that cannot change', () => {
  it('a frozen charge of a frozen rate plan is valued once per rate plan; an unfrozen one every time', () => {
    const frozen = Object.freeze(charge({ number: 'C-1', type: 'Recurring', price: new Dec('1200') }));
    const ratePlan = Object.freeze(plan(frozen));
    Object.freeze(ratePlan.charges);
    const first = chargeValueExact(frozen, ratePlan);
    expect(first).toEqual(rational(1200));
    expect(chargeValueExact(frozen, ratePlan)).toBe(first);
    // Another rate plan (other discounts) is valued again.
    const discounted = Object.freeze(
      plan(frozen, charge({ number: 'D-1', type: 'DiscountPercentage', discountPercentage: new Dec(25) })),
    );
    Object.freeze(discounted.charges);
    expect(chargeValueExact(frozen, discounted)).toEqual(rational(900));
    const open = charge({ number: 'C-2', type: 'Recurring', price: new Dec('1200') });
    const openPlan = plan(open);
    expect(chargeValueExact(open, openPlan)).toEqual(rational(1200));
    (open as { price: unknown }).price = new Dec('2400');
    expect(chargeValueExact(open, openPlan)).toEqual(rational(2400));
  });
});
