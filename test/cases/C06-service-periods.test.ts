// C06 — Multiyear schedule billing the second-year charge in the first year.
// S1/C1 2022-01-01 → 2022-12-31 1,000; S2/C2 2023-01-01 → 2023-12-31 1,000.
// Items: #1 1,200 (C1 1,000 + C2 200), #2 500 (C2), #3 300 (C2). Reference §7.4, decision 3.
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

const end = (start: string, finish: string, billed: string): ServicePeriodEnd =>
  servicePeriodEnd({
    chargeStart: d(start),
    chargeEnd: d(finish),
    termMonths: monthsBetween(d(start), d(finish)),
    billed: new Dec(billed),
    total: new Dec('1000.00'),
    prorationDays: 'actual',
  });

const c2 = (billed: string) => end('2023-01-01', '2023-12-31', billed);

describe('C06 — service periods across two yearly charges', () => {
  it('C06: INV001 bills C1 1,000.00 in full → 2022-01-01 → 2022-12-31', () => {
    expect(end('2022-01-01', '2022-12-31', '1000.00')).toEqual({ end: '2022-12-31', endDayPartial: false });
  });

  it('C06: INV001 bills C2 200.00: 200 / 1,000 × 12 = 2.4 months = 2 months + 12.4 days → 2023-01-01 → 2023-03-13 (partly consumed)', () => {
    expect(c2('200.00')).toEqual({ end: '2023-03-13', endDayPartial: true });
  });

  it('C06: INV002 for C2 starts on the same day 2023-03-13', () => {
    expect(nextServicePeriodStart(c2('200.00'))).toBe('2023-03-13');
  });

  it('C06: INV002 bills C2 500.00, cumulative 700: 8.4 months = 8 months + exactly 12 days → ends 2023-09-12, fully consumed', () => {
    expect(c2('700.00')).toEqual({ end: '2023-09-12', endDayPartial: false });
  });

  it('C06: INV003 for C2 starts the next day 2023-09-13 and, billing the last 300.00, ends 2023-12-31', () => {
    expect(nextServicePeriodStart(c2('700.00'))).toBe('2023-09-13');
    expect(c2('1000.00')).toEqual({ end: '2023-12-31', endDayPartial: false });
  });
});
