import { AsyncLocalStorage } from 'node:async_hooks';
import type { Result } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import type { Account } from '../domain/contract/account';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { Order } from '../domain/order/order';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type {
  BillRunFilter,
  IdempotencyRecord,
  Repositories,
  SequenceName,
  UnitOfWork,
} from '../ports/index';
import {
  type AccountRecord,
  type BillRunRecord,
  type CreditMemoRecord,
  fromAccountRecord,
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
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../ports/records';
import type { BusinessDate } from '../time/date';
import { byKey, deepFreeze, table } from './table';

/**
 * Data a memory store starts with (all optional). Entities go through the same checks as a save;
 * `sequences` gives the last number already issued per sequence (so `{ Invoice: 7 }` makes the
 * next invoice number 8).
 * @since 0.1.0
 */
export interface MemoryStoreSeed {
  readonly accounts?: readonly Account[];
  readonly orders?: readonly Order[];
  readonly subscriptions?: readonly Subscription[];
  readonly invoiceSchedules?: readonly InvoiceSchedule[];
  readonly invoices?: readonly Invoice[];
  readonly creditMemos?: readonly CreditMemo[];
  readonly billRuns?: readonly BillRun[];
  readonly idempotency?: readonly IdempotencyRecord[];
  readonly sequences?: Readonly<Partial<Record<SequenceName, number>>>;
}

/**
 * Options of {@link createMemoryStore}.
 * @since 0.1.0
 */
export interface MemoryStoreOptions {
  /** What the store holds before the first transaction. */
  readonly initial?: MemoryStoreSeed;
}

/**
 * The whole committed state of a memory store as plain JSON: records sorted by number
 * (idempotency records by key) and the last number issued by each sequence. A fresh copy every
 * time, so it can be kept and compared later (`expect(store.probe.snapshot()).toEqual(before)`).
 * @since 0.1.0
 */
export interface MemoryStoreSnapshot {
  readonly accounts: readonly AccountRecord[];
  readonly orders: readonly OrderRecord[];
  readonly subscriptions: readonly SubscriptionRecord[];
  readonly invoiceSchedules: readonly InvoiceScheduleRecord[];
  readonly invoices: readonly InvoiceRecord[];
  readonly creditMemos: readonly CreditMemoRecord[];
  readonly billRuns: readonly BillRunRecord[];
  readonly idempotency: readonly IdempotencyRecord[];
  readonly sequences: Readonly<Record<SequenceName, number>>;
}

/**
 * Direct reads of the committed state, bypassing the repositories and any open transaction (the
 * Auth.js adapter-test idea): what a test checks to know a write really landed, or really did not.
 * Single reads return the stored (deep-frozen) record, or `null`.
 * @since 0.1.0
 */
export interface MemoryStoreProbe {
  /** The committed account record with this number, or `null`. */
  account(number: string): AccountRecord | null;
  /** The committed order record with this number, or `null`. */
  order(number: string): OrderRecord | null;
  /** The committed subscription record with this number, or `null`. */
  subscription(number: string): SubscriptionRecord | null;
  /** The committed invoice schedule record with this number, or `null`. */
  invoiceSchedule(number: string): InvoiceScheduleRecord | null;
  /** The committed credit memo record with this number, or `null`. */
  creditMemo(number: string): CreditMemoRecord | null;
  /** The committed invoice record with this number, or `null`. */
  invoice(number: string): InvoiceRecord | null;
  /** The committed bill run record with this number, or `null`. */
  billRun(number: string): BillRunRecord | null;
  /** The idempotency record of this key, or `null`. */
  idempotencyKey(key: string): IdempotencyRecord | null;
  /** The last number the sequence issued; 0 when it issued none. */
  sequence(name: SequenceName): number;
  /** A deep, plain-JSON copy of everything committed. */
  snapshot(): MemoryStoreSnapshot;
}

/**
 * The in-memory adapter: a {@link UnitOfWork} plus a {@link MemoryStoreProbe} on its committed state.
 * @since 0.1.0
 */
export interface MemoryStore extends UnitOfWork {
  readonly probe: MemoryStoreProbe;
}

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

/** The tables of one store, one per aggregate; the aggregates read by id keep an id index. */
function createTables() {
  return {
    accounts: table('Account', toAccountRecord, fromAccountRecord),
    orders: table('Order', toOrderRecord, fromOrderRecord),
    subscriptions: table('Subscription', toSubscriptionRecord, fromSubscriptionRecord),
    invoiceSchedules: table(
      'InvoiceSchedule',
      toInvoiceScheduleRecord,
      fromInvoiceScheduleRecord,
      (r) => r.id,
    ),
    invoices: table('Invoice', toInvoiceRecord, fromInvoiceRecord, (r) => r.id),
    creditMemos: table('CreditMemo', toCreditMemoRecord, fromCreditMemoRecord, (r) => r.id),
    billRuns: table('BillRun', toBillRunRecord, fromBillRunRecord, (r) => r.id),
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
 * Creates an in-memory store: the reference adapter, used by the package's own tests and demos
 * and handy in a host's tests. It passes the contract kit of `invoice-schedules/testing`.
 *
 * - Stores records (via the records codecs), not live objects: a caller holding a value it read or
 *   saved cannot change what is stored.
 * - `getById` of schedules, invoices, credit memos and bill runs reads an id index kept with the
 *   committed records, not a scan. Ids are not checked for uniqueness (the host's `IdGenerator`
 *   keeps them unique; test fixtures may share a builder's default id): of several records with
 *   one id, `getById` returns the one with the lowest number.
 * - Transactions run one at a time (an internal async mutex per store); writes are buffered and
 *   applied when `work` resolves to an `Ok`, discarded on an `Err` or a throw (which is rethrown).
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
  seed(options.initial ?? {});

  /** This store's identity in {@link openTransactions}. */
  const self = {};
  let tail: Promise<void> = Promise.resolve();

  function seed(initial: MemoryStoreSeed): void {
    tables.accounts.seed(initial.accounts ?? []);
    tables.orders.seed(initial.orders ?? []);
    tables.subscriptions.seed(initial.subscriptions ?? []);
    tables.invoiceSchedules.seed(initial.invoiceSchedules ?? []);
    tables.invoices.seed(initial.invoices ?? []);
    tables.creditMemos.seed(initial.creditMemos ?? []);
    tables.billRuns.seed(initial.billRuns ?? []);
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
    const previous = tail;
    let release: () => void = () => undefined;
    tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const token = { store: self, active: true };
    const tx = openTransaction();
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
      if (result.isOk()) tx.commit();
      return result;
    } finally {
      token.active = false;
      tx.close();
      release();
    }
  }

  function openTransaction() {
    const accounts = tables.accounts.open();
    const orders = tables.orders.open();
    const subscriptions = tables.subscriptions.open();
    const schedules = tables.invoiceSchedules.open();
    const invoices = tables.invoices.open();
    const creditMemos = tables.creditMemos.open();
    const billRuns = tables.billRuns.open();
    const idempotencyWrites = new Map<string, IdempotencyRecord>();
    const sequenceWrites = new Map<SequenceName, number>();
    let open = true;

    function guarded<M extends Record<string, (...args: never[]) => unknown>>(
      repository: string,
      methods: M,
    ): Guarded<M> {
      const out: Record<string, unknown> = {};
      for (const [method, fn] of Object.entries(methods)) {
        out[method] = async (...args: never[]) => {
          if (!open) {
            throw new Error(
              `memory store: ${repository}.${method} was called after its transaction ended. Repositories are valid only inside the work callback.`,
            );
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

    const ofAccount = (accountNumber: string) => (r: { readonly accountNumber: string }) =>
      r.accountNumber === accountNumber;
    const ofSchedule =
      (invoiceScheduleNumber: string) =>
      (r: { readonly lines: readonly { readonly invoiceScheduleNumber: string | null }[] }) =>
        r.lines.some((l) => l.invoiceScheduleNumber === invoiceScheduleNumber);

    const repositories: Repositories = Object.freeze({
      accounts: guarded('accounts', {
        get: accounts.get,
        insert: accounts.insert,
        list: () => accounts.list(),
      }),
      orders: guarded('orders', { get: orders.get, put: orders.put }),
      subscriptions: guarded('subscriptions', {
        get: subscriptions.get,
        save: subscriptions.save,
        listByAccount: (accountNumber: string) => subscriptions.list(ofAccount(accountNumber)),
      }),
      invoiceSchedules: guarded('invoiceSchedules', {
        get: schedules.get,
        getById: schedules.getById,
        save: schedules.save,
        listByAccount: (accountNumber: string) => schedules.list(ofAccount(accountNumber)),
        listWithItemsDue: (targetDate: BusinessDate, filter: BillRunFilter) =>
          schedules.list((r) => matchesFilter(r, filter) && isDue(r, targetDate)),
        listByCharge: (subscriptionNumber: string, chargeNumber: string) =>
          schedules.list((r) =>
            r.charges.some(
              (c) => c.subscriptionNumber === subscriptionNumber && c.chargeNumber === chargeNumber,
            ),
          ),
        remove: schedules.remove,
      }),
      invoices: guarded('invoices', {
        get: invoices.get,
        getById: invoices.getById,
        save: invoices.save,
        listBySchedule: (invoiceScheduleNumber: string) => invoices.list(ofSchedule(invoiceScheduleNumber)),
        listByAccount: (accountNumber: string) => invoices.list(ofAccount(accountNumber)),
        listByCharge: (subscriptionNumber: string, chargeNumber: string) =>
          invoices.list((r) =>
            r.lines.some(
              (l) => l.subscriptionNumber === subscriptionNumber && l.chargeNumber === chargeNumber,
            ),
          ),
      }),
      creditMemos: guarded('creditMemos', {
        get: creditMemos.get,
        getById: creditMemos.getById,
        save: creditMemos.save,
        listByAccount: (accountNumber: string) => creditMemos.list(ofAccount(accountNumber)),
        listBySchedule: (invoiceScheduleNumber: string) =>
          creditMemos.list(ofSchedule(invoiceScheduleNumber)),
      }),
      billRuns: guarded('billRuns', {
        get: billRuns.get,
        getById: billRuns.getById,
        insert: billRuns.insert,
      }),
      idempotency: guarded('idempotency', {
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
      sequences: guarded('sequences', {
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
        for (const t of [accounts, orders, subscriptions, schedules, invoices, creditMemos, billRuns])
          t.commit();
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
    idempotencyKey: (key: string) => idempotency.get(key) ?? null,
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
        idempotency: [...idempotency.entries()].sort(([a], [b]) => byKey(a, b)).map(([, r]) => r),
        sequences: Object.fromEntries(
          SEQUENCE_NAMES.map((name) => [name, sequences.get(name) ?? 0]),
        ) as Record<SequenceName, number>,
      }),
  });

  return Object.freeze({ transaction, probe });
}
