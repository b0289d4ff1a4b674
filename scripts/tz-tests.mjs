// Runs the time-sensitive tests (dates, zones, service periods, worked cases) under several
// process time zones: the library must give the same answers whatever TZ the host runs in.
import { spawnSync } from 'node:child_process';

const zones = ['UTC', 'Pacific/Apia', 'America/Sao_Paulo', 'Australia/Lord_Howe'];
const targets = ['test/unit/time', 'test/cases', 'test/property/time'];
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
