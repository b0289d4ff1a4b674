// `npm run bench -- …`: builds the benchmarks with the library as the package publishes it, then runs them with
// plain Node (bench/run.ts says what each mode measures).
//
// Why a build: tsx compiles each source file with esbuild's `keepNames`, which wraps every named function and class
// it creates at run time in a `__name(…)` call that defines the function's `name`. The published build (tsup, see
// tsup.config.ts) has no such calls. A closure made per call then costs a property definition that hosts never pay:
// in a profile of `saveNewAccount` under tsx, `__name` and the `name` property it sets took 17 % of the time
// (docs/performance-history.md, twenty-fourth session). So the bench bundles bench/run.ts and bench/store-worker.ts with
// the library's sources as tsup builds them (esbuild, target node20, no `keepNames`), the packages left as
// imports of node_modules, into node_modules/.cache/invoice-schedules-bench/, and runs that.
//
// `--source` runs bench/run.ts under tsx instead (the library compiled file by file, as before). `--compare DIR`
// always does: it loads the other checkout's sources, and both sides then run alike.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../node_modules/.cache/invoice-schedules-bench/', import.meta.url));
const args = process.argv.slice(2);
const fromSource = args.includes('--source') || args.includes('--compare');
const env = { ...process.env, BENCH_ROOT: root };

let command: string[];
if (fromSource) {
  command = ['--import', 'tsx', fileURLToPath(new URL('./run.ts', import.meta.url))];
} else {
  await build({
    // Paths from the checkout, wherever the command runs from.
    entry: { run: `${root}bench/run.ts`, 'store-worker': `${root}bench/store-worker.ts` },
    outDir: out,
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node20',
    dts: false,
    splitting: false,
    sourcemap: false,
    clean: true,
    silent: true,
    // Not tsup.config.ts (the package's entries); the tsconfig's paths resolve `invoice-schedules` to src/.
    config: false,
    tsconfig: `${root}tsconfig.json`,
    skipNodeModulesBundle: true,
  });
  command = [`${out}run.mjs`];
}
const run = spawnSync(process.execPath, [...command, ...args.filter((a) => a !== '--source')], {
  stdio: 'inherit',
  env,
  cwd: root,
});
if (run.error !== undefined) throw run.error;
process.exit(run.status ?? 1);
