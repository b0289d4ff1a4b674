// Standard billing of a period no live document bills (§6.4, §6.5): the lines behind the billed total tell which
// periods live documents bill, so a period whose invoice was canceled or reversed while a later period's stands is
// billed again — from what the lines up to its end bill, with its own dates — and never beyond the charge's value.
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { type BilledSpan, planStandardBilling } from '../../../src/domain/billing/standard';
import type { RatePlanCharge } from '../../../src/domain/contract/charge';
import { chargeKey } from '../../../src/domain/schedule/schedule';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { parseBusinessDate } from '../../../src/time/date';
import { charge, subscriptionOf } from '../domain/fixtures';

const USD = CURRENCIES.USD as Currency;
const d = (text: string) => parseBusinessDate(text)._unsafeUnwrap();

/** An invoice line (`bills`), or a credit memo line crediting one (negative), of `amount` for `[start, end]`. */
const span = (amount: string, start: string, end: string, bills = true): BilledSpan => ({
  amount: new Dec(amount),
  start: d(start),
  end: d(end),
  bills,
  scheduled: false,
});

/** Standard billing's lines and credits of `c` (S1) up to `targetDate`, given the live lines `spans`. */
function planOf(c: RatePlanCharge, spans: readonly BilledSpan[], targetDate: string) {
  const key = chargeKey('S1', c.number);
  const billed = spans.reduce((sum: Decimal, s) => sum.plus(s.amount), new Dec(0));
  const p = planStandardBilling({
    subscriptions: [subscriptionOf(c)],
    excluded: new Set(),
    billed: new Map([[key, billed]]),
    billedSpans: new Map([[key, spans]]),
    targetDate: d(targetDate),
    currency: USD,
    settings: { prorationDays: 'actual', rounding: 'halfUp' },
  });
  return {
    lines: p.lines.map((l) => [l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate]),
    credits: p.credits.map((x) => x.amount.toFixed(2)),
  };
}

const Q1 = span('3000.00', '2023-01-01', '2023-03-31');
const Q2 = span('3000.00', '2023-04-01', '2023-06-30');
const Q3 = span('3000.00', '2023-07-01', '2023-09-30');

const quarterly = (price: string, extra: Partial<RatePlanCharge> = {}) =>
  charge({ number: 'C1', type: 'Recurring', price: new Dec(price), billingPeriod: 'Quarter', ...extra });

describe('planStandardBilling: a period no live document bills', () => {
  it('12,000.00/yr per quarter, Q1 canceled, Q2 standing: Q1 again, 3,000.00 for 2023-01-01..03-31', () => {
    expect(planOf(quarterly('12000'), [Q2], '2023-04-02').lines).toEqual([
      ['3000.00', '2023-01-01', '2023-03-31'],
    ]);
  });

  it('Q2 canceled, Q1 and Q3 standing, on 2023-07-01: Q2 alone, 3,000.00 for 2023-04-01..06-30', () => {
    expect(planOf(quarterly('12000'), [Q1, Q3], '2023-07-01').lines).toEqual([
      ['3000.00', '2023-04-01', '2023-06-30'],
    ]);
  });

  it('Q1 canceled, Q2 standing, on 2023-07-01: Q1 and Q3, each 3,000.00 for its own dates', () => {
    expect(planOf(quarterly('12000'), [Q2], '2023-07-01').lines).toEqual([
      ['3000.00', '2023-01-01', '2023-03-31'],
      ['3000.00', '2023-07-01', '2023-09-30'],
    ]);
  });

  it('nothing canceled: nothing billed again (Q1 and Q2 standing, on 2023-04-02)', () => {
    expect(planOf(quarterly('12000'), [Q1, Q2], '2023-04-02').lines).toEqual([]);
  });

  it('price raised to 24,000.00/yr after Q2 was billed at 12,000.00, Q1 canceled: Q1 at the new price (6,000.00), then Q2 its own difference (3,000.00) with its own dates, not from where 9,000.00 reaches at the new price (2023-05-16)', () => {
    expect(planOf(quarterly('24000'), [Q2], '2023-04-02').lines).toEqual([
      ['6000.00', '2023-01-01', '2023-03-31'],
      ['3000.00', '2023-04-01', '2023-06-30'],
    ]);
  });

  it('part of a period canceled: a schedule billed 3,580.00 (to 2023-04-18, partly), the rest of April (420.00) canceled, May standing: April again from 2023-04-18', () => {
    const monthly = charge({
      number: 'C1',
      type: 'Recurring',
      price: new Dec('12000'),
      billingPeriod: 'Month',
    });
    const spans = [span('3580.00', '2023-01-01', '2023-04-18'), span('1000.00', '2023-05-01', '2023-05-31')];
    expect(planOf(monthly, spans, '2023-05-02').lines).toEqual([['420.00', '2023-04-18', '2023-04-30']]);
  });

  it('a credited period is billed, not a gap: price cut to 6,000.00/yr after Q1–Q3 were billed, Q3 credited in full (a credit memo line of 3,000.00): nothing billed again; the 1,500.00 still above what Q1–Q3 are worth now (4,500.00) is credited', () => {
    const credit = span('-3000.00', '2023-07-01', '2023-09-30', false);
    expect(planOf(quarterly('6000'), [Q1, Q2, Q3, credit], '2023-07-02')).toEqual({
      lines: [],
      credits: ['1500.00'],
    });
  });

  it('once credited down to what Q1–Q3 are worth now (Q3 3,000.00 and Q2 1,500.00 credited): nothing billed again, nothing credited', () => {
    const credits = [
      span('-3000.00', '2023-07-01', '2023-09-30', false),
      span('-1500.00', '2023-04-01', '2023-06-30', false),
    ];
    expect(planOf(quarterly('6000'), [Q1, Q2, Q3, ...credits], '2023-07-02')).toEqual({
      lines: [],
      credits: [],
    });
  });

  it('never beyond the value: cut to end 2023-05-15 (4,483.87: 15 of the 31 days of May) with Q1 canceled and Q2 billed 3,000.00 in full: Q1 only what is left of the value, 1,483.87', () => {
    expect(planOf(quarterly('12000', { endDate: d('2023-05-15') }), [Q2], '2023-04-02')).toEqual({
      lines: [['1483.87', '2023-01-01', '2023-03-31']],
      credits: [],
    });
  });
});
