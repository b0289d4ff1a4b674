import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { allocate, Dec, type Money, money, toDecimalString } from '../../../src/money';

const m = (amount: string, code = 'USD'): Money => money(amount, code)._unsafeUnwrap();
const parts = (amount: Money, ratios: readonly (string | Decimal)[]) =>
  allocate(amount, ratios)._unsafeUnwrap().map(toDecimalString);
const errorOf = (amount: unknown, ratios: unknown) =>
  allocate(amount as Money, ratios as string[])._unsafeUnwrapErr();

describe('allocate (largest remainder)', () => {
  it('splits 100.00 in three: the extra cent to the first (tie → lower index)', () => {
    expect(parts(m('100.00'), ['1', '1', '1'])).toEqual(['33.34', '33.33', '33.33']);
  });

  it('gives leftover units to the largest remainders, not the first parts', () => {
    // exact shares 0.3, 0.3, 0.4 cents of 1 cent → 0.4 has the largest remainder
    expect(parts(m('0.01'), ['3', '3', '4'])).toEqual(['0.00', '0.00', '0.01']);
    // 5 cents by 1:2:2 → 1, 2, 2 exactly; 7 cents → 1.4, 2.8, 2.8 → 1, 3, 3
    expect(parts(m('0.07'), ['1', '2', '2'])).toEqual(['0.01', '0.03', '0.03']);
  });

  it('works in JPY (0 decimals) and KWD (3 decimals)', () => {
    expect(parts(m('100', 'JPY'), ['1', '1', '1'])).toEqual(['34', '33', '33']);
    expect(parts(m('1.000', 'KWD'), ['1', '1', '1'])).toEqual(['0.334', '0.333', '0.333']);
  });

  it('accepts decimal ratios and Decimals from any decimal.js constructor', () => {
    expect(parts(m('10.00'), ['0.5', '0.25', '0.25'])).toEqual(['5.00', '2.50', '2.50']);
    expect(parts(m('10.00'), [new Dec('70'), new Decimal('30')])).toEqual(['7.00', '3.00']);
    expect(parts(m('1.00'), ['0.000000000000000000000000001', '0.000000000000000000000000002'])).toEqual([
      '0.33',
      '0.67',
    ]);
  });

  it('gives zero to zero ratios', () => {
    expect(parts(m('10.00'), ['0', '1', '0'])).toEqual(['0.00', '10.00', '0.00']);
    expect(parts(m('0.01'), ['1', '0', '1'])).toEqual(['0.01', '0.00', '0.00']);
    expect(parts(m('1.00'), [new Dec('-0'), '1'])).toEqual(['0.00', '1.00']);
  });

  it('allocates a negative amount by its absolute value, negated', () => {
    expect(parts(m('-100.00'), ['1', '1', '1'])).toEqual(['-33.34', '-33.33', '-33.33']);
  });

  it('allocates zero as zeros and a single ratio as the whole', () => {
    expect(parts(m('0'), ['1', '2'])).toEqual(['0.00', '0.00']);
    expect(parts(m('12.34'), ['5'])).toEqual(['12.34']);
  });

  it('returns frozen Money in the amount currency and leaves the inputs alone', () => {
    const amount = m('100.00');
    const ratios = Object.freeze(['1', '2']);
    const out = allocate(amount, ratios)._unsafeUnwrap();
    expect(out.every((p) => Object.isFrozen(p) && p.currency === amount.currency)).toBe(true);
    expect(toDecimalString(amount)).toBe('100.00');
  });
});

describe('allocate: bad input is an Err, never a throw', () => {
  it.each([
    [[], 'empty'],
    [['0', '0'], 'all ratios are zero'],
    [['-1', '2'], 'negative'],
    [[new Dec(-1), '2'], 'negative'],
    [['1', 'abc'], 'plain decimal'],
    [['1', '1e3'], 'plain decimal'],
    [['1', ''], 'plain decimal'],
    [[1, 2], 'neither'],
    [['1', undefined], 'neither'],
    [[new Dec(Number.NaN)], 'not finite'],
    [[new Dec(Number.POSITIVE_INFINITY)], 'not finite'],
    [[new Dec('1e200')], 'out of range'],
    [[new Dec('1e-200')], 'out of range'],
    ['1,1', 'expected an array'],
    [undefined, 'expected an array'],
  ])('ratios %j → InvalidRatios (%s)', (ratios, hint) => {
    const e = errorOf(m('1.00'), ratios);
    expect(e.type).toBe('InvalidRatios');
    expect(e.message).toContain(hint);
  });

  it('points at the offending ratio', () => {
    expect(errorOf(m('1.00'), ['1', '-2'])).toMatchObject({ type: 'InvalidRatios', index: 1, input: '-2' });
  });

  it('reports a bad amount as InvalidAmount for the "amount" field', () => {
    expect(errorOf(undefined, ['1'])).toMatchObject({ type: 'InvalidAmount', field: 'amount' });
    expect(errorOf({ amount: 'x', currency: 'USD' }, ['1'])).toMatchObject({ type: 'InvalidAmount' });
    expect(errorOf({ amount: new Dec('1.001'), currency: { code: 'USD', minorUnits: 2 } }, ['1']).type).toBe(
      'AmountTooPrecise',
    );
    expect(errorOf({ amount: new Dec('1'), currency: { code: 'ZZZ', minorUnits: 2 } }, ['1']).type).toBe(
      'UnknownCurrency',
    );
  });
});
