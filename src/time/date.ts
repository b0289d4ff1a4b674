import { err, ok, type Result } from 'neverthrow';
import { type InvalidDate, invalidDate } from './errors';
import { type Rational, rational } from './rational';

/**
 * A calendar date `YYYY-MM-DD` (proleptic Gregorian, years 0001–9999) in the tenant's time zone:
 * run dates, target dates, service periods. Never a `Date`, so no process time zone can shift it.
 * @since 0.1.0
 */
export type BusinessDate = string & { readonly __brand: 'BusinessDate' };

const MIN_DAY = daysFromCivil(1, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 31);
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Days since 1970-01-01 of a civil date, integer arithmetic only (H. Hinnant's `days_from_civil`),
 * so the answer never depends on the process time zone.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil} (`civil_from_days`). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(year: number, month: number, day: number): BusinessDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as BusinessDate;
}

function fromDays(days: number, operation: string): BusinessDate {
  if (days < MIN_DAY || days > MAX_DAY) {
    throw new RangeError(`${operation}: the result is outside the supported years 0001–9999`);
  }
  const { year, month, day } = civilFromDays(days);
  return format(year, month, day);
}

/**
 * The parts of `d` when it is exactly `YYYY-MM-DD` naming a day of 0001–9999, else `null`: `'2023-1-5'`,
 * `'2023-01'`, `'2023-01-5'` and `'2023-02-30'` were read before as NaN parts, as 2022-12-31, as 2023-01-05 and as
 * 2023-03-02. A few character checks, cheaper than the day arithmetic they guard.
 */
function strictParts(d: unknown): { year: number; month: number; day: number } | null {
  if (typeof d !== 'string' || d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) {
    return null;
  }
  const year = digitsAt(d, 0, 4);
  const month = digitsAt(d, 5, 7);
  const day = digitsAt(d, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** The day number of `d`, or a RangeError naming `operation` when `d` is not a `YYYY-MM-DD` date ({@link strictParts}). */
function checkedDays(d: BusinessDate, operation: string): number {
  const { year, month, day } = checkedParts(d, operation);
  return daysFromCivil(year, month, day);
}

/** The parts of `d`, or the RangeError of {@link checkedDays}. */
function checkedParts(d: BusinessDate, operation: string): { year: number; month: number; day: number } {
  const parts = strictParts(d);
  if (parts === null) throw notADate(d, operation);
  return parts;
}

function notADate(d: unknown, operation: string): RangeError {
  return new RangeError(
    `${operation}: ${JSON.stringify(d)} is not a YYYY-MM-DD business date; read dates with parseBusinessDate`,
  );
}

function requireInteger(n: number, name: string, operation: string): void {
  if (!Number.isSafeInteger(n))
    throw new RangeError(`${operation}: ${name} must be a safe integer, got ${n}`);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Validates untrusted input as a business date: a string of exactly `YYYY-MM-DD` naming a real day
 * (`2024-02-29` yes, `2023-02-29`, `2023-02-30`, `2023-1-1`, ` 2023-01-01` no). `field` is echoed in the error.
 * @since 0.1.0
 */
export function parseBusinessDate(input: unknown, field?: string): Result<BusinessDate, InvalidDate> {
  if (typeof input !== 'string') return err(invalidDate(input, 'a date must be a string', field));
  const match = DATE_PATTERN.exec(input);
  if (match === null) {
    return err(
      invalidDate(input, 'it does not have the form YYYY-MM-DD (4-digit year, 2-digit month and day)', field),
    );
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1) return err(invalidDate(input, 'the year must be between 0001 and 9999', field));
  if (month < 1 || month > 12) return err(invalidDate(input, 'the month must be between 01 and 12', field));
  const length = daysInMonth(year, month);
  if (day < 1 || day > length) {
    const name = MONTH_NAMES[month - 1] ?? '';
    return err(
      invalidDate(
        input,
        `the day must be between 01 and ${length} (${name} ${year} has ${length} days)`,
        field,
      ),
    );
  }
  return ok(input as BusinessDate);
}

/**
 * Builds a business date from its parts (month 1–12). Throws a RangeError on an invalid date: this is for
 * code and tests with known-good values; use {@link parseBusinessDate} for input.
 * @since 0.1.0
 */
export function businessDate(year: number, month: number, day: number): BusinessDate {
  const valid =
    Number.isSafeInteger(year) &&
    Number.isSafeInteger(month) &&
    Number.isSafeInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month);
  if (!valid)
    throw new RangeError(`businessDate: ${year}-${month}-${day} is not a calendar date in 0001–9999`);
  return format(year, month, day);
}

/**
 * Splits a business date into numeric parts (month 1–12). Throws a RangeError for a `d` that is not a
 * `YYYY-MM-DD` date (since 0.2.0; it read `'2023-1-5'` as NaN parts and `'2023-01-5'` as the 5th).
 * @since 0.1.0
 */
export function toParts(d: BusinessDate): {
  readonly year: number;
  readonly month: number;
  readonly day: number;
} {
  return Object.freeze(checkedParts(d, 'toParts'));
}

/** The number the ASCII digits `from`..`to` of `s` spell, or -1 when one of them is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Chronological order: -1 if `a` is earlier, 0 if the same day, 1 if later.
 * @since 0.1.0
 */
export function compareDates(a: BusinessDate, b: BusinessDate): -1 | 0 | 1 {
  // The fixed-width format makes string order chronological.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * True when `a` is strictly earlier than `b`.
 * @since 0.1.0
 */
export function isBefore(a: BusinessDate, b: BusinessDate): boolean {
  return compareDates(a, b) < 0;
}

/**
 * True when `a` is strictly later than `b`.
 * @since 0.1.0
 */
export function isAfter(a: BusinessDate, b: BusinessDate): boolean {
  return compareDates(a, b) > 0;
}

/**
 * True when `a` is the same day as `b` or earlier (e.g. "run date on or before the target date", decision 7).
 * @since 0.1.0
 */
export function isOnOrBefore(a: BusinessDate, b: BusinessDate): boolean {
  return compareDates(a, b) <= 0;
}

/**
 * True when `a` is the same day as `b` or later.
 * @since 0.1.0
 */
export function isOnOrAfter(a: BusinessDate, b: BusinessDate): boolean {
  return compareDates(a, b) >= 0;
}

/**
 * The earliest of one or more dates.
 * @since 0.1.0
 */
export function minDate(first: BusinessDate, ...rest: readonly BusinessDate[]): BusinessDate {
  return rest.reduce((m, d) => (isBefore(d, m) ? d : m), first);
}

/**
 * The latest of one or more dates.
 * @since 0.1.0
 */
export function maxDate(first: BusinessDate, ...rest: readonly BusinessDate[]): BusinessDate {
  return rest.reduce((m, d) => (isAfter(d, m) ? d : m), first);
}

/**
 * The date `n` days later (`n` may be negative). Throws a RangeError for a non-integer `n`, a `d` that is not
 * a `YYYY-MM-DD` date, or a result outside 0001–9999.
 * @since 0.1.0
 */
export function addDays(d: BusinessDate, n: number): BusinessDate {
  requireInteger(n, 'n', 'addDays');
  return fromDays(checkedDays(d, 'addDays') + n, 'addDays');
}

/**
 * The same day-of-month `n` months later (`n` may be negative), clamped to the month's last day:
 * 2023-01-31 + 1 → 2023-02-28, 2024-01-31 + 1 → 2024-02-29. Throws like {@link addDays}.
 * @since 0.1.0
 */
export function addMonths(d: BusinessDate, n: number): BusinessDate {
  requireInteger(n, 'n', 'addMonths');
  const { year, month, day } = checkedParts(d, 'addMonths');
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  if (y < 1 || y > 9999)
    throw new RangeError('addMonths: the result is outside the supported years 0001–9999');
  return format(y, m, Math.min(day, daysInMonth(y, m)));
}

/**
 * The day before `d`, or `null` for 0001-01-01, the first supported day: for rules that must answer a date at the
 * start of the supported years with a typed error, not {@link addDays}' RangeError.
 * @internal
 */
export function dayBefore(d: BusinessDate): BusinessDate | null {
  const days = checkedDays(d, 'dayBefore') - 1;
  return days < MIN_DAY ? null : fromDays(days, 'dayBefore');
}

/**
 * The day after `d`, or `null` for 9999-12-31, the last supported day (see {@link dayBefore}).
 * @internal
 */
export function dayAfter(d: BusinessDate): BusinessDate | null {
  const days = checkedDays(d, 'dayAfter') + 1;
  return days > MAX_DAY ? null : fromDays(days, 'dayAfter');
}

/**
 * The last day of the `n` months from `start` (`n` ≥ 1): `addDays(addMonths(start, n), -1)`, or `null` when that
 * is after 9999-12-31. The day after it may be 10000-01-01 (12 months from 9999-01-01 end 9999-12-31), which
 * `addMonths` refuses, so it is never formatted. Throws a RangeError for an `n` that is not a whole number ≥ 1.
 * @internal
 */
export function lastDayOfMonths(start: BusinessDate, n: number): BusinessDate | null {
  requireInteger(n, 'n', 'lastDayOfMonths');
  if (n < 1) throw new RangeError(`lastDayOfMonths: n must be ≥ 1, got ${n}`);
  const parts = checkedParts(start, 'lastDayOfMonths');
  // Past 10000-01 the day after the end is after 10000-01-01 (monthsLaterDay refuses year 10001).
  if (parts.year * 12 + (parts.month - 1) + n > 10000 * 12) return null;
  const end = monthsLaterDay(parts, n) - 1;
  return end > MAX_DAY ? null : fromDays(end, 'addDays');
}

/**
 * Number of days in a month (1–12) of the proleptic Gregorian calendar. Throws a RangeError on a bad month.
 * @since 0.1.0
 */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isSafeInteger(year) || !Number.isSafeInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`daysInMonth: expected an integer year and a month 1–12, got ${year}-${month}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `b − a` in days: positive when `b` is later. `daysBetween(d, addDays(d, n)) === n`. Throws a RangeError for
 * an argument that is not a `YYYY-MM-DD` date (the answer was NaN).
 * @since 0.1.0
 */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return checkedDays(b, 'daysBetween') - checkedDays(a, 'daysBetween');
}

/**
 * The length in months of the inclusive period `[start, endInclusive]`, exactly: the whole months reached from
 * `start` with {@link addMonths}, plus the remaining days over the actual length of the next month.
 * 2023-01-01..2023-12-31 = 12, 2023-06-01..2023-12-31 = 7, 2023-01-01..2023-01-15 = 15/31.
 * An empty period (`endInclusive` the day before `start`) is 0; an earlier end throws a RangeError.
 * @since 0.1.0
 */
export function monthsBetween(start: BusinessDate, endInclusive: BusinessDate): Rational {
  const parts = monthsAndDays(start, endInclusive);
  if (parts === null) {
    // Only an argument that is not a date at all has no day number.
    checkedDays(start, 'monthsBetween');
    throw notADate(endInclusive, 'monthsBetween');
  }
  const { whole, days, monthDays } = parts;
  if (days === 0) return rational(whole);
  // whole + days / monthDays as one fraction (normalised once).
  return rational(whole * monthDays + days, monthDays);
}

/**
 * `[start, endInclusive]` as the whole months reached from `start` with {@link addMonths}, the days left after
 * them, and the actual length in days of the month those days fall in (from the last whole month's end to the
 * next). On day numbers, so a period ending on 9999-12-31 is measured too. `null` for inputs that are not
 * dates at all (the caller throws); an end before the day before the start throws a RangeError.
 * @internal
 */
export function monthsAndDays(
  start: BusinessDate,
  endInclusive: BusinessDate,
): { readonly whole: number; readonly days: number; readonly monthDays: number } | null {
  const s = strictParts(start);
  const e0 = strictParts(endInclusive);
  if (s === null || e0 === null) return null;
  const startDay = daysFromCivil(s.year, s.month, s.day);
  // Day numbers instead of formatted dates (the same steps, no strings); `addDays`' range check.
  const endExclusive = daysFromCivil(e0.year, e0.month, e0.day) + 1;
  // The day after the end may be 10000-01-01: a period ending on the last supported day has a length.
  if (endExclusive < MIN_DAY || endExclusive > MAX_DAY + 1) {
    throw new RangeError('addDays: the result is outside the supported years 0001–9999');
  }
  if (endExclusive < startDay) {
    throw new RangeError(`monthsBetween: the end ${endInclusive} is before the start ${start}`);
  }
  const e = civilFromDays(endExclusive);
  // addMonths(start, w) is non-decreasing in w, so start from the calendar-month difference and step back.
  let whole = (e.year - s.year) * 12 + (e.month - s.month);
  while (whole > 0 && monthsLaterDay(s, whole) > endExclusive) whole -= 1;
  const anchor = monthsLaterDay(s, whole);
  return { whole, days: endExclusive - anchor, monthDays: monthsLaterDay(s, whole + 1) - anchor };
}

/**
 * The day number (days since 1970-01-01) of a business date: arithmetic on dates without formatting them.
 * @internal
 */
export function dayNumber(d: BusinessDate): number {
  return checkedDays(d, 'dayNumber');
}

/**
 * The business date of a day number; throws like `operation` (`addDays`) outside 0001–9999.
 * @internal
 */
export function dateOfDayNumber(days: number, operation: string): BusinessDate {
  return fromDays(days, operation);
}

/**
 * The day number of `addMonths(start, n)` for the parts of `start`, throwing as {@link addMonths} does, except
 * that year 10000 is allowed: a day number is no date, and the lengths of the months of a period ending on
 * 9999-12-31 (a term a host ends "never") are measured against the months after it.
 * @internal
 */
export function monthsLaterDay(start: { year: number; month: number; day: number }, n: number): number {
  requireInteger(n, 'n', 'addMonths');
  const index = start.year * 12 + (start.month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  if (y < 1 || y > 10000)
    throw new RangeError('addMonths: the result is outside the supported years 0001–9999');
  return daysFromCivil(y, m, Math.min(start.day, daysInMonth(y, m)));
}
