// One worker of test/postgres/workers.test.ts, run as a process of its own (`node --import tsx`): its own
// pg Pool, a real clock and ids unique across processes, looping `workOnBillRun` until the run is no
// longer Running and sleeping until `retryAt` while other workers hold leases (docs/guides/many-workers.md).
// It reports on stdout, one JSON line per event, so the test can follow it and kill it mid-run:
//   {"event":"billed","worker":"w1","account":"A0000042","visited":7,"invoices":2,"at":"…"}  after each
//                                                                                  account's commit
//   {"event":"waiting","worker":"w1","retryAt":"…","leases":3}                       others hold leases
//   {"event":"done","worker":"w1","status":"Completed","visited":512,"calls":3}      then exit 0
// Any error is one {"event":"error",…} line and exit code 1.
//
// Usage: node --import tsx test/postgres/worker-process.ts '{"url":…,"schema":…,"billRunNumber":…,
//   "worker":…,"batchSize":10,"leaseSeconds":3}'
//
// Imports the source by path, not as 'invoice-schedules': outside vitest that name resolves to the source
// only through tsconfig.json's `paths`, which tsx reads from the working directory; from anywhere else it
// would be the package's own exports, i.e. a dist/ that may be stale.
import pg from 'pg';
import { type BillingContext, DEFAULT_TENANT_SETTINGS, workOnBillRun } from '../../src/index';
import { createPostgresStore } from '../../src/postgres/index';

interface WorkerOptions {
  readonly url: string;
  readonly schema: string;
  readonly billRunNumber: string;
  readonly worker: string;
  readonly batchSize: number;
  readonly leaseSeconds: number;
  /**
   * Stop dead (block the thread) right after reporting this account, until the test kills the process: the
   * kill then lands mid-batch however slow the test is to read the report (under load, a worker left
   * running would finish its batch and mark its leases done before the signal arrived).
   */
  readonly haltAt?: number;
}

/** Never wait longer than this in all: a worker left behind by a failed test must not live on. */
const GIVE_UP_MS = 170_000;

function report(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function work(options: WorkerOptions): Promise<void> {
  const { worker } = options;
  // One transaction at a time per worker; a second connection for a read beside it is plenty.
  const pool = new pg.Pool({ connectionString: options.url, max: 2 });
  let counter = 0;
  const context: BillingContext = {
    store: createPostgresStore(pool, { schema: options.schema }),
    clock: { now: () => new Date() },
    ids: { next: (kind) => `${kind}-${worker}-${++counter}` },
    settings: DEFAULT_TENANT_SETTINGS,
  };
  const started = Date.now();
  let visited = 0;
  let calls = 0;
  try {
    for (;;) {
      calls++;
      const result = await workOnBillRun(
        context,
        {
          billRunNumber: options.billRunNumber,
          worker,
          batchSize: options.batchSize,
          leaseSeconds: options.leaseSeconds,
        },
        {
          onProgress: (p) => {
            visited++;
            report({
              event: 'billed',
              worker,
              account: p.account.accountNumber,
              visited,
              invoices: p.account.invoiceNumbers.length,
              at: new Date().toISOString(),
            });
            // stdout is a pipe, written synchronously on Linux: the report is out before the thread blocks.
            if (visited === options.haltAt)
              Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
          },
        },
      );
      if (result.isErr()) {
        report({ event: 'error', worker, error: result.error });
        process.exitCode = 1;
        return;
      }
      const { run, retryAt, waitingFor } = result.value;
      if (run.status !== 'Running') {
        report({ event: 'done', worker, status: run.status, visited, calls });
        return;
      }
      report({ event: 'waiting', worker, retryAt, leases: waitingFor.length });
      if (Date.now() - started > GIVE_UP_MS) throw new Error(`gave up after ${GIVE_UP_MS} ms`);
      await sleep(Math.max(0, Date.parse(retryAt ?? '') - Date.now()));
    }
  } finally {
    await pool.end();
  }
}

const options = JSON.parse(process.argv[2] ?? '{}') as WorkerOptions;
try {
  await work(options);
} catch (thrown) {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  report({
    event: 'error',
    worker: options.worker,
    thrown: error.message,
    code: (error as { code?: unknown }).code ?? null,
    stack: error.stack ?? null,
  });
  process.exitCode = 1;
}
