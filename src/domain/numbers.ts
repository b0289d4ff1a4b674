/**
 * Document numbers, branded by kind (issue 9). The brand is optional, so a plain string — a literal, a
 * value read from an HTTP body — is accepted wherever a number is expected; but a number the library
 * returned carries its kind, and passing an invoice's number where a schedule's is expected
 * (`getInvoiceSchedule(context, invoice.number)`) is a compile-time error. Operations still check every
 * number at run time (JavaScript callers exist). Where a value may be a number or an id (reference §2.1,
 * "scheduleKey"), the input takes the number's type: an id is a plain string.
 */
declare const kind: unique symbol;

/**
 * An invoice schedule's number, `IS-00000001`.
 * @category Domain model
 * @since 0.2.0
 */
export type InvoiceScheduleNumber = string & { readonly [kind]?: 'InvoiceSchedule' };

/**
 * An invoice's number, `INV00000001`.
 * @category Domain model
 * @since 0.2.0
 */
export type InvoiceNumber = string & { readonly [kind]?: 'Invoice' };

/**
 * A credit memo's number, `CM00000001`.
 * @category Domain model
 * @since 0.2.0
 */
export type CreditMemoNumber = string & { readonly [kind]?: 'CreditMemo' };

/**
 * A bill run's number, `BR-00000001`.
 * @category Domain model
 * @since 0.2.0
 */
export type BillRunNumber = string & { readonly [kind]?: 'BillRun' };

/**
 * Numbering order of two document numbers of one kind (`INV99999999` before `INV100000000`): the shorter
 * first, then code point order. The library pads numbers to eight digits, so text order is numbering order
 * until a sequence passes 99,999,999; from there a number is longer, and text order put it first (a credit
 * taken from the earlier invoice, a run's invoices listed out of order). @internal
 */
export function compareNumbering(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
