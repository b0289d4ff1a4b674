import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { allocate, Dec, money, toDecimalString } from '../../../src/money';
import { currencyArb, fromUnits, ratiosArb } from './arbitraries';

const amountArb = fc
  .tuple(currencyArb, fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }))
  .map(([c, units]) => ({
    c,
    m: money(fromUnits(units, c), c)._unsafeUnwrap(),
  }));

describe('allocate properties (JPY 0, USD 2, KWD 3 decimals)', () => {
  test.prop([amountArb, ratiosArb], { numRuns: 200 })('allocation conserves the amount', ({ m }, ratios) => {
    const parts = allocate(m, ratios)._unsafeUnwrap();
    expect(parts).toHaveLength(ratios.length);
    const total = parts.reduce((a, p) => a.plus(p.amount), new Dec(0));
    expect(total.eq(m.amount)).toBe(true);
  });

  test.prop([amountArb, ratiosArb], { numRuns: 200 })(
    'each part is within one minor unit of its exact share',
    ({ c, m }, ratios) => {
      const parts = allocate(m, ratios)._unsafeUnwrap();
      const sum = ratios.reduce((a, r) => a.plus(r), new Dec(0));
      const unit = new Dec(10).pow(-c.minorUnits);
      parts.forEach((p, i) => {
        const exact = m.amount.times(ratios[i]!).div(sum);
        expect(p.amount.minus(exact).abs().lt(unit)).toBe(true);
        expect(p.amount.decimalPlaces()).toBeLessThanOrEqual(c.minorUnits);
      });
    },
  );

  test.prop([amountArb, ratiosArb], { numRuns: 100 })(
    'parts have the sign of the amount and zero ratios get zero',
    ({ m }, ratios) => {
      allocate(m, ratios)
        ._unsafeUnwrap()
        .forEach((p, i) => {
          if (new Dec(ratios[i]!).isZero()) expect(p.amount.isZero()).toBe(true);
          if (m.amount.gte(0)) expect(p.amount.gte(0)).toBe(true);
          else expect(p.amount.lte(0)).toBe(true);
        });
    },
  );

  test.prop([amountArb, ratiosArb], { numRuns: 100 })(
    'allocation is deterministic and does not mutate its inputs',
    ({ m }, ratios) => {
      const ratiosBefore = [...ratios];
      const amountBefore = toDecimalString(m);
      const first = allocate(m, ratios)._unsafeUnwrap().map(toDecimalString);
      const second = allocate(m, ratios)._unsafeUnwrap().map(toDecimalString);
      expect(second).toEqual(first);
      expect(ratios).toEqual(ratiosBefore);
      expect(toDecimalString(m)).toBe(amountBefore);
    },
  );
});
