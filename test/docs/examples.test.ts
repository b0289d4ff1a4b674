// Docs examples are real programs: every docs/examples/*.ts is executed here (imported in-process,
// so coverage counts them) and must not throw, must print the output its comments document (the
// `// …` lines right after a console.log: every line that statement printed, in order, see ./documented-output.ts),
// and must be shown from some
// page of the docs, so no example rots unseen. They import 'invoice-schedules', aliased to src/ (vitest.shared.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { documentedBlocks, expectPrinted, runCapturingOutput } from './documented-output';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examplesDir = join(root, 'docs', 'examples');

const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .sort()
  : [];

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('docs/examples', () => {
  it('are discovered from docs/examples/*.ts', () => {
    // Guards the discovery itself; the per-example tests below are generated from this list.
    expect(examples.every((f) => f.endsWith('.ts'))).toBe(true);
  });

  it.each(examples)('%s runs without throwing and prints the output its comments document', async (file) => {
    const path = join(examplesDir, file);
    const output = await runCapturingOutput(pathToFileURL(path).href);
    expectPrinted(output, documentedBlocks(readFileSync(path, 'utf8')));
  });

  it.each(examples)('%s is referenced from README.md or docs/**/*.md', (file) => {
    const pages = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))].filter((p) =>
      existsSync(p),
    );
    const needle = `examples/${file}`;
    const referencing = pages.filter((p) => readFileSync(p, 'utf8').includes(needle));
    expect(
      referencing.map((p) => relative(root, p)),
      `mention docs/${needle} in README.md or a page under docs/`,
    ).not.toEqual([]);
  });
});

describe('the demo (npm run demo)', () => {
  it('answers a flag or value it does not know with what to fix and the usage, and exit code 2', () => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    for (const [args, says] of [
      [['--bogus'], "Unknown option '--bogus'"],
      [['--store', 'sqlite'], '--store is memory or pglite, not sqlite'],
      [['--until', '2023-02-30'], '--until: "2023-02-30" is not a valid business date'],
    ] as const) {
      const run = spawnSync(process.execPath, [tsx, join(examplesDir, 'demo.ts'), ...args], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(`demo: ${says}`);
      expect(run.stderr).toContain('usage: npm run demo -- [--store memory|pglite]');
      expect(run.stdout).toBe('');
    }
  }, 60_000);

  it('--help prints the usage and exits 0', () => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const run = spawnSync(process.execPath, [tsx, join(examplesDir, 'demo.ts'), '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('usage: npm run demo -- [--store memory|pglite]');
  }, 60_000);
});
