// The output a piece of example code documents, and the check that it was printed. Shared by
// test/docs/examples.test.ts (each docs/examples/*.ts file) and test/docs/code-blocks.test.ts (the
// README's blocks and the docs' pieces of examples).
import { format } from 'node:util';
import { expect, vi } from 'vitest';

const isComment = (line: string): boolean => line.trim().startsWith('//');
/** A line that only closes brackets (`}`, `});`, `]`): the end of the loop or block around a console.log. */
const isCloser = (line: string): boolean => /^\s*[}\])]+[;,)]*\s*$/.test(line);
/** `// #region name` / `// #endregion name`: markers for the docs, not output. */
const isRegionMarker = (line: string): boolean => /^\s*\/\/\s*#(end)?region\b/.test(line);

/**
 * The output code documents: the `// …` lines right after a `console.log(…)` statement (no blank
 * line between; for a console.log inside a loop or block, right after the lines that close it),
 * each without its `// `. A long message may be wrapped over several lines; each line must then
 * appear in the output. A comment that explains rather than shows output is set apart by a blank line.
 */
export function documentedOutput(code: string): string[] {
  const lines = code.split('\n');
  const expected: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!(lines[i] ?? '').includes('console.log(')) continue;
    // The statement ends on the line where its parentheses balance again.
    let depth = 0;
    let end = i;
    for (; end < lines.length; end++) {
      for (const ch of lines[end] ?? '') depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
      if (depth <= 0) break;
    }
    let k = end + 1;
    while (k < lines.length && isCloser(lines[k] ?? '')) k++;
    for (; k < lines.length && isComment(lines[k] ?? '') && !isRegionMarker(lines[k] ?? ''); k++) {
      expected.push((lines[k] ?? '').trim().replace(/^\/\/ ?/, ''));
    }
    i = k - 1;
  }
  return expected;
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

/** Whether a documented line was printed; a `…` in it stands for any text within the line. */
function printed(output: string, line: string): boolean {
  if (!line.includes('…')) return output.includes(line);
  return new RegExp(line.split('…').map(escapeRegExp).join('.*')).test(output);
}

export function expectPrinted(output: string, expected: readonly string[]): void {
  const missing = expected.filter((line) => !printed(output, line));
  expect(missing, `documented but not printed; the output was:\n${output}`).toEqual([]);
}
