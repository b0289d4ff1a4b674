// Guide: docs/guides/dry-run.md — preview a bill run and an execution: the documents the real operation
// would create, decided the same way, with nothing written and no number used.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  previewBillRun,
  previewExecution,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const store = createMemoryStore();
const context: BillingContext = {
  store,
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-20T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function check(label: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${label}: expected ${e}, got ${a}`);
}

for (const [account, price] of [
  ['A-001', '1200.00'],
  ['A-002', '3600.00'],
] as const) {
  (
    await saveNewAccount(context, { id: account, number: account, name: account, currency: 'USD' })
  )._unsafeUnwrap();
  (
    await saveNewOrder(context, {
      number: `O-${account}`,
      accountNumber: account,
      orderDate: '2023-01-01',
      actions: [
        {
          type: 'CreateSubscription',
          subscriptionNumber: `S-${account}`,
          termType: 'Termed',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          ratePlans: [
            {
              id: `rp-${account}`,
              name: 'Platform',
              charges: [
                {
                  number: 'C1',
                  name: 'Platform',
                  type: 'Recurring',
                  price,
                  listPriceBase: 'Year',
                  billingPeriod: 'Annual',
                },
              ],
            },
          ],
        },
      ],
    })
  )._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: `O-${account}` }))._unsafeUnwrap();
}
// A-001 is billed half on 2023-02-01, half on 2023-08-01; A-002 on a schedule executed by hand.
(
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-A-001'],
    items: [
      { runDate: '2023-02-01', amount: '600.00' },
      { runDate: '2023-08-01', amount: '600.00' },
    ],
  })
)._unsafeUnwrap();
(
  await createInvoiceSchedule(context, {
    accountNumber: 'A-002',
    orders: ['O-A-002'],
    items: [
      { runDate: '2023-03-01', amount: '1000.00' },
      { runDate: '2023-09-01', amount: '2600.00' },
    ],
  })
)._unsafeUnwrap();

// "What will tomorrow's bill run do?" — asked on 2023-01-31 for 2023-02-01.
const tomorrow = (await previewBillRun(context, { targetDate: '2023-02-01' }))._unsafeUnwrap();
for (const invoice of tomorrow.invoices) {
  console.log(
    `${invoice.number} ${invoice.accountNumber} ${invoice.invoiceDate} ${invoice.amount.toFixed(2)}`,
  );
}
// PREVIEW-INV-1 A-001 2023-02-01 600.00
check(
  'preview',
  tomorrow.invoices.map((i) => [i.accountNumber, i.amount.toFixed(2)]),
  [['A-001', '600.00']],
);

// Nothing was written: the real run numbers its invoice INV00000001, with the previewed figures.
const run = (await runBillRun(context, { targetDate: '2023-02-01' }))._unsafeUnwrap();
console.log(`${run.number}: ${run.invoiceNumbers.join(', ')}`);
// BR-00000001: INV00000001
check('real run', run.invoiceNumbers, ['INV00000001']);

// "What would executing A-002's schedule now bill?" — the next pending item, 1,000.00 dated 2023-03-01.
const early = (await previewExecution(context, { invoiceScheduleNumber: 'IS-00000002' }))._unsafeUnwrap();
const [invoice] = early.invoices;
console.log(`${invoice?.number} ${invoice?.invoiceDate} ${invoice?.amount.toFixed(2)}`);
// PREVIEW-INV-1 2023-03-01 1000.00
check('execution preview', [invoice?.invoiceDate, invoice?.amount.toFixed(2)], ['2023-03-01', '1000.00']);
const executed = (
  await executeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000002' })
)._unsafeUnwrap();
check('execution', executed.invoiceNumbers, ['INV00000002']);
