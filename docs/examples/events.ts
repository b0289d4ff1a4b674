// Guide: docs/events.md — the events of what each call saved: in its Ok value, and in the store's outbox
// (written in the same transaction), relayed to subscribers exactly once per event id.
import {
  activateSavedOrder,
  type BillingContext,
  type BillingEvent,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  postInvoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const store = createMemoryStore();
// `actor` and `reason` (optional) are copied onto every event of the calls made with this context.
const context: BillingContext = {
  store,
  ids: createSequentialIds(),
  clock: fixedClock('2023-02-01T06:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
  actor: 'job:nightly-bill-run',
};

function check(label: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${label}: expected ${e}, got ${a}`);
}

(
  await saveNewAccount(context, { id: 'A-001', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();
(
  await saveNewOrder(context, {
    number: 'O-001',
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S-001',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: 'rp-1',
            name: 'Platform',
            charges: [
              {
                number: 'C1',
                name: 'Platform',
                type: 'Recurring',
                price: '1200.00',
                listPriceBase: 'Year',
                billingPeriod: 'Annual',
              },
            ],
          },
        ],
      },
    ],
  })
)._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-001' }))._unsafeUnwrap();
const schedule = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-001'],
    items: [
      { runDate: '2023-02-01', amount: '600.00' },
      { runDate: '2023-08-01', amount: '600.00' },
    ],
  })
)._unsafeUnwrap();
// The Ok value is the schedule; `events` rides along (not enumerable: JSON of the value is the record).
check(
  'created',
  schedule.events.map((e) => e.type),
  ['InvoiceScheduleCreated'],
);

// A bill run's value lists every event of the accounts it billed, in the order they were saved.
const run = (await runBillRun(context, { targetDate: '2023-02-01' }))._unsafeUnwrap();
for (const event of run.events) console.log(event.type, event.id);
// BillRunStarted BillRun/BR-00000001/BillRunStarted
// InvoiceCreated Invoice/INV00000001/v1/InvoiceCreated
// InvoiceScheduleUpdated InvoiceSchedule/IS-00000001/v2/InvoiceScheduleUpdated
// ItemProcessed InvoiceSchedule/IS-00000001/v2/ItemProcessed/…
// BillRunCompleted BillRun/BR-00000001/v2/BillRunCompleted
check(
  'bill run',
  run.events.map((e) => e.type),
  ['BillRunStarted', 'InvoiceCreated', 'InvoiceScheduleUpdated', 'ItemProcessed', 'BillRunCompleted'],
);
(await postInvoice({ ...context, actor: 'user:maria' }, { invoiceNumber: 'INV00000001' }))._unsafeUnwrap();

// A relay: read the outbox after the last position published, publish, remember the position. It may
// publish an event twice after a crash (at least once), so the subscriber keeps the ids it handled.
const handled = new Set<string>();
const invoicesToEmail: string[] = [];
function subscriber(event: BillingEvent): void {
  if (handled.has(event.id)) return; // a redelivery
  handled.add(event.id);
  if (event.type === 'InvoicePosted') invoicesToEmail.push(`${event.invoiceNumber} ${event.amount}`);
}
let published = 0;
for (const { position, event } of store.probe.outbox(published)) {
  subscriber(event);
  published = position;
}
subscriber(store.probe.outbox(published - 1)[0]?.event as BillingEvent); // the last one again: ignored
console.log(invoicesToEmail);
// [ 'INV00000001 600.00' ]
check('emails', invoicesToEmail, ['INV00000001 600.00']);
const posted = store.probe.outbox().find((e) => e.event.type === 'InvoicePosted')?.event;
check('actor', posted?.actor, 'user:maria');
// What was published need not be kept: delete it (the positions of later events stay as they are).
store.deleteOutbox(published);
check('outbox after the relay', store.probe.outbox(), []);
