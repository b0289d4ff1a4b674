// Issue 13, "Input at the boundary": every public operation takes whatever a host hands it — a parsed JSON
// body, a query parameter, garbage — and answers with a Result. This file throws random JSON-like input at
// each operation exported from src/index.ts, on a memory store seeded with a small valid world, and checks
// that each call
//   - returns a promise (no synchronous throw) that resolves (no rejection) within TIME_LIMIT_MS,
//   - to an Ok, or to an Err whose `type` is listed in ERROR_TYPES and whose details are bounded text
//     (a 1 MB input string is quoted as an excerpt, never whole),
//   - leaves the store exactly as it was when it answers Err (compared with `store.probe.snapshot()`),
//   - does not mutate its input, and adds nothing to Object.prototype or Array.prototype.
// A fixed seed keeps the runs reproducible; FUZZ_RUNS=<n> runs each property n times (default 25), and
// FUZZ_SEED=<n> explores from another seed.
import { fc } from '@fast-check/vitest';
import * as api from 'invoice-schedules';
import { ERROR_TYPES } from 'invoice-schedules';
import { createMemoryStore, createSequentialIds, type MemoryStoreSeed } from 'invoice-schedules/memory';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BillingContext } from '../../src/ports';
import { chargeInput, createSubscription, expectOk } from '../support/billing';
import {
  FROZEN_BIG,
  grown,
  HUGE_ARRAYS,
  listPaths,
  MEGABYTE,
  nested,
  protoKey,
  requestInputs,
  weird,
} from '../support/boundary-inputs';
import { seedOf } from '../support/racing';
import { givenAccountsDue } from '../support/scenarios';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 1_302_2026);
// A hang, not a speed check: generous, so a loaded CI machine (coverage, the PostgreSQL worker processes) is no hang.
const TIME_LIMIT_MS = 15_000;
/** The longest text an error may carry in any of its fields (message, path, received …). */
const MAX_ERROR_TEXT = 2_000;

// ---------------------------------------------------------------------------------------------------------
// The world: two accounts with a due schedule each (C01's order), one bill run done (two Draft invoices,
// the first posted), one bill run left Running, and one saved order not yet activated.

let seed: MemoryStoreSeed;

beforeAll(async () => {
  const billing = await givenAccountsDue(2);
  const run = expectOk(await api.runBillRun(billing.context, { targetDate: '2023-02-04' }));
  expectOk(await api.postInvoice(billing.context, { invoiceNumber: run.invoiceNumbers[0] as string }));
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
    ids: createSequentialIds('fuzz-'),
    settings: api.DEFAULT_TENANT_SETTINGS,
  };
  return { store, context };
}

// ---------------------------------------------------------------------------------------------------------
// Every operation of src/index.ts: how to call it, and a valid request to start mutations from.

type Call = (context: unknown, input: unknown, extra: unknown) => unknown;

interface FuzzedOperation {
  readonly call: Call;
  /** A valid request (against the seeded world, or close to one); `undefined` when the input is a bare key. */
  readonly valid: unknown;
  /** The request's field names, filled with wrong-typed values by one of the arbitraries. */
  readonly fields: readonly string[];
}

// The operations are called as a host calling from JavaScript would: the input is `unknown`.
const untyped = (f: unknown) => f as (...args: unknown[]) => unknown;
const withInput: (f: unknown) => Call = (f) => (context, input) => untyped(f)(context, input);
const withOptions: (f: unknown) => Call = (f) => (context, input, extra) => untyped(f)(context, input, extra);

const item = { name: 'Kick-off', runDate: '2023-02-04', amount: '70200.00' };
const charge = {
  number: 'C900',
  name: 'Fee',
  type: 'Recurring',
  price: '1200.00',
  quantity: '2',
  listPriceBase: 'Year',
  billingPeriod: 'SpecificMonths',
  specificBillingPeriodMonths: 12,
  startDate: '2023-01-01',
  endDate: '2023-12-31',
};
const discount = {
  number: 'C901',
  name: 'Discount',
  type: 'DiscountPercentage',
  discountPercentage: '10',
  startDate: '2023-01-01',
  endDate: '2023-12-31',
};
const order = {
  number: 'O-0900',
  accountNumber: 'A-001',
  orderDate: '2023-01-01',
  status: 'Draft',
  actions: [
    {
      type: 'CreateSubscription',
      subscriptionNumber: 'S900',
      invoiceOwnerAccountNumber: 'A-001',
      termType: 'Termed',
      termStart: '2023-01-01',
      termEnd: '2023-12-31',
      invoiceSeparately: false,
      ratePlans: [{ id: 'rp-900', name: 'Plan', charges: [charge, discount] }],
    },
    { type: 'AddProduct', subscriptionNumber: 'S1', ratePlan: { id: 'rp-x', name: 'X', charges: [charge] } },
    { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-06-01' },
    {
      type: 'UpdateProduct',
      subscriptionNumber: 'S2',
      chargeNumber: 'C2',
      effectiveDate: '2023-01-01',
      price: '1.00',
    },
    { type: 'TermsAndConditions', subscriptionNumber: 'S3', termStart: '2023-01-01', termEnd: '2024-12-31' },
    { type: 'Renew', subscriptionNumber: 'S3', renewalTermMonths: 12 },
    { type: 'OwnerTransfer', subscriptionNumber: 'S4', newOwnerAccountNumber: 'A-002' },
    { type: 'CancelSubscription', subscriptionNumber: 'S4', effectiveDate: '2023-07-01' },
    { type: 'Suspend', subscriptionNumber: 'S4', effectiveDate: '2023-07-01' },
    { type: 'Resume', subscriptionNumber: 'S4', effectiveDate: '2023-08-01' },
  ],
};
const billRunRequest = {
  targetDate: '2023-03-01',
  accountNumbers: ['A-001', 'A-002'],
  invoiceScheduleNumbers: ['IS-00000001'],
  includePausedSchedules: true,
  idempotencyKey: 'fuzz-key',
};
const selection = {
  invoiceScheduleNumber: 'IS-00000002',
  specificSubscriptions: [{ subscriptionNumber: '002S1', chargeNumbers: ['C1'] }],
};
const scheduleKey = { invoiceScheduleNumber: 'IS-00000002', expectedVersion: 1 };
const invoiceKey = { invoiceNumber: 'INV00000002' };

const OPERATIONS: Readonly<Record<string, FuzzedOperation>> = {
  createInvoiceSchedule: {
    call: withInput(api.createInvoiceSchedule),
    valid: {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      additionalSubscriptionsToBill: ['S2'],
      invoiceSeparately: false,
      notes: 'fuzz',
      items: [item, { runDate: null, percentage: '10' }],
      idempotencyKey: 'fuzz-key',
    },
    fields: [
      'accountNumber',
      'orders',
      'specificSubscriptions',
      'additionalSubscriptionsToBill',
      'invoiceSeparately',
      'notes',
      'items',
      'idempotencyKey',
    ],
  },
  updateInvoiceSchedule: {
    call: withInput(api.updateInvoiceSchedule),
    valid: {
      invoiceScheduleNumber: 'IS-00000002',
      items: [{ ...item, id: 'InvoiceScheduleItem-000002' }],
      orders: ['O-0002'],
      specificSubscriptions: [{ orderNumber: 'O-0002', subscriptionNumber: '002S1' }],
      additionalSubscriptionsToBill: [],
      notes: 'n',
      invoiceSeparately: true,
      nextRunDate: null,
      idempotencyKey: 'fuzz-key',
      expectedVersion: 2,
    },
    fields: [
      'invoiceScheduleNumber',
      'items',
      'orders',
      'specificSubscriptions',
      'additionalSubscriptionsToBill',
      'notes',
      'invoiceSeparately',
      'nextRunDate',
      'idempotencyKey',
      'expectedVersion',
    ],
  },
  pauseInvoiceSchedule: {
    call: withInput(api.pauseInvoiceSchedule),
    valid: scheduleKey,
    fields: ['invoiceScheduleNumber', 'expectedVersion'],
  },
  resumeInvoiceSchedule: {
    call: withInput(api.resumeInvoiceSchedule),
    valid: scheduleKey,
    fields: ['invoiceScheduleNumber', 'expectedVersion'],
  },
  deleteInvoiceSchedule: {
    call: withInput(api.deleteInvoiceSchedule),
    valid: scheduleKey,
    fields: ['invoiceScheduleNumber'],
  },
  detachInvoiceScheduleCharges: {
    call: withInput(api.detachInvoiceScheduleCharges),
    valid: selection,
    fields: ['invoiceScheduleNumber', 'specificSubscriptions'],
  },
  attachInvoiceScheduleCharges: {
    call: withInput(api.attachInvoiceScheduleCharges),
    valid: selection,
    fields: ['invoiceScheduleNumber', 'specificSubscriptions'],
  },
  executeInvoiceSchedule: {
    call: withInput(api.executeInvoiceSchedule),
    valid: {
      invoiceScheduleNumber: 'IS-00000002',
      itemId: 'InvoiceScheduleItem-000002',
      idempotencyKey: 'k',
    },
    fields: ['invoiceScheduleNumber', 'itemId', 'idempotencyKey'],
  },
  generateBillingDocuments: {
    call: withInput(api.generateBillingDocuments),
    valid: { accountNumber: 'A-002', targetDate: '2023-03-01', idempotencyKey: 'k' },
    fields: ['accountNumber', 'targetDate', 'idempotencyKey'],
  },
  runBillRun: {
    call: withOptions(api.runBillRun),
    valid: billRunRequest,
    fields: [
      'targetDate',
      'accountNumbers',
      'invoiceScheduleNumbers',
      'includePausedSchedules',
      'idempotencyKey',
    ],
  },
  startBillRun: {
    call: withInput(api.startBillRun),
    valid: billRunRequest,
    fields: [
      'targetDate',
      'accountNumbers',
      'invoiceScheduleNumbers',
      'includePausedSchedules',
      'idempotencyKey',
    ],
  },
  billAccount: {
    call: withInput(api.billAccount),
    valid: { billRunNumber: 'BR-00000002', accountNumber: 'A-002' },
    fields: ['billRunNumber', 'accountNumber'],
  },
  completeBillRun: {
    call: withInput(api.completeBillRun),
    valid: { billRunNumber: 'BR-00000002' },
    fields: ['billRunNumber'],
  },
  workOnBillRun: {
    call: withOptions(api.workOnBillRun),
    valid: { billRunNumber: 'BR-00000002', worker: 'w-1', leaseSeconds: 60, batchSize: 5 },
    fields: ['billRunNumber', 'worker', 'leaseSeconds', 'batchSize'],
  },
  saveNewAccount: {
    call: withInput(api.saveNewAccount),
    valid: { id: 'acc-900', number: 'A-900', name: 'Fuzz', currency: 'USD' },
    fields: ['id', 'number', 'name', 'currency'],
  },
  saveNewOrder: {
    call: withInput(api.saveNewOrder),
    valid: order,
    fields: ['number', 'accountNumber', 'orderDate', 'status', 'actions'],
  },
  activateSavedOrder: {
    call: withInput(api.activateSavedOrder),
    valid: { orderNumber: 'O-0100' },
    fields: ['orderNumber'],
  },
  postInvoice: { call: withInput(api.postInvoice), valid: invoiceKey, fields: ['invoiceNumber'] },
  cancelInvoice: { call: withInput(api.cancelInvoice), valid: invoiceKey, fields: ['invoiceNumber'] },
  reverseInvoice: {
    call: withInput(api.reverseInvoice),
    valid: { invoiceNumber: 'INV00000001' },
    fields: ['invoiceNumber'],
  },
  postCreditMemo: {
    call: withInput(api.postCreditMemo),
    valid: { creditMemoNumber: 'CM00000001' },
    fields: ['creditMemoNumber'],
  },
  getInvoiceSchedule: { call: withInput(api.getInvoiceSchedule), valid: 'IS-00000001', fields: [] },
  getInvoice: { call: withInput(api.getInvoice), valid: 'INV00000001', fields: [] },
  getCreditMemo: { call: withInput(api.getCreditMemo), valid: 'CM00000001', fields: [] },
  getBillRun: { call: withInput(api.getBillRun), valid: 'BR-00000001', fields: [] },
  listScheduleInvoices: { call: withInput(api.listScheduleInvoices), valid: 'IS-00000001', fields: [] },
  listScheduleCreditMemos: { call: withInput(api.listScheduleCreditMemos), valid: 'IS-00000001', fields: [] },
  listInvoiceSchedules: {
    call: withInput(api.listInvoiceSchedules),
    valid: {
      accountNumber: 'A-001',
      status: 'Pending',
      nextRunDate: { from: '2023-01-01', to: '2023-12-31' },
      sort: 'nextRunDate',
      pageSize: 10,
    },
    fields: ['accountNumber', 'status', 'nextRunDate', 'sort', 'cursor', 'pageSize'],
  },
  listItemsDue: {
    call: withInput(api.listItemsDue),
    valid: { targetDate: '2023-03-01', accountNumber: 'A-002', includePausedSchedules: true, pageSize: 10 },
    fields: ['targetDate', 'accountNumber', 'includePausedSchedules', 'cursor', 'pageSize'],
  },
  listInvoices: {
    call: withInput(api.listInvoices),
    valid: { accountNumber: 'A-001', invoiceScheduleNumber: 'IS-00000001', status: 'Posted', pageSize: 10 },
    fields: ['accountNumber', 'invoiceScheduleNumber', 'status', 'cursor', 'pageSize'],
  },
  listCreditMemos: {
    call: withInput(api.listCreditMemos),
    valid: { accountNumber: 'A-001', invoiceScheduleNumber: 'IS-00000001', status: 'Draft', pageSize: 10 },
    fields: ['accountNumber', 'invoiceScheduleNumber', 'status', 'cursor', 'pageSize'],
  },
  previewBillRun: {
    call: withInput(api.previewBillRun),
    valid: { targetDate: '2023-03-01', accountNumbers: ['A-001', 'A-002'], includePausedSchedules: true },
    fields: ['targetDate', 'accountNumbers', 'invoiceScheduleNumbers', 'includePausedSchedules'],
  },
  applyCreditMemo: {
    call: withInput(api.applyCreditMemo),
    valid: {
      creditMemoNumber: 'CM00000001',
      applications: [{ invoiceNumber: 'INV00000001', amount: '10.00' }],
      idempotencyKey: 'k',
    },
    fields: ['creditMemoNumber', 'applications', 'idempotencyKey'],
  },
  unapplyCreditMemo: {
    call: withInput(api.unapplyCreditMemo),
    valid: {
      creditMemoNumber: 'CM00000001',
      invoiceNumber: 'INV00000001',
      amount: '10.00',
      idempotencyKey: 'k',
    },
    fields: ['creditMemoNumber', 'invoiceNumber', 'amount', 'idempotencyKey'],
  },
  cancelCreditMemo: {
    call: withInput(api.cancelCreditMemo),
    valid: { creditMemoNumber: 'CM00000001' },
    fields: ['creditMemoNumber'],
  },
  pruneIdempotencyRecords: {
    call: withInput(api.pruneIdempotencyRecords),
    valid: { before: '2023-01-01T00:00:00.000Z', limit: 10 },
    fields: ['before', 'limit'],
  },
  previewExecution: {
    call: withInput(api.previewExecution),
    valid: { invoiceScheduleNumber: 'IS-00000002', itemId: 'InvoiceScheduleItem-000002' },
    fields: ['invoiceScheduleNumber', 'itemId'],
  },
};

/**
 * The functions of src/index.ts that are not operations (no context, no store), besides the record codecs
 * and the request validators (`parse…Request`).
 */
const NOT_OPERATIONS = new Set([
  'appliedAmount',
  'creditMemoUnappliedAmount',
  'errorCategory',
  'invoiceBalance',
  'fixedClock',
  'isInvoiceSchedulesError',
  'renderTable',
  'sameCustomFields',
  'validateCustomFields',
  'scheduleItemRows',
  'tenantSettings',
  'versionConflict',
]);

// ---------------------------------------------------------------------------------------------------------
// The checks.

/** Text that stands for the input, to see it was not changed; `null` when it is not JSON. */
function textOf(input: unknown): string | null {
  try {
    return (
      JSON.stringify(input, (_key, value) => (FROZEN_BIG.has(value) ? '<frozen>' : value)) ?? 'undefined'
    );
  } catch {
    return null;
  }
}

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype] as const;
const prototypeKeys = () => PROTOTYPES.map((p) => Reflect.ownKeys(p).map(String).sort().join(','));

/**
 * The answer, or an error once TIME_LIMIT_MS have passed: by the timer while the operation waits, or by the
 * clock when it held the thread all along (a timer cannot fire during synchronous work).
 */
async function withinTimeLimit<T>(promise: PromiseLike<T>, what: string, started: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = () => new Error(`${what} did not answer within ${TIME_LIMIT_MS} ms`);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), TIME_LIMIT_MS);
  });
  try {
    const answer = await Promise.race([promise, timeout]);
    if (performance.now() - started > TIME_LIMIT_MS) throw late();
    return answer;
  } finally {
    clearTimeout(timer);
  }
}

interface ResultLike {
  isOk(): boolean;
  isErr(): boolean;
  readonly error?: unknown;
}

/** Calls `name` with `input` on a fresh world and checks everything the file's header promises. */
async function checkCall(
  name: string,
  input: unknown,
  options: unknown = {},
  context?: (real: BillingContext) => unknown,
  mustFail = false,
): Promise<void> {
  const op = OPERATIONS[name] as FuzzedOperation;
  const world = freshWorld();
  const before = world.store.probe.snapshot();
  const inputText = textOf(input);
  const protoBefore = prototypeKeys();
  let answer: unknown;
  const started = performance.now();
  try {
    answer = op.call(context ? context(world.context) : world.context, input, options);
  } catch (thrown) {
    expect.fail(`${name} threw synchronously: ${String(thrown)}`);
  }
  expect(typeof (answer as PromiseLike<unknown>)?.then, `${name} returns a promise`).toBe('function');
  let result: ResultLike;
  try {
    result = await withinTimeLimit(answer as PromiseLike<ResultLike>, name, started);
  } catch (thrown) {
    expect.fail(`${name} rejected: ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
  }
  expect(prototypeKeys(), `${name} left the prototypes as they were`).toEqual(protoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (inputText !== null) expect(textOf(input), `${name} left its input as it was`).toBe(inputText);
  expect(result.isOk() || result.isErr()).toBe(true);
  if (mustFail) expect(result.isErr(), `${name} refuses it`).toBe(true);
  if (result.isOk()) return;
  const error = result.error as Record<string, unknown>;
  expect(ERROR_TYPES as readonly unknown[], `${name} answered a listed error type`).toContain(error.type);
  expect(typeof error.message).toBe('string');
  for (const [field, value] of Object.entries(error)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    expect(text.length, `${name}: the error's ${field} is bounded (${error.type})`).toBeLessThanOrEqual(
      MAX_ERROR_TEXT,
    );
  }
  // An aborted bill run is the one Err that keeps what it did: the run stays Running, to be resumed.
  if (error.type === 'BillRunAborted') return;
  expect(world.store.probe.snapshot(), `${name} answered ${error.type} and left the store as it was`).toEqual(
    before,
  );
}

/**
 * fast-check's report with each long run of one character shortened: a counterexample may hold a 1 MB string,
 * which would drown the report.
 */
function reporter<Ts>(details: fc.RunDetails<Ts>): void {
  if (!details.failed) return;
  const shorten = (text: string) =>
    text.replace(/(.)\1{40,}/g, (run, c: string) => `${c.repeat(8)}…(${run.length})`);
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(shorten(`${fc.defaultReportMessage(details) ?? ''}\nCaused by: ${cause}`));
}

const settings = <Ts>(numRuns: number): fc.Parameters<Ts> => ({
  seed: SEED,
  numRuns,
  endOnFailure: true,
  reporter: reporter<Ts>,
});

// ---------------------------------------------------------------------------------------------------------

describe('the boundary fuzz covers', () => {
  it('every operation exported by src/index.ts', () => {
    const functions = Object.entries(api)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .filter(
        (name) => !NOT_OPERATIONS.has(name) && !/^(from|to)\w+Record$|^parse\w+(Request|Key)$/.test(name),
      );
    expect(functions.sort()).toEqual(Object.keys(OPERATIONS).sort());
  });
});

describe.each(Object.keys(OPERATIONS))('%s at the boundary', (name) => {
  const op = OPERATIONS[name] as FuzzedOperation;

  it('answers random input with Ok or a typed Err, bounded, without throwing, hanging, polluting or writing', async () => {
    await fc.assert(
      fc.asyncProperty(requestInputs(op), async (input) => checkCall(name, input)),
      settings(RUNS),
    );
  });

  // A bill run request may be left out (it bills what is due today); every other operation needs its input.
  const optional = ['runBillRun', 'startBillRun', 'previewBillRun', 'listInvoiceSchedules'].includes(name);
  const cases: readonly (readonly [string, unknown])[] = [
    ['null', null],
    ...(optional ? [] : [['nothing', undefined] as const]),
    ['a number', 42],
    ['an array', [op.valid]],
    ['a 1 MB string', MEGABYTE],
    ['100,000 strings', HUGE_ARRAYS.strings],
    ['100,000 objects', HUGE_ARRAYS.objects],
    ['an array nested 100,000 deep', nested(100_000)],
    [
      'its request with a JSON `__proto__` key holding a 1 MB string',
      { ...(op.valid as object), ...protoKey(MEGABYTE) },
    ],
  ];
  it.each(cases)('answers %s with a typed Err', async (_what, input) => {
    await checkCall(name, input, {}, undefined, true);
  });

  it('answers a broken context with InvalidContext', async () => {
    await fc.assert(
      fc.asyncProperty(weird, async (context) => checkCall(name, op.valid, {}, () => context)),
      settings(Math.max(5, Math.floor(RUNS / 5))),
    );
  });
});

describe.each(Object.keys(OPERATIONS).filter((name) => listPaths(OPERATIONS[name]?.valid).length > 0))(
  '%s with huge lists',
  (name) => {
    const valid = OPERATIONS[name]?.valid;
    it.each(listPaths(valid).map((p) => [p.join('.'), p] as const))(
      'answers its request with %s grown to 100,000 elements, within the time limit',
      async (_where, path) => {
        await checkCall(name, grown(valid, path, 100_000), {}, undefined, true);
      },
    );
  },
);

describe.each(['runBillRun', 'workOnBillRun'])('%s options at the boundary', (name) => {
  it('answers random options with a typed Err or Ok, never a throw', async () => {
    const options = fc.oneof(
      weird,
      fc.record({ onProgress: weird, signal: weird }, { requiredKeys: [] }),
      fc.record({ signal: fc.record({ aborted: weird }) }),
    );
    await fc.assert(
      fc.asyncProperty(options, async (o) => checkCall(name, OPERATIONS[name]?.valid, o)),
      settings(RUNS),
    );
  });
});
