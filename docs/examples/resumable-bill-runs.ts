// Guide: docs/guides/bill-runs.md — a bill run is a record from its start: progress, an abort and the
// resume of the same run with the same idempotency key (its events left to the outbox); then one run shared by several workers with
// startBillRun → billAccount (per account, anywhere) → completeBillRun.
import {
  activateSavedOrder,
  type BillingContext,
  billAccount,
  completeBillRun,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  startBillRun,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds, type MemoryStore } from 'invoice-schedules/memory';

const context: BillingContext = {
  store: createMemoryStore(),
  ids: createSequentialIds(),
  settings: DEFAULT_TENANT_SETTINGS,
  clock: fixedClock('2023-02-04T12:00:00Z'),
};

function check(label: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${label}: expected ${e}, got ${a}`);
}

// Four accounts, each with a yearly subscription and a schedule whose first item is due 2023-02-01.
const accounts = ['A-001', 'A-002', 'A-003', 'A-004'];
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

// ── 1. Progress, an abort, and the resume of the same run ─────────────────────────────────────────────
const request = {
  targetDate: '2023-02-04',
  accountNumbers: ['A-001', 'A-002'],
  idempotencyKey: 'run-2023-02-04',
};
const controller = new AbortController();
const stopped = await runBillRun(context, request, {
  // One account per transaction, so that the abort lands between two accounts. By default a batch of up
  // to 50 accounts commits together, and the signal is checked between batches.
  accountsPerTransaction: 1,
  signal: controller.signal,
  onProgress: ({ account, accountsVisited }) => {
    console.log(`${account.accountNumber} ${account.status}: ${account.invoiceNumbers.join(', ')}`);
    if (accountsVisited === 1) controller.abort(); // e.g. the job got its shutdown signal
  },
});
// A-001 Billed: INV00000001
if (stopped.isOk()) throw new Error('the abort should stop the run');
// The run stays Running, A-001 stays billed:
console.log(stopped.error.type);
// BillRunAborted
check('aborted', stopped.error.type, 'BillRunAborted');

// The same request and key resumes BR-00000001: A-001 has a Billed part and is not billed again.
// `keepEvents: false`: a long run's events stay in the store's outbox, not in the returned value.
const outboxBefore = (context.store as MemoryStore).probe.outbox().length;
const resumed = (await runBillRun(context, request, { keepEvents: false }))._unsafeUnwrap();
console.log(`${resumed.number} ${resumed.status}: ${resumed.invoiceNumbers.join(', ')}`);
// BR-00000001 Completed: INV00000001, INV00000002
const outboxed = (context.store as MemoryStore).probe.outbox(outboxBefore).map((e) => e.event.type);
console.log(`events in the value: ${resumed.events.length}; in the outbox: ${outboxed.join(', ')}`);
// events in the value: 0; in the outbox: InvoiceCreated, InvoiceScheduleUpdated, ItemProcessed, BillRunCompleted
check(
  'resumed run',
  [resumed.number, resumed.status, resumed.invoiceNumbers, resumed.events.length],
  ['BR-00000001', 'Completed', ['INV00000001', 'INV00000002'], 0],
);

// ── 2. One run, several workers ───────────────────────────────────────────────────────────────────────
// The coordinator starts the run; each worker takes accounts from a queue (here an array; in a host,
// a job queue) and calls billAccount; the coordinator completes the run when the queue is drained.
const run = (
  await startBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 'shared-2023-02-04' })
)._unsafeUnwrap();
const queue = [...accounts];
async function worker(name: string): Promise<void> {
  for (let account = queue.shift(); account !== undefined; account = queue.shift()) {
    const part = (
      await billAccount(context, { billRunNumber: run.number, accountNumber: account })
    )._unsafeUnwrap();
    console.log(`${name} ${part.accountNumber} ${part.status} ${part.invoiceNumbers.join(', ') || '-'}`);
  }
}
await Promise.all([worker('w1'), worker('w2')]);
// w1 A-001 Billed -
// w2 A-002 Billed -
// w1 A-003 Billed INV00000003
// w2 A-004 Billed INV00000004
const done = (await completeBillRun(context, { billRunNumber: run.number }))._unsafeUnwrap();
console.log(`${done.number} ${done.status}: ${done.itemsProcessed} items, ${done.invoiceNumbers.join(', ')}`);
// BR-00000002 Completed: 2 items, INV00000003, INV00000004
check(
  'shared run',
  [done.status, done.itemsProcessed, done.invoiceNumbers],
  ['Completed', 2, ['INV00000003', 'INV00000004']],
);
// A retried worker message is harmless: the account's part is returned, nothing is billed again — but
// once the run is completed, it is refused.
const late = await billAccount(context, { billRunNumber: run.number, accountNumber: 'A-001' });
console.log(late.isErr() ? late.error.type : 'billed');
// BillRunNotRunning
check('late worker', late.isErr() && late.error.type, 'BillRunNotRunning');
