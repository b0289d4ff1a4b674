import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/memory';
import { runBillRun } from '../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { cancelInvoice } from '../../src/operations/invoices';
import { pruneIdempotencyRecords } from '../../src/operations/prune-idempotency';
import type { BillingContext, IdempotencyRecord, Repositories, UnitOfWork } from '../../src/ports';
import { fixedClock } from '../../src/time/clock';
import { expectErr, expectOk, newBilling, type TestBilling } from '../support/billing';
import { seedOf } from '../support/racing';
import { givenSchedule, givenSubscriptions, yearly } from '../support/scenarios';

// Idempotency records by age (decision 14): every record the library writes carries createdAt from the
// context's clock; pruneIdempotencyRecords deletes those written before an instant at least 24 hours ago,
// never one of unknown age, and never one that could still stop an item from being billed twice.

const T0 = '2023-02-04T12:00:00.000Z';
const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
/** The context at another instant (the same store). */
const when = (billing: TestBilling, hours: number): BillingContext => ({
  ...billing.context,
  clock: fixedClock(at(hours)),
});

/** A-001 with an annual 1,200.00 charge (S1/C1) on its activated order O-0001, set up at T0. */
async function oneSchedule(): Promise<TestBilling> {
  return givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])], { now: T0 });
}

const ITEMS = [
  { runDate: '2023-02-04', amount: '600.00' },
  { runDate: '2023-08-04', amount: '600.00' },
];
const create = (idempotencyKey: string) => ({
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items: ITEMS,
  idempotencyKey,
});

const keys = (billing: TestBilling) => billing.store.probe.snapshot().idempotency.map((r) => r.key);

describe('idempotency records carry createdAt', () => {
  it("every record the library writes — callers' keys, execution claims, execution runs — carries the context's instant", async () => {
    const billing = await oneSchedule();
    expectOk(await createInvoiceSchedule(billing.context, create('create-1')));
    expectOk(
      await executeInvoiceSchedule(when(billing, 1), {
        invoiceScheduleNumber: 'IS-00000001',
        idempotencyKey: 'execute-1',
      }),
    );
    expectOk(await runBillRun(when(billing, 2), { targetDate: '2023-08-04', idempotencyKey: 'daily' }));
    const records = billing.store.probe.snapshot().idempotency;
    const byKey = (prefix: string) => records.filter((r) => r.key.startsWith(prefix)).map((r) => r.createdAt);
    expect(byKey('createInvoiceSchedule:')).toEqual([at(0)]);
    expect(byKey('executeInvoiceSchedule:')).toEqual([at(1)]);
    expect(byKey('execution-run:')).toEqual([at(1)]);
    // Item 1 claimed by the execution, item 2 by the bill run.
    expect(byKey('execution:').sort()).toEqual([at(1), at(2)]);
    expect(byKey('runBillRun:')).toEqual([at(2)]);
    expect(records.every((r) => r.createdAt !== undefined)).toBe(true);
  });
});

describe('pruneIdempotencyRecords', () => {
  it('a retry with its key within the retention answers the first result; once the key is pruned, the same key is a new request', async () => {
    const billing = await oneSchedule();
    await givenSchedule(billing, { items: ITEMS });
    const first = expectOk(
      await runBillRun(billing.context, { targetDate: '2023-02-04', idempotencyKey: 'daily' }),
    );
    // Three days later, keeping keys seven days: nothing is old enough.
    const kept = expectOk(await pruneIdempotencyRecords(when(billing, 72), { before: at(72 - 7 * 24) }));
    expect(kept).toEqual({ deleted: 0 });
    const retry = expectOk(
      await runBillRun(when(billing, 72), { targetDate: '2023-02-04', idempotencyKey: 'daily' }),
    );
    expect(retry.number).toBe(first.number);
    // Eight days later: the key (with the item's claim and nothing else) is older than seven days.
    const pruned = expectOk(
      await pruneIdempotencyRecords(when(billing, 8 * 24), { before: at(8 * 24 - 7 * 24) }),
    );
    expect(pruned).toEqual({ deleted: 2 });
    expect(keys(billing)).toEqual([]);
    const again = expectOk(
      await runBillRun(when(billing, 8 * 24), { targetDate: '2023-02-04', idempotencyKey: 'daily' }),
    );
    // A new request: a second bill run, which bills nothing (item 1 is processed) — not the first run.
    expect(again.number).not.toBe(first.number);
    expect(again.invoiceNumbers).toEqual([]);
    expect(billing.store.probe.snapshot().invoices.map((i) => i.number)).toEqual(['INV00000001']);
  });

  it('a keyed create retried after its key was pruned is a new request: refused, the first schedule covers its charges', async () => {
    const billing = await oneSchedule();
    const first = expectOk(await createInvoiceSchedule(billing.context, create('create-1')));
    expect(expectOk(await createInvoiceSchedule(when(billing, 48), create('create-1'))).number).toBe(
      first.number,
    );
    expect(expectOk(await pruneIdempotencyRecords(when(billing, 48), { before: at(1) }))).toEqual({
      deleted: 1,
    });
    expect(expectErr(await createInvoiceSchedule(when(billing, 48), create('create-1')))).toMatchObject({
      type: 'ChargeAlreadyScheduled',
    });
  });

  it('never deletes a record younger than 24 hours: a later `before` is refused, naming the latest instant allowed', async () => {
    const billing = await oneSchedule();
    expectOk(await createInvoiceSchedule(billing.context, create('create-1')));
    const before = billing.store.probe.snapshot();
    for (const given of [at(0), at(-23), at(1)]) {
      const error = expectErr(await pruneIdempotencyRecords(billing.context, { before: given }));
      expect(error).toMatchObject({ type: 'InvalidInput', path: 'before', received: JSON.stringify(given) });
      expect(error.message).toContain(`${at(-24)} or earlier`);
    }
    expect(billing.store.probe.snapshot()).toEqual(before);
    // Exactly 24 hours ago is allowed (and deletes nothing here: the key is younger).
    expect(expectOk(await pruneIdempotencyRecords(billing.context, { before: at(-24) }))).toEqual({
      deleted: 0,
    });
    expect(expectOk(await pruneIdempotencyRecords(when(billing, 24), { before: at(0) }))).toEqual({
      deleted: 0,
    });
    // An offset is an instant like any other: 13:00+01:00 is the key's own instant, not before it.
    const later = when(billing, 25);
    const offset = (before: string) => pruneIdempotencyRecords(later, { before });
    expect(expectOk(await offset('2023-02-04T13:00:00+01:00'))).toEqual({ deleted: 0 });
    expect(expectOk(await offset('2023-02-04T13:00:00.001+01:00'))).toEqual({ deleted: 1 });
  });

  it("an execution still running when another one of the item commits meets the other's claim, which no pruning can remove: it conflicts on the claim and the item is billed once (fails if the claim were pruned)", async () => {
    const billing = await oneSchedule();
    await givenSchedule(billing, { items: ITEMS });
    // Process A read the schedule (item 1 pending) before process B's execution committed: under READ
    // COMMITTED its reads of the schedule are those of before, kept here in a second store.
    const before = createMemoryStore({ initial: seedOf(billing.store.probe.snapshot()) });
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    // A pruner runs meanwhile (A is still running 23 hours later): no `before` it may give reaches the claim
    // B just wrote — one as late as now is refused, the latest allowed deletes nothing.
    const pruner = when(billing, 23);
    expect(expectErr(await pruneIdempotencyRecords(pruner, { before: at(23) }))).toMatchObject({
      type: 'InvalidInput',
      path: 'before',
    });
    expect(expectOk(await pruneIdempotencyRecords(pruner, { before: at(-1) }))).toEqual({ deleted: 0 });
    const stale: UnitOfWork = {
      transaction: (work) =>
        billing.store.transaction((repos) =>
          before.transaction(async (old) =>
            work({
              ...repos,
              invoiceSchedules: {
                ...repos.invoiceSchedules,
                get: old.invoiceSchedules.get,
                getById: old.invoiceSchedules.getById,
                listByAccount: old.invoiceSchedules.listByAccount,
                listByAccounts: old.invoiceSchedules.listByAccounts,
                listWithItemsDue: old.invoiceSchedules.listWithItemsDue,
              },
            } as Repositories),
          ),
        ),
    };
    const error = expectErr(
      await executeInvoiceSchedule(
        { ...billing.context, store: stale },
        { invoiceScheduleNumber: 'IS-00000001' },
      ),
    );
    // The claim stopped it (actualVersion null, the claim's key named) — not the schedule's compare-and-set,
    // which is all that would be left had the claim been pruned.
    expect(error).toMatchObject({ type: 'VersionConflict', entity: 'InvoiceSchedule', actualVersion: null });
    expect(error.message).toContain('(execution:');
    expect(billing.store.probe.snapshot().invoices.map((i) => i.number)).toEqual(['INV00000001']);
  });

  it('the claim of an item canceled back to pending is pruned harmlessly: the item has a new generation, billed once more under a new claim', async () => {
    const billing = await oneSchedule();
    await givenSchedule(billing, { items: ITEMS });
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expectOk(await cancelInvoice(when(billing, 1), { invoiceNumber: 'INV00000001' }));
    // Two days later: item 1's claim (generation 0) and the record of its execution's run are pruned.
    const later = when(billing, 48);
    expect(expectOk(await pruneIdempotencyRecords(later, { before: at(24) }))).toEqual({ deleted: 2 });
    expect(keys(billing)).toEqual([]);
    const again = expectOk(await executeInvoiceSchedule(later, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(again.invoiceNumbers).toEqual(['INV00000002']);
    expect(keys(billing).filter((k) => k.startsWith('execution:'))).toEqual([
      expect.stringMatching(/:1$/) as unknown as string,
    ]);
    // Item 1 processed again, once: the next execution is item 2's, not item 1's a second time.
    const next = expectOk(await executeInvoiceSchedule(later, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(next.invoiceNumbers).toEqual(['INV00000003']);
    const invoices = billing.store.probe.snapshot().invoices;
    expect(invoices.map((i) => [i.number, i.status, i.amount])).toEqual([
      ['INV00000001', 'Canceled', '600.00'],
      ['INV00000002', 'Draft', '600.00'],
      ['INV00000003', 'Draft', '600.00'],
    ]);
  });

  it('keeps the records of unknown age (no createdAt), deletes the oldest first, at most `limit`, 1,000 per transaction', async () => {
    const old: IdempotencyRecord[] = Array.from({ length: 2_500 }, (_, i) => ({
      key: `runBillRun:k-${String(i).padStart(4, '0')}`,
      operation: 'runBillRun',
      result: `BR-${i}`,
      createdAt: new Date(Date.parse('2023-01-01T00:00:00.000Z') + (2_500 - i) * 1000).toISOString(),
    }));
    const unknown: IdempotencyRecord = { key: 'runBillRun:legacy', operation: 'runBillRun', result: 'BR-0' };
    const store = createMemoryStore({ initial: { idempotency: [...old, unknown] } });
    const deletes: number[] = [];
    const counted: UnitOfWork = {
      transaction: (work) =>
        store.transaction((repos) =>
          work({
            ...repos,
            idempotency: {
              ...repos.idempotency,
              deleteCreatedBefore: async (before: string, limit: number) => {
                deletes.push(limit);
                return (await repos.idempotency.deleteCreatedBefore?.(before, limit)) ?? 0;
              },
            },
          }),
        ),
    };
    const context = { ...newBilling({}, at(48)).context, store: counted };
    expect(expectOk(await pruneIdempotencyRecords(context, { before: T0, limit: 2_100 }))).toEqual({
      deleted: 2_100,
    });
    expect(deletes).toEqual([1_000, 1_000, 100]);
    // The oldest went first: the highest keys (written first) are gone, the 400 lowest are left.
    const left = store.probe.snapshot().idempotency.map((r) => r.key);
    expect(left).toEqual([...old.slice(0, 400).map((r) => r.key), unknown.key]);
    deletes.length = 0;
    expect(expectOk(await pruneIdempotencyRecords(context, { before: T0 }))).toEqual({ deleted: 400 });
    expect(deletes).toEqual([1_000]);
    expect(store.probe.snapshot().idempotency).toEqual([unknown]);
  });

  it.each([
    ['not an object', 'nope', '', 'an object { before, limit? }'],
    ['no before', {}, 'before', 'an ISO 8601 instant'],
    ['before as a Date', { before: new Date(0) }, 'before', 'an ISO 8601 instant'],
    ['a local time', { before: '2023-01-01T00:00:00' }, 'before', 'an ISO 8601 instant'],
    ['a day the calendar has not', { before: '2023-02-30T00:00:00Z' }, 'before', 'an ISO 8601 instant'],
    ['a date without a time', { before: '2023-01-01' }, 'before', 'an ISO 8601 instant'],
    ['limit 0', { before: '2023-01-01T00:00:00Z', limit: 0 }, 'limit', 'a whole number from 1'],
    ['limit 1.5', { before: '2023-01-01T00:00:00Z', limit: 1.5 }, 'limit', 'a whole number from 1'],
    ['limit as text', { before: '2023-01-01T00:00:00Z', limit: '10' }, 'limit', 'a whole number from 1'],
    ['an unknown field', { before: '2023-01-01T00:00:00Z', olderThan: 30 }, 'olderThan', ''],
  ])('refuses %s with InvalidInput, nothing deleted', async (_, input, path, expected) => {
    const billing = await oneSchedule();
    expectOk(await runBillRun(when(billing, -1000), { targetDate: '2023-01-01', idempotencyKey: 'daily' }));
    const before = billing.store.probe.snapshot();
    const error = expectErr(await pruneIdempotencyRecords(billing.context, input as { before: string }));
    expect(error).toMatchObject({ type: 'InvalidInput', path });
    expect((error as { expected?: string }).expected).toContain(expected);
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('a store without idempotency.deleteCreatedBefore is refused with InvalidInput at context.store; a context without a clock with InvalidContext', async () => {
    const billing = await oneSchedule();
    const without: UnitOfWork = {
      transaction: (work) =>
        billing.store.transaction((repos) => {
          const { deleteCreatedBefore: _, ...idempotency } = repos.idempotency;
          return work({ ...repos, idempotency });
        }),
    };
    expect(
      expectErr(await pruneIdempotencyRecords({ ...billing.context, store: without }, { before: at(-24) })),
    ).toMatchObject({ type: 'InvalidInput', path: 'context.store' });
    const { clock: _, ...clockless } = billing.context;
    expect(
      expectErr(await pruneIdempotencyRecords(clockless as BillingContext, { before: at(-24) })),
    ).toMatchObject({ type: 'InvalidContext', missing: 'clock' });
  });

  it('throws when the clock returns an invalid Date (read as NaN, it would let any `before` through), nothing deleted', async () => {
    const billing = await oneSchedule();
    expectOk(await createInvoiceSchedule(billing.context, create('create-1')));
    const broken = { ...billing.context, clock: { now: () => new Date(Number.NaN) } };
    await expect(pruneIdempotencyRecords(broken, { before: at(1) }).then(() => ok(0))).rejects.toThrow(
      /the clock returned an invalid Date/,
    );
    expect(keys(billing)).toEqual(['createInvoiceSchedule:create-1']);
  });

  it("throws when an adapter's deleteCreatedBefore answers more than it was asked to delete (it would loop for ever)", async () => {
    const billing = await oneSchedule();
    const liar: UnitOfWork = {
      transaction: (work) =>
        billing.store.transaction((repos) =>
          work({
            ...repos,
            idempotency: { ...repos.idempotency, deleteCreatedBefore: async (_, limit) => limit + 1 },
          }),
        ),
    };
    await expect(
      pruneIdempotencyRecords({ ...billing.context, store: liar }, { before: at(-24) }).then(() => ok(0)),
    ).rejects.toThrow(/returned 1001: it must return how many records it deleted, 0 to 1000/);
  });
});
