// A process of `npm run bench -- --store postgres --workers W` (bench/store.ts): on the server's schema,
// either sets up a slice of the workload's accounts (`setup <schema> <first> <count>`) or works on a bill
// run until it is no longer Running (`work <schema> <billRunNumber> <name>`). Prints one JSON line: what it
// did and, for `work`, the milliseconds each transaction took.
import { randomUUID } from 'node:crypto';
import { type BillingContext, DEFAULT_TENANT_SETTINGS, workOnBillRun } from 'invoice-schedules';
import { createPostgresStore } from 'invoice-schedules/postgres';
import pg from 'pg';
import { setUp } from './items.ts';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A context on the server's schema, with ids unique across processes and the real clock. */
export function serverContext(pool: pg.Pool, schema: string): BillingContext {
  return {
    store: createPostgresStore(pool, { schema }),
    ids: { next: () => randomUUID() },
    clock: { now: () => new Date() },
    settings: DEFAULT_TENANT_SETTINGS,
  };
}

async function main(): Promise<void> {
  const [command, schema, a, b] = process.argv.slice(2);
  if (schema === undefined || a === undefined || b === undefined)
    throw new Error('usage: see the file comment');
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const context = serverContext(pool, schema);
  try {
    if (command === 'setup') {
      const t = performance.now();
      await setUp(context, Number(b), () => undefined, Number(a));
      console.log(JSON.stringify({ accounts: Number(b), seconds: (performance.now() - t) / 1000 }));
      return;
    }
    if (command === 'work') {
      // The working window on the wall clock, so the bench times the bill run without the processes' start.
      const start = Date.now();
      const millis: number[] = [];
      let last = performance.now();
      for (;;) {
        const work = await workOnBillRun(
          context,
          { billRunNumber: a, worker: b, batchSize: 100, leaseSeconds: 120 },
          {
            onProgress: () => {
              // One gap per transaction: a batch's accounts are reported together once it commits.
              const now = performance.now();
              if (now - last > 0.05) millis.push(now - last);
              last = now;
            },
          },
        );
        if (work.isErr()) throw new Error(`${work.error.type}: ${work.error.message}`);
        if (work.value.run.status !== 'Running') break;
        const wait = Math.max(50, Date.parse(work.value.retryAt ?? '') - Date.now());
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
        last = performance.now();
      }
      console.log(JSON.stringify({ millis, start, end: Date.now() }));
      return;
    }
    throw new Error(`unknown command ${command}`);
  } finally {
    await pool.end();
  }
}

if (process.argv[1]?.endsWith('store-worker.ts')) await main();
