// `npm run simulate -- --sequences 10000 [--seed N] [--steps N] [--resumable-bill-runs]`: the long campaign of the
// deterministic fault simulation (test/model/simulation.ts; `npm test` runs a small fixed-seed sample of it).
// Prints `sequences N, operations N, faults injected N, retries N, violations N`, then the first counterexample
// if any, and exits 1 on any violation. Sequence i is generated from seed + i: `--sequences 1 --seed <that>`
// replays one alone; `--replay <file>` runs the sequence a shrunk counterexample printed (its JSON) and prints its
// trace.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  formatCampaign,
  formatShrunk,
  runCampaign,
  runSequence,
  type Sequence,
  shrinkCounterexample,
} from '../test/model/simulation.ts';

const USAGE =
  'usage: npm run simulate -- --sequences N [--seed N] [--steps N] [--resumable-bill-runs] [--shrink-seconds N] [--quiet] | --replay FILE';

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    sequences: { type: 'string' },
    seed: { type: 'string' },
    steps: { type: 'string' },
    'resumable-bill-runs': { type: 'boolean' },
    'shrink-seconds': { type: 'string' },
    quiet: { type: 'boolean' },
    replay: { type: 'string' },
  },
  strict: true,
});

const sequences = wholeNumber('sequences', values.sequences, 1000, 1);
const seed = wholeNumber('seed', values.seed, 20_261_210, -(2 ** 31));
const maxSteps = wholeNumber('steps', values.steps, 24, 1);
const shrinkSeconds = wholeNumber('shrink-seconds', values['shrink-seconds'], 120, 0);
// Absent: the default of simulation.ts (RESUMABLE_BILL_RUNS).
const resumable = values['resumable-bill-runs'] ? { resumableBillRuns: true } : {};
if (values.replay !== undefined) {
  const sequence = JSON.parse(readFileSync(values.replay, 'utf8')) as Sequence;
  const replayed = await runSequence(sequence, resumable);
  console.log(replayed.trace.join('\n'));
  const found = replayed.violation ?? replayed.pending;
  console.log(
    found ? `${replayed.violation ? 'violation' : 'pending'}: ${found.kind}: ${found.message}` : 'no finding',
  );
  process.exit(replayed.violation ? 1 : 0);
}

const started = Date.now();
const report = await runCampaign({
  sequences,
  seed,
  maxSteps,
  ...resumable,
  onSequence: (i) => {
    if (!values.quiet && (i + 1) % 500 === 0 && i + 1 < sequences)
      console.error(`… ${i + 1} / ${sequences} sequences (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  },
});
console.log(formatCampaign(report));
console.log(`seed ${seed}, wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (report.firstCounterexample && shrinkSeconds > 0) {
  const shrunk = await shrinkCounterexample(report.firstCounterexample, {
    maxSteps,
    ...resumable,
    timeLimitMs: shrinkSeconds * 1000,
  });
  console.log(shrunk ? formatShrunk(shrunk) : 'the first counterexample did not reproduce when shrinking');
}
process.exitCode = report.violations > 0 ? 1 : 0;
