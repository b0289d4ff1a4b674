// Quick start (README.md, docs/getting-started.md): an account, an order with four subscriptions worth
// 70,200.00 (case C01), an invoice schedule of three items, one bill run, the Schedule Items table.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  renderTable,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  scheduleItemRows,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const context: BillingContext = {
  store: createMemoryStore(), // in memory; a host implements the same ports on its database
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-01T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

// 1. The contract: an account and an activated order creating four yearly subscriptions (C01).
(await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' }))._unsafeUnwrap();
const prices = [
  ['S1', 'C1', '36900.00'],
  ['S2', 'C2', '21500.00'],
  ['S3', 'C3', '11000.00'],
  ['S4', 'C4', '800.00'],
];
const actions = prices.map(([subscriptionNumber, number, price]) => ({
  type: 'CreateSubscription',
  subscriptionNumber,
  termType: 'Termed',
  termStart: '2023-01-01',
  termEnd: '2023-12-31',
  ratePlans: [
    {
      id: `rp-${subscriptionNumber}`,
      name: 'Platform',
      charges: [
        { number, name: 'Fee', type: 'Recurring', price, listPriceBase: 'Year', billingPeriod: 'Annual' },
      ],
    },
  ],
}));
const order = { number: 'O-0001', accountNumber: 'A-001', orderDate: '2023-01-01', actions };
(await saveNewOrder(context, order))._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-0001' }))._unsafeUnwrap();

// 2. The invoice schedule: three items that add up to the order's value.
const created = await createInvoiceSchedule(context, {
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items: [
    { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
    { name: 'Mid-year', runDate: '2023-05-01', amount: '14000.00' },
    { name: 'Final', runDate: '2023-09-16', amount: '6200.00' },
  ],
});
if (created.isErr()) throw new Error(`${created.error.type}: ${created.error.message}`);
const { number, totalAmount, nextRunDate } = created.value;
console.log(`${number}: total ${totalAmount.toFixed(2)}, next run ${nextRunDate}`);
// IS-00000001: total 70200.00, next run 2023-02-04

// 3. A bill run through the end of the year bills every due item, each on its own invoice.
const billRun = (await runBillRun(context, { targetDate: '2023-12-31' }))._unsafeUnwrap();
console.log(`${billRun.number}: ${billRun.invoiceNumbers.join(', ')}`);
// BR-00000001: INV00000001, INV00000002, INV00000003

// 4. The result, as the schedule page shows it.
const schedule = (await getInvoiceSchedule(context, number))._unsafeUnwrap();
console.log(renderTable(scheduleItemRows(schedule)));
const inv002 = (await getInvoice(context, 'INV00000002'))._unsafeUnwrap();
const c1 = inv002.lines.find((line) => line.chargeNumber === 'C1');
console.log(`INV00000002 C1: ${c1?.amount.toFixed(2)} (${c1?.serviceStartDate} → ${c1?.serviceEndDate})`);
// INV00000002 C1: 7358.98 (2023-09-17 → 2023-11-29)

const billed = `${schedule.status} ${schedule.billedAmount.toFixed(2)}`;
if (billed !== 'FullyProcessed 70200.00') throw new Error(`expected FullyProcessed 70200.00, got ${billed}`);
if (c1?.amount.toFixed(2) !== '7358.98') throw new Error(`expected C1 7358.98, got ${c1?.amount.toFixed(2)}`);
