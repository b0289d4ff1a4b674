import { Dec, frozenDecimal, isDecimal } from '../money/decimal';

/**
 * A frozen copy of a built value, all the way down: plain objects and arrays are copied unless they are frozen
 * through and through already (then kept), and Decimals frozen — an unfrozen one copied first (`new Dec`), since
 * it may be the caller's. So a builder or an arbitrary never freezes what its caller passed in (contracts.md:
 * inputs are never mutated, nor frozen; review 148), and what it returns is frozen, digits included. Other objects
 * (class instances) are kept as they are. @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (isDecimal(value)) {
    const digits = (value as { readonly d?: unknown }).d;
    if (Object.isFrozen(value) && (digits === null || Object.isFrozen(digits))) return value;
    return frozenDecimal(new Dec(value)) as T;
  }
  if (Array.isArray(value)) {
    const parts = value.map((part: unknown) => deepFreeze(part));
    if (Object.isFrozen(value) && parts.every((part, i) => part === value[i])) return value;
    return Object.freeze(parts) as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let same = Object.isFrozen(value);
  const copy: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(value)) {
    const kept = deepFreeze(part);
    if (kept !== part) same = false;
    copy[key] = kept;
  }
  return same ? value : (Object.freeze(copy) as T);
}
