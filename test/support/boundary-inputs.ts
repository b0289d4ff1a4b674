// Inputs of the boundary tests (issue 13, "Input at the boundary"): JSON-like values nobody should send —
// near misses of real numbers and dates, huge strings and lists, deep nesting, prototype-pollution payloads —
// and an arbitrary that throws them at an operation's request. Shared by the boundary fuzz
// (test/property/boundary-fuzz.test.ts) and the validators' tests.
import { fc } from '@fast-check/vitest';

/** JSON with an own `__proto__` key, as `JSON.parse` builds it (an object literal would set the prototype). */
export const protoKey = (value: unknown): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return o;
};

export function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const MEGABYTE = 'x'.repeat(1_000_000);
// Frozen, so that an operation writing into its input throws (and fails the check) instead of changing them.
export const HUGE_ARRAYS = deepFreeze({
  strings: Array.from({ length: 100_000 }, () => 'A-001'),
  objects: Array.from({ length: 100_000 }, () => ({
    name: 'Kick-off',
    runDate: '2023-02-04',
    amount: '1.00',
  })),
  charges: Array.from({ length: 100_000 }, (_, i) => ({
    number: `C${i}`,
    name: 'Fee',
    type: 'Recurring',
    price: '1200.00',
    listPriceBase: 'Year',
    billingPeriod: 'Annual',
  })),
  sparse: new Array(100_000),
});
/** The big constants, left out of the text that checks an input was not changed (they are frozen). */
export const FROZEN_BIG: ReadonlySet<unknown> = new Set([MEGABYTE, ...Object.values(HUGE_ARRAYS)]);
export const POLLUTERS = [
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"prototype": {"polluted": "yes"}}'),
  protoKey({ polluted: 'yes' }),
] as const;

/** Values that look almost right: numbers and dates of the seeded world, their near misses. */
export const nearMisses = fc.constantFrom<unknown>(
  'A-001',
  'A-002',
  'O-0001',
  'O-0100',
  'IS-00000001',
  'IS-00000002',
  'INV00000001',
  'INV00000002',
  'BR-00000001',
  'BR-00000002',
  'CM00000001',
  'S1',
  '002S1',
  'C1',
  'USD',
  '2023-02-04',
  '2023-02-30',
  '2023-13-01',
  '100.00',
  '1.001',
  '-5',
  'NaN',
  '1e5',
  ' ',
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  null,
  undefined,
  [],
  {},
  Object.create(null),
);

/** The shapes nobody expects: huge strings and arrays, deep nesting, prototype-pollution payloads. */
export const monsters = fc.constantFrom<unknown>(
  MEGABYTE,
  'A'.repeat(1_001),
  'A'.repeat(1_000),
  'A'.repeat(256),
  'A'.repeat(255),
  HUGE_ARRAYS.strings,
  HUGE_ARRAYS.objects,
  HUGE_ARRAYS.charges,
  HUGE_ARRAYS.sparse,
  Array.from({ length: 1_001 }, (_, i) => `A-${i}`),
  nested(100),
  nested(100_000),
  ...POLLUTERS,
);

export const anything = fc.anything({
  maxDepth: 2,
  maxKeys: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

export const weird: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: nearMisses },
  { weight: 2, arbitrary: monsters },
  { weight: 1, arbitrary: anything },
  { weight: 1, arbitrary: fc.array(nearMisses, { maxLength: 3 }) },
);

export type Path = readonly (string | number)[];

/** Every path of a JSON tree: the root, each field, each element. */
export function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...at, i]));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  }
  return out;
}

export type Mutation = 'replace' | 'delete' | 'addKey';

/** A copy of the JSON tree `value` with one change at `path`. */
export function mutated(
  value: unknown,
  path: Path,
  how: Mutation,
  key: string,
  replacement: unknown,
): unknown {
  if (path.length === 0) {
    if (how === 'replace') return replacement;
    if (how === 'addKey' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      Object.defineProperty(copy, key, {
        value: replacement,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return copy;
    }
    return undefined; // delete
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const changed = mutated(copy[head as number], rest, how, key, replacement);
    if (changed === undefined && rest.length === 0 && how === 'delete') copy.splice(head as number, 1);
    else copy[head as number] = changed;
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const changed = mutated(copy[head as string], rest, how, key, replacement);
  if (changed === undefined) delete copy[head as string];
  else copy[head as string] = changed;
  return copy;
}

/**
 * Inputs for one operation: anything at all, its `fields` with wrong values, its `valid` request mutated at
 * one place (a value replaced or deleted, a key added: `__proto__`, `constructor`, 5,000 characters …).
 */
export function requestInputs(op: {
  readonly valid: unknown;
  readonly fields: readonly string[];
}): fc.Arbitrary<unknown> {
  const paths = pathsOf(op.valid);
  const mutations = fc
    .tuple(
      fc.nat({ max: paths.length - 1 }),
      fc.constantFrom<Mutation>('replace', 'replace', 'delete', 'addKey'),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'A'.repeat(5_000)),
      weird,
    )
    .map(([i, how, key, replacement]) => mutated(op.valid, paths[i] ?? [], how, key, replacement));
  const fieldRecords =
    op.fields.length === 0
      ? weird
      : fc.record(Object.fromEntries(op.fields.map((f) => [f, weird])), { requiredKeys: [] });
  return fc.oneof(
    { weight: 2, arbitrary: weird },
    { weight: 2, arbitrary: fieldRecords },
    { weight: 4, arbitrary: mutations },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(
        op.valid,
        ...POLLUTERS.map((p) => ({ ...(op.valid as object), ...p })),
      ),
    },
  );
}

/** Fields whose strings name something, made unique in {@link grown} lists (a duplicate is refused early). */
export const NAMING_KEYS = new Set(['number', 'subscriptionNumber', 'chargeNumber', 'id', 'orderNumber']);

export function uniqueCopy(value: unknown, i: number, key: string | null): unknown {
  if (typeof value === 'string') return key === null || NAMING_KEYS.has(key) ? `${value}-${i}` : value;
  if (Array.isArray(value)) return value.map((v) => uniqueCopy(v, i, null));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, uniqueCopy(v, i, k)]));
  }
  return value;
}

/** The paths of the request's non-empty lists. */
export const listPaths = (value: unknown): Path[] =>
  pathsOf(value).filter((p) => {
    const found = p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
    return Array.isArray(found) && found.length > 0;
  });

/** The request with the list at `path` grown to `size` elements: copies of its first one, numbered apart. */
export function grown(value: unknown, path: Path, size: number): unknown {
  const [head, ...rest] = path;
  if (head === undefined) {
    const first = (value as readonly unknown[])[0];
    return Array.from({ length: size }, (_, i) => uniqueCopy(first, i, null));
  }
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? grown(v, rest, size) : v));
  return { ...(value as object), [head]: grown((value as Record<string, unknown>)[head], rest, size) };
}
