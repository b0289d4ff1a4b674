import type { Decimal } from 'decimal.js';
import type { BusinessDate } from '../../time/date';
import type { Audited } from '../audit';
import type { BillRunNumber, CreditMemoNumber, InvoiceNumber, InvoiceScheduleNumber } from '../numbers';
import type { CreditApplication } from './settlement';

/**
 * Status of a credit memo: created as a Draft unless the tenant auto-posts, then Posted (`postCreditMemo`).
 * A Draft can be Canceled instead (`cancelCreditMemo`, since 0.2.0): a Canceled memo credits nothing, is
 * never applied, and billing no longer counts it. Only a Posted memo can be applied to invoices.
 * @category Domain model
 * @since 0.1.0
 */
export type CreditMemoStatus = 'Draft' | 'Posted' | 'Canceled';

/**
 * Every {@link CreditMemoStatus}, in lifecycle order.
 * @category Domain model
 * @since 0.2.0
 */
export const CREDIT_MEMO_STATUSES = Object.freeze(['Draft', 'Posted', 'Canceled'] as const);

/**
 * One credit memo item: an amount credited back from one invoice line of a charge, for the part
 * of that line's service period it credits (reference §8.4).
 * @category Domain model
 * @since 0.1.0
 */
export interface CreditMemoLine {
  /** Unique id of the line (`<credit memo id>-<n>`). */
  readonly id: string;
  /** Subscription number of the credited charge. */
  readonly subscriptionNumber: string;
  /** Charge number credited. */
  readonly chargeNumber: string;
  /** Charge name, for display. */
  readonly chargeName: string;
  /**
   * Amount credited, positive (never above the invoice line it credits); negative for an invoice
   * line netted into the memo (no invoice credited).
   */
  readonly amount: Decimal;
  /** First day of the credited service period. */
  readonly serviceStartDate: BusinessDate;
  /** Last day of the credited service period (inclusive). */
  readonly serviceEndDate: BusinessDate;
  /**
   * The invoice whose line is credited; `null` for a line that credits no invoice: an invoice line
   * netted into the memo by a net negative consolidation (§7.8, decision 11), whose amount is
   * negative.
   */
  readonly creditedInvoiceNumber: InvoiceNumber | null;
  /** The invoice line credited (`null` with `creditedInvoiceNumber`). */
  readonly creditedInvoiceLineId: string | null;
  /** Schedule that produced the credit. */
  readonly invoiceScheduleNumber: InvoiceScheduleNumber | null;
  /** Schedule item the credit is linked to. */
  readonly invoiceScheduleItemId: string | null;
}

/**
 * A credit memo (reference §8.3, §8.4), `CM00000001`: what was billed too much after an order
 * change, taken from the charge's invoice lines latest first.
 * @category Domain model
 * @since 0.1.0
 */
export interface CreditMemo extends Audited {
  /** Unique id. */
  readonly id: string;
  /** Sequence number, `CM00000001`. */
  readonly number: CreditMemoNumber;
  /** Account credited. */
  readonly accountNumber: string;
  /** ISO 4217 code. */
  readonly currency: string;
  /** Date of the memo. */
  readonly memoDate: BusinessDate;
  /** Draft, Posted or Canceled. */
  readonly status: CreditMemoStatus;
  /** Σ line amounts, positive. */
  readonly amount: Decimal;
  /** The lines. */
  readonly lines: readonly CreditMemoLine[];
  /** Bill run that created the memo. */
  readonly billRunNumber: BillRunNumber | null;
  /**
   * Where the memo was applied, oldest first (`applyCreditMemo`); empty when nowhere. The same applications
   * are stored on each invoice (`Invoice.creditApplications`), saved in the same transaction. The memo's
   * unapplied amount is `amount − Σ applications` (`creditMemoUnappliedAmount`). Records written
   * before 0.2.0 have no such field and read back with an empty list.
   * @since 0.2.0
   */
  readonly applications: readonly CreditApplication[];
  /** Optimistic-concurrency version, 1 when created. */
  readonly version: number;
}
