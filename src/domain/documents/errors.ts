/**
 * Errors of invoices and credit memos as documents: the status refusal shared by every document operation
 * (`InvalidInvoiceStatus`, re-exported by the schedule errors, whose union lists it), and the errors of
 * settling credit memos against invoices (applying, unapplying, canceling a Draft memo). Each `type` is
 * stable public API and listed in docs/errors.md. Amounts in the details are decimal strings at the
 * document currency's scale (`'400.00'`).
 */

interface Base<T extends string> {
  readonly type: T;
  readonly message: string;
}

/**
 * The invoice's status does not allow the operation (post a Draft, cancel a Draft, reverse a Posted;
 * apply a credit memo to a Posted invoice).
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidInvoiceStatus extends Base<'InvalidInvoiceStatus'> {
  readonly invoiceNumber: string;
  readonly status: string;
  readonly expectedStatus: string;
}

/**
 * The credit memo's status does not allow the operation: only a Posted memo can be applied or unapplied,
 * only a Draft memo can be canceled, and a Canceled memo cannot be posted.
 * @category Errors
 * @since 0.2.0
 */
export interface InvalidCreditMemoStatus extends Base<'InvalidCreditMemoStatus'> {
  readonly creditMemoNumber: string;
  readonly status: string;
  readonly expectedStatus: string;
}

/**
 * The applications ask for more than the credit memo has left to apply (a fully applied memo has
 * nothing left). `requestedAmount` is the sum of the request's amounts.
 * @category Errors
 * @since 0.2.0
 */
export interface CreditMemoOverApplied extends Base<'CreditMemoOverApplied'> {
  readonly creditMemoNumber: string;
  readonly unappliedAmount: string;
  readonly requestedAmount: string;
}

/**
 * An application asks for more than the invoice's balance (its amount less the credits already applied).
 * @category Errors
 * @since 0.2.0
 */
export interface InvoiceOverCredited extends Base<'InvoiceOverCredited'> {
  readonly invoiceNumber: string;
  readonly creditMemoNumber: string;
  readonly balance: string;
  readonly requestedAmount: string;
}

/**
 * The invoice belongs to another account than the credit memo: a memo is applied to its own account's
 * invoices only.
 * @category Errors
 * @since 0.2.0
 */
export interface CreditApplicationAccountMismatch extends Base<'CreditApplicationAccountMismatch'> {
  readonly creditMemoNumber: string;
  readonly invoiceNumber: string;
  /** The invoice's account. */
  readonly accountNumber: string;
  /** The memo's account. */
  readonly expectedAccountNumber: string;
}

/**
 * The invoice is in another currency than the credit memo.
 * @category Errors
 * @since 0.2.0
 */
export interface CreditApplicationCurrencyMismatch extends Base<'CreditApplicationCurrencyMismatch'> {
  readonly creditMemoNumber: string;
  readonly invoiceNumber: string;
  /** The invoice's currency. */
  readonly currency: string;
  /** The memo's currency. */
  readonly expectedCurrency: string;
}

/**
 * The credit memo is not applied to that invoice: there is nothing to unapply.
 * @category Errors
 * @since 0.2.0
 */
export interface CreditApplicationNotFound extends Base<'CreditApplicationNotFound'> {
  readonly creditMemoNumber: string;
  readonly invoiceNumber: string;
}

/**
 * The amount to unapply is more than the credit memo has applied to the invoice.
 * @category Errors
 * @since 0.2.0
 */
export interface CreditUnapplyExceedsApplied extends Base<'CreditUnapplyExceedsApplied'> {
  readonly creditMemoNumber: string;
  readonly invoiceNumber: string;
  readonly appliedAmount: string;
  readonly requestedAmount: string;
}

/**
 * The Draft credit memo was produced by an invoice schedule: the schedule counts its credit in its billed
 * amounts (decision 6), so canceling it would leave the schedule crediting a memo that no longer exists.
 * @category Errors
 * @since 0.2.0
 */
export interface CreditMemoLinkedToSchedule extends Base<'CreditMemoLinkedToSchedule'> {
  readonly creditMemoNumber: string;
  readonly invoiceScheduleNumbers: readonly string[];
}

/**
 * Credit memos are applied to the invoice: it cannot be canceled or reversed until they are unapplied
 * (`unapplyCreditMemo`).
 * @category Errors
 * @since 0.2.0
 */
export interface InvoiceHasAppliedCredits extends Base<'InvoiceHasAppliedCredits'> {
  readonly invoiceNumber: string;
  /** The memos applied to it, each once, in the order they were first applied. */
  readonly creditMemoNumbers: readonly string[];
  /** Σ the applied amounts. */
  readonly appliedAmount: string;
}

/**
 * Every error of settling credit memos against invoices (`applyCreditMemo`, `unapplyCreditMemo`,
 * `cancelCreditMemo`, and the refusal to cancel or reverse an invoice with credits applied).
 * `InvalidInvoiceStatus`, which they also return, is listed with the schedule errors.
 * @category Errors
 * @since 0.2.0
 */
export type SettlementError =
  | InvalidCreditMemoStatus
  | CreditMemoOverApplied
  | InvoiceOverCredited
  | CreditApplicationAccountMismatch
  | CreditApplicationCurrencyMismatch
  | CreditApplicationNotFound
  | CreditUnapplyExceedsApplied
  | CreditMemoLinkedToSchedule
  | InvoiceHasAppliedCredits;

/**
 * The `type` of every settlement error.
 * @category Errors
 * @since 0.2.0
 */
export const SETTLEMENT_ERROR_TYPES = Object.freeze([
  'InvalidCreditMemoStatus',
  'CreditMemoOverApplied',
  'InvoiceOverCredited',
  'CreditApplicationAccountMismatch',
  'CreditApplicationCurrencyMismatch',
  'CreditApplicationNotFound',
  'CreditUnapplyExceedsApplied',
  'CreditMemoLinkedToSchedule',
  'InvoiceHasAppliedCredits',
] as const satisfies readonly SettlementError['type'][]);

type MissingSettlementErrorType = Exclude<SettlementError['type'], (typeof SETTLEMENT_ERROR_TYPES)[number]>;
const exhaustive: [MissingSettlementErrorType] extends [never] ? true : false = true;
void exhaustive;

/**
 * The error that says a memo's status does not allow an operation, with what to do instead.
 * @internal
 */
export function invalidCreditMemoStatus(
  creditMemoNumber: string,
  status: string,
  expectedStatus: 'Draft' | 'Posted',
  operation: 'apply' | 'unapply' | 'cancel' | 'post',
): InvalidCreditMemoStatus {
  const why = {
    apply: `only a Posted credit memo can be applied to invoices${status === 'Draft' ? ': post it first (postCreditMemo)' : ''}`,
    unapply: 'only a Posted credit memo has applications to unapply',
    cancel:
      status === 'Posted'
        ? 'only a Draft credit memo can be canceled; a Posted memo stays, unapply it from invoices (unapplyCreditMemo) if it was applied'
        : 'only a Draft credit memo can be canceled',
    post: 'a Canceled credit memo cannot be posted; credit the account with a new memo instead',
  }[operation];
  return Object.freeze({
    type: 'InvalidCreditMemoStatus',
    message: `Credit memo ${creditMemoNumber} is ${status}; ${why}.`,
    creditMemoNumber,
    status,
    expectedStatus,
  });
}

/**
 * The error that refuses to cancel or reverse an invoice with credits applied.
 * @internal
 */
export function invoiceHasAppliedCredits(
  invoiceNumber: string,
  creditMemoNumbers: readonly string[],
  appliedAmount: string,
): InvoiceHasAppliedCredits {
  return Object.freeze({
    type: 'InvoiceHasAppliedCredits',
    message: `Invoice ${invoiceNumber} has ${appliedAmount} of credit applied (${creditMemoNumbers.join(', ')}); unapply it first (unapplyCreditMemo for each memo), then cancel or reverse the invoice.`,
    invoiceNumber,
    creditMemoNumbers: Object.freeze([...creditMemoNumbers]),
    appliedAmount,
  });
}
