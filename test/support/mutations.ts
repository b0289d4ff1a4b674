// Values with one field or element made odd, and the check that a store's cheap check of a saved value
// (a shape of src/ports/shapes.ts, a codec's `adopt`) vouches only for what the records codecs' round trip
// reads back, exactly as that round trip gives it.
import { fc } from '@fast-check/vitest';
import { Decimal } from 'decimal.js';
import { expect } from 'vitest';
import { Dec } from '../../src/money/decimal';

export function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** The same value, fields in the same order, Decimals of the same clone: as JSON and structurally. */
export function expectSame(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toStrictEqual(expected);
  expect(isDeepFrozen(actual)).toBe(true);
}

/** Every path to a field or element of a value (a Decimal is one value). */
function paths(value: unknown, at: readonly (string | number)[] = []): (readonly (string | number)[])[] {
  if (typeof value !== 'object' || value === null || value instanceof Decimal) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...at, k], ...paths((value as Record<string, unknown>)[k], [...at, k])]);
}

/** `value` with the field at `path` replaced (copies along the path; `undefined` leaves it absent). */
function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return by;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v));
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = replaced(copy[head], rest, by);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

const oddValues: readonly unknown[] = [
  '',
  'x',
  '2023-02-30',
  '2024-02-29',
  'USD',
  'XXX',
  'Paused',
  'Pending',
  'Processed',
  'Additional',
  'Billed',
  '2023-01-01T12:00:00.000Z',
  '2023-01-01Tnoon',
  0,
  -1,
  2,
  1.5,
  Number.NaN,
  null,
  true,
  false,
  undefined,
  new Dec('1.5'),
  new Dec('-0'),
  new Dec(Number.POSITIVE_INFINITY),
  new Decimal('2'),
  {},
  [],
  ['x'],
  { x: 1 },
];

/** A value with one field or element replaced by an odd value. */
export function arbMutated<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return arb.chain((value) => {
    const all = paths(value);
    return fc
      .tuple(fc.nat({ max: all.length - 1 }), fc.constantFrom(...oddValues))
      .map(([i, by]) => replaced(value, all[i] ?? [], by));
  });
}

/** Whatever `shape` vouches for, the codecs accept, and read back as the shape gave it. */
export function expectVouchedByCodecs<R>(
  shaped: unknown,
  value: unknown,
  encode: (v: never) => R,
  decode: (r: unknown) => { isOk(): boolean; _unsafeUnwrap(): unknown },
): void {
  if (shaped === undefined) return;
  const decoded = decode(encode(value as never));
  expect(decoded.isOk()).toBe(true);
  expectSame(shaped, decoded._unsafeUnwrap());
}
