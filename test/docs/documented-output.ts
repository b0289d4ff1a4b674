// The output a piece of example code documents, and the check that it was printed. Shared by
// test/docs/examples.test.ts (each docs/examples/*.ts file) and test/docs/code-blocks.test.ts (the
// README's blocks and the docs' pieces of examples).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import ts from 'typescript';
import { expect, vi } from 'vitest';

const isComment = (line: string): boolean => line.trim().startsWith('//');
/** A line that only closes brackets (`}`, `});`, `]`): the end of the loop or block around a console.log. */
const isCloser = (line: string): boolean => /^\s*[}\])]+[;,)]*\s*$/.test(line);
/** `// #region name` / `// #endregion name`: markers for the docs, not output. */
const isRegionMarker = (line: string): boolean => /^\s*\/\/\s*#(end)?region\b/.test(line);

/** `console.<name>(…)`. */
const isConsoleCall = (node: ts.Node, name?: string): node is ts.CallExpression =>
  ts.isCallExpression(node) &&
  ts.isPropertyAccessExpression(node.expression) &&
  ts.isIdentifier(node.expression.expression) &&
  node.expression.expression.text === 'console' &&
  (name === undefined || node.expression.name.text === name);

const isConsoleLog = (node: ts.Node): node is ts.CallExpression => isConsoleCall(node, 'log');

/** `process.stdout.write(…)` / `process.stderr.write(…)`: output the check does not capture. */
const isStreamWrite = (node: ts.Node): boolean =>
  ts.isCallExpression(node) &&
  ts.isPropertyAccessExpression(node.expression) &&
  node.expression.name.text === 'write' &&
  /^process\.(stdout|stderr)$/.test(node.expression.expression.getText());

/** A call that prints but is not a console.log: the output a comment after it shows would go unchecked. */
const isOtherOutput = (node: ts.Node): boolean =>
  (isConsoleCall(node) && !isConsoleLog(node)) || isStreamWrite(node);

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
  /** 1-based lines of the statement's console.log calls (every line each call spans): its output is what they print. */
  readonly calls: readonly number[];
  /** Columns before the `//` of the documented lines (a printed line is wrapped only when it must be). */
  readonly indent: number;
}

/** The formatter's line width (biome.json): a printed line is documented over several comment lines only beyond it. */
const LINE_WIDTH = 110;

/**
 * The output code documents, one block per console.log statement that documents any: the `// …`
 * lines right after the statement (no blank line between; for a console.log inside a loop or
 * block, right after the lines that close it), each without its `// `, in source order. A comment
 * that explains rather than shows output is set apart by a blank line, or goes above the call.
 *
 * The statements are found with the TypeScript parser, so parentheses in strings and templates do
 * not matter. Refused (it throws): a `//` comment on the same line after a console.log statement
 * (it would be ambiguous whether it shows output or explains, so output goes below the call and
 * explanations above it), and `//` lines right after a statement that prints otherwise
 * (`process.stdout.write`, `console.info`, …), whose output the check does not tie to a statement.
 */
export function documentedBlocks(code: string): DocumentedBlock[] {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line + 1;
  const ends = new Map<number, { line: number; calls: number[] }>(); // statement end → its console.logs
  const others = new Map<number, number>(); // statement end → line of a call printing otherwise
  const visit = (node: ts.Node): void => {
    if (isConsoleLog(node)) {
      const end = statementOf(node).getEnd();
      const first = lineOf(node.getStart(source));
      const at = ends.get(end) ?? { line: first, calls: [] };
      for (let l = first; l <= lineOf(node.getEnd()); l++) at.calls.push(l);
      ends.set(end, at);
    } else if (isOtherOutput(node)) {
      const end = statementOf(node).getEnd();
      if (!others.has(end)) others.set(end, lineOf(node.getStart(source)));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const lines = code.split('\n');
  /** The `//` lines right after the statement ending at `end` (after the lines closing its blocks). */
  const commentsAfter = (end: number): string[] => {
    let k = lineOf(end);
    while (k < lines.length && isCloser(lines[k] ?? '')) k++;
    const documented: string[] = [];
    for (; k < lines.length && isComment(lines[k] ?? '') && !isRegionMarker(lines[k] ?? ''); k++) {
      documented.push((lines[k] ?? '').trim().replace(/^\/\/ ?/, ''));
    }
    return documented;
  };
  for (const [end, line] of others) {
    if (ends.has(end) || commentsAfter(end).length === 0) continue;
    throw new Error(
      `line ${line}: // lines right after a statement that prints without console.log (process.stdout.write, ` +
        'console.info, …): its output is not checked, so print what a comment shows with console.log, or set ' +
        'an explanation apart by a blank line',
    );
  }
  const blocks: DocumentedBlock[] = [];
  for (const [end, { line, calls }] of [...ends].sort(([a], [b]) => a - b)) {
    const trailing = ts.getTrailingCommentRanges(code, end) ?? [];
    if (trailing.length > 0) {
      const comment = code.slice(trailing[0]?.pos, trailing[0]?.end);
      throw new Error(
        `line ${line}: a comment on the line of a console.log statement (${comment}): put the output it ` +
          'shows on the lines below the call, or an explanation on the line above it',
      );
    }
    const documented = commentsAfter(end);
    const indent = (lines[lineOf(end)] ?? '').length - (lines[lineOf(end)] ?? '').trimStart().length;
    const first = lines.findIndex((l, k) => k >= lineOf(end) && isComment(l));
    const at = first < 0 ? indent : (lines[first] ?? '').length - (lines[first] ?? '').trimStart().length;
    if (documented.length > 0)
      blocks.push({ line, lines: documented, calls: [...new Set(calls)], indent: at });
  }
  return blocks;
}

/** Every line {@link documentedBlocks} finds, in source order. */
export function documentedOutput(code: string): string[] {
  return documentedBlocks(code).flatMap((b) => b.lines);
}

/** One console call's output, and the line of the executed file that made it (`null`: none found). */
export interface Printed {
  readonly text: string;
  readonly line: number | null;
}

/** What a module printed: each call's output with its line, and the whole text. */
export interface CapturedOutput {
  readonly printed: readonly Printed[];
  readonly text: string;
}

/** The output of console calls made on the given lines (1-based) of the executed file. */
export function capturedOutput(printed: readonly Printed[]): CapturedOutput {
  return { printed, text: printed.map((p) => p.text).join('\n') };
}

/**
 * The line of `file` that made the current call: the innermost stack frame in that file (the
 * console.log itself, or the call of a function of another module that printed). vitest's
 * transform keeps source maps, so the line is the source's, types and all.
 */
function callerLine(file: string): number | null {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const url = pathToFileURL(file).href;
  for (const frame of stack.split('\n').slice(1)) {
    for (const name of [file, url]) {
      const at = frame.lastIndexOf(`${name}:`);
      if (at < 0) continue;
      const line = /^(\d+):\d+\)?\s*$/.exec(frame.slice(at + name.length + 1));
      if (line) return Number(line[1]);
    }
  }
  return null;
}

/**
 * Imports a module with console output captured, each call's arguments formatted as console.log
 * does, and the line of the module that made the call (from the call's stack).
 */
export async function runCapturingOutput(url: string): Promise<CapturedOutput> {
  const file = fileURLToPath(url);
  const printed: Printed[] = [];
  const capture = (...args: unknown[]): void => {
    printed.push({ text: format(...args), line: callerLine(file) });
  };
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'info').mockImplementation(capture);
  vi.spyOn(console, 'table').mockImplementation(capture);
  const mod: Record<string, unknown> = await import(url);
  // An example may also export `main` (sync or async) instead of running at top level.
  const entry = mod.main ?? mod.default;
  if (typeof entry === 'function') await entry();
  return capturedOutput(printed);
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
 * Whether the documented lines are the printed lines, all of them, in order: a printed line too long
 * for one comment line (`// ` at `indent`, within the line width) may be documented wrapped over
 * several, which are then joined with a space; a shorter one is one comment line, as printed.
 */
function matchesAll(output: readonly string[], documented: readonly string[], indent: number): boolean {
  const at = (i: number, j: number): boolean => {
    if (j === documented.length) return i === output.length;
    if (i >= output.length) return false;
    const printed = output[i] ?? '';
    const fits = indent + 3 + printed.trim().length <= LINE_WIDTH;
    for (let k = j + 1; k <= (fits ? j + 1 : documented.length); k++) {
      if (matchesLine(documented.slice(j, k).join(' '), printed) && at(i + 1, k)) return true;
    }
    return false;
  };
  return at(0, 0);
}

/**
 * Checks that each block's documented lines are the output of its own statement: every line its
 * console.log calls printed, in order (a call in a loop or in a function called several times: all
 * its outputs). A comment showing another statement's output, or only part of its own, fails.
 * `lineOf` maps a block's call lines to the executed file's (a docs piece of an example; the same
 * file by default).
 */
export function expectPrinted(
  output: CapturedOutput,
  blocks: readonly DocumentedBlock[],
  lineOf: (line: number) => number | null = (line) => line,
): void {
  for (const block of blocks) {
    const calls = new Set(block.calls.map(lineOf).filter((l): l is number => l !== null));
    const own = output.printed
      .filter((p) => p.line !== null && calls.has(p.line))
      .flatMap((p) => p.text.split('\n'));
    const shown = block.lines.map((l) => `  // ${l}`).join('\n');
    const at = lineOf(block.line);
    expect(
      matchesAll(own, block.lines, block.indent),
      `the output documented after the console.log of line ${block.line}${at === block.line ? '' : ` (line ${at} of the example)`}:\n${shown}\n` +
        `is not what that statement printed, as whole lines, all of them, in order; it printed:\n${own.length === 0 ? '(nothing)' : own.join('\n')}\n` +
        `the whole output was:\n${output.text}`,
    ).toBe(true);
  }
}
