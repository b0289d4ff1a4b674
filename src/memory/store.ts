import { AsyncLocalStorage } from 'node:async_hooks';
import type { Result } from 'neverthrow';
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
} from '../ports/index';
import {
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  type InvoiceScheduleRecord,
  toAccountRecord,
  toBillRunAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../ports/records';
import type { BusinessDate } from '../time/date';
import { createLeaseTable } from './leases';
import { createRowLocks } from './locks';
import { byKey, compareOrderKeys, deepFreeze, type OrderKey, type TableTransaction, table } from './table';
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

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function isDue(record: InvoiceScheduleRecord, targetDate: BusinessDate): boolean {
  if (record.nextRunDate !== null && record.nextRunDate <= targetDate) return true;
  return record.items.some((i) => i.status !== 'Processed' && i.runDate !== null && i.runDate <= targetDate);
}

function matchesFilter(record: InvoiceScheduleRecord, filter: BillRunFilter): boolean {
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

/** Whether a schedule's record passes every filter of a page query (the order and the page aside). */
function matchesPage(record: InvoiceScheduleRecord, query: InvoiceSchedulePageQuery): boolean {
  const next = record.nextRunDate;
  return (
    (query.accountNumber === undefined || record.accountNumber === query.accountNumber) &&
    (query.status === undefined || record.status === query.status) &&
    (query.nextRunDateFrom === undefined || (next !== null && next >= query.nextRunDateFrom)) &&
    (query.nextRunDateTo === undefined || (next !== null && next <= query.nextRunDateTo)) &&
    (query.dueOn === undefined || isDue(record, query.dueOn))
  );
}

/** A page's limit, checked: a whole number ≥ 1 (anything else is a programmer error in the caller). */
function checkLimit(label: string, limit: unknown): void {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)
    throw new TypeError(`memory store: ${label} limit must be a whole number ≥ 1, got ${String(limit)}`);
}

/** The records of invoices and credit memos, as far as their pages filter them. */
interface DocumentRecord {
  readonly accountNumber: string;
  readonly status: string;
  readonly lines: readonly { readonly invoiceScheduleNumber: string | null }[];
}

/**
 * A page of invoices or credit memos: through the by-schedule index when a schedule is named, else
 * through the by-account index, else (neither) a scan of the numbers in order that stops at `limit`.
 */
function documentPage<E, R extends DocumentRecord>(
  documents: TableTransaction<E, R>,
  label: string,
  query: InvoicePageQuery | CreditMemoPageQuery,
): readonly E[] {
  checkLimit(label, query.limit);
  const { accountNumber, invoiceScheduleNumber, status, after, limit } = query;
  const keep = (r: R) =>
    (accountNumber === undefined || r.accountNumber === accountNumber) &&
    (status === undefined || r.status === status) &&
    (invoiceScheduleNumber === undefined || bySchedule(r).includes(invoiceScheduleNumber));
  if (invoiceScheduleNumber !== undefined)
    return documents.pageBy('schedule', invoiceScheduleNumber, after, limit, keep);
  if (accountNumber !== undefined) return documents.pageBy('account', accountNumber, after, limit, keep);
  return documents.page(after, limit, keep);
}

/** A bill run account part's key, as its conflicts name it (see `BillRunRepository.saveAccount`). */
function partKey(billRunNumber: string, accountNumber: string): string {
  return `${billRunNumber}/${accountNumber}`;
}

const byAccount = (r: { readonly accountNumber: string }) => [r.accountNumber];
const chargeOf = (subscriptionNumber: string, chargeNumber: string) =>
  `${subscriptionNumber}/${chargeNumber}`;
/** The schedules a document's lines name (each once). */
const bySchedule = (r: { readonly lines: readonly { readonly invoiceScheduleNumber: string | null }[] }) => [
  ...new Set(r.lines.flatMap((l) => (l.invoiceScheduleNumber === null ? [] : [l.invoiceScheduleNumber]))),
];

/**
 * The tables of one store, one per aggregate, with an index for every query of the ports: by id, by
 * account, by schedule, by charge, by run, and the schedules' next-run-date order — no query scans a table
 * except `listWithItemsDue` without an account or schedule filter, and the pages without an account or
 * schedule filter (which read in order and stop at their limit).
 */
function createTables() {
  return {
    accounts: table('Account', toAccountRecord, fromAccountRecord),
    orders: table('Order', toOrderRecord, fromOrderRecord),
    subscriptions: table('Subscription', toSubscriptionRecord, fromSubscriptionRecord, {
      indexes: { account: byAccount },
    }),
    invoiceSchedules: table('InvoiceSchedule', toInvoiceScheduleRecord, fromInvoiceScheduleRecord, {
      idOf: (r) => r.id,
      indexes: {
        account: byAccount,
        charge: (r) => [...new Set(r.charges.map((c) => chargeOf(c.subscriptionNumber, c.chargeNumber)))],
      },
      orderings: { nextRunDate: (r) => nextRunSortValue(r.nextRunDate) },
    }),
    invoices: table('Invoice', toInvoiceRecord, fromInvoiceRecord, {
      idOf: (r) => r.id,
      indexes: {
        account: byAccount,
        schedule: bySchedule,
        charge: (r) => [...new Set(r.lines.map((l) => chargeOf(l.subscriptionNumber, l.chargeNumber)))],
      },
    }),
    creditMemos: table('CreditMemo', toCreditMemoRecord, fromCreditMemoRecord, {
      idOf: (r) => r.id,
      indexes: { account: byAccount, schedule: bySchedule },
    }),
    billRuns: table('BillRun', toBillRunRecord, fromBillRunRecord, { idOf: (r) => r.id }),
    billRunAccounts: table('BillRunAccount', toBillRunAccountRecord, fromBillRunAccountRecord, {
      keyOf: (part) => partKey(part.billRunNumber, part.accountNumber),
      indexes: { run: (r) => [r.billRunNumber] },
    }),
  };
}

/** A repository's methods, each made async and refusing to run once its transaction ended. */
type Guarded<M> = {
  readonly [K in keyof M]: M[K] extends (...args: infer A) => infer T
    ? (...args: A) => Promise<Awaited<T>>
    : never;
};

/**
 * The transactions the calling code runs inside, each with the store it belongs to: a store refuses a
 * nested transaction of its own. One for the module (see {@link createMemoryStore}).
 */
const openTransactions = new AsyncLocalStorage<readonly { readonly store: object; active: boolean }[]>();

/**
 * An object whose properties are built on first read (and then kept): a transaction's repositories, of
 * which most transactions use two or three.
 */
function lazily<T extends object>(builders: { readonly [K in keyof T]: () => T[K] }): T {
  const built = new Map<keyof T, T[keyof T]>();
  const out = {} as T;
  for (const key of Object.keys(builders) as (keyof T)[]) {
    Object.defineProperty(out, key, {
      enumerable: true,
      get() {
        if (!built.has(key)) built.set(key, builders[key]());
        return built.get(key);
      },
    });
  }
  return Object.freeze(out);
}

/**
 * Creates an in-memory store: the reference adapter, used by the package's own tests and demos
 * and handy in a host's tests. It passes the contract kit of `invoice-schedules/testing`.
 *
 * - Stores records (via the records codecs), not live objects: a caller holding a value it read or
 *   saved cannot change what is stored.
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
 * - Repositories handed to `work` refuse to be used after their transaction ended.
 * - No module-level state but one `AsyncLocalStorage`, shared by all stores, that tells a store whether
 *   the calling code runs inside one of its own transactions: every store is independent. (One per store
 *   made each store cost every later promise of the process some time: Node walks all enabled async
 *   contexts on each promise, and a test suite creates thousands of stores.)
 * @since 0.1.0
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const tables = createTables();
  const idempotency = new Map<string, IdempotencyRecord>();
  const sequences = new Map<SequenceName, number>();
  const leaseTable = createLeaseTable();
  seed(options.initial ?? {});

  /** This store's identity in {@link openTransactions}. */
  const self = {};
  let tail: Promise<void> = Promise.resolve();
  const { isolation = 'serial', interleave } = options;
  if (isolation !== 'serial' && isolation !== 'read-committed') {
    throw new TypeError(
      `createMemoryStore: isolation must be 'serial' or 'read-committed', got ${JSON.stringify(isolation)}`,
    );
  }
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
    for (const record of initial.idempotency ?? []) {
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
        throw new Error(
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
    let release: () => void = () => undefined;
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
      release();
    }
  }

  function openTransaction(owner: object) {
    // Each table is opened, and each repository built, on first use: a transaction pays only for what it
    // touches (a bill run makes several small transactions per account).
    const opened: { commit(): void }[] = [];
    function opener<T extends { commit(): void }>(open: () => T): () => T {
      let view: T | undefined;
      return () => {
        if (view === undefined) {
          view = open();
          opened.push(view);
        }
        return view;
      };
    }
    const accounts = opener(tables.accounts.open);
    const orders = opener(tables.orders.open);
    const subscriptions = opener(tables.subscriptions.open);
    const schedules = opener(tables.invoiceSchedules.open);
    const invoices = opener(tables.invoices.open);
    const creditMemos = opener(tables.creditMemos.open);
    const billRuns = opener(tables.billRuns.open);
    const billRunAccounts = opener(tables.billRunAccounts.open);
    const idempotencyWrites = new Map<string, IdempotencyRecord>();
    const sequenceWrites = new Map<SequenceName, number>();
    const leases = opener(() =>
      leaseTable.open((after, limit) =>
        accounts()
          .page(after, limit)
          .map((a) => a.number),
      ),
    );
    let open = true;

    function guarded<M extends Record<string, (...args: never[]) => unknown>>(
      repository: string,
      methods: M,
    ): Guarded<M> {
      const out: Record<string, unknown> = {};
      for (const [method, fn] of Object.entries(methods)) {
        const label = `${repository}.${method}`;
        const refuseIfEnded = () => {
          if (!open) {
            throw new Error(
              `memory store: ${label} was called after its transaction ended. Repositories are valid only inside the work callback.`,
            );
          }
        };
        out[method] = async (...args: never[]) => {
          refuseIfEnded();
          // Either wait may outlast the transaction (work that did not await the call): check again.
          if (interleave !== undefined) {
            await interleave(label);
            refuseIfEnded();
          }
          if (locks !== null) {
            await locks.enter(owner, label, args);
            refuseIfEnded();
          }
          return fn(...args);
        };
      }
      return Object.freeze(out) as Guarded<M>;
    }

    function idempotencyRecord(key: string): IdempotencyRecord | undefined {
      return idempotencyWrites.get(key) ?? idempotency.get(key);
    }

    function lastNumber(name: SequenceName): number {
      return sequenceWrites.get(name) ?? sequences.get(name) ?? 0;
    }

    /** Due schedules of the filter: through the account index, or by number, or (no filter) a scan. */
    function due(targetDate: BusinessDate, filter: BillRunFilter) {
      const keep = (r: InvoiceScheduleRecord) => matchesFilter(r, filter) && isDue(r, targetDate);
      const accountsOf = filter.accountNumbers ?? [];
      const numbers = filter.invoiceScheduleNumbers ?? [];
      if (accountsOf.length === 0 && numbers.length === 0) return schedules().list(keep);
      const found = new Map<string, InvoiceSchedule>();
      if (accountsOf.length > 0) {
        for (const a of new Set(accountsOf))
          for (const s of schedules().listBy('account', a, keep)) found.set(s.number, s);
      } else {
        for (const n of new Set(numbers)) {
          const s = schedules().get(n);
          if (s !== null && keep(toInvoiceScheduleRecord(s))) found.set(s.number, s);
        }
      }
      return Object.freeze([...found.values()].sort((x, y) => byKey(x.number, y.number)));
    }

    /**
     * A page of schedules (`invoiceSchedules.page`). By number: through the account index when an account
     * is named, else a scan of the numbers in order that stops at `limit` (the other filters are checked
     * on each row read: with a rare status it may read far; a SQL adapter has an index per filter). By
     * next run date: the account's rows sorted, or the kept next-run-date order read until `limit` pass.
     */
    function schedulePage(query: InvoiceSchedulePageQuery): readonly InvoiceSchedule[] {
      checkLimit('invoiceSchedules.page', query.limit);
      const keep = (r: InvoiceScheduleRecord) => matchesPage(r, query);
      const { accountNumber, after, limit } = query;
      if (query.order === 'number') {
        const from = after === null ? null : after.number;
        return accountNumber === undefined
          ? schedules().page(from, limit, keep)
          : schedules().pageBy('account', accountNumber, from, limit, keep);
      }
      if (query.order !== 'nextRunDate')
        throw new TypeError(
          `memory store: invoiceSchedules.page order must be 'number' or 'nextRunDate', got ${JSON.stringify(query.order)}`,
        );
      const from: OrderKey | null =
        after === null ? null : [nextRunSortValue(after.nextRunDate), after.number];
      if (accountNumber === undefined) return schedules().pageOrdered('nextRunDate', from, limit, keep);
      const placed = schedules()
        .listBy('account', accountNumber, keep)
        .map((s) => ({ s, at: [nextRunSortValue(s.nextRunDate), s.number] as OrderKey }))
        .filter(({ at }) => from === null || compareOrderKeys(at, from) > 0)
        .sort((x, y) => compareOrderKeys(x.at, y.at));
      return Object.freeze(placed.slice(0, limit).map(({ s }) => s));
    }

    const repositories: Repositories = lazily({
      accounts: () =>
        guarded('accounts', {
          get: accounts().get,
          insert: accounts().insert,
          // A row lock in 'read-committed' mode (taken by `guarded`, see locks.ts); nothing to do when
          // transactions run one at a time.
          claim: (_accountNumber: string) => undefined,
          list: (after: string | null, limit: number) => {
            if (!Number.isSafeInteger(limit) || limit < 1)
              throw new TypeError(
                `memory store: accounts.list limit must be a whole number ≥ 1, got ${limit}`,
              );
            return accounts().page(after, limit);
          },
        }),
      orders: () => guarded('orders', { get: orders().get, insert: orders().insert, put: orders().put }),
      subscriptions: () =>
        guarded('subscriptions', {
          get: subscriptions().get,
          save: subscriptions().save,
          listByAccount: (accountNumber: string) => subscriptions().listBy('account', accountNumber),
        }),
      invoiceSchedules: () =>
        guarded('invoiceSchedules', {
          get: schedules().get,
          getById: schedules().getById,
          save: schedules().save,
          listByAccount: (accountNumber: string) => schedules().listBy('account', accountNumber),
          listWithItemsDue: due,
          listByCharge: (subscriptionNumber: string, chargeNumber: string) =>
            schedules().listBy('charge', chargeOf(subscriptionNumber, chargeNumber)),
          page: schedulePage,
          remove: schedules().remove,
        }),
      invoices: () =>
        guarded('invoices', {
          get: invoices().get,
          getById: invoices().getById,
          save: invoices().save,
          listBySchedule: (invoiceScheduleNumber: string) =>
            invoices().listBy('schedule', invoiceScheduleNumber),
          listByAccount: (accountNumber: string) => invoices().listBy('account', accountNumber),
          listByCharge: (subscriptionNumber: string, chargeNumber: string) =>
            invoices().listBy('charge', chargeOf(subscriptionNumber, chargeNumber)),
          page: (query: InvoicePageQuery) => documentPage(invoices(), 'invoices.page', query),
        }),
      creditMemos: () =>
        guarded('creditMemos', {
          get: creditMemos().get,
          getById: creditMemos().getById,
          save: creditMemos().save,
          listByAccount: (accountNumber: string) => creditMemos().listBy('account', accountNumber),
          listBySchedule: (invoiceScheduleNumber: string) =>
            creditMemos().listBy('schedule', invoiceScheduleNumber),
          page: (query: CreditMemoPageQuery) => documentPage(creditMemos(), 'creditMemos.page', query),
        }),
      billRuns: () =>
        guarded('billRuns', {
          get: billRuns().get,
          getById: billRuns().getById,
          insert: billRuns().insert,
          save: billRuns().save,
          getAccount: (billRunNumber: string, accountNumber: string) =>
            billRunAccounts().get(partKey(billRunNumber, accountNumber)),
          saveAccount: billRunAccounts().save,
          listAccounts: (billRunNumber: string) => billRunAccounts().listBy('run', billRunNumber),
          leaseAccounts: (request: BillRunLeaseRequest) => leases().leaseAccounts(request),
          finishAccountLeases: (billRunNumber: string, accountNumbers: readonly string[]) =>
            leases().finishAccountLeases(billRunNumber, accountNumbers),
          listOpenLeases: (billRunNumber: string) => leases().listOpenLeases(billRunNumber),
        }),
      idempotency: () =>
        guarded('idempotency', {
          get: (key: string) => idempotencyRecord(key) ?? null,
          insert: (record: IdempotencyRecord) => {
            if (idempotencyRecord(record.key) !== undefined) return false;
            idempotencyWrites.set(
              record.key,
              Object.freeze({
                key: record.key,
                operation: record.operation,
                result: record.result,
                ...(record.fingerprint === undefined ? {} : { fingerprint: record.fingerprint }),
              }),
            );
            return true;
          },
        }),
      sequences: () =>
        guarded('sequences', {
          next: (name: SequenceName) => {
            if (!SEQUENCE_NAMES.includes(name))
              throw new TypeError(`memory store: unknown sequence ${String(name)}`);
            const n = lastNumber(name) + 1;
            sequenceWrites.set(name, n);
            return n;
          },
        }),
    });

    return {
      repositories,
      commit(): void {
        for (const t of opened) t.commit();
        for (const [key, record] of idempotencyWrites) idempotency.set(key, record);
        for (const [name, n] of sequenceWrites) sequences.set(name, n);
      },
      close(): void {
        open = false;
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

  return Object.freeze({ transaction, probe });
}
