// C39 — Service-period rule example (reference §7.4, decisions: tenant setting `prorationDays`).
// A service length of 6.7 months for a charge starting 2022-01-01 (here: 6,700.00 billed of a
// 12,000.00 charge over 2022-01-01 → 2022-12-31, i.e. 6,700 / 12,000 × 12 = 6.7 months).
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal';
import {
  type BusinessDate,
  monthsBetween,
  nextServicePeriodStart,
  type ProrationDays,
  parseBusinessDate,
  rational,
  servicePeriodEnd,
} from '../../src/time';

const d = (s: string): BusinessDate => parseBusinessDate(s)._unsafeUnwrap();
const chargeStart = d('2022-01-01');
const chargeEnd = d('2022-12-31');

const end = (prorationDays: ProrationDays) =>
  servicePeriodEnd({
    chargeStart,
    chargeEnd,
    termMonths: monthsBetween(chargeStart, chargeEnd),
    billed: new Dec('6700.00'),
    total: new Dec('12000.00'),
    prorationDays,
  });

describe('C39 — 6.7 months of service from 2022-01-01', () => {
  it('C39: the charge term 2022-01-01 → 2022-12-31 is 12 months and 6,700 / 12,000 × 12 = 6.7 months', () => {
    expect(monthsBetween(chargeStart, chargeEnd)).toEqual(rational(12));
  });

  it('C39 actual days: 0.7 × 31 = 21.7 days → part of 2022-07-22 consumed → period 2022-01-01 → 2022-07-22', () => {
    expect(end('actual')).toEqual({ end: '2022-07-22', endDayPartial: true });
    expect(nextServicePeriodStart(end('actual'))).toBe('2022-07-22');
  });

  it('C39 thirty days: 0.7 × 30 = 21 days → period 2022-01-01 → 2022-07-21, fully consumed', () => {
    expect(end('thirty')).toEqual({ end: '2022-07-21', endDayPartial: false });
    expect(nextServicePeriodStart(end('thirty'))).toBe('2022-07-22');
  });

  it('C39 thirty days: a term of exactly 6.7 months (67/10) with 999.99 of 1,000 billed still ends 2022-07-21, partly consumed', () => {
    const direct = servicePeriodEnd({
      chargeStart,
      chargeEnd,
      termMonths: rational(67, 10),
      billed: new Dec('999.99'),
      total: new Dec('1000'),
      prorationDays: 'thirty',
    });
    // 0.99999 × 6.7 months = 6.699933 → 0.699933 × 30 = 20.998 days → still 2022-07-21, partly consumed.
    expect(direct).toEqual({ end: '2022-07-21', endDayPartial: true });
  });
});
