// Mutant S07 (src/domain/billing/standard.ts, billingPeriods): `isAfter(start, charge.endDate)` →
// `!isBefore(start, charge.endDate)` drops a billing period that starts on the charge's last day.
// A monthly charge cancelled as of 2023-03-02 ends 2023-03-01 (handlers.ts: end = effective date − 1):
// its last billing period is the one day 2023-03-01..2023-03-01, worth 1,200.00/yr ÷ 12 × 1/31 = 3.23
// (§7.4 actual days). Standard billing bills "every billing period starting on or before targetDate",
// "so a charge is billed exactly its value by its end" (planStandardBilling's contract; §1: billed per
// billing period in advance). Under the mutant that day is never billed: the charge ends at 200.00
// billed for a value of 203.23.
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  type BilledSpan,
  billingPeriods,
  chargeValueUpTo,
  planStandardBilling,
} from '../../../src/domain/billing/standard';
import { chargeKey } from '../../../src/domain/schedule/schedule';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { parseBusinessDate } from '../../../src/time/date';
import { charge, plan, subscriptionOf } from '../domain/fixtures';

const USD = CURRENCIES.USD as Currency;
const d = (text: string) => parseBusinessDate(text)._unsafeUnwrap();
const span = (amount: string, start: string, end: string): BilledSpan => ({
  amount: new Dec(amount),
  start: d(start),
  end: d(end),
  bills: true,
  scheduled: false,
});

// 1,200.00 a year billed monthly from 2023-01-01, cancelled as of 2023-03-02: it ends 2023-03-01.
const monthly = charge({
  number: 'C1',
  type: 'Recurring',
  price: new Dec('1200'),
  billingPeriod: 'Month',
  endDate: d('2023-03-01'),
  removalEffectiveDate: d('2023-03-02'),
});

describe('standard billing bills a last billing period of one day (mutant S07)', () => {
  it('billingPeriods lists 2023-03-01..2023-03-01 as the last period', () => {
    expect(billingPeriods(monthly).map((p) => [p.start, p.end])).toEqual([
      ['2023-01-01', '2023-01-31'],
      ['2023-02-01', '2023-02-28'],
      ['2023-03-01', '2023-03-01'],
    ]);
  });

  it('January and February billed (200.00): the run of 2023-03-01 bills 3.23 for 2023-03-01, bringing the charge to its value 203.23', () => {
    const settings = { prorationDays: 'actual', rounding: 'halfUp' } as const;
    const value = chargeValueUpTo(monthly, plan(monthly), monthly.endDate, USD, settings);
    expect(value.toFixed(2)).toBe('203.23');
    const spans = [span('100.00', '2023-01-01', '2023-01-31'), span('100.00', '2023-02-01', '2023-02-28')];
    const key = chargeKey('S1', 'C1');
    const billed = spans.reduce((s: Decimal, x) => s.plus(x.amount), new Dec(0));
    const p = planStandardBilling({
      subscriptions: [subscriptionOf(monthly)],
      excluded: new Set(),
      billed: new Map([[key, billed]]),
      billedSpans: new Map([[key, spans]]),
      targetDate: d('2023-03-01'),
      currency: USD,
      settings,
    });
    expect(p.lines.map((l) => [l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['3.23', '2023-03-01', '2023-03-01'],
    ]);
    expect(p.credits).toEqual([]);
  });
});
