import { describe, expect, it } from 'vitest';
import { type CascadeInput, CURRENCIES, cascadeLines, Dec, type DecimalValue } from '../../../src/money';

const USD = CURRENCIES.USD!;
const d = (s: string) => new Dec(s);
const lines = (totals: string[], before: string, after: string, extra: Partial<CascadeInput> = {}) =>
  cascadeLines({ totals: totals.map(d), before: d(before), after: d(after), currency: USD, ...extra }).map(
    (x) => x.toFixed(USD.minorUnits),
  );

describe('cascadeLines (reference §7.3, decision 2)', () => {
  it('splits proportionally with cumulative rounding', () => {
    expect(lines(['100.00', '100.00', '100.00'], '0', '100.00')).toEqual(['33.33', '33.34', '33.33']);
  });

  it('bills the exact remainder when the item exhausts the group', () => {
    expect(lines(['100.00', '100.00', '100.00'], '100.00', '300.00')).toEqual(['66.67', '66.66', '66.67']);
  });

  it('returns zeros for an empty slice and handles a zero-total group', () => {
    expect(lines(['10.00', '20.00'], '5.00', '5.00')).toEqual(['0.00', '0.00']);
    expect(lines(['0', '0'], '0', '0')).toEqual(['0.00', '0.00']);
    expect(lines(['0', '10.00', '0'], '0', '4.00')).toEqual(['0.00', '4.00', '0.00']);
  });

  it('lets the last charge absorb rounding of charge totals when exhausts is set (decision 2)', () => {
    // schedule total 1000.00, three charges of 333.33 (1000/3 rounded): the last item bills 0.01 more
    // first item 500.00 → 166.67 / 166.66 / 166.67; the last item brings each charge to 333.33, the third to 333.34
    expect(lines(['333.33', '333.33', '333.33'], '500.00', '1000.00', { exhausts: true })).toEqual([
      '166.66',
      '166.67',
      '166.67',
    ]);
    // totals rounded up (Σ 1000.02): the last charge gives back the two cents
    expect(lines(['333.34', '333.34', '333.34'], '500.00', '1000.00', { exhausts: true })).toEqual([
      '166.67',
      '166.68',
      '166.65',
    ]);
    expect(lines(['0', '0'], '0', '0.01', { exhausts: true })).toEqual(['0.00', '0.01']);
  });

  it('honours the rounding mode of the cumulative targets', () => {
    expect(lines(['1.00', '1.00'], '0', '0.01')).toEqual(['0.01', '0.00']);
    expect(lines(['1.00', '1.00'], '0', '0.01', { rounding: 'halfEven' })).toEqual(['0.00', '0.01']);
    expect(lines(['1.00', '1.00'], '0', '0.01', { rounding: 'floor' })).toEqual(['0.00', '0.01']);
  });

  it('works at 0 and 3 decimals', () => {
    const jpy = cascadeLines({
      totals: [d('100'), d('200')],
      before: d('0'),
      after: d('100'),
      currency: CURRENCIES.JPY!,
    });
    expect(jpy.map(String)).toEqual(['33', '67']);
    const kwd = cascadeLines({
      totals: [d('1'), d('2')],
      before: d('0'),
      after: d('1'),
      currency: CURRENCIES.KWD!,
    });
    expect(kwd.map(String)).toEqual(['0.333', '0.667']);
  });

  it('returns our Dec instances and does not touch its input', () => {
    const totals = Object.freeze([d('10.00'), d('20.00')]);
    const out = cascadeLines({ totals, before: d('0'), after: d('3.00'), currency: USD });
    expect(out.every((x) => x instanceof Dec)).toBe(true);
    expect(totals.map(String)).toEqual(['10', '20']);
  });

  it.each<[string, Partial<CascadeInput>]>([
    ['empty totals', { totals: [] }],
    ['negative total', { totals: [d('-1'), d('5')] }],
    ['total off scale', { totals: [d('1.001'), d('5')] }],
    ['non-Decimal total', { totals: ['1' as unknown as DecimalValue] }],
    ['NaN before', { before: d('NaN') }],
    ['before below 0', { before: d('-1') }],
    ['before above the group total', { before: d('7'), after: d('7') }],
    ['after below before', { before: d('3'), after: d('2') }],
    ['after above the group total', { after: d('7') }],
    ['unknown currency', { currency: { code: 'ZZZ', minorUnits: 2 } }],
    ['unknown rounding', { rounding: 'nearest' as never }],
  ])('throws a RangeError on a broken pre-condition: %s', (_, override) => {
    const input: CascadeInput = {
      totals: [d('1'), d('5')],
      before: d('0'),
      after: d('3'),
      currency: USD,
      ...override,
    };
    expect(() => cascadeLines(input)).toThrow(RangeError);
  });

  it('throws on a missing input object', () => {
    expect(() => cascadeLines(undefined as unknown as CascadeInput)).toThrow(RangeError);
  });
});
