import type { Decimal } from 'decimal.js';
import type { BusinessDate } from '../../time/date';
import type { Audited } from '../audit';
import type { CustomFields } from '../custom-fields';
import type { BillRunNumber, InvoiceNumber, InvoiceScheduleNumber } from '../numbers';
import type { CreditApplication } from './settlement';

/**
 * Status of an invoice (reference §6.4): Draft until posted; a Draft can be Canceled, a
 * Posted invoice can be Reversed.
 * @category Domain model
 * @since 0.1.0
 */
export type InvoiceStatus = 'Draft' | 'Posted' | 'Canceled' | 'Reversed';

/**
 * What an invoice line bills: a regular charge, or a percentage discount applied to one (C26); since 0.2.0
 * also `Additional`, a line a host's `additionalInvoiceLines` hook added (a tax, a fee). An additional line
 * bills no charge: its `subscriptionNumber` and `chargeNumber` are `''`, it names no schedule or item, and
 * its service dates are the invoice date; credits, reversals and billed amounts never count it.
 * @category Domain model
 * @since 0.1.0
 */
export type InvoiceLineKind = 'Charge' | 'Discount' | 'Additional';

/**
 * One invoice item: an amount of one charge for a service period, linked to the schedule and
 * item that produced it (reference §2.3).
 * @category Domain model
 * @since 0.1.0
 */
export interface InvoiceLine {
  /** Unique id of the line (`<invoice id>-<n>`). */
  readonly id: string;
  /** Charge, discount or (since 0.2.0) additional line. */
  readonly kind: InvoiceLineKind;
  /** Subscription number of the charge (`''` for an additional line). */
  readonly subscriptionNumber: string;
  /** Charge number billed (for a discount line: the discount charge's number; `''` for an additional line). */
  readonly chargeNumber: string;
  /** Charge name, for display (for an additional line: the `name` the hook gave it). */
  readonly chargeName: string;
  /** For a discount line: the regular charge it discounts; otherwise `null`. */
  readonly appliesToChargeNumber: string | null;
  /** Line amount in the invoice currency (negative for discounts). */
  readonly amount: Decimal;
  /** First day of the service period. */
  readonly serviceStartDate: BusinessDate;
  /** Last day of the service period (inclusive). */
  readonly serviceEndDate: BusinessDate;
  /** Number of the schedule that produced the line, if any. */
  readonly invoiceScheduleNumber: InvoiceScheduleNumber | null;
  /** Id of the schedule item that produced the line, if any. */
  readonly invoiceScheduleItemId: string | null;
  /**
   * The custom fields of the schedule item that produced the line, as they were when the item was
   * billed (a later edit of the item does not change an issued line); `{}` for a line of standard
   * billing. Records written before 0.2.0 have no such field and read back with `{}`.
   * @since 0.2.0
   */
  readonly customFields: CustomFields;
}

/**
 * An invoice (reference §6.4).
 * @category Domain model
 * @since 0.1.0
 */
export interface Invoice extends Audited {
  /** Unique id. */
  readonly id: string;
  /** Sequence number, `INV00000001`. */
  readonly number: InvoiceNumber;
  /** Account billed. */
  readonly accountNumber: string;
  /** ISO 4217 code. */
  readonly currency: string;
  /**
   * Invoice date. A schedule item's invoice is dated the day the item became due, even when executed early
   * (§6.3): its run date, or the earlier `nextRunDate` it was pulled forward to (decision 18). A merged
   * invoice takes the latest date of its parts, never after the bill run's target date.
   */
  readonly invoiceDate: BusinessDate;
  /** Draft, Posted, Canceled or Reversed. */
  readonly status: InvoiceStatus;
  /** Σ line amounts (additional lines included). */
  readonly amount: Decimal;
  /** The lines. */
  readonly lines: readonly InvoiceLine[];
  /** Bill run that created the invoice. */
  readonly billRunNumber: BillRunNumber | null;
  /**
   * The credit memos applied to this invoice, oldest first (`applyCreditMemo`); empty when none is. The
   * same applications are stored on each memo (`CreditMemo.applications`), saved in the same transaction.
   * The invoice's balance is `amount − Σ creditApplications` (`invoiceBalance`). Records written
   * before 0.2.0 have no such field and read back with an empty list.
   * @since 0.2.0
   */
  readonly creditApplications: readonly CreditApplication[];
  /** Optimistic-concurrency version, 1 when created. */
  readonly version: number;
}
