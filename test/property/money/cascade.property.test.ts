import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { cascadeLines, Dec, type DecimalValue } from '../../../src/money';
import { fromUnits, groupArb } from './arbitraries';

type Group = typeof groupArb extends fc.Arbitrary<infer G> ? G : never;

/** Lines of every item of the run, as exact Decimals. */
function runLines(g: Group): DecimalValue[][] {
  const totals = g.totals.map((t) => fromUnits(t, g.currency));
  const out: DecimalValue[][] = [];
  for (let k = 1; k < g.cumulative.length; k++) {
    out.push(
      cascadeLines({
        totals,
        before: fromUnits(g.cumulative[k - 1]!, g.currency),
        after: fromUnits(g.cumulative[k]!, g.currency),
        currency: g.currency,
        rounding: g.rounding,
      }),
    );
  }
  return out;
}

describe('cascadeLines properties (reference §7.3; JPY 0, USD 2, KWD 3 decimals; every rounding mode)', () => {
  test.prop([groupArb], { numRuns: 200 })(
    "each charge's cascade lines over the items sum to the charge's total",
    (g) => {
      const items = runLines(g);
      g.totals.forEach((t, j) => {
        const billed = items.reduce((a, lines) => a.plus(lines[j]!), new Dec(0));
        expect(billed.eq(fromUnits(t, g.currency))).toBe(true);
      });
    },
  );

  test.prop([groupArb], { numRuns: 200 })("each cascade item's lines sum exactly to the item amount", (g) => {
    runLines(g).forEach((lines, i) => {
      const amount = fromUnits(g.cumulative[i + 1]! - g.cumulative[i]!, g.currency);
      expect(lines).toHaveLength(g.totals.length);
      expect(lines.reduce((a, x) => a.plus(x), new Dec(0)).eq(amount)).toBe(true);
      for (const x of lines) expect(x.decimalPlaces()).toBeLessThanOrEqual(g.currency.minorUnits);
    });
  });

  test.prop([groupArb], { numRuns: 200 })(
    'each cascade line is within two minor units of its exact share',
    (g) => {
      const T = g.totals.reduce((a, t) => a + t, 0n);
      if (T === 0n) return;
      const unit = new Dec(10).pow(-g.currency.minorUnits);
      runLines(g).forEach((lines, i) => {
        const amount = fromUnits(g.cumulative[i + 1]! - g.cumulative[i]!, g.currency);
        lines.forEach((x, j) => {
          const exact = amount.times(g.totals[j]!.toString()).div(T.toString());
          expect(x.minus(exact).abs().lt(unit.times(2))).toBe(true);
        });
      });
    },
  );

  test.prop([groupArb, fc.integer({ min: -3, max: 3 })], { numRuns: 100 })(
    'an exhausting item bills every exact remainder and the last charge absorbs the rounding difference',
    (g, delta) => {
      const totals = g.totals.map((t) => fromUnits(t, g.currency));
      const T = g.totals.reduce((a, t) => a + t, 0n);
      const before = g.cumulative.at(-2)!;
      const after = T + BigInt(delta) < before ? before : T + BigInt(delta);
      const prior = runLines({ ...g, cumulative: g.cumulative.slice(0, -1) });
      const last = cascadeLines({
        totals,
        before: fromUnits(before, g.currency),
        after: fromUnits(after, g.currency),
        currency: g.currency,
        rounding: g.rounding,
        exhausts: true,
      });
      expect(last.reduce((a, x) => a.plus(x), new Dec(0)).eq(fromUnits(after - before, g.currency))).toBe(
        true,
      );
      const n = g.totals.length;
      g.totals.forEach((t, j) => {
        const billed = [...prior, last].reduce((a, lines) => a.plus(lines[j]!), new Dec(0));
        const expected = j < n - 1 ? fromUnits(t, g.currency) : fromUnits(t + after - T, g.currency);
        expect(billed.eq(expected)).toBe(true);
      });
    },
  );

  test.prop([groupArb], { numRuns: 100 })(
    'cascadeLines is deterministic and does not mutate its input',
    (g) => {
      const totals = Object.freeze(g.totals.map((t) => fromUnits(t, g.currency)));
      const input = Object.freeze({
        totals,
        before: fromUnits(g.cumulative[1]! / 2n, g.currency),
        after: fromUnits(g.cumulative[1]!, g.currency),
        currency: g.currency,
        rounding: g.rounding,
      });
      const snapshot = JSON.stringify(input);
      const first = cascadeLines(input).map(String);
      expect(cascadeLines(input).map(String)).toEqual(first);
      expect(JSON.stringify(input)).toBe(snapshot);
    },
  );
});
