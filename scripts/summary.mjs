// Prints the plain CI summary line "N passed, N failed" from the vitest JSON reports that
// every test step of `npm test` wrote (see vitest.shared.ts). "Passed" counts test runs: a test run in each
// time zone of the tz step counts once per zone. A gate that failed without a
// failing test to show for it (type check, lint, build, publint, attw, typedoc, a coverage
// threshold, a crashed vitest run) counts as one failure; skipped gates count as one too.
// Usage: node scripts/summary.mjs <reportDir> <exitCode> [gatesFile written by scripts/check.mjs]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = '.tmp/reports', rcText = '0', gatesFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;
/** Failed tests per report step ('unit', 'tz', 'consumer'), from file names `<step>[-<TZ>].json`. */
const failedByStep = new Map();
if (existsSync(dir)) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    let report;
    try {
      report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      failed += 1; // a truncated report: its run did not finish cleanly
      continue;
    }
    // A file that failed without a failed test of its own (it threw while loading: none of its tests ran) counts
    // as one failure; vitest 4's JSON report has no numRuntimeErrorTestSuites (review 113).
    const broken = (report.testResults ?? []).filter(
      (file) =>
        file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length;
    const bad = (report.numFailedTests ?? 0) + broken;
    passed += report.numPassedTests ?? 0;
    failed += bad;
    const step = file.replace(/\.json$/, '').split('-')[0];
    failedByStep.set(step, (failedByStep.get(step) ?? 0) + bad);
  }
}
if (gatesFile && existsSync(gatesFile)) {
  for (const gate of JSON.parse(readFileSync(gatesFile, 'utf8'))) {
    // A gate whose tests wrote no report counted nothing: a failure, even when it says it passed.
    if (gate.reports && !failedByStep.has(gate.reports)) {
      failed += 1;
      continue;
    }
    if (gate.status === 'passed') continue;
    if (gate.reports && (failedByStep.get(gate.reports) ?? 0) > 0) continue; // already counted by its tests
    failed += 1;
  }
}
if (Number(rcText) !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
