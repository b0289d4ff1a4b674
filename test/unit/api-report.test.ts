// The public surface is pinned: etc/api-report.md lists every name of every entry point, and is
// reviewed in diffs like code. Also checks what the report cannot show: the curated root's names each
// carry a typedoc category, the operations an example, and the places that list the entry points agree.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  categoryOrder,
  collectApi,
  entryPoints,
  REPORT_PATH,
  renderApiReport,
} from '../../scripts/api-report.mjs';
import tsup from '../../tsup.config.ts';
import { entryPoints as aliasedEntryPoints } from '../../vitest.shared.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(root, file), 'utf8'));
const api = collectApi(root);
const rootEntry = api.find((e) => e.name === 'invoice-schedules');

describe(REPORT_PATH, () => {
  it('is what `npm run api:report` generates from the entry points', () => {
    const file = join(root, REPORT_PATH);
    const message = `${REPORT_PATH} is stale: run \`npm run api:report\` and review the diff`;
    expect(existsSync(file), message).toBe(true);
    expect(readFileSync(file, 'utf8'), message).toBe(renderApiReport(api, categoryOrder(root)));
  });

  it('lists each name under one entry point only', () => {
    const homes = new Map<string, string[]>();
    for (const entry of api) {
      for (const { name } of entry.exports) homes.set(name, [...(homes.get(name) ?? []), entry.name]);
    }
    const twice = [...homes].filter(([, entries]) => entries.length > 1).map(([name, e]) => `${name}: ${e}`);
    expect(twice, 'export each name from the entry point where hosts look for it').toEqual([]);
  });
});

describe('the root entry point', () => {
  it('gives every name a typedoc @category', () => {
    const missing = rootEntry?.exports.filter((e) => e.category === null).map((e) => e.name);
    expect(missing, 'add `@category <Operations|Inputs|Errors|…>` to its doc comment').toEqual([]);
  });

  it('shows an @example of every operation', () => {
    const operations = rootEntry?.exports.filter((e) => e.category === 'Operations') ?? [];
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((e) => !e.hasExample).map((e) => e.name)).toEqual([]);
  });
});

describe('the published entry points', () => {
  const entries = entryPoints(root);
  const subpath = (name: string): string => name.replace(/^invoice-schedules\/?/, '');

  it('are built by tsup from their source files, to the dist/ paths package.json names', () => {
    const exportsMap = readJson('package.json').exports as Record<string, unknown>;
    const tsupEntries = (tsup as { entry: Record<string, string> }).entry;
    const built = Object.fromEntries(
      entries.map((e) => [subpath(e.name) === '' ? 'index' : `${subpath(e.name)}/index`, e.source]),
    );
    expect(tsupEntries).toEqual(built);
    for (const e of entries) {
      const out = `./dist/${subpath(e.name) === '' ? '' : `${subpath(e.name)}/`}index`;
      expect(exportsMap[subpath(e.name) === '' ? '.' : `./${subpath(e.name)}`]).toEqual({
        import: { types: `${out}.d.ts`, default: `${out}.js` },
        require: { types: `${out}.d.cts`, default: `${out}.cjs` },
      });
    }
  });

  it('are documented by typedoc and declared by the d.ts build', () => {
    const sources = entries.map((e) => e.source).sort();
    expect([...(readJson('typedoc.json').entryPoints as string[])].sort()).toEqual(sources);
    expect([...(readJson('tsconfig.build.json').files as string[])].sort()).toEqual(sources);
  });

  it('resolve in tests and docs examples (vitest aliases) to the same source files', () => {
    expect(aliasedEntryPoints).toEqual(
      Object.fromEntries(entries.map((e) => [e.name, e.source.replace(/^src\//, '')])),
    );
  });
});
