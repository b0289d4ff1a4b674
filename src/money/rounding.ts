import type { Decimal } from 'decimal.js';
import { type Currency, getCurrency } from './currency';
import { Dec, frozenDecimal, toDec, ZERO } from './decimal';

/**
 * How an exact value becomes an amount at the currency's scale. `halfUp` / `halfDown` / `halfEven` settle
 * ties away from zero / toward zero / to the even neighbour; `up` rounds away from zero, `down` toward zero,
 * `ceil` toward +∞, `floor` toward −∞.
 * @since 0.1.0
 */
export type RoundingMode = 'halfUp' | 'halfDown' | 'halfEven' | 'up' | 'down' | 'ceil' | 'floor';

/**
 * Every {@link RoundingMode}, e.g. to validate a tenant setting.
 * @since 0.1.0
 */
export const ROUNDING_MODES: readonly RoundingMode[] = Object.freeze([
  'halfUp',
  'halfDown',
  'halfEven',
  'up',
  'down',
  'ceil',
  'floor',
]);

/**
 * The default rounding: half-up (away from zero on ties), the account rounding rule of the reference's
 * published figures (§7.3) and the tenant default (decisions.md "Tenant settings").
 * @since 0.1.0
 */
export const DEFAULT_ROUNDING: RoundingMode = 'halfUp';

const DECIMAL_JS_MODES: Readonly<Record<RoundingMode, Decimal.Rounding>> = Object.freeze({
  up: Dec.ROUND_UP,
  down: Dec.ROUND_DOWN,
  ceil: Dec.ROUND_CEIL,
  floor: Dec.ROUND_FLOOR,
  halfUp: Dec.ROUND_HALF_UP,
  halfDown: Dec.ROUND_HALF_DOWN,
  halfEven: Dec.ROUND_HALF_EVEN,
});

/**
 * Whether `x` is one of the {@link ROUNDING_MODES}.
 * @since 0.1.0
 */
export function isRoundingMode(x: unknown): x is RoundingMode {
  return typeof x === 'string' && (ROUNDING_MODES as readonly string[]).includes(x);
}

/**
 * The mode, default half-up; throws a `TypeError` on a bad one: modes come from code or validated settings, so
 * a bad one is a programmer error.
 * @internal
 */
export function checkedMode(mode: unknown): RoundingMode {
  if (mode === undefined) return DEFAULT_ROUNDING;
  if (isRoundingMode(mode)) return mode;
  throw new TypeError(
    `Unknown rounding mode ${JSON.stringify(mode)}; use one of ${ROUNDING_MODES.join(', ')}.`,
  );
}

/**
 * Rounds `x` to the currency's minor units with `mode` (default half-up). Returns an instance of the library's
 * private decimal.js clone; negative zero comes back as zero. The currency is a code (`'USD'`) or an entry of
 * `CURRENCIES`, resolved as `getCurrency` does; one it refuses (an unknown code, `{ code: 'USD', minorUnits: 5 }`)
 * throws a `TypeError`, as does an unknown mode.
 * @since 0.1.0
 */
export function roundToCurrency(x: Decimal, currency: Currency | string, mode?: RoundingMode): Decimal {
  return roundToScale(x, knownCurrency(currency, 'roundToCurrency').minorUnits, mode);
}

/**
 * `currency` resolved by `getCurrency`, or a `TypeError` naming `fn`: functions that take a currency and return
 * no `Result` treat one the table does not know as a programmer error.
 * @internal
 */
export function knownCurrency(currency: unknown, fn: string): Currency {
  const c = getCurrency(currency as Currency);
  if (c.isErr()) throw new TypeError(`${fn}: ${c.error.message}`);
  return c.value;
}

/** {@link roundToCurrency} at a scale already known: `minorUnits` of a resolved currency. @internal */
export function roundToScale(x: Decimal, minorUnits: number, mode?: RoundingMode): Decimal {
  const rounded = toDec(x).toDecimalPlaces(minorUnits, DECIMAL_JS_MODES[checkedMode(mode)]);
  return rounded.isZero() ? ZERO : frozenDecimal(rounded);
}

/**
 * Exact `n / d` rounded to an integer with `mode`; `d` must be positive. Integer arithmetic on minor units
 * keeps allocation and the §7.3 cascade free of any precision limit.
 * @internal
 * @since 0.1.0
 */
export function divideRounded(n: bigint, d: bigint, mode: RoundingMode = DEFAULT_ROUNDING): bigint {
  if (d <= 0n) throw new RangeError('divideRounded: the divisor must be positive.');
  const q = n / d; // truncates toward zero
  const r = n % d; // same sign as n
  if (r === 0n) return q;
  const away = n < 0n ? q - 1n : q + 1n;
  const twice = 2n * (r < 0n ? -r : r);
  switch (checkedMode(mode)) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'ceil':
      return n > 0n ? away : q;
    case 'floor':
      return n < 0n ? away : q;
    case 'halfUp':
      return twice >= d ? away : q;
    case 'halfDown':
      return twice > d ? away : q;
    case 'halfEven':
      if (twice !== d) return twice > d ? away : q;
      return q % 2n === 0n ? q : away;
  }
}
