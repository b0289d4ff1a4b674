// Code shown in the docs must be code that runs, or the docs drift from the library unnoticed.
// - README.md: the quick-start block is docs/examples/quick-start.ts verbatim, and every ```ts
//   block is executed here, its documented output (`// …` lines after a console.log, see
//   ./documented-output.ts) checked.
// - docs/**/*.md: every ```ts block is a contiguous piece of some docs/examples/*.ts (which
//   test/docs/examples.test.ts executes), or says why not with `<!-- not-executed: reason -->`
//   in the two lines above its fence. Documented output of such a piece is checked by running
//   its example.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type DocumentedBlock,
  documentedBlocks,
  expectPrinted,
  runCapturingOutput,
} from './documented-output';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examplesDir = join(root, 'docs', 'examples');
// Git-ignored (.tmp/ in .gitignore) and inside the repo, so the vitest aliases that resolve
// 'invoice-schedules' to src/ apply to the written blocks as they do to the examples.
const blocksDir = join(root, '.tmp', 'doc-blocks');

interface CodeBlock {
  /** Page relative to the repo root, e.g. `docs/guides/bill-runs.md`. */
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  /** The block's text, the fence's indentation removed, ending with a newline. */
  readonly code: string;
  /** The (up to) two lines just above the opening fence. */
  readonly before: readonly string[];
}

/** Fenced blocks of a markdown page; fences may be indented (inside list items). */
function codeBlocks(path: string): CodeBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? ''); j++) {
      const line = lines[j] ?? '';
      body.push(line.slice(Math.min(indent, line.length - line.trimStart().length)));
    }
    blocks.push({
      page: relative(root, path),
      line: i + 1,
      lang: open[2] ?? '',
      code: body.map((l) => `${l}\n`).join(''),
      before: lines.slice(Math.max(0, i - 2), i),
    });
    i = j;
  }
  return blocks;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return markdownFiles(path);
      return entry.name.endsWith('.md') ? [path] : [];
    })
    .sort();
}

const isComment = (line: string): boolean => line.trim().startsWith('//');

/** The code with its `//` comments blanked out, found by the TypeScript parser (not inside strings). */
function withoutComments(code: string): string {
  const source = ts.createSourceFile('piece.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const ranges = new Map<number, number>();
  const collect = (found: readonly ts.CommentRange[] | undefined): void => {
    for (const r of found ?? [])
      if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia) ranges.set(r.pos, r.end);
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(code, node.pos));
    collect(ts.getTrailingCommentRanges(code, node.end));
    ts.forEachChild(node, visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(code, source.endOfFileToken.pos));
  let text = code;
  for (const [pos, end] of [...ranges].sort(([a], [b]) => b - a)) text = text.slice(0, pos) + text.slice(end);
  return text;
}

/** The lines that must match an example (trimmed, without blank lines and `//` comments), with their 1-based line. */
function numberedLines(code: string): { readonly text: string; readonly line: number }[] {
  return withoutComments(code)
    .split('\n')
    .map((l, i) => ({ text: l.trim(), line: i + 1 }))
    .filter((l) => l.text !== '');
}

/** The lines that must match an example: trimmed, without blank lines and `//` comments. */
function significantLines(code: string): string[] {
  return numberedLines(code).map((l) => l.text);
}

/**
 * A piece's lines as lines of the example it is part of (at its first occurrence there): a line of
 * the piece that is blank or a comment maps to none.
 */
function lineInExample(piece: string, example: string): (line: number) => number | null {
  const own = numberedLines(piece);
  const theirs = numberedLines(example);
  const start = theirs.findIndex((_, i) => own.every((l, k) => theirs[i + k]?.text === l.text));
  const map = new Map(own.map((l, k) => [l.line, theirs[start + k]?.line ?? null]));
  return (line) => (start < 0 ? null : (map.get(line) ?? null));
}

/** How many leading lines of `needle` occur as one contiguous run somewhere in `haystack`. */
function longestRun(haystack: readonly string[], needle: readonly string[]): number {
  let best = 0;
  for (let start = 0; start < haystack.length; start++) {
    let k = 0;
    while (k < needle.length && haystack[start + k] === needle[k]) k++;
    best = Math.max(best, k);
  }
  return best;
}

/** Leading `//` comment lines (and the blank lines after them) removed. */
function withoutLeadingComments(source: string): string {
  const lines = source.split('\n');
  let start = 0;
  while (start < lines.length && isComment(lines[start] ?? '')) start++;
  while (start < lines.length && (lines[start] ?? '').trim() === '') start++;
  return lines.slice(start).join('\n');
}

const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .sort()
  .map((file) => ({ file, lines: significantLines(readFileSync(join(examplesDir, file), 'utf8')) }));

const readmeBlocks = codeBlocks(join(root, 'README.md')).filter((b) => b.lang === 'ts');
const docsBlocks = markdownFiles(join(root, 'docs')).flatMap((p) =>
  codeBlocks(p).filter((b) => b.lang === 'ts'),
);

const isMarkedNotExecuted = (block: CodeBlock): boolean =>
  block.before.some((l) => /<!--\s*not-executed:\s*\S.*-->/.test(l));

const containingExamples = (block: CodeBlock): string[] => {
  const needle = significantLines(block.code);
  if (needle.length === 0) return [];
  return examples.filter((e) => longestRun(e.lines, needle) === needle.length).map((e) => e.file);
};

/** For a failure message: the example sharing the longest run with the block, and where they part. */
function nearestMiss(block: CodeBlock): string {
  const needle = significantLines(block.code);
  const [best] = examples
    .map((e) => ({ file: e.file, run: longestRun(e.lines, needle) }))
    .sort((a, b) => b.run - a.run);
  if (!best || best.run === 0) return `no example has its first line: ${needle[0] ?? '(empty block)'}`;
  return `docs/examples/${best.file} has its first ${best.run} line(s), then not: ${needle[best.run]}`;
}

const label = (b: CodeBlock): string => `${b.page}:${b.line}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('README.md', () => {
  it('shows docs/examples/quick-start.ts as its quick start, verbatim', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
    expect(section, 'README.md has a "## Quick start" section').toBeDefined();
    const block = readmeBlocks.find((b) => section?.includes(b.code));
    const example = readFileSync(join(examplesDir, 'quick-start.ts'), 'utf8');
    expect(block?.code, 'copy docs/examples/quick-start.ts (minus its leading comment) into the block').toBe(
      withoutLeadingComments(example),
    );
  });

  it.each(readmeBlocks.map((b) => [label(b), b] as const))(
    '```ts block at %s runs and prints the output it documents',
    async (_, block) => {
      // Named by content: concurrent runs (CI's unit and time-zone lanes) write identical files, and none is
      // removed while in use. Written to a file of this process's own, then renamed into place: a rewrite in
      // place empties the file first, and another lane reading it then saw it empty (review 113).
      const hash = createHash('sha256').update(block.code).digest('hex').slice(0, 16);
      const file = join(blocksDir, `README-${hash}.ts`);
      mkdirSync(blocksDir, { recursive: true });
      const own = `${file}.${process.pid}.tmp`;
      writeFileSync(own, block.code);
      renameSync(own, file);
      const output = await runCapturingOutput(pathToFileURL(file).href);
      expectPrinted(output, documentedBlocks(block.code));
    },
  );
});

describe('docs/**/*.md', () => {
  it('has ```ts blocks to check', () => {
    // Guards the discovery: the per-block tests below are generated from this list.
    expect(docsBlocks.length).toBeGreaterThan(0);
  });

  it.each(docsBlocks.map((b) => [label(b), b] as const))(
    '```ts block at %s is part of a docs example, or marked not-executed',
    (_, block) => {
      if (isMarkedNotExecuted(block)) return;
      expect(
        containingExamples(block),
        'show code copied from a docs/examples/*.ts file (same lines, in order; indentation, blank ' +
          'lines and // comments may differ), or put <!-- not-executed: reason --> just above the ' +
          `fence. Nearest: ${nearestMiss(block)}`,
      ).not.toEqual([]);
    },
  );

  // Each example whose pieces in the docs document output is run once; each piece's documented
  // lines must be what its console.log statement printed, that statement found in the example by its lines.
  // A piece the checker refuses (a comment on a console.log's line) fails its example's test below.
  const documented = new Map<
    string,
    {
      readonly at: string;
      readonly blocks: () => DocumentedBlock[];
      readonly lineOf: (line: number) => number | null;
    }[]
  >();
  for (const block of docsBlocks) {
    const file = containingExamples(block)[0];
    if (file === undefined || isMarkedNotExecuted(block)) continue;
    let blocks: () => DocumentedBlock[];
    try {
      const found = documentedBlocks(block.code);
      if (found.length === 0) continue;
      blocks = () => found;
    } catch (error) {
      blocks = () => {
        throw error;
      };
    }
    const lineOf = lineInExample(block.code, readFileSync(join(examplesDir, file), 'utf8'));
    documented.set(file, [...(documented.get(file) ?? []), { at: label(block), blocks, lineOf }]);
  }

  it.each([...documented])(
    'docs/examples/%s prints the output its docs pieces document',
    async (file, pieces) => {
      const output = await runCapturingOutput(pathToFileURL(join(examplesDir, file)).href);
      for (const piece of pieces) {
        expect(() => expectPrinted(output, piece.blocks(), piece.lineOf), piece.at).not.toThrow();
      }
    },
  );
});
