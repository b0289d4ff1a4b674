// A request whose getter or Proxy trap throws (a known gap, carried over for many sessions): a JavaScript
// caller's input read by an operation threw through it, so the operation's promise rejected with the caller's
// error instead of answering `InvalidInput`. Every operation of src/index.ts that takes a request object now
// reads it once at its boundary (`readRequest`), and a read that throws is `InvalidInput` at the field being
// read, with nothing saved. The host's own ports, clock and ids still throw as before.

import { readFileSync } from 'node:fs';
import * as api from 'invoice-schedules';
import { createMemoryStore, createSequentialIds, type MemoryStoreSeed } from 'invoice-schedules/memory';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BillingContext } from '../../src/ports';
import { chargeInput, createSubscription, expectOk } from '../support/billing';
import { seedOf } from '../support/racing';
import { givenAccountsDue } from '../support/scenarios';

/** What the caller's getters throw: it must come back in no answer. */
const SENTINEL = 'caller-getter-boom';
const boom = (): never => {
  throw new Error(SENTINEL);
};

let seed: MemoryStoreSeed;

// Two accounts with a due schedule each (C01's order), one bill run done (two Draft invoices), one bill run
// left Running, one saved order not yet activated.
beforeAll(async () => {
  const billing = await givenAccountsDue(2);
  expectOk(await api.runBillRun(billing.context, { targetDate: '2023-02-04' }));
  expectOk(await api.startBillRun(billing.context, { targetDate: '2023-03-01' }));
  expectOk(
    await api.saveNewOrder(billing.context, {
      number: 'O-0100',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: [createSubscription('S100', [chargeInput({ number: 'C100', price: '1200.00' })])],
    }),
  );
  seed = seedOf(billing.store.probe.snapshot());
});

function freshWorld() {
  const store = createMemoryStore({ initial: seed });
  const context: BillingContext = {
    store,
    clock: api.fixedClock('2023-03-01T12:00:00Z'),
    ids: createSequentialIds('t-'),
    settings: api.DEFAULT_TENANT_SETTINGS,
  };
  return { store, context };
}

type Call = (context: BillingContext, input: unknown, options?: unknown) => unknown;
const untyped = (f: unknown) => f as Call;

const order = () => ({
  number: 'O-0900',
  accountNumber: 'A-001',
  orderDate: '2023-01-01',
  actions: [createSubscription('S900', [chargeInput({ number: 'C900', price: '1200.00' })])],
});
const item = () => ({ name: 'Kick-off', runDate: '2023-02-04', amount: '70200.00' });

/** Every operation of src/index.ts that takes a request object, with a valid request of the seeded world. */
const OPERATIONS: Readonly<Record<string, { readonly call: Call; readonly valid: () => object }>> = {
  saveNewAccount: {
    call: untyped(api.saveNewAccount),
    valid: () => ({ id: 'acc-900', number: 'A-900', name: 'Acme', currency: 'USD' }),
  },
  saveNewOrder: { call: untyped(api.saveNewOrder), valid: order },
  activateSavedOrder: { call: untyped(api.activateSavedOrder), valid: () => ({ orderNumber: 'O-0100' }) },
  createInvoiceSchedule: {
    call: untyped(api.createInvoiceSchedule),
    valid: () => ({ accountNumber: 'A-001', orders: ['O-0001'], items: [item()] }),
  },
  updateInvoiceSchedule: {
    call: untyped(api.updateInvoiceSchedule),
    valid: () => ({
      invoiceScheduleNumber: 'IS-00000002',
      items: [{ ...item(), id: 'InvoiceScheduleItem-000002' }],
    }),
  },
  pauseInvoiceSchedule: {
    call: untyped(api.pauseInvoiceSchedule),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000002' }),
  },
  resumeInvoiceSchedule: {
    call: untyped(api.resumeInvoiceSchedule),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000002' }),
  },
  deleteInvoiceSchedule: {
    call: untyped(api.deleteInvoiceSchedule),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000002' }),
  },
  detachInvoiceScheduleCharges: {
    call: untyped(api.detachInvoiceScheduleCharges),
    valid: () => ({
      invoiceScheduleNumber: 'IS-00000002',
      specificSubscriptions: [{ subscriptionNumber: '002S1', chargeNumbers: ['C1'] }],
    }),
  },
  attachInvoiceScheduleCharges: {
    call: untyped(api.attachInvoiceScheduleCharges),
    valid: () => ({
      invoiceScheduleNumber: 'IS-00000002',
      specificSubscriptions: [{ subscriptionNumber: '002S1', chargeNumbers: ['C1'] }],
    }),
  },
  executeInvoiceSchedule: {
    call: untyped(api.executeInvoiceSchedule),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000002' }),
  },
  generateBillingDocuments: {
    call: untyped(api.generateBillingDocuments),
    valid: () => ({ accountNumber: 'A-002', targetDate: '2023-03-01' }),
  },
  runBillRun: { call: untyped(api.runBillRun), valid: () => ({ targetDate: '2023-03-01' }) },
  startBillRun: { call: untyped(api.startBillRun), valid: () => ({ targetDate: '2023-03-01' }) },
  billAccount: {
    call: untyped(api.billAccount),
    valid: () => ({ billRunNumber: 'BR-00000002', accountNumber: 'A-002' }),
  },
  completeBillRun: { call: untyped(api.completeBillRun), valid: () => ({ billRunNumber: 'BR-00000002' }) },
  workOnBillRun: {
    call: untyped(api.workOnBillRun),
    valid: () => ({ billRunNumber: 'BR-00000002', worker: 'w-1' }),
  },
  postInvoice: { call: untyped(api.postInvoice), valid: () => ({ invoiceNumber: 'INV00000002' }) },
  cancelInvoice: { call: untyped(api.cancelInvoice), valid: () => ({ invoiceNumber: 'INV00000002' }) },
  reverseInvoice: { call: untyped(api.reverseInvoice), valid: () => ({ invoiceNumber: 'INV00000001' }) },
  postCreditMemo: { call: untyped(api.postCreditMemo), valid: () => ({ creditMemoNumber: 'CM00000001' }) },
  applyCreditMemo: {
    call: untyped(api.applyCreditMemo),
    valid: () => ({
      creditMemoNumber: 'CM00000001',
      applications: [{ invoiceNumber: 'INV00000001', amount: '10.00' }],
    }),
  },
  unapplyCreditMemo: {
    call: untyped(api.unapplyCreditMemo),
    valid: () => ({ creditMemoNumber: 'CM00000001', invoiceNumber: 'INV00000001', amount: '10.00' }),
  },
  cancelCreditMemo: {
    call: untyped(api.cancelCreditMemo),
    valid: () => ({ creditMemoNumber: 'CM00000001' }),
  },
  listInvoiceSchedules: {
    call: untyped(api.listInvoiceSchedules),
    valid: () => ({ accountNumber: 'A-001' }),
  },
  listItemsDue: { call: untyped(api.listItemsDue), valid: () => ({ targetDate: '2023-03-01' }) },
  listInvoices: { call: untyped(api.listInvoices), valid: () => ({ accountNumber: 'A-001' }) },
  listCreditMemos: { call: untyped(api.listCreditMemos), valid: () => ({ accountNumber: 'A-001' }) },
  previewBillRun: { call: untyped(api.previewBillRun), valid: () => ({ targetDate: '2023-03-01' }) },
  previewExecution: {
    call: untyped(api.previewExecution),
    valid: () => ({ invoiceScheduleNumber: 'IS-00000002' }),
  },
  pruneIdempotencyRecords: {
    call: untyped(api.pruneIdempotencyRecords),
    valid: () => ({ before: '2023-01-01T00:00:00.000Z' }),
  },
};

/** The operations that take a bare key (a string) instead of a request object. */
const BY_KEY = [
  'getBillRun',
  'getCreditMemo',
  'getInvoice',
  'getInvoiceSchedule',
  'listScheduleCreditMemos',
  'listScheduleInvoices',
];

/** Calls `call` and awaits its answer: neither a synchronous throw nor a rejection gets past this. */
async function answerOf(call: () => unknown): Promise<{ isErr(): boolean; error?: unknown }> {
  let answer: unknown;
  expect(() => {
    answer = call();
  }).not.toThrow();
  return (await answer) as { isErr(): boolean; error?: unknown };
}

/** Runs `call` on a fresh world: the answer is `InvalidInput` at `path`, naming it, and nothing is saved. */
async function expectUnreadable(call: (context: BillingContext) => unknown, path: string): Promise<void> {
  const { store, context } = freshWorld();
  const before = store.probe.snapshot();
  const outbox = store.probe.outbox().length;
  const answer = await answerOf(() => call(context));
  expect(answer.isErr()).toBe(true);
  const error = answer.error as { type: string; path: string; message: string; received: string };
  expect({ type: error.type, path: error.path }).toEqual({ type: 'InvalidInput', path });
  expect(error.message.startsWith(`${path || 'input'} could not be read:`)).toBe(true);
  expect(JSON.stringify(error)).not.toContain(SENTINEL);
  expect(Object.isFrozen(error)).toBe(true);
  expect(store.probe.snapshot()).toEqual(before);
  expect(store.probe.outbox()).toHaveLength(outbox);
}

/** `request` with a non-enumerable getter that throws at `key` (as `Object.defineProperty` defines one). */
function withThrowingGetter<T extends object>(request: T, key: string, enumerable = false): T {
  return Object.defineProperty(request, key, { get: boom, enumerable, configurable: true });
}

describe('a request whose getter or Proxy trap throws is InvalidInput naming the field, and nothing is saved', () => {
  it('covers every operation of src/index.ts that takes a request object (etc/api-report.md)', () => {
    const report = readFileSync(new URL('../../etc/api-report.md', import.meta.url), 'utf8');
    const section = report.split('### Operations')[1]?.split('###')[0] ?? '';
    const listed = [...section.matchAll(/^- `(\w+)`: function$/gm)].map((m) => m[1] as string);
    expect(listed.length).toBeGreaterThan(30);
    const byKey = listed.filter((name) => !(name in OPERATIONS));
    // The rest take a bare key (a string), which has no getter: getInvoiceSchedule's options are tested below.
    expect(byKey.sort()).toEqual([...BY_KEY].sort());
    for (const name of Object.keys(OPERATIONS))
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });

  describe.each(Object.entries(OPERATIONS))('%s', (_name, { call, valid }) => {
    const first = () => Object.keys(valid())[0] as string;

    it('a getter that throws, defined with Object.defineProperty (not enumerable)', async () => {
      await expectUnreadable((context) => call(context, withThrowingGetter(valid(), first())), first());
    });

    it('an enumerable getter that throws', async () => {
      await expectUnreadable((context) => call(context, withThrowingGetter(valid(), first(), true)), first());
    });

    it('a Proxy whose get trap throws', async () => {
      await expectUnreadable((context) => call(context, new Proxy(valid(), { get: boom })), first());
    });

    it('a Proxy whose ownKeys trap throws', async () => {
      await expectUnreadable((context) => call(context, new Proxy(valid(), { ownKeys: boom })), '');
    });

    it('a revoked Proxy', async () => {
      const { proxy, revoke } = Proxy.revocable(valid(), {});
      revoke();
      await expectUnreadable((context) => call(context, proxy), '');
    });
  });
});

describe('a nested getter or Proxy trap that throws is InvalidInput at its path', () => {
  const proxyBoom = <T extends object>(target: T): T => new Proxy(target, { get: boom });
  /** A list whose element `at` throws when read (its length reads as it is). */
  const elementBoom = <T extends object>(target: T, at: number): T =>
    new Proxy(target, { get: (t, key, r) => (key === String(at) ? boom() : Reflect.get(t, key, r)) });
  it.each([
    [
      'saveNewOrder: a charge price in an order action',
      'actions[0].ratePlans[0].charges[0].price',
      (context: BillingContext) => {
        const input = order();
        const charge = (input.actions[0] as { ratePlans: { charges: object[] }[] }).ratePlans[0]?.charges[0];
        withThrowingGetter(charge as object, 'price', true);
        return api.saveNewOrder(context, input);
      },
    ],
    [
      'saveNewOrder: an order action that is a Proxy whose ownKeys trap throws',
      'actions[0]',
      (context: BillingContext) => {
        const input = order();
        input.actions[0] = new Proxy(input.actions[0] as object, { ownKeys: boom }) as never;
        return api.saveNewOrder(context, input);
      },
    ],
    [
      'createInvoiceSchedule: a schedule item amount',
      'items[1].amount',
      (context: BillingContext) =>
        api.createInvoiceSchedule(context, {
          accountNumber: 'A-001',
          orders: ['O-0001'],
          items: [item(), withThrowingGetter({ ...item(), runDate: '2023-03-01' }, 'amount', true)],
        } as never),
    ],
    [
      'createInvoiceSchedule: an orders list whose get trap throws (its length cannot be read)',
      'orders',
      (context: BillingContext) =>
        api.createInvoiceSchedule(context, {
          accountNumber: 'A-001',
          orders: proxyBoom(['O-0001']),
          items: [item()],
        }),
    ],
    [
      'updateInvoiceSchedule: a schedule item that is a Proxy whose get trap throws',
      'items[0].name',
      (context: BillingContext) =>
        api.updateInvoiceSchedule(context, {
          invoiceScheduleNumber: 'IS-00000002',
          items: [proxyBoom({ ...item(), id: 'InvoiceScheduleItem-000002' })],
        }),
    ],
    [
      'detachInvoiceScheduleCharges: a charge number',
      'specificSubscriptions[0].chargeNumbers[0]',
      (context: BillingContext) =>
        api.detachInvoiceScheduleCharges(context, {
          invoiceScheduleNumber: 'IS-00000002',
          specificSubscriptions: [{ subscriptionNumber: '002S1', chargeNumbers: elementBoom(['C1'], 0) }],
        }),
    ],
    [
      'applyCreditMemo: an application amount',
      'applications[0].amount',
      (context: BillingContext) =>
        api.applyCreditMemo(context, {
          creditMemoNumber: 'CM00000001',
          applications: [withThrowingGetter({ invoiceNumber: 'INV00000001', amount: '1.00' }, 'amount')],
        }),
    ],
    [
      'runBillRun: an account number filter',
      'accountNumbers[1]',
      (context: BillingContext) =>
        api.runBillRun(context, {
          targetDate: '2023-03-01',
          accountNumbers: elementBoom(['A-001', 'A-002'], 1),
        }),
    ],
    [
      'listInvoiceSchedules: a date range',
      'nextRunDate.from',
      (context: BillingContext) =>
        api.listInvoiceSchedules(context, {
          nextRunDate: withThrowingGetter({ from: '2023-01-01', to: '2023-12-31' }, 'from', true),
        } as never),
    ],
  ])('%s (%s)', async (_what, path, call) => {
    await expectUnreadable(call, path);
  });

  it.each([
    [
      'runBillRun',
      (c: BillingContext, o: unknown) => api.runBillRun(c, { targetDate: '2023-03-01' }, o as never),
    ],
    [
      'workOnBillRun',
      (c: BillingContext, o: unknown) =>
        api.workOnBillRun(c, { billRunNumber: 'BR-00000002', worker: 'w-1' }, o as never),
    ],
    [
      'getInvoiceSchedule',
      (c: BillingContext, o: unknown) => api.getInvoiceSchedule(c, 'IS-00000001', o as never),
    ],
  ])('%s: an options object whose getter throws', async (_name, call) => {
    const key = _name === 'getInvoiceSchedule' ? 'includeDeleted' : 'keepEvents';
    await expectUnreadable((context) => call(context, withThrowingGetter({}, key)), `options.${key}`);
    await expectUnreadable((context) => call(context, new Proxy({}, { ownKeys: boom })), 'options');
  });
});

describe('what is not the caller input still throws', () => {
  it("a repository that throws rejects the call, as before: the host's port is not the caller's input", async () => {
    const { context } = freshWorld();
    const store = {
      ...context.store,
      transaction: () => Promise.reject(new Error('port failed')),
    };
    const call = api.createInvoiceSchedule({ ...context, store } as BillingContext, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [item()],
    });
    await expect(Promise.resolve(call)).rejects.toThrow('port failed');
  });

  it('a getter whose value is read only once is read once, and the request otherwise works as before', async () => {
    const { context } = freshWorld();
    let reads = 0;
    const input = Object.defineProperty({ orders: ['O-0001'], items: [item()] }, 'accountNumber', {
      enumerable: false,
      get: () => {
        reads += 1;
        return 'A-001';
      },
    });
    const created = await api.createInvoiceSchedule(context, input as never);
    expect(created._unsafeUnwrapErr().type).toBe('ChargeAlreadyScheduled');
    expect(reads).toBe(1);
  });
});
