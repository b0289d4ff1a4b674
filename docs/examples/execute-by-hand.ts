// Guide: docs/guides/execute-by-hand.md — executing schedule items by hand (the Execute API / the
// UI's "Generate"): early execution, "the next one", the earliest-pending rule, idempotent retries.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

// "Today" is 2023-01-20: every item below is executed before its run date.
const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-20T09:30:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function check(label: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}

// The C01 contract and schedule: 70,200.00 in three items.
(
  await saveNewAccount(context, { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();
const yearly = (subscriptionNumber: string, chargeNumber: string, price: string) => ({
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
        {
          number: chargeNumber,
          name: 'Platform fee',
          type: 'Recurring',
          price,
          listPriceBase: 'Year',
          billingPeriod: 'Annual',
        },
      ],
    },
  ],
});
const actions = [
  yearly('S1', 'C1', '36900.00'),
  yearly('S2', 'C2', '21500.00'),
  yearly('S3', 'C3', '11000.00'),
  yearly('S4', 'C4', '800.00'),
];
(
  await saveNewOrder(context, { number: 'O-0001', accountNumber: 'A-001', orderDate: '2023-01-01', actions })
)._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-0001' }))._unsafeUnwrap();
const schedule = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0001'],
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-05-01', amount: '14000.00' },
      { runDate: '2023-09-16', amount: '6200.00' },
    ],
  })
)._unsafeUnwrap();
const [item1, item2, item3] = schedule.items;
if (!item1 || !item2 || !item3) throw new Error('expected three items');

// ── 1. Execute the earliest item early: the invoice is dated on its run date, not today ──────────────
// A named item: it must be the earliest pending one.
const first = (
  await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule.number, itemId: item1.id })
)._unsafeUnwrap();
console.log(
  `${first.number} (${first.kind}) target ${first.targetDate}, created ${first.createdAt}: ${first.invoiceNumbers}`,
);
check('bill run kind', first.kind, 'ScheduleExecution');
check('bill run target date = run date', first.targetDate, '2023-02-04');
check('bill run created at the clock instant', first.createdAt, '2023-01-20T09:30:00.000Z');
check('bill run item filter', first.invoiceScheduleItemId, item1.id);
check('bill run status', first.status, 'Completed');
const inv001 = (await getInvoice(context, first.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
console.log(`${inv001.number} dated ${inv001.invoiceDate}: ${inv001.amount.toFixed(2)} (${inv001.status})`);
check('invoice date', inv001.invoiceDate, '2023-02-04');
check('invoice amount', inv001.amount.toFixed(2), '50000.00');
check('invoice status', inv001.status, 'Draft');

// ── 2. Only the earliest pending item can be executed ────────────────────────────────────────────────
const skipped = await executeInvoiceSchedule(context, {
  invoiceScheduleNumber: schedule.number,
  itemId: item3.id,
});
if (skipped.isOk()) throw new Error('expected item 3 to be refused while item 2 is pending');
console.log(`${skipped.error.type}: ${skipped.error.message}`);
if (skipped.error.type !== 'NotEarliestPendingItem') throw new Error(`unexpected ${skipped.error.type}`);
check('earliestPendingItemId', skipped.error.earliestPendingItemId, item2.id);

// ── 3. "The next one": no item id executes the earliest pending item; an idempotency key makes it safe to retry
// A retry (say the response was lost) returns the first bill run and bills nothing new.
const request = { invoiceScheduleNumber: schedule.number, idempotencyKey: 'generate-2' };
const next = (await executeInvoiceSchedule(context, request))._unsafeUnwrap();
const retry = (await executeInvoiceSchedule(context, request))._unsafeUnwrap();
console.log(`${next.number} → ${next.invoiceNumbers}; retry: ${retry.number} → ${retry.invoiceNumbers}`);
// BR-00000002 → INV00000002; retry: BR-00000002 → INV00000002
check('retry returns the first bill run', retry.number, next.number);
const inv002 = (await getInvoice(context, next.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
const c1 = inv002.lines.find((line) => line.chargeNumber === 'C1');
console.log(`${next.number}: ${inv002.number} dated ${inv002.invoiceDate}, C1 ${c1?.amount.toFixed(2)}`);
check('next item invoice date', inv002.invoiceDate, '2023-05-01');
check('C01 INV002 C1 line', c1?.amount.toFixed(2), '7358.98');
check('no item filter', next.invoiceScheduleItemId, null);

// Naming an item this execution already processed also returns its bill run (the per-item execution key).
const again = (
  await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule.number, itemId: item2.id })
)._unsafeUnwrap();
check('re-executing item 2 returns its bill run', again.number, next.number);

const after = (await getInvoiceSchedule(context, schedule.number))._unsafeUnwrap();
console.log(
  `${after.number} ${after.status}: billed ${after.billedAmount.toFixed(2)}, next run ${after.nextRunDate}`,
);
check('status', after.status, 'PartiallyProcessed');
check('billed', after.billedAmount.toFixed(2), '64000.00');
check('item 3 still pending', after.items[2]?.status, 'Pending');
check('next run date', after.nextRunDate, '2023-09-16');

// ── 4. After the last item, there is nothing to execute ──────────────────────────────────────────────
(await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule.number }))._unsafeUnwrap();
const nothing = await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule.number });
check('nothing to execute', nothing.isErr() && nothing.error.type, 'NothingToExecute');
