// Runs the tests that can depend on the process time zone under several zones: the library must give the
// same answers whatever TZ the host runs in. The rest of the suite runs once, in the main vitest gate.
//
// What can depend on the process zone: only code that touches `Date`, `Intl.DateTimeFormat`, local-time
// Date methods or date-fns(-tz). Every business date is a YYYY-MM-DD string computed with the library's own
// integer calendar, which no process zone can change. In src/ that code is the files in `zoneSensitive`
// below, and the zone passes run every test that asserts on what they produce (found by tracing which tests
// reach `todayIn` and the instant codec, December 2026):
//   - the time module's tests, unit and property (the clock: todayIn at day boundaries and DST changes in
//     far zones; the calendar and service periods, which must stay zone-free);
//   - the record codecs' tests (the instant codec, the one other `Date.parse`);
//   - the worked cases whose runs take "today" from the clock rather than an explicit date: C02 (a bill run
//     with no target date), C08 and C10 (an execution without an item, credited as of today); C36 checks
//     the instants a bill run records; C01 is an end-to-end canary for everything else;
//   - test/docs/code-blocks.test.ts: the docs examples print what their pages document, with a New York
//     tenant billed at 22:00 local time and a daily bill run across the March DST change.
// The other cases, the property and model suites and the contract kit pass dates as strings and read the
// clock at fixed noon-UTC instants: they cannot see the process zone, so running them in every zone only cost
// time. Before the passes, `checkZoneSensitiveSources` keeps this list honest: a source file that starts to
// use one of those APIs fails this gate until it is added to `zoneSensitive` with the tests that cover it.
//
// Each pass runs in one worker with `--isolate=false` (one module graph for all its files): these tests
// share no mutable state, and it cuts a pass from ~9 s to ~3 s, which was mostly module import. Don't add
// test/docs/examples.test.ts: it imports the same example modules as code-blocks.test.ts, whose runs of
// them would then find them already loaded and print nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// --quick (`npm run test:tz:quick`, the quick profile of `npm test`): one far zone, a day ahead of UTC.
const zones = process.argv.includes('--quick')
  ? ['Pacific/Apia']
  : ['UTC', 'Pacific/Apia', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'America/Nuuk'];
const targets = [
  'test/unit/time',
  'test/property/time',
  'test/unit/records/records.test.ts',
  'test/cases/C01-schedule.test.ts',
  'test/cases/C02-cancel-draft.test.ts',
  'test/cases/C08-credit-after-cancel.test.ts',
  'test/cases/C10-remove-fully-processed.test.ts',
  'test/cases/C36-rest-samples.test.ts',
  'test/docs/code-blocks.test.ts',
  'test/unit/bill-run-workers.test.ts',
  'test/unit/prune-idempotency.test.ts',
];

/** Source files that may use zone-sensitive APIs, and the targets above that cover them. */
const zoneSensitive = {
  'src/time/clock.ts': 'fixedClock, todayIn (Intl): test/unit/time, test/docs/code-blocks',
  'src/ports/codec.ts': 'the instant codec (Date.parse): test/unit/records',
  'src/operations/bill-run.ts': 'todayIn for a run without a target date: C02',
  'src/operations/execute.ts': 'todayIn for the credit date of an execution without an item: C08, C10',
  'src/operations/bill-run-worker.ts':
    'lease instants (UTC arithmetic on the clock): test/unit/bill-run-workers',
  'src/domain/retention.ts':
    'the oldest `before` allowed (UTC arithmetic on the clock), written as toISOString: test/unit/prune-idempotency',
  'src/memory/store.ts':
    'idempotency records compared by createdAt (Date.parse of instants with a zone): test/unit/prune-idempotency',
};

/** Uses of the process zone, looked for in code with its comments and string literals removed. */
const SENSITIVE_CODE = [
  /\bnew\s+Date\b|(?<![\w.])Date\s*(?:\.\s*\w+|\()/, // constructing Date, Date.parse/UTC/now, Date()
  /\.(?:get|set)(?:FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)\s*\(/, // local-time fields
  /\.(?:getTimezoneOffset|toLocale\w*String|toDateString|toTimeString)\s*\(/,
  /\bIntl\s*\.\s*DateTimeFormat\b/,
  /\btodayIn\s*\(/,
];
const SENSITIVE_IMPORT = /\b(?:from|import|require)\s*\(?\s*['"]date-fns/;

function withoutCommentsAndStrings(source) {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""')
    .replace(/\/\/.*$/gm, '');
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Fails when a source file uses a zone-sensitive API but is not in `zoneSensitive`; notes stale entries. */
function checkZoneSensitiveSources() {
  const found = sourceFiles(join(root, 'src'))
    .filter((path) => {
      const source = readFileSync(path, 'utf8');
      const code = withoutCommentsAndStrings(source);
      return SENSITIVE_IMPORT.test(source) || SENSITIVE_CODE.some((re) => re.test(code));
    })
    .map((path) => relative(root, path).split('\\').join('/'));
  const unlisted = found.filter((file) => !(file in zoneSensitive));
  for (const file of Object.keys(zoneSensitive).filter((f) => !found.includes(f))) {
    console.log(
      `note: ${file} no longer uses a zone-sensitive API; drop it from zoneSensitive in scripts/tz-tests.mjs`,
    );
  }
  if (unlisted.length === 0) return true;
  console.error(
    `${unlisted.join(', ')}: uses Date, Intl.DateTimeFormat, date-fns or todayIn, so its results may depend on ` +
      'the process time zone. Add the tests that check it to `targets` and the file to `zoneSensitive` in ' +
      'scripts/tz-tests.mjs.',
  );
  return false;
}

const missing = targets.filter((target) => !existsSync(join(root, target)));
if (missing.length > 0) {
  console.error(
    `scripts/tz-tests.mjs: ${missing.join(', ')} not found; update \`targets\` (moved or renamed?)`,
  );
  process.exit(1);
}
let status = checkZoneSensitiveSources() ? 0 : 1;
for (const zone of zones) {
  console.log(`\n== TZ=${zone}`);
  const run = spawnSync('npx', ['vitest', 'run', '--isolate=false', '--maxWorkers=1', ...targets], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TZ: zone, VITEST_STEP: 'tz' },
  });
  if (run.status !== 0) status = 1;
}
process.exit(status);
