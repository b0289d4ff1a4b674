/**
 * The order of keys (numbers, ids, account numbers) wherever the library and its stores sort or page them.
 *
 * Code point order: the order of the keys' UTF-8 bytes, which is what a binary collation gives (PostgreSQL's
 * `COLLATE "C"` in a UTF-8 database, MySQL's `utf8mb4_bin`). JavaScript's `<` compares UTF-16 code units
 * instead; the two orders differ only where, at the first place two keys differ, one has a character above
 * U+FFFF (a surrogate pair: `😀`) and the other one from U+E000 to U+FFFF (`！`, U+FF01). A store that pages in
 * one order and a caller that sorts in the other skip keys (a bill run's cursor passing an account it never
 * leased), so every comparison of keys whose order must agree with a store's (cursors, pages, leases, the
 * order locks are taken in) goes through this function. Orders the core keeps to itself (a plan's accounts, a
 * document's list of schedule numbers) use `<` and agree with it for the library's own ASCII numbers.
 * @internal
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

/**
 * A code unit from U+D800 up, ranked in code point order: U+E000–U+FFFF (characters of their own) below the
 * surrogates (halves of characters above U+FFFF). Below U+D800, code unit and code point order agree.
 */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
