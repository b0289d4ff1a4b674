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
 * Lets tests and docs examples import the package by its public name, resolved to the source:
 * 'invoice-schedules' → src/index.ts, 'invoice-schedules/<sub>' → src/<sub>/index.ts.
 * Mirrors `paths` in tsconfig.json (which tsc and tsx read); keep the two in step.
 */
export const selfAliases: Aliases = [
  { find: /^invoice-schedules$/, replacement: `${src}index.ts` },
  { find: /^invoice-schedules\/(.+)$/, replacement: `${src}$1/index.ts` },
];
