// Writable copies of the frozen values the core changes most often (a schedule, its items and charges, an
// invoice and its lines), each built as one object literal of the type's fields in the stores' order. V8
// copies a frozen object through a spread (`{ ...value }`) on a slow path: about 500 ns for an invoice line's
// twelve fields against about 60 ns for the same line as a literal (Node 20, measured), and a bill run made
// some twenty such copies per item. A value whose own keys are not exactly its type's fields in the stores'
// order (a field left out or added by a JavaScript caller, a symbol key, a deleted schedule, some audit fields
// but not all, a value built in another order) is copied by a spread, as before.
import type { Audited } from './audit';

/** A value's fields, writable: what a draft is until it is frozen. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Whether `value`'s own enumerable keys are exactly `names`, in that order, with no symbol key (which a
 * literal would leave out). Read with `for…in`, which V8 runs over the object's cached key list without
 * building an array (`Object.keys` built one on every copy): it lists the own keys in `Object.keys`'s order,
 * then any inherited enumerable one. So when it lists exactly `names` and the last of them is the value's
 * own, all of them are.
 */
function keysAre(value: object, names: readonly string[]): boolean {
  let i = 0;
  for (const name in value) {
    if (name !== names[i]) return false;
    i += 1;
  }
  return (
    i === names.length &&
    (i === 0 || Object.hasOwn(value, names[i - 1] as string)) &&
    Object.getOwnPropertySymbols(value).length === 0
  );
}

/**
 * Whether `value`'s own keys are exactly `names`, in that order, with no symbol key: then a literal of those
 * fields copies it as a spread would (the same keys, values and order). @internal
 */
export function hasKeys(value: object, names: readonly string[]): boolean {
  return keysAre(value, names);
}

/** The audit fields, in the stores' order. @internal */
export const AUDIT_FIELDS = ['createdAt', 'createdBy', 'updatedAt', 'updatedBy'] as const;

/** A type's fields in the stores' order, without and with the audit fields (both end with the version). */
export interface FieldLists {
  readonly plain: readonly string[];
  readonly audited: readonly string[];
}

/** The two field lists of a type whose other fields are `head`. @internal */
export function fieldLists(head: readonly string[]): FieldLists {
  return { plain: [...head, 'version'], audited: [...head, ...AUDIT_FIELDS, 'version'] };
}

/**
 * Which of `lists` `value`'s own keys are, read once: `'audited'`, `'plain'`, or `null` for neither (a
 * spread copies it then). @internal
 */
export function draftForm(value: object, lists: FieldLists): 'plain' | 'audited' | null {
  if (keysAre(value, lists.audited)) return 'audited';
  return keysAre(value, lists.plain) ? 'plain' : null;
}

/**
 * Ends a draft whose other fields are set: the four audit fields of `audit` (`from`'s own, or a save's new
 * stamp) unless `null`, then `from`'s version — the stores' order, which the record codecs read back, so a
 * value stamped here serialises as its stored copy does. Returns `out`. @internal
 */
export function withAuditAndVersion<T extends Audited & { readonly version: number }>(
  from: T,
  out: Draft<T>,
  audit: Audited | null,
): Draft<T> {
  if (audit !== null) stampAudit(out, audit);
  (out as { version: number }).version = from.version;
  return out;
}

/** Sets the four audit fields of `out` from `audit` (in place: new keys go last). Returns `out`. @internal */
export function stampAudit<T extends Audited>(out: Draft<T>, audit: Audited): Draft<T> {
  const to = out as Draft<Audited>;
  to.createdAt = audit.createdAt as string;
  to.createdBy = audit.createdBy as string | null;
  to.updatedAt = audit.updatedAt as string;
  to.updatedBy = audit.updatedBy as string | null;
  return out;
}
