// A JSON body can hold an object that decimal.js's own `isDecimal` takes for a Decimal (`toStringTag` is all it
// reads): the validators and operations threw `input.isFinite is not a function` on it, though the HTTP guide
// promises they never throw (found in a review). Such an object is an InvalidAmount like any other non-amount;
// an instance of another decimal.js copy or clone is still a Decimal.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { isDecimal } from '../../../src/money/decimal';
import { allocate, money, parseAmount } from '../../../src/money/public';
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

// Review 119: an object shaped like a Decimal (its tag, numbers for `e` and `s`, an array `d`, the methods) was
// taken for one whatever its fields held: money('…') was Ok and printed 'x.00' for `d: ['x']`, 'u.ndefined' for
// `d: []`; `s: 7` overflowed the stack, `e: 0.5` never returned; an isFinite that throws made parseAmount throw,
// though money.md says it never does. Only the fields decimal.js itself keeps are a Decimal now.
describe('an object shaped like a Decimal with fields decimal.js never keeps', () => {
  const shaped = (fields: Record<string, unknown>, finite: () => boolean = () => true) => ({
    toStringTag: '[object Decimal]',
    e: 0,
    s: 1,
    d: [5],
    isFinite: finite,
    toFixed: () => '5',
    toString: () => '5',
    ...fields,
  });
  it.each<[string, Record<string, unknown>]>([
    ['a word that is no digit', { d: ['x'] }],
    ['no digits at all', { d: [] }],
    ['a word of 1.5', { d: [1.5] }],
    ['a word past seven digits', { d: [1e12] }],
    ['a sign of 7', { s: 7 }],
    ['an exponent of 0.5', { e: 0.5 }],
    ['an exponent its first word does not match', { e: 5, d: [1] }],
    ['a trailing zero word', { d: [1, 0] }],
    // Review 120: no digits with an exponent and a sign decimal.js never gives NaN or Infinity (money was Ok(Infinity)),
    // and an exponent past decimal.js's limit (read as 0).
    ['no digits with an exponent of 0 and a sign of 7', { d: null, e: 0, s: 7 }],
    ['an exponent past ±9e15', { d: [1], e: -7e20 }],
  ])('%s: not a Decimal; money, parseAmount and allocate answer an error', (_, fields) => {
    const x = shaped(fields);
    expect(isDecimal(x)).toBe(false);
    expect(money(x as never, 'USD').isErr()).toBe(true);
    expect(parseAmount(x as never, CURRENCIES.USD as Currency).isErr()).toBe(true);
    const one = money('1.00', 'USD')._unsafeUnwrap();
    expect(allocate(one, [x as never]).isErr()).toBe(true);
  });

  it('one whose isFinite throws (a host subclass, say): read by its fields, never by that method, so no throw', () => {
    const x = shaped({}, () => {
      throw new Error('boom');
    });
    const read = (r: ReturnType<typeof parseAmount>) => (r.isOk() ? r.value.toString() : r.error.type);
    expect(read(parseAmount(x as never, CURRENCIES.USD as Currency))).toBe('5');
    expect(money(x as never, 'USD').isOk()).toBe(true);
    class Throwing extends Decimal {
      override isFinite(): boolean {
        throw new Error('boom');
      }
    }
    expect(read(parseAmount(new Throwing('5'), CURRENCIES.USD as Currency))).toBe('5');
    const shares = allocate(money('1.00', 'USD')._unsafeUnwrap(), [new Throwing('1')]);
    expect(shares.isOk() ? shares.value.map((m) => m.amount.toString()) : shares.error.type).toEqual(['1']);
  });

  it('real instances of every size and sign stay Decimals', () => {
    for (const v of [
      '0',
      '-0',
      '0.5',
      '1e-20',
      '123456789.123456789',
      '1e30',
      '10000000',
      '-0.0000001',
      '1.10',
    ])
      expect(isDecimal(new Decimal(v)), v).toBe(true);
    expect(isDecimal(new Decimal(1).div(3))).toBe(true);
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(isDecimal(new Decimal(v)), String(v)).toBe(true);
  });
});
