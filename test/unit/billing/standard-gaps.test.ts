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
});

// A charge cut short of its billed days (§8.4) with a period of its term no live line bills (§6.4): what the lines
// bill after the new end is credited — what the billed total passes the value by once the unbilled days are billed
// too — and the unbilled period is billed again, so the charge ends billed its value over its service days.
describe('planStandardBilling: cut short of its billed days with a period unbilled', () => {
  const yearly4000 = (endDate: string) => quarterly('4000', { endDate: d(endDate) });
  const q = (start: string, end: string) => span('1000.00', start, end);
  const q1 = q('2023-01-01', '2023-03-31');
  const q2 = q('2023-04-01', '2023-06-30');
  const q3 = q('2023-07-01', '2023-09-30');
  const q4 = q('2023-10-01', '2023-12-31');

  it('4,000.00/yr cut to end 2023-06-30 (value 2,000.00), Q2 and Q3 live (2,000.00), Q1 canceled: on 2023-07-01, 1,000.00 credited (Q3) and Q1 billed again, 1,000.00 for 2023-01-01..03-31', () => {
    expect(planOf(yearly4000('2023-06-30'), [q2, q3], '2023-07-01')).toEqual({
      lines: [['1000.00', '2023-01-01', '2023-03-31']],
      credits: ['1000.00'],
    });
  });

  it('the same on 2023-06-30, before the cut takes effect: Q1 billed again (1,000.00), the credit not due yet', () => {
    expect(planOf(yearly4000('2023-06-30'), [q2, q3], '2023-06-30')).toEqual({
      lines: [['1000.00', '2023-01-01', '2023-03-31']],
      credits: [],
    });
  });

  it('Q1 billed again since (Q1, Q2, Q3 live, 3,000.00): on 2023-07-01 the credit of a removal, 1,000.00, nothing billed', () => {
    expect(planOf(yearly4000('2023-06-30'), [q1, q2, q3], '2023-07-01')).toEqual({
      lines: [],
      credits: ['1000.00'],
    });
  });

  it('settled (Q3 credited in full, Q1 billed again): nothing more', () => {
    const credit = span('-1000.00', '2023-07-01', '2023-09-30', false);
    expect(planOf(yearly4000('2023-06-30'), [q1, q2, q3, credit], '2023-12-31')).toEqual({
      lines: [],
      credits: [],
    });
  });

  it('cut to end 2023-08-14 (value 2,483.87), Q1 canceled: on 2023-08-15, 516.13 credited (Q3 from 2023-08-15) and Q1 billed again (1,000.00)', () => {
    expect(planOf(yearly4000('2023-08-14'), [q2, q3], '2023-08-15')).toEqual({
      lines: [['1000.00', '2023-01-01', '2023-03-31']],
      credits: ['516.13'],
    });
  });

  it('Q1 and Q3 canceled, Q2 and Q4 live, cut to end 2023-08-14: 1,000.00 credited (Q4), Q1 (1,000.00) and Q3 to the end (483.87 for 2023-07-01..08-14) billed again', () => {
    expect(planOf(yearly4000('2023-08-14'), [q2, q4], '2023-08-15')).toEqual({
      lines: [
        ['1000.00', '2023-01-01', '2023-03-31'],
        ['483.87', '2023-07-01', '2023-08-14'],
      ],
      credits: ['1000.00'],
    });
  });

  it('Q1 and Q2 canceled, only Q3 live (below the value), cut to end 2023-06-30: Q3 credited all the same (1,000.00), Q1 and Q2 billed again', () => {
    expect(planOf(yearly4000('2023-06-30'), [q3], '2023-07-01')).toEqual({
      lines: [
        ['1000.00', '2023-01-01', '2023-03-31'],
        ['1000.00', '2023-04-01', '2023-06-30'],
      ],
      credits: ['1000.00'],
    });
  });

  it('12,000.00/yr cut to end 2023-05-15 (4,483.87) with Q1 canceled and Q2 billed 3,000.00 in full, on 2023-04-02: Q1 in full (3,000.00), not what is left of the value; on 2023-05-16 the 1,516.13 Q2 bills after the end is credited', () => {
    const cut = quarterly('12000', { endDate: d('2023-05-15') });
    expect(planOf(cut, [Q2], '2023-04-02')).toEqual({
      lines: [['3000.00', '2023-01-01', '2023-03-31']],
      credits: [],
    });
    expect(planOf(cut, [Q1, Q2], '2023-05-16')).toEqual({ lines: [], credits: ['1516.13'] });
  });
});

// Mutation review: standard billing credits a lowered price only once the target date reaches the charge's start
// (§7.7, §8.5): no test failed when the check was taken out. 12,000.00/yr per quarter from 2023-07-01, its Q3 billed
// in advance at 4,000.00 (the old 16,000.00/yr).
describe('planStandardBilling: a lowered price is credited from the charge start on', () => {
  const fromJuly = quarterly('12000', { startDate: d('2023-07-01') });
  const q3AtOldPrice = span('4000.00', '2023-07-01', '2023-09-30');

  it('target 2023-03-01, before the charge starts: no credit; 2023-07-01: 1,000.00', () => {
    expect(planOf(fromJuly, [q3AtOldPrice], '2023-03-01').credits).toEqual([]);
    expect(planOf(fromJuly, [q3AtOldPrice], '2023-07-01').credits).toEqual(['1000.00']);
  });
});
