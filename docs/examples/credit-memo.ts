// Credit memos (docs/guides/credits.md): products removed after a schedule is fully processed (case C10:
// CM 11,700.00 in eight lines, produced by an execute without an item), and a cancellation with a
// zero-priced charge (case C08: 333.33 plus a 0.00 line, produced by a bill run). Then the memo is posted
// and listed with the schedule's other credit memos. Then a credit due on a partially processed schedule
// (C30 without detaching): it pulls the next item forward, and its invoice and credit memo are both dated
// the day it became due (decision 18); and a paused schedule's credit, produced only by a bill run a person
// starts (`includePausedSchedules`, decision 16).
// Run: npx tsx docs/examples/credit-memo.ts
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  listScheduleCreditMemos,
  listScheduleInvoices,
  pauseInvoiceSchedule,
  postCreditMemo,
  postInvoice,
  renderTable,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  scheduleItemRows,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  // "Today" for an execute without an item: the credit memo's date.
  clock: fixedClock('2023-11-20T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

/** Creates one subscription per [subscription, charge, price] for `year` (2023), in one activated order. */
async function contract(
  accountNumber: string,
  orderNumber: string,
  prices: readonly string[][],
  year = '2023',
) {
  (
    await saveNewAccount(context, { id: accountNumber, number: accountNumber, name: 'Acme', currency: 'USD' })
  )._unsafeUnwrap();
  const actions = prices.map(([subscriptionNumber, number, price]) => ({
    type: 'CreateSubscription',
    subscriptionNumber,
    termType: 'Termed',
    termStart: `${year}-01-01`,
    termEnd: `${year}-12-31`,
    ratePlans: [
      {
        id: `RP-${subscriptionNumber}`,
        name: 'Platform',
        charges: [
          { number, name: 'Fee', type: 'Recurring', price, listPriceBase: 'Year', billingPeriod: 'Annual' },
        ],
      },
    ],
  }));
  (
    await saveNewOrder(context, { number: orderNumber, accountNumber, orderDate: `${year}-01-01`, actions })
  )._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber }))._unsafeUnwrap();
}

/** Saves and activates an order of change actions. */
async function change(
  accountNumber: string,
  number: string,
  actions: readonly unknown[],
  orderDate = '2023-10-15',
) {
  (await saveNewOrder(context, { number, accountNumber, orderDate, actions }))._unsafeUnwrap();
  const activated = await activateSavedOrder(context, { orderNumber: number });
  if (activated.isErr()) throw new Error(`${activated.error.type}: ${activated.error.message}`);
}

/** Bills every item of a schedule with a bill run and posts its invoices. */
async function billAndPost(accountNumber: string, schedule: string) {
  (await runBillRun(context, { targetDate: '2023-11-15', accountNumbers: [accountNumber] }))._unsafeUnwrap();
  for (const invoice of (await listScheduleInvoices(context, schedule))._unsafeUnwrap()) {
    (await postInvoice(context, { invoiceNumber: invoice.number }))._unsafeUnwrap();
  }
}

// ── C10: remove every product after the schedule is fully processed ─────────────────────────────────
await contract('A-001', 'O-0001', [
  ['S1', 'C1', '36900.00'],
  ['S2', 'C2', '21500.00'],
  ['S3', 'C3', '11000.00'],
  ['S4', 'C4', '800.00'],
]);
const c10 = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0001'],
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-05-01', amount: '14000.00' },
      { runDate: '2023-09-16', amount: '6200.00' },
    ],
  })
)._unsafeUnwrap().number;
await billAndPost('A-001', c10);

// O-0002 removes C1–C4 as of 2023-11-01: two months (11,700.00) were billed but are no longer due.
const removal = {
  number: 'O-0002',
  accountNumber: 'A-001',
  orderDate: '2023-10-15',
  actions: ['S1', 'S2', 'S3', 'S4'].map((s) => ({
    type: 'RemoveProduct',
    subscriptionNumber: s,
    ratePlanId: `RP-${s}`,
    effectiveDate: '2023-11-01',
  })),
};
(await saveNewOrder(context, removal))._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-0002' }))._unsafeUnwrap();
const revised = (await getInvoiceSchedule(context, c10))._unsafeUnwrap();
expectFigure('C10 actual amount after the removal', revised.actualAmount.toFixed(2), '58500.00');
expectFigure('C10 unbilled (a credit is due)', revised.unbilledAmount.toFixed(2), '-11700.00');
expectFigure('C10 next run date (the effective date)', revised.nextRunDate, '2023-11-01');

// Execute without an item: nothing is pending, so it produces the credits due by today (the reference's
// "Create Bill Run" on a fully processed schedule). The clock says 2023-11-20, on or after the removal's
// 2023-11-01; before that day it would be refused with NothingToExecute (§8.4, decision 12).
const executed = (await executeInvoiceSchedule(context, { invoiceScheduleNumber: c10 }))._unsafeUnwrap();
const [cmNumber] = executed.creditMemoNumbers;
const memo = (await getCreditMemo(context, cmNumber ?? ''))._unsafeUnwrap();
console.log(
  `${executed.number} → ${memo.number} ${memo.status} ${memo.amount.toFixed(2)} dated ${memo.memoDate}`,
);
// BR-00000002 → CM00000001 Draft 11700.00 dated 2023-11-01
for (const line of memo.lines) {
  console.log(
    `  ${line.chargeNumber} ${line.amount.toFixed(2).padStart(8)} from ${line.creditedInvoiceNumber} ` +
      `${line.serviceStartDate} → ${line.serviceEndDate}`,
  );
}
expectFigure('C10 credit memo total', memo.amount.toFixed(2), '11700.00');
expectFigure('C10 credit memo lines', String(memo.lines.length), '8');
expectFigure(
  'C10 lines',
  memo.lines.map((l) => l.amount.toFixed(2)).join(' / '),
  '3258.97 / 2891.03 / 1898.86 / 1684.48 / 971.51 / 861.82 / 70.66 / 62.67',
);
expectFigure(
  'C10 line 2 (C1 from INV00000002)',
  `${memo.lines[1]?.creditedInvoiceNumber} ${memo.lines[1]?.serviceStartDate} → ${memo.lines[1]?.serviceEndDate}`,
  'INV00000002 2023-11-01 → 2023-11-29',
);

const after = (await getInvoiceSchedule(context, c10))._unsafeUnwrap();
console.log(renderTable(scheduleItemRows(after)));
expectFigure(
  'C10 schedule after the credit',
  `${after.status} billed ${after.billedAmount.toFixed(2)} unbilled ${after.unbilledAmount.toFixed(2)} next ${after.nextRunDate}`,
  'FullyProcessed billed 58500.00 unbilled 0.00 next null',
);
expectFigure('C10 item 3 credit memos', after.items[2]?.creditMemoNumbers.join(', '), memo.number);

// Credit memos are Drafts unless the tenant auto-posts; post it like an invoice.
const posted = (await postCreditMemo(context, { creditMemoNumber: memo.number }))._unsafeUnwrap();
expectFigure('C10 credit memo status', posted.status, 'Posted');

// Nothing more is due: a second execute is refused, and no bill run is recorded.
const again = await executeInvoiceSchedule(context, { invoiceScheduleNumber: c10 });
expectFigure('C10 execute again', again.isErr() ? again.error.type : 'ok', 'NothingToExecute');

// ── C08: cancel after full processing, with a zero-priced charge ────────────────────────────────────
await contract('A-002', 'O-0101', [
  ['S21', 'C21', '2000.00'],
  ['S22', 'C22', '0.00'],
]);
const c08 = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-002',
    orders: ['O-0101'],
    items: [
      { runDate: '2023-02-04', amount: '1000.00' },
      { runDate: '2023-05-01', amount: '500.00' },
      { runDate: '2023-11-14', amount: '500.00' },
    ],
  })
)._unsafeUnwrap().number;
await billAndPost('A-002', c08);

// O-0102 cancels both subscriptions as of 2023-11-01: 2,000 ÷ 12 × 2 = 333.33 is credited.
await change('A-002', 'O-0102', [
  { type: 'CancelSubscription', subscriptionNumber: 'S21', effectiveDate: '2023-11-01' },
  { type: 'CancelSubscription', subscriptionNumber: 'S22', effectiveDate: '2023-11-01' },
]);
expectFigure(
  'C08 next run date',
  (await getInvoiceSchedule(context, c08))._unsafeUnwrap().nextRunDate,
  '2023-11-01',
);

// This time a bill run produces it: its target date reaches the schedule's next run date.
const run = (
  await runBillRun(context, { targetDate: '2023-11-20', accountNumbers: ['A-002'] })
)._unsafeUnwrap();
console.log(
  `${run.number}: invoices [${run.invoiceNumbers.join(', ')}], credit memos [${run.creditMemoNumbers.join(', ')}]`,
);
// BR-00000004: invoices [], credit memos [CM00000002]
const [c08Memo] = (await listScheduleCreditMemos(context, c08))._unsafeUnwrap();
if (!c08Memo) throw new Error(`no credit memo on ${c08}`);
for (const line of c08Memo.lines) {
  console.log(
    `  ${line.chargeNumber} ${line.amount.toFixed(2)} from ${line.creditedInvoiceNumber} ${line.serviceStartDate} → ${line.serviceEndDate}`,
  );
}
expectFigure(
  'C08 credit memo',
  `${c08Memo.amount.toFixed(2)} dated ${c08Memo.memoDate}`,
  '333.33 dated 2023-11-01',
);
expectFigure(
  'C08 lines',
  c08Memo.lines
    .map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)} ${l.serviceStartDate} → ${l.serviceEndDate}`)
    .join(' | '),
  'C21 333.33 2023-11-01 → 2023-12-31 | C22 0.00 2023-11-01 → 2023-12-31',
);

// ── Reading credit memos: one by number (CreditMemoNotFound when unknown), or a schedule's, in number order
const found = (await getCreditMemo(context, 'CM00000001'))._unsafeUnwrap(); // CreditMemoNotFound when unknown
const memos = (await listScheduleCreditMemos(context, 'IS-00000001'))._unsafeUnwrap(); // by number
console.log(`${found.number} ${found.status}; IS-00000001: ${memos.map((m) => m.number).join(', ')}`);
// CM00000001 Posted; IS-00000001: CM00000001

// ── C30 without detaching: a credit due with an item pending pulls the item forward (§6.6, §8.4) ────
// C1–C3 at 15,000.00 for 2025; item 1 (2025-01-10, 30,000.00) billed them through 2025-08-31.
await contract(
  'A-003',
  'O-0301',
  [
    ['S31', 'C31', '15000.00'],
    ['S32', 'C32', '15000.00'],
    ['S33', 'C33', '15000.00'],
  ],
  '2025',
);
const c30 = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-003',
    orders: ['O-0301'],
    items: [
      { runDate: '2025-01-10', amount: '30000.00' },
      { runDate: '2025-10-05', amount: '15000.00' },
    ],
  })
)._unsafeUnwrap().number;
(await runBillRun(context, { targetDate: '2025-01-10', accountNumbers: ['A-003'] }))._unsafeUnwrap();
// Early renewal of S33 on 2025-06-01: C33 is now worth 6,250.00, so 3,750.00 of what INV billed is due back.
await change(
  'A-003',
  'O-0302',
  [
    { type: 'RemoveProduct', subscriptionNumber: 'S33', ratePlanId: 'RP-S33', effectiveDate: '2025-06-01' },
    { type: 'TermsAndConditions', subscriptionNumber: 'S33', termStart: '2025-06-01', termEnd: '2026-05-31' },
  ],
  '2025-05-01',
);
const renewed = (await getInvoiceSchedule(context, c30))._unsafeUnwrap();
console.log(`next run date ${renewed.nextRunDate}, item 2 run date ${renewed.items[1]?.runDate}`);
// next run date 2025-06-01, item 2 run date 2025-10-05
const june = (
  await runBillRun(context, { targetDate: '2025-06-01', accountNumbers: ['A-003'] })
)._unsafeUnwrap();
const juneInvoice = (await getInvoice(context, june.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
const juneMemo = (await getCreditMemo(context, june.creditMemoNumbers[0] ?? ''))._unsafeUnwrap();
console.log(
  `${juneInvoice.number} ${juneInvoice.amount.toFixed(2)} dated ${juneInvoice.invoiceDate}; ` +
    `${juneMemo.number} ${juneMemo.amount.toFixed(2)} dated ${juneMemo.memoDate}`,
);
// INV00000008 10000.00 dated 2025-06-01; CM00000003 3750.00 dated 2025-06-01
expectFigure('C30 next run date (the credit start)', renewed.nextRunDate, '2025-06-01');
expectFigure(
  'C30 invoice lines',
  juneInvoice.lines.map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)}`).join(', '),
  'C31 5000.00, C32 5000.00',
);
expectFigure(
  'C30 credit memo',
  `${juneMemo.amount.toFixed(2)} ${juneMemo.lines[0]?.serviceStartDate} → ${juneMemo.lines[0]?.serviceEndDate}`,
  '3750.00 2025-06-01 → 2025-08-31',
);
expectFigure(
  'C30 documents dated',
  `${juneInvoice.invoiceDate} ${juneMemo.memoDate}`,
  '2025-06-01 2025-06-01',
);

// ── A paused schedule's credit: only a bill run a person starts produces it (decision 16) ────────────
await contract('A-004', 'O-0401', [['S41', 'C41', '1200.00']]);
const paused = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-004',
    orders: ['O-0401'],
    items: [{ runDate: '2023-02-04', amount: '1200.00' }],
  })
)._unsafeUnwrap().number;
await billAndPost('A-004', paused);
// Cancelled as of 2023-11-01: 1,200 ÷ 12 × 2 = 200.00 is due back. The schedule is paused first.
await change('A-004', 'O-0402', [
  { type: 'CancelSubscription', subscriptionNumber: 'S41', effectiveDate: '2023-11-01' },
]);
(await pauseInvoiceSchedule(context, { invoiceScheduleNumber: paused }))._unsafeUnwrap();
const november = { targetDate: '2023-11-20', accountNumbers: ['A-004'] };
const bySchedulerRun = (await runBillRun(context, november))._unsafeUnwrap();
const byPersonRun = (
  await runBillRun(context, { ...november, includePausedSchedules: true })
)._unsafeUnwrap();
const pausedMemo = (await getCreditMemo(context, byPersonRun.creditMemoNumbers[0] ?? ''))._unsafeUnwrap();
console.log(
  `Scheduler: [${bySchedulerRun.creditMemoNumbers.join(', ')}]; person: ${pausedMemo.number} ${pausedMemo.amount.toFixed(2)}`,
);
// Scheduler: []; person: CM00000004 200.00
const stillPaused = (await getInvoiceSchedule(context, paused))._unsafeUnwrap();
expectFigure(
  'paused credit memo',
  `${pausedMemo.amount.toFixed(2)} dated ${pausedMemo.memoDate}`,
  '200.00 dated 2023-11-01',
);
expectFigure(
  'paused schedule after the credit',
  `${stillPaused.status} (${stillPaused.statusBeforePause}) unbilled ${stillPaused.unbilledAmount.toFixed(2)}`,
  'Paused (FullyProcessed) unbilled 0.00',
);
