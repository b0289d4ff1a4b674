// Order changes and invoice schedules (docs/guides/order-changes-and-schedules.md): four C01 schedules, one
// per change —
//   A. a refused activation (Update Product on a partially processed schedule: nothing is saved), then a
//      removal on that schedule (case C11: item 2 bills 8,500.00, item 3 nothing);
//   B. a price change from the charge start on a pending schedule, absorbed by the last item (§8.5:
//      6,200.00 → 6,400.00);
//   C. an Add Product order added to a pending schedule's orders, last item re-balanced (case C12: 70,700.00);
//   D. a removal before anything is billed pulls nextRunDate forward to its effective date (decision 19): one
//      invoice of 11,700.00 dated 2023-03-01 (decision 18), items 2 and 3 Processed without a document;
//   E. an owner transfer of every subscription of a partly billed schedule: the schedule moves with them
//      (decision 17, §8.8), the old owner keeps its invoice and nothing is billed twice;
//   F. extending a scheduled recurring charge by Terms And Conditions is refused; remove on the old term end
//      + Terms And Conditions extension + add back (the supported ramp, C29 Ex.4) is accepted.
// Run: npx tsx docs/examples/order-changes.ts
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  type InvoiceSchedule,
  renderTable,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  scheduleItemRows,
  updateInvoiceSchedule,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const store = createMemoryStore();
const context: BillingContext = {
  store,
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-01T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

const amounts = (s: InvoiceSchedule, field: 'amount' | 'actualAmount' | 'billedAmount') =>
  s.items.map((i) => i[field].toFixed(2)).join(' / ');

const C01_ITEMS = ['2023-02-04', '2023-05-01', '2023-09-16'] as const;

/**
 * Case C01 for one account: four subscriptions for 2023 (S1–S4 with charges C1–C4, prefixed so that every
 * account has its own numbers) and a schedule of 50,000 / 14,000 / 6,200 on `runDates` (C01's by default).
 * Returns the schedule number.
 */
async function c01(
  accountNumber: string,
  prefix: string,
  runDates: readonly string[] = C01_ITEMS,
): Promise<string> {
  (
    await saveNewAccount(context, { id: accountNumber, number: accountNumber, name: 'Acme', currency: 'USD' })
  )._unsafeUnwrap();
  const prices = [
    ['1', '36900.00'],
    ['2', '21500.00'],
    ['3', '11000.00'],
    ['4', '800.00'],
  ];
  const actions = prices.map(([n, price]) => ({
    type: 'CreateSubscription',
    subscriptionNumber: `${prefix}S${n}`,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [
      {
        id: `RP-${prefix}S${n}`,
        name: 'Platform',
        charges: [
          {
            number: `${prefix}C${n}`,
            name: 'Fee',
            type: 'Recurring',
            price,
            listPriceBase: 'Year',
            billingPeriod: 'Annual',
          },
        ],
      },
    ],
  }));
  const orderNumber = `${prefix}O-0001`;
  (
    await saveNewOrder(context, { number: orderNumber, accountNumber, orderDate: '2023-01-01', actions })
  )._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber }))._unsafeUnwrap();
  const created = await createInvoiceSchedule(context, {
    accountNumber,
    orders: [orderNumber],
    items: ['50000.00', '14000.00', '6200.00'].map((amount, n) => ({ runDate: runDates[n] ?? null, amount })),
  });
  if (created.isErr()) throw new Error(`${created.error.type}: ${created.error.message}`);
  return created.value.number;
}

/** Saves an order of change actions and activates it; returns the activation result. */
async function order(accountNumber: string, number: string, actions: readonly unknown[]) {
  (await saveNewOrder(context, { number, accountNumber, orderDate: '2023-03-01', actions }))._unsafeUnwrap();
  return activateSavedOrder(context, { orderNumber: number });
}

const bill = async (accountNumber: string, targetDate: string) =>
  (await runBillRun(context, { targetDate, accountNumbers: [accountNumber] }))._unsafeUnwrap();
const read = async (number: string) => (await getInvoiceSchedule(context, number))._unsafeUnwrap();

// ── A. Partially processed: a refused price change, then a removal (C11) ────────────────────────────
const a = await c01('A-001', '');
await bill('A-001', '2023-02-04'); // item 1: INV00000001 50,000.00
expectFigure('A status after item 1', (await read(a)).status, 'PartiallyProcessed');

// A price change from the charge start is allowed only while the schedule is Pending (§8.5, §8.9).
const priceChange = {
  number: 'O-0002',
  accountNumber: 'A-001',
  orderDate: '2023-03-01',
  actions: [
    {
      type: 'UpdateProduct',
      subscriptionNumber: 'S1',
      chargeNumber: 'C1',
      effectiveDate: '2023-01-01',
      price: '37100.00',
    },
  ],
};
(await saveNewOrder(context, priceChange))._unsafeUnwrap();
const before = JSON.stringify(store.probe.snapshot()); // the whole store, to compare afterwards
const refused = await activateSavedOrder(context, { orderNumber: 'O-0002' });
if (refused.isOk()) throw new Error('expected the Update Product to be refused');
console.log(`${refused.error.type}: ${refused.error.message}`);
const reason = refused.error.type === 'OrderActionNotSupported' ? refused.error.reason : '-';
expectFigure('A refusal reason', reason, 'UpdateProductScheduleNotPending');
// Nothing of a refused operation is saved: the order stays Draft, S1 and the schedule are unchanged.
if (JSON.stringify(store.probe.snapshot()) !== before) throw new Error('the refused activation wrote');
expectFigure('A order O-0002 after the refusal', store.probe.order('O-0002')?.status, 'Draft');

// C11: remove C1–C4 as of 2023-11-01. Two months (11,700.00) no longer need billing; nothing billed is
// credited (the removal is after the billed-through date, 2023-09-17).
(
  await order(
    'A-001',
    'O-0003',
    ['S1', 'S2', 'S3', 'S4'].map((s) => ({
      type: 'RemoveProduct',
      subscriptionNumber: s,
      ratePlanId: `RP-${s}`,
      effectiveDate: '2023-11-01',
    })),
  )
)._unsafeUnwrap();
const removed = await read(a);
expectFigure(
  'C11 actual / billed / unbilled',
  `${removed.actualAmount.toFixed(2)} / ${removed.billedAmount.toFixed(2)} / ${removed.unbilledAmount.toFixed(2)}`,
  '58500.00 / 50000.00 / 8500.00',
);
expectFigure('C11 item actual amounts', amounts(removed, 'actualAmount'), '50000.00 / 8500.00 / 0.00');
expectFigure('C11 next run date (no credit due)', removed.nextRunDate, '2023-05-01');

// The bill run of item 2's run date: item 2 bills 8,500.00, and item 3, left at 0.00, becomes Processed
// without a document in the same operation (decision 19) — its run date, 2023-09-16, has nothing left to do.
const rest = await bill('A-001', '2023-05-01');
console.log(
  `${rest.number}: invoices ${rest.invoiceNumbers.join(', ')}; items processed ${rest.itemsProcessed}`,
);
const c11 = await read(a);
console.log(renderTable(scheduleItemRows(c11)));
expectFigure('C11 invoices of the bill run', rest.invoiceNumbers.join(', '), 'INV00000002');
// Items 2 and 3 both became Processed in this run: it processed two items.
expectFigure('C11 items processed by the bill run', String(rest.itemsProcessed), '2');
expectFigure(
  'C11 item 3',
  `${c11.items[2]?.status} ${c11.items[2]?.invoiceNumber ?? 'no document'}`,
  'Processed no document',
);
expectFigure('C11 status', `${c11.status} ${c11.billedAmount.toFixed(2)}`, 'FullyProcessed 58500.00');
expectFigure('C11 next run date after item 2', String(c11.nextRunDate), 'null');
const inv002 = (await getInvoice(context, 'INV00000002'))._unsafeUnwrap();
// Item 2 bills each charge's remainder up to its value after the removal; the values are rounded as a set,
// ties to the earlier charge, so C2 is 17,916.67 and C4 666.66 (see docs/concepts/amounts-after-changes.md).
expectFigure(
  'C11 INV00000002 lines',
  inv002.lines.map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)}`).join(', '),
  'C1 4467.95, C2 2603.28, C3 1331.91, C4 96.86',
);
expectFigure('C11 INV00000002 total', inv002.amount.toFixed(2), '8500.00');

// ── B. Pending: a price change from the charge start, absorbed by the last item (§8.5) ───────────────
const b = await c01('A-002', 'B-');
(
  await order('A-002', 'B-O-0002', [
    {
      type: 'UpdateProduct',
      subscriptionNumber: 'B-S4',
      chargeNumber: 'B-C4',
      effectiveDate: '2023-01-01',
      price: '1000.00',
    },
  ])
)._unsafeUnwrap();
const repriced = await read(b);
expectFigure(
  '§8.5 total / actual',
  `${repriced.totalAmount.toFixed(2)} / ${repriced.actualAmount.toFixed(2)}`,
  '70200.00 / 70400.00',
);
expectFigure('§8.5 item amounts', amounts(repriced, 'amount'), '50000.00 / 14000.00 / 6200.00');
expectFigure('§8.5 item actual amounts', amounts(repriced, 'actualAmount'), '50000.00 / 14000.00 / 6400.00');
await bill('A-002', '2023-12-31');
expectFigure('§8.5 billed', amounts(await read(b), 'billedAmount'), '50000.00 / 14000.00 / 6400.00');

// ── C. Pending: Add Product, then the order is added to the schedule (C12) ───────────────────────────
const c = await c01('A-003', 'D-');
// C5, 500.00 a year, on S4. (C12 adds it for 2024; here a charge must lie inside its subscription's term,
// so it runs through 2023.) New charges are not in any schedule (§8.6): nothing changes yet.
(
  await order('A-003', 'D-O-0002', [
    {
      type: 'AddProduct',
      subscriptionNumber: 'D-S4',
      ratePlan: {
        id: 'RP-D-S4-extra',
        name: 'Extra',
        charges: [
          {
            number: 'D-C5',
            name: 'Extra',
            type: 'Recurring',
            price: '500.00',
            listPriceBase: 'Year',
            billingPeriod: 'Annual',
            startDate: '2023-01-01',
            endDate: '2023-12-31',
          },
        ],
      },
    },
  ])
)._unsafeUnwrap();
expectFigure('C12 actual after Add Product', (await read(c)).actualAmount.toFixed(2), '70200.00');

// Edit the schedule: orders = both orders (replace semantics) and items re-balanced in the same request.
const current = (await getInvoiceSchedule(context, c))._unsafeUnwrap();
const edited = await updateInvoiceSchedule(context, {
  invoiceScheduleNumber: c,
  orders: ['D-O-0001', 'D-O-0002'],
  items: current.items.map((i, n) => ({
    id: i.id,
    runDate: i.runDate,
    amount: n === 2 ? '6700.00' : i.amount.toFixed(2),
  })),
});
if (edited.isErr()) throw new Error(`${edited.error.type}: ${edited.error.message}`);
expectFigure('C12 total', edited.value.totalAmount.toFixed(2), '70700.00');
expectFigure('C12 items', amounts(edited.value, 'amount'), '50000.00 / 14000.00 / 6700.00');
expectFigure(
  'C12 charges',
  edited.value.charges.map((ch) => ch.chargeNumber).join(', '),
  'D-C1, D-C2, D-C3, D-C4, D-C5',
);
await bill('A-003', '2023-12-31');
expectFigure('C12 billed', amounts(await read(c), 'billedAmount'), '50000.00 / 14000.00 / 6700.00');

// ── D. A removal before anything is billed pulls the schedule forward (decisions 19 and 18) ──────────
// C01 billed on 2023-04-01 / 2023-07-01 / 2023-10-01; nothing billed yet.
const d = await c01('A-004', 'E-', ['2023-04-01', '2023-07-01', '2023-10-01']);
// Remove C1–C4 as of 2023-03-01: two months (11,700.00) are left to bill, none of them billed yet.
const cut = ['E-S1', 'E-S2', 'E-S3', 'E-S4'].map((s) => ({
  type: 'RemoveProduct',
  subscriptionNumber: s,
  ratePlanId: `RP-${s}`,
  effectiveDate: '2023-03-01',
}));
(await order('A-004', 'E-O-0002', cut))._unsafeUnwrap();
const pulled = await read(d);
console.log(`next run date ${pulled.nextRunDate}; actual amounts ${amounts(pulled, 'actualAmount')}`);
// next run date 2023-03-01; actual amounts 11700.00 / 0.00 / 0.00
const march = await bill('A-004', '2023-03-01');
const marchInvoice = (await getInvoice(context, march.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
const afterMarch = await read(d);
console.log(`${marchInvoice.number} ${marchInvoice.amount.toFixed(2)} dated ${marchInvoice.invoiceDate}`);
// INV00000009 11700.00 dated 2023-03-01
console.log(afterMarch.items.map((i) => `${i.status} ${i.invoiceNumber ?? '-'}`).join(' / '));
// Processed INV00000009 / Processed - / Processed -
expectFigure('D next run date after the removal', pulled.nextRunDate, '2023-03-01');
expectFigure(
  'D invoice',
  `${marchInvoice.amount.toFixed(2)} ${marchInvoice.invoiceDate}`,
  '11700.00 2023-03-01',
);
expectFigure(
  'D schedule after the run',
  `${afterMarch.status} ${afterMarch.billedAmount.toFixed(2)} ${afterMarch.nextRunDate}`,
  'FullyProcessed 11700.00 null',
);
expectFigure('D later run', String((await bill('A-004', '2023-12-31')).itemsProcessed), '0');

// ── E. Owner transfer of every subscription: the schedule moves with them (decision 17, §8.8) ────────
const e = await c01('A-005', 'F-');
await bill('A-005', '2023-02-04'); // item 1 on A-005: INV00000010 50,000.00
(
  await saveNewAccount(context, { id: 'A-006', number: 'A-006', name: 'Globex', currency: 'USD' })
)._unsafeUnwrap();
const transfer = ['F-S1', 'F-S2', 'F-S3', 'F-S4'].map((s) => ({
  type: 'OwnerTransfer',
  subscriptionNumber: s,
  newOwnerAccountNumber: 'A-006',
}));
const moved = (await order('A-005', 'F-O-0002', transfer))._unsafeUnwrap();
const fs1 = moved.subscriptions.find((s) => s.number === 'F-S1');
console.log(`${fs1?.number}: ${fs1?.accountNumber}, before ${fs1?.previousAccountNumbers?.join(', ')}`);
// F-S1: A-006, before A-005
console.log(`${e} belongs to ${(await read(e)).accountNumber}`);
// IS-00000005 belongs to A-006

// A bill run over both accounts bills the rest once, on the new owner; INV00000010 stays with A-005.
const both = (
  await runBillRun(context, { targetDate: '2023-12-31', accountNumbers: ['A-005', 'A-006'] })
)._unsafeUnwrap();
for (const n of both.invoiceNumbers) {
  const inv = (await getInvoice(context, n))._unsafeUnwrap();
  console.log(`${inv.number} ${inv.accountNumber} ${inv.amount.toFixed(2)}`);
}
// INV00000011 A-006 14000.00
// INV00000012 A-006 6200.00
const transferred = await read(e);
expectFigure('E previous owners of F-S1', fs1?.previousAccountNumbers?.join(', '), 'A-005');
expectFigure('E schedule owner', transferred.accountNumber, 'A-006');
expectFigure('E invoices of the run', both.invoiceNumbers.join(', '), 'INV00000011, INV00000012');
expectFigure(
  'E item 1 invoice owner',
  (await getInvoice(context, transferred.items[0]?.invoiceNumber ?? ''))._unsafeUnwrap().accountNumber,
  'A-005',
);
expectFigure(
  'E billed over both owners',
  `${transferred.status} ${transferred.billedAmount.toFixed(2)}`,
  'FullyProcessed 70200.00',
);

// ── F. The supported ramp: remove on the old term end, extend the term, add back (§8.7, §8.9, C29 Ex.4) ─
const f = await c01('A-007', 'G-');
await bill('A-007', '2023-02-04'); // partially processed
const before2024 = await read(f);
// Extending the term alone would extend G-C4, a scheduled recurring charge: refused (§8.9).
const extend = [{ type: 'TermsAndConditions', subscriptionNumber: 'G-S4', termEnd: '2024-12-31' }];
const extended = await order('A-007', 'G-O-0002', extend);
const extendReason =
  extended.isErr() && extended.error.type === 'OrderActionNotSupported' ? extended.error.reason : 'accepted';
console.log(extendReason);
// TermsExtendScheduledRecurringCharge
const ramp = [
  // Effective 2024-01-01: G-C4 keeps its dates through the old term end, 2023-12-31.
  { type: 'RemoveProduct', subscriptionNumber: 'G-S4', ratePlanId: 'RP-G-S4', effectiveDate: '2024-01-01' },
  { type: 'TermsAndConditions', subscriptionNumber: 'G-S4', termEnd: '2024-12-31' },
  {
    type: 'AddProduct',
    subscriptionNumber: 'G-S4',
    ratePlan: {
      id: 'RP-G-S4-2024',
      name: 'Platform 2024',
      charges: [
        {
          number: 'G-C4-2024',
          name: 'Fee',
          type: 'Recurring',
          price: '900.00',
          listPriceBase: 'Year',
          billingPeriod: 'Annual',
          startDate: '2024-01-01',
          endDate: '2024-12-31',
        },
      ],
    },
  },
];
const ramped = (await order('A-007', 'G-O-0003', ramp))._unsafeUnwrap();
const gs4 = ramped.subscriptions.find((s) => s.number === 'G-S4');
console.log(
  gs4?.ratePlans
    .flatMap((rp) => rp.charges.map((ch) => `${ch.number} ${ch.startDate} → ${ch.endDate}`))
    .join('; '),
);
// G-C4 2023-01-01 → 2023-12-31; G-C4-2024 2024-01-01 → 2024-12-31
const after2024 = await read(f);
expectFigure('F T&C alone', extendReason, 'TermsExtendScheduledRecurringCharge');
expectFigure('F term end', gs4?.termEnd, '2024-12-31');
expectFigure(
  'F schedule unchanged',
  `${after2024.actualAmount.toFixed(2)} ${after2024.nextRunDate} ${after2024.charges.length}`,
  `${before2024.actualAmount.toFixed(2)} ${before2024.nextRunDate} 4`,
);
