/**
 * The time module: business dates, exact fractions, the injected clock and tenant zone, and the service
 * period arithmetic of §7.4. Public API only; the error builders in `errors.ts` stay internal.
 * @since 0.1.0
 */

export { type Clock, fixedClock, isValidTimeZone, todayIn } from './clock';
export {
  addDays,
  addMonths,
  type BusinessDate,
  businessDate,
  compareDates,
  daysBetween,
  daysInMonth,
  isAfter,
  isBefore,
  isOnOrAfter,
  isOnOrBefore,
  maxDate,
  minDate,
  monthsBetween,
  parseBusinessDate,
  toParts,
} from './date';
export { type InvalidDate, type InvalidTimeZone, TIME_ERROR_TYPES, type TimeError } from './errors';
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
  type Rational,
  rational,
  subRational,
  toDecimal,
} from './rational';
export {
  nextServicePeriodStart,
  type ProrationDays,
  type ServicePeriodEnd,
  type ServicePeriodInput,
  servicePeriodEnd,
} from './service-period';
