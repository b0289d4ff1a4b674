import { err, ok, type ResultAsync } from 'neverthrow';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice, InvoiceStatus } from '../domain/documents/invoice';
import type { InvalidInput } from '../domain/errors';
import { type ScheduleError, scheduleError } from '../domain/schedule/errors';
import { checkRevertible, revertItemForInvoice, scheduleNumbersOf } from '../domain/schedule/execute';
import type { BillingContext, InvalidContext, Repositories, VersionConflict } from '../ports';
import {
  EXPECTED_NUMBER,
  findByKey,
  loadCreditMemo,
  loadInvoice,
  requireFields,
  withContext,
} from './common';

/**
 * Everything an invoice operation can fail with.
 * @category Errors
 * @since 0.1.0
 */
export type InvoiceOperationError = ScheduleError | InvalidInput | VersionConflict | InvalidContext;

async function transition(
  repos: Repositories,
  invoiceKey: string,
  from: InvoiceStatus,
  to: InvoiceStatus,
): Promise<import('neverthrow').Result<{ invoice: Invoice; changed: boolean }, InvoiceOperationError>> {
  const loaded = await loadInvoice(repos, invoiceKey);
  if (loaded.isErr()) return err(loaded.error);
  const invoice = loaded.value;
  const invoiceNumber = invoice.number;
  // Idempotent: repeating a transition that already happened returns the invoice unchanged.
  if (invoice.status === to) return ok({ invoice, changed: false });
  if (invoice.status !== from) {
    return err(
      scheduleError({
        type: 'InvalidInvoiceStatus',
        message: `Invoice ${invoiceNumber} is ${invoice.status}; only a ${from} invoice can become ${to}.`,
        invoiceNumber,
        status: invoice.status,
        expectedStatus: from,
      }),
    );
  }
  const next: Invoice = Object.freeze({ ...invoice, status: to, version: invoice.version + 1 });
  const saved = await repos.invoices.save(next);
  if (saved.isErr()) return err(saved.error);
  return ok({ invoice: next, changed: true });
}

/**
 * Posts a Draft invoice (reference §6.4). Posting a Posted invoice again returns it unchanged.
 * `invoiceNumber` takes the invoice's number or its id (§10, "Keys").
 * @example
 * ```ts
 * const posted = await postInvoice(context, { invoiceNumber: 'INV00000001' });
 * if (posted.isOk()) console.log(posted.value.status); // Posted
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function postInvoice(
  context: BillingContext,
  input: { readonly invoiceNumber: string },
): ResultAsync<Invoice, InvoiceOperationError> {
  return withContext<Invoice, InvoiceOperationError>(context, async () => {
    const given = requireFields('postInvoice', input, { invoiceNumber: EXPECTED_NUMBER.invoiceNumber });
    if (given.isErr()) return err(given.error);
    return context.store.transaction<Invoice, InvoiceOperationError>(async (repos) =>
      (await transition(repos, given.value.invoiceNumber, 'Draft', 'Posted')).map((r) => r.invoice),
    );
  });
}

async function undoForSchedules(repos: Repositories, invoice: Invoice) {
  const numbers = [
    ...new Set(invoice.lines.map((l) => l.invoiceScheduleNumber).filter((n): n is string => n !== null)),
  ];
  for (const number of numbers) {
    const schedule = await repos.invoiceSchedules.get(number);
    if (!schedule) continue;
    const saved = await repos.invoiceSchedules.save(revertItemForInvoice(schedule, invoice));
    if (saved.isErr()) return saved;
  }
  return ok(undefined);
}

/** Loads what deciding a revert needs and asks the core (`checkRevertible`). */
async function revertBlocked(repos: Repositories, invoice: Invoice): Promise<InvoiceOperationError | null> {
  const creditMemos = await repos.creditMemos.listByAccount(invoice.accountNumber);
  const schedules = [];
  for (const number of scheduleNumbersOf(invoice)) {
    const schedule = await repos.invoiceSchedules.get(number);
    if (schedule) schedules.push(schedule);
  }
  return checkRevertible(invoice, schedules, creditMemos);
}

function revertingTransition(operation: string, from: InvoiceStatus, to: InvoiceStatus) {
  return (
    context: BillingContext,
    input: { readonly invoiceNumber: string },
  ): ResultAsync<Invoice, InvoiceOperationError> =>
    withContext<Invoice, InvoiceOperationError>(context, async () => {
      const given = requireFields(operation, input, { invoiceNumber: EXPECTED_NUMBER.invoiceNumber });
      if (given.isErr()) return err(given.error);
      const { invoiceNumber } = given.value;
      return context.store.transaction<Invoice, InvoiceOperationError>(async (repos) => {
        const current = await findByKey(repos.invoices, invoiceNumber);
        if (current && current.status === from) {
          const locked = await revertBlocked(repos, current);
          if (locked) return err(locked);
        }
        const moved = await transition(repos, invoiceNumber, from, to);
        if (moved.isErr()) return err(moved.error);
        if (moved.value.changed) {
          const undone = await undoForSchedules(repos, moved.value.invoice);
          if (undone.isErr()) return err(undone.error);
        }
        return ok(moved.value.invoice);
      });
    });
}

/**
 * Cancels a Draft invoice (reference §6.4, C02): the schedule item that produced it goes back
 * to Pending and is billed again later with its original run date as invoice date.
 * Canceling a Canceled invoice again returns it unchanged. `invoiceNumber` takes the invoice's
 * number or its id (§10, "Keys").
 * @example
 * ```ts
 * const canceled = await cancelInvoice(context, { invoiceNumber: 'INV00000001' });
 * if (canceled.isErr()) console.error(canceled.error.type); // InvalidInvoiceStatus when already Posted
 * ```
 * @category Operations
 * @since 0.1.0
 */
export const cancelInvoice = revertingTransition('cancelInvoice', 'Draft', 'Canceled');

/**
 * Reverses a Posted invoice (reference §6.4, C17, C18): the item goes back to Pending and the
 * schedule status is recomputed (e.g. Partially Processed → Pending, so it can be deleted).
 * Reversing a Reversed invoice again returns it unchanged. `invoiceNumber` takes the invoice's
 * number or its id (§10, "Keys").
 * @example
 * ```ts
 * const reversed = await reverseInvoice(context, { invoiceNumber: 'INV00000001' });
 * if (reversed.isOk()) console.log(reversed.value.status); // Reversed
 * ```
 * @category Operations
 * @since 0.1.0
 */
export const reverseInvoice = revertingTransition('reverseInvoice', 'Posted', 'Reversed');

/**
 * Posts a Draft credit memo. Posting a Posted memo again returns it unchanged.
 * `creditMemoNumber` takes the memo's number or its id (§10, "Keys").
 * @example
 * ```ts
 * const posted = await postCreditMemo(context, { creditMemoNumber: 'CM00000001' });
 * if (posted.isOk()) console.log(posted.value.status); // Posted
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function postCreditMemo(
  context: BillingContext,
  input: { readonly creditMemoNumber: string },
): ResultAsync<CreditMemo, InvoiceOperationError> {
  return withContext<CreditMemo, InvoiceOperationError>(context, async () => {
    const given = requireFields('postCreditMemo', input, {
      creditMemoNumber: EXPECTED_NUMBER.creditMemoNumber,
    });
    if (given.isErr()) return err(given.error);
    const { creditMemoNumber } = given.value;
    return context.store.transaction<CreditMemo, InvoiceOperationError>(async (repos) => {
      const loaded = await loadCreditMemo(repos, creditMemoNumber);
      if (loaded.isErr()) return err(loaded.error);
      const memo = loaded.value;
      if (memo.status === 'Posted') return ok(memo);
      const next: CreditMemo = Object.freeze({
        ...memo,
        status: 'Posted' as const,
        version: memo.version + 1,
      });
      const saved = await repos.creditMemos.save(next);
      if (saved.isErr()) return err(saved.error);
      return ok(next);
    });
  });
}
