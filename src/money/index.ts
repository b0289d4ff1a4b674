/**
 * Money: ISO 4217 currencies, exact amounts, rounding and lossless allocation. The package-internal
 * barrel: everything published (`./public.ts`) plus names that stay private (`Dec`, the error lists).
 * @module
 */
export { Dec } from './decimal';
export {
  type AmountTooPrecise,
  type CurrencyMismatch,
  type InvalidAmount,
  type InvalidRatios,
  MONEY_ERROR_TYPES,
  type MoneyError,
  type UnknownCurrency,
} from './errors';
export * from './public';
