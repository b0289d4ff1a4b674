// Guide: docs/guides/invoices.md — invoices produced by schedule items: Draft → Posted, autoPost,
// canceling a Draft (C02) and reversing a Posted invoice (C17), and what that does to the schedule.
import {
  activateSavedOrder,
  type BillingContext,
  cancelInvoice,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  deleteInvoiceSchedule,
  executeInvoiceSchedule,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  listScheduleInvoices,
  postInvoice,
  reverseInvoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const store = createMemoryStore();
const ids = createSequentialIds();
// Default settings: invoices from schedule items are Drafts (autoPost: false).
const context: BillingContext = {
  store,
  ids,
  clock: fixedClock('2023-02-04T13:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function check(label: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}

const yearly = (subscriptionNumber: string, price: string, termStart: string, termEnd: string) => ({
  type: 'CreateSubscription',
  subscriptionNumber,
  termType: 'Termed',
  termStart,
  termEnd,
  ratePlans: [
    {
      id: `rp-${subscriptionNumber}`,
      name: 'Platform',
      charges: [
        {
          number: `C${subscriptionNumber.slice(1)}`,
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
async function order(account: string, number: string, actions: readonly object[]): Promise<void> {
  (
    await saveNewAccount(context, { id: account, number: account, name: account, currency: 'USD' })
  )._unsafeUnwrap();
  (
    await saveNewOrder(context, { number, accountNumber: account, orderDate: '2022-01-01', actions })
  )._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: number }))._unsafeUnwrap();
}

// ── C02: cancel a Draft invoice; the item is billed again with its original date ─────────────────────
await order('A-001', 'O-0001', [
  yearly('S1', '36900.00', '2023-01-01', '2023-12-31'),
  yearly('S2', '21500.00', '2023-01-01', '2023-12-31'),
  yearly('S3', '11000.00', '2023-01-01', '2023-12-31'),
  yearly('S4', '800.00', '2023-01-01', '2023-12-31'),
]);
const c01 = (
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
const first = (await runBillRun(context))._unsafeUnwrap(); // today, 2023-02-04
const inv001 = (await getInvoice(context, first.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
console.log(`${inv001.number} ${inv001.status} dated ${inv001.invoiceDate}: ${inv001.amount.toFixed(2)}`);
check('a new invoice is a Draft', inv001.status, 'Draft');

const canceled = (await cancelInvoice(context, { invoiceNumber: inv001.number }))._unsafeUnwrap();
check('canceled', canceled.status, 'Canceled');
const reverted = (await getInvoiceSchedule(context, c01.number))._unsafeUnwrap();
console.log(
  `after cancel: ${reverted.status}, item 1 ${reverted.items[0]?.status}, next run ${reverted.nextRunDate}`,
);
check('item 1 back to Pending', reverted.items[0]?.status, 'Pending');
check('schedule back to Pending', reverted.status, 'Pending');
check('billed back to 0', reverted.billedAmount.toFixed(2), '0.00');
check('next run date is the original one', reverted.nextRunDate, '2023-02-04');

// The next bill run (or an execute) produces it again, a month later but dated 2023-02-04.
const later = { ...context, clock: fixedClock('2023-03-06T13:00:00Z') };
const regenerated = (await runBillRun(later, { targetDate: '2023-02-04' }))._unsafeUnwrap();
const inv002 = (await getInvoice(context, regenerated.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
console.log(`${inv002.number} ${inv002.status} dated ${inv002.invoiceDate}: ${inv002.amount.toFixed(2)}`);
check('regenerated with the original date', inv002.invoiceDate, '2023-02-04');
check('same amount', inv002.amount.toFixed(2), '50000.00');

// Post it: Draft → Posted. Posting again changes nothing; a Posted invoice cannot be canceled.
const posted = (await postInvoice(context, { invoiceNumber: inv002.number }))._unsafeUnwrap();
check('posted', posted.status, 'Posted');
check(
  'posting twice is harmless',
  (await postInvoice(context, { invoiceNumber: inv002.number }))._unsafeUnwrap().version,
  posted.version,
);
const cancelPosted = await cancelInvoice(context, { invoiceNumber: inv002.number });
if (cancelPosted.isOk()) throw new Error('a Posted invoice cannot be canceled');
console.log(`${cancelPosted.error.type}: ${cancelPosted.error.message}`);
check('InvalidInvoiceStatus', cancelPosted.error.type, 'InvalidInvoiceStatus');
const history = (await listScheduleInvoices(context, c01.number))._unsafeUnwrap();
check(
  'both invoices are kept',
  history.map((i) => `${i.number} ${i.status}`).join(', '),
  'INV00000001 Canceled, INV00000002 Posted',
);

// ── C17: reverse a Posted invoice so the schedule is Pending again and can be deleted ────────────────
await order('A-002', 'O-0002', [
  yearly('S5', '1200.00', '2022-01-01', '2022-12-31'),
  yearly('S6', '1300.00', '2022-01-01', '2022-12-31'),
]);
const c17 = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-002',
    orders: ['O-0002'],
    items: [
      { runDate: '2022-01-01', amount: '1200.00' },
      { runDate: '2022-12-01', amount: '1300.00' },
    ],
  })
)._unsafeUnwrap();
// With autoPost, invoices from schedule items are posted as soon as they are created.
const autoPost: BillingContext = { ...context, settings: { ...DEFAULT_TENANT_SETTINGS, autoPost: true } };
const generated = (
  await executeInvoiceSchedule(autoPost, { invoiceScheduleNumber: c17.number })
)._unsafeUnwrap();
const c17Invoice = (await getInvoice(context, generated.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
console.log(`${c17Invoice.number} ${c17Invoice.status}`);
// INV00000003 Posted
check('autoPost posts at once', c17Invoice.status, 'Posted');
check('C17 INV001', c17Invoice.amount.toFixed(2), '1200.00');

// Deleting needs a Pending schedule: reverse the posted invoice first.
const invoiceScheduleNumber = c17.number;
const refused = await deleteInvoiceSchedule(context, { invoiceScheduleNumber });
console.log(`delete while PartiallyProcessed: ${refused.isErr() ? refused.error.type : 'ok'}`);
// delete while PartiallyProcessed: InvalidScheduleStatus
const reversed = (await reverseInvoice(context, { invoiceNumber: c17Invoice.number }))._unsafeUnwrap();
const pendingAgain = (await getInvoiceSchedule(context, invoiceScheduleNumber))._unsafeUnwrap();
console.log(`after reverse: ${pendingAgain.status}, item 1 ${pendingAgain.items[0]?.status}`);
// after reverse: Pending, item 1 Pending
(await deleteInvoiceSchedule(context, { invoiceScheduleNumber }))._unsafeUnwrap();
const gone = await getInvoiceSchedule(context, invoiceScheduleNumber);
console.log(`after delete: ${gone.isErr() ? gone.error.type : 'still there'}`);
// after delete: InvoiceScheduleNotFound
check('delete refused', refused.isErr() && refused.error.type, 'InvalidScheduleStatus');
check('reversed', reversed.status, 'Reversed');
check('schedule Pending again', pendingAgain.status, 'Pending');
check('unbilled back to 2,500', pendingAgain.unbilledAmount.toFixed(2), '2500.00');
check('deleted', gone.isErr() && gone.error.type, 'InvoiceScheduleNotFound');
