// Who saved an aggregate and when (issue 13, Kill Bill's call context): stamped by the operations layer on
// every save from the context's clock and `actor`; the domain's rules never read them.

/**
 * The audit fields of invoice schedules, invoices and credit memos: ISO 8601 instants from the context's
 * clock and the context's `actor` (`null` when the call had none). Absent on records saved before 0.2.0
 * (and on values built outside the operations, e.g. by hand in a test).
 * @category Domain model
 * @since 0.2.0
 */
export interface Audited {
  /** When the first version was saved. */
  readonly createdAt?: string;
  /** Who saved the first version. */
  readonly createdBy?: string | null;
  /** When the latest version was saved. */
  readonly updatedAt?: string;
  /** Who saved the latest version. */
  readonly updatedBy?: string | null;
}
