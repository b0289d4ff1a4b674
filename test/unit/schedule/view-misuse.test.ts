// A programmer error is thrown as an Error (docs/errors.md: misuse by code is not a Result): scheduleItemRows
// given something other than a schedule the library returned threw neverthrow's unwrapped error value, a plain
// object without a stack (review 98).
import { describe, expect, it } from 'vitest';
import { scheduleItemRows } from '../../../src/domain/schedule/view';

describe('scheduleItemRows on what is not a schedule', () => {
  it.each([
    ['undefined', undefined],
    ['an empty object', {}],
    ['an unknown currency', { currency: 'XXX', items: [] }],
  ])('%s → a TypeError naming the function', (_, value) => {
    expect(() => scheduleItemRows(value as never)).toThrow(TypeError);
    expect(() => scheduleItemRows(value as never)).toThrow(/^scheduleItemRows takes an invoice schedule/);
  });
});
