import type { Decimal } from 'decimal.js';
import { isDecimal, isFiniteDecimal, toDec } from '../money/decimal';
import {
  addDays,
  type BusinessDate,
  dateOfDayNumber,
  dayAfter,
  dayNumber,
  isAfter,
  monthsLaterDay,
  parseBusinessDate,
  toParts,
} from './date';
import { decimalFraction, type Rational } from './rational';

/**
 * The tenant setting "When prorating a month, assume 30 days in a month or use actual days?" (§7.4, C39):
 * `actual` uses the length of the month in which the fraction falls, `thirty` always 30 days.
 * @since 0.1.0
 */
export type ProrationDays = 'actual' | 'thirty';

/**
 * Where a charge's service period ends after a cumulative billed amount. `endDayPartial` says the end day is
 * only partly consumed, so its unbilled rest is billed by the next item for the charge (§7.5).
 * @since 0.1.0
 */
export interface ServicePeriodEnd {
  readonly end: BusinessDate;
  readonly endDayPartial: boolean;
}

/**
 * Input of {@link servicePeriodEnd}. `billed` is the charge's cumulative billed amount after this invoice line,
 * `total` the charge's value; dates are inclusive and `termMonths` is normally `monthsBetween(chargeStart, chargeEnd)`.
 * @since 0.1.0
 */
export interface ServicePeriodInput {
  readonly chargeStart: BusinessDate;
  readonly chargeEnd: BusinessDate;
  readonly termMonths: Rational;
  readonly billed: Decimal;
  readonly total: Decimal;
  readonly prorationDays: ProrationDays;
}

/**
 * End of the service period covered by a cumulative billed amount, per §7.4 in exact fractions:
 * `months = billed / total × termMonths`; the whole months are added to `chargeStart` and the fraction becomes
 * `fraction × monthDays` days (the month's actual length, or 30), rounded up because a partly consumed day counts.
 * C39: 6.7 months from 2022-01-01 ends 2022-07-22 (actual) or 2022-07-21 (thirty); C01: 26,282.05 / 36,900 × 12
 * ends 2023-09-17. `billed ≥ total` ends on `chargeEnd`; `billed = 0` ends the day before `chargeStart`
 * (an empty period, so the next period starts on `chargeStart`). The end never passes `chargeEnd`.
 * Throws on programmer errors: a TypeError when `billed` or `total` is not a Decimal (a number or string is not
 * read) or `termMonths` not a `Rational`; a RangeError for a `billed` or `total` that is not finite, negative
 * `billed`, `total ≤ 0`, `termMonths ≤ 0`, end before start, a date that is not `YYYY-MM-DD`, a `prorationDays`
 * other than `'actual'` or `'thirty'` (since 0.2.0). Each message names `servicePeriodEnd` and the field.
 * @since 0.1.0
 */
export function servicePeriodEnd(input: ServicePeriodInput): ServicePeriodEnd {
  const { chargeStart, chargeEnd, termMonths, prorationDays } = input;
  if (
    typeof termMonths !== 'object' ||
    termMonths === null ||
    typeof termMonths.num !== 'bigint' ||
    typeof termMonths.den !== 'bigint' ||
    termMonths.den <= 0n
  ) {
    throw new TypeError(
      'servicePeriodEnd: termMonths must be a Rational, e.g. monthsBetween(chargeStart, chargeEnd)',
    );
  }
  for (const [field, date] of [
    ['chargeStart', chargeStart],
    ['chargeEnd', chargeEnd],
  ] as const) {
    if (parseBusinessDate(date).isErr()) {
      throw new RangeError(
        `servicePeriodEnd: ${field} must be a YYYY-MM-DD date, got ${JSON.stringify(date)}`,
      );
    }
  }
  if (prorationDays !== 'actual' && prorationDays !== 'thirty') {
    // Anything else was read as 'actual'.
    throw new RangeError(
      `servicePeriodEnd: prorationDays must be 'actual' or 'thirty', got ${JSON.stringify(prorationDays)}`,
    );
  }
  checkCharge(chargeStart, chargeEnd, termMonths);
  const billed = decimalFraction(checkedDecimal(input.billed, 'billed'));
  const total = decimalFraction(checkedDecimal(input.total, 'total'));
  return servicePeriodEndOf(chargeStart, chargeEnd, termMonths, billed, total, prorationDays);
}

/** `x` when it is a finite Decimal: anything else used to fail deep inside with `x.isFinite is not a function`. */
function checkedDecimal(x: unknown, field: 'billed' | 'total'): Decimal {
  if (!isDecimal(x)) {
    throw new TypeError(
      `servicePeriodEnd: ${field} must be a Decimal (decimal.js), got ${x === null ? 'null' : typeof x}; convert amounts with toDec`,
    );
  }
  if (!isFiniteDecimal(x))
    throw new RangeError(`servicePeriodEnd: ${field} must be finite, got ${String(toDec(x))}`);
  return x;
}

function checkCharge(chargeStart: BusinessDate, chargeEnd: BusinessDate, termMonths: Rational): void {
  if (isAfter(chargeStart, chargeEnd)) {
    throw new RangeError(`servicePeriodEnd: chargeEnd ${chargeEnd} is before chargeStart ${chargeStart}`);
  }
  if (termMonths.num <= 0n) throw new RangeError('servicePeriodEnd: termMonths must be positive');
}

/**
 * {@link servicePeriodEnd} on exact fractions `num / den` (`den > 0`, not necessarily normalised), e.g. minor
 * units over the same scale: the same steps on integers, without normalising every intermediate fraction.
 * @internal
 */
export function servicePeriodEndOf(
  chargeStart: BusinessDate,
  chargeEnd: BusinessDate,
  termMonths: Rational,
  billed: { readonly num: bigint; readonly den: bigint },
  total: { readonly num: bigint; readonly den: bigint },
  prorationDays: ProrationDays,
): ServicePeriodEnd {
  checkCharge(chargeStart, chargeEnd, termMonths);
  if (total.num <= 0n) {
    // A zero-priced charge has no amount to measure a period by; it shares its group's period (C08).
    throw new RangeError(
      'servicePeriodEnd: total must be positive (give a zero-priced charge its group period)',
    );
  }
  if (billed.num < 0n) throw new RangeError('servicePeriodEnd: billed must not be negative');
  // months = billed / total × termMonths = n / d, then the fraction's days rounded up: on doubles when every
  // product is a safe integer (exact then; always so for money amounts), else on bigints.
  const billedTimes = Number(billed.num) * Number(total.den);
  const totalTimes = Number(total.num) * Number(billed.den);
  const n = billedTimes * Number(termMonths.num);
  const d = totalTimes * Number(termMonths.den);
  // Factors are ≥ 1 (but billed's, ≥ 0): n and d safe make every smaller product safe too.
  const split =
    Number.isSafeInteger(n) && Number.isSafeInteger(d * 31)
      ? billedTimes >= totalTimes
        ? null
        : splitSmall(n, d, chargeStart, prorationDays)
      : splitBig(billed, total, termMonths, chargeStart, prorationDays);
  if (split === null) return Object.freeze({ end: chargeEnd, endDayPartial: false });
  const { anchor, consumed, partial } = split;
  const endDay = anchor + consumed - 1;
  if (endDay >= dayNumber(chargeEnd)) {
    // Reachable with 30-day months in a short last month, or a termMonths longer than the charge dates.
    // billed < total, so the charge end day keeps an unbilled rest: the next line must start on it, not after it.
    return Object.freeze({ end: chargeEnd, endDayPartial: true });
  }
  return Object.freeze({ end: dateOfDayNumber(endDay, 'addDays'), endDayPartial: partial });
}

/** Where a period ends: the anchor month's first day number, the days consumed in it and whether the last is partial. */
interface Split {
  readonly anchor: number;
  readonly consumed: number;
  readonly partial: boolean;
}

/** The split of `n / d` months (`d > 0`, `n ≥ 0`, all products safe integers). */
function splitSmall(n: number, d: number, chargeStart: BusinessDate, prorationDays: ProrationDays): Split {
  const rest = n % d;
  const whole = (n - rest) / d;
  return daysOf(whole, rest, d, chargeStart, prorationDays);
}

function daysOf(
  whole: number,
  rest: number,
  d: number,
  chargeStart: BusinessDate,
  prorationDays: ProrationDays,
): Split {
  const start = toParts(chargeStart);
  const anchor = monthsLaterDay(start, whole);
  const actualDays = monthsLaterDay(start, whole + 1) - anchor;
  // days = rest × monthDays / d
  const daysNum = rest * (prorationDays === 'thirty' ? 30 : actualDays);
  if (daysNum >= actualDays * d) {
    // Only with 30-day months: a fraction can reach past the end of a 28/29-day February. The period stops at
    // the month's last day, fully consumed, so it never jumps ahead of where the next whole month starts.
    return { anchor, consumed: actualDays, partial: false };
  }
  const part = daysNum % d;
  const days = (daysNum - part) / d;
  return part === 0
    ? { anchor, consumed: days, partial: false }
    : { anchor, consumed: days + 1, partial: true };
}

function splitBig(
  billed: { readonly num: bigint; readonly den: bigint },
  total: { readonly num: bigint; readonly den: bigint },
  termMonths: Rational,
  chargeStart: BusinessDate,
  prorationDays: ProrationDays,
): Split | null {
  if (billed.num * total.den >= total.num * billed.den) return null;
  const n = billed.num * total.den * termMonths.num;
  const d = billed.den * total.num * termMonths.den;
  const whole = n / d;
  const rest = n - whole * d;
  const start = toParts(chargeStart);
  const anchor = monthsLaterDay(start, Number(whole));
  const actualDays = monthsLaterDay(start, Number(whole) + 1) - anchor;
  const daysNum = rest * BigInt(prorationDays === 'thirty' ? 30 : actualDays);
  if (daysNum >= BigInt(actualDays) * d) return { anchor, consumed: actualDays, partial: false };
  const days = Number(daysNum / d);
  return daysNum % d === 0n
    ? { anchor, consumed: days, partial: false }
    : { anchor, consumed: days + 1, partial: true };
}

/**
 * Start of the next service period for the same charge (decision 3): the previous end day again when it was only
 * partly consumed (C01: 2023-09-17 → 2023-09-17), otherwise the next day (C06: 2023-09-12 → 2023-09-13).
 * @since 0.1.0
 */
export function nextServicePeriodStart(prev: ServicePeriodEnd): BusinessDate {
  return prev.endDayPartial ? prev.end : addDays(prev.end, 1);
}

/**
 * {@link nextServicePeriodStart}, or `null` after a period served in full through 9999-12-31, the last supported
 * day: no period follows it. For the rules that meet a charge to the end of time. @internal
 */
export function nextServicePeriodStartOrNull(prev: ServicePeriodEnd): BusinessDate | null {
  return prev.endDayPartial ? prev.end : dayAfter(prev.end);
}
