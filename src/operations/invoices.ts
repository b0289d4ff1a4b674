import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { ownersOf } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import {
  type InvalidCreditMemoStatus,
  type InvoiceHasAppliedCredits,
  invalidCreditMemoStatus,
} from '../domain/documents/errors';
import type { Invoice, InvoiceStatus } from '../domain/documents/invoice';
import type { InvalidInput } from '../domain/errors';
import type { CreditMemoNumber, InvoiceNumber } from '../domain/numbers';
import { type ScheduleError, scheduleError } from '../domain/schedule/errors';
import { checkRevertible, revertItemForInvoice, scheduleNumbersOf } from '../domain/schedule/execute';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import {
  claimAccounts,
  EXPECTED_NUMBER,
  loadCreditMemo,
  loadInvoice,
  OPTIONAL_FIELDS,
  requireFields,
  reviseWithCharges,
} from './common';
import { type Emitted, mutation, transact } from './operation';

/**
 * Everything an invoice operation can fail with.
 * @category Errors
 * @since 0.1.0
 */
export type InvoiceOperationError =
  | ScheduleError
  | InvoiceHasAppliedCredits
  | InvalidCreditMemoStatus
  | InvalidInput
  | VersionConflict
  | StoreConflict
  | InvalidContext;

/** What {@link transition} gives: the invoice after it, and whether it changed (and was saved). */
interface Transitioned {
  readonly invoice: Invoice;
  readonly changed: boolean;
}

/**
 * Moves the invoice from `from` to `to`. `checked`: the invoice as the caller read and checked it under its
 * claims; the save then compares against that version, so a change committed since is a conflict.
 */
async function transition(
  repos: Repositories,
  invoiceKey: string,
  from: InvoiceStatus,
  to: InvoiceStatus,
  checked?: Invoice,
): Promise<Result<Transitioned, ScheduleError | VersionConflict>> {
  let invoice = checked;
  if (!invoice) {
    const loaded = await loadInvoice(repos, invoiceKey);
    if (loaded.isErr()) return err(loaded.error);
    invoice = loaded.value;
  }
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
 * `invoiceNumber` takes the invoice's number or its id (§2.1, "scheduleKey").
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
  input: { readonly invoiceNumber: InvoiceNumber },
): ResultAsync<Emitted<Invoice>, InvoiceOperationError> {
  return mutation(context, input, async (context, input): Promise<Result<Invoice, InvoiceOperationError>> => {
    const fields = requireFields(
      'postInvoice',
      input,
      {
        invoiceNumber: EXPECTED_NUMBER.invoiceNumber,
      },
      OPTIONAL_FIELDS.none,
    );
    if (fields.isErr()) return err(fields.error);
    const { invoiceNumber } = fields.value;
    return transact(context, async (repos): Promise<Result<Invoice, InvoiceOperationError>> => {
      const moved = await transition(repos, invoiceNumber, 'Draft', 'Posted');
      if (moved.isErr()) return err(moved.error);
      return ok(moved.value.invoice);
    });
  });
}

/**
 * Sends the invoice's items back to Pending in each schedule it billed, then brings each schedule up to date
 * with its charges as an execution would (`reviseSchedule`): the reverted item is due again on the day it first
 * became due, or earlier when a credit is due before then (a removal's effective date, §6.6 rule 3).
 */
async function undoForSchedules(
  context: BillingContext,
  repos: Repositories,
  invoice: Invoice,
): Promise<Result<undefined, VersionConflict>> {
  const numbers = [
    ...new Set(invoice.lines.map((l) => l.invoiceScheduleNumber).filter((n): n is string => n !== null)),
  ];
  for (const number of numbers) {
    const schedule = await repos.invoiceSchedules.get(number);
    if (!schedule) continue;
    const reverted = revertItemForInvoice(schedule, invoice);
    // A charge that cannot be read back (a subscription gone) leaves the schedule as reverted: the execution
    // that bills it reports that.
    const revised = (await reviseWithCharges(context, repos, reverted)).unwrapOr(reverted);
    const saved = await repos.invoiceSchedules.save(revised);
    if (saved.isErr()) return err(saved.error);
  }
  return ok(undefined);
}

/**
 * The accounts whose documents can credit the invoice's charges: its own, and every account that owns or
 * owned its subscriptions — a credit goes to the account owning the subscription when it is issued
 * (decision 17), so after an owner transfer it can sit on another account than the invoice.
 */
async function creditingAccounts(repos: Repositories, invoice: Invoice): Promise<Set<string>> {
  const accounts = new Set([invoice.accountNumber]);
  for (const number of new Set(invoice.lines.map((l) => l.subscriptionNumber))) {
    if (number === '') continue;
    const subscription = await repos.subscriptions.get(number);
    if (subscription === null) continue;
    for (const owner of ownersOf(subscription)) accounts.add(owner);
  }
  return accounts;
}

/**
 * Claims the accounts that can credit the invoice (see {@link creditingAccounts}) and returns them. A bill
 * run crediting one of its charges holds the claim of the account it credits on, which after an owner
 * transfer is not the invoice's: without that claim both could commit at READ COMMITTED, the reversal
 * and a credit of the reversed invoice. An owner transfer claims the old and the new owner, so the
 * accounts are read again under the claims until no new one appears.
 */
async function claimCreditingAccounts(repos: Repositories, invoice: Invoice): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (;;) {
    const accounts = await creditingAccounts(repos, invoice);
    const fresh = [...accounts].filter((a) => !claimed.has(a));
    if (fresh.length === 0) return accounts;
    await claimAccounts(repos, fresh);
    for (const account of fresh) claimed.add(account);
  }
}

/** Loads what deciding a revert needs (read under the claims of `accounts`) and asks the core. */
async function revertBlocked(
  repos: Repositories,
  invoice: Invoice,
  accounts: ReadonlySet<string>,
): Promise<ScheduleError | InvoiceHasAppliedCredits | null> {
  const creditMemos = new Map<string, CreditMemo>();
  for (const account of accounts)
    for (const memo of await repos.creditMemos.listByAccount(account)) creditMemos.set(memo.number, memo);
  const schedules = [];
  for (const number of scheduleNumbersOf(invoice)) {
    const schedule = await repos.invoiceSchedules.get(number);
    if (schedule) schedules.push(schedule);
    for (const memo of await repos.creditMemos.listBySchedule(number)) creditMemos.set(memo.number, memo);
  }
  return checkRevertible(invoice, schedules, [...creditMemos.values()]);
}

function revertingTransition(name: string, from: InvoiceStatus, to: InvoiceStatus) {
  return (
    context: BillingContext,
    input: { readonly invoiceNumber: InvoiceNumber },
  ): ResultAsync<Emitted<Invoice>, InvoiceOperationError> =>
    mutation(context, input, async (context, input): Promise<Result<Invoice, InvoiceOperationError>> => {
      const fields = requireFields(
        name,
        input,
        {
          invoiceNumber: EXPECTED_NUMBER.invoiceNumber,
        },
        OPTIONAL_FIELDS.none,
      );
      if (fields.isErr()) return err(fields.error);
      const { invoiceNumber } = fields.value;
      return transact(context, async (repos): Promise<Result<Invoice, InvoiceOperationError>> => {
        const found = await loadInvoice(repos, invoiceNumber);
        if (found.isErr()) return err(found.error);
        // Claim, then read the invoice again: its status and applications are decided on as read under the
        // claims, and the save compares against that version (a post or an application since conflicts).
        const accounts = await claimCreditingAccounts(repos, found.value);
        const reread = await loadInvoice(repos, found.value.number);
        if (reread.isErr()) return err(reread.error);
        const current = reread.value;
        if (current.status === from) {
          const locked = await revertBlocked(repos, current, accounts);
          if (locked) return err(locked);
        }
        const moved = await transition(repos, invoiceNumber, from, to, current);
        if (moved.isErr()) return err(moved.error);
        if (moved.value.changed) {
          const undone = await undoForSchedules(context, repos, moved.value.invoice);
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
 * number or its id (§2.1, "scheduleKey").
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
 * Reversing a Reversed invoice again returns it unchanged. Refused while credit memos are applied to
 * the invoice (`InvoiceHasAppliedCredits`, since 0.2.0): unapply them first (`unapplyCreditMemo`).
 * `invoiceNumber` takes the invoice's number or its id (§2.1, "scheduleKey").
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
 * Posts a Draft credit memo. Posting a Posted memo again returns it unchanged; a Canceled memo
 * cannot be posted (`InvalidCreditMemoStatus`, since 0.2.0).
 * `creditMemoNumber` takes the memo's number or its id (§2.1, "scheduleKey").
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
  input: { readonly creditMemoNumber: CreditMemoNumber },
): ResultAsync<Emitted<CreditMemo>, InvoiceOperationError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<CreditMemo, InvoiceOperationError>> => {
      const fields = requireFields(
        'postCreditMemo',
        input,
        {
          creditMemoNumber: EXPECTED_NUMBER.creditMemoNumber,
        },
        OPTIONAL_FIELDS.none,
      );
      if (fields.isErr()) return err(fields.error);
      const { creditMemoNumber } = fields.value;
      return transact(context, async (repos): Promise<Result<CreditMemo, InvoiceOperationError>> => {
        const loaded = await loadCreditMemo(repos, creditMemoNumber);
        if (loaded.isErr()) return err(loaded.error);
        const memo = loaded.value;
        if (memo.status === 'Posted') return ok(memo);
        if (memo.status === 'Canceled') {
          return err(invalidCreditMemoStatus(memo.number, memo.status, 'Draft', 'post'));
        }
        const next: CreditMemo = Object.freeze({
          ...memo,
          status: 'Posted' as const,
          version: memo.version + 1,
        });
        const saved = await repos.creditMemos.save(next);
        if (saved.isErr()) return err(saved.error);
        return ok(next);
      });
    },
  );
}
