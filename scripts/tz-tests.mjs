// Runs the tests that can depend on the process time zone under several zones: the library must give the
// same answers whatever TZ the host runs in. Only src/time/clock.ts turns an instant into a business date
// (date-fns-tz, Intl); every other date is a YYYY-MM-DD string with the library's own calendar, which no
// process zone can change. So the zone passes run the time module's tests (unit and property) and every
// test that takes "today" from a clock instead of an explicit date (C02, C36, create validation), plus one
// end-to-end case (C01) as a canary; the rest of the suite runs once, in the main vitest gate.
import { spawnSync } from 'node:child_process';

const zones = ['UTC', 'Pacific/Apia', 'America/Sao_Paulo', 'Australia/Lord_Howe'];
const targets = [
  'test/unit/time',
  'test/property/time',
  'test/cases/C01-schedule.test.ts',
  'test/cases/C02-cancel-draft.test.ts',
  'test/cases/C36-rest-samples.test.ts',
  'test/unit/schedule/create-validation.test.ts',
];
let status = 0;
for (const zone of zones) {
  console.log(`\n== TZ=${zone}`);
  const run = spawnSync('npx', ['vitest', 'run', '--passWithNoTests', ...targets], {
    stdio: 'inherit',
    env: { ...process.env, TZ: zone, VITEST_STEP: 'tz' },
  });
  if (run.status !== 0) status = 1;
}
process.exit(status);
