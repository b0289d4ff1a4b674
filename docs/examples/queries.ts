// Guide: docs/guides/queries.md — the listings (reference §10 Object Query, §11): schedules by account,
// status and next run date, one page at a time behind a cursor; what bills on a date; the invoices of a
// schedule. On the in-memory store; a host's adapter answers the same `page` queries from its indexes.
// Run: npx tsx docs/examples/queries.ts
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  type InvoiceSchedule,
  type ListingPage,
  listInvoiceSchedules,
  listInvoices,
  listItemsDue,
  pauseInvoiceSchedule,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

function check(label: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${label}: expected ${e}, got ${a}`);
}

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-01T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

// Five customers, each with one yearly subscription and a schedule of two items: 60 % on the first run
// date, 40 % three months later. Customer i starts on 2023-0i-10.
for (let i = 1; i <= 5; i++) {
  const account = `A-00${i}`;
  const price = `${i * 1000}.00`;
  (
    await saveNewAccount(context, { id: `a${i}`, number: account, name: `Customer ${i}`, currency: 'USD' })
  )._unsafeUnwrap();
  const order = {
    number: `O-000${i}`,
    accountNumber: account,
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: `S${i}`,
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: `rp-${i}`,
            name: 'Platform',
            charges: [
              {
                number: `C${i}`,
                name: 'Fee',
                type: 'Recurring',
                price,
                listPriceBase: 'Year',
                billingPeriod: 'Annual',
              },
            ],
          },
        ],
      },
    ],
  };
  (await saveNewOrder(context, order))._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: order.number }))._unsafeUnwrap();
  const schedule = await createInvoiceSchedule(context, {
    accountNumber: account,
    orders: [order.number],
    items: [
      { runDate: `2023-0${i}-10`, percentage: '60' },
      { runDate: `2023-0${i + 3}-10`, percentage: '40' },
    ],
  });
  schedule._unsafeUnwrap();
}
// January's bill run bills A-001's first item; A-004 is paused.
(await runBillRun(context, { targetDate: '2023-01-31' }))._unsafeUnwrap();
(await pauseInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000004' }))._unsafeUnwrap();

// #region filters
// The schedules still waiting for their first run, the next to run first.
const pending = (
  await listInvoiceSchedules(context, { status: 'Pending', sort: 'nextRunDate' })
)._unsafeUnwrap();
for (const s of pending.data) console.log(s.number, s.accountNumber, s.status, s.nextRunDate);
// IS-00000002 A-002 Pending 2023-02-10
// IS-00000003 A-003 Pending 2023-03-10
// IS-00000005 A-005 Pending 2023-05-10
console.log('next page:', pending.nextCursor);
// next page: null

// Every schedule whose next run falls in the first quarter, whatever its status.
const quarter = await listInvoiceSchedules(context, {
  nextRunDate: { from: '2023-01-01', to: '2023-03-31' },
});
console.log(
  quarter
    ._unsafeUnwrap()
    .data.map((s) => `${s.number} ${s.status}`)
    .join(', '),
);
// IS-00000002 Pending, IS-00000003 Pending
// #endregion filters
check('first quarter', quarter._unsafeUnwrap().data.length, 2);

// #region paging
// Two schedules a page: pass each page's nextCursor back until it is null.
let cursor: string | null = null;
do {
  const page: ListingPage<InvoiceSchedule> = (
    await listInvoiceSchedules(context, { pageSize: 2, ...(cursor === null ? {} : { cursor }) })
  )._unsafeUnwrap();
  console.log(page.data.map((s) => s.number).join(' '), '→', page.nextCursor === null ? 'end' : 'more');
  cursor = page.nextCursor;
} while (cursor !== null);
// IS-00000001 IS-00000002 → more
// IS-00000003 IS-00000004 → more
// IS-00000005 → end
// #endregion paging

// #region refused
// A cursor is opaque: an edited one is refused, not read as some other page.
const edited = await listInvoiceSchedules(context, { cursor: 'eyJ2IjoxfQ' });
if (edited.isErr() && edited.error.type === 'InvalidInput')
  console.log(edited.error.type, 'at', edited.error.path);
// InvalidInput at cursor
// #endregion refused

// #region due
// What a bill run on 2023-04-10 would bill (paused schedules are left out, as the Scheduler leaves them).
const due = (await listItemsDue(context, { targetDate: '2023-04-10' }))._unsafeUnwrap();
for (const row of due.data)
  console.log(row.invoiceScheduleNumber, `#${row.sequence}`, row.dueDate, row.actualAmount?.toFixed(2));
// IS-00000001 #2 2023-04-10 400.00
// IS-00000002 #1 2023-02-10 1200.00
// IS-00000003 #1 2023-03-10 1800.00
// #endregion due
check('due rows', due.data.length, 3);

// #region documents
// After that bill run, the invoices of A-001's schedule, by its number (or its id).
(await runBillRun(context, { targetDate: '2023-04-10' }))._unsafeUnwrap();
const invoices = (await listInvoices(context, { invoiceScheduleNumber: 'IS-00000001' }))._unsafeUnwrap();
for (const invoice of invoices.data)
  console.log(invoice.number, invoice.invoiceDate, invoice.status, invoice.amount.toFixed(2));
// INV00000001 2023-01-10 Draft 600.00
// INV00000002 2023-04-10 Draft 400.00
// #endregion documents
check('invoices', invoices.data.length, 2);
