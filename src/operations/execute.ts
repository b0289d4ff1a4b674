import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { AccountRunStep } from '../domain/billing/account-run';
import type { BillRun, ScheduleExecutionRun } from '../domain/billing/bill-run';
import { type InvalidInput, invalidInput } from '../domain/errors';
import { checkIdentifierLength } from '../domain/input';
import type { InvoiceScheduleNumber } from '../domain/numbers';
import {
  invoiceScheduleItemNotFound,
  itemAlreadyProcessed,
  nothingToExecute,
  type ScheduleError,
  scheduleError,
} from '../domain/schedule/errors';
import {
  earliestPendingItem,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
} from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import { todayIn } from '../time/clock';
import type { BusinessDate } from '../time/date';
import { runAccount } from './account-run';
import { completedRun } from './bill-account';
import { EXPECTED_NUMBER, loadClaimedSchedule, nextNumber, requireFields } from './common';
import { answeredOnce, idempotentCall, recalled, remember } from './idempotency';
import { inTransaction, operation } from './operation';

/**
 * Everything executing a schedule can fail with.
 * @category Errors
 * @since 0.1.0
 */
export type ExecuteError = ScheduleError | InvalidInput | VersionConflict | StoreConflict | InvalidContext;

/**
 * The execute request (reference §6.2): a schedule and optionally the item to execute, which
 * must be the earliest pending one. Without an item the next pending item is executed.
 * @category Inputs
 * @since 0.1.0
 */
export interface ExecuteInvoiceScheduleInput {
  /** The schedule's number or its id (§10, "Keys"). */
  readonly invoiceScheduleNumber: InvoiceScheduleNumber;
  readonly itemId?: string;
  /** Retrying with the same key returns the first bill run. */
  readonly idempotencyKey?: string;
}

const OPERATION = 'executeInvoiceSchedule';

/**
 * Executes a schedule by hand (Execute API / UI "Generate", reference §6.2): the named item,
 * which must be the earliest pending one, or the next pending item. Refused on a paused
 * schedule. The invoice date is the item's run date even when executed early (§6.3); the item
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
): ResultAsync<ScheduleExecutionRun, ExecuteError> {
  return operation(context, async function* () {
    const given = yield* requireFields(OPERATION, input, {
      invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
    });
    const itemId = yield* readItemId(input.itemId);
    const call = yield* idempotentCall(OPERATION, input);
    return answeredOnce(context.store, call, () =>
      inTransaction(context, async function* (repos) {
        const previous = yield* await recalled(repos, call);
        if (previous !== null) return loadBillRun(repos, previous, 'ScheduleExecution');
        const schedule = yield* await loadClaimedSchedule(repos, given.invoiceScheduleNumber);
        const plan = yield* planExecution(context, schedule, itemId ?? undefined);
        if (plan.kind === 'processed') {
          const named = plan.item;
          // A retry of an execution that already happened returns its bill run.
          const done = await repos.idempotency.get(
            `${OPERATION}:item:${schedule.id}:${named.id}:${named.generation}`,
          );
          if (done) return loadBillRun(repos, done.result, 'ScheduleExecution');
          return err(itemAlreadyProcessed(schedule.number, named.id, named.sequence));
        }
        const { targetDate, step, item: earliest } = plan;
        const billRunNumber = await nextNumber(repos, 'BillRun');
        const decided = yield* runAccount(context, repos, {
          accountNumber: schedule.accountNumber,
          targetDate,
          billRunNumber,
          steps: [step],
          includePausedSchedules: false,
          standard: false,
          consolidate: false,
          recheckDue: false,
        });
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
          itemsProcessed: earliest ? 1 : 0,
          invoiceNumbers: decided.invoiceNumbers,
          creditMemoNumbers: decided.creditMemoNumbers,
        });
        yield* await repos.billRuns.insert(billRun);
        if (earliest) {
          await repos.idempotency.insert({
            key: `${OPERATION}:item:${schedule.id}:${earliest.id}:${earliest.generation}`,
            operation: OPERATION,
            result: billRun.number,
          });
        }
        yield* await remember(repos, call, billRun.number);
        return ok(billRun);
      }),
    );
  });
}

/**
 * What executing a schedule does (§6.2): its earliest pending item (the named item must be it), or, with
 * every item processed, the credit due as of today in the tenant's zone. A paused schedule cannot be
 * executed. `processed`: the named item was processed already (the operation looks for the execution
 * that did it). Shared by `executeInvoiceSchedule` and `previewExecution`. @internal
 */
export function planExecution(
  context: BillingContext,
  schedule: InvoiceSchedule,
  itemId: string | undefined,
): Result<
  | {
      readonly kind: 'step';
      readonly targetDate: BusinessDate;
      readonly step: AccountRunStep;
      readonly item: InvoiceScheduleItem | null;
    }
  | { readonly kind: 'processed'; readonly item: InvoiceScheduleItem },
  ScheduleError
> {
  if (schedule.status === 'Paused') {
    return err(
      scheduleError({
        type: 'InvoiceSchedulePaused',
        message: `Invoice schedule ${schedule.number} is paused; resume it before executing it.`,
        invoiceScheduleNumber: schedule.number,
      }),
    );
  }
  const earliest = earliestPendingItem(schedule);
  if (itemId !== undefined) {
    const named = schedule.items.find((i) => i.id === itemId);
    if (!named) return err(invoiceScheduleItemNotFound(schedule.number, itemId));
    if (named.status === 'Processed') return ok({ kind: 'processed', item: named });
    if (earliest && earliest.id !== named.id) {
      return err(
        scheduleError({
          type: 'NotEarliestPendingItem',
          message: `Item ${named.sequence} of ${schedule.number} is not the earliest pending item; execute item ${earliest.sequence} first (§6.2).`,
          invoiceScheduleNumber: schedule.number,
          itemId: named.id,
          earliestPendingItemId: earliest.id,
        }),
      );
    }
  }
  if (earliest) {
    return ok({
      kind: 'step',
      targetDate: earliest.runDate as BusinessDate,
      step: { kind: 'item', invoiceScheduleNumber: schedule.number, itemId: earliest.id },
      item: earliest,
    });
  }
  // §6.2: with every item processed, execute without an item produces the credit due.
  const today = todayIn(context.clock, context.settings.timeZone);
  /* v8 ignore next */
  if (today.isErr()) throw new Error(today.error.message);
  return ok({
    kind: 'step',
    targetDate: today.value,
    step: { kind: 'credit', invoiceScheduleNumber: schedule.number, memoDate: today.value, dueBy: null },
    item: null,
  });
}

/** An execute request's optional `itemId`: absent, or an item id (a non-empty string). @internal */
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
