// Shared fast-check arbitraries for the time property tests (not a test file itself).
import { fc } from '@fast-check/vitest';
import { type BusinessDate, businessDate, daysInMonth } from '../../../src/time';

/** Any real date 1900-01-01 … 2199-12-31, with month ends (28–31) drawn often. */
export const dateArb: fc.Arbitrary<BusinessDate> = fc
  .record({
    year: fc.integer({ min: 1900, max: 2199 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant(31), fc.integer({ min: 28, max: 31 })),
  })
  .map(({ year, month, day }) => businessDate(year, month, Math.min(day, daysInMonth(year, month))));

/** A decimal amount with 2 decimals as a string, 0.01 … 10,000,000.00. */
export const centsArb: fc.Arbitrary<bigint> = fc.bigInt({ min: 1n, max: 1_000_000_000n });

export const centsToString = (cents: bigint): string => {
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
};
