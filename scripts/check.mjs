// `npm test` / `npm run check`: the quality gates (see shared/style.md "Quality gates").
// A failing gate does not stop the run — CI wants the whole picture — except that gates which need
// the build are skipped when the build failed. Ends with a table; exits 1 if any gate failed.
// With CHECK_GATES_FILE set, writes the gate results there for scripts/summary.mjs.
//
// Two profiles. The quick one (a developer's `npm test`): typecheck, lint, every vitest test once, one
// time-zone pass over the zone-sensitive tests and the build — what catches a broken behaviour, type or
// bundle. The full one (CI, which sets CI=true; or CHECK_FULL=1) runs the slow gates as well: the tests
// with v8 coverage and its thresholds instead of the plain run, all five time-zone passes, publint, attw,
// the consumer smoke test (the packed tarball installed and imported), typedoc, the bench regression guard
// and the life-cycle model at depth.
//
// The gates run in lanes, one gate after another within a lane and the lanes side by side: the unit tests
// next to the static checks and the packaging chain, which are mostly single-threaded tsc/tsup/npm and
// never touch what the tests read (src/, test/, docs/; only the build writes, to dist/, and only its own
// lane reads dist/). The unit gate prints as it runs; the others' output is held and printed whole when
// each finishes, so no two gates' lines interleave.
// CHECK_SERIAL=1 runs the gates one by one in the order below, all printing as they run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const full = process.env.CI === 'true' || process.env.CHECK_FULL === '1';

/**
 * `reports`: the VITEST_STEP prefix of the JSON reports the gate writes (see vitest.shared.ts).
 * `lane`: gates of a lane run in this order, one at a time; lanes run at the same time.
 * `needs`: a gate (by name or script) that must have passed first; it is skipped otherwise.
 * `only`: 'full' for the gates of the full profile alone.
 */
const allGates = [
  { name: 'typecheck', script: 'typecheck', lane: 'static' },
  { name: 'lint', script: 'lint', lane: 'static' },
  full
    ? { name: 'unit tests + coverage', script: 'test:unit', reports: 'unit', lane: 'unit' }
    : { name: 'unit tests', script: 'test:unit:fast', reports: 'unit', lane: 'unit' },
  {
    name: full ? 'tests under several TZ' : 'tests under another TZ',
    script: full ? 'test:tz' : 'test:tz:quick',
    reports: 'tz',
    lane: 'static',
  },
  { name: 'build', script: 'build', lane: 'package' },
  {
    name: 'publint --strict',
    command: ['publint', '--strict'],
    needs: 'build',
    lane: 'package',
    only: 'full',
  },
  {
    name: 'attw --profile node16',
    command: ['attw', '--pack', '.', '--profile', 'node16'],
    needs: 'build',
    lane: 'package',
    only: 'full',
  },
  {
    name: 'consumer smoke test',
    script: 'test:consumer',
    reports: 'consumer',
    needs: 'build',
    lane: 'package',
    only: 'full',
  },
  { name: 'typedoc', script: 'docs:api', lane: 'static', only: 'full' },
  // Issue 11: the documents of a fixed workload match the committed checksum, and the cost per item of a
  // 10k-item run stays within 2x of a 1k-item run's (a ratio measured in one process, not a timing).
  { name: 'bench regression guard', script: 'bench:guard', lane: 'static', only: 'full' },
  // The life-cycle model at depth: 1,500 runs under fixed seeds, where the unit gate runs 60, and the targeted sequences
  // 1,000 where it runs 100 (scripts/model-deep.mjs).
  {
    name: 'life-cycle model at depth',
    script: 'test:model:deep',
    reports: 'model',
    lane: 'static',
    only: 'full',
  },
];
const gates = allGates.filter((g) => full || g.only !== 'full');
/** The lane whose gates print as they run; the other lanes' output waits for it to be quiet. */
const LIVE_LANE = 'unit';
const serial = process.env.CHECK_SERIAL === '1';

const reportDir = process.env.VITEST_JSON_DIR;
if (reportDir && existsSync(reportDir)) {
  for (const f of readdirSync(reportDir).filter((f) => f.endsWith('.json'))) rmSync(join(reportDir, f));
}

// Held output from the other lanes is written only while no live gate is printing.
let livePrinting = 0;
const held = [];
function print(text) {
  if (livePrinting > 0) held.push(text);
  else process.stdout.write(text);
}
function flushHeld() {
  if (livePrinting === 0) for (const text of held.splice(0)) process.stdout.write(text);
}

/** Runs one gate; resolves to its exit status. */
function run(gate, live) {
  const [cmd, args] = gate.command
    ? ['npx', ['--no-install', ...gate.command]]
    : ['npm', ['run', gate.script]];
  if (live) {
    livePrinting += 1;
    process.stdout.write(`\n━━ ${gate.name}\n`);
    return new Promise((resolve) => {
      const child = spawn(cmd, args, { stdio: 'inherit', env: process.env });
      child.on('error', () => resolve(1));
      child.on('close', (code) => {
        livePrinting -= 1;
        flushHeld();
        resolve(code ?? 1);
      });
    });
  }
  // Held output loses the terminal, so keep the colours the tools would have used on it.
  const colour = process.stdout.isTTY && !process.env.NO_COLOR && !process.env.FORCE_COLOR;
  const env = colour ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    const done = (code) => {
      print(`\n━━ ${gate.name}\n${Buffer.concat(chunks).toString()}`);
      resolve(code);
    };
    child.on('error', (e) => {
      chunks.push(Buffer.from(`${e.message}\n`));
      done(1);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

const started = performance.now();
const results = new Map();
/** Each gate's result, for the gates that need it (Node 20: no Promise.withResolvers). */
const finished = new Map();
for (const g of gates) {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  finished.set(g, { promise, resolve });
}

async function runLane(laneGates) {
  for (const gate of laneGates) {
    const needed = gate.needs && gates.find((g) => g.name === gate.needs || g.script === gate.needs);
    const blocker = needed && (await finished.get(needed).promise);
    if (blocker && blocker.status !== 'passed') {
      results.set(gate, { ...gate, status: 'skipped', seconds: 0 });
    } else {
      const t0 = performance.now();
      const code = await run(gate, serial || gate.lane === LIVE_LANE);
      const seconds = (performance.now() - t0) / 1000;
      results.set(gate, { ...gate, status: code === 0 ? 'passed' : 'failed', seconds });
    }
    finished.get(gate).resolve(results.get(gate));
  }
}

const lanes = serial
  ? [gates]
  : [...new Set(gates.map((g) => g.lane))].map((l) => gates.filter((g) => g.lane === l));
await Promise.all(lanes.map(runLane));
const total = (performance.now() - started) / 1000;

const ordered = gates.map((g) => results.get(g));
console.log('\n━━ gates');
for (const r of ordered) console.log(`${r.status.padEnd(8)} ${r.name.padEnd(26)} ${r.seconds.toFixed(1)}s`);
console.log(
  `${''.padEnd(8)} ${(serial ? 'total' : 'total (lanes in parallel)').padEnd(26)} ${total.toFixed(1)}s`,
);
const failed = ordered.filter((r) => r.status !== 'passed');
if (process.env.CHECK_GATES_FILE) {
  const gatesOut = ordered.map(({ name, status, reports }) => ({ name, status, reports: reports ?? null }));
  writeFileSync(process.env.CHECK_GATES_FILE, `${JSON.stringify(gatesOut, null, 2)}\n`);
}
console.log(
  `${failed.length === 0 ? 'all gates passed' : `${failed.length} gate(s) did not pass`} (${full ? 'full profile' : 'quick profile; CHECK_FULL=1 for the slow gates CI runs'})`,
);
process.exit(failed.length === 0 ? 0 : 1);
