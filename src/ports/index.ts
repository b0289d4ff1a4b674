import type { Result } from 'neverthrow';
import type { BillRun, BillRunAccount } from '../domain/billing/bill-run';
import type { BillingEvent } from '../domain/billing/events';
import type { Account } from '../domain/contract/account';
import type { Subscription } from '../domain/contract/subscription';
import type { AdditionalLineInput, InvoiceProposal } from '../domain/documents/additional-lines';
import type { CreditMemo, CreditMemoStatus } from '../domain/documents/credit-memo';
import type { Invoice, InvoiceStatus } from '../domain/documents/invoice';
import type { Order } from '../domain/order/order';
import type { InvoiceSchedule, InvoiceScheduleStatus } from '../domain/schedule/schedule';
import type { TenantSettings } from '../domain/settings';
import type { Clock } from '../time/clock';
import type { BusinessDate } from '../time/date';

export type { Clock };

/**
 * The aggregates the repositories store.
 * @category Ports
 * @since 0.1.0
 */
export type EntityName =
  | 'Account'
  | 'Subscription'
  | 'Order'
  | 'InvoiceSchedule'
  | 'Invoice'
  | 'CreditMemo'
  | 'BillRun'
  | 'BillRunAccount';

/**
 * The store kept refusing the operation's transaction with a transient failure — a serialization failure
 * (`40001`) or a deadlock (`40P01`), thrown by the adapter with that `code` — on every one of its 3
 * attempts. Nothing of the operation was saved; it is safe to run again (`retryable: true`), with the same
 * idempotency key if it had one.
 * @category Errors
 * @since 0.2.0
 */
export interface StoreConflict {
  readonly type: 'StoreConflict';
  readonly message: string;
  /** The `code` of the last failure thrown by the store (`40001` or `40P01`). */
  readonly code: string;
  /** How many times the transaction ran. */
  readonly attempts: number;
  /** Always `true`: running the operation again may succeed. */
  readonly retryable: true;
}

/**
 * A compare-and-set save found another version than the one the caller read: somebody else
 * changed the record first. Reload and retry the operation.
 * @category Errors
 * @since 0.1.0
 */
export interface VersionConflict {
  readonly type: 'VersionConflict';
  readonly message: string;
  /** Which aggregate. */
  readonly entity: EntityName;
  /** Its number (key). */
  readonly key: string;
  /** The version the caller expected to replace (0 for an insert). */
  readonly expectedVersion: number;
  /** The version found in the store (`null` when absent). */
  readonly actualVersion: number | null;
}

/**
 * Saves of versioned aggregates are compare-and-set: an entity with `version` 1 is inserted
 * (conflict when the key exists); an entity with `version` n > 1 replaces the stored version
 * n − 1 (conflict otherwise).
 * @category Ports
 * @since 0.1.0
 */
export interface VersionedRepository<T extends { readonly number: string; readonly version: number }> {
  /** The entity with this number, or `null`. */
  get(number: string): Promise<T | null>;
  /** Compare-and-set save (see the interface doc). */
  save(entity: T): Promise<Result<void, VersionConflict>>;
  /**
   * Optional batch form of `save`: each entity saved as `save` would (distinct numbers), in one call — on
   * PostgreSQL one statement for the inserts and one for the updates. On a conflict it returns the conflict
   * of one of them, and the caller rolls the transaction back (what was written before it does not count).
   * Bill runs save a batch of accounts' documents and schedules with it; without it, one `save` per entity.
   * @since 0.2.0
   */
  saveMany?(entities: readonly T[]): Promise<Result<void, VersionConflict>>;
}

/**
 * Accounts: insert once, read by number.
 * @category Ports
 * @since 0.1.0
 */
export interface AccountRepository {
  /** The account with this number, or `null`. */
  get(number: string): Promise<Account | null>;
  /**
   * Inserts a new account; a conflict when the number exists (`expectedVersion` 0, `actualVersion` 1:
   * accounts are unversioned and count as version 1 once stored).
   */
  insert(account: Account): Promise<Result<void, VersionConflict>>;
  /**
   * One page of accounts, ordered by number in code point order (the order of the numbers' UTF-8
   * bytes, as a binary collation such as PostgreSQL's `COLLATE "C"` gives it; not JavaScript's `<`,
   * which differs for characters above U+FFFF): the first `limit` accounts whose number sorts after
   * `after` (`null`: from the first). A bill run pages
   * through every account with it instead of loading them all. Since 0.2 it takes the page; an
   * adapter that ignores it and returns everything is refused by the bill run.
   */
  list(after: string | null, limit: number): Promise<readonly Account[]>;
  /**
   * Takes the account's **billing claim** until the transaction ends. Every operation that bills,
   * credits or changes what is scheduled for an account claims it first, before reading what it decides
   * on; a concurrent transaction claiming the same account waits until this one commits or rolls back,
   * and then reads what it committed. That makes the invariants spanning rows — a charge covered by at
   * most one schedule, billed at most its value — hold at READ COMMITTED, the way Kill Bill serialises
   * invoice generation per account. Implement it as a row lock held to the end of the transaction
   * (`SELECT 1 FROM accounts WHERE number = $1 FOR UPDATE`); claiming an unknown account does nothing.
   * A store that runs one transaction at a time may make it a no-op. At REPEATABLE READ or SERIALIZABLE
   * the database may refuse the second claim with a serialization failure (40001): throw it, and the
   * operation runs its transaction again. @since 0.2.0
   */
  claim(accountNumber: string): Promise<void>;
  /**
   * Optional batch form of {@link AccountRepository.claim}: takes the claims of these accounts (given in
   * ascending number order, each once) in one call, locking them in that order — on PostgreSQL one
   * statement that looks the keys up one at a time (docs/guides/repositories.md). Each claim is a row lock
   * held to the end of the transaction, exactly as `claim`'s: it waits for a claim another transaction holds
   * (by `claim` or `claimMany`), and a later claim of any of these accounts waits for this transaction. Bill
   * runs bill a batch of accounts per transaction with it, instead of `claim`; without it they call `claim`
   * per account. @since 0.2.0
   */
  claimMany?(accountNumbers: readonly string[]): Promise<void>;
}

/**
 * Orders: inserted once, read, and replaced when activated (under the account's claim).
 * @category Ports
 * @since 0.1.0
 */
export interface OrderRepository {
  /** The order with this number, or `null`. */
  get(number: string): Promise<Order | null>;
  /**
   * Inserts a new order; a conflict when the number exists (a unique key: of two concurrent saves of one
   * order number, one conflicts instead of replacing the other), with `expectedVersion` 0 and
   * `actualVersion` 1 (orders are unversioned and count as version 1 once stored). @since 0.2.0
   */
  insert(order: Order): Promise<Result<void, VersionConflict>>;
  /** Replaces the order (activation sets its status; the library holds the account's claim). */
  put(order: Order): Promise<void>;
}

/**
 * Subscriptions, versioned.
 * @category Ports
 * @since 0.1.0
 */
export interface SubscriptionRepository extends VersionedRepository<Subscription> {
  /** Subscriptions whose owner is this account, ordered by number. */
  listByAccount(accountNumber: string): Promise<readonly Subscription[]>;
  /**
   * Optional batch form of `listByAccount`: the subscriptions of any of these accounts, ordered by number.
   * Bill runs read a batch of accounts with one call; without it, one `listByAccount` per account.
   * @since 0.2.0
   */
  listByAccounts?(accountNumbers: readonly string[]): Promise<readonly Subscription[]>;
  /**
   * The optional batch save every {@link VersionedRepository} may have. Not called by the library for
   * subscriptions (bill runs save no subscription; the operations that change one call `save`), not
   * implemented by the memory and PostgreSQL stores, and not checked by the contract kit: an adapter need
   * not have it. @since 0.2.0
   */
  saveMany?(entities: readonly Subscription[]): Promise<Result<void, VersionConflict>>;
}

/**
 * Filter of a bill run (reference §6.5): by accounts and/or schedules; empty lists mean all.
 * @category Ports
 * @since 0.1.0
 */
export interface BillRunFilter {
  /** Only these accounts. */
  readonly accountNumbers?: readonly string[];
  /** Only these schedules. */
  readonly invoiceScheduleNumbers?: readonly string[];
}

/**
 * The orders a page of invoice schedules can be asked in (see {@link InvoiceSchedulePageQuery}). Each is
 * total: `number` by number; `nextRunDate` by next run date, schedules without one last, ties broken
 * by number.
 * @category Ports
 * @since 0.2.0
 */
export type InvoiceSchedulePageOrder = 'number' | 'nextRunDate';

/**
 * Where a page of invoice schedules continues: the sort key of the last schedule of the previous page.
 * @category Ports
 * @since 0.2.0
 */
export interface InvoiceSchedulePageKey {
  /** The last schedule's number. */
  readonly number: string;
  /**
   * The last schedule's `nextRunDate` (`null`: it had none, so it sorted after every date). Read only
   * for the order `nextRunDate`.
   */
  readonly nextRunDate: BusinessDate | null;
}

/**
 * One page of invoice schedules (`invoiceSchedules.page`): the filters (each optional, all of them
 * combined with AND), the order, where the page starts and how many rows it may hold.
 * @example
 * ```ts
 * // The first 20 Pending schedules of an account, the next to run first.
 * const rows = await repos.invoiceSchedules.page({
 *   accountNumber: 'A-001',
 *   status: 'Pending',
 *   order: 'nextRunDate',
 *   after: null,
 *   limit: 20,
 * });
 * ```
 * @category Ports
 * @since 0.2.0
 */
export interface InvoiceSchedulePageQuery {
  /** Only this account's schedules. */
  readonly accountNumber?: string;
  /** Only schedules in this status (`Paused` ones are `Paused`, whatever they were before). */
  readonly status?: InvoiceScheduleStatus;
  /** Only schedules with a `nextRunDate` on or after this date (schedules without one are left out). */
  readonly nextRunDateFrom?: BusinessDate;
  /** Only schedules with a `nextRunDate` on or before this date (schedules without one are left out). */
  readonly nextRunDateTo?: BusinessDate;
  /**
   * Only the schedules due on this date, exactly as `listWithItemsDue` defines them: an item not yet
   * Processed whose run date is on or before it, or a `nextRunDate` on or before it. Paused ones included;
   * a deleted schedule is never due, with `includeDeleted` too.
   */
  readonly dueOn?: BusinessDate;
  /**
   * Only schedules whose `updatedAt` is at or after this instant (an ISO 8601 instant in UTC with three
   * decimals, as `toISOString` writes it); schedules without `updatedAt` are left out. @since 0.2.0
   */
  readonly updatedSince?: string;
  /**
   * Include deleted schedules (`deleted: true`). By default they are left out: a page holds `limit`
   * schedules that are not deleted when there are that many. @since 0.2.0
   */
  readonly includeDeleted?: boolean;
  /** The order of the rows. */
  readonly order: InvoiceSchedulePageOrder;
  /** Start after this key (in `order`); `null`: from the first. */
  readonly after: InvoiceSchedulePageKey | null;
  /** At most this many rows (a whole number ≥ 1). */
  readonly limit: number;
}

/**
 * One page of invoices (`invoices.page`), ordered by number: the filters (each optional, combined with
 * AND), where the page starts and how many rows it may hold.
 * @example
 * ```ts
 * // The Posted invoices of a schedule, 20 at a time.
 * const rows = await repos.invoices.page({ invoiceScheduleNumber: 'IS-00000001', status: 'Posted', after: null, limit: 20 });
 * ```
 * @category Ports
 * @since 0.2.0
 */
export interface InvoicePageQuery {
  /** Only this account's invoices. */
  readonly accountNumber?: string;
  /** Only invoices with at least one line produced by this schedule (by its number). */
  readonly invoiceScheduleNumber?: string;
  /** Only invoices in this status. */
  readonly status?: InvoiceStatus;
  /** Start after this number; `null`: from the first. */
  readonly after: string | null;
  /** At most this many rows (a whole number ≥ 1). */
  readonly limit: number;
}

/**
 * One page of credit memos (`creditMemos.page`), ordered by number: the filters (each optional,
 * combined with AND), where the page starts and how many rows it may hold.
 * @example
 * ```ts
 * // An account's credit memos, 20 at a time, continuing after the last one shown.
 * const rows = await repos.creditMemos.page({ accountNumber: 'A-001', after: 'CM00000020', limit: 20 });
 * ```
 * @category Ports
 * @since 0.2.0
 */
export interface CreditMemoPageQuery {
  /** Only this account's credit memos. */
  readonly accountNumber?: string;
  /** Only memos with at least one line produced by this schedule (by its number). */
  readonly invoiceScheduleNumber?: string;
  /** Only memos in this status. */
  readonly status?: CreditMemoStatus;
  /** Start after this number; `null`: from the first. */
  readonly after: string | null;
  /** At most this many rows (a whole number ≥ 1). */
  readonly limit: number;
}

/**
 * Invoice schedules, versioned; read by number (`get`) or by id (`getById`).
 * @category Ports
 * @since 0.1.0
 */
export interface InvoiceScheduleRepository extends VersionedRepository<InvoiceSchedule> {
  /**
   * The schedule whose `id` is `id`, or `null`. Operations accept a schedule's number or its id
   * (reference §2.1, "scheduleKey"): they call `get(key)`, then `getById(key)` when that is `null`.
   * Only this aggregate's ids: an invoice's id gives `null`. Sees the transaction's own writes,
   * removals included. Back it with an index on the id (ids are unique).
   */
  getById(id: string): Promise<InvoiceSchedule | null>;
  /** Schedules of this account, ordered by number. */
  listByAccount(accountNumber: string): Promise<readonly InvoiceSchedule[]>;
  /**
   * Optional batch form of `listByAccount`: the schedules of any of these accounts, ordered by number
   * (deleted ones may be returned: the operations leave them out). @since 0.2.0
   */
  listByAccounts?(accountNumbers: readonly string[]): Promise<readonly InvoiceSchedule[]>;
  /**
   * Every schedule that matches the filter and has an item not yet Processed whose run date is
   * on or before `targetDate`, or whose `nextRunDate` is on or before `targetDate` (a credit
   * due, §6.6), ordered by number. Paused schedules must be returned too: the planner skips them
   * unless the bill run was started with `includePausedSchedules` (decision 16). May return more
   * than that (the planner re-checks), never less.
   */
  listWithItemsDue(targetDate: BusinessDate, filter: BillRunFilter): Promise<readonly InvoiceSchedule[]>;
  /** Schedules covering this charge (used to refuse a charge already in a schedule). */
  listByCharge(subscriptionNumber: string, chargeNumber: string): Promise<readonly InvoiceSchedule[]>;
  /**
   * One page of schedules (the listings a host shows, `listInvoiceSchedules` and `listItemsDue`): the
   * first `query.limit` schedules that pass every filter of the query, in `query.order`, strictly after
   * `query.after` — keyset pagination, never an offset. Exactly the matching rows (unlike
   * `listWithItemsDue`, never more), each once, removed ones never; sees the transaction's own writes.
   * A SQL adapter answers each order from an index: `WHERE (sort_key, number) > ($1, $2) ORDER BY
   * sort_key, number LIMIT $3`, with indexes on `(number)`, `(account_number, number)`, `(status, number)`
   * and the same three with the next run date (nulls last) before the number.
   * @since 0.2.0
   */
  page(query: InvoiceSchedulePageQuery): Promise<readonly InvoiceSchedule[]>;
  /** Deletes the schedule if its stored version is `expectedVersion`. */
  remove(number: string, expectedVersion: number): Promise<Result<void, VersionConflict>>;
}

/**
 * Invoices, versioned; read by number (`get`) or by id (`getById`).
 * @category Ports
 * @since 0.1.0
 */
export interface InvoiceRepository extends VersionedRepository<Invoice> {
  /**
   * The invoice whose `id` is `id`, or `null`. Operations accept an invoice's number or its id
   * (reference §2.1, "scheduleKey"): they call `get(key)`, then `getById(key)` when that is `null`.
   * Only this aggregate's ids: a schedule's id gives `null`. Sees the transaction's own writes.
   * Back it with an index on the id (ids are unique).
   */
  getById(id: string): Promise<Invoice | null>;
  /** Invoices with a line produced by this schedule, ordered by number. */
  listBySchedule(invoiceScheduleNumber: string): Promise<readonly Invoice[]>;
  /**
   * Optional batch form of `listBySchedule`: the invoices with a line produced by any of these schedules,
   * each once, ordered by number. @since 0.2.0
   */
  listBySchedules?(invoiceScheduleNumbers: readonly string[]): Promise<readonly Invoice[]>;
  /**
   * Invoices with a line for this charge, ordered by number. An additional line (a hook's tax or fee, whose
   * subscription and charge numbers are empty) is no charge's line: the core never asks for it, and an adapter
   * need not index it (the shipped stores do not).
   */
  listByCharge(subscriptionNumber: string, chargeNumber: string): Promise<readonly Invoice[]>;
  /**
   * Every invoice of this account whatever its status — Draft, Posted, Canceled, Reversed — ordered
   * by number. Drafts above all: standard billing counts what they bill as billed, and bills it again
   * without them.
   */
  listByAccount(accountNumber: string): Promise<readonly Invoice[]>;
  /**
   * One page of invoices: the first `query.limit` invoices that pass every filter of the query, ordered
   * by number, numbered strictly after `query.after`; sees the transaction's own writes. Answer the
   * account filter from the `(account_number, number)` index and the schedule filter from the
   * by-schedule rows keyed `(invoice_schedule_number, invoice_number)`, stopping at `limit`.
   * @since 0.2.0
   */
  page(query: InvoicePageQuery): Promise<readonly Invoice[]>;
}

/**
 * Credit memos, versioned; read by number (`get`) or by id (`getById`).
 * @category Ports
 * @since 0.1.0
 */
export interface CreditMemoRepository extends VersionedRepository<CreditMemo> {
  /**
   * The credit memo whose `id` is `id`, or `null`. Operations accept a credit memo's number or
   * its id (reference §2.1, "scheduleKey"): they call `get(key)`, then `getById(key)` when that is `null`.
   * Only this aggregate's ids: an invoice's id gives `null`. Sees the transaction's own writes.
   * Back it with an index on the id (ids are unique).
   */
  getById(id: string): Promise<CreditMemo | null>;
  /**
   * Every credit memo with at least one line produced by this schedule (on any line, not only the
   * first), in any status (Draft, Posted, Canceled), ordered by number; none of other schedules.
   */
  listBySchedule(invoiceScheduleNumber: string): Promise<readonly CreditMemo[]>;
  /**
   * Optional batch form of `listBySchedule`: the credit memos with a line produced by any of these
   * schedules, each once, ordered by number. @since 0.2.0
   */
  listBySchedules?(invoiceScheduleNumbers: readonly string[]): Promise<readonly CreditMemo[]>;
  /** Every credit memo of this account, in any status (Draft, Posted, Canceled), ordered by number. */
  listByAccount(accountNumber: string): Promise<readonly CreditMemo[]>;
  /**
   * One page of credit memos: the first `query.limit` memos that pass every filter of the query,
   * ordered by number, numbered strictly after `query.after`; sees the transaction's own writes.
   * Indexed as `invoices.page` is.
   * @since 0.2.0
   */
  page(query: CreditMemoPageQuery): Promise<readonly CreditMemo[]>;
}

/**
 * Bill runs and their accounts' parts. A run over accounts is inserted `Running`, each account's part
 * is saved as the account is billed, and the run is saved `Completed` at the end; executions and
 * "generate billing documents" insert a completed run at once.
 * @category Ports
 * @since 0.1.0
 */
export interface BillRunRepository {
  /** The bill run with this number, or `null`. */
  get(number: string): Promise<BillRun | null>;
  /**
   * The bill run whose `id` is `id`, or `null`. Operations accept a bill run's number or its id
   * (reference §2.1, "scheduleKey"): they call `get(key)`, then `getById(key)` when that is `null`.
   * Only this aggregate's ids: a schedule's id gives `null`. Sees the transaction's own writes.
   * Back it with an index on the id (ids are unique).
   */
  getById(id: string): Promise<BillRun | null>;
  /**
   * Inserts the record; a conflict when the number exists (`expectedVersion` 0, `actualVersion` the stored
   * run's `version`: 2 once a version-2 save completed it).
   */
  insert(billRun: BillRun): Promise<Result<void, VersionConflict>>;
  /**
   * Compare-and-set save of a run (its `version` n replaces the stored n − 1; a conflict otherwise):
   * `Running` → `Completed`. @since 0.2.0
   */
  save(billRun: BillRun): Promise<Result<void, VersionConflict>>;
  /** The part of this account in this run, or `null`. @since 0.2.0 */
  getAccount(billRunNumber: string, accountNumber: string): Promise<BillRunAccount | null>;
  /**
   * Optional batch form of `getAccount`: the parts of these accounts in this run (those that have one),
   * ordered by account number. @since 0.2.0
   */
  getAccounts?(billRunNumber: string, accountNumbers: readonly string[]): Promise<readonly BillRunAccount[]>;
  /**
   * Compare-and-set save of an account's part, keyed by (run, account): version 1 inserts (a conflict
   * when the part exists: two workers billed the account, one rolls back), n replaces n − 1. A conflict
   * names entity `BillRunAccount` and key `<billRunNumber>/<accountNumber>`.
   * @since 0.2.0
   */
  saveAccount(part: BillRunAccount): Promise<Result<void, VersionConflict>>;
  /**
   * Optional batch form of `saveAccount` (distinct accounts): on a conflict it returns one of them, and the
   * caller rolls the transaction back. @since 0.2.0
   */
  saveAccounts?(parts: readonly BillRunAccount[]): Promise<Result<void, VersionConflict>>;
  /** Every part of this run, ordered by account number. @since 0.2.0 */
  listAccounts(billRunNumber: string): Promise<readonly BillRunAccount[]>;
  /**
   * Leases up to `limit` accounts of the run to `request.worker` until `request.leasedUntil`, and returns
   * their numbers. Which accounts: first those whose lease expired without being done (those whose lease
   * ended first, then by account), then accounts no lease has covered yet, continuing from the last account
   * this run leased (a cursor per run, so each call costs what it returns, however far the run is). In what
   * order: ascending (code point order), whatever order they were chosen in — `workOnBillRun` bills them in
   * the order returned, in batches whose accounts must be ascending (a batch out of order is a TypeError).
   * An empty answer means that, at `now`, every account of the run is leased or done.
   *
   * Finding the expired leases should not cost more as the run goes on: on PostgreSQL, index the leases not
   * done by their end (`(bill_run_number, leased_until, account_number) WHERE NOT done`), not by account — a
   * lease marked done leaves its old entry in such a partial index until vacuum, so a bitmap scan by account
   * reads every lease the run has taken — and have the table vacuumed often (docs/guides/postgres.md). Mark
   * leases done (`finishAccountLeases`) through the primary key, not that index: its accounts come third.
   *
   * Several workers call this at once. On PostgreSQL: take the expired leases with
   * `SELECT … FOR UPDATE SKIP LOCKED` (two workers never take the same one), and the new accounts under a
   * row lock on the run's cursor (`SELECT … FOR UPDATE`), then write the leases and move the cursor in
   * the same transaction. @since 0.2.0
   */
  leaseAccounts(request: BillRunLeaseRequest): Promise<readonly string[]>;
  /**
   * Marks the leases of these accounts in this run `done` (whoever holds them now); an account without a
   * lease is ignored. No port reads a lease once it is done, so an adapter may delete it instead, as the
   * PostgreSQL adapter does (its table then holds only the open leases); the run's cursor must still never hand
   * the account out again. @since 0.2.0
   */
  finishAccountLeases(billRunNumber: string, accountNumbers: readonly string[]): Promise<void>;
  /** The run's leases that are not `done`, ordered by account number. @since 0.2.0 */
  listOpenLeases(billRunNumber: string): Promise<readonly BillRunLease[]>;
}

/**
 * A worker's hold on one account of a bill run shared by many workers (`workOnBillRun`): until
 * `leasedUntil`, other workers leave the account alone; once it has passed and the lease is not `done`
 * (the worker died or stalled), another worker leases the account again. Leases only spread the work:
 * billing stays safe without them (the account's claim and its `Billed` part make a second visit
 * bill nothing).
 * @category Ports
 * @since 0.2.0
 */
export interface BillRunLease {
  readonly billRunNumber: string;
  readonly accountNumber: string;
  /** The worker holding (or last holding) the lease. */
  readonly worker: string;
  /** When the lease ends: an ISO 8601 instant in UTC (`Date.prototype.toISOString`). */
  readonly leasedUntil: string;
  /** Whether the account was visited to the end (billed, failed, or nothing to bill). */
  readonly done: boolean;
}

/**
 * What {@link BillRunRepository.leaseAccounts} is asked for.
 * @category Ports
 * @since 0.2.0
 */
export interface BillRunLeaseRequest {
  readonly billRunNumber: string;
  /** Who takes the accounts: recorded on each lease. */
  readonly worker: string;
  /** At most this many accounts (a whole number ≥ 1). */
  readonly limit: number;
  /**
   * The current instant, as `Date.prototype.toISOString` writes it (`YYYY-MM-DDTHH:MM:SS.sssZ`): a lease whose
   * `leasedUntil` is at or before it has expired.
   */
  readonly now: string;
  /** When the leases taken now end (as `now` is written; after `now`). */
  readonly leasedUntil: string;
  /**
   * The run's accounts when it names them (ascending in code point order, each once), or `null`: every
   * account of the store, in number order (code point order, as `accounts.list` pages).
   */
  readonly among: readonly string[] | null;
}

/**
 * What an idempotency key recorded: the operation and the result it returned first.
 * @category Ports
 * @since 0.1.0
 */
export interface IdempotencyRecord {
  /** The key. */
  readonly key: string;
  /** Operation name, e.g. `executeInvoiceSchedule`. */
  readonly operation: string;
  /**
   * The first result, as text: a reference (a bill run's number; a credit memo's number in records written
   * before 0.2.0) or the JSON of the records the call returned, which a retry answers with (since 0.2.0). For a
   * keyed `createInvoiceSchedule` or `updateInvoiceSchedule`, the schedule: some 140 characters per covered
   * charge (413,175 for a schedule of 3,000 charges), up to a few million at the limits of `SCHEDULE_LIMITS`
   * with long numbers and custom fields. For a keyed `applyCreditMemo` or `unapplyCreditMemo`, the memo and the
   * invoices it settled: some 320 characters per invoice line (an apply to 100 invoices of 300 lines each, its
   * limit of invoices, records about 9.6 million). Store it whole, as given: a text column without a length limit. A record is kept until
   * `pruneIdempotencyRecords` deletes it (see {@link IdempotencyRepository.deleteCreatedBefore}); a retry
   * after that is a new request.
   */
  readonly result: string;
  /**
   * Fingerprint of the request the key was first used with (decision 14): a retry must send the same
   * request. Absent on records written before 0.2, and on the library's own execution claims.
   */
  readonly fingerprint?: string;
  /**
   * When the record was written: an instant from the context's clock, as `Date.prototype.toISOString`
   * writes it (`YYYY-MM-DDTHH:MM:SS.sssZ`), the age `pruneIdempotencyRecords` goes by. Every record the
   * library writes carries it; absent on records written before (their age is unknown: they are never
   * pruned). Store it and give it back as given (a nullable `timestamptz` read back in that form).
   * @since 0.2.0
   */
  readonly createdAt?: string;
}

/**
 * Unique idempotency keys (decision 14). `insert` of an existing key fails, which makes two
 * concurrent executions of the same item conflict instead of billing twice. Records are kept until the
 * host prunes them by age (`pruneIdempotencyRecords`, through the optional `deleteCreatedBefore`).
 * @category Ports
 * @since 0.1.0
 */
export interface IdempotencyRepository {
  /** The record for this key, or `null`. */
  get(key: string): Promise<IdempotencyRecord | null>;
  /** Inserts the record; `false` when the key already exists. */
  insert(record: IdempotencyRecord): Promise<boolean>;
  /**
   * Optional batch form of `insert` (distinct keys): inserts the records whose key does not exist yet and
   * returns the keys that existed already (empty: all inserted). @since 0.2.0
   */
  insertMany?(records: readonly IdempotencyRecord[]): Promise<readonly string[]>;
  /**
   * Optional: deletes at most `limit` (a whole number ≥ 1) records whose `createdAt` is before
   * `before` (an instant as `toISOString` writes it), the oldest first (the library's adapters break ties by key),
   * and returns how many it deleted.
   * A record without `createdAt` is never deleted (its age is unknown), nor one written at or after
   * `before`. Transactional like the other writes (a rollback keeps every record), and quick: the library
   * calls it once per transaction with a `limit` of at most 1,000, so back it with an index on the
   * creation time (PostgreSQL: `DELETE … WHERE key = ANY (ARRAY(SELECT key … ORDER BY created_at, key LIMIT $2 FOR
   * UPDATE SKIP LOCKED))`, so two pruners share the work instead of waiting for each other). Which records are
   * safe to delete is the operation's business, not the adapter's: `pruneIdempotencyRecords` never asks
   * for records younger than its minimum retention (docs/guides/repositories.md "Pruning old keys"). A
   * store without it cannot be pruned: `pruneIdempotencyRecords` answers `InvalidInput` at
   * `context.store`. @since 0.2.0
   */
  deleteCreatedBefore?(before: string, limit: number): Promise<number>;
}

/**
 * Names of the number sequences.
 * @category Ports
 * @since 0.1.0
 */
export type SequenceName = 'InvoiceSchedule' | 'Invoice' | 'CreditMemo' | 'BillRun';

/**
 * Gapless number sequences, transactional like the repositories: a rolled-back transaction
 * gives its numbers back.
 * @category Ports
 * @since 0.1.0
 */
export interface SequenceRepository {
  /** The next number of the sequence, starting at 1. */
  next(name: SequenceName): Promise<number>;
  /**
   * Optional: reserves `count` (≥ 1) consecutive numbers of the sequence at once and returns the first
   * (the same numbers `count` calls of `next` would give; gapless like them). A bill run draws the numbers
   * of a whole batch of accounts with one call, at the end of its transaction — on PostgreSQL that keeps
   * the sequence's row lock, which serialises writers until they commit, as short as it can be.
   * @since 0.2.0
   */
  nextBlock?(name: SequenceName, count: number): Promise<number>;
}

/**
 * Everything one transaction can read and write.
 * @category Ports
 * @since 0.1.0
 */
export interface Repositories {
  readonly accounts: AccountRepository;
  readonly orders: OrderRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly invoiceSchedules: InvoiceScheduleRepository;
  readonly invoices: InvoiceRepository;
  readonly creditMemos: CreditMemoRepository;
  readonly billRuns: BillRunRepository;
  readonly idempotency: IdempotencyRepository;
  readonly sequences: SequenceRepository;
  /**
   * Where the domain events of each committed transaction are written, in that transaction (optional: a
   * store without it still returns the events in the operations' results). @since 0.2.0
   */
  readonly outbox?: OutboxRepository;
}

/**
 * The transactional outbox (docs/events.md): the library appends the events of a transaction's saved
 * changes in the same transaction, so they are stored exactly when the changes are, and a relay of the
 * host's publishes them afterwards (at least once; consumers deduplicate by `id`).
 * @category Ports
 * @since 0.2.0
 */
export interface OutboxRepository {
  /**
   * Stores the events, in order, after those appended before. An event whose `id` is stored already is
   * skipped (its change was saved once; a second append of it is a no-op, not an error).
   */
  append(events: readonly BillingEvent[]): Promise<void>;
}

/**
 * An event as an outbox stores it: `position` orders the outbox (1, 2, … in the memory store; a
 * `bigserial` on PostgreSQL, increasing but not gapless).
 * @category Ports
 * @since 0.2.0
 */
export interface OutboxEntry {
  readonly position: number;
  readonly event: BillingEvent;
}

/**
 * The unit of work: runs `work` in one transaction. Commits when it resolves to an `Ok`;
 * rolls everything back when it resolves to an `Err` or throws (and rethrows). Nothing of a
 * failed operation is persisted.
 *
 * Isolation: READ COMMITTED is enough (every statement reads committed data; compare-and-set saves,
 * insert-once keys and `accounts.claim` row locks make concurrent writers wait and conflict). A
 * serialization failure or deadlock is thrown with its `code` (`40001`, `40P01`) and the operation runs
 * `work` again (3 attempts in all, then it returns a {@link StoreConflict}), so `work` must be
 * re-runnable: keep nothing of a rolled-back attempt.
 *
 * The repositories handed to `work` are valid only inside it: a call made through them once its transaction
 * ended (repositories kept past the transaction) must throw or reject, and write nothing. On a
 * pool the transaction's connection is back there by then, where a statement would run in autocommit or in
 * another caller's transaction. The contract kit checks it.
 * @category Ports
 * @since 0.1.0
 */
export interface UnitOfWork {
  /** Runs `work` in one transaction; commits on `Ok`, rolls back on `Err` or a throw. */
  transaction<T, E>(work: (repositories: Repositories) => Promise<Result<T, E>>): Promise<Result<T, E>>;
}

/**
 * Generates unique ids for new entities (e.g. a UUID in production, a counter in tests).
 *
 * Every id must be new for the store's life: a non-blank string of at most 255 characters, without U+0000 or an
 * unpaired UTF-16 surrogate, never returned before — not for another kind, not by an earlier call, not by
 * another process sharing the store. Ids are keys: of a record in its aggregate's table, of a schedule's items,
 * and the stem of a document's line ids (`<invoice id>-1`). Each operation checks the ids it draws: their form,
 * that no two of one call are equal (whatever their kinds), and that an item an edit adds does not take an id
 * its schedule has; a bad one is an `InvalidContext` at `ids.next`, and the transaction that drew it is rolled
 * back. Ids saved by earlier calls are not looked up (that would cost a read per id), so a generator that
 * repeats itself across calls — an id made of the time, a counter that restarts with the process — corrupts
 * records unseen: use `crypto.randomUUID()`.
 * @category Ports
 * @since 0.1.0
 */
export interface IdGenerator {
  /** A new unique id, for the store's life; `kind` names the entity (e.g. `InvoiceScheduleItem`). */
  next(kind: string): string;
}

/**
 * What every operation needs: the store, the clock, the id generator and the tenant settings.
 * @category Ports
 * @since 0.1.0
 */
export interface BillingContext {
  readonly store: UnitOfWork;
  /** The instant now (`{ now: () => new Date() }` in production, `fixedClock(...)` in tests). */
  readonly clock: Clock;
  /**
   * New ids, unique for the store's life (see {@link IdGenerator}): `{ next: () => crypto.randomUUID() }` in
   * production, `createSequentialIds()` in tests. An id that is not a non-blank string of at most 255
   * characters, or that repeats one drawn earlier in the same call, is an `InvalidContext` at `ids.next`, and
   * nothing of the transaction that drew it is saved. Never an id made of the time: two drawn in one
   * millisecond are one.
   */
  readonly ids: IdGenerator;
  readonly settings: TenantSettings;
  /**
   * Who makes the calls made with this context (a user or service id, at most 200 characters): recorded
   * on the events of every change they save (`actor`). Optional; `null` when absent. @since 0.2.0
   */
  readonly actor?: string | null;
  /** Why (a ticket, a note; at most 1,000 characters): recorded on the events as `reason`. @since 0.2.0 */
  readonly reason?: string | null;
  /**
   * The host's hooks into billing (Kill Bill's invoice plugins): extra invoice lines such as taxes and
   * fees. Optional; without it nothing changes. @since 0.2.0
   */
  readonly hooks?: BillingHooks;
}

/**
 * A host's hooks into billing, given in the {@link BillingContext}. Every hook is optional.
 * @example
 * ```ts
 * // A 5 % tax on every invoice, rounded half-up to the cent.
 * const hooks: BillingHooks = {
 *   additionalInvoiceLines: (invoice) => [
 *     { name: 'Tax 5%', amount: new Decimal(invoice.amount).times('0.05').toFixed(2) },
 *   ],
 * };
 * const context: BillingContext = { store, clock, ids, settings, hooks };
 * ```
 * @category Ports
 * @since 0.2.0
 */
export interface BillingHooks {
  /**
   * Extra lines for an invoice (Kill Bill's `getAdditionalInvoiceItems`): a tax, a fee, a surcharge. Called
   * once for each invoice the core has decided — in bill runs (`runBillRun`, `billAccount`,
   * `workOnBillRun`), `executeInvoiceSchedule`, `generateBillingDocuments` and the dry runs
   * (`previewBillRun`, `previewExecution`, with `invoice.preview` true) — after its lines are decided
   * (consolidation included) and before any number is drawn. Not called for credit memos, nor for an
   * invoice that consolidation netted into a credit memo.
   *
   * Return the lines to add (`[]` for none), or a promise of them. They are checked
   * (`InvalidAdditionalLines`), appended to the invoice as lines of kind `Additional`, and the invoice
   * amount includes them. A hook that throws or rejects is an `AdditionalLinesHookFailed`. Either error
   * stops the account (a bill run records it `Failed`) or the execution: nothing of it is saved and no
   * number is drawn.
   *
   * The hook runs inside the operation's transaction, and a transaction the store refuses is run again,
   * so it may be called more than once for one invoice: make it a function of its argument, without side
   * effects (keep a tax service's call idempotent), and quick — the account's billing claim is held
   * while it runs.
   */
  readonly additionalInvoiceLines?: (
    invoice: InvoiceProposal,
  ) => readonly AdditionalLineInput[] | Promise<readonly AdditionalLineInput[]>;
}

/**
 * The {@link BillingContext} given to an operation is incomplete or unusable: it is not an object, or
 * it has no `store` (or a store without `transaction`), no `clock` (or one without `now`), no `ids`
 * (or one without `next`), `settings` that are missing or do not pass `tenantSettings`, or `hooks` that
 * are not an object of functions. Operations check the context's shape before reading or writing anything,
 * so such a fault persists nothing. Since 0.2.0 also an id `ids.next` returned that is not one, or that
 * repeats one drawn earlier in the same call (see {@link IdGenerator}): found as it is drawn, after the call
 * may have committed transactions, it rolls back the transaction that drew it, and the call commits nothing
 * more. What committed before stays: a bill run keeps its earlier batches and stays `Running` (the message
 * names it), resumable with its idempotency key, or without one with `workOnBillRun` by its number, once the
 * ids are fixed. A programmer error in the host's wiring, returned as a value like every other failure so it
 * cannot crash a job.
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidContext {
  readonly type: 'InvalidContext';
  readonly message: string;
  /**
   * The part at fault: `context` (the whole), `store`, `store.transaction`, `clock`, `clock.now`,
   * `ids`, `ids.next`, `settings` or one setting such as `settings.timeZone`; since 0.2.0 also `hooks`
   * (not an object) or `hooks.additionalInvoiceLines` (not a function), and `ids.next` when an id it returned
   * is not one (not a non-blank string of at most 255 characters) or repeats one drawn earlier in the call.
   */
  readonly missing: string;
  /** What that part must be. */
  readonly expected: string;
  /** What was given, briefly (e.g. `nothing (undefined)`, `"Mars/Base"`). */
  readonly received: string;
}
