import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import {
  type BusinessDate,
  monthsBetween,
  nextServicePeriodStart,
  type ProrationDays,
  parseBusinessDate,
  type Rational,
  rational,
  servicePeriodEnd,
} from '../../../src/time';

const d = (s: string): BusinessDate => parseBusinessDate(s)._unsafeUnwrap();

function period(
  start: string,
  end: string,
  billed: string,
  total: string,
  prorationDays: ProrationDays = 'actual',
  termMonths: Rational = monthsBetween(d(start), d(end)),
) {
  return servicePeriodEnd({
    chargeStart: d(start),
    chargeEnd: d(end),
    termMonths,
    billed: new Dec(billed),
    total: new Dec(total),
    prorationDays,
  });
}

describe('servicePeriodEnd (§7.4)', () => {
  it('§7.4: 200/1,400 × 12 months from 2023-01-01 = 1 month + exactly 20 of February’s 28 days → 2023-02-20, fully consumed', () => {
    expect(period('2023-01-01', '2023-12-31', '200', '1400')).toEqual({
      end: '2023-02-20',
      endDayPartial: false,
    });
    expect(nextServicePeriodStart(period('2023-01-01', '2023-12-31', '200', '1400'))).toBe('2023-02-21');
  });

  it('§7.4: the same 200/1,400 in leap-year February 2024 is 20.71… of 29 days → 2024-02-21, partly consumed', () => {
    expect(period('2024-01-01', '2024-12-31', '200', '1400')).toEqual({
      end: '2024-02-21',
      endDayPartial: true,
    });
  });

  it('C07: C1 10,451.61 of 12,000 over 12 months from 2023-01-01 → 10 months + 13.54 days → 2023-11-14', () => {
    expect(period('2023-01-01', '2023-12-31', '10451.61', '12000')).toEqual({
      end: '2023-11-14',
      endDayPartial: true,
    });
    expect(period('2023-01-01', '2023-12-31', '10451.62', '12000').end).toBe('2023-11-14');
  });

  it('C07: C3 6,096.77 of 7,000 over 7 months from 2023-06-01 → 6 months + 2.99 days → 2023-12-03', () => {
    expect(monthsBetween(d('2023-06-01'), d('2023-12-31'))).toEqual(rational(7));
    expect(period('2023-06-01', '2023-12-31', '6096.77', '7000')).toEqual({
      end: '2023-12-03',
      endDayPartial: true,
    });
  });

  it('C07: the remainder items (INV002) bill each charge to its end date 2023-12-31', () => {
    expect(period('2023-01-01', '2023-12-31', '12000.00', '12000')).toEqual({
      end: '2023-12-31',
      endDayPartial: false,
    });
    expect(period('2023-06-01', '2023-12-31', '7000', '7000.00')).toEqual({
      end: '2023-12-31',
      endDayPartial: false,
    });
  });

  it('billed = total ends on the charge end date even when the term is not whole months', () => {
    expect(period('2023-01-15', '2023-03-10', '100', '100')).toEqual({
      end: '2023-03-10',
      endDayPartial: false,
    });
    expect(period('2023-01-15', '2023-03-10', '100', '100', 'thirty')).toEqual({
      end: '2023-03-10',
      endDayPartial: false,
    });
  });

  it('billed above total (e.g. after rounding) is capped at the charge end date', () => {
    expect(period('2023-01-01', '2023-12-31', '1000.01', '1000')).toEqual({
      end: '2023-12-31',
      endDayPartial: false,
    });
  });

  it('billed = 0 is an empty period ending the day before the charge start, so the next one starts on it', () => {
    const empty = period('2023-01-01', '2023-12-31', '0', '1000');
    expect(empty).toEqual({ end: '2022-12-31', endDayPartial: false });
    expect(nextServicePeriodStart(empty)).toBe('2023-01-01');
  });

  it('a whole number of months ends the day before the same day-of-month', () => {
    expect(period('2023-01-01', '2023-12-31', '500', '1000')).toEqual({
      end: '2023-06-30',
      endDayPartial: false,
    });
    expect(period('2023-01-31', '2024-01-30', '1', '12')).toEqual({
      end: '2023-02-27',
      endDayPartial: false,
    });
  });

  it('a tiny amount still consumes (part of) the first day', () => {
    expect(period('2023-01-01', '2023-12-31', '0.01', '36900')).toEqual({
      end: '2023-01-01',
      endDayPartial: true,
    });
  });

  it('anchors every month on the charge start, so month-end starts clamp without drifting', () => {
    // 1.5 months from 2023-01-31: anchor 2023-02-28, next anchor 2023-03-31 → half of 31 days = 15.5 → 16 days.
    expect(period('2023-01-31', '2024-01-30', '1.5', '12')).toEqual({
      end: '2023-03-15',
      endDayPartial: true,
    });
  });

  it('thirty: a fraction that reaches past a 28-day February stops at its last day, fully consumed', () => {
    // 1.95 months from 2023-01-01: 0.95 × 30 = 28.5 days > 28 → 2023-02-28, next period starts 2023-03-01.
    const end = period('2023-01-01', '2023-12-31', '1.95', '12', 'thirty');
    expect(end).toEqual({ end: '2023-02-28', endDayPartial: false });
    expect(nextServicePeriodStart(end)).toBe('2023-03-01');
    // 0.92 × 30 = 27.6 days → 28 days, the last day only partly consumed.
    expect(period('2023-01-01', '2023-12-31', '1.92', '12', 'thirty')).toEqual({
      end: '2023-02-28',
      endDayPartial: true,
    });
  });

  it('thirty: never runs past the charge end (a short February charge), leaving the last day partly unbilled', () => {
    // 20 days of February 2023 = 20/28 months; 99 % of it at 30 days a month is 21.2 days.
    expect(period('2023-02-01', '2023-02-20', '99', '100', 'thirty')).toEqual({
      end: '2023-02-20',
      endDayPartial: true,
    });
  });

  it('thirty: reaching the charge end before the charge is fully billed keeps that day partly unbilled', () => {
    // 1.98 of 2 months: 0.98 × 30 = 29.4 days > February's 28 → capped at 2023-02-28 = the charge end.
    const end = period('2023-01-01', '2023-02-28', '99', '100', 'thirty');
    expect(end).toEqual({ end: '2023-02-28', endDayPartial: true });
    expect(nextServicePeriodStart(end)).toBe('2023-02-28');
  });

  it('caps the end at the charge end when the given term is longer than the charge dates', () => {
    expect(period('2023-01-01', '2023-06-30', '11', '12', 'actual', rational(12))).toEqual({
      end: '2023-06-30',
      endDayPartial: true,
    });
  });

  it('accepts amounts from any decimal.js constructor', () => {
    const end = servicePeriodEnd({
      chargeStart: d('2023-01-01'),
      chargeEnd: d('2023-12-31'),
      termMonths: rational(12),
      billed: new Decimal('26282.05'),
      total: new Decimal('36900'),
      prorationDays: 'actual',
    });
    expect(end).toEqual({ end: '2023-09-17', endDayPartial: true });
    expect(Object.isFrozen(end)).toBe(true);
  });

  it('throws on programmer errors', () => {
    expect(() => period('2023-01-01', '2023-12-31', '-1', '1000')).toThrow(RangeError);
    expect(() => period('2023-01-01', '2023-12-31', '0', '0')).toThrow(/total must be positive/);
    expect(() => period('2023-01-01', '2023-12-31', '1', '-5')).toThrow(RangeError);
    expect(() => period('2023-12-31', '2023-01-01', '1', '5', 'actual', rational(12))).toThrow(
      /before chargeStart/,
    );
    expect(() => period('2023-01-01', '2023-12-31', '1', '5', 'actual', rational(0))).toThrow(/termMonths/);
    expect(() => period('2023-01-01', '2023-12-31', 'NaN', '5')).toThrow(RangeError);
    expect(() => period('2023-01-01', '2023-12-31', 'NaN', '5')).toThrow(
      /^servicePeriodEnd: billed must be finite/,
    );
    expect(() => period('2023-01-01', '2023-12-31', '1', 'Infinity')).toThrow(/^servicePeriodEnd: total/);
  });

  /** C39's input (6,700 of 12,000 over 2022) with some fields replaced, as a JavaScript caller might. */
  const inputWith = (override: Record<string, unknown>) =>
    ({
      chargeStart: d('2022-01-01'),
      chargeEnd: d('2022-12-31'),
      termMonths: monthsBetween(d('2022-01-01'), d('2022-12-31')),
      billed: new Dec(6700),
      total: new Dec(12000),
      prorationDays: 'actual',
      ...override,
    }) as unknown as Parameters<typeof servicePeriodEnd>[0];

  // The doc promises errors naming servicePeriodEnd for programmer errors; a number or a string billed/total
  // failed deep inside with "x.isFinite is not a function".
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['billed as a number', { billed: 6700 }, /^servicePeriodEnd: billed must be a Decimal/],
    ['billed as a string', { billed: '6700' }, /^servicePeriodEnd: billed must be a Decimal/],
    ['billed null', { billed: null }, /^servicePeriodEnd: billed must be a Decimal .*got null/],
    ['total as a number', { total: 12000 }, /^servicePeriodEnd: total must be a Decimal/],
    ['total missing', { total: undefined }, /^servicePeriodEnd: total must be a Decimal/],
    ['termMonths as a number', { termMonths: 12 }, /^servicePeriodEnd: termMonths must be a Rational/],
  ])('throws a TypeError naming the field: %s', (_, override, message) => {
    const input = inputWith(override);
    expect(() => servicePeriodEnd(input)).toThrow(TypeError);
    expect(() => servicePeriodEnd(input)).toThrow(message);
  });

  // An unknown prorationDays ('30', 'Thirty') was read as 'actual'; a malformed date compared as a string.
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'prorationDays unknown',
      { prorationDays: '30' },
      /^servicePeriodEnd: prorationDays must be 'actual' or 'thirty', got "30"/,
    ],
    ['prorationDays missing', { prorationDays: undefined }, /^servicePeriodEnd: prorationDays must be/],
    [
      'chargeStart short',
      { chargeStart: '2022-01-1' },
      /^servicePeriodEnd: chargeStart must be a YYYY-MM-DD date, got "2022-01-1"/,
    ],
    [
      'chargeEnd not a day',
      { chargeEnd: '2022-02-30' },
      /^servicePeriodEnd: chargeEnd must be a YYYY-MM-DD date/,
    ],
  ])('throws a RangeError naming the field: %s', (_, override, message) => {
    const input = inputWith(override);
    expect(() => servicePeriodEnd(input)).toThrow(RangeError);
    expect(() => servicePeriodEnd(input)).toThrow(message);
  });
});

describe('nextServicePeriodStart (decision 3)', () => {
  it('repeats a partly consumed end day and moves past a fully consumed one', () => {
    expect(nextServicePeriodStart({ end: d('2023-09-17'), endDayPartial: true })).toBe('2023-09-17');
    expect(nextServicePeriodStart({ end: d('2023-09-12'), endDayPartial: false })).toBe('2023-09-13');
    expect(nextServicePeriodStart({ end: d('2024-02-29'), endDayPartial: false })).toBe('2024-03-01');
  });
});
