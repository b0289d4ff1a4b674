// An operation reads its input during the call (found in a review): a caller that changes the input object after
// the call, before awaiting the result, changes nothing. Three operations read parts of it again inside their
// transaction, after an `await`: `saveNewOrder` parsed the order there (it needs the account's currency),
// `generateBillingDocuments` read the account number again, and the detach and attach of charges read the
// selection again (a selection changed to a number made the promise reject with a TypeError).
import * as api from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { describe, expect, it } from 'vitest';
import { chargeInput, createSubscription, expectOk } from '../support/billing';
import { seedOf } from '../support/racing';
import { givenAccountsDue } from '../support/scenarios';

type Context = Parameters<typeof api.runBillRun>[0];

/** Two equal stores of A-001 and A-002 (C01 orders, one due schedule each), after `prepare`. */
async function twoWorlds(prepare?: (context: Context) => Promise<void>) {
  const billing = await givenAccountsDue(2);
  if (prepare) await prepare(billing.context);
  const seed = seedOf(billing.store.probe.snapshot());
  const world = () => {
    const store = createMemoryStore({ initial: seed });
    const context: Context = {
      store,
      clock: api.fixedClock('2023-03-01T12:00:00Z'),
      ids: createSequentialIds('r-'),
      settings: api.DEFAULT_TENANT_SETTINGS,
    };
    return { store, context };
  };
  return [world(), world()] as const;
}

describe('a caller that changes its input after the call changes nothing', () => {
  it('saveNewOrder saves the order as it was at the call', async () => {
    const [{ context }] = await twoWorlds();
    const input = {
      number: 'O-0200',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: [createSubscription('S200', [chargeInput({ number: 'C200', price: '1200.00' })])],
    };
    const call = api.saveNewOrder(context, input);
    (input.actions[0] as { ratePlans: { charges: { price: string }[] }[] }).ratePlans[0]!.charges[0]!.price =
      '999999.00';
    input.number = 'O-0201';
    const saved = expectOk(await call);
    expect(saved.number).toBe('O-0200');
    const action = saved.actions[0] as unknown as {
      ratePlans: { charges: { price: { toFixed(dp: number): string } }[] }[];
    };
    expect(action.ratePlans[0]?.charges[0]?.price.toFixed(2)).toBe('1200.00');
  });

  it('generateBillingDocuments bills the account named at the call', async () => {
    const [changed, unchanged] = await twoWorlds();
    const input = { accountNumber: 'A-001', targetDate: '2023-03-01' };
    const call = api.generateBillingDocuments(changed.context, input);
    input.accountNumber = 'A-002';
    const run = expectOk(await call);
    expect(run.accountNumbers).toEqual(['A-001']);
    expectOk(
      await api.generateBillingDocuments(unchanged.context, {
        accountNumber: 'A-001',
        targetDate: '2023-03-01',
      }),
    );
    expect(changed.store.probe.snapshot()).toEqual(unchanged.store.probe.snapshot());
  });

  it.each([
    [
      'specificSubscriptions replaced by a number',
      (input: Record<string, unknown>) => {
        input.specificSubscriptions = 42;
      },
    ],
    [
      'another charge selected, another schedule named',
      (input: Record<string, unknown>) => {
        (input.specificSubscriptions as { chargeNumbers: string[] }[])[0]!.chargeNumbers[0] = 'C9';
        input.invoiceScheduleNumber = 'IS-00000002';
      },
    ],
  ])('detachInvoiceScheduleCharges detaches what was selected at the call (%s)', async (_what, change) => {
    const [changed, unchanged] = await twoWorlds(async (context) => {
      const run = expectOk(await api.runBillRun(context, { targetDate: '2023-03-01' }));
      for (const n of run.invoiceNumbers) expectOk(await api.postInvoice(context, { invoiceNumber: n }));
    });
    const selection = () => ({
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
    });
    const input: Record<string, unknown> = selection();
    const call = api.detachInvoiceScheduleCharges(changed.context, input as never);
    change(input);
    const answer = await call;
    const expected = await api.detachInvoiceScheduleCharges(unchanged.context, selection());
    expect(answer.isOk()).toBe(expected.isOk());
    expect(answer.isOk() ? answer.value : answer.error).toEqual(
      expected.isOk() ? expected.value : expected.error,
    );
    expect(changed.store.probe.snapshot()).toEqual(unchanged.store.probe.snapshot());
  });
});

describe('readOnce', () => {
  it('copies plain objects and lists, reads each field once, keeps a __proto__ field a field, and holes holes', async () => {
    const { readOnce } = await import('../../src/domain/input');
    let reads = 0;
    const input = JSON.parse('{"__proto__": {"x": 1}, "list": [1, 2]}') as Record<string, unknown>;
    Object.defineProperty(input, 'price', { enumerable: true, get: () => `${++reads}.00` });
    (input.list as unknown[])[4] = 5;
    const copy = readOnce(input) as Record<string, unknown>;
    expect(reads).toBe(1);
    expect(copy.price).toBe('1.00');
    expect(copy.price).toBe('1.00');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'list', 'price']);
    expect(3 in (copy.list as unknown[])).toBe(false);
    expect(copy.list).toHaveLength(5);
    const date = new Date(0);
    expect(readOnce({ at: date })).toEqual({ at: date });
    expect((readOnce({ at: date }) as { at: Date }).at).toBe(date);
  });
});

describe('a request read once stays bounded and reads each field once', () => {
  /** An object whose 8 fields each return the object itself: 8^16 values to a walk down to the depth limit. */
  function bomb(counter: { reads: number }): Record<string, unknown> {
    const self: Record<string, unknown> = {};
    for (let k = 0; k < 8; k += 1)
      Object.defineProperty(self, `k${k}`, {
        enumerable: true,
        get: () => {
          counter.reads += 1;
          return self;
        },
      });
    return self;
  }
  const order = () => ({
    number: 'O-0300',
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [createSubscription('S300', [chargeInput({ number: 'C300', price: '1200.00' })])],
  });

  it('saveNewOrder refuses a field that expands past the limits, after a bounded number of reads', async () => {
    const [{ store, context }] = await twoWorlds();
    const before = store.probe.snapshot();
    const counter = { reads: 0 };
    const input = order();
    Object.defineProperty(input, 'status', { enumerable: true, get: () => bomb(counter) });
    const saved = await api.saveNewOrder(context, input);
    expect(saved._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidInput' });
    expect((saved._unsafeUnwrapErr() as { path: string }).path).toMatch(/^status\./);
    expect(counter.reads).toBeLessThan(250_000);
    expect(store.probe.snapshot()).toEqual(before);
  });

  it('saveNewOrder reads a getter once: the size check and the parser see the same value', async () => {
    const [{ context }] = await twoWorlds();
    const counter = { reads: 0 };
    let first = true;
    const input = order();
    Object.defineProperty(input, 'status', {
      enumerable: true,
      get: () => {
        if (!first) return bomb(counter);
        first = false;
        return 'Draft';
      },
    });
    expect(expectOk(await api.saveNewOrder(context, input)).status).toBe('Draft');
    expect(counter.reads).toBe(0);
  });

  it('the detach of charges reads each charge number once, and refuses a hole', async () => {
    const [{ context }] = await twoWorlds();
    let reads = 0;
    const chargeNumbers = ['C1'];
    Object.defineProperty(chargeNumbers, 0, {
      enumerable: true,
      get: () => (++reads === 1 ? 'C1' : { length: 3 }),
    });
    const selection = {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers }],
    };
    await api.detachInvoiceScheduleCharges(context, selection);
    expect(reads).toBe(1);
    const withHole = ['C1', 'C9', 'C2'];
    delete withHole[1];
    const holed = {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: withHole }],
    };
    const refused = await api.detachInvoiceScheduleCharges(context, holed as never);
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      type: 'InvalidInput',
      path: 'specificSubscriptions[0].chargeNumbers[1]',
      received: 'nothing (undefined)',
    });
  });
});

describe('a Proxy in a request is read once, and stays bounded', () => {
  /** A list Proxy whose `length` answers `lengths` in turn, then the last one; it has no elements. */
  function shiftingList(lengths: readonly number[]) {
    let reads = 0;
    return new Proxy([] as unknown[], {
      get: (target, key) =>
        key === 'length' ? lengths[Math.min(reads++, lengths.length - 1)] : Reflect.get(target, key),
      has: () => false,
    });
  }

  it.each([
    ['1, 1, then 30 million', [1, 1, 30_000_000]],
    ['2000, then 5', [2000, 5]],
    ['5000, then 1', [5000, 1]],
    ['1, then 2^32', [1, 2 ** 32]],
  ])('saveNewOrder and a detach answer a Result for a list whose length reads %s', async (_what, lengths) => {
    const [{ store, context }] = await twoWorlds();
    const before = store.probe.snapshot();
    const order = await api.saveNewOrder(context, {
      number: 'O-0400',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: shiftingList(lengths),
    });
    expect(order.isErr()).toBe(true);
    const detach = await api.detachInvoiceScheduleCharges(context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: shiftingList(lengths) as never,
    });
    expect(detach._unsafeUnwrapErr().type).toBe('InvalidInput');
    expect(store.probe.snapshot()).toEqual(before);
  });

  it('a context whose trap throws something that cannot be shown, or a very long message, is InvalidContext', async () => {
    for (const thrown of [Object.create(null), new Error('x'.repeat(100_000))]) {
      const context = new Proxy(
        {},
        {
          get: () => {
            throw thrown;
          },
        },
      );
      const answer = await api.getInvoiceSchedule(context as never, 'IS-00000001');
      expect(answer._unsafeUnwrapErr().type).toBe('InvalidContext');
      expect(answer._unsafeUnwrapErr().message.length).toBeLessThan(400);
    }
  });
});
