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
 * objects.
 * @internal
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v) => frozenCopy(v))) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = frozenCopy(v);
  return Object.freeze(copy) as T;
}
