// Keys are ordered by code point (src/domain/keys.ts): the order of their UTF-8 bytes, which a binary SQL
// collation gives (PostgreSQL's COLLATE "C" in a UTF-8 database). JavaScript's `<` orders UTF-16 code units,
// which differs for characters above U+FFFF against U+E000–U+FFFF.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../../src/domain/keys';

const utf8Order = (a: string, b: string) =>
  Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
/** Well-formed strings, weighted towards the characters where the two orders part. */
const key = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({
    unit: fc.constantFrom(
      'A',
      'z',
      '\u00E9',
      '\uD7FF',
      '\uE000',
      '\uFF01',
      '\uFFFF',
      '\u{10000}',
      '\u{1F600}',
      '\u{10FFFF}',
    ),
  }),
);

describe('compareKeys', () => {
  it("orders as the keys' UTF-8 bytes do (code point order), for any well-formed strings", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(Math.sign(compareKeys(a, b)) + 0).toBe(utf8Order(a, b) + 0);
        expect(Math.sign(compareKeys(b, a)) + 0).toBe(-utf8Order(a, b) + 0);
      }),
      { numRuns: 2000 },
    );
  });

  it("puts A！ (U+FF01) before A😀 (U+1F600), where JavaScript's < does the opposite", () => {
    expect('A\u{1F600}' < 'A\uFF01').toBe(true);
    expect(compareKeys('A\uFF01', 'A\u{1F600}')).toBeLessThan(0);
    expect(['A\u{1F600}', 'AZ', 'A\uFF01', 'A\u00E9', 'A'].sort(compareKeys)).toEqual([
      'A',
      'AZ',
      'A\u00E9',
      'A\uFF01',
      'A\u{1F600}',
    ]);
  });

  it("agrees with < for the library's own numbers (ASCII)", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), fc.string({ unit: 'binary-ascii' }), (a, b) => {
        expect(Math.sign(compareKeys(a, b)) + 0).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});
