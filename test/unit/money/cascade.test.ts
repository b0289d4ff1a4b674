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

  it('weighs by values rounded one by one and bills each charge to its set-rounded total (decision 2)', () => {
    // three charges worth 1000/3 each: weights 333.33 (T = 999.99), totals rounded as a set with the tie
    // to the earlier charge: 333.34 / 333.33 / 333.33; the item taking the group to 1000.00 bills the rest
    const weights = ['333.33', '333.33', '333.33'].map(d);
    const totals = ['333.34', '333.33', '333.33'].map(d);
    const first = cascadeLines({ weights, totals, before: d('0'), after: d('500.00'), currency: USD });
    expect(first.map((x) => x.toFixed(2))).toEqual(['166.67', '166.66', '166.67']);
    const last = cascadeLines({ weights, totals, billed: first, after: d('1000.00'), currency: USD });
    expect(last.map((x) => x.toFixed(2))).toEqual(['166.67', '166.67', '166.66']);
    expect(lines(['0', '0.01'], '0', '0.01')).toEqual(['0.00', '0.01']);
  });

  it('never bills a line below zero: three 0.01 charges from 0.01 to 0.02 (was 0.01 / −0.01 / 0.01)', () => {
    // before: 0.00 / 0.01 / 0.00; the cascade at 0.02 gives 0.01 / −0.01 / 0.01: the −0.01 line becomes 0
    // and the unit comes from the largest line, ties to the earlier charge
    const out = lines(['0.01', '0.01', '0.01'], '0.01', '0.02');
    expect(out).toEqual(['0.00', '0.00', '0.01']);
    expect(lines(['0.01', '0.01', '0.01'], '0', '0.01')).toEqual(['0.00', '0.01', '0.00']);
  });

  it('caps a line at what is left of its total; the units go to the largest line that can take them', () => {
    // weights far from the totals: the cascade gives charge 1 5.00 of its 1.00 total
    const capped = cascadeLines({
      weights: [d('10.00'), d('1.00')],
      totals: [d('1.00'), d('10.00')],
      before: d('0'),
      after: d('5.50'),
      currency: USD,
    });
    expect(capped.map((x) => x.toFixed(2))).toEqual(['1.00', '4.50']);
    // a line raised to zero takes its units one at a time from the largest line (ties: earlier charge)
    const raised = cascadeLines({
      totals: [d('10.00'), d('10.00'), d('10.00')],
      billed: [d('10.00'), d('0'), d('0')],
      after: d('20.00'),
      currency: USD,
    });
    expect(raised.map((x) => x.toFixed(2))).toEqual(['0.00', '5.00', '5.00']);
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
    ['billed above a total', { billed: [d('2'), d('0')] }],
    // billed is always checked: [] and null used to fail in the arithmetic with unrelated TypeErrors
    ['billed empty', { billed: [] }],
    ['billed null', { billed: null as never }],
    ['billed a string', { billed: '0' as never }],
    ['billed one entry short', { billed: [d('0')] }],
    ['billed with a number', { billed: [d('0'), 0 as never] }],
    ['billed off scale', { billed: [d('0.001'), d('0')] }],
    ['billed negative', { billed: [d('-0.01'), d('0')] }],
    ['weights of another length', { weights: [d('1')] }],
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

  // The documented promise (cascadeLines' doc, docs/concepts/money.md): over items taking the group from 0 to
  // Σ totals, each given the real per-charge `billed`, each charge's lines sum to its total. `before` stands
  // for one item from 0, so it drifts in a series once a cap has moved a unit.
  describe('a series of items: totals 0.44 / 0.04 / 0.44, group 0 → 0.01 → 0.02 → 0.92', () => {
    const totals = ['0.44', '0.04', '0.44'].map(d);
    const steps = ['0.01', '0.02', '0.92'].map(d);
    const sumPerCharge = (items: DecimalValue[][]) =>
      totals.map((_, j) => items.reduce((a, lines) => a.plus(lines[j]!), new Dec(0)).toFixed(2));

    it('given billed, every charge is billed its total', () => {
      const items: DecimalValue[][] = [];
      let billed = totals.map(() => d('0'));
      for (const after of steps) {
        const out = cascadeLines({ totals, billed, after, currency: USD });
        billed = billed.map((b, j) => b.plus(out[j]!));
        items.push(out);
      }
      expect(items.map((l) => l.map((x) => x.toFixed(2)))).toEqual([
        ['0.00', '0.01', '0.00'],
        ['0.00', '0.00', '0.01'],
        ['0.44', '0.03', '0.43'],
      ]);
      expect(sumPerCharge(items)).toEqual(['0.44', '0.04', '0.44']);
    });

    it('before is billed as one item from 0: exact for the second item, not for the third', () => {
      const oneStep = (after: DecimalValue) =>
        cascadeLines({ totals, billed: totals.map(() => d('0')), after, currency: USD });
      for (const [before, after] of [
        ['0.01', '0.02'],
        ['0.02', '0.92'],
      ]) {
        expect(
          cascadeLines({ totals, before: d(before!), after: d(after!), currency: USD }).map(String),
        ).toEqual(
          cascadeLines({ totals, billed: oneStep(d(before!)), after: d(after!), currency: USD }).map(String),
        );
      }
      // the earlier items billed 0.00 / 0.01 / 0.01 by 0.02 (a cap moved a unit), not the one step's 0.01 / 0.00 / 0.01
      const items = steps.map((after, k) =>
        cascadeLines({ totals, before: k === 0 ? d('0') : steps[k - 1]!, after, currency: USD }),
      );
      expect(sumPerCharge(items)).toEqual(['0.43', '0.05', '0.44']);
    });
  });

  it('throws on a missing input object', () => {
    expect(() => cascadeLines(undefined as unknown as CascadeInput)).toThrow(RangeError);
  });
});
