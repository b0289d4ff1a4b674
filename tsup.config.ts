import { defineConfig, type Options } from 'tsup';

/**
 * Builds only src/ (through tsconfig.build.json): ESM `.js` + `.d.ts` and CJS `.cjs` + `.d.cts`,
 * as the `exports` map in package.json expects.
 *
 * Subpath entries: a published subpath is listed in five places at once, which
 * test/unit/api-report.test.ts checks agree:
 *   1. here:            `'memory/index': 'src/memory/index.ts'` (the key is the path under dist/)
 *   2. package.json:    `"./memory": { "import": { "types": "./dist/memory/index.d.ts", "default": "./dist/memory/index.js" },
 *                                       "require": { "types": "./dist/memory/index.d.cts", "default": "./dist/memory/index.cjs" } }`
 *   3. typedoc.json `entryPoints` and tsconfig.build.json `files` (typedoc and the d.ts build only see
 *      the files reachable from those);
 *   4. tsconfig.json `paths` and vitest.shared.ts `selfAliases` (tests and docs examples import the
 *      subpath by its public name, resolved to the same source file);
 *   5. etc/api-report.md (`npm run api:report`); test/package/consumer.test.ts then imports the subpath.
 * tsup splits code shared between entries into chunks, so the subpaths reuse the core instead of copying it.
 */
const options: Options = {
  entry: {
    index: 'src/index.ts',
    // The pure engine (advanced), and the money and time toolkits: their published surfaces are
    // public.ts, as their index.ts barrels also hold names private to the package.
    'core/index': 'src/core/index.ts',
    'money/index': 'src/money/public.ts',
    'time/index': 'src/time/public.ts',
    'memory/index': 'src/memory/index.ts',
    'postgres/index': 'src/postgres/index.ts',
    'validation/index': 'src/validation.ts',
    'testing/index': 'src/testing/index.ts',
    // Its own entry so that 'testing' never loads fast-check (an optional peer of this subpath only).
    'testing/arbitraries/index': 'src/testing/arbitraries/index.ts',
  },
  tsconfig: 'tsconfig.build.json',
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
};

export default defineConfig(options);
