import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MONEY_ERROR_TYPES } from '../../../src/money';
import { describeInput } from '../../../src/money/errors';

describe('MONEY_ERROR_TYPES', () => {
  it('lists the five stable error types', () => {
    expect(MONEY_ERROR_TYPES).toEqual([
      'UnknownCurrency',
      'CurrencyMismatch',
      'InvalidAmount',
      'AmountTooPrecise',
      'InvalidRatios',
    ]);
  });

  it('has a "### Type" section for each in docs/errors/money.md', () => {
    const doc = readFileSync(new URL('../../../docs/errors/money.md', import.meta.url), 'utf8');
    const headings = [...doc.matchAll(/^### (\w+)$/gm)].map((x) => x[1]);
    expect(headings).toEqual([...MONEY_ERROR_TYPES]);
  });
});

describe('describeInput', () => {
  it('never throws on odd values', () => {
    const hostile = {
      get toStringTag() {
        throw new Error('boom');
      },
    };
    expect(describeInput(hostile)).toBe('an object');
    expect(describeInput(Symbol('s'))).toBe('symbol Symbol(s)');
    expect(describeInput(-0)).toBe('-0');
  });
});
