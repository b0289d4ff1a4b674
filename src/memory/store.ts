import { AsyncLocalStorage } from 'node:async_hooks';
import { ok, type Result } from 'neverthrow';
import type { BillRun, BillRunAccount } from '../domain/billing/bill-run';
import type { BillingEvent } from '../domain/billing/events';
import type { Account } from '../domain/contract/account';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { Order } from '../domain/order/order';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type {
  BillRunFilter,
  BillRunLeaseRequest,
  CreditMemoPageQuery,
  IdempotencyRecord,
  InvoicePageQuery,
  InvoiceSchedulePageQuery,
  Repositories,
  SequenceName,
  VersionConflict,
} from '../ports/index';
import { checkOptionNames, describeValue } from '../ports/options';
import {
  adoptRecord,
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
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
import { createLeaseTable, type LeaseTransaction } from './leases';
import { createRowLocks } from './locks';
import {
  byKey,
  compareOrderKeys,
  deepFreeze,
  type OrderKey,
  type Table,
  type TableTransaction,
  type TableView,
  table,
} from './table';
import type {
  MemoryStore,
  MemoryStoreOptions,
  MemoryStoreProbe,
  MemoryStoreSeed,
  MemoryStoreSnapshot,
} from './types';

const SEQUENCE_NAMES: readonly SequenceName[] = Object.freeze([
  'InvoiceSchedule',
  'Invoice',
  'CreditMemo',
  'BillRun',
]);

/** Every option of {@link MemoryStoreOptions} (a `Record` of its keys: one added there must be added here). */
const OPTIONS: Readonly<Record<keyof MemoryStoreOptions, true>> = {
  initial: true,
  isolation: true,
  interleave: true,
};

/** Every field of {@link MemoryStoreSeed}, and whether it is a list of values (`sequences` is not). */
const SEED_FIELDS: Readonly<Record<keyof MemoryStoreSeed, boolean>> = {
  accounts: true,
  orders: true,
  subscriptions: true,
  invoiceSchedules: true,
  invoices: true,
  creditMemos: true,
  billRuns: true,
  billRunAccounts: true,
  idempotency: true,
  sequences: false,
};

/**
 * The options of {@link createMemoryStore}, checked: an object naming only its options, each of the type it
 * takes (left out or `undefined`: its default). A misspelt `isolation` would otherwise leave a race test on a
 * serial store, where it passes without showing the race; a misspelt `initial` field, an empty table.
 */
function checkOptions(options: unknown): asserts options is MemoryStoreOptions {
  const who = 'createMemoryStore';
  checkOptionNames(options, Object.keys(OPTIONS), who, {
    example: "{ isolation: 'read-committed' }",
    why: 'a test would then run on another store than it means (serial instead of read-committed, empty instead of seeded)',
  });
  const { initial, isolation, interleave } = options as Record<keyof MemoryStoreOptions, unknown>;
  if (isolation !== undefined && isolation !== 'serial' && isolation !== 'read-committed') {
    throw new TypeError(
      `${who}: isolation must be 'serial' or 'read-committed' (or left out: 'serial'), got ${typeof isolation === 'string' ? JSON.stringify(isolation) : describeValue(isolation)}.`,
    );
  }
  if (interleave !== undefined && typeof interleave !== 'function') {
    throw new TypeError(
      `${who}: interleave must be a function (label: string) => Promise<void> (or left out), got ${describeValue(interleave)}.`,
    );
  }
  if (initial === undefined) return;
  if (typeof initial !== 'object' || initial === null || Array.isArray(initial)) {
    throw new TypeError(
      `${who}: initial must be an object such as { accounts: [account] } (or left out: an empty store), got ${describeValue(initial)}.`,
    );
  }
  const fields = Object.keys(SEED_FIELDS);
  const unknown = Object.keys(initial).filter((name) => !fields.includes(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `${who}: unknown initial field${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => JSON.stringify(name)).join(', ')}; the fields are ${fields.join(', ')}. A misspelt field is refused rather than ignored, since the store would then start without those values.`,
    );
  }
  for (const [name, list] of Object.entries(SEED_FIELDS) as [keyof MemoryStoreSeed, boolean][]) {
    const value = (initial as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const fits = list
      ? Array.isArray(value)
      : typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!fits) {
      throw new TypeError(
        `${who}: initial.${name} must be ${list ? 'an array' : 'an object such as { Invoice: 7 }'} (or left out), got ${describeValue(value)}.`,
      );
    }
  }
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isDue(record: InvoiceSchedule, targetDate: BusinessDate): boolean {
  // A deleted schedule is never due (the PostgreSQL adapter keeps no due date for it).
  if (record.deleted === true) return false;
  if (record.nextRunDate !== null && record.nextRunDate <= targetDate) return true;
  return record.items.some((i) => i.status !== 'Processed' && i.runDate !== null && i.runDate <= targetDate);
}

function matchesFilter(record: InvoiceSchedule, filter: BillRunFilter): boolean {
  const accounts = filter.accountNumbers ?? [];
  const schedules = filter.invoiceScheduleNumbers ?? [];
  return (
    (accounts.length === 0 || accounts.includes(record.accountNumber)) &&
    (schedules.length === 0 || schedules.includes(record.number))
  );
}

/**
 * A schedule's place in the `nextRunDate` order: its date, or (none) a value after every date, so
 * schedules without a next run date come last, as `NULLS LAST` puts them in SQL.
 */
function nextRunSortValue(nextRunDate: string | null): string {
  return nextRunDate ?? '\uffff';
}

/**
 * The first date on which a schedule is due (see {@link isDue}): its next run date or the run date of an
 * item not yet Processed, whichever is earlier; none: after every date. Due on a date ⇔ this ≤ the date.
 */
function dueSortValue(schedule: InvoiceSchedule): string {
  let first = nextRunSortValue(schedule.nextRunDate);
  for (const i of schedule.items)
    if (i.status !== 'Processed' && i.runDate !== null && i.runDate < first) first = i.runDate;
  return first;
}

/** Whether a schedule's record passes every filter of a page query (the order and the page aside). */
function matchesPage(record: InvoiceSchedule, query: InvoiceSchedulePageQuery): boolean {
  const next = record.nextRunDate;
  return (
    (query.accountNumber === undefined || record.accountNumber === query.accountNumber) &&
    (query.status === undefined || record.status === query.status) &&
    (query.nextRunDateFrom === undefined || (next !== null && next >= query.nextRunDateFrom)) &&
    (query.nextRunDateTo === undefined || (next !== null && next <= query.nextRunDateTo)) &&
    (query.dueOn === undefined || isDue(record, query.dueOn)) &&
    (query.includeDeleted === true || record.deleted !== true) &&
    (query.updatedSince === undefined ||
      (record.updatedAt !== undefined && record.updatedAt >= query.updatedSince))
  );
}

// The filters as functions (made by a function: a closure bound to a name costs a `__name` call
// under esbuild's keepNames, as tsx runs the benchmarks).
function dueIn(filter: BillRunFilter, targetDate: BusinessDate): (schedule: InvoiceSchedule) => boolean {
  return (s) => matchesFilter(s, filter) && isDue(s, targetDate);
}

function inPage(query: InvoiceSchedulePageQuery): (schedule: InvoiceSchedule) => boolean {
  return (s) => matchesPage(s, query);
}

/** A page's limit, checked: a whole number ≥ 1 (anything else is a programmer error in the caller). */
function checkLimit(label: string, limit: unknown): void {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)
    throw new TypeError(`memory store: ${label} limit must be a whole number ≥ 1, got ${String(limit)}`);
}

/** Invoices and credit memos, as far as their pages filter them. */
interface DocumentRecord {
  readonly accountNumber: string;
  readonly status: string;
  readonly lines: readonly { readonly invoiceScheduleNumber: string | null }[];
}

/**
 * A page of invoices or credit memos: through the by-schedule index when a schedule is named, else
 * through the by-account index, else (neither) a scan of the numbers in order that stops at `limit`.
 */
function documentPage<E extends DocumentRecord, R>(
  documents: TableTransaction<E, R>,
  view: TableView<E, R>,
  label: string,
  query: InvoicePageQuery | CreditMemoPageQuery,
): readonly E[] {
  checkLimit(label, query.limit);
  const { accountNumber, invoiceScheduleNumber, status, after, limit } = query;
  const keep = (r: E) =>
    (accountNumber === undefined || r.accountNumber === accountNumber) &&
    (status === undefined || r.status === status) &&
    (invoiceScheduleNumber === undefined || bySchedule(r).includes(invoiceScheduleNumber));
  if (invoiceScheduleNumber !== undefined)
    return documents.pageBy(view, 'schedule', invoiceScheduleNumber, after, limit, keep);
  if (accountNumber !== undefined)
    return documents.pageBy(view, 'account', accountNumber, after, limit, keep);
  return documents.page(view, after, limit, keep);
}

/** A bill run account part's key, as its conflicts name it (see `BillRunRepository.saveAccount`). */
function partKey(billRunNumber: string, accountNumber: string): string {
  return `${billRunNumber}/${accountNumber}`;
}

const byAccount = (r: { readonly accountNumber: string }) => [r.accountNumber];
const chargeOf = (subscriptionNumber: string, chargeNumber: string) =>
  `${subscriptionNumber}/${chargeNumber}`;
/** Each value once, in order of first appearance (a Set only for long lists: most are a few values). */
function distinct(values: string[]): string[] {
  return values.length > 16 ? [...new Set(values)] : values.filter((v, i) => values.indexOf(v) === i);
}

/** The schedules a document's lines name (each once). */
function bySchedule(r: {
  readonly lines: readonly { readonly invoiceScheduleNumber: string | null }[];
}): string[] {
  const out: string[] = [];
  for (const l of r.lines) if (l.invoiceScheduleNumber !== null) out.push(l.invoiceScheduleNumber);
  return distinct(out);
}

/** Whether two versions of a row have the same account (what `byAccount` lists). */
const sameAccount = (a: { readonly accountNumber: string }, b: { readonly accountNumber: string }) =>
  a.accountNumber === b.accountNumber;

/** Whether two lists of charges or lines name the same charges, place by place (so `chargeOf` gives the same). */
function sameChargeKeys(
  a: readonly { readonly subscriptionNumber: string; readonly chargeNumber: string }[],
  b: readonly { readonly subscriptionNumber: string; readonly chargeNumber: string }[],
): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] as (typeof a)[number];
    const y = b[i] as (typeof b)[number];
    if (x.subscriptionNumber !== y.subscriptionNumber || x.chargeNumber !== y.chargeNumber) return false;
  }
  return true;
}

/** Whether two documents' lines name the same schedules, place by place (so `bySchedule` gives the same). */
function sameScheduleKeys(
  a: readonly { readonly invoiceScheduleNumber: string | null }[],
  b: readonly { readonly invoiceScheduleNumber: string | null }[],
): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1)
    if (
      (a[i] as (typeof a)[number]).invoiceScheduleNumber !==
      (b[i] as (typeof b)[number]).invoiceScheduleNumber
    )
      return false;
  return true;
}

/**
 * The tables of one store, one per aggregate, with an index for every query of the ports: by id, by
 * account, by schedule, by charge, by run, and the schedules' next-run-date and due-date orders — no
 * query scans a table except the pages without an account or schedule filter (which read in order and
 * stop at their limit). A saved value is checked by its shape (the aggregates a bill run saves, see
 * ports/shapes.ts), else by its codec's `adopt` (the round trip's result without the round trip), and only
 * then encoded and decoded (which words the error).
 */
function createTables() {
  const shapes = createShapes();
  return {
    accounts: table('Account', toAccountRecord, fromAccountRecord, { adopt: adoptRecord.account }),
    orders: table('Order', toOrderRecord, fromOrderRecord, { adopt: adoptRecord.order }),
    subscriptions: table('Subscription', toSubscriptionRecord, fromSubscriptionRecord, {
      adopt: adoptRecord.subscription,
      indexes: { account: byAccount },
      indexesUnchanged: { account: sameAccount },
    }),
    invoiceSchedules: table('InvoiceSchedule', toInvoiceScheduleRecord, fromInvoiceScheduleRecord, {
      adopt: (value, stored) => shapes.invoiceSchedule(value, stored) ?? adoptRecord.invoiceSchedule(value),
      idOf: (r) => r.id,
      indexes: {
        account: byAccount,
        charge: (r) => distinct(r.charges.map((c) => chargeOf(c.subscriptionNumber, c.chargeNumber))),
      },
      indexesUnchanged: { account: sameAccount, charge: (a, b) => sameChargeKeys(a.charges, b.charges) },
      orderings: { nextRunDate: (r) => nextRunSortValue(r.nextRunDate), due: dueSortValue },
    }),
    invoices: table('Invoice', toInvoiceRecord, fromInvoiceRecord, {
      adopt: (value, stored) => shapes.invoice(value, stored) ?? adoptRecord.invoice(value),
      idOf: (r) => r.id,
      indexes: {
        account: byAccount,
        schedule: bySchedule,
        // An additional line (a hook's tax or fee) is no charge's line: `listByCharge` does not find it.
        charge: (r) =>
          distinct(
            r.lines.flatMap((l) =>
              l.subscriptionNumber === '' ? [] : [chargeOf(l.subscriptionNumber, l.chargeNumber)],
            ),
          ),
      },
      indexesUnchanged: {
        account: sameAccount,
        schedule: (a, b) => sameScheduleKeys(a.lines, b.lines),
        charge: (a, b) => sameChargeKeys(a.lines, b.lines),
      },
    }),
    creditMemos: table('CreditMemo', toCreditMemoRecord, fromCreditMemoRecord, {
      adopt: adoptRecord.creditMemo,
      idOf: (r) => r.id,
      indexes: { account: byAccount, schedule: bySchedule },
      indexesUnchanged: { account: sameAccount, schedule: (a, b) => sameScheduleKeys(a.lines, b.lines) },
    }),
    billRuns: table('BillRun', toBillRunRecord, fromBillRunRecord, {
      adopt: adoptRecord.billRun,
      idOf: (r) => r.id,
    }),
    billRunAccounts: table('BillRunAccount', toBillRunAccountRecord, fromBillRunAccountRecord, {
      adopt: (value, stored) => shapes.billRunAccount(value, stored) ?? adoptRecord.billRunAccount(value),
      keyOf: (part) => partKey(part.billRunNumber, part.accountNumber),
      indexes: { run: (r) => [r.billRunNumber] },
      indexesUnchanged: { run: (a, b) => a.billRunNumber === b.billRunNumber },
    }),
  };
}

type Tables = ReturnType<typeof createTables>;
type TableName = keyof Tables;

/** A repository method as the store keeps it: its transaction first, then the port's arguments. */
type AnyMethod = (tx: never, ...args: never[]) => unknown;

/** Calls a repository method (its arguments were the port's: the types held when they were wrapped). */
function invoke<T>(impl: AnyMethod, tx: T, args: readonly unknown[]): unknown {
  return (impl as (tx: T, ...rest: readonly unknown[]) => unknown)(tx, ...args);
}

/** A repository's methods without their transaction, each made async and refusing to run once it ended. */
type Guarded<M> = {
  readonly [K in keyof M]: M[K] extends (tx: never, ...args: infer A) => infer T
    ? (...args: A) => Promise<Awaited<T>>
    : never;
};

/** The idempotency prune's order: oldest first, ties of `createdAt` by key (as the PostgreSQL adapter's ORDER BY). */
function oldestThenByKey(a: { readonly at: number; readonly key: string }, b: typeof a): number {
  return a.at - b.at || byKey(a.key, b.key);
}

/**
 * The transactions the calling code runs inside, each with the store it belongs to: a store refuses a
 * nested transaction of its own. One for the module (see {@link createMemoryStore}).
 */
const openTransactions = new AsyncLocalStorage<readonly { readonly store: object; active: boolean }[]>();

/**
 * Creates an in-memory store: the reference adapter, used by the package's own tests and demos
 * and handy in a host's tests. It passes the contract kit of `invoice-schedules/testing`.
 *
 * - Checks every saved value as its record would be checked (the records codecs, or for the aggregates
 *   a bill run saves a cheaper walk of the value that agrees with them) and refuses what a database
 *   would refuse. Stores deeply frozen copies, not live objects: a caller holding a value it read or
 *   saved cannot change what is stored (a saved Decimal of the library's clone is frozen, not copied).
 * - `getById` of schedules, invoices, credit memos and bill runs reads an id index kept with the
 *   committed records, not a scan. Ids are not checked for uniqueness (the host's `IdGenerator`
 *   keeps them unique; test fixtures may share a builder's default id): of several records with
 *   one id, `getById` returns the one with the lowest number.
 * - Writes are buffered and applied when `work` resolves to an `Ok`, discarded on an `Err` or a throw
 *   (which is rethrown). Reads see the committed records plus the transaction's own writes.
 * - `isolation: 'serial'` (the default): transactions run one at a time (an internal async mutex per
 *   store), so no race ever shows.
 * - `isolation: 'read-committed'`: transactions run concurrently, as PostgreSQL's READ COMMITTED
 *   runs them. Reads never wait and never see another transaction's uncommitted writes. Every write
 *   locks its row (`insert`, `save`, `put`, `remove`: the number; `idempotency.insert`: the key;
 *   `sequences.next`: the sequence) until its transaction ends; a second transaction writing that row
 *   waits for the end, then checks against what was committed: a stale compare-and-set save gets its
 *   `VersionConflict`, a second insert of a key conflicts (or returns `false`), sequences stay gapless.
 *   A wait that would close a cycle of waiting transactions is refused at once: the call throws an
 *   Error whose message says "deadlock detected", with `code: '40P01'`; the transaction is then
 *   aborted (later calls throw with `code: '25P02'`; it cannot commit: an `Ok` rethrows the deadlock).
 * - `interleave`, when given, is awaited before every repository call (in either mode): a test's
 *   scheduler decides the order in which concurrent transactions' calls proceed.
 * - Nesting is not supported: calling `transaction` from inside a transaction's `work` rejects at
 *   once with an Error instead of deadlocking. Detected with `AsyncLocalStorage` (`node:async_hooks`:
 *   Node, Deno, Bun, and workers with Node compatibility).
 * - Repositories handed to `work` refuse to be used after their transaction ended: a call made through
 *   them once `work` has returned (kept past the transaction, or not awaited) rejects, and writes nothing.
 * - Options are checked as `createPostgresStore` checks its own: a TypeError naming the option for options
 *   that are not an object, an option it does not take (`{ isolaton: 'read-committed' }` would otherwise
 *   leave a race test on a serial store, where it passes without showing the race; the message lists
 *   `initial`, `isolation` and `interleave`), a field of `initial` that {@link MemoryStoreSeed} does not
 *   have, an `isolation` other than `'serial'` or `'read-committed'`, an `interleave` that is not a function,
 *   an `initial` that is not an object, or an `initial` list that is not an array (`sequences`: not an
 *   object). An option left out or `undefined` takes its default.
 * - No module-level state but one `AsyncLocalStorage`, shared by all stores, that tells a store whether
 *   the calling code runs inside one of its own transactions: every store is independent. (One per store
 *   made each store cost every later promise of the process some time: Node walks all enabled async
 *   contexts on each promise, and a test suite creates thousands of stores.)
 * @since 0.1.0
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  checkOptions(options);
  const tables = createTables();
  const idempotency = new Map<string, IdempotencyRecord>();
  /**
   * The committed idempotency records oldest first (then by key), for `deleteCreatedBefore`, built when first needed
   * and dropped by a commit that writes a record; `oldestFrom` skips the ones known deleted. A prune deletes in
   * batches of 1,000, and each batch sorted every record again: 100,000 keys took 3.5 s, growing with their square
   * (review 211). A prune during which keys are written sorts again after each such commit, as before.
   */
  let oldestFirst:
    | readonly { readonly key: string; readonly at: number; readonly record: IdempotencyRecord }[]
    | null = null;
  let oldestFrom = 0;
  const sequences = new Map<SequenceName, number>();
  const leaseTable = createLeaseTable();
  // The committed events kept; `outboxDeleted` entries before the first were deleted (positions count them).
  const outbox: BillingEvent[] = [];
  let outboxDeleted = 0;
  const outboxIds = new Set<string>();
  seed(options.initial ?? {});

  /** This store's identity in {@link openTransactions}. */
  const self = {};
  let tail: Promise<void> = Promise.resolve();
  const { isolation = 'serial', interleave } = options;
  // Row locks only where transactions overlap; a serial store keeps today's path untouched.
  const locks = isolation === 'read-committed' ? createRowLocks() : null;

  function seed(initial: MemoryStoreSeed): void {
    tables.accounts.seed(initial.accounts ?? []);
    tables.orders.seed(initial.orders ?? []);
    tables.subscriptions.seed(initial.subscriptions ?? []);
    tables.invoiceSchedules.seed(initial.invoiceSchedules ?? []);
    tables.invoices.seed(initial.invoices ?? []);
    tables.creditMemos.seed(initial.creditMemos ?? []);
    tables.billRuns.seed(initial.billRuns ?? []);
    tables.billRunAccounts.seed(initial.billRunAccounts ?? []);
    for (const [index, record] of (initial.idempotency ?? []).entries()) {
      checkSeededIdempotency(record, index);
      if (idempotency.has(record.key))
        throw new Error(`createMemoryStore: initial idempotency key ${record.key} twice`);
      idempotency.set(record.key, deepFreeze({ ...record }));
    }
    for (const [name, last] of Object.entries(initial.sequences ?? {})) {
      if (
        !(SEQUENCE_NAMES as readonly string[]).includes(name) ||
        !Number.isSafeInteger(last) ||
        (last ?? 0) < 0
      ) {
        throw new TypeError(
          `createMemoryStore: initial sequence ${name} must be a known name with a whole number ≥ 0`,
        );
      }
      sequences.set(name as SequenceName, last ?? 0);
    }
  }

  async function transaction<T, E>(
    work: (repositories: Repositories) => Promise<Result<T, E>>,
  ): Promise<Result<T, E>> {
    if (openTransactions.getStore()?.some((t) => t.store === self && t.active) === true) {
      throw new Error(
        'memory store: transaction() was called inside another transaction. Nesting is not supported; pass the repositories of the outer transaction down instead.',
      );
    }
    let release: (() => void) | undefined;
    if (locks === null) {
      const previous = tail;
      tail = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
    }
    // Also the transaction's identity in the lock table.
    const token = { store: self, active: true };
    const tx = openTransaction(token);
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
          'memory store: the transaction work must resolve to a neverthrow Result (ok(...) or err(...))',
        );
      }
      if (result.isOk()) {
        // Work that caught its deadlock error and went on: PostgreSQL turns that COMMIT into a ROLLBACK.
        const deadlock = locks?.aborted(token);
        if (deadlock !== undefined) throw deadlock;
        tx.commit();
      }
      return result;
    } finally {
      token.active = false;
      tx.close();
      // After the commit, so a waiting writer checks against the committed row.
      locks?.end(token);
      release?.();
    }
  }

  /** One transaction's state: the tables it opened and its buffered writes. */
  interface Tx {
    /** Its identity in the lock table. */
    readonly owner: object;
    open: boolean;
    readonly views: { -readonly [K in TableName]?: ReturnType<Tables[K]['open']> };
    idempotencyWrites: Map<string, IdempotencyRecord> | undefined;
    /**
     * Committed keys the transaction deleted (`deleteCreatedBefore`); a key inserted again after is in
     * `idempotencyWrites` too, and the commit applies the deletes first.
     */
    idempotencyDeletes: Set<string> | undefined;
    sequenceWrites: Map<SequenceName, number> | undefined;
    outboxWrites: BillingEvent[] | undefined;
    outboxWriteIds: Set<string> | undefined;
    leases: LeaseTransaction | undefined;
  }

  /** The transaction's view of a table, opened on first use: a transaction pays only for what it touches. */
  function view<K extends TableName>(tx: Tx, name: K): ReturnType<Tables[K]['open']> {
    let opened = tx.views[name] as ReturnType<Tables[K]['open']> | undefined;
    if (opened === undefined) {
      opened = tables[name].open() as ReturnType<Tables[K]['open']>;
      (tx.views as Record<TableName, unknown>)[name] = opened;
    }
    return opened;
  }

  function leasesOf(tx: Tx): LeaseTransaction {
    if (tx.leases === undefined)
      tx.leases = leaseTable.open((after, limit) =>
        tables.accounts.page(view(tx, 'accounts'), after, limit).map((a) => a.number),
      );
    return tx.leases;
  }

  function idempotencyRecord(tx: Tx, key: string): IdempotencyRecord | undefined {
    const own = tx.idempotencyWrites?.get(key);
    if (own !== undefined) return own;
    return tx.idempotencyDeletes?.has(key) === true ? undefined : idempotency.get(key);
  }

  /**
   * `idempotency.deleteCreatedBefore`: the records the transaction sees whose `createdAt` is before `before`,
   * oldest first (then by key), at most `limit` of them, deleted when it commits.
   */
  function deleteIdempotencyBefore(tx: Tx, before: string, limit: number): number {
    const bound = typeof before === 'string' ? Date.parse(before) : Number.NaN;
    if (Number.isNaN(bound))
      throw new TypeError(
        `memory store: idempotency.deleteCreatedBefore needs an ISO instant, got ${String(before)}`,
      );
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new TypeError(
        `memory store: idempotency.deleteCreatedBefore limit must be a whole number ≥ 1, got ${limit}`,
      );
    // Without writes of its own (a prune's transactions), the transaction sees the committed records less its
    // deletes: read them from the kept order.
    if (tx.idempotencyWrites === undefined || tx.idempotencyWrites.size === 0) {
      return deleteOldestCommitted(tx, bound, limit);
    }
    const old: { readonly key: string; readonly at: number }[] = [];
    const consider = (record: IdempotencyRecord): void => {
      if (record.createdAt === undefined) return;
      const at = Date.parse(record.createdAt);
      if (at < bound) old.push({ key: record.key, at });
    };
    for (const [key, record] of idempotency)
      if (tx.idempotencyDeletes?.has(key) !== true && tx.idempotencyWrites?.has(key) !== true)
        consider(record);
    for (const record of tx.idempotencyWrites?.values() ?? []) consider(record);
    old.sort(oldestThenByKey);
    const gone = old.slice(0, limit);
    for (const { key } of gone) {
      if (tx.idempotencyWrites?.delete(key) === true && !idempotency.has(key)) continue;
      if (tx.idempotencyDeletes === undefined) tx.idempotencyDeletes = new Set();
      tx.idempotencyDeletes.add(key);
    }
    return gone.length;
  }

  /** {@link deleteIdempotencyBefore} over the committed records, in the kept oldest-first order. */
  function deleteOldestCommitted(tx: Tx, bound: number, limit: number): number {
    if (oldestFirst === null) {
      const order: { key: string; at: number; record: IdempotencyRecord }[] = [];
      for (const [key, record] of idempotency) {
        const at = record.createdAt === undefined ? Number.NaN : Date.parse(record.createdAt);
        if (!Number.isNaN(at)) order.push({ key, at, record });
      }
      order.sort(oldestThenByKey);
      oldestFirst = order;
      oldestFrom = 0;
    }
    // What committed deletes removed from the front is skipped for good; a record replaced since the order was
    // built cannot be met (a write drops the order).
    while (
      oldestFrom < oldestFirst.length &&
      idempotency.get(oldestFirst[oldestFrom]?.key ?? '') === undefined
    )
      oldestFrom += 1;
    let gone = 0;
    for (let i = oldestFrom; i < oldestFirst.length && gone < limit; i += 1) {
      const entry = oldestFirst[i];
      if (entry === undefined || entry.at >= bound) break;
      if (idempotency.get(entry.key) !== entry.record || tx.idempotencyDeletes?.has(entry.key) === true)
        continue;
      if (tx.idempotencyDeletes === undefined) tx.idempotencyDeletes = new Set();
      tx.idempotencyDeletes.add(entry.key);
      gone += 1;
    }
    return gone;
  }

  function lastNumber(tx: Tx, name: SequenceName): number {
    return tx.sequenceWrites?.get(name) ?? sequences.get(name) ?? 0;
  }

  /** Saves each entity in turn (the ports' `saveMany`): the first conflict stops, and the caller rolls back. */
  function saveEach<E extends { readonly version: number }, R>(
    table: Table<E, R>,
    seen: TableView<E, R>,
    entities: readonly E[],
  ): Result<void, VersionConflict> {
    for (const entity of entities) {
      const saved = table.save(seen, entity);
      if (saved.isErr()) return saved;
    }
    return ok(undefined);
  }

  /** The rows under any of these index values, each once, ordered by number (the ports' batch lists). */
  function listByMany<E extends { readonly number: string }, R>(
    table: Table<E, R>,
    seen: TableView<E, R>,
    index: string,
    values: readonly string[],
  ): readonly E[] {
    const found = new Map<string, E>();
    // Each value's rows come in number order; sorted again only when the values' lists interleave (a
    // bill run's batch lists its accounts in order, so most calls skip the sort and its scratch arrays).
    let ordered = true;
    let last: string | undefined;
    for (const v of values.length > 1 ? new Set(values) : values)
      for (const e of table.listBy(seen, index, v)) {
        if (found.has(e.number)) continue;
        if (last !== undefined && byKey(last, e.number) > 0) ordered = false;
        last = e.number;
        found.set(e.number, e);
      }
    const rows = [...found.values()];
    if (!ordered) rows.sort((x, y) => byKey(x.number, y.number));
    return Object.freeze(rows);
  }

  /** Due schedules of the filter: through the account index, or by number, or (no filter) the due order. */
  function due(tx: Tx, targetDate: BusinessDate, filter: BillRunFilter) {
    const schedules = tables.invoiceSchedules;
    const seen = view(tx, 'invoiceSchedules');
    const keep = dueIn(filter, targetDate);
    const accountsOf = filter.accountNumbers ?? [];
    const numbers = filter.invoiceScheduleNumbers ?? [];
    const found = new Map<string, InvoiceSchedule>();
    if (accountsOf.length > 0) {
      for (const a of new Set(accountsOf))
        for (const s of schedules.listBy(seen, 'account', a, keep)) found.set(s.number, s);
    } else if (numbers.length > 0) {
      for (const n of new Set(numbers)) {
        const s = schedules.get(seen, n);
        if (s !== null && keep(s)) found.set(s.number, s);
      }
    } else {
      for (const s of schedules.listOrderedThrough(seen, 'due', targetDate, keep)) found.set(s.number, s);
    }
    return Object.freeze([...found.values()].sort((x, y) => byKey(x.number, y.number)));
  }

  /**
   * A page of schedules (`invoiceSchedules.page`). By number: through the account index when an account
   * is named, else a scan of the numbers in order that stops at `limit` (the other filters are checked
   * on each row read: with a rare status it may read far; a SQL adapter has an index per filter). By
   * next run date: the account's rows sorted, or the kept next-run-date order read until `limit` pass.
   */
  function schedulePage(tx: Tx, query: InvoiceSchedulePageQuery): readonly InvoiceSchedule[] {
    checkLimit('invoiceSchedules.page', query.limit);
    const schedules = tables.invoiceSchedules;
    const seen = view(tx, 'invoiceSchedules');
    const keep = inPage(query);
    const { accountNumber, after, limit } = query;
    if (query.order === 'number') {
      const from = after === null ? null : after.number;
      return accountNumber === undefined
        ? schedules.page(seen, from, limit, keep)
        : schedules.pageBy(seen, 'account', accountNumber, from, limit, keep);
    }
    if (query.order !== 'nextRunDate')
      throw new TypeError(
        `memory store: invoiceSchedules.page order must be 'number' or 'nextRunDate', got ${JSON.stringify(query.order)}`,
      );
    const from: OrderKey | null = after === null ? null : [nextRunSortValue(after.nextRunDate), after.number];
    if (accountNumber === undefined) return schedules.pageOrdered(seen, 'nextRunDate', from, limit, keep);
    const placed = schedules
      .listBy(seen, 'account', accountNumber, keep)
      .map((s) => ({ s, at: [nextRunSortValue(s.nextRunDate), s.number] as OrderKey }))
      .filter(({ at }) => from === null || compareOrderKeys(at, from) > 0)
      .sort((x, y) => compareOrderKeys(x.at, y.at));
    return Object.freeze(placed.slice(0, limit).map(({ s }) => s));
  }

  // Every repository method, taking its transaction first: made once per store; each transaction wraps
  // them for its repositories (see `guarded`).
  const methods = {
    accounts: {
      get: (tx: Tx, number: string) => tables.accounts.get(view(tx, 'accounts'), number),
      insert: (tx: Tx, account: Account) => tables.accounts.insert(view(tx, 'accounts'), account),
      // A row lock in 'read-committed' mode (taken by `call`, see locks.ts); nothing to do when
      // transactions run one at a time.
      claim: (_tx: Tx, _accountNumber: string) => undefined,
      claimMany: (_tx: Tx, _accountNumbers: readonly string[]) => undefined,
      list: (tx: Tx, after: string | null, limit: number) => {
        if (!Number.isSafeInteger(limit) || limit < 1)
          throw new TypeError(`memory store: accounts.list limit must be a whole number ≥ 1, got ${limit}`);
        return tables.accounts.page(view(tx, 'accounts'), after, limit);
      },
    },
    orders: {
      get: (tx: Tx, number: string) => tables.orders.get(view(tx, 'orders'), number),
      insert: (tx: Tx, order: Order) => tables.orders.insert(view(tx, 'orders'), order),
      put: (tx: Tx, order: Order) => tables.orders.put(view(tx, 'orders'), order),
    },
    subscriptions: {
      get: (tx: Tx, number: string) => tables.subscriptions.get(view(tx, 'subscriptions'), number),
      save: (tx: Tx, subscription: Subscription) =>
        tables.subscriptions.save(view(tx, 'subscriptions'), subscription),
      listByAccount: (tx: Tx, accountNumber: string) =>
        tables.subscriptions.listBy(view(tx, 'subscriptions'), 'account', accountNumber),
      listByAccounts: (tx: Tx, accountNumbers: readonly string[]) =>
        listByMany(tables.subscriptions, view(tx, 'subscriptions'), 'account', accountNumbers),
    },
    invoiceSchedules: {
      get: (tx: Tx, number: string) => tables.invoiceSchedules.get(view(tx, 'invoiceSchedules'), number),
      getById: (tx: Tx, id: string) => tables.invoiceSchedules.getById(view(tx, 'invoiceSchedules'), id),
      save: (tx: Tx, schedule: InvoiceSchedule) =>
        tables.invoiceSchedules.save(view(tx, 'invoiceSchedules'), schedule),
      saveMany: (tx: Tx, schedules: readonly InvoiceSchedule[]) =>
        saveEach(tables.invoiceSchedules, view(tx, 'invoiceSchedules'), schedules),
      listByAccount: (tx: Tx, accountNumber: string) =>
        tables.invoiceSchedules.listBy(view(tx, 'invoiceSchedules'), 'account', accountNumber),
      listByAccounts: (tx: Tx, accountNumbers: readonly string[]) =>
        listByMany(tables.invoiceSchedules, view(tx, 'invoiceSchedules'), 'account', accountNumbers),
      listWithItemsDue: due,
      listByCharge: (tx: Tx, subscriptionNumber: string, chargeNumber: string) =>
        tables.invoiceSchedules.listBy(
          view(tx, 'invoiceSchedules'),
          'charge',
          chargeOf(subscriptionNumber, chargeNumber),
        ),
      page: schedulePage,
      remove: (tx: Tx, number: string, expectedVersion: number) =>
        tables.invoiceSchedules.remove(view(tx, 'invoiceSchedules'), number, expectedVersion),
    },
    invoices: {
      get: (tx: Tx, number: string) => tables.invoices.get(view(tx, 'invoices'), number),
      getById: (tx: Tx, id: string) => tables.invoices.getById(view(tx, 'invoices'), id),
      save: (tx: Tx, invoice: Invoice) => tables.invoices.save(view(tx, 'invoices'), invoice),
      saveMany: (tx: Tx, invoices: readonly Invoice[]) =>
        saveEach(tables.invoices, view(tx, 'invoices'), invoices),
      listBySchedule: (tx: Tx, invoiceScheduleNumber: string) =>
        tables.invoices.listBy(view(tx, 'invoices'), 'schedule', invoiceScheduleNumber),
      listBySchedules: (tx: Tx, invoiceScheduleNumbers: readonly string[]) =>
        listByMany(tables.invoices, view(tx, 'invoices'), 'schedule', invoiceScheduleNumbers),
      listByAccount: (tx: Tx, accountNumber: string) =>
        tables.invoices.listBy(view(tx, 'invoices'), 'account', accountNumber),
      listByCharge: (tx: Tx, subscriptionNumber: string, chargeNumber: string) =>
        tables.invoices.listBy(view(tx, 'invoices'), 'charge', chargeOf(subscriptionNumber, chargeNumber)),
      page: (tx: Tx, query: InvoicePageQuery) =>
        documentPage(tables.invoices, view(tx, 'invoices'), 'invoices.page', query),
    },
    creditMemos: {
      get: (tx: Tx, number: string) => tables.creditMemos.get(view(tx, 'creditMemos'), number),
      getById: (tx: Tx, id: string) => tables.creditMemos.getById(view(tx, 'creditMemos'), id),
      save: (tx: Tx, creditMemo: CreditMemo) => tables.creditMemos.save(view(tx, 'creditMemos'), creditMemo),
      saveMany: (tx: Tx, creditMemos: readonly CreditMemo[]) =>
        saveEach(tables.creditMemos, view(tx, 'creditMemos'), creditMemos),
      listByAccount: (tx: Tx, accountNumber: string) =>
        tables.creditMemos.listBy(view(tx, 'creditMemos'), 'account', accountNumber),
      listBySchedule: (tx: Tx, invoiceScheduleNumber: string) =>
        tables.creditMemos.listBy(view(tx, 'creditMemos'), 'schedule', invoiceScheduleNumber),
      listBySchedules: (tx: Tx, invoiceScheduleNumbers: readonly string[]) =>
        listByMany(tables.creditMemos, view(tx, 'creditMemos'), 'schedule', invoiceScheduleNumbers),
      page: (tx: Tx, query: CreditMemoPageQuery) =>
        documentPage(tables.creditMemos, view(tx, 'creditMemos'), 'creditMemos.page', query),
    },
    billRuns: {
      get: (tx: Tx, number: string) => tables.billRuns.get(view(tx, 'billRuns'), number),
      getById: (tx: Tx, id: string) => tables.billRuns.getById(view(tx, 'billRuns'), id),
      insert: (tx: Tx, billRun: BillRun) => tables.billRuns.insert(view(tx, 'billRuns'), billRun),
      save: (tx: Tx, billRun: BillRun) => tables.billRuns.save(view(tx, 'billRuns'), billRun),
      getAccount: (tx: Tx, billRunNumber: string, accountNumber: string) =>
        tables.billRunAccounts.get(view(tx, 'billRunAccounts'), partKey(billRunNumber, accountNumber)),
      getAccounts: (tx: Tx, billRunNumber: string, accountNumbers: readonly string[]) => {
        const seen = view(tx, 'billRunAccounts');
        const parts: BillRunAccount[] = [];
        for (const a of [...new Set(accountNumbers)].sort(byKey)) {
          const part = tables.billRunAccounts.get(seen, partKey(billRunNumber, a));
          if (part !== null) parts.push(part);
        }
        return Object.freeze(parts);
      },
      saveAccount: (tx: Tx, part: BillRunAccount) =>
        tables.billRunAccounts.save(view(tx, 'billRunAccounts'), part),
      saveAccounts: (tx: Tx, parts: readonly BillRunAccount[]) =>
        saveEach(tables.billRunAccounts, view(tx, 'billRunAccounts'), parts),
      listAccounts: (tx: Tx, billRunNumber: string) =>
        tables.billRunAccounts.listBy(view(tx, 'billRunAccounts'), 'run', billRunNumber),
      leaseAccounts: (tx: Tx, request: BillRunLeaseRequest) => leasesOf(tx).leaseAccounts(request),
      finishAccountLeases: (tx: Tx, billRunNumber: string, accountNumbers: readonly string[]) =>
        leasesOf(tx).finishAccountLeases(billRunNumber, accountNumbers),
      listOpenLeases: (tx: Tx, billRunNumber: string) => leasesOf(tx).listOpenLeases(billRunNumber),
    },
    idempotency: {
      get: (tx: Tx, key: string) => idempotencyRecord(tx, key) ?? null,
      insertMany: (tx: Tx, records: readonly IdempotencyRecord[]) =>
        Object.freeze(records.filter((r) => !methods.idempotency.insert(tx, r)).map((r) => r.key)),
      insert: (tx: Tx, record: IdempotencyRecord) => {
        if (idempotencyRecord(tx, record.key) !== undefined) return false;
        if (tx.idempotencyWrites === undefined) tx.idempotencyWrites = new Map();
        tx.idempotencyWrites.set(
          record.key,
          Object.freeze({
            key: record.key,
            operation: record.operation,
            result: record.result,
            ...(record.fingerprint === undefined ? {} : { fingerprint: record.fingerprint }),
            ...(record.createdAt === undefined ? {} : { createdAt: record.createdAt }),
          }),
        );
        return true;
      },
      deleteCreatedBefore: deleteIdempotencyBefore,
    },
    outbox: {
      append: (tx: Tx, events: readonly BillingEvent[]) => {
        for (const event of events) {
          if (outboxIds.has(event.id) || tx.outboxWriteIds?.has(event.id) === true) continue;
          if (tx.outboxWrites === undefined) tx.outboxWrites = [];
          if (tx.outboxWriteIds === undefined) tx.outboxWriteIds = new Set();
          tx.outboxWriteIds.add(event.id);
          tx.outboxWrites.push(deepFreeze(event));
        }
      },
    },
    sequences: {
      next: (tx: Tx, name: SequenceName) => {
        if (!SEQUENCE_NAMES.includes(name))
          throw new TypeError(`memory store: unknown sequence ${String(name)}`);
        const n = lastNumber(tx, name) + 1;
        if (tx.sequenceWrites === undefined) tx.sequenceWrites = new Map();
        tx.sequenceWrites.set(name, n);
        return n;
      },
      nextBlock: (tx: Tx, name: SequenceName, count: number) => {
        if (!SEQUENCE_NAMES.includes(name))
          throw new TypeError(`memory store: unknown sequence ${String(name)}`);
        if (!Number.isSafeInteger(count) || count < 1)
          throw new TypeError(
            `memory store: sequences.nextBlock count must be a whole number ≥ 1, got ${count}`,
          );
        const first = lastNumber(tx, name) + 1;
        if (tx.sequenceWrites === undefined) tx.sequenceWrites = new Map();
        tx.sequenceWrites.set(name, first + count - 1);
        return first;
      },
    },
  };
  type Methods = typeof methods;
  // Each repository's methods with their labels (`invoices.save`), worked out once.
  const labelled = Object.fromEntries(
    Object.entries(methods).map(([repository, impls]) => [
      repository,
      Object.entries(impls).map(([method, impl]) => [method, `${repository}.${method}`, impl] as const),
    ]),
  ) as unknown as Readonly<Record<keyof Methods, readonly (readonly [string, string, AnyMethod])[]>>;

  function refuseIfEnded(tx: Tx, label: string): void {
    if (!tx.open) {
      throw new Error(
        `memory store: ${label} was called after its transaction ended. Repositories are valid only inside the work callback.`,
      );
    }
  }

  /** One repository call: refused once its transaction ended; in turn and locked when those are on. */
  function call(tx: Tx, label: string, impl: AnyMethod, args: readonly unknown[]): Promise<unknown> {
    if (interleave !== undefined || locks !== null) return callInTurn(tx, label, impl, args);
    try {
      refuseIfEnded(tx, label);
      return Promise.resolve(invoke(impl, tx, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async function callInTurn(
    tx: Tx,
    label: string,
    impl: AnyMethod,
    args: readonly unknown[],
  ): Promise<unknown> {
    refuseIfEnded(tx, label);
    // Either wait may outlast the transaction (work that did not await the call): check again.
    if (interleave !== undefined) {
      await interleave(label);
      refuseIfEnded(tx, label);
    }
    if (locks !== null) {
      await locks.enter(tx.owner, label, args);
      refuseIfEnded(tx, label);
    }
    return invoke(impl, tx, args);
  }

  /** The transaction's repository `name`: each method made async and guarded. */
  function guarded<K extends keyof Methods>(tx: Tx, name: K): Guarded<Methods[K]> {
    const out: Record<string, unknown> = {};
    for (const [method, label, impl] of labelled[name])
      out[method] = (...args: unknown[]) => call(tx, label, impl, args);
    return Object.freeze(out) as Guarded<Methods[K]>;
  }

  function openTransaction(owner: object) {
    const tx: Tx = {
      owner,
      open: true,
      views: {},
      idempotencyWrites: undefined,
      idempotencyDeletes: undefined,
      sequenceWrites: undefined,
      outboxWrites: undefined,
      outboxWriteIds: undefined,
      leases: undefined,
    };
    // Every repository at once, as plain data properties: cheaper than building them on first read (an
    // object literal of getters, or defineProperty, costs more than the few dozen closures made here).
    const repositories: Repositories = Object.freeze({
      accounts: guarded(tx, 'accounts'),
      orders: guarded(tx, 'orders'),
      subscriptions: guarded(tx, 'subscriptions'),
      invoiceSchedules: guarded(tx, 'invoiceSchedules'),
      invoices: guarded(tx, 'invoices'),
      creditMemos: guarded(tx, 'creditMemos'),
      billRuns: guarded(tx, 'billRuns'),
      idempotency: guarded(tx, 'idempotency'),
      outbox: guarded(tx, 'outbox'),
      sequences: guarded(tx, 'sequences'),
    });

    return {
      repositories,
      commit(): void {
        for (const name of Object.keys(tx.views) as TableName[])
          (tables[name] as Table<unknown, unknown>).commit(tx.views[name] as TableView<unknown, unknown>);
        tx.leases?.commit();
        if (tx.idempotencyDeletes !== undefined)
          for (const key of tx.idempotencyDeletes) idempotency.delete(key);
        if (tx.idempotencyWrites !== undefined && tx.idempotencyWrites.size > 0) {
          for (const [key, record] of tx.idempotencyWrites) idempotency.set(key, record);
          oldestFirst = null;
        }
        if (tx.sequenceWrites !== undefined)
          for (const [name, n] of tx.sequenceWrites) sequences.set(name, n);
        if (tx.outboxWrites !== undefined)
          for (const event of tx.outboxWrites) {
            // Checked again: in read-committed mode another transaction may have committed the id since.
            if (outboxIds.has(event.id)) continue;
            outbox.push(event);
            outboxIds.add(event.id);
          }
      },
      close(): void {
        tx.open = false;
      },
    };
  }

  const probe: MemoryStoreProbe = Object.freeze({
    account: (number: string) => tables.accounts.committed(number),
    order: (number: string) => tables.orders.committed(number),
    subscription: (number: string) => tables.subscriptions.committed(number),
    invoiceSchedule: (number: string) => tables.invoiceSchedules.committed(number),
    invoice: (number: string) => tables.invoices.committed(number),
    creditMemo: (number: string) => tables.creditMemos.committed(number),
    billRun: (number: string) => tables.billRuns.committed(number),
    billRunAccount: (billRunNumber: string, accountNumber: string) =>
      tables.billRunAccounts.committed(partKey(billRunNumber, accountNumber)),
    idempotencyKey: (key: string) => idempotency.get(key) ?? null,
    billRunLeases: (billRunNumber: string) => leaseTable.committed(billRunNumber),
    sequence: (name: SequenceName) => sequences.get(name) ?? 0,
    outbox: (after = 0) => {
      const from = Math.max(outboxDeleted, Math.floor(after));
      return Object.freeze(
        outbox
          .slice(from - outboxDeleted)
          .map((event, i) => Object.freeze({ position: from + i + 1, event })),
      );
    },
    snapshot: (): MemoryStoreSnapshot =>
      jsonCopy({
        accounts: tables.accounts.sorted(),
        orders: tables.orders.sorted(),
        subscriptions: tables.subscriptions.sorted(),
        invoiceSchedules: tables.invoiceSchedules.sorted(),
        invoices: tables.invoices.sorted(),
        creditMemos: tables.creditMemos.sorted(),
        billRuns: tables.billRuns.sorted(),
        billRunAccounts: tables.billRunAccounts.sorted(),
        idempotency: [...idempotency.entries()].sort(([a], [b]) => byKey(a, b)).map(([, r]) => r),
        sequences: Object.fromEntries(
          SEQUENCE_NAMES.map((name) => [name, sequences.get(name) ?? 0]),
        ) as Record<SequenceName, number>,
      }),
  });

  function deleteOutbox(through: number): void {
    if (!Number.isSafeInteger(through) || through < 0)
      throw new RangeError(`deleteOutbox: through must be a whole number ≥ 0, got ${String(through)}`);
    const count = Math.min(outbox.length, through - outboxDeleted);
    if (count <= 0) return;
    for (const event of outbox.splice(0, count)) outboxIds.delete(event.id);
    outboxDeleted += count;
  }

  return Object.freeze({ transaction, probe, deleteOutbox });
}

/** Written as `toISOString` writes it: the form `deleteCreatedBefore` compares as text. */
const SEEDED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A seeded idempotency record as the library writes one, else a TypeError naming the field: a record without
 * its `result` was accepted, and a later call with its key threw from deep inside instead of answering.
 */
function checkSeededIdempotency(record: unknown, index: number): void {
  const at = `createMemoryStore: initial.idempotency[${index}]`;
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    throw new TypeError(
      `${at} must be an idempotency record { key, operation, result, … }, got ${describeValue(record)}`,
    );
  const r = record as Readonly<Record<string, unknown>>;
  for (const field of ['key', 'operation'] as const) {
    if (typeof r[field] !== 'string' || r[field] === '')
      throw new TypeError(`${at}.${field} must be a non-empty string, got ${describeValue(r[field])}`);
  }
  if (typeof r.result !== 'string')
    throw new TypeError(
      `${at}.result must be the text of the first result (a string, as the library writes it), got ${describeValue(r.result)}`,
    );
  if (r.fingerprint !== undefined && typeof r.fingerprint !== 'string')
    throw new TypeError(`${at}.fingerprint must be a string or absent, got ${describeValue(r.fingerprint)}`);
  if (r.createdAt !== undefined && !(typeof r.createdAt === 'string' && SEEDED_INSTANT.test(r.createdAt)))
    throw new TypeError(
      `${at}.createdAt must be an instant as toISOString writes it (2023-01-01T12:00:00.000Z) or absent, got ${describeValue(r.createdAt)}`,
    );
}
