// Guide: docs/guides/bill-runs.md ("One run, many workers") — a bill run's per-account step fanned out
// through a job queue on PostgreSQL (pg-boss 10): the coordinator starts the run and enqueues one job per
// account, workers bill one account per job with billAccount, and the coordinator completes the run once
// the queue is drained. Against a real server: DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test.
// Each run uses two fresh schemas (one for the library, one for pg-boss) and drops them at the end.
//
//   npx tsx docs/examples/postgres/pg-boss-bill-run.ts
import { createHash, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  activateSavedOrder,
  type BillAccountInput,
  type BillingContext,
  billAccount,
  completeBillRun,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  getInvoice,
  saveNewAccount,
  saveNewOrder,
  startBillRun,
  type UnitOfWork,
} from 'invoice-schedules';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { ok } from 'neverthrow';
import pg from 'pg';
import PgBoss from 'pg-boss';

/** The queue of per-account jobs, and where pg-boss moves a job whose last retry failed. */
const QUEUE = 'bill-account';
const DEAD_LETTERS = 'bill-account-dead';
const ACCOUNTS = 12;
const WORKERS = 3;

/** What the coordinator reports, for the caller (and the test) to check. */
export interface PgBossBillRunSummary {
  readonly billRunNumber: string;
  readonly status: string;
  readonly invoiceNumbers: readonly string[];
  /** Jobs handed to a worker, retries included (more than ACCOUNTS: one batch is made to fail once). */
  readonly deliveries: number;
  readonly milliseconds: number;
  /** The schemas the run made (and dropped). */
  readonly schemas: readonly string[];
}

/**
 * The job's id, derived from the run and the account (a name-based UUID: pg-boss 10 ids are UUIDs).
 * pg-boss inserts a job whose id is already queued as nothing (`ON CONFLICT DO NOTHING`), so a
 * coordinator that enqueues the run again — it crashed half-way and was restarted — adds no second job.
 * Sharing one queue between tenants? Put the tenant into the name too.
 */
function jobId(job: BillAccountInput): string {
  const hex = createHash('sha256')
    .update(`bill-account/${job.billRunNumber}/${job.accountNumber}`)
    .digest('hex');
  // Shaped as a UUID (pg-boss's id column is `uuid`), its version and variant bits saying name-based.
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** Every account number of the store, a page at a time (the order `runBillRun` visits them in). */
async function* accountPages(store: UnitOfWork): AsyncGenerator<readonly string[]> {
  for (let after: string | null = null; ; ) {
    const from: string | null = after;
    const page = (await store.transaction(async (repos) => ok(await repos.accounts.list(from, 500))))
      ._unsafeUnwrap()
      .map((a) => a.number);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1] ?? null;
  }
}

async function setUpAccounts(context: BillingContext): Promise<void> {
  // Each account: a yearly subscription and a schedule whose first item is due 2023-02-01.
  for (let i = 1; i <= ACCOUNTS; i++) {
    const account = `A-${String(i).padStart(3, '0')}`;
    (
      await saveNewAccount(context, { id: randomUUID(), number: account, name: account, currency: 'USD' })
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
}

/**
 * A worker's handler: bills the account of each job of the batch, then throws if any of them went wrong,
 * so pg-boss retries the batch (the accounts billed meanwhile return their Billed part).
 */
async function billJobs(
  context: BillingContext,
  jobs: readonly PgBoss.Job<BillAccountInput>[],
): Promise<void> {
  const problems: string[] = [];
  for (const job of jobs) {
    const part = await billAccount(context, job.data);
    if (part.isErr()) {
      // Delivered again after the run was completed (see the drain): nothing left to do.
      if (part.error.type === 'BillRunNotRunning') continue;
      // Anything else (the run not found, a store conflict after the library's own retries): retry the job.
      problems.push(`${job.data.accountNumber}: ${part.error.type}: ${part.error.message}`);
    } else if (part.value.status === 'Failed') {
      // The account could not be billed: a value, not an Err. Its Failed part is on record, and a retry
      // bills it again (a Billed part then replaces the Failed one). After the last retry the Failed part
      // stays: completeBillRun lists it in `failures`, and the run ends CompletedWithErrors.
      const failure = part.value.failure;
      problems.push(`${job.data.accountNumber}: ${failure?.errorType}: ${failure?.message}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** A host's context: the shared store, the real clock, UUIDs (ids must be unique across processes). */
function contextOn(store: UnitOfWork): BillingContext {
  return {
    store,
    clock: { now: () => new Date() },
    ids: { next: () => randomUUID() },
    settings: DEFAULT_TENANT_SETTINGS,
  };
}

export async function main(
  databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
): Promise<PgBossBillRunSummary> {
  const started = Date.now();
  const suffix = `${process.pid.toString(36)}_${started.toString(36)}_${randomUUID().slice(0, 8)}`;
  const [billingSchema, bossSchema] = [`billing_${suffix}`, `pgboss_${suffix}`];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  const boss = new PgBoss({ connectionString: databaseUrl, schema: bossSchema, max: 4 });
  // An EventEmitter: without a listener, an 'error' (a failed poll, say) would crash the process.
  boss.on('error', (error) => console.error(`pg-boss: ${error.message}`));
  let bossStarted = false;
  try {
    await migrate(pool, { schema: billingSchema });
    const store = createPostgresStore(pool, { schema: billingSchema });
    const coordinator = contextOn(store);
    await setUpAccounts(coordinator);

    await boss.start();
    bossStarted = true;
    // pg-boss 10 needs its queues created before jobs are sent. A job whose last attempt fails moves to
    // the dead-letter queue, which nobody works: the coordinator reads it after the drain.
    await boss.createQueue(DEAD_LETTERS);
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 3, retryDelay: 0, deadLetter: DEAD_LETTERS });

    // ── The coordinator: start the run once (a retried coordinator gets the same run back from the key),
    // then one job per account, a page of jobs per insert.
    const run = (
      await startBillRun(coordinator, { targetDate: '2023-02-04', idempotencyKey: 'daily-2023-02-04' })
    )._unsafeUnwrap();
    const enqueue = async (): Promise<void> => {
      for await (const page of accountPages(store)) {
        await boss.insert(
          page.map((accountNumber) => {
            const data: BillAccountInput = { billRunNumber: run.number, accountNumber };
            return { id: jobId(data), name: QUEUE, data };
          }),
        );
      }
    };
    await enqueue();
    // The coordinator restarted after enqueuing: the same ids insert nothing.
    await enqueue();
    const queued = await boss.getQueueSize(QUEUE);
    if (queued !== ACCOUNTS) throw new Error(`expected ${ACCOUNTS} jobs queued once each, got ${queued}`);

    // ── The workers (processes or machines in a host; here 3 in this process, each with its own context
    // on the one store). pg-boss hands a worker a batch of jobs; when the handler throws, every job of the
    // batch is retried (then dead-lettered); when it returns, every job of it is completed.
    let deliveries = 0;
    let crashed = false;
    for (let w = 1; w <= WORKERS; w++) {
      const context = contextOn(store);
      await boss.work<BillAccountInput>(
        QUEUE,
        { batchSize: 2, pollingIntervalSeconds: 0.5 },
        async (jobs) => {
          deliveries += jobs.length;
          await billJobs(context, jobs);
          // A worker lost after billing but before pg-boss marked its jobs done (killed, its connection
          // dropped, its jobs expired): pg-boss delivers the batch again. That is harmless: each account now
          // has a Billed part, saved in the same transaction as its invoice, so billAccount returns that part
          // and creates nothing. Simulated once here.
          if (!crashed && jobs.some((j) => j.data.accountNumber === 'A-005')) {
            crashed = true;
            throw new Error(`worker ${w} lost before acknowledging its batch`);
          }
        },
      );
    }

    // ── The drain: completeBillRun sums the parts saved so far and closes the run, after which billAccount
    // refuses it (BillRunNotRunning). Completed early, the run would miss the accounts still queued (their
    // items stay pending for the next run), so wait until no job is queued, retrying or running.
    const deadline = Date.now() + 60_000;
    while ((await boss.getQueueSize(QUEUE, { before: 'completed' })) > 0) {
      if (Date.now() > deadline) throw new Error(`${QUEUE} not drained after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Jobs that failed for good. An account that could not be billed has a Failed part, which the run
    // reports. A job that died with an Err or kept crashing saved no part, so the run cannot see it. Read
    // the dead letters (their data names the run and the account, hence the failed job's id), fix the
    // cause, and `boss.retry(QUEUE, ids)` before completing — or complete anyway (CompletedWithErrors for
    // the Failed parts) and let the next day's run bill the accounts' pending items. A batch mate of a
    // failing job is dead-lettered too; billing it again returns its Billed part. Here none is expected.
    const dead = await boss.getQueueSize(DEAD_LETTERS);

    const done = (await completeBillRun(coordinator, { billRunNumber: run.number }))._unsafeUnwrap();
    console.log(`${done.number} ${done.status}: ${done.invoiceNumbers.length} invoices`);
    for (const failure of done.failures) console.log(`  ${failure.accountNumber}: ${failure.errorType}`);

    // ── The checks: Completed, one invoice per account, numbers without gaps.
    if (dead !== 0) throw new Error(`${dead} jobs dead-lettered`);
    if (done.status !== 'Completed') throw new Error(`expected Completed, got ${done.status}`);
    const invoices = await Promise.all(
      done.invoiceNumbers.map(async (n) => (await getInvoice(coordinator, n))._unsafeUnwrap()),
    );
    const billed = new Set(invoices.map((i) => i.accountNumber));
    if (invoices.length !== ACCOUNTS || billed.size !== ACCOUNTS) {
      throw new Error(
        `expected one invoice for each of ${ACCOUNTS} accounts: ${done.invoiceNumbers.join(', ')}`,
      );
    }
    const numbers = done.invoiceNumbers.map((n) => Number(/\d+$/.exec(n)?.[0]));
    if (numbers.some((n, i) => n !== (numbers[0] ?? 0) + i)) {
      throw new Error(`invoice numbers have gaps: ${done.invoiceNumbers.join(', ')}`);
    }
    if (deliveries <= ACCOUNTS) throw new Error('the simulated lost worker should have caused a redelivery');
    return {
      billRunNumber: done.number,
      status: done.status,
      invoiceNumbers: done.invoiceNumbers,
      deliveries,
      milliseconds: Date.now() - started,
      schemas: [billingSchema, bossSchema],
    };
  } finally {
    // Stop the workers (waiting for the jobs in hand) and pg-boss's own pool, then drop both schemas.
    if (bossStarted) await boss.stop({ graceful: true, timeout: 10_000 });
    try {
      for (const schema of [billingSchema, bossSchema])
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await pool.end();
    }
  }
}

// Run as a program (tsx); imported (by the test), it waits for main() to be called.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const summary = await main();
  console.log(`${summary.deliveries} deliveries for ${ACCOUNTS} accounts, ${summary.milliseconds} ms`);
}
