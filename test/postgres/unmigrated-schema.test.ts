// A PostgreSQL store used before `migrate` threw the driver's raw error (`relation "<schema>.sequences" does
// not exist`), which does not say what to do. A statement of the store that fails with 42P01 (undefined_table)
// on one of the adapter's own tables now throws an Error naming the schema and `migrate(client, { schema })`,
// the driver's error as its `cause`; other errors are thrown as they were. And a store's first transaction checks
// that `migrate` recorded every migration of this release: a schema at an older version says so, even when
// every table the first statement reads is there. On PGlite.
import { PGlite } from '@electric-sql/pglite';
import * as api from 'invoice-schedules';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, quoteIdentifier } from '../../src/postgres/schema';
import { withMigrationHint } from '../../src/postgres/store';
import { expectOk } from '../support/billing';

const db = new PGlite();
afterAll(() => db.close());

const account = { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' };

function contextOn(schema: string): api.BillingContext {
  return {
    store: createPostgresStore(db, { schema }),
    clock: api.fixedClock('2023-02-04T12:00:00Z'),
    ids: { next: () => crypto.randomUUID() },
    settings: api.DEFAULT_TENANT_SETTINGS,
  };
}

/** What `call` rejects with. */
async function thrownBy(call: () => unknown): Promise<Error & { cause?: unknown; code?: unknown }> {
  try {
    await call();
  } catch (thrown) {
    return thrown as Error;
  }
  return expect.fail('expected the call to throw');
}

/** The hint's checks: the schema, `migrate`, and the driver's 42P01 on `table` as the cause. */
function expectHint(
  thrown: Error & { cause?: unknown; code?: unknown },
  schema: string,
  table: string,
): void {
  expect(thrown).toBeInstanceOf(Error);
  expect(thrown.message).toContain(`the schema "${schema}" is not migrated, or is at an older version`);
  expect(thrown.message).toContain(`migrate(client, { schema: '${schema}' })`);
  expect(thrown.code).toBe('42P01');
  const cause = thrown.cause as { code?: unknown; message?: unknown };
  expect(cause.code).toBe('42P01');
  expect(cause.message).toBe(`relation "${schema}.${table}" does not exist`);
}

describe('a store on a schema that was never migrated', () => {
  const schema = 'never_migrated';

  it('an operation throws an Error saying to run migrate first, the driver error as its cause', async () => {
    const context = contextOn(schema);
    // The store's first transaction reads the versions `migrate` recorded: there is no such table.
    expectHint(await thrownBy(() => api.saveNewAccount(context, account)), schema, 'schema_migrations');
    // A probe read (outside any transaction), on the table of the newcomer's report.
    expectHint(
      await thrownBy(() => createPostgresStore(db, { schema }).probe.sequence('Invoice')),
      schema,
      'sequences',
    );
  });

  it('works once migrated, with the same store', async () => {
    const context = contextOn('migrated_later');
    await thrownBy(() => api.saveNewAccount(context, account));
    await migrate(db, { schema: 'migrated_later' });
    expect(expectOk(await api.saveNewAccount(context, account)).number).toBe('A-001');
  });
});

/** A schema with migrations 1 to `version` applied and recorded, as `migrate` of an older release left it. */
async function schemaAt(schema: string, version: number): Promise<string> {
  const s = quoteIdentifier(schema);
  await db.query(`CREATE SCHEMA ${s}`);
  await db.query(
    `CREATE TABLE ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
    for (const statement of migration.statements(s)) await db.query(statement);
    await db.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [
      migration.version,
      migration.name,
    ]);
  }
  return s;
}

describe('a store on a schema at an older version says so, whatever tables it has', () => {
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));
  // Version 3 lacks a table the store writes (the outbox); the last but one has every table, and only a later
  // index or column would be missing — the first statement would not fail, or fail with the driver's error.
  it.each([3, latest - 1])('migrations 1 to %i', async (version) => {
    const schema = `at_version_${version}`;
    const s = await schemaAt(schema, version);
    const thrown = await thrownBy(() => api.saveNewAccount(contextOn(schema), account));
    const missing = MIGRATIONS.filter((m) => m.version > version).map((m) => m.version);
    expect(thrown.message).toBe(
      `postgres store: the schema "${schema}" is at version ${version}, older than this library's (${latest}; ${missing.length === 1 ? 'migration' : 'migrations'} ${missing.join(', ')} not applied): run \`await migrate(client, { schema: '${schema}' })\` from invoice-schedules/postgres first, once per deploy or at start.`,
    );
    // Nothing of the failed transaction was kept.
    expect((await db.query(`SELECT count(*)::int AS n FROM ${s}.accounts`)).rows).toEqual([{ n: 0 }]);
    // migrate brings it up to date, and a store on it then works.
    await migrate(db, { schema });
    expect(expectOk(await api.saveNewAccount(contextOn(schema), account)).number).toBe('A-001');
  });

  it('tables of migrations 1 to 3 without their record (no schema_migrations): the missing table’s hint', async () => {
    const schema = 'unrecorded_3';
    const s = quoteIdentifier(schema);
    await db.query(`CREATE SCHEMA ${s}`);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 3))
      for (const statement of migration.statements(s)) await db.query(statement);
    expectHint(
      await thrownBy(() => api.saveNewAccount(contextOn(schema), account)),
      schema,
      'schema_migrations',
    );
  });
});

describe('withMigrationHint leaves other errors as they were', () => {
  const undefinedTable = (relation: string) =>
    Object.assign(new Error(`relation "${relation}" does not exist`), { code: '42P01' });

  it.each([
    ['another SQLSTATE', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['a table of another schema', undefinedTable('other.accounts')],
    ['a schema whose name ends like this one', undefinedTable('not_billing.accounts')],
    ['a table that is not the adapter’s', undefinedTable('billing.ledger')],
    ['a thrown string', 'boom'],
    ['no error at all', undefined],
  ])('%s', (_what, thrown) => {
    expect(withMigrationHint(thrown, 'billing')).toBe(thrown);
  });

  it("names every table the migrations create, and migrate's own", () => {
    for (const table of ['accounts', 'sequences', 'outbox', 'bill_run_cursors', 'schema_migrations']) {
      const hinted = withMigrationHint(undefinedTable(`billing.${table}`), 'billing') as Error;
      expect(hinted.message).toContain('the schema "billing" is not migrated');
    }
  });
});
