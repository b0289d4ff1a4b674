import { describe, expect, it } from 'vitest';
import { allocate, getCurrency, money, sum } from '../../../src/money/public';

// docs/errors/money.md. Review 202: three answers of the money helpers that did not say what to fix.
describe('allocate and sum, given what they cannot use', () => {
  it.each([
    ['{}', {}],
    ['a Date', new Date(0)],
    ['an array', []],
    ['a String object', new String('1.00')],
  ])(
    'allocate(%s, ratios): InvalidAmount at amount ("not a Money value"), not UnknownCurrency',
    (_, value) => {
      expect(allocate(value as never, ['1'])._unsafeUnwrapErr()).toMatchObject({
        type: 'InvalidAmount',
        field: 'amount',
      });
    },
  );

  it('allocate of a Money with an unknown currency still says so', () => {
    expect(allocate({ amount: '1.00', currency: 'XYZ' } as never, ['1'])._unsafeUnwrapErr()).toMatchObject({
      type: 'UnknownCurrency',
    });
  });

  it('allocate over 130,000 ratios returns its parts (it overflowed the stack: Math.max of a spread list)', () => {
    const parts = allocate(
      money('1300.00', 'USD')._unsafeUnwrap(),
      new Array(130_000).fill('1'),
    )._unsafeUnwrap();
    expect(parts).toHaveLength(130_000);
    expect(parts[0]?.amount.toFixed(2)).toBe('0.01');
  });

  it('sum with an unknown currency: a TypeError naming sum (was zero, a function the caller did not call)', () => {
    expect(() => sum([], 'usd' as never)).toThrow(/^sum: /);
    expect(sum([], getCurrency('USD')._unsafeUnwrap())._unsafeUnwrap().amount.toFixed(2)).toBe('0.00');
  });
});
