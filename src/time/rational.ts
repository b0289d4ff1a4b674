import type { Decimal } from 'decimal.js';
import { Dec } from '../money/decimal';

/**
 * An exact fraction `num / den` of bigints, always normalised: `den > 0` and `gcd(|num|, den) = 1`.
 * Service periods need it because e.g. 200/1,400 × 12 × 28 must be exactly 20 days, not 20.000…1 (§7.4).
 * @since 0.1.0
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  // Values of money and dates nearly always fit a double exactly: Euclid on numbers is much cheaper.
  if (x <= SAFE && y <= SAFE) {
    let p = Number(x);
    let q = Number(y);
    while (q !== 0) {
      const r = p % q;
      p = q;
      q = r;
    }
    return BigInt(p);
  }
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

function toBigInt(x: bigint | number, name: string): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isSafeInteger(x)) {
    throw new RangeError(`rational: ${name} must be a bigint or a safe integer, got ${x}`);
  }
  return BigInt(x);
}

function make(num: bigint, den: bigint): Rational {
  if (den === 1n) return Object.freeze({ num, den });
  if (den === 0n) throw new RangeError('rational: the denominator must not be zero');
  const g = gcd(num, den);
  if (den > 0n && g === 1n) return Object.freeze({ num, den });
  const sign = den < 0n ? -1n : 1n;
  return Object.freeze({ num: (sign * num) / g, den: (sign * den) / g });
}

/**
 * The normalised fraction `num / den` of bigints (`den ≠ 0`), for exact arithmetic that normalises once.
 * @internal
 */
export function fraction(num: bigint, den: bigint): Rational {
  return make(num, den);
}

const FRACTION_TEXT = /^(0|-?[1-9]\d*)(?:\/([1-9]\d*))?$/;

/**
 * The canonical text of a fraction: `"num"` when whole, else `"num/den"` (lowest terms, `den > 1`). It
 * survives JSON, unlike the bigints. @internal
 */
export function formatFraction(r: Rational): string {
  return r.den === 1n ? `${r.num}` : [r.num, r.den].join('/');
}

/**
 * Reads the text {@link formatFraction} writes, and only that: `null` for anything else (a decimal point, a
 * sign on the denominator, leading zeros, a fraction not in lowest terms, a denominator of 0 or 1). @internal
 */
export function parseFraction(text: unknown): Rational | null {
  if (typeof text !== 'string') return null;
  const match = FRACTION_TEXT.exec(text);
  if (match === null) return null;
  const num = BigInt(match[1] as string);
  if (match[2] === undefined) return make(num, 1n);
  const den = BigInt(match[2]);
  if (den === 1n || num === 0n) return null;
  const r = make(num, den);
  return r.den === den ? r : null;
}

/**
 * Builds the normalised fraction `num / den` (`den` defaults to 1). Throws on a zero denominator or a
 * non-integer number, which are programmer errors.
 * @since 0.1.0
 */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  return make(toBigInt(num, 'num'), toBigInt(den, 'den'));
}

/**
 * The exact value of a finite decimal.js number as a fraction (any decimal.js instance is accepted).
 * @since 0.1.0
 */
export function fromDecimal(x: Decimal): Rational {
  const f = decimalFraction(x);
  return make(f.num, f.den);
}

const POWERS_OF_TEN: readonly bigint[] = Object.freeze(
  Array.from({ length: 20 }, (_, k) => 10n ** BigInt(k)),
);

/**
 * The exact value of a finite decimal.js number as `num / 10^k`, not normalised (for arithmetic that only
 * compares or divides, where the gcd is wasted work).
 * @internal
 */
export function decimalFraction(x: Decimal): { readonly num: bigint; readonly den: bigint } {
  if (!x.isFinite()) throw new RangeError(`fromDecimal: ${x.toString()} is not a finite number`);
  // toFixed() without arguments never uses exponent notation, whatever the instance's config.
  const text = x.toFixed();
  const dot = text.indexOf('.');
  if (dot === -1) return { num: BigInt(text), den: 1n };
  const places = text.length - dot - 1;
  // A sign stays in front of the digits; "-0.5" → "-05" → -5.
  const num = BigInt(text.slice(0, dot) + text.slice(dot + 1));
  return { num, den: POWERS_OF_TEN[places] ?? 10n ** BigInt(places) };
}

/**
 * The fraction as a Decimal of the library's private constructor (60 significant digits, half-up).
 * @since 0.1.0
 */
export function toDecimal(r: Rational): Decimal {
  return new Dec(r.num.toString()).div(r.den.toString());
}

/**
 * `a + b`, exact.
 * @since 0.1.0
 */
export function addRational(a: Rational, b: Rational): Rational {
  return make(a.num * b.den + b.num * a.den, a.den * b.den);
}

/**
 * `a − b`, exact.
 * @since 0.1.0
 */
export function subRational(a: Rational, b: Rational): Rational {
  return make(a.num * b.den - b.num * a.den, a.den * b.den);
}

/**
 * `a × b`, exact.
 * @since 0.1.0
 */
export function mulRational(a: Rational, b: Rational): Rational {
  return make(a.num * b.num, a.den * b.den);
}

/**
 * `a ÷ b`, exact. Throws a RangeError when `b` is zero (a programmer error).
 * @since 0.1.0
 */
export function divRational(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('divRational: division by zero');
  return make(a.num * b.den, a.den * b.num);
}

/**
 * Orders two fractions: -1 if `a < b`, 0 if equal, 1 if `a > b`.
 * @since 0.1.0
 */
export function compareRational(a: Rational, b: Rational): -1 | 0 | 1 {
  // Denominators are positive, so cross-multiplying keeps the order.
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The greatest integer ≤ `r` (rounds towards −∞, also for negative fractions).
 * @since 0.1.0
 */
export function floorRational(r: Rational): bigint {
  const q = r.num / r.den; // truncates towards zero
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

/**
 * The least integer ≥ `r` (rounds towards +∞).
 * @since 0.1.0
 */
export function ceilRational(r: Rational): bigint {
  return -floorRational(make(-r.num, r.den));
}

/**
 * True when the fraction is zero.
 * @since 0.1.0
 */
export function isZeroRational(r: Rational): boolean {
  return r.num === 0n;
}

/**
 * True when the fraction is a whole number (its denominator is 1).
 * @since 0.1.0
 */
export function isIntegerRational(r: Rational): boolean {
  return r.den === 1n;
}
