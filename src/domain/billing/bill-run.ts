import type { BusinessDate } from '../../time/date';

/**
 * Why a bill run was created: a scheduled/ad hoc run over accounts, or the execution of one
 * schedule (Execute API / UI "Generate", reference §6.3), or "generate billing documents" for
 * one account (§6.5).
 * @category Domain model
 * @since 0.1.0
 */
export type BillRunKind = 'BillRun' | 'ScheduleExecution' | 'AccountDocuments';

/**
 * An account the bill run could not bill, with the error that stopped it. Other accounts are
 * billed regardless.
 * @category Domain model
 * @since 0.1.0
 */
export interface BillRunFailure {
  /** Account number. */
  readonly accountNumber: string;
  /**
   * Stable error type: the `type` of the error that stopped the account, or `StoreFailure` when the
   * store threw on every attempt (the account is tried 3 times; nothing of it was saved).
   */
  readonly errorType: string;
  /** Human-readable message of the error. */
  readonly message: string;
}

/**
 * Record of a bill run (reference §6.3), `BR-00000001`.
 * @category Domain model
 * @since 0.1.0
 */
export interface BillRun {
  /** Unique id. */
  readonly id: string;
  /** Sequence number, `BR-00000001`. */
  readonly number: string;
  /** How the run was started. */
  readonly kind: BillRunKind;
  /** Items with a run date on or before this date were due (decision 7). */
  readonly targetDate: BusinessDate;
  /** Instant the run was created, ISO 8601 (from the injected clock). */
  readonly createdAt: string;
  /** Account filter, empty for all accounts. */
  readonly accountNumbers: readonly string[];
  /** Schedule filter, empty for all schedules. */
  readonly invoiceScheduleNumbers: readonly string[];
  /** Item filter (Execute with an item id). */
  readonly invoiceScheduleItemId: string | null;
  /** `Completed`, or `CompletedWithErrors` when some accounts failed. */
  readonly status: 'Completed' | 'CompletedWithErrors';
  /** Number of schedule items processed. */
  readonly itemsProcessed: number;
  /** Numbers of invoices created. */
  readonly invoiceNumbers: readonly string[];
  /** Numbers of credit memos created. */
  readonly creditMemoNumbers: readonly string[];
  /** Accounts that failed. */
  readonly failures: readonly BillRunFailure[];
}
