// `frozenCopy` checks a value for parts it must copy before it copies any (issue 11: an activation no longer
// builds and throws away a copy of each rate plan it shares). Against the copy it made before, part by part
// (the oracle below): the same copy, the same parts shared, and each getter read as often — on random trees of
// plain objects, arrays and Decimals, each part frozen or not, some with a getter, a hidden field, no prototype
// or another one, some sparse, an array subclass, or a Proxy whose every trap is counted; and once with an
// enumerable getter on Object.prototype.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { frozenCopy, isShareable } from '../../../src/domain/freeze';
import { Dec } from '../../../src/money/decimal';
import { counted } from '../../support/counted';

/** As it was (2026-12-04): a plain array of `value`'s length with its own elements before `end`. */
function plainArrayOf(value: readonly unknown[], end: number): unknown[] {
  const out: unknown[] = new Array(value.length);
  for (let i = 0; i < end; i += 1) if (Object.hasOwn(value, i)) out[i] = value[i];
  return out;
}

/** frozenCopy as it was before its check (2026-12-04): every part copied first, then kept when all were. */
function oracle<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      if (!Object.hasOwn(value, i)) continue;
      const element: unknown = value[i];
      const part = oracle(element);
      if (copy === undefined && part !== element) copy = plainArrayOf(value, i);
      if (copy !== undefined) copy[i] = part;
    }
    if (copy !== undefined) return Object.freeze(copy) as T;
    return isShareable(value) ? value : (Object.freeze(plainArrayOf(value, value.length)) as T);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let same = true;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const part = oracle(v);
    if (part !== v) same = false;
    copy[k] = part;
  }
  return same && isShareable(value) ? value : (Object.freeze(copy) as T);
}

/** A tree to build twice, alike: once for frozenCopy, once for the oracle. */
type Shape =
  | { readonly kind: 'leaf'; readonly value: number | string | null | 'decimal' }
  | {
      readonly kind: 'object' | 'array';
      readonly parts: readonly Shape[];
      readonly frozen: boolean;
      /** A getter for its first field (objects), counted when read. */
      readonly getter: boolean;
      readonly hidden: boolean;
      readonly bare: boolean;
      /** An instance of a class of its own (objects), or of an Array subclass (arrays). */
      readonly foreign: boolean;
      /** Arrays: a hole at the first index. */
      readonly sparse: boolean;
      /** Wrapped in a Proxy that counts its traps. */
      readonly proxy: boolean;
    };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('leaf' as const),
      value: fc.oneof(
        fc.integer(),
        fc.string({ maxLength: 3 }),
        fc.constant(null),
        fc.constant('decimal' as const),
      ),
    }),
    fc.record({
      kind: fc.constantFrom('object' as const, 'array' as const),
      parts: fc.array(tie('node'), { maxLength: 4 }),
      // Mostly frozen, as the values the core copies are.
      frozen: fc.nat(9).map((n) => n < 8),
      getter: fc.nat(9).map((n) => n < 1),
      hidden: fc.nat(9).map((n) => n < 1),
      bare: fc.nat(19).map((n) => n < 1),
      foreign: fc.nat(19).map((n) => n < 1),
      sparse: fc.nat(19).map((n) => n < 1),
      proxy: fc.nat(19).map((n) => n < 1),
    }),
  ),
})).node;

class Foreign {}
class List<T> extends Array<T> {}

/**
 * Builds a shape; `reads` counts each getter's reads and each Proxy's traps, by position in building order
 * (the same for two builds of one shape).
 */
function build(s: Shape, reads: number[]): unknown {
  if (s.kind === 'leaf') return s.value === 'decimal' ? new Dec('12.50') : s.value;
  const parts = s.parts.map((p) => build(p, reads));
  let out: Record<string, unknown> | unknown[];
  if (s.kind === 'array') {
    out = s.foreign ? List.from(parts) : parts;
    if (s.sparse && out.length > 0) delete out[0];
  } else {
    out = s.bare ? Object.create(null) : s.foreign ? new Foreign() : {};
    parts.forEach((p, i) => {
      (out as Record<string, unknown>)[`f${i}`] = p;
    });
    if (s.getter && parts.length > 0) {
      const at = reads.length;
      reads.push(0);
      const first = parts[0];
      Object.defineProperty(out, 'f0', {
        enumerable: true,
        get: () => {
          reads[at] = (reads[at] ?? 0) + 1;
          return first;
        },
      });
    }
  }
  if (s.hidden) Object.defineProperty(out, 'hidden', { value: 1, enumerable: false });
  const value = s.frozen ? Object.freeze(out) : out;
  return s.proxy ? counted(value, reads) : value;
}

/** The paths at which `copy` holds the very part of `source` found there. */
function shared(source: unknown, copy: unknown, path = '$', out: string[] = []): string[] {
  if (source === copy) {
    out.push(path);
    return out;
  }
  if (typeof source !== 'object' || source === null || typeof copy !== 'object' || copy === null) return out;
  for (const k of Object.keys(copy))
    shared((source as Record<string, unknown>)[k], (copy as Record<string, unknown>)[k], `${path}.${k}`, out);
  return out;
}

describe('frozenCopy against the copy it made before', () => {
  test.prop([shape], { numRuns: 400 })(
    'the same copy, the same parts shared, each getter read as often',
    (s) => {
      const readsNow: number[] = [];
      const readsBefore: number[] = [];
      const now = build(s, readsNow);
      const before = build(s, readsBefore);
      const copyNow = frozenCopy(now);
      const copyBefore = oracle(before);
      // Counted before any assertion reads the values (a Proxy kept as it is counts those reads too).
      const countedNow = [...readsNow];
      const countedBefore = [...readsBefore];
      expect(countedNow).toStrictEqual(countedBefore);
      expect(copyNow).toStrictEqual(copyBefore);
      expect(shared(now, copyNow)).toStrictEqual(shared(before, copyBefore));
    },
  );
});

describe('frozenCopy against the copy it made before, with an enumerable getter on Object.prototype', () => {
  test.prop([shape], { numRuns: 100 })(
    'the same copy, the same parts shared, each getter read as often',
    (s) => {
      let inherited = 0;
      // Planted only while each copy runs: fast-check and the assertions assign fields of their own.
      const planted = <T>(run: () => T): T => {
        Object.defineProperty(Object.prototype, 'planted', {
          configurable: true,
          enumerable: true,
          get: () => {
            inherited += 1;
            return Object.freeze({ x: 1 });
          },
        });
        try {
          return run();
        } finally {
          delete (Object.prototype as { planted?: unknown }).planted;
        }
      };
      const readsNow: number[] = [];
      const readsBefore: number[] = [];
      const now = build(s, readsNow);
      const before = build(s, readsBefore);
      inherited = 0;
      const copyNow = planted(() => frozenCopy(now));
      const byNow = inherited;
      inherited = 0;
      const copyBefore = planted(() => oracle(before));
      const countedNow = [...readsNow];
      const countedBefore = [...readsBefore];
      expect(byNow).toBe(inherited);
      expect(countedNow).toStrictEqual(countedBefore);
      expect(shared(now, copyNow)).toStrictEqual(shared(before, copyBefore));
    },
  );
});
