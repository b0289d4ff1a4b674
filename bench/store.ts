// `npm run bench -- --store pglite|postgres [--items N] [--workers 1,4] [--loops L] [--accounts-per-transaction A]`: the
// issue-11 workload (bench/items.ts)
// on the PostgreSQL adapter (issue 12). First the documents of the fixed 300-item workload, billed on that
// store, must hash to the same checksum as on the memory store; then N items are set up and billed:
// - pglite: in this process, one bill run per item date (`runBillRun`), PGlite with its data in a fresh folder
//   (as the demo and a host's embedded store keep it; removed afterwards), or in memory with `--in-memory`;
// - postgres: on the server (DATABASE_URL), set up by W processes in parallel, then each item date's bill
//   run shared by W long-lived worker processes (`workOnBillRun`; the same processes work on every run, as a
//   host's workers would), for each W given; with `--loops L` each process runs L `workOnBillRun` loops at once.
// Prints set-up time, items per second of the bill runs, and the p50 / p99 milliseconds per transaction (a batch of up to
// 50 accounts on PGlite, A on the server) and per account (a transaction's time divided by the accounts it billed);
// on the server, also the CPU per item billed of the workers' processes and of the server's (read from /proc when the
// server runs on this machine), and the document-number lock: the share of each run's window some worker's
// transaction held it (from its draw to its end; and how much of that was spent inside statements, and on
// which: a second line per run gives the holds' wall-clock µs per item by the tables each statement writes), and
// the share of the workers' time spent waiting for it
// (numbers are gapless, so transactions that draw them commit one after another). The workers bill A accounts per
// transaction (`accountsPerTransaction`, the library's default of 50 unless told; PGlite's runs keep that default).
// Each server run's line also gives the share of the machine's CPU time left idle over its window (/proc/stat):
// none idle, the cores bound the run; some idle, waits did (the lock, round trips, the disk).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import {
  type BillingContext,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  runBillRun,
  startBillRun,
} from 'invoice-schedules';
import { createSequentialIds } from 'invoice-schedules/memory';
import { createPostgresStore, migrate, type PostgresClient } from 'invoice-schedules/postgres';
import pg from 'pg';
import { CHECKSUM_300, ITEMS, invoicesChecksum, setUp } from './items.ts';
import { DATABASE_URL, serverContext } from './store-worker.ts';
import { percentile, transactionTimes } from './timing.ts';

const run = promisify(execFile);

/** The invoices of a schema hashed as bench/items.ts hashes the memory store's. */
async function checksumOf(client: PostgresClient, schema: string): Promise<string> {
  const { rows } = await client.query(
    `SELECT record::text AS record FROM "${schema}".invoices ORDER BY number`,
    [],
  );
  return invoicesChecksum((rows as { record: string }[]).map((row) => JSON.parse(row.record)));
}

function storeContext(db: PostgresClient, schema: string): BillingContext {
  return {
    store: createPostgresStore(db, { schema }),
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
}

/** The 300-item workload on this store (PGlite, or the server in a schema of its own) must give the memory store's documents. */
async function checkDocuments(db: PostgresClient, where: string, schema = 'checksum'): Promise<void> {
  await migrate(db, { schema });
  const context = storeContext(db, schema);
  await setUp(context, 100, () => undefined);
  for (const item of ITEMS) (await runBillRun(context, { targetDate: item.runDate }))._unsafeUnwrap();
  const sum = await checksumOf(db, schema);
  if (sum !== CHECKSUM_300)
    throw new Error(`documents differ on ${where}: checksum ${sum}, committed ${CHECKSUM_300}`);
  console.log(`300-item workload on ${where}: checksum ok (the same documents as on the memory store)`);
}

function report(
  label: string,
  items: number,
  setUpSeconds: number,
  billSeconds: number,
  times: { readonly millis: readonly number[]; readonly perAccount: readonly number[] },
) {
  const sorted = [...times.millis].sort((a, b) => a - b);
  const perAccount = [...times.perAccount].sort((a, b) => a - b);
  console.log(
    `${label}: ${items} items, set-up ${setUpSeconds.toFixed(1)} s, bill runs ${billSeconds.toFixed(1)} s, ` +
      `${(items / billSeconds).toFixed(0)} items/s, per transaction p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(sorted, 99).toFixed(1)} ms; per account p50 ${percentile(perAccount, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(perAccount, 99).toFixed(2)} ms`,
  );
}

async function benchPglite(items: number, inMemory: boolean): Promise<void> {
  const checking = new PGlite();
  await checkDocuments(checking, 'PGlite');
  await checking.close();
  const folder = inMemory ? undefined : mkdtempSync(join(tmpdir(), 'bench-pglite-'));
  const db = new PGlite(folder);
  try {
    await billOnPglite(db, items, folder === undefined ? 'pglite (in memory)' : 'pglite (data in a folder)');
  } finally {
    await db.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }
}

async function billOnPglite(db: PGlite, items: number, label: string): Promise<void> {
  await migrate(db, { schema: 'bench' });
  const context = storeContext(db, 'bench');
  const accounts = Math.floor(items / 3);
  const t0 = performance.now();
  await setUp(context, accounts, (done) => process.stderr.write(`set up ${done} / ${accounts}\n`));
  const t1 = performance.now();
  const times = transactionTimes();
  for (const item of ITEMS) {
    times.restart();
    const billed = await runBillRun(context, { targetDate: item.runDate }, { onProgress: times.onProgress });
    if (billed.isErr() || billed.value.invoiceNumbers.length !== accounts)
      throw new Error(`bill run ${item.runDate} failed`);
  }
  const t2 = performance.now();
  report(label, accounts * 3, (t1 - t0) / 1000, (t2 - t1) / 1000, times);
}

// Bundled by bench/bundle.ts (this file then runs as run.mjs, its worker beside it as store-worker.mjs), or
// from source under tsx (`--source`).
const bundled = import.meta.url.endsWith('.mjs');
const worker = new URL(bundled ? './store-worker.mjs' : './store-worker.ts', import.meta.url).pathname;
/** How a worker process starts: its file, after tsx's loader when the bench runs from source. */
const workerArgs = (...rest: string[]): string[] =>
  bundled ? [worker, ...rest] : ['--import', 'tsx', worker, ...rest];
/**
 * Node's options for each serving worker, for measurements: `BENCH_WORKER_ARGS` (space-separated, as
 * `--single-threaded-gc`), and with `BENCH_WORKER_PROFILE=<dir>` a CPU profile of each worker's life (connected,
 * then serving the runs; set-up runs in other processes) written into that folder when it exits.
 */
function servingNodeOptions(): string[] {
  const extra = (process.env.BENCH_WORKER_ARGS ?? '').split(' ').filter((a) => a !== '');
  const dir = process.env.BENCH_WORKER_PROFILE ?? '';
  return dir === '' ? extra : [...extra, '--cpu-prof', `--cpu-prof-dir=${dir}`];
}
/** How long the bench waits for a serving worker's line before it stops every worker. */
const WORKER_DEADLINE_MS = 30 * 60 * 1000;
/** How long `close()` waits for the workers' exit once their input has ended. */
const CLOSE_DEADLINE_MS = 60 * 1000;

/**
 * Runs one worker process per argument list and resolves with each one's last line, parsed. The first that
 * fails stops the others, and the call waits for their exit before it fails, so none is left running against
 * a schema being dropped.
 */
async function inProcesses(args: readonly string[][]): Promise<unknown[]> {
  const stop = new AbortController();
  // The first failure, not the aborts it causes.
  let first: { readonly error: unknown } | undefined;
  const settled = await Promise.allSettled(
    args.map((a) =>
      run(process.execPath, workerArgs(...a), {
        maxBuffer: 1 << 28,
        signal: stop.signal,
      }).catch((error: unknown) => {
        first ??= { error };
        stop.abort();
        throw error;
      }),
    ),
  );
  if (first !== undefined) throw first.error;
  return settled.map((s) =>
    s.status === 'fulfilled' ? JSON.parse(s.value.stdout.trim().split('\n').at(-1) ?? 'null') : null,
  );
}

/** What a serving worker reports for one bill run. */
interface Worked {
  readonly millis: number[];
  /** Each transaction's milliseconds divided by the accounts it billed. */
  readonly perAccount: number[];
  readonly start: number;
  readonly end: number;
  /** How many `workOnBillRun` loops the process ran at once (`--loops`). */
  readonly loops: number;
  /** The worker process's CPU over its window, in microseconds. */
  readonly cpuMicros: number;
  /** Milliseconds its draws of document numbers took, and from each draw to its transaction's end. */
  readonly lockWaitMs: number;
  readonly lockHoldMs: number;
  /** Of the holds, the milliseconds spent in statements (the server's work and the round trips). */
  readonly lockStatementsMs: number;
  /** Those milliseconds by what each statement writes (see `NumberLock.byStatement` in bench/store-worker.ts). */
  readonly lockByStatement: Readonly<Record<string, number>>;
}

/**
 * The machine's CPU time so far, in clock ticks of all its cores (`/proc/stat`, Linux): idle (with I/O wait)
 * and in all, or `null` where it cannot be read. Over a run's window, the idle share tells whether the run was
 * bound by the cores (none idle) or by waits: the number lock, round trips, the disk.
 */
function machineTicks(): { readonly idle: number; readonly total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is counted in user already).
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    return line.startsWith('cpu ') ? { idle: (ticks[3] ?? 0) + (ticks[4] ?? 0), total } : null;
  } catch {
    return null;
  }
}

/**
 * The CPU the PostgreSQL processes on this machine have used so far, in microseconds (`/proc`, Linux), or
 * `null` where it cannot be read (another OS, a server elsewhere: nothing named postgres here). Each process's
 * own CPU and that of its children it has reaped, so a backend or autovacuum worker that exits between two
 * readings still counts (in the postmaster's). Every PostgreSQL server on the machine is counted.
 */
function serverCpuMicros(): number | null {
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // a process that ended meanwhile
      }
      if (!stat.includes('(postgres)')) continue;
      // utime, stime, cutime and cstime: the 14th to 17th fields (the 3rd is the first after the command's
      // closing parenthesis).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      found = true;
    }
  } catch {
    return null;
  }
  // Clock ticks of 1/100 s (USER_HZ on Linux).
  return found ? ticks * 10_000 : null;
}

/**
 * W long-lived worker processes (`serve`). `ready()` waits until each has connected, so the first run's window
 * holds no start-up; `work(run)` hands each the bill run's number and resolves with what each did once all
 * are done; `close()` ends them and waits for their exit; `kill()` stops them at once. A worker that exits or
 * stays silent past the deadline fails the call, and the caller then kills the rest.
 */
function servingWorkers(schema: string, w: number, loops: number) {
  const children = Array.from({ length: w }, (_, k) =>
    spawn(
      process.execPath,
      [...servingNodeOptions(), ...workerArgs('serve', schema, `w${k + 1}`, String(loops))],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    ),
  );
  // Each child's exit, as a value (never a rejection, so none goes unhandled); its stdin's errors (a write
  // to a worker that died) are reported by that exit instead.
  const exits = children.map((child, k) => {
    child.stdin.on('error', () => undefined);
    return new Promise<string | null>((resolve) => {
      child.on('error', (error) => resolve(`worker w${k + 1} could not run: ${error.message}`));
      child.on('exit', (code, signal) =>
        resolve(code === 0 ? null : `worker w${k + 1} exited with ${signal ?? `code ${code}`}`),
      );
    });
  });
  const lines = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  /** The next line of worker k, or an error if it exits or says nothing before the deadline. */
  async function nextLine(k: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`worker w${k + 1} silent for 30 minutes`)),
        WORKER_DEADLINE_MS,
      );
    });
    const exited = (exits[k] as Promise<string | null>).then((why) => {
      throw new Error(why ?? `worker w${k + 1} ended before reporting`);
    });
    try {
      const line = await Promise.race([(lines[k] as AsyncIterator<string>).next(), exited, deadline]);
      if (line.done === true) throw new Error(`worker w${k + 1} ended before reporting`);
      return line.value as string;
    } finally {
      clearTimeout(timer);
      exited.catch(() => undefined);
    }
  }
  return {
    async ready(): Promise<void> {
      await Promise.all(
        children.map(async (_, k) => {
          const line = await nextLine(k);
          if ((JSON.parse(line) as { ready?: unknown }).ready !== true)
            throw new Error(`worker w${k + 1} said ${line} before it was ready`);
        }),
      );
    },
    async work(billRunNumber: string, accountsPerTransaction: number): Promise<Worked[]> {
      for (const child of children) child.stdin.write(`${billRunNumber} ${accountsPerTransaction}\n`);
      return Promise.all(children.map(async (_, k) => JSON.parse(await nextLine(k)) as Worked));
    },
    /** Ends their input and waits for their exit: a worker still running after a minute is killed, and fails it. */
    async close(): Promise<void> {
      for (const child of children) child.stdin.end();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolve) => {
        timer = setTimeout(
          () => resolve('a worker did not exit within a minute of its input ending'),
          CLOSE_DEADLINE_MS,
        );
      });
      try {
        const failed = await Promise.race([
          Promise.all(exits).then((whys) => whys.find((why) => why !== null) ?? null),
          late,
        ]);
        if (failed !== null) {
          for (const child of children) if (child.exitCode === null) child.kill();
          throw new Error(failed);
        }
      } finally {
        clearTimeout(timer);
      }
    },
    kill(): void {
      for (const child of children) if (child.exitCode === null) child.kill();
    },
  };
}

async function benchServer(
  items: number,
  workers: readonly number[],
  accountsPerTransaction: number,
  loops: number,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  try {
    const checksum = `bench_${process.pid}_checksum`;
    try {
      await checkDocuments(pool, 'the server', checksum);
    } finally {
      await pool
        .query(`DROP SCHEMA IF EXISTS "${checksum}" CASCADE`)
        .catch((error: unknown) => console.error(`could not drop ${checksum}:`, error));
    }
    for (const w of workers) {
      const schema = `bench_${process.pid}_${w}`;
      try {
        await benchWorkers(pool, schema, items, w, accountsPerTransaction, loops);
      } finally {
        // A failing drop is reported, not thrown: it would hide the bench's own error.
        await pool
          .query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          .catch((error: unknown) => console.error(`could not drop ${schema}:`, error));
      }
    }
  } finally {
    await pool.end();
  }
}

/**
 * What the holds of the number lock were spent on, in wall-clock µs per item billed summed over the workers: each
 * kind of statement (by the tables it writes), largest first, then the workers' own time between statements.
 */
function underTheLock(outs: readonly Worked[], items: number): string {
  const by = new Map<string, number>();
  for (const o of outs)
    for (const [kind, ms] of Object.entries(o.lockByStatement)) by.set(kind, (by.get(kind) ?? 0) + ms);
  const own = outs.reduce((sum, o) => sum + o.lockHoldMs - o.lockStatementsMs, 0);
  const perItem = (ms: number) => ((ms * 1000) / items).toFixed(0);
  return [
    ...[...by].sort((a, b) => b[1] - a[1]).map(([kind, ms]) => `${kind} ${perItem(ms)}`),
    `the workers' own ${perItem(own)}`,
  ].join(', ');
}

/**
 * The server bench of W workers on a fresh schema: set-up by W processes, then the three bill runs, each worker
 * process running `loops` loops at once.
 */
async function benchWorkers(
  pool: pg.Pool,
  schema: string,
  items: number,
  w: number,
  accountsPerTransaction: number,
  loops: number,
): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await migrate(pool, { schema });
  const accounts = Math.floor(items / 3);
  const slice = Math.ceil(accounts / w);
  const t0 = performance.now();
  await inProcesses(
    Array.from({ length: w }, (_, k) => [
      'setup',
      schema,
      String(k * slice),
      String(Math.max(0, Math.min(slice, accounts - k * slice))),
    ]),
  );
  const t1 = performance.now();
  const context = serverContext(pool, schema);
  const millis: number[] = [];
  const perAccount: number[] = [];
  // Seconds: each run from its first worker's start of work to its last worker's end (not the processes' start).
  let working = 0;
  // CPU per item over the runs: the workers' processes, and the server's when it runs on this machine.
  let workersCpu = 0;
  let serverCpu: number | null = 0;
  const workers = servingWorkers(schema, w, loops);
  try {
    await workers.ready();
    for (const item of ITEMS) {
      const started = (await startBillRun(context, { targetDate: item.runDate }))._unsafeUnwrap();
      const server0 = serverCpuMicros();
      const machine0 = machineTicks();
      const outs = await workers.work(started.number, accountsPerTransaction);
      const machine1 = machineTicks();
      const server1 = serverCpuMicros();
      const idle =
        machine0 === null || machine1 === null || machine1.total === machine0.total
          ? null
          : (machine1.idle - machine0.idle) / (machine1.total - machine0.total);
      for (const o of outs) {
        millis.push(...o.millis);
        perAccount.push(...o.perAccount);
      }
      const seconds = (Math.max(...outs.map((o) => o.end)) - Math.min(...outs.map((o) => o.start))) / 1000;
      // The lock is held by one transaction at a time: the holds' sum over the window is the share it was held.
      const holds = outs.reduce((sum, o) => sum + o.lockHoldMs, 0);
      const held = holds / 1000 / seconds;
      // No holds (a run with nothing to number): none in statements either.
      const inStatements = holds === 0 ? 0 : outs.reduce((sum, o) => sum + o.lockStatementsMs, 0) / holds;
      // Each loop waits on its own: a process's waits over its window times its loops.
      const waited =
        outs.reduce((sum, o) => sum + o.lockWaitMs, 0) /
        outs.reduce((sum, o) => sum + (o.end - o.start) * o.loops, 0);
      const cpu = outs.reduce((sum, o) => sum + o.cpuMicros, 0);
      workersCpu += cpu;
      const server = server0 === null || server1 === null ? null : server1 - server0;
      serverCpu = serverCpu === null || server === null ? null : serverCpu + server;
      process.stderr.write(
        `bill run ${item.runDate}: ${(accounts / seconds).toFixed(0)} items/s, CPU per item: workers ` +
          `${(cpu / accounts).toFixed(0)} µs, server ${server === null ? 'n/a' : `${(server / accounts).toFixed(0)} µs`}; ` +
          `number lock held ${(held * 100).toFixed(0)} % of the run (${(inStatements * 100).toFixed(0)} % of it in statements), ` +
          `workers waited for it ${(waited * 100).toFixed(0)} % of their time; ` +
          `machine idle ${idle === null ? 'n/a' : `${(idle * 100).toFixed(0)} %`}\n`,
      );
      process.stderr.write(`  under the lock, µs per item: ${underTheLock(outs, accounts)}\n`);
      working += seconds;
    }
  } catch (error) {
    workers.kill();
    throw error;
  }
  await workers.close();
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".invoices`);
  if (rows[0]?.n !== accounts * 3) throw new Error(`${rows[0]?.n} invoices for ${accounts * 3} items`);
  report(
    `postgres, ${w} worker${w > 1 ? 's' : ''}${loops > 1 ? ` × ${loops} loops` : ''}`,
    accounts * 3,
    (t1 - t0) / 1000,
    working,
    { millis, perAccount },
  );
  const n = accounts * 3;
  console.log(
    `  CPU per item billed: workers ${(workersCpu / n).toFixed(0)} µs, server ` +
      `${serverCpu === null ? 'n/a (not on this machine)' : `${(serverCpu / n).toFixed(0)} µs`}`,
  );
}

export async function runStoreBench(argv: readonly string[]): Promise<void> {
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const store = option('--store');
  const items = Number(option('--items') ?? (store === 'pglite' ? 10_000 : 100_000));
  if (!Number.isSafeInteger(items) || items < 3) throw new Error('--items takes a whole number ≥ 3');
  const workers = (option('--workers') ?? '1,4').split(',').map(Number);
  if (workers.some((w) => !Number.isSafeInteger(w) || w < 1))
    throw new Error('--workers takes whole numbers ≥ 1');
  const perTransaction = Number(option('--accounts-per-transaction') ?? 50);
  if (!Number.isSafeInteger(perTransaction) || perTransaction < 1 || perTransaction > 500)
    throw new Error('--accounts-per-transaction takes a whole number from 1 to 500');
  const loops = Number(option('--loops') ?? 1);
  if (!Number.isSafeInteger(loops) || loops < 1 || loops > 16)
    throw new Error('--loops takes a whole number from 1 to 16');
  if (store === 'pglite') return benchPglite(items, argv.includes('--in-memory'));
  if (store === 'postgres') return benchServer(items, workers, perTransaction, loops);
  throw new Error('--store is pglite or postgres');
}
