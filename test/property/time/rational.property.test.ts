import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import {
  addRational,
  ceilRational,
  compareRational,
  divRational,
  floorRational,
  fromDecimal,
  mulRational,
  type Rational,
  rational,
  subRational,
  toDecimal,
} from '../../../src/time';

const runs = { numRuns: 200 };
const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const ratArb: fc.Arbitrary<Rational> = fc
  .tuple(big, fc.bigInt({ min: 1n, max: 10n ** 20n }))
  .map(([n, dd]) => rational(n, dd));

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

describe('rationals', () => {
  test.prop([big, big.filter((x) => x !== 0n)], runs)(
    'every fraction is normalised (den > 0, lowest terms)',
    (n, dd) => {
      const r = rational(n, dd);
      expect(r.den > 0n).toBe(true);
      expect(gcd(r.num, r.den)).toBe(1n);
      expect(r.num * dd).toBe(n * r.den);
    },
  );

  test.prop([ratArb, ratArb], runs)('sub undoes add', (a, b) => {
    expect(subRational(addRational(a, b), b)).toEqual(a);
  });

  test.prop([ratArb, ratArb.filter((r) => r.num !== 0n)], runs)('div undoes mul', (a, b) => {
    expect(divRational(mulRational(a, b), b)).toEqual(a);
  });

  test.prop([ratArb, ratArb], runs)('compareRational agrees with the sign of the difference', (a, b) => {
    const diff = subRational(a, b);
    expect(compareRational(a, b)).toBe(diff.num < 0n ? -1 : diff.num > 0n ? 1 : 0);
  });

  test.prop([ratArb], runs)('floor ≤ r < floor + 1 and ceil − 1 < r ≤ ceil', (r) => {
    const f = rational(floorRational(r));
    const c = rational(ceilRational(r));
    expect(compareRational(f, r)).toBeLessThanOrEqual(0);
    expect(compareRational(r, addRational(f, rational(1)))).toBe(-1);
    expect(compareRational(r, c)).toBeLessThanOrEqual(0);
    expect(compareRational(subRational(c, rational(1)), r)).toBe(-1);
  });

  test.prop([big, fc.integer({ min: 0, max: 40 })], runs)(
    'fromDecimal then toDecimal returns the same decimal',
    (n, scale) => {
      const x = new Dec(n.toString()).div(new Dec(10).pow(scale));
      const r = fromDecimal(x);
      expect(toDecimal(r).eq(x)).toBe(true);
      expect(10n ** BigInt(scale) % r.den).toBe(0n);
    },
  );
});
