/** Freezing helpers (internal) for the values the core returns. */

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
 * A deep-frozen structural copy of plain objects and arrays (Decimal instances are shared: they are
 * immutable). Used where a result embeds caller data, so that freezing the result never freezes the caller's
 * objects. A part that is frozen already, and whose own parts are, is shared instead of copied: it cannot
 * change, and sharing lets the values a store keeps share it too (a subscription's rate plans are those of
 * the order that created it).
 * @internal
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const element: unknown = value[i];
      const part = frozenCopy(element);
      if (copy === undefined && part !== element) copy = value.slice(0, i);
      copy?.push(part);
    }
    if (copy !== undefined) return Object.freeze(copy) as T;
    return isPlainFrozenArray(value) ? value : (Object.freeze([...value]) as T);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  // Shared only when frozen, plain, with nothing but enumerable data fields (a getter could answer otherwise
  // later); a copy has `Object.prototype`.
  let same =
    proto === Object.prototype &&
    Object.isFrozen(value) &&
    Object.keys(value).length === Reflect.ownKeys(value).length;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const part = frozenCopy(v);
    if (part !== v || (same && !Object.hasOwn(Object.getOwnPropertyDescriptor(value, k) ?? {}, 'value')))
      same = false;
    copy[k] = part;
  }
  return same ? value : (Object.freeze(copy) as T);
}

/** A frozen array with nothing but its elements, each a data field (a getter could answer otherwise later). */
function isPlainFrozenArray(value: readonly unknown[]): boolean {
  if (!Object.isFrozen(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
  if (Reflect.ownKeys(value).length !== value.length + 1) return false;
  for (let i = 0; i < value.length; i += 1)
    if (!Object.hasOwn(Object.getOwnPropertyDescriptor(value, i) ?? {}, 'value')) return false;
  return true;
}
