// The hot path computes service periods, month counts and amounts on integers (minor units, doubles when
// every product is a safe integer, day numbers instead of formatted dates). Each fast path must give exactly
// what the plain rational / decimal steps give: the references below are those steps, kept here.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { toMinorUnits, unitsAtScale, unitsToDecimal } from '../../../src/money/minor';
import {
  addDays,
  addMonths,
  addRational,
  type BusinessDate,
  ceilRational,
  compareRational,
  daysBetween,
  divRational,
  floorRational,
  fromDecimal,
  isAfter,
  isBefore,
  isIntegerRational,
  isOnOrAfter,
  monthsBetween,
  mulRational,
  type ProrationDays,
  type Rational,
  rational,
  servicePeriodEnd,
  subRational,
  toParts,
} from '../../../src/time';
import { servicePeriodEndOf } from '../../../src/time/service-period';
import { centsArb, dateArb } from './arbitraries';

const runs = { numRuns: 300 };

/** monthsBetween as plain date steps. */
function monthsBetweenReference(start: BusinessDate, endInclusive: BusinessDate): Rational {
  const endExclusive = addDays(endInclusive, 1);
  const s = toParts(start);
  const e = toParts(endExclusive);
  let whole = (e.year - s.year) * 12 + (e.month - s.month);
  while (whole > 0 && isAfter(addMonths(start, whole), endExclusive)) whole -= 1;
  const anchor = addMonths(start, whole);
  const remaining = daysBetween(anchor, endExclusive);
  if (remaining === 0) return rational(whole);
  return addRational(rational(whole), rational(remaining, daysBetween(anchor, addMonths(start, whole + 1))));
}

/** servicePeriodEnd as plain rational steps. */
function periodEndReference(
  chargeStart: BusinessDate,
  chargeEnd: BusinessDate,
  termMonths: Rational,
  billed: Rational,
  total: Rational,
  prorationDays: ProrationDays,
) {
  if (compareRational(billed, total) >= 0) return { end: chargeEnd, endDayPartial: false };
  const months = mulRational(divRational(billed, total), termMonths);
  const whole = floorRational(months);
  const fraction = subRational(months, rational(whole));
  const anchor = addMonths(chargeStart, Number(whole));
  const actualDays = daysBetween(anchor, addMonths(chargeStart, Number(whole) + 1));
  const days = mulRational(fraction, rational(prorationDays === 'thirty' ? 30 : actualDays));
  let consumed: number;
  let partial: boolean;
  if (compareRational(days, rational(actualDays)) >= 0) {
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
  if (isOnOrAfter(end, chargeEnd)) return { end: chargeEnd, endDayPartial: true };
  return { end, endDayPartial: partial };
}

const chargeArb = fc
  .record({ start: dateArb, months: fc.integer({ min: 0, max: 60 }), days: fc.integer({ min: 0, max: 40 }) })
  .map(({ start, months, days }) => ({
    start,
    end: addDays(addMonths(start, months), months === 0 ? Math.max(days, 1) - 1 : days - 1),
  }))
  .filter(({ start, end }) => !isBefore(end, start));

/** Totals in minor units, small (doubles) and beyond 2^53 (bigints). */
const unitsArb = fc.oneof(centsArb, fc.bigInt({ min: 1n, max: 10n ** 30n }));

const prorationArb = fc.constantFrom<ProrationDays>('actual', 'thirty');

describe('fast paths give what the plain steps give', () => {
  test.prop([chargeArb], runs)(
    'monthsBetween equals the month steps on formatted dates',
    ({ start, end }) => {
      expect(monthsBetween(start, end)).toEqual(monthsBetweenReference(start, end));
    },
  );

  test.prop([chargeArb, unitsArb, fc.double({ min: 0, max: 1.2, noNaN: true }), prorationArb], runs)(
    'service periods on minor units equal the rational steps, on doubles and on bigints',
    ({ start, end }, totalUnits, share, prorationDays) => {
      const termMonths = monthsBetween(start, end);
      const billedUnits = BigInt(Math.floor(share * 1e6)) * (totalUnits / 1_000_000n);
      const expected = periodEndReference(
        start,
        end,
        termMonths,
        rational(billedUnits, 100n),
        rational(totalUnits, 100n),
        prorationDays,
      );
      // Minor units with an unnormalised scale, and the decimal amounts of the public function.
      const byUnits = servicePeriodEndOf(
        start,
        end,
        termMonths,
        { num: billedUnits * 7n, den: 700n },
        { num: totalUnits, den: 100n },
        prorationDays,
      );
      const billed = new Dec(`${billedUnits}e-2`);
      const total = new Dec(`${totalUnits}e-2`);
      const byDecimals = servicePeriodEnd({
        chargeStart: start,
        chargeEnd: end,
        termMonths,
        billed,
        total,
        prorationDays,
      });
      expect(byUnits).toEqual(expected);
      expect(byDecimals).toEqual(expected);
    },
  );

  const decimalArb = fc
    .tuple(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: 0, max: 6 }))
    .map(([digits, places]) => new Dec(`${digits}e-${places}`));

  test.prop([decimalArb, fc.integer({ min: 0, max: 4 })], runs)(
    'minor units read from toFixed() equal the rounding conversion, and only at the scale',
    (amount, minorUnits) => {
      const atScale = amount.decimalPlaces() <= minorUnits;
      const expected = atScale ? BigInt(amount.toFixed(minorUnits).replace('.', '')) : null;
      expect(unitsAtScale(amount, minorUnits)).toBe(expected);
      const currency = { code: 'TST', minorUnits };
      if (atScale) expect(toMinorUnits(amount, currency as never)).toBe(expected);
      else expect(() => toMinorUnits(amount, currency as never)).toThrow(RangeError);
    },
  );

  test.prop([fc.bigInt({ min: -(10n ** 70n), max: 10n ** 70n }), fc.integer({ min: 0, max: 4 })], runs)(
    'decimals of minor units equal their division by the scale, never negative zero',
    (units, minorUnits) => {
      const value = unitsToDecimal(units, minorUnits);
      const divided = new Dec(units.toString()).div(new Dec((10n ** BigInt(minorUnits)).toString()));
      expect(value.eq(divided)).toBe(true);
      expect(value.toFixed()).toBe(divided.toFixed());
      expect(value.isNegative() && value.isZero()).toBe(false);
    },
  );

  test.prop([decimalArb], runs)('fromDecimal is the exact fraction of the digits', (amount) => {
    const [whole = '', fraction = ''] = amount.abs().toFixed().split('.');
    const num = BigInt(whole + fraction) * (amount.isNegative() ? -1n : 1n);
    expect(fromDecimal(amount)).toEqual(rational(num, 10n ** BigInt(fraction.length)));
  });
});
