import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec, isDecimal, toDec } from '../../../src/money';

describe('Dec (private decimal.js clone)', () => {
  it('has 60 digits, half-up and no exponent notation', () => {
    expect(Dec.precision).toBe(60);
    expect(Dec.rounding).toBe(Decimal.ROUND_HALF_UP);
    expect(new Dec('1e-50').toString()).toBe(`0.${'0'.repeat(49)}1`);
    expect(new Dec('1e50').toString()).toBe(`1${'0'.repeat(50)}`);
  });

  it('is not the global constructor, which we never configure', () => {
    expect(Dec).not.toBe(Decimal);
    expect(Decimal.precision).toBe(20);
  });

  it('toDec re-wraps any decimal.js instance and validated strings', () => {
    const foreign = new Decimal('1.5');
    const wrapped = toDec(foreign);
    expect(wrapped).toBeInstanceOf(Dec);
    expect(wrapped.toString()).toBe('1.5');
    expect(toDec('7358.98').toString()).toBe('7358.98');
  });

  it('toDec throws on invalid strings and other values (programmer error)', () => {
    expect(() => toDec('abc')).toThrow(TypeError);
    expect(() => toDec(5 as unknown as string)).toThrow(TypeError);
  });

  it('isDecimal recognises instances of any clone', () => {
    expect(isDecimal(new Decimal(1))).toBe(true);
    expect(isDecimal(new Dec(1))).toBe(true);
    expect(isDecimal('1')).toBe(false);
    expect(isDecimal(undefined)).toBe(false);
  });
});
