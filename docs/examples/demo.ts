// The main job (`npm run demo`): the C01 order — four subscriptions worth 70,200.00 — billed on
// an invoice schedule of three items by a daily bill run through 2023, on the in-memory store.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  postInvoice,
  renderTable,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  scheduleItemRows,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { addDays, businessDate, isOnOrBefore } from 'invoice-schedules/time';

const store = createMemoryStore();
const ids = createSequentialIds();
const settings = { ...DEFAULT_TENANT_SETTINGS, timeZone: 'America/New_York' };
// Every operation gets the clock it should see; the demo moves it one day at a time.
const at = (instant: string): BillingContext => ({ store, ids, settings, clock: fixedClock(instant) });
let context = at('2023-01-01T15:00:00Z');

(
  await saveNewAccount(context, { id: 'acc-1', number: 'A00000001', name: 'Acme Corp', currency: 'USD' })
)._unsafeUnwrap();

const subscription = (number: string, charge: string, price: string) => ({
  type: 'CreateSubscription',
  subscriptionNumber: number,
  termType: 'Termed',
  termStart: '2023-01-01',
  termEnd: '2023-12-31',
  ratePlans: [
    {
      id: `plan-${number}`,
      name: 'Annual platform fee',
      charges: [
        {
          number: charge,
          name: `Platform ${charge}`,
          type: 'Recurring',
          price,
          listPriceBase: 'Year',
          billingPeriod: 'Annual',
        },
      ],
    },
  ],
});
(
  await saveNewOrder(context, {
    number: 'O-0001',
    accountNumber: 'A00000001',
    orderDate: '2023-01-01',
    actions: [
      subscription('S1', 'C1', '36900.00'),
      subscription('S2', 'C2', '21500.00'),
      subscription('S3', 'C3', '11000.00'),
      subscription('S4', 'C4', '800.00'),
    ],
  })
)._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-0001' }))._unsafeUnwrap();

const schedule = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A00000001',
    orders: ['O-0001'],
    notes: '2023 billing schedule',
    items: [
      { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
      { name: 'Mid-year', runDate: '2023-05-01', amount: '14000.00' },
      { name: 'Final', runDate: '2023-09-16', amount: '6200.00' },
    ],
  })
)._unsafeUnwrap();
console.log(
  `Created ${schedule.number}: total ${schedule.totalAmount.toFixed(2)} ${schedule.currency}, next run ${schedule.nextRunDate}\n`,
);

// A daily bill run at 10:00 New York time through the year; each invoice is posted when it appears.
const lastDay = businessDate(2023, 12, 31);
for (let day = businessDate(2023, 1, 1); isOnOrBefore(day, lastDay); day = addDays(day, 1)) {
  context = at(`${day}T15:00:00Z`);
  const billRun = (await runBillRun(context))._unsafeUnwrap();
  for (const invoiceNumber of billRun.invoiceNumbers) {
    const invoice = (await postInvoice(context, { invoiceNumber }))._unsafeUnwrap();
    console.log(
      `${billRun.number} on ${day}: ${invoice.number} ${invoice.amount.toFixed(2)} (${invoice.status})`,
    );
    for (const line of invoice.lines) {
      console.log(
        `    ${line.subscriptionNumber}/${line.chargeNumber}  ${line.amount.toFixed(2).padStart(10)}  ${line.serviceStartDate} → ${line.serviceEndDate}`,
      );
    }
  }
}

const final = (await getInvoiceSchedule(context, schedule.number))._unsafeUnwrap();
console.log(
  `\n${final.number}  ${final.status}  total ${final.totalAmount.toFixed(2)}  actual ${final.actualAmount.toFixed(2)}  billed ${final.billedAmount.toFixed(2)}  unbilled ${final.unbilledAmount.toFixed(2)}  next run ${final.nextRunDate ?? '-'}\n`,
);
console.log('Schedule Items');
console.log(renderTable(scheduleItemRows(final)));
const last = (await getInvoice(context, 'INV00000003'))._unsafeUnwrap();
console.log(`\nLast invoice ${last.number} dated ${last.invoiceDate}: ${last.amount.toFixed(2)}`);
