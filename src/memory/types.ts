// The public types of the memory store: what it starts with, its options, and the probe on its committed state.
import type { BillRun, BillRunAccount } from '../domain/billing/bill-run';
import type { Account } from '../domain/contract/account';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { Order } from '../domain/order/order';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { BillRunLease, IdempotencyRecord, OutboxEntry, SequenceName, UnitOfWork } from '../ports/index';
import type {
  AccountRecord,
  BillRunAccountRecord,
  BillRunRecord,
  CreditMemoRecord,
  InvoiceRecord,
  InvoiceScheduleRecord,
  OrderRecord,
  SubscriptionRecord,
} from '../ports/records';

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
  /** Bill runs' account parts. @since 0.2.0 */
  readonly billRunAccounts?: readonly BillRunAccount[];
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
  /**
   * How transactions run beside each other. `'serial'` (the default): one at a time.
   * `'read-committed'`: concurrently, like PostgreSQL at READ COMMITTED, so tests see the races a
   * real database shows: every write locks its row until the transaction ends, a second writer waits
   * and then checks against what was committed, and a wait into a cycle fails with `code: '40P01'`
   * ("deadlock detected"). See {@link createMemoryStore}.
   * @since 0.2.0
   */
  readonly isolation?: 'serial' | 'read-committed';
  /**
   * Awaited before every repository call, with the call's label (`invoices.save`): a test hands
   * control to a scheduler there to explore interleavings, e.g. fast-check's
   * `interleave: (label) => s.schedule(Promise.resolve(), label)` with `s` from `fc.scheduler()`.
   * @since 0.2.0
   */
  readonly interleave?: (label: string) => Promise<void>;
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
  /** Bill runs' account parts, ordered by run number, then account number. @since 0.2.0 */
  readonly billRunAccounts: readonly BillRunAccountRecord[];
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
  /** The committed part of this account in this bill run, or `null`. @since 0.2.0 */
  billRunAccount(billRunNumber: string, accountNumber: string): BillRunAccountRecord | null;
  /** The idempotency record of this key, or `null`. */
  idempotencyKey(key: string): IdempotencyRecord | null;
  /** The committed leases of a bill run shared by workers, ordered by account. @since 0.2.0 */
  billRunLeases(billRunNumber: string): readonly BillRunLease[];
  /** The last number the sequence issued; 0 when it issued none. */
  sequence(name: SequenceName): number;
  /**
   * The events committed to the outbox after `position` (default 0: from the first), in order; positions
   * are 1, 2, 3, … @since 0.2.0
   */
  outbox(after?: number): readonly OutboxEntry[];
  /** A deep, plain-JSON copy of everything committed. */
  snapshot(): MemoryStoreSnapshot;
}

/**
 * The in-memory adapter: a {@link UnitOfWork} plus a {@link MemoryStoreProbe} on its committed state.
 * @since 0.1.0
 */
export interface MemoryStore extends UnitOfWork {
  readonly probe: MemoryStoreProbe;
  /**
   * Deletes the committed outbox entries at positions up to `through` (a relay's last published position),
   * as a host deletes published rows from a database's outbox: the store keeps every event until then. The
   * positions of the entries left do not change, `probe.outbox(after)` returns only those, and an event
   * appended again with a deleted id is stored again. `through` must be a whole number ≥ 0 (a
   * `RangeError` otherwise); a position beyond the last deletes every entry.
   * @since 0.2.0
   */
  deleteOutbox(through: number): void;
}
