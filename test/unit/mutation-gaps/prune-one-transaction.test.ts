// Review 218 (mutation): the memory store's idempotency.deleteCreatedBefore after review 211's kept order.
// docs/guides/repositories.md:393: "delete at most `limit` records whose `createdAt` is before `before`, the oldest
// first, never one without `createdAt`, in the transaction, and return how many". Within one transaction a second
// call must not count a record the first already deleted, and a record the transaction itself wrote is one of
// the records the transaction sees (the former behaviour; PostgreSQL's DELETE sees its own transaction's insert).
import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/memory';
import type { IdempotencyRecord } from '../../../src/ports';

const instant = (minute: number) => new Date(Date.UTC(2023, 0, 1, 0, minute)).toISOString();
const record = (key: string, minute: number): IdempotencyRecord => ({
  key,
  operation: 'test',
  result: '{}',
  createdAt: instant(minute),
});

describe('deleteCreatedBefore within one transaction', () => {
  it('two calls of limit 1 delete two records and say so: 1 + 1, two gone', async () => {
    const store = createMemoryStore({
      initial: { idempotency: [record('a', 1), record('b', 2), record('c', 3)] },
    });
    const counts = await store.transaction(async (repos) => {
      const del = repos.idempotency.deleteCreatedBefore;
      if (del === undefined) throw new Error('the memory store deletes by age');
      const first = await del.call(repos.idempotency, instant(10), 1);
      const second = await del.call(repos.idempotency, instant(10), 1);
      return ok([first, second]);
    });
    expect(counts._unsafeUnwrap()).toEqual([1, 1]);
    expect(
      store.probe
        .snapshot()
        .idempotency.map((r) => r.key)
        .sort(),
    ).toEqual(['c']);
  });

  it('a record the transaction inserted before the call is among those it deletes (oldest first)', async () => {
    const store = createMemoryStore({ initial: { idempotency: [record('b', 5)] } });
    const count = await store.transaction(async (repos) => {
      await repos.idempotency.insert(record('a', 1));
      const del = repos.idempotency.deleteCreatedBefore;
      if (del === undefined) throw new Error('the memory store deletes by age');
      return ok(await del.call(repos.idempotency, instant(10), 1));
    });
    expect(count._unsafeUnwrap()).toBe(1);
    expect(store.probe.snapshot().idempotency.map((r) => r.key)).toEqual(['b']);
  });
});
