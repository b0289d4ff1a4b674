// The memory store's read-committed mode (issue 10, item 5): transactions overlap as at PostgreSQL's
// READ COMMITTED, so the races a real database shows happen here too. Each test drives two or more
// transactions to a chosen point with deferreds, then checks who waits, who wins and what committed.
import * as fc from 'fast-check';
import { createMemoryStore, type MemoryStore } from 'invoice-schedules/memory';
import { buildAccount, buildInvoice, buildInvoiceSchedule } from 'invoice-schedules/testing';
import { err, ok, type Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { rowLocked } from '../../src/memory/locks';
import type { Repositories, SequenceName, VersionConflict } from '../../src/ports/index';

function deferred(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets every pending promise callback run: whoever can move on has, whoever waits on a lock still waits. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Tracks whether a promise settled, without handling its outcome for the caller. */
function watch<T>(promise: Promise<T>): { readonly promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined); // awaited by the test; no unhandled rejection meanwhile
  return { promise: tracked, settled: () => done };
}

const ROLLBACK = Object.freeze({ type: 'RolledBackOnPurpose' as const });

const A = buildInvoiceSchedule({ number: 'IS-00000001', id: 'is-1' });
const B = buildInvoiceSchedule({ number: 'IS-00000002', id: 'is-2' });

function rcStore(initial: Parameters<typeof createMemoryStore>[0] = {}): MemoryStore {
  return createMemoryStore({ ...initial, isolation: 'read-committed' });
}

/** Saves the next version of schedule `number` as read now, with `notes`. */
async function saveNext(r: Repositories, number: string, notes: string) {
  const current = await r.invoiceSchedules.get(number);
  if (current === null) throw new Error(`${number} is missing`);
  return r.invoiceSchedules.save({ ...current, notes, version: current.version + 1 });
}

describe('memory store, read committed: row locks on writes', () => {
  it('a lost update is refused: of two transactions that read version 1 and save version 2, one commits and the other waits, then gets a VersionConflict', async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A] } });
    const read1 = deferred();
    const read2 = deferred();
    const saved1 = deferred();
    const finish1 = deferred();
    const t1 = store.transaction(async (r) => {
      const seen = await r.invoiceSchedules.get(A.number);
      read1.resolve();
      await read2.promise;
      const saved = await r.invoiceSchedules.save({ ...A, ...seen, notes: 't1', version: 2 });
      saved1.resolve();
      await finish1.promise;
      return saved;
    });
    let save2: ReturnType<typeof watch<Result<void, VersionConflict>>> | undefined;
    const t2 = store.transaction(async (r) => {
      const seen = await r.invoiceSchedules.get(A.number);
      read2.resolve();
      await read1.promise;
      expect(seen?.version).toBe(1);
      await saved1.promise;
      save2 = watch(r.invoiceSchedules.save({ ...A, ...seen, notes: 't2', version: 2 }));
      return save2.promise;
    });
    await saved1.promise;
    await settle();
    expect(save2?.settled(), 'the second save waits for the first transaction to end').toBe(false);
    finish1.resolve();
    expect((await t1).isOk()).toBe(true);
    expect((await t2)._unsafeUnwrapErr()).toMatchObject({
      type: 'VersionConflict',
      entity: 'InvoiceSchedule',
      key: A.number,
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(store.probe.invoiceSchedule(A.number)).toMatchObject({ notes: 't1', version: 2 });
  });

  it('a writer waiting on a row proceeds once the holder rolls back, and checks against the row as it was', async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A] } });
    const saved1 = deferred();
    const finish1 = deferred();
    const t1 = store.transaction(async (r) => {
      expect((await saveNext(r, A.number, 't1')).isOk()).toBe(true);
      saved1.resolve();
      await finish1.promise;
      return err(ROLLBACK);
    });
    await saved1.promise;
    const t2 = watch(store.transaction((r) => saveNext(r, A.number, 't2')));
    await settle();
    expect(t2.settled()).toBe(false);
    finish1.resolve();
    expect((await t1)._unsafeUnwrapErr()).toBe(ROLLBACK);
    expect((await t2.promise).isOk()).toBe(true);
    expect(store.probe.invoiceSchedule(A.number)).toMatchObject({ notes: 't2', version: 2 });
  });

  it.each([
    ['accounts.insert', (r: Repositories) => r.accounts.insert(buildAccount({ number: 'A00000009' }))],
    [
      'invoices.save (version 1)',
      (r: Repositories) => r.invoices.save(buildInvoice({ number: 'INV00000009' })),
    ],
  ] as const)(
    'of two concurrent inserts of one number (%s), exactly one wins; the other waits, then conflicts',
    async (_, insert) => {
      const store = rcStore();
      const results = await Promise.all(
        [1, 2].map(() =>
          store.transaction(async (r) => {
            const inserted = await insert(r);
            await settle(); // the other transaction's insert arrives while this one is open
            return inserted;
          }),
        ),
      );
      expect(results.filter((x) => x.isOk())).toHaveLength(1);
      expect(results.find((x) => x.isErr())?._unsafeUnwrapErr()).toMatchObject({
        type: 'VersionConflict',
        expectedVersion: 0,
        actualVersion: 1,
      });
    },
  );

  it('of two concurrent inserts of one idempotency key, exactly one returns true and its record is kept', async () => {
    const store = rcStore();
    const results = await Promise.all(
      ['first', 'second'].map((result) =>
        store.transaction(async (r) => {
          const inserted = await r.idempotency.insert({ key: 'k', operation: 'op', result });
          await settle();
          return ok(inserted);
        }),
      ),
    );
    const inserted = results.map((x) => x._unsafeUnwrap());
    expect(inserted.filter((x) => x)).toHaveLength(1);
    expect(store.probe.idempotencyKey('k')?.result).toBe(inserted[0] ? 'first' : 'second');
  });

  it('sequences stay gapless and unique under 20 concurrent transactions, some of which roll back', async () => {
    const store = createMemoryStore({ isolation: 'read-committed', interleave: settle });
    const committed: Record<SequenceName, number[]> = {
      Invoice: [],
      CreditMemo: [],
      BillRun: [],
      InvoiceSchedule: [],
    };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction(async (r) => {
          // The same order of names in every transaction, as the kit's sequence test: no deadlock.
          const drawn: [SequenceName, number][] = [];
          for (const name of ['Invoice', 'Invoice', 'CreditMemo'] as const)
            drawn.push([name, await r.sequences.next(name)]);
          if (i % 4 === 3) return err(ROLLBACK);
          for (const [name, n] of drawn) committed[name].push(n);
          return ok(undefined);
        }),
      ),
    );
    const gapless = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
    expect([...committed.Invoice].sort((x, y) => x - y)).toEqual(gapless(30));
    expect([...committed.CreditMemo].sort((x, y) => x - y)).toEqual(gapless(15));
    expect(store.probe.sequence('Invoice')).toBe(30);
    expect(store.probe.sequence('CreditMemo')).toBe(15);
  });

  it("re-enters its own locks: a transaction's second write of a row it holds does not wait behind a queued writer", async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A] } });
    const saved1 = deferred();
    const queued2 = deferred();
    const t1 = store.transaction(async (r) => {
      expect((await saveNext(r, A.number, 'v2')).isOk()).toBe(true);
      saved1.resolve();
      await queued2.promise;
      expect((await saveNext(r, A.number, 'v3')).isOk()).toBe(true);
      expect(await r.idempotency.insert({ key: 'k', operation: 'op', result: '1' })).toBe(true);
      expect(await r.idempotency.insert({ key: 'k', operation: 'op', result: '2' })).toBe(false);
      expect([await r.sequences.next('Invoice'), await r.sequences.next('Invoice')]).toEqual([1, 2]);
      return ok(undefined);
    });
    await saved1.promise;
    const t2 = store.transaction((r) => r.invoiceSchedules.save({ ...A, notes: 't2', version: 2 }));
    await settle();
    queued2.resolve();
    expect((await t1).isOk()).toBe(true);
    expect((await t2)._unsafeUnwrapErr()).toMatchObject({ expectedVersion: 1, actualVersion: 3 });
    expect(store.probe.invoiceSchedule(A.number)).toMatchObject({ notes: 'v3', version: 3 });
  });
});

describe('memory store, read committed: deadlocks', () => {
  /** T1 writes A then B, T2 writes B then A: T2's second write closes the cycle. */
  function crossWrites(store: MemoryStore, t2Work?: (r: Repositories, error: unknown) => Promise<void>) {
    const t1HasA = deferred();
    const t2HasB = deferred();
    const t1 = store.transaction(async (r) => {
      expect((await saveNext(r, A.number, 't1')).isOk()).toBe(true);
      t1HasA.resolve();
      await t2HasB.promise;
      return saveNext(r, B.number, 't1'); // waits for T2, which holds B
    });
    const t2 = store.transaction(async (r) => {
      await t1HasA.promise;
      expect((await saveNext(r, B.number, 't2')).isOk()).toBe(true);
      t2HasB.resolve();
      await settle(); // T1 now waits for B
      if (t2Work === undefined) return saveNext(r, A.number, 't2');
      const error = await saveNext(r, A.number, 't2').catch((e: unknown) => e);
      await t2Work(r, error);
      return ok(undefined);
    });
    return { t1, t2 };
  }

  it('a deadlock is detected at once (40P01): the transaction that closes the cycle is rolled back, the other commits', async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A, B] } });
    const { t1, t2 } = crossWrites(store);
    const victim = await t2.catch((e: unknown) => e);
    expect(victim).toBeInstanceOf(Error);
    expect(victim).toMatchObject({ code: '40P01', message: expect.stringContaining('deadlock detected') });
    expect((await t1).isOk()).toBe(true);
    expect(store.probe.invoiceSchedule(A.number)).toMatchObject({ notes: 't1', version: 2 });
    expect(store.probe.invoiceSchedule(B.number)).toMatchObject({ notes: 't1', version: 2 });
  });

  it('a transaction that caught its deadlock error is aborted: later calls throw 25P02, and an Ok rethrows the deadlock instead of committing', async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A, B] } });
    let later: unknown;
    const { t1, t2 } = crossWrites(store, async (r, error) => {
      expect(error).toMatchObject({ code: '40P01' });
      later = await r.invoiceSchedules.get(A.number).catch((e: unknown) => e);
    });
    await expect(t2).rejects.toMatchObject({ code: '40P01' });
    expect(later).toMatchObject({ code: '25P02', message: expect.stringContaining('aborted') });
    expect((await t1).isOk()).toBe(true);
    expect(store.probe.invoiceSchedule(B.number)).toMatchObject({ notes: 't1', version: 2 });
  });

  it('a cycle through a third transaction is detected too', async () => {
    const C = buildInvoiceSchedule({ number: 'IS-00000003', id: 'is-3' });
    const store = rcStore({ initial: { invoiceSchedules: [A, B, C] } });
    const held = [deferred(), deferred(), deferred()];
    const all = Promise.all(held.map((d) => d.promise));
    // Ti holds row i, then wants row i + 1: T1 → T2 → T3 → T1.
    const rows = [A, B, C];
    const runs = rows.map((row, i) =>
      store.transaction(async (r) => {
        expect((await saveNext(r, row.number, `t${i + 1}`)).isOk()).toBe(true);
        held[i]?.resolve();
        await all;
        for (let k = 0; k < i; k++) await settle(); // T1 queues first, then T2, then T3 closes the cycle
        return saveNext(r, rows[(i + 1) % 3]?.number ?? '', `t${i + 1}`);
      }),
    );
    const settled = await Promise.allSettled(runs);
    const resultOf = (i: number) => {
      const outcome = settled[i];
      if (outcome?.status !== 'fulfilled') throw outcome?.reason;
      return outcome.value;
    };
    expect(settled[2]).toMatchObject({ status: 'rejected', reason: { code: '40P01' } });
    // T3 rolled back, so T2 got C and committed; T1, which read B before T2 committed it, conflicts.
    expect(resultOf(1).isOk()).toBe(true);
    expect(resultOf(0)._unsafeUnwrapErr()).toMatchObject({
      type: 'VersionConflict',
      key: B.number,
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(store.probe.invoiceSchedule(C.number)).toMatchObject({ notes: 't2', version: 2 });
  });
});

describe('memory store, read committed: reads', () => {
  it('reads see only committed data (no dirty reads) and do not wait on row locks', async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A] } });
    const wrote = deferred();
    const finish = deferred();
    const writer = store.transaction(async (r) => {
      await saveNext(r, A.number, 'uncommitted');
      await r.invoices.save(buildInvoice({ number: 'INV00000001' }));
      await r.idempotency.insert({ key: 'k', operation: 'op', result: 'x' });
      wrote.resolve();
      await finish.promise;
      return ok(undefined);
    });
    await wrote.promise;
    const seen: unknown[] = [];
    // Completes while the writer is still open: the reads did not wait for its locks.
    const reader = await store.transaction(async (r) => {
      const before = await r.invoiceSchedules.get(A.number);
      seen.push(before?.notes, await r.invoices.get('INV00000001'), await r.idempotency.get('k'));
      return ok(before);
    });
    expect(seen).toEqual(['', null, null]);
    expect(reader._unsafeUnwrap()?.version).toBe(1);
    finish.resolve();
    expect((await writer).isOk()).toBe(true);
  });

  it("each read sees the latest commit, even within one transaction (READ COMMITTED's non-repeatable read)", async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A] } });
    const firstRead = deferred();
    const otherCommitted = deferred();
    const reader = store.transaction(async (r) => {
      const before = await r.invoiceSchedules.get(A.number);
      firstRead.resolve();
      await otherCommitted.promise;
      const after = await r.invoiceSchedules.get(A.number);
      return ok([before?.notes, after?.notes]);
    });
    await firstRead.promise;
    await store.transaction((r) => saveNext(r, A.number, 'committed meanwhile'));
    otherCommitted.resolve();
    expect((await reader)._unsafeUnwrap()).toEqual(['', 'committed meanwhile']);
  });
});

describe('memory store, read committed: guards', () => {
  it('still refuses a nested transaction and repositories used after their transaction ended', async () => {
    const store = rcStore();
    let leaked: Repositories | undefined;
    const outer = await store.transaction(async (r) => {
      leaked = r;
      const inner = await store.transaction(async () => ok(1)).catch((e: unknown) => e);
      return ok(inner);
    });
    expect((outer._unsafeUnwrap() as Error).message).toMatch(/nest/i);
    await expect(leaked?.invoiceSchedules.save(A)).rejects.toThrow(/after its transaction ended/);
  });

  it('a call still waiting for a row when its transaction ends is refused, and never gets the row', async () => {
    const store = rcStore({ initial: { invoiceSchedules: [A] } });
    const saved1 = deferred();
    const finish1 = deferred();
    const t1 = store.transaction(async (r) => {
      await saveNext(r, A.number, 't1');
      saved1.resolve();
      await finish1.promise;
      return ok(undefined);
    });
    await saved1.promise;
    let abandoned: Promise<unknown> = Promise.resolve();
    await store.transaction(async (r) => {
      abandoned = r.invoiceSchedules.save({ ...A, notes: 'abandoned', version: 2 }).catch((e: unknown) => e);
      await settle();
      return ok(undefined); // without awaiting the save
    });
    expect(await abandoned).toMatchObject({ message: expect.stringContaining('transaction ended') });
    finish1.resolve();
    await t1;
    // The row is free: the next writer does not wait for the abandoned call's transaction.
    expect((await store.transaction((r) => saveNext(r, A.number, 't3'))).isOk()).toBe(true);
    expect(store.probe.invoiceSchedule(A.number)).toMatchObject({ notes: 't3', version: 3 });
  });

  it('knows every repository method: each is a listed write (with its row) or a listed read', async () => {
    const store = rcStore();
    await store.transaction(async (r) => {
      for (const [repository, methods] of Object.entries(r)) {
        for (const method of Object.keys(methods as object)) {
          const label = `${repository}.${method}`;
          expect(() => rowLocked(label, [{ number: 'N1', key: 'K1' }]), label).not.toThrow();
        }
      }
      return ok(undefined);
    });
    expect(rowLocked('invoices.save', [{ number: 'INV1' }])).toBe('invoices:INV1');
    expect(rowLocked('invoiceSchedules.remove', ['IS-1', 3])).toBe('invoiceSchedules:IS-1');
    expect(rowLocked('idempotency.insert', [{ key: 'k' }])).toBe('idempotency:k');
    expect(rowLocked('sequences.next', ['Invoice'])).toBe('sequence:Invoice');
    expect(rowLocked('invoices.listByAccount', ['A1'])).toBeNull();
    expect(() => rowLocked('billRuns.frobnicate', [])).toThrow(/src\/memory\/locks\.ts/);
  });

  it('refuses an unknown isolation level', () => {
    expect(() => createMemoryStore({ isolation: 'snapshot' as never })).toThrow(TypeError);
  });
});

describe('memory store: interleave', () => {
  it('is awaited before every repository call, with its label, in either mode', async () => {
    for (const isolation of ['serial', 'read-committed'] as const) {
      const labels: string[] = [];
      const store = createMemoryStore({
        isolation,
        interleave: async (label) => {
          labels.push(label);
        },
      });
      await store.transaction(async (r) => {
        await r.invoiceSchedules.save(A);
        await r.invoiceSchedules.get(A.number);
        return ok(await r.sequences.next('Invoice'));
      });
      expect(labels).toEqual(['invoiceSchedules.save', 'invoiceSchedules.get', 'sequences.next']);
    }
  });

  it('N concurrent compare-and-set increments with retries end at exactly N, in every order fast-check schedules', async () => {
    const counter = buildInvoiceSchedule({ notes: '0' });
    let conflicts = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 5 }), async (s, n) => {
        const store = createMemoryStore({
          isolation: 'read-committed',
          interleave: (label) => s.schedule(Promise.resolve(), label),
          initial: { invoiceSchedules: [counter] },
        });
        const increment = async (): Promise<void> => {
          // Each conflict means another increment committed since this one read: at most n − 1 of them.
          for (let attempt = 1; attempt <= n; attempt++) {
            const result = await store.transaction(async (r) => {
              const current = await r.invoiceSchedules.get(counter.number);
              if (current === null) throw new Error('the counter is missing');
              const notes = String(Number(current.notes) + 1);
              const saved = await r.invoiceSchedules.save({
                ...current,
                notes,
                version: current.version + 1,
              });
              if (saved.isErr()) return saved;
              // A call between the save and the commit, where another transaction may run: without the
              // row lock, a second increment that read the same value would save beside this one.
              expect((await r.invoiceSchedules.get(counter.number))?.notes).toBe(notes);
              return ok(undefined);
            });
            if (result.isOk()) return;
            conflicts++;
          }
          throw new Error(`an increment failed ${n} times: a conflict without a winner`);
        };
        await s.waitFor(Promise.all(Array.from({ length: n }, increment)));
        const stored = store.probe.invoiceSchedule(counter.number);
        expect(stored?.notes).toBe(String(n));
        expect(stored?.version).toBe(n + 1);
      }),
      { numRuns: 100 },
    );
    // The scheduler did interleave reads and saves: some increments read a value another replaced.
    expect(conflicts).toBeGreaterThan(0);
  });
});
