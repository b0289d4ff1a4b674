import type { BusinessDate } from '../../time/date';
import { storableText } from '../input';
import type { BillRunNumber, CreditMemoNumber, InvoiceNumber, InvoiceScheduleNumber } from '../numbers';
import { compareNumbering } from '../numbers';

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
  /**
   * Human-readable message of the error, as recorded: its first 2,000 UTF-16 code units (then `…`), U+0000
   * and unpaired surrogates replaced by U+FFFD (it may quote what a host's hook threw or returned).
   */
  readonly message: string;
}

/** How much of a failure's message a bill run records (UTF-16 code units). @internal */
export const FAILURE_MESSAGE_LIMIT = 2000;

/**
 * A failure as a bill run records it: its message as text every store keeps (U+0000 and unpaired surrogates
 * replaced by U+FFFD) and its first {@link FAILURE_MESSAGE_LIMIT} code units, then `…` — the message may quote what a host's
 * hook threw or returned, which no request check has read. @internal
 */
export function recordedFailure(failure: BillRunFailure): BillRunFailure {
  const message = storableText(failure.message, FAILURE_MESSAGE_LIMIT);
  const errorType = storableText(failure.errorType, 255);
  return message === failure.message && errorType === failure.errorType
    ? failure
    : Object.freeze({ ...failure, errorType, message });
}

/** An account's failure in a bill run, as the run records it ({@link recordedFailure}). @internal */
export function billRunFailure(accountNumber: string, errorType: string, message: string): BillRunFailure {
  return Object.freeze(recordedFailure({ accountNumber, errorType, message }));
}

/** What every kind of bill run records. */
interface BillRunFields {
  /** Unique id. */
  readonly id: string;
  /** Sequence number, `BR-00000001`. */
  readonly number: BillRunNumber;
  /** Items with a run date on or before this date were due (decision 7). */
  readonly targetDate: BusinessDate;
  /** Instant the run was created, ISO 8601 (from the injected clock). */
  readonly createdAt: string;
  /** Account filter, empty for all accounts. */
  readonly accountNumbers: readonly string[];
  /** Schedule filter, empty for all schedules. */
  readonly invoiceScheduleNumbers: readonly InvoiceScheduleNumber[];
  /**
   * Number of schedule items processed: those that became `Processed`, each billed item and the items left at
   * 0.00 processed with it (decision 19), as many as the `ItemProcessed` events (while `Running`: 0; the
   * accounts' parts hold the progress).
   */
  readonly itemsProcessed: number;
  /** Numbers of invoices created, in the order they were numbered. */
  readonly invoiceNumbers: readonly InvoiceNumber[];
  /** Numbers of credit memos created, in the order they were numbered. */
  readonly creditMemoNumbers: readonly CreditMemoNumber[];
  /** Accounts that failed. */
  readonly failures: readonly BillRunFailure[];
  /** Compare-and-set version: 1 when inserted, one more on each save. @since 0.2.0 */
  readonly version: number;
}

/**
 * A bill run over accounts (reference §6.1 Scheduler, §5.3 "Create Bill Run"): inserted `Running`
 * before any account is billed, and `Completed` (or `CompletedWithErrors`) once every account has its
 * {@link BillRunAccount} part. A run left `Running` (a crash, an abort) is resumed by calling
 * `runBillRun` again with the same idempotency key, and its accounts can be billed one by one with
 * `billAccount`.
 * @category Domain model
 * @since 0.2.0
 */
export interface AccountsBillRun extends BillRunFields {
  readonly kind: 'BillRun';
  /** `Running` until completed; then `Completed`, or `CompletedWithErrors` when some accounts failed. */
  readonly status: 'Running' | 'Completed' | 'CompletedWithErrors';
  /** Paused schedules are billed too (a run started by a person, decision 16). */
  readonly includePausedSchedules: boolean;
}

/**
 * The record of one schedule's execution by hand (Execute API, UI "Generate", §6.2): one account,
 * one schedule, completed in the transaction that created it.
 * @category Domain model
 * @since 0.2.0
 */
export interface ScheduleExecutionRun extends BillRunFields {
  readonly kind: 'ScheduleExecution';
  readonly status: 'Completed';
  /** The item named in the request, or `null` when the next pending item (or a credit) was executed. */
  readonly invoiceScheduleItemId: string | null;
}

/**
 * The record of "generate billing documents" for one account (§6.5), completed in the transaction
 * that created it.
 * @category Domain model
 * @since 0.2.0
 */
export interface AccountDocumentsRun extends BillRunFields {
  readonly kind: 'AccountDocuments';
  readonly status: 'Completed';
}

/**
 * Record of a bill run (reference §6.3), `BR-00000001`: one of three kinds, told apart by `kind`.
 * @category Domain model
 * @since 0.1.0
 */
export type BillRun = AccountsBillRun | ScheduleExecutionRun | AccountDocumentsRun;

/**
 * One account's part of an {@link AccountsBillRun}: saved in the transaction that billed the account
 * (`Billed`, with what it created; not saved when there was nothing to bill), or after the account failed
 * every attempt (`Failed`, with the error). A part is what makes billing an account in a run happen once: an account with a `Billed`
 * part is skipped when the run resumes, and billing it again returns the part.
 * @category Domain model
 * @since 0.2.0
 */
export interface BillRunAccount {
  /** The run's number. */
  readonly billRunNumber: BillRunNumber;
  /** The account's number. */
  readonly accountNumber: string;
  /** `Billed` (even with nothing due), or `Failed` (a later attempt may still bill it). */
  readonly status: 'Billed' | 'Failed';
  /** Schedule items processed for the account (with the items left at 0.00 processed with them, decision 19). */
  readonly itemsProcessed: number;
  /** Invoices created for the account, in the order they were numbered. */
  readonly invoiceNumbers: readonly InvoiceNumber[];
  /** Credit memos created for the account, in the order they were numbered. */
  readonly creditMemoNumbers: readonly CreditMemoNumber[];
  /** Why the account failed (`Failed` only), else `null`. */
  readonly failure: BillRunFailure | null;
  /**
   * Compare-and-set version: 1 when inserted, one more on each save; 0 for an account that had nothing to
   * bill, whose part is not stored (visiting it again bills nothing either).
   */
  readonly version: number;
}

/**
 * What a completed run records, summed from its accounts' parts (ordered by account number): items,
 * documents in numbering order, failures.
 */
export function summariseParts(
  parts: readonly BillRunAccount[],
): Pick<AccountsBillRun, 'status' | 'itemsProcessed' | 'invoiceNumbers' | 'creditMemoNumbers' | 'failures'> {
  const failures = parts.flatMap((p) => (p.status === 'Failed' && p.failure !== null ? [p.failure] : []));
  const billed = parts.filter((p) => p.status === 'Billed');
  return {
    status: failures.length > 0 ? 'CompletedWithErrors' : 'Completed',
    itemsProcessed: billed.reduce((n, p) => n + p.itemsProcessed, 0),
    // Numbering order, whichever worker billed which account.
    invoiceNumbers: Object.freeze(billed.flatMap((p) => p.invoiceNumbers).sort(compareNumbering)),
    creditMemoNumbers: Object.freeze(billed.flatMap((p) => p.creditMemoNumbers).sort(compareNumbering)),
    failures: Object.freeze(failures),
  };
}

/**
 * A run over accounts after summing its accounts' parts: `close` turns a `Running` run into a completed
 * one; a completed run whose summary no longer matches its parts (a part committed beside its completion)
 * is brought in line. `null` when nothing is to be saved: the run is still `Running` and not being
 * closed, it is completed with no parts (nothing to sum it from), or its summary already matches. One version up.
 */
export function settledRun(
  run: AccountsBillRun,
  parts: readonly BillRunAccount[],
  close: boolean,
): AccountsBillRun | null {
  if (run.status === 'Running' && !close) return null;
  // A completed run with no part has no parts to bring it in line with (written before 0.2.0, when runs kept no
  // parts, or seeded by a host): summed from nothing, its summary was erased — completing a completed run returns
  // it unchanged (review 111).
  if (run.status !== 'Running' && parts.length === 0) return null;
  const summary = summariseParts(parts);
  const failures = (f: readonly BillRunFailure[]) =>
    f.map((x) => `${x.accountNumber}:${x.errorType}`).join(' ');
  const same =
    run.status === summary.status &&
    run.itemsProcessed === summary.itemsProcessed &&
    run.invoiceNumbers.join(' ') === summary.invoiceNumbers.join(' ') &&
    run.creditMemoNumbers.join(' ') === summary.creditMemoNumbers.join(' ') &&
    failures(run.failures) === failures(summary.failures);
  return same ? null : Object.freeze({ ...run, ...summary, version: run.version + 1 });
}
