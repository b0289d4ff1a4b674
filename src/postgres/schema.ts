import type { PostgresQueryable } from './client';

// The PostgreSQL schema of the adapter, as versioned migrations of plain statements (one statement
// each: PGlite's `query` runs one at a time), every name qualified by the tenant's schema.
//
// Shape: one table per aggregate, keyed by its number (`COLLATE "C"`: keys are case-sensitive and
// ordered by code point, as the ports ask), with typed columns for what a port queries or a host
// reports on (account, status, version, dates, amounts) and the whole record (`toXxxRecord`) in a `json`
// `record` column (`jsonb` before version 9), which is what the adapter reads back. The by-schedule and by-charge queries read
// side tables of (key, owner) rows kept in step by the same statement that saves the owner.

/**
 * The schema the adapter uses when none is given.
 * @category PostgreSQL
 * @since 0.2.0
 */
export const DEFAULT_SCHEMA = 'invoice_schedules';

/** Lower-case letters, digits and `_`, not starting with a digit, at most 63 bytes (PostgreSQL's limit). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The schema name of the options, checked: a plain lower-case identifier, not one of PostgreSQL's own
 * (`pg_…`, which it reserves, and the SQL standard's `information_schema`, where `migrate` would otherwise
 * create the tables). Throws a TypeError otherwise — a programmer error in the host's wiring.
 */
export function schemaName(schema: unknown, who: string): string {
  if (schema === undefined) return DEFAULT_SCHEMA;
  if (
    typeof schema !== 'string' ||
    !SCHEMA_NAME.test(schema) ||
    schema.startsWith('pg_') ||
    schema === 'information_schema'
  ) {
    throw new TypeError(
      `${who}: schema must be a lower-case identifier — letters a-z, digits and _, not starting with a digit or pg_, not information_schema, at most 63 characters — such as "invoice_schedules" or "tenant_42"; got ${JSON.stringify(schema)}.`,
    );
  }
  return schema;
}

/** A double-quoted SQL identifier (quotes doubled, though a checked schema name has none). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** One migration: its version (applied in increasing order, once) and its statements, for a quoted schema. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: (schema: string) => readonly string[];
}

/** A key column: case-sensitive, ordered by code point. */
const KEY = 'text COLLATE "C" NOT NULL';

/** Version 1: every table of the 0.2 ports. */
function initialSchema(s: string): readonly string[] {
  return [
    `CREATE TABLE ${s}.accounts (
      number ${KEY} PRIMARY KEY,
      id text NOT NULL,
      currency text NOT NULL,
      record jsonb NOT NULL
    )`,
    `CREATE TABLE ${s}.orders (
      number ${KEY} PRIMARY KEY,
      account_number ${KEY},
      status text NOT NULL,
      order_date date NOT NULL,
      record jsonb NOT NULL
    )`,
    `CREATE TABLE ${s}.subscriptions (
      number ${KEY} PRIMARY KEY,
      account_number ${KEY},
      status text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      record jsonb NOT NULL
    )`,
    `CREATE INDEX subscriptions_by_account ON ${s}.subscriptions (account_number, number)`,
    // next_due_date: the earliest run date of an item not yet Processed, or nextRunDate if earlier
    // (listWithItemsDue returns the schedules where it is on or before the target date).
    `CREATE TABLE ${s}.invoice_schedules (
      number ${KEY} PRIMARY KEY,
      id ${KEY},
      account_number ${KEY},
      currency text NOT NULL,
      status text NOT NULL,
      total_amount numeric NOT NULL,
      next_run_date date,
      next_due_date date,
      version integer NOT NULL CHECK (version >= 1),
      record jsonb NOT NULL
    )`,
    // Not unique: ids come from the host's IdGenerator and are unique there, but the store does not
    // refuse a duplicate (the memory store does not either); getById takes the lowest number.
    `CREATE INDEX invoice_schedules_by_id ON ${s}.invoice_schedules (id, number)`,
    `CREATE INDEX invoice_schedules_by_account ON ${s}.invoice_schedules (account_number, number)`,
    `CREATE INDEX invoice_schedules_by_due_date ON ${s}.invoice_schedules (next_due_date) WHERE next_due_date IS NOT NULL`,
    `CREATE TABLE ${s}.invoice_schedule_charges (
      subscription_number ${KEY},
      charge_number ${KEY},
      invoice_schedule_number ${KEY},
      PRIMARY KEY (subscription_number, charge_number, invoice_schedule_number)
    )`,
    `CREATE INDEX invoice_schedule_charges_by_schedule ON ${s}.invoice_schedule_charges (invoice_schedule_number)`,
    `CREATE TABLE ${s}.invoices (
      number ${KEY} PRIMARY KEY,
      id ${KEY},
      account_number ${KEY},
      currency text NOT NULL,
      status text NOT NULL,
      invoice_date date NOT NULL,
      amount numeric NOT NULL,
      bill_run_number text COLLATE "C",
      version integer NOT NULL CHECK (version >= 1),
      record jsonb NOT NULL
    )`,
    `CREATE INDEX invoices_by_id ON ${s}.invoices (id, number)`,
    `CREATE INDEX invoices_by_account ON ${s}.invoices (account_number, number)`,
    `CREATE TABLE ${s}.invoice_schedule_invoices (
      invoice_schedule_number ${KEY},
      invoice_number ${KEY},
      PRIMARY KEY (invoice_schedule_number, invoice_number)
    )`,
    `CREATE INDEX invoice_schedule_invoices_by_invoice ON ${s}.invoice_schedule_invoices (invoice_number)`,
    `CREATE TABLE ${s}.invoice_charges (
      subscription_number ${KEY},
      charge_number ${KEY},
      invoice_number ${KEY},
      PRIMARY KEY (subscription_number, charge_number, invoice_number)
    )`,
    `CREATE INDEX invoice_charges_by_invoice ON ${s}.invoice_charges (invoice_number)`,
    `CREATE TABLE ${s}.credit_memos (
      number ${KEY} PRIMARY KEY,
      id ${KEY},
      account_number ${KEY},
      currency text NOT NULL,
      status text NOT NULL,
      memo_date date NOT NULL,
      amount numeric NOT NULL,
      bill_run_number text COLLATE "C",
      version integer NOT NULL CHECK (version >= 1),
      record jsonb NOT NULL
    )`,
    `CREATE INDEX credit_memos_by_id ON ${s}.credit_memos (id, number)`,
    `CREATE INDEX credit_memos_by_account ON ${s}.credit_memos (account_number, number)`,
    `CREATE TABLE ${s}.invoice_schedule_credit_memos (
      invoice_schedule_number ${KEY},
      credit_memo_number ${KEY},
      PRIMARY KEY (invoice_schedule_number, credit_memo_number)
    )`,
    `CREATE INDEX invoice_schedule_credit_memos_by_memo ON ${s}.invoice_schedule_credit_memos (credit_memo_number)`,
    `CREATE TABLE ${s}.bill_runs (
      number ${KEY} PRIMARY KEY,
      id ${KEY},
      kind text NOT NULL,
      status text NOT NULL,
      target_date date NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      record jsonb NOT NULL
    )`,
    `CREATE INDEX bill_runs_by_id ON ${s}.bill_runs (id, number)`,
    `CREATE TABLE ${s}.bill_run_accounts (
      bill_run_number ${KEY},
      account_number ${KEY},
      status text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      record jsonb NOT NULL,
      PRIMARY KEY (bill_run_number, account_number)
    )`,
    `CREATE TABLE ${s}.idempotency_keys (
      key ${KEY} PRIMARY KEY,
      operation text NOT NULL,
      result text NOT NULL,
      fingerprint text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // One row per sequence, created by its first number; updated in the transaction, so a rollback
    // gives the number back (gapless), and concurrent transactions queue on the row.
    `CREATE TABLE ${s}.sequences (
      name ${KEY} PRIMARY KEY,
      value bigint NOT NULL CHECK (value >= 0)
    )`,
  ];
}

/**
 * Version 2: bill run leases (`workOnBillRun`): one row per (run, account) leased, with an index of the
 * leases not done, and one cursor row per run (the last account leased; `''` before the first).
 */
function billRunLeases(s: string): readonly string[] {
  return [
    `CREATE TABLE ${s}.bill_run_leases (
      bill_run_number ${KEY},
      account_number ${KEY},
      worker text NOT NULL,
      leased_until timestamptz NOT NULL,
      done boolean NOT NULL DEFAULT false,
      PRIMARY KEY (bill_run_number, account_number)
    )`,
    `CREATE INDEX bill_run_leases_open ON ${s}.bill_run_leases (bill_run_number, account_number) WHERE NOT done`,
    `CREATE TABLE ${s}.bill_run_cursors (
      bill_run_number ${KEY} PRIMARY KEY,
      after_account ${KEY}
    )`,
  ];
}

/**
 * A schedule's place in the next-run-date order of the listings: its `next_run_date`, schedules without
 * one last (`infinity` sorts after every date). The page statements of `store.ts` write the same
 * expression, so the indexes of version 3 answer them.
 */
export const NEXT_RUN_SORT = `COALESCE(next_run_date, 'infinity'::date)`;

/**
 * Version 3: the listings' indexes (`invoiceSchedules.page`): schedules by status, and by next run date
 * (nulls last) alone, within an account and within a status, each ending with the number that breaks ties,
 * so every order of a page is a keyset range scan. The documents' pages use the indexes of version 1.
 */
function listingIndexes(s: string): readonly string[] {
  return [
    `CREATE INDEX invoice_schedules_by_status ON ${s}.invoice_schedules (status, number)`,
    `CREATE INDEX invoice_schedules_by_next_run ON ${s}.invoice_schedules ((${NEXT_RUN_SORT}), number)`,
    `CREATE INDEX invoice_schedules_by_account_next_run ON ${s}.invoice_schedules (account_number, (${NEXT_RUN_SORT}), number)`,
    `CREATE INDEX invoice_schedules_by_status_next_run ON ${s}.invoice_schedules (status, (${NEXT_RUN_SORT}), number)`,
  ];
}

/**
 * Version 4: the transactional outbox. `position` orders the events as they committed per transaction
 * (a relay reads `WHERE position > $last ORDER BY position`; at READ COMMITTED a later position can commit
 * before an earlier one, so a relay that must not skip waits for gaps or marks rows, see docs/events.md);
 * `id` is unique, so appending an event twice stores it once.
 */
function outbox(s: string): readonly string[] {
  return [
    `CREATE TABLE ${s}.outbox (
      position bigserial PRIMARY KEY,
      id text COLLATE "C" NOT NULL UNIQUE,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      event jsonb NOT NULL,
      published_at timestamptz
    )`,
    `CREATE INDEX outbox_unpublished ON ${s}.outbox (position) WHERE published_at IS NULL`,
  ];
}

/**
 * The tables that keep documents: records that grow with their lines, items or rate plans (a schedule of
 * three items and an invoice of four lines are 2.3–2.7 KB of JSON; the others were not measured).
 */
const DOCUMENT_TABLES: readonly string[] = Object.freeze([
  'orders',
  'subscriptions',
  'invoice_schedules',
  'invoices',
  'credit_memos',
  'bill_runs',
]);

/**
 * Version 5: the records of the document tables compressed with lz4 where the server has it (PostgreSQL 14
 * and later built with lz4, as Debian's, Ubuntu's and the official images are: `pg_settings` then lists lz4
 * among `default_toast_compression`'s values); elsewhere (PGlite, PostgreSQL 12 and 13) nothing changes and
 * they keep the default, pglz. Schedules' and invoices' records are 2.3–2.7 KB of JSON, past the ~2 KB at
 * which PostgreSQL compresses a row's values, and a bill run rewrites a schedule and writes an invoice per
 * item; on this project's machine pglz made such a write cost ~1.6–1.8× what it costs with lz4
 * (docs/guides/postgres.md "Compression").
 *
 * One statement: a `DO` block whose `ALTER`s run through `EXECUTE` (so a server that does not know
 * `SET COMPRESSION` never parses it). Each `ALTER` takes an ACCESS EXCLUSIVE lock on its table until
 * `migrate` commits, without rewriting it. `lock_timeout` is 5 s for them (the setting the session had is
 * put back after): a deploy that meets a long transaction on one of the tables fails with 55P03, applies
 * nothing and can run `migrate` again. Meanwhile queries of the table it waits for queue behind it for up to
 * 5 s, and the tables already altered stay locked (six waits at most: 30 s).
 */
function lz4Records(s: string): readonly string[] {
  const alters = DOCUMENT_TABLES.map(
    (t) => `EXECUTE 'ALTER TABLE ${s}.${t} ALTER COLUMN record SET COMPRESSION lz4';`,
  );
  return [
    `DO $$
    DECLARE
      previous text := current_setting('lock_timeout');
    BEGIN
      IF EXISTS (
        SELECT 1 FROM pg_catalog.pg_settings
        WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
      ) THEN
        PERFORM set_config('lock_timeout', '5s', true);
        ${alters.join('\n        ')}
        PERFORM set_config('lock_timeout', previous, true);
      END IF;
    END $$`,
  ];
}

/**
 * Version 6: the leases not done indexed by when they end, replacing version 2's index by account. A worker
 * asks for the expired leases each time it leases (`leaseAccounts`). A lease marked done leaves its old entry
 * in such a partial index until vacuum; an ordered index scan marks those entries dead and skips them later,
 * a bitmap scan never does, and a bitmap scan is what the server chose at the end of a run of 6,000 accounts:
 * by account, each call then read every lease the run had taken (4.5 ms, 100 heap pages). By end, a call reads
 * only the entries whose end has passed: the expired leases, and the old entries (of leases since done or
 * leased again) whose end has passed, until vacuum removes them. So the table is vacuumed once 10,000 rows
 * are dead, whatever its size (not at 20 % of it, PostgreSQL's default), as a queue's table would be.
 *
 * The index is dropped first (ACCESS EXCLUSIVE on `bill_run_leases`, so no lock is upgraded half-way), then the
 * new one built under that lock, until `migrate` commits: lease work waits meanwhile. `lock_timeout` is 5 s for
 * them, as in version 5: a deploy that meets a transaction on the table fails with 55P03, applies nothing, and
 * can run `migrate` again.
 */
function expiringLeases(s: string): readonly string[] {
  return [
    underLockTimeout([
      `DROP INDEX IF EXISTS ${s}.bill_run_leases_open`,
      `CREATE INDEX bill_run_leases_expiring ON ${s}.bill_run_leases (bill_run_number, leased_until, account_number) WHERE NOT done`,
      `ALTER TABLE ${s}.bill_run_leases SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000)`,
    ]),
  ];
}

/**
 * One `DO` block running `statements` (without quotes) through `EXECUTE` with `lock_timeout` at 5 s, and the
 * session's setting put back after: the text versions 6 and 7 ship.
 */
function underLockTimeout(statements: readonly string[]): string {
  // Quoted as they are: the schema is a checked identifier, and no statement has a quote of its own.
  if (statements.some((t) => t.includes("'"))) throw new Error('underLockTimeout: a statement has a quote');
  return `DO $$
    DECLARE
      previous text := current_setting('lock_timeout');
    BEGIN
      PERFORM set_config('lock_timeout', '5s', true);
      ${statements.map((t) => `EXECUTE '${t}';`).join('\n      ')}
      PERFORM set_config('lock_timeout', previous, true);
    END $$`;
}

/**
 * Version 7: the leases keyed by account first, `(account_number, bill_run_number)`, so that marking a batch's
 * leases done (`account_number = ANY`, planned per call) has the accounts as the key's condition; keyed by run
 * first, a server without statistics read every lease of the run instead, up to runs of some 25,000 accounts
 * (docs/performance-history.md). The run's own scans use version 6's index, which leads with the run. One `ALTER
 * TABLE` rebuilds the key under an ACCESS EXCLUSIVE lock until `migrate` commits, `lock_timeout` 5 s.
 */
function leasesByAccount(s: string): readonly string[] {
  return [
    underLockTimeout([
      `ALTER TABLE ${s}.bill_run_leases DROP CONSTRAINT bill_run_leases_pkey, ADD CONSTRAINT bill_run_leases_pkey PRIMARY KEY (account_number, bill_run_number)`,
    ]),
  ];
}

/**
 * Version 8: idempotency records carry the instant the library wrote them (`IdempotencyRecord.createdAt`, from
 * the context's clock), and old ones can be deleted by age (`idempotency.deleteCreatedBefore`, for
 * `pruneIdempotencyRecords`). `created_at` has been there since version 1, filled by the server's `now()`; it
 * becomes nullable, so that a record given without `createdAt` is stored without one (never pruned: its age is
 * unknown). Its default stays: rows written before this version keep the server's instant, and so do the rows
 * a process of an earlier version of the library writes during a rolling deploy — their age is known, and they
 * age out like the others. The index by `created_at` lets each batch of the delete find the oldest rows by an
 * index range scan. Building it reads the whole table and blocks its writes (every keyed operation and every
 * execution); the `ALTER TABLE` after it takes the table's ACCESS EXCLUSIVE lock, reads included, from then
 * until `migrate` commits (the index first: reads go on while it builds). A host with millions of keys can
 * build it beforehand without blocking,
 * `CREATE INDEX CONCURRENTLY idempotency_keys_created_at ON <schema>.idempotency_keys (created_at)`, and
 * this version then keeps it (`IF NOT EXISTS`). `lock_timeout` is 5 s for the statements, as in version 6.
 */
function idempotencyAge(s: string): readonly string[] {
  return [
    underLockTimeout([
      `CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON ${s}.idempotency_keys (created_at)`,
      `ALTER TABLE ${s}.idempotency_keys ALTER COLUMN created_at DROP NOT NULL`,
    ]),
  ];
}

/** Every table whose rows keep a whole record (`record`): the document tables, accounts and bill run parts. */
const RECORD_TABLES: readonly string[] = Object.freeze([...DOCUMENT_TABLES, 'accounts', 'bill_run_accounts']);

/**
 * Version 9: records as `json`, not `jsonb`. The library writes a record whole and reads it whole, as text its
 * process parses; the server looks inside one only for the schedules' page filters (`record->'deleted'`,
 * `record->>'updatedAt'`), which `json` answers too. `jsonb` parsed each record into its binary form on every
 * write and printed it back as text on every read: for a schedule's record of 2.6 KB, 43–52 µs of the server's
 * time per row written and 28–30 µs per row read, against 27–28 and 15–17 as `json`; a bill run's server time
 * per item fell by 10–30 % (docs/performance-history.md, fortieth session). `json` keeps a record's text as
 * written, so an object's keys (custom fields) come back in the order they were written; a host's own queries
 * into records work as before (`->`, `->>`, or `record::jsonb` for the operators only `jsonb` has).
 *
 * Each `ALTER` rewrites its table under an ACCESS EXCLUSIVE lock until `migrate` commits, reads included, for a
 * time that grows with the table (a host with large tables runs it in a quiet hour); `lock_timeout` is 5 s to
 * get each lock, as in version 6. A change of type drops a column's compression, and the rewrite compresses with
 * the column's setting: so where the server has lz4, the document tables' `ALTER` sets version 5's lz4 in the
 * same statement, and the rows it rewrites are lz4 too. A process of version 8 keeps working on the migrated
 * tables during a rolling deploy: it accepts a schema migrated further, and PostgreSQL casts its `jsonb` values
 * to `json` on assignment. A host's view over a `record` column, or an index whose operator class only `jsonb`
 * has, makes the `ALTER` fail: nothing is applied (docs/guides/postgres.md).
 */
function jsonRecords(s: string): readonly string[] {
  const retype = 'ALTER COLUMN record TYPE json USING record::json';
  const alters = RECORD_TABLES.map((t) =>
    DOCUMENT_TABLES.includes(t)
      ? `EXECUTE 'ALTER TABLE ${s}.${t} ${retype}' || CASE WHEN lz4 THEN ', ALTER COLUMN record SET COMPRESSION lz4' ELSE '' END;`
      : `EXECUTE 'ALTER TABLE ${s}.${t} ${retype}';`,
  );
  return [
    `DO $$
    DECLARE
      previous text := current_setting('lock_timeout');
      lz4 boolean := EXISTS (
        SELECT 1 FROM pg_catalog.pg_settings
        WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
      );
    BEGIN
      PERFORM set_config('lock_timeout', '5s', true);
      ${alters.join('\n      ')}
      PERFORM set_config('lock_timeout', previous, true);
    END $$`,
  ];
}

/** Every migration, in order. A new one gets the next version; a released one never changes. */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  { version: 1, name: 'initial schema', statements: initialSchema },
  { version: 2, name: 'bill run leases', statements: billRunLeases },
  { version: 3, name: 'listing indexes', statements: listingIndexes },
  { version: 4, name: 'outbox', statements: outbox },
  { version: 5, name: 'lz4 records', statements: lz4Records },
  { version: 6, name: 'expiring leases', statements: expiringLeases },
  { version: 7, name: 'leases by account', statements: leasesByAccount },
  { version: 8, name: 'idempotency age', statements: idempotencyAge },
  { version: 9, name: 'json records', statements: jsonRecords },
]);

/** The latest version of {@link MIGRATIONS}: the one a store requires. */
export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * The versions `migrate` recorded in `schema` (quoted), from its `schema_migrations`: read by `migrate` before it
 * applies the rest, and by a store's first transaction to check the schema is up to date. @internal
 */
export async function appliedVersions(q: PostgresQueryable, quotedSchema: string): Promise<Set<number>> {
  const { rows } = await q.query(`SELECT version FROM ${quotedSchema}.schema_migrations`);
  return new Set(rows.map((row) => Number((row as { readonly version: unknown }).version)));
}
