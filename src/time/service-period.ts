import type { Decimal } from 'decimal.js';
import { addDays, addMonths, type BusinessDate, daysBetween, isAfter, isOnOrAfter } from './date';
import {
  ceilRational,
  compareRational,
  divRational,
  floorRational,
  fromDecimal,
  isIntegerRational,
  mulRational,
  type Rational,
  rational,
  subRational,
} from './rational';

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

const ZERO = rational(0);

/**
 * End of the service period covered by a cumulative billed amount, per §7.4 in exact fractions:
 * `months = billed / total × termMonths`; the whole months are added to `chargeStart` and the fraction becomes
 * `fraction × monthDays` days (the month's actual length, or 30), rounded up because a partly consumed day counts.
 * C39: 6.7 months from 2022-01-01 ends 2022-07-22 (actual) or 2022-07-21 (thirty); C01: 26,282.05 / 36,900 × 12
 * ends 2023-09-17. `billed ≥ total` ends on `chargeEnd`; `billed = 0` ends the day before `chargeStart`
 * (an empty period, so the next period starts on `chargeStart`). The end never passes `chargeEnd`.
 * Throws a RangeError on programmer errors: negative `billed`, `total ≤ 0`, `termMonths ≤ 0`, end before start.
 * @since 0.1.0
 */
export function servicePeriodEnd(input: ServicePeriodInput): ServicePeriodEnd {
  const { chargeStart, chargeEnd, termMonths, prorationDays } = input;
  if (isAfter(chargeStart, chargeEnd)) {
    throw new RangeError(`servicePeriodEnd: chargeEnd ${chargeEnd} is before chargeStart ${chargeStart}`);
  }
  if (compareRational(termMonths, ZERO) <= 0)
    throw new RangeError('servicePeriodEnd: termMonths must be positive');
  const billed = fromDecimal(input.billed);
  const total = fromDecimal(input.total);
  if (compareRational(total, ZERO) <= 0) {
    // A zero-priced charge has no amount to measure a period by; it shares its group's period (C08).
    throw new RangeError(
      'servicePeriodEnd: total must be positive (give a zero-priced charge its group period)',
    );
  }
  if (compareRational(billed, ZERO) < 0)
    throw new RangeError('servicePeriodEnd: billed must not be negative');
  if (compareRational(billed, total) >= 0) return Object.freeze({ end: chargeEnd, endDayPartial: false });

  const months = mulRational(divRational(billed, total), termMonths);
  const whole = floorRational(months);
  const fraction = subRational(months, rational(whole));
  const anchor = addMonths(chargeStart, Number(whole));
  const nextAnchor = addMonths(chargeStart, Number(whole) + 1);
  const actualDays = daysBetween(anchor, nextAnchor);
  const monthDays = prorationDays === 'thirty' ? 30 : actualDays;
  const days = mulRational(fraction, rational(monthDays));

  let consumed: number;
  let partial: boolean;
  if (compareRational(days, rational(actualDays)) >= 0) {
    // Only with 30-day months: a fraction can reach past the end of a 28/29-day February. The period stops at
    // the month's last day, fully consumed, so it never jumps ahead of where the next whole month starts.
    consumed = actualDays;
    partial = false;
  } else if (isIntegerRational(days)) {
    consumed = Number(days.num);
    partial = false;
  } else {
    consumed = Number(ceilRational(days));
    partial = true;
  }
  const end = addDays(anchor, consumed - 1);
  if (isOnOrAfter(end, chargeEnd)) {
    // Reachable with 30-day months in a short last month, or a termMonths longer than the charge dates.
    // billed < total, so the charge end day keeps an unbilled rest: the next line must start on it, not after it.
    return Object.freeze({ end: chargeEnd, endDayPartial: true });
  }
  return Object.freeze({ end, endDayPartial: partial });
}

/**
 * Start of the next service period for the same charge (decision 3): the previous end day again when it was only
 * partly consumed (C01: 2023-09-17 → 2023-09-17), otherwise the next day (C06: 2023-09-12 → 2023-09-13).
 * @since 0.1.0
 */
export function nextServicePeriodStart(prev: ServicePeriodEnd): BusinessDate {
  return prev.endDayPartial ? prev.end : addDays(prev.end, 1);
}
