import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { type AccountRunDecision, assignNumbers } from '../domain/billing/account-run';
import { type BillRunFailure, billRunFailure } from '../domain/billing/bill-run';
import { executionRequest } from '../domain/billing/execution-plan';
import type { AdditionalLinesError } from '../domain/documents/additional-lines';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { InvalidInput } from '../domain/errors';
import type { InvoiceScheduleNumber } from '../domain/numbers';
import { itemAlreadyProcessed, nothingToExecute, type ScheduleError } from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, StoreConflict } from '../ports';
import type { BusinessDate } from '../time/date';
import type { TimeError } from '../time/errors';
import { decideAccount } from './account-run';
import { plannedAccountRun } from './bill-account';
import { accountsOf, checkScheduleFilter, parseRequest, type RunBillRunInput } from './bill-run';
import { EXPECTED_NUMBER, loadSchedule, OPTIONAL_FIELDS, requireFields } from './common';
import { executionPlanOf, executionRunOf, readItemId } from './execute';
import { idempotentCall } from './idempotency';
import { operation, transact } from './operation';

// Dry runs (Kill Bill's dry-run invoices, the reference's preview): the same load and the same decision as
// the real operation — due items, standard billing, consolidation, credits — with nothing written and no
// number drawn. The documents carry preview numbers and ids instead.

/**
 * The bill run number preview documents carry.
 * @category Domain model
 * @since 0.2.0
 */
export const PREVIEW_BILL_RUN = 'PREVIEW';

/**
 * What billing one account would produce.
 * @category Domain model
 * @since 0.2.0
 */
export interface AccountPreview {
  readonly accountNumber: string;
  /** The invoices, numbered `PREVIEW-INV-1`, `PREVIEW-INV-2`, … across the whole preview. */
  readonly invoices: readonly Invoice[];
  /** The credit memos, numbered `PREVIEW-CM-1`, … */
  readonly creditMemos: readonly CreditMemo[];
  /** The schedules that would change, as they would be saved (items processed, amounts billed). */
  readonly invoiceSchedules: readonly InvoiceSchedule[];
  /** Schedule items that would become `Processed` (with the items left at 0.00 processed with them, decision 19). */
  readonly itemsProcessed: number;
  /** Why the account could not be billed (its documents are then empty), or `null`. */
  readonly failure: BillRunFailure | null;
}

/**
 * A dry run's result: what the real operation would create now, marked `preview: true`. Nothing was
 * written and no number was used: a real run gives the documents real numbers, in the same order.
 * @category Domain model
 * @since 0.2.0
 */
export interface BillingPreview {
  readonly preview: true;
  readonly targetDate: BusinessDate;
  /** The accounts with something to bill, credit or report, in account order. */
  readonly accounts: readonly AccountPreview[];
  /** Every account's invoices, in preview-number order. */
  readonly invoices: readonly Invoice[];
  /** Every account's credit memos, in preview-number order. */
  readonly creditMemos: readonly CreditMemo[];
}

/**
 * Everything a preview can fail with (an account that cannot be billed is not among them: it is
 * reported in its {@link AccountPreview}).
 * @category Errors
 * @since 0.2.0
 */
export type PreviewError =
  | InvalidInput
  | TimeError
  | ScheduleError
  | AdditionalLinesError
  | StoreConflict
  | InvalidContext;

/**
 * A preview of a bill run: the request of `runBillRun`. A preview records nothing, so it needs no idempotency
 * key; a run's request can still be previewed as it is: its `idempotencyKey` must have the shape the run
 * requires (a non-blank string of at most 255 characters), and is otherwise unused — whether another request
 * used it already is not looked up. Any other field is refused (`InvalidInput`, `no such field`).
 * @category Inputs
 * @since 0.2.0
 */
export type PreviewBillRunInput = RunBillRunInput;

/** Preview numbers, counted across one preview. */
interface PreviewNumbers {
  invoices: number;
  creditMemos: number;
}

/** The decision with preview ids and numbers in place of real ones (a pure renaming, as a save would do). */
function numbered(decided: AccountRunDecision, counters: PreviewNumbers): AccountRunDecision {
  const drawn = {
    Invoice: [] as { id: string; number: string }[],
    CreditMemo: [] as { id: string; number: string }[],
  };
  for (const d of decided.documents) {
    if (d.kind === 'Invoice') {
      counters.invoices += 1;
      drawn.Invoice.push({
        id: `preview-invoice-${counters.invoices}`,
        number: `PREVIEW-INV-${counters.invoices}`,
      });
    } else {
      counters.creditMemos += 1;
      drawn.CreditMemo.push({
        id: `preview-credit-memo-${counters.creditMemos}`,
        number: `PREVIEW-CM-${counters.creditMemos}`,
      });
    }
  }
  return assignNumbers(decided, drawn);
}

function accountPreview(accountNumber: string, decision: AccountRunDecision): AccountPreview {
  return Object.freeze({
    accountNumber,
    invoices: Object.freeze(decision.documents.flatMap((d) => (d.kind === 'Invoice' ? [d.invoice] : []))),
    creditMemos: Object.freeze(decision.documents.flatMap((d) => (d.kind === 'CreditMemo' ? [d.memo] : []))),
    invoiceSchedules: decision.schedules,
    itemsProcessed: decision.itemsProcessed,
    failure: null,
  });
}

function preview(targetDate: BusinessDate, accounts: readonly AccountPreview[]): BillingPreview {
  return Object.freeze({
    preview: true as const,
    targetDate,
    accounts: Object.freeze([...accounts]),
    invoices: Object.freeze(accounts.flatMap((a) => a.invoices)),
    creditMemos: Object.freeze(accounts.flatMap((a) => a.creditMemos)),
  });
}

/**
 * Previews a bill run: for every account the run would visit (the same filters, target date and paused
 * rule as {@link runBillRun}), what it would bill — its due items oldest first, standard billing,
 * consolidated invoices, credits — decided exactly as the real run decides, from what is stored now.
 * Nothing is written: no document, no schedule change, no bill run record, no number drawn (documents are
 * numbered `PREVIEW-INV-1` …, `PREVIEW-CM-1` …, with bill run number `PREVIEW`). An account that could
 * not be billed carries its failure. Accounts with nothing to bill are left out. A filter naming a schedule
 * that does not exist is refused as the run refuses it (`InvoiceScheduleNotFound`).
 *
 * A preview reads every account's data like the run would: preview a large tenant by `accountNumbers`.
 * @example
 * ```ts
 * const next = await previewBillRun(context, { targetDate: '2023-02-04' });
 * if (next.isOk()) for (const i of next.value.invoices) console.log(i.accountNumber, i.amount.toFixed(2));
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function previewBillRun(
  context: BillingContext,
  input: PreviewBillRunInput = {},
): ResultAsync<BillingPreview, PreviewError> {
  return operation(
    context,
    input,
    async (input, _options, context): Promise<Result<BillingPreview, PreviewError>> => {
      const parsed = parseRequest(context, input);
      if (parsed.isErr()) return err(parsed.error);
      // A run's request can be previewed as it is: its idempotency key is checked as the run would, then unused.
      const keyed = idempotentCall('runBillRun', input);
      if (keyed.isErr()) return err(keyed.error);
      const request = parsed.value;
      // The run's refusal of a filter naming schedules that do not exist.
      if (request.invoiceScheduleNumbers.length > 0) {
        const filtered = await transact(context, (repos) =>
          checkScheduleFilter(repos, request.invoiceScheduleNumbers),
        );
        if (filtered.isErr()) return err(filtered.error);
      }
      const counters: PreviewNumbers = { invoices: 0, creditMemos: 0 };
      const run = {
        number: PREVIEW_BILL_RUN,
        targetDate: request.targetDate,
        accountNumbers: request.accountNumbers,
        invoiceScheduleNumbers: request.invoiceScheduleNumbers,
        includePausedSchedules: request.includePausedSchedules,
      };
      const accounts: AccountPreview[] = [];
      for await (const page of accountsOf(context, run)) {
        for (const accountNumber of page) {
          const decided = await transact(context, async (repos) => {
            const planned = await plannedAccountRun(repos, run, accountNumber);
            if (planned.isErr()) return err(planned.error);
            return decideAccount(context, repos, planned.value, true);
          });
          if (decided.isErr()) {
            // As the run records it (the message may quote a hook's text).
            const failure = billRunFailure(accountNumber, decided.error.type, decided.error.message);
            accounts.push(
              Object.freeze({
                accountNumber,
                invoices: Object.freeze([]),
                creditMemos: Object.freeze([]),
                invoiceSchedules: Object.freeze([]),
                itemsProcessed: 0,
                failure: Object.freeze(failure),
              }),
            );
            continue;
          }
          const decision = numbered(decided.value, counters);
          if (decision.documents.length > 0 || decision.itemsProcessed > 0 || decision.schedules.length > 0)
            accounts.push(accountPreview(accountNumber, decision));
        }
      }
      return ok(preview(request.targetDate, accounts));
    },
  );
}

/**
 * Which execution to preview: the input of `executeInvoiceSchedule` without an idempotency key.
 * @category Inputs
 * @since 0.2.0
 */
export interface PreviewExecutionInput {
  /** The schedule's number or its id. */
  readonly invoiceScheduleNumber: InvoiceScheduleNumber;
  /** The item to execute (it must be the earliest pending one); by default the next pending item. */
  readonly itemId?: string;
}

/**
 * Previews an execution of a schedule by hand (`executeInvoiceSchedule`): the invoice of its next pending
 * item (or the named one, which must be the earliest pending item), or the credit due when every item is
 * processed — decided as the real execution decides, with nothing written and no number drawn. The same
 * refusals as the execution (`InvoiceSchedulePaused`, `NotEarliestPendingItem`, `ItemAlreadyProcessed` for an
 * item a bill run processed, `NothingToExecute` …); an item an execution processed is previewed as the retry
 * it is: nothing to make (no account, no document), as of that execution's target date.
 * @example
 * ```ts
 * const next = await previewExecution(context, { invoiceScheduleNumber: 'IS-00000001' });
 * if (next.isOk()) console.log(next.value.invoices[0]?.amount.toFixed(2));
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function previewExecution(
  context: BillingContext,
  input: PreviewExecutionInput,
): ResultAsync<BillingPreview, PreviewError> {
  return operation(
    context,
    input,
    async (input, _options, context): Promise<Result<BillingPreview, PreviewError>> => {
      const fields = requireFields(
        'previewExecution',
        input,
        {
          invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
        },
        OPTIONAL_FIELDS.previewExecution,
      );
      if (fields.isErr()) return err(fields.error);
      const given = fields.value;
      // The execution's own check, so that a preview refuses what the execution refuses.
      const readId = readItemId(input.itemId);
      if (readId.isErr()) return err(readId.error);
      const itemId = readId.value ?? undefined;
      /** What the preview reads: the decision for the account (`null`: nothing to make, a retry). */
      type Read = {
        readonly targetDate: BusinessDate;
        readonly decision: AccountRunDecision | null;
        readonly accountNumber: string;
      };
      const read = await transact(context, async (repos): Promise<Result<Read, PreviewError>> => {
        const schedule = await loadSchedule(repos, given.invoiceScheduleNumber);
        if (schedule.isErr()) return err(schedule.error);
        const plan = executionPlanOf(context, schedule.value, itemId);
        if (plan.isErr()) return err(plan.error);
        if (plan.value.kind === 'processed') {
          const item = plan.value.item;
          // An item an execution processed: executing it again returns that execution's bill run and makes
          // nothing (decision 14), so the preview shows nothing to make, as of that run's target date. One a bill
          // run processed is refused, as the execution refuses it.
          const done = await executionRunOf(repos, schedule.value, item);
          if (done !== null) return ok({ targetDate: done.targetDate, decision: null, accountNumber: '' });
          return err(itemAlreadyProcessed(schedule.value.number, item.id, item.sequence, item.invoiceNumber));
        }
        const request = executionRequest(schedule.value, plan.value, PREVIEW_BILL_RUN);
        const decided = await decideAccount(context, repos, request, true);
        if (decided.isErr()) return err(decided.error);
        if (decided.value.outcomes[0] === 'nothingDue') return err(nothingToExecute(schedule.value.number));
        return ok({
          targetDate: request.targetDate,
          decision: decided.value,
          accountNumber: request.accountNumber,
        });
      });
      if (read.isErr()) return err(read.error);
      const result = read.value;
      if (result.decision === null) return ok(preview(result.targetDate, []));
      const decision = numbered(result.decision, { invoices: 0, creditMemos: 0 });
      return ok(preview(result.targetDate, [accountPreview(result.accountNumber, decision)]));
    },
  );
}
