import { createMemoryStore, createSequentialIds, type MemoryStore } from 'invoice-schedules/memory';
import {
  buildAccount,
  buildBillRun,
  buildInvoice,
  buildInvoiceSchedule,
  buildInvoiceScheduleItem,
  buildSubscription,
} from 'invoice-schedules/testing';
import { err, ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../../src/ports/index';
import { toInvoiceScheduleRecord } from '../../../src/ports/records';
import type { BusinessDate } from '../../../src/time/date';

const day = (d: string) => d as BusinessDate;

async function seeded(): Promise<MemoryStore> {
  const store = createMemoryStore();
  await store.transaction(async (r) => {
    await r.accounts.insert(buildAccount());
    await r.subscriptions.save(buildSubscription());
    await r.invoiceSchedules.save(buildInvoiceSchedule());
    await r.invoices.save(buildInvoice());
    await r.billRuns.insert(buildBillRun());
    await r.idempotency.insert({ key: 'k', operation: 'op', result: 'BR-00000001' });
    await r.sequences.next('Invoice');
    return ok(undefined);
  });
  return store;
}

describe('memory store: probe', () => {
  it('reads committed records directly, and never what an open transaction has not committed', async () => {
    const store = createMemoryStore();
    const schedule = buildInvoiceSchedule();
    await store.transaction(async (r) => {
      await r.invoiceSchedules.save(schedule);
      expect(store.probe.invoiceSchedule(schedule.number)).toBeNull();
      expect(store.probe.sequence('Invoice')).toBe(0);
      await r.sequences.next('Invoice');
      return ok(undefined);
    });
    expect(store.probe.invoiceSchedule(schedule.number)).toEqual(toInvoiceScheduleRecord(schedule));
    expect(store.probe.sequence('Invoice')).toBe(1);
    expect(store.probe.invoiceSchedule('IS-missing')).toBeNull();
  });

  it('returns deep-frozen records', async () => {
    const store = await seeded();
    const record = store.probe.invoiceSchedule('IS-00000001');
    expect(Object.isFrozen(record)).toBe(true);
    expect(Object.isFrozen(record?.items[0])).toBe(true);
  });

  it('snapshot is a plain JSON copy of everything, sorted by number', async () => {
    const store = await seeded();
    const snapshot = store.probe.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.invoiceSchedules.map((s) => s.number)).toEqual(['IS-00000001']);
    expect(snapshot.idempotency).toEqual([{ key: 'k', operation: 'op', result: 'BR-00000001' }]);
    expect(snapshot.sequences).toEqual({ InvoiceSchedule: 0, Invoice: 1, CreditMemo: 0, BillRun: 0 });
    // A copy: changing it changes nothing in the store.
    (snapshot.invoiceSchedules as unknown as { notes: string }[])[0]!.notes = 'tampered';
    expect(store.probe.snapshot().invoiceSchedules[0]?.notes).toBe('');
  });

  it('snapshot is unchanged after a transaction that returns an Err or throws', async () => {
    const store = await seeded();
    const before = store.probe.snapshot();
    const touchEverything = async (r: Repositories) => {
      await r.accounts.insert(buildAccount({ number: 'A00000002' }));
      await r.invoiceSchedules.save({ ...buildInvoiceSchedule(), notes: 'v2', version: 2 });
      await r.invoiceSchedules.remove('IS-00000001', 2);
      await r.invoices.save({ ...buildInvoice(), status: 'Posted', version: 2 });
      await r.idempotency.insert({ key: 'k2', operation: 'op', result: 'x' });
      await r.sequences.next('Invoice');
      await r.sequences.next('CreditMemo');
    };
    const result = await store.transaction(async (r) => {
      await touchEverything(r);
      return err({ type: 'Nope' });
    });
    expect(result.isErr()).toBe(true);
    expect(store.probe.snapshot()).toEqual(before);
    await expect(
      store.transaction(async (r) => {
        await touchEverything(r);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(store.probe.snapshot()).toEqual(before);
  });
});

describe('memory store: transactions', () => {
  it('a nested transaction fails fast with an Error instead of deadlocking, and the store stays usable', async () => {
    const store = createMemoryStore();
    let inner: unknown;
    const outer = await store.transaction(async (r) => {
      await r.sequences.next('Invoice');
      inner = await store.transaction(async () => ok(1)).catch((e: unknown) => e);
      return ok('outer done');
    });
    expect(outer._unsafeUnwrap()).toBe('outer done');
    expect(inner).toBeInstanceOf(Error);
    expect((inner as Error).message).toMatch(/nest/i);
    // The mutex was released: the next transaction runs.
    const next = await store.transaction(async (r) => ok(await r.sequences.next('Invoice')));
    expect(next._unsafeUnwrap()).toBe(2);
  });

  it('a transaction started later from a callback of a finished one is not mistaken for nesting', async () => {
    const store = createMemoryStore();
    let later: Promise<unknown> = Promise.resolve();
    await store.transaction(async () => {
      later = new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
        store.transaction(async () => ok('later')),
      );
      return ok(undefined);
    });
    expect(((await later) as { _unsafeUnwrap: () => unknown })._unsafeUnwrap()).toBe('later');
  });

  it('runs transactions one at a time', async () => {
    const store = createMemoryStore();
    const events: string[] = [];
    const run = (name: string) =>
      store.transaction(async () => {
        events.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`${name} end`);
        return ok(undefined);
      });
    await Promise.all([run('a'), run('b')]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('refuses repositories used after their transaction ended', async () => {
    const store = createMemoryStore();
    let leaked: Repositories | undefined;
    await store.transaction(async (r) => {
      leaked = r;
      return ok(undefined);
    });
    await expect(leaked?.invoiceSchedules.get('IS-00000001')).rejects.toThrow(/after its transaction ended/);
  });

  it('rolls back and throws when the work does not return a Result', async () => {
    const store = createMemoryStore();
    await expect(
      store.transaction((async (r: Repositories) => {
        await r.sequences.next('Invoice');
        return 'not a result';
      }) as never),
    ).rejects.toThrow(/neverthrow Result/);
    expect(store.probe.sequence('Invoice')).toBe(0);
  });

  it('stores records, not live objects: changing a saved object later changes nothing', async () => {
    const store = createMemoryStore();
    const schedule = { ...buildInvoiceSchedule(), notes: 'original' };
    await store.transaction(async (r) => r.invoiceSchedules.save(schedule));
    schedule.notes = 'changed by the caller';
    expect(store.probe.invoiceSchedule(schedule.number)?.notes).toBe('original');
    const read = await store.transaction(async (r) => ok(await r.invoiceSchedules.get(schedule.number)));
    expect(read._unsafeUnwrap()?.notes).toBe('original');
  });

  it('refuses to save an invalid value (a programmer error), naming the field', async () => {
    const store = createMemoryStore();
    const bad = buildInvoiceSchedule({ nextRunDateOverride: '2023-02-30' });
    await expect(store.transaction(async (r) => r.invoiceSchedules.save(bad))).rejects.toThrow(/nextRunDate/);
    await expect(
      store.transaction(async (r) => r.invoiceSchedules.save({ ...buildInvoiceSchedule(), version: 0 })),
    ).rejects.toThrow(/version/);
    expect(store.probe.snapshot().invoiceSchedules).toEqual([]);
  });

  it('stores are independent of each other', async () => {
    const a = createMemoryStore();
    const b = createMemoryStore();
    await a.transaction(async (r) => ok(await r.sequences.next('Invoice')));
    expect(a.probe.sequence('Invoice')).toBe(1);
    expect(b.probe.sequence('Invoice')).toBe(0);
  });
});

describe('memory store: initial data', () => {
  it('starts with the given entities and continues the given sequences', async () => {
    const store = createMemoryStore({
      initial: {
        accounts: [buildAccount()],
        invoiceSchedules: [buildInvoiceSchedule()],
        sequences: { Invoice: 7 },
        idempotency: [{ key: 'k', operation: 'op', result: 'r' }],
      },
    });
    expect(store.probe.account('A00000001')).not.toBeNull();
    const next = await store.transaction(async (r) => ok(await r.sequences.next('Invoice')));
    expect(next._unsafeUnwrap()).toBe(8);
    const again = await store.transaction(async (r) =>
      ok(await r.idempotency.insert({ key: 'k', operation: 'op', result: 'x' })),
    );
    expect(again._unsafeUnwrap()).toBe(false);
  });

  it('rejects duplicate or invalid initial data at once', () => {
    expect(() => createMemoryStore({ initial: { accounts: [buildAccount(), buildAccount()] } })).toThrow(
      /twice/,
    );
    expect(() => createMemoryStore({ initial: { sequences: { Invoice: -1 } } })).toThrow(/sequence/);
    expect(() => createMemoryStore({ initial: { invoices: [buildInvoice({ currency: 'XXX' })] } })).toThrow(
      /currency/,
    );
  });
});

describe('memory store: listWithItemsDue is exact', () => {
  const schedule = (
    number: string,
    runDate: string | null,
    status: 'Pending' | 'Processed',
    paused = false,
  ) =>
    buildInvoiceSchedule({
      number,
      ...(paused ? { status: 'Paused' as const } : {}),
      items: [
        buildInvoiceScheduleItem({
          runDate,
          status,
          billedAmount: status === 'Processed' ? '50000.00' : '0.00',
          invoiceNumber: status === 'Processed' ? 'INV00000001' : null,
        }),
      ],
    });

  it('returns exactly the schedules with an unprocessed item due, paused ones included', async () => {
    const store = createMemoryStore({
      initial: {
        invoiceSchedules: [
          schedule('IS-1', '2023-05-01', 'Pending'),
          schedule('IS-2', '2023-05-02', 'Pending'),
          schedule('IS-3', '2023-01-01', 'Processed'),
          schedule('IS-4', null, 'Pending'),
          schedule('IS-5', '2023-04-01', 'Pending', true),
        ],
      },
    });
    const due = await store.transaction(async (r) =>
      ok(await r.invoiceSchedules.listWithItemsDue(day('2023-05-01'), {})),
    );
    expect(due._unsafeUnwrap().map((s) => s.number)).toEqual(['IS-1', 'IS-5']);
  });
});

describe('createSequentialIds', () => {
  it('counts per kind, zero-padded, with an optional prefix', () => {
    const ids = createSequentialIds();
    expect([ids.next('Item'), ids.next('Item'), ids.next('Invoice'), ids.next('Item')]).toEqual([
      'Item-000001',
      'Item-000002',
      'Invoice-000001',
      'Item-000003',
    ]);
    expect(createSequentialIds('t1-').next('Invoice')).toBe('t1-Invoice-000001');
  });

  it('is deterministic and keeps its counters per instance', () => {
    const a = createSequentialIds();
    const b = createSequentialIds();
    expect([a.next('X'), a.next('X')]).toEqual([b.next('X'), b.next('X')]);
    a.next('X');
    expect(b.next('X')).toBe('X-000003');
    expect(createSequentialIds().next('X')).toBe('X-000001');
  });
});
