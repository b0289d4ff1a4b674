// Consumer smoke test (gate 7): packs the built package as npm would publish it, installs the
// tarball into a fresh project, and uses it the ways a host app does — ESM import, CJS require,
// both in one process, and TypeScript under node16 and bundler resolution; also that `npm ci` accepts
// the committed lockfile. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectApi } from '../../scripts/api-report.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

let work = '';
let tarball = '';
/** The host project: the tarball and its dependencies only, never the optional peer fast-check. */
let consumer = '';
let packedFiles: string[] = [];

function run(cmd: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

let withFastCheck = '';
/** The consumer project with the optional peer fast-check installed (once, on first use). */
function installedWithPeer(): string {
  if (withFastCheck === '') withFastCheck = installConsumer('consumer-with-fast-check', ['fast-check@4']);
  return withFastCheck;
}

/** Runs a script in a consumer project (by default the peer-free one) and returns what it printed as JSON. */
function node(args: readonly string[], cwd = consumer): unknown {
  return JSON.parse(run(process.execPath, args, cwd).trim());
}

/** A fresh ESM project under `work` with the packed tarball and `extra` packages installed. */
function installConsumer(name: string, extra: readonly string[] = []): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball, ...extra],
    dir,
  );
  return dir;
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'index.cjs'))) {
    throw new Error('dist/ is missing: run `npm run build` before the consumer test');
  }
  work = mkdtempSync(join(tmpdir(), 'invoice-schedules-consumer-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as {
    filename: string;
    files: { path: string }[];
  }[];
  const [info] = packed;
  if (!info) throw new Error('npm pack printed no package');
  packedFiles = info.files.map((f) => f.path);
  tarball = join(work, info.filename);
  consumer = installConsumer('consumer');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the build, docs and licence only', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining(['package.json', 'LICENSE', 'dist/index.js', 'dist/index.cjs']),
    );
    expect(packedFiles).toEqual(expect.arrayContaining(['dist/index.d.ts', 'dist/index.d.cts']));
    const unexpected = packedFiles.filter(
      (f) => !f.startsWith('dist/') && !['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md'].includes(f),
    );
    expect(unexpected).toEqual([]);
  });
});

/** The entry points a host app uses most, loaded as `lib` (the root), `core`, `money` and `time`. */
const entries = { lib: '', core: '/core', money: '/money', time: '/time' };
const esmLoad = Object.entries(entries)
  .map(([name, sub]) => `import * as ${name} from 'invoice-schedules${sub}';`)
  .join(' ');
const cjsLoad = Object.entries(entries)
  .map(([name, sub]) => `const ${name} = require('invoice-schedules${sub}');`)
  .join(' ');
const probe = `
  const ok = money.money('1.00', 'USD');
  const tooPrecise = money.money('1.001', 'USD');
  const badDate = time.parseBusinessDate('2023-02-30');
  console.log(JSON.stringify({
    exports: Object.fromEntries([['lib', lib], ['core', core], ['money', money], ['time', time]]
      .map(([name, m]) => [name, Object.keys(m).filter((k) => k !== 'default').sort()])),
    moneyOk: ok.isOk(),
    amount: ok.isOk() ? money.toDecimalString(ok.value) : null,
    tooPrecise: tooPrecise.isErr() ? tooPrecise.error.type : null,
    recognised: tooPrecise.isErr() && lib.isInvoiceSchedulesError(tooPrecise.error),
    badDate: badDate.isErr() ? badDate.error.type : null,
    errorTypes: Array.isArray(lib.ERROR_TYPES) && lib.ERROR_TYPES.includes('UnknownCurrency'),
  }));
`;
const expected = {
  moneyOk: true,
  amount: '1.00',
  tooPrecise: 'AmountTooPrecise',
  recognised: true,
  badDate: 'InvalidDate',
  errorTypes: true,
};

describe('a JavaScript consumer', () => {
  it('imports the ESM build', () => {
    const out = node(['--input-type=module', '-e', `${esmLoad}${probe}`]);
    expect(out).toMatchObject(expected);
  });

  it('requires the CJS build with the same exports', () => {
    const esm = node(['--input-type=module', '-e', `${esmLoad}${probe}`]) as { exports: unknown };
    const cjs = node(['-e', `${cjsLoad}${probe}`]) as { exports: unknown };
    expect(cjs).toMatchObject(expected);
    expect(cjs.exports).toEqual(esm.exports);
  });

  it('finds at runtime exactly the names etc/api-report.md lists as runtime, in every entry point', () => {
    // The report is generated from the sources; this checks the build publishes the same surface.
    for (const entry of collectApi(root)) {
      const listed = entry.exports.filter((e) => e.runtime).map((e) => e.name);
      const load = `import * as lib from '${entry.name}'; console.log(JSON.stringify(Object.keys(lib)));`;
      const cwd = entry.name.endsWith('/arbitraries') ? installedWithPeer() : consumer;
      const built = node(['--input-type=module', '-e', load], cwd) as string[];
      expect([...built].sort(), entry.name).toEqual([...listed].sort());
    }
  });

  it('mixes both builds in one process (dual-package hazard): errors are recognised by `type`', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import * as esm from 'invoice-schedules';
       import * as esmMoney from 'invoice-schedules/money';
       const cjsMoney = createRequire(import.meta.url)('invoice-schedules/money');
       const fromCjs = cjsMoney.money('1', 'XXX_NOT_A_CURRENCY');
       const a = esmMoney.money('1.00', 'USD')._unsafeUnwrap();
       const b = cjsMoney.money('2.00', 'USD')._unsafeUnwrap();
       const total = esmMoney.add(a, b);
       console.log(JSON.stringify({
         recognised: fromCjs.isErr() && esm.isInvoiceSchedulesError(fromCjs.error),
         total: total.isOk() ? esmMoney.toDecimalString(total.value) : total.error.type,
       }));`,
    ]);
    expect(out).toEqual({ recognised: true, total: '3.00' });
  });

  it('cannot reach files outside the exports map', () => {
    expect(() =>
      run(
        process.execPath,
        ['--input-type=module', '-e', "await import('invoice-schedules/dist/index.js')"],
        consumer,
      ),
    ).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});

describe('the subpath exports', () => {
  const subpathProbe = (load: string): string => `${load}
    console.log(JSON.stringify(Object.fromEntries(Object.entries(lib).map(([k, v]) => [k, typeof v]))));`;
  const esm = (spec: string, cwd = consumer): Record<string, string> =>
    node(['--input-type=module', '-e', subpathProbe(`import * as lib from '${spec}';`)], cwd) as Record<
      string,
      string
    >;
  const cjs = (spec: string, cwd = consumer): Record<string, string> =>
    node(['-e', subpathProbe(`const lib = require('${spec}');`)], cwd) as Record<string, string>;
  const kit = {
    buildAccount: 'function',
    buildInvoiceSchedule: 'function',
    describeRepositoryContract: 'function',
  };

  it('invoice-schedules/core, /money and /time load from ESM and CJS, without private names', () => {
    for (const load of [esm, cjs]) {
      expect(load('invoice-schedules/core')).toMatchObject({
        planBillRun: 'function',
        executeItem: 'function',
        chargeValue: 'function',
      });
      const money = load('invoice-schedules/money');
      expect(money).toMatchObject({ money: 'function', allocate: 'function', toDecimalString: 'function' });
      expect(money).not.toHaveProperty('Dec'); // the private decimal.js clone
      const time = load('invoice-schedules/time');
      expect(time).toMatchObject({ businessDate: 'function', addDays: 'function', todayIn: 'function' });
      expect(time).not.toHaveProperty('addRational'); // exact fractions stay internal
    }
  });

  it('invoice-schedules/memory loads from ESM and CJS without optional peers', () => {
    for (const lib of [esm('invoice-schedules/memory'), cjs('invoice-schedules/memory')]) {
      expect(lib).toMatchObject({ createMemoryStore: 'function', createSequentialIds: 'function' });
    }
  });

  it('invoice-schedules/postgres loads from ESM and CJS without pg or PGlite installed', () => {
    // The adapter takes the host's client object: neither driver is imported.
    for (const lib of [esm('invoice-schedules/postgres'), cjs('invoice-schedules/postgres')]) {
      expect(lib).toMatchObject({ createPostgresStore: 'function', migrate: 'function' });
    }
  });

  it('invoice-schedules/validation loads from ESM and CJS', () => {
    for (const lib of [esm('invoice-schedules/validation'), cjs('invoice-schedules/validation')]) {
      expect(lib).toMatchObject({
        parseCreateInvoiceScheduleRequest: 'function',
        CREATE_INVOICE_SCHEDULE_REQUEST_SCHEMA: 'object',
      });
    }
  });

  it('invoice-schedules/testing (contract kit, builders) loads from ESM and CJS without fast-check', () => {
    // The optional peer is absent: adapter authors need the contract kit, not property tests.
    expect(() => run(process.execPath, ['-e', "require.resolve('fast-check')"], consumer)).toThrow(
      /Cannot find module 'fast-check'/,
    );
    for (const lib of [esm('invoice-schedules/testing'), cjs('invoice-schedules/testing')]) {
      expect(lib).toMatchObject(kit);
      expect(Object.keys(lib).filter((k) => k.startsWith('arb'))).toEqual([]);
    }
  });

  it('invoice-schedules/testing/arbitraries without fast-check fails naming the missing peer', () => {
    expect(() => esm('invoice-schedules/testing/arbitraries')).toThrow(
      /ERR_MODULE_NOT_FOUND.*Cannot find package 'fast-check'/,
    );
    expect(() => cjs('invoice-schedules/testing/arbitraries')).toThrow(/Cannot find module 'fast-check'/);
  });

  it('invoice-schedules/testing/arbitraries loads from ESM and CJS once fast-check is installed', () => {
    const withPeer = installedWithPeer();
    const arbitraries = { arbAmount: 'function', arbCurrency: 'function', arbInvoiceSchedule: 'function' };
    for (const load of [esm, cjs]) {
      expect(load('invoice-schedules/testing/arbitraries', withPeer)).toMatchObject(arbitraries);
      expect(load('invoice-schedules/testing', withPeer)).toMatchObject(kit);
    }
    const sample = `console.log(JSON.stringify(fc.sample(arb.arbBusinessDate(), 5)));`;
    const dates = [
      node(
        [
          '--input-type=module',
          '-e',
          `import * as fc from 'fast-check'; import * as arb from 'invoice-schedules/testing/arbitraries'; ${sample}`,
        ],
        withPeer,
      ),
      node(
        [
          '-e',
          `const fc = require('fast-check'); const arb = require('invoice-schedules/testing/arbitraries'); ${sample}`,
        ],
        withPeer,
      ),
    ].flat();
    expect(dates).toHaveLength(10);
    for (const date of dates) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('a TypeScript consumer', () => {
  const source = `
    import { type InvoiceSchedule, type InvoiceSchedulesError } from 'invoice-schedules';
    import { type BillRunPlan, planBillRun } from 'invoice-schedules/core';
    import { money, toDecimalString, type Money } from 'invoice-schedules/money';
    import { type BusinessDate, businessDate } from 'invoice-schedules/time';
    import { createMemoryStore } from 'invoice-schedules/memory';
    import { createPostgresStore, type PostgresClient } from 'invoice-schedules/postgres';
    export const pgStore = (client: PostgresClient) => createPostgresStore(client, { schema: 'tenant_1' });
    import { buildAccount, describeRepositoryContract } from 'invoice-schedules/testing';
    export const makeStore: typeof createMemoryStore = createMemoryStore;
    export const account = buildAccount({ name: 'Typed' });
    export const contract: typeof describeRepositoryContract = describeRepositoryContract;
    const m = money('1.00', 'USD');
    export const text: string = m.isOk() ? toDecimalString(m.value) : m.error.message;
    export const kept: Money | InvoiceSchedulesError = m.isOk() ? m.value : m.error;
    const day: BusinessDate = businessDate(2023, 1, 1);
    const schedules: readonly InvoiceSchedule[] = [];
    export const plan: BillRunPlan = planBillRun(schedules, day);
  `;
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    types: [],
    lib: ['ES2022'],
    target: 'ES2022',
  };

  it.each([
    ['node16 ESM + CJS', { module: 'node16', moduleResolution: 'node16' }, ['esm.mts', 'cjs.cts']],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, ['bundler.ts']],
  ] as const)('type-checks under %s resolution', (_name, resolution, files) => {
    const dir = join(consumer, `ts-${resolution.moduleResolution}`);
    mkdirSync(dir, { recursive: true });
    for (const file of files) writeFileSync(join(dir, file), source);
    const tsconfig = { compilerOptions: { ...compilerOptions, ...resolution }, files };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    expect(() => run(process.execPath, [tsc, '-p', dir], dir)).not.toThrow();
  });

  // Readers copy the examples into projects of their own, often with stricter settings than ours: these add
  // noPropertyAccessFromIndexSignature (custom fields, CURRENCIES and process.env read with brackets; review 225).
  it('type-checks the docs examples against the package under the strictest settings', () => {
    const dir = join(work, 'ts-examples');
    mkdirSync(join(dir, 'examples', 'postgres'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', '@electric-sql'), { recursive: true });
    // The package and its dependencies as installed in the consumer; the examples' other imports (pg, pg-boss,
    // PGlite, Node's types) from the repository's own install.
    for (const name of ['invoice-schedules', 'decimal.js', 'neverthrow'])
      symlinkSync(join(consumer, 'node_modules', name), join(dir, 'node_modules', name));
    for (const name of ['pg', 'pg-boss', '@types', '@electric-sql/pglite'])
      symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
    for (const sub of ['', 'postgres']) {
      const from = join(root, 'docs', 'examples', sub);
      for (const file of readdirSync(from).filter((f) => f.endsWith('.ts')))
        copyFileSync(join(from, file), join(dir, 'examples', sub, file));
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    const tsconfig = {
      compilerOptions: {
        ...compilerOptions,
        module: 'node16',
        moduleResolution: 'node16',
        noPropertyAccessFromIndexSignature: true,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        // PGlite's own declarations need DOM and Emscripten types; the package's are checked above without it.
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['examples/**/*.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    expect(() => run(process.execPath, [tsc, '-p', dir], dir)).not.toThrow();
  });
});

describe('the committed lockfile', () => {
  it('is accepted by `npm ci --dry-run` in a copy holding only package.json and package-lock.json', () => {
    // A copy, so the dry run cannot touch the working node_modules. `npm ci` refuses a lockfile
    // out of step with package.json, which a plain `npm install` would silently rewrite.
    const dir = join(work, 'lockfile');
    mkdirSync(dir);
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(dir, file));
    const args = ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'];
    expect(() => run('npm', args, dir)).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['package-lock.json', 'package.json']);
  });
});
