import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { canonicalRequest } from '../../src/operations/idempotency';
import type { Repositories, UnitOfWork } from '../../src/ports';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../support/billing';

// Decision 14 / issue 10: an idempotency key is bound to its request. The same key with the same request
// returns the first result; with a different request it is refused; keys are strings; a duplicate that ran
// at the same time as the first is rolled back and answered with the first result.

const C01_ITEMS = [
  { runDate: '2023-02-04', amount: '50000.00' },
  { runDate: '2023-05-01', amount: '14000.00' },
  { runDate: '2023-09-16', amount: '6200.00' },
];
const create = (idempotencyKey: unknown, items = C01_ITEMS) => ({
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items,
  idempotencyKey: idempotencyKey as string,
});

async function c01() {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  return billing;
}

describe('idempotency keys bound to the request (decision 14)', () => {
  it('the same key with the same request (fields in another order) returns the first schedule; nothing new is saved', async () => {
    const billing = await c01();
    const first = expectOk(await createInvoiceSchedule(billing.context, create('k-1')));
    const before = billing.store.probe.snapshot();
    const { items, idempotencyKey, orders, accountNumber } = create('k-1');
    const again = expectOk(
      await createInvoiceSchedule(billing.context, { idempotencyKey, items, orders, accountNumber }),
    );
    expect(again.number).toBe(first.number);
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('the same key with a different request is refused with IdempotencyKeyReused (was: the first result, silently)', async () => {
    const billing = await c01();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04', idempotencyKey: 'daily' }));
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await runBillRun(billing.context, { targetDate: '2023-05-01', idempotencyKey: 'daily' }),
    );
    expect(error).toMatchObject({ type: 'IdempotencyKeyReused', key: 'daily', operation: 'runBillRun' });
    expect(error.message).toContain('different runBillRun request');
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it.each([
    [{ id: 1 }, 'an object'],
    [42, 'number 42'],
    ['', '""'],
    ['   ', '"   "'],
  ])(
    'a key that is not a non-empty string (%j) is refused with InvalidInput (objects collapsed to "[object Object]")',
    async (key, received) => {
      const billing = await c01();
      const before = billing.store.probe.snapshot();
      expect(expectErr(await createInvoiceSchedule(billing.context, create(key)))).toMatchObject({
        type: 'InvalidInput',
        path: 'idempotencyKey',
        received,
      });
      expect(expectErr(await runBillRun(billing.context, { idempotencyKey: key as string }))).toMatchObject({
        type: 'InvalidInput',
        path: 'idempotencyKey',
      });
      expect(billing.store.probe.snapshot()).toEqual(before);
    },
  );

  it('a duplicate that ran at the same time as the first (the key was not yet visible when it looked) rolls back and returns the first schedule, though its own attempt was refused (ChargeAlreadyScheduled)', async () => {
    const billing = await c01();
    // The store as a second process sees it under READ COMMITTED: its first look at the key misses the
    // first request's commit, which lands before its own insert.
    let hidden = 1;
    const racing: UnitOfWork = {
      transaction: (work) =>
        billing.store.transaction((repos) =>
          work({
            ...repos,
            idempotency: {
              get: async (key) => (hidden-- > 0 ? null : repos.idempotency.get(key)),
              insert: (record) => repos.idempotency.insert(record),
            },
          } as Repositories),
        ),
    };
    const first = expectOk(await createInvoiceSchedule(billing.context, create('k-2')));
    const before = billing.store.probe.snapshot();
    const duplicate = expectOk(
      await createInvoiceSchedule({ ...billing.context, store: racing }, create('k-2')),
    );
    expect(duplicate.number).toBe(first.number);
    // The duplicate's schedule (and its number) rolled back: the store is as the first left it.
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('canonical requests: key order and undefined fields do not matter; the key itself is left out', () => {
    expect(canonicalRequest({ b: 1, a: [1, { d: undefined, c: '2' }], idempotencyKey: 'x' })).toBe(
      canonicalRequest({ a: [1, { c: '2' }], b: 1 }),
    );
    expect(canonicalRequest({ a: '1' })).not.toBe(canonicalRequest({ a: 1 }));
  });
});
