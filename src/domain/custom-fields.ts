/**
 * Custom fields (issue 13; reference §2.1, §2.2: "custom fields `*__c`" on the Invoice Schedule and
 * Invoice Schedule Item objects, e.g. `PONumber__c`). A host's own data, carried unchanged: the library
 * never reads a custom field to decide anything. An item's fields are copied onto the invoice lines it
 * bills, so a PO number reaches the invoice (C18, C19).
 *
 * One primitive ({@link decodeCustomFields}, an {@link Issue} like the other primitives of `./decode`)
 * serves both the request reader ({@link readCustomFields}, an `InvalidInput`) and the record codec
 * (`ports/records.ts`, an `InvalidRecord`).
 */
import { err, ok, type Result } from 'neverthrow';
import { shortened } from '../money/errors';
import { type Decode, type Issue, isPlainObject, issue, joinPath } from './decode';
import type { InvalidInput } from './errors';
import { invalidInput, isUnstorable, readRequest } from './input';
import { compareKeys } from './keys';

/**
 * The value of one custom field: a string, a number, a boolean or `null` (a field with no value). A
 * number is a plain JSON number (finite; `-0` is stored as `0`), never money: the library does no
 * arithmetic on it, and an amount meant to be exact should be sent as a decimal string.
 * @category Domain model
 * @since 0.2.0
 */
export type CustomFieldValue = string | number | boolean | null;

/**
 * A host's custom fields on a schedule, an item or an invoice line: names ending in `__c` (see
 * {@link CUSTOM_FIELD_LIMITS}) mapped to {@link CustomFieldValue}s. Frozen; `{}` when there are none.
 * @example
 * ```ts
 * const fields: CustomFields = { PONumber__c: 'PO-1234', Priority__c: 2, Taxable__c: true };
 * ```
 * @category Domain model
 * @since 0.2.0
 */
export type CustomFields = Readonly<Record<`${string}__c`, CustomFieldValue>>;

/**
 * The bounds on one object's custom fields (a schedule, an item), checked on every request and every
 * record, all within `INPUT_LIMITS`:
 *
 * - `fields`: at most 50 custom fields per object;
 * - `nameLength`: a name has at most 64 characters;
 * - `stringLength`: a string value has at most 255 characters.
 *
 * (`checkInputSize` runs first with the wider `INPUT_LIMITS`: 1,000 fields, names of 255 and
 * strings of 1,000 characters; a unit test keeps these bounds within them.) Lengths are counted as in
 * `INPUT_LIMITS`, in UTF-16 code units.
 *
 * A name is a letter, then letters, digits or underscores, ending in `__c` (`PONumber__c`,
 * `Cost_Center__c`): {@link CUSTOM_FIELD_NAME_PATTERN}.
 * @category Inputs
 * @since 0.2.0
 */
export const CUSTOM_FIELD_LIMITS = Object.freeze({
  fields: 50,
  nameLength: 64,
  stringLength: 255,
} as const);

/**
 * What a custom field's name must match: a letter, then letters, digits or underscores, ending in `__c`.
 * @category Inputs
 * @since 0.2.0
 */
export const CUSTOM_FIELD_NAME_PATTERN: RegExp = /^[A-Za-z][A-Za-z0-9_]*__c$/;

/**
 * No custom fields: the frozen `{}` every object starts with.
 * @category Domain model
 * @since 0.2.0
 */
export const NO_CUSTOM_FIELDS: CustomFields = Object.freeze({});

const NAME_EXPECTED = `a custom field name: a letter, then letters, digits or underscores, ending in __c, at most ${CUSTOM_FIELD_LIMITS.nameLength} characters`;
const VALUE_EXPECTED = `a string of at most ${CUSTOM_FIELD_LIMITS.stringLength} characters (well-formed Unicode, without U+0000), a finite number, true, false or null`;
const SHOWN = 60;

/** The path of a field; a long name is shown by its start, so the error stays short. */
function fieldPath(path: string, name: string): string {
  return joinPath(path, shortened(name, SHOWN));
}

function readValue(value: unknown, path: string): Result<CustomFieldValue, Issue> {
  if (value === null || typeof value === 'boolean') return ok(value);
  // Text no store can keep (U+0000, an unpaired surrogate) is refused here too, as the operations refuse it:
  // `validateCustomFields` refuses what they refuse, at the same path.
  if (typeof value === 'string' && value.length <= CUSTOM_FIELD_LIMITS.stringLength && !isUnstorable(value))
    return ok(value);
  // -0 is written to JSON as 0: it is read as 0, so a record round trip is exact.
  if (typeof value === 'number' && Number.isFinite(value)) return ok(value === 0 ? 0 : value);
  return issue(path, VALUE_EXPECTED, value);
}

/**
 * Reads custom fields at `path` (`items[2].customFields`): a plain object of at most
 * {@link CUSTOM_FIELD_LIMITS}`.fields` fields, each name matching {@link CUSTOM_FIELD_NAME_PATTERN}, each
 * value a {@link CustomFieldValue}. A bad field is reported at its own path
 * (`items[2].customFields.PONumber__c`). The result is a fresh frozen object. @internal
 */
export const decodeCustomFields: Decode<CustomFields> = (input, path) => {
  if (!isPlainObject(input)) return issue(path, 'an object of custom fields (names ending in __c)', input);
  const names = Object.keys(input);
  if (names.length > CUSTOM_FIELD_LIMITS.fields) {
    return issue(path, `an object of at most ${CUSTOM_FIELD_LIMITS.fields} custom fields`, input);
  }
  const out: Record<string, CustomFieldValue> = {};
  for (const name of names) {
    const at = fieldPath(path, name);
    if (name.length > CUSTOM_FIELD_LIMITS.nameLength || !CUSTOM_FIELD_NAME_PATTERN.test(name)) {
      return issue(at, NAME_EXPECTED, input[name]);
    }
    const value = readValue(input[name], at);
    if (value.isErr()) return err(value.error);
    out[name] = value.value;
  }
  return ok(Object.freeze(out) as CustomFields);
};

/**
 * Validates custom fields from a request: the frozen {@link CustomFields}, or an `InvalidInput` naming
 * the offending path (`items[2].customFields.PO Number__c: expected a custom field name: …`). Too many
 * fields are reported at the object's own path, with how many were sent. The input is read once: a getter or a
 * Proxy trap that throws is an `InvalidInput` at its path ("… could not be read"), never a throw.
 * @example
 * ```ts
 * validateCustomFields({ PONumber__c: 'PO-1234' }, 'customFields'); // ok({ PONumber__c: 'PO-1234' })
 * validateCustomFields({ 'PO Number__c': 'x' }, 'items[2].customFields').isErr(); // true
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export function validateCustomFields(
  input: unknown,
  path = 'customFields',
): Result<CustomFields, InvalidInput> {
  // Read once, as an operation reads its request: a getter or a Proxy trap that throws is an InvalidInput.
  return readRequest(input, path).andThen((fields) =>
    decodeCustomFields(fields, path).mapErr((found) => {
      const error = invalidInput(found.path, found.expected, found.input);
      if (found.path !== path || !isPlainObject(found.input)) return error;
      const received = `an object of ${Object.keys(found.input).length} fields`;
      return Object.freeze({
        ...error,
        received,
        message: `${path}: expected ${found.expected}, received ${received}.`,
      });
    }),
  );
}

/** Reads optional custom fields of a request: `undefined` (left out) → `null`. @internal */
export function readOptionalCustomFields(
  input: unknown,
  path: string,
): Result<CustomFields | null, InvalidInput> {
  return input === undefined ? ok(null) : validateCustomFields(input, path);
}

/**
 * Whether two sets of custom fields hold the same names and values, whatever their order.
 * @category Domain model
 * @since 0.2.0
 */
export function sameCustomFields(a: CustomFields, b: CustomFields): boolean {
  const names = Object.keys(a) as (keyof CustomFields)[];
  if (names.length !== Object.keys(b).length) return false;
  // `===`, not Object.is: -0 and 0 are the same value (the library reads -0 as 0; a host's own object may not).
  return names.every((name) => Object.hasOwn(b, name) && a[name] === b[name]);
}

/**
 * The custom fields as short text for a message: `custom fields {"PONumber__c":"PO-1234"}`, cut when long. By
 * name, so that a message does not depend on the order a store kept them in (JSONB keeps none). @internal
 */
export function describeCustomFields(fields: CustomFields): string {
  const names = Object.keys(fields).sort(compareKeys);
  if (names.length === 0) return 'no custom fields';
  const text = JSON.stringify(fields, names);
  return `custom fields ${text.length > 120 ? shortened(text, 119) : text}`;
}
