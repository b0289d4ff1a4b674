// Guide: docs/guides/edit-pause-delete.md — editing a schedule with replace semantics (C24's blank
// run dates), overriding nextRunDate, notes and invoiceSeparately, pause/resume (a paused schedule is
// skipped by the Scheduler's bill runs and by execute, decision 16), delete.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  deleteInvoiceSchedule,
  executeInvoiceSchedule,
  fixedClock,
  getInvoiceSchedule,
  type InvoiceSchedule,
  pauseInvoiceSchedule,
  resumeInvoiceSchedule,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  updateInvoiceSchedule,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-01T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function check(label: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}
const show = (s: InvoiceSchedule) =>
  `${s.status}, next run ${s.nextRunDate ?? '-'}: ` +
  s.items.map((i) => `#${i.sequence} ${i.runDate ?? 'blank'} ${i.amount.toFixed(2)} ${i.status}`).join('; ');

// C24: a one-time charge of 40,000.00 billed by milestones whose dates are not known yet.
(
  await saveNewAccount(context, { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();
const action = {
  type: 'CreateSubscription',
  subscriptionNumber: 'S1',
  termType: 'Termed',
  termStart: '2023-01-01',
  termEnd: '2023-12-31',
  ratePlans: [
    {
      id: 'rp-1',
      name: 'Project',
      charges: [{ number: 'C1', name: 'Implementation', type: 'OneTime', price: '40000.00' }],
    },
  ],
};
(
  await saveNewOrder(context, {
    number: 'O-001',
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [action],
  })
)._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-001' }))._unsafeUnwrap();
const created = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-001'],
    items: [
      { name: 'Kick-off', runDate: '2023-01-01', amount: '4000.00' },
      { name: 'Milestone 1', amount: '8000.00' }, // blank run date
      { name: 'Milestone 2', amount: '28000.00' },
    ],
  })
)._unsafeUnwrap();
const number = created.number;
const [i1, i2, i3] = created.items;
if (!i1 || !i2 || !i3) throw new Error('expected three items');

// Item 1 is billed; the next item has a blank run date, so there is no next run date.
(await executeInvoiceSchedule(context, { invoiceScheduleNumber: number }))._unsafeUnwrap();
let s = (
  await updateInvoiceSchedule(context, { invoiceScheduleNumber: number, notes: 'milestones TBD' })
)._unsafeUnwrap();
console.log(`after item 1: ${show(s)}`);
check('next run date with a blank next item', s.nextRunDate, null);

// ── 1. Replace semantics: the request's items ARE the new item list ─────────────────────────────────
// Processed item 1 comes back unchanged; item 2 gets its run date (C24); item 3 stays blank.
s = (
  await updateInvoiceSchedule(context, {
    invoiceScheduleNumber: number,
    items: [
      { id: i1.id, name: 'Kick-off', runDate: '2023-01-01', amount: '4000.00' },
      { id: i2.id, name: 'Milestone 1', runDate: '2023-06-16', amount: '8000.00' },
      { id: i3.id, name: 'Milestone 2', amount: '28000.00' },
    ],
  })
)._unsafeUnwrap();
console.log(`run date filled: ${show(s)}`);
check('filling a blank run date recomputes nextRunDate', s.nextRunDate, '2023-06-16');

// Changing (or leaving out) a processed item is refused.
const changed = await updateInvoiceSchedule(context, {
  invoiceScheduleNumber: number,
  items: [
    { id: i1.id, runDate: '2023-01-02', amount: '4000.00' },
    { id: i2.id, runDate: '2023-06-16', amount: '8000.00' },
    { id: i3.id, amount: '28000.00' },
  ],
});
console.log(
  `changed processed item: ${changed.isErr() ? `${changed.error.type}: ${changed.error.message}` : 'ok'}`,
);
check('processed item changed', changed.isErr() && changed.error.type, 'ProcessedItemChanged');

// Items without an id are added; the amounts must still add up to the total (28,000 = 20,000 + 8,000).
s = (
  await updateInvoiceSchedule(context, {
    invoiceScheduleNumber: number,
    items: [
      { id: i1.id, name: 'Kick-off', runDate: '2023-01-01', amount: '4000.00' }, // processed: unchanged
      { id: i2.id, name: 'Milestone 1', runDate: '2023-06-16', amount: '8000.00' },
      { id: i3.id, name: 'Milestone 2', runDate: '2023-10-18', amount: '20000.00' }, // changed
      { name: 'Go-live', amount: '8000.00' }, // new, blank run date
    ],
  })
)._unsafeUnwrap();
console.log(`item added: ${show(s)}`);
check('four items', s.items.length, 4);
check('item 3 keeps its id', s.items[2]?.id, i3.id);

// ── 2. nextRunDate override: pulls the next item forward (§6.6 rule 4) ────────────────────────────────
s = (
  await updateInvoiceSchedule(context, { invoiceScheduleNumber: number, nextRunDate: '2023-06-10' })
)._unsafeUnwrap();
check('override', s.nextRunDate, '2023-06-10');
s = (
  await updateInvoiceSchedule(context, { invoiceScheduleNumber: number, nextRunDate: null })
)._unsafeUnwrap();
check('null restores the default', s.nextRunDate, '2023-06-16');
// (A bill run dated on or after an override processes the next item then; see the guide.)

// ── 3. Notes and invoiceSeparately can change in any status ──────────────────────────────────────────
s = (
  await updateInvoiceSchedule(context, {
    invoiceScheduleNumber: number,
    notes: 'Milestone dates agreed on 2023-05-30',
    invoiceSeparately: false,
  })
)._unsafeUnwrap();
check('notes', s.notes, 'Milestone dates agreed on 2023-05-30');
check('invoiceSeparately', s.invoiceSeparately, false);

// ── 4. Pause and resume ─────────────────────────────────────────────────────────────────────────────
const paused = (await pauseInvoiceSchedule(context, { invoiceScheduleNumber: number }))._unsafeUnwrap();
console.log(paused.status);
// Paused

// runBillRun is the Scheduler by default: it skips paused schedules (decision 16).
const skipped = (await runBillRun(context, { targetDate: '2023-06-16' }))._unsafeUnwrap();
const refused = await executeInvoiceSchedule(context, { invoiceScheduleNumber: number });
console.log(`bill run: ${skipped.itemsProcessed} items; execute: ${refused.isErr() && refused.error.type}`);
// bill run: 0 items; execute: InvoiceSchedulePaused
const resumed = (await resumeInvoiceSchedule(context, { invoiceScheduleNumber: number }))._unsafeUnwrap();
// Resumed, a schedule takes the status its items imply:
console.log(resumed.status);
// PartiallyProcessed
check('paused', paused.status, 'Paused');
check('the Scheduler’s bill run skips a paused schedule', skipped.itemsProcessed, 0);
check('execute refuses a paused schedule', refused.isErr() && refused.error.type, 'InvoiceSchedulePaused');
check('resume restores the previous status', resumed.status, 'PartiallyProcessed');
check(
  'item 2 billed after resuming',
  (await runBillRun(context, { targetDate: '2023-06-16' }))._unsafeUnwrap().itemsProcessed,
  1,
);

// ── 5. Delete only while Pending ────────────────────────────────────────────────────────────────────
const deleted = await deleteInvoiceSchedule(context, { invoiceScheduleNumber: number });
if (deleted.isErr()) console.log(`${deleted.error.type}: ${deleted.error.message}`);
// InvalidScheduleStatus: Invoice schedule IS-00000001 is PartiallyProcessed; only a Pending schedule can be
// deleted — reverse or cancel its invoices first (§5.2, C17).
check('delete refused', deleted.isErr() && deleted.error.type, 'InvalidScheduleStatus');

// Finish: item 3 on its date, then the last (blank) item gets a date and is billed.
(await runBillRun(context, { targetDate: '2023-10-18' }))._unsafeUnwrap();
// A full replacement is easiest built from the schedule as read: here the one change is Go-live's date.
const current = (await getInvoiceSchedule(context, number))._unsafeUnwrap();
const goLive = current.items.find((i) => i.name === 'Go-live');
const updated = (
  await updateInvoiceSchedule(context, {
    invoiceScheduleNumber: number,
    items: current.items.map((i) => ({
      id: i.id,
      name: i.name,
      runDate: i.id === goLive?.id ? '2023-11-30' : i.runDate, // the one change
      amount: i.amount.toFixed(2),
    })),
  })
)._unsafeUnwrap();
check('Go-live dated', updated.nextRunDate, '2023-11-30');
(await runBillRun(context, { targetDate: '2023-11-30' }))._unsafeUnwrap();
s = (
  await updateInvoiceSchedule(context, { invoiceScheduleNumber: number, notes: 'Project closed' })
)._unsafeUnwrap();
console.log(`done: ${show(s)}`);
check('fully processed', s.status, 'FullyProcessed');
check('billed', s.billedAmount.toFixed(2), '40000.00');
check('no next run', s.nextRunDate, null);
