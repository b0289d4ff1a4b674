// `takeFromLargest` (the cascade's last step, src/money/allocate.ts) works a level at a time what the cascade
// used to do a unit at a time; this compares the two on small lines, where the unit-at-a-time loop is cheap.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { takeFromLargest } from '../../../src/money/allocate';

/** The former loop: one unit at a time from the largest line that has one, ties to the earlier. */
function unitAtATime(lines: bigint[], need: bigint): bigint[] | 'fails' {
  const out = [...lines];
  for (let left = need; left > 0n; left -= 1n) {
    let best = -1;
    for (let j = 0; j < out.length; j++) if (out[j]! > 0n && (best === -1 || out[j]! > out[best]!)) best = j;
    if (best === -1) return 'fails';
    out[best] = out[best]! - 1n;
  }
  return out;
}

describe('takeFromLargest', () => {
  test.prop([
    fc.array(fc.bigInt({ min: 0n, max: 40n }), { minLength: 1, maxLength: 6 }),
    fc.bigInt({ min: 0n, max: 250n }),
  ])(
    'takes the units the unit-at-a-time loop took, from the same lines, and fails when it failed',
    (lines, need) => {
      const expected = unitAtATime(lines, need);
      const got = [...lines];
      if (expected === 'fails') {
        expect(() => takeFromLargest(got, need)).toThrow(RangeError);
        return;
      }
      takeFromLargest(got, need);
      expect(got).toEqual(expected);
    },
  );

  test('two lines of 10^12 units give theirs at once, level by level (ties: the earlier line first)', () => {
    const lines = [10n ** 12n, 3n, 10n ** 12n];
    takeFromLargest(lines, 2n * 10n ** 12n - 1n);
    // Both down to 3 (2 × (10^12 − 3) units), then 5 more over three lines at 3: one round each, and one more
    // from the first two.
    expect(lines).toEqual([1n, 1n, 2n]);
  });
});
