import { err, ok, type ResultAsync } from 'neverthrow';
import type { BillRun, BillRunFailure } from '../domain/bill-run';
import { planBillRun } from '../domain/bill-run-plan';
import type { DomainError } from '../domain/errors';
import type { ScheduleError } from '../domain/schedule-errors';
import type { BillingContext, VersionConflict } from '../ports';
import { todayIn } from '../time/clock';
import { type BusinessDate, parseBusinessDate } from '../time/date';
import type { TimeError } from '../time/errors';
import { async, loadSchedule, nextNumber, recalled, remember } from './common';
import { creditInTransaction, type ExecuteError, executeInTransaction, loadBillRun } from './execute';

/**
 * A bill run request (reference §6.5): a target date (default: today in the tenant's zone) and
 * optional account / schedule filters.
 * @since 0.1.0
 */
export interface RunBillRunInput {
  readonly targetDate?: string;
  readonly accountNumbers?: readonly string[];
  readonly invoiceScheduleNumbers?: readonly string[];
  /** Retrying with the same key returns the first bill run. */
  readonly idempotencyKey?: string;
}

/**
 * Everything a bill run can fail with as a whole (per-account failures are recorded in the
 * bill run instead).
 * @since 0.1.0
 */
export type RunBillRunError = ScheduleError | DomainError | TimeError | VersionConflict;

const OPERATION = 'runBillRun';

/**
 * Runs a bill run: processes every due item (run date on or before the target date, decision
 * 7) of every non-paused schedule matching the filters, oldest first, each item its own invoice.
 * Each account is billed in its own transaction: one failing account is recorded in `failures`
 * and does not stop the others. Running it again for the same date creates no new documents.
 * @since 0.1.0
 */
export function runBillRun(
  context: BillingContext,
  input: RunBillRunInput = {},
): ResultAsync<BillRun, RunBillRunError> {
  return async(
    (async () => {
      let targetDate: BusinessDate;
      if (input.targetDate === undefined) {
        const today = todayIn(context.clock, context.settings.timeZone);
        if (today.isErr()) return err(today.error);
        targetDate = today.value;
      } else {
        const parsed = parseBusinessDate(input.targetDate, 'targetDate');
        if (parsed.isErr()) return err(parsed.error);
        targetDate = parsed.value;
      }
      const filter = {
        accountNumbers: Object.freeze([...(input.accountNumbers ?? [])]),
        invoiceScheduleNumbers: Object.freeze([...(input.invoiceScheduleNumbers ?? [])]),
      };
      // Reserve the bill run's number and load what is due.
      const opened = await context.store.transaction<
        {
          billRunNumber: string;
          previous: BillRun | null;
          accounts: ReturnType<typeof planBillRun>['accounts'];
        },
        RunBillRunError
      >(async (repos) => {
        const previous = await recalled(repos, input.idempotencyKey, OPERATION);
        if (previous.isErr()) return err(previous.error);
        if (previous.value !== null) {
          const first = await loadBillRun(repos, previous.value);
          if (first.isErr()) return err(first.error);
          return ok({ billRunNumber: first.value.number, previous: first.value, accounts: [] });
        }
        const schedules = await repos.invoiceSchedules.listWithItemsDue(targetDate, filter);
        const plan = planBillRun(schedules, targetDate, filter);
        return ok({
          billRunNumber: await nextNumber(repos, 'BillRun'),
          previous: null,
          accounts: plan.accounts,
        });
      });
      if (opened.isErr()) return err(opened.error);
      if (opened.value.previous) return ok(opened.value.previous);
      const { billRunNumber, accounts } = opened.value;
      const invoiceNumbers: string[] = [];
      const creditMemoNumbers: string[] = [];
      const failures: BillRunFailure[] = [];
      let itemsProcessed = 0;
      for (const account of accounts) {
        const billed = await context.store.transaction<
          { invoices: string[]; items: number; memos: string[] },
          ExecuteError
        >(async (repos) => {
          const invoices: string[] = [];
          const memos: string[] = [];
          let items = 0;
          for (const planned of account.items) {
            const loaded = await loadSchedule(repos, planned.invoiceScheduleNumber);
            if (loaded.isErr()) return err(loaded.error);
            if (loaded.value.status === 'Paused') continue;
            if (planned.itemId === null) {
              const credited = await creditInTransaction(
                context,
                repos,
                loaded.value,
                targetDate,
                targetDate,
                billRunNumber,
              );
              if (credited.isErr()) return err(credited.error);
              if (credited.value?.creditMemo) memos.push(credited.value.creditMemo.number);
              continue;
            }
            const item = loaded.value.items.find((i) => i.id === planned.itemId);
            // Re-checked inside the transaction: another run may have processed it meanwhile.
            if (!item || item.status === 'Processed') continue;
            const executed = await executeInTransaction(context, repos, loaded.value, item, billRunNumber);
            if (executed.isErr()) return err(executed.error);
            items += 1;
            if (executed.value.invoice) invoices.push(executed.value.invoice.number);
            if (executed.value.creditMemo) memos.push(executed.value.creditMemo.number);
          }
          return ok({ invoices, items, memos });
        });
        if (billed.isErr()) {
          failures.push(
            Object.freeze({
              accountNumber: account.accountNumber,
              errorType: billed.error.type,
              message: billed.error.message,
            }),
          );
        } else {
          invoiceNumbers.push(...billed.value.invoices);
          creditMemoNumbers.push(...billed.value.memos);
          itemsProcessed += billed.value.items;
        }
      }
      const billRun: BillRun = Object.freeze({
        id: context.ids.next('BillRun'),
        number: billRunNumber,
        kind: 'BillRun' as const,
        targetDate,
        createdAt: context.clock.now().toISOString(),
        accountNumbers: filter.accountNumbers,
        invoiceScheduleNumbers: filter.invoiceScheduleNumbers,
        invoiceScheduleItemId: null,
        status: failures.length > 0 ? ('CompletedWithErrors' as const) : ('Completed' as const),
        itemsProcessed,
        invoiceNumbers: Object.freeze(invoiceNumbers),
        creditMemoNumbers: Object.freeze(creditMemoNumbers),
        failures: Object.freeze(failures),
      });
      return context.store.transaction<BillRun, RunBillRunError>(async (repos) => {
        const inserted = await repos.billRuns.insert(billRun);
        if (inserted.isErr()) return err(inserted.error);
        const remembered = await remember(repos, input.idempotencyKey, OPERATION, billRun.number);
        if (remembered.isErr()) return err(remembered.error);
        return ok(billRun);
      });
    })(),
  );
}
