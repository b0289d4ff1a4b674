/**
 * Money: ISO 4217 currencies, exact amounts, rounding and lossless allocation.
 * @module
 */
export {
  allocate,
  type CascadeInput,
  cascadeLines,
} from './allocate';
export { CURRENCIES, type Currency, getCurrency } from './currency';
export { Dec, type DecimalValue, isDecimal, toDec } from './decimal';
export {
  type AmountTooPrecise,
  type CurrencyMismatch,
  type InvalidAmount,
  type InvalidRatios,
  MONEY_ERROR_TYPES,
  type MoneyError,
  type UnknownCurrency,
} from './errors';
export {
  type AmountInput,
  add,
  compare,
  formatAmount,
  isNegative,
  isPositive,
  isZero,
  type Money,
  money,
  multiply,
  negate,
  parseAmount,
  subtract,
  sum,
  toDecimalString,
  toJSON,
  zero,
} from './money';
export {
  DEFAULT_ROUNDING,
  isRoundingMode,
  ROUNDING_MODES,
  type RoundingMode,
  roundToCurrency,
} from './rounding';
