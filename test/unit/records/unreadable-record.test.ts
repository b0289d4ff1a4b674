import { describe, expect, it } from 'vitest';
import {
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
} from '../../../src/index';

// docs/errors/records.md: InvalidRecord is "returned by fromXxxRecord when a stored record cannot be read back".
// Review 202: a record whose fields cannot be read — a revoked Proxy, a getter that throws (an adapter handing over
// live objects) — made each codec throw (from isPlainObject, the currency check or the status union).
const CODECS = {
  Account: fromAccountRecord,
  Order: fromOrderRecord,
  Subscription: fromSubscriptionRecord,
  InvoiceSchedule: fromInvoiceScheduleRecord,
  Invoice: fromInvoiceRecord,
  BillRun: fromBillRunRecord,
  BillRunAccount: fromBillRunAccountRecord,
  CreditMemo: fromCreditMemoRecord,
} as const;

function revoked(): object {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
}

function throwingGetter(field: string): object {
  return Object.defineProperty({ number: 'N-1', currency: 'USD', status: 'Draft' }, field, {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
}

describe('a record whose fields cannot be read is InvalidRecord, not a throw (review 202)', () => {
  const inputs: readonly (readonly [string, () => object])[] = [
    ['a revoked Proxy', revoked],
    ['a getter of number that throws', () => throwingGetter('number')],
    ['a getter of currency that throws', () => throwingGetter('currency')],
    ['a getter of status that throws', () => throwingGetter('status')],
  ];
  for (const [entity, decode] of Object.entries(CODECS)) {
    it.each(inputs)(`${entity}: %s`, (_, make) => {
      let result: ReturnType<typeof decode> | undefined;
      expect(() => {
        result = decode(make());
      }).not.toThrow();
      expect(result?.isErr()).toBe(true);
      // Another field's fault may come first (a record of nothing but these fields lacks most of its own).
      expect(result?._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidRecord', entity });
    });
  }

  it.each(Object.entries(CODECS))(
    '%s: a revoked Proxy is reported at the record itself',
    (entity, decode) => {
      expect(decode(revoked())._unsafeUnwrapErr()).toMatchObject({
        type: 'InvalidRecord',
        entity,
        key: null,
        path: '',
      });
    },
  );

  it('the key is the record number when it reads (review 206)', () => {
    expect(fromInvoiceRecord(throwingGetter('currency'))._unsafeUnwrapErr()).toMatchObject({
      key: 'N-1',
      path: '',
    });
  });

  it('the message says what was thrown and what to hand over', () => {
    const error = fromInvoiceRecord(throwingGetter('currency'))._unsafeUnwrapErr();
    expect(error.received).toBe('a value whose fields could not be read (Error: boom)');
    expect(error.message).toBe(
      'Stored Invoice N-1 cannot be read: the record should be a plain object whose fields can be read, but is a value whose fields could not be read (Error: boom). Hand the library the record as read from the store (plain data, as JSON.parse gives), not a live object.',
    );
  });
});
