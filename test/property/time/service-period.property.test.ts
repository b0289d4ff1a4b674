import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import {
  addDays,
  addMonths,
  type BusinessDate,
  compareDates,
  daysBetween,
  isOnOrAfter,
  isOnOrBefore,
  monthsBetween,
  nextServicePeriodStart,
  type ProrationDays,
  type ServicePeriodEnd,
  servicePeriodEnd,
} from '../../../src/time';
import { centsArb, centsToString, dateArb } from './arbitraries';

const runs = { numRuns: 200 };

interface Charge {
  readonly start: BusinessDate;
  readonly end: BusinessDate;
  readonly totalCents: bigint;
}

/** A charge of 1 day … ~5 years, often whole months, with a positive total. */
const chargeArb: fc.Arbitrary<Charge> = fc
  .record({
    start: dateArb,
    months: fc.integer({ min: 0, max: 60 }),
    extraDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
    totalCents: centsArb,
  })
  .map(({ start, months, extraDays, totalCents }) => ({
    start,
    // At least one day: [start, start + months + extraDays days − 1].
    end: addDays(addMonths(start, months), (months === 0 ? Math.max(extraDays, 1) : extraDays) - 1),
    totalCents,
  }));

const prorationArb = fc.constantFrom<ProrationDays>('actual', 'thirty');

const periodEnd = (c: Charge, billedCents: bigint, prorationDays: ProrationDays): ServicePeriodEnd =>
  servicePeriodEnd({
    chargeStart: c.start,
    chargeEnd: c.end,
    termMonths: monthsBetween(c.start, c.end),
    billed: new Dec(centsToString(billedCents)),
    total: new Dec(centsToString(c.totalCents)),
    prorationDays,
  });

/** Billed cents in [0, total] with the ends drawn often. */
const billedOf = (c: Charge) =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: c.totalCents }),
    fc.constant(c.totalCents),
    fc.constant(0n),
    fc.constant(c.totalCents - 1n),
  );

const chargeWithTwoBilled = chargeArb.chain((c) =>
  fc.tuple(fc.constant(c), billedOf(c), billedOf(c), prorationArb),
);

describe('service periods (§7.4)', () => {
  test.prop([chargeWithTwoBilled], runs)('service period end is monotone in billed', ([c, x, y, p]) => {
    const [lo, hi] = x <= y ? [x, y] : [y, x];
    const a = periodEnd(c, lo, p);
    const b = periodEnd(c, hi, p);
    expect(compareDates(a.end, b.end)).toBeLessThanOrEqual(0);
    // The next period never starts earlier for a larger billed amount either.
    expect(compareDates(nextServicePeriodStart(a), nextServicePeriodStart(b))).toBeLessThanOrEqual(0);
  });

  test.prop([chargeWithTwoBilled], runs)(
    'service period end is never before the charge start once something is billed, nor after the charge end',
    ([c, x, _y, p]) => {
      const e = periodEnd(c, x, p);
      expect(isOnOrBefore(e.end, c.end)).toBe(true);
      if (x > 0n) expect(isOnOrAfter(e.end, c.start)).toBe(true);
      else expect(e).toEqual({ end: addDays(c.start, -1), endDayPartial: false });
      expect(isOnOrAfter(nextServicePeriodStart(e), c.start)).toBe(true);
      // While something is left to bill, the next line starts within the charge.
      if (x < c.totalCents) expect(isOnOrBefore(nextServicePeriodStart(e), c.end)).toBe(true);
    },
  );

  test.prop([chargeArb, prorationArb], runs)(
    'billing the whole total ends on the charge end date, fully consumed',
    (c, p) => {
      expect(periodEnd(c, c.totalCents, p)).toEqual({ end: c.end, endDayPartial: false });
    },
  );

  test.prop([chargeWithTwoBilled], runs)(
    'service period end is deterministic and returns a frozen value',
    ([c, x, _y, p]) => {
      const first = periodEnd(c, x, p);
      expect(periodEnd(c, x, p)).toEqual(first);
      expect(Object.isFrozen(first)).toBe(true);
    },
  );

  test.prop([chargeArb.filter((c) => compareDates(c.start, c.end) < 0), fc.nat()], runs)(
    'a billed share equal to monthsBetween(start, e) / term ends exactly on e (actual days, no rounding drift)',
    (c, pick) => {
      const e = addDays(c.start, pick % daysBetween(c.start, c.end)); // e in [start, end − 1]
      const term = monthsBetween(c.start, c.end);
      const part = monthsBetween(c.start, e);
      // billed / total = part / term, as integers: billed = part.num × term.den, total = part.den × term.num.
      const end = servicePeriodEnd({
        chargeStart: c.start,
        chargeEnd: c.end,
        termMonths: term,
        billed: new Dec((part.num * term.den).toString()),
        total: new Dec((part.den * term.num).toString()),
        prorationDays: 'actual',
      });
      expect(end).toEqual({ end: e, endDayPartial: false });
    },
  );
});
