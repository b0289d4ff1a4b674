import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TIME_ERROR_TYPES, type TimeError } from '../../../src/time';

describe('time errors', () => {
  it('lists every TimeError type name once, in PascalCase', () => {
    const all: readonly TimeError['type'][] = TIME_ERROR_TYPES;
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(['InvalidDate', 'InvalidTimeZone']);
    for (const type of all) expect(type).toMatch(/^[A-Z][A-Za-z]+$/);
  });

  it('documents every error type in docs/errors/time.md', () => {
    const doc = readFileSync(new URL('../../../docs/errors/time.md', import.meta.url), 'utf8');
    for (const type of TIME_ERROR_TYPES) expect(doc).toContain(`\n### ${type}\n`);
  });
});
