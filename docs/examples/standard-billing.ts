// Standard billing next to invoice schedules (docs/guides/standard-billing.md): one account with a quarterly
// support subscription billed per billing period in advance (plus a one-time onboarding fee on its start
// and a partial last period), a platform subscription billed by an invoice schedule, and a hosting
// subscription flagged "invoice separately" whose product is removed after its quarter was billed (credit
// memo). A paused schedule is skipped by runBillRun and billed by generateBillingDocuments. Finally the
// partial last period under the tenant's two proration settings (actual days vs thirty).
// Run: npx tsx docs/examples/standard-billing.ts
import {
  activateSavedOrder,
  type BillingContext,
  type BillRun,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  generateBillingDocuments,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  type Invoice,
  pauseInvoiceSchedule,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import type { ProrationDays } from 'invoice-schedules/time';

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

function newContext(prorationDays: ProrationDays): BillingContext {
  return {
    store: createMemoryStore(),
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings: { ...DEFAULT_TENANT_SETTINGS, prorationDays },
  };
}

const recurring = (number: string, name: string, price: string, billingPeriod: string) => ({
  number,
  name,
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod,
});

/** Support: 12,000.00 a year billed per quarter, 2023-01-01 → 2023-10-15 (the last quarter is partial). */
const support = {
  type: 'CreateSubscription',
  subscriptionNumber: 'S-SUPPORT',
  termType: 'Termed',
  termStart: '2023-01-01',
  termEnd: '2023-10-15',
  ratePlans: [
    {
      id: 'RP-SUPPORT',
      name: 'Support',
      charges: [
        recurring('C-SUPPORT', 'Support', '12000.00', 'Quarter'),
        { number: 'C-ONBOARD', name: 'Onboarding', type: 'OneTime', price: '1500.00' },
      ],
    },
  ],
};

async function activate(context: BillingContext, number: string, orderDate: string, actions: unknown[]) {
  (await saveNewOrder(context, { number, accountNumber: 'A-001', orderDate, actions }))._unsafeUnwrap();
  const activated = await activateSavedOrder(context, { orderNumber: number });
  if (activated.isErr()) throw new Error(`${activated.error.type}: ${activated.error.message}`);
}

async function invoicesOf(context: BillingContext, run: BillRun): Promise<Invoice[]> {
  const out: Invoice[] = [];
  for (const number of run.invoiceNumbers) out.push((await getInvoice(context, number))._unsafeUnwrap());
  return out;
}

/** "INV00000001 2023-01-01 4500.00 [C-SUPPORT 3000.00 2023-01-01→2023-03-31; …]" for each invoice of a run. */
async function describe(context: BillingContext, run: BillRun): Promise<string> {
  const invoices = await invoicesOf(context, run);
  return invoices
    .map(
      (i) =>
        `${i.number} ${i.invoiceDate} ${i.amount.toFixed(2)} [${i.lines
          .map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)} ${l.serviceStartDate}→${l.serviceEndDate}`)
          .join('; ')}]`,
    )
    .join(' | ');
}

const context = newContext('actual');
(await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' }))._unsafeUnwrap();
await activate(context, 'O-0001', '2023-01-01', [
  support,
  {
    type: 'CreateSubscription',
    subscriptionNumber: 'S-PLATFORM',
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [
      {
        id: 'RP-PLATFORM',
        name: 'Platform',
        charges: [recurring('C-PLATFORM', 'Platform', '24000.00', 'Annual')],
      },
    ],
  },
  {
    type: 'CreateSubscription',
    subscriptionNumber: 'S-HOSTING',
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    invoiceSeparately: true,
    ratePlans: [
      {
        id: 'RP-HOSTING',
        name: 'Hosting',
        charges: [recurring('C-HOSTING', 'Hosting', '6000.00', 'Quarter')],
      },
    ],
  },
]);
const schedule = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0001'],
    specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S-PLATFORM' }],
    items: [
      { runDate: '2023-01-15', amount: '12000.00' },
      { runDate: '2023-07-15', amount: '12000.00' },
    ],
  })
)._unsafeUnwrap();

/** A bill run for every account on `targetDate`; returns its documents as text. */
async function bill(targetDate: string): Promise<string> {
  // Every account: its due schedule items, then standard billing up to the target date.
  const run = (await runBillRun(context, { targetDate }))._unsafeUnwrap();
  return `${run.itemsProcessed} items; ${await describe(context, run)}${await memos(run)}`;
}

async function memos(run: BillRun): Promise<string> {
  const out: string[] = [];
  for (const n of run.creditMemoNumbers) {
    const m = (await getCreditMemo(context, n))._unsafeUnwrap();
    out.push(
      `${m.number} ${m.memoDate} ${m.amount.toFixed(2)} [${m.lines
        .map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)} ${l.serviceStartDate}→${l.serviceEndDate}`)
        .join('; ')}]`,
    );
  }
  return out.join(' | ');
}

// ── 1. Quarter by quarter: standard billing in advance, the schedule on its run dates ─────────────────
expectFigure(
  '2023-01-01',
  await bill('2023-01-01'),
  '0 items; INV00000001 2023-01-01 4500.00 [C-SUPPORT 3000.00 2023-01-01→2023-03-31; C-ONBOARD 1500.00 2023-01-01→2023-01-01] | ' +
    'INV00000002 2023-01-01 1500.00 [C-HOSTING 1500.00 2023-01-01→2023-03-31]',
);
expectFigure(
  '2023-01-15',
  await bill('2023-01-15'),
  '1 items; INV00000003 2023-01-15 12000.00 [C-PLATFORM 12000.00 2023-01-01→2023-06-30]',
);
expectFigure(
  '2023-04-01',
  await bill('2023-04-01'),
  '0 items; INV00000004 2023-04-01 3000.00 [C-SUPPORT 3000.00 2023-04-01→2023-06-30] | ' +
    'INV00000005 2023-04-01 1500.00 [C-HOSTING 1500.00 2023-04-01→2023-06-30]',
);
expectFigure(
  '2023-07-01',
  await bill('2023-07-01'),
  '0 items; INV00000006 2023-07-01 3000.00 [C-SUPPORT 3000.00 2023-07-01→2023-09-30] | ' +
    'INV00000007 2023-07-01 1500.00 [C-HOSTING 1500.00 2023-07-01→2023-09-30]',
);

// ── 2. A removal after billing: hosting ends 2023-07-31, August–September were billed ─────────────────
await activate(context, 'O-0002', '2023-07-10', [
  {
    type: 'RemoveProduct',
    subscriptionNumber: 'S-HOSTING',
    ratePlanId: 'RP-HOSTING',
    effectiveDate: '2023-08-01',
  },
]);

// ── 3. A paused schedule: skipped by bill runs, billed by generateBillingDocuments ────────────────────
(await pauseInvoiceSchedule(context, { invoiceScheduleNumber: schedule.number }))._unsafeUnwrap();
// Item 2 (2023-07-15) is due but its schedule is paused; the hosting credit starts 2023-08-01: not due yet.
expectFigure('2023-07-15', await bill('2023-07-15'), '0 items; ');
// One account, whatever the pause: its due items (and credits), then standard billing.
const generated = (
  await generateBillingDocuments(context, { accountNumber: 'A-001', targetDate: '2023-07-20' })
)._unsafeUnwrap();
expectFigure(
  'generateBillingDocuments 2023-07-20',
  `${generated.kind} ${generated.itemsProcessed} items; ${await describe(context, generated)}`,
  'AccountDocuments 1 items; INV00000008 2023-07-15 12000.00 [C-PLATFORM 12000.00 2023-07-01→2023-12-31]',
);
const paused = (await getInvoiceSchedule(context, schedule.number))._unsafeUnwrap();
expectFigure('schedule', `${paused.status} (${paused.statusBeforePause})`, 'Paused (FullyProcessed)');

// The first bill run reaching the credit's start credits August–September of hosting.
expectFigure(
  '2023-08-01',
  await bill('2023-08-01'),
  '0 items; CM00000001 2023-08-01 1000.00 [C-HOSTING 1000.00 2023-08-01→2023-09-30]',
);

// ── 4. The partial last period: support ends 2023-10-15 ──────────────────────────────────────────────
expectFigure(
  '2023-10-01',
  await bill('2023-10-01'),
  '0 items; INV00000009 2023-10-01 483.87 [C-SUPPORT 483.87 2023-10-01→2023-10-15]',
);

// Support alone under each proration setting: 'actual' (the default) and 'thirty'.
async function supportQuarters(prorationDays: ProrationDays): Promise<string> {
  const c = newContext(prorationDays);
  (await saveNewAccount(c, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' }))._unsafeUnwrap();
  await activate(c, 'O-0001', '2023-01-01', [support]);
  const amounts: string[] = [];
  for (const targetDate of ['2023-01-01', '2023-04-01', '2023-07-01', '2023-10-01']) {
    const run = (await runBillRun(c, { targetDate }))._unsafeUnwrap();
    for (const invoice of await invoicesOf(c, run)) {
      for (const line of invoice.lines)
        if (line.chargeNumber === 'C-SUPPORT') amounts.push(line.amount.toFixed(2));
    }
  }
  return amounts.join(' + ');
}
expectFigure('support, actual days', await supportQuarters('actual'), '3000.00 + 3000.00 + 3000.00 + 483.87');
expectFigure('support, thirty', await supportQuarters('thirty'), '3000.00 + 3000.00 + 3000.00 + 483.87');
