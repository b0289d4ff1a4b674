// Guide: docs/guides/create-schedule.md — creating invoice schedules: amounts (C01), percentages
// (C25), percentage discounts (C26) and a rejected request with its typed error.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getInvoice,
  saveNewAccount,
  saveNewOrder,
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

(
  await saveNewAccount(context, { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();

async function activatedOrder(number: string, actions: readonly Record<string, unknown>[]): Promise<void> {
  (
    await saveNewOrder(context, { number, accountNumber: 'A-001', orderDate: '2023-01-01', actions })
  )._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: number }))._unsafeUnwrap();
}

const subscription = (number: string, termStart: string, termEnd: string, charges: readonly object[]) => ({
  type: 'CreateSubscription',
  subscriptionNumber: number,
  termType: 'Termed',
  termStart,
  termEnd,
  ratePlans: [{ id: `rp-${number}`, name: `Plan ${number}`, charges }],
});
const yearly = (number: string, price: string) => ({
  number,
  name: `Platform ${number}`,
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
});

// ── 1. Fixed amounts (C01): the items must add up to the value of the covered charges ──────────────
await activatedOrder('O-0001', [
  subscription('S1', '2023-01-01', '2023-12-31', [yearly('C1', '36900.00')]),
  subscription('S2', '2023-01-01', '2023-12-31', [yearly('C2', '21500.00')]),
  subscription('S3', '2023-01-01', '2023-12-31', [yearly('C3', '11000.00')]),
  subscription('S4', '2023-01-01', '2023-12-31', [yearly('C4', '800.00')]),
]);

// A rejected request first: the items add up to 70,000.00, the charges are worth 70,200.00.
const rejected = await createInvoiceSchedule(context, {
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items: [
    { runDate: '2023-02-04', amount: '50000.00' },
    { runDate: '2023-05-01', amount: '14000.00' },
    { runDate: '2023-09-16', amount: '6000.00' }, // 200.00 short
  ],
});
if (rejected.isErr()) {
  const error = rejected.error;
  console.log(`${error.type}: ${error.message}`);
  // ScheduleTotalMismatch: The items add up to 70000.00 but the covered charges are worth 70200.00;
  // change the item amounts so they add up to the total (§4.2 rule 8).

  // `type` is the stable discriminant; narrowing on it gives the typed detail fields.
  if (error.type === 'ScheduleTotalMismatch') {
    console.log(`total ${error.totalAmount}, items ${error.itemsSum}`);
    // total 70200.00, items 70000.00
  }
}
if (rejected.isOk() || rejected.error.type !== 'ScheduleTotalMismatch')
  throw new Error('expected a mismatch');
check('totalAmount detail', rejected.error.totalAmount, '70200.00');
check('itemsSum detail', rejected.error.itemsSum, '70000.00');

const result = await createInvoiceSchedule(context, {
  accountNumber: 'A-001', // the owner of every covered subscription
  orders: ['O-0001'], // activated orders, at most 10
  notes: '2023 platform fees', // optional, at most 255 UTF-16 code units
  items: [
    // 1 to 50 items
    { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
    { name: 'Mid-year', runDate: '2023-05-01', amount: '14000.00' },
    { name: 'Final', runDate: '2023-09-16', amount: '6200.00' },
  ],
  idempotencyKey: 'create-O-0001', // optional: a retry of this request returns the first result
});
const c01 = result._unsafeUnwrap();
console.log(
  `${c01.number} ${c01.status}: total ${c01.totalAmount.toFixed(2)}, actual ${c01.actualAmount.toFixed(2)}, ` +
    `billed ${c01.billedAmount.toFixed(2)}, unbilled ${c01.unbilledAmount.toFixed(2)}, next run ${c01.nextRunDate}`,
);
check('C01 number', c01.number, 'IS-00000001');
check('C01 status', c01.status, 'Pending');
check('C01 totalAmount', c01.totalAmount.toFixed(2), '70200.00');
check('C01 unbilledAmount', c01.unbilledAmount.toFixed(2), '70200.00');
check('C01 nextRunDate', c01.nextRunDate, '2023-02-04');
check('C01 invoiceSeparately default', c01.invoiceSeparately, true);

// Retrying the same request with the same idempotency key creates nothing: it returns the schedule the first
// call created. The key is bound to its request: another request with it is refused.
const retried = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0001'],
    notes: '2023 platform fees',
    items: [
      { name: 'Kick-off', runDate: '2023-02-04', amount: '50000.00' },
      { name: 'Mid-year', runDate: '2023-05-01', amount: '14000.00' },
      { name: 'Final', runDate: '2023-09-16', amount: '6200.00' },
    ],
    idempotencyKey: 'create-O-0001',
  })
)._unsafeUnwrap();
check('retry returns the first schedule', retried.number, 'IS-00000001');
check('retry kept the first items', retried.items.length, 3);
const reused = await createInvoiceSchedule(context, {
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items: [{ runDate: '2023-02-04', amount: '70200.00' }],
  idempotencyKey: 'create-O-0001',
});
check('another request with the key', reused.isErr() ? reused.error.type : 'Ok', 'IdempotencyKeyReused');

// A second schedule on the same order is refused: a charge is in at most one schedule.
const twice = await createInvoiceSchedule(context, {
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items: [{ runDate: '2023-03-01', amount: '70200.00' }],
});
check('charge already scheduled', twice.isErr() && twice.error.type, 'ChargeAlreadyScheduled');

// ── 2. Percentages (C25): 20 / 30 / 50 % of a 27,000.00 one-time charge, milestones without dates ─
await activatedOrder('O-0002', [
  subscription('S-00000001', '2023-01-01', '2023-12-31', [
    { number: 'C-00000004', name: 'Software B Implementation', type: 'OneTime', price: '27000.00' },
  ]),
]);
const c25 = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0002'], // a 27,000.00 one-time charge
    items: [
      { name: 'HTD', percentage: '20' },
      { name: 'RFU', percentage: '30' },
      { name: 'GLD', percentage: '50' },
    ],
  })
)._unsafeUnwrap();
const c25Amounts = c25.items.map((item) => item.amount.toFixed(2)).join(' / ');
console.log(
  `${c25.number}: total ${c25.totalAmount.toFixed(2)} → ${c25Amounts}, next run ${c25.nextRunDate}`,
);
// IS-00000002: total 27000.00 → 5400.00 / 8100.00 / 13500.00, next run null
check('C25 total', c25.totalAmount.toFixed(2), '27000.00');
check('C25 items', c25Amounts, '5400.00 / 8100.00 / 13500.00');
check(
  'C25 percentages kept',
  c25.items.map((item) => item.percentage?.toFixed()).join(' / '),
  '20 / 30 / 50',
);
check('C25 nextRunDate (no run dates yet)', c25.nextRunDate, null);

// ── 3. Percentage discounts (C26): two 10 % discounts in the rate plan → worth 21,600.00 ───────────
await activatedOrder('O-0003', [
  subscription('S-00000002', '2024-01-01', '2024-12-31', [
    { number: 'C-00000014', name: 'Software Implementation', type: 'OneTime', price: '27000.00' },
    {
      number: 'C-00000015',
      name: 'Percentage Discount 1',
      type: 'DiscountPercentage',
      discountPercentage: '10',
    },
    {
      number: 'C-00000016',
      name: 'Percentage Discount 2',
      type: 'DiscountPercentage',
      discountPercentage: '10',
    },
  ]),
]);
const c26 = (
  await createInvoiceSchedule(context, {
    accountNumber: 'A-001',
    orders: ['O-0003'],
    items: [
      { name: 'HTD', runDate: '2024-01-01', percentage: '10' },
      { name: 'RFU', percentage: '20' },
      { name: 'GLD', percentage: '70' },
    ],
  })
)._unsafeUnwrap();
check('C26 total', c26.totalAmount.toFixed(2), '21600.00');
check(
  'C26 items',
  c26.items.map((item) => item.amount.toFixed(2)).join(' / '),
  '2160.00 / 4320.00 / 15120.00',
);
const run = (await executeInvoiceSchedule(context, { invoiceScheduleNumber: c26.number }))._unsafeUnwrap();
const htd = (await getInvoice(context, run.invoiceNumbers[0] ?? ''))._unsafeUnwrap();
for (const line of htd.lines)
  console.log(`  ${line.chargeName.padEnd(24)} ${line.amount.toFixed(2).padStart(9)}`);
check('C26 HTD lines', htd.lines.map((line) => line.amount.toFixed(2)).join(' '), '2700.00 -270.00 -270.00');
check('C26 HTD invoice', htd.amount.toFixed(2), '2160.00');
