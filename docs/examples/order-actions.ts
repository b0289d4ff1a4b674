// Order actions (docs/guides/order-actions.md): subscriptions changed by orders — a Remove Product, then an
// early renewal (Remove Product + Terms And Conditions + Add Product on one date, case C30 step 1) — with the
// charge values before and after, and the §8.9 check that refuses an action a schedule does not support.
// Run: npx tsx docs/examples/order-actions.ts
import {
  activateSavedOrder,
  type BillingContext,
  type CreateOrderInput,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  type OrderActionInput,
  type Subscription,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { chargeValue, checkOrderAgainstSchedules, createOrder, findCharge } from 'invoice-schedules/core';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { toDec } from 'invoice-schedules/money';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  clock: fixedClock('2025-01-01T12:00:00Z'),
  settings: DEFAULT_TENANT_SETTINGS,
};

const account = (
  await saveNewAccount(context, { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' })
)._unsafeUnwrap();

const annual = (number: string, price: string, dates: Record<string, string> = {}) => ({
  number,
  name: `Fee ${number}`,
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
  ...dates,
});

/** Saves and activates an order; returns the subscriptions it created or changed, by number. */
async function activate(number: string, orderDate: string, actions: readonly unknown[]) {
  (await saveNewOrder(context, { number, accountNumber: 'A-001', orderDate, actions }))._unsafeUnwrap();
  const { subscriptions } = (await activateSavedOrder(context, { orderNumber: number }))._unsafeUnwrap();
  return new Map(subscriptions.map((s) => [s.number, s]));
}

const worth = (sub: Subscription | undefined, chargeNumber: string): string => {
  const found = sub && findCharge(sub, chargeNumber);
  if (!sub || !found) throw new Error(`no charge ${chargeNumber}`);
  return chargeValue(found.charge, found.ratePlan, sub.currency).toFixed(2);
};

function expectFigure(label: string, actual: string, expected: string): void {
  console.log(`${label}: ${actual}`);
  if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
}

// 1. Two subscriptions for 2025: S1 (a 12,000/yr fee and a 1,000 one-time setup fee in its own rate plan)
//    and S3 (15,000/yr, as in C30).
const created = await activate('O-1', '2025-01-01', [
  {
    type: 'CreateSubscription',
    subscriptionNumber: 'S1',
    termType: 'Termed',
    termStart: '2025-01-01',
    termEnd: '2025-12-31',
    ratePlans: [
      { id: 'RP-S1', name: 'Platform', charges: [annual('C1', '12000.00')] },
      {
        id: 'RP-S1-setup',
        name: 'Setup',
        charges: [{ number: 'C1-SETUP', name: 'Setup', type: 'OneTime', price: '1000.00' }],
      },
    ],
  },
  {
    type: 'CreateSubscription',
    subscriptionNumber: 'S3',
    termType: 'Termed',
    termStart: '2025-01-01',
    termEnd: '2025-12-31',
    ratePlans: [{ id: 'RP-S3', name: 'Platform', charges: [annual('C3', '15000.00')] }],
  },
]);
expectFigure('before: C1', worth(created.get('S1'), 'C1'), '12000.00');
expectFigure('before: C1-SETUP', worth(created.get('S1'), 'C1-SETUP'), '1000.00');
expectFigure('before: C3', worth(created.get('S3'), 'C3'), '15000.00');

// 2. Remove Product as of 2025-10-01: C1 ends 2025-09-30 (9 months → 9,000); the one-time setup fee is
//    credited back in full (§8.4), so it is worth 0.
const actions: readonly OrderActionInput[] = [
  { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2025-10-01' },
  { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1-setup', effectiveDate: '2025-10-01' },
];
const removal: CreateOrderInput = { number: 'O-2', accountNumber: 'A-001', orderDate: '2025-09-15', actions };
(await saveNewOrder(context, removal))._unsafeUnwrap();
const activation = (await activateSavedOrder(context, { orderNumber: 'O-2' }))._unsafeUnwrap();
const s1 = activation.subscriptions.find((s) => s.number === 'S1');
expectFigure('after removal: C1', worth(s1, 'C1'), '9000.00');
expectFigure('after removal: C1-SETUP', worth(s1, 'C1-SETUP'), '0.00');
console.log(`S1 is version ${s1?.version}; C1 now ends ${findCharge(s1!, 'C1')?.charge.endDate}`);

// 3. Early renewal of S3 on 2025-06-01 (C30 step 1): three actions of one order, applied in order.
const renewed = await activate('O-3', '2025-05-01', [
  { type: 'RemoveProduct', subscriptionNumber: 'S3', ratePlanId: 'RP-S3', effectiveDate: '2025-06-01' },
  { type: 'TermsAndConditions', subscriptionNumber: 'S3', termStart: '2025-06-01', termEnd: '2026-05-31' },
  {
    type: 'AddProduct',
    subscriptionNumber: 'S3',
    ratePlan: {
      id: 'RP-S3-2025',
      name: 'Platform (renewed)',
      charges: [annual('C4', '15000.00', { startDate: '2025-06-01', endDate: '2026-05-31' })],
    },
  },
]);
const s3 = renewed.get('S3');
expectFigure('early renewal: C3 (5 months)', worth(s3, 'C3'), '6250.00');
expectFigure('early renewal: C4', worth(s3, 'C4'), '15000.00');
expectFigure('early renewal: term', `${s3?.termStart} → ${s3?.termEnd}`, '2025-06-01 → 2026-05-31');

// 4. Before activating an order that touches scheduled charges, check it against the schedules (§8.9). Here a
//    partially processed schedule bills C4; a price change is refused, with what to do instead.
const update = createOrder(
  {
    number: 'O-4',
    orderDate: '2025-07-01',
    actions: [
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S3',
        chargeNumber: 'C4',
        effectiveDate: '2025-06-01',
        price: '16000.00',
      },
    ],
  },
  account,
)._unsafeUnwrap();
const schedule = {
  number: 'IS-00000002',
  status: 'PartiallyProcessed' as const,
  statusBeforePause: null,
  charges: [
    { subscriptionNumber: 'S3', chargeNumber: 'C4', billedAmount: toDec('10000.00'), detached: false },
  ],
};
const verdict = checkOrderAgainstSchedules(update, new Map([['S3', s3!]]), [schedule], (sub, n) =>
  toDec(worth(sub, n)),
);
if (verdict.isOk()) throw new Error('expected the Update Product to be refused');
expectFigure(
  'rule check',
  `${verdict.error.type} ${verdict.error.reason}`,
  'OrderActionNotSupported UpdateProductScheduleNotPending',
);
console.log(verdict.error.message);
