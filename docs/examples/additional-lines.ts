// Guide: docs/guides/additional-lines.md — a host's hook adds a 5 % tax line to every invoice, in real and
// dry runs, before the invoice is numbered; what it returns is checked; the schedule's math never sees it.
import { Decimal } from 'decimal.js';
import {
  activateSavedOrder,
  type BillingContext,
  type BillingHooks,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  postInvoice,
  previewBillRun,
  reverseInvoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

function check(label: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${label}: expected ${e}, got ${a}`);
}

// The hook: 5 % of what the core decided, half-up to the cent (USD has 2 minor units). It gets a frozen
// view of the invoice — account, currency, date, lines with string amounts, whether it is a preview — and
// returns the lines to add. Keep it free of side effects: it runs in previews, and again when a
// transaction is retried.
const hooks: BillingHooks = {
  additionalInvoiceLines: (invoice) => {
    const tax = new Decimal(invoice.amount).times('0.05').toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    return [{ name: 'Sales tax 5%', amount: tax.toFixed(2), customFields: { TaxCode__c: 'ST5' } }];
  },
};

const store = createMemoryStore();
const context: BillingContext = {
  store,
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-20T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
  hooks,
};

// C01's contract in short: one charge of 70,200.00 over 2023, billed 50,000 / 14,000 / 6,200.
(
  await saveNewAccount(context, { id: 'A-001', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();
(
  await saveNewOrder(context, {
    number: 'O-0001',
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S1',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: 'rp-1',
            name: 'Platform',
            charges: [
              {
                number: 'C1',
                name: 'Platform',
                type: 'Recurring',
                price: '70200.00',
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
(await activateSavedOrder(context, { orderNumber: 'O-0001' }))._unsafeUnwrap();
(
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0001'],
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-05-01', amount: '14000.00' },
      { runDate: '2023-09-16', amount: '6200.00' },
    ],
  })
)._unsafeUnwrap();

// A dry run calls the hook too (with `preview: true`): the tax line shows, no number is drawn.
const preview = (await previewBillRun(context, { targetDate: '2023-02-04' }))._unsafeUnwrap();
const previewed = preview.invoices[0];
console.log(`${previewed?.number} ${previewed?.amount.toFixed(2)}`);
// PREVIEW-INV-1 52500.00
check('preview', previewed?.amount.toFixed(2), '52500.00');

// The real run: the invoice is 50,000.00 of charge lines plus a 2,500.00 line of kind Additional.
const run = (await runBillRun(context, { targetDate: '2023-02-04' }))._unsafeUnwrap();
const invoice = (await getInvoice(context, run.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
for (const line of invoice.lines) console.log(`${line.kind} ${line.chargeName} ${line.amount.toFixed(2)}`);
// Charge Platform 50000.00
// Additional Sales tax 5% 2500.00
check('invoice', [invoice.number, invoice.amount.toFixed(2)], ['INV00000001', '52500.00']);
check(
  'lines',
  invoice.lines.map((l) => [l.kind, l.amount.toFixed(2)]),
  [
    ['Charge', '50000.00'],
    ['Additional', '2500.00'],
  ],
);

// The schedule counts the charge lines only: 50,000.00 billed, 20,200.00 left.
const schedule = (await getInvoiceSchedule(context, 'IS-00000001'))._unsafeUnwrap();
check(
  'billed',
  [schedule.billedAmount.toFixed(2), schedule.unbilledAmount.toFixed(2)],
  ['50000.00', '20200.00'],
);

// Reversing the invoice voids it whole, tax included; the item bills again and the hook adds its line again.
(await postInvoice(context, { invoiceNumber: 'INV00000001' }))._unsafeUnwrap();
(await reverseInvoice(context, { invoiceNumber: 'INV00000001' }))._unsafeUnwrap();
const again = (await runBillRun(context, { targetDate: '2023-02-04' }))._unsafeUnwrap();
const rebilled = (await getInvoice(context, again.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
check('rebilled', [rebilled.number, rebilled.amount.toFixed(2)], ['INV00000002', '52500.00']);

// A hook returning something that cannot be added is refused, and nothing is saved.
const strict: BillingContext = {
  ...context,
  hooks: { additionalInvoiceLines: () => [{ name: 'Fee', amount: '12.505' }] },
};
const refused = await executeInvoiceSchedule(strict, { invoiceScheduleNumber: 'IS-00000001' });
if (refused.isErr()) console.log(`${refused.error.type}: ${refused.error.message}`);
// InvalidAdditionalLines: The additionalInvoiceLines hook returned lines that cannot be added to account
// A-001's invoice of 2023-05-01 (USD): [0].amount: expected a decimal string with at most 2 decimals (USD)
// such as "12.00", received "12.505". Fix the hook; nothing was saved.
check('refused', refused.isErr() && refused.error.type, 'InvalidAdditionalLines');
