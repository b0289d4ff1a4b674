/**
 * The time module's package-internal barrel: everything published (`./public.ts`) plus the clock port,
 * the error list and the arithmetic of exact fractions, which stay private or are exported elsewhere.
 * @since 0.1.0
 */

export { type Clock, fixedClock } from './clock';
export { type InvalidDate, type InvalidTimeZone, TIME_ERROR_TYPES, type TimeError } from './errors';
export * from './public';
export {
  addRational,
  ceilRational,
  compareRational,
  divRational,
  floorRational,
  fromDecimal,
  isIntegerRational,
  isZeroRational,
  mulRational,
  rational,
  subRational,
  toDecimal,
} from './rational';
