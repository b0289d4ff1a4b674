// A PostgreSQL store used before `migrate` threw the driver's raw error (`relation "<schema>.sequences" does
// not exist`), which does not say what to do. A statement of the store that fails with 42P01 (undefined_table)
// on one of the adapter's own tables now throws an Error naming the schema and `migrate(client, { schema })`,
// the driver's error as its `cause`; other errors are thrown as they were. On PGlite.
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
    expectHint(await thrownBy(() => api.saveNewAccount(context, account)), schema, 'accounts');
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

it('a store on a schema at an older version (migrations 1 to 3, no outbox) says so too', async () => {
  const schema = 'at_version_3';
  const s = quoteIdentifier(schema);
  await db.query(`CREATE SCHEMA ${s}`);
  for (const migration of MIGRATIONS.filter((m) => m.version <= 3))
    for (const statement of migration.statements(s)) await db.query(statement);
  const context = contextOn(schema);
  expectHint(await thrownBy(() => api.saveNewAccount(context, account)), schema, 'outbox');
  // Nothing of the failed transaction was kept.
  expect((await db.query(`SELECT count(*)::int AS n FROM ${s}.accounts`)).rows).toEqual([{ n: 0 }]);
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
