import { describe, expect, it } from 'vitest';
import { CURRENCIES, Dec } from '../../../src/money';
import { fromMinorUnits, toMinorUnits } from '../../../src/money/minor';

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
});
