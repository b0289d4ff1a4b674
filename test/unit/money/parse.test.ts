import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  type AmountInput,
  CURRENCIES,
  type Currency,
  Dec,
  money,
  parseAmount,
  toDecimalString,
} from '../../../src/money';

const USD = CURRENCIES.USD!;
const JPY = CURRENCIES.JPY!;
const KWD = CURRENCIES.KWD!;

const parsed = (input: AmountInput, c: Currency = USD) => parseAmount(input, c)._unsafeUnwrap().toString();
const errorOf = (input: unknown, c: Currency = USD) =>
  parseAmount(input as AmountInput, c)._unsafeUnwrapErr();

describe('parseAmount: strings', () => {
  it.each([
    ['0', '0'],
    ['12', '12'],
    ['12.5', '12.5'],
    ['7358.98', '7358.98'],
    ['-270.00', '-270'],
    ['0012.30', '12.3'],
    ['3456789012345678901234567890.12', '3456789012345678901234567890.12'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parsed(input)).toBe(expected);
  });

  it('turns "-0" into plain zero', () => {
    const d = parseAmount('-0', USD)._unsafeUnwrap();
    expect(d.isZero()).toBe(true);
    expect(d.isNegative()).toBe(false);
    expect(toDecimalString(money('-0.00', 'USD')._unsafeUnwrap())).toBe('0.00');
  });

  it.each([
    ['', 'empty'],
    [' ', 'empty'],
    [' 12.00', 'whitespace'],
    ['NaN', 'finite'],
    ['Infinity', 'finite'],
    ['-Infinity', 'finite'],
    ['1e5', 'exponent'],
    ['1E-2', 'exponent'],
    ['1,000', 'grouping'],
    ['1 000.00', 'grouping'],
    ['+5', '"+"'],
    ['.5', 'both sides'],
    ['5.', 'both sides'],
    ['0x10', 'digits'],
    ['12.3.4', 'digits'],
    ['--1', 'digits'],
    ['abc', 'digits'],
  ])('refuses %j with InvalidAmount mentioning %s', (input, hint) => {
    const e = errorOf(input);
    expect(e.type).toBe('InvalidAmount');
    expect(e).toMatchObject({ input });
    expect(e.message).toContain(hint);
  });

  it.each([
    ['100.5', JPY],
    ['1.0005', KWD],
    ['10.005', USD],
    ['0.001', USD],
  ])('refuses %j for its currency with AmountTooPrecise', (input, c) => {
    expect(errorOf(input, c)).toMatchObject({
      type: 'AmountTooPrecise',
      input,
      currency: c.code,
      minorUnits: c.minorUnits,
    });
  });

  it('accepts exactly the allowed decimals: JPY 0, USD 2, KWD 3', () => {
    expect(parsed('100', JPY)).toBe('100');
    expect(parsed('10.01', USD)).toBe('10.01');
    expect(parsed('1.005', KWD)).toBe('1.005');
  });

  it('accepts trailing zeros beyond the scale, since nothing is rounded', () => {
    expect(parsed('100.00', JPY)).toBe('100');
    expect(parsed('10.000', USD)).toBe('10');
  });

  it('refuses more than 30 integer digits', () => {
    expect(errorOf('1'.repeat(31)).type).toBe('InvalidAmount');
    expect(parsed('9'.repeat(30))).toBe('9'.repeat(30));
  });

  it('says which field is wrong', () => {
    const e = parseAmount('abc', USD, 'items[2].amount')._unsafeUnwrapErr();
    expect(e).toMatchObject({ type: 'InvalidAmount', field: 'items[2].amount' });
    expect(e.message).toContain('"items[2].amount"');
    expect(parseAmount('1.001', USD, 'total')._unsafeUnwrapErr()).toMatchObject({ field: 'total' });
  });

  it('leaves out field when none was given', () => {
    expect('field' in errorOf('abc')).toBe(false);
  });
});

describe('parseAmount: numbers', () => {
  it('accepts 0.1 for USD (shortest round-trip form, exactly 0.1)', () => {
    expect(parsed(0.1)).toBe('0.1');
    expect(parsed(19.99)).toBe('19.99');
  });

  it('accepts integers and -0', () => {
    expect(parsed(1200)).toBe('1200');
    expect(parsed(-0)).toBe('0');
    expect(parseAmount(-0, USD)._unsafeUnwrap().isNegative()).toBe(false);
  });

  it('refuses 0.001 for USD and 0.5 for JPY', () => {
    expect(errorOf(0.001).type).toBe('AmountTooPrecise');
    expect(errorOf(0.5, JPY).type).toBe('AmountTooPrecise');
    expect(errorOf(0.1 + 0.2).type).toBe('AmountTooPrecise'); // 0.30000000000000004
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %s', (n) => {
    const e = errorOf(n);
    expect(e.type).toBe('InvalidAmount');
    expect(e.message).toContain('finite');
  });

  it('refuses 1e21 and other numbers beyond 15 significant digits at scale', () => {
    expect(errorOf(1e21)).toMatchObject({ type: 'InvalidAmount', input: '1e+21' });
    expect(errorOf(1e21).message).toContain('decimal string');
    expect(errorOf(10_000_000_000_000).type).toBe('InvalidAmount'); // 1e13 × 100 = 1e15 minor units
    expect(parsed(9_999_999_999_999.99)).toBe('9999999999999.99');
    expect(parsed(999_999_999_999_999, JPY)).toBe('999999999999999');
    expect(errorOf(Number.MAX_SAFE_INTEGER, JPY).type).toBe('InvalidAmount');
  });

  it('refuses tiny numbers printed in exponent form as too precise', () => {
    expect(errorOf(1e-7).type).toBe('AmountTooPrecise');
  });
});

describe('parseAmount: Decimals and other inputs', () => {
  it('accepts Decimals from our clone and from the global decimal.js', () => {
    expect(parsed(new Dec('12.34'))).toBe('12.34');
    const foreign = new Decimal('12.34');
    const d = parseAmount(foreign, USD)._unsafeUnwrap();
    expect(d.toString()).toBe('12.34');
    expect(d).toBeInstanceOf(Dec);
  });

  it('refuses non-finite and too precise Decimals', () => {
    expect(errorOf(new Dec(Number.NaN)).type).toBe('InvalidAmount');
    expect(errorOf(new Dec(Number.POSITIVE_INFINITY)).type).toBe('InvalidAmount');
    expect(errorOf(new Dec('0.001')).type).toBe('AmountTooPrecise');
    expect(errorOf(new Dec('1e40')).type).toBe('InvalidAmount');
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [{}, 'an object'],
    [[1], 'an array'],
    [true, 'boolean true'],
    [12n, '12n'],
    [() => 1, 'a function'],
  ])('returns InvalidAmount, not a throw, for %s', (input, shown) => {
    expect(errorOf(input)).toMatchObject({ type: 'InvalidAmount', input: shown });
  });

  it('returns UnknownCurrency for a bad currency argument', () => {
    expect(parseAmount('1', undefined as unknown as Currency)._unsafeUnwrapErr().type).toBe(
      'UnknownCurrency',
    );
  });

  it('ignores a non-string field', () => {
    const e = parseAmount('x', USD, 42 as unknown as string)._unsafeUnwrapErr();
    expect('field' in e).toBe(false);
  });

  it('shortens very long inputs in error details', () => {
    const e = errorOf('x'.repeat(500));
    expect(e.type === 'InvalidAmount' && e.input.length).toBeLessThan(70);
  });
});

describe('money', () => {
  it('builds a frozen Money with the canonical currency', () => {
    const m = money('50000.00', 'USD')._unsafeUnwrap();
    expect(Object.isFrozen(m)).toBe(true);
    expect(m.currency).toBe(CURRENCIES.USD);
    expect(m.amount).toBeInstanceOf(Dec);
    expect(toDecimalString(m)).toBe('50000.00');
  });

  it('accepts a currency object', () => {
    expect(money('5', JPY)._unsafeUnwrap().currency).toBe(JPY);
  });

  it('reports an unknown currency before looking at the amount', () => {
    expect(money('abc', 'ZZZ')._unsafeUnwrapErr().type).toBe('UnknownCurrency');
  });

  it('reports a bad amount', () => {
    expect(money('1.001', 'USD')._unsafeUnwrapErr()).toMatchObject({
      type: 'AmountTooPrecise',
      currency: 'USD',
      minorUnits: 2,
    });
    expect(money(Number.NaN, 'USD')._unsafeUnwrapErr().type).toBe('InvalidAmount');
  });
});

describe('parseAmount: equal amounts parsed from text share one frozen decimal', () => {
  it('returns the same frozen decimal for equal texts, equal to a fresh parse', () => {
    const USD = CURRENCIES.USD!;
    for (const text of ['50000.00', '36900', '-270.00', '0.05', '007.50']) {
      const first = parseAmount(text, USD)._unsafeUnwrap();
      expect(first.eq(new Dec(text)) && first.toFixed() === new Dec(text).toFixed()).toBe(true);
      expect(Object.isFrozen(first)).toBe(true);
      expect(parseAmount(text, USD)._unsafeUnwrap()).toBe(first);
    }
    // A negative zero is the zero it always was (not looked up: its sign is left to the parse).
    const negativeZero = parseAmount('-0.00', USD)._unsafeUnwrap();
    expect(negativeZero.isZero() && !negativeZero.isNeg()).toBe(true);
    // A number or a Decimal given is copied as before (not shared: only text is looked up).
    const given = new Dec('12.50');
    expect(parseAmount(given, USD)._unsafeUnwrap()).not.toBe(given);
    expect(Object.isFrozen(given)).toBe(false);
    // Too many places for the currency is refused as before.
    expect(parseAmount('1.234', USD).isErr()).toBe(true);
  });
});

describe('parseAmount returns a frozen Decimal whatever it was given, and freezes nothing of the caller', () => {
  it('text, long text, a number, a Decimal of ours and one of decimal.js', () => {
    const ours = new Dec('12.50');
    const theirs = new Decimal('7.25');
    const inputs: AmountInput[] = ['50000.00', '10000000000000.00', 12.5, ours, theirs, '0.00', 0];
    for (const input of inputs) {
      const amount = parseAmount(input, USD)._unsafeUnwrap();
      expect(Object.isFrozen(amount) && Object.isFrozen(amount.d)).toBe(true);
    }
    expect(Object.isFrozen(ours) || Object.isFrozen(ours.d)).toBe(false);
    expect(Object.isFrozen(theirs) || Object.isFrozen(theirs.d)).toBe(false);
    expect(parseAmount('10000000000000.00', USD)._unsafeUnwrap().toFixed(2)).toBe('10000000000000.00');
  });
});
