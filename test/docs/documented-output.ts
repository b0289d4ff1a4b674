// The output a piece of example code documents, and the check that it was printed. Shared by
// test/docs/examples.test.ts (each docs/examples/*.ts file) and test/docs/code-blocks.test.ts (the
// README's blocks and the docs' pieces of examples).
import { format } from 'node:util';
import ts from 'typescript';
import { expect, vi } from 'vitest';

const isComment = (line: string): boolean => line.trim().startsWith('//');
/** A line that only closes brackets (`}`, `});`, `]`): the end of the loop or block around a console.log. */
const isCloser = (line: string): boolean => /^\s*[}\])]+[;,)]*\s*$/.test(line);
/** `// #region name` / `// #endregion name`: markers for the docs, not output. */
const isRegionMarker = (line: string): boolean => /^\s*\/\/\s*#(end)?region\b/.test(line);

const isConsoleLog = (node: ts.Node): node is ts.CallExpression =>
  ts.isCallExpression(node) &&
  ts.isPropertyAccessExpression(node.expression) &&
  ts.isIdentifier(node.expression.expression) &&
  node.expression.expression.text === 'console' &&
  node.expression.name.text === 'log';

const isStatement = (node: ts.Node): boolean =>
  (node.kind >= ts.SyntaxKind.FirstStatement && node.kind <= ts.SyntaxKind.LastStatement) ||
  ts.isFunctionDeclaration(node) ||
  ts.isClassDeclaration(node);

/** The statement a console.log call is part of: for `for (…) console.log(…)`, the loop's body. */
function statementOf(node: ts.Node): ts.Node {
  let at: ts.Node = node;
  while (!isStatement(at) && at.parent !== undefined) at = at.parent;
  return at;
}

/** The output documented after one console.log statement, and where that statement is (for messages). */
export interface DocumentedBlock {
  /** 1-based line of the console.log call. */
  readonly line: number;
  /** The documented lines, each without its `// `. */
  readonly lines: readonly string[];
}

/**
 * The output code documents, one block per console.log statement that documents any: the `// …`
 * lines right after the statement (no blank line between; for a console.log inside a loop or
 * block, right after the lines that close it), each without its `// `, in source order. A comment
 * that explains rather than shows output is set apart by a blank line, or goes above the call.
 *
 * The statements are found with the TypeScript parser, so parentheses in strings and templates do
 * not matter. A `//` comment on the same line after a console.log statement is refused (it throws):
 * it would be ambiguous whether it shows output or explains, so output goes below the call and
 * explanations above it.
 */
export function documentedBlocks(code: string): DocumentedBlock[] {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const ends = new Map<number, number>(); // statement end → line of its first console.log
  const visit = (node: ts.Node): void => {
    if (isConsoleLog(node)) {
      const end = statementOf(node).getEnd();
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      if (!ends.has(end)) ends.set(end, line);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const lines = code.split('\n');
  const blocks: DocumentedBlock[] = [];
  for (const [end, line] of [...ends].sort(([a], [b]) => a - b)) {
    const trailing = ts.getTrailingCommentRanges(code, end) ?? [];
    if (trailing.length > 0) {
      const comment = code.slice(trailing[0]?.pos, trailing[0]?.end);
      throw new Error(
        `line ${line}: a comment on the line of a console.log statement (${comment}): put the output it ` +
          'shows on the lines below the call, or an explanation on the line above it',
      );
    }
    let k = source.getLineAndCharacterOfPosition(end).line + 1;
    while (k < lines.length && isCloser(lines[k] ?? '')) k++;
    const documented: string[] = [];
    for (; k < lines.length && isComment(lines[k] ?? '') && !isRegionMarker(lines[k] ?? ''); k++) {
      documented.push((lines[k] ?? '').trim().replace(/^\/\/ ?/, ''));
    }
    if (documented.length > 0) blocks.push({ line, lines: documented });
  }
  return blocks;
}

/** Every line {@link documentedBlocks} finds, in source order. */
export function documentedOutput(code: string): string[] {
  return documentedBlocks(code).flatMap((b) => b.lines);
}

/** Imports a module with console output captured, each call's arguments formatted as console.log does. */
export async function runCapturingOutput(url: string): Promise<string> {
  const output: string[] = [];
  const capture = (...args: unknown[]): void => {
    output.push(format(...args));
  };
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'info').mockImplementation(capture);
  vi.spyOn(console, 'table').mockImplementation(capture);
  const mod: Record<string, unknown> = await import(url);
  // An example may also export `main` (sync or async) instead of running at top level.
  const entry = mod.main ?? mod.default;
  if (typeof entry === 'function') await entry();
  return output.join('\n');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a documented line is the whole printed line (ends trimmed); a `…` in it stands for any text within the line. */
export function matchesLine(documented: string, printed: string): boolean {
  const want = documented.trim();
  const got = printed.trim();
  if (!want.includes('…')) return got === want;
  return new RegExp(`^${want.split('…').map(escapeRegExp).join('.*')}$`).test(got);
}

/**
 * Where a block's documented lines are printed: the first output line at or after `from` where they
 * match consecutive whole lines. A long printed line may be documented wrapped over several comment
 * lines; they are then joined with a space. Returns the index after the last matched line, or -1.
 */
function matchBlock(output: readonly string[], documented: readonly string[], from: number): number {
  const at = (i: number, j: number): number => {
    if (j === documented.length) return i;
    if (i >= output.length) return -1;
    for (let k = j + 1; k <= documented.length; k++) {
      if (matchesLine(documented.slice(j, k).join(' '), output[i] ?? '')) {
        const next = at(i + 1, k);
        if (next >= 0) return next;
      }
    }
    return -1;
  };
  for (let start = from; start < output.length; start++) {
    const next = at(start, 0);
    if (next >= 0) return next;
  }
  return -1;
}

/**
 * Checks that each block's documented lines were printed as whole, consecutive lines of the
 * output, the blocks in order: each is looked for after the lines the block before it matched, so a
 * comment naming another statement's output, or two swapped comments, fail.
 */
export function expectPrinted(output: string, blocks: readonly DocumentedBlock[]): void {
  const lines = output.split('\n');
  let from = 0;
  for (const block of blocks) {
    const next = matchBlock(lines, block.lines, from);
    const shown = block.lines.map((l) => `  // ${l}`).join('\n');
    expect(
      next,
      `the output documented after the console.log of line ${block.line}:\n${shown}\n` +
        `is not printed as whole lines after output line ${from} (0-based); the output was:\n${output}`,
    ).toBeGreaterThanOrEqual(0);
    from = next;
  }
}
