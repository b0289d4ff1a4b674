/**
 * `invoice-schedules/time`: business dates (`YYYY-MM-DD` in the tenant's zone, never a `Date`), the
 * tenant's "today" from a clock, and the service period arithmetic of §7.4. The clock port itself
 * (`Clock`, `fixedClock`) and the errors (`InvalidDate`, `InvalidTimeZone`) are exported from
 * `invoice-schedules`.
 *
 * This file is the published surface of the time module; `./index.ts` is the module's barrel inside
 * the package and also holds names that stay private (the arithmetic of exact fractions).
 * @module time
 */
export { isValidTimeZone, todayIn } from './clock';
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
export type { Rational } from './rational';
export {
  nextServicePeriodStart,
  type ProrationDays,
  type ServicePeriodEnd,
  type ServicePeriodInput,
  servicePeriodEnd,
} from './service-period';
