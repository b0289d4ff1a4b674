import { err, ok, type Result } from 'neverthrow';
import type { BusinessDate } from '../../time/date';
import { invoiceScheduleItemNotFound, type ScheduleError, scheduleError } from '../schedule/errors';
import { earliestPendingItem, type InvoiceSchedule, type InvoiceScheduleItem } from '../schedule/schedule';
import type { AccountRunRequest, AccountRunStep } from './account-run-model';

// An execution by hand (§6.2): which step of the account's run it is, decided from the schedule alone.

/** What an execution by hand will do: a step of the account's run, or the named item was processed already. @internal */
export type ExecutionPlan =
  | {
      readonly kind: 'step';
      readonly targetDate: BusinessDate;
      readonly step: AccountRunStep;
      readonly item: InvoiceScheduleItem | null;
    }
  | { readonly kind: 'processed'; readonly item: InvoiceScheduleItem };

/**
 * What executing a schedule does (§6.2): its earliest pending item (the named item must be it), or, with
 * every item processed, the credits due by `today` (in the tenant's zone) as a bill run of that day issues
 * them: one memo per due date, each dated its own (§8.4, decision 18). A paused schedule cannot be
 * executed. `processed`: the named item was processed already, whatever the schedule's status now (a retry,
 * decision 14: the operation looks for the execution that did it). Shared by `executeInvoiceSchedule` and
 * `previewExecution`. Pure. @internal
 */
export function planExecution(
  schedule: InvoiceSchedule,
  itemId: string | undefined,
  today: BusinessDate,
): Result<ExecutionPlan, ScheduleError> {
  const named = itemId === undefined ? undefined : schedule.items.find((i) => i.id === itemId);
  if (itemId !== undefined && named === undefined)
    return err(invoiceScheduleItemNotFound(schedule.number, itemId));
  // A named item processed already is a retry (decision 14): answered whatever the schedule's status is now.
  if (named?.status === 'Processed') return ok({ kind: 'processed', item: named });
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
  if (named !== undefined && earliest && earliest.id !== named.id) {
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
  if (earliest) {
    return ok({
      kind: 'step',
      targetDate: earliest.runDate as BusinessDate,
      step: { kind: 'item', invoiceScheduleNumber: schedule.number, itemId: earliest.id },
      item: earliest,
    });
  }
  // §6.2: with every item processed, execute without an item produces the credit due — by today only: a
  // credit memo is generated on the removal's effective date (§8.4) and dated it (decision 18), before it only
  // when an update pulled the schedule's nextRunDate to a day today reached (§6.6 rule 4; executeCredit).
  return ok({
    kind: 'step',
    targetDate: today,
    step: { kind: 'credit', invoiceScheduleNumber: schedule.number, memoDate: today, dueBy: today },
    item: null,
  });
}

/**
 * The account run of an execution by hand: its one step, on the schedule's account, with no standard
 * billing, no consolidation (§7.8 is for bill runs) and no recheck of the due date (an execution may bill
 * early, §6.3). An item's execution has no catch-up (an execution executes one item, §6.2); a credit's has,
 * so that the credits due later than the first but by today come too, each in its own memo dated its due
 * date, as the bill run of that day gives them. Pure. @internal
 */
export function executionRequest(
  schedule: InvoiceSchedule,
  plan: Extract<ExecutionPlan, { kind: 'step' }>,
  billRunNumber: string,
): Omit<AccountRunRequest, 'settings'> {
  return {
    accountNumber: schedule.accountNumber,
    targetDate: plan.targetDate,
    billRunNumber,
    steps: [plan.step],
    includePausedSchedules: false,
    standard: false,
    consolidate: false,
    recheckDue: false,
    catchUp: plan.item === null,
  };
}
