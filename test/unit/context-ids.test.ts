// The ids an operation draws from `context.ids` (found by a newcomer): the library trusted them. With
// `ids: { next: (kind) => `${kind}-${Date.now()}` }` both items of a schedule created in one millisecond got one
// id, and `runBillRun(ctx, { targetDate: '2023-12-31' })` answered Completed, itemsProcessed 2, with ONE invoice
// INV00000001 of 70,200.00 (C01's total: items 70,000.00 and 200.00) and the schedule FullyProcessed with a billed
// amount of 140,400.00, both items naming that invoice — on the memory store and on PostgreSQL alike. An id that
// was no string (`7`, `''`, `undefined`) made the memory store throw a TypeError blaming its stored record. Now
// every drawn id is checked: a non-blank storable string of at most 255 characters, not drawn before in the same
// call, and for an item an edit adds, not an id the schedule has: else the operation answers `InvalidContext` at
// `ids.next`, and the transaction that drew it is rolled back.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { runBillRun, startBillRun } from '../../src/operations/bill-run';
import { workOnBillRun } from '../../src/operations/bill-run-worker';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getBillRun, getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import type { BillingContext, IdGenerator, InvalidContext } from '../../src/ports';
import { createPostgresStore, migrate } from '../../src/postgres';
import {
  C01_SUBSCRIPTIONS,
  expectErr,
  expectOk,
  newBilling,
  setUpOrder,
  type TestBilling,
} from '../support/billing';
import { givenAccountsDue } from '../support/scenarios';

const db = new PGlite();
afterAll(() => db.close());

let schemas = 0;
const STORES: readonly (readonly [string, () => Promise<BillingContext['store']>])[] = [
  ['the memory store', async () => createMemoryStore()],
  [
    'PostgreSQL (PGlite)',
    async () => {
      const schema = `context_ids_${++schemas}`;
      await migrate(db, { schema });
      return createPostgresStore(db, { schema });
    },
  ],
];

/** C01's order on `store` (S1–S4, 70,200.00 in all), set up with good ids. */
async function givenC01Order(store: BillingContext['store']): Promise<BillingContext> {
  const billing = newBilling();
  const context = { ...billing.context, store };
  await setUpOrder({ store, context } as unknown as TestBilling, { subscriptions: C01_SUBSCRIPTIONS });
  return context;
}

/** The newcomer's schedule: items 70,000.00 and 200.00, both due by 2023-12-31. */
const SCHEDULE = {
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items: [
    { runDate: '2023-02-04', amount: '70000.00' },
    { runDate: '2023-05-01', amount: '200.00' },
  ],
};

/** Ids made of one instant, as `${kind}-${Date.now()}` gives within one millisecond. */
function sameMillisecond(): IdGenerator {
  const now = Date.now();
  return { next: (kind) => `${kind}-${now}` };
}

function invalidIds(error: unknown): InvalidContext {
  expect(error).toMatchObject({ type: 'InvalidContext', missing: 'ids.next' });
  return error as InvalidContext;
}

describe.each(STORES)('the ids a call draws, on %s', (_name, makeStore) => {
  it("the newcomer's Date.now() ids: creating the schedule is InvalidContext, and no schedule is saved", async () => {
    const context = await givenC01Order(await makeStore());
    const created = await createInvoiceSchedule({ ...context, ids: sameMillisecond() }, SCHEDULE);
    const error = invalidIds(expectErr(created));
    expect(error.message).toMatch(
      /^context\.ids\.next\('InvoiceScheduleItem'\) returned "InvoiceScheduleItem-\d+" twice in one call; ids must be unique/,
    );
    expect(expectErr(await getInvoiceSchedule(context, 'IS-00000001')).type).toBe('InvoiceScheduleNotFound');
    // Rolled back, its number included: the next schedule, with good ids, is IS-00000001.
    expect(expectOk(await createInvoiceSchedule(context, SCHEDULE)).number).toBe('IS-00000001');
  });

  it("the newcomer's bill run with Date.now() ids: InvalidContext, no invoice, the schedule unbilled", async () => {
    const context = await givenC01Order(await makeStore());
    expectOk(await createInvoiceSchedule(context, SCHEDULE));
    const request = { targetDate: '2023-12-31', idempotencyKey: 'nightly-2023-12-31' };
    const run = await runBillRun({ ...context, ids: sameMillisecond() }, request);
    const error = invalidIds(expectErr(run));
    expect(error.message).toMatch(
      /^context\.ids\.next\('Invoice'\) returned "Invoice-\d+" twice in one call/,
    );
    expect(expectErr(await getInvoice(context, 'INV00000001')).type).toBe('InvoiceNotFound');
    const schedule = expectOk(await getInvoiceSchedule(context, 'IS-00000001'));
    expect(schedule.status).toBe('Pending');
    expect(schedule.billedAmount.toFixed(2)).toBe('0.00');
    expect(schedule.items.map((i) => [i.status, i.invoiceNumber])).toEqual([
      ['Pending', null],
      ['Pending', null],
    ]);
    // The run record was committed before any account was billed: it stays Running, like a run that crashed,
    // and the retry with its key and good ids resumes it, billing the items once each: 70,000.00 and 200.00.
    expect(expectOk(await getBillRun(context, 'BR-00000001')).status).toBe('Running');
    const billed = expectOk(await runBillRun(context, request));
    expect(billed).toMatchObject({ number: 'BR-00000001', status: 'Completed', itemsProcessed: 2 });
    const amounts = [];
    for (const n of billed.invoiceNumbers)
      amounts.push(expectOk(await getInvoice(context, n)).amount.toFixed(2));
    expect(amounts).toEqual(['70000.00', '200.00']);
    expect(expectOk(await getInvoiceSchedule(context, 'IS-00000001')).billedAmount.toFixed(2)).toBe(
      '70200.00',
    );
  });

  it("next: () => 'same': the schedule's id and its item's are one, refused whatever their kinds", async () => {
    const context = await givenC01Order(await makeStore());
    const same = { ...context, ids: { next: () => 'same' } };
    const error = invalidIds(expectErr(await createInvoiceSchedule(same, SCHEDULE)));
    expect(error.message).toMatch(
      /^context\.ids\.next\('InvoiceScheduleItem'\) returned "same" after returning it for 'InvoiceSchedule' in this call; ids must be unique/,
    );
    expect(error.received).toBe('"same"');
    expect(expectErr(await getInvoiceSchedule(context, 'IS-00000001')).type).toBe('InvoiceScheduleNotFound');
  });

  it("next: () => 'same' in a bill run: the run's id repeated by its invoice, nothing billed", async () => {
    const context = await givenC01Order(await makeStore());
    expectOk(await createInvoiceSchedule(context, SCHEDULE));
    const run = await runBillRun({ ...context, ids: { next: () => 'same' } }, { targetDate: '2023-12-31' });
    expect(invalidIds(expectErr(run)).message).toMatch(
      /^context\.ids\.next\('Invoice'\) returned "same" after returning it for 'BillRun' in this call/,
    );
    expect(expectErr(await getInvoice(context, 'INV00000001')).type).toBe('InvoiceNotFound');
    expect(expectOk(await getInvoiceSchedule(context, 'IS-00000001')).billedAmount.toFixed(2)).toBe('0.00');
  });

  it.each([
    ['a number', 7, 'number 7'],
    ['an empty string', '', '""'],
    ['nothing', undefined, 'nothing (undefined)'],
    ['a blank string', '  ', '"  "'],
    ['U+0000', 'id\u0000', '"id\\u0000"'],
    ['256 characters', 'x'.repeat(256), '"xxxxxxxxxx'],
  ])(
    'an id that is %s is InvalidContext naming ids.next, not a store error; nothing is saved',
    async (_what, value, received) => {
      const context = await givenC01Order(await makeStore());
      const bad = { ...context, ids: { next: () => value as unknown as string } };
      const error = invalidIds(expectErr(await createInvoiceSchedule(bad, SCHEDULE)));
      expect(error.message).toMatch(
        /^context\.ids\.next\('InvoiceSchedule'\) returned .* which is not an id/,
      );
      expect(error.received.startsWith(received)).toBe(true);
      expect(error.expected).toMatch(/a non-blank string of at most 255 characters/);
      expect(expectErr(await getInvoiceSchedule(context, 'IS-00000001')).type).toBe(
        'InvoiceScheduleNotFound',
      );
    },
  );

  it("an edit adding an item whose drawn id is an existing item's: InvalidContext, the schedule unchanged", async () => {
    const context = await givenC01Order(await makeStore());
    const schedule = expectOk(await createInvoiceSchedule(context, SCHEDULE));
    const [first, second] = schedule.items.map((i) => i.id) as [string, string];
    const taken = first;
    const edit = {
      invoiceScheduleNumber: 'IS-00000001',
      items: [
        { id: first, runDate: '2023-02-04', amount: '60000.00' },
        { id: second, runDate: '2023-05-01', amount: '200.00' },
        { runDate: '2023-09-16', amount: '10000.00' },
      ],
    };
    const reused = { ...context, ids: { next: () => taken } };
    const error = invalidIds(expectErr(await updateInvoiceSchedule(reused, edit)));
    expect(error.message).toBe(
      `context.ids.next('InvoiceScheduleItem') returned ${JSON.stringify(taken)}, an id schedule IS-00000001 already has; ids must be unique for the store's life: return a new unique id on every call (crypto.randomUUID() in production, createSequentialIds() from invoice-schedules/memory in tests). The transaction that drew it was rolled back.`,
    );
    // The schedule's own id is refused too.
    const own = { ...context, ids: { next: () => schedule.id } };
    expect(invalidIds(expectErr(await updateInvoiceSchedule(own, edit))).message).toContain(
      'an id schedule IS-00000001 already has',
    );
    const stored = expectOk(await getInvoiceSchedule(context, 'IS-00000001'));
    expect(stored.version).toBe(schedule.version);
    expect(stored.items.map((i) => i.amount.toFixed(2))).toEqual(['70000.00', '200.00']);
    // The same edit with good ids is taken.
    expect(expectOk(await updateInvoiceSchedule(context, edit)).items).toHaveLength(3);
  });
});

// A bill run a bad id stops after its record exists stays Running, keeping the batches committed before. Without an
// idempotency key the caller could not find it again: the InvalidContext's message names the run and how to go on.
describe.each(STORES)('a bill run stopped by a bad id, on %s', (_name, makeStore) => {
  /** Accounts A-001… each with C01's order and one 70,200.00 item due 2023-02-04; the clock at `now()`. */
  async function givenAccounts(count: number, now: () => string): Promise<BillingContext> {
    const store = await makeStore();
    const base = newBilling();
    const context: BillingContext = { ...base.context, store, clock: { now: () => new Date(now()) } };
    await givenAccountsDue(count, { store, context } as unknown as TestBilling);
    return context;
  }

  /** Good ids, except that the second invoice's id repeats the id drawn just before it (the first invoice's last). */
  function repeatingAtSecondInvoice(): IdGenerator {
    const good = createSequentialIds('bad-');
    let invoices = 0;
    let last = '';
    return {
      next(kind) {
        if (kind === 'Invoice' && ++invoices === 2) return last;
        last = good.next(kind);
        return last;
      },
    };
  }

  it('runBillRun without a key: the message names the run left Running; workOnBillRun finishes it', async () => {
    const context = await givenAccounts(2, () => '2023-02-04T12:00:00Z');
    const billed: string[] = [];
    const run = await runBillRun(
      { ...context, ids: repeatingAtSecondInvoice() },
      { targetDate: '2023-02-04' },
      { accountsPerTransaction: 1, onProgress: (p) => billed.push(p.account.accountNumber) },
    );
    const error = invalidIds(expectErr(run));
    expect(error.message).toMatch(
      /^context\.ids\.next\('Invoice'\) returned "bad-Invoice-000001" twice in one call/,
    );
    expect(error.message).toContain(
      "The transaction that drew it was rolled back. Bill run BR-00000001 stays Running, with the accounts billed before the fault; the request has no idempotency key to resume it by: call workOnBillRun(context, { billRunNumber: 'BR-00000001', worker }) with good ids, which bills the accounts left and completes the run.",
    );
    expect(billed).toEqual(['A-001']);
    expect(expectOk(await getBillRun(context, 'BR-00000001')).status).toBe('Running');
    const work = expectOk(
      await workOnBillRun(context, { billRunNumber: 'BR-00000001', worker: 'after-the-fault' }),
    );
    expect(work.run).toMatchObject({ status: 'Completed', itemsProcessed: 2, failures: [] });
    expect(work.run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
  });

  it('runBillRun with a key: the message names the run and the key to resume it by', async () => {
    const context = await givenAccounts(2, () => '2023-02-04T12:00:00Z');
    const request = { targetDate: '2023-02-04', idempotencyKey: 'nightly-2023-02-04' };
    const run = await runBillRun({ ...context, ids: repeatingAtSecondInvoice() }, request, {
      accountsPerTransaction: 1,
    });
    expect(invalidIds(expectErr(run)).message).toContain(
      'Bill run BR-00000001 stays Running, with the accounts billed before the fault: run the same request with the same idempotency key and good ids to resume it.',
    );
    expect(expectOk(await runBillRun(context, request))).toMatchObject({
      number: 'BR-00000001',
      status: 'Completed',
      itemsProcessed: 2,
    });
  });

  it("workOnBillRun: the message names the run; the worker's leases stay open until leaseSeconds pass", async () => {
    let now = '2023-02-04T12:00:00.000Z';
    const context = await givenAccounts(3, () => now);
    expectOk(await startBillRun(context, { targetDate: '2023-02-04' }));
    // A-001 is billed in a transaction of its own; A-002's invoice id is bad.
    const work = await workOnBillRun(
      { ...context, ids: repeatingAtSecondInvoice() },
      { billRunNumber: 'BR-00000001', worker: 'w1', leaseSeconds: 60, batchSize: 3 },
      { accountsPerTransaction: 1 },
    );
    expect(invalidIds(expectErr(work)).message).toContain(
      'Bill run BR-00000001 stays Running, with the accounts billed before the fault; the accounts this call leased stay leased until their leases end (leaseSeconds: 60): call workOnBillRun again with good ids, at its retryAt while it answers the run Running, and it bills the accounts left and completes the run.',
    );
    // w1 leased all three accounts and billed A-001: every lease, A-001's too, is open until 12:01.
    const early = expectOk(await workOnBillRun(context, { billRunNumber: 'BR-00000001', worker: 'w2' }));
    expect(early).toMatchObject({ accountsVisited: 0, retryAt: '2023-02-04T12:01:00.000Z' });
    expect(early.run.status).toBe('Running');
    expect(early.waitingFor.map((l) => l.accountNumber)).toEqual(['A-001', 'A-002', 'A-003']);
    now = '2023-02-04T12:01:00.001Z';
    const later = expectOk(await workOnBillRun(context, { billRunNumber: 'BR-00000001', worker: 'w2' }));
    expect(later.run).toMatchObject({ status: 'Completed', itemsProcessed: 3, failures: [] });
    expect(later.run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
  });
});
