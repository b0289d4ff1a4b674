// The decimal fast paths of a bill run's decision give what decimal.js gives: `decimalEquals` answers as `eq`,
// `isSumReady` holds only where `0 + x` is `x` digit for digit, and `unitsAtScale` reads zeros as 0.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money';
import { decimalEquals, isSumReady } from '../../../src/money/decimal';
import { unitsAtScale } from '../../../src/money/minor';

const fields = (d: Decimal) => ({ s: d.s, e: d.e, d: d.d === null ? null : [...d.d] });

/** Decimals of every kind the comparison meets: zeros of both signs, long and short digits, NaN, ±Infinity. */
const decimalText = fc.oneof(
  fc.constantFrom('0', '-0', 'NaN', 'Infinity', '-Infinity', '1e9000000000000001', '1e-9000000000000001'),
  fc
    .tuple(fc.bigInt({ min: -(10n ** 70n), max: 10n ** 70n }), fc.integer({ min: -12, max: 12 }))
    .map(([units, shift]) => `${units}e${shift}`),
  fc.bigInt({ min: -99999n, max: 99999n }).map((units) => `${units}e-2`),
);

describe('decimalEquals (eq without the copy)', () => {
  it('answers as x.eq(y) for decimals of our clone and of others', () => {
    fc.assert(
      fc.property(decimalText, decimalText, fc.boolean(), (a, b, foreign) => {
        const x = new Dec(a);
        const y = foreign ? new Decimal(b) : new Dec(b);
        expect(decimalEquals(x, y)).toBe(x.eq(y));
        expect(decimalEquals(x, x)).toBe(x.eq(x));
      }),
      { numRuns: 2000 },
    );
  });

  it('holds every zero equal and NaN unequal to itself', () => {
    expect(decimalEquals(new Dec('-0'), new Dec(0))).toBe(true);
    const nan = new Dec(Number.NaN);
    expect(decimalEquals(nan, nan)).toBe(false);
    expect(decimalEquals(new Dec('12.50'), new Dec('12.5'))).toBe(true);
    expect(decimalEquals(new Dec('12.5'), new Dec('-12.5'))).toBe(false);
  });
});

describe('isSumReady (0 + x is x)', () => {
  it('holds only when 0 + x has the sign, exponent and digits of x', () => {
    fc.assert(
      fc.property(decimalText, fc.boolean(), (text, foreign) => {
        const x = foreign ? new Decimal(text) : new Dec(text);
        if (!isSumReady(x)) return;
        const sum = new Dec(0).plus(x);
        expect(fields(sum)).toEqual(fields(x));
        expect(sum.constructor).toBe(x.constructor);
      }),
      { numRuns: 2000 },
    );
  });

  it('turns down zeros, non-finite values, long digits and other clones', () => {
    expect(isSumReady(new Dec(0))).toBe(false);
    expect(isSumReady(new Dec('-0'))).toBe(false);
    expect(isSumReady(new Dec(Number.NaN))).toBe(false);
    expect(isSumReady(new Dec(Number.POSITIVE_INFINITY))).toBe(false);
    expect(isSumReady(new Dec(`1${'0'.repeat(61)}1`))).toBe(false);
    expect(isSumReady(new Decimal('12.5'))).toBe(false);
    expect(isSumReady(new Dec('-36900.01'))).toBe(true);
  });
});

describe('unitsAtScale of zero', () => {
  it('reads either zero as 0 at every scale', () => {
    for (const m of [0, 2, 3, 4]) {
      expect(unitsAtScale(new Dec(0), m)).toBe(0n);
      expect(unitsAtScale(new Dec('-0'), m)).toBe(0n);
      expect(unitsAtScale(new Dec('0.00'), m)).toBe(0n);
    }
  });
});
