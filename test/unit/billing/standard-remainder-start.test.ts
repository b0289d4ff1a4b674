// Where a standard-billing line starts when the charge was already billed into its billing period (§7.4,
// §7.5, decision 3): from the first day not fully billed, the same day when that day was only partly
// consumed; a period nothing billed into starts on its own first day, whatever the rounding of the periods
// before it.
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { planStandardBilling } from '../../../src/domain/billing/standard';
import type { RatePlanCharge } from '../../../src/domain/contract/charge';
import { chargeKey } from '../../../src/domain/schedule/schedule';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { parseBusinessDate } from '../../../src/time/date';
import { charge, subscriptionOf } from '../domain/fixtures';

const USD = CURRENCIES.USD as Currency;
const d = (text: string) => parseBusinessDate(text)._unsafeUnwrap();

/** Standard billing's lines of `c` (S1) up to `targetDate`, `billed` already billed on it. */
function linesOf(c: RatePlanCharge, billed: Decimal, targetDate: string) {
  return planStandardBilling({
    subscriptions: [subscriptionOf(c)],
    excluded: new Set(),
    billed: new Map([[chargeKey('S1', c.number), billed]]),
    targetDate: d(targetDate),
    currency: USD,
    settings: { prorationDays: 'actual', rounding: 'halfUp' },
  }).lines.map((l) => [l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate]);
}

const monthly = (price: string) =>
  charge({ number: 'C1', type: 'Recurring', price: new Dec(price), billingPeriod: 'Month' });

describe('planStandardBilling: service start of a period billed in part before', () => {
  it('12,000.00/yr billed monthly, 3,580.00 billed (through 2023-04-18, partly): April 420.00 from 2023-04-18, May a whole period', () => {
    expect(linesOf(monthly('12000'), new Dec('3580.00'), '2023-05-01')).toEqual([
      ['420.00', '2023-04-18', '2023-04-30'],
      ['1000.00', '2023-05-01', '2023-05-31'],
    ]);
  });

  it('12,000.00/yr billed monthly, 3,600.00 billed (2023-04-18 fully consumed): April 400.00 from 2023-04-19', () => {
    expect(linesOf(monthly('12000'), new Dec('3600.00'), '2023-04-01')).toEqual([
      ['400.00', '2023-04-19', '2023-04-30'],
    ]);
  });

  it('12,000.00/yr billed monthly, exactly three periods billed: April is a whole period', () => {
    expect(linesOf(monthly('12000'), new Dec('3000.00'), '2023-04-01')).toEqual([
      ['1000.00', '2023-04-01', '2023-04-30'],
    ]);
  });

  it('1.00/yr billed monthly, its first two periods billed (0.17: rounding puts it a little into March): March starts 2023-03-01', () => {
    expect(linesOf(monthly('1'), new Dec('0.17'), '2023-03-01')).toEqual([
      ['0.08', '2023-03-01', '2023-03-31'],
    ]);
  });
});
