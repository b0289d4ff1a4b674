/**
 * Input readers (internal): validators for JSON-like request input that name the offending path, and the
 * builders of the {@link InvalidInput} they return. The readers are thin wrappers over the decoding
 * primitives of `./decode` (shared with the record codecs): a primitive reports an {@link Issue}, a reader
 * turns it into an {@link InvalidInput}. The error types themselves are in `./errors`.
 */
import { err, ok, type Result } from 'neverthrow';
import { shortened } from '../money/errors';
import {
  decodeArray,
  decodeBoolean,
  decodeElements,
  decodeFields,
  decodeOneOf,
  describeReceived,
  type Issue,
  isPlainObject,
  joinPath,
  nonBlankString,
} from './decode';
import type { DomainError, InvalidInput } from './errors';
import { isKnownProxy } from './freeze';

// Re-exported: the request parsers and `./errors` import them from here.
export { describeReceived, joinPath } from './decode';

/**
 * The bounds on every request an operation accepts (issue 13, "Input at the boundary"). A request beyond
 * one is refused with an `InvalidInput` naming the bound, before anything is read or written, so the work
 * an operation does for a request — and the size of the error it answers — is bounded whatever a client
 * sends. The reference's own limits (§9, `SCHEDULE_LIMITS`: 50 items, 10 orders, notes of 255
 * UTF-16 code units …) are checked afterwards and answer `LimitExceeded`.
 *
 * - `listLength`: any list in a request (orders, items, actions, rate plans, charges, the account and
 *   schedule filters of a bill run, charge selections …) has at most 1,000 elements, and an object at
 *   most 1,000 fields;
 * - `stringLength`: any string has at most 1,000 characters;
 * - `identifierLength`: an identifier or a name (a number, an id, an idempotency key, a charge or item
 *   name, a worker) has at most 255 characters, and so has a field name;
 * - `depth`: objects and lists nest at most 16 levels deep;
 * - `values`: a request holds at most 100,000 values in all (strings, numbers, booleans, objects, lists).
 *
 * Lengths are counted in UTF-16 code units (JavaScript's `length`), so a character beyond U+FFFF, such as an
 * emoji, counts as 2 — as `SCHEDULE_LIMITS.notes` counts notes. Every string and field name must also be text a
 * store can keep: no U+0000 and no unpaired UTF-16 surrogate.
 * @example
 * ```ts
 * const created = await createInvoiceSchedule(context, { ...request, orders: Array(5_000).fill('O-0001') });
 * // created.error: { type: 'InvalidInput', path: 'orders', expected: 'a list of at most 1000 elements', ... }
 * console.log(INPUT_LIMITS.listLength); // 1000
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export const INPUT_LIMITS = Object.freeze({
  listLength: 1_000,
  stringLength: 1_000,
  identifierLength: 255,
  depth: 16,
  values: 100_000,
} as const);

/** A value met while checking a request's size: where it is (its parent and key), how deep. */
interface Visit {
  readonly value: unknown;
  readonly parent: Visit | null;
  readonly key: string | number;
  readonly depth: number;
}

/** The path of a visited value, built only for the error. */
function pathOf(visit: Visit, root: string): string {
  const keys: (string | number)[] = [];
  for (let v: Visit | null = visit; v?.parent; v = v.parent) keys.push(v.key);
  return keys.reverse().reduce<string>((path, key) => joinPath(path, key), root);
}

/** A too-long string's length as the limits count it: in UTF-16 code units, which say so when they are not its characters. */
function lengthOf(value: string): string {
  return /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(value)
    ? `${value.length} UTF-16 code units: a character beyond U+FFFF, such as an emoji, counts 2`
    : `${value.length} characters`;
}

/** An {@link InvalidInput} about a bound of {@link INPUT_LIMITS}, with a `received` that says how big. */
function beyondLimit(path: string, expected: string, received: string): InvalidInput {
  return Object.freeze({
    type: 'InvalidInput' as const,
    message: `${path || 'input'}: expected ${expected}, received ${received}; see INPUT_LIMITS.`,
    path,
    expected,
    received,
  });
}

/**
 * A UTF-16 surrogate without its pair (half of an emoji cut by a `slice`). With U+0000, text no store can keep as
 * it is: PostgreSQL's `text` and `jsonb` refuse U+0000, `jsonb` refuses an unpaired surrogate's escape, and a
 * driver sending UTF-8 turns each unpaired surrogate into U+FFFD, so two keys that differ only there would become
 * one.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `value` holds U+0000 or an unpaired surrogate: text no store can keep as it is. @internal */
export function isUnstorable(value: string): boolean {
  return value.includes('\u0000') || LONE_SURROGATE.test(value);
}

/**
 * `value` as text any store keeps: each U+0000 and unpaired surrogate replaced by U+FFFD (what a UTF-8 driver
 * would send for a surrogate anyway), and cut to its first `max` code units, then `…`. For text the library records but
 * did not check as a request's, such as the message of an error a host's hook threw. @internal
 */
export function storableText(value: string, max: number): string {
  const clean = isUnstorable(value)
    ? value.replaceAll('\u0000', '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD')
    : value;
  return shortened(clean, max);
}

/** Where `value`'s first code unit of U+0000 or an unpaired surrogate is. */
function unstorableAt(value: string): number {
  const nul = value.indexOf('\u0000');
  const lone = value.search(LONE_SURROGATE);
  return nul < 0 ? lone : lone < 0 ? nul : Math.min(nul, lone);
}

/** What a request's text must be, for the {@link InvalidInput} that refuses U+0000 or an unpaired surrogate. */
const STORABLE_TEXT = 'text without U+0000 and without unpaired UTF-16 surrogates (well-formed Unicode)';

/** The {@link InvalidInput} refusing a string (or a field name) that holds U+0000 or an unpaired surrogate. */
function unstorable(path: string, what: string, value: string): InvalidInput {
  const at = unstorableAt(value);
  const unit = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
  return Object.freeze({
    type: 'InvalidInput' as const,
    message: `${path || 'input'}: expected ${what} of ${STORABLE_TEXT}, received ${describeReceived(value)} (U+${unit} at index ${at}).`,
    path,
    expected: `${what} of ${STORABLE_TEXT}`,
    received: `${describeReceived(value)} (U+${unit} at index ${at})`,
  });
}

/**
 * Checks a request against {@link INPUT_LIMITS} in one pass over its values (iterative: a list nested
 * 100,000 deep is refused at level 17, not by a stack overflow; a cycle the same way). Class instances (a
 * Decimal, a Date) are leaves, left to the field's reader. Only sizes are checked, and that every string and
 * field name is text a store can keep (no U+0000, no unpaired surrogate): the shape is the parsers' business.
 * @internal
 */
export function checkInputSize(input: unknown, root = ''): Result<void, InvalidInput> {
  const { listLength, stringLength, identifierLength, depth: maxDepth, values: maxValues } = INPUT_LIMITS;
  const stack: Visit[] = [{ value: input, parent: null, key: '', depth: 0 }];
  let seen = 0;
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    seen += 1;
    const { value, depth } = visit;
    if (seen > maxValues) {
      return err(beyondLimit(root, `a request of at most ${maxValues} values`, `more than ${maxValues}`));
    }
    if (typeof value === 'string') {
      if (value.length > stringLength) {
        return err(
          beyondLimit(
            pathOf(visit, root),
            `a string of at most ${stringLength} characters`,
            `${describeReceived(value)} (${lengthOf(value)})`,
          ),
        );
      }
      if (isUnstorable(value)) return err(unstorable(pathOf(visit, root), 'a string', value));
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const isList = Array.isArray(value);
    if (!isList && !isPlainObject(value)) continue;
    if (depth >= maxDepth) {
      return err(
        beyondLimit(pathOf(visit, root), `at most ${maxDepth} levels of nested lists and objects`, 'deeper'),
      );
    }
    if (isList) {
      if (value.length > listLength) {
        return err(
          beyondLimit(
            pathOf(visit, root),
            `a list of at most ${listLength} elements`,
            `a list of ${value.length} elements`,
          ),
        );
      }
      for (let i = value.length - 1; i >= 0; i -= 1) {
        stack.push({ value: value[i], parent: visit, key: i, depth: depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > listLength) {
      return err(
        beyondLimit(
          pathOf(visit, root),
          `an object of at most ${listLength} fields`,
          `an object of ${keys.length} fields`,
        ),
      );
    }
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string;
      if (key.length > identifierLength) {
        return err(
          beyondLimit(
            pathOf(visit, root),
            `field names of at most ${identifierLength} characters`,
            `a field named ${describeReceived(key)} (${lengthOf(key)})`,
          ),
        );
      }
      if (isUnstorable(key)) return err(unstorable(pathOf(visit, root), 'field names', key));
      stack.push({ value: (value as Record<string, unknown>)[key], parent: visit, key, depth: depth + 1 });
    }
  }
  return ok(undefined);
}

/**
 * Checks that an identifier or a name already read as a string has at most
 * {@link INPUT_LIMITS}`.identifierLength` characters, without U+0000 or an unpaired surrogate. @internal
 */
export function checkIdentifierLength(value: string, path: string): Result<string, InvalidInput> {
  const max = INPUT_LIMITS.identifierLength;
  if (value.length <= max) return isUnstorable(value) ? err(unstorable(path, 'a string', value)) : ok(value);
  return err(
    beyondLimit(
      path,
      `a string of at most ${max} characters`,
      `${describeReceived(value)} (${lengthOf(value)})`,
    ),
  );
}

/**
 * A list of names for a message, cut after `shown` names: `A-001, A-002, A-003 and 997 more`, so a message
 * that lists what a request or a record holds stays short. @internal
 */
export function listExcerpt(names: readonly string[], shown = 5): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/** An {@link InvalidInput} whose message reads `<about>: expected <expected>, received <received>.` */
function inputError(about: string, path: string, expected: string, input: unknown): InvalidInput {
  const received = describeReceived(input);
  const message = `${about}: expected ${expected}, received ${received}.`;
  return Object.freeze({ type: 'InvalidInput' as const, message, path, expected, received });
}

/**
 * Builds an {@link InvalidInput}.
 * @internal
 */
export function invalidInput(path: string, expected: string, input: unknown): InvalidInput {
  return inputError(path || 'input', path, expected, input);
}

/**
 * Builds an {@link InvalidInput} for a required field whose message says who needs it (The order needs
 * a `number`: expected ..., received nothing (undefined).), so a missing field is reported by name rather
 * than surfacing later as "Order undefined does not exist".
 * @internal
 */
export function requiredInput(subject: string, path: string, expected: string, input: unknown): InvalidInput {
  const article = /^[aeiou]/i.test(path) ? 'an' : 'a';
  return inputError(`${subject} needs ${article} \`${path}\``, path, expected, input);
}

/** A reader turns an unknown field into a typed value or an error naming its path. @internal */
export type Reader<T, E = DomainError> = (input: unknown, path: string) => Result<T, E>;

/** The {@link InvalidInput} that reports an issue of a decoding primitive. */
const fromIssue = (found: Issue): DomainError => invalidInput(found.path, found.expected, found.input);

/**
 * Checks that `input` is a plain object whose keys are all in `allowed`; unknown keys are rejected so a
 * misspelt optional field (`listPricebase`) is reported instead of silently ignored.
 * @internal
 */
export function readObject(
  input: unknown,
  path: string,
  allowed: readonly string[],
  fail: (path: string, expected: string, input: unknown) => DomainError = invalidInput,
): Result<Readonly<Record<string, unknown>>, DomainError> {
  return decodeFields(input, path, allowed).mapErr((found) => fail(found.path, found.expected, found.input));
}

/**
 * Reads a non-blank string of at most {@link INPUT_LIMITS}`.identifierLength` characters (an identifier or
 * a name; surrounding white space is not trimmed: identifiers are taken verbatim).
 * @internal
 */
export function readString(input: unknown, path: string): Result<string, DomainError> {
  return nonBlankString(input, path)
    .mapErr(fromIssue)
    .andThen((value) => checkIdentifierLength(value, path));
}

/**
 * Reads one of a fixed set of string literals.
 * @internal
 */
export function readEnum<T extends string>(
  values: readonly T[],
): (input: unknown, path: string) => Result<T, DomainError> {
  const decode = decodeOneOf(values);
  return (input, path) => decode(input, path).mapErr(fromIssue);
}

/**
 * Reads a boolean.
 * @internal
 */
export function readBoolean(input: unknown, path: string): Result<boolean, DomainError> {
  return decodeBoolean(input, path).mapErr(fromIssue);
}

/**
 * Reads a non-empty array and each element with `item`, stopping at the first error.
 * @internal
 */
export function readArray<T>(
  input: unknown,
  path: string,
  item: (element: unknown, path: string, index: number) => Result<T, DomainError>,
): Result<readonly T[], DomainError> {
  return decodeArray(input, path, true)
    .mapErr(fromIssue)
    .andThen((elements) => decodeElements(elements, path, item));
}

/**
 * A request read once: a copy of its plain objects (own fields, in order, each as enumerable as it was) and
 * lists (holes kept), each field read once, other values (strings, numbers, a Decimal, a Date) as they are. An
 * operation that reads its request after an `await` (inside its transaction) reads this copy, so a caller that
 * changes the request after the call, before the result, changes nothing, and a getter is read once. Fields are
 * defined, not assigned, so a field named `__proto__` stays a field for the parser to refuse.
 *
 * Bounded whatever a caller sends (a getter can give a size check one value and this another): it copies at
 * most {@link INPUT_LIMITS}`.values` + 1 values and no deeper than `depth` levels, and leaves a list or object
 * past a limit (too long, too many fields, too deep, or met once the budget is spent) as it is. Check the
 * copy with {@link checkInputSize}, not the input: the copy holds a part past each limit the input exceeds, so
 * the check refuses it with the same words (and stops after `values` values itself).
 *
 * What a getter or a Proxy trap throws propagates: at an operation's boundary, read with {@link readRequest}.
 * @internal
 */
export function readOnce(input: unknown): unknown {
  return copyOnce(input, [], false);
}

/**
 * {@link readOnce} at an operation's boundary, where the caller's request (or its options, `root: 'options'`,
 * `shallow`: only their own fields copied, a signal or a callback kept as it is) is read before anything
 * else: a getter or a Proxy trap that throws while it is read is an {@link InvalidInput} at the field being
 * read ("actions[0].price could not be read: …"), and nothing of what it threw comes back. Only the
 * caller's input is read here: the host's ports, clock and ids are not, and still throw. @internal
 */
export function readRequest(input: unknown, root = '', shallow = false): Result<unknown, InvalidInput> {
  const at: (string | number)[] = [];
  try {
    return ok(copyOnce(input, at, shallow));
  } catch {
    // Not even the thrown value is read (its message could be a getter that throws too): only where it was.
    return err(unreadable(at.reduce<string>((path, key) => joinPath(path, key), root)));
  }
}

/** The {@link InvalidInput} of {@link readRequest}: the field at `path` could not be read. */
function unreadable(path: string): InvalidInput {
  const expected = 'plain data that can be read (not a getter or a Proxy that throws)';
  const received = 'a getter or a Proxy trap that threw';
  return Object.freeze({
    type: 'InvalidInput' as const,
    message: `${path || 'input'} could not be read: expected ${expected}, received ${received}.`,
    path,
    expected,
    received,
  });
}

/**
 * The copy of {@link readOnce}; `at` holds the path of the value being read (left there when a read throws).
 * `shallow`: the values of the input's own fields are kept as they are.
 */
function copyOnce(input: unknown, at: (string | number)[], shallow: boolean): unknown {
  const { listLength, depth: maxDepth, values } = INPUT_LIMITS;
  let budget = values + 1;
  const copy = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null || (shallow && depth > 0)) return value;
    // A Proxy is copied through its traps, once; where copying stops, it is replaced by a stand-in that the
    // size check and the parsers read as it was read here (it could answer them otherwise).
    const proxy = isKnownProxy(value);
    const isList = Array.isArray(value);
    if (!isList && !isPlainObject(value)) return proxy ? UNREADABLE : value;
    if (depth >= maxDepth || budget <= 0) return proxy ? tooDeep() : value;
    if (isList) {
      const length: unknown = value.length;
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0 || length > listLength)
        return proxy ? new Array(listLength + 1) : value;
      const out: unknown[] = new Array(length);
      for (let i = 0; i < length && budget > 0; i += 1) {
        budget -= 1;
        at.push(i);
        if (i in value) out[i] = copy(value[i], depth + 1);
        at.pop();
      }
      return out;
    }
    const keys = Object.keys(value);
    if (keys.length > listLength)
      return proxy
        ? Object.fromEntries(Array.from({ length: listLength + 1 }, (_, i) => [`field${i}`, 0]))
        : value;
    // Fields that are not enumerable too (`Object.defineProperty` defines them so): the parsers read a field
    // by its name, which finds them on the input; the copy keeps them, not enumerable, as the size check
    // and the parsers' check of unknown fields (both by `Object.keys`) left them.
    const names = Object.getOwnPropertyNames(value);
    const fields = names.length > keys.length && names.length <= listLength ? names : keys;
    const out: Record<string, unknown> = {};
    for (const key of fields) {
      if (budget <= 0) break;
      budget -= 1;
      at.push(key);
      const enumerable = fields === keys || Object.prototype.propertyIsEnumerable.call(value, key);
      Object.defineProperty(out, key, {
        value: copy(value[key], depth + 1),
        enumerable,
        writable: true,
        configurable: true,
      });
      at.pop();
    }
    return out;
  };
  return copy(input, 0);
}

/** Where {@link readOnce} met a Proxy that is neither a plain object nor a list: a value no parser takes. */
const UNREADABLE: object = Object.freeze(new (class Unreadable {})());

/** Nested one level past any depth a request may have: what the size check refuses as too deep. */
function tooDeep(): unknown {
  let nested: Record<string, unknown> = {};
  for (let i = 0; i <= INPUT_LIMITS.depth; i += 1) nested = { nested };
  return nested;
}
