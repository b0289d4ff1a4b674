import { err, ok, type ResultAsync } from 'neverthrow';
import type { BillRun } from '../domain/bill-run';
import type { CreditMemo } from '../domain/credit-memo';
import type { InvalidInput } from '../domain/errors';
import type { Invoice } from '../domain/invoice';
import type { InvoiceSchedule } from '../domain/schedule';
import { type ScheduleError, scheduleError } from '../domain/schedule-errors';
import type { BillingContext, InvalidContext } from '../ports';
import { EXPECTED_NUMBER, loadSchedule, requireNumber, withContext } from './common';

/**
 * Reads an invoice schedule by number.
 * @since 0.1.0
 */
export function getInvoiceSchedule(
  context: BillingContext,
  invoiceScheduleNumber: string,
): ResultAsync<InvoiceSchedule, ScheduleError | InvalidInput | InvalidContext> {
  return withContext<InvoiceSchedule, ScheduleError | InvalidInput>(context, async () => {
    const number = requireNumber(
      'getInvoiceSchedule',
      'invoiceScheduleNumber',
      EXPECTED_NUMBER.invoiceScheduleNumber,
      invoiceScheduleNumber,
    );
    if (number.isErr()) return err(number.error);
    return context.store.transaction((repos) => loadSchedule(repos, number.value));
  });
}

/**
 * Reads an invoice by number.
 * @since 0.1.0
 */
export function getInvoice(
  context: BillingContext,
  invoiceNumber: string,
): ResultAsync<Invoice, ScheduleError | InvalidInput | InvalidContext> {
  return withContext<Invoice, ScheduleError | InvalidInput>(context, async () => {
    const number = requireNumber('getInvoice', 'invoiceNumber', EXPECTED_NUMBER.invoiceNumber, invoiceNumber);
    if (number.isErr()) return err(number.error);
    return context.store.transaction<Invoice, ScheduleError>(async (repos) => {
      const invoice = await repos.invoices.get(number.value);
      return invoice
        ? ok(invoice)
        : err(
            scheduleError({
              type: 'InvoiceNotFound',
              message: `Invoice ${number.value} does not exist.`,
              invoiceNumber: number.value,
            }),
          );
    });
  });
}

/**
 * Lists the invoices a schedule produced, by number.
 * @since 0.1.0
 */
export function listScheduleInvoices(
  context: BillingContext,
  invoiceScheduleNumber: string,
): ResultAsync<readonly Invoice[], ScheduleError | InvalidInput | InvalidContext> {
  return withContext<readonly Invoice[], ScheduleError | InvalidInput>(context, async () => {
    const number = requireNumber(
      'listScheduleInvoices',
      'invoiceScheduleNumber',
      EXPECTED_NUMBER.invoiceScheduleNumber,
      invoiceScheduleNumber,
    );
    if (number.isErr()) return err(number.error);
    return context.store.transaction<readonly Invoice[], ScheduleError>(async (repos) =>
      ok(await repos.invoices.listBySchedule(number.value)),
    );
  });
}

/**
 * Reads a bill run by number (`null` when absent).
 * @since 0.1.0
 */
export function getBillRun(
  context: BillingContext,
  billRunNumber: string,
): ResultAsync<BillRun | null, InvalidInput | InvalidContext> {
  return withContext<BillRun | null, InvalidInput>(context, async () => {
    const number = requireNumber('getBillRun', 'billRunNumber', EXPECTED_NUMBER.billRunNumber, billRunNumber);
    if (number.isErr()) return err(number.error);
    return context.store.transaction<BillRun | null, never>(async (repos) =>
      ok(await repos.billRuns.get(number.value)),
    );
  });
}

/**
 * Reads a credit memo by number (`null` when absent).
 * @since 0.1.0
 */
export function getCreditMemo(
  context: BillingContext,
  creditMemoNumber: string,
): ResultAsync<CreditMemo | null, InvalidInput | InvalidContext> {
  return withContext<CreditMemo | null, InvalidInput>(context, async () => {
    const number = requireNumber(
      'getCreditMemo',
      'creditMemoNumber',
      EXPECTED_NUMBER.creditMemoNumber,
      creditMemoNumber,
    );
    if (number.isErr()) return err(number.error);
    return context.store.transaction<CreditMemo | null, never>(async (repos) =>
      ok(await repos.creditMemos.get(number.value)),
    );
  });
}

/**
 * Lists the credit memos a schedule produced, by number.
 * @since 0.1.0
 */
export function listScheduleCreditMemos(
  context: BillingContext,
  invoiceScheduleNumber: string,
): ResultAsync<readonly CreditMemo[], InvalidInput | InvalidContext> {
  return withContext<readonly CreditMemo[], InvalidInput>(context, async () => {
    const number = requireNumber(
      'listScheduleCreditMemos',
      'invoiceScheduleNumber',
      EXPECTED_NUMBER.invoiceScheduleNumber,
      invoiceScheduleNumber,
    );
    if (number.isErr()) return err(number.error);
    return context.store.transaction<readonly CreditMemo[], never>(async (repos) =>
      ok(await repos.creditMemos.listBySchedule(number.value)),
    );
  });
}
