// The checker of documented output must fail when a comment is wrong, or the docs examples prove nothing.
import { describe, expect, it } from 'vitest';
import { documentedBlocks, documentedOutput, expectPrinted, matchesLine } from './documented-output';

const code = (...lines: string[]): string => lines.join('\n');
const check = (source: string, output: string): void => expectPrinted(output, documentedBlocks(source));

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
  it('passes when each documented line is a whole printed line, in order', () => {
    const source = code(
      "console.log('A-001 Billed');",
      '// A-001 Billed',
      "console.log('A-002 Billed');",
      '// A-002 Billed',
    );
    expect(() => check(source, 'A-001 Billed\nA-002 Billed')).not.toThrow();
  });

  it('fails when two comments are swapped', () => {
    const source = code(
      "console.log('A-001 Billed');",
      '// A-002 Billed',
      "console.log('A-002 Billed');",
      '// A-001 Billed',
    );
    expect(() => check(source, 'A-001 Billed\nA-002 Billed')).toThrow(/line 3/);
  });

  it('fails when a documented line is only part of the printed line', () => {
    expect(() => check(code('console.log(12);', '// itemsProcessed 1'), 'itemsProcessed 12')).toThrow();
    expect(() => check(code('console.log(0);', '// 0'), 'itemsProcessed 0')).toThrow();
  });

  it('fails when the documented lines of one statement are not printed one after the other', () => {
    const source = code("console.log('a\\nb');", '// a', '// b');
    expect(() => check(source, 'a\nb')).not.toThrow();
    expect(() => check(source, 'a\nx\nb')).toThrow();
  });

  it('lets … stand for text within one line, not across lines', () => {
    expect(matchesLine('InvalidInput: … at targetDate', 'InvalidInput: bad date at targetDate')).toBe(true);
    expect(matchesLine('InvalidInput: …', 'Other: x')).toBe(false);
    const source = code("console.log('a');", '// a … c');
    expect(() => check(source, 'a b\nc')).toThrow();
  });

  it('joins a long printed line documented over several comment lines with spaces', () => {
    const source = code("console.log('one long message');", '// one long', '// message');
    expect(() => check(source, 'one long message')).not.toThrow();
    expect(() => check(source, 'one long\nmessage')).not.toThrow();
    expect(() => check(source, 'one longer message')).toThrow();
  });
});
