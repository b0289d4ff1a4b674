import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { money, multiply, type RoundingMode } from '../../../src/money';
import { currencyArb, fromUnits, roundingArb } from './arbitraries';

/** `num / den` (den > 0) rounded to an integer by `mode`, from floor division alone: an oracle independent of the library. */
function roundQuotient(num: bigint, den: bigint, mode: RoundingMode): bigint {
  let floor = num / den;
  if (num % den !== 0n && num < 0n) floor -= 1n;
  const rest = num - floor * den; // 0 ≤ rest < den
  if (rest === 0n) return floor;
  const ceil = floor + 1n;
  const towardZero = num > 0n ? floor : ceil;
  const awayFromZero = num > 0n ? ceil : floor;
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return ceil;
    case 'down':
      return towardZero;
    case 'up':
      return awayFromZero;
    default: {
      if (2n * rest < den) return floor;
      if (2n * rest > den) return ceil;
      if (mode === 'halfUp') return awayFromZero;
      if (mode === 'halfDown') return towardZero;
      return floor % 2n === 0n ? floor : ceil;
    }
  }
}

/** The digits after the point: random, or a tie, or 55–80 digits just either side of one. */
const fractionArb = fc.oneof(
  fc.stringMatching(/^\d{0,80}$/),
  fc
    .tuple(
      fc.stringMatching(/^\d{0,6}$/),
      fc.constantFrom('5', '49', '50', '9', '0'),
      fc.integer({ min: 55, max: 80 }),
      fc.constantFrom('', '1', '9'),
    )
    .map(([head, tie, length, tail]) => head + tie + (tie.endsWith('9') ? '9' : '0').repeat(length) + tail),
);

const factorArb = fc
  .tuple(fc.boolean(), fc.nat({ max: 1000 }), fractionArb)
  .map(
    ([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`,
  );

const caseArb = fc.tuple(
  currencyArb,
  fc.oneof(
    fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
    fc.bigInt({ min: 1n - 10n ** 30n, max: 10n ** 30n - 1n }),
  ),
  factorArb,
  roundingArb,
);

describe('multiply properties (JPY 0, USD 2, KWD 3 decimals)', () => {
  // docs/concepts/money.md "Rounding modes": multiply rounds the exact product m × factor once, with the mode.
  test.prop([caseArb], { numRuns: 500 })(
    'multiply equals the exact bigint product rounded once with the mode',
    ([c, units, factor, mode]) => {
      const m = money(fromUnits(units, c), c)._unsafeUnwrap();
      const dot = factor.indexOf('.');
      const places = dot === -1 ? 0 : factor.length - dot - 1;
      const factorUnits = BigInt(factor.replace('.', ''));
      const expected = roundQuotient(units * factorUnits, 10n ** BigInt(places), mode);
      const got = multiply(m, factor, mode);
      expect(got.amount.eq(fromUnits(expected, c))).toBe(true);
      expect(got.amount.decimalPlaces()).toBeLessThanOrEqual(c.minorUnits);
      expect(got.amount.isNegative() && got.amount.isZero()).toBe(false);
    },
  );
});
