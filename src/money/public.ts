/**
 * `invoice-schedules/money`: exact amounts in ISO 4217 currencies, rounding, and allocation that
 * never loses a minor unit. Money values are frozen `{ amount, currency }` objects; every operation
 * returns a new value or a `Result`. The errors these functions return (`MoneyError`, …) are
 * exported from `invoice-schedules` with every other error.
 *
 * This file is the published surface of the money module; `./index.ts` is the module's barrel
 * inside the package and also holds names that stay private (`Dec`, the private decimal.js clone).
 * @module money
 */
export { allocate, type CascadeInput, cascadeLines } from './allocate';
export { CURRENCIES, type Currency, getCurrency } from './currency';
export { type DecimalValue, isDecimal, toDec } from './decimal';
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
