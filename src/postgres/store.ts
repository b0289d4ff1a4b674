import { AsyncLocalStorage } from 'node:async_hooks';
import type { Result } from 'neverthrow';
import type { BillRun, BillRunAccount } from '../domain/billing/bill-run';
import type { BillingEvent } from '../domain/billing/events';
import type { Account } from '../domain/contract/account';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import { compareKeys } from '../domain/keys';
import type { Order } from '../domain/order/order';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type {
  BillRunFilter,
  BillRunLease,
  BillRunLeaseRequest,
  CreditMemoPageQuery,
  IdempotencyRecord,
  InvoicePageQuery,
  InvoiceSchedulePageQuery,
  OutboxEntry,
  Repositories,
  SequenceName,
  UnitOfWork,
} from '../ports/index';
import { checkOptionNames, type OptionNamesWording } from '../ports/options';
import {
  type AccountRecord,
  adoptRecord,
  type BillRunAccountRecord,
  type BillRunRecord,
  type CreditMemoRecord,
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  type InvoiceRecord,
  type InvoiceScheduleRecord,
  type OrderRecord,
  type SubscriptionRecord,
  toAccountRecord,
  toBillRunAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../ports/records';
import { createShapes } from '../ports/shapes';
import type { BusinessDate } from '../time/date';
import {
  type PostgresClient,
  type PostgresQueryable,
  type PostgresQueryResult,
  transactionRunner,
} from './client';
import type { PostgresSchemaOptions } from './migrate';
import {
  appliedVersions,
  LATEST_VERSION,
  MIGRATIONS,
  NEXT_RUN_SORT,
  quoteIdentifier,
  schemaName,
} from './schema';
import { table } from './tables';

/**
 * Direct reads of what a {@link PostgresStore} committed, bypassing its repositories (for the contract
 * kit's `probe`, and for tests): each runs one query on the client outside any transaction and returns
 * the stored record as is (the JSON of `toXxxRecord`), or `null`.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresStoreProbe {
  /** The stored account record with this number, or `null`. */
  account(number: string): Promise<AccountRecord | null>;
  /** The stored order record with this number, or `null`. */
  order(number: string): Promise<OrderRecord | null>;
  /** The stored subscription record with this number, or `null`. */
  subscription(number: string): Promise<SubscriptionRecord | null>;
  /** The stored invoice schedule record with this number, or `null`. */
  invoiceSchedule(number: string): Promise<InvoiceScheduleRecord | null>;
  /** The stored invoice record with this number, or `null`. */
  invoice(number: string): Promise<InvoiceRecord | null>;
  /** The stored credit memo record with this number, or `null`. */
  creditMemo(number: string): Promise<CreditMemoRecord | null>;
  /** The stored bill run record with this number, or `null`. */
  billRun(number: string): Promise<BillRunRecord | null>;
  /** The stored part of this account in this bill run, or `null`. */
  billRunAccount(billRunNumber: string, accountNumber: string): Promise<BillRunAccountRecord | null>;
  /** The idempotency record of this key, or `null`. */
  idempotencyKey(key: string): Promise<IdempotencyRecord | null>;
  /** The last number the sequence issued; 0 when it issued none. */
  sequence(name: SequenceName): Promise<number>;
  /**
   * The outbox's events after `position` (default 0: from the first), at most `limit` (default 1,000),
   * in position order. For tests and inspection: a position is drawn at insert, not at commit, so with several
   * writers a transaction that commits late makes an earlier position visible after later ones, and a relay
   * resuming after the last position it read would skip it. A relay marks rows instead (`published_at`,
   * docs/events.md). @since 0.2.0
   */
  outbox(after?: number, limit?: number): Promise<readonly OutboxEntry[]>;
}

/**
 * The PostgreSQL adapter: a {@link UnitOfWork} on the tables of one schema, plus a
 * {@link PostgresStoreProbe} on what it committed.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresStore extends UnitOfWork {
  /** The schema the store reads and writes. */
  readonly schema: string;
  /** Direct reads of the committed rows, bypassing the repositories. */
  readonly probe: PostgresStoreProbe;
}

/**
 * Options of {@link createPostgresStore}.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresStoreOptions extends PostgresSchemaOptions {
  /**
   * On a node-postgres pool, whether the store's statements run as named prepared statements (default
   * `true`): each connection parses a statement once instead of at every call, and PostgreSQL may keep one
   * plan for it (measured with one worker: 6–33 % less server CPU per bill-run item). Each connection then
   * keeps the statements it ran prepared, up to about 120 per schema and at most 512 across the stores
   * sharing the pool (beyond, it runs the others as plain texts). Set `false` behind a pooler that hands a
   * session's statements to other connections (PgBouncer in transaction mode without
   * `max_prepared_statements`), or with a pool that does not take node-postgres' `{ name, text, values }`
   * query configs. PGlite ignores it. Not a boolean: a TypeError.
   * @since 0.2.0
   */
  readonly prepare?: boolean;
}

/** Every option of {@link PostgresStoreOptions} (a `Record` of its keys: one added there must be added here). @internal */
const STORE_OPTIONS: Readonly<Record<keyof PostgresStoreOptions, true>> = { schema: true, prepare: true };

/** The names of {@link PostgresStoreOptions}, which `migrate` takes too. @internal */
export const STORE_OPTION_NAMES: readonly string[] = Object.keys(STORE_OPTIONS);

/** How `createPostgresStore` and `migrate` word a refused option: a misspelt `schema` is another tenant's tables. @internal */
export const SCHEMA_WORDING: OptionNamesWording = {
  example: "{ schema: 'invoice_schedules' }",
  why: "an ignored schema would mean another tenant's tables",
};

/**
 * At most this many named statements per pool connection, across the stores sharing the pool (a schema per
 * tenant): beyond, a connection runs the statements it has not prepared as plain texts, so the server keeps a
 * bounded number of prepared statements per session (a store has up to about 120). @internal
 */
export const PREPARED_PER_CONNECTION = 512;

/**
 * Where a pool connection keeps the names of the statements prepared on it, by any store: a non-enumerable
 * property under a registered symbol, so that the ESM and CJS builds (a host may load both) count one
 * connection's statements together instead of each up to the limit.
 */
const PREPARED_NAMES = Symbol.for('invoice-schedules.preparedStatementNames');

/** The names of a connection that does not keep the property (frozen, say): this build's own count. */
const preparedOn = new WeakMap<object, Set<string>>();

function preparedNames(connection: object): Set<string> {
  const own = preparedOn.get(connection);
  if (own !== undefined) return own;
  try {
    const kept = (connection as { readonly [PREPARED_NAMES]?: unknown })[PREPARED_NAMES];
    if (kept instanceof Set) return kept as Set<string>;
    if (kept === undefined) {
      const names = new Set<string>();
      // Not writable nor configurable: another copy finds it and never replaces it.
      Object.defineProperty(connection, PREPARED_NAMES, { value: names });
      // Kept only if it reads back (a Proxy may say it defined the property and not keep it).
      if ((connection as { readonly [PREPARED_NAMES]?: unknown })[PREPARED_NAMES] === names) return names;
    }
  } catch {
    // A connection that refuses the property (frozen, or a Proxy that throws): counted below.
  }
  const names = new Set<string>();
  preparedOn.set(connection, names);
  return names;
}

/**
 * Whether `connection` runs the statement `name` as a named one: it has prepared it already, or has room for
 * it (then it counts as prepared from now on). @internal
 */
export function takesName(connection: object, name: string, limit = PREPARED_PER_CONNECTION): boolean {
  const names = preparedNames(connection);
  if (names.has(name)) return true;
  if (names.size >= limit) return false;
  names.add(name);
  return true;
}

/**
 * What a statement of the store threw, with a hint when it is a missing table of the store's own schema (SQLSTATE
 * 42P01, undefined_table: `relation "billing.sequences" does not exist`): the schema was never migrated, or is
 * at an older version than this library's. Then an Error saying to run `migrate` first, the driver's error as
 * its `cause` and its `code` kept; anything else as it was. Only on a failure: no query is added. @internal
 */
export function withMigrationHint(thrown: unknown, schema: string): unknown {
  if (typeof thrown !== 'object' || thrown === null || (thrown as { code?: unknown }).code !== '42P01')
    return thrown;
  const reason = thrown instanceof Error ? thrown.message : String((thrown as { message?: unknown }).message);
  // The server names the relation as the statement wrote it, `<schema>.<table>`, in any message language (a
  // checked schema name is a plain identifier, safe in a pattern).
  const named = new RegExp(`(?:^|[^\\w.])${schema}\\.(\\w+)(?![\\w.])`).exec(reason)?.[1];
  if (named === undefined || !adapterTables().includes(named)) return thrown;
  return Object.assign(
    new Error(
      `postgres store: the schema "${schema}" is not migrated, or is at an older version than this library's (${reason}): run \`await migrate(client, { schema: '${schema}' })\` from invoice-schedules/postgres first, once per deploy or at start.`,
      { cause: thrown },
    ),
    { code: '42P01' },
  );
}

/**
 * Checks, on a store's first transaction, that `migrate` applied every migration this library has to the store's
 * schema: else an Error naming the versions missing and saying to run `migrate` (a schema never migrated, without
 * `schema_migrations`, answers the missing table's hint). A schema migrated further, by a newer release, is
 * accepted. @internal
 */
export async function checkMigrated(connection: PostgresQueryable, schema: string): Promise<void> {
  let applied: Set<number>;
  try {
    applied = await appliedVersions(connection, quoteIdentifier(schema));
  } catch (caught) {
    throw withMigrationHint(caught, schema);
  }
  const missing = MIGRATIONS.filter((m) => !applied.has(m.version)).map((m) => m.version);
  if (missing.length === 0) return;
  const at = Math.max(0, ...applied);
  throw new Error(
    `postgres store: the schema "${schema}" is at version ${at}, older than this library's (${LATEST_VERSION}; ${missing.length === 1 ? 'migration' : 'migrations'} ${missing.join(', ')} not applied): run \`await migrate(client, { schema: '${schema}' })\` from invoice-schedules/postgres first, once per deploy or at start.`,
  );
}

/** The schemas of each client found migrated to this library's version (see `checkMigrated`). */
const migratedSchemas = new WeakMap<object, Set<string>>();

/** The tables the migrations create (`schema_migrations` is `migrate`'s own), read from their statements. */
function adapterTables(): readonly string[] {
  const quoted = quoteIdentifier('s');
  const created = MIGRATIONS.flatMap((m) => m.statements(quoted)).flatMap((statement) =>
    [...statement.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"s"\.(\w+)/g)].map((m) => m[1] as string),
  );
  return ['schema_migrations', ...created];
}

/** A pool connection that runs node-postgres' named statements (`{ name, text, values }`). */
interface PreparingQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<PostgresQueryResult>;
}

/**
 * The name of `text` as a prepared statement: `is_`, a 64-bit hash of the text in hexadecimal (two 32-bit
 * multiply-xor lanes, cheap enough to name a statement at its first use), then the text's length. The
 * schema is in the text, so stores of two schemas sharing a pool never share a name. @internal
 */
export function statementName(text: string): string {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `is_${hex(b)}${hex(a)}_${text.length}`;
}

/**
 * Whether a statement is planned at each call instead of being named: one that takes a set of keys
 * (`= ANY($n)`). A named statement keeps the generic plan made at its sixth call until the table is analyzed
 * again, and one made on small tables read the set's keys as a filter over a whole run's rows; planned with
 * the set in hand, the keys go into the index's condition once the table is large (docs/performance-history.md, "A
 * batch's lookups read the whole run"). The batch lookups that can be written one key at a time (`keySet`)
 * are, and stay named, but for `dueByBoth`, whose second set is a filter. @internal
 */
export function plannedPerCall(text: string): boolean {
  return /=\s*ANY\s*\(/i.test(text);
}

/**
 * Whether node-postgres turns every one of `params` into a parameter without calling code of the value's
 * own (`toPostgres`, `toJSON`): strings, numbers, booleans, `null` and arrays of them. Only such calls are
 * named: when a value fails to convert, node-postgres has the server drop the statement it just parsed but
 * still counts it as prepared, and every later call of the name on that connection would fail. @internal
 */
export function plainParams(params: readonly unknown[]): boolean {
  const plain = (v: unknown) =>
    v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  for (const p of params) {
    if (plain(p)) continue;
    if (!Array.isArray(p)) return false;
    for (const e of p) if (!plain(e)) return false;
  }
  return true;
}

const SEQUENCE_NAMES: readonly SequenceName[] = Object.freeze([
  'InvoiceSchedule',
  'Invoice',
  'CreditMemo',
  'BillRun',
]);

/**
 * The transactions the calling code runs inside, each with the store it belongs to: a store refuses a
 * nested transaction of its own (on PGlite it would wait for itself forever). One for the module, as
 * in the memory store: every store keeps its own identity in it.
 */
const openTransactions = new AsyncLocalStorage<readonly { readonly store: object; active: boolean }[]>();

/** The earliest date a schedule is due on: its nextRunDate, or an unprocessed item's run date if earlier. */
function nextDueDate(record: InvoiceScheduleRecord): string | null {
  // A deleted schedule is never due: the bill runs' index leaves it out.
  if (record.deleted === true) return null;
  let earliest = record.nextRunDate;
  for (const item of record.items) {
    if (item.status === 'Processed' || item.runDate === null) continue;
    if (earliest === null || item.runDate < earliest) earliest = item.runDate;
  }
  return earliest;
}

/** The tables of one schema (`s`, quoted). */
function createTables(s: string) {
  // The memory store's cheap checks of a saved value (a shape, else the codec's `adopt`): a save they vouch
  // for is not decoded.
  const shapes = createShapes();
  const schedulesOfLines = (r: {
    readonly lines: readonly { readonly invoiceScheduleNumber: string | null }[];
  }) => r.lines.flatMap((l) => (l.invoiceScheduleNumber === null ? [] : [[l.invoiceScheduleNumber]]));
  const byNumber = <R extends { readonly number: string }>(r: R) => [r.number];
  return {
    accounts: table<Account, AccountRecord>(
      {
        entity: 'Account',
        vouches: (value) => adoptRecord.account(value) !== undefined,
        table: 'accounts',
        encode: toAccountRecord,
        decode: fromAccountRecord,
        key: ['number'],
        keyOf: byNumber,
        versioned: false,
        columns: [
          { name: 'id', type: 'text', value: (r) => r.id },
          { name: 'currency', type: 'text', value: (r) => r.currency },
        ],
        sides: [],
      },
      s,
    ),
    orders: table<Order, OrderRecord>(
      {
        entity: 'Order',
        vouches: (value) => adoptRecord.order(value) !== undefined,
        table: 'orders',
        encode: toOrderRecord,
        decode: fromOrderRecord,
        key: ['number'],
        keyOf: byNumber,
        versioned: false,
        columns: [
          { name: 'account_number', type: 'text', value: (r) => r.accountNumber },
          { name: 'status', type: 'text', value: (r) => r.status },
          { name: 'order_date', type: 'date', value: (r) => r.orderDate },
        ],
        sides: [],
      },
      s,
    ),
    subscriptions: table<Subscription, SubscriptionRecord>(
      {
        entity: 'Subscription',
        vouches: (value) => adoptRecord.subscription(value) !== undefined,
        table: 'subscriptions',
        encode: toSubscriptionRecord,
        decode: fromSubscriptionRecord,
        key: ['number'],
        keyOf: byNumber,
        versioned: true,
        columns: [
          { name: 'account_number', type: 'text', value: (r) => r.accountNumber },
          { name: 'status', type: 'text', value: (r) => r.status },
        ],
        sides: [],
      },
      s,
    ),
    invoiceSchedules: table<InvoiceSchedule, InvoiceScheduleRecord>(
      {
        entity: 'InvoiceSchedule',
        table: 'invoice_schedules',
        encode: toInvoiceScheduleRecord,
        decode: fromInvoiceScheduleRecord,
        vouches: (value) =>
          shapes.invoiceSchedule(value, undefined) !== undefined ||
          adoptRecord.invoiceSchedule(value) !== undefined,
        key: ['number'],
        keyOf: byNumber,
        versioned: true,
        columns: [
          { name: 'id', type: 'text', value: (r) => r.id },
          { name: 'account_number', type: 'text', value: (r) => r.accountNumber },
          { name: 'currency', type: 'text', value: (r) => r.currency },
          { name: 'status', type: 'text', value: (r) => r.status },
          { name: 'total_amount', type: 'numeric', value: (r) => r.totalAmount },
          { name: 'next_run_date', type: 'date', value: (r) => r.nextRunDate },
          { name: 'next_due_date', type: 'date', value: nextDueDate },
        ],
        sides: [
          {
            table: 'invoice_schedule_charges',
            owner: 'invoice_schedule_number',
            keys: ['subscription_number', 'charge_number'],
            // A deleted schedule released its charges: `listByCharge` no longer finds it.
            rows: (r) =>
              r.deleted === true ? [] : r.charges.map((c) => [c.subscriptionNumber, c.chargeNumber]),
          },
        ],
      },
      s,
    ),
    invoices: table<Invoice, InvoiceRecord>(
      {
        entity: 'Invoice',
        table: 'invoices',
        encode: toInvoiceRecord,
        decode: fromInvoiceRecord,
        vouches: (value) =>
          shapes.invoice(value, undefined) !== undefined || adoptRecord.invoice(value) !== undefined,
        key: ['number'],
        keyOf: byNumber,
        versioned: true,
        columns: [
          { name: 'id', type: 'text', value: (r) => r.id },
          { name: 'account_number', type: 'text', value: (r) => r.accountNumber },
          { name: 'currency', type: 'text', value: (r) => r.currency },
          { name: 'status', type: 'text', value: (r) => r.status },
          { name: 'invoice_date', type: 'date', value: (r) => r.invoiceDate },
          { name: 'amount', type: 'numeric', value: (r) => r.amount },
          { name: 'bill_run_number', type: 'text', value: (r) => r.billRunNumber },
        ],
        sides: [
          {
            table: 'invoice_schedule_invoices',
            owner: 'invoice_number',
            keys: ['invoice_schedule_number'],
            rows: schedulesOfLines,
          },
          {
            table: 'invoice_charges',
            owner: 'invoice_number',
            keys: ['subscription_number', 'charge_number'],
            // An additional line (a hook's tax or fee) is no charge's line: no row.
            rows: (r) =>
              r.lines.flatMap((l) =>
                l.subscriptionNumber === '' ? [] : [[l.subscriptionNumber, l.chargeNumber]],
              ),
          },
        ],
      },
      s,
    ),
    creditMemos: table<CreditMemo, CreditMemoRecord>(
      {
        entity: 'CreditMemo',
        vouches: (value) => adoptRecord.creditMemo(value) !== undefined,
        table: 'credit_memos',
        encode: toCreditMemoRecord,
        decode: fromCreditMemoRecord,
        key: ['number'],
        keyOf: byNumber,
        versioned: true,
        columns: [
          { name: 'id', type: 'text', value: (r) => r.id },
          { name: 'account_number', type: 'text', value: (r) => r.accountNumber },
          { name: 'currency', type: 'text', value: (r) => r.currency },
          { name: 'status', type: 'text', value: (r) => r.status },
          { name: 'memo_date', type: 'date', value: (r) => r.memoDate },
          { name: 'amount', type: 'numeric', value: (r) => r.amount },
          { name: 'bill_run_number', type: 'text', value: (r) => r.billRunNumber },
        ],
        sides: [
          {
            table: 'invoice_schedule_credit_memos',
            owner: 'credit_memo_number',
            keys: ['invoice_schedule_number'],
            rows: schedulesOfLines,
          },
        ],
      },
      s,
    ),
    billRuns: table<BillRun, BillRunRecord>(
      {
        entity: 'BillRun',
        vouches: (value) => adoptRecord.billRun(value) !== undefined,
        table: 'bill_runs',
        encode: toBillRunRecord,
        decode: fromBillRunRecord,
        key: ['number'],
        keyOf: byNumber,
        versioned: true,
        columns: [
          { name: 'id', type: 'text', value: (r) => r.id },
          { name: 'kind', type: 'text', value: (r) => r.kind },
          { name: 'status', type: 'text', value: (r) => r.status },
          { name: 'target_date', type: 'date', value: (r) => r.targetDate },
        ],
        sides: [],
      },
      s,
    ),
    billRunAccounts: table<BillRunAccount, BillRunAccountRecord>(
      {
        entity: 'BillRunAccount',
        table: 'bill_run_accounts',
        encode: toBillRunAccountRecord,
        decode: fromBillRunAccountRecord,
        vouches: (value) =>
          shapes.billRunAccount(value, undefined) !== undefined ||
          adoptRecord.billRunAccount(value) !== undefined,
        key: ['bill_run_number', 'account_number'],
        keyOf: (r) => [r.billRunNumber, r.accountNumber],
        versioned: true,
        columns: [{ name: 'status', type: 'text', value: (r) => r.status }],
        sides: [],
      },
      s,
    ),
  };
}

/**
 * The distinct keys of the text array `param`, in code-point order, numbered from 1 (`AS k(key, i)`): the
 * outer side of a lookup one key at a time.
 */
function keySet(param: string): string {
  return `unnest(ARRAY(SELECT DISTINCT u.k COLLATE "C" FROM unnest(${param}::text[]) AS u(k) ORDER BY 1)) WITH ORDINALITY`;
}

/**
 * The distinct numbers in `column` of the side table `side` (keyed by schedule first) of the schedules in the
 * text array `$1`, each schedule looked up one at a time: the documents with a line of one of them.
 */
function documentsOf(s: string, side: string, column: string): string {
  return `(SELECT DISTINCT c.${column} FROM ${keySet('$1')} AS k(key, i)
      CROSS JOIN LATERAL (SELECT ${column} FROM ${s}.${side} WHERE invoice_schedule_number = k.key OFFSET 0) c)`;
}

/**
 * A statement that leases the accounts `fresh` selects (as `account`, in the order `order`) to the worker of
 * parameter `worker` until the instant of parameter `worker + 1`, and moves the run's cursor (parameter 1) to
 * the last of them. Its CTE is referenced four times and evaluated once.
 */
function leaseFresh(s: string, fresh: string, worker: number, order: string): string {
  return `WITH fresh AS (${fresh}),
      leased AS (INSERT INTO ${s}.bill_run_leases (bill_run_number, account_number, worker, leased_until)
        SELECT $1::text, account, $${worker}::text, $${worker + 1}::timestamptz FROM fresh
        ON CONFLICT (bill_run_number, account_number) DO NOTHING),
      moved AS (UPDATE ${s}.bill_run_cursors SET after_account = (SELECT account FROM fresh ORDER BY ${order} DESC LIMIT 1)
        WHERE bill_run_number = $1::text AND EXISTS (SELECT 1 FROM fresh))
      SELECT account FROM fresh ORDER BY ${order}`;
}

/** The statements of the queries that are not a table's own get or save. */
function createQueries(s: string) {
  const record = (alias: string) => `${alias}.record::text AS record`;
  const due = `SELECT record::text AS record FROM ${s}.invoice_schedules WHERE next_due_date <= $1::date`;
  // The schedules due by $1 among those whose `column` is the key `k.key`, one key at a time.
  const dueOf = (column: string) =>
    `CROSS JOIN LATERAL (SELECT record, number, account_number FROM ${s}.invoice_schedules WHERE ${column} = k.key AND next_due_date <= $1::date OFFSET 0) t`;
  // The rows of `table` whose `column` is one of the keys of $1, one key at a time, in number order.
  const byKeys = (table: string, column: string) =>
    `SELECT t.record::text AS record FROM ${keySet('$1')} AS k(key, i)
      CROSS JOIN LATERAL (SELECT record, number FROM ${s}.${table} WHERE ${column} = k.key OFFSET 0) t ORDER BY t.number`;
  return {
    accountsFirst: `SELECT record::text AS record FROM ${s}.accounts ORDER BY number LIMIT $1::bigint`,
    accountsAfter: `SELECT record::text AS record FROM ${s}.accounts WHERE number > $1::text ORDER BY number LIMIT $2::bigint`,
    // The claim reads the row it locks: accounts never change once inserted, so the transaction's later
    // `accounts.get` of the claimed account is answered from it (one statement fewer per account billed).
    claim: `SELECT record::text AS record FROM ${s}.accounts WHERE number = $1::text FOR UPDATE`,
    // The keys looked up one at a time, in number order (the order the locks are taken in, as `ORDER BY
    // number FOR UPDATE` did): a nested loop over the distinct keys, each a lookup of the primary key, so the
    // plan does not read the table as it grows (see `plannedPerCall`). A table analyzed while it held a page
    // or so may still get a scan per key until it is analyzed again, as any lookup by key may.
    claimMany: `SELECT a.record::text AS record FROM ${keySet('$1')} AS k(key, i)
      CROSS JOIN LATERAL (SELECT record FROM ${s}.accounts WHERE number = k.key FOR UPDATE) a ORDER BY k.i`,
    subscriptionsByAccounts: byKeys('subscriptions', 'account_number'),
    schedulesByAccounts: byKeys('invoice_schedules', 'account_number'),
    invoicesBySchedules: `SELECT t.record::text AS record FROM ${documentsOf(s, 'invoice_schedule_invoices', 'invoice_number')} AS d(key)
      CROSS JOIN LATERAL (SELECT record, number FROM ${s}.invoices WHERE number = d.key OFFSET 0) t ORDER BY t.number`,
    creditMemosBySchedules: `SELECT t.record::text AS record FROM ${documentsOf(s, 'invoice_schedule_credit_memos', 'credit_memo_number')} AS d(key)
      CROSS JOIN LATERAL (SELECT record, number FROM ${s}.credit_memos WHERE number = d.key OFFSET 0) t ORDER BY t.number`,
    billRunAccountsOf: `SELECT b.record::text AS record FROM ${keySet('$2')} AS k(key, i)
      CROSS JOIN LATERAL (SELECT record FROM ${s}.bill_run_accounts WHERE bill_run_number = $1::text AND account_number = k.key OFFSET 0) b
      ORDER BY k.i`,
    sequenceBlock: `INSERT INTO ${s}.sequences AS q (name, value) VALUES ($1::text, $2::bigint) ON CONFLICT (name) DO UPDATE SET value = q.value + $2::bigint RETURNING value::text AS value`,
    subscriptionsByAccount: `SELECT record::text AS record FROM ${s}.subscriptions WHERE account_number = $1::text ORDER BY number`,
    scheduleById: `SELECT record::text AS record FROM ${s}.invoice_schedules WHERE id = $1::text ORDER BY number LIMIT 1`,
    schedulesByAccount: `SELECT record::text AS record FROM ${s}.invoice_schedules WHERE account_number = $1::text ORDER BY number`,
    dueAll: `${due} ORDER BY number`,
    dueByAccounts: `SELECT t.record::text AS record FROM ${keySet('$2')} AS k(key, i)
      ${dueOf('account_number')} ORDER BY t.number`,
    dueBySchedules: `SELECT t.record::text AS record FROM ${keySet('$2')} AS k(key, i)
      ${dueOf('number')} ORDER BY t.number`,
    dueByBoth: `SELECT t.record::text AS record FROM ${keySet('$3')} AS k(key, i)
      ${dueOf('number')} WHERE t.account_number = ANY($2::text[]) ORDER BY t.number`,
    schedulesByCharge: `SELECT ${record('t')} FROM ${s}.invoice_schedule_charges c JOIN ${s}.invoice_schedules t ON t.number = c.invoice_schedule_number WHERE c.subscription_number = $1::text AND c.charge_number = $2::text ORDER BY t.number`,
    invoiceById: `SELECT record::text AS record FROM ${s}.invoices WHERE id = $1::text ORDER BY number LIMIT 1`,
    invoicesByAccount: `SELECT record::text AS record FROM ${s}.invoices WHERE account_number = $1::text ORDER BY number`,
    invoicesBySchedule: `SELECT ${record('t')} FROM ${s}.invoice_schedule_invoices c JOIN ${s}.invoices t ON t.number = c.invoice_number WHERE c.invoice_schedule_number = $1::text ORDER BY t.number`,
    invoicesByCharge: `SELECT ${record('t')} FROM ${s}.invoice_charges c JOIN ${s}.invoices t ON t.number = c.invoice_number WHERE c.subscription_number = $1::text AND c.charge_number = $2::text ORDER BY t.number`,
    creditMemoById: `SELECT record::text AS record FROM ${s}.credit_memos WHERE id = $1::text ORDER BY number LIMIT 1`,
    creditMemosByAccount: `SELECT record::text AS record FROM ${s}.credit_memos WHERE account_number = $1::text ORDER BY number`,
    creditMemosBySchedule: `SELECT ${record('t')} FROM ${s}.invoice_schedule_credit_memos c JOIN ${s}.credit_memos t ON t.number = c.credit_memo_number WHERE c.invoice_schedule_number = $1::text ORDER BY t.number`,
    billRunById: `SELECT record::text AS record FROM ${s}.bill_runs WHERE id = $1::text ORDER BY number LIMIT 1`,
    billRunAccounts: `SELECT record::text AS record FROM ${s}.bill_run_accounts WHERE bill_run_number = $1::text ORDER BY account_number`,
    // created_at back as toISOString writes it (the record's createdAt); null when written without one.
    idempotencyGet: `SELECT key, operation, result, fingerprint,
        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
      FROM ${s}.idempotency_keys WHERE key = $1::text`,
    // created_at always given (null when the record has none), so the column's default is for older writers.
    idempotencyInsert: `INSERT INTO ${s}.idempotency_keys (key, operation, result, fingerprint, created_at) VALUES ($1::text, $2::text, $3::text, $4::text, $5::timestamptz) ON CONFLICT (key) DO NOTHING RETURNING key`,
    idempotencyInsertMany: `INSERT INTO ${s}.idempotency_keys (key, operation, result, fingerprint, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) ON CONFLICT (key) DO NOTHING RETURNING key`,
    // The oldest rows first, by migration 8's index, ties by key (as the memory store; review 216: they came in
    // the table's order, so a limited prune left other keys than the memory store), locked and deleted in one
    // statement; SKIP LOCKED: two pruners delete different rows instead of one waiting for the other. A null
    // created_at is never before.
    // The keys as an array (= ANY (ARRAY(…))), not `IN (SELECT …)`, for which the planner may choose a join with
    // a scan of the whole table: an array is looked up by the primary key.
    // The count comes back as a row: the client interface has no row count (PGlite names it otherwise).
    idempotencyDeleteBefore: `WITH gone AS (
        DELETE FROM ${s}.idempotency_keys WHERE key = ANY (ARRAY(
          SELECT key FROM ${s}.idempotency_keys WHERE created_at < $1::timestamptz
          ORDER BY created_at, key LIMIT $2::bigint FOR UPDATE SKIP LOCKED))
        RETURNING 1)
      SELECT count(*)::integer AS deleted FROM gone`,
    sequenceNext: `INSERT INTO ${s}.sequences AS q (name, value) VALUES ($1::text, 1) ON CONFLICT (name) DO UPDATE SET value = q.value + 1 RETURNING value::text AS value`,
    sequenceLast: `SELECT value::text AS value FROM ${s}.sequences WHERE name = $1::text`,
    // One statement per transaction: the events as a JSON array, in order; an id stored already is skipped.
    outboxAppend: `INSERT INTO ${s}.outbox (id, type, occurred_at, event)
      SELECT e->>'id', e->>'type', (e->>'occurredAt')::timestamptz, e
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n
      ON CONFLICT (id) DO NOTHING`,
    outboxAfter: `SELECT position::text AS position, event::text AS event FROM ${s}.outbox WHERE position > $1::bigint ORDER BY outbox.position LIMIT $2::bigint`,
    // Leases: expired ones first, those that ended first, taken with SKIP LOCKED so two workers never take
    // (or wait for) the same. In the order of the index of migration 6, which reads only leases whose end
    // has passed (by account, each call read every lease the run had taken so far).
    leaseExpired: `UPDATE ${s}.bill_run_leases l SET worker = $2::text, leased_until = $3::timestamptz
      FROM (SELECT account_number FROM ${s}.bill_run_leases
            WHERE bill_run_number = $1::text AND NOT done AND leased_until <= $4::timestamptz
            ORDER BY leased_until, account_number LIMIT $5::bigint FOR UPDATE SKIP LOCKED) e
      WHERE l.bill_run_number = $1::text AND l.account_number = e.account_number
      RETURNING l.account_number AS account`,
    // The run's cursor, created at '' and locked (ON CONFLICT DO UPDATE takes the row lock and returns
    // the committed value): leasers of one run take new accounts in turn.
    leaseCursor: `INSERT INTO ${s}.bill_run_cursors AS c (bill_run_number, after_account) VALUES ($1::text, '')
      ON CONFLICT (bill_run_number) DO UPDATE SET after_account = c.after_account RETURNING c.after_account AS after`,
    // The next accounts after the cursor (locked by leaseCursor earlier in the transaction), leased, and the
    // cursor moved past them: one statement each.
    leaseFreshAll: leaseFresh(
      s,
      `SELECT number AS account FROM ${s}.accounts WHERE number > $2::text ORDER BY number LIMIT $3::bigint`,
      4,
      'account',
    ),
    leaseFreshAmong: leaseFresh(
      s,
      `SELECT a AS account, i FROM unnest($2::text[]) WITH ORDINALITY AS t(a, i)
        WHERE a COLLATE "C" > $3::text ORDER BY i LIMIT $4::bigint`,
      5,
      'i',
    ),
    // A lease done is deleted, not kept marked `done`: no port reads it again (`listOpenLeases` lists the open
    // ones, and a run's cursor never hands its account out again), so the table holds the leases still open
    // instead of one row per account per run. Rows an earlier version marked done stay until deleted (the
    // statement in docs/guides/postgres.md "Many workers").
    // By the primary key, the accounts as its first column (version 7), planned per call: the statement
    // names no `done`, so the planner cannot use migration 6's partial index, whose accounts come third (a
    // scan of it read every entry of the run's leases: 62 ms per call at 20,000 accounts). The PGlite test of
    // the plan (test/contract/postgres-adapter.test.ts) checks it.
    leaseFinish: `DELETE FROM ${s}.bill_run_leases
      WHERE bill_run_number = $1::text AND account_number = ANY($2::text[])`,
    leasesOpen: `SELECT bill_run_number, account_number, worker,
        to_char(leased_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS leased_until
      FROM ${s}.bill_run_leases WHERE bill_run_number = $1::text AND NOT done ORDER BY account_number`,
  };
}

/** A lease row back as the port's value. */
function leaseOf(row: unknown): BillRunLease {
  const r = row as Record<string, unknown>;
  return Object.freeze({
    billRunNumber: String(r.bill_run_number),
    accountNumber: String(r.account_number),
    worker: String(r.worker),
    leasedUntil: String(r.leased_until),
    done: false,
  });
}

/**
 * An idempotency row as the adapter stores it, back as the port's record (no `fingerprint`, no `createdAt`
 * when null).
 */
function idempotencyRecord(row: unknown): IdempotencyRecord {
  const { key, operation, result, fingerprint, created_at } = row as Record<string, unknown>;
  return Object.freeze({
    key: String(key),
    operation: String(operation),
    result: String(result),
    ...(fingerprint === null || fingerprint === undefined ? {} : { fingerprint: String(fingerprint) }),
    ...(created_at === null || created_at === undefined ? {} : { createdAt: String(created_at) }),
  });
}

/** A sequence value as a safe integer (bigint columns come back as text, `value::text`). */
function sequenceValue(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`postgres store: sequence ${name} is at ${String(value)}, past the safe integers`);
  return n;
}

/** A statement and its parameters. */
interface Statement {
  readonly text: string;
  readonly params: unknown[];
}

/** A page's limit, checked: a whole number ≥ 1 (anything else is a programmer error in the caller). */
function checkLimit(label: string, limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)
    throw new TypeError(`postgres store: ${label} limit must be a whole number ≥ 1, got ${String(limit)}`);
  return limit;
}

/** Collects a statement's parameters: `add(value, cast)` gives the placeholder (`$3::date`). */
function parameters() {
  const params: unknown[] = [];
  return {
    params,
    add(value: unknown, cast: 'text' | 'date' | 'bigint' | 'timestamptz'): string {
      params.push(value);
      return `$${params.length}::${cast}`;
    },
  };
}

/**
 * The statement of `invoiceSchedules.page`: a keyset page, one WHERE clause per filter given, so each
 * combination is planned on its own and answered by an index of version 1 or 3 — `(number)`,
 * `(account_number, number)`, `(status, number)`, and the same with the next run date (nulls last) before
 * the number for the order `nextRunDate`.
 */
function schedulePageStatement(s: string, query: InvoiceSchedulePageQuery): Statement {
  const limit = checkLimit('invoiceSchedules.page', query.limit);
  const { params, add } = parameters();
  const where: string[] = [];
  if (query.accountNumber !== undefined) where.push(`account_number = ${add(query.accountNumber, 'text')}`);
  if (query.status !== undefined) where.push(`status = ${add(query.status, 'text')}`);
  // On the sort expression, so the next-run-date indexes bound the range; `infinity` is a schedule without one.
  if (query.nextRunDateFrom !== undefined) {
    where.push(`${NEXT_RUN_SORT} >= ${add(query.nextRunDateFrom, 'date')}`);
    if (query.nextRunDateTo === undefined) where.push(`${NEXT_RUN_SORT} < 'infinity'::date`);
  }
  if (query.nextRunDateTo !== undefined)
    where.push(`${NEXT_RUN_SORT} <= ${add(query.nextRunDateTo, 'date')}`);
  if (query.dueOn !== undefined) where.push(`next_due_date <= ${add(query.dueOn, 'date')}`);
  // Filters on the rows the order's index reads (the audit fields and the deletion live in the record).
  if (query.includeDeleted !== true) where.push(`record->'deleted' IS NULL`);
  if (query.updatedSince !== undefined) {
    where.push(`(record->>'updatedAt')::timestamptz >= ${add(query.updatedSince, 'timestamptz')}`);
  }
  let order: string;
  if (query.order === 'number') {
    order = 'number';
    if (query.after !== null) where.push(`number > ${add(query.after.number, 'text')}`);
  } else if (query.order === 'nextRunDate') {
    order = `${NEXT_RUN_SORT}, number`;
    if (query.after !== null) {
      const date = add(query.after.nextRunDate, 'date');
      where.push(
        `(${NEXT_RUN_SORT}, number) > (COALESCE(${date}, 'infinity'::date), ${add(query.after.number, 'text')})`,
      );
    }
  } else {
    throw new TypeError(
      `postgres store: invoiceSchedules.page order must be 'number' or 'nextRunDate', got ${JSON.stringify(query.order)}`,
    );
  }
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    text: `SELECT record::text AS record FROM ${s}.invoice_schedules${filter} ORDER BY ${order} LIMIT ${add(limit, 'bigint')}`,
    params,
  };
}

/** The tables of a document kind, for {@link documentPageStatement}. */
interface DocumentTables {
  readonly label: string;
  readonly table: string;
  /** The by-schedule rows and their column naming the document. */
  readonly bySchedule: string;
  readonly owner: string;
}

/**
 * The statement of `invoices.page` / `creditMemos.page`, ordered by number: through the by-schedule rows
 * (primary key `(invoice_schedule_number, <document>_number)`) when a schedule is named, else through
 * `(account_number, number)` when an account is, else the primary key; the other filters on the rows read.
 */
function documentPageStatement(
  s: string,
  tables: DocumentTables,
  query: InvoicePageQuery | CreditMemoPageQuery,
): Statement {
  const limit = checkLimit(tables.label, query.limit);
  const { params, add } = parameters();
  const where: string[] = [];
  let from = `${s}.${tables.table} t`;
  let number = 't.number';
  if (query.invoiceScheduleNumber !== undefined) {
    from = `${s}.${tables.bySchedule} c JOIN ${s}.${tables.table} t ON t.number = c.${tables.owner}`;
    number = `c.${tables.owner}`;
    where.push(`c.invoice_schedule_number = ${add(query.invoiceScheduleNumber, 'text')}`);
  }
  if (query.accountNumber !== undefined) where.push(`t.account_number = ${add(query.accountNumber, 'text')}`);
  if (query.status !== undefined) where.push(`t.status = ${add(query.status, 'text')}`);
  if (query.after !== null) where.push(`${number} > ${add(query.after, 'text')}`);
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    text: `SELECT t.record::text AS record FROM ${from}${filter} ORDER BY ${number} LIMIT ${add(limit, 'bigint')}`,
    params,
  };
}

const INVOICE_TABLES: DocumentTables = {
  label: 'invoices.page',
  table: 'invoices',
  bySchedule: 'invoice_schedule_invoices',
  owner: 'invoice_number',
};

const CREDIT_MEMO_TABLES: DocumentTables = {
  label: 'creditMemos.page',
  table: 'credit_memos',
  bySchedule: 'invoice_schedule_credit_memos',
  owner: 'credit_memo_number',
};

/** Distinct values of a filter list, or `null` for an absent or empty one ("all"). */
function filterList(values: readonly string[] | undefined): string[] | null {
  return values === undefined || values.length === 0 ? null : [...new Set(values)];
}

/**
 * Creates the PostgreSQL adapter of the repository ports on a node-postgres `Pool` or a PGlite
 * instance, in the tables `migrate` created in `options.schema` (default `invoice_schedules`).
 * It passes the contract kit of `invoice-schedules/testing`.
 *
 * - **Transactions.** Each `transaction(work)` runs on one connection of its own (PGlite: its single
 *   connection, one transaction at a time) between `BEGIN ISOLATION LEVEL READ COMMITTED` and `COMMIT`
 *   when `work` resolves to an `Ok`; an `Err` rolls back and is returned, a throw rolls back and is
 *   rethrown. Nesting is refused: `transaction` called inside a transaction's `work` rejects with an
 *   Error (pass the repositories down instead). Repositories refuse to be used after their transaction
 *   ended.
 * - **Errors of the database are thrown as the driver threw them**, `code` included, so operations run
 *   a transaction again on a deadlock (40P01) or serialization failure (40001). Work that catches such an
 *   error and returns an `Ok` gets it rethrown instead of a commit (the server had aborted the
 *   transaction).
 * - **Compare-and-set saves** are `UPDATE … WHERE number = $1 AND version = $2`; inserts are
 *   `INSERT … ON CONFLICT DO NOTHING`; nothing returned means a `VersionConflict` naming the version read
 *   back. Concurrent writers of a row wait for each other, as PostgreSQL does.
 * - **`accounts.claim`** is `SELECT … FOR UPDATE` on the account row; **sequences** are a row per name,
 *   incremented in the transaction (gapless: a rollback gives the number back).
 * - Values are stored as their records (`toXxxRecord`) in a `json` column and read back through the
 *   codecs: a row they reject throws an Error whose `cause` is the `InvalidRecord`. Saving a value
 *   the codecs reject throws a TypeError.
 * - Ids are not checked for uniqueness (the host's `IdGenerator` keeps them unique): of several records
 *   with one id, `getById` returns the one with the lowest number, as the memory store does.
 *
 * Creating a store does no I/O: run `migrate` first. The store's first transaction reads the versions `migrate`
 * recorded (one statement, once per client and schema: another store on them reads it no more) and throws an Error naming the migrations missing when the schema is at
 * an older version than this library's; a missing table of the store's (a schema never migrated) makes the
 * statement that reads it throw an Error saying the schema is not migrated, with `code` 42P01 and the driver's
 * error as its `cause`. Throws a TypeError for a client that is neither a pool nor
 * PGlite, options naming anything but `schema` and `prepare` (a misspelt `schema` would otherwise mean the
 * default schema), a bad schema name, or a `prepare` that is not a boolean.
 *
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
 * const db = new PGlite();
 * await migrate(db);
 * const store = createPostgresStore(db); // the `store` of a BillingContext
 * ```
 * @category PostgreSQL
 * @since 0.2.0
 */
export function createPostgresStore(
  client: PostgresClient,
  options: PostgresStoreOptions = {},
): PostgresStore {
  const runner = transactionRunner(client, 'createPostgresStore');
  checkOptionNames(options, STORE_OPTION_NAMES, 'createPostgresStore', SCHEMA_WORDING);
  const schema = schemaName(options.schema, 'createPostgresStore');
  if (options.prepare !== undefined && typeof options.prepare !== 'boolean') {
    throw new TypeError(
      `createPostgresStore: prepare must be true or false (or left out: true), got ${options.prepare === null ? 'null' : typeof options.prepare}.`,
    );
  }
  const s = quoteIdentifier(schema);
  const tables = createTables(s);
  const sql = createQueries(s);
  // The store's own statements, named at their first use (PGlite runs every statement as it comes), but for
  // those that take a set of keys (`= ANY($n)`): see `plannedPerCall`.
  const statements =
    options.prepare === false || runner.exclusive
      ? undefined
      : new Set(
          [...Object.values(sql), ...Object.values(tables).flatMap((t) => t.statements)].filter(
            (text) => !plannedPerCall(text),
          ),
        );
  const names = new Map<string, string>();
  const texts = new Map<string, string>();
  /** The name `text` runs under, or `undefined` to run it as a plain text. */
  function nameOf(text: string, params: readonly unknown[]): string | undefined {
    if (statements === undefined || !statements.has(text) || !plainParams(params)) return undefined;
    let name = names.get(text);
    if (name === undefined) {
      name = statementName(text);
      // node-postgres refuses a name given two texts: of two statements of a store sharing one (a 64-bit hash:
      // practically never), the second runs as a plain text.
      if (texts.has(name)) return undefined;
      texts.set(name, text);
      names.set(text, name);
    }
    return name;
  }
  // This store's identity in `openTransactions`. On PGlite, the database's: a transaction of any store
  // on it, started inside another, would wait for that one to end, forever.
  const self: object = runner.exclusive ? client : {};
  const inTransaction = () => openTransactions.getStore()?.some((t) => t.store === self && t.active) === true;

  async function transaction<T, E>(
    work: (repositories: Repositories) => Promise<Result<T, E>>,
  ): Promise<Result<T, E>> {
    if (inTransaction()) {
      throw new Error(
        'postgres store: transaction() was called inside another transaction. Nesting is not supported; pass the repositories of the outer transaction down instead.',
      );
    }
    const token = { store: self, active: true };
    return runner.run(
      async (connection) => {
        // Once per client and schema, by whichever store's transaction comes first (a host making a store per
        // request reads the versions once); a check that throws is run again by the next transaction.
        const known = migratedSchemas.get(client) ?? new Set<string>();
        if (!known.has(schema)) {
          await checkMigrated(connection, schema);
          known.add(schema);
          migratedSchemas.set(client, known);
        }
        const tx = openTransaction(connection);
        try {
          const result = await openTransactions.run([...(openTransactions.getStore() ?? []), token], () =>
            work(tx.repositories),
          );
          if (
            typeof result !== 'object' ||
            result === null ||
            typeof (result as { isOk?: unknown }).isOk !== 'function'
          ) {
            throw new TypeError(
              'postgres store: the transaction work must resolve to a neverthrow Result (ok(...) or err(...))',
            );
          }
          // Work that caught a failed statement and went on: the server aborted the transaction, so
          // rethrow what failed (a 40P01 runs the operation again) rather than a COMMIT that rolls back.
          if (result.isOk() && tx.failure !== undefined) throw tx.failure;
          return result;
        } finally {
          token.active = false;
          tx.close();
        }
      },
      (result) => result.isOk(),
    );
  }

  function openTransaction(connection: PostgresQueryable) {
    let open = true;
    let failure: unknown;
    /** The transaction's connection, refused once it ended (a pool may have handed it to another). */
    const q: PostgresQueryable = {
      async query(text, params) {
        if (!open) {
          throw new Error(
            'postgres store: a repository was called after its transaction ended. Repositories are valid only inside the work callback; await every call.',
          );
        }
        try {
          const values = params ?? [];
          const name = nameOf(text, values);
          if (name === undefined || !takesName(connection, name)) return await connection.query(text, params);
          return await (connection as unknown as PreparingQueryable).query({ name, text, values });
        } catch (caught) {
          const thrown = withMigrationHint(caught, schema);
          if (failure === undefined) failure = thrown;
          throw thrown;
        }
      },
    };
    const rows = async (text: string, params: unknown[]) => (await q.query(text, params)).rows;

    function listWithItemsDue(targetDate: BusinessDate, filter: BillRunFilter) {
      const accounts = filterList(filter.accountNumbers);
      const numbers = filterList(filter.invoiceScheduleNumbers);
      const { invoiceSchedules: t } = tables;
      if (accounts !== null && numbers !== null)
        return t.many(q, sql.dueByBoth, [targetDate, accounts, numbers]);
      if (accounts !== null) return t.many(q, sql.dueByAccounts, [targetDate, accounts]);
      if (numbers !== null) return t.many(q, sql.dueBySchedules, [targetDate, numbers]);
      return t.many(q, sql.dueAll, [targetDate]);
    }

    /** The accounts this transaction claimed, as the claim read them (accounts are insert-only). */
    const claimed = new Map<string, Account>();

    /** See `BillRunRepository.leaseAccounts`: expired leases (SKIP LOCKED), then new accounts from the cursor. */
    async function leaseAccounts(request: BillRunLeaseRequest): Promise<readonly string[]> {
      const { billRunNumber: run, worker, limit, now, leasedUntil, among } = request;
      if (!Number.isSafeInteger(limit) || limit < 1)
        throw new TypeError(`postgres store: leaseAccounts limit must be a whole number ≥ 1, got ${limit}`);
      const accountOf = (row: unknown) => String((row as { readonly account: unknown }).account);
      const expired = (await rows(sql.leaseExpired, [run, worker, leasedUntil, now, limit])).map(accountOf);
      const rest = limit - expired.length;
      if (rest === 0) return Object.freeze(expired.sort(compareKeys));
      const [cursor] = await rows(sql.leaseCursor, [run]);
      const after = String((cursor as { readonly after: unknown }).after);
      const fresh = (
        among === null
          ? await rows(sql.leaseFreshAll, [run, after, rest, worker, leasedUntil])
          : await rows(sql.leaseFreshAmong, [run, [...among], after, rest, worker, leasedUntil])
      ).map(accountOf);
      return Object.freeze([...expired, ...fresh].sort(compareKeys));
    }

    const repositories: Repositories = Object.freeze({
      accounts: Object.freeze({
        // Answered from the claims while the transaction is open; after it ended (a claim not awaited may finish
        // after \`close\`), the statement's refusal.
        get: async (number: string) =>
          (open ? claimed.get(number) : undefined) ?? tables.accounts.get(q, [number]),
        insert: (account: Account) => tables.accounts.insert(q, account),
        list: async (after: string | null, limit: number) => {
          if (!Number.isSafeInteger(limit) || limit < 1)
            throw new TypeError(
              `postgres store: accounts.list limit must be a whole number ≥ 1, got ${limit}`,
            );
          return after === null
            ? tables.accounts.many(q, sql.accountsFirst, [limit])
            : tables.accounts.many(q, sql.accountsAfter, [after, limit]);
        },
        claim: async (accountNumber: string) => {
          const [account] = await tables.accounts.many(q, sql.claim, [accountNumber]);
          if (account !== undefined) claimed.set(account.number, account);
        },
        claimMany: async (accountNumbers: readonly string[]) => {
          if (accountNumbers.length === 0) return;
          for (const account of await tables.accounts.many(q, sql.claimMany, [[...accountNumbers]]))
            claimed.set(account.number, account);
        },
      }),
      orders: Object.freeze({
        get: (number: string) => tables.orders.get(q, [number]),
        insert: (order: Order) => tables.orders.insert(q, order),
        put: (order: Order) => tables.orders.put(q, order),
      }),
      subscriptions: Object.freeze({
        get: (number: string) => tables.subscriptions.get(q, [number]),
        save: (subscription: Subscription) => tables.subscriptions.save(q, subscription),
        listByAccount: (accountNumber: string) =>
          tables.subscriptions.many(q, sql.subscriptionsByAccount, [accountNumber]),
        listByAccounts: (accountNumbers: readonly string[]) =>
          tables.subscriptions.many(q, sql.subscriptionsByAccounts, [[...accountNumbers]]),
      }),
      invoiceSchedules: Object.freeze({
        get: (number: string) => tables.invoiceSchedules.get(q, [number]),
        getById: async (id: string) =>
          (await tables.invoiceSchedules.many(q, sql.scheduleById, [id]))[0] ?? null,
        save: (schedule: InvoiceSchedule) => tables.invoiceSchedules.save(q, schedule),
        saveMany: (schedules: readonly InvoiceSchedule[]) => tables.invoiceSchedules.saveMany(q, schedules),
        listByAccount: (accountNumber: string) =>
          tables.invoiceSchedules.many(q, sql.schedulesByAccount, [accountNumber]),
        listByAccounts: (accountNumbers: readonly string[]) =>
          tables.invoiceSchedules.many(q, sql.schedulesByAccounts, [[...accountNumbers]]),
        listWithItemsDue,
        listByCharge: (subscriptionNumber: string, chargeNumber: string) =>
          tables.invoiceSchedules.many(q, sql.schedulesByCharge, [subscriptionNumber, chargeNumber]),
        page: async (query: InvoiceSchedulePageQuery) => {
          const { text, params } = schedulePageStatement(s, query);
          return tables.invoiceSchedules.many(q, text, params);
        },
        remove: (number: string, expectedVersion: number) =>
          tables.invoiceSchedules.remove(q, [number], expectedVersion),
      }),
      invoices: Object.freeze({
        get: (number: string) => tables.invoices.get(q, [number]),
        getById: async (id: string) => (await tables.invoices.many(q, sql.invoiceById, [id]))[0] ?? null,
        save: (invoice: Invoice) => tables.invoices.save(q, invoice),
        saveMany: (invoices: readonly Invoice[]) => tables.invoices.saveMany(q, invoices),
        listBySchedule: (invoiceScheduleNumber: string) =>
          tables.invoices.many(q, sql.invoicesBySchedule, [invoiceScheduleNumber]),
        listBySchedules: (invoiceScheduleNumbers: readonly string[]) =>
          tables.invoices.many(q, sql.invoicesBySchedules, [[...invoiceScheduleNumbers]]),
        listByCharge: (subscriptionNumber: string, chargeNumber: string) =>
          tables.invoices.many(q, sql.invoicesByCharge, [subscriptionNumber, chargeNumber]),
        listByAccount: (accountNumber: string) =>
          tables.invoices.many(q, sql.invoicesByAccount, [accountNumber]),
        page: async (query: InvoicePageQuery) => {
          const { text, params } = documentPageStatement(s, INVOICE_TABLES, query);
          return tables.invoices.many(q, text, params);
        },
      }),
      creditMemos: Object.freeze({
        get: (number: string) => tables.creditMemos.get(q, [number]),
        getById: async (id: string) =>
          (await tables.creditMemos.many(q, sql.creditMemoById, [id]))[0] ?? null,
        save: (creditMemo: CreditMemo) => tables.creditMemos.save(q, creditMemo),
        saveMany: (creditMemos: readonly CreditMemo[]) => tables.creditMemos.saveMany(q, creditMemos),
        listBySchedule: (invoiceScheduleNumber: string) =>
          tables.creditMemos.many(q, sql.creditMemosBySchedule, [invoiceScheduleNumber]),
        listBySchedules: (invoiceScheduleNumbers: readonly string[]) =>
          tables.creditMemos.many(q, sql.creditMemosBySchedules, [[...invoiceScheduleNumbers]]),
        listByAccount: (accountNumber: string) =>
          tables.creditMemos.many(q, sql.creditMemosByAccount, [accountNumber]),
        page: async (query: CreditMemoPageQuery) => {
          const { text, params } = documentPageStatement(s, CREDIT_MEMO_TABLES, query);
          return tables.creditMemos.many(q, text, params);
        },
      }),
      billRuns: Object.freeze({
        get: (number: string) => tables.billRuns.get(q, [number]),
        getById: async (id: string) => (await tables.billRuns.many(q, sql.billRunById, [id]))[0] ?? null,
        insert: (billRun: BillRun) => tables.billRuns.insert(q, billRun),
        save: (billRun: BillRun) => tables.billRuns.save(q, billRun),
        getAccount: (billRunNumber: string, accountNumber: string) =>
          tables.billRunAccounts.get(q, [billRunNumber, accountNumber]),
        getAccounts: (billRunNumber: string, accountNumbers: readonly string[]) =>
          tables.billRunAccounts.many(q, sql.billRunAccountsOf, [billRunNumber, [...accountNumbers]]),
        saveAccount: (part: BillRunAccount) => tables.billRunAccounts.save(q, part),
        saveAccounts: (parts: readonly BillRunAccount[]) => tables.billRunAccounts.saveMany(q, parts),
        listAccounts: (billRunNumber: string) =>
          tables.billRunAccounts.many(q, sql.billRunAccounts, [billRunNumber]),
        leaseAccounts: (request: BillRunLeaseRequest) => leaseAccounts(request),
        finishAccountLeases: async (billRunNumber: string, accountNumbers: readonly string[]) => {
          if (accountNumbers.length > 0) await q.query(sql.leaseFinish, [billRunNumber, [...accountNumbers]]);
        },
        listOpenLeases: async (billRunNumber: string) =>
          Object.freeze((await rows(sql.leasesOpen, [billRunNumber])).map(leaseOf)),
      }),
      idempotency: Object.freeze({
        get: async (key: string) => {
          const [row] = await rows(sql.idempotencyGet, [key]);
          return row === undefined ? null : idempotencyRecord(row);
        },
        insert: async (record: IdempotencyRecord) => {
          const inserted = await rows(sql.idempotencyInsert, [
            record.key,
            record.operation,
            record.result,
            record.fingerprint ?? null,
            record.createdAt ?? null,
          ]);
          return inserted.length > 0;
        },
        insertMany: async (records: readonly IdempotencyRecord[]) => {
          if (records.length === 0) return Object.freeze([]);
          if (new Set(records.map((r) => r.key)).size !== records.length)
            throw new TypeError('postgres store: idempotency.insertMany was given the same key twice');
          const inserted = await rows(sql.idempotencyInsertMany, [
            records.map((r) => r.key),
            records.map((r) => r.operation),
            records.map((r) => r.result),
            records.map((r) => r.fingerprint ?? null),
            records.map((r) => r.createdAt ?? null),
          ]);
          const done = new Set(inserted.map((row) => String((row as { readonly key: unknown }).key)));
          return Object.freeze(records.filter((r) => !done.has(r.key)).map((r) => r.key));
        },
        // `before` as given: the server refuses what is not an instant (22007), as it would in an insert.
        deleteCreatedBefore: async (before: string, limit: number) => {
          if (!Number.isSafeInteger(limit) || limit < 1)
            throw new TypeError(
              `postgres store: idempotency.deleteCreatedBefore limit must be a whole number ≥ 1, got ${limit}`,
            );
          const [row] = await rows(sql.idempotencyDeleteBefore, [before, limit]);
          return Number((row as { readonly deleted: unknown }).deleted);
        },
      }),
      outbox: Object.freeze({
        append: async (events: readonly BillingEvent[]) => {
          if (events.length > 0) await q.query(sql.outboxAppend, [JSON.stringify(events)]);
        },
      }),
      sequences: Object.freeze({
        next: async (name: SequenceName) => {
          if (!SEQUENCE_NAMES.includes(name))
            throw new TypeError(`postgres store: unknown sequence ${String(name)}`);
          const [row] = await rows(sql.sequenceNext, [name]);
          return sequenceValue((row as { readonly value: unknown }).value, name);
        },
        nextBlock: async (name: SequenceName, count: number) => {
          if (!SEQUENCE_NAMES.includes(name))
            throw new TypeError(`postgres store: unknown sequence ${String(name)}`);
          if (!Number.isSafeInteger(count) || count < 1)
            throw new TypeError(
              `postgres store: sequences.nextBlock count must be a whole number ≥ 1, got ${String(count)}`,
            );
          const [row] = await rows(sql.sequenceBlock, [name, String(count)]);
          return sequenceValue((row as { readonly value: unknown }).value, name) - count + 1;
        },
      }),
    });

    return {
      repositories,
      get failure(): unknown {
        return failure;
      },
      close(): void {
        open = false;
        // `accounts.get` answers a claimed account from here without a statement: emptied, a read after the
        // end goes to the connection, which refuses it.
        claimed.clear();
      },
    };
  }

  // The probe reads on the client itself, outside any transaction: what is committed.
  const direct: PostgresQueryable = {
    query(text, params) {
      if (runner.exclusive && inTransaction()) {
        return Promise.reject(
          new Error(
            'postgres store: the probe was called inside a transaction on the same PGlite, which runs one at a time: it would wait for that transaction forever. Probe after the transaction ends.',
          ),
        );
      }
      return client.query(text, params).catch((thrown: unknown) => {
        throw withMigrationHint(thrown, schema);
      });
    },
  };
  const probe: PostgresStoreProbe = Object.freeze({
    account: (number: string) => tables.accounts.stored(direct, [number]) as Promise<AccountRecord | null>,
    order: (number: string) => tables.orders.stored(direct, [number]) as Promise<OrderRecord | null>,
    subscription: (number: string) =>
      tables.subscriptions.stored(direct, [number]) as Promise<SubscriptionRecord | null>,
    invoiceSchedule: (number: string) =>
      tables.invoiceSchedules.stored(direct, [number]) as Promise<InvoiceScheduleRecord | null>,
    invoice: (number: string) => tables.invoices.stored(direct, [number]) as Promise<InvoiceRecord | null>,
    creditMemo: (number: string) =>
      tables.creditMemos.stored(direct, [number]) as Promise<CreditMemoRecord | null>,
    billRun: (number: string) => tables.billRuns.stored(direct, [number]) as Promise<BillRunRecord | null>,
    billRunAccount: (billRunNumber: string, accountNumber: string) =>
      tables.billRunAccounts.stored(direct, [
        billRunNumber,
        accountNumber,
      ]) as Promise<BillRunAccountRecord | null>,
    idempotencyKey: async (key: string) => {
      const { rows } = await direct.query(sql.idempotencyGet, [key]);
      return rows.length === 0 ? null : idempotencyRecord(rows[0]);
    },
    outbox: async (after = 0, limit = 1000) => {
      const { rows } = await direct.query(sql.outboxAfter, [String(after), String(limit)]);
      return Object.freeze(
        rows.map((row) => {
          const { position, event } = row as { readonly position: string; readonly event: string };
          return Object.freeze({ position: Number(position), event: JSON.parse(event) as BillingEvent });
        }),
      );
    },
    sequence: async (name: SequenceName) => {
      const { rows } = await direct.query(sql.sequenceLast, [name]);
      const row = rows[0] as { readonly value: unknown } | undefined;
      return row === undefined ? 0 : sequenceValue(row.value, name);
    },
  });

  return Object.freeze({ schema, transaction, probe });
}
