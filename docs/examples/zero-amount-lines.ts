// Zero-amount lines (docs/concepts/schedules.md#zero-amount-lines-decision-15), decision 15 (§7.1, C08):
//   1. a zero-priced charge starting mid-term (2023-07-01) is not on the first invoice (its group's period
//      01-01 → 06-30 ends before it starts) and gets a 0.00 line clipped to its own dates on the second —
//      under both `chargeGrouping` settings;
//   2. a zero-priced charge ending 2023-03-31 gets a 0.00 line on the first invoice only, clipped to 03-31;
//   3. a positive charge whose share of an item rounds to 0.00 (0.12 a year next to 12,000.00) gets no line
//      on that invoice; the item that exhausts the charges bills its 0.12.
// Run: npx tsx docs/examples/zero-amount-lines.ts
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  getInvoice,
  type Invoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  type TenantSettings,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

/** An annual recurring charge; `dates` narrows it inside the 2023 term. */
const annual = (number: string, price: string, dates: { startDate?: string; endDate?: string } = {}) => ({
  number,
  name: number,
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
  ...dates,
});

/**
 * A fresh store with account A-001, one order O-0001 creating a 2023 subscription per entry of
 * `subscriptions` ([subscription number, its charges]), and a schedule of `items` on it; then one bill
 * run through 2023-12-31. Returns the invoices it produced.
 */
async function billed(
  settings: TenantSettings,
  subscriptions: readonly (readonly [string, readonly ReturnType<typeof annual>[]])[],
  items: readonly { runDate: string; amount: string }[],
): Promise<Invoice[]> {
  const context: BillingContext = {
    store: createMemoryStore(),
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings,
  };
  (
    await saveNewAccount(context, { id: 'A-001', number: 'A-001', name: 'Acme', currency: 'USD' })
  )._unsafeUnwrap();
  const actions = subscriptions.map(([subscriptionNumber, charges]) => ({
    type: 'CreateSubscription',
    subscriptionNumber,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [{ id: `RP-${subscriptionNumber}`, name: 'Platform', charges }],
  }));
  const order = { number: 'O-0001', accountNumber: 'A-001', orderDate: '2023-01-01', actions };
  (await saveNewOrder(context, order))._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: 'O-0001' }))._unsafeUnwrap();
  (
    await createInvoiceSchedule(context, { accountNumber: 'A-001', orders: ['O-0001'], items })
  )._unsafeUnwrap();
  const run = (await runBillRun(context, { targetDate: '2023-12-31' }))._unsafeUnwrap();
  const invoices: Invoice[] = [];
  for (const number of run.invoiceNumbers) invoices.push((await getInvoice(context, number))._unsafeUnwrap());
  return invoices;
}

/** An invoice's lines as `charge amount start → end`. */
const linesOf = (invoice: Invoice | undefined) =>
  (invoice?.lines ?? [])
    .map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)} ${l.serviceStartDate} → ${l.serviceEndDate}`)
    .join('; ');

// ── 1. A zero-priced charge starting 2023-07-01, both grouping settings ─────────────────────────────
for (const chargeGrouping of ['term', 'startDate'] as const) {
  const [inv1, inv2] = await billed(
    { ...DEFAULT_TENANT_SETTINGS, chargeGrouping },
    [
      ['S1', [annual('C1', '1200.00')]],
      ['S2', [annual('C2', '0.00', { startDate: '2023-07-01', endDate: '2023-12-31' })]],
    ],
    [
      { runDate: '2023-01-15', amount: '600.00' },
      { runDate: '2023-07-15', amount: '600.00' },
    ],
  );
  expectFigure(`1 (${chargeGrouping}) INV1`, linesOf(inv1), 'C1 600.00 2023-01-01 → 2023-06-30');
  expectFigure(
    `1 (${chargeGrouping}) INV2`,
    linesOf(inv2),
    'C1 600.00 2023-07-01 → 2023-12-31; C2 0.00 2023-07-01 → 2023-12-31',
  );
}

// ── 2. A zero-priced charge ending 2023-03-31 ───────────────────────────────────────────────────────
const [early1, early2] = await billed(
  DEFAULT_TENANT_SETTINGS,
  [['S1', [annual('C1', '1200.00'), annual('C0', '0.00', { endDate: '2023-03-31' })]]],
  [
    { runDate: '2023-01-15', amount: '600.00' },
    { runDate: '2023-07-15', amount: '600.00' },
  ],
);
expectFigure('2 INV1', linesOf(early1), 'C1 600.00 2023-01-01 → 2023-06-30; C0 0.00 2023-01-01 → 2023-03-31');
expectFigure('2 INV2', linesOf(early2), 'C1 600.00 2023-07-01 → 2023-12-31');

// ── 3. A positive charge whose share rounds to 0.00: no line ────────────────────────────────────────
const [small1, small2] = await billed(
  DEFAULT_TENANT_SETTINGS,
  [['S1', [annual('C1', '12000.00'), annual('C2', '0.12')]]],
  [
    { runDate: '2023-01-01', amount: '1.00' },
    { runDate: '2023-06-01', amount: '11999.12' },
  ],
);
// 1.00 × 0.12 ÷ 12,000.12 = 0.00001 → 0.00: C2 gets no line, and its service period does not move.
expectFigure('3 INV1', linesOf(small1), 'C1 1.00 2023-01-01 → 2023-01-01');
expectFigure(
  '3 INV2',
  linesOf(small2),
  'C1 11999.00 2023-01-01 → 2023-12-31; C2 0.12 2023-01-01 → 2023-12-31',
);
