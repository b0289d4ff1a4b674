import { isDecimal } from '../money/decimal';

/**
 * Freezes plain objects and arrays all the way down (Decimals are immutable already). Recurses
 * into objects that are already frozen too: a frozen value may still hold unfrozen arrays.
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || isDecimal(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.isFrozen(value) ? value : Object.freeze(value);
}
