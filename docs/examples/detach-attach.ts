// Detach and attach charges (docs/guides/detach-attach.md), case C30 steps 1–2: an early renewal of S3 cuts
// C3 to five months (actual amount 36,250.00), detaching C3 takes its credit out of the schedule (40,000.00,
// item 2 actual 10,000.00). Detaching needs every invoice posted (InvoicesNotPosted); attaching back needs the
// charge unchanged and no item processed since (AttachNotAllowed).
// Run: npx tsx docs/examples/detach-attach.ts
import {
  activateSavedOrder,
  attachInvoiceScheduleCharges,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  detachInvoiceScheduleCharges,
  executeInvoiceSchedule,
  fixedClock,
  getInvoiceSchedule,
  type InvoiceSchedule,
  postInvoice,
  renderTable,
  saveNewAccount,
  saveNewOrder,
  scheduleItemRows,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  clock: fixedClock('2025-05-20T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

const figures = (s: InvoiceSchedule) =>
  `total ${s.totalAmount.toFixed(2)} actual ${s.actualAmount.toFixed(2)} billed ${s.billedAmount.toFixed(2)} ` +
  `unbilled ${s.unbilledAmount.toFixed(2)}; item 2 actual ${s.items[1]?.actualAmount.toFixed(2)}`;

const fee = (number: string, extra: Record<string, string> = {}) => ({
  number,
  name: 'Fee',
  type: 'Recurring',
  price: '15000.00',
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
  ...extra,
});

async function activate(number: string, orderDate: string, actions: readonly unknown[]) {
  (await saveNewOrder(context, { number, accountNumber: 'A-001', orderDate, actions }))._unsafeUnwrap();
  const activated = await activateSavedOrder(context, { orderNumber: number });
  if (activated.isErr()) throw new Error(`${activated.error.type}: ${activated.error.message}`);
}

// Setup (C30): S1/C1, S2/C2, S3/C3 for 2025 at 15,000.00 each; IS1 bills 30,000 in January and 15,000 in
// October. Item 1 is executed: INV00000001, 10,000.00 per charge, a Draft.
(await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' }))._unsafeUnwrap();
await activate(
  'O-0001',
  '2025-01-01',
  ['1', '2', '3'].map((n) => ({
    type: 'CreateSubscription',
    subscriptionNumber: `S${n}`,
    termType: 'Termed',
    termStart: '2025-01-01',
    termEnd: '2025-12-31',
    ratePlans: [{ id: `RP-S${n}`, name: 'Platform', charges: [fee(`C${n}`)] }],
  })),
);
const is1 = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0001'],
    items: [
      { runDate: '2025-01-10', amount: '30000.00' },
      { runDate: '2025-10-05', amount: '15000.00' },
    ],
  })
)._unsafeUnwrap().number;
const first = (await executeInvoiceSchedule(context, { invoiceScheduleNumber: is1 }))._unsafeUnwrap();
const [inv1] = first.invoiceNumbers;

// Step 1: early renewal of S3 on 2025-06-01 (Remove Product + Terms And Conditions + Add Product). C3 now
// runs five months and is worth 6,250.00; 3,750.00 of what INV00000001 billed on it is a credit due.
await activate('O-0002', '2025-05-15', [
  { type: 'RemoveProduct', subscriptionNumber: 'S3', ratePlanId: 'RP-S3', effectiveDate: '2025-06-01' },
  { type: 'TermsAndConditions', subscriptionNumber: 'S3', termStart: '2025-06-01', termEnd: '2026-05-31' },
  {
    type: 'AddProduct',
    subscriptionNumber: 'S3',
    ratePlan: {
      id: 'RP-S3-2025',
      name: 'Platform (renewed)',
      charges: [fee('C4', { startDate: '2025-06-01', endDate: '2026-05-31' })],
    },
  },
]);
const renewed = (await getInvoiceSchedule(context, is1))._unsafeUnwrap();
expectFigure(
  'step 1',
  figures(renewed),
  'total 45000.00 actual 36250.00 billed 30000.00 unbilled 6250.00; item 2 actual 6250.00',
);
expectFigure('step 1 next run date (the credit start)', renewed.nextRunDate, '2025-06-01');

// Step 2: detach C3. Every invoice of the schedule must be posted first.
const detachC3 = {
  invoiceScheduleNumber: is1, // 'IS-00000001'
  specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
};
const early = await detachInvoiceScheduleCharges(context, detachC3);
expectFigure('detach with a Draft invoice', early.isErr() ? early.error.type : 'ok', 'InvoicesNotPosted');
(await postInvoice(context, { invoiceNumber: inv1 ?? '' }))._unsafeUnwrap();
const detached = (await detachInvoiceScheduleCharges(context, detachC3))._unsafeUnwrap();
expectFigure(
  'step 2',
  figures(detached),
  'total 45000.00 actual 40000.00 billed 30000.00 unbilled 10000.00; item 2 actual 10000.00',
);
// The credit that moved the next run date is no longer this schedule's: it falls back to item 2's run date.
expectFigure('step 2 next run date', detached.nextRunDate, '2025-10-05');
console.log(renderTable(scheduleItemRows(detached)));

// Attach it back: allowed, since C3 is unchanged and no item was processed since the detach.
const attached = (await attachInvoiceScheduleCharges(context, detachC3))._unsafeUnwrap();
expectFigure('attached back: actual', attached.actualAmount.toFixed(2), '36250.00');
const twice = await attachInvoiceScheduleCharges(context, detachC3);
expectFigure('attach an attached charge', twice.isErr() ? twice.error.type : 'ok', 'ChargeNotDetached');

// Detach again and let item 2 run: it bills C1 and C2 only (10,000.00), no credit for C3. After that, C3
// can no longer come back.
(await detachInvoiceScheduleCharges(context, detachC3))._unsafeUnwrap();
const second = (await executeInvoiceSchedule(context, { invoiceScheduleNumber: is1 }))._unsafeUnwrap();
const done = (await getInvoiceSchedule(context, is1))._unsafeUnwrap();
expectFigure(
  'item 2',
  `${second.invoiceNumbers.join(', ')} ${done.items[1]?.billedAmount.toFixed(2)}, credit memos [${second.creditMemoNumbers.join(', ')}]`,
  'INV00000002 10000.00, credit memos []',
);
expectFigure(
  'schedule',
  `${done.status} billed ${done.billedAmount.toFixed(2)}`,
  'FullyProcessed billed 40000.00',
);
const late = await attachInvoiceScheduleCharges(context, detachC3);
if (late.isOk()) throw new Error('expected AttachNotAllowed');
console.log(`${late.error.type}: ${late.error.message}`);
expectFigure(
  'attach after item 2',
  late.error.type === 'AttachNotAllowed' ? late.error.reason : late.error.type,
  'ItemProcessedSinceDetach',
);
