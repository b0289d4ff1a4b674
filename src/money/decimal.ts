import { Decimal } from 'decimal.js';

/**
 * The library's private Decimal constructor: 60 significant digits, half-up, never exponent notation
 * in `toString()`. A clone, so a host's own `Decimal.set()` cannot change our arithmetic (and we never
 * touch the global one). From decimal.js's defaults, not the global constructor's settings: a clone copies
 * every option it is not given from the constructor it is made from, so a host that set `minE: -3` before
 * importing the library made 0.0001 read as 0 (review 119).
 * @since 0.1.0
 */
export const Dec = Decimal.clone({
  defaults: true,
  precision: 60,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -60,
  toExpPos: 60,
});

/**
 * Whether `x` is a finite Decimal ({@link isDecimal}), decided by its fields (digits, or none for NaN and
 * ±Infinity), never by calling its methods: a host's subclass (of decimal.js's own class, which every clone shares)
 * can override `isFinite` to throw or lie. @internal
 */
export function isFiniteDecimal(x: unknown): x is Decimal {
  return isDecimal(x) && Array.isArray((x as { readonly d?: unknown }).d);
}

/**
 * A decimal.js instance (from our clone or any other decimal.js constructor).
 * @since 0.1.0
 */
export type DecimalValue = Decimal;

/**
 * Whether digits `d`, exponent `e` and sign `s` are those decimal.js keeps for a finite value: words of seven digits
 * (0 ≤ w < 10⁷, whole), the first holding as many digits as `e` says, no trailing zero word, a whole exponent within
 * decimal.js's limit (±9e15) and a sign of ±1 — so that a copy of them is a number (an object built to look like a Decimal, `d: ['x']` or `e:
 * 0.5`, read as 'x.00' or never returned; review 119).
 */
function hasDecimalFields(d: unknown, e: number, s: number): boolean {
  if (!Array.isArray(d) || d.length === 0 || !Number.isInteger(e) || Math.abs(e) > 9e15) return false;
  if (s !== 1 && s !== -1) return false;
  for (const w of d as unknown[])
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w >= 1e7) return false;
  const first = d[0] as number;
  if (first === 0) return d.length === 1 && e === 0;
  if ((d[d.length - 1] as number) === 0) return false;
  return String(first).length === (((e % 7) + 7) % 7) + 1;
}

/**
 * Whether `x` is a decimal.js instance from any constructor (our clone, the global one, or a host's clone).
 * @since 0.1.0
 */
export function isDecimal(x: unknown): x is Decimal {
  try {
    if (!Dec.isDecimal(x)) return false;
    if (x instanceof Dec) return true;
    // decimal.js takes any object whose `toStringTag` says Decimal, and a JSON body can hold one
    // (`{"toStringTag":"[object Decimal]"}`): an instance of another copy or clone also has its digits, exponent,
    // sign and methods.
    const v = x as Readonly<Record<string, unknown>>;
    if (
      typeof v.e !== 'number' ||
      typeof v.s !== 'number' ||
      typeof v.isFinite !== 'function' ||
      typeof v.toFixed !== 'function' ||
      typeof v.toString !== 'function'
    )
      return false;
    // NaN or ±Infinity, as decimal.js holds them: no digits, no exponent, a sign of ±1 (or none for NaN).
    if (v.d === null) return Number.isNaN(v.e) && (v.s === 1 || v.s === -1 || Number.isNaN(v.s));
    return hasDecimalFields(v.d, v.e, v.s);
  } catch {
    // A getter or a Proxy trap that threw (a revoked Proxy) is no Decimal.
    return false;
  }
}

/**
 * Re-wraps a decimal.js instance (from any clone) or an already validated numeric string into the library's private decimal.js clone,
 * so later arithmetic uses our precision and rounding. Throws a `TypeError` on anything else: validate user
 * input with `parseAmount` first (a bad value here is a programmer error).
 * @since 0.1.0
 */
export function toDec(x: Decimal | string): Decimal {
  if (Dec.isDecimal(x)) return frozenDecimal(new Dec(x));
  if (typeof x === 'string') {
    try {
      return frozenDecimal(new Dec(x));
    } catch {
      throw new TypeError(`toDec: ${JSON.stringify(x)} is not a decimal number string.`);
    }
  }
  throw new TypeError(`toDec: expected a Decimal or a decimal string, got ${typeof x}.`);
}

/**
 * `x.eq(y)` without the copy of `y` that decimal.js makes for every comparison: the same test on the same
 * fields (sign, exponent, digit words; every zero equal), so the same answer. Not finite, or outside the
 * exponent range of `x`'s constructor (whose copy of `y` would then differ): decimal.js answers.
 * @internal
 */
export function decimalEquals(x: Decimal, y: Decimal): boolean {
  const xd = x.d as number[] | null;
  const yd = y.d as number[] | null;
  const ctor = x.constructor as typeof Decimal;
  if (!xd || !yd || y.e > ctor.maxE || y.e < ctor.minE) return x.eq(y);
  const x0 = xd[0];
  const y0 = yd[0];
  if (!x0 || !y0) return !x0 && !y0;
  if (x === y) return true;
  if (x.s !== y.s || x.e !== y.e || xd.length !== yd.length) return false;
  for (let i = 0; i < xd.length; i++) if (xd[i] !== yd[i]) return false;
  return true;
}

/**
 * Whether `x` is a non-zero finite decimal of the library's clone with at most 8 digit words (≤ 56 significant
 * digits): then `new Dec(0).plus(x)` — a copy of `x` rounded to the clone's 60 digits — has `x`'s sign,
 * exponent and digits, so `x` itself can stand for it.
 * @internal
 */
export function isSumReady(x: Decimal): boolean {
  const d = x.d as number[] | null;
  return x.constructor === Dec && !!d && d.length <= 8 && !!d[0];
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

/**
 * Zero, frozen: the one the library's modules share, and hand out as an amount (a schedule's `billedAmount`
 * before anything is billed). Shared, so frozen: a caller's write to a returned zero must not reach another
 * schedule (review 145). @internal
 */
export const ZERO: Decimal = frozenDecimal(new Dec(0));
