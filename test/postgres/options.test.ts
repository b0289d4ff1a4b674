// createPostgresStore and migrate ignored an option they do not take: `{ shema: 'tenant_1' }` (misspelt)
// used the default schema `invoice_schedules`, another tenant's tables, without a word. They refuse it
// with a TypeError naming the option and the options they take, before any I/O. On PGlite.
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStore, migrate, type PostgresStoreOptions } from 'invoice-schedules/postgres';
import { ok } from 'neverthrow';
import { afterAll, describe, expect, it } from 'vitest';

const db = new PGlite();
afterAll(() => db.close());

async function schemas(): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT nspname AS name FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

describe('createPostgresStore', () => {
  it('refuses a misspelt option, naming it and the options it takes', () => {
    expect(() => createPostgresStore(db, { shema: 'tenant_1' } as never)).toThrow(TypeError);
    expect(() => createPostgresStore(db, { shema: 'tenant_1' } as never)).toThrow(
      'createPostgresStore: unknown option "shema"; the options are schema, prepare.',
    );
  });

  it('names every unknown option, also next to a good one', () => {
    expect(() => createPostgresStore(db, { schema: 'tenant_1', prepared: false, pool: 1 } as never)).toThrow(
      'createPostgresStore: unknown options "prepared", "pool"; the options are schema, prepare.',
    );
  });

  it('refuses options that are not an object', () => {
    expect(() => createPostgresStore(db, null as never)).toThrow(/options must be an object.*got null/);
    expect(() => createPostgresStore(db, 'tenant_1' as never)).toThrow(
      /options must be an object.*got string/,
    );
  });

  it('still takes its own options', () => {
    expect(createPostgresStore(db, { schema: 'tenant_1', prepare: false }).schema).toBe('tenant_1');
    expect(createPostgresStore(db).schema).toBe('invoice_schedules');
  });
});

describe('migrate', () => {
  it('refuses a misspelt option and migrates nothing', async () => {
    const before = await schemas();
    await expect(migrate(db, { shema: 'tenant_1' } as never)).rejects.toThrow(
      new TypeError(
        'migrate: unknown option "shema"; the options are schema (prepare taken too, and ignored). A misspelt option is refused rather than ignored, since an ignored schema would mean another tenant\'s tables.',
      ),
    );
    await expect(migrate(db, { schema: 'tenant_2', prepared: false } as never)).rejects.toThrow(
      /migrate: unknown option "prepared"; the options are schema \(prepare taken too, and ignored\)\./,
    );
    expect(await schemas()).toEqual(before);
  });

  it("takes the store's options, reads their schema and ignores prepare: one options value for both", async () => {
    // A PostgresStoreOptions value is what a host passes to both; migrate threw `unknown option "prepare"` on it.
    const options: PostgresStoreOptions = { schema: 'tenant_4', prepare: false };
    const report = await migrate(db, options);
    expect(report.schema).toBe('tenant_4');
    expect(report.applied.length).toBeGreaterThan(0);
    expect(await migrate(db, { schema: 'tenant_4', prepare: true })).toMatchObject({ applied: [] });
    const store = createPostgresStore(db, options);
    expect(store.schema).toBe('tenant_4');
    const read = await store.transaction(async (r) => ok(await r.accounts.list(null, 10)));
    expect(read._unsafeUnwrap()).toEqual([]);
    // migrate does not read prepare, so does not check it either (createPostgresStore does).
    await expect(migrate(db, { schema: 'tenant_4', prepare: 'no' } as never)).resolves.toMatchObject({
      schema: 'tenant_4',
    });
  });

  it('still migrates the schema named', async () => {
    expect(await migrate(db, { schema: 'tenant_3' })).toMatchObject({ schema: 'tenant_3' });
  });
});
