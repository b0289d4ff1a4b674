import { fc, test } from '@fast-check/vitest';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import {
  addRational,
  ceilRational,
  compareRational,
  divRational,
  floorRational,
  fromDecimal,
  isIntegerRational,
  isZeroRational,
  mulRational,
  rational,
  subRational,
  toDecimal,
} from '../../../src/time';
import { formatFraction, parseFraction, type Rational } from '../../../src/time/rational';

describe('rational', () => {
  it('normalises sign and common factors', () => {
    expect(rational(6, 4)).toEqual({ num: 3n, den: 2n });
    expect(rational(3, -6)).toEqual({ num: -1n, den: 2n });
    expect(rational(-3n, -6n)).toEqual({ num: 1n, den: 2n });
    expect(rational(0, -5)).toEqual({ num: 0n, den: 1n });
    expect(rational(7)).toEqual({ num: 7n, den: 1n });
    expect(Object.isFrozen(rational(1, 2))).toBe(true);
  });

  it('throws on a zero denominator or a non-integer number', () => {
    expect(() => rational(1, 0)).toThrow(RangeError);
    expect(() => rational(0.5)).toThrow(RangeError);
    expect(() => rational(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => rational(2 ** 60)).toThrow(RangeError);
  });

  it('adds, subtracts, multiplies and divides exactly', () => {
    expect(addRational(rational(1, 3), rational(1, 6))).toEqual(rational(1, 2));
    expect(subRational(rational(1, 3), rational(1, 2))).toEqual(rational(-1, 6));
    expect(mulRational(rational(2, 3), rational(9, 4))).toEqual(rational(3, 2));
    expect(divRational(rational(2, 3), rational(-4, 9))).toEqual(rational(-3, 2));
    expect(() => divRational(rational(1), rational(0))).toThrow(RangeError);
  });

  it('§7.4: 200/1,400 × 12 months leaves 5/7 of a month, which is exactly 20 of 28 days', () => {
    const months = mulRational(rational(200, 1400), rational(12));
    expect(months).toEqual(rational(12, 7));
    const fraction = subRational(months, rational(floorRational(months)));
    expect(mulRational(fraction, rational(28))).toEqual(rational(20));
  });

  it('compares', () => {
    expect(compareRational(rational(1, 3), rational(1, 2))).toBe(-1);
    expect(compareRational(rational(2, 4), rational(1, 2))).toBe(0);
    expect(compareRational(rational(-1, 2), rational(-2, 3))).toBe(1);
  });

  it('floors and ceils towards −∞ and +∞', () => {
    expect(floorRational(rational(7, 2))).toBe(3n);
    expect(ceilRational(rational(7, 2))).toBe(4n);
    expect(floorRational(rational(-7, 2))).toBe(-4n);
    expect(ceilRational(rational(-7, 2))).toBe(-3n);
    expect(floorRational(rational(-4))).toBe(-4n);
    expect(ceilRational(rational(4))).toBe(4n);
  });

  it('tells zero and whole numbers', () => {
    expect(isZeroRational(rational(0, 7))).toBe(true);
    expect(isZeroRational(rational(1, 7))).toBe(false);
    expect(isIntegerRational(rational(14, 7))).toBe(true);
    expect(isIntegerRational(rational(1, 7))).toBe(false);
  });
});

describe('fromDecimal / toDecimal', () => {
  it('converts decimals exactly, from any decimal.js constructor', () => {
    expect(fromDecimal(new Dec('26282.05'))).toEqual(rational(2628205, 100));
    expect(fromDecimal(new Dec('-0.125'))).toEqual(rational(-1, 8));
    expect(fromDecimal(new Dec('1e-40'))).toEqual({ num: 1n, den: 10n ** 40n });
    expect(fromDecimal(new Decimal('1e30'))).toEqual({ num: 10n ** 30n, den: 1n });
    const Exp = Decimal.clone({ toExpNeg: -2, toExpPos: 2 });
    expect(fromDecimal(new Exp('12345.678'))).toEqual(rational(12345678, 1000));
    expect(fromDecimal(new Dec('0'))).toEqual(rational(0));
  });

  it('throws on NaN and infinities', () => {
    expect(() => fromDecimal(new Dec(Number.NaN))).toThrow(RangeError);
    expect(() => fromDecimal(new Dec(Number.POSITIVE_INFINITY))).toThrow(RangeError);
  });

  it('renders to a 60-digit Decimal of the private constructor', () => {
    const third = toDecimal(rational(1, 3));
    expect(third).toBeInstanceOf(Dec);
    expect(third.toString()).toBe(`0.${'3'.repeat(60)}`);
    expect(toDecimal(rational(-2628205, 100)).toString()).toBe('-26282.05');
  });
});

describe('formatFraction / parseFraction (a detached charge’s value in records)', () => {
  test.prop([fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 20n })])(
    'a fraction reads back as itself from its text, which is JSON-safe and canonical',
    (num, den) => {
      const r = rational(num, den);
      const text = formatFraction(r);
      expect(parseFraction(text)).toEqual(r);
      expect(JSON.parse(JSON.stringify(text))).toBe(text);
      expect(formatFraction(parseFraction(text) as Rational)).toBe(text);
    },
  );

  it('writes whole values without a denominator and reads nothing but its own text', () => {
    expect(formatFraction(rational(1200))).toBe('1200');
    expect(formatFraction(rational(-800, 6))).toBe('-400/3');
    for (const bad of [
      '',
      '1.5',
      '1/0',
      '1/1',
      '1/-3',
      '2/4',
      '0/3',
      '-0',
      '01',
      '+1',
      ' 1',
      '1/',
      12,
      null,
    ]) {
      expect(parseFraction(bad)).toBeNull();
    }
  });
});
