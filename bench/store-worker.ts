// A process of `npm run bench -- --store postgres --workers W` (bench/store.ts): on the server's schema,
// either sets up a slice of the workload's accounts (`setup <schema> <first> <count>`, one JSON line when
// done) or serves bill runs as a host's long-lived worker does (`serve <schema> <name> [loops]`): once connected it
// prints a `ready` line; then, for each bill run number read from a line of stdin, it works on the run until
// it is no longer Running and prints one JSON line (the milliseconds each transaction took, its working
// window, its CPU, and how long its transactions waited for and held the document-number lock); it ends when
// stdin ends. With `loops` L > 1 it runs L `workOnBillRun` loops at once on one pool of L + 1 connections (the
// workers `<name>.1` … `<name>.L`), as a host overlaps one batch's waits with another's work in one process.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { type BillingContext, DEFAULT_TENANT_SETTINGS, workOnBillRun } from 'invoice-schedules';
import {
  createPostgresStore,
  type PostgresPool,
  type PostgresPoolConnection,
  type PostgresQueryResult,
} from 'invoice-schedules/postgres';
import pg from 'pg';
import { setUp } from './items.ts';
import { transactionTimes } from './timing.ts';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A context on the server's schema, with ids unique across processes and the real clock. The store's
 * statements are prepared (the default) unless `BENCH_PREPARE=false` is set, for comparisons.
 */
export function serverContext(pool: PostgresPool, schema: string): BillingContext {
  return {
    store: createPostgresStore(pool, { schema, prepare: process.env.BENCH_PREPARE !== 'false' }),
    ids: { next: () => randomUUID() },
    clock: { now: () => new Date() },
    settings: DEFAULT_TENANT_SETTINGS,
  };
}

/**
 * The document-number lock as one worker sees it. Numbers are gapless: a transaction that draws a block
 * (an upsert of its row in `sequences`) holds that row's lock until it ends, so a second transaction's draw
 * waits for the first to commit. `waitMs`: the time this worker's draws took (the wait for the lock, and the
 * statement itself: all a lone worker's draws take); `holdMs`: from each transaction's first draw returning
 * to its COMMIT or ROLLBACK returning. Timed on the client, so a hold includes the round trip of its end.
 * The sequences' rows are counted as one lock: the bench's runs draw invoice numbers only (a run that also
 * drew credit memo numbers in other transactions could show holds that overlap, and more than 100 %).
 */
export interface NumberLock {
  waitMs: number;
  holdMs: number;
  /** Of `holdMs`, the time spent in statements (the end's included): the rest is the worker's own. */
  statementsMs: number;
  /**
   * `statementsMs` by what each statement writes (its tables, as `invoices + invoice_charges`), or `COMMIT`,
   * `ROLLBACK`, or `read` for a statement that writes nothing.
   */
  byStatement: Record<string, number>;
}

/** What a statement writes, for {@link NumberLock.byStatement}: its tables in order, or its command. */
function statementKind(sql: string): string {
  if (sql === 'COMMIT' || sql === 'ROLLBACK') return sql;
  const tables = [...sql.matchAll(/(?:INSERT INTO|UPDATE|DELETE FROM) (?:"[^"]+"|\w+)\.(\w+)/g)].map(
    (m) => m[1],
  );
  return tables.length === 0 ? 'read' : [...new Set(tables)].join(' + ');
}

/** A write to the sequences' rows: the adapter's draws (one number, or a block), whatever the schema. */
const DRAW = /^INSERT INTO \S+\.sequences /;

/**
 * `pool`, each of its connections timing the number lock into `lock` (see {@link NumberLock}); nothing
 * else changes. Statements come as text or as node-postgres' named statement config. One wrapper per
 * connection, kept while the connection lives: the store counts the statements it prepared on each.
 */
export function timingNumberLock(pool: pg.Pool, lock: NumberLock): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolConnection>();
  const timed = (connection: pg.PoolClient): PostgresPoolConnection => {
    const known = wrappers.get(connection);
    if (known !== undefined) return known;
    // When this connection's transaction last drew numbers; null when it holds no draw.
    let drewAt: number | null = null;
    const wrapper = {
      async query(text: string | { text: string }, params?: unknown[]): Promise<PostgresQueryResult> {
        const sql = typeof text === 'string' ? text : text.text;
        const t = performance.now();
        const draw = DRAW.test(sql);
        const ends = sql === 'COMMIT' || sql === 'ROLLBACK';
        try {
          return await connection.query(text as string, params);
        } finally {
          // Counted whether the statement succeeded or not: a draw that failed waited all the same.
          const now = performance.now();
          if (!draw && drewAt !== null) {
            lock.statementsMs += now - t;
            const kind = statementKind(sql);
            lock.byStatement[kind] = (lock.byStatement[kind] ?? 0) + (now - t);
          }
          if (draw) {
            lock.waitMs += now - t;
            drewAt ??= now;
          } else if (ends && drewAt !== null) {
            lock.holdMs += now - drewAt;
            drewAt = null;
          }
        }
      },
      release: (destroy?: boolean | Error) => connection.release(destroy),
    } as PostgresPoolConnection;
    wrappers.set(connection, wrapper);
    return wrapper;
  };
  return {
    query: (text, params) => pool.query(text, params),
    connect: async () => timed(await pool.connect()),
  };
}

async function main(): Promise<void> {
  const [command, schema, a, b] = process.argv.slice(2);
  if (schema === undefined || a === undefined || (command === 'setup' && b === undefined))
    throw new Error('usage: see the file comment');
  const loops = command === 'serve' ? Number(b ?? 1) : 1;
  if (!Number.isSafeInteger(loops) || loops < 1) throw new Error('serve: loops is a whole number ≥ 1');
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: loops + 1 });
  const lock: NumberLock = { waitMs: 0, holdMs: 0, statementsMs: 0, byStatement: {} };
  const context = serverContext(timingNumberLock(pool, lock), schema);
  try {
    if (command === 'setup') {
      const t = performance.now();
      await setUp(context, Number(b), () => undefined, Number(a));
      console.log(JSON.stringify({ accounts: Number(b), seconds: (performance.now() - t) / 1000 }));
      return;
    }
    if (command === 'serve') {
      // Connected: the bench starts the first run once every worker is ready.
      await pool.query('SELECT 1');
      console.log(JSON.stringify({ ready: true }));
      for await (const line of createInterface({ input: process.stdin })) {
        if (line.trim() === '') continue;
        // The run's number, then the accounts per transaction (the library's default of 50 if absent).
        const [run, perTransaction = '50'] = line.trim().split(' ');
        lock.waitMs = 0;
        lock.byStatement = {};
        lock.holdMs = 0;
        lock.statementsMs = 0;
        // This process's CPU over the loops' windows (all its threads: the collector's and the compiler's too).
        const cpu = process.cpuUsage();
        const names = loops === 1 ? [a] : Array.from({ length: loops }, (_, k) => `${a}.${k + 1}`);
        const worked = await Promise.all(
          names.map((name) => work(context, run as string, name, Number(perTransaction))),
        );
        const used = process.cpuUsage(cpu);
        console.log(
          JSON.stringify({
            millis: worked.flatMap((w) => w.millis),
            perAccount: worked.flatMap((w) => w.perAccount),
            start: Math.min(...worked.map((w) => w.start)),
            end: Math.max(...worked.map((w) => w.end)),
            loops,
            cpuMicros: used.user + used.system,
            lockWaitMs: lock.waitMs,
            lockHoldMs: lock.holdMs,
            lockStatementsMs: lock.statementsMs,
            lockByStatement: lock.byStatement,
          }),
        );
      }
      return;
    }
    throw new Error(`unknown command ${command}`);
  } finally {
    await pool.end();
  }
}

/** Works on a bill run until it is no longer Running; the milliseconds of each transaction, and the window. */
async function work(
  context: BillingContext,
  billRunNumber: string,
  worker: string,
  accountsPerTransaction: number,
): Promise<{ millis: number[]; perAccount: number[]; start: number; end: number }> {
  // The working window on the wall clock, so the bench times the bill run without the processes' start.
  const start = Date.now();
  const times = transactionTimes();
  for (;;) {
    const step = await workOnBillRun(
      context,
      // Two transactions' worth of accounts leased at a time (100 with the library's default of 50; 500 at most).
      { billRunNumber, worker, batchSize: Math.min(500, 2 * accountsPerTransaction), leaseSeconds: 120 },
      {
        accountsPerTransaction,
        // One gap per transaction: a batch's accounts are reported together once it commits.
        onProgress: times.onProgress,
      },
    );
    if (step.isErr()) throw new Error(`${step.error.type}: ${step.error.message}`);
    if (step.value.run.status !== 'Running') break;
    // Every account left is leased by another worker: look again soon (the run completes when its last
    // account is billed, and the window ends when this worker sees it).
    const wait = Math.max(20, Date.parse(step.value.retryAt ?? '') - Date.now());
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 100)));
    times.restart();
  }
  return { millis: times.millis, perAccount: times.perAccount, start, end: Date.now() };
}

// Run as a worker (from source, or bundled by bench/bundle.ts), not when bench/store.ts imports it.
if (/store-worker\.(ts|mjs)$/.test(process.argv[1] ?? '')) await main();
