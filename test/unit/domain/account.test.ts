import { describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/domain/contract/account';

const valid = { id: 'acc-1', number: 'A00000001', name: 'Acme', currency: 'USD' };

describe('createAccount', () => {
  it('builds a frozen account from valid input', () => {
    const account = createAccount(valid)._unsafeUnwrap();
    expect(account).toEqual(valid);
    expect(Object.isFrozen(account)).toBe(true);
  });

  it('accepts currencies of 0 and 3 decimals (JPY, KWD)', () => {
    expect(createAccount({ ...valid, currency: 'JPY' })._unsafeUnwrap().currency).toBe('JPY');
    expect(createAccount({ ...valid, currency: 'KWD' })._unsafeUnwrap().currency).toBe('KWD');
  });

  it('rejects an unknown or lower-case currency with UnknownCurrency', () => {
    expect(createAccount({ ...valid, currency: 'ZZZ' })._unsafeUnwrapErr().type).toBe('UnknownCurrency');
    expect(createAccount({ ...valid, currency: 'usd' })._unsafeUnwrapErr().type).toBe('UnknownCurrency');
  });

  it.each([
    [null, ''],
    [{ ...valid, id: '' }, 'id'],
    [{ ...valid, number: 7 }, 'number'],
    [{ ...valid, name: '   ' }, 'name'],
    [{ ...valid, currency: 840 }, 'currency'],
    [{ ...valid, owner: 'x' }, 'owner'],
  ])('rejects %j with InvalidInput at "%s"', (input, path) => {
    const error = createAccount(input)._unsafeUnwrapErr();
    expect(error).toMatchObject({ type: 'InvalidInput', path });
  });
});
