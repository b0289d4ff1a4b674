import type { Decimal } from 'decimal.js';
import type { Currency } from './currency';
import { Dec, toDec } from './decimal';

/**
 * An amount already at the currency's scale as an integer count of minor units (`'12.34'` USD → `1234n`).
 * @internal
 * @since 0.1.0
 */
export function toMinorUnits(amount: Decimal, currency: Currency): bigint {
  const d = toDec(amount);
  if (d.decimalPlaces() > currency.minorUnits) {
    throw new RangeError(
      `${d.toString()} has more decimals than ${currency.code} allows (${currency.minorUnits}).`,
    );
  }
  return BigInt(d.toFixed(currency.minorUnits).replace('.', ''));
}

/**
 * Minor units back to an exact amount (`1234n` USD → `12.34`); never negative zero.
 * @internal
 * @since 0.1.0
 */
export function fromMinorUnits(units: bigint, currency: Currency): Decimal {
  return new Dec(`${units}e-${currency.minorUnits}`);
}
