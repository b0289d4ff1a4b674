import { Decimal } from 'decimal.js';

/**
 * The library's private Decimal constructor: 60 significant digits, half-up, never exponent notation
 * in `toString()`. A clone, so a host's own `Decimal.set()` cannot change our arithmetic (and we never
 * touch the global one).
 * @since 0.1.0
 */
export const Dec = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -60,
  toExpPos: 60,
});

/**
 * A decimal.js instance (from our clone or any other decimal.js constructor).
 * @since 0.1.0
 */
export type DecimalValue = Decimal;

/**
 * Whether `x` is a decimal.js instance from any constructor (our clone, the global one, or a host's clone).
 * @since 0.1.0
 */
export function isDecimal(x: unknown): x is Decimal {
  return Dec.isDecimal(x);
}

/**
 * Re-wraps a decimal.js instance (from any clone) or an already validated numeric string into the library's private decimal.js clone,
 * so later arithmetic uses our precision and rounding. Throws a `TypeError` on anything else: validate user
 * input with `parseAmount` first (a bad value here is a programmer error).
 * @since 0.1.0
 */
export function toDec(x: Decimal | string): Decimal {
  if (Dec.isDecimal(x)) return new Dec(x);
  if (typeof x === 'string') {
    try {
      return new Dec(x);
    } catch {
      throw new TypeError(`toDec: ${JSON.stringify(x)} is not a decimal number string.`);
    }
  }
  throw new TypeError(`toDec: expected a Decimal or a decimal string, got ${typeof x}.`);
}

/**
 * `d` frozen for keeping, its digits first copied to an array of their own length when they can still be
 * replaced: decimal.js builds them with `push`, which leaves 17 slots for one digit. The same digits, so the
 * value does not change; decimal.js never changes a Decimal, freezing makes that a guarantee. Returns `d`.
 * @internal
 */
export function frozenDecimal(d: Decimal): Decimal {
  if (!Object.isFrozen(d)) {
    if (!Object.isFrozen(d.d)) (d as { d: number[] }).d = Object.freeze(d.d.slice()) as number[];
    Object.freeze(d);
  } else if (!Object.isFrozen(d.d)) Object.freeze(d.d);
  return d;
}
