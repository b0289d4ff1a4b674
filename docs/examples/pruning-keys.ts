// Guide: docs/guides/repositories.md "Pruning old keys" — idempotency records carry the instant they were
// written; a nightly job deletes those older than the retention a host promises its clients.
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  pruneIdempotencyRecords,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

// A clock the example moves forward, day by day (a host's is `{ now: () => new Date() }`).
const DAY = 86_400_000;
let now = Date.parse('2023-02-04T09:00:00Z');
const store = createMemoryStore();
const context: BillingContext = {
  store,
  ids: createSequentialIds(),
  clock: { now: () => new Date(now) },
  settings: DEFAULT_TENANT_SETTINGS,
};

function check(label: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}

(
  await saveNewAccount(context, { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' })
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
                name: 'Platform fee',
                type: 'Recurring',
                price: '1200.00',
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

// ── Day 0: a keyed create, and a keyed bill run that executes the first item ──────────────────────────
const request = {
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items: [
    { runDate: '2023-02-04', amount: '600.00' },
    { runDate: '2023-08-04', amount: '600.00' },
  ],
  idempotencyKey: 'create-A-001-1',
};
const created = (await createInvoiceSchedule(context, request))._unsafeUnwrap();
(
  await runBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 'nightly-2023-02-04' })
)._unsafeUnwrap();
// Every record carries the instant it was written, from the context's clock.
for (const r of store.probe.snapshot().idempotency) console.log(r.key.split(':')[0], r.createdAt);
// createInvoiceSchedule 2023-02-04T09:00:00.000Z
// execution 2023-02-04T09:00:00.000Z
// runBillRun 2023-02-04T09:00:00.000Z

// ── The nightly job: keep keys 30 days ─────────────────────────────────────────────────────────────────
const RETENTION_DAYS = 30;
async function nightlyPruning(): Promise<number> {
  const before = new Date(context.clock.now().getTime() - RETENTION_DAYS * DAY).toISOString();
  const pruned = await pruneIdempotencyRecords(context, { before });
  if (pruned.isErr()) throw new Error(pruned.error.message);
  return pruned.value.deleted;
}

// Day 3: nothing is 30 days old; a client retrying its create gets the first schedule.
now += 3 * DAY;
console.log('day 3, deleted:', await nightlyPruning());
// day 3, deleted: 0
const retried = (await createInvoiceSchedule(context, request))._unsafeUnwrap();
console.log(retried.number === created.number, retried.number);
// true IS-00000001

// A record younger than 24 hours is never deleted: a `before` later than that is refused.
const tooRecent = (
  await pruneIdempotencyRecords(context, { before: new Date(now).toISOString() })
)._unsafeUnwrapErr();
if (tooRecent.type === 'InvalidInput') console.log(tooRecent.type, tooRecent.path);
// InvalidInput before

// Day 31: the day-0 records are past the retention and deleted. The same key is now a new request:
// refused here, since the first schedule covers its charges.
now += 28 * DAY;
console.log('day 31, deleted:', await nightlyPruning());
// day 31, deleted: 3
const late = await createInvoiceSchedule(context, request);
console.log(late._unsafeUnwrapErr().type);
// ChargeAlreadyScheduled
check('records left', store.probe.snapshot().idempotency.length, 0);
