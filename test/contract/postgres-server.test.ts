// The PostgreSQL adapter against a real server (node-postgres Pool, connections side by side, so the kit's
// concurrency and isolation tests really overlap): DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test.
// Each kit test gets a fresh schema, dropped after it (and any left over, after the file). No server
// reachable: the file says so and skips — except under CI, where that fails.

import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  saveNewAccount,
  saveNewOrder,
  startBillRun,
  workOnBillRun,
} from 'invoice-schedules';
import { buildAccount, describeRepositoryContract } from 'invoice-schedules/testing';
import { ok } from 'neverthrow';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, migrate, type PostgresStore } from '../../src/postgres/index';
import type { BusinessDate } from '../../src/time/date';
import { chargeInput, createSubscription } from '../support/billing';
import { RECORD_COMPRESSION, SERVER_HAS_LZ4, serverUnreachable } from '../support/postgres';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ci = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';
/** Shown in messages without a password. */
const where = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

const unreachable = await serverUnreachable(url);

if (unreachable === null) {
  // The tests of a file run one after another; the kit runs up to 5 transactions side by side.
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // Unique per run and per test, so runs sharing the database never meet.
  const run = `${process.pid.toString(36)}_${Date.now().toString(36)}`;
  const schemas = new Set<string>();
  let stores = 0;
  // Migration 5's tests read pg_attribute.attcompression (PostgreSQL 14 and later); the lock test needs lz4.
  const version = Number((await pool.query('SHOW server_version_num')).rows[0]?.server_version_num);
  const lz4 = (await pool.query(SERVER_HAS_LZ4)).rows[0]?.has === true;

  afterAll(async () => {
    try {
      for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await pool.end();
    }
  });

  describeRepositoryContract<PostgresStore>({
    describe,
    it,
    name: `postgres server ${where}`,
    createStore: async () => {
      const schema = `contract_${run}_${++stores}`;
      schemas.add(schema);
      await migrate(pool, { schema });
      return createPostgresStore(pool, { schema });
    },
    disposeStore: async (store) => {
      await pool.query(`DROP SCHEMA "${store.schema}" CASCADE`);
      schemas.delete(store.schema);
    },
    probe: (store) => store.probe,
  });

  /** `migrate` while another transaction has read `table`: it gives up after its lock_timeout (55P03). */
  async function expectMigrateLockTimeout(schema: string, table: string): Promise<void> {
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT count(*) FROM "${schema}".${table}`);
      await expect(migrate(pool, { schema })).rejects.toMatchObject({ code: '55P03' });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  }

  describe('postgres adapter on a server', () => {
    it('two processes migrating one schema at once apply each migration once (advisory lock)', async () => {
      const schema = `migrate_${run}`;
      schemas.add(schema);
      const other = new pg.Pool({ connectionString: url, max: 1 });
      try {
        const reports = await Promise.all([migrate(pool, { schema }), migrate(other, { schema })]);
        expect(reports.map((r) => r.applied).sort()).toEqual([[], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
      } finally {
        await other.end();
      }
    });

    it.skipIf(version < 140000)(
      "version 5 compresses the document tables' records with lz4 when the server has it, the small records keep the default; version 9 makes them json and compresses them again",
      async () => {
        const schema = `lz4_${run}`;
        schemas.add(schema);
        await migrate(pool, { schema });
        const types = await pool.query<{ type: string }>(
          `SELECT DISTINCT data_type AS type FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'record'`,
          [schema],
        );
        expect(types.rows).toEqual([{ type: 'json' }]);
        const { rows } = await pool.query(RECORD_COMPRESSION(schema));
        const documents = lz4 ? 'l' : '';
        expect(Object.fromEntries(rows.map((r) => [r.table, r.compression]))).toEqual({
          accounts: '',
          bill_run_accounts: '',
          bill_runs: documents,
          credit_memos: documents,
          invoice_schedules: documents,
          invoices: documents,
          orders: documents,
          subscriptions: documents,
        });
      },
    );

    it.skipIf(!lz4)(
      'version 9 gives up after lock_timeout (5 s) when a transaction holds one of its tables and applies nothing, then rewrites the stored records as json compressed with lz4',
      async () => {
        const schema = `json_records_${run}`;
        schemas.add(schema);
        await migrate(pool, { schema });
        // Back to version 8: every record jsonb, the document tables' compressed with lz4 (version 5).
        await pool.query(`DELETE FROM "${schema}".schema_migrations WHERE version = 9`);
        const documents = [
          'bill_runs',
          'credit_memos',
          'invoice_schedules',
          'invoices',
          'orders',
          'subscriptions',
        ];
        for (const t of [...documents, 'accounts', 'bill_run_accounts']) {
          const lz4 = documents.includes(t) ? ', ALTER COLUMN record SET COMPRESSION lz4' : '';
          await pool.query(
            `ALTER TABLE "${schema}".${t} ALTER COLUMN record TYPE jsonb USING record::jsonb${lz4}`,
          );
        }
        // A record large enough to be compressed, as version 8 stored it: lz4.
        await pool.query(
          `INSERT INTO "${schema}".invoices (number, id, account_number, currency, status, invoice_date, amount, version, record)
           VALUES ('INV-1', 'i-1', 'A-1', 'USD', 'Draft', '2023-01-01', 0, 1, $1::jsonb)`,
          [JSON.stringify({ notes: 'lz4 '.repeat(2000) })],
        );
        const state = async () =>
          (
            await pool.query<{ type: string; compression: string }>(
              `SELECT data_type AS type, (SELECT pg_column_compression(record) FROM "${schema}".invoices) AS compression
               FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'invoices' AND column_name = 'record'`,
              [schema],
            )
          ).rows[0];
        expect(await state()).toEqual({ type: 'jsonb', compression: 'lz4' });
        // bill_run_accounts is altered last: the tables altered before it are rolled back with it.
        await expectMigrateLockTimeout(schema, 'bill_run_accounts');
        expect(await state()).toEqual({ type: 'jsonb', compression: 'lz4' });
        expect(await migrate(pool, { schema })).toMatchObject({ applied: [9], version: 9 });
        // Rewritten by the ALTER that changed the type: lz4, not the server's default (pglz).
        expect(await state()).toEqual({ type: 'json', compression: 'lz4' });
      },
      30_000,
    );

    it.skipIf(!lz4)(
      'version 5 gives up after lock_timeout (5 s) when a transaction holds one of its tables, and applies nothing',
      async () => {
        const schema = `lz4_locked_${run}`;
        schemas.add(schema);
        await migrate(pool, { schema });
        await pool.query(`DELETE FROM "${schema}".schema_migrations WHERE version = 5`);
        for (const table of ['orders', 'invoices'])
          await pool.query(`ALTER TABLE "${schema}".${table} ALTER COLUMN record SET COMPRESSION pglz`);
        await expectMigrateLockTimeout(schema, 'invoices');
        const { rows } = await pool.query(RECORD_COMPRESSION(schema));
        // orders, altered before the wait, is as it was: the whole migration rolled back.
        expect(rows.find((r) => r.table === 'orders')?.compression).toBe('p');
        expect(rows.find((r) => r.table === 'invoices')?.compression).toBe('p');
        expect(await migrate(pool, { schema })).toMatchObject({ applied: [5], version: 9 });
        const after = await pool.query(RECORD_COMPRESSION(schema));
        expect(after.rows.find((r) => r.table === 'invoices')?.compression).toBe('l');
      },
      30_000,
    );

    it('version 6 gives up after lock_timeout (5 s) when a transaction holds bill_run_leases, and applies nothing', async () => {
      const schema = `leases_locked_${run}`;
      schemas.add(schema);
      await migrate(pool, { schema });
      // Back to version 5: its index by account, the default vacuum settings.
      await pool.query(`DELETE FROM "${schema}".schema_migrations WHERE version = 6`);
      await pool.query(`DROP INDEX "${schema}".bill_run_leases_expiring`);
      await pool.query(
        `CREATE INDEX bill_run_leases_open ON "${schema}".bill_run_leases (bill_run_number, account_number) WHERE NOT done`,
      );
      await pool.query(
        `ALTER TABLE "${schema}".bill_run_leases RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`,
      );
      const indexes = async () =>
        (
          await pool.query<{ name: string }>(
            `SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = 'bill_run_leases' ORDER BY 1`,
            [schema],
          )
        ).rows.map((r) => r.name);
      await expectMigrateLockTimeout(schema, 'bill_run_leases');
      expect(await indexes()).toEqual(['bill_run_leases_open', 'bill_run_leases_pkey']);
      expect(await migrate(pool, { schema })).toMatchObject({ applied: [6], version: 9 });
      expect(await indexes()).toEqual(['bill_run_leases_expiring', 'bill_run_leases_pkey']);
    }, 30_000);

    it('version 7 gives up after lock_timeout (5 s) when a transaction holds bill_run_leases, applies nothing, then keys the leases by account and keeps them', async () => {
      const schema = `leases_key_${run}`;
      schemas.add(schema);
      await migrate(pool, { schema });
      // Back to version 6: keyed by run first.
      await pool.query(`DELETE FROM "${schema}".schema_migrations WHERE version = 7`);
      await pool.query(
        `ALTER TABLE "${schema}".bill_run_leases DROP CONSTRAINT bill_run_leases_pkey, ADD CONSTRAINT bill_run_leases_pkey PRIMARY KEY (bill_run_number, account_number)`,
      );
      await pool.query(
        `INSERT INTO "${schema}".bill_run_leases (bill_run_number, account_number, worker, leased_until, done)
         VALUES ('BR-1', 'A-1', 'w', now(), false), ('BR-1', 'A-2', 'w', now(), true)`,
      );
      const key = async () =>
        (
          await pool.query<{ key: string }>(
            `SELECT pg_get_constraintdef(c.oid) AS key FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE n.nspname = $1 AND c.conname = 'bill_run_leases_pkey'`,
            [schema],
          )
        ).rows.map((r) => r.key);
      await expectMigrateLockTimeout(schema, 'bill_run_leases');
      expect(await key()).toEqual(['PRIMARY KEY (bill_run_number, account_number)']);
      expect(await migrate(pool, { schema })).toMatchObject({ applied: [7], version: 9 });
      expect(await key()).toEqual(['PRIMARY KEY (account_number, bill_run_number)']);
      const { rows } = await pool.query(
        `SELECT account_number, done FROM "${schema}".bill_run_leases ORDER BY account_number`,
      );
      expect(rows).toEqual([
        { account_number: 'A-1', done: false },
        { account_number: 'A-2', done: true },
      ]);
    }, 30_000);

    it('version 8 gives up after lock_timeout (5 s) when a transaction holds idempotency_keys, applies nothing, then indexes the keys by age and keeps them', async () => {
      const schema = `idempotency_age_${run}`;
      schemas.add(schema);
      await migrate(pool, { schema });
      // Back to version 7: created_at NOT NULL (the server's now()), no index.
      await pool.query(`DELETE FROM "${schema}".schema_migrations WHERE version = 8`);
      await pool.query(`DROP INDEX "${schema}".idempotency_keys_created_at`);
      await pool.query(`ALTER TABLE "${schema}".idempotency_keys ALTER COLUMN created_at SET NOT NULL`);
      await pool.query(
        `INSERT INTO "${schema}".idempotency_keys (key, operation, result, created_at)
         VALUES ('old', 'runBillRun', 'BR-1', '2023-01-01T00:00:00Z')`,
      );
      const state = async () =>
        (
          await pool.query<{ nullable: string; indexes: string }>(
            `SELECT c.is_nullable AS nullable,
               (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes
                WHERE schemaname = $1 AND tablename = 'idempotency_keys') AS indexes
             FROM information_schema.columns c
             WHERE c.table_schema = $1 AND c.table_name = 'idempotency_keys' AND c.column_name = 'created_at'`,
            [schema],
          )
        ).rows[0];
      await expectMigrateLockTimeout(schema, 'idempotency_keys');
      expect(await state()).toEqual({ nullable: 'NO', indexes: 'idempotency_keys_pkey' });
      expect(await migrate(pool, { schema })).toMatchObject({ applied: [8], version: 9 });
      expect(await state()).toEqual({
        nullable: 'YES',
        indexes: 'idempotency_keys_created_at,idempotency_keys_pkey',
      });
      const store = createPostgresStore(pool, { schema });
      expect(await store.probe.idempotencyKey('old')).toEqual({
        key: 'old',
        operation: 'runBillRun',
        result: 'BR-1',
        createdAt: '2023-01-01T00:00:00.000Z',
      });
    }, 30_000);

    it('two workOnBillRun loops at once in one process, on one pool, bill each account once: numbers gapless, the run completed', async () => {
      // docs/guides/many-workers.md "Fewer processes, two loops each". Each loop usually bills some of the
      // accounts, but one may lease them all before the other starts: that is not asserted.
      const schema = `loops_${run}`;
      schemas.add(schema);
      await migrate(pool, { schema });
      const store = createPostgresStore(pool, { schema });
      let ids = 0;
      const context: BillingContext = {
        store,
        clock: fixedClock('2023-02-04T06:00:00Z'),
        ids: { next: (kind) => `${kind}-${++ids}` },
        settings: DEFAULT_TENANT_SETTINGS,
      };
      const accounts = Array.from({ length: 20 }, (_, a) => `A${String(a).padStart(7, '0')}`);
      for (const acc of accounts) {
        (await saveNewAccount(context, { id: acc, number: acc, name: acc, currency: 'USD' }))._unsafeUnwrap();
        // One annual charge of 1,200.00 over 2023 (the shared builders of the schedule tests).
        const order = {
          number: `O-${acc}`,
          accountNumber: acc,
          orderDate: '2023-01-01',
          actions: [createSubscription(`${acc}-S1`, [chargeInput({ number: 'C1', price: '1200.00' })])],
        };
        (await saveNewOrder(context, order))._unsafeUnwrap();
        (await activateSavedOrder(context, { orderNumber: order.number }))._unsafeUnwrap();
        (
          await createInvoiceSchedule(context, {
            accountNumber: acc,
            orders: [order.number],
            items: [
              { runDate: '2023-02-04', amount: '1000.00' },
              { runDate: '2023-09-16', amount: '200.00' },
            ],
          })
        )._unsafeUnwrap();
      }
      const billRun = (await startBillRun(context, { targetDate: '2023-02-04' }))._unsafeUnwrap();
      /** A worker's loop (the guide's step 2); the accounts it visited. */
      const loop = async (worker: string) => {
        let visited = 0;
        // The clock stands still, so leases never end: a loop whose partner failed would look forever.
        for (let calls = 0; calls < 1000; calls++) {
          const step = (
            await workOnBillRun(
              context,
              { billRunNumber: billRun.number, worker, batchSize: 3 },
              { accountsPerTransaction: 2 },
            )
          )._unsafeUnwrap();
          visited += step.accountsVisited;
          if (step.run.status !== 'Running') return visited;
          // The other loop holds the leases left: look again.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        throw new Error(`${worker}: the run is still Running after 1,000 calls`);
      };
      const visited = await Promise.all([loop('p.1'), loop('p.2')]);
      expect(visited[0] + visited[1]).toBe(accounts.length);
      const stored = await store.probe.billRun(billRun.number);
      expect(stored).toMatchObject({ status: 'Completed', itemsProcessed: accounts.length });
      const { rows } = await pool.query<{ number: string; account_number: string }>(
        `SELECT number, account_number FROM "${schema}".invoices ORDER BY number`,
      );
      expect(rows.map((r) => r.number)).toEqual(
        accounts.map((_, n) => `INV${String(n + 1).padStart(8, '0')}`),
      );
      expect(new Set(rows.map((r) => r.account_number))).toEqual(new Set(accounts));
    }, 60_000);

    it('on a pool, a transaction of another store may run inside one (its own connection), as on the memory store', async () => {
      const [a, b] = [`nested_a_${run}`, `nested_b_${run}`];
      for (const schema of [a, b]) {
        schemas.add(schema);
        await migrate(pool, { schema });
      }
      const outer = createPostgresStore(pool, { schema: a });
      const inner = createPostgresStore(pool, { schema: b });
      const result = await outer.transaction(async () => {
        await expect(outer.transaction(async () => ok(1))).rejects.toThrow(/Nesting is not supported/);
        const nested = await inner.transaction(async (r) => ok(await r.accounts.insert(buildAccount())));
        return ok(nested.isOk());
      });
      expect(result._unsafeUnwrap()).toBe(true);
      expect(await inner.probe.account('A00000001')).not.toBeNull();
    });

    it("runs its statements prepared on the server's connections by default, and not with prepare: false", async () => {
      for (const prepare of [undefined, false]) {
        const schema = `prepare_${run}_${prepare === undefined ? 'default' : 'off'}`;
        schemas.add(schema);
        await migrate(pool, { schema });
        // One connection: the session whose prepared statements are read afterwards is the store's.
        const single = new pg.Pool({ connectionString: url, max: 1 });
        try {
          const store = createPostgresStore(single, prepare === undefined ? { schema } : { schema, prepare });
          await store.transaction(async (r) => ok(await r.accounts.insert(buildAccount())));
          const read = await store.transaction(async (r) => ok(await r.accounts.get('A00000001')));
          expect(read._unsafeUnwrap()).not.toBeNull();
          const { rows } = await single.query('SELECT name, statement FROM pg_prepared_statements');
          const ours = rows.filter((r) => String(r.statement).includes(`"${schema}"`));
          if (prepare === false) expect(ours).toEqual([]);
          else {
            expect(ours.length).toBe(2);
            for (const r of ours) expect(r.name).toMatch(/^is_[0-9a-f]{16}_\d+$/);
          }
        } finally {
          await single.end();
        }
      }
    });

    // pg_stat_force_next_flush() is PostgreSQL 15's.
    it.skipIf(version < 150000)(
      "a batch's lookups (claims, bill-run parts, subscriptions, schedules, due schedules, invoices, leases finished) read the batch's rows, not the tables', after the connection ran them on small tables",
      async () => {
        const schema = `sets_${run}`;
        schemas.add(schema);
        await migrate(pool, { schema });
        const tables = [
          'accounts',
          'bill_run_accounts',
          'bill_run_leases',
          'subscriptions',
          'invoice_schedule_invoices',
          'invoices',
          'invoice_schedules',
        ];
        // No statistics, as on a server with autovacuum off: the plans see only the tables' sizes.
        for (const t of tables)
          await pool.query(`ALTER TABLE "${schema}".${t} SET (autovacuum_enabled = off)`);
        // One connection: its statistics are the store's, and what it planned on the small tables stays with it.
        const single = new pg.Pool({ connectionString: url, max: 1 });
        // Accounts numbered from `first` to `last`, each with four subscriptions and a schedule, and a part, a
        // lease and an invoice in each of three runs (their records are never read): a run's rows are a third
        // of the tables', as after three bill runs.
        const fill = async (first: number, last: number) => {
          const rows = `FROM generate_series($1::int, $2::int) AS n, unnest(ARRAY['BR-0', 'BR-1', 'BR-2']) AS r`;
          const account = `'F' || lpad(n::text, 7, '0')`;
          await single.query(
            `INSERT INTO "${schema}".accounts (number, id, currency, record)
             SELECT ${account}, ${account}, 'USD', '{}' FROM generate_series($1::int, $2::int) AS n`,
            [first, last],
          );
          await single.query(
            `INSERT INTO "${schema}".bill_run_accounts (bill_run_number, account_number, status, version, record)
             SELECT r, ${account}, 'Processed', 1, '{}' ${rows}`,
            [first, last],
          );
          await single.query(
            `INSERT INTO "${schema}".bill_run_leases (bill_run_number, account_number, worker, leased_until, done)
             SELECT r, ${account}, 'w', now(), r <> 'BR-1' ${rows}`,
            [first, last],
          );
          // Four subscriptions per account, and an invoice per account and run, each with a line of one schedule.
          await single.query(
            `INSERT INTO "${schema}".subscriptions (number, account_number, status, version, record)
             SELECT ${account} || '-S' || s, ${account}, 'Active', 1, '{}' FROM generate_series($1::int, $2::int) AS n, generate_series(1, 4) AS s`,
            [first, last],
          );
          await single.query(
            `INSERT INTO "${schema}".invoices (number, id, account_number, currency, status, invoice_date, amount, version, record)
             SELECT ${account} || r, ${account} || r, ${account}, 'USD', 'Posted', '2023-01-01', 1, 1, '{}' ${rows}`,
            [first, last],
          );
          await single.query(
            `INSERT INTO "${schema}".invoice_schedules (number, id, account_number, currency, status, total_amount, next_due_date, version, record)
             SELECT 'IS' || ${account}, 'IS' || ${account}, ${account}, 'USD', 'Active', 1, '2023-01-01', 1, '{}' FROM generate_series($1::int, $2::int) AS n`,
            [first, last],
          );
          await single.query(
            `INSERT INTO "${schema}".invoice_schedule_invoices (invoice_schedule_number, invoice_number)
             SELECT 'IS' || ${account}, ${account} || r ${rows}`,
            [first, last],
          );
        };
        // Per table, the rows the connection has read (by its indexes and by scans) and the index entries it has
        // read, flushed to the views first.
        const reads = async () => {
          await single.query('SELECT pg_stat_force_next_flush()');
          const count = async (view: string, n: string) => {
            const { rows } = await single.query(
              `SELECT relname AS name, sum(${n})::int AS n FROM ${view} WHERE schemaname = $1 GROUP BY relname`,
              [schema],
            );
            return (t: string) => Number(rows.find((r) => r.name === t)?.n ?? 0);
          };
          const rowsOf = await count('pg_stat_user_tables', 'coalesce(idx_tup_fetch, 0) + seq_tup_read');
          const entriesOf = await count('pg_stat_user_indexes', 'idx_tup_read');
          return new Map(tables.map((t) => [t, { rows: rowsOf(t), entries: entriesOf(t) }]));
        };
        const batch = Array.from({ length: 50 }, (_, k) => `A${String(k).padStart(8, '0')}`);
        const due = '2023-06-01' as BusinessDate;
        try {
          const store = createPostgresStore(single, { schema });
          const lookUp = () =>
            store.transaction(async (r) => {
              await r.accounts.claimMany?.(batch);
              const found = [
                ...((await r.billRuns.getAccounts?.('BR-1', batch)) ?? []),
                ...((await r.subscriptions.listByAccounts?.(batch)) ?? []),
                ...((await r.invoices.listBySchedules?.(batch.map((a) => `IS${a}`))) ?? []),
                ...((await r.invoiceSchedules.listByAccounts?.(batch)) ?? []),
                ...(await r.invoiceSchedules.listWithItemsDue(due, { accountNumbers: batch })),
                ...(await r.invoiceSchedules.listWithItemsDue(due, {
                  invoiceScheduleNumbers: batch.map((a) => `IS${a}`),
                })),
              ];
              await r.billRuns.finishAccountLeases('BR-1', batch);
              return ok(found);
            });
          await fill(1, 20);
          // More than the five calls after which PostgreSQL may keep a prepared statement's generic plan.
          for (let k = 0; k < 8; k++) expect((await lookUp())._unsafeUnwrap()).toEqual([]);
          // 10,000 accounts: below the size at which a plan made per call, keyed by run first, stops filtering.
          await fill(21, 10_000);
          const before = await reads();
          expect((await lookUp())._unsafeUnwrap()).toEqual([]);
          const after = await reads();
          // Fifty keys looked up in each table (none stored): a few index entries each, not the run's 10,000.
          for (const t of tables) {
            const [was, is] = [before.get(t), after.get(t)];
            expect((is?.rows ?? 0) - (was?.rows ?? 0), `${t}: rows read`).toBeLessThan(100);
            expect((is?.entries ?? 0) - (was?.entries ?? 0), `${t}: index entries read`).toBeLessThan(100);
          }
        } finally {
          await single.end();
        }
      },
    );

    it('a prepared statement that failed (no table yet) runs once the schema is migrated, on the same connection', async () => {
      const schema = `prepare_late_${run}`;
      schemas.add(schema);
      const single = new pg.Pool({ connectionString: url, max: 1 });
      try {
        const store = createPostgresStore(single, { schema });
        const read = () => store.transaction(async (r) => ok(await r.accounts.get('A00000001')));
        await expect(read()).rejects.toMatchObject({ code: '42P01' });
        await migrate(single, { schema });
        expect((await read())._unsafeUnwrap()).toBeNull();
        await store.transaction(async (r) => ok(await r.accounts.insert(buildAccount())));
        expect((await read())._unsafeUnwrap()).not.toBeNull();
      } finally {
        await single.end();
      }
    });

    it('a deadlock is thrown with its code 40P01 (the operations retry on it), the other transaction commits, and no connection leaks', async () => {
      const schema = `deadlock_${run}`;
      schemas.add(schema);
      await migrate(pool, { schema });
      const store = createPostgresStore(pool, { schema });
      await store.transaction(async (r) => {
        for (const number of ['A-1', 'A-2']) await r.accounts.insert(buildAccount({ number }));
        return ok(undefined);
      });
      // Each claims one account, waits until the other has too, then claims the other's.
      let claimed = 0;
      let bothClaimed: () => void = () => undefined;
      const both = new Promise<void>((resolve) => {
        bothClaimed = resolve;
      });
      const crossing = (first: string, second: string) =>
        store.transaction(async (r) => {
          await r.accounts.claim(first);
          if (++claimed === 2) bothClaimed();
          await both;
          await r.accounts.claim(second);
          return ok(first);
        });
      const results = await Promise.allSettled([crossing('A-1', 'A-2'), crossing('A-2', 'A-1')]);
      const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ code: '40P01' });
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(pool.totalCount - pool.idleCount).toBe(0);
    });
  });
} else if (ci) {
  describe('repository contract (postgres server)', () => {
    it(`needs the PostgreSQL server at ${where} under CI`, () => {
      throw new Error(
        `No PostgreSQL server reachable at ${where} (${unreachable.message}). CI must run the adapter against a real server: start one, or set DATABASE_URL.`,
      );
    });
  });
} else {
  console.warn(
    `postgres-server.test.ts: skipped, no PostgreSQL server reachable at ${where} (${unreachable.message}). Set DATABASE_URL to run the contract kit against a server.`,
  );
  describe.skip(`repository contract (postgres server): no server reachable at ${where}`, () => {
    it('runs against a real server when one is reachable', () => undefined);
  });
}
