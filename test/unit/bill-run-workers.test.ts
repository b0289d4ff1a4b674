import { AsyncResource } from 'node:async_hooks';
import { ok, type Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/memory';
import { billAccount } from '../../src/operations/bill-account';
import { completeBillRun, runBillRun, startBillRun } from '../../src/operations/bill-run';
import { workOnBillRun } from '../../src/operations/bill-run-worker';
import type { BillingContext, Repositories, UnitOfWork } from '../../src/ports';
import { expectErr, expectOk, type TestBilling } from '../support/billing';
import { seedOf } from '../support/racing';
import { givenAccountsDue } from '../support/scenarios';

// Issue 12: one bill run shared by several workers. Each leases a few accounts, bills them with the
// per-account step, and leases again, ending the leases it settled in that transaction; the last one completes the run; a dead
// worker's leases expire and another worker bills its accounts. Run here on the memory store at READ
// COMMITTED (workers really overlap); test/postgres/workers.test.ts runs processes on PostgreSQL.

/** A clock the test moves. */
function movableClock(start: string) {
  let now = new Date(start).getTime();
  return {
    clock: { now: () => new Date(now) },
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

/** `store` with the methods `replace` returns in place of billRuns' own, in every transaction. */
function withBillRuns(
  store: UnitOfWork,
  replace: (billRuns: Repositories['billRuns']) => Partial<Repositories['billRuns']>,
): UnitOfWork {
  return {
    transaction: (work) =>
      store.transaction((repos) =>
        work({ ...repos, billRuns: { ...repos.billRuns, ...replace(repos.billRuns) } }),
      ),
  };
}

/** The accounts' world on a READ COMMITTED store, with a clock the test moves. */
async function sharedRun(accounts: number) {
  const billing: TestBilling = await givenAccountsDue(accounts);
  const store = createMemoryStore({
    isolation: 'read-committed',
    initial: seedOf(billing.store.probe.snapshot()),
  });
  const time = movableClock('2023-02-04T06:00:00Z');
  const context: BillingContext = { ...billing.context, store, clock: time.clock };
  const run = expectOk(await startBillRun(context, { targetDate: '2023-02-04' }));
  return { context, store, run, advance: time.advance };
}

/** A worker "dead" leases `limit` accounts at 06:00 until `until` and never comes back (killed between two writes). */
async function deadWorkerLeases(
  store: UnitOfWork,
  billRunNumber: string,
  limit: number,
  until: string,
): Promise<readonly string[] | undefined> {
  return expectOk(
    await store.transaction(async (repos) =>
      ok(
        await repos.billRuns.leaseAccounts?.({
          billRunNumber,
          worker: 'dead',
          limit,
          now: '2023-02-04T06:00:00.000Z',
          leasedUntil: until,
          among: null,
        }),
      ),
    ),
  );
}

describe('a bill run shared by workers (workOnBillRun)', () => {
  it('three workers side by side bill 24 accounts once each; one of them completes the run', async () => {
    const { context, store, run } = await sharedRun(24);
    const works = await Promise.all(
      ['w1', 'w2', 'w3'].map((worker) =>
        workOnBillRun(context, { billRunNumber: run.number, worker, batchSize: 3 }),
      ),
    );
    const values = works.map((w) => expectOk(w));
    // Every account visited once across the workers (an account is leased to one worker at a time).
    expect(values.reduce((n, w) => n + w.accountsVisited, 0)).toBe(24);
    const snapshot = store.probe.snapshot();
    expect(snapshot.invoices).toHaveLength(24);
    expect(new Set(snapshot.invoices.map((i) => i.accountNumber)).size).toBe(24);
    // Gapless: 24 invoices numbered 1..24.
    expect(snapshot.sequences.Invoice).toBe(24);
    const stored = snapshot.billRuns.find((r) => r.number === run.number);
    expect(stored?.status).toBe('Completed');
    expect(stored?.invoiceNumbers).toHaveLength(24);
    // The leases are all done.
    expect(store.probe.billRunLeases(run.number).every((l) => l.done)).toBe(true);
    expect(store.probe.billRunLeases(run.number)).toHaveLength(24);
  });

  it("a dead worker's accounts are billed after its leases expire, and the run completes then", async () => {
    const { context, store, run, advance } = await sharedRun(10);
    // Worker "dead" leases 4 accounts for 60 s and never comes back (killed between two writes).
    const taken = await deadWorkerLeases(store, run.number, 4, '2023-02-04T06:01:00.000Z');
    expect(taken).toEqual(['A-001', 'A-002', 'A-003', 'A-004']);
    // A live worker bills the 6 others, then waits for the dead one's leases.
    const first = expectOk(await workOnBillRun(context, { billRunNumber: run.number, worker: 'live' }));
    expect(first.accountsVisited).toBe(6);
    expect(first.run.status).toBe('Running');
    expect(first.waitingFor.map((l) => [l.accountNumber, l.worker])).toEqual([
      ['A-001', 'dead'],
      ['A-002', 'dead'],
      ['A-003', 'dead'],
      ['A-004', 'dead'],
    ]);
    expect(first.retryAt).toBe('2023-02-04T06:01:00.000Z');
    // Before the lease ends, calling again changes nothing.
    advance(30);
    const early = expectOk(await workOnBillRun(context, { billRunNumber: run.number, worker: 'live' }));
    expect(early.accountsVisited).toBe(0);
    expect(early.run.status).toBe('Running');
    // After it, the live worker takes the dead one's accounts and completes the run.
    advance(31);
    const second = expectOk(await workOnBillRun(context, { billRunNumber: run.number, worker: 'live' }));
    expect(second.accountsVisited).toBe(4);
    expect(second.run.status).toBe('Completed');
    expect(second.run.invoiceNumbers).toHaveLength(10);
    expect(second.waitingFor).toEqual([]);
    expect(second.retryAt).toBeNull();
    expect(store.probe.snapshot().invoices).toHaveLength(10);
    // A worker arriving late finds the run completed and does nothing.
    const late = expectOk(await workOnBillRun(context, { billRunNumber: run.number, worker: 'late' }));
    expect(late).toMatchObject({ accountsVisited: 0, retryAt: null });
    expect(late.run.status).toBe('Completed');
  });

  it('an account leased twice (a slow worker whose lease ended) is billed once', async () => {
    const { context, store, run, advance } = await sharedRun(3);
    // "slow" leases everything for 10 s and stalls; its leases end; "fast" bills and completes the run.
    await store.transaction(async (repos) =>
      ok(
        await repos.billRuns.leaseAccounts?.({
          billRunNumber: run.number,
          worker: 'slow',
          limit: 3,
          now: '2023-02-04T06:00:00.000Z',
          leasedUntil: '2023-02-04T06:00:10.000Z',
          among: null,
        }),
      ),
    );
    advance(11);
    const fast = expectOk(await workOnBillRun(context, { billRunNumber: run.number, worker: 'fast' }));
    expect(fast.run.status).toBe('Completed');
    // The slow worker wakes up and finds the run completed: nothing more is billed.
    const slow = expectOk(await workOnBillRun(context, { billRunNumber: run.number, worker: 'slow' }));
    expect(slow.accountsVisited).toBe(0);
    expect(store.probe.snapshot().invoices).toHaveLength(3);
  });

  it('an abort stops before the next account: the visited ones are marked done, the rest stay leased', async () => {
    const { context, store, run } = await sharedRun(4);
    const signal = { aborted: false };
    const stopped = await workOnBillRun(
      context,
      { billRunNumber: run.number, worker: 'w', batchSize: 3 },
      {
        accountsPerTransaction: 1,
        signal,
        onProgress: () => {
          signal.aborted = true;
        },
      },
    );
    expect(expectErr(stopped).type).toBe('BillRunAborted');
    expect(store.probe.billRunLeases(run.number).map((l) => [l.accountNumber, l.done])).toEqual([
      ['A-001', true],
      ['A-002', false],
      ['A-003', false],
    ]);
    expect(store.probe.snapshot().invoices).toHaveLength(1);
  });

  it('a deadlock in its own transactions is run again, and one that persists is a StoreConflict, not a throw', async () => {
    const { context, run } = await sharedRun(2);
    /** The store with `method` of billRuns throwing a deadlock the first `times` calls. */
    const flaky = (
      method: 'leaseAccounts' | 'finishAccountLeases' | 'listOpenLeases',
      times: number,
    ): UnitOfWork => {
      let left = times;
      return withBillRuns(context.store, (billRuns) => ({
        [method]: async (...args: never[]) => {
          if (left > 0) {
            left--;
            throw deadlock();
          }
          return (billRuns[method] as (...a: never[]) => unknown)(...args);
        },
      }));
    };
    for (const method of ['leaseAccounts', 'finishAccountLeases', 'listOpenLeases'] as const) {
      const once = await workOnBillRun(
        { ...context, store: flaky(method, 1) },
        { billRunNumber: run.number, worker: method },
      );
      expect(once.isOk(), method).toBe(true);
    }
    const { run: other } = await sharedRun(1);
    const stuck = await workOnBillRun(
      { ...context, store: flaky('leaseAccounts', 99) },
      { billRunNumber: run.number, worker: 'stuck' },
    );
    // The first run is completed by now: a completed run returns at once, whatever the store does.
    expect(expectOk(stuck).run.status).toBe('Completed');
    const fresh = await sharedRun(1);
    const conflict = await workOnBillRun(
      {
        ...fresh.context,
        store: (() => {
          let left = 99;
          return withBillRuns(fresh.context.store, (billRuns) => ({
            leaseAccounts: async (request) => {
              if (left-- > 0) throw deadlock();
              return billRuns.leaseAccounts(request);
            },
          }));
        })(),
      },
      { billRunNumber: fresh.run.number, worker: 'stuck' },
    );
    expect(expectErr(conflict)).toMatchObject({ type: 'StoreConflict', code: '40P01', attempts: 3 });
    expect(other.status).toBe('Running');
  });

  it("a deadlock on every save of an account's part, its Failed part's too, is a StoreConflict Err of workOnBillRun, billAccount and runBillRun, and nothing of the attempts is kept", async () => {
    const { context, store, run } = await sharedRun(2);
    // The billing transactions and the Failed part's save (and its fallback) all write the part: each throws.
    const deadlocked = withBillRuns(context.store, () => ({
      saveAccount: async () => {
        throw deadlock();
      },
      saveAccounts: async () => {
        throw deadlock();
      },
    }));
    const on = { ...context, store: deadlocked };
    const conflict = { type: 'StoreConflict', code: '40P01', attempts: 3, retryable: true };
    expect(expectErr(await workOnBillRun(on, { billRunNumber: run.number, worker: 'w' }))).toMatchObject(
      conflict,
    );
    expect(
      expectErr(await billAccount(on, { billRunNumber: run.number, accountNumber: 'A-001' })),
    ).toMatchObject(conflict);
    expect(expectErr(await runBillRun(on, { targetDate: '2023-02-04' }))).toMatchObject(conflict);
    expect(store.probe.snapshot().invoices).toEqual([]);
    expect(store.probe.sequence('Invoice')).toBe(0);
    expect(store.probe.billRunAccount(run.number, 'A-001')).toBeNull();
    expect(store.probe.billRun(run.number)?.status).toBe('Running');
  });

  it("keepEvents: false: a worker returns no events, and the outbox has each billed account's", async () => {
    const { context, store, run } = await sharedRun(4);
    const from = store.probe.outbox().length;
    const work = expectOk(
      await workOnBillRun(context, { billRunNumber: run.number, worker: 'w' }, { keepEvents: false }),
    );
    expect(work.run.status).toBe('Completed');
    expect(work.events).toEqual([]);
    // Nor does the run record it returns (completeBillRun's answer carried the completion's event, hidden).
    expect(Object.hasOwn(work.run, 'events')).toBe(false);
    const stored = store.probe.outbox(from).map((e) => e.event.type);
    expect(stored.filter((t) => t === 'InvoiceCreated')).toHaveLength(4);
    expect(stored.at(-1)).toBe('BillRunCompleted');
  });

  it('refuses bad input before anything is leased', async () => {
    const { context, store, run } = await sharedRun(1);
    const cases = [
      [{ billRunNumber: run.number, worker: '' }, 'worker'],
      [{ billRunNumber: run.number, worker: 'w', leaseSeconds: 0 }, 'leaseSeconds'],
      [{ billRunNumber: run.number, worker: 'w', batchSize: 501 }, 'batchSize'],
      [{ billRunNumber: run.number, worker: 'w', batchSize: 2.5 }, 'batchSize'],
      [null, ''],
    ] as const;
    for (const [input, path] of cases) {
      const error = expectErr(await workOnBillRun(context, input as never));
      expect(error.type).toBe('InvalidInput');
      if (path !== '') expect(error).toMatchObject({ path });
    }
    expect(expectErr(await workOnBillRun(context, { billRunNumber: 'BR-99', worker: 'w' })).type).toBe(
      'BillRunNotFound',
    );
    const badOption = expectErr(
      await workOnBillRun(context, { billRunNumber: run.number, worker: 'w' }, { keepEvents: 'no' } as never),
    );
    expect(badOption).toMatchObject({ type: 'InvalidInput', path: 'options.keepEvents' });
    expect(store.probe.billRunLeases(run.number)).toEqual([]);
  });

  it("the memory store's leaseAccounts refuses instants not written as toISOString writes them (it compares strings)", async () => {
    const store = createMemoryStore();
    const lease = (now: string, leasedUntil: string) =>
      store.transaction(async (repos) =>
        ok(
          await repos.billRuns.leaseAccounts?.({
            billRunNumber: 'BR-00000001',
            worker: 'w1',
            limit: 1,
            now,
            leasedUntil,
            among: null,
          }),
        ),
      );
    for (const [now, until] of [
      ['2023-02-04T06:00:00Z', '2023-02-04T06:05:00.000Z'],
      ['2023-02-04T06:00:00.000Z', '2023-02-04T07:05:00.000+01:00'],
      ['2023-02-04 06:00:00.000Z', '2023-02-04T06:05:00.000Z'],
      ['2023-02-04T06:05:00.000Z', '2023-02-04T06:00:00.000Z'],
    ])
      await expect(lease(now as string, until as string)).rejects.toThrow(/toISOString/);
    expectOk(await lease('2023-02-04T06:00:00.000Z', '2023-02-04T06:05:00.000Z'));
  });

  it('ends the leases it settled in the transaction that takes the next ones, and leases twice accountsPerTransaction unless told', async () => {
    const { context, store, run } = await sharedRun(7);
    // What each of the worker's transactions called on the bill run repository, in order.
    const transactions: string[][] = [];
    const limits: number[] = [];
    const counting: UnitOfWork = {
      transaction: (work) =>
        context.store.transaction((repos) => {
          const calls: string[] = [];
          transactions.push(calls);
          const { billRuns } = repos;
          return work({
            ...repos,
            billRuns: {
              ...billRuns,
              leaseAccounts: (request) => {
                calls.push('lease');
                limits.push(request.limit);
                return billRuns.leaseAccounts!(request);
              },
              finishAccountLeases: (number, accounts) => {
                calls.push(`finish ${accounts.join(' ')}`);
                return billRuns.finishAccountLeases!(number, accounts);
              },
            },
          });
        }),
    };
    const work = await workOnBillRun(
      { ...context, store: counting },
      { billRunNumber: run.number, worker: 'w' },
      { accountsPerTransaction: 2 },
    );
    expect(expectOk(work).accountsVisited).toBe(7);
    // Leases of 4 (twice 2 accounts per transaction); no transaction of its own ends one.
    expect(limits).toEqual([4, 4, 4]);
    expect(transactions.filter((calls) => calls.length > 0)).toEqual([
      ['lease'],
      ['finish A-001 A-002 A-003 A-004', 'lease'],
      ['finish A-005 A-006 A-007', 'lease'],
    ]);
    expect(store.probe.billRunLeases(run.number).every((l) => l.done)).toBe(true);
    expect(store.probe.snapshot().billRuns.find((r) => r.number === run.number)?.status).toBe('Completed');
  });

  describe('a run completed while its batch was billing lists what the batch billed', () => {
    /**
     * Two accounts due; a dead worker holds A-001, so the worker returns without completing the run itself.
     * A completion runs, start to end, while the worker's batch holds A-002 unsaved: it reads the parts before
     * the batch commits, and its own refresh finds nothing new. `billed()` checks the run lists the invoice.
     */
    async function completionBesideBatch() {
      const billing: TestBilling = await givenAccountsDue(2);
      // Bound here, outside the worker's transaction: a transaction of its own, not one nested in the batch's.
      const complete = AsyncResource.bind(async () =>
        completeBillRun(context, { billRunNumber: run.number }),
      );
      let completed: Result<unknown, unknown> | null = null;
      let started = false;
      const store = createMemoryStore({
        isolation: 'read-committed',
        interleave: async (label) => {
          if (label === 'invoices.saveMany' && completed === null && started) completed = await complete();
        },
        initial: seedOf(billing.store.probe.snapshot()),
      });
      const context: BillingContext = {
        ...billing.context,
        store,
        clock: movableClock('2023-02-04T06:00:00Z').clock,
      };
      const run = expectOk(await startBillRun(context, { targetDate: '2023-02-04' }));
      await deadWorkerLeases(store, run.number, 1, '2023-02-04T07:00:00.000Z');
      started = true;
      const billed = () => {
        expect(completed === null ? null : expectOk(completed)).toMatchObject({ status: 'Completed' });
        const invoices = store.probe.snapshot().invoices.map((i) => i.number);
        expect(invoices).toHaveLength(1);
        expect(store.probe.billRun(run.number)?.invoiceNumbers).toEqual(invoices);
      };
      return { context, store, run, billed };
    }

    it('when the worker leases again: it reads the run in that transaction, and leases nothing of a completed run', async () => {
      const { context, store, run, billed } = await completionBesideBatch();
      const work = expectOk(await workOnBillRun(context, { billRunNumber: run.number, worker: 'w' }));
      expect(work.accountsVisited).toBe(1);
      expect(work.run.status).toBe('Completed');
      billed();
      // Its own lease ended; none taken after the run was completed.
      expect(store.probe.billRunLeases(run.number).map((l) => [l.accountNumber, l.worker, l.done])).toEqual([
        ['A-001', 'dead', false],
        ['A-002', 'w', true],
      ]);
    });

    it("when the host's onProgress throws after the batch", async () => {
      const { context, run, billed } = await completionBesideBatch();
      const throwing = workOnBillRun(
        context,
        { billRunNumber: run.number, worker: 'w' },
        {
          onProgress: () => {
            throw new Error('the host failed');
          },
        },
      );
      await expect(throwing).rejects.toThrow('the host failed');
      billed();
    });

    it('when its next lease fails', async () => {
      const { context, run, billed } = await completionBesideBatch();
      // The store loses its leases after the first: the next lease transaction is refused.
      let leases = 0;
      const failing: UnitOfWork = {
        transaction: (work) =>
          context.store.transaction((repos) => {
            const { billRuns } = repos;
            if (billRuns.leaseAccounts === undefined || leases > 0) {
              return work({ ...repos, billRuns: { ...billRuns, leaseAccounts: undefined } as never });
            }
            return work({
              ...repos,
              billRuns: {
                ...billRuns,
                leaseAccounts: (request) => {
                  leases += 1;
                  return billRuns.leaseAccounts!(request);
                },
              },
            });
          }),
      };
      const failed = await workOnBillRun(
        { ...context, store: failing },
        { billRunNumber: run.number, worker: 'w' },
      );
      expect(expectErr(failed)).toMatchObject({ type: 'InvalidInput', path: 'context.store' });
      billed();
    });

    it('when the worker is aborted after the batch', async () => {
      const { context, run, billed } = await completionBesideBatch();
      const signal = { aborted: false };
      const stopped = await workOnBillRun(
        context,
        { billRunNumber: run.number, worker: 'w', batchSize: 1 },
        {
          signal,
          onProgress: () => {
            signal.aborted = true;
          },
        },
      );
      expect(expectErr(stopped).type).toBe('BillRunAborted');
      billed();
    });
  });

  it('a store without leases is refused with a message naming the methods', async () => {
    const { context, run } = await sharedRun(1);
    const bare: UnitOfWork = {
      transaction: (work) =>
        context.store.transaction((repos) =>
          work({
            ...repos,
            billRuns: { ...repos.billRuns, leaseAccounts: undefined } as never,
          }),
        ),
    };
    const error = expectErr(
      await workOnBillRun({ ...context, store: bare }, { billRunNumber: run.number, worker: 'w' }),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'context.store' });
    expect(error.message).toContain('leaseAccounts');
  });
});
