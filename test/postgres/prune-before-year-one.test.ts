// pruneIdempotencyRecords with a `before` that is in year 0000 in UTC (0001-01-01T00:30:00+01:00, a valid instant
// with an offset): the memory store answered 0 deleted, the PostgreSQL adapter threw "date/time field value out of
// range" (its timestamptz parameter refuses year 0000; review 105). Such an instant is older than every record, so
// it deletes nothing on both. On PGlite.
import { PGlite } from '@electric-sql/pglite';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { pruneIdempotencyRecords } from '../../src/operations/prune-idempotency';
import type { UnitOfWork } from '../../src/ports';
import { fixedClock } from '../../src/time/clock';
import { expectOk } from '../support/billing';

const db = new PGlite();
afterAll(() => db.close());

const context = (store: UnitOfWork) => ({
  store,
  clock: fixedClock('2023-06-30T12:00:00Z'),
  ids: createSequentialIds(),
  settings: DEFAULT_TENANT_SETTINGS,
});

describe('a prune at or before the first instant of year 0001 (UTC)', () => {
  it.each(['0001-01-01T00:30:00+01:00', '0001-01-01T00:00:00+14:00', '0001-01-01T00:00:00Z'])(
    '%s deletes nothing, on the memory store and on PostgreSQL alike',
    async (before) => {
      await migrate(db, { schema: 'prune_year_one' });
      for (const store of [createMemoryStore(), createPostgresStore(db, { schema: 'prune_year_one' })]) {
        expect(expectOk(await pruneIdempotencyRecords(context(store), { before })).deleted).toBe(0);
      }
    },
  );
});
