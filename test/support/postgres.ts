// Helpers of the PostgreSQL adapter's tests (PGlite and the server).
import type { PGlite } from '@electric-sql/pglite';
import type {
  AccountRecord,
  BillRunAccountRecord,
  BillRunLease,
  BillRunRecord,
  CreditMemoRecord,
  IdempotencyRecord,
  InvoiceRecord,
  InvoiceScheduleRecord,
  OrderRecord,
  SequenceName,
  SubscriptionRecord,
} from 'invoice-schedules';
import type { MemoryStoreSnapshot } from 'invoice-schedules/memory';
import pg from 'pg';

/** The compression of each table's `record` column ('' is the server's default, 'l' lz4, 'p' pglz). */
export const RECORD_COMPRESSION = (schema: string) =>
  `SELECT c.relname AS table, a.attcompression AS compression FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND a.attname = 'record' AND c.relkind = 'r'
   ORDER BY c.relname`;

/** Whether the server can compress with lz4 (one row, `has`), as migration 5 asks. */
export const SERVER_HAS_LZ4 = `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_settings
  WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS has`;

/** Why the server at `url` cannot be reached (one connection, 3 s to connect, `SELECT 1`), or null. */
export async function serverUnreachable(url: string): Promise<Error | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (thrown) {
    return thrown instanceof Error ? thrown : new Error(String(thrown));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** An instant column as `Date.prototype.toISOString` writes it, as the ports carry instants. */
const isoInstant = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Everything a PostgreSQL store committed in `schema`, read straight from its tables (not through the
 * adapter) in the shape of the memory store's `probe.snapshot()`: records by number (code point order,
 * the columns being `COLLATE "C"`), bill runs' parts by run then account, idempotency records by key and the
 * last number of each sequence. Records are parsed from their text (`json`, kept as written); compare by
 * value (`toEqual`).
 */
export async function postgresSnapshot(db: PGlite, schema: string): Promise<MemoryStoreSnapshot> {
  const records = async <R>(table: string, order = 'number'): Promise<R[]> =>
    (await db.query<{ record: R }>(`SELECT record FROM "${schema}".${table} ORDER BY ${order}`)).rows.map(
      (row) => row.record,
    );
  const idempotency = await db.query<{
    key: string;
    operation: string;
    result: string;
    fingerprint: string | null;
    created_at: string | null;
  }>(
    `SELECT key, operation, result, fingerprint, ${isoInstant('created_at')} AS created_at
     FROM "${schema}".idempotency_keys ORDER BY key`,
  );
  const sequences = await db.query<{ name: string; value: string }>(
    `SELECT name, value::text AS value FROM "${schema}".sequences`,
  );
  const last = (name: SequenceName): number =>
    Number(sequences.rows.find((row) => row.name === name)?.value ?? 0);
  return {
    accounts: await records<AccountRecord>('accounts'),
    orders: await records<OrderRecord>('orders'),
    subscriptions: await records<SubscriptionRecord>('subscriptions'),
    invoiceSchedules: await records<InvoiceScheduleRecord>('invoice_schedules'),
    invoices: await records<InvoiceRecord>('invoices'),
    creditMemos: await records<CreditMemoRecord>('credit_memos'),
    billRuns: await records<BillRunRecord>('bill_runs'),
    billRunAccounts: await records<BillRunAccountRecord>(
      'bill_run_accounts',
      'bill_run_number, account_number',
    ),
    idempotency: idempotency.rows.map(
      (row): IdempotencyRecord => ({
        key: row.key,
        operation: row.operation,
        result: row.result,
        ...(row.fingerprint === null ? {} : { fingerprint: row.fingerprint }),
        ...(row.created_at === null ? {} : { createdAt: row.created_at }),
      }),
    ),
    sequences: {
      InvoiceSchedule: last('InvoiceSchedule'),
      Invoice: last('Invoice'),
      CreditMemo: last('CreditMemo'),
      BillRun: last('BillRun'),
    },
  };
}

/** A bill run's leases in `schema`, read from the table, in the shape of the memory store's `probe.billRunLeases`. */
export async function postgresLeases(
  db: PGlite,
  schema: string,
  billRunNumber: string,
): Promise<BillRunLease[]> {
  const { rows } = await db.query<{
    account_number: string;
    worker: string;
    leased_until: string;
    done: boolean;
  }>(
    `SELECT account_number, worker, ${isoInstant('leased_until')} AS leased_until, done
     FROM "${schema}".bill_run_leases WHERE bill_run_number = $1 ORDER BY account_number`,
    [billRunNumber],
  );
  return rows.map((row) => ({
    billRunNumber,
    accountNumber: row.account_number,
    worker: row.worker,
    leasedUntil: row.leased_until,
    done: row.done,
  }));
}
