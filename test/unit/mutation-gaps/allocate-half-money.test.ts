// Review 218 (mutation): allocate's non-Money check (src/money/allocate.ts, review 202) tests both fields. Existing
// tests give values lacking both ({}, a Date, an array, a String object); an object with only one of the two
// fields is no Money either. docs/errors/money.md / CHANGELOG (8040deb): "allocate of a non-Money is InvalidAmount
// at amount (was UnknownCurrency 'undefined')".
import { expect, it } from 'vitest';
import { allocate } from '../../../src/money/public';

it.each([
  ['an amount without a currency', { amount: '1.00' }],
  ['a currency without an amount', { currency: 'USD' }],
])('allocate(%s, ratios): InvalidAmount at amount', (_, value) => {
  expect(allocate(value as never, ['1'])._unsafeUnwrapErr()).toMatchObject({
    type: 'InvalidAmount',
    field: 'amount',
  });
});
