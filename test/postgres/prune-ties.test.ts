import { PGlite } from '@electric-sql/pglite';
import { ok } from 'neverthrow';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/memory';
import type { IdempotencyRecord, UnitOfWork } from '../../src/ports';
import { createPostgresStore, migrate } from '../../src/postgres';
import { postgresSnapshot } from '../support/postgres';

// Every record one call writes carries the same instant, so ties of createdAt are common. Review 216: the
// PostgreSQL adapter deleted ties in the table's order (as inserted), the memory store by key, so a limited prune
// left other keys on each (a retry then got its first result on one and counted as new on the other). Both delete
// the oldest first, ties by key (code point order).
const db = new PGlite();
afterAll(() => db.close());

const instant = (minute: number) => new Date(Date.UTC(2023, 0, 1, 0, minute)).toISOString();
const record = (key: string, minute: number | null): IdempotencyRecord => ({
  key,
  operation: 'test',
  result: '{}',
  ...(minute === null ? {} : { createdAt: instant(minute) }),
});

async function deleteBefore(store: UnitOfWork, minute: number, limit: number): Promise<number> {
  const deleted = await store.transaction(async (repos) => {
    const deleteCreatedBefore = repos.idempotency.deleteCreatedBefore;
    if (deleteCreatedBefore === undefined) throw new Error('both stores delete by age');
    return ok(await deleteCreatedBefore.call(repos.idempotency, instant(minute), limit));
  });
  return deleted._unsafeUnwrap();
}

describe('deleteCreatedBefore: ties of createdAt by key, on the memory store and on PostgreSQL (PGlite)', () => {
  it('e, d, c, b, a written in that order at one instant, then m at an earlier one: m, a, b go first on both', async () => {
    const schema = 'prune_ties';
    await migrate(db, { schema });
    const stores = { memory: createMemoryStore(), postgres: createPostgresStore(db, { schema }) };
    const seed = [...['e', 'd', 'c', 'b', 'a'].map((k) => record(k, 2)), record('m', 1), record('n', null)];
    for (const store of Object.values(stores))
      for (const r of seed) await store.transaction(async (repos) => ok(await repos.idempotency.insert(r)));
    const left = async () => ({
      memory: stores.memory.probe
        .snapshot()
        .idempotency.map((r) => r.key)
        .sort(),
      postgres: (await postgresSnapshot(db, schema)).idempotency.map((r) => r.key).sort(),
    });
    for (const store of Object.values(stores)) expect(await deleteBefore(store, 5, 3)).toBe(3);
    expect(await left()).toEqual({ memory: ['c', 'd', 'e', 'n'], postgres: ['c', 'd', 'e', 'n'] });
    for (const store of Object.values(stores)) expect(await deleteBefore(store, 5, 1)).toBe(1);
    expect(await left()).toEqual({ memory: ['d', 'e', 'n'], postgres: ['d', 'e', 'n'] });
  });
});
