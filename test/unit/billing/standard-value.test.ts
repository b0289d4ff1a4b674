import { describe, expect, it } from 'vitest';
import { chargeValueUpTo } from '../../../src/domain/billing/standard';
import { chargeValue } from '../../../src/domain/contract/charge-value';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { businessDate } from '../../../src/time/date';
import { charge, plan } from '../domain/fixtures';

const JPY = CURRENCIES.JPY as Currency;
const USD = CURRENCIES.USD as Currency;

describe('chargeValueUpTo (standard billing)', () => {
  // Found by the owner-transfer property: ¥30 a year over 2022-01-01 → 2022-01-30 is worth ¥2.419… (30 days of
  // a 31-day month), rounded ¥2. With `thirty` proration the 30 days counted as a whole month against a term of
  // 30/31 months, so standard billing valued it ¥2.5 → ¥3: a detached charge billed ¥2 by its schedule was
  // billed ¥1 more on its new owner.
  const short = charge({
    number: 'C1',
    type: 'Recurring',
    price: new Dec(30),
    startDate: businessDate(2022, 1, 1),
    endDate: businessDate(2022, 1, 30),
  });

  it.each(['thirty', 'actual'] as const)(
    'up to the charge end is the charge value (%s proration)',
    (prorationDays) => {
      const settings = { prorationDays, rounding: 'halfUp' as const };
      const value = chargeValue(short, plan(short), 'JPY', 'halfUp');
      expect(value?.toFixed()).toBe('2');
      expect(chargeValueUpTo(short, plan(short), short.endDate, JPY, settings).toFixed()).toBe('2');
      expect(chargeValueUpTo(short, plan(short), businessDate(2022, 3, 1), JPY, settings).toFixed()).toBe(
        '2',
      );
    },
  );

  it('no day before the end is worth more than the whole charge (thirty: 30 of 30 days is capped)', () => {
    const settings = { prorationDays: 'thirty' as const, rounding: 'halfUp' as const };
    const usd = { ...short, price: new Dec(1200) }; // $100.00 a month; the term is 30/31 of a month: $96.77
    expect(chargeValueUpTo(usd, plan(usd), businessDate(2022, 1, 30), USD, settings).toFixed(2)).toBe(
      '96.77',
    );
    expect(chargeValueUpTo(usd, plan(usd), businessDate(2022, 1, 29), USD, settings).toFixed(2)).toBe(
      '96.67',
    );
    expect(chargeValueUpTo(usd, plan(usd), businessDate(2022, 1, 15), USD, settings).toFixed(2)).toBe(
      '50.00',
    );
  });

  it('a full billing period before the end is worth exactly its months (both prorations)', () => {
    const year = charge({ number: 'C2', type: 'Recurring', price: new Dec(1200), billingPeriod: 'Month' });
    for (const prorationDays of ['thirty', 'actual'] as const) {
      const settings = { prorationDays, rounding: 'halfUp' as const };
      expect(chargeValueUpTo(year, plan(year), businessDate(2023, 2, 28), USD, settings).toFixed(2)).toBe(
        '200.00',
      );
    }
  });
});
