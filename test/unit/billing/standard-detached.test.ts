// planStandardBilling of a charge detached from a schedule (decision 2): billed up to the total the schedule's set
// rounding gave it — which can be a minor unit off its value rounded on its own — the unit going on the period
// that ends the charge, no earlier period passing the total; after a change of the charge, by the change of the
// set's rounded value. A detachment recorded before the total was (total null) leaves the charge its own rounding.
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { type DetachedChargeTotal, planStandardBilling } from '../../../src/domain/billing/standard';
import type { RatePlanCharge } from '../../../src/domain/contract/charge';
import { chargeKey, type ScheduleChargeDetachment } from '../../../src/domain/schedule/schedule';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { parseBusinessDate } from '../../../src/time/date';
import { charge, subscriptionOf } from '../domain/fixtures';

const USD = CURRENCIES.USD as Currency;
const d = (text: string) => parseBusinessDate(text)._unsafeUnwrap();

/** C1 of S1: 1,000.00/yr billed monthly from 2023-01-01 to `end`. */
const monthly = (end: string): RatePlanCharge =>
  charge({
    number: 'C1',
    type: 'Recurring',
    price: new Dec('1000'),
    billingPeriod: 'Month',
    endDate: d(end),
  });

const detachment = (value: string, total: string | null, setValue: string | null): DetachedChargeTotal => {
  const recorded: ScheduleChargeDetachment = {
    subscriptionVersion: 1,
    processingMark: 1,
    value,
    total: total === null ? null : new Dec(total),
    setValue,
  };
  return { key: chargeKey('S1', 'C1'), currency: USD, detachment: recorded };
};

/** Standard billing of `c` to `targetDate`, `billed` already billed on it: lines and credits as [amount, start, end]. */
function planOf(c: RatePlanCharge, billed: Decimal, targetDate: string, detached: DetachedChargeTotal[]) {
  const p = planStandardBilling({
    subscriptions: [subscriptionOf(c, c.endDate)],
    excluded: new Set(),
    billed: new Map([[chargeKey('S1', 'C1'), billed]]),
    targetDate: d(targetDate),
    currency: USD,
    settings: { prorationDays: 'actual', rounding: 'halfUp' },
    detached,
  });
  return {
    lines: p.lines.map((l) => [l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate]),
    credits: p.credits.map((c) => c.amount.toFixed(2)),
  };
}

describe('planStandardBilling of a detached charge (decision 2)', () => {
  // Four months: worth 333.33⅓ (own rounding 333.33); a set of three such charges gave it 333.34 of 1,000.
  const four = monthly('2023-04-30');
  const gaveUnit = detachment('1000/3', '333.34', '1000');

  it('the set gave it a unit (333.34 for 333.33⅓): billed from nothing, April bills the unit (83.34), 333.34 in all', () => {
    expect(planOf(four, new Dec(0), '2023-04-01', [gaveUnit]).lines).toEqual([
      ['83.33', '2023-01-01', '2023-01-31'],
      ['83.34', '2023-02-01', '2023-02-28'],
      ['83.33', '2023-03-01', '2023-03-31'],
      ['83.34', '2023-04-01', '2023-04-30'],
    ]);
  });

  it('billed 333.34 (its set total): nothing to bill and nothing to credit', () => {
    expect(planOf(four, new Dec('333.34'), '2023-05-01', [gaveUnit])).toEqual({ lines: [], credits: [] });
  });

  it('a detachment recorded before the total (total and setValue null): its own rounding, as before — a credit of 0.01', () => {
    expect(planOf(four, new Dec('333.34'), '2023-05-01', [detachment('1000/3', null, null)])).toEqual({
      lines: [],
      credits: ['0.01'],
    });
  });

  it('the set took a unit (416.66 for 416.66⅔, own 416.67): May bills 83.33, not 83.34; no earlier month passes 416.66', () => {
    const five = monthly('2023-05-31');
    const tookUnit = detachment('1250/3', '416.66', '1250');
    expect(planOf(five, new Dec('208.33'), '2023-05-01', [tookUnit]).lines).toEqual([
      ['41.67', '2023-03-16', '2023-03-31'],
      ['83.33', '2023-04-01', '2023-04-30'],
      ['83.33', '2023-05-01', '2023-05-31'],
    ]);
  });

  it('changed since the detach (cut to two months, 166.66⅔): moves by the set’s rounded change, round(833.33⅓) − 1,000 = −166.67, to 166.67 — a credit of 166.67 on 333.34', () => {
    const cut = monthly('2023-02-28');
    expect(planOf(cut, new Dec('333.34'), '2023-03-01', [gaveUnit]).credits).toEqual(['166.67']);
  });

  it('removed entirely (worth nothing): billed nothing, whatever unit the set gave it — all 333.34 credited', () => {
    const removed = { ...four, endDate: d('2022-12-31'), removalEffectiveDate: d('2023-01-01') };
    expect(planOf(removed, new Dec('333.34'), '2023-03-01', [gaveUnit]).credits).toEqual(['333.34']);
  });

  it('detached from two schedules (each gave it a unit): each one’s difference counts, 333.35', () => {
    expect(
      planOf(four, new Dec('333.33'), '2023-04-01', [gaveUnit, gaveUnit]).lines.map((l) => l[0]),
    ).toEqual(['0.02']);
  });
});
