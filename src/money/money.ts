import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { type Currency, getCurrency } from './currency';
import { Dec, frozenDecimal, isDecimal, isFiniteDecimal, toDec, ZERO } from './decimal';
import {
  amountTooPrecise,
  type CurrencyMismatch,
  currencyMismatch,
  type InvalidAmount,
  invalidAmount,
  type MoneyError,
} from './errors';
import { fromMinorUnits, sharedAmountOfText } from './minor';
import {
  checkedMode,
  DEFAULT_ROUNDING,
  divideRounded,
  knownCurrency,
  type RoundingMode,
  roundToScale,
} from './rounding';

/**
 * An amount of money: an exact decimal at (or within) its currency's scale, plus the currency. A frozen plain
 * object; build it with {@link money}, never by hand, so the amount is validated.
 * @since 0.1.0
 */
export interface Money {
  readonly amount: Decimal;
  readonly currency: Currency;
}

/**
 * What public functions accept as an amount: a decimal string (preferred, `'50000.00'`), a decimal.js
 * instance, or a JS number that is exact at the currency's scale.
 * @since 0.1.0
 */
export type AmountInput = string | Decimal | number;

const AMOUNT_PATTERN = /^-?\d+(\.\d+)?$/;
/** Amounts are capped so every sum stays exact within the private decimal.js clone's 60 significant digits. */
const MAX_INTEGER_DIGITS = 30;
const MAX_AMOUNT = new Dec(`1e${MAX_INTEGER_DIGITS}`);
/** A decimal of at most 15 significant digits survives a round trip through a JS number unchanged. */
const MAX_NUMBER_DIGITS = 15;

const STRING_HINT = 'write digits with an optional leading "-" and "." as the decimal point, e.g. "1200.50".';

function stringReason(s: string): string {
  const t = s.trim();
  if (t === '') return `the amount is empty; ${STRING_HINT}`;
  if (t !== s && AMOUNT_PATTERN.test(t)) return 'remove the surrounding whitespace.';
  if (/^[+-]?(nan|infinity|inf)$/i.test(t)) return 'only finite decimal numbers are amounts.';
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(t)) {
    return 'exponent notation is not accepted; write the digits out, e.g. "100000" instead of "1e5".';
  }
  if (t.startsWith('+')) return 'drop the leading "+".';
  if (/^-?\d*[.,]?\d*[,' _]\d/.test(t)) return `remove grouping separators; ${STRING_HINT}`;
  if (/^-?\.\d+$/.test(t) || /^-?\d+\.$/.test(t))
    return `put digits on both sides of the point; ${STRING_HINT}`;
  return STRING_HINT;
}

/** Checks size and scale of an exact value; `input` is what the caller passed (for error details). */
function checkScale(
  d: Decimal,
  input: unknown,
  currency: Currency,
  field: string | undefined,
): Result<Decimal, MoneyError> {
  if (d.abs().gte(MAX_AMOUNT)) {
    return err(
      invalidAmount(
        input,
        `amounts are limited to ${MAX_INTEGER_DIGITS} digits before the decimal point; check the value.`,
        field,
      ),
    );
  }
  if (d.decimalPlaces() > currency.minorUnits) {
    return err(amountTooPrecise(input, currency.code, currency.minorUnits, field));
  }
  return ok(d.isZero() ? ZERO : d);
}

/**
 * Validates an amount for a currency and returns it as an exact, frozen Decimal of the library's private
 * decimal.js clone (a Decimal given is copied, never frozen itself). Strings must match
 * `/^-?\d+(\.\d+)?$/`; numbers must be finite with at most 15 significant digits at the currency's scale
 * (so `0.1` is fine for USD, `1e21` is not); Decimals must be finite. More decimals than the currency
 * allows is `AmountTooPrecise` (trailing zeros are fine: `'5.00'` JPY is 5). `-0` becomes 0.
 * @since 0.1.0
 */
export function parseAmount(
  amount: AmountInput,
  currency: Currency,
  field?: string,
): Result<Decimal, MoneyError> {
  const f = typeof field === 'string' ? field : undefined;
  const cur = getCurrency(currency);
  if (cur.isErr()) return err(cur.error);
  const c = cur.value;
  const form = amountFormError(amount, f);
  if (form !== null) return err(form);
  if (typeof amount === 'string') {
    // Equal amounts (a plan's price on every order, a schedule's items) share one frozen decimal.
    return checkScale(sharedAmountOfText(amount) ?? frozenDecimal(new Dec(amount)), amount, c, f);
  }
  if (typeof amount === 'number') {
    // decimal.js reads a number through its shortest round-trip string, so 0.1 is exactly 0.1. Frozen, as
    // every amount this gives (the stores keep a frozen Decimal as it is).
    const d = frozenDecimal(new Dec(amount));
    if (d.decimalPlaces() > c.minorUnits) return err(amountTooPrecise(amount, c.code, c.minorUnits, f));
    if (d.abs().times(new Dec(10).pow(c.minorUnits)).gte(new Dec(10).pow(MAX_NUMBER_DIGITS))) {
      return err(
        invalidAmount(
          amount,
          `a JS number is only exact up to ${MAX_NUMBER_DIGITS} significant digits; pass the amount as a decimal string instead.`,
          f,
        ),
      );
    }
    return checkScale(d, amount, c, f);
  }
  // A copy of the caller's (finite) Decimal, frozen: the caller's is never frozen.
  return checkScale(frozenDecimal(toDec(amount)), amount, c, f);
}

/**
 * Whether `input` has the form of a decimal value, whatever the value: a plain decimal string
 * (`/^-?\d+(\.\d+)?$/`), a finite number or a finite Decimal. The form an amount (`amountFormError`) and a
 * schedule item's percentage (`percentageFormError`) share; each answers its own error.
 * @internal
 */
export function hasDecimalForm(input: unknown): boolean {
  if (typeof input === 'string') return AMOUNT_PATTERN.test(input);
  if (typeof input === 'number') return Number.isFinite(input);
  return isFiniteDecimal(input);
}

/**
 * The `InvalidAmount` {@link parseAmount} answers for `amount` in every currency, or `null` when only the
 * currency can tell: not a string, Decimal or number; a string that is not a plain decimal
 * (`/^-?\d+(\.\d+)?$/`); a number or Decimal that is not finite. What a request validator checks of an
 * amount before the currency is known, with the error the operation answers. `field` names the input.
 * @internal
 */
export function amountFormError(amount: unknown, field?: string): InvalidAmount | null {
  if (hasDecimalForm(amount)) return null;
  if (typeof amount === 'string') return invalidAmount(amount, stringReason(amount), field);
  if (typeof amount === 'number') {
    return invalidAmount(
      amount,
      `only finite numbers are amounts; pass a decimal string such as "0.00".`,
      field,
    );
  }
  if (isDecimal(amount)) {
    return invalidAmount(amount, 'only finite numbers are amounts (got NaN or Infinity).', field);
  }
  return invalidAmount(amount, `expected a decimal string such as "1200.50", a Decimal or a number.`, field);
}

/**
 * The `InvalidAmount` {@link parseAmount} answers for a well-formed `amount` in every currency because of its
 * size, or `null`: more than 30 digits before the decimal point, or a JS number of 16 digits or more without
 * decimals (one with decimals may be `AmountTooPrecise` first, which the currency decides). With
 * {@link amountFormError}, what a request validator can answer of an amount before the currency is known, with
 * the operation's own error. @internal
 */
export function amountSizeError(amount: unknown, field?: string): InvalidAmount | null {
  if (!hasDecimalForm(amount)) return null;
  const d = typeof amount === 'number' ? new Dec(amount) : toDec(amount as string | Decimal);
  if (typeof amount === 'number') {
    if (d.decimalPlaces() === 0 && d.abs().gte(new Dec(10).pow(MAX_NUMBER_DIGITS))) {
      return invalidAmount(
        amount,
        `a JS number is only exact up to ${MAX_NUMBER_DIGITS} significant digits; pass the amount as a decimal string instead.`,
        field,
      );
    }
    return null;
  }
  return d.abs().gte(MAX_AMOUNT)
    ? invalidAmount(
        amount,
        `amounts are limited to ${MAX_INTEGER_DIGITS} digits before the decimal point; check the value.`,
        field,
      )
    : null;
}

/**
 * Builds a {@link Money} from user input: the currency by ISO code or table entry, the amount checked by
 * {@link parseAmount}. Never throws.
 * @example money('50000.00', 'USD') // Ok({ amount: 50000, currency: { code: 'USD', minorUnits: 2 } })
 * @since 0.1.0
 */
export function money(amount: AmountInput, currency: string | Currency): Result<Money, MoneyError> {
  return getCurrency(currency)
    .mapErr((e): MoneyError => e)
    .andThen((c) => parseAmount(amount, c).map((d) => make(d, c)));
}

/** Builds a frozen Money from an exact amount already at scale. */
function make(amount: Decimal, currency: Currency): Money {
  return Object.freeze({ amount: amount.isZero() ? ZERO : frozenDecimal(amount), currency });
}

/**
 * Throws when `m` is not a Money: functions that take Money values trust values built by {@link money},
 * so anything else is a programmer error.
 * @internal
 * @since 0.1.0
 */
export function assertMoney(m: unknown, fn: string): asserts m is Money {
  const x = m as { amount?: unknown; currency?: { code?: unknown; minorUnits?: unknown } } | null | undefined;
  if (
    typeof x !== 'object' ||
    x === null ||
    !isDecimal(x.amount) ||
    typeof x.currency !== 'object' ||
    x.currency === null ||
    typeof x.currency.code !== 'string' ||
    typeof x.currency.minorUnits !== 'number'
  ) {
    throw new TypeError(`${fn}: expected a Money value built with money(); got ${typeof m}.`);
  }
}

function sameCurrency(a: Money, b: Money): boolean {
  return a.currency.code === b.currency.code;
}

/**
 * Zero in `currency`.
 * @since 0.1.0
 */
export function zero(currency: Currency): Money {
  const c = getCurrency(currency);
  if (c.isErr()) throw new TypeError(`zero: ${c.error.message}`);
  return make(new Dec(0), c.value);
}

/**
 * `a + b`; a `CurrencyMismatch` when the currencies differ.
 * @since 0.1.0
 */
export function add(a: Money, b: Money): Result<Money, CurrencyMismatch> {
  assertMoney(a, 'add');
  assertMoney(b, 'add');
  if (!sameCurrency(a, b)) return err(currencyMismatch(a.currency.code, b.currency.code));
  return ok(make(toDec(a.amount).plus(b.amount), a.currency));
}

/**
 * `a − b`; a `CurrencyMismatch` when the currencies differ.
 * @since 0.1.0
 */
export function subtract(a: Money, b: Money): Result<Money, CurrencyMismatch> {
  assertMoney(a, 'subtract');
  assertMoney(b, 'subtract');
  if (!sameCurrency(a, b)) return err(currencyMismatch(a.currency.code, b.currency.code));
  return ok(make(toDec(a.amount).minus(b.amount), a.currency));
}

/**
 * The sum of `items` in `currency` (zero for an empty list); a `CurrencyMismatch` naming the first item
 * in another currency. An unknown `currency`, like an item that is not a `Money`, is a programmer error: a
 * `TypeError` naming `sum`.
 * @since 0.1.0
 */
export function sum(items: readonly Money[], currency: Currency): Result<Money, CurrencyMismatch> {
  const c = getCurrency(currency);
  if (c.isErr()) throw new TypeError(`sum: ${c.error.message}`);
  let total = make(new Dec(0), c.value);
  for (const [index, item] of items.entries()) {
    assertMoney(item, 'sum');
    if (!sameCurrency(total, item))
      return err(currencyMismatch(total.currency.code, item.currency.code, index));
    total = make(toDec(total.amount).plus(item.amount), total.currency);
  }
  return ok(total);
}

/**
 * `m × factor`, rounded to the currency's scale with `mode` (default half-up). The product is exact, whatever the
 * digits of the factor, and rounded once. The factor is a Decimal or a decimal string (e.g. a percentage `'0.15'`);
 * an invalid factor or mode throws a `TypeError`.
 * @since 0.1.0
 */
export function multiply(m: Money, factor: Decimal | string, mode: RoundingMode = DEFAULT_ROUNDING): Money {
  assertMoney(m, 'multiply');
  const f = isDecimal(factor) ? toDec(factor) : typeof factor === 'string' ? parseFactor(factor) : undefined;
  if (f === undefined || !f.isFinite()) {
    throw new TypeError(
      `multiply: the factor must be a finite Decimal or decimal string, got ${String(factor)}.`,
    );
  }
  const rounding = checkedMode(mode);
  return make(exactProduct(m.amount, f, m.currency, rounding), m.currency);
}

/** `x` as `coefficient × 10^exponent` with an integer coefficient, exactly (any decimal.js instance). */
function scaled(x: Decimal): { readonly coefficient: bigint; readonly exponent: number } {
  // toExponential() without arguments writes every digit and never rounds: '-1.2345e+3'.
  const text = x.toExponential();
  const e = text.indexOf('e');
  const dot = text.indexOf('.');
  const digits = dot === -1 ? text.slice(0, e) : text.slice(0, dot) + text.slice(dot + 1, e);
  const places = dot === -1 ? 0 : e - dot - 1;
  return { coefficient: BigInt(digits), exponent: Number(text.slice(e + 1)) - places };
}

/**
 * `a × f` rounded once, on integers, to the currency's scale with `mode`. The product is never cut to the
 * clone's 60 digits first: that rounded twice (`'down'` of 1.00 × 0.00999…9 with 70 nines gave 0.01).
 */
function exactProduct(a: Decimal, f: Decimal, currency: Currency, mode: RoundingMode): Decimal {
  const x = scaled(a);
  const y = scaled(f);
  const n = x.coefficient * y.coefficient;
  const exponent = x.exponent + y.exponent;
  // The product in minor units is n × 10^shift.
  const shift = exponent + currency.minorUnits;
  if (n === 0n) return new Dec(0);
  if (shift >= 0) return new Dec(`${n}e${exponent}`);
  // Past |n|'s digits the quotient is 0 and the remainder under half a unit: one more digit gives every mode
  // the same answer, without building a power of ten as long as a tiny factor's exponent.
  const digits = (n < 0n ? -n : n).toString().length;
  const places = Math.min(-shift, digits + 1);
  return fromMinorUnits(divideRounded(n, 10n ** BigInt(places), mode), currency);
}

function parseFactor(s: string): Decimal | undefined {
  return AMOUNT_PATTERN.test(s) ? new Dec(s) : undefined;
}

/**
 * `−m`.
 * @since 0.1.0
 */
export function negate(m: Money): Money {
  assertMoney(m, 'negate');
  return make(toDec(m.amount).negated(), m.currency);
}

/**
 * `-1`, `0` or `1` as `a` is less than, equal to or greater than `b`; a `CurrencyMismatch` when the
 * currencies differ.
 * @since 0.1.0
 */
export function compare(a: Money, b: Money): Result<-1 | 0 | 1, CurrencyMismatch> {
  assertMoney(a, 'compare');
  assertMoney(b, 'compare');
  if (!sameCurrency(a, b)) return err(currencyMismatch(a.currency.code, b.currency.code));
  return ok(toDec(a.amount).comparedTo(b.amount) as -1 | 0 | 1);
}

/**
 * Whether `m` is zero.
 * @since 0.1.0
 */
export function isZero(m: Money): boolean {
  assertMoney(m, 'isZero');
  return m.amount.isZero();
}

/**
 * Whether `m` is greater than zero.
 * @since 0.1.0
 */
export function isPositive(m: Money): boolean {
  assertMoney(m, 'isPositive');
  return m.amount.gt(0);
}

/**
 * Whether `m` is less than zero.
 * @since 0.1.0
 */
export function isNegative(m: Money): boolean {
  assertMoney(m, 'isNegative');
  return m.amount.lt(0);
}

/**
 * A bare Decimal as a fixed-point string at the currency's scale (`'7358.98'`, `'-270.00'`, `'100'` for
 * JPY), rounded half-up if it had more decimals; never `'-0.00'`, never exponent notation. The currency is a
 * code or an entry of `CURRENCIES`, as for `roundToCurrency`; one `getCurrency` refuses throws a `TypeError`.
 * @since 0.1.0
 */
export function formatAmount(x: Decimal, currency: Currency | string): string {
  const { minorUnits } = knownCurrency(currency, 'formatAmount');
  return roundToScale(x, minorUnits).toFixed(minorUnits);
}

/**
 * The amount as a fixed-point string at the currency's scale: `'7358.98'`, `'-270.00'`, `'100'` for JPY.
 * @since 0.1.0
 */
export function toDecimalString(m: Money): string {
  assertMoney(m, 'toDecimalString');
  return formatAmount(m.amount, m.currency);
}

/**
 * A plain serialisable snapshot, e.g. `{ amount: '7358.98', currency: 'USD' }`.
 * @since 0.1.0
 */
export function toJSON(m: Money): { readonly amount: string; readonly currency: string } {
  return Object.freeze({ amount: toDecimalString(m), currency: m.currency.code });
}
