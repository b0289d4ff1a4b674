import { describe, expect, it } from 'vitest';
import * as api from '../../src/index';
import * as billAccountOperations from '../../src/operations/bill-account';
import { billAccount } from '../../src/operations/bill-account';
import * as billRunOperations from '../../src/operations/bill-run';
import { completeBillRun, runBillRun, startBillRun } from '../../src/operations/bill-run';
import * as workerOperations from '../../src/operations/bill-run-worker';
import { workOnBillRun } from '../../src/operations/bill-run-worker';
import * as contractOperations from '../../src/operations/contracts';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../src/operations/contracts';
import * as createOperations from '../../src/operations/create-invoice-schedule';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import * as executeOperations from '../../src/operations/execute';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import * as generateOperations from '../../src/operations/generate';
import { generateBillingDocuments } from '../../src/operations/generate';
import * as invoiceOperations from '../../src/operations/invoices';
import { cancelInvoice, postCreditMemo, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import * as lifecycleOperations from '../../src/operations/lifecycle';
import {
  attachInvoiceScheduleCharges,
  deleteInvoiceSchedule,
  detachInvoiceScheduleCharges,
  pauseInvoiceSchedule,
  resumeInvoiceSchedule,
  updateInvoiceSchedule,
} from '../../src/operations/lifecycle';
import * as listingOperations from '../../src/operations/listings';
import {
  listCreditMemos,
  listInvoiceSchedules,
  listInvoices,
  listItemsDue,
} from '../../src/operations/listings';
import * as previewOperations from '../../src/operations/preview';
import { previewBillRun, previewExecution } from '../../src/operations/preview';
import * as queryOperations from '../../src/operations/queries';
import {
  getBillRun,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  listScheduleCreditMemos,
  listScheduleInvoices,
} from '../../src/operations/queries';
import * as settlementOperations from '../../src/operations/settlement';
import { applyCreditMemo, cancelCreditMemo, unapplyCreditMemo } from '../../src/operations/settlement';
import type { BillingContext, InvalidContext, UnitOfWork } from '../../src/ports';
import {
  C01_SUBSCRIPTIONS,
  chargeInput,
  expectErr,
  expectOk,
  newBilling,
  setUpOrder,
  type TestBilling,
} from '../support/billing';

// Every operation checks its whole BillingContext { store, clock, ids, settings } before it reads its
// input or opens a transaction: an incomplete one is returned as InvalidContext naming the part (never a
// TypeError thrown from deep inside), and nothing is written. Input without the number an operation needs
// is an InvalidInput naming the field, never "Order undefined does not exist".

/**
 * What the tests read of an operation's result. The operations are called through `() => unknown`:
 * their `ResultAsync`s of different error types share no narrower common type.
 */
interface Outcome {
  isErr(): boolean;
  _unsafeUnwrap(): unknown;
  _unsafeUnwrapErr(): unknown;
}

type Run = (context: BillingContext) => unknown;

/** Every public operation, with well-formed input: most of them write when the context is complete. */
const OPERATIONS: Readonly<Record<string, Run>> = {
  saveNewAccount: (c) => saveNewAccount(c, { id: 'acc-A-002', number: 'A-002', name: 'B', currency: 'USD' }),
  saveNewOrder: (c) => saveNewOrder(c, draftOrder('O-0003', 'S6', 'C6')),
  activateSavedOrder: (c) => activateSavedOrder(c, { orderNumber: 'O-0004' }),
  createInvoiceSchedule: (c) =>
    createInvoiceSchedule(c, {
      accountNumber: 'A-001',
      orders: ['O-0002'],
      items: [{ runDate: '2023-03-01', amount: '900.00' }],
    }),
  updateInvoiceSchedule: (c) =>
    updateInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001', notes: 'n' }),
  pauseInvoiceSchedule: (c) => pauseInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001' }),
  resumeInvoiceSchedule: (c) => resumeInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001' }),
  deleteInvoiceSchedule: (c) => deleteInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001' }),
  detachInvoiceScheduleCharges: (c) =>
    detachInvoiceScheduleCharges(c, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
    }),
  attachInvoiceScheduleCharges: (c) =>
    attachInvoiceScheduleCharges(c, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
    }),
  executeInvoiceSchedule: (c) => executeInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001' }),
  runBillRun: (c) => runBillRun(c, { targetDate: '2023-12-31' }),
  startBillRun: (c) => startBillRun(c, { targetDate: '2023-12-31' }),
  billAccount: (c) => billAccount(c, { billRunNumber: 'BR-00000001', accountNumber: 'A-001' }),
  completeBillRun: (c) => completeBillRun(c, { billRunNumber: 'BR-00000001' }),
  generateBillingDocuments: (c) =>
    generateBillingDocuments(c, { accountNumber: 'A-001', targetDate: '2023-12-31' }),
  postInvoice: (c) => postInvoice(c, { invoiceNumber: 'INV00000001' }),
  cancelInvoice: (c) => cancelInvoice(c, { invoiceNumber: 'INV00000001' }),
  reverseInvoice: (c) => reverseInvoice(c, { invoiceNumber: 'INV00000001' }),
  postCreditMemo: (c) => postCreditMemo(c, { creditMemoNumber: 'CM00000001' }),
  getInvoiceSchedule: (c) => getInvoiceSchedule(c, 'IS-00000001'),
  getInvoice: (c) => getInvoice(c, 'INV00000001'),
  listScheduleInvoices: (c) => listScheduleInvoices(c, 'IS-00000001'),
  getBillRun: (c) => getBillRun(c, 'BR-00000001'),
  getCreditMemo: (c) => getCreditMemo(c, 'CM00000001'),
  listScheduleCreditMemos: (c) => listScheduleCreditMemos(c, 'IS-00000001'),
  workOnBillRun: (c) => workOnBillRun(c, { billRunNumber: 'BR-00000001', worker: 'w1' }),
  previewBillRun: (c) => previewBillRun(c, { targetDate: '2023-12-31' }),
  previewExecution: (c) => previewExecution(c, { invoiceScheduleNumber: 'IS-00000001' }),
  listInvoiceSchedules: (c) => listInvoiceSchedules(c, { accountNumber: 'A-001' }),
  listItemsDue: (c) => listItemsDue(c, { targetDate: '2023-12-31' }),
  listInvoices: (c) => listInvoices(c, { accountNumber: 'A-001' }),
  listCreditMemos: (c) => listCreditMemos(c, { accountNumber: 'A-001' }),
  applyCreditMemo: (c) =>
    applyCreditMemo(c, {
      creditMemoNumber: 'CM00000001',
      applications: [{ invoiceNumber: 'INV00000001', amount: '1.00' }],
    }),
  unapplyCreditMemo: (c) =>
    unapplyCreditMemo(c, { creditMemoNumber: 'CM00000001', invoiceNumber: 'INV00000001' }),
  cancelCreditMemo: (c) => cancelCreditMemo(c, { creditMemoNumber: 'CM00000001' }),
};

function draftOrder(number: string, subscriptionNumber: string, chargeNumber: string) {
  return {
    number,
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber,
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: `rp-${subscriptionNumber}`,
            name: 'Plan',
            charges: [chargeInput({ number: chargeNumber, price: '1000.00' })],
          },
        ],
      },
    ],
  };
}

/**
 * A store with something for every operation to act on: C01's schedule IS-00000001 with its first
 * item billed (INV00000001, Draft, bill run BR-00000001), an activated order O-0002 without a
 * schedule, and a Draft order O-0004 to activate (O-0003 is left for saveNewOrder to create).
 */
async function billed(): Promise<TestBilling> {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  await setUpOrder(billing, {
    createAccount: false,
    orderNumber: 'O-0002',
    subscriptions: [
      {
        number: 'S5',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C5', price: '900.00' }],
      },
    ],
  });
  expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '20200.00' },
      ],
    }),
  );
  // Only the schedule is billed, so O-0002's charge stays unbilled for createInvoiceSchedule.
  expectOk(
    await runBillRun(billing.context, { targetDate: '2023-02-04', invoiceScheduleNumbers: ['IS-00000001'] }),
  );
  expectOk(await saveNewOrder(billing.context, draftOrder('O-0004', 'S7', 'C7')));
  return billing;
}

/** The billing's context with a store that counts the transactions it opens. */
function counting(billing: TestBilling): { context: BillingContext; opened: () => number } {
  let opened = 0;
  const store: UnitOfWork = {
    transaction: (work) => {
      opened += 1;
      return billing.store.transaction(work);
    },
  };
  return { context: { ...billing.context, store }, opened: () => opened };
}

function omit(context: BillingContext, part: keyof BillingContext): unknown {
  const copy: Record<string, unknown> = { ...context };
  delete copy[part];
  return copy;
}

function settingsWith(context: BillingContext, change: Record<string, unknown>): unknown {
  const settings: Record<string, unknown> = { ...context.settings, ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete settings[k];
  return { ...context, settings };
}

/** [missing, how the context is broken, the broken context] */
const BROKEN: readonly (readonly [string, string, (good: BillingContext) => unknown])[] = [
  ['context', 'undefined', () => undefined],
  ['context', 'null', () => null],
  ['context', 'a string', () => 'tenant-1'],
  ['store', 'no store', (c) => omit(c, 'store')],
  ['store.transaction', 'a store without transaction', (c) => ({ ...c, store: {} })],
  ['clock', 'no clock', (c) => omit(c, 'clock')],
  ['clock.now', 'a clock without now', (c) => ({ ...c, clock: { now: 'today' } })],
  // Each part with its method before the next part (docs/errors/context.md; review 202).
  [
    'store.transaction',
    'a store without transaction and no clock',
    (c) => omit({ ...c, store: {} } as never, 'clock'),
  ],
  ['ids', 'no ids', (c) => omit(c, 'ids')],
  ['ids.next', 'ids without next', (c) => ({ ...c, ids: {} })],
  ['settings', 'no settings', (c) => omit(c, 'settings')],
  ['settings', 'null settings', (c) => ({ ...c, settings: null })],
  ['settings.timeZone', 'settings without timeZone', (c) => settingsWith(c, { timeZone: undefined })],
  ['settings.rounding', 'settings without rounding', (c) => settingsWith(c, { rounding: undefined })],
  ['settings.timeZone', "timeZone 'Mars/Base'", (c) => settingsWith(c, { timeZone: 'Mars/Base' })],
  [
    'settings.prorationDays',
    "prorationDays 'thirtyish'",
    (c) => settingsWith(c, { prorationDays: 'thirtyish' }),
  ],
];

/** A host's context built as a class whose parts are getters (read through its prototype). */
class TenantContext {
  readonly #inner: BillingContext;
  constructor(inner: BillingContext) {
    this.#inner = inner;
  }
  get store() {
    return this.#inner.store;
  }
  get clock() {
    return this.#inner.clock;
  }
  get ids() {
    return this.#inner.ids;
  }
  get settings() {
    return this.#inner.settings;
  }
}

/** [how, the context shaped so from a plain one]: contexts whose parts are not own fields. */
const SHAPED: readonly (readonly [string, (plain: BillingContext) => BillingContext])[] = [
  ['a class instance with getters', (c) => new TenantContext(c) as unknown as BillingContext],
  [
    'an object whose settings and clock are inherited (Object.create)',
    (c) =>
      Object.assign(Object.create({ settings: Object.create(c.settings), clock: c.clock }), {
        store: c.store,
        ids: c.ids,
      }) as BillingContext,
  ],
];

/** An operation's answer as JSON text, or its error's type and message. */
function outcomeOf(result: Outcome): unknown {
  if (!result.isErr()) return JSON.stringify(result._unsafeUnwrap());
  const error = result._unsafeUnwrapErr() as { type: string; message: string };
  return { type: error.type, message: error.message };
}

/** Runs an operation that must not throw, synchronously or asynchronously, and returns its result. */
async function settled(run: () => unknown): Promise<Outcome> {
  let pending: unknown;
  expect(() => {
    pending = run();
  }).not.toThrow();
  return (await pending) as Outcome;
}

describe('InvalidContext', () => {
  it('the table above lists every public operation', () => {
    const modules = {
      ...billAccountOperations,
      ...billRunOperations,
      ...generateOperations,
      ...contractOperations,
      ...createOperations,
      ...executeOperations,
      ...invoiceOperations,
      ...lifecycleOperations,
      ...queryOperations,
      ...workerOperations,
      ...previewOperations,
      ...listingOperations,
      ...settlementOperations,
    };
    const exported = Object.entries(modules)
      .filter(([name, value]) => typeof value === 'function' && name in api)
      .map(([name]) => name)
      .sort();
    expect(Object.keys(OPERATIONS).sort()).toEqual(exported);
  });

  describe.each(Object.entries(OPERATIONS))('%s', (_name, run) => {
    it('accepts a complete context (the control: the input below is well-formed)', async () => {
      const billing = await billed();
      const result = await settled(() => run(billing.context));
      const type = result.isErr() ? (result._unsafeUnwrapErr() as { type: string }).type : 'Ok';
      expect(type).not.toMatch(/^Invalid(Context|Input)$/);
    });

    // Review finding: a context whose parts are getters on its class (dependency injection) or inherited
    // (Object.create) passed the check, then every operation that writes threw a TypeError: its copies of the
    // context (`{ ...context, store }`) kept only own fields. It now does what the plain context does.
    it.each(SHAPED)('accepts %s and answers what the plain context answers', async (_how, shaped) => {
      const plain = await billed();
      const expected = outcomeOf(await settled(() => run(plain.context)));
      const billing = await billed();
      const answer = outcomeOf(await settled(() => run(shaped(billing.context))));
      expect(answer).toEqual(expected);
      expect(billing.store.probe.snapshot()).toEqual(plain.store.probe.snapshot());
    });

    it.each(BROKEN)('names %s (%s), throws nothing, writes nothing', async (missing, _how, broken) => {
      const billing = await billed();
      const { context, opened } = counting(billing);
      const before = billing.store.probe.snapshot();
      const result = await settled(() => run(broken(context) as BillingContext));
      const error = expectErr(result) as InvalidContext;
      expect(error).toMatchObject({ type: 'InvalidContext', missing });
      expect(Object.isFrozen(error)).toBe(true);
      // The message names the part and says what to pass.
      expect(error.message).toContain(
        missing === 'context' ? "the operation's first argument" : `\`${missing}\``,
      );
      expect(error.message).toMatch(/pass \{ store, clock, ids, settings \}|must be|tenantSettings\(/);
      expect(opened()).toBe(0);
      expect(billing.store.probe.snapshot()).toEqual(before);
    });
  });

  it('says how to build what is missing', async () => {
    const { context } = await billed();
    const error = expectErr(await getInvoice(omit(context, 'settings') as BillingContext, 'INV00000001'));
    expect(error).toEqual({
      type: 'InvalidContext',
      message:
        'The context has no `settings`: pass { store, clock, ids, settings } — settings: DEFAULT_TENANT_SETTINGS or tenantSettings({...}).',
      missing: 'settings',
      expected: 'TenantSettings: DEFAULT_TENANT_SETTINGS or tenantSettings({...})',
      received: 'nothing (undefined)',
    });
    const zone = expectErr(
      await getInvoice(settingsWith(context, { timeZone: 'Mars/Base' }) as BillingContext, 'INV00000001'),
    );
    expect(zone).toMatchObject({ missing: 'settings.timeZone', received: '"Mars/Base"' });
    expect(zone.message).toContain('tenantSettings(');
    const store = expectErr(
      await getInvoice({ ...context, store: {} } as unknown as BillingContext, 'INV00000001'),
    );
    expect(store.message).toBe(
      "The context's `store.transaction` is not a function: `store` must be a UnitOfWork (your adapter, or createMemoryStore() from invoice-schedules/memory).",
    );
  });

  it('a complete context passes, extra fields of the context and of the settings included', async () => {
    const billing = await billed();
    const context = {
      ...billing.context,
      tenant: 't-1',
      settings: { ...billing.context.settings, label: 'ignored' },
    } as BillingContext;
    expect(expectOk(await getInvoiceSchedule(context, 'IS-00000001')).number).toBe('IS-00000001');
    expect(expectOk(await saveNewOrder(context, draftOrder('O-0003', 'S6', 'C6'))).number).toBe('O-0003');
  });
});

// Final re-read: detach read the caller's `settings` again after the check (twice more), so a getter answering
// otherwise on a later read made it throw. Every operation reads each part once.
describe('each part of the context is read once', () => {
  it.each(Object.entries(OPERATIONS))('%s reads the settings getter once', async (_name, run) => {
    const billing = await billed();
    let reads = 0;
    const good = billing.context.settings;
    const context = {
      store: billing.context.store,
      clock: billing.context.clock,
      ids: billing.context.ids,
      get settings() {
        reads += 1;
        return reads === 1 ? good : undefined;
      },
    } as unknown as BillingContext;
    await settled(() => run(context));
    expect(reads).toBe(1);
  });
});

describe('a context whose parts cannot be read', () => {
  it('is returned as InvalidContext, not thrown (a getter or a Proxy trap that throws)', async () => {
    const throwing = Object.defineProperty({}, 'store', {
      enumerable: true,
      get: () => {
        throw new Error('vault locked');
      },
    });
    const proxied = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    for (const context of [throwing, proxied]) {
      const answer = await api.getInvoiceSchedule(context as never, 'IS-00000001');
      expect(answer._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidContext', missing: 'context' });
      expect(answer._unsafeUnwrapErr().message).toMatch(
        /^The context could not be read \((vault locked|trap)\)/,
      );
    }
  });
});

describe('input without the number an operation needs', () => {
  /** Runs an operation that must fail without writing; returns its error. */
  async function refused(billing: TestBilling, run: () => unknown) {
    const before = billing.store.probe.snapshot();
    const error = expectErr(await settled(run)) as { type: string; path: string; message: string };
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(error.message).not.toMatch(/undefined does not exist|null does not exist/);
    return error;
  }

  it('saveNewOrder without number says the order needs a `number`', async () => {
    const billing = await billed();
    const { number: _, ...noNumber } = draftOrder('O-0003', 'S6', 'C6');
    const error = await refused(billing, () => saveNewOrder(billing.context, noNumber));
    expect(error).toEqual({
      type: 'InvalidInput',
      message:
        'The order needs a `number`: expected a non-blank string such as "O-0001", received nothing (undefined).',
      path: 'number',
      expected: 'a non-blank string such as "O-0001"',
      received: 'nothing (undefined)',
    });
    expect(billing.store.probe.order('O-0003')).toBeNull();
  });

  it('saveNewOrder without accountNumber, or with no order at all, names that', async () => {
    const billing = await billed();
    const { accountNumber: _, ...noAccount } = draftOrder('O-0003', 'S6', 'C6');
    const error = await refused(billing, () =>
      saveNewOrder(billing.context, noAccount as unknown as Parameters<typeof saveNewOrder>[1]),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'accountNumber' });
    expect(error.message).toContain('The order needs an `accountNumber`');
    const none = await refused(billing, () =>
      saveNewOrder(billing.context, undefined as unknown as Parameters<typeof saveNewOrder>[1]),
    );
    expect(none).toMatchObject({ type: 'InvalidInput', path: '' });
    expect(none.message).toContain('`number`, `accountNumber`');
  });

  it('activateSavedOrder({}) and activateSavedOrder(undefined) say it needs an `orderNumber`', async () => {
    const billing = await billed();
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, {} as { readonly orderNumber: string }),
    );
    expect(error).toMatchObject({
      type: 'InvalidInput',
      path: 'orderNumber',
      received: 'nothing (undefined)',
    });
    expect(error.message).toMatch(
      /^activateSavedOrder needs an `orderNumber`: expected the number of a saved order/,
    );
    const none = await refused(billing, () =>
      activateSavedOrder(billing.context, undefined as unknown as { readonly orderNumber: string }),
    );
    expect(none).toMatchObject({ type: 'InvalidInput', path: '' });
  });

  it('saveNewAccount without number says the account needs a `number`', async () => {
    const billing = await billed();
    const error = await refused(billing, () =>
      saveNewAccount(billing.context, { id: 'acc-2', name: 'B', currency: 'USD' }),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'number' });
    expect(error.message).toContain('The account needs a `number`');
  });

  const QUERIES = [
    ['getInvoiceSchedule', 'invoiceScheduleNumber', getInvoiceSchedule],
    ['getInvoice', 'invoiceNumber', getInvoice],
    ['listScheduleInvoices', 'invoiceScheduleNumber', listScheduleInvoices],
    ['getBillRun', 'billRunNumber', getBillRun],
    ['getCreditMemo', 'creditMemoNumber', getCreditMemo],
    ['listScheduleCreditMemos', 'invoiceScheduleNumber', listScheduleCreditMemos],
  ] as const;

  it.each(QUERIES)('%s without a string number names %s', async (name, field, query) => {
    const billing = await billed();
    for (const given of [undefined, null, 42, '', '  ']) {
      const error = await refused(billing, () =>
        (query as (c: BillingContext, n: unknown) => unknown)(billing.context, given),
      );
      expect(error).toMatchObject({ type: 'InvalidInput', path: field });
      expect(error.message.startsWith(`${name} needs a`)).toBe(true);
    }
  });

  const NUMBERED: readonly (readonly [string, string, (c: BillingContext, input: never) => unknown])[] = [
    ['postInvoice', 'invoiceNumber', postInvoice],
    ['cancelInvoice', 'invoiceNumber', cancelInvoice],
    ['reverseInvoice', 'invoiceNumber', reverseInvoice],
    ['postCreditMemo', 'creditMemoNumber', postCreditMemo],
    ['pauseInvoiceSchedule', 'invoiceScheduleNumber', pauseInvoiceSchedule],
    ['resumeInvoiceSchedule', 'invoiceScheduleNumber', resumeInvoiceSchedule],
    ['deleteInvoiceSchedule', 'invoiceScheduleNumber', deleteInvoiceSchedule],
    ['executeInvoiceSchedule', 'invoiceScheduleNumber', executeInvoiceSchedule],
    ['detachInvoiceScheduleCharges', 'invoiceScheduleNumber', detachInvoiceScheduleCharges],
    ['attachInvoiceScheduleCharges', 'invoiceScheduleNumber', attachInvoiceScheduleCharges],
    ['generateBillingDocuments', 'accountNumber', generateBillingDocuments],
  ];

  it.each(NUMBERED)('%s({}) names %s, and throws nothing without input', async (name, field, operation) => {
    const billing = await billed();
    const error = await refused(billing, () => operation(billing.context, {} as never));
    expect(error).toMatchObject({ type: 'InvalidInput', path: field });
    expect(error.message.startsWith(`${name} needs a`)).toBe(true);
    const none = await refused(billing, () => operation(billing.context, undefined as never));
    expect(none).toMatchObject({ type: 'InvalidInput', path: '' });
  });

  it('runBillRun(null) throws nothing', async () => {
    const billing = await billed();
    const error = await refused(billing, () => runBillRun(billing.context, null as never));
    expect(error).toMatchObject({ type: 'InvalidInput', path: '' });
  });
});
