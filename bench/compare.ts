// `npm run bench -- --compare DIR [--items N] [--rounds R]`: this checkout's library against another
// checkout's (DIR: a `git worktree` of an earlier commit, say, with its own copy of node_modules), both loaded
// from their sources into this one process, the issue-11 workload run on each in turn. Separate processes on this
// shared machine differ by a quarter from one command to the next; here both sides share the process, its heap
// settings and the machine's load of the same minute (docs/performance-history.md gives its calibration: about a tenth
// resolves at 10,000 items). The runs alternate in the order A B, B A, A B, … (each side first as often with an
// even number of rounds), a full collection before each; one warm-up run of each side is not counted. Before
// anything is timed, both sides must bill the fixed 300-item workload to the same invoices (the bench's invoice
// checksum: numbers, accounts, dates, amounts, and each line's charge, amount and period). Prints, per side, the
// medians of the bill runs' CPU (the process's: every thread, the collector's too) and wall time per item and of
// set-up's, then the ratios this / other: of the medians, and the median of each round's own ratio.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { billAll, LIBRARY, type Library, newContext, relay, setUp, workloadChecksum } from './items.ts';

/** The library of the checkout at `dir`, loaded from its sources (tsx compiles them as this one's). */
async function loadLibrary(dir: string): Promise<Library> {
  const root = resolve(dir);
  const load = (path: string) => import(pathToFileURL(join(root, path)).href);
  const main = await load('src/index.ts');
  const memory = await load('src/memory/index.ts');
  return {
    saveNewAccount: main.saveNewAccount,
    saveNewOrder: main.saveNewOrder,
    activateSavedOrder: main.activateSavedOrder,
    createInvoiceSchedule: main.createInvoiceSchedule,
    runBillRun: main.runBillRun,
    fixedClock: main.fixedClock,
    DEFAULT_TENANT_SETTINGS: main.DEFAULT_TENANT_SETTINGS,
    createMemoryStore: memory.createMemoryStore,
    createSequentialIds: memory.createSequentialIds,
  };
}

/** Microseconds per item of one run: set-up and bill runs, CPU and wall. */
interface Run {
  readonly setUpCpu: number;
  readonly setUpWall: number;
  readonly billCpu: number;
  readonly billWall: number;
}

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

async function measure(lib: Library, accounts: number, gc: () => void): Promise<Run> {
  gc();
  const { context, store } = newContext(lib);
  const items = accounts * 3;
  let cpu = process.cpuUsage();
  let wall = performance.now();
  await setUp(context, accounts, () => relay(store), 0, lib);
  relay(store);
  const setUpCpu = cpuMicros(cpu) / items;
  const setUpWall = ((performance.now() - wall) * 1000) / items;
  cpu = process.cpuUsage();
  wall = performance.now();
  await billAll(context, () => relay(store), lib);
  return {
    setUpCpu,
    setUpWall,
    billCpu: cpuMicros(cpu) / items,
    billWall: ((performance.now() - wall) * 1000) / items,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function option(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} takes a whole number ≥ 1`);
  return value;
}

export async function runCompare(argv: readonly string[]): Promise<void> {
  const dir = argv[argv.indexOf('--compare') + 1];
  if (dir === undefined || dir.startsWith('--'))
    throw new Error('--compare takes the other checkout’s folder');
  const accounts = Math.max(1, Math.floor(option(argv, '--items', 10_000) / 3));
  const rounds = option(argv, '--rounds', 6);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const other = await loadLibrary(dir);
  const [here, there] = [await workloadChecksum(LIBRARY), await workloadChecksum(other)];
  if (here !== there)
    throw new Error(`the two sides bill different documents: ${here} here, ${there} in ${dir}`);
  console.log(`300-item workload: the same documents on both sides (${here.slice(0, 12)}…)`);
  const warm = Math.min(accounts, 1000);
  await measure(LIBRARY, warm, gc);
  await measure(other, warm, gc);
  const runs = { this: [] as Run[], other: [] as Run[] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['this', 'other'] as const) : (['other', 'this'] as const);
    for (const side of order) {
      const run = await measure(side === 'this' ? LIBRARY : other, accounts, gc);
      runs[side].push(run);
      process.stderr.write(
        `round ${r + 1} ${side}: bill runs ${run.billCpu.toFixed(0)} µs CPU, ${run.billWall.toFixed(0)} µs wall per item; set-up ${run.setUpCpu.toFixed(0)} µs CPU\n`,
      );
    }
  }
  const fields = ['billCpu', 'billWall', 'setUpCpu', 'setUpWall'] as const;
  const labels = {
    billCpu: 'bill runs, CPU',
    billWall: 'bill runs, wall',
    setUpCpu: 'set-up, CPU',
    setUpWall: 'set-up, wall',
  };
  console.log(
    `${accounts * 3} items, ${rounds} rounds; µs per item, medians (this / other = ratio; rounds' own ratios: median, range)`,
  );
  for (const f of fields) {
    const a = median(runs.this.map((r) => r[f]));
    const b = median(runs.other.map((r) => r[f]));
    const own = runs.this.map((r, k) => r[f] / (runs.other[k] as Run)[f]);
    console.log(
      `${labels[f]}: ${a.toFixed(0)} / ${b.toFixed(0)} = ${(a / b).toFixed(3)}; rounds ${median(own).toFixed(3)}, ${Math.min(...own).toFixed(3)}–${Math.max(...own).toFixed(3)}`,
    );
  }
}
