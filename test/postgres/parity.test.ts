// Parity of the two adapters: one scenario of public operations (about 150 calls) played on the memory store
// and on the PostgreSQL adapter (PGlite, in-process: no server), and everything compared: every answer (each
// Ok's value or Err's error, call by call), what each store committed (records, idempotency records,
// sequences, bill runs' open leases) and the outbox. It checks, on this scenario, that the adapter stores and answers
// exactly as the memory store does, so a host may develop and test on one and deploy on the other.
//
// The scenario covers what differs most between an index in memory and SQL: account numbers beyond ASCII
// (fullwidth, emoji, lower case: code point order), unicode notes and custom fields, amounts of 22 digits,
// keyed calls retried and keys reused, bill runs with a paused schedule, executions, cancel and reverse,
// detach and attach, updates, deletes (one refused, one done), an order removing a product (a credit memo) and
// the memo's settlement, every listing walked one row per page (so every cursor is crossed), previews, reads by
// number and by id, a bill run shared by a worker, refusals and the pruning of idempotency records.
//
// What legitimately differs, and how the comparison allows for it — nothing else may differ:
// - The outbox's key order. The adapter keeps events as JSONB, which orders an object's keys its own way: the
//   outbox is compared by value. Records are `json` (schema version 9), kept as written, so every answer must be
//   the same JSON text as the memory store's, key order included.
// - Done leases. The adapter deletes a bill run's lease once it is done, the memory store keeps it marked
//   `done`; the port allows both (no port reads a done lease), so only the open leases are compared.
import { PGlite } from '@electric-sql/pglite';
import {
  activateSavedOrder,
  applyCreditMemo,
  attachInvoiceScheduleCharges,
  type BillingContext,
  cancelInvoice,
  completeBillRun,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  deleteInvoiceSchedule,
  detachInvoiceScheduleCharges,
  executeInvoiceSchedule,
  getBillRun,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  type ListingPage,
  listCreditMemos,
  listInvoiceSchedules,
  listInvoices,
  listItemsDue,
  listScheduleCreditMemos,
  listScheduleInvoices,
  type OutboxEntry,
  pauseInvoiceSchedule,
  postCreditMemo,
  postInvoice,
  previewBillRun,
  pruneIdempotencyRecords,
  resumeInvoiceSchedule,
  reverseInvoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  startBillRun,
  type UnitOfWork,
  unapplyCreditMemo,
  updateInvoiceSchedule,
  workOnBillRun,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds, type MemoryStore } from 'invoice-schedules/memory';
import { isDecimal } from 'invoice-schedules/money';
import { createPostgresStore, migrate, type PostgresStore } from 'invoice-schedules/postgres';
import type { Result } from 'neverthrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeInput, createSubscription } from '../support/billing';
import { postgresLeases, postgresSnapshot } from '../support/postgres';

const db = new PGlite();
afterAll(() => db.close());

const SCHEMA = 'parity';
/** A listing walked one row per page that has not ended after this many pages is a listing that never ends. */
const MAX_PAGES = 50;

// ── Recording the answers ────────────────────────────────────────────────────────────────────────────────

/** One call of the scenario and what it answered: Ok's value or Err's error, as comparable JSON. */
interface Answer {
  readonly step: string;
  readonly call: string;
  readonly ok: boolean;
  readonly value: unknown;
}

/** The scenario on one store: its context (whose clock the steps move) and the answers so far. */
interface Run {
  readonly context: BillingContext;
  readonly answers: Answer[];
  /** The step playing, written on each answer. */
  step: string;
  /** Sets the clock to this instant. */
  at(instant: string): void;
}

function newRun(store: UnitOfWork): Run {
  let now = '2023-01-01T12:00:00.000Z';
  return {
    context: {
      store,
      ids: createSequentialIds(),
      clock: { now: () => new Date(now) },
      settings: DEFAULT_TENANT_SETTINGS,
    },
    answers: [],
    step: '',
    at: (instant) => {
      now = instant;
    },
  };
}

/**
 * An answer as plain JSON for comparing: a Decimal becomes `Decimal(<digits>)` (so a Decimal and a string of
 * the same digits differ), undefined fields are left out as JSON leaves them. Anything else that is not plain
 * data throws: the comparison must not see an object it would reduce to `{}`.
 */
function comparable(value: unknown): unknown {
  if (isDecimal(value)) return `Decimal(${value.valueOf()})`;
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`parity: an answer holds a ${value.constructor.name}, which is not plain data`);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => [key, comparable(field)]),
  );
}

/** Records the answer of a call under the run's current step, and returns it. */
async function record<T, E>(
  run: Run,
  call: string,
  pending: PromiseLike<Result<T, E>>,
): Promise<Result<T, E>> {
  const result = await pending;
  run.answers.push({
    step: run.step,
    call,
    ok: result.isOk(),
    value: comparable(result.isOk() ? result.value : result.error),
  });
  return result;
}

/** What a listing walked one row per page adds to its request: the page size and the cursor, once there is one. */
interface PageRequest {
  readonly pageSize: 1;
  readonly cursor?: string;
}

/** Walks a listing one row per page to its end (or its first Err), recording every page. */
async function walk<T, E>(
  run: Run,
  call: string,
  listPage: (page: PageRequest) => PromiseLike<Result<ListingPage<T>, E>>,
): Promise<void> {
  let cursor: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page: Result<ListingPage<T>, E> = await record(
      run,
      call,
      listPage(cursor === null ? { pageSize: 1 } : { pageSize: 1, cursor }),
    );
    if (page.isErr() || page.value.nextCursor === null) return;
    cursor = page.value.nextCursor;
  }
  throw new Error(`parity: ${call} still had a next page after ${MAX_PAGES} pages of one row`);
}

/**
 * The number of the row `pick` chooses in a listing's answer, for a later call. When it is missing (a store
 * answered differently), the call goes on with a number that does not exist: both runs play every call, and
 * the comparison shows the first difference rather than a run that stopped half-way.
 */
function numberIn<T extends { readonly number: string }>(
  listed: Result<ListingPage<T>, unknown>,
  pick: (rows: readonly T[]) => T | undefined,
): string {
  return (listed.isOk() ? pick(listed.value.data)?.number : undefined) ?? 'not-listed';
}

// ── The scenario, in steps ───────────────────────────────────────────────────────────────────────────────

/** Five accounts whose numbers sort differently by code unit, code point and case; unicode names. */
async function accounts(run: Run): Promise<void> {
  for (const [number, currency, name] of [
    ['A-001', 'USD', 'Ünïcødé 😀 Åccount'],
    ['A-002', 'JPY', '日本'],
    ['a-001', 'USD', 'lower'],
    ['A-😀', 'USD', 'emoji key'],
    ['A-！', 'USD', 'fullwidth key'],
  ] as const) {
    await record(
      run,
      `save account ${number}`,
      saveNewAccount(run.context, { id: `acc-${number}`, number, name, currency }),
    );
  }
}

/** An order per account, saved and activated (A-001's price has 22 digits; A-！ gets a second one). */
async function orders(run: Run): Promise<void> {
  const order = async (
    number: string,
    accountNumber: string,
    actions: readonly Record<string, unknown>[],
  ) => {
    await record(
      run,
      `save order ${number}`,
      saveNewOrder(run.context, { number, accountNumber, orderDate: '2023-01-01', actions }),
    );
    await record(run, `activate order ${number}`, activateSavedOrder(run.context, { orderNumber: number }));
  };
  await order('O-1', 'A-001', [
    createSubscription('S-1', [
      chargeInput({ number: 'C1', price: '1000.01' }),
      chargeInput({ number: 'C2', price: '333.33' }),
    ]),
    createSubscription('S-2', [chargeInput({ number: 'C3', price: '12345678901234567890.12' })]),
  ]);
  await order('O-2', 'A-002', [createSubscription('S-3', [chargeInput({ number: 'C4', price: '100001' })])]);
  await order('O-3', 'a-001', [createSubscription('S-4', [chargeInput({ number: 'C5', price: '999.99' })])]);
  await order('O-4', 'A-😀', [createSubscription('S-5', [chargeInput({ number: 'C6', price: '10.00' })])]);
  await order('O-5', 'A-！', [createSubscription('S-6', [chargeInput({ number: 'C7', price: '10.00' })])]);
  // For IS-00000006, deleted while Pending (O-6 is the removal, later).
  await order('O-7', 'A-！', [createSubscription('S-7', [chargeInput({ number: 'C8', price: '50.00' })])]);
}

/** Six schedules; the first with a key, retried, and its key reused with another request. */
async function schedules(run: Run): Promise<void> {
  const first = {
    accountNumber: 'A-001',
    orders: ['O-1'],
    notes: 'naïve — 注記 😀',
    customFields: { Zeta__c: 'z', Alpha__c: 'a', mid__c: 'm', B__c: 'bb' },
    items: [
      { runDate: '2023-01-15', percentage: '33.33' },
      { runDate: '2023-04-15', percentage: '33.33' },
      { runDate: '2023-07-15', percentage: '33.34' },
    ],
    idempotencyKey: 'k-create-1',
  };
  await record(run, 'create IS1', createInvoiceSchedule(run.context, first));
  await record(run, 'create IS1 again (retry)', createInvoiceSchedule(run.context, first));
  await record(
    run,
    'create with the key reused',
    createInvoiceSchedule(run.context, { ...first, notes: 'other' }),
  );
  await record(
    run,
    'create IS2 (JPY, amounts)',
    createInvoiceSchedule(run.context, {
      accountNumber: 'A-002',
      orders: ['O-2'],
      items: [
        { runDate: '2023-02-01', amount: '33333' },
        { runDate: '2023-03-01', amount: '66668' },
      ],
      idempotencyKey: 'k-create-2',
    }),
  );
  await record(
    run,
    'create IS3 (a blank run date)',
    createInvoiceSchedule(run.context, {
      accountNumber: 'a-001',
      orders: ['O-3'],
      items: [
        { runDate: '2023-02-01', percentage: '50' },
        { runDate: null, percentage: '50' },
      ],
    }),
  );
  for (const [schedule, accountNumber, orderNumber, runDate] of [
    ['IS4', 'A-😀', 'O-4', '2023-02-01'],
    ['IS5', 'A-！', 'O-5', '2023-02-01'],
    ['IS6', 'A-！', 'O-7', '2023-06-01'],
  ] as const) {
    await record(
      run,
      `create ${schedule}`,
      createInvoiceSchedule(run.context, {
        accountNumber,
        orders: [orderNumber],
        items: [{ runDate, percentage: '100' }],
      }),
    );
  }
}

/** The first bill run, keyed: retried, and its key reused; an invoice posted; a schedule paused. */
async function firstBillRun(run: Run): Promise<void> {
  run.at('2023-01-20T12:00:00.123Z');
  const request = { targetDate: '2023-01-20', idempotencyKey: 'k-br-1' };
  await record(run, 'bill run 1', runBillRun(run.context, request));
  await record(run, 'bill run 1 again (retry)', runBillRun(run.context, request));
  await record(
    run,
    'bill run with the key reused',
    runBillRun(run.context, { ...request, targetDate: '2023-01-21' }),
  );
  await record(run, 'post INV00000001', postInvoice(run.context, { invoiceNumber: 'INV00000001' }));
  await record(run, 'pause IS2', pauseInvoiceSchedule(run.context, { invoiceScheduleNumber: 'IS-00000002' }));
}

/** A bill run that skips the paused schedule; resumed, executed by hand (keyed); an early execution canceled. */
async function executions(run: Run): Promise<void> {
  run.at('2023-02-02T00:00:00.000Z');
  await record(
    run,
    'bill run 2',
    runBillRun(run.context, { targetDate: '2023-02-02', idempotencyKey: 'k-br-2' }),
  );
  await record(
    run,
    'resume IS2',
    resumeInvoiceSchedule(run.context, { invoiceScheduleNumber: 'IS-00000002' }),
  );
  const execute = { invoiceScheduleNumber: 'IS-00000002', idempotencyKey: 'k-ex-1' };
  await record(run, 'execute IS2', executeInvoiceSchedule(run.context, execute));
  await record(run, 'execute IS2 again (retry)', executeInvoiceSchedule(run.context, execute));
  await record(
    run,
    'execute with the key reused',
    executeInvoiceSchedule(run.context, { ...execute, invoiceScheduleNumber: 'IS-00000001' }),
  );
  await record(
    run,
    'execute IS1 early',
    executeInvoiceSchedule(run.context, { invoiceScheduleNumber: 'IS-00000001', idempotencyKey: 'k-ex-2' }),
  );
  const listed = await record(
    run,
    "list IS1's invoices",
    listInvoices(run.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  await record(
    run,
    "cancel IS1's latest invoice",
    cancelInvoice(run.context, { invoiceNumber: numberIn(listed, (rows) => rows.at(-1)) }),
  );
}

/** Detach and attach a charge, updates (keyed, retried, the same custom fields in another order), deletes. */
async function edits(run: Run): Promise<void> {
  const charges = {
    invoiceScheduleNumber: 'IS-00000001',
    specificSubscriptions: [{ subscriptionNumber: 'S-2', chargeNumbers: ['C3'] }],
  };
  await record(run, 'detach C3', detachInvoiceScheduleCharges(run.context, charges));
  await record(run, 'attach C3', attachInvoiceScheduleCharges(run.context, charges));
  const update = {
    invoiceScheduleNumber: 'IS-00000001',
    notes: 'edited',
    customFields: { Beta__c: 'b', Alpha__c: 'A' },
    idempotencyKey: 'k-up-1',
  };
  await record(run, 'update IS1', updateInvoiceSchedule(run.context, update));
  await record(run, 'update IS1 again (retry)', updateInvoiceSchedule(run.context, update));
  await record(
    run,
    'update IS1: the same custom fields in another order',
    updateInvoiceSchedule(run.context, {
      invoiceScheduleNumber: 'IS-00000001',
      customFields: { Alpha__c: 'A', Beta__c: 'b' },
    }),
  );
  await record(
    run,
    'delete IS5 (billed)',
    deleteInvoiceSchedule(run.context, { invoiceScheduleNumber: 'IS-00000005' }),
  );
  await record(
    run,
    'delete IS6 (pending)',
    deleteInvoiceSchedule(run.context, { invoiceScheduleNumber: 'IS-00000006' }),
  );
}

/** An order removing S-1's plan from 2023-03-01, and the bill run that credits it. */
async function removal(run: Run): Promise<void> {
  await record(
    run,
    'save order O-6 (remove S-1)',
    saveNewOrder(run.context, {
      number: 'O-6',
      accountNumber: 'A-001',
      orderDate: '2023-02-15',
      actions: [
        {
          type: 'RemoveProduct',
          subscriptionNumber: 'S-1',
          ratePlanId: 'rp-S-1',
          effectiveDate: '2023-03-01',
        },
      ],
    }),
  );
  await record(run, 'activate order O-6', activateSavedOrder(run.context, { orderNumber: 'O-6' }));
  run.at('2023-03-02T00:00:00.000Z');
  await record(
    run,
    'bill run 3',
    runBillRun(run.context, { targetDate: '2023-03-02', idempotencyKey: 'k-br-3' }),
  );
}

/**
 * The removal's credit memo posted, applied to a posted invoice (keyed, retried) and unapplied; that invoice's
 * reversal refused (credits stand on it), and A-002's latest invoice posted and reversed.
 */
async function settlement(run: Run): Promise<void> {
  const memos = await record(
    run,
    "list A-001's memos",
    listCreditMemos(run.context, { accountNumber: 'A-001' }),
  );
  const invoices = await record(
    run,
    "list A-001's invoices",
    listInvoices(run.context, { accountNumber: 'A-001' }),
  );
  const creditMemoNumber = numberIn(memos, (rows) => rows[0]);
  const invoiceNumber = numberIn(invoices, (rows) => rows.find((i) => i.status === 'Posted'));
  await record(run, 'post the memo', postCreditMemo(run.context, { creditMemoNumber }));
  const apply = {
    creditMemoNumber,
    applications: [{ invoiceNumber, amount: '0.01' }],
    idempotencyKey: 'k-apply',
  };
  await record(run, 'apply the memo', applyCreditMemo(run.context, apply));
  await record(run, 'apply the memo again (retry)', applyCreditMemo(run.context, apply));
  await record(
    run,
    'unapply the memo',
    unapplyCreditMemo(run.context, { creditMemoNumber, invoiceNumber, amount: '0.01' }),
  );
  await record(run, 'reverse INV00000001', reverseInvoice(run.context, { invoiceNumber: 'INV00000001' }));
  const yen = await record(
    run,
    "list A-002's invoices",
    listInvoices(run.context, { accountNumber: 'A-002' }),
  );
  const yenInvoice = numberIn(yen, (rows) => rows.at(-1));
  await record(run, "post A-002's latest invoice", postInvoice(run.context, { invoiceNumber: yenInvoice }));
  await record(
    run,
    "reverse A-002's latest invoice",
    reverseInvoice(run.context, { invoiceNumber: yenInvoice }),
  );
}

/** Every listing, with each filter and sort, walked one row per page. */
async function listings(run: Run): Promise<void> {
  for (const [name, query] of [
    ['by number', {}],
    ['by next run date', { sort: 'nextRunDate' }],
    ['deleted included', { includeDeleted: true }],
    ['deleted included, by next run date', { includeDeleted: true, sort: 'nextRunDate' }],
    ['updated since, to the millisecond', { updatedSince: '2023-01-20T12:00:00.123Z' }],
    ['updated since, to the centisecond', { updatedSince: '2023-01-20T12:00:00.12Z' }],
    ['Pending', { status: 'Pending' }],
    ['next run date in 2023', { nextRunDate: { from: '2023-01-01', to: '2023-12-31' } }],
    ['next run date from 2023', { nextRunDate: { from: '2023-01-01' } }],
  ] as const) {
    await walk(run, `list schedules ${name}`, (page) =>
      listInvoiceSchedules(run.context, { ...query, ...page }),
    );
  }
  for (const [name, query] of [
    ['of no account or schedule', {}],
    ['of A-001', { accountNumber: 'A-001' }],
    ['of IS-00000001', { invoiceScheduleNumber: 'IS-00000001' }],
    ['of A-001, Posted', { accountNumber: 'A-001', status: 'Posted' }],
  ] as const) {
    await walk(run, `list invoices ${name}`, (page) => listInvoices(run.context, { ...query, ...page }));
  }
  for (const [name, query] of [
    ['of no account or schedule', {}],
    ['of A-001', { accountNumber: 'A-001' }],
    ['of IS-00000001', { invoiceScheduleNumber: 'IS-00000001' }],
    ['of A-001, Posted', { accountNumber: 'A-001', status: 'Posted' }],
  ] as const) {
    await walk(run, `list credit memos ${name}`, (page) =>
      listCreditMemos(run.context, { ...query, ...page }),
    );
  }
}

/** What bill runs on three target dates would bill: the items due (walked) and the preview. */
async function previews(run: Run): Promise<void> {
  for (const targetDate of ['2023-02-01', '2023-12-31', '2024-12-31']) {
    await walk(run, `list items due by ${targetDate}`, (page) =>
      listItemsDue(run.context, { targetDate, ...page }),
    );
    await record(run, `preview a bill run on ${targetDate}`, previewBillRun(run.context, { targetDate }));
  }
}

/** Each schedule read by number (with and without the deleted ones) and its documents. */
async function reads(run: Run): Promise<void> {
  for (const n of [1, 2, 3, 4, 5, 6]) {
    const number = `IS-0000000${n}`;
    await record(run, `get ${number}`, getInvoiceSchedule(run.context, number));
    await record(
      run,
      `get ${number}, deleted included`,
      getInvoiceSchedule(run.context, number, { includeDeleted: true }),
    );
    await record(run, `${number}'s invoices`, listScheduleInvoices(run.context, number));
    await record(run, `${number}'s credit memos`, listScheduleCreditMemos(run.context, number));
  }
}

/** A bill run started, worked by one worker in batches of two accounts, completed and read; another left half-done. */
async function workers(run: Run): Promise<void> {
  run.at('2023-12-31T00:00:00.000Z');
  const started = await record(
    run,
    'start a bill run',
    startBillRun(run.context, { targetDate: '2023-12-31' }),
  );
  const billRunNumber = started.isOk() ? started.value.number : 'not-started';
  await record(
    run,
    'work on it (w1, batches of 2)',
    workOnBillRun(run.context, { billRunNumber, worker: 'w1', batchSize: 2 }),
  );
  await record(run, 'complete it', completeBillRun(run.context, { billRunNumber }));
  await record(run, 'get it', getBillRun(run.context, billRunNumber));
  // A worker stopped after its first account: the other two accounts of its lease stay leased, the run Running.
  const second = await record(
    run,
    'start a second bill run',
    startBillRun(run.context, { targetDate: '2024-01-31' }),
  );
  const signal = { aborted: false };
  await record(
    run,
    'work on it (w2, batches of 3), stopped after one account',
    workOnBillRun(
      run.context,
      { billRunNumber: second.isOk() ? second.value.number : 'not-started', worker: 'w2', batchSize: 3 },
      {
        accountsPerTransaction: 1,
        signal,
        onProgress: () => {
          signal.aborted = true;
        },
      },
    ),
  );
}

/** Refusals (taken numbers, an order activated twice, an unknown key, a stale version) and reads by id. */
async function refusalsAndIds(run: Run): Promise<void> {
  await record(
    run,
    'save account A-001 again',
    saveNewAccount(run.context, { id: 'acc-x', number: 'A-001', name: 'dup', currency: 'USD' }),
  );
  await record(
    run,
    'save order O-1 again',
    saveNewOrder(run.context, {
      number: 'O-1',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: [createSubscription('S-9', [chargeInput({ number: 'C9', price: '1.00' })])],
    }),
  );
  await record(run, 'activate order O-1 again', activateSavedOrder(run.context, { orderNumber: 'O-1' }));
  await record(run, 'get a schedule by id', getInvoiceSchedule(run.context, 'InvoiceSchedule-000001'));
  await record(run, 'get an invoice by id', getInvoice(run.context, 'Invoice-000001'));
  await record(run, 'get a credit memo by id', getCreditMemo(run.context, 'CreditMemo-000001'));
  await record(run, 'get a bill run by id', getBillRun(run.context, 'BillRun-000001'));
  await record(run, 'get an unknown schedule', getInvoiceSchedule(run.context, 'IS-99999999'));
  await record(
    run,
    'update IS1 at a stale version',
    updateInvoiceSchedule(run.context, {
      invoiceScheduleNumber: 'IS-00000001',
      notes: 'v',
      expectedVersion: 1,
    }),
  );
  await record(run, "IS-00000003's invoices", listScheduleInvoices(run.context, 'IS-00000003'));
}

/** Idempotency records older than 2023-02-01 pruned, months later. */
async function pruning(run: Run): Promise<void> {
  run.at('2024-06-01T00:00:00.000Z');
  await record(
    run,
    'prune idempotency records',
    pruneIdempotencyRecords(run.context, { before: '2023-02-01T00:00:00.000Z' }),
  );
}

const STEPS: readonly (readonly [name: string, play: (run: Run) => Promise<void>])[] = [
  ['accounts', accounts],
  ['orders', orders],
  ['schedules', schedules],
  ['first bill run', firstBillRun],
  ['executions', executions],
  ['edits', edits],
  ['removal', removal],
  ['settlement', settlement],
  ['listings', listings],
  ['previews', previews],
  ['reads', reads],
  ['workers', workers],
  ['refusals and ids', refusalsAndIds],
  ['pruning', pruning],
];

async function play(store: UnitOfWork): Promise<readonly Answer[]> {
  const run = newRun(store);
  for (const [name, step] of STEPS) {
    run.step = name;
    await step(run);
  }
  return run.answers;
}

// ── The comparison ───────────────────────────────────────────────────────────────────────────────────────

/** An answer as JSON text, keys in the order they come. */
function text(answer: Answer): string {
  return JSON.stringify(answer);
}

/** The answers by call: `step › call`, then `#2`, `#3`… for a walked listing's later pages. */
function byCall(answers: readonly Answer[]): Map<string, Answer> {
  const calls = new Map<string, Answer>();
  for (const answer of answers) {
    const label = `${answer.step} › ${answer.call}`;
    let key = label;
    for (let n = 2; calls.has(key); n++) key = `${label} #${n}`;
    calls.set(key, answer);
  }
  return calls;
}

/**
 * Each call with both stores' answers (`undefined` where one store made no such call), in the memory store's
 * order, then any the adapter added: a page one store has and the other not is one difference, not a shift of
 * every answer after it.
 */
function answerPairs(): readonly (readonly [
  call: string,
  onMemory: Answer | undefined,
  onPostgres: Answer | undefined,
])[] {
  const memory = byCall(played.onMemory);
  const postgres = byCall(played.onPostgres);
  return [...new Set([...memory.keys(), ...postgres.keys()])].map((call) => [
    call,
    memory.get(call),
    postgres.get(call),
  ]);
}

/** An error's `type`. */
const errorType = (error: unknown): string =>
  error !== null && typeof error === 'object' && 'type' in error ? String(error.type) : String(error);

const outboxOf = (entries: readonly OutboxEntry[]) => entries.map((entry) => comparable(entry));

interface Played {
  readonly memory: MemoryStore;
  readonly postgres: PostgresStore;
  readonly onMemory: readonly Answer[];
  readonly onPostgres: readonly Answer[];
}

let played: Played;

beforeAll(async () => {
  await migrate(db, { schema: SCHEMA });
  const memory = createMemoryStore();
  const postgres = createPostgresStore(db, { schema: SCHEMA });
  played = { memory, postgres, onMemory: await play(memory), onPostgres: await play(postgres) };
}, 60_000);

describe('the PostgreSQL adapter (PGlite) answers and stores exactly as the memory store', () => {
  it('plays the whole scenario, refusing only the calls meant to be refused', () => {
    const { onMemory } = played;
    expect(onMemory.length).toBeGreaterThan(140);
    const refused = onMemory
      .filter((answer) => !answer.ok)
      .map((answer) => `${answer.step} › ${answer.call}: ${errorType(answer.value)}`);
    expect(refused).toEqual([
      'schedules › create with the key reused: IdempotencyKeyReused',
      'first bill run › bill run with the key reused: IdempotencyKeyReused',
      'executions › execute with the key reused: IdempotencyKeyReused',
      'edits › delete IS5 (billed): InvalidScheduleStatus',
      'settlement › reverse INV00000001: InvoiceHasCredits',
      'listings › list invoices of no account or schedule: InvalidInput',
      'listings › list credit memos of no account or schedule: InvalidInput',
      'reads › get IS-00000006: InvoiceScheduleNotFound',
      'workers › work on it (w2, batches of 3), stopped after one account: BillRunAborted',
      'refusals and ids › save account A-001 again: VersionConflict',
      'refusals and ids › save order O-1 again: VersionConflict',
      'refusals and ids › activate order O-1 again: OrderAlreadyActivated',
      'refusals and ids › get an unknown schedule: InvoiceScheduleNotFound',
      'refusals and ids › update IS1 at a stale version: VersionConflict',
    ]);
  });

  it('gives every call the same answer', () => {
    for (const [call, onMemory, onPostgres] of answerPairs()) expect.soft(onPostgres, call).toEqual(onMemory);
  });

  it('gives every answer as the same JSON text, key order included', () => {
    const differing = answerPairs()
      .filter(
        ([, onMemory, onPostgres]) =>
          onMemory === undefined || onPostgres === undefined || text(onMemory) !== text(onPostgres),
      )
      .map(([call]) => call);
    expect(differing).toEqual([]);
  });

  it('commits the same records, idempotency records and sequences', async () => {
    expect(await postgresSnapshot(db, SCHEMA)).toEqual(played.memory.probe.snapshot());
  });

  it('holds the same open leases of each bill run', async () => {
    // The memory store keeps a done lease, marked done; the adapter deletes it (see the top of the file).
    const { memory } = played;
    let leased = 0;
    for (const { number } of memory.probe.snapshot().billRuns) {
      const open = memory.probe.billRunLeases(number).filter((lease) => !lease.done);
      leased += open.length;
      expect.soft(await postgresLeases(db, SCHEMA, number), number).toEqual(open);
    }
    // The stopped worker's: not a comparison of nothing.
    expect(leased).toBe(2);
  });

  it('appends the same events to the outbox, at the same positions', async () => {
    const { memory, postgres } = played;
    const expected = outboxOf(memory.probe.outbox());
    expect(outboxOf(await postgres.probe.outbox(0, expected.length + 1))).toEqual(expected);
  });
});
