import { AsyncLocalStorage } from 'node:async_hooks';
import { err, ok, type Result } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import type { Account } from '../domain/contract/account';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { Order } from '../domain/order/order';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type {
  BillRunFilter,
  EntityName,
  IdempotencyRecord,
  Repositories,
  SequenceName,
  UnitOfWork,
  VersionConflict,
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
  type InvalidRecord,
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
  versionConflict,
} from '../ports/records';
import type { BusinessDate } from '../time/date';

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

interface RecordsOf {
  readonly Account: AccountRecord;
  readonly Order: OrderRecord;
  readonly Subscription: SubscriptionRecord;
  readonly InvoiceSchedule: InvoiceScheduleRecord;
  readonly Invoice: InvoiceRecord;
  readonly CreditMemo: CreditMemoRecord;
  readonly BillRun: BillRunRecord;
}

interface EntitiesOf {
  readonly Account: Account;
  readonly Order: Order;
  readonly Subscription: Subscription;
  readonly InvoiceSchedule: InvoiceSchedule;
  readonly Invoice: Invoice;
  readonly CreditMemo: CreditMemo;
  readonly BillRun: BillRun;
}

type Tables = { readonly [K in EntityName]: Map<string, RecordsOf[K]> };
type Writes = { readonly [K in EntityName]: Map<string, RecordsOf[K] | null> };

/** The aggregates a caller may name by id as well as by number (`getById`, reference §10 "Keys"). */
type Identified = 'InvoiceSchedule' | 'Invoice' | 'CreditMemo' | 'BillRun';
/**
 * Per aggregate, id → the numbers stored with that id: one, as ids are unique, but the store does not
 * refuse a duplicate (fixtures built with a builder's default id share it), so it keeps them all.
 */
type IdIndex = { readonly [K in Identified]: Map<string, Set<string>> };

interface EntityCodec<K extends EntityName> {
  readonly encode: (entity: EntitiesOf[K]) => RecordsOf[K];
  readonly decode: (record: unknown) => Result<EntitiesOf[K], InvalidRecord>;
}

const CODECS: { readonly [K in EntityName]: EntityCodec<K> } = Object.freeze({
  Account: { encode: toAccountRecord, decode: fromAccountRecord },
  Order: { encode: toOrderRecord, decode: fromOrderRecord },
  Subscription: { encode: toSubscriptionRecord, decode: fromSubscriptionRecord },
  InvoiceSchedule: { encode: toInvoiceScheduleRecord, decode: fromInvoiceScheduleRecord },
  Invoice: { encode: toInvoiceRecord, decode: fromInvoiceRecord },
  CreditMemo: { encode: toCreditMemoRecord, decode: fromCreditMemoRecord },
  BillRun: { encode: toBillRunRecord, decode: fromBillRunRecord },
});

const ENTITY_NAMES: readonly EntityName[] = Object.freeze([
  'Account',
  'Order',
  'Subscription',
  'InvoiceSchedule',
  'Invoice',
  'CreditMemo',
  'BillRun',
]);

const IDENTIFIED: readonly EntityName[] = Object.freeze([
  'InvoiceSchedule',
  'Invoice',
  'CreditMemo',
  'BillRun',
]);

function isIdentified(name: EntityName): name is Identified {
  return IDENTIFIED.includes(name);
}

function emptyIdIndex(): IdIndex {
  return { InvoiceSchedule: new Map(), Invoice: new Map(), CreditMemo: new Map(), BillRun: new Map() };
}

function idOf(record: unknown): string {
  return (record as RecordsOf[Identified]).id;
}

function indexId(index: Map<string, Set<string>>, id: string, key: string): void {
  const keys = index.get(id);
  if (keys === undefined) index.set(id, new Set([key]));
  else keys.add(key);
}

function unindexId(index: Map<string, Set<string>>, id: string, key: string): void {
  const keys = index.get(id);
  if (keys === undefined) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(id);
}

const SEQUENCE_NAMES: readonly SequenceName[] = Object.freeze([
  'InvoiceSchedule',
  'Invoice',
  'CreditMemo',
  'BillRun',
]);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    if (!Object.isFrozen(value)) Object.freeze(value);
  }
  return value;
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function byKey(a: string, b: string): number {
  // Code-unit order, like a binary SQL collation; numbers are zero-padded so this is numeric too.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Encodes an entity for storage, and proves the record reads back: saving a value the codecs
 * reject (a NaN amount, an impossible date) is a programmer error, reported at once rather than
 * when some later transaction reads it.
 */
function encodeChecked<K extends EntityName>(name: K, entity: EntitiesOf[K]): RecordsOf[K] {
  const record = CODECS[name].encode(entity);
  const check = CODECS[name].decode(record);
  if (check.isErr())
    throw new TypeError(`memory store: refusing to save an invalid ${name}: ${check.error.message}`);
  return deepFreeze(record);
}

function decodeStored<K extends EntityName>(name: K, record: RecordsOf[K]): EntitiesOf[K] {
  const decoded = CODECS[name].decode(record);
  // Only records that passed encodeChecked are stored, so this cannot fail short of a bug.
  if (decoded.isErr())
    throw new Error(`memory store: stored ${name} is unreadable: ${decoded.error.message}`);
  return decoded.value;
}

function versionOf(record: unknown): number {
  const version = (record as { readonly version?: unknown }).version;
  // Unversioned aggregates (accounts, orders, bill runs) count as version 1 once stored.
  return typeof version === 'number' ? version : 1;
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
 * - No module-level state: every store is independent.
 * @since 0.1.0
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const tables: Tables = {
    Account: new Map(),
    Order: new Map(),
    Subscription: new Map(),
    InvoiceSchedule: new Map(),
    Invoice: new Map(),
    CreditMemo: new Map(),
    BillRun: new Map(),
  };
  // The committed ids, kept in step with `tables` by seed and commit, so getById is a lookup.
  const byId = emptyIdIndex();
  const idempotency = new Map<string, IdempotencyRecord>();
  const sequences = new Map<SequenceName, number>();
  seed(options.initial ?? {});

  const context = new AsyncLocalStorage<{ active: boolean }>();
  let tail: Promise<void> = Promise.resolve();

  function seed(initial: MemoryStoreSeed): void {
    const put = <K extends EntityName>(name: K, entities: readonly EntitiesOf[K][] | undefined): void => {
      for (const entity of entities ?? []) {
        const record = encodeChecked(name, entity);
        const key = (record as { readonly number: string }).number;
        if (tables[name].has(key))
          throw new Error(`createMemoryStore: initial data has ${name} ${key} twice`);
        tables[name].set(key, record);
        if (isIdentified(name)) indexId(byId[name], idOf(record), key);
      }
    };
    put('Account', initial.accounts);
    put('Order', initial.orders);
    put('Subscription', initial.subscriptions);
    put('InvoiceSchedule', initial.invoiceSchedules);
    put('Invoice', initial.invoices);
    put('CreditMemo', initial.creditMemos);
    put('BillRun', initial.billRuns);
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
    if (context.getStore()?.active === true) {
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
    const token = { active: true };
    const tx = openTransaction();
    try {
      const result = await context.run(token, () => work(tx.repositories));
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
    const writes: Writes = {
      Account: new Map(),
      Order: new Map(),
      Subscription: new Map(),
      InvoiceSchedule: new Map(),
      Invoice: new Map(),
      CreditMemo: new Map(),
      BillRun: new Map(),
    };
    // The ids of this transaction's writes. Until commit, `byId` still names what the transaction may
    // have removed or re-identified, and a later write may do the same to an entry here: readById
    // re-reads every candidate through the transaction and keeps only a record that has the id.
    const writtenIds = emptyIdIndex();
    const idempotencyWrites = new Map<string, IdempotencyRecord>();
    const sequenceWrites = new Map<SequenceName, number>();
    let open = true;

    function guard(method: string): void {
      if (!open) {
        throw new Error(
          `memory store: ${method} was called after its transaction ended. Repositories are valid only inside the work callback.`,
        );
      }
    }

    function read<K extends EntityName>(name: K, key: string): RecordsOf[K] | undefined {
      const written = writes[name];
      if (written.has(key)) return written.get(key) ?? undefined;
      return tables[name].get(key);
    }

    function write<K extends EntityName>(name: K, key: string, record: RecordsOf[K]): void {
      writes[name].set(key, record);
      if (isIdentified(name)) indexId(writtenIds[name], idOf(record), key);
    }

    /** The record with this id as the transaction sees it; the lowest number if several share the id. */
    function readById<K extends Identified>(name: K, id: string): RecordsOf[K] | undefined {
      const keys = new Set([...(byId[name].get(id) ?? []), ...(writtenIds[name].get(id) ?? [])]);
      for (const key of [...keys].sort(byKey)) {
        const record = read(name, key);
        if (record !== undefined && idOf(record) === id) return record;
      }
      return undefined;
    }

    function getById<K extends Identified>(name: K, id: string): EntitiesOf[K] | null {
      const record = readById(name, id);
      return record === undefined ? null : decodeStored(name, record);
    }

    function all<K extends EntityName>(name: K): RecordsOf[K][] {
      const keys = new Set([...tables[name].keys(), ...writes[name].keys()]);
      const out: RecordsOf[K][] = [];
      for (const key of [...keys].sort(byKey)) {
        const record = read(name, key);
        if (record !== undefined) out.push(record);
      }
      return out;
    }

    function get<K extends EntityName>(name: K, key: string): EntitiesOf[K] | null {
      const record = read(name, key);
      return record === undefined ? null : decodeStored(name, record);
    }

    function list<K extends EntityName>(
      name: K,
      keep: (record: RecordsOf[K]) => boolean,
    ): readonly EntitiesOf[K][] {
      return Object.freeze(
        all(name)
          .filter(keep)
          .map((r) => decodeStored(name, r)),
      );
    }

    function insert<K extends EntityName>(
      name: K,
      key: string,
      entity: EntitiesOf[K],
    ): Result<void, VersionConflict> {
      const record = encodeChecked(name, entity);
      const current = read(name, key);
      if (current !== undefined) return err(versionConflict(name, key, 0, versionOf(current)));
      write(name, key, record);
      return ok(undefined);
    }

    function save<K extends 'Subscription' | 'InvoiceSchedule' | 'Invoice' | 'CreditMemo'>(
      name: K,
      entity: EntitiesOf[K],
    ): Result<void, VersionConflict> {
      const { number, version } = entity;
      if (!Number.isSafeInteger(version) || version < 1) {
        throw new TypeError(
          `memory store: ${name} ${number} has version ${version}; versions are whole numbers ≥ 1`,
        );
      }
      const record = encodeChecked(name, entity);
      const current = read(name, number);
      const actual = current === undefined ? null : versionOf(current);
      const expected = version - 1;
      if (expected === 0 ? actual !== null : actual !== expected) {
        return err(versionConflict(name, number, expected, actual));
      }
      write(name, number, record);
      return ok(undefined);
    }

    function remove(
      name: 'InvoiceSchedule',
      key: string,
      expectedVersion: number,
    ): Result<void, VersionConflict> {
      const current = read(name, key);
      const actual = current === undefined ? null : versionOf(current);
      if (actual !== expectedVersion) return err(versionConflict(name, key, expectedVersion, actual));
      writes[name].set(key, null);
      return ok(undefined);
    }

    function idempotencyRecord(key: string): IdempotencyRecord | undefined {
      return idempotencyWrites.get(key) ?? idempotency.get(key);
    }

    function lastNumber(name: SequenceName): number {
      return sequenceWrites.get(name) ?? sequences.get(name) ?? 0;
    }

    const repositories: Repositories = Object.freeze({
      accounts: Object.freeze({
        async get(number: string) {
          guard('accounts.get');
          return get('Account', number);
        },
        async insert(account: Account) {
          guard('accounts.insert');
          return insert('Account', account.number, account);
        },
        async list() {
          guard('accounts.list');
          return list('Account', () => true);
        },
      }),
      orders: Object.freeze({
        async get(number: string) {
          guard('orders.get');
          return get('Order', number);
        },
        async put(order: Order) {
          guard('orders.put');
          writes.Order.set(order.number, encodeChecked('Order', order));
        },
      }),
      subscriptions: Object.freeze({
        async get(number: string) {
          guard('subscriptions.get');
          return get('Subscription', number);
        },
        async save(subscription: Subscription) {
          guard('subscriptions.save');
          return save('Subscription', subscription);
        },
        async listByAccount(accountNumber: string) {
          guard('subscriptions.listByAccount');
          return list('Subscription', (r) => r.accountNumber === accountNumber);
        },
      }),
      invoiceSchedules: Object.freeze({
        async get(number: string) {
          guard('invoiceSchedules.get');
          return get('InvoiceSchedule', number);
        },
        async getById(id: string) {
          guard('invoiceSchedules.getById');
          return getById('InvoiceSchedule', id);
        },
        async save(schedule: InvoiceSchedule) {
          guard('invoiceSchedules.save');
          return save('InvoiceSchedule', schedule);
        },
        async listByAccount(accountNumber: string) {
          guard('invoiceSchedules.listByAccount');
          return list('InvoiceSchedule', (r) => r.accountNumber === accountNumber);
        },
        async listWithItemsDue(targetDate: BusinessDate, filter: BillRunFilter) {
          guard('invoiceSchedules.listWithItemsDue');
          return list('InvoiceSchedule', (r) => matchesFilter(r, filter) && isDue(r, targetDate));
        },
        async listByCharge(subscriptionNumber: string, chargeNumber: string) {
          guard('invoiceSchedules.listByCharge');
          return list('InvoiceSchedule', (r) =>
            r.charges.some(
              (c) => c.subscriptionNumber === subscriptionNumber && c.chargeNumber === chargeNumber,
            ),
          );
        },
        async remove(number: string, expectedVersion: number) {
          guard('invoiceSchedules.remove');
          return remove('InvoiceSchedule', number, expectedVersion);
        },
      }),
      invoices: Object.freeze({
        async get(number: string) {
          guard('invoices.get');
          return get('Invoice', number);
        },
        async getById(id: string) {
          guard('invoices.getById');
          return getById('Invoice', id);
        },
        async save(invoice: Invoice) {
          guard('invoices.save');
          return save('Invoice', invoice);
        },
        async listBySchedule(invoiceScheduleNumber: string) {
          guard('invoices.listBySchedule');
          return list('Invoice', (r) =>
            r.lines.some((l) => l.invoiceScheduleNumber === invoiceScheduleNumber),
          );
        },
        async listByAccount(accountNumber: string) {
          guard('invoices.listByAccount');
          return list('Invoice', (r) => r.accountNumber === accountNumber);
        },
        async listByCharge(subscriptionNumber: string, chargeNumber: string) {
          guard('invoices.listByCharge');
          return list('Invoice', (r) =>
            r.lines.some(
              (l) => l.subscriptionNumber === subscriptionNumber && l.chargeNumber === chargeNumber,
            ),
          );
        },
      }),
      creditMemos: Object.freeze({
        async get(number: string) {
          guard('creditMemos.get');
          return get('CreditMemo', number);
        },
        async getById(id: string) {
          guard('creditMemos.getById');
          return getById('CreditMemo', id);
        },
        async save(creditMemo: CreditMemo) {
          guard('creditMemos.save');
          return save('CreditMemo', creditMemo);
        },
        async listByAccount(accountNumber: string) {
          guard('creditMemos.listByAccount');
          return list('CreditMemo', (r) => r.accountNumber === accountNumber);
        },
        async listBySchedule(invoiceScheduleNumber: string) {
          guard('creditMemos.listBySchedule');
          return list('CreditMemo', (r) =>
            r.lines.some((l) => l.invoiceScheduleNumber === invoiceScheduleNumber),
          );
        },
      }),
      billRuns: Object.freeze({
        async get(number: string) {
          guard('billRuns.get');
          return get('BillRun', number);
        },
        async getById(id: string) {
          guard('billRuns.getById');
          return getById('BillRun', id);
        },
        async insert(billRun: BillRun) {
          guard('billRuns.insert');
          return insert('BillRun', billRun.number, billRun);
        },
      }),
      idempotency: Object.freeze({
        async get(key: string) {
          guard('idempotency.get');
          return idempotencyRecord(key) ?? null;
        },
        async insert(record: IdempotencyRecord) {
          guard('idempotency.insert');
          if (idempotencyRecord(record.key) !== undefined) return false;
          idempotencyWrites.set(
            record.key,
            Object.freeze({ key: record.key, operation: record.operation, result: record.result }),
          );
          return true;
        },
      }),
      sequences: Object.freeze({
        async next(name: SequenceName) {
          guard('sequences.next');
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
        for (const name of ENTITY_NAMES) {
          const table = tables[name] as Map<string, unknown>;
          for (const [key, record] of writes[name]) {
            if (isIdentified(name)) {
              const before = table.get(key);
              if (before !== undefined) unindexId(byId[name], idOf(before), key);
              if (record !== null) indexId(byId[name], idOf(record), key);
            }
            if (record === null) table.delete(key);
            else table.set(key, record);
          }
        }
        for (const [key, record] of idempotencyWrites) idempotency.set(key, record);
        for (const [name, n] of sequenceWrites) sequences.set(name, n);
      },
      close(): void {
        open = false;
      },
    };
  }

  const committed = <K extends EntityName>(name: K, key: string): RecordsOf[K] | null =>
    tables[name].get(key) ?? null;
  const sorted = <K extends EntityName>(name: K): RecordsOf[K][] =>
    [...tables[name].entries()].sort(([a], [b]) => byKey(a, b)).map(([, r]) => r);

  const probe: MemoryStoreProbe = Object.freeze({
    account: (number: string) => committed('Account', number),
    order: (number: string) => committed('Order', number),
    subscription: (number: string) => committed('Subscription', number),
    invoiceSchedule: (number: string) => committed('InvoiceSchedule', number),
    invoice: (number: string) => committed('Invoice', number),
    creditMemo: (number: string) => committed('CreditMemo', number),
    billRun: (number: string) => committed('BillRun', number),
    idempotencyKey: (key: string) => idempotency.get(key) ?? null,
    sequence: (name: SequenceName) => sequences.get(name) ?? 0,
    snapshot: (): MemoryStoreSnapshot =>
      jsonCopy({
        accounts: sorted('Account'),
        orders: sorted('Order'),
        subscriptions: sorted('Subscription'),
        invoiceSchedules: sorted('InvoiceSchedule'),
        invoices: sorted('Invoice'),
        creditMemos: sorted('CreditMemo'),
        billRuns: sorted('BillRun'),
        idempotency: [...idempotency.entries()].sort(([a], [b]) => byKey(a, b)).map(([, r]) => r),
        sequences: Object.fromEntries(
          SEQUENCE_NAMES.map((name) => [name, sequences.get(name) ?? 0]),
        ) as Record<SequenceName, number>,
      }),
  });

  return Object.freeze({ transaction, probe });
}
