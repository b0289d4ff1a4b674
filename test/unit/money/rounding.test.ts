import { describe, expect, it } from 'vitest';
import {
  CURRENCIES,
  DEFAULT_ROUNDING,
  Dec,
  formatAmount,
  isRoundingMode,
  ROUNDING_MODES,
  type RoundingMode,
  roundToCurrency,
} from '../../../src/money';
import { divideRounded } from '../../../src/money/rounding';

const USD = CURRENCIES.USD!;

// value → [halfUp, halfDown, halfEven, up, down, ceil, floor]
const TABLE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['1.005', ['1.01', '1', '1', '1.01', '1', '1.01', '1']],
  ['1.015', ['1.02', '1.01', '1.02', '1.02', '1.01', '1.02', '1.01']],
  ['1.0051', ['1.01', '1.01', '1.01', '1.01', '1', '1.01', '1']],
  ['1.0049', ['1', '1', '1', '1.01', '1', '1.01', '1']],
  ['-1.005', ['-1.01', '-1', '-1', '-1.01', '-1', '-1', '-1.01']],
  ['-1.0049', ['-1', '-1', '-1', '-1.01', '-1', '-1', '-1.01']],
  ['2.5', ['2.5', '2.5', '2.5', '2.5', '2.5', '2.5', '2.5']],
];
const MODES: readonly RoundingMode[] = ['halfUp', 'halfDown', 'halfEven', 'up', 'down', 'ceil', 'floor'];

describe('roundToCurrency', () => {
  for (const [value, expected] of TABLE) {
    MODES.forEach((mode, i) => {
      it(`${value} ${mode} → ${expected[i]}`, () => {
        expect(roundToCurrency(new Dec(value), USD, mode).toString()).toBe(expected[i]);
      });
    });
  }

  it('defaults to half-up', () => {
    expect(DEFAULT_ROUNDING).toBe('halfUp');
    expect(roundToCurrency(new Dec('0.125'), USD).toString()).toBe('0.13');
  });

  it('uses the currency scale: JPY 0, KWD 3, CLF 4', () => {
    expect(roundToCurrency(new Dec('2.5'), CURRENCIES.JPY!).toString()).toBe('3');
    expect(roundToCurrency(new Dec('2.5'), CURRENCIES.JPY!, 'halfEven').toString()).toBe('2');
    expect(roundToCurrency(new Dec('1.00049'), CURRENCIES.KWD!).toString()).toBe('1');
    expect(roundToCurrency(new Dec('1.00005'), CURRENCIES.CLF!).toString()).toBe('1.0001');
  });

  it('never returns negative zero', () => {
    expect(roundToCurrency(new Dec('-0.001'), USD).isNegative()).toBe(false);
  });

  it('throws on an unknown mode (programmer error)', () => {
    expect(() => roundToCurrency(new Dec(1), USD, 'nearest' as RoundingMode)).toThrow(/rounding mode/);
  });

  // The currency is resolved as getCurrency (and money, zero, sum) resolve it: a code string was read as
  // `'USD'.minorUnits`, undefined, and the value came back unrounded.
  it('resolves a currency code as money() does: 1.005 "USD" → 1.01', () => {
    expect(roundToCurrency(new Dec('1.005'), 'USD' as never).toString()).toBe('1.01');
    expect(formatAmount(new Dec('1.005'), 'USD' as never)).toBe('1.01');
    expect(formatAmount(new Dec('2.5'), 'JPY' as never)).toBe('3');
  });

  it('throws a TypeError naming the function for a currency getCurrency refuses', () => {
    const wrong = { code: 'USD', minorUnits: 5 };
    expect(() => roundToCurrency(new Dec('1.005'), wrong)).toThrow(TypeError);
    expect(() => roundToCurrency(new Dec('1.005'), wrong)).toThrow(
      /^roundToCurrency: .*ISO 4217 gives USD 2/,
    );
    expect(() => formatAmount(new Dec('1.005'), wrong)).toThrow(/^formatAmount: /);
    for (const bad of ['usd', 'XXX', undefined, null, { code: 'ZZZ', minorUnits: 2 }]) {
      expect(() => roundToCurrency(new Dec(1), bad as never)).toThrow(/^roundToCurrency: /);
      expect(() => formatAmount(new Dec(1), bad as never)).toThrow(TypeError);
    }
  });
});

describe('rounding modes', () => {
  it('lists the seven modes and recognises them', () => {
    expect(ROUNDING_MODES).toEqual(MODES);
    expect(MODES.every(isRoundingMode)).toBe(true);
    expect(isRoundingMode('HALF_UP')).toBe(false);
    expect(isRoundingMode(undefined)).toBe(false);
  });

  it('divideRounded agrees with decimal.js rounding for every mode', () => {
    for (const mode of MODES) {
      for (let n = -25n; n <= 25n; n++) {
        for (const d of [1n, 2n, 3n, 4n, 10n]) {
          const expected = roundToCurrency(new Dec(n.toString()).div(d.toString()), CURRENCIES.JPY!, mode);
          expect(`${mode} ${n}/${d} = ${divideRounded(n, d, mode)}`).toBe(
            `${mode} ${n}/${d} = ${expected.toString()}`,
          );
        }
      }
    }
  });

  it('divideRounded refuses a non-positive divisor', () => {
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });
});
