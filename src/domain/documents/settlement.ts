import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { Dec, frozenDecimal, ZERO } from '../../money/decimal';
import type { MoneyError } from '../../money/errors';
import { type AmountInput, parseAmount } from '../../money/money';
import type { InvalidInput } from '../errors';
import { invalidInput } from '../input';
import type { CreditMemoNumber, InvoiceNumber } from '../numbers';
import type { CreditMemo } from './credit-memo';
import {
  type CreditApplicationAccountMismatch,
  type CreditApplicationCurrencyMismatch,
  type CreditApplicationNotFound,
  type CreditMemoLinkedToSchedule,
  type CreditMemoOverApplied,
  type CreditUnapplyExceedsApplied,
  type InvalidCreditMemoStatus,
  type InvalidInvoiceStatus,
  type InvoiceHasAppliedCredits,
  type InvoiceOverCredited,
  invalidCreditMemoStatus,
  invoiceHasAppliedCredits,
} from './errors';
import type { Invoice } from './invoice';

// Settling credit memos against invoices (Zuora's "apply a credit memo to invoices"). Pure: the operations in
// operations/settlement.ts load the memo and the invoices under the account's claim, ask these functions,
// and save both sides in one transaction.
//
// The rules:
// 1. Only a Posted memo is applied, only to Posted invoices of the same account and currency.
// 2. Each amount is > 0, with at most the currency's decimals (never rounded), and at most the invoice's
//    balance; the request's amounts together are at most the memo's unapplied amount (so a fully applied
//    memo cannot be applied more). Each invoice at most once per request.
// 3. An application is stored on both sides — `CreditMemo.applications` and `Invoice.creditApplications`
//    hold the same values — so each document's balance is local: invoice balance = amount − Σ applied,
//    memo unapplied amount = amount − Σ applied. Both stay within [0, amount].
// 4. Unapplying (all, or part, of what one memo applied to one invoice) gives the amount back to both,
//    taken from the latest application of the pair first; an application brought to zero is removed.
// 5. A Draft memo can be canceled (→ Canceled; billing no longer counts it, so standard billing credits
//    again what it credited). Not a memo produced by an invoice schedule: the schedule's billed amounts
//    count its credit (decision 6). A Posted memo is not canceled (nor unposted): unapply it instead.
// 6. An invoice with credits applied is neither canceled nor reversed: unapply them first.
// 7. Memos produced by schedules are NOT applied automatically: their lines' `creditedInvoiceNumber` says
//    which invoice lines the credit was computed from (§8.4), not a settlement. The reference (§6.3, §8)
//    shows bill runs with no auto-apply option, so the library applies nothing by itself; a host applies
//    a schedule's memo with applyCreditMemo like any other Posted memo.

/**
 * One application of a credit memo to an invoice: `amount` of the memo pays `amount` of the invoice.
 * Stored on both documents (`CreditMemo.applications`, `Invoice.creditApplications`) with the same values.
 * @category Domain model
 * @since 0.2.0
 */
export interface CreditApplication {
  /** The invoice credited. */
  readonly invoiceNumber: InvoiceNumber;
  /** The memo applied. */
  readonly creditMemoNumber: CreditMemoNumber;
  /** Amount applied, > 0, in the documents' currency. */
  readonly amount: Decimal;
  /** When it was applied: an ISO 8601 instant from the context's clock (`2023-11-20T12:00:00.000Z`). */
  readonly appliedAt: string;
}

/**
 * A credit memo and the invoices an application (or unapplication) changed, as saved.
 * @category Domain model
 * @since 0.2.0
 */
export interface CreditMemoSettlement {
  readonly creditMemo: CreditMemo;
  /** The invoices named by the request, in its order. */
  readonly invoices: readonly Invoice[];
}

/**
 * Σ of the applications' amounts (0 for none). Pure.
 * @category Domain model
 * @since 0.2.0
 */
export function appliedAmount(applications: readonly CreditApplication[]): Decimal {
  return frozenDecimal(applications.reduce((acc: Decimal, a) => acc.plus(a.amount), ZERO));
}

/**
 * What is still owed on an invoice: its amount less the credit memos applied to it. Between 0 and the
 * amount for a Posted invoice. Pure.
 * @example
 * ```ts
 * invoiceBalance(invoice).toFixed(2); // '100.00' for a 500.00 invoice with 400.00 applied
 * ```
 * @category Domain model
 * @since 0.2.0
 */
export function invoiceBalance(invoice: Pick<Invoice, 'amount' | 'creditApplications'>): Decimal {
  return frozenDecimal(invoice.amount.minus(appliedAmount(invoice.creditApplications)));
}

/**
 * What a credit memo has left to apply: its amount less its applications. Between 0 and the amount; 0 for a
 * Canceled memo, which cannot be applied (given its `status`). Pure.
 * @example
 * ```ts
 * creditMemoUnappliedAmount(memo).toFixed(2); // '0.00' once 600.00 of a 600.00 memo is applied
 * ```
 * @category Domain model
 * @since 0.2.0
 */
export function creditMemoUnappliedAmount(
  memo: Pick<CreditMemo, 'amount' | 'applications'> & { readonly status?: CreditMemo['status'] },
): Decimal {
  if (memo.status === 'Canceled') return ZERO;
  return frozenDecimal(memo.amount.minus(appliedAmount(memo.applications)));
}

/** Scale of a document's currency, for the amounts of messages (its own digits when the code is unknown). */
function formatter(currency: string): (d: Decimal) => string {
  const found = getCurrency(currency);
  return found.isOk() ? (d) => d.toFixed(found.value.minorUnits) : (d) => d.toFixed();
}

/** A request's amount, checked against the currency: > 0, at most its decimals. */
function readAmount(
  input: unknown,
  currency: string,
  path: string,
): Result<Decimal, MoneyError | InvalidInput> {
  const found = getCurrency(currency);
  if (found.isErr()) return err(found.error);
  const parsed = parseAmount(input as AmountInput, found.value, path);
  if (parsed.isErr()) return err(parsed.error);
  if (parsed.value.lte(0)) {
    return err(
      invalidInput(
        path,
        `an amount greater than 0, with at most ${found.value.minorUnits} decimals (${currency})`,
        input,
      ),
    );
  }
  return ok(parsed.value);
}

/**
 * One invoice to credit and the amount to apply to it, as the request gave it (a decimal string such as
 * `'400.00'`, a Decimal, or a number exact at the currency's scale).
 * @category Domain model
 * @since 0.2.0
 */
export interface CreditToApply {
  readonly invoice: Invoice;
  readonly amount: unknown;
}

/**
 * Everything {@link applyCredit} can refuse.
 * @category Errors
 * @since 0.2.0
 */
export type ApplyCreditError =
  | InvalidCreditMemoStatus
  | InvalidInvoiceStatus
  | CreditApplicationAccountMismatch
  | CreditApplicationCurrencyMismatch
  | InvoiceOverCredited
  | CreditMemoOverApplied
  | MoneyError
  | InvalidInput;

/**
 * Applies a Posted credit memo to Posted invoices of its account and currency (rules 1–3 above): each
 * amount > 0, at most the currency's decimals and at most the invoice's balance, the amounts together at
 * most the memo's unapplied amount. `targets[i]` is reported as `applications[i]`. Returns the memo and
 * the invoices (in the targets' order) with the new applications appended on both sides, each one
 * version up; the inputs are not changed. Pure.
 * @category Domain model
 * @since 0.2.0
 */
export function applyCredit(
  memo: CreditMemo,
  targets: readonly CreditToApply[],
  appliedAt: string,
): Result<CreditMemoSettlement, ApplyCreditError> {
  if (memo.status !== 'Posted') {
    return err(invalidCreditMemoStatus(memo.number, memo.status, 'Posted', 'apply'));
  }
  if (targets.length === 0) {
    return err(invalidInput('applications', 'a non-empty array of { invoiceNumber, amount }', []));
  }
  const money = formatter(memo.currency);
  const amounts: Decimal[] = [];
  const seen = new Set<string>();
  for (const [i, { invoice, amount: given }] of targets.entries()) {
    const at = `applications[${i}]`;
    const amount = readAmount(given, memo.currency, `${at}.amount`);
    if (amount.isErr()) return err(amount.error);
    if (seen.has(invoice.number)) {
      return err(
        invalidInput(
          `${at}.invoiceNumber`,
          `an invoice not listed before in applications (${invoice.number} is; give each invoice once, with the total to apply)`,
          invoice.number,
        ),
      );
    }
    seen.add(invoice.number);
    const refused = refuseInvoice(memo, invoice, amount.value, money);
    if (refused) return err(refused);
    amounts.push(amount.value);
  }
  const requested = amounts.reduce((acc: Decimal, a) => acc.plus(a), ZERO);
  const unapplied = creditMemoUnappliedAmount(memo);
  if (requested.gt(unapplied)) {
    const parts =
      amounts.length > 1 ? ` (${amounts.map((a, i) => `applications[${i}] ${money(a)}`).join(' + ')})` : '';
    const left = unapplied.isZero()
      ? `it is fully applied: unapply it from an invoice first (unapplyCreditMemo) to apply it elsewhere`
      : `apply at most ${money(unapplied)} in all`;
    return err(
      Object.freeze({
        type: 'CreditMemoOverApplied' as const,
        message: `Credit memo ${memo.number} has ${money(unapplied)} ${memo.currency} unapplied (amount ${money(memo.amount)}, applied ${money(memo.amount.minus(unapplied))}), but the request applies ${money(requested)}${parts}; ${left}.`,
        creditMemoNumber: memo.number,
        unappliedAmount: money(unapplied),
        requestedAmount: money(requested),
      }),
    );
  }
  const applications = targets.map(
    ({ invoice }, i): CreditApplication =>
      Object.freeze({
        invoiceNumber: invoice.number,
        creditMemoNumber: memo.number,
        amount: amounts[i] as Decimal,
        appliedAt,
      }),
  );
  const creditMemo: CreditMemo = Object.freeze({
    ...memo,
    applications: Object.freeze([...memo.applications, ...applications]),
    version: memo.version + 1,
  });
  const invoices = targets.map(
    ({ invoice }, i): Invoice =>
      Object.freeze({
        ...invoice,
        creditApplications: Object.freeze([
          ...invoice.creditApplications,
          applications[i] as CreditApplication,
        ]),
        version: invoice.version + 1,
      }),
  );
  return ok(Object.freeze({ creditMemo, invoices: Object.freeze(invoices) }));
}

/** Why `amount` of `memo` cannot be applied to `invoice`, or `null` (rules 1 and 2). */
function refuseInvoice(
  memo: CreditMemo,
  invoice: Invoice,
  amount: Decimal,
  money: (d: Decimal) => string,
):
  | CreditApplicationAccountMismatch
  | CreditApplicationCurrencyMismatch
  | InvalidInvoiceStatus
  | InvoiceOverCredited
  | null {
  if (invoice.accountNumber !== memo.accountNumber) {
    return Object.freeze({
      type: 'CreditApplicationAccountMismatch',
      message: `Invoice ${invoice.number} belongs to account ${invoice.accountNumber}, but credit memo ${memo.number} to account ${memo.accountNumber}; a credit memo is applied to its own account's invoices only.`,
      creditMemoNumber: memo.number,
      invoiceNumber: invoice.number,
      accountNumber: invoice.accountNumber,
      expectedAccountNumber: memo.accountNumber,
    });
  }
  if (invoice.currency !== memo.currency) {
    return Object.freeze({
      type: 'CreditApplicationCurrencyMismatch',
      message: `Invoice ${invoice.number} is in ${invoice.currency}, but credit memo ${memo.number} in ${memo.currency}; a credit memo is applied to invoices of its own currency only.`,
      creditMemoNumber: memo.number,
      invoiceNumber: invoice.number,
      currency: invoice.currency,
      expectedCurrency: memo.currency,
    });
  }
  if (invoice.status !== 'Posted') {
    const fix = invoice.status === 'Draft' ? ': post it first (postInvoice)' : '';
    return Object.freeze({
      type: 'InvalidInvoiceStatus',
      message: `Invoice ${invoice.number} is ${invoice.status}; credit memos are applied to Posted invoices only${fix}.`,
      invoiceNumber: invoice.number,
      status: invoice.status,
      expectedStatus: 'Posted',
    });
  }
  const balance = invoiceBalance(invoice);
  if (amount.gt(balance)) {
    const applied = invoice.amount.minus(balance);
    return Object.freeze({
      type: 'InvoiceOverCredited',
      message: `Invoice ${invoice.number} has a balance of ${money(balance)} ${invoice.currency} (amount ${money(invoice.amount)}, credits applied ${money(applied)}), but ${money(amount)} of credit memo ${memo.number} would be applied to it; apply at most ${money(balance)}.`,
      invoiceNumber: invoice.number,
      creditMemoNumber: memo.number,
      balance: money(balance),
      requestedAmount: money(amount),
    });
  }
  return null;
}

/**
 * Everything {@link unapplyCredit} can refuse.
 * @category Errors
 * @since 0.2.0
 */
export type UnapplyCreditError =
  | InvalidCreditMemoStatus
  | CreditApplicationNotFound
  | CreditUnapplyExceedsApplied
  | MoneyError
  | InvalidInput;

/**
 * Unapplies `amount` (all when `undefined`) of what `memo` applied to `invoice` (rule 4): both get the
 * amount back, taken from the pair's latest application first; an application brought to zero is removed.
 * The amount is > 0, with at most the currency's decimals, and at most what the memo applied to the
 * invoice. Returns the memo and the invoice one version up; the inputs are not changed. Pure.
 * @category Domain model
 * @since 0.2.0
 */
export function unapplyCredit(
  memo: CreditMemo,
  invoice: Invoice,
  amount: unknown,
): Result<CreditMemoSettlement, UnapplyCreditError> {
  if (memo.status !== 'Posted') {
    return err(invalidCreditMemoStatus(memo.number, memo.status, 'Posted', 'unapply'));
  }
  const pair = (a: CreditApplication) =>
    a.creditMemoNumber === memo.number && a.invoiceNumber === invoice.number;
  const applied = appliedAmount(memo.applications.filter(pair));
  if (applied.isZero()) {
    return err(
      Object.freeze({
        type: 'CreditApplicationNotFound' as const,
        message: `Credit memo ${memo.number} is not applied to invoice ${invoice.number}; there is nothing to unapply. Its applications are on ${describeTargets(memo)}.`,
        creditMemoNumber: memo.number,
        invoiceNumber: invoice.number,
      }),
    );
  }
  let take = applied;
  if (amount !== undefined) {
    const read = readAmount(amount, memo.currency, 'amount');
    if (read.isErr()) return err(read.error);
    if (read.value.gt(applied)) {
      const money = formatter(memo.currency);
      return err(
        Object.freeze({
          type: 'CreditUnapplyExceedsApplied' as const,
          message: `Credit memo ${memo.number} has ${money(applied)} applied to invoice ${invoice.number}, less than the ${money(read.value)} to unapply; unapply at most ${money(applied)} (or leave out \`amount\` to unapply it all).`,
          creditMemoNumber: memo.number,
          invoiceNumber: invoice.number,
          appliedAmount: money(applied),
          requestedAmount: money(read.value),
        }),
      );
    }
    take = read.value;
  }
  const creditMemo: CreditMemo = Object.freeze({
    ...memo,
    applications: lessLatestFirst(memo.applications, pair, take),
    version: memo.version + 1,
  });
  const credited: Invoice = Object.freeze({
    ...invoice,
    creditApplications: lessLatestFirst(invoice.creditApplications, pair, take),
    version: invoice.version + 1,
  });
  return ok(Object.freeze({ creditMemo, invoices: Object.freeze([credited]) }));
}

/** The applications less `amount`, taken from the latest of those matching `pair` first; zeros removed. */
function lessLatestFirst(
  applications: readonly CreditApplication[],
  pair: (a: CreditApplication) => boolean,
  amount: Decimal,
): readonly CreditApplication[] {
  let left = amount;
  const out: CreditApplication[] = [];
  for (let i = applications.length - 1; i >= 0; i -= 1) {
    const a = applications[i] as CreditApplication;
    if (!pair(a) || left.isZero()) {
      out.push(a);
      continue;
    }
    const taken = Dec.min(a.amount, left);
    left = left.minus(taken);
    const kept = a.amount.minus(taken);
    if (!kept.isZero()) out.push(Object.freeze({ ...a, amount: kept }));
  }
  return Object.freeze(out.reverse());
}

function describeTargets(memo: CreditMemo): string {
  const invoices = [...new Set(memo.applications.map((a) => a.invoiceNumber))];
  return invoices.length === 0 ? 'no invoice' : invoices.join(', ');
}

/**
 * Cancels a Draft credit memo (rule 5): Canceled, one version up; a Canceled memo is returned unchanged
 * (`changed: false`). Refused for a Posted memo (`InvalidCreditMemoStatus`) and for a memo with a line
 * produced by an invoice schedule (`CreditMemoLinkedToSchedule`). The input is not changed. Pure.
 * @category Domain model
 * @since 0.2.0
 */
export function cancelDraftCreditMemo(
  memo: CreditMemo,
): Result<
  { readonly creditMemo: CreditMemo; readonly changed: boolean },
  InvalidCreditMemoStatus | CreditMemoLinkedToSchedule
> {
  if (memo.status === 'Canceled') return ok(Object.freeze({ creditMemo: memo, changed: false }));
  if (memo.status !== 'Draft') {
    return err(invalidCreditMemoStatus(memo.number, memo.status, 'Draft', 'cancel'));
  }
  const schedules = [
    ...new Set(
      memo.lines.flatMap((l) => (l.invoiceScheduleNumber === null ? [] : [l.invoiceScheduleNumber])),
    ),
  ];
  if (schedules.length > 0) {
    return err(
      Object.freeze({
        type: 'CreditMemoLinkedToSchedule' as const,
        message: `Credit memo ${memo.number} was produced by invoice schedule ${schedules.join(', ')}, whose billed amounts count its credit; it cannot be canceled. Post it (postCreditMemo) and apply it, or leave it as a Draft.`,
        creditMemoNumber: memo.number,
        invoiceScheduleNumbers: Object.freeze(schedules),
      }),
    );
  }
  const creditMemo: CreditMemo = Object.freeze({
    ...memo,
    status: 'Canceled' as const,
    version: memo.version + 1,
  });
  return ok(Object.freeze({ creditMemo, changed: true }));
}

/**
 * Whether an invoice may be canceled or reversed as far as credits applied to it go (rule 6): the
 * `InvoiceHasAppliedCredits` refusal when any memo is applied to it, else `null`. Pure.
 * @category Domain model
 * @since 0.2.0
 */
export function checkNoAppliedCredits(invoice: Invoice): InvoiceHasAppliedCredits | null {
  if (invoice.creditApplications.length === 0) return null;
  const memos = [...new Set(invoice.creditApplications.map((a) => a.creditMemoNumber))];
  return invoiceHasAppliedCredits(
    invoice.number,
    memos,
    formatter(invoice.currency)(appliedAmount(invoice.creditApplications)),
  );
}
