// Reading records back (the PostgreSQL adapter's path): amounts are shared by value with the amounts the core
// builds from minor units, and dates are checked once per distinct text. Neither may change what is read.
import { describe, expect, it } from 'vitest';
import { CURRENCIES } from '../../../src/money';
import { Dec } from '../../../src/money/decimal';
import { fromMinorUnits } from '../../../src/money/minor';
import { amount, businessDate, decimal } from '../../../src/ports/codec';

describe('reading amounts and dates back', () => {
  it('reads an amount as the shared decimal of its value, equal to a fresh parse', () => {
    for (const text of ['26282.05', '-270.00', '0.01', '1.5', '007.50', '999999999999.99', '12.34567890']) {
      const read = amount.read(text);
      expect(read?.eq(new Dec(text))).toBe(true);
      expect(read?.toFixed()).toBe(new Dec(text).toFixed());
      expect(Object.isFrozen(read) && Object.isFrozen(read?.d)).toBe(true);
      expect(amount.read(text)).toBe(read);
    }
    // The amount the core built from minor units is the one read back.
    expect(amount.read('26282.05')).toBe(fromMinorUnits(2628205n, CURRENCIES.USD!));
  });

  it('reads zeros, long and many-place values as before', () => {
    // A negative zero is read as before: not shared, its sign kept.
    expect(amount.read('-0.00')?.isNeg()).toBe(true);
    expect(amount.read('-0.00')?.isZero()).toBe(true);
    expect(amount.read('0.00')?.isZero()).toBe(true);
    const long = '12345678901234567.89';
    expect(amount.read(long)?.toFixed()).toBe(long);
    expect(decimal.read('0.123456789')?.toFixed()).toBe('0.123456789');
    for (const bad of ['1e5', '', ' 1', '1.', '.5', 5, null]) expect(amount.read(bad)).toBeUndefined();
  });

  it('checks each date text once and still refuses an impossible one', () => {
    expect(businessDate.read('2024-02-29')).toBe('2024-02-29');
    expect(businessDate.read('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2023-13-01', '2023-1-01', 20230101, null, undefined])
      expect(businessDate.read(bad)).toBeUndefined();
    // Past the memo's bound it starts again: dates read after that are checked as before.
    for (let d = 0; d < 10_050; d += 1) {
      const text = new Date(Date.UTC(2000, 0, 1 + d)).toISOString().slice(0, 10);
      if (businessDate.read(text) !== text) throw new Error(`${text} refused`);
    }
    expect(businessDate.read('2023-02-30')).toBeUndefined();
    expect(businessDate.adopt?.('2023-02-28')).toBe('2023-02-28');
  });

  it('writes an amount built from minor units as decimal.js writes it', () => {
    const units = [0n, 1n, -1n, 5n, -5n, 99n, 100n, -270_00n, 2628205n, 999_999_999_999_999n];
    for (const code of ['USD', 'JPY', 'KWD'] as const) {
      const currency = CURRENCIES[code]!;
      for (const u of units) {
        const built = fromMinorUnits(u, currency);
        const expected = new Dec(built.toFixed()).toFixed(currency.minorUnits);
        expect(amount.encode(built, { scale: currency.minorUnits } as never)).toBe(expected);
        // Twice: the second time from the text kept.
        expect(amount.encode(built, { scale: currency.minorUnits } as never)).toBe(expected);
      }
    }
    // At another scale than it was built at, decimal.js writes it (here with more places).
    expect(amount.encode(fromMinorUnits(5n, CURRENCIES.KWD!), { scale: 2 } as never)).toBe('0.005');
    expect(amount.encode(fromMinorUnits(5n, CURRENCIES.JPY!), { scale: 2 } as never)).toBe('5.00');
  });
});
