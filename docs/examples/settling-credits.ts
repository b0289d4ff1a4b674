// Settling credit memos (docs/guides/settling-credits.md): a schedule's credit memo (600.00, after a product is
// removed from a fully billed schedule) is posted and applied 400.00 to INV00000001 and 200.00 to INV00000002,
// over-application and another account's invoice are refused, part of it is unapplied and applied to another
// schedule's invoice, which cannot be reversed until it is unapplied. Then a Draft memo of standard billing is
// canceled, and the next bill run credits again what it credited.
// Run: npx tsx docs/examples/settling-credits.ts
import {
  activateSavedOrder,
  applyCreditMemo,
  type BillingContext,
  cancelCreditMemo,
  createInvoiceSchedule,
  creditMemoUnappliedAmount,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getCreditMemo,
  getInvoiceSchedule,
  invoiceBalance,
  postCreditMemo,
  postInvoice,
  reverseInvoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  unapplyCreditMemo,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  // The instant every application is stamped with (`appliedAt`); "today" for an execute without an item.
  clock: fixedClock('2023-11-20T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

/** Saves an account and activates an order creating one yearly subscription (2023) per [subscription, charge, price]. */
async function contract(accountNumber: string, orderNumber: string, prices: readonly string[][]) {
  (
    await saveNewAccount(context, { id: accountNumber, number: accountNumber, name: 'Acme', currency: 'USD' })
  )._unsafeUnwrap();
  await subscribe(accountNumber, orderNumber, prices);
}

/** Activates an order of the account creating one yearly subscription (2023) per [subscription, charge, price]. */
async function subscribe(accountNumber: string, orderNumber: string, prices: readonly string[][]) {
  const actions = prices.map(([subscriptionNumber, number, price]) => ({
    type: 'CreateSubscription',
    subscriptionNumber,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [
      {
        id: `RP-${subscriptionNumber}`,
        name: 'Plan',
        charges: [
          { number, name: 'Fee', type: 'Recurring', price, listPriceBase: 'Year', billingPeriod: 'Annual' },
        ],
      },
    ],
  }));
  (
    await saveNewOrder(context, { number: orderNumber, accountNumber, orderDate: '2023-01-01', actions })
  )._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber }))._unsafeUnwrap();
}

/** Saves and activates an order removing the plan of `subscriptionNumber` as of `effectiveDate`. */
async function removal(
  accountNumber: string,
  number: string,
  subscriptionNumber: string,
  effectiveDate: string,
) {
  const actions = [
    { type: 'RemoveProduct', subscriptionNumber, ratePlanId: `RP-${subscriptionNumber}`, effectiveDate },
  ];
  (await saveNewOrder(context, { number, accountNumber, orderDate: '2023-06-01', actions }))._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: number }))._unsafeUnwrap();
}

// ── A schedule's credit memo: C1 (1,200.00) removed as of 2023-07-01 after both items were billed ────
await contract('A-001', 'O-0001', [
  ['S1', 'C1', '1200.00'],
  ['S2', 'C2', '600.00'],
]);
const schedule = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0001'],
    items: [
      { runDate: '2023-01-15', amount: '900.00' },
      { runDate: '2023-07-15', amount: '900.00' },
    ],
  })
)._unsafeUnwrap().number;
for (const targetDate of ['2023-01-15', '2023-07-15']) {
  const run = (await runBillRun(context, { targetDate, accountNumbers: ['A-001'] }))._unsafeUnwrap();
  for (const invoiceNumber of run.invoiceNumbers)
    (await postInvoice(context, { invoiceNumber }))._unsafeUnwrap();
}
await removal('A-001', 'O-0002', 'S1', '2023-07-01');
const executed = (await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule }))._unsafeUnwrap();
const memoNumber = executed.creditMemoNumbers[0] ?? '';
const draft = (await getCreditMemo(context, memoNumber))._unsafeUnwrap();
expectFigure(
  'credit memo',
  `${draft.number} ${draft.status} ${draft.amount.toFixed(2)}`,
  'CM00000001 Draft 600.00',
);

// The library applies nothing by itself: the memo's lines name the invoice lines it was computed from (§8.4),
// but its whole amount is unapplied until the host applies it.
expectFigure('unapplied before', creditMemoUnappliedAmount(draft).toFixed(2), '600.00');

// A memo produced by a schedule cannot be canceled (its schedule counts the credit); a Draft cannot be applied.
const cancelScheduleMemo = await cancelCreditMemo(context, { creditMemoNumber: memoNumber });
expectFigure(
  'cancel a schedule memo',
  cancelScheduleMemo.isErr() ? cancelScheduleMemo.error.type : 'ok',
  'CreditMemoLinkedToSchedule',
);
(await postCreditMemo(context, { creditMemoNumber: memoNumber }))._unsafeUnwrap();

// ── Apply it: 400.00 to INV00000001 and 200.00 to INV00000002, in one transaction ────────────────────
const settled = await applyCreditMemo(context, {
  creditMemoNumber: memoNumber,
  applications: [
    { invoiceNumber: 'INV00000001', amount: '400.00' },
    { invoiceNumber: 'INV00000002', amount: '200.00' },
  ],
  idempotencyKey: 'settle-CM00000001',
});
if (settled.isErr()) throw new Error(settled.error.message);
const { creditMemo, invoices } = settled.value;
console.log(`${creditMemo.number} unapplied ${creditMemoUnappliedAmount(creditMemo).toFixed(2)}`);
// CM00000001 unapplied 0.00
for (const invoice of invoices) {
  console.log(`${invoice.number} ${invoice.amount.toFixed(2)} balance ${invoiceBalance(invoice).toFixed(2)}`);
}
// INV00000001 900.00 balance 500.00
// INV00000002 900.00 balance 700.00
expectFigure('balances', invoices.map((i) => invoiceBalance(i).toFixed(2)).join(' / '), '500.00 / 700.00');
expectFigure(
  'applications on the memo',
  creditMemo.applications.map((a) => `${a.invoiceNumber} ${a.amount.toFixed(2)}`).join(', '),
  'INV00000001 400.00, INV00000002 200.00',
);

// A fully applied memo cannot be applied more; another account's invoice is refused too.
const more = await applyCreditMemo(context, {
  creditMemoNumber: memoNumber,
  applications: [{ invoiceNumber: 'INV00000001', amount: '50.00' }],
});
if (more.isErr()) console.log(`${more.error.type}: ${more.error.message}`);
// CreditMemoOverApplied: Credit memo CM00000001 has 0.00 USD unapplied (amount 600.00, applied 600.00), but the request applies 50.00; it is fully applied: unapply it from an invoice first (unapplyCreditMemo) to apply it elsewhere.
expectFigure('apply more', more.isErr() ? more.error.type : 'ok', 'CreditMemoOverApplied');

// ── Unapply part of it, then reverse an invoice: refused while credit is applied ────────────────────
const undone = (
  await unapplyCreditMemo(context, {
    creditMemoNumber: memoNumber,
    invoiceNumber: 'INV00000001',
    amount: '150.00',
  })
)._unsafeUnwrap();
expectFigure(
  'INV00000001 balance after unapplying 150.00',
  invoiceBalance(undone.invoices[0]!).toFixed(2),
  '650.00',
);
expectFigure(
  'memo unapplied after unapplying 150.00',
  creditMemoUnappliedAmount(undone.creditMemo).toFixed(2),
  '150.00',
);

// A one-item schedule of S3 on the same account: its posted INV00000003 gets the 150.00 left on the memo.
await subscribe('A-001', 'O-0003', [['S3', 'C3', '300.00']]);
const single = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0003'],
    items: [{ runDate: '2023-07-15', amount: '300.00' }],
  })
)._unsafeUnwrap().number;
const third = (await executeInvoiceSchedule(context, { invoiceScheduleNumber: single }))._unsafeUnwrap();
const thirdInvoice = third.invoiceNumbers[0] ?? '';
(await postInvoice(context, { invoiceNumber: thirdInvoice }))._unsafeUnwrap();
(
  await applyCreditMemo(context, {
    creditMemoNumber: memoNumber,
    applications: [{ invoiceNumber: thirdInvoice, amount: '150.00' }],
  })
)._unsafeUnwrap();

const refused = await reverseInvoice(context, { invoiceNumber: 'INV00000003' });
if (refused.isErr()) console.log(`${refused.error.type}: ${refused.error.message}`);
// InvoiceHasAppliedCredits: Invoice INV00000003 has 150.00 of credit applied (CM00000001); unapply it first (unapplyCreditMemo for each memo), then cancel or reverse the invoice.
(
  await unapplyCreditMemo(context, { creditMemoNumber: memoNumber, invoiceNumber: 'INV00000003' })
)._unsafeUnwrap();
const reversed = (await reverseInvoice(context, { invoiceNumber: 'INV00000003' }))._unsafeUnwrap();
expectFigure('INV00000003 after unapplying the credit', reversed.status, 'Reversed');
const after = (await getInvoiceSchedule(context, single))._unsafeUnwrap();
expectFigure('schedule item 1 after the reversal', after.items[0]?.status, 'Pending');

// ── Standard billing's Draft credit memo: cancel it, and the next bill run credits again ───────────
await contract('A-002', 'O-0101', [['S21', 'C21', '1200.00']]);
const january = (
  await runBillRun(context, { targetDate: '2023-01-01', accountNumbers: ['A-002'] })
)._unsafeUnwrap();
const otherInvoice = january.invoiceNumbers[0] ?? '';
await removal('A-002', 'O-0102', 'S21', '2023-07-01');
const july = (
  await runBillRun(context, { targetDate: '2023-07-01', accountNumbers: ['A-002'] })
)._unsafeUnwrap();
const standardMemo = july.creditMemoNumbers[0] ?? '';

// A memo is applied to its own account's invoices only.
const otherAccount = await applyCreditMemo(context, {
  creditMemoNumber: memoNumber,
  applications: [{ invoiceNumber: otherInvoice, amount: '10.00' }],
});
expectFigure(
  'apply to another account',
  otherAccount.isErr() ? otherAccount.error.type : 'ok',
  'CreditApplicationAccountMismatch',
);

const canceled = (await cancelCreditMemo(context, { creditMemoNumber: standardMemo }))._unsafeUnwrap();
expectFigure(
  'standard memo canceled',
  `${canceled.number} ${canceled.status} ${canceled.amount.toFixed(2)}`,
  'CM00000002 Canceled 600.00',
);
const again = (
  await runBillRun(context, { targetDate: '2023-07-02', accountNumbers: ['A-002'] })
)._unsafeUnwrap();
const recredited = (await getCreditMemo(context, again.creditMemoNumbers[0] ?? ''))._unsafeUnwrap();
expectFigure(
  'credited again',
  `${recredited.number} ${recredited.status} ${recredited.amount.toFixed(2)}`,
  'CM00000003 Draft 600.00',
);
