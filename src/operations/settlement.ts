import type { Decimal } from 'decimal.js';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { isPlainObject } from '../domain/decode';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { InvalidInvoiceStatus, SettlementError } from '../domain/documents/errors';
import type { Invoice } from '../domain/documents/invoice';
import {
  applyCredit,
  type CreditMemoSettlement,
  cancelDraftCreditMemo,
  unapplyCredit,
} from '../domain/documents/settlement';
import { type InvalidInput, invalidInput } from '../domain/errors';
import { readObject, readString } from '../domain/input';
import type { CreditMemoNumber, InvoiceNumber } from '../domain/numbers';
import type { CreditMemoNotFound, IdempotencyKeyReused, InvoiceNotFound } from '../domain/schedule/errors';
import type { MoneyError } from '../money/errors';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import { claimAccounts, EXPECTED_NUMBER, loadCreditMemo, loadInvoice, requireFields } from './common';
import { firstSettlementResult, recordedSettlement } from './first-result';
import { idempotentCall, keyedTransaction } from './idempotency';
import { type Emitted, mutation, transact } from './operation';

// Settling credit memos against invoices: the rules are the core's (domain/documents/settlement.ts); these
// operations read the request, claim the memo's account, load the memo and the invoices, ask the core once,
// and save both sides with compare-and-set versions in one transaction.

/**
 * Everything applying, unapplying or canceling a credit memo can fail with.
 * @category Errors
 * @since 0.2.0
 */
export type SettlementOperationError =
  | SettlementError
  | InvalidInvoiceStatus
  | CreditMemoNotFound
  | InvoiceNotFound
  | IdempotencyKeyReused
  | MoneyError
  | InvalidInput
  | VersionConflict
  | StoreConflict
  | InvalidContext;

/**
 * An amount as a request gives it: a decimal string (`'400.00'`, preferred), a Decimal, or a JS number
 * exact at the currency's scale.
 * @category Inputs
 * @since 0.2.0
 */
export type CreditAmountInput = string | number | Decimal;

/**
 * One invoice to credit and how much of the memo to apply to it.
 * @category Inputs
 * @since 0.2.0
 */
export interface CreditApplicationInput {
  /** The invoice's number or its id (§2.1, "scheduleKey"). */
  readonly invoiceNumber: InvoiceNumber;
  /** Amount to apply, > 0, with at most the currency's decimals, at most the invoice's balance. */
  readonly amount: CreditAmountInput;
}

/**
 * The request of {@link applyCreditMemo}.
 * @category Inputs
 * @since 0.2.0
 */
export interface ApplyCreditMemoInput {
  /** The memo's number or its id (§2.1, "scheduleKey"). */
  readonly creditMemoNumber: CreditMemoNumber;
  /** One to 100 invoices, each once; the amounts together at most the memo's unapplied amount. */
  readonly applications: readonly CreditApplicationInput[];
  /** Retrying with the same key (and the same request) applies nothing more. */
  readonly idempotencyKey?: string;
}

/**
 * The request of {@link unapplyCreditMemo}.
 * @category Inputs
 * @since 0.2.0
 */
export interface UnapplyCreditMemoInput {
  /** The memo's number or its id (§2.1, "scheduleKey"). */
  readonly creditMemoNumber: CreditMemoNumber;
  /** The invoice's number or its id. */
  readonly invoiceNumber: InvoiceNumber;
  /** How much to unapply, > 0, at most what the memo applied to the invoice; everything when left out. */
  readonly amount?: CreditAmountInput;
  /** Retrying with the same key (and the same request) unapplies nothing more. */
  readonly idempotencyKey?: string;
}

/**
 * The request of {@link cancelCreditMemo}.
 * @category Inputs
 * @since 0.2.0
 */
export interface CancelCreditMemoInput {
  /** The memo's number or its id (§2.1, "scheduleKey"). */
  readonly creditMemoNumber: CreditMemoNumber;
}

/** At most this many invoices in one application request: one transaction stays small and bounded. */
const MAX_APPLICATIONS = 100;

const APPLICATION_KEYS = ['invoiceNumber', 'amount'] as const;
const AMOUNT_EXPECTED = 'an amount greater than 0: a decimal string such as "400.00", a Decimal or a number';

/** The amount a request gave (`undefined` when it gave none): a string, a number or a Decimal. */
function readAmountShape(value: unknown, path: string): Result<unknown, InvalidInput> {
  const shaped =
    typeof value === 'string' ||
    typeof value === 'number' ||
    (typeof value === 'object' && value !== null && typeof (value as Decimal).isFinite === 'function');
  return shaped ? ok(value) : err(invalidInput(path, AMOUNT_EXPECTED, value));
}

/** The applications of an apply request: 1 to 100 `{ invoiceNumber, amount }`, amounts checked later. */
function readApplications(
  input: Readonly<Record<string, unknown>>,
): Result<readonly { readonly invoiceNumber: string; readonly amount: unknown }[], InvalidInput> {
  const given = input.applications;
  const expected = `an array of 1 to ${MAX_APPLICATIONS} applications { invoiceNumber, amount }`;
  if (!Array.isArray(given) || given.length === 0 || given.length > MAX_APPLICATIONS) {
    return err(invalidInput('applications', expected, given));
  }
  const out: { invoiceNumber: string; amount: unknown }[] = [];
  for (const [i, element] of given.entries()) {
    const at = `applications[${i}]`;
    const fields = readObject(element, at, APPLICATION_KEYS);
    if (fields.isErr()) return err(fields.error as InvalidInput);
    const invoiceNumber = readString(fields.value.invoiceNumber, `${at}.invoiceNumber`);
    if (invoiceNumber.isErr()) {
      return err(
        invalidInput(`${at}.invoiceNumber`, EXPECTED_NUMBER.invoiceNumber, fields.value.invoiceNumber),
      );
    }
    const amount = readAmountShape(fields.value.amount, `${at}.amount`);
    if (amount.isErr()) return err(amount.error);
    out.push({ invoiceNumber: invoiceNumber.value, amount: amount.value });
  }
  return ok(out);
}

/** The request as a plain object of the allowed fields only (a misspelt field is named, not ignored). */
function readRequest(
  input: unknown,
  allowed: readonly string[],
): Result<Readonly<Record<string, unknown>>, InvalidInput> {
  // A class instance's own fields are its request, as for every other operation (`refuseUnknownFields`).
  const fields =
    typeof input === 'object' && input !== null && !Array.isArray(input) && !isPlainObject(input)
      ? { ...input }
      : input;
  return readObject(fields, '', allowed).mapErr((e) => e as InvalidInput);
}

/**
 * Loads a credit memo for a change: finds it, claims its account, and reads it again — the first read may
 * predate a transaction that held the claim and changed it.
 */
async function loadClaimedMemo(
  repos: Repositories,
  key: string,
): Promise<Result<CreditMemo, CreditMemoNotFound>> {
  const found = await loadCreditMemo(repos, key);
  if (found.isErr()) return found;
  await claimAccounts(repos, [found.value.accountNumber]);
  return loadCreditMemo(repos, found.value.number);
}

/** The invoices a request names, in its order: each by number or id, or `InvoiceNotFound`. */
async function loadInvoices(
  repos: Repositories,
  keys: readonly string[],
): Promise<Result<readonly Invoice[], InvoiceNotFound>> {
  const out: Invoice[] = [];
  for (const key of keys) {
    const invoice = await loadInvoice(repos, key);
    if (invoice.isErr()) return err(invoice.error);
    out.push(invoice.value);
  }
  return ok(out);
}

/**
 * The settlement a key recorded ({@link recordedSettlement}); a record written by an earlier version holds the
 * memo's number only: the memo and the invoices the request named as they are now answer then.
 */
async function replayedSettlement(
  repos: Repositories,
  result: string,
  invoiceKeys: readonly string[],
): Promise<Result<CreditMemoSettlement, CreditMemoNotFound | InvoiceNotFound>> {
  const recorded = recordedSettlement(result);
  return recorded === null ? settlementNow(repos, result, invoiceKeys) : ok(recorded);
}

/** What a retry with the same key got before 0.2.0: the memo and the invoices the request named, as they are now. */
async function settlementNow(
  repos: Repositories,
  creditMemoNumber: string,
  invoiceKeys: readonly string[],
): Promise<Result<CreditMemoSettlement, CreditMemoNotFound | InvoiceNotFound>> {
  const memo = await loadCreditMemo(repos, creditMemoNumber);
  if (memo.isErr()) return err(memo.error);
  const invoices = await loadInvoices(repos, invoiceKeys);
  if (invoices.isErr()) return err(invoices.error);
  return ok(Object.freeze({ creditMemo: memo.value, invoices: Object.freeze([...invoices.value]) }));
}

/** Saves a settlement's memo and invoices, each with its compare-and-set version. */
async function saveSettlement(
  repos: Repositories,
  settlement: CreditMemoSettlement,
): Promise<Result<void, VersionConflict>> {
  const memo = await repos.creditMemos.save(settlement.creditMemo);
  if (memo.isErr()) return memo;
  for (const invoice of settlement.invoices) {
    const saved = await repos.invoices.save(invoice);
    if (saved.isErr()) return saved;
  }
  return ok(undefined);
}

const APPLY = 'applyCreditMemo';

/**
 * Applies a Posted credit memo to one or more Posted invoices of its account (Zuora's "apply a credit
 * memo"), partial amounts allowed: each amount > 0 with at most the currency's decimals, at most the
 * invoice's balance, and the amounts together at most the memo's unapplied amount. The applications are
 * stored on the memo (`applications`) and on each invoice (`creditApplications`), saved in one
 * transaction under the account's claim, so concurrent applications cannot over-apply a memo or an
 * invoice. Balances: `invoiceBalance(invoice)`, `creditMemoUnappliedAmount(memo)`.
 *
 * Refusals: `InvalidCreditMemoStatus` (not Posted), `InvalidInvoiceStatus` (an invoice not Posted),
 * `CreditApplicationAccountMismatch` / `CreditApplicationCurrencyMismatch`, `InvoiceOverCredited`,
 * `CreditMemoOverApplied`, `InvalidInput` / `InvalidAmount` / `AmountTooPrecise` (the request),
 * `CreditMemoNotFound` / `InvoiceNotFound`. Memos produced by invoice schedules are applied like any other:
 * the library applies nothing by itself. A retry with the same `idempotencyKey` applies nothing more and
 * returns the memo and invoices its first call returned (decision 14), even after a later change to them. Keys
 * take the number or the id (§2.1, "scheduleKey").
 * @example
 * ```ts
 * const settled = await applyCreditMemo(context, {
 *   creditMemoNumber: 'CM00000001',
 *   applications: [
 *     { invoiceNumber: 'INV00000001', amount: '400.00' },
 *     { invoiceNumber: 'INV00000002', amount: '200.00' },
 *   ],
 *   idempotencyKey: 'apply-CM00000001-1',
 * });
 * if (settled.isOk()) console.log(creditMemoUnappliedAmount(settled.value.creditMemo).toFixed(2)); // 0.00
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function applyCreditMemo(
  context: BillingContext,
  input: ApplyCreditMemoInput,
): ResultAsync<Emitted<CreditMemoSettlement>, SettlementOperationError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<CreditMemoSettlement, SettlementOperationError>> => {
      const fields = requireFields(APPLY, input, {
        creditMemoNumber: EXPECTED_NUMBER.creditMemoNumber,
      });
      if (fields.isErr()) return err(fields.error);
      const { creditMemoNumber } = fields.value;
      const request = readRequest(input, ['creditMemoNumber', 'applications', 'idempotencyKey']);
      if (request.isErr()) return err(request.error);
      const read = readApplications(request.value);
      if (read.isErr()) return err(read.error);
      const applications = read.value;
      const called = idempotentCall(APPLY, input);
      if (called.isErr()) return err(called.error);
      const call = called.value;
      const keys = applications.map((a) => a.invoiceNumber);
      return keyedTransaction(
        context,
        call,
        (repos, previous) => replayedSettlement(repos, previous, keys),
        async (repos): Promise<Result<CreditMemoSettlement, SettlementOperationError>> => {
          const memo = await loadClaimedMemo(repos, creditMemoNumber);
          if (memo.isErr()) return err(memo.error);
          const invoices = await loadInvoices(repos, keys);
          if (invoices.isErr()) return err(invoices.error);
          const appliedAt = context.clock.now().toISOString();
          const settled = applyCredit(
            memo.value,
            invoices.value.map((invoice, i) => ({ invoice, amount: applications[i]?.amount })),
            appliedAt,
          );
          if (settled.isErr()) return err(settled.error);
          const saved = await saveSettlement(repos, settled.value);
          if (saved.isErr()) return err(saved.error);
          return ok(settled.value);
        },
        (settled, repos) => firstSettlementResult(repos, settled),
      );
    },
  );
}

const UNAPPLY = 'unapplyCreditMemo';

/**
 * Unapplies a credit memo from an invoice: all of what the memo applied to it, or `amount` of it (> 0, at
 * most what is applied), taken from the latest application first. The amount goes back to both the memo's
 * unapplied amount and the invoice's balance, saved in one transaction under the account's claim. Unapply
 * every memo from an invoice before canceling or reversing it (`InvoiceHasAppliedCredits`).
 *
 * Refusals: `CreditApplicationNotFound` (the memo is not applied to that invoice),
 * `CreditUnapplyExceedsApplied`, `InvalidCreditMemoStatus` (not Posted), `InvalidInput` /
 * `InvalidAmount` / `AmountTooPrecise`, `CreditMemoNotFound` / `InvoiceNotFound`. A retry with the same
 * `idempotencyKey` unapplies nothing more and returns the memo and the invoice its first call returned. Keys
 * take the number or the id (§2.1, "scheduleKey").
 * @example
 * ```ts
 * // Give 150.00 of what CM00000001 applied to INV00000001 back to both documents.
 * const undone = await unapplyCreditMemo(context, {
 *   creditMemoNumber: 'CM00000001',
 *   invoiceNumber: 'INV00000001',
 *   amount: '150.00',
 * });
 * if (undone.isOk()) console.log(invoiceBalance(undone.value.invoices[0]!).toFixed(2));
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function unapplyCreditMemo(
  context: BillingContext,
  input: UnapplyCreditMemoInput,
): ResultAsync<Emitted<CreditMemoSettlement>, SettlementOperationError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<CreditMemoSettlement, SettlementOperationError>> => {
      const fields = requireFields(UNAPPLY, input, {
        creditMemoNumber: EXPECTED_NUMBER.creditMemoNumber,
        invoiceNumber: EXPECTED_NUMBER.invoiceNumber,
      });
      if (fields.isErr()) return err(fields.error);
      const given = fields.value;
      const request = readRequest(input, ['creditMemoNumber', 'invoiceNumber', 'amount', 'idempotencyKey']);
      if (request.isErr()) return err(request.error);
      let amount: unknown;
      if (request.value.amount !== undefined) {
        const shaped = readAmountShape(request.value.amount, 'amount');
        if (shaped.isErr()) return err(shaped.error);
        amount = shaped.value;
      }
      const called = idempotentCall(UNAPPLY, input);
      if (called.isErr()) return err(called.error);
      const call = called.value;
      return keyedTransaction(
        context,
        call,
        (repos, previous) => replayedSettlement(repos, previous, [given.invoiceNumber]),
        async (repos): Promise<Result<CreditMemoSettlement, SettlementOperationError>> => {
          const memo = await loadClaimedMemo(repos, given.creditMemoNumber);
          if (memo.isErr()) return err(memo.error);
          const invoice = await loadInvoice(repos, given.invoiceNumber);
          if (invoice.isErr()) return err(invoice.error);
          const settled = unapplyCredit(memo.value, invoice.value, amount);
          if (settled.isErr()) return err(settled.error);
          const saved = await saveSettlement(repos, settled.value);
          if (saved.isErr()) return err(saved.error);
          return ok(settled.value);
        },
        (settled, repos) => firstSettlementResult(repos, settled),
      );
    },
  );
}

/**
 * Cancels a Draft credit memo: it becomes Canceled, credits nothing any more, and billing no longer counts
 * it (standard billing credits again, at its next run, what the memo credited). Canceling a Canceled memo
 * again returns it unchanged. Refused for a Posted memo (`InvalidCreditMemoStatus`: a Posted memo is not
 * canceled or unposted; unapply it instead) and for a memo produced by an invoice schedule
 * (`CreditMemoLinkedToSchedule`: the schedule's billed amounts count its credit). `creditMemoNumber`
 * takes the memo's number or its id (§2.1, "scheduleKey").
 * @example
 * ```ts
 * const canceled = await cancelCreditMemo(context, { creditMemoNumber: 'CM00000002' });
 * if (canceled.isOk()) console.log(canceled.value.status); // Canceled
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function cancelCreditMemo(
  context: BillingContext,
  input: CancelCreditMemoInput,
): ResultAsync<Emitted<CreditMemo>, SettlementOperationError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<CreditMemo, SettlementOperationError>> => {
      const fields = requireFields('cancelCreditMemo', input, {
        creditMemoNumber: EXPECTED_NUMBER.creditMemoNumber,
      });
      if (fields.isErr()) return err(fields.error);
      const { creditMemoNumber } = fields.value;
      const request = readRequest(input, ['creditMemoNumber']);
      if (request.isErr()) return err(request.error);
      return transact(context, async (repos): Promise<Result<CreditMemo, SettlementOperationError>> => {
        const memo = await loadClaimedMemo(repos, creditMemoNumber);
        if (memo.isErr()) return err(memo.error);
        const canceled = cancelDraftCreditMemo(memo.value);
        if (canceled.isErr()) return err(canceled.error);
        if (canceled.value.changed) {
          const saved = await repos.creditMemos.save(canceled.value.creditMemo);
          if (saved.isErr()) return err(saved.error);
        }
        return ok(canceled.value.creditMemo);
      });
    },
  );
}
