import { err, ok, type ResultAsync } from 'neverthrow';
import type { BillRun } from '../domain/bill-run';
import type { CreditMemo } from '../domain/credit-memo';
import type { Invoice } from '../domain/invoice';
import type { InvoiceSchedule } from '../domain/schedule';
import { type ScheduleError, scheduleError } from '../domain/schedule-errors';
import type { BillingContext } from '../ports';
import { async, loadSchedule } from './common';

/**
 * Reads an invoice schedule by number.
 * @since 0.1.0
 */
export function getInvoiceSchedule(
  context: BillingContext,
  invoiceScheduleNumber: string,
): ResultAsync<InvoiceSchedule, ScheduleError> {
  return async(context.store.transaction((repos) => loadSchedule(repos, invoiceScheduleNumber)));
}

/**
 * Reads an invoice by number.
 * @since 0.1.0
 */
export function getInvoice(
  context: BillingContext,
  invoiceNumber: string,
): ResultAsync<Invoice, ScheduleError> {
  return async(
    context.store.transaction<Invoice, ScheduleError>(async (repos) => {
      const invoice = await repos.invoices.get(invoiceNumber);
      return invoice
        ? ok(invoice)
        : err(
            scheduleError({
              type: 'InvoiceNotFound',
              message: `Invoice ${invoiceNumber} does not exist.`,
              invoiceNumber,
            }),
          );
    }),
  );
}

/**
 * Lists the invoices a schedule produced, by number.
 * @since 0.1.0
 */
export function listScheduleInvoices(
  context: BillingContext,
  invoiceScheduleNumber: string,
): ResultAsync<readonly Invoice[], ScheduleError> {
  return async(
    context.store.transaction<readonly Invoice[], ScheduleError>(async (repos) =>
      ok(await repos.invoices.listBySchedule(invoiceScheduleNumber)),
    ),
  );
}

/**
 * Reads a bill run by number (`null` when absent).
 * @since 0.1.0
 */
export function getBillRun(
  context: BillingContext,
  billRunNumber: string,
): ResultAsync<BillRun | null, never> {
  return async(
    context.store.transaction<BillRun | null, never>(async (repos) =>
      ok(await repos.billRuns.get(billRunNumber)),
    ),
  );
}

/**
 * Reads a credit memo by number.
 * @since 0.1.0
 */
export function getCreditMemo(
  context: BillingContext,
  creditMemoNumber: string,
): ResultAsync<CreditMemo | null, never> {
  return async(
    context.store.transaction<CreditMemo | null, never>(async (repos) =>
      ok(await repos.creditMemos.get(creditMemoNumber)),
    ),
  );
}

/**
 * Lists the credit memos a schedule produced, by number.
 * @since 0.1.0
 */
export function listScheduleCreditMemos(
  context: BillingContext,
  invoiceScheduleNumber: string,
): ResultAsync<readonly CreditMemo[], never> {
  return async(
    context.store.transaction<readonly CreditMemo[], never>(async (repos) =>
      ok(await repos.creditMemos.listBySchedule(invoiceScheduleNumber)),
    ),
  );
}
