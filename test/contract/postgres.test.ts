// The PostgreSQL adapter must pass the same contract kit as the memory store, here on PGlite (PostgreSQL
// in-process, no server): one database for the file, a fresh schema per kit test, dropped after it, and
// the adapter's probe as the independent read path.
import { PGlite } from '@electric-sql/pglite';
import { describeRepositoryContract } from 'invoice-schedules/testing';
import { afterAll, describe, it } from 'vitest';
import { createPostgresStore, migrate, type PostgresStore } from '../../src/postgres/index';

const db = new PGlite();
afterAll(() => db.close());

let stores = 0;

describeRepositoryContract<PostgresStore>({
  describe,
  it,
  name: 'postgres on PGlite',
  createStore: async () => {
    const schema = `contract_${++stores}`;
    await migrate(db, { schema });
    return createPostgresStore(db, { schema });
  },
  disposeStore: async (store) => {
    await db.query(`DROP SCHEMA "${store.schema}" CASCADE`);
  },
  probe: (store) => store.probe,
});
