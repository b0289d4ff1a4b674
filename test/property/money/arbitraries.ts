import { fc } from '@fast-check/vitest';
import { CURRENCIES, type Currency, Dec, type DecimalValue, ROUNDING_MODES } from '../../../src/money';

/** Currencies of 0, 2 and 3 decimals. */
export const currencyArb: fc.Arbitrary<Currency> = fc.constantFrom(
  CURRENCIES.JPY!,
  CURRENCIES.USD!,
  CURRENCIES.KWD!,
);

export const roundingArb = fc.constantFrom(...ROUNDING_MODES);

/** An exact amount from a count of minor units. */
export const fromUnits = (units: bigint, c: Currency): DecimalValue => new Dec(`${units}e-${c.minorUnits}`);

/** Decimal-string ratios: integers, decimals, zeros; at least one positive. */
export const ratiosArb: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      fc.nat({ max: 1_000_000 }).map(String),
      fc
        .tuple(fc.nat({ max: 999 }), fc.nat({ max: 9999 }))
        .map(([i, f]) => `${i}.${String(f).padStart(4, '0')}`),
      fc.constant('0'),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .filter((rs) => rs.some((r) => new Dec(r).gt(0)));

/**
 * A group of charge totals (minor units) and a run of cumulative amounts 0 = B_0 ≤ B_1 ≤ … ≤ B_m = T,
 * as schedule items would allocate to the group.
 */
export const groupArb = fc
  .tuple(
    currencyArb,
    roundingArb,
    fc.array(fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 50n })), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .chain(([currency, rounding, totals]) => {
    const T = totals.reduce((a, t) => a + t, 0n);
    return fc.array(fc.bigInt({ min: 0n, max: T }), { maxLength: 6 }).map((cuts) => ({
      currency,
      rounding,
      totals,
      cumulative: [0n, ...cuts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), T],
    }));
  });
