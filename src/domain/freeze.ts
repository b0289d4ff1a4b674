/** Freezing helpers (internal) for the values the core returns. */

import { Dec, frozenDecimal } from '../money/decimal';

/** An empty list, frozen, so every empty result of the core and the stores can share it. @internal */
export const EMPTY_LIST: readonly never[] = Object.freeze([]);

/**
 * `util.types.isProxy` where the runtime offers it synchronously (`process.getBuiltinModule`, Node ≥ 20.16),
 * else `undefined`. A Proxy over a frozen plain object answers every check of {@link isShareable} as its
 * target does, yet can throw or be revoked later: such a value is never shared.
 */
const isProxy: ((value: unknown) => boolean) | undefined = (() => {
  try {
    const runtime = (
      globalThis as {
        readonly process?: { readonly getBuiltinModule?: (id: string) => unknown };
      }
    ).process;
    const util = runtime?.getBuiltinModule?.('node:util') as
      | { readonly types?: { readonly isProxy?: (value: unknown) => boolean } }
      | undefined;
    return typeof util?.types?.isProxy === 'function' ? util.types.isProxy : undefined;
  } catch {
    return undefined;
  }
})();

/** Whether `value` is a Proxy, as far as the runtime can tell (`false` where it cannot). @internal */
export function isKnownProxy(value: unknown): boolean {
  return isProxy?.(value) === true;
}

/**
 * Values that passed {@link isShareable}'s full check with every own key enumerable, so that their own keys
 * are `Object.keys`: what it checks does not change for a frozen plain object or array (no key, prototype or
 * kind of field changes once frozen, and a Proxy stays one); typed arrays and other views, which an engine
 * may let grow after freezing, are never shareable. Bounded: a fresh set after 65,536 values (~32 B each,
 * about 2 MB, briefly twice that until the old set is collected; the values themselves are not kept alive
 * by it), so a long-lived process does not grow with it.
 */
let shareable = new WeakSet<object>();
let shareableCount = 0;
const SHAREABLE_LIMIT = 65_536;

function rememberShareable(value: object): void {
  if (shareableCount >= SHAREABLE_LIMIT) {
    shareable = new WeakSet();
    shareableCount = 0;
  }
  shareable.add(value);
  shareableCount += 1;
}

/**
 * Whether two lists of strings hold the same strings in the same order (a value's own keys against the expected
 * keys; a schedule's orders or charge numbers against the stored ones; an index's values). @internal
 */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether `value` (a plain object or array whose parts were each kept as they are) may be kept itself
 * instead of a copy: frozen, its prototype `Object.prototype` (an array's `Array.prototype`), its own keys
 * `keys` in that order (an array's: its indexes, then `length`), each a data field — a getter could answer
 * otherwise later — and not a Proxy. Where the runtime cannot tell a Proxy, nothing is shared. A value that
 * passed once is known (see {@link shareable}): its field descriptors are not read again.
 * @internal
 */
export function isShareable(value: object, keys?: readonly string[]): boolean {
  if (shareable.has(value))
    return keys === undefined || Array.isArray(value) || sameStrings(Object.keys(value), keys);
  if (isProxy === undefined || isProxy(value) || !Object.isFrozen(value) || ArrayBuffer.isView(value))
    return false;
  const own = Reflect.ownKeys(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || own.length !== value.length + 1) return false;
    for (let i = 0; i < value.length; i += 1)
      if (!Object.hasOwn(Object.getOwnPropertyDescriptor(value, i) ?? {}, 'value')) return false;
    rememberShareable(value);
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const names = keys ?? Object.keys(value);
  if (own.length !== names.length) return false;
  for (let i = 0; i < names.length; i += 1) {
    const name = names[i] as string;
    if (own[i] !== name) return false;
    if (!Object.hasOwn(Object.getOwnPropertyDescriptor(value, name) ?? {}, 'value')) return false;
  }
  // Known only when every own key is enumerable, so that a later check can read them with Object.keys.
  if (keys === undefined || Object.keys(value).length === own.length) rememberShareable(value);
  return true;
}

/**
 * Deep-freezes plain objects and arrays (Decimal instances are immutable by design and left as they are).
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/**
 * A plain array of `value`'s length holding its own elements before index `end` (holes stay holes): never an
 * instance of a subclass of the caller's, whose constructor `slice` or `map` would run.
 */
function plainArrayOf(value: readonly unknown[], end: number): unknown[] {
  const out: unknown[] = new Array(value.length);
  for (let i = 0; i < end; i += 1) if (Object.hasOwn(value, i)) out[i] = value[i];
  return out;
}

/**
 * A deep-frozen structural copy of plain objects and arrays (Decimal instances are shared: they are
 * immutable). Used where a result embeds caller data, so that freezing the result never freezes the caller's
 * objects. A part that is frozen already, and whose own parts are, is shared instead of copied: it cannot
 * change, and sharing lets the values a store keeps share it too (a subscription's rate plans are those of
 * the order that created it).
 * @internal
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  // Most values the core copies are frozen through and through already (stored ones, and the parts of them a
  // new value shares): checked first without building a copy of each part, which would be thrown away.
  if (isFrozenThrough(value, hasEnumerableField(Object.prototype))) return value;
  return copied(value);
}

/** Whether `value` has an enumerable field, own or inherited (`Object.prototype` has none unless changed). */
function hasEnumerableField(value: object): boolean {
  // biome-ignore lint/correctness/noUnusedVariables: only whether there is one.
  for (const name in value) return true;
  return false;
}

/**
 * Whether {@link copied} would give `value` back as it is: every part is, and `value` is shareable. A Proxy
 * never is, and is told before anything of it is read (where the runtime cannot tell one, nothing is shared
 * and this answers `false` at once); each object is found shareable (frozen, plain, own fields all data fields)
 * before its fields are read, and only its own fields are (`inherits`: `Object.prototype` has an enumerable
 * field, which a `for…in` lists). So this reads no getter, and a field read here reads the same when
 * {@link copied} reads it again. Stops at the first part that is not.
 */
function isFrozenThrough(value: object, inherits: boolean): boolean {
  // Found shareable before: a plain object or array, and no Proxy.
  if (!shareable.has(value)) {
    if (isProxy === undefined || isProxy(value)) return false;
    if (!Array.isArray(value)) {
      const proto = Object.getPrototypeOf(value);
      // Shared as it is (a Decimal): see `copied`.
      if (proto !== Object.prototype && proto !== null) return true;
    }
    if (!isShareable(value)) return false;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const element: unknown = value[i];
      if (typeof element === 'object' && element !== null && !isFrozenThrough(element, inherits))
        return false;
    }
    return true;
  }
  for (const key in value) {
    if (inherits && !Object.hasOwn(value, key)) continue;
    const field: unknown = (value as Record<string, unknown>)[key];
    if (typeof field === 'object' && field !== null && !isFrozenThrough(field, inherits)) return false;
  }
  return true;
}

/** {@link frozenCopy}'s copy, part by part. */
function copied<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      // A hole stays a hole.
      if (!Object.hasOwn(value, i)) continue;
      const element: unknown = value[i];
      const part = frozenCopy(element);
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
    const part = frozenCopy(v);
    if (part !== v) same = false;
    copy[k] = part;
  }
  // Its enumerable fields, each kept as it is: shared when it is itself shareable (a copy has
  // `Object.prototype`).
  return same && isShareable(value) ? value : (Object.freeze(copy) as T);
}

/**
 * Freezes what an operation returns through and through, its Decimal values included ({@link frozenDecimal}):
 * every value the library returns is frozen (docs/guides/queries.md), and a Decimal, which decimal.js never
 * changes, can still be written to by its holder (its digits are an array), so an unfrozen one built by the core —
 * a zero shared by many schedules was one — could be changed by one caller under another (review 145). Plain
 * objects and arrays are walked, frozen ones too (a frozen value may hold a Decimal built unfrozen); other objects
 * are left as they are. Nothing of the caller's input is in it (an operation reads a copy of its input,
 * `readRequest`, and parses amounts into new Decimals); what the store's repositories returned may be (a query
 * answers the record as read), and the repositories guide asks them for the library's frozen values — one a
 * host's adapter returns unfrozen is frozen in place. Returns `value`.
 * @internal
 */
export function freezeResult<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Dec) return frozenDecimal(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const element: unknown = value[i];
      if (typeof element === 'object' && element !== null) freezeResult(element);
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    for (const key of Object.keys(value)) {
      const field: unknown = (value as Record<string, unknown>)[key];
      if (typeof field === 'object' && field !== null) freezeResult(field);
    }
  }
  if (!Object.isFrozen(value)) Object.freeze(value);
  return value;
}
