import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  type BusinessDate,
  businessDate,
  compareDates,
  daysBetween,
  daysInMonth,
  isAfter,
  isBefore,
  isOnOrAfter,
  isOnOrBefore,
  maxDate,
  minDate,
  monthsBetween,
  parseBusinessDate,
  rational,
  toParts,
} from '../../../src/time';
import { dayAfter, dayBefore, lastDayOfMonths } from '../../../src/time/date';

const d = (s: string): BusinessDate => parseBusinessDate(s)._unsafeUnwrap();

describe('parseBusinessDate', () => {
  it.each(['2023-01-01', '2024-02-29', '2023-12-31', '0001-01-01', '9999-12-31', '2000-02-29'])(
    'accepts %s',
    (s) => {
      expect(parseBusinessDate(s)._unsafeUnwrap()).toBe(s);
    },
  );

  it.each([
    ['2023-02-30', 'February 2023 has 28 days'],
    ['2023-02-29', 'February 2023 has 28 days'],
    ['1900-02-29', 'February 1900 has 28 days'],
    ['2023-04-31', 'April 2023 has 30 days'],
    ['2023-13-01', 'month must be between 01 and 12'],
    ['2023-00-10', 'month must be between 01 and 12'],
    ['2023-01-00', 'day must be between 01 and 31'],
    ['0000-01-01', 'year must be between 0001 and 9999'],
    ['2023-1-1', 'does not have the form YYYY-MM-DD'],
    [' 2023-01-01', 'does not have the form YYYY-MM-DD'],
    ['2023-01-01 ', 'does not have the form YYYY-MM-DD'],
    ['2023-01-01T00:00:00Z', 'does not have the form YYYY-MM-DD'],
    ['20230101', 'does not have the form YYYY-MM-DD'],
    ['2023/01/01', 'does not have the form YYYY-MM-DD'],
    ['+2023-01-01', 'does not have the form YYYY-MM-DD'],
    ['٢٠٢٣-٠١-٠١', 'does not have the form YYYY-MM-DD'],
    ['', 'does not have the form YYYY-MM-DD'],
  ])('rejects %j (%s)', (input, reason) => {
    const error = parseBusinessDate(input)._unsafeUnwrapErr();
    expect(error.type).toBe('InvalidDate');
    expect(error.input).toBe(input);
    expect(error.message).toContain(reason);
    expect(error.message).toContain('YYYY-MM-DD');
    expect(error).not.toHaveProperty('field');
  });

  it.each([
    [20230101, 'number 20230101'],
    [null, 'null'],
    [undefined, 'undefined'],
    [new Date(Date.UTC(2023, 0, 1)), 'a Date object'],
    [{ year: 2023 }, 'an object'],
    [['2023-01-01'], 'an array'],
    [true, 'boolean true'],
    [10n, 'bigint 10'],
    [() => '2023-01-01', 'a function'],
    [Symbol('d'), 'symbol Symbol(d)'],
  ])('rejects the non-string %s with a message naming the expected format', (input, shown) => {
    const error = parseBusinessDate(input, 'runDate')._unsafeUnwrapErr();
    expect(error).toEqual({
      type: 'InvalidDate',
      input: shown,
      field: 'runDate',
      message: `${shown} is not a valid business date for "runDate": a date must be a string. Expected a calendar date in the format YYYY-MM-DD, e.g. 2023-01-31.`,
    });
  });

  it('names the field in the message and details', () => {
    const error = parseBusinessDate('2023-02-30', 'items[0].runDate')._unsafeUnwrapErr();
    expect(error.field).toBe('items[0].runDate');
    expect(error.message).toBe(
      '"2023-02-30" is not a valid business date for "items[0].runDate": the day must be between 01 and 28 (February 2023 has 28 days). Expected a calendar date in the format YYYY-MM-DD, e.g. 2023-01-31.',
    );
  });

  it('returns errors as frozen plain objects', () => {
    const error = parseBusinessDate('x')._unsafeUnwrapErr();
    expect(Object.isFrozen(error)).toBe(true);
    expect(JSON.parse(JSON.stringify(error))).toEqual(error);
  });
});

describe('businessDate', () => {
  it('formats parts with zero padding', () => {
    expect(businessDate(2023, 1, 5)).toBe('2023-01-05');
    expect(businessDate(33, 12, 31)).toBe('0033-12-31');
  });

  it.each([
    [2023, 2, 29],
    [2023, 13, 1],
    [2023, 0, 1],
    [0, 1, 1],
    [10000, 1, 1],
    [2023, 1.5, 1],
    [2023, 1, Number.NaN],
  ])('throws on %i-%i-%i', (y, m, day) => {
    expect(() => businessDate(y, m, day)).toThrow(RangeError);
  });
});

describe('toParts', () => {
  it('splits into numbers', () => {
    expect(toParts(d('2024-02-29'))).toEqual({ year: 2024, month: 2, day: 29 });
  });
});

describe('comparisons', () => {
  const a = d('2023-01-31');
  const b = d('2023-02-01');
  it('orders chronologically', () => {
    expect(compareDates(a, b)).toBe(-1);
    expect(compareDates(b, a)).toBe(1);
    expect(compareDates(a, d('2023-01-31'))).toBe(0);
    expect(compareDates(d('0999-12-31'), d('1000-01-01'))).toBe(-1);
  });

  it('answers before / after / on-or-before / on-or-after', () => {
    expect([isBefore(a, b), isAfter(a, b), isOnOrBefore(a, b), isOnOrAfter(a, b)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([isBefore(a, a), isAfter(a, a), isOnOrBefore(a, a), isOnOrAfter(a, a)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('finds the earliest and latest', () => {
    expect(minDate(b, a, d('2023-06-01'))).toBe(a);
    expect(maxDate(b, a, d('2023-06-01'))).toBe('2023-06-01');
    expect(minDate(a)).toBe(a);
    expect(maxDate(a)).toBe(a);
  });
});

describe('daysInMonth', () => {
  it.each([
    [2023, 1, 31],
    [2023, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2023, 4, 30],
    [2023, 6, 30],
    [2023, 9, 30],
    [2023, 11, 30],
    [2023, 12, 31],
  ])('%i-%i has %i days', (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
  });

  it('throws on a bad month', () => {
    expect(() => daysInMonth(2023, 13)).toThrow(RangeError);
    expect(() => daysInMonth(2023, 0)).toThrow(RangeError);
    expect(() => daysInMonth(2023.5, 1)).toThrow(RangeError);
  });
});

describe('addDays and daysBetween', () => {
  it.each([
    ['2023-01-31', 1, '2023-02-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2023-03-01', -1, '2023-02-28'],
    ['2023-01-01', 365, '2024-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2011-12-29', 1, '2011-12-30'],
    ['2023-01-01', 0, '2023-01-01'],
  ])('%s + %i days = %s', (from, n, to) => {
    expect(addDays(d(from), n)).toBe(to);
    expect(daysBetween(d(from), d(to))).toBe(n);
  });

  it('counts across centuries and leap rules', () => {
    expect(daysBetween(d('1900-01-01'), d('2000-01-01'))).toBe(36524);
    expect(daysBetween(d('2000-01-01'), d('2100-01-01'))).toBe(36525);
    expect(daysBetween(d('0001-01-01'), d('9999-12-31'))).toBe(3652058);
  });

  it('throws on non-integers and out-of-range results', () => {
    expect(() => addDays(d('2023-01-01'), 0.5)).toThrow(RangeError);
    expect(() => addDays(d('2023-01-01'), Number.NaN)).toThrow(RangeError);
    expect(() => addDays(d('9999-12-31'), 1)).toThrow(RangeError);
    expect(() => addDays(d('0001-01-01'), -1)).toThrow(RangeError);
  });
});

// docs/concepts/dates.md: calendar arithmetic throws a RangeError naming the function for a string without
// the digits of YYYY-MM-DD. Its parts were NaN, which no range check caught: addDays('2023-1-5', 1) gave
// '0NaN-NaN-NaN', daysBetween NaN.
describe('arithmetic on a string that is not a YYYY-MM-DD date', () => {
  // '2023-01' read as 2022-12-31 (day 0), '2023-01-5' as the 5th, '2023-02-30' as 2023-03-02.
  it.each([
    '2023-1-5',
    '23-01-05',
    'not a date',
    '2023-01-0x',
    '2023-01',
    '2023-01-5',
    '2023-02-30',
    '2023-13-01',
    '0000-01-01',
    '2023-01-05T00:00',
    '2023/01/05',
  ])('%j throws a RangeError', (bad) => {
    const x = bad as BusinessDate;
    const ok = d('2023-01-05');
    expect(() => addDays(x, 1)).toThrow(RangeError);
    expect(() => addDays(x, 1)).toThrow(/^addDays: .* is not a YYYY-MM-DD business date/);
    expect(() => addMonths(x, 1)).toThrow(/^addMonths: /);
    expect(() => daysBetween(x, ok)).toThrow(/^daysBetween: /);
    expect(() => daysBetween(ok, x)).toThrow(/^daysBetween: /);
    expect(() => monthsBetween(x, ok)).toThrow(/^monthsBetween: /);
    expect(() => monthsBetween(ok, x)).toThrow(/^monthsBetween: /);
    expect(() => dayBefore(x)).toThrow(RangeError);
    expect(() => dayAfter(x)).toThrow(RangeError);
    expect(() => lastDayOfMonths(x, 1)).toThrow(/^lastDayOfMonths: /);
    expect(() => toParts(x)).toThrow(/^toParts: .* is not a YYYY-MM-DD business date/);
  });
});

describe('addMonths', () => {
  it.each([
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-03-31', 1, '2023-04-30'],
    ['2023-03-31', -1, '2023-02-28'],
    ['2023-01-15', 12, '2024-01-15'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2023-01-01', -1, '2022-12-01'],
    ['2023-01-01', -13, '2021-12-01'],
    ['2022-01-01', 6, '2022-07-01'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2023-05-17', 0, '2023-05-17'],
  ])('%s + %i months = %s (clamped to the month end)', (from, n, to) => {
    expect(addMonths(d(from), n)).toBe(to);
  });

  it('throws on non-integers and out-of-range results', () => {
    expect(() => addMonths(d('2023-01-01'), 1.5)).toThrow(RangeError);
    expect(() => addMonths(d('9999-12-01'), 1)).toThrow(RangeError);
    expect(() => addMonths(d('0001-01-31'), -1)).toThrow(RangeError);
  });
});

describe('dayBefore, dayAfter and lastDayOfMonths: null where a date would leave 0001–9999', () => {
  it('the day before and after, null past the first and the last supported day', () => {
    expect(dayBefore(d('2023-03-01'))).toBe('2023-02-28');
    expect(dayBefore(d('0001-01-02'))).toBe('0001-01-01');
    expect(dayBefore(d('0001-01-01'))).toBeNull();
    expect(dayAfter(d('2024-02-28'))).toBe('2024-02-29');
    expect(dayAfter(d('9999-12-30'))).toBe('9999-12-31');
    expect(dayAfter(d('9999-12-31'))).toBeNull();
  });

  it.each([
    ['2023-01-31', 1, '2023-02-27'],
    ['2023-01-01', 12, '2023-12-31'],
    ['9999-01-01', 12, '9999-12-31'],
    ['9999-12-01', 1, '9999-12-31'],
    ['9999-07-15', 5, '9999-12-14'],
    ['9999-07-15', 6, null],
    ['9999-12-02', 1, null],
    ['0001-01-01', 1200, '0100-12-31'],
    ['9990-01-01', 1200, null],
  ])('the last day of the months from %s, %i months: %s', (from, n, last) => {
    expect(lastDayOfMonths(d(from), n)).toBe(last);
    // addDays(addMonths(start, n), -1), where addMonths can answer (not on the way to 10000-01-01).
    if (last !== null && last !== '9999-12-31') {
      expect(last).toBe(addDays(addMonths(d(from), n), -1));
    }
  });

  it('lastDayOfMonths throws on a count that is not a whole number ≥ 1', () => {
    expect(() => lastDayOfMonths(d('2023-01-01'), 0)).toThrow(RangeError);
    expect(() => lastDayOfMonths(d('2023-01-01'), 1.5)).toThrow(RangeError);
  });
});

describe('monthsBetween', () => {
  it.each([
    ['2023-01-01', '2023-12-31', rational(12)],
    ['2023-06-01', '2023-12-31', rational(7)],
    ['2023-01-01', '2023-01-31', rational(1)],
    ['2023-01-01', '2023-01-15', rational(15, 31)],
    ['2023-02-01', '2023-02-14', rational(1, 2)],
    ['2023-01-01', '2023-03-15', rational(2 * 31 + 15, 31)],
    ['2023-01-31', '2023-02-27', rational(1)],
    ['2023-01-31', '2023-03-30', rational(2)],
    ['2023-01-15', '2024-01-14', rational(12)],
    ['2022-01-01', '2023-12-31', rational(24)],
    ['2023-05-10', '2023-05-10', rational(1, 31)],
    ['2023-05-10', '2023-05-09', rational(0)],
  ])('[%s, %s] is %o months', (start, end, months) => {
    expect(monthsBetween(d(start), d(end))).toEqual(months);
  });

  it('throws when the end is before the day before the start', () => {
    expect(() => monthsBetween(d('2023-05-10'), d('2023-05-08'))).toThrow(RangeError);
  });
});
