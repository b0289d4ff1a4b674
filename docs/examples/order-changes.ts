// Order changes and invoice schedules (docs/guides/order-changes-and-schedules.md): four C01 schedules, one
// per change —
//   A. a refused activation (Update Product on a partially processed schedule: nothing is saved), then a
//      removal on that schedule (case C11: item 2 bills 8,500.00, item 3 nothing);
//   B. a price change from the charge start on a pending schedule, absorbed by the last item (§8.5:
//      6,200.00 → 6,400.00);
//   C. an Add Product order added to a pending schedule's orders, last item re-balanced (case C12: 70,700.00).
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

/**
 * Case C01 for one account: four subscriptions for 2023 (S1–S4 with charges C1–C4, prefixed so that every
 * account has its own numbers) and a schedule of 50,000 / 14,000 / 6,200. Returns the schedule number.
 */
async function c01(accountNumber: string, prefix: string): Promise<string> {
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
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-05-01', amount: '14000.00' },
      { runDate: '2023-09-16', amount: '6200.00' },
    ],
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

const rest = await bill('A-001', '2023-12-31');
console.log(
  `${rest.number}: invoices ${rest.invoiceNumbers.join(', ')}; items processed ${rest.itemsProcessed}`,
);
const c11 = await read(a);
console.log(renderTable(scheduleItemRows(c11)));
expectFigure('C11 invoices of the bill run', rest.invoiceNumbers.join(', '), 'INV00000002');
expectFigure('C11 item 3 document', c11.items[2]?.invoiceNumber ?? 'none', 'none');
expectFigure('C11 status', `${c11.status} ${c11.billedAmount.toFixed(2)}`, 'FullyProcessed 58500.00');
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
