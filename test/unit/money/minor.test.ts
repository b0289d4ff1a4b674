import { describe, expect, it } from 'vitest';
import { discountBreakdownForNet } from '../../../src/domain/contract/charge-value';
import { CURRENCIES, Dec } from '../../../src/money';
import {
  fromMinorUnits,
  sharedAmountText,
  toMinorUnits,
  unitsAtScale,
  unitsToDecimal,
} from '../../../src/money/minor';

describe('minor units (internal)', () => {
  it('converts at the currency scale both ways', () => {
    expect(toMinorUnits(new Dec('-12.3'), CURRENCIES.USD!)).toBe(-1230n);
    expect(toMinorUnits(new Dec('5'), CURRENCIES.KWD!)).toBe(5000n);
    expect(fromMinorUnits(-1230n, CURRENCIES.USD!).toString()).toBe('-12.3');
    expect(fromMinorUnits(0n, CURRENCIES.USD!).isNegative()).toBe(false);
  });

  it('throws on an amount beyond the scale (callers validate first)', () => {
    expect(() => toMinorUnits(new Dec('0.001'), CURRENCIES.USD!)).toThrow(RangeError);
  });

  it('shares one frozen decimal per amount built from minor units, equal to a fresh parse', () => {
    for (const units of [1n, -1n, 0n, 2628205n, -999_999_999_999_999n, 123_456_789_012n]) {
      for (const scale of [0, 2, 3]) {
        const currency = Object.values(CURRENCIES).find((c) => c?.minorUnits === scale)!;
        const built = fromMinorUnits(units, currency);
        const fresh = new Dec(`${units}e-${scale}`);
        expect(built.eq(fresh) && built.toFixed() === fresh.toFixed()).toBe(true);
        expect(built.isNegative()).toBe(units < 0n);
        expect(Object.isFrozen(built) && Object.isFrozen(built.d)).toBe(true);
        // The same value again, by either function: the same object.
        expect(fromMinorUnits(units, currency)).toBe(built);
        expect(unitsToDecimal(units, scale)).toBe(built);
      }
    }
    // Equal units at another scale are another amount.
    expect(fromMinorUnits(5n, CURRENCIES.USD!).toString()).toBe('0.05');
    expect(fromMinorUnits(5n, CURRENCIES.JPY!).toString()).toBe('5');
  });

  it('builds amounts of 10^15 units and more afresh, as before (unitsToDecimal rounds beyond 60 digits)', () => {
    const big = 10n ** 15n;
    expect(fromMinorUnits(big, CURRENCIES.USD!)).not.toBe(fromMinorUnits(big, CURRENCIES.USD!));
    expect(fromMinorUnits(-big, CURRENCIES.USD!).toString()).toBe('-10000000000000');
    const long = 10n ** 70n + 1n;
    expect(unitsToDecimal(long, 2).eq(new Dec(long.toString()).div(100))).toBe(true);
  });

  it('keeps many amounts correct when the cache starts again', () => {
    const usd = CURRENCIES.USD!;
    const first = fromMinorUnits(7n, usd);
    const wrong: bigint[] = [];
    for (let u = 100_000n; u < 120_000n; u += 1n)
      if (fromMinorUnits(u, usd).toFixed(2) !== `${u / 100n}.${String(u % 100n).padStart(2, '0')}`)
        wrong.push(u);
    expect(wrong).toEqual([]);
    const again = fromMinorUnits(7n, usd);
    expect(again.eq(first)).toBe(true);
    // An amount built before the cache started again still knows its units and text.
    expect(unitsAtScale(first, 2)).toBe(7n);
    expect(sharedAmountText(first, 2)).toBe('0.07');
    expect(unitsAtScale(first, 3)).toBe(70n);
    expect(sharedAmountText(first, 3)).toBeUndefined();
  });

  it('a net without discounts stands as its own gross when it is a frozen decimal of ours, else is copied', () => {
    const ratePlan = { id: 'RP', name: 'Plan', charges: [] } as never;
    const charge = { number: 'C1', discountPercentage: null } as never;
    const frozen = fromMinorUnits(2628205n, CURRENCIES.USD!);
    const kept = discountBreakdownForNet(charge, ratePlan, frozen, 'USD');
    expect(kept.gross).toBe(frozen);
    expect(kept.net).toBe(frozen);
    const loose = new Dec('26282.05');
    const copied = discountBreakdownForNet(charge, ratePlan, loose, 'USD');
    expect(copied.gross).not.toBe(loose);
    expect(copied.gross.eq(loose)).toBe(true);
    expect(Object.isFrozen(loose)).toBe(false);
  });
});
