// The checker of documented output must fail when a comment is wrong, or the docs examples prove nothing.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  capturedOutput,
  documentedBlocks,
  documentedOutput,
  expectPrinted,
  matchesLine,
  runCapturingOutput,
} from './documented-output';

afterEach(() => {
  vi.restoreAllMocks();
});

const code = (...lines: string[]): string => lines.join('\n');
/** Output as printed: `[line, text]`, the 1-based line of the console.log that printed each text. */
const printed = (...calls: (readonly [number, string])[]) =>
  capturedOutput(calls.map(([line, text]) => ({ line, text })));
const check = (source: string, output: ReturnType<typeof printed>): void =>
  expectPrinted(output, documentedBlocks(source));
const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url);

describe('documentedOutput', () => {
  it('takes the comment lines right after a console.log statement, after the lines closing its loop', () => {
    const source = code(
      "console.log('a');",
      '// a',
      '',
      '// an explanation, set apart by a blank line',
      'for (const x of [1, 2]) {',
      '  console.log(x);',
      '}',
      '// 1',
      '// 2',
    );
    expect(documentedOutput(source)).toEqual(['a', '1', '2']);
  });

  it('is not thrown off by parentheses inside strings and templates', () => {
    const source = code(
      'console.log(',
      "  'total (gross',",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: example source holding a template literal
      '  `${42} )(`,',
      ');',
      '// total (gross 42 )(',
      "console.log('status', 'Completed');",
      '// status Completed',
    );
    expect(documentedOutput(source)).toEqual(['total (gross 42 )(', 'status Completed']);
  });

  it('refuses a comment on the line of a console.log statement', () => {
    expect(() => documentedOutput("console.log('total: 1'); // total: 999")).toThrow(/line 1: a comment/);
    expect(() => documentedOutput(code('console.log(', "  'x',", '); // x'))).toThrow(/line 1/);
  });

  it('refuses // lines right after a statement that prints without console.log, but not an explanation set apart', () => {
    expect(() => documentedBlocks(code("process.stdout.write('9.99\\n');", '// 9.99'))).toThrow(
      /line 1: \/\/ lines right after a statement that prints without console\.log/,
    );
    expect(() => documentedBlocks(code("console.info('x');", '// x'))).toThrow(/line 1/);
    expect(documentedBlocks(code("process.stdout.write('x\\n');", '', '// an explanation'))).toEqual([]);
    expect(() => documentedBlocks(readFileSync(fixture('stdout-write.ts'), 'utf8'))).toThrow(/line 5/);
  });

  it('ignores console.log in strings and comments, and region markers', () => {
    const source = code(
      "const s = 'console.log(1)';",
      '// not output',
      "console.log('b');",
      '// #endregion x',
    );
    expect(documentedOutput(source)).toEqual([]);
  });
});

describe('expectPrinted', () => {
  it('passes when each block is what its own console.log printed, as whole lines', () => {
    const source = code(
      "console.log('A-001 Billed');",
      '// A-001 Billed',
      "console.log('A-002 Billed');",
      '// A-002 Billed',
    );
    expect(() => check(source, printed([1, 'A-001 Billed'], [3, 'A-002 Billed']))).not.toThrow();
  });

  it('fails when two comments are swapped', () => {
    const source = code(
      "console.log('A-001 Billed');",
      '// A-002 Billed',
      "console.log('A-002 Billed');",
      '// A-001 Billed',
    );
    expect(() => check(source, printed([1, 'A-001 Billed'], [3, 'A-002 Billed']))).toThrow(/line 1/);
  });

  it("fails when a comment under one console.log shows the next one's output (the next undocumented)", () => {
    const source = code("console.log('a');", '// b', "console.log('b');");
    expect(() => check(source, printed([1, 'a'], [3, 'b']))).toThrow(/line 1/);
  });

  it('fails when one block shows the output of its statement and of the next', () => {
    const source = code("console.log('a');", "console.log('b');", '// a', '// b');
    expect(() => check(source, printed([1, 'a'], [2, 'b']))).toThrow(/line 2/);
  });

  it('fails when a documented line is only part of the printed line', () => {
    expect(() =>
      check(code('console.log(12);', '// itemsProcessed 1'), printed([1, 'itemsProcessed 12'])),
    ).toThrow();
    expect(() => check(code('console.log(0);', '// 0'), printed([1, 'itemsProcessed 0']))).toThrow();
  });

  it("fails when the documented lines are not all of the statement's output, in order", () => {
    const source = code("console.log('a\\nb');", '// a', '// b');
    expect(() => check(source, printed([1, 'a\nb']))).not.toThrow();
    expect(() => check(source, printed([1, 'a\nx\nb']))).toThrow();
    expect(() => check(source, printed([1, 'a\nb\nc']))).toThrow();
    expect(() => check(source, printed([1, 'b\na']))).toThrow();
    expect(() => check(source, printed())).toThrow(/it printed:\n\(nothing\)/);
  });

  it('takes every output of a console.log in a loop, or of a multi-line call, in order', () => {
    const source = code('for (const x of [1, 2]) {', '  console.log(', '    x,', '  );', '}', '// 1', '// 2');
    expect(() => check(source, printed([2, '1'], [2, '2']))).not.toThrow();
    expect(() => check(source, printed([3, '1'], [2, '2']))).not.toThrow();
    expect(() => check(source, printed([2, '2']))).toThrow();
  });

  it('lets … stand for text within one line, not across lines', () => {
    expect(matchesLine('InvalidInput: … at targetDate', 'InvalidInput: bad date at targetDate')).toBe(true);
    expect(matchesLine('InvalidInput: …', 'Other: x')).toBe(false);
    const source = code("console.log('a');", '// a … c');
    expect(() => check(source, printed([1, 'a b\nc']))).toThrow();
    expect(() => check(source, printed([1, 'a b c']))).not.toThrow();
  });

  it('joins a printed line too long for one comment line, documented over several, with spaces', () => {
    const long = `${'x'.repeat(60)} ${'y'.repeat(60)}`;
    const source = code('console.log(long);', `// ${'x'.repeat(60)}`, `// ${'y'.repeat(60)}`);
    expect(() => check(source, printed([1, long]))).not.toThrow();
    expect(() => check(source, printed([1, `${'x'.repeat(60)}\n${'y'.repeat(60)}`]))).not.toThrow();
    expect(() => check(source, printed([1, `${long}z`]))).toThrow();
  });

  it('fails two comment lines for a printed line short enough for one', () => {
    expect(() => check(code("console.log('a b');", '// a', '// b'), printed([1, 'a b']))).toThrow();
  });
});

describe('runCapturingOutput with expectPrinted (the lines of the calls, from their stacks)', () => {
  const run = async (name: string) => {
    const output = await runCapturingOutput(fixture(name).href);
    return { output, blocks: documentedBlocks(readFileSync(fixture(name), 'utf8')) };
  };

  it("fails a comment showing a later, undocumented console.log's output (a copy of money.ts)", async () => {
    const { output, blocks } = await run('comment-shows-a-later-log.ts');
    expect(output.text).toContain('{"amount":"36900.00","currency":"USD"}');
    expect(output.printed.every((p) => p.line !== null)).toBe(true);
    expect(() => expectPrinted(output, blocks)).toThrow(/console\.log of line 19:/);
    // The other blocks, each its own statement's output, pass.
    expect(() =>
      expectPrinted(
        output,
        blocks.filter((b) => b.line !== 19),
      ),
    ).not.toThrow();
  });

  it('fails a function called twice documented with its second output only, passes it with both', async () => {
    const wrong = await run('function-called-twice.ts');
    expect(wrong.output.printed.map((p) => p.line)).toEqual([4, 4]);
    expect(() => expectPrinted(wrong.output, wrong.blocks)).toThrow(/console\.log of line 4/);
    const right = await run('function-called-twice-documented.ts');
    expect(() => expectPrinted(right.output, right.blocks)).not.toThrow();
  });
});
