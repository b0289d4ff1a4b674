// Writable copies of the frozen values the core changes most often (a schedule, its items and charges, an
// invoice and its lines), each built as one object literal of the type's fields in the stores' order. V8
// copies a frozen object through a spread (`{ ...value }`) on a slow path: about 500 ns for an invoice line's
// twelve fields against about 60 ns for the same line as a literal (Node 20, measured), and a bill run made
// some twenty such copies per item. A value whose own keys are not exactly its type's (a field left out, one
// added by a JavaScript caller, a deleted schedule) is copied by a spread, as before, so nothing is lost.
import type { Audited } from './audit';

/** A value's fields, writable: what a draft is until it is frozen. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };

/** Whether `value` has exactly `count` own enumerable keys (its type's fields, when they are all there). @internal */
export function hasKeys(value: object, count: number): boolean {
  return Object.keys(value).length === count;
}

/** Whether the four audit fields are all present (a stored version), else `false`; `null` when none is. @internal */
export function auditFields(value: {
  readonly createdAt?: unknown;
  readonly createdBy?: unknown;
  readonly updatedAt?: unknown;
  readonly updatedBy?: unknown;
}): boolean | null {
  const present =
    (value.createdAt !== undefined ? 1 : 0) +
    (value.createdBy !== undefined ? 1 : 0) +
    (value.updatedAt !== undefined ? 1 : 0) +
    (value.updatedBy !== undefined ? 1 : 0);
  return present === 4 ? true : present === 0 ? null : false;
}

/**
 * Ends a draft whose other fields are set: the four audit fields of `from` when `audit` (see
 * {@link auditFields}), then its version, the stores' order. Returns `out`. @internal
 */
export function withAuditAndVersion<T extends Audited & { readonly version: number }>(
  from: T,
  out: Draft<T>,
  audit: boolean | null,
): Draft<T> {
  if (audit === true) {
    const to = out as Draft<Audited>;
    to.createdAt = from.createdAt as string;
    to.createdBy = from.createdBy as string | null;
    to.updatedAt = from.updatedAt as string;
    to.updatedBy = from.updatedBy as string | null;
  }
  (out as { version: number }).version = from.version;
  return out;
}
