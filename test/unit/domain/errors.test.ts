import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DOMAIN_ERROR_TYPES,
  deepFreeze,
  describeReceived,
  frozenCopy,
  readObject,
} from '../../../src/domain/errors';
import { Dec } from '../../../src/money/decimal';
import { MONEY_ERROR_TYPES } from '../../../src/money/errors';
import { TIME_ERROR_TYPES } from '../../../src/time/errors';
import { parseRecordKey } from '../../../src/validation';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/errors/domain.md', import.meta.url)), 'utf8');
const headings = [...doc.matchAll(/^### +(\S+)\s*$/gm)].map((m) => m[1]);

describe('DOMAIN_ERROR_TYPES', () => {
  it('lists PascalCase names once, none shared with the money or time modules', () => {
    expect(new Set(DOMAIN_ERROR_TYPES).size).toBe(DOMAIN_ERROR_TYPES.length);
    expect(DOMAIN_ERROR_TYPES.filter((t) => !/^[A-Z][A-Za-z0-9]*$/.test(t))).toEqual([]);
    const others = new Set<string>([...MONEY_ERROR_TYPES, ...TIME_ERROR_TYPES]);
    expect(DOMAIN_ERROR_TYPES.filter((t) => others.has(t))).toEqual([]);
  });

  it('documents exactly these types in docs/errors/domain.md, in the same order', () => {
    expect(headings).toEqual([...DOMAIN_ERROR_TYPES]);
  });

  it('gives each documented example its own type', () => {
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map(
      (m) => JSON.parse(m[1]!) as { type: string },
    );
    expect(examples.map((e) => e.type)).toEqual([...DOMAIN_ERROR_TYPES]);
  });
});

describe('input helpers', () => {
  it('describe received values briefly', () => {
    expect(describeReceived('x')).toBe('"x"');
    expect(describeReceived(null)).toBe('null');
    expect(describeReceived(undefined)).toBe('nothing (undefined)');
    expect(describeReceived([1])).toBe('an array');
    expect(describeReceived({})).toBe('an object');
    expect(describeReceived(new Dec('1.5'))).toBe('Decimal 1.5');
    expect(describeReceived(() => 1)).toBe('a function');
    expect(describeReceived(5n)).toBe('bigint 5n');
    expect(describeReceived(Symbol('s'))).toBe('a symbol');
    expect(describeReceived(7)).toBe('number 7');
    expect(describeReceived('y'.repeat(100))).toHaveLength(61);
  });

  it('never cut an emoji in two when it shortens a long string (the message stays well-formed text)', () => {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const text of ['😀'.repeat(200), `a${'😀'.repeat(200)}`]) {
      const shown = describeReceived(text);
      expect(shown.endsWith('…')).toBe(true);
      expect(lone.test(shown)).toBe(false);
    }
    // The length in a message about a limit says what is counted when it is not the characters.
    const note = parseRecordKey('😀'.repeat(200));
    expect(note.isErr() && note.error.message).toContain(
      '(400 UTF-16 code units: a character beyond U+FFFF, such as an emoji, counts 2)',
    );
    const plain = parseRecordKey('x'.repeat(300));
    expect(plain.isErr() && plain.error.message).toContain('(300 characters)');
  });

  it('reject objects that are not plain', () => {
    expect(readObject(new Date(0), 'x', [])._unsafeUnwrapErr()).toMatchObject({
      type: 'InvalidInput',
      expected: 'a plain object',
    });
    expect(readObject(Object.create(null), 'x', []).isOk()).toBe(true);
  });

  it('deepFreeze freezes plain data but leaves Decimals and class instances alone', () => {
    const d = new Dec(1);
    const when = new Date(0);
    const value = deepFreeze({ a: [{ b: 1 }], d, when });
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(Object.isFrozen(d)).toBe(false);
    expect(Object.isFrozen(when)).toBe(false);
  });

  it('frozenCopy copies instead of freezing the original', () => {
    const original = { a: [{ b: 1 }], d: new Dec(2), when: new Date(0) };
    const copy = frozenCopy(original);
    expect(copy).toEqual(original);
    expect(Object.isFrozen(copy.a[0])).toBe(true);
    expect(Object.isFrozen(original.a[0])).toBe(false);
    expect(copy.d).toBe(original.d);
    expect(copy.when).toBe(original.when);
  });
});
