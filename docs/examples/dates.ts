// Dates and zones: "today" from an injected clock in two tenant zones, and a service period (§7.4).
// Run: npx tsx docs/examples/dates.ts
import { Decimal } from 'decimal.js';
import { type Clock, fixedClock } from 'invoice-schedules';
import {
  businessDate,
  monthsBetween,
  nextServicePeriodStart,
  parseBusinessDate,
  servicePeriodEnd,
  todayIn,
} from 'invoice-schedules/time';

// Untrusted input (a request body) is parsed; businessDate() is for values known to be valid.
const body: { runDate: unknown } = JSON.parse('{ "runDate": "2023-02-30" }');
const runDate = parseBusinessDate(body.runDate, 'runDate'); // Result<BusinessDate, InvalidDate>
// No 30 February:
console.log(runDate.isOk() ? runDate.value : runDate.error.type);
// InvalidDate

// For values you know are valid; throws otherwise:
console.log(businessDate(2023, 1, 31));
// 2023-01-31

// One instant, two business dates: Apia (UTC+13) is already on 1 July, Pago Pago (UTC−11) still on 30 June.
const systemClock: Clock = { now: () => new Date() }; // what a host wires in production
const testClock = fixedClock('2023-06-30T12:00:00Z'); // what tests and demos use

console.log(todayIn(testClock, 'Pacific/Apia')._unsafeUnwrap());
// 2023-07-01
console.log(todayIn(testClock, 'Pacific/Pago_Pago')._unsafeUnwrap());
// 2023-06-30
console.log(todayIn(testClock, 'Mars/Olympus_Mons')._unsafeUnwrapErr().type);
// InvalidTimeZone

// The machine's day, in UTC:
console.log(todayIn(systemClock, 'UTC').isOk());
// true

// C01: a 36,900.00 charge for 2023-01-01 → 2023-12-31; the first invoice bills 26,282.05 of it.
const chargeStart = businessDate(2023, 1, 1);
const chargeEnd = businessDate(2023, 12, 31);
const first = servicePeriodEnd({
  chargeStart,
  chargeEnd,
  termMonths: monthsBetween(chargeStart, chargeEnd), // 12
  billed: new Decimal('26282.05'), // cumulative billed for this charge after the invoice line
  total: new Decimal('36900.00'),
  prorationDays: 'actual', // the tenant setting; 'thirty' assumes 30-day months
});
// 26,282.05 / 36,900 × 12 = 8.547 months = 8 months + 16.41 days of September → part of 2023-09-17 consumed.
console.log(JSON.stringify(first));
// {"end":"2023-09-17","endDayPartial":true}
console.log(nextServicePeriodStart(first));
// 2023-09-17
