// Guide: docs/guides/custom-fields.md — custom fields (`*__c`) on a schedule and its items; an item's
// fields are copied onto the invoice lines it bills (a PO number on the invoice, as in C18); a processed
// item's fields change only after its invoice is reversed.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getInvoice,
  postInvoice,
  reverseInvoice,
  saveNewAccount,
  saveNewOrder,
  updateInvoiceSchedule,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  clock: fixedClock('2023-01-01T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

function check(label: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}

// C18's contract: S1/C1, 1,200.00 over 2023.
(
  await saveNewAccount(context, { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();
(
  await saveNewOrder(context, {
    number: 'O-001',
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
                name: 'Platform fee',
                type: 'Recurring',
                price: '1200.00',
                listPriceBase: 'BillingPeriod',
                billingPeriod: 'Annual',
              },
            ],
          },
        ],
      },
    ],
  })
)._unsafeUnwrap();
(await activateSavedOrder(context, { orderNumber: 'O-001' }))._unsafeUnwrap();

// Custom fields on the schedule and on each item: names end in __c, values are strings, numbers,
// booleans or null.
const schedule = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-001'],
    customFields: { Contract__c: 'MSA-2023-17', Renewable__c: true },
    items: [
      { runDate: '2023-01-01', amount: '700.00', customFields: { PONumber__c: 'PO-001' } },
      { runDate: '2023-05-01', amount: '500.00', customFields: { PONumber__c: 'PO-001', Seats__c: 40 } },
    ],
  })
)._unsafeUnwrap();
const [item1, item2] = schedule.items;
if (!item1 || !item2) throw new Error('expected two items');
check('schedule fields', schedule.customFields['Contract__c'], 'MSA-2023-17');

// Bill both items: each invoice line carries its item's fields.
const billed: string[] = [];
for (let n = 0; n < 2; n++) {
  const run = (
    await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule.number })
  )._unsafeUnwrap();
  for (const invoiceNumber of run.invoiceNumbers) {
    const invoice = (await postInvoice(context, { invoiceNumber }))._unsafeUnwrap();
    billed.push(invoiceNumber);
    for (const line of invoice.lines) {
      console.log(
        `${invoice.number} ${line.chargeNumber} ${line.amount.toFixed(2)} ${line.serviceStartDate}→${line.serviceEndDate}`,
        `PO ${String(line.customFields['PONumber__c'])}`,
      );
    }
  }
}
check(
  'INV002 PO',
  (await getInvoice(context, 'INV00000002'))._unsafeUnwrap().lines[0]?.customFields['PONumber__c'],
  'PO-001',
);

// Item 2 is processed: its PO number cannot change while INV002 stands.
const edit = {
  invoiceScheduleNumber: schedule.number,
  items: [
    // Left out, an item's custom fields stay as they are.
    { id: item1.id, runDate: '2023-01-01', amount: '700.00' },
    { id: item2.id, runDate: '2023-05-01', amount: '500.00', customFields: { PONumber__c: 'PO-002' } },
  ],
};
const refused = await updateInvoiceSchedule(context, edit);
check('refused', refused.isErr() && refused.error.type, 'ProcessedItemChanged');
console.log(refused.isErr() ? refused.error.message : '');

// C18: reverse INV002 (item 2 is pending again), change the PO number, bill it again.
(await reverseInvoice(context, { invoiceNumber: 'INV00000002' }))._unsafeUnwrap();
(await updateInvoiceSchedule(context, edit))._unsafeUnwrap();
const again = (
  await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule.number })
)._unsafeUnwrap();
const inv003 = (await getInvoice(context, again.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
console.log(
  `${inv003.number} ${inv003.amount.toFixed(2)} PO ${String(inv003.lines[0]?.customFields['PONumber__c'])}`,
);
check('INV003 PO', inv003.lines[0]?.customFields['PONumber__c'], 'PO-002');
// The reversed INV002 keeps the PO number it was issued with.
check(
  'INV002 still PO-001',
  (await getInvoice(context, 'INV00000002'))._unsafeUnwrap().lines[0]?.customFields['PONumber__c'],
  'PO-001',
);

// The schedule's own fields can be edited in any status, like its notes.
const updated = (
  await updateInvoiceSchedule(context, {
    invoiceScheduleNumber: schedule.number,
    customFields: { Contract__c: 'MSA-2024-02' },
  })
)._unsafeUnwrap();
check('replaced', JSON.stringify(updated.customFields), '{"Contract__c":"MSA-2024-02"}');

// A bad name is refused with its path.
const bad = await updateInvoiceSchedule(context, {
  invoiceScheduleNumber: schedule.number,
  customFields: { 'PO Number__c': 'x' },
});
check(
  'bad path',
  bad.isErr() && bad.error.type === 'InvalidInput' && bad.error.path,
  'customFields.PO Number__c',
);
