// `npm test` / `npm run check`: every quality gate, in order (see shared/style.md "Quality gates").
// A failing gate does not stop the run — CI wants the whole picture — except that gates which need
// the build are skipped when the build failed. Ends with a table; exits 1 if any gate failed.
// With CHECK_GATES_FILE set, writes the gate results there for scripts/summary.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `reports`: the VITEST_STEP prefix of the JSON reports the gate writes (see vitest.shared.ts). */
const gates = [
  { name: 'typecheck', script: 'typecheck' },
  { name: 'lint', script: 'lint' },
  { name: 'unit tests + coverage', script: 'test:unit', reports: 'unit' },
  { name: 'tests under several TZ', script: 'test:tz', reports: 'tz' },
  { name: 'build', script: 'build' },
  { name: 'publint --strict', command: ['publint', '--strict'], needs: 'build' },
  { name: 'attw --profile node16', command: ['attw', '--pack', '.', '--profile', 'node16'], needs: 'build' },
  { name: 'consumer smoke test', script: 'test:consumer', reports: 'consumer', needs: 'build' },
  { name: 'typedoc', script: 'docs:api' },
];

const reportDir = process.env.VITEST_JSON_DIR;
if (reportDir && existsSync(reportDir)) {
  for (const f of readdirSync(reportDir).filter((f) => f.endsWith('.json'))) rmSync(join(reportDir, f));
}

const results = [];
for (const gate of gates) {
  const blocker = gate.needs && results.find((r) => r.name === gate.needs || r.script === gate.needs);
  if (blocker && blocker.status !== 'passed') {
    results.push({ ...gate, status: 'skipped', seconds: 0 });
    continue;
  }
  console.log(`\n━━ ${gate.name}`);
  const started = performance.now();
  const [cmd, args] = gate.command
    ? ['npx', ['--no-install', ...gate.command]]
    : ['npm', ['run', gate.script]];
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const seconds = (performance.now() - started) / 1000;
  results.push({ ...gate, status: run.status === 0 ? 'passed' : 'failed', seconds });
}

console.log('\n━━ gates');
for (const r of results) console.log(`${r.status.padEnd(8)} ${r.name.padEnd(26)} ${r.seconds.toFixed(1)}s`);
const failed = results.filter((r) => r.status !== 'passed');
if (process.env.CHECK_GATES_FILE) {
  const gatesOut = results.map(({ name, status, reports }) => ({ name, status, reports: reports ?? null }));
  writeFileSync(process.env.CHECK_GATES_FILE, `${JSON.stringify(gatesOut, null, 2)}\n`);
}
console.log(failed.length === 0 ? 'all gates passed' : `${failed.length} gate(s) did not pass`);
process.exit(failed.length === 0 ? 0 : 1);
