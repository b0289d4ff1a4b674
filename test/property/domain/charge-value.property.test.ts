import { fc, test } from '@fast-check/vitest';
import type { Decimal } from 'decimal.js';
import { describe, expect } from 'vitest';
import type { RatePlanCharge } from '../../../src/domain/contract/charge';
import {
  chargeValue,
  chargeValueThrough,
  discountBreakdownAfter,
  discountBreakdownForNet,
  discountLinesFor,
  grossValue,
} from '../../../src/domain/contract/charge-value';
import { CURRENCIES } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { unitsAtScale, unitsToDecimal } from '../../../src/money/minor';
import { divideRounded, ROUNDING_MODES } from '../../../src/money/rounding';
import { addDays, businessDate, isBefore } from '../../../src/time/date';
import { charge, plan } from '../../unit/domain/fixtures';

const BASE = businessDate(2020, 1, 1);
const currencyArb = fc.constantFrom(CURRENCIES.USD!, CURRENCIES.JPY!, CURRENCIES.KWD!);
const modeArb = fc.constantFrom(...ROUNDING_MODES);

/** A regular charge (one-time or recurring with any price base) at the currency's scale, with 0–2 discounts. */
const pricedArb = currencyArb.chain((currency) =>
  fc
    .record({
      units: fc.bigInt({ min: 0n, max: 10n ** 10n }),
      quantity: fc.constantFrom('1', '2', '0.5', '3.25'),
      type: fc.constantFrom<'OneTime' | 'Recurring'>('OneTime', 'Recurring', 'Recurring'),
      listPriceBase: fc.constantFrom<'Year' | 'Month' | 'BillingPeriod'>('Year', 'Month', 'BillingPeriod'),
      billingPeriod: fc.constantFrom<'Quarter' | 'Annual' | 'TwoYears'>('Quarter', 'Annual', 'TwoYears'),
      startOffset: fc.integer({ min: 0, max: 2000 }),
      length: fc.integer({ min: 0, max: 1500 }),
      discounts: fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 2 }), // hundredths of a percent
    })
    .map((r) => {
      const startDate = addDays(BASE, r.startOffset);
      const c: RatePlanCharge = charge({
        number: 'C1',
        type: r.type,
        price: new Dec(r.units.toString()).div(10 ** currency.minorUnits),
        quantity: new Dec(r.quantity),
        listPriceBase: r.type === 'Recurring' ? r.listPriceBase : null,
        billingPeriod: r.type === 'Recurring' ? r.billingPeriod : null,
        startDate,
        endDate: addDays(startDate, r.length),
      });
      const discounts = r.discounts.map((p, i) =>
        charge({
          number: `D${i}`,
          type: 'DiscountPercentage',
          discountPercentage: new Dec(p).div(100),
          startDate: c.startDate,
          endDate: c.endDate,
        }),
      );
      return { currency, charge: c, ratePlan: plan(c, ...discounts) };
    }),
);

describe('chargeValueThrough', () => {
  test.prop([pricedArb, fc.integer({ min: -100, max: 2000 }), fc.integer({ min: 0, max: 400 }), modeArb], {
    numRuns: 200,
  })('is monotone in lastDay', ({ currency, charge: c, ratePlan }, offset, step, mode) => {
    const early = addDays(c.startDate, offset);
    const late = addDays(early, step);
    const a = chargeValueThrough(c, ratePlan, early, currency, mode);
    const b = chargeValueThrough(c, ratePlan, late, currency, mode);
    expect(a.lessThanOrEqualTo(b)).toBe(true);
  });

  test.prop([pricedArb, fc.integer({ min: 0, max: 500 }), modeArb], { numRuns: 200 })(
    'equals chargeValue at the end date and after it',
    ({ currency, charge: c, ratePlan }, after, mode) => {
      const full = chargeValue(c, ratePlan, currency, mode);
      expect(chargeValueThrough(c, ratePlan, c.endDate, currency, mode).eq(full)).toBe(true);
      expect(chargeValueThrough(c, ratePlan, addDays(c.endDate, after), currency, mode).eq(full)).toBe(true);
    },
  );

  test.prop([pricedArb, fc.integer({ min: 1, max: 1000 })], { numRuns: 200 })(
    'is 0 before the start',
    ({ currency, charge: c, ratePlan }, before) => {
      const day = addDays(c.startDate, -before);
      expect(isBefore(day, c.startDate)).toBe(true);
      expect(chargeValueThrough(c, ratePlan, day, currency).isZero()).toBe(true);
    },
  );
});

describe('chargeValue', () => {
  test.prop([pricedArb, modeArb], { numRuns: 200 })(
    'is at the currency scale, non-negative and at most the gross value',
    ({ currency, charge: c, ratePlan }, mode) => {
      const net = chargeValue(c, ratePlan, currency, mode);
      expect(net.decimalPlaces()).toBeLessThanOrEqual(currency.minorUnits);
      expect(net.isNegative() && !net.isZero()).toBe(false);
      expect(net.lessThanOrEqualTo(grossValue(c, currency, mode))).toBe(true);
    },
  );
});

describe('discount lines', () => {
  test.prop([pricedArb, fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), modeArb], { numRuns: 200 })(
    'gross plus discount lines equals the net, and the net is gross × (1 − Σ%) rounded',
    ({ currency, charge: c, ratePlan }, units, mode) => {
      const gross = new Dec(units.toString()).div(10 ** currency.minorUnits);
      const b = discountLinesFor(c, ratePlan, gross, currency, mode);
      const sum = b.discounts.reduce((s, d) => s.plus(d.amount), b.gross);
      expect(sum.eq(b.net)).toBe(true);
      const pct = b.discounts.reduce((s, d) => s.plus(d.percentage), new Dec(0));
      const exactNet = gross.times(new Dec(100).minus(pct)).div(100);
      expect(
        b.net
          .minus(exactNet)
          .abs()
          .lessThan(new Dec(1).div(10 ** currency.minorUnits)),
      ).toBe(true);
    },
  );

  test.prop([pricedArb, fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), modeArb], { numRuns: 200 })(
    'gross plus discounts equals the net given to discountBreakdownForNet',
    ({ currency, charge: c, ratePlan }, units, mode) => {
      const net = new Dec(units.toString()).div(10 ** currency.minorUnits);
      const b = discountBreakdownForNet(c, ratePlan, net, currency, mode);
      const sum = b.discounts.reduce((s, d) => s.plus(d.amount), b.gross);
      expect(sum.eq(net)).toBe(true);
      expect(b.net.eq(net)).toBe(true);
    },
  );
});

describe('discount lines over a charge’s life (decision 2)', () => {
  // Cut points of a split, as fractions (in millionths) of the charge's value: 0 to 11 cuts, so 1 to 12 lines.
  const cutsArb = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 11 });

  test.prop([pricedArb, cutsArb, modeArb], { numRuns: 300 })(
    'over a charge billed fully in any split, Σ gross lines = its gross value, Σ its discount lines = the discount (with one discount exactly its share; with several each within a unit per line of its share by percentage), no discount line adds, Σ net = its value, and every line’s gross + discounts = its net',
    ({ currency, charge: c, ratePlan }, cuts, mode) => {
      const m = currency.minorUnits;
      const value = chargeValue(c, ratePlan, currency, mode);
      const total = unitsAtScale(value, m) as bigint;
      const points = [...cuts.map((k) => (total * BigInt(k)) / 1_000_000n), 0n, total].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      let gross = 0n;
      let net = 0n;
      const discounts: bigint[] = [];
      for (let i = 1; i < points.length; i++) {
        const before = points[i - 1] as bigint;
        const line = (points[i] as bigint) - before;
        const b = discountBreakdownAfter(
          c,
          ratePlan,
          unitsToDecimal(line, m),
          { before: unitsToDecimal(before, m), total: value },
          currency,
          mode,
        );
        const sum = b.discounts.reduce((s, d) => s.plus(d.amount), b.gross);
        expect(sum.eq(unitsToDecimal(line, m)), 'gross + discounts = net').toBe(true);
        expect(b.net.eq(unitsToDecimal(line, m))).toBe(true);
        gross += unitsAtScale(b.gross, m) as bigint;
        net += line;
        b.discounts.forEach((d, k) => {
          const amount = unitsAtScale(d.amount, m) as bigint;
          expect(line < 0n || amount <= 0n, 'no discount line adds to the charge').toBe(true);
          discounts[k] = (discounts[k] ?? 0n) + amount;
        });
      }
      expect(net).toBe(total);
      if (total === 0n) return; // a charge worth nothing bills no line
      const grossValueUnits = unitsAtScale(grossValue(c, currency, mode), m) as bigint;
      expect(gross, 'Σ gross = gross value').toBe(grossValueUnits);
      // The discount (gross value − value) shared by the discounts' percentages, rounded cumulatively.
      const percentages = ratePlan.charges
        .filter((d) => d.type === 'DiscountPercentage')
        .map((d) => unitsAtScale(d.discountPercentage as Decimal, 2) as bigint);
      const all = percentages.reduce((a, p) => a + p, 0n);
      const discount = grossValueUnits - total;
      let cumulative = 0n;
      let taken = 0n;
      const expected = percentages.map((p, k) => {
        cumulative += p;
        const upTo =
          k === percentages.length - 1 ? discount : divideRounded(discount * cumulative, all, mode);
        const share = upTo - taken;
        taken = upTo;
        return -share;
      });
      // With several discounts a line where a cumulative share would step back splits its own discount instead
      // (no discount line ever adds): each discount's lines are then within a unit per line of its share.
      const got = discounts.map((d) => d ?? 0n);
      expect(
        got.reduce((a, d) => a + d, 0n),
        'Σ discounts',
      ).toBe(expected.reduce((a, d) => a + d, 0n));
      if (percentages.length === 1)
        expect(got, 'Σ the discount’s lines').toEqual(expected.slice(0, got.length));
      const lineCount = BigInt(points.length - 1);
      for (const [k, d] of got.entries()) {
        const off = d - (expected[k] as bigint);
        expect(off <= lineCount && off >= -lineCount, `Σ D${k + 1}: ${d} for ${expected[k]}`).toBe(true);
      }
      // Lines without discounts when none applies; otherwise every discount shows on the lines that carry any.
      expect(expected.slice(discounts.length).every((d) => d === 0n)).toBe(true);
    },
  );
});
