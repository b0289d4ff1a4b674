// Consolidated invoices (docs/guides/consolidated-invoices.md), §7.8 and decision 11.
// One account, three schedules with items on 2023-03-01: two with invoiceSeparately false share one
// invoice in a bill run (one line group per item) and the account's standard-billing invoice of the run
// joins it; the third (invoiceSeparately true, the default) gets its own invoice, and so does a
// subscription flagged "invoice separately" under standard billing. Executed by hand, items are never
// merged. C34: a schedule ignores its subscriptions' own flag — one invoice of 10,000.00. Whatever the run
// dates: a late run merges two catch-up items into one invoice dated the later run date (decision 18).
// Run: npx tsx docs/examples/consolidated-invoices.ts
import {
  activateSavedOrder,
  type BillingContext,
  type BillRun,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  type Invoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  updateInvoiceSchedule,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import type { DecimalValue } from 'invoice-schedules/money';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  clock: fixedClock('2023-03-01T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

const subscription = (
  number: string,
  price: string,
  billingPeriod: string,
  extra: { termStart?: string; termEnd?: string; invoiceSeparately?: boolean } = {},
) => ({
  type: 'CreateSubscription',
  subscriptionNumber: number,
  termType: 'Termed',
  termStart: extra.termStart ?? '2023-01-01',
  termEnd: extra.termEnd ?? '2023-12-31',
  ...(extra.invoiceSeparately === undefined ? {} : { invoiceSeparately: extra.invoiceSeparately }),
  ratePlans: [
    {
      id: `RP-${number}`,
      name: number,
      charges: [
        {
          number: `C-${number}`,
          name: number,
          type: 'Recurring',
          price,
          listPriceBase: 'Year',
          billingPeriod,
        },
      ],
    },
  ],
});

async function activate(accountNumber: string, number: string, actions: readonly unknown[]) {
  (await saveNewOrder(context, { number, accountNumber, orderDate: '2023-01-01', actions }))._unsafeUnwrap();
  const activated = await activateSavedOrder(context, { orderNumber: number });
  if (activated.isErr()) throw new Error(`${activated.error.type}: ${activated.error.message}`);
}

async function schedule(
  accountNumber: string,
  order: string,
  subscriptionNumber: string,
  amounts: readonly [string, string],
) {
  const created = await createInvoiceSchedule(context, {
    accountNumber,
    orders: [order],
    specificSubscriptions: [{ orderNumber: order, subscriptionNumber }],
    items: [
      { runDate: '2023-03-01', amount: amounts[0] },
      { runDate: '2023-09-01', amount: amounts[1] },
    ],
  });
  if (created.isErr()) throw new Error(`${created.error.type}: ${created.error.message}`);
  return created.value.number;
}

async function invoices(run: BillRun): Promise<Invoice[]> {
  const out: Invoice[] = [];
  for (const n of run.invoiceNumbers) out.push((await getInvoice(context, n))._unsafeUnwrap());
  return out;
}

/** "INV00000001 9300.00 = IS-00000001 6000.00 + IS-00000002 3000.00 + standard 300.00" */
function describe(invoice: Invoice): string {
  // One line group per schedule item; standard-billing lines carry no schedule number.
  const groups = new Map<string, DecimalValue>();
  for (const l of invoice.lines) {
    const key = l.invoiceScheduleNumber ?? `standard ${l.subscriptionNumber}`;
    const before = groups.get(key);
    groups.set(key, before ? before.plus(l.amount) : l.amount);
  }
  return `${invoice.number} ${invoice.amount.toFixed(2)} = ${[...groups.entries()]
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(' + ')}`;
}

(await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' }))._unsafeUnwrap();
await activate('A-001', 'O-0001', [
  subscription('S1', '12000.00', 'Annual'),
  subscription('S2', '6000.00', 'Annual'),
  subscription('S3', '2400.00', 'Annual'),
  subscription('S4', '1200.00', 'Quarter', { termStart: '2023-03-01', termEnd: '2024-02-29' }),
  subscription('S5', '2400.00', 'Quarter', {
    termStart: '2023-03-01',
    termEnd: '2024-02-29',
    invoiceSeparately: true,
  }),
]);
// IS-00000001 shares invoices from the start; IS-00000002 is switched by an update; IS-00000003 keeps the
// default (an invoice of its own per item).
const created = await createInvoiceSchedule(context, {
  accountNumber: 'A-001',
  orders: ['O-0001'],
  specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1' }],
  invoiceSeparately: false, // default true
  items: [
    { runDate: '2023-03-01', amount: '6000.00' },
    { runDate: '2023-09-01', amount: '6000.00' },
  ],
});
const is1 = created._unsafeUnwrap().number;
const is2 = await schedule('A-001', 'O-0001', 'S2', ['3000.00', '3000.00']);
(
  await updateInvoiceSchedule(context, { invoiceScheduleNumber: is2, invoiceSeparately: false })
)._unsafeUnwrap();
const is3 = await schedule('A-001', 'O-0001', 'S3', ['1200.00', '1200.00']);

// ── 1. The bill run of 2023-03-01 ────────────────────────────────────────────────────────────────────
const march = (await runBillRun(context, { targetDate: '2023-03-01' }))._unsafeUnwrap();
expectFigure(
  'bill run 2023-03-01',
  (await invoices(march)).map(describe).join(' | '),
  // The shared invoice is numbered when the account's run ends (a net negative merge would become one
  // credit memo instead), after the account's other invoices of the run.
  'INV00000001 1200.00 = IS-00000003 1200.00 | INV00000002 600.00 = standard S5 600.00 | ' +
    'INV00000003 9300.00 = IS-00000001 6000.00 + IS-00000002 3000.00 + standard S4 300.00',
);
// Both items of IS-00000001 and IS-00000002 point to the shared invoice.
for (const number of [is1, is2, is3]) {
  const s = (await getInvoiceSchedule(context, number))._unsafeUnwrap();
  console.log(`${number} item 1 → ${s.items[0]?.invoiceNumber}`);
}

// ── 2. Executed by hand, items are never merged ──────────────────────────────────────────────────────
const byHand: string[] = [];
for (const number of [is1, is2]) {
  const run = (await executeInvoiceSchedule(context, { invoiceScheduleNumber: number }))._unsafeUnwrap();
  byHand.push(...(await invoices(run)).map(describe));
}
expectFigure(
  'executed by hand',
  byHand.join(' | '),
  'INV00000004 6000.00 = IS-00000001 6000.00 | INV00000005 3000.00 = IS-00000002 3000.00',
);

// ── 3. C34: a schedule ignores its subscriptions' "invoice separately" flag ──────────────────────────
(await saveNewAccount(context, { id: 'a2', number: 'A-002', name: 'Beta', currency: 'USD' }))._unsafeUnwrap();
await activate('A-002', 'O-0002', [
  subscription('S21', '12000.00', 'Annual'),
  subscription('S22', '10000.00', 'Annual', { invoiceSeparately: true }),
]);
const c34 = await createInvoiceSchedule(context, {
  accountNumber: 'A-002',
  orders: ['O-0002'],
  items: [
    { runDate: '2023-05-04', amount: '10000.00' },
    { runDate: '2023-09-01', amount: '12000.00' },
  ],
});
if (c34.isErr()) throw new Error(`${c34.error.type}: ${c34.error.message}`);
const item1 = (
  await executeInvoiceSchedule(context, { invoiceScheduleNumber: c34.value.number })
)._unsafeUnwrap();
const [c34Invoice] = await invoices(item1);
expectFigure(
  'C34 item 1',
  `${item1.invoiceNumbers.length} invoice: ${c34Invoice?.number} ${c34Invoice?.amount.toFixed(2)} ` +
    `(${c34Invoice?.lines.map((l) => `${l.subscriptionNumber} ${l.amount.toFixed(2)}`).join(', ')})`,
  '1 invoice: INV00000006 10000.00 (S21 5454.55, S22 4545.45)',
);
const after = (await getInvoiceSchedule(context, c34.value.number))._unsafeUnwrap();
expectFigure('C34 next run date', after.nextRunDate, '2023-09-01');

// ── 4. Whatever the run dates: one run, one invoice (decision 11), dated the latest part (decision 18) ──
(
  await saveNewAccount(context, { id: 'a3', number: 'A-003', name: 'Gamma', currency: 'USD' })
)._unsafeUnwrap();
await activate('A-003', 'O-0003', [subscription('S31', '3600.00', 'Annual')]);
const monthly = await createInvoiceSchedule(context, {
  accountNumber: 'A-003',
  orders: ['O-0003'],
  invoiceSeparately: false,
  items: [
    { runDate: '2023-01-15', amount: '1200.00' },
    { runDate: '2023-02-15', amount: '1200.00' },
    { runDate: '2023-03-15', amount: '1200.00' },
  ],
});
if (monthly.isErr()) throw new Error(`${monthly.error.type}: ${monthly.error.message}`);
// A run on 2023-03-01 picks up the items of 2023-01-15 and 2023-02-15 together.
const lateRun = (
  await runBillRun(context, { targetDate: '2023-03-01', accountNumbers: ['A-003'] })
)._unsafeUnwrap();
const [merged] = await invoices(lateRun);
expectFigure(
  'catch-up run 2023-03-01',
  `${lateRun.invoiceNumbers.length} invoice: ${merged?.number} dated ${merged?.invoiceDate} ${merged?.amount.toFixed(2)} = ` +
    (merged?.lines ?? [])
      .map((l) => `${l.amount.toFixed(2)} (${l.serviceStartDate} to ${l.serviceEndDate})`)
      .join(' + '),
  '1 invoice: INV00000007 dated 2023-02-15 2400.00 = 1200.00 (2023-01-01 to 2023-04-30) + 1200.00 (2023-05-01 to 2023-08-31)',
);
const monthlyAfter = (await getInvoiceSchedule(context, monthly.value.number))._unsafeUnwrap();
expectFigure(
  'catch-up items',
  monthlyAfter.items.map((i) => `${i.runDate} ${i.status} ${i.invoiceNumber ?? '-'}`).join('; '),
  '2023-01-15 Processed INV00000007; 2023-02-15 Processed INV00000007; 2023-03-15 Pending -',
);
