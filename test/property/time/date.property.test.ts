import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  daysInMonth,
  isBefore,
  monthsBetween,
  parseBusinessDate,
  rational,
  toParts,
} from '../../../src/time';
import { dateArb } from './arbitraries';

const runs = { numRuns: 200 };
const dayCount = fc.integer({ min: -40_000, max: 40_000 });
const monthCount = fc.integer({ min: -1_200, max: 1_200 });

describe('business dates', () => {
  test.prop([dateArb, dayCount], runs)(
    'addDays round trip: adding then subtracting n days returns the date',
    (d, n) => {
      expect(addDays(addDays(d, n), -n)).toBe(d);
    },
  );

  test.prop([dateArb, dayCount], runs)('daysBetween(d, addDays(d, n)) is n', (d, n) => {
    expect(daysBetween(d, addDays(d, n))).toBe(n);
  });

  test.prop([dateArb, dayCount], runs)(
    'addDays agrees with UTC calendar arithmetic (independent oracle)',
    (d, n) => {
      const { year, month, day } = toParts(d);
      const oracle = new Date(Date.UTC(year, month - 1, day + n)); // UTC, so no process TZ can interfere
      expect(addDays(d, n)).toBe(oracle.toISOString().slice(0, 10));
    },
  );

  test.prop(
    [fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })],
    runs,
  )(
    'parseBusinessDate accepts exactly the formatted dates that exist in the calendar',
    (year, month, day) => {
      const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const exists = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
      expect(parseBusinessDate(text).isOk()).toBe(exists);
    },
  );

  test.prop([dateArb, monthCount], runs)(
    'addMonths lands in the target month on the same day, clamped to the month end',
    (d, n) => {
      const from = toParts(d);
      const to = toParts(addMonths(d, n));
      expect(to.year * 12 + to.month - (from.year * 12 + from.month)).toBe(n);
      expect(to.day).toBe(Math.min(from.day, daysInMonth(to.year, to.month)));
    },
  );

  test.prop([dateArb, monthCount], runs)(
    'addMonths round trip: n months forth and back returns the date, or its clamped month end',
    (d, n) => {
      const back = addMonths(addMonths(d, n), -n);
      if (toParts(d).day <= 28) expect(back).toBe(d);
      else {
        expect(compareDates(back, d)).toBeLessThanOrEqual(0);
        expect(toParts(back).month).toBe(toParts(d).month);
      }
    },
  );

  test.prop([dateArb, monthCount, monthCount], runs)(
    'addMonths is monotone in the number of months',
    (d, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(compareDates(addMonths(d, lo), addMonths(d, hi))).toBeLessThanOrEqual(0);
    },
  );

  test.prop([dateArb, dateArb, dateArb], runs)(
    'compareDates is a total order consistent with daysBetween',
    (a, b, c) => {
      expect(compareDates(a, b)).toBe(-compareDates(b, a) || 0);
      expect(compareDates(a, a)).toBe(0);
      expect(compareDates(a, b)).toBe(Math.sign(daysBetween(b, a)) || 0);
      if (compareDates(a, b) <= 0 && compareDates(b, c) <= 0)
        expect(compareDates(a, c)).toBeLessThanOrEqual(0);
      if (compareDates(a, b) === 0) expect(a).toBe(b);
    },
  );

  test.prop([dateArb, fc.integer({ min: 0, max: 600 })], runs)(
    'monthsBetween of n whole months from any start is exactly n',
    (start, n) => {
      expect(monthsBetween(start, addDays(addMonths(start, n), -1))).toEqual(rational(n));
    },
  );

  test.prop([dateArb, fc.integer({ min: 0, max: 3_000 })], runs)(
    'monthsBetween is a normalised fraction, non-decreasing as the end moves later',
    (start, n) => {
      const end = addDays(start, n);
      const m1 = monthsBetween(start, end);
      const m2 = monthsBetween(start, addDays(end, 1));
      expect(m1.num * m2.den < m2.num * m1.den).toBe(true);
      expect(isBefore(start, addDays(end, 1))).toBe(true);
    },
  );
});
