import { isDecimal } from './decimal';

/**
 * A currency code is not in our ISO 4217 table (see `CURRENCIES`), or a currency object does not match it.
 * `currency` is the offending input as text.
 * @category Errors
 * @since 0.1.0
 */
export interface UnknownCurrency {
  readonly type: 'UnknownCurrency';
  readonly message: string;
  readonly currency: string;
}

/**
 * Two amounts in different currencies were combined. `expected` and `actual` are ISO codes;
 * `index` is the position of the offending item when a list was summed.
 * @category Errors
 * @since 0.1.0
 */
export interface CurrencyMismatch {
  readonly type: 'CurrencyMismatch';
  readonly message: string;
  readonly expected: string;
  readonly actual: string;
  readonly index?: number;
}

/**
 * An amount is not a plain decimal number (empty, `'NaN'`, `'1e5'`, `'1,000'`, `undefined`, an unsafe JS
 * number, ...). `input` is the offending value as text; `field` names the input field when the caller gave one.
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidAmount {
  readonly type: 'InvalidAmount';
  readonly message: string;
  readonly input: string;
  readonly field?: string;
}

/**
 * An amount has more decimals than its currency's minor units allow (e.g. `'10.005'` USD, `'100.5'` JPY).
 * Amounts are never rounded silently.
 * @category Errors
 * @since 0.1.0
 */
export interface AmountTooPrecise {
  readonly type: 'AmountTooPrecise';
  readonly message: string;
  readonly input: string;
  readonly currency: string;
  readonly minorUnits: number;
  readonly field?: string;
}

/**
 * Allocation ratios are unusable: not an array, empty, a ratio that is not a non-negative decimal, or all
 * zero. `index` and `input` point at the offending ratio when there is one.
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidRatios {
  readonly type: 'InvalidRatios';
  readonly message: string;
  readonly index?: number;
  readonly input?: string;
}

/**
 * Every expected failure of the money module.
 * @category Errors
 * @since 0.1.0
 */
export type MoneyError =
  | UnknownCurrency
  | CurrencyMismatch
  | InvalidAmount
  | AmountTooPrecise
  | InvalidRatios;

/**
 * The stable `type` names of {@link MoneyError}, e.g. for exhaustive mapping to HTTP codes.
 * @category Errors
 * @since 0.1.0
 */
export const MONEY_ERROR_TYPES = [
  'UnknownCurrency',
  'CurrencyMismatch',
  'InvalidAmount',
  'AmountTooPrecise',
  'InvalidRatios',
] as const;

const MAX_SHOWN = 60;

/**
 * Renders any input as short text for error details (never throws, even on odd objects).
 * @internal
 * @since 0.1.0
 */
export function describeInput(input: unknown): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else if (input === null) text = 'null';
  else if (input === undefined) text = 'undefined';
  else if (typeof input === 'number') text = Object.is(input, -0) ? '-0' : String(input);
  else if (typeof input === 'bigint') text = `${input}n`;
  else if (typeof input === 'object') {
    try {
      // decimal.js instances print their value; other objects only their kind.
      text = isDecimal(input) ? `Decimal ${String(input)}` : Array.isArray(input) ? 'an array' : 'an object';
    } catch {
      text = 'an object';
    }
  } else if (typeof input === 'function') text = 'a function';
  else {
    try {
      text = `${typeof input} ${String(input)}`;
    } catch {
      text = typeof input;
    }
  }
  return shortened(text, MAX_SHOWN);
}

/**
 * `text` cut to at most `max` UTF-16 code units and an ellipsis when longer — never between the two halves of a
 * surrogate pair (an emoji), so that a message quoting a caller's text stays well-formed text, which every
 * store and UTF-8 encoder keeps as it is.
 * @internal
 */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return `${text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)}…`;
}

/** Quotes strings, shows other inputs as described. */
function shown(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(describeInput(input)) : describeInput(input);
}

function withField<T extends object>(error: T, field: string | undefined): T | (T & { field: string }) {
  return Object.freeze(field === undefined ? error : { ...error, field });
}

/**
 * Builds an {@link UnknownCurrency}; `hint` completes the message with how to fix it.
 * @internal
 * @since 0.1.0
 */
export function unknownCurrency(input: unknown, hint: string): UnknownCurrency {
  return Object.freeze({
    type: 'UnknownCurrency' as const,
    message: `${shown(input)} is not a known ISO 4217 currency: ${hint}`,
    currency: describeInput(input),
  });
}

/**
 * Builds a {@link CurrencyMismatch}.
 * @internal
 * @since 0.1.0
 */
export function currencyMismatch(expected: string, actual: string, index?: number): CurrencyMismatch {
  const where = index === undefined ? '' : ` (item ${index})`;
  const error = {
    type: 'CurrencyMismatch' as const,
    message: `Cannot combine ${expected} with ${actual}${where}: amounts must share one currency. Convert first or keep the amounts apart.`,
    expected,
    actual,
  };
  return Object.freeze(index === undefined ? error : { ...error, index });
}

/** What comes before an {@link InvalidAmount}'s reason in its message. */
const REASON_MARKER = ': ';

/**
 * The reason an {@link invalidAmount} message gives, without its final full stop: the text after the quoted
 * amount (which may hold ': ' itself) and its field. @internal
 */
export function invalidAmountReason(error: InvalidAmount): string {
  const marker = ` is not a valid amount${'field' in error && error.field !== undefined ? ` for "${error.field}"` : ''}${REASON_MARKER}`;
  const at = error.message.lastIndexOf(marker);
  return error.message.slice(at === -1 ? 0 : at + marker.length).replace(/\.$/, '');
}

/**
 * Builds an {@link InvalidAmount}; `reason` completes "… is not a valid amount: …".
 * @internal
 * @since 0.1.0
 */
export function invalidAmount(input: unknown, reason: string, field?: string): InvalidAmount {
  const where = field === undefined ? '' : ` for "${field}"`;
  return withField(
    {
      type: 'InvalidAmount' as const,
      message: `${shown(input)} is not a valid amount${where}${REASON_MARKER}${reason}`,
      input: describeInput(input),
    },
    field,
  );
}

/**
 * Builds an {@link AmountTooPrecise}.
 * @internal
 * @since 0.1.0
 */
export function amountTooPrecise(
  input: unknown,
  currency: string,
  minorUnits: number,
  field?: string,
): AmountTooPrecise {
  const where = field === undefined ? '' : ` for "${field}"`;
  const allowed =
    minorUnits === 0 ? 'no decimals' : `at most ${minorUnits} decimal${minorUnits === 1 ? '' : 's'}`;
  return withField(
    {
      type: 'AmountTooPrecise' as const,
      message: `${shown(input)} has more decimals than ${currency} allows${where}: ${currency} amounts have ${allowed}. Round the amount yourself (amounts are never rounded silently) or check the currency.`,
      input: describeInput(input),
      currency,
      minorUnits,
    },
    field,
  );
}

/**
 * Builds an {@link InvalidRatios}.
 * @internal
 * @since 0.1.0
 */
export function invalidRatios(reason: string, index?: number, input?: unknown): InvalidRatios {
  const at = index === undefined ? '' : `ratio ${index} (${shown(input)}) `;
  return Object.freeze({
    type: 'InvalidRatios' as const,
    message: `Invalid allocation ratios: ${at}${reason} Ratios must be a non-empty array of non-negative decimal strings or Decimals with a positive sum, e.g. ['1', '2', '0.5'].`,
    ...(index === undefined ? {} : { index, input: describeInput(input) }),
  });
}
