// Guide: docs/guides/many-workers.md — one bill run shared by several workers with workOnBillRun: each
// leases a few accounts at a time, the last one completes the run, and the accounts of a worker that
// stopped half-way are billed by another once its leases end. Runs on the memory store at READ
// COMMITTED, where the workers' transactions really overlap (on PostgreSQL they are processes).
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  saveNewAccount,
  saveNewOrder,
  startBillRun,
  workOnBillRun,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';

// A clock the example moves by hand (in production: { now: () => new Date() } on every worker).
let now = new Date('2023-02-04T06:00:00Z').getTime();
const clock = { now: () => new Date(now) };

const store = createMemoryStore({ isolation: 'read-committed' });
const context: BillingContext = {
  store,
  clock,
  ids: createSequentialIds(),
  settings: DEFAULT_TENANT_SETTINGS,
};

function check(label: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${label}: expected ${e}, got ${a}`);
}

// Eight accounts, each with a yearly subscription and a schedule whose first item is due 2023-02-01.
const accounts = Array.from({ length: 8 }, (_, i) => `A-00${i + 1}`);
for (const account of accounts) {
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
  (await activateSavedOrder(context, { orderNumber: `O-${account}` }))._unsafeUnwrap();
  (
    await createInvoiceSchedule(context, {
      accountNumber: account,
      orders: [`O-${account}`],
      items: [
        { runDate: '2023-02-01', amount: '600.00' },
        { runDate: '2023-08-01', amount: '600.00' },
      ],
    })
  )._unsafeUnwrap();
}

// One worker (or a cron job) starts the run; every worker is then given its number.
const run = (
  await startBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 'daily-2023-02-04' })
)._unsafeUnwrap();

// Worker "w3" takes its first batch of 3 accounts and stops after one of them (here an abort; a killed
// process stops the same way, without even marking A-001 done): its two other leases stay open until
// they end, 60 s later.
const stop = { aborted: false };
const w3 = await workOnBillRun(
  context,
  { billRunNumber: run.number, worker: 'w3', batchSize: 3, leaseSeconds: 60 },
  {
    accountsPerTransaction: 1, // bill its 3 accounts one per transaction, so the abort lands after the first
    signal: stop,
    onProgress: () => {
      stop.aborted = true;
    },
  },
);
console.log(w3.isErr() ? w3.error.type : 'finished');
// BillRunAborted

// Workers w1 and w2 share the rest, two accounts at a time, side by side.
const [w1, w2] = await Promise.all(
  ['w1', 'w2'].map(async (worker) =>
    (await workOnBillRun(context, { billRunNumber: run.number, worker, batchSize: 2 }))._unsafeUnwrap(),
  ),
);
const waiting = w1?.waitingFor.map((l) => `${l.accountNumber} (${l.worker})`).join(', ');
console.log(`${w1?.run.status}: waiting for ${waiting} until ${w1?.retryAt}`);
// Running: waiting for A-002 (w3), A-003 (w3) until 2023-02-04T06:01:00.000Z
check('visited by w1 and w2', (w1?.accountsVisited ?? 0) + (w2?.accountsVisited ?? 0), 5);
check('retry at', w1?.retryAt, '2023-02-04T06:01:00.000Z');

// A minute later w3's leases have ended: the next worker to call bills those two accounts and, with no
// lease left open, completes the run.
now += 61_000;
const last = (await workOnBillRun(context, { billRunNumber: run.number, worker: 'w1' }))._unsafeUnwrap();
console.log(`${last.run.number} ${last.run.status}: ${last.run.invoiceNumbers.length} invoices`);
// BR-00000001 Completed: 8 invoices
check('completed', [last.run.status, last.run.itemsProcessed], ['Completed', 8]);
check(
  'each account billed once',
  new Set(store.probe.snapshot().invoices.map((i) => i.accountNumber)).size,
  8,
);
check('invoices', store.probe.snapshot().invoices.length, 8);
