// A JSON body can hold an object that decimal.js's own `isDecimal` takes for a Decimal (`toStringTag` is all it
// reads): the validators and operations threw `input.isFinite is not a function` on it, though the HTTP guide
// promises they never throw (found in a review). Such an object is an InvalidAmount like any other non-amount;
// an instance of another decimal.js copy or clone is still a Decimal.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { isDecimal } from '../../../src/money/decimal';
import {
  parseCreateInvoiceScheduleRequest,
  parseUpdateInvoiceScheduleRequest,
} from '../../../src/validation';

const lookalike = JSON.parse('{"toStringTag":"[object Decimal]"}') as unknown;

describe('an object that only says it is a Decimal', () => {
  it('is not one; an instance of the global decimal.js or of a clone is', () => {
    expect(isDecimal(lookalike)).toBe(false);
    expect(isDecimal({ toStringTag: '[object Decimal]', d: [1], e: 0, s: 1 })).toBe(false);
    expect(isDecimal(new Decimal('1.5'))).toBe(true);
    expect(isDecimal(new (Decimal.clone({ precision: 5 }))('-0'))).toBe(true);
    expect(isDecimal(new Decimal(Number.NaN))).toBe(true);
  });

  it('is an InvalidAmount from the validators, not a throw', () => {
    const create = parseCreateInvoiceScheduleRequest({
      accountNumber: 'A-1',
      orders: ['O-1'],
      items: [{ runDate: '2023-02-04', amount: lookalike }],
    });
    expect(create._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidAmount' });
    // Described as what it is, not as "Decimal [object Object]".
    expect(create._unsafeUnwrapErr().message).toMatch(/^an object is not a valid amount/);
    const update = parseUpdateInvoiceScheduleRequest({
      invoiceScheduleNumber: 'IS-00000001',
      items: [{ runDate: '2023-02-04', amount: lookalike }],
    });
    expect(update._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidAmount' });
  });
});
