import type { Decimal } from 'decimal.js';
import type { Currency } from './currency';
import { Dec, frozenDecimal, toDec, ZERO } from './decimal';

/** Below this many units (either sign) an amount is shared: its digits are far fewer than 60. */
const SHARED_UNITS = 10n ** 15n;
/** Scales above this are not shared (no currency has more than 4 minor units). */
const SHARED_SCALES = 8;
/** How many amounts are kept before the cache starts again (a cache, not a registry: 3–4 MB at most). */
const SHARED_LIMIT = 1 << 14;
const sharedByScale: Map<bigint, Decimal>[] = [];
let sharedCount = 0;
/** The units and scale each shared amount was built from (read back by `unitsAtScale`), and its text once written. */
const sharedUnits = new WeakMap<Decimal, { readonly units: bigint; readonly scale: number; text?: string }>();

/**
 * An amount already at the currency's scale as an integer count of minor units (`'12.34'` USD → `1234n`).
 * @internal
 * @since 0.1.0
 */
export function toMinorUnits(amount: Decimal, currency: Currency): bigint {
  const d = Dec.isDecimal(amount) ? amount : toDec(amount);
  // Not a finite number: fail as the conversion always did.
  if (!d.isFinite()) return BigInt(toDec(d).toFixed(currency.minorUnits).replace('.', ''));
  const units = unitsAtScale(d, currency.minorUnits);
  if (units === null) {
    throw new RangeError(
      `${toDec(d).toString()} has more decimals than ${currency.code} allows (${currency.minorUnits}).`,
    );
  }
  return units;
}

/**
 * The amount in minor units when it has at most `minorUnits` decimals, else `null` (never rounds). Reads
 * `toFixed()`'s digits: far cheaper than `toFixed(minorUnits)`, which rounds.
 * @internal
 */
export function unitsAtScale(amount: Decimal, minorUnits: number): bigint | null {
  // An amount built from minor units (shared, below): its units are known.
  const known = sharedUnits.get(amount);
  if (known !== undefined && known.scale === minorUnits) return known.units;
  if (!amount.isFinite() || amount.decimalPlaces() > minorUnits) return null;
  // Zero (either sign) reads "0": no string to build.
  if (amount.isZero()) return 0n;
  // toFixed() without arguments never uses exponent notation, and writes -0 as "0".
  const { digits, places } = digitsOf(amount.toFixed());
  return BigInt(places === minorUnits ? digits : digits + '0'.repeat(minorUnits - places));
}

/** A plain decimal text's digits without its point, and how many follow the point (`'-12.30'` → `-1230`, 2). */
function digitsOf(text: string): { readonly digits: string; readonly places: number } {
  const dot = text.indexOf('.');
  return dot === -1
    ? { digits: text, places: 0 }
    : { digits: text.slice(0, dot) + text.slice(dot + 1), places: text.length - dot - 1 };
}

/**
 * `amount.toFixed(minorUnits)` of an amount built from minor units at that scale (shared, below), written once
 * from its units; `undefined` for any other amount (the caller writes it with decimal.js).
 * @internal
 */
export function sharedAmountText(amount: Decimal, minorUnits: number): string | undefined {
  const known = sharedUnits.get(amount);
  if (known === undefined || known.scale !== minorUnits) return undefined;
  if (known.text === undefined) known.text = unitsText(known.units, minorUnits);
  return known.text;
}

/** `units ÷ 10^scale` written with exactly `scale` places (`-5n`, 2 → `'-0.05'`). */
function unitsText(units: bigint, scale: number): string {
  const sign = units < 0n ? '-' : '';
  let digits = (units < 0n ? -units : units).toString();
  if (scale === 0) return sign + digits;
  if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
  return `${sign}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

/**
 * Minor units back to an exact amount (`1234n` USD → `12.34`); never negative zero. Frozen, and shared with
 * every other amount of the same units and scale built lately (see {@link sharedAmount}).
 * @internal
 * @since 0.1.0
 */
export function fromMinorUnits(units: bigint, currency: Currency): Decimal {
  return (
    sharedAmount(units, currency.minorUnits) ?? frozenDecimal(new Dec(`${units}e-${currency.minorUnits}`))
  );
}

/**
 * `units ÷ 10^minorUnits` as the library's decimal, exactly what `new Dec(units).div(10^minorUnits)` gives
 * (so also its 60-digit rounding of longer values), and `0` for zero. Frozen and shared below 10^15 units,
 * as {@link fromMinorUnits}.
 * @internal
 */
export function unitsToDecimal(units: bigint, minorUnits: number): Decimal {
  const shared = sharedAmount(units, minorUnits);
  if (shared !== undefined) return shared;
  if (units === 0n) return ZERO;
  const text = units.toString();
  // Up to 60 significant digits the quotient is exact: parse it instead of dividing.
  if (text.length <= 60) return frozenDecimal(new Dec(`${text}e-${minorUnits}`));
  return frozenDecimal(new Dec(text).div(new Dec((10n ** BigInt(minorUnits)).toString())));
}

/**
 * The shared decimal (see {@link sharedAmount}) of a decimal text such as `'26282.05'` or `'-270'` (digits,
 * an optional sign and point; no exponent), when it has at most 8 places and fewer than 10^15 units; else
 * `undefined`. A zero is left to the caller (its sign is kept as read). Cheaper than decimal.js's parse,
 * and the amount read back is the one the core built.
 * @internal
 */
export function sharedAmountOfText(text: string): Decimal | undefined {
  if (text.length > 17) return undefined;
  const { digits, places } = digitsOf(text);
  if (places > SHARED_SCALES) return undefined;
  const units = BigInt(digits);
  return units === 0n ? undefined : sharedAmount(units, places);
}

/**
 * The frozen decimal of `units` at `minorUnits` built earlier, or built now and kept, when `units` is below
 * 10^15 in size (the same value `fromMinorUnits` and `unitsToDecimal` give: so few digits parse exactly);
 * else `undefined`. The amounts a bill run builds repeat — a charge's total on every execution, equal line
 * amounts across accounts — and decimal.js parses a string for each: a lookup instead, and one Decimal (~112
 * bytes with its digits) that every invoice and schedule keeping the amount shares. Sharing is safe: the
 * value is frozen, and decimal.js never changes a Decimal.
 */
function sharedAmount(units: bigint, minorUnits: number): Decimal | undefined {
  if (units >= SHARED_UNITS || units <= -SHARED_UNITS || !(minorUnits >= 0 && minorUnits <= SHARED_SCALES))
    return undefined;
  let byUnits = sharedByScale[minorUnits];
  if (byUnits === undefined) {
    byUnits = new Map();
    sharedByScale[minorUnits] = byUnits;
  }
  const known = byUnits.get(units);
  if (known !== undefined) return known;
  if (sharedCount >= SHARED_LIMIT) {
    for (const m of sharedByScale) m?.clear();
    sharedCount = 0;
  }
  const built = frozenDecimal(units === 0n ? new Dec(0) : new Dec(`${units}e-${minorUnits}`));
  byUnits.set(units, built);
  sharedUnits.set(built, { units, scale: minorUnits });
  sharedCount += 1;
  return built;
}
