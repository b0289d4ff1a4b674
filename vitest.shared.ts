import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

type Reporters = NonNullable<NonNullable<ViteUserConfig['test']>['reporters']>;
type Aliases = { find: RegExp; replacement: string }[];

const src = fileURLToPath(new URL('./src/', import.meta.url));

/**
 * Reporters for every vitest step of `npm test`: the default console reporter, plus a JSON
 * report per step when VITEST_JSON_DIR is set (CI sums them into "N passed, N failed").
 * Each step (and each TZ of the tz step) writes its own file so no report overwrites another.
 */
export function reporters(step: string): Reporters {
  const dir = process.env.VITEST_JSON_DIR;
  if (!dir) return ['default'];
  const tz = process.env.TZ ? `-${process.env.TZ.replace(/\W+/g, '_')}` : '';
  return ['default', ['json', { outputFile: `${dir}/${step}${tz}.json` }]];
}

/**
 * The published entry points: each public import name and the source file it is built from (the
 * `entry` of tsup.config.ts). Mirrors `exports` in package.json and `paths` in tsconfig.json (which
 * tsc and tsx read); test/unit/api-report.test.ts checks that they agree.
 */
export const entryPoints: Readonly<Record<string, string>> = {
  'invoice-schedules': 'index.ts',
  'invoice-schedules/core': 'core/index.ts',
  'invoice-schedules/money': 'money/public.ts',
  'invoice-schedules/time': 'time/public.ts',
  'invoice-schedules/memory': 'memory/index.ts',
  'invoice-schedules/postgres': 'postgres/index.ts',
  'invoice-schedules/validation': 'validation.ts',
  'invoice-schedules/testing': 'testing/index.ts',
  'invoice-schedules/testing/arbitraries': 'testing/arbitraries/index.ts',
};

/**
 * Lets tests and docs examples import the package by its public names, resolved to the source:
 * only the published entry points, so code that passes here also resolves for a consumer.
 */
export const selfAliases: Aliases = Object.entries(entryPoints).map(([name, file]) => ({
  find: new RegExp(`^${name}$`),
  replacement: `${src}${file}`,
}));
