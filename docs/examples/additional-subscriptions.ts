// Additional subscriptions and target dates (docs/guides/additional-subscriptions.md).
// C21: two subscriptions billed quarterly by standard billing are renewed early on 2023-11-01; a new schedule
// bills the renewal and lists the old subscriptions as additional subscriptions with target date 2023-11-01,
// so its first item (2023-10-15) produces the invoice (16,000.00) and a credit memo for the removed
// November–December (4,000.00). A subscription of another account in the list is not billed.
// C30 steps 3–4: after detaching C3, a schedule on the renewal bills S3 as an additional subscription: with
// target date 2025-06-01 its first item (2025-05-17) gives 10,000.00 and a credit memo of 3,750.00; without it,
// no credit on 2025-05-17 (the credit starts 2025-06-01) — a later bill run produces it.
// Run: npx tsx docs/examples/additional-subscriptions.ts
import {
  activateSavedOrder,
  type BillingContext,
  type BillRun,
  type CreditMemo,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  detachInvoiceScheduleCharges,
  executeInvoiceSchedule,
  fixedClock,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  postInvoice,
  renderTable,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  scheduleItemRows,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

function expectFigure(label: string, actual: string | null | undefined, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

function newContext(): BillingContext {
  return {
    store: createMemoryStore(),
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
}

const fee = (number: string, price: string, billingPeriod: string, extra: Record<string, string> = {}) => ({
  number,
  name: 'Fee',
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod,
  ...extra,
});

const subscription = (number: string, start: string, end: string, charge: object) => ({
  type: 'CreateSubscription',
  subscriptionNumber: number,
  termType: 'Termed',
  termStart: start,
  termEnd: end,
  ratePlans: [{ id: `RP-${number}`, name: 'Platform', charges: [charge] }],
});

async function activate(
  context: BillingContext,
  accountNumber: string,
  number: string,
  orderDate: string,
  actions: readonly unknown[],
) {
  (await saveNewOrder(context, { number, accountNumber, orderDate, actions }))._unsafeUnwrap();
  const activated = await activateSavedOrder(context, { orderNumber: number });
  if (activated.isErr()) throw new Error(`${activated.error.type}: ${activated.error.message}`);
}

async function creditMemo(context: BillingContext, number: string): Promise<CreditMemo> {
  return (await getCreditMemo(context, number))._unsafeUnwrap();
}

/** "INV00000005 16000.00; CM00000001 4000.00" — the documents of a bill run, with their totals. */
async function documents(context: BillingContext, run: BillRun): Promise<string> {
  const parts: string[] = [];
  for (const n of run.invoiceNumbers) {
    parts.push(`${n} ${(await getInvoice(context, n))._unsafeUnwrap().amount.toFixed(2)}`);
  }
  for (const n of run.creditMemoNumbers) {
    parts.push(`${n} ${(await creditMemo(context, n)).amount.toFixed(2)}`);
  }
  return parts.join('; ');
}

/** Each line of a credit memo: "S1 C1 2000.00 2023-11-01→2023-12-31". */
async function memoLines(context: BillingContext, number: string): Promise<string> {
  const memo = await creditMemo(context, number);
  return memo.lines
    .map(
      (l) =>
        `${l.subscriptionNumber} ${l.chargeNumber} ${l.amount.toFixed(2)} ${l.serviceStartDate}→${l.serviceEndDate}`,
    )
    .join('; ');
}

// ── C21: bill early after standard billing ───────────────────────────────────────────────────────────
// `billedQuarters`: how many quarters standard billing invoiced before the renewal (C21: all four).
async function c21(billedQuarters: number) {
  const context = newContext();
  for (const account of ['A-001', 'A-002']) {
    (
      await saveNewAccount(context, { id: account, number: account, name: account, currency: 'USD' })
    )._unsafeUnwrap();
  }
  await activate(context, 'A-001', 'O-001', '2023-01-01', [
    subscription('S1', '2023-01-01', '2023-12-31', fee('C1', '12000.00', 'Quarter')),
    subscription('S2', '2023-01-01', '2023-12-31', fee('C2', '12000.00', 'Quarter')),
  ]);
  // S9 belongs to another account, A-002.
  await activate(context, 'A-002', 'O-900', '2023-01-01', [
    subscription('S9', '2023-01-01', '2023-12-31', fee('C9', '1200.00', 'Quarter')),
  ]);
  // Standard bill runs for A-001, one per quarter: 6,000.00 each (3,000.00 per subscription).
  const quarterly: string[] = [];
  for (const targetDate of ['2023-01-01', '2023-04-01', '2023-07-01', '2023-10-01'].slice(
    0,
    billedQuarters,
  )) {
    const run = (await runBillRun(context, { targetDate, accountNumbers: ['A-001'] }))._unsafeUnwrap();
    quarterly.push(await documents(context, run));
  }
  // 2023-10-05: early renewal from 2023-11-01 (Remove Product + Terms And Conditions + Add Product); the
  // renewal term 2023-11-01 → 2024-10-31 is worth 13,000.00 per subscription, 26,000.00 in all.
  await activate(
    context,
    'A-001',
    'O-002',
    '2023-10-05',
    ['S1', 'S2'].flatMap((s, i) => [
      { type: 'RemoveProduct', subscriptionNumber: s, ratePlanId: `RP-${s}`, effectiveDate: '2023-11-01' },
      { type: 'TermsAndConditions', subscriptionNumber: s, termStart: '2023-11-01', termEnd: '2024-10-31' },
      {
        type: 'AddProduct',
        subscriptionNumber: s,
        ratePlan: {
          id: `RP-${s}-RENEWED`,
          name: 'Platform (renewed)',
          charges: [
            fee(`C${i + 3}`, '13000.00', 'Annual', { startDate: '2023-11-01', endDate: '2024-10-31' }),
          ],
        },
      },
    ]),
  );
  // IS-00000001 on the renewal order; the old subscriptions (and, by mistake, S9) as additional subscriptions.
  const created = await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-002'], // the renewal order
    additionalSubscriptionsToBill: ['S1', 'S2', 'S9'], // billed with every item; S9 is A-002's: skipped
    items: [
      { runDate: '2023-10-15', amount: '16000.00', targetDateForAdditionalSubscriptions: '2023-11-01' },
      { runDate: '2024-06-01', amount: '10000.00', targetDateForAdditionalSubscriptions: '2023-11-01' },
    ],
  });
  if (created.isErr()) throw new Error(`${created.error.type}: ${created.error.message}`);
  // The bill run of 2023-10-15 processes item 1.
  const run = (
    await runBillRun(context, { targetDate: '2023-10-15', accountNumbers: ['A-001'] })
  )._unsafeUnwrap();
  return { context, quarterly, schedule: created.value.number, run };
}

{
  const { context, quarterly, schedule, run } = await c21(4);
  expectFigure(
    'C21 standard billing',
    quarterly.join(' / '),
    'INV00000001 6000.00 / INV00000002 6000.00 / INV00000003 6000.00 / INV00000004 6000.00',
  );
  expectFigure('C21 2023-10-15', await documents(context, run), 'INV00000005 16000.00; CM00000001 4000.00');
  expectFigure(
    'CM00000001',
    await memoLines(context, 'CM00000001'),
    'S1 C1 2000.00 2023-11-01→2023-12-31; S2 C2 2000.00 2023-11-01→2023-12-31',
  );
  // Same owner only: nothing of S9 (account A-002) is billed with A-001's item.
  const inv5 = (await getInvoice(context, 'INV00000005'))._unsafeUnwrap();
  expectFigure(
    'INV00000005 subscriptions',
    [...new Set(inv5.lines.map((l) => l.subscriptionNumber))].join(),
    'S1,S2',
  );
  const after = (await getInvoiceSchedule(context, schedule))._unsafeUnwrap();
  console.log(renderTable(scheduleItemRows(after)));
  expectFigure(
    'item 1 documents',
    `${after.items[0]?.invoiceNumber} ${after.items[0]?.creditMemoNumbers.join(' ')}, billed ${after.items[0]?.billedAmount.toFixed(2)}`,
    'INV00000005 CM00000001, billed 16000.00',
  );
  expectFigure('C21 next run date', after.nextRunDate, '2024-06-01');
}

{
  // The same, but standard billing never invoiced the fourth quarter: October (2023-10-01 → 2023-10-31, the
  // part of Q4 the removal leaves) joins the item's invoice and there is nothing to credit.
  const { context, schedule, run } = await c21(3);
  expectFigure('C21 without INV004', await documents(context, run), 'INV00000004 18000.00');
  const invoice = (await getInvoice(context, 'INV00000004'))._unsafeUnwrap();
  expectFigure(
    'its lines',
    invoice.lines.map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)}`).join(', '),
    'C3 8000.00, C4 8000.00, C1 1000.00, C2 1000.00',
  );
  // The item's billed amount counts the schedule's own lines only.
  const item = (await getInvoiceSchedule(context, schedule))._unsafeUnwrap().items[0];
  expectFigure('item 1 billed', item?.billedAmount.toFixed(2), '16000.00');
}

// ── C30 steps 3–4 ────────────────────────────────────────────────────────────────────────────────────
async function c30(targetDate: string | null) {
  const context = newContext();
  (
    await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' })
  )._unsafeUnwrap();
  await activate(
    context,
    'A-001',
    'O-0001',
    '2025-01-01',
    ['1', '2', '3'].map((n) =>
      subscription(`S${n}`, '2025-01-01', '2025-12-31', fee(`C${n}`, '15000.00', 'Annual')),
    ),
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
  (await postInvoice(context, { invoiceNumber: first.invoiceNumbers[0] ?? '' }))._unsafeUnwrap();
  await activate(context, 'A-001', 'O-0002', '2025-05-15', [
    { type: 'RemoveProduct', subscriptionNumber: 'S3', ratePlanId: 'RP-S3', effectiveDate: '2025-06-01' },
    { type: 'TermsAndConditions', subscriptionNumber: 'S3', termStart: '2025-06-01', termEnd: '2026-05-31' },
    {
      type: 'AddProduct',
      subscriptionNumber: 'S3',
      ratePlan: {
        id: 'RP-S3-2025',
        name: 'Platform (renewed)',
        charges: [fee('C4', '15000.00', 'Annual', { startDate: '2025-06-01', endDate: '2026-05-31' })],
      },
    },
  ]);
  (
    await detachInvoiceScheduleCharges(context, {
      invoiceScheduleNumber: is1,
      specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
    })
  )._unsafeUnwrap();
  // Step 3: IS2 on the renewal order, S3 as an additional subscription.
  const is2 = (
    await createInvoiceSchedule(context, {
      accountNumber: 'A-001',
      orders: ['O-0002'],
      additionalSubscriptionsToBill: ['S3'],
      items: [
        { runDate: '2025-05-17', amount: '10000.00', targetDateForAdditionalSubscriptions: targetDate },
        { runDate: '2025-12-05', amount: '5000.00' },
      ],
    })
  )._unsafeUnwrap();
  // Step 4: the bill run of 2025-05-17.
  const run = (await runBillRun(context, { targetDate: '2025-05-17' }))._unsafeUnwrap();
  return { context, is2, run };
}

{
  const { context, is2, run } = await c30('2025-06-01');
  expectFigure(
    'C30 with target date',
    await documents(context, run),
    'INV00000002 10000.00; CM00000001 3750.00',
  );
  const inv2 = (await getInvoice(context, 'INV00000002'))._unsafeUnwrap();
  expectFigure(
    'INV00000002',
    inv2.lines
      .map((l) => `${l.chargeNumber} ${l.amount.toFixed(2)} ${l.serviceStartDate}→${l.serviceEndDate}`)
      .join(),
    'C4 10000.00 2025-06-01→2026-01-31',
  );
  expectFigure('CM00000001', await memoLines(context, 'CM00000001'), 'S3 C3 3750.00 2025-06-01→2025-08-31');
  const s = (await getInvoiceSchedule(context, is2.number))._unsafeUnwrap();
  console.log(renderTable(scheduleItemRows(s)));
  expectFigure('IS2 item 2', `${s.items[1]?.amount.toFixed(2)} ${s.items[1]?.status}`, '5000.00 Pending');
}
{
  // Without a target date item 1 uses its run date, 2025-05-17: the credit (from 2025-06-01) is not due yet.
  const { context, run } = await c30(null);
  expectFigure('C30 without target date', await documents(context, run), 'INV00000002 10000.00');
  // Standard billing of the account produces it once a bill run reaches 2025-06-01.
  const later = (await runBillRun(context, { targetDate: '2025-06-01' }))._unsafeUnwrap();
  expectFigure('bill run of 2025-06-01', await documents(context, later), 'CM00000001 3750.00');
}
