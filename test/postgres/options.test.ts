// createPostgresStore and migrate ignored an option they do not take: `{ shema: 'tenant_1' }` (misspelt)
// used the default schema `invoice_schedules`, another tenant's tables, without a word. They refuse it
// with a TypeError naming the option and the options they take, before any I/O. On PGlite.
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
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
        'migrate: unknown option "shema"; the options are schema. A misspelt option is refused rather than ignored, since an ignored schema would mean another tenant\'s tables.',
      ),
    );
    await expect(migrate(db, { schema: 'tenant_2', prepare: false } as never)).rejects.toThrow(
      /migrate: unknown option "prepare"; the options are schema\./,
    );
    expect(await schemas()).toEqual(before);
  });

  it('still migrates the schema named', async () => {
    expect(await migrate(db, { schema: 'tenant_3' })).toMatchObject({ schema: 'tenant_3' });
  });
});
