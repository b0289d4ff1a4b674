// The contract kit must catch broken adapters, not just pass a good one: each adapter below is the
// memory store with one rule broken, run through the kit with a collecting runner.
import { createMemoryStore } from 'invoice-schedules/memory';
import { describeRepositoryContract } from 'invoice-schedules/testing';
import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import type { Repositories, UnitOfWork } from '../../src/ports/index';

interface Collected {
  readonly name: string;
  readonly fn: () => Promise<void>;
}

function collect(createStore: () => UnitOfWork): Collected[] {
  const tests: Collected[] = [];
  const path: string[] = [];
  describeRepositoryContract({
    describe: (name, fn) => {
      path.push(name);
      fn();
      path.pop();
    },
    it: (name, fn) => {
      tests.push({ name: [...path.slice(1), name].join(' > '), fn });
    },
    createStore,
  });
  return tests;
}

async function failures(createStore: () => UnitOfWork): Promise<string[]> {
  const failed: string[] = [];
  for (const t of collect(createStore)) {
    try {
      await t.fn();
    } catch {
      failed.push(t.name);
    }
  }
  return failed;
}

/** The memory store with its repositories rewritten by `patch`. */
function patched(patch: (r: Repositories) => Repositories): () => UnitOfWork {
  return () => {
    const inner = createMemoryStore();
    return { transaction: (work) => inner.transaction((r) => work(patch(r))) };
  };
}

describe('the contract kit', () => {
  it('registers independent tests under one describe, and the memory store passes them all', async () => {
    const tests = collect(() => createMemoryStore());
    expect(tests.length).toBeGreaterThan(40);
    expect(new Set(tests.map((t) => t.name)).size).toBe(tests.length);
    expect(await failures(() => createMemoryStore())).toEqual([]);
  });

  it('catches an adapter that commits on Err', async () => {
    const failed = await failures(() => {
      const inner = createMemoryStore();
      return {
        transaction: async (work) => {
          let result: Awaited<ReturnType<typeof work>> | undefined;
          await inner.transaction(async (r) => {
            result = await work(r);
            return ok(undefined);
          });
          return result as Awaited<ReturnType<typeof work>>;
        },
      };
    });
    expect(failed).toContain(
      'transactions > an Err rolls back every write, and the Err is returned unchanged',
    );
    expect(failed.some((n) => n.includes('rolled-back transaction are issued again'))).toBe(true);
  });

  it('catches an adapter that ignores version conflicts', async () => {
    const failed = await failures(
      patched((r) => ({
        ...r,
        invoiceSchedules: {
          ...r.invoiceSchedules,
          save: async (s) => {
            await r.invoiceSchedules.save(s);
            return ok(undefined);
          },
        },
      })),
    );
    expect(
      failed.filter((n) => n.startsWith('compare-and-set: InvoiceSchedule')).length,
    ).toBeGreaterThanOrEqual(4);
    expect(failed.some((n) => n.startsWith('compare-and-set: Invoice >'))).toBe(false);
  });

  it('catches lists in the wrong order and sequences with gaps', async () => {
    const failed = await failures(
      patched((r) => ({
        ...r,
        subscriptions: {
          ...r.subscriptions,
          listByAccount: async (a) => [...(await r.subscriptions.listByAccount(a))].reverse(),
        },
        sequences: { next: async (name) => (await r.sequences.next(name)) * 2 - 1 },
      })),
    );
    expect(failed).toContain(
      "queries > subscriptions.listByAccount returns only that account's subscriptions, ordered by number",
    );
    expect(failed).toContain('sequences > start at 1 and count up without gaps, each name on its own');
  });

  it("catches a getById that reads by number, or misses the transaction's own writes", async () => {
    const byNumber = await failures(
      patched((r) => ({ ...r, billRuns: { ...r.billRuns, getById: (id) => r.billRuns.get(id) } })),
    );
    expect(byNumber).toContain(
      'lookup by id: BillRun > getById finds the value stored with that id, in a later transaction, as written',
    );
    expect(byNumber.some((n) => n.startsWith('lookup by id: Invoice >'))).toBe(false);
    const committedOnly = await failures(
      patched((r) => {
        // Per transaction: ids saved in it are not found until a later transaction.
        const written = new Set<string>();
        return {
          ...r,
          invoices: {
            ...r.invoices,
            save: (invoice) => {
              written.add(invoice.id);
              return r.invoices.save(invoice);
            },
            getById: async (id) => (written.has(id) ? null : r.invoices.getById(id)),
          },
        };
      }),
    );
    expect(committedOnly).toContain(
      "lookup by id: Invoice > getById sees the transaction's own writes, and nothing of a rolled-back one",
    );
  });

  it('catches a getById that finds the ids of other aggregates, or a removed schedule', async () => {
    const failed = await failures(
      patched((r) => ({
        ...r,
        invoiceSchedules: {
          ...r.invoiceSchedules,
          getById: async (id) =>
            (await r.invoiceSchedules.getById(id)) ??
            ((await r.invoices.getById(id)) === null
              ? null
              : ((await r.invoiceSchedules.listByAccount('A00000001'))[0] ?? null)),
        },
      })),
    );
    expect(failed).toContain("lookup by id: across aggregates > getById finds only its own aggregate's ids");
    const forgetful = await failures(
      patched((r) => {
        const removed = new Map<string, InvoiceSchedule>();
        return {
          ...r,
          invoiceSchedules: {
            ...r.invoiceSchedules,
            remove: async (number, version) => {
              const schedule = await r.invoiceSchedules.get(number);
              if (schedule) removed.set(schedule.id, schedule);
              return r.invoiceSchedules.remove(number, version);
            },
            getById: async (id) => (await r.invoiceSchedules.getById(id)) ?? removed.get(id) ?? null,
          },
        };
      }),
    );
    expect(forgetful).toContain(
      'removing schedules (compare-and-set) > a removed schedule is not found by id, in the removing transaction and after',
    );
  });

  it('catches a due-date query that misses the inclusive target date', async () => {
    const failed = await failures(
      patched((r) => ({
        ...r,
        invoiceSchedules: {
          ...r.invoiceSchedules,
          listWithItemsDue: async (target, filter) =>
            (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter((s) =>
              s.items.every((i) => i.status === 'Processed' || i.runDate !== target),
            ),
        },
      })),
    );
    expect(failed.some((n) => n.includes('listWithItemsDue includes every schedule'))).toBe(true);
  });

  it('catches a due-date query that drops paused schedules, or the nextRunDate clause (credits never issued)', async () => {
    const withoutPaused = await failures(
      patched((r) => ({
        ...r,
        invoiceSchedules: {
          ...r.invoiceSchedules,
          listWithItemsDue: async (target, filter) =>
            (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter((s) => s.status !== 'Paused'),
        },
      })),
    );
    expect(withoutPaused.some((n) => n.includes('listWithItemsDue returns paused schedules'))).toBe(true);
    const withoutNextRunDate = await failures(
      patched((r) => ({
        ...r,
        invoiceSchedules: {
          ...r.invoiceSchedules,
          listWithItemsDue: async (target, filter) =>
            (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter((s) =>
              s.items.some((i) => i.status !== 'Processed' && i.runDate !== null && i.runDate <= target),
            ),
        },
      })),
    );
    expect(withoutNextRunDate.some((n) => n.includes('listWithItemsDue returns paused schedules'))).toBe(
      true,
    );
  });
});
