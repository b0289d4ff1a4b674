// docs/concepts/money.md: the library neither changes nor depends on the host's global decimal.js settings. Its
// clone copied every option it was not given from the global constructor when the library loaded, so a host that
// set `minE: -3, maxE: 24` before importing it read CLF 0.0001 as 0, UYW 0.0005 as 0.0000, refused a 26-digit USD
// amount and every small ratio (review 119). The global setting is per process: the host runs in one of its own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('a host that configures decimal.js before importing the library', () => {
  it('minE / maxE set globally first change none of its amounts', () => {
    const run = spawnSync(
      process.execPath,
      [
        `${root}node_modules/tsx/dist/cli.mjs`,
        fileURLToPath(new URL('./fixtures/host-config-first.ts', import.meta.url)),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      globalMinE: -3,
      clf: '0.0001',
      uyw: '0.0005',
      big: '12345678901234567890123456.00',
      shares: ['25.00', '75.00'],
    });
  }, 60_000);
});
