// Dates and zones: "today" from an injected clock in two tenant zones, and a service period (§7.4).
// Run: npx tsx docs/examples/dates.ts
import { Decimal } from 'decimal.js';
import {
  businessDate,
  fixedClock,
  monthsBetween,
  nextServicePeriodStart,
  servicePeriodEnd,
  todayIn,
} from 'invoice-schedules';

// One instant, two business dates: Apia (UTC+13) is already on 1 July, Pago Pago (UTC−11) still on 30 June.
const clock = fixedClock('2023-06-30T12:00:00Z');
for (const zone of ['Pacific/Apia', 'Pacific/Pago_Pago', 'Mars/Olympus_Mons']) {
  todayIn(clock, zone).match(
    (today) => console.log(`today in ${zone}: ${today}`),
    (error) => console.log(`${error.type}: ${error.message}`),
  );
}

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
console.log(
  `first line covers ${chargeStart} → ${first.end} (last day partly consumed: ${first.endDayPartial})`,
);
console.log(`next line for the charge starts ${nextServicePeriodStart(first)}`);
