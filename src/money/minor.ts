import type { Decimal } from 'decimal.js';
import type { Currency } from './currency';
import { Dec, toDec } from './decimal';

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
  if (!amount.isFinite() || amount.decimalPlaces() > minorUnits) return null;
  // Zero (either sign) reads "0": no string to build.
  if (amount.isZero()) return 0n;
  // toFixed() without arguments never uses exponent notation, and writes -0 as "0".
  const text = amount.toFixed();
  const dot = text.indexOf('.');
  const digits = dot === -1 ? text : text.slice(0, dot) + text.slice(dot + 1);
  const places = dot === -1 ? 0 : text.length - dot - 1;
  return BigInt(places === minorUnits ? digits : digits + '0'.repeat(minorUnits - places));
}

/**
 * Minor units back to an exact amount (`1234n` USD → `12.34`); never negative zero.
 * @internal
 * @since 0.1.0
 */
export function fromMinorUnits(units: bigint, currency: Currency): Decimal {
  return new Dec(`${units}e-${currency.minorUnits}`);
}

/**
 * `units ÷ 10^minorUnits` as the library's decimal, exactly what `new Dec(units).div(10^minorUnits)` gives
 * (so also its 60-digit rounding of longer values), and `0` for zero.
 * @internal
 */
export function unitsToDecimal(units: bigint, minorUnits: number): Decimal {
  if (units === 0n) return new Dec(0);
  const text = units.toString();
  // Up to 60 significant digits the quotient is exact: parse it instead of dividing.
  if (text.length <= 60) return new Dec(`${text}e-${minorUnits}`);
  return new Dec(text).div(new Dec((10n ** BigInt(minorUnits)).toString()));
}
