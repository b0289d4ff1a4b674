import { describe, expect, it } from 'vitest';
import {
  add,
  CURRENCIES,
  compare,
  Dec,
  formatAmount,
  isNegative,
  isPositive,
  isZero,
  type Money,
  money,
  multiply,
  negate,
  subtract,
  sum,
  toDecimalString,
  toJSON,
  zero,
} from '../../../src/money';

const m = (amount: string, code = 'USD'): Money => money(amount, code)._unsafeUnwrap();
const s = (x: Money) => toDecimalString(x);

describe('add / subtract / sum', () => {
  it('adds and subtracts exactly', () => {
    expect(s(add(m('0.10'), m('0.20'))._unsafeUnwrap())).toBe('0.30');
    expect(s(subtract(m('100.00'), m('270.00'))._unsafeUnwrap())).toBe('-170.00');
    expect(s(subtract(m('5.00'), m('5.00'))._unsafeUnwrap())).toBe('0.00');
  });

  it('refuses mixed currencies with CurrencyMismatch', () => {
    const e = add(m('1.00'), m('1', 'JPY'))._unsafeUnwrapErr();
    expect(e).toMatchObject({ type: 'CurrencyMismatch', expected: 'USD', actual: 'JPY' });
    expect(e.message).toContain('USD');
    expect(subtract(m('1.00'), m('1.000', 'KWD'))._unsafeUnwrapErr().type).toBe('CurrencyMismatch');
    expect(compare(m('1.00'), m('1.00', 'EUR'))._unsafeUnwrapErr().type).toBe('CurrencyMismatch');
  });

  it('sums a list, zero for an empty list', () => {
    const usd = CURRENCIES.USD!;
    expect(s(sum([m('26282.05'), m('15313.39'), m('7834.76'), m('569.80')], usd)._unsafeUnwrap())).toBe(
      '50000.00',
    );
    expect(s(sum([], usd)._unsafeUnwrap())).toBe('0.00');
  });

  it('names the first item in another currency', () => {
    const e = sum([m('1.00'), m('2.00', 'EUR')], CURRENCIES.USD!)._unsafeUnwrapErr();
    expect(e).toMatchObject({ type: 'CurrencyMismatch', expected: 'USD', actual: 'EUR', index: 1 });
    expect(sum([m('1.00')], CURRENCIES.EUR!)._unsafeUnwrapErr().index).toBe(0);
  });

  it('throws a TypeError for values that are not Money (programmer error)', () => {
    expect(() => add({} as Money, m('1'))).toThrow(TypeError);
    expect(() => negate(undefined as unknown as Money)).toThrow(/money\(\)/);
  });
});

describe('multiply / negate / compare / predicates', () => {
  it('multiplies and rounds to scale (half-up by default)', () => {
    expect(s(multiply(m('2700.00'), '-0.1'))).toBe('-270.00');
    expect(s(multiply(m('0.05'), '0.5'))).toBe('0.03');
    expect(s(multiply(m('0.05'), '0.5', 'halfEven'))).toBe('0.02');
    expect(s(multiply(m('10.00'), new Dec('0.3333')))).toBe('3.33');
    expect(s(multiply(m('101', 'JPY'), '0.5', 'floor'))).toBe('50');
  });

  // docs/concepts/money.md "Rounding modes": the exact product is rounded once, with the caller's mode. The
  // product used to be cut to the private clone's 60 significant digits (half-up) first: rounded twice.
  it('rounds the exact product once, however many digits the factor has', () => {
    const nines = (k: number) => '9'.repeat(k);
    expect(s(multiply(m('1.00'), `0.00${nines(70)}`, 'down'))).toBe('0.00');
    expect(s(multiply(m('1.00'), `0.004${nines(60)}`))).toBe('0.00');
    expect(s(multiply(m('999999999999999999999999999999.99'), `0.5${'0'.repeat(29)}1`))).toBe(
      '500000000000000000000000000000.09',
    );
    expect(s(multiply(m('3'), `-0.1${nines(80)}`, 'ceil'))).toBe('-0.59');
    expect(
      s(
        multiply(
          m('7', 'JPY'),
          new Dec(`1.07142857142857142857142857142857142857142857142857142857142857`),
          'halfEven',
        ),
      ),
    ).toBe('7');
  });

  it.each([
    // mode, exact tie −0.005, just past it −0.005000…01 (70 zeros), just short of it −0.004999…9 (70 nines)
    ['halfUp', '-0.01', '-0.01', '0.00'],
    ['halfDown', '0.00', '-0.01', '0.00'],
    ['halfEven', '0.00', '-0.01', '0.00'],
    ['up', '-0.01', '-0.01', '-0.01'],
    ['down', '0.00', '0.00', '0.00'],
    ['ceil', '0.00', '0.00', '0.00'],
    ['floor', '-0.01', '-0.01', '-0.01'],
  ] as const)(
    '%s rounds a negative tie and its 70-digit neighbours as documented',
    (mode, tie, past, short) => {
      expect(s(multiply(m('-1.00'), '0.005', mode))).toBe(tie);
      expect(s(multiply(m('1.00'), `-0.005${'0'.repeat(70)}1`, mode))).toBe(past);
      expect(s(multiply(m('-1.00'), `0.004${'9'.repeat(70)}`, mode))).toBe(short);
    },
  );

  it('rounds a factor far below the scale without a power of ten as long as its exponent', () => {
    expect(s(multiply(m('5.00'), new Dec('1e-9000000000000000'), 'up'))).toBe('0.01');
    expect(s(multiply(m('-5.00'), new Dec('1e-9000000000000000'), 'up'))).toBe('-0.01');
    expect(s(multiply(m('5.00'), new Dec('1e-9000000000000000')))).toBe('0.00');
    expect(multiply(m('5.00'), new Dec('-1e-9000000000000000')).amount.isNegative()).toBe(false);
  });

  it('throws on an invalid factor', () => {
    expect(() => multiply(m('1'), 'abc')).toThrow(TypeError);
    expect(() => multiply(m('1'), new Dec(Number.NaN))).toThrow(TypeError);
    expect(() => multiply(m('1'), 2 as unknown as string)).toThrow(TypeError);
  });

  it('negates, never producing negative zero', () => {
    expect(s(negate(m('12.30')))).toBe('-12.30');
    expect(s(negate(m('0')))).toBe('0.00');
    expect(negate(m('0')).amount.isNegative()).toBe(false);
  });

  it('compares', () => {
    expect(compare(m('1.00'), m('2.00'))._unsafeUnwrap()).toBe(-1);
    expect(compare(m('2.00'), m('2'))._unsafeUnwrap()).toBe(0);
    expect(compare(m('3.00'), m('2.00'))._unsafeUnwrap()).toBe(1);
  });

  it('tells zero, positive and negative apart', () => {
    expect([isZero(m('0')), isPositive(m('0')), isNegative(m('0'))]).toEqual([true, false, false]);
    expect([isZero(m('0.01')), isPositive(m('0.01')), isNegative(m('0.01'))]).toEqual([false, true, false]);
    expect([isZero(m('-0.01')), isPositive(m('-0.01')), isNegative(m('-0.01'))]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('zero() builds zero in a currency and throws on a bad currency', () => {
    expect(s(zero(CURRENCIES.KWD!))).toBe('0.000');
    expect(() => zero({ code: 'ZZZ', minorUnits: 2 })).toThrow(TypeError);
  });
});

describe('formatting', () => {
  it('prints fixed at the currency scale', () => {
    expect(s(m('7358.98'))).toBe('7358.98');
    expect(s(m('-270'))).toBe('-270.00');
    expect(s(m('100', 'JPY'))).toBe('100');
    expect(s(m('1.5', 'KWD'))).toBe('1.500');
    expect(s(m('0.0001', 'CLF'))).toBe('0.0001');
  });

  it('never prints exponent notation', () => {
    expect(s(m('123456789012345678901234567890'))).toBe('123456789012345678901234567890.00');
    expect(s(m('0.01'))).toBe('0.01');
  });

  it('formatAmount rounds a bare Decimal half-up and avoids -0.00', () => {
    expect(formatAmount(new Dec('26282.051282'), CURRENCIES.USD!)).toBe('26282.05');
    expect(formatAmount(new Dec('0.125'), CURRENCIES.USD!)).toBe('0.13');
    expect(formatAmount(new Dec('-0.001'), CURRENCIES.USD!)).toBe('0.00');
  });

  it('toJSON gives plain strings', () => {
    expect(toJSON(m('7358.98'))).toEqual({ amount: '7358.98', currency: 'USD' });
    expect(JSON.parse(JSON.stringify(toJSON(m('5', 'JPY'))))).toEqual({ amount: '5', currency: 'JPY' });
  });
});
