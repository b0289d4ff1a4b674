import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { BillRun, ScheduleExecutionRun } from '../domain/billing/bill-run';
import { type ExecutionPlan, executionRequest, planExecution } from '../domain/billing/execution-plan';
import type { AdditionalLinesError } from '../domain/documents/additional-lines';
import { type InvalidInput, invalidInput } from '../domain/errors';
import { checkIdentifierLength } from '../domain/input';
import type { InvoiceScheduleNumber } from '../domain/numbers';
import { itemAlreadyProcessed, nothingToExecute, type ScheduleError } from '../domain/schedule/errors';
import type { InvoiceSchedule, InvoiceScheduleItem } from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import { todayIn } from '../time/clock';
import { runAccount } from './account-run';
import { completedRun } from './bill-account';
import { EXPECTED_NUMBER, loadClaimedSchedule, nextNumber, OPTIONAL_FIELDS, requireFields } from './common';
import { idempotentCall, keyedTransaction } from './idempotency';
import { type Emitted, mutation } from './operation';

/**
 * Everything executing a schedule can fail with (since 0.2.0 also what the context's
 * `additionalInvoiceLines` hook can fail with: `InvalidAdditionalLines`, `AdditionalLinesHookFailed`).
 * @category Errors
 * @since 0.1.0
 */
export type ExecuteError =
  | ScheduleError
  | AdditionalLinesError
  | InvalidInput
  | VersionConflict
  | StoreConflict
  | InvalidContext;

/**
 * The execute request (reference §6.2): a schedule and optionally the item to execute, which
 * must be the earliest pending one. Without an item the next pending item is executed, or, with every item
 * processed, the credits due by today are issued.
 * @category Inputs
 * @since 0.1.0
 */
export interface ExecuteInvoiceScheduleInput {
  /** The schedule's number or its id (§2.1, "scheduleKey"). */
  readonly invoiceScheduleNumber: InvoiceScheduleNumber;
  readonly itemId?: string;
  /** Retrying with the same key returns the first bill run. */
  readonly idempotencyKey?: string;
}

const OPERATION = 'executeInvoiceSchedule';

/**
 * Executes a schedule by hand (Execute API / UI "Generate", reference §6.2): the named item,
 * which must be the earliest pending one, or the next pending item. With every item processed, it issues the
 * credits due by today (in the tenant's zone) as the bill run of that day would: one credit memo per due date,
 * each dated its due date (§8.4, decision 18); with none due yet it is refused with `NothingToExecute`
 * (decision 12): with no item left to run, a credit memo is not issued before the change's effective date (the
 * last pending item, when it runs, settles every credit, due or not: docs/guides/credits.md). Refused on a paused
 * schedule. Its documents are dated the day the item became due even when executed early (§6.3): its
 * run date, or the earlier `nextRunDate` it was pulled forward to (decision 18). The item
 * passes Executing → Processed within the operation. Returns the bill run created for it.
 * Repeating the execution of an item already processed by it returns that first bill run.
 * @example
 * ```ts
 * // The next pending item; pass `itemId` to name it (it must be the earliest pending one).
 * const executed = await executeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' });
 * if (executed.isOk()) console.log(executed.value.invoiceNumbers); // e.g. ['INV00000001']
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function executeInvoiceSchedule(
  context: BillingContext,
  input: ExecuteInvoiceScheduleInput,
): ResultAsync<Emitted<ScheduleExecutionRun>, ExecuteError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<ScheduleExecutionRun, ExecuteError>> => {
      const given = requireFields(
        OPERATION,
        input,
        {
          invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
        },
        OPTIONAL_FIELDS.executeInvoiceSchedule,
      );
      if (given.isErr()) return err(given.error);
      const itemId = readItemId(input.itemId);
      if (itemId.isErr()) return err(itemId.error);
      const call = idempotentCall(OPERATION, input);
      if (call.isErr()) return err(call.error);
      return keyedTransaction(
        context,
        call.value,
        (repos, previous) => loadBillRun(repos, previous, 'ScheduleExecution'),
        (repos) => executeInTransaction(context, repos, given.value.invoiceScheduleNumber, itemId.value),
        (billRun) => billRun.number,
      );
    },
  );
}

/** The work of `executeInvoiceSchedule`'s transaction, after its key was recalled: load and claim, plan, run, save. */
async function executeInTransaction(
  context: BillingContext,
  repos: Repositories,
  invoiceScheduleNumber: string,
  itemId: string | null,
): Promise<Result<ScheduleExecutionRun, ExecuteError>> {
  const loaded = await loadClaimedSchedule(repos, invoiceScheduleNumber);
  if (loaded.isErr()) return err(loaded.error);
  const schedule = loaded.value;
  const planned = executionPlanOf(context, schedule, itemId ?? undefined);
  if (planned.isErr()) return err(planned.error);
  const plan = planned.value;
  if (plan.kind === 'processed') {
    const named = plan.item;
    // A retry of an execution that already happened returns its bill run.
    const done = await executionRunOf(repos, schedule, named);
    if (done !== null) return ok(done);
    return err(itemAlreadyProcessed(schedule.number, named.id, named.sequence, named.invoiceNumber));
  }
  const { targetDate, item: earliest } = plan;
  const billRunNumber = await nextNumber(repos, 'BillRun');
  const run = await runAccount(context, repos, executionRequest(schedule, plan, billRunNumber));
  if (run.isErr()) return err(run.error);
  const decided = run.value;
  if (decided.outcomes[0] === 'nothingDue') {
    return err(nothingToExecute(schedule.number));
  }
  const billRun = completedRun(context, {
    number: billRunNumber,
    kind: 'ScheduleExecution',
    targetDate,
    accountNumbers: Object.freeze([schedule.accountNumber]),
    invoiceScheduleNumbers: Object.freeze([schedule.number]),
    invoiceScheduleItemId: itemId,
    itemsProcessed: decided.itemsProcessed,
    invoiceNumbers: decided.invoiceNumbers,
    creditMemoNumbers: decided.creditMemoNumbers,
  });
  const inserted = await repos.billRuns.insert(billRun);
  if (inserted.isErr()) return err(inserted.error);
  if (earliest) {
    await repos.idempotency.insert({
      key: executionRunKey(schedule, earliest),
      operation: OPERATION,
      result: billRun.number,
      createdAt: billRun.createdAt,
    });
  }
  return ok(billRun);
}

/**
 * The key of the record of the bill run that executed this generation of the item: in the library's own key
 * space (`execution-run:`), which no caller's key reaches (idempotency.ts, "Key spaces").
 */
function executionRunKey(schedule: InvoiceSchedule, item: InvoiceScheduleItem): string {
  return ['execution-run', schedule.id, item.id, item.generation].join(':'); // flat, not a rope
}

/**
 * The bill run that executed this generation of the item, or `null` (a bill run processed it, or nothing
 * recorded it). Earlier builds recorded it under `executeInvoiceSchedule:item:<schedule id>:<item id>:<generation>`,
 * so that key is read too when the new one is absent: an item executed before the upgrade still returns its
 * run. That key is also the stored form of a caller's key `item:…` of `executeInvoiceSchedule`, so a record
 * there counts only when it is the library's: no fingerprint (every caller record has one since 0.2) and a
 * run that executed this schedule. Shared with `previewExecution`, which foresees the retry's answer. @internal
 */
export async function executionRunOf(
  repos: Repositories,
  schedule: InvoiceSchedule,
  item: InvoiceScheduleItem,
): Promise<ScheduleExecutionRun | null> {
  const own = await repos.idempotency.get(executionRunKey(schedule, item));
  if (own) return (await loadBillRun(repos, own.result, 'ScheduleExecution')).unwrapOr(null);
  const legacy = await repos.idempotency.get(
    [OPERATION, 'item', schedule.id, item.id, item.generation].join(':'),
  );
  if (legacy === null || legacy.fingerprint !== undefined) return null;
  const run = await repos.billRuns.get(legacy.result);
  return run?.kind === 'ScheduleExecution' && run.invoiceScheduleNumbers.includes(schedule.number)
    ? run
    : null;
}

/**
 * {@link planExecution} as of today in the tenant's zone (the credit date when every item is processed).
 * Shared by `executeInvoiceSchedule` and `previewExecution`. @internal
 */
export function executionPlanOf(
  context: BillingContext,
  schedule: InvoiceSchedule,
  itemId: string | undefined,
): Result<ExecutionPlan, ScheduleError> {
  const today = todayIn(context.clock, context.settings.timeZone);
  /* v8 ignore next */
  if (today.isErr()) throw new Error(today.error.message);
  return planExecution(schedule, itemId, today.value);
}

/** An execute request's optional `itemId`: absent, or an item id (a non-blank string). @internal */
export function readItemId(value: unknown): Result<string | null, InvalidInput> {
  if (value === undefined) return ok(null);
  if (typeof value !== 'string' || value.trim() === '') {
    return err(
      invalidInput('itemId', "the id of one of the schedule's items, or none (the next pending item)", value),
    );
  }
  return checkIdentifierLength(value, 'itemId');
}

/**
 * Loads a bill run recorded earlier for an idempotency key or an execution: a missing one, or one of
 * another kind, is a broken store, thrown. @internal
 */
export async function loadBillRun<K extends BillRun['kind']>(
  repos: Repositories,
  number: string,
  kind: K,
): Promise<Result<Extract<BillRun, { kind: K }>, never>> {
  const billRun = await repos.billRuns.get(number);
  /* v8 ignore next 5 */
  if (billRun?.kind !== kind) {
    throw new Error(
      `Bill run ${number} recorded for an idempotency key is ${billRun === null ? 'missing from the store' : `a ${billRun.kind}, not a ${kind}`}.`,
    );
  }
  return ok(billRun as Extract<BillRun, { kind: K }>);
}
