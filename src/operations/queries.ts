import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import { type InvalidInput, invalidInput } from '../domain/errors';
import type {
  BillRunNumber,
  CreditMemoNumber,
  InvoiceNumber,
  InvoiceScheduleNumber,
} from '../domain/numbers';
import type {
  BillRunNotFound,
  CreditMemoNotFound,
  InvoiceNotFound,
  InvoiceScheduleNotFound,
} from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, Repositories, StoreConflict } from '../ports';
import {
  EXPECTED_NUMBER,
  findByKey,
  loadBillRunByKey,
  loadCreditMemo,
  loadInvoice,
  loadSchedule,
  readFlag,
  refuseUnknownFields,
  requireNumber,
} from './common';
import { operation, transact } from './operation';

/**
 * The number of the schedule a key names (reference §2.1, "scheduleKey"), for the list queries: lines carry
 * the schedule's number. A key that names no schedule is taken as a number, so the documents of a
 * deleted schedule are still listed by its number, and an unknown key lists nothing.
 */
async function scheduleNumberOf(repos: Repositories, key: string): Promise<string> {
  return (await findByKey(repos.invoiceSchedules, key))?.number ?? key;
}

/**
 * `options.includeDeleted`: absent or a boolean (`options` itself: absent or an object without other
 * fields, so that a misspelt `includeDeleted` is refused rather than read as `false`).
 */
function readIncludeDeleted(options: unknown): Result<boolean, InvalidInput> {
  if (options === undefined) return ok(false);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return err(invalidInput('options', 'an object { includeDeleted?: boolean }', options));
  }
  const known = refuseUnknownFields(options, [], ['includeDeleted'], 'options');
  if (known.isErr()) return err(known.error);
  return readFlag(
    (options as { readonly includeDeleted?: unknown }).includeDeleted,
    'options.includeDeleted',
    'true or false',
  );
}

/**
 * Reads an invoice schedule by its number or its id (reference §2.1, "scheduleKey"); an unknown key is
 * `InvoiceScheduleNotFound`, and so is a deleted schedule's unless `options.includeDeleted` is `true`. Any
 * other option is refused (`InvalidInput` at `options.<name>`).
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
  invoiceScheduleNumber: InvoiceScheduleNumber,
  options: { readonly includeDeleted?: boolean } = {},
): ResultAsync<InvoiceSchedule, InvoiceScheduleNotFound | InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    invoiceScheduleNumber,
    async (
      invoiceScheduleNumber,
      options,
      context,
    ): Promise<Result<InvoiceSchedule, InvoiceScheduleNotFound | InvalidInput | StoreConflict>> => {
      const key = requireNumber(
        'getInvoiceSchedule',
        'invoiceScheduleNumber',
        EXPECTED_NUMBER.invoiceScheduleNumber,
        invoiceScheduleNumber,
      );
      if (key.isErr()) return err(key.error);
      const includeDeleted = readIncludeDeleted(options);
      if (includeDeleted.isErr()) return err(includeDeleted.error);
      return transact(context, (repos) => loadSchedule(repos, key.value, includeDeleted.value));
    },
    options,
  );
}

/**
 * Reads an invoice by its number or its id (reference §2.1, "scheduleKey"); an unknown key is
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
  invoiceNumber: InvoiceNumber,
): ResultAsync<Invoice, InvoiceNotFound | InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    invoiceNumber,
    async (
      invoiceNumber,
      _options,
      context,
    ): Promise<Result<Invoice, InvoiceNotFound | InvalidInput | StoreConflict>> => {
      const key = requireNumber('getInvoice', 'invoiceNumber', EXPECTED_NUMBER.invoiceNumber, invoiceNumber);
      if (key.isErr()) return err(key.error);
      return transact(context, (repos) => loadInvoice(repos, key.value));
    },
  );
}

/**
 * Lists the invoices a schedule produced, ordered by number; the schedule is named by its number
 * or its id (reference §2.1, "scheduleKey"). An unknown key lists nothing.
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
  invoiceScheduleNumber: InvoiceScheduleNumber,
): ResultAsync<readonly Invoice[], InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    invoiceScheduleNumber,
    async (
      invoiceScheduleNumber,
      _options,
      context,
    ): Promise<Result<readonly Invoice[], InvalidInput | StoreConflict>> => {
      const key = requireNumber(
        'listScheduleInvoices',
        'invoiceScheduleNumber',
        EXPECTED_NUMBER.invoiceScheduleNumber,
        invoiceScheduleNumber,
      );
      if (key.isErr()) return err(key.error);
      // Nothing here can fail; a transient store failure is run again.
      return transact(context, async (repos) =>
        ok(await repos.invoices.listBySchedule(await scheduleNumberOf(repos, key.value))),
      );
    },
  );
}

/**
 * Reads a bill run by its number or its id (reference §2.1, "scheduleKey"); an unknown key is
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
  billRunNumber: BillRunNumber,
): ResultAsync<BillRun, BillRunNotFound | InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    billRunNumber,
    async (
      billRunNumber,
      _options,
      context,
    ): Promise<Result<BillRun, BillRunNotFound | InvalidInput | StoreConflict>> => {
      const key = requireNumber('getBillRun', 'billRunNumber', EXPECTED_NUMBER.billRunNumber, billRunNumber);
      if (key.isErr()) return err(key.error);
      return transact(context, (repos) => loadBillRunByKey(repos, key.value));
    },
  );
}

/**
 * Reads a credit memo by its number or its id (reference §2.1, "scheduleKey"); an unknown key is
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
  creditMemoNumber: CreditMemoNumber,
): ResultAsync<CreditMemo, CreditMemoNotFound | InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    creditMemoNumber,
    async (
      creditMemoNumber,
      _options,
      context,
    ): Promise<Result<CreditMemo, CreditMemoNotFound | InvalidInput | StoreConflict>> => {
      const key = requireNumber(
        'getCreditMemo',
        'creditMemoNumber',
        EXPECTED_NUMBER.creditMemoNumber,
        creditMemoNumber,
      );
      if (key.isErr()) return err(key.error);
      return transact(context, (repos) => loadCreditMemo(repos, key.value));
    },
  );
}

/**
 * Lists the credit memos a schedule produced, ordered by number; the schedule is named by its
 * number or its id (reference §2.1, "scheduleKey"). An unknown key lists nothing.
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
  invoiceScheduleNumber: InvoiceScheduleNumber,
): ResultAsync<readonly CreditMemo[], InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    invoiceScheduleNumber,
    async (
      invoiceScheduleNumber,
      _options,
      context,
    ): Promise<Result<readonly CreditMemo[], InvalidInput | StoreConflict>> => {
      const key = requireNumber(
        'listScheduleCreditMemos',
        'invoiceScheduleNumber',
        EXPECTED_NUMBER.invoiceScheduleNumber,
        invoiceScheduleNumber,
      );
      if (key.isErr()) return err(key.error);
      // As in listScheduleInvoices: nothing can fail inside the transaction.
      return transact(context, async (repos) =>
        ok(await repos.creditMemos.listBySchedule(await scheduleNumberOf(repos, key.value))),
      );
    },
  );
}
