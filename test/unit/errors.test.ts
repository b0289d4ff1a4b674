import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rebaseLinks, renderErrorsDoc } from '../../scripts/build-errors-doc.mjs';
import { ERROR_TYPES, errorCategory, isInvoiceSchedulesError } from '../../src/errors';

const root = fileURLToPath(new URL('../..', import.meta.url));
const errorsDoc = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));
const readDoc = (): string => (existsSync(errorsDoc) ? readFileSync(errorsDoc, 'utf8') : '');
const headings = (doc: string): string[] => [...doc.matchAll(/^### +(\S+)\s*$/gm)].map((m) => m[1] ?? '');

describe('ERROR_TYPES', () => {
  it('lists each error type once', () => {
    const duplicates = ERROR_TYPES.filter((t, i) => ERROR_TYPES.indexOf(t) !== i);
    expect(duplicates).toEqual([]);
  });

  it('uses PascalCase names (they are public API)', () => {
    expect(ERROR_TYPES.filter((t) => !/^[A-Z][A-Za-z0-9]*$/.test(t))).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  it('is generated from docs/errors/*.md and up to date (else: run npm run docs:errors)', () => {
    const expected = renderErrorsDoc(root);
    const message = 'docs/errors.md is missing or stale: run npm run docs:errors';
    expect(existsSync(errorsDoc), message).toBe(true);
    expect(readDoc(), message).toBe(expected);
  });

  it("re-points the fragments' relative links from docs/errors/ to docs/", () => {
    expect(rebaseLinks('[a](../concepts/money.md) [b](time.md#x) [c](https://x.y/z) [d](#anchor)')).toBe(
      '[a](concepts/money.md) [b](errors/time.md#x) [c](https://x.y/z) [d](#anchor)',
    );
  });

  it.each([...ERROR_TYPES])('documents %s under its own "### <type>" heading', (type) => {
    expect(
      headings(readDoc()),
      `add "### ${type}" to docs/errors/<module>.md, then run npm run docs:errors`,
    ).toContain(type);
  });

  it('documents no error type that the library does not list in ERROR_TYPES', () => {
    const listed = new Set<string>(ERROR_TYPES);
    expect(headings(readDoc()).filter((h) => !listed.has(h))).toEqual([]);
  });
});

describe('isInvoiceSchedulesError', () => {
  it('recognises every listed error type by its discriminant', () => {
    for (const type of ERROR_TYPES) {
      expect(isInvoiceSchedulesError({ type, message: 'm' })).toBe(true);
    }
  });

  it('rejects values that are not our errors', () => {
    for (const value of [
      null,
      undefined,
      'InvalidDate',
      42,
      {},
      { type: 'NotOurError', message: 'm' },
      { type: ERROR_TYPES[0] },
      { type: 1, message: 'm' },
      new Error('boom'),
    ]) {
      expect(isInvoiceSchedulesError(value)).toBe(false);
    }
  });
});

describe('errorCategory', () => {
  it('gives every error type one of the five categories; not-found types are NotFound, writes that lost a race Conflict', () => {
    for (const type of ERROR_TYPES) {
      expect(['NotFound', 'Conflict', 'State', 'Invalid', 'Internal']).toContain(errorCategory(type));
      if (type.endsWith('NotFound')) expect(errorCategory(type), type).toBe('NotFound');
    }
    expect(errorCategory('VersionConflict')).toBe('Conflict');
    expect(errorCategory('IdempotencyKeyReused')).toBe('Conflict');
    expect(errorCategory('InvoiceSchedulePaused')).toBe('State');
    expect(errorCategory('ScheduleTotalMismatch')).toBe('Invalid');
    expect(errorCategory('InvalidContext')).toBe('Internal');
    expect(
      errorCategory({ type: 'InvoiceNotFound', message: 'Invoice X does not exist.', invoiceNumber: 'X' }),
    ).toBe('NotFound');
  });
});
