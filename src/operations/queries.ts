import { err, ok, type ResultAsync } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { InvalidInput } from '../domain/errors';
import { billRunNotFound, type ScheduleError } from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, Repositories } from '../ports';
import {
  EXPECTED_NUMBER,
  findByKey,
  loadCreditMemo,
  loadInvoice,
  loadSchedule,
  requireNumber,
  withContext,
} from './common';

/**
 * The number of the schedule a key names (reference §10, "Keys"), for the list queries: lines carry
 * the schedule's number. A key that names no schedule is taken as a number, so the documents of a
 * deleted schedule are still listed by its number, and an unknown key lists nothing.
 */
async function scheduleNumberOf(repos: Repositories, key: string): Promise<string> {
  return (await findByKey(repos.invoiceSchedules, key))?.number ?? key;
}

/**
 * Reads an invoice schedule by its number or its id (reference §10, "Keys"); an unknown key is
 * `InvoiceScheduleNotFound`.
 * @param invoiceScheduleNumber the schedule's number (`IS-00000001`) or its id
 * @example
 * ```ts
 * const schedule = await getInvoiceSchedule(context, 'IS-00000001'); // its number or its id
 * if (schedule.isOk()) console.log(schedule.value.status, schedule.value.billedAmount.toFixed(2));
 * ```
 * @category Operations
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
 * Reads an invoice by its number or its id (reference §10, "Keys"); an unknown key is
 * `InvoiceNotFound`.
 * @param invoiceNumber the invoice's number (`INV00000001`) or its id
 * @example
 * ```ts
 * const invoice = await getInvoice(context, 'INV00000001'); // its number or its id
 * if (invoice.isOk()) console.log(invoice.value.status, invoice.value.amount.toFixed(2));
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function getInvoice(
  context: BillingContext,
  invoiceNumber: string,
): ResultAsync<Invoice, ScheduleError | InvalidInput | InvalidContext> {
  return withContext<Invoice, ScheduleError | InvalidInput>(context, async () => {
    const number = requireNumber('getInvoice', 'invoiceNumber', EXPECTED_NUMBER.invoiceNumber, invoiceNumber);
    if (number.isErr()) return err(number.error);
    return context.store.transaction((repos) => loadInvoice(repos, number.value));
  });
}

/**
 * Lists the invoices a schedule produced, ordered by number; the schedule is named by its number
 * or its id (reference §10, "Keys"). An unknown key lists nothing.
 * @param invoiceScheduleNumber the schedule's number or its id
 * @example
 * ```ts
 * const invoices = await listScheduleInvoices(context, 'IS-00000001');
 * for (const invoice of invoices.unwrapOr([])) console.log(invoice.number, invoice.status);
 * ```
 * @category Operations
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
      ok(await repos.invoices.listBySchedule(await scheduleNumberOf(repos, number.value))),
    );
  });
}

/**
 * Reads a bill run by its number or its id (reference §10, "Keys"); an unknown key is
 * `BillRunNotFound`.
 * @param billRunNumber the bill run's number (`BR-00000001`) or its id
 * @example
 * ```ts
 * const billRun = await getBillRun(context, 'BR-00000001'); // its number or its id
 * if (billRun.isOk()) console.log(billRun.value.status, billRun.value.failures);
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function getBillRun(
  context: BillingContext,
  billRunNumber: string,
): ResultAsync<BillRun, ScheduleError | InvalidInput | InvalidContext> {
  return withContext<BillRun, ScheduleError | InvalidInput>(context, async () => {
    const number = requireNumber('getBillRun', 'billRunNumber', EXPECTED_NUMBER.billRunNumber, billRunNumber);
    if (number.isErr()) return err(number.error);
    return context.store.transaction<BillRun, ScheduleError>(async (repos) => {
      const billRun = await findByKey(repos.billRuns, number.value);
      return billRun ? ok(billRun) : err(billRunNotFound(number.value));
    });
  });
}

/**
 * Reads a credit memo by its number or its id (reference §10, "Keys"); an unknown key is
 * `CreditMemoNotFound`.
 * @param creditMemoNumber the credit memo's number (`CM00000001`) or its id
 * @example
 * ```ts
 * const memo = await getCreditMemo(context, 'CM00000001'); // its number or its id
 * if (memo.isOk()) console.log(memo.value.status, memo.value.amount.toFixed(2));
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function getCreditMemo(
  context: BillingContext,
  creditMemoNumber: string,
): ResultAsync<CreditMemo, ScheduleError | InvalidInput | InvalidContext> {
  return withContext<CreditMemo, ScheduleError | InvalidInput>(context, async () => {
    const number = requireNumber(
      'getCreditMemo',
      'creditMemoNumber',
      EXPECTED_NUMBER.creditMemoNumber,
      creditMemoNumber,
    );
    if (number.isErr()) return err(number.error);
    return context.store.transaction((repos) => loadCreditMemo(repos, number.value));
  });
}

/**
 * Lists the credit memos a schedule produced, ordered by number; the schedule is named by its
 * number or its id (reference §10, "Keys"). An unknown key lists nothing.
 * @param invoiceScheduleNumber the schedule's number or its id
 * @example
 * ```ts
 * const memos = await listScheduleCreditMemos(context, 'IS-00000001');
 * for (const memo of memos.unwrapOr([])) console.log(memo.number, memo.amount.toFixed(2));
 * ```
 * @category Operations
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
      ok(await repos.creditMemos.listBySchedule(await scheduleNumberOf(repos, number.value))),
    );
  });
}
