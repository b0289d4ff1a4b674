// Consumer smoke test (gate 7): packs the built package as npm would publish it, installs the
// tarball into a fresh project, and uses it the ways a host app does — ESM import, CJS require,
// both in one process, and TypeScript under node16 and bundler resolution. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

let work = '';
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

/** Runs a script in the consumer project and returns what it printed as JSON. */
function node(args: readonly string[]): unknown {
  return JSON.parse(run(process.execPath, args, consumer).trim());
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
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--no-package-lock',
      join(work, info.filename),
    ],
    consumer,
  );
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

const probe = `
  const ok = lib.money('1.00', 'USD');
  const tooPrecise = lib.money('1.001', 'USD');
  const badDate = lib.parseBusinessDate('2023-02-30');
  console.log(JSON.stringify({
    exports: Object.keys(lib).sort(),
    moneyOk: ok.isOk(),
    amount: ok.isOk() ? lib.toDecimalString(ok.value) : null,
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
    const out = node(['--input-type=module', '-e', `import * as lib from 'invoice-schedules';${probe}`]);
    expect(out).toMatchObject(expected);
  });

  it('requires the CJS build with the same exports', () => {
    const esm = node(['--input-type=module', '-e', `import * as lib from 'invoice-schedules';${probe}`]) as {
      exports: string[];
    };
    const cjs = node(['-e', `const lib = require('invoice-schedules');${probe}`]) as { exports: string[] };
    expect(cjs).toMatchObject(expected);
    expect(cjs.exports.filter((k) => k !== 'default')).toEqual(esm.exports.filter((k) => k !== 'default'));
  });

  it('mixes both builds in one process (dual-package hazard): errors are recognised by `type`', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import * as esm from 'invoice-schedules';
       const cjs = createRequire(import.meta.url)('invoice-schedules');
       const fromCjs = cjs.money('1', 'XXX_NOT_A_CURRENCY');
       const a = esm.money('1.00', 'USD')._unsafeUnwrap();
       const b = cjs.money('2.00', 'USD')._unsafeUnwrap();
       const total = esm.add(a, b);
       console.log(JSON.stringify({
         recognised: fromCjs.isErr() && esm.isInvoiceSchedulesError(fromCjs.error),
         total: total.isOk() ? esm.toDecimalString(total.value) : total.error.type,
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
  const esm = (spec: string): Record<string, string> =>
    node(['--input-type=module', '-e', subpathProbe(`import * as lib from '${spec}';`)]) as Record<
      string,
      string
    >;
  const cjs = (spec: string): Record<string, string> =>
    node(['-e', subpathProbe(`const lib = require('${spec}');`)]) as Record<string, string>;

  it('invoice-schedules/memory loads from ESM and CJS without optional peers', () => {
    for (const lib of [esm('invoice-schedules/memory'), cjs('invoice-schedules/memory')]) {
      expect(lib).toMatchObject({ createMemoryStore: 'function', createSequentialIds: 'function' });
    }
  });

  it('invoice-schedules/testing loads from ESM and CJS once its optional peer fast-check is installed', () => {
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', 'fast-check@4'],
      consumer,
    );
    for (const lib of [esm('invoice-schedules/testing'), cjs('invoice-schedules/testing')]) {
      expect(lib).toMatchObject({
        buildAccount: 'function',
        arbAmount: 'function',
        describeRepositoryContract: 'function',
      });
    }
  });
});

describe('a TypeScript consumer', () => {
  const source = `
    import { money, toDecimalString, type Money, type InvoiceSchedulesError } from 'invoice-schedules';
    import { createMemoryStore } from 'invoice-schedules/memory';
    export const makeStore: typeof createMemoryStore = createMemoryStore;
    const m = money('1.00', 'USD');
    export const text: string = m.isOk() ? toDecimalString(m.value) : m.error.message;
    export const kept: Money | InvoiceSchedulesError = m.isOk() ? m.value : m.error;
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
});
