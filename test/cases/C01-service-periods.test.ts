// C01 — Single-year schedule, four subscriptions, same 12-month term 2023-01-01 → 2023-12-31.
// Charges C1 36,900.00, C2 21,500.00, C3 11,000.00, C4 800.00. Service periods per reference §7.4
// from each charge's cumulative billed amount after INV001 / INV002 / INV003.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal';
import {
  type BusinessDate,
  monthsBetween,
  nextServicePeriodStart,
  parseBusinessDate,
  type ServicePeriodEnd,
  servicePeriodEnd,
} from '../../src/time';

const d = (s: string): BusinessDate => parseBusinessDate(s)._unsafeUnwrap();
const chargeStart = d('2023-01-01');
const chargeEnd = d('2023-12-31');
const termMonths = monthsBetween(chargeStart, chargeEnd);

const end = (billed: string, total: string): ServicePeriodEnd =>
  servicePeriodEnd({
    chargeStart,
    chargeEnd,
    termMonths,
    billed: new Dec(billed),
    total: new Dec(total),
    prorationDays: 'actual',
  });

// [charge, total, INV001 line, INV002 line, INV003 line] as stated in C01.
const charges = [
  ['C1', '36900.00', '26282.05', '7358.98', '3258.97'],
  ['C2', '21500.00', '15313.39', '4287.75', '1898.86'],
  ['C3', '11000.00', '7834.76', '2193.73', '971.51'],
  ['C4', '800.00', '569.80', '159.54', '70.66'],
] as const;

describe('C01 — service periods of INV001, INV002, INV003', () => {
  it('C01: C1 26,282.05 / 36,900 × 12 = 8.547 months = 8 months + 16.41 days → INV001 ends 2023-09-17 (partly consumed)', () => {
    expect(end('26282.05', '36900.00')).toEqual({ end: '2023-09-17', endDayPartial: true });
  });

  it('C01: INV002 for C1 starts on the same day 2023-09-17 because that day was only partly billed', () => {
    expect(nextServicePeriodStart(end('26282.05', '36900.00'))).toBe('2023-09-17');
  });

  it('C01: C1 cumulative 33,641.03 / 36,900 × 12 = 10.94 months → INV002 ends 2023-11-29, INV003 starts 2023-11-29', () => {
    const inv002 = end('33641.03', '36900.00');
    expect(inv002).toEqual({ end: '2023-11-29', endDayPartial: true });
    expect(nextServicePeriodStart(inv002)).toBe('2023-11-29');
  });

  it('C01: C1 cumulative 36,900.00 = the selling price → INV003 ends on the charge end 2023-12-31', () => {
    expect(end('36900.00', '36900.00')).toEqual({ end: '2023-12-31', endDayPartial: false });
  });

  it.each(charges)(
    'C01: %s (total %s) lines %s / %s / %s give the stated periods 2023-01-01 → 2023-09-17 → 2023-11-29 → 2023-12-31',
    (_charge, total, inv1, inv2, inv3) => {
      const after1 = new Dec(inv1);
      const after2 = after1.plus(inv2);
      const after3 = after2.plus(inv3);
      expect(after3.eq(total)).toBe(true);
      const e1 = end(after1.toString(), total);
      const e2 = end(after2.toString(), total);
      const e3 = end(after3.toString(), total);
      expect([e1.end, nextServicePeriodStart(e1)]).toEqual(['2023-09-17', '2023-09-17']);
      expect([e2.end, nextServicePeriodStart(e2)]).toEqual(['2023-11-29', '2023-11-29']);
      expect(e3).toEqual({ end: '2023-12-31', endDayPartial: false });
    },
  );
});
