// `migrate`: creates or upgrades the adapter's schema, once, under an advisory lock.

import { checkOptionNames } from '../ports/options';
import { type PostgresClient, type PostgresQueryable, transactionRunner } from './client';
import { appliedVersions, MIGRATIONS, quoteIdentifier, schemaName } from './schema';
import { type PostgresStoreOptions, SCHEMA_WORDING, STORE_OPTION_NAMES } from './store';

/**
 * Options of {@link createPostgresStore} and {@link migrate}.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresSchemaOptions {
  /**
   * The PostgreSQL schema holding the tables (default `invoice_schedules`): a lower-case identifier
   * (`a-z`, digits, `_`; not starting with a digit or `pg_`, not `information_schema`; at most 63 characters). One schema per
   * tenant, or per test run, lets many share one database. A bad name throws a TypeError.
   */
  readonly schema?: string;
}

/**
 * What {@link migrate} did.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface MigrationReport {
  /** The schema migrated. */
  readonly schema: string;
  /** The versions this call applied, in order; empty when the schema was up to date. */
  readonly applied: readonly number[];
  /** The schema's version now: the highest applied. */
  readonly version: number;
}

/** First key of the advisory lock of migrations (the second is the schema name's hash): "isch" in ASCII. */
const MIGRATION_LOCK = 0x69736368;

/**
 * Creates the schema and its tables, or brings them up to this version of the library: each migration
 * not yet recorded in `<schema>.schema_migrations` runs, in order, and is recorded, all in one
 * transaction. Safe to run at every start, and from several processes at once: it takes a
 * transaction-scoped advisory lock per schema (`pg_advisory_xact_lock`), so a second caller waits, then
 * finds everything applied and does nothing. Throws what the database throws (nothing is applied then),
 * and a TypeError for a client that is neither a pool nor PGlite, options naming anything but `schema` and
 * the other {@link PostgresStoreOptions} (a misspelt `schema` would otherwise migrate the default schema),
 * or a bad schema name.
 *
 * `options` may be the store's own: `migrate(pool, storeOptions)` then `createPostgresStore(pool,
 * storeOptions)` migrates the store's schema. Of them, `migrate` reads `schema` only and ignores the others
 * (`prepare`), unchecked: {@link createPostgresStore} checks them.
 *
 * ```ts
 * import { Pool } from 'pg';
 * import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
 * const pool = new Pool({ connectionString: process.env['DATABASE_URL'] });
 * await migrate(pool, { schema: 'billing' });
 * const store = createPostgresStore(pool, { schema: 'billing' });
 * ```
 * @category PostgreSQL
 * @since 0.2.0
 */
export async function migrate(
  client: PostgresClient,
  options: PostgresSchemaOptions | PostgresStoreOptions = {},
): Promise<MigrationReport> {
  const runner = transactionRunner(client, 'migrate');
  checkOptionNames(options, ['schema'], 'migrate', {
    ...SCHEMA_WORDING,
    ignored: STORE_OPTION_NAMES.filter((name) => name !== 'schema'),
  });
  const schema = schemaName(options.schema, 'migrate');
  const s = quoteIdentifier(schema);
  return runner.run(
    async (q: PostgresQueryable): Promise<MigrationReport> => {
      await q.query('SELECT pg_advisory_xact_lock($1::integer, hashtext($2::text))', [
        MIGRATION_LOCK,
        schema,
      ]);
      await q.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await q.query(
        `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
      );
      const done = await appliedVersions(q, s);
      const applied: number[] = [];
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        for (const statement of migration.statements(s)) await q.query(statement);
        await q.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1::integer, $2::text)`, [
          migration.version,
          migration.name,
        ]);
        applied.push(migration.version);
        done.add(migration.version);
      }
      return Object.freeze({ schema, applied: Object.freeze(applied), version: Math.max(0, ...done) });
    },
    () => true,
  );
}
