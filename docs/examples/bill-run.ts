// Guide: docs/guides/bill-runs.md — bill runs: the pure planner, an inclusive target date that
// defaults to today in the tenant's zone, filters, per-account failures, re-runs, a daily loop, and
// paused schedules (skipped by the Scheduler's runs, billed by a run a person starts, decision 16).
import {
  activateSavedOrder,
  type BillingContext,
  type BillRunFailure,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  getInvoice,
  getInvoiceSchedule,
  type Invoice,
  type InvoiceSchedule,
  pauseInvoiceSchedule,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  type UnitOfWork,
} from 'invoice-schedules';
import { planBillRun } from 'invoice-schedules/core';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { addDays, businessDate } from 'invoice-schedules/time';
import { err, ok } from 'neverthrow';

const store = createMemoryStore();
const ids = createSequentialIds();
const settings = { ...DEFAULT_TENANT_SETTINGS, timeZone: 'America/New_York' };
// 2023-02-05 03:00 UTC is still 2023-02-04 (22:00) in New York.
const context: BillingContext = { store, ids, settings, clock: fixedClock('2023-02-05T03:00:00Z') };

function check(label: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}

// Three accounts, each with one yearly subscription and a schedule of two items.
async function customer(
  account: string,
  price: string,
  items: readonly { runDate: string; amount: string }[],
) {
  (
    await saveNewAccount(context, { id: account, number: account, name: account, currency: 'USD' })
  )._unsafeUnwrap();
  const order = `O-${account}`;
  const charge = {
    number: 'C1',
    name: 'Platform',
    type: 'Recurring',
    price,
    listPriceBase: 'Year',
    billingPeriod: 'Annual',
  };
  const action = {
    type: 'CreateSubscription',
    subscriptionNumber: `S-${account}`,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [{ id: `rp-${account}`, name: 'Platform', charges: [charge] }],
  };
  (
    await saveNewOrder(context, {
      number: order,
      accountNumber: account,
      orderDate: '2023-01-01',
      actions: [action],
    })
  )._unsafeUnwrap();
  (await activateSavedOrder(context, { orderNumber: order }))._unsafeUnwrap();
  return (
    await createInvoiceSchedule(context, { accountNumber: account, orders: [order], items })
  )._unsafeUnwrap();
}
const a1 = await customer('A-001', '12000.00', [
  { runDate: '2023-02-04', amount: '6000.00' },
  { runDate: '2023-08-01', amount: '6000.00' },
]);
const a2 = await customer('A-002', '2400.00', [
  { runDate: '2023-01-15', amount: '1200.00' },
  { runDate: '2023-07-15', amount: '1200.00' },
]);
const a3 = await customer('A-003', '5000.00', [
  { runDate: '2023-02-01', amount: '2500.00' },
  { runDate: '2023-10-01', amount: '2500.00' },
]);

// ── 1. The pure planner: what a bill run would process, without running it ───────────────────────────
const plan = planBillRun([a1, a2, a3], businessDate(2023, 2, 4));
const due = plan.accounts.map((a) => `${a.accountNumber}: ${a.items.map((i) => i.runDate).join(', ')}`);
console.log(due.join('\n'));
// 2023-02-04
// 2023-01-15
// 2023-02-01
const narrowed = planBillRun([a1, a2, a3], businessDate(2023, 2, 3), { invoiceScheduleNumbers: [a1.number] });
// a1's item of 2023-02-04 is not due on 2023-02-03: no account is planned.
console.log(`planned accounts: ${narrowed.accounts.length}`);
// planned accounts: 0
check('planned accounts', plan.accounts.map((a) => a.accountNumber).join(' '), 'A-001 A-002 A-003');
check('2023-02-04 is not due on 2023-02-03', narrowed.accounts.length, 0);

// ── 2. The target date is inclusive ──────────────────────────────────────────────────────────────────
// Every input is optional; a run for the day before A-001's first run date bills nothing.
const dayBefore = (
  await runBillRun(context, {
    targetDate: '2023-02-03', // optional: default today in the tenant's zone
    accountNumbers: ['A-001'], // optional filter; empty or missing = all accounts
    invoiceScheduleNumbers: [], // optional filter; empty or missing = all schedules
    includePausedSchedules: false, // optional: true when a person starts the run (bills paused schedules)
    idempotencyKey: 'A-001-2023-02-03', // optional: a retry returns the first bill run
  })
)._unsafeUnwrap();
console.log(`${dayBefore.number} for ${dayBefore.targetDate}: ${dayBefore.itemsProcessed} items`);
// BR-00000001 for 2023-02-03: 0 items
check('nothing due for A-001 on 2023-02-03', dayBefore.itemsProcessed, 0);

// ── 3. Default target date: today in the tenant's zone (2023-02-04 in New York); filter by account ──
const a2Only = (await runBillRun(context, { accountNumbers: ['A-002'] }))._unsafeUnwrap();
console.log(`${a2Only.number} target ${a2Only.targetDate}: ${a2Only.invoiceNumbers.join(', ')}`);
// BR-00000002 target 2023-02-04: INV00000001
check('default target date', a2Only.targetDate, '2023-02-04');
check('A-002 billed alone', a2Only.itemsProcessed, 1);

// ── 4. One failing account does not stop the others ──────────────────────────────────────────────────
// Simulate a database that rejects A-003's invoice: every save of it reports a version conflict, alone
// (`save`) or in a batch of accounts (`saveMany`: the batch rolls back and its accounts are billed one by one).
const conflict = (invoice: Invoice) =>
  err({
    type: 'VersionConflict' as const,
    message: 'simulated conflict',
    entity: 'Invoice' as const,
    key: invoice.number,
    expectedVersion: invoice.version - 1,
    actualVersion: null,
  });
const flaky: UnitOfWork = {
  transaction: (work) =>
    store.transaction((repos) =>
      work({
        ...repos,
        invoices: {
          ...repos.invoices,
          save: async (invoice) =>
            invoice.accountNumber === 'A-003' ? conflict(invoice) : repos.invoices.save(invoice),
          saveMany: async (invoices) => {
            const rejected = invoices.find((i) => i.accountNumber === 'A-003');
            if (rejected !== undefined) return conflict(rejected);
            for (const invoice of invoices) {
              const saved = await repos.invoices.save(invoice);
              if (saved.isErr()) return saved;
            }
            return ok(undefined);
          },
        },
      }),
    ),
};
const partly = (await runBillRun({ ...context, store: flaky }))._unsafeUnwrap();
console.log(`${partly.number} ${partly.status}: ${partly.invoiceNumbers.join(', ')}`);
for (const failure of partly.failures) console.log(`  ${failure.accountNumber}: ${failure.errorType}`);
check('status', partly.status, 'CompletedWithErrors');
check('A-001 billed', partly.invoiceNumbers.length, 1);
check(
  'A-003 failed',
  partly.failures.map((f) => `${f.accountNumber} ${f.errorType}`).join(),
  'A-003 VersionConflict',
);

// A-003's transaction was rolled back, so the next run (on a healthy store) picks its item up.
const retry = (await runBillRun(context))._unsafeUnwrap();
check('A-003 billed on the next run', retry.itemsProcessed, 1);

// ── 5. Running again for the same date bills nothing new ─────────────────────────────────────────────
const again = (await runBillRun(context))._unsafeUnwrap();
console.log(`${again.number}: ${again.itemsProcessed} items, ${again.invoiceNumbers.length} invoices`);
check('re-run processes nothing', again.itemsProcessed, 0);

// ── 6. A daily scheduler: one bill run per day, keyed by the day so a retried job is harmless ────────
// Stand-ins for what a host does with a run's results: page someone, send the invoice out.
const alert = (failure: BillRunFailure): never => {
  throw new Error(`${failure.accountNumber}: ${failure.errorType}: ${failure.message}`);
};
const billed: string[] = [];
const send = async (invoiceNumber: string): Promise<void> => {
  const invoice = (await getInvoice(context, invoiceNumber))._unsafeUnwrap();
  billed.push(`${invoice.invoiceDate} ${invoiceNumber}`);
};
for (let day = businessDate(2023, 2, 5); day <= '2023-12-31'; day = addDays(day, 1)) {
  const today = { ...context, clock: fixedClock(`${day}T15:00:00Z`) }; // 10:00 in New York
  const run = await runBillRun(today, { idempotencyKey: `daily-${day}` });
  if (run.isErr()) throw new Error(`${run.error.type}: ${run.error.message}`);
  for (const failure of run.value.failures) alert(failure); // per-account problems
  for (const invoiceNumber of run.value.invoiceNumbers) await send(invoiceNumber);
}
console.log(billed.join('\n'));
check(
  'later items billed on their run dates',
  billed.map((b) => b.slice(0, 10)).join(),
  '2023-07-15,2023-08-01,2023-10-01',
);
const replay = (
  await runBillRun(
    { ...context, clock: fixedClock('2023-07-15T15:00:00Z') },
    { idempotencyKey: 'daily-2023-07-15' },
  )
)._unsafeUnwrap();
check('a replayed day returns its first bill run', replay.invoiceNumbers.join(), billed[0]?.slice(11));

const finals: InvoiceSchedule[] = [];
for (const s of [a1, a2, a3]) finals.push((await getInvoiceSchedule(context, s.number))._unsafeUnwrap());
check(
  'all fully processed',
  finals.every((s) => s.status === 'FullyProcessed' && s.unbilledAmount.isZero()),
  true,
);

// ── 7. Paused schedules: the Scheduler skips them, a run a person starts bills them (decision 16) ─────
const a4 = await customer('A-004', '3600.00', [
  { runDate: '2023-03-01', amount: '1800.00' },
  { runDate: '2023-09-01', amount: '1800.00' },
]);
(await pauseInvoiceSchedule(context, { invoiceScheduleNumber: a4.number }))._unsafeUnwrap();
const march = { targetDate: '2023-03-01', accountNumbers: ['A-004'] };
// By default runBillRun is the Scheduler: the paused schedule waits.
const bySchedulerRun = (await runBillRun(context, march))._unsafeUnwrap();
// A bill run a person starts ("Create Bill Run") bills it; it stays Paused.
const byPersonRun = (await runBillRun(context, { ...march, includePausedSchedules: true }))._unsafeUnwrap();
const a4After = (await getInvoiceSchedule(context, a4.number))._unsafeUnwrap();
console.log(
  `Scheduler: ${bySchedulerRun.itemsProcessed} items; person: ${byPersonRun.invoiceNumbers.join(', ')}`,
);
// Scheduler: 0 items; person: INV00000007
console.log(`${a4After.status}: item 1 ${a4After.items[0]?.status}, item 2 ${a4After.items[1]?.status}`);
// Paused: item 1 Processed, item 2 Pending
check('the Scheduler skips a paused schedule', bySchedulerRun.itemsProcessed, 0);
check('a person-started run bills it', byPersonRun.itemsProcessed, 1);
check('it stays paused', a4After.status, 'Paused');
