/**
 * The decoding primitives (internal), one toolkit for both kinds of untrusted JSON: the request readers of
 * `./input` (a host's input, reported as an `InvalidInput`) and the record codecs of `ports/codec.ts` (a
 * store's records, reported as an `InvalidRecord`). A primitive never builds an error: it reports an
 * {@link Issue} (the path, what was expected there, what was found) and each side turns the issue into its
 * own error, so the two agree on paths and on what they expect while keeping their own messages.
 */
import { err, ok, type Result } from 'neverthrow';
import { shortened } from '../money/errors';

/**
 * Where a value could not be read and why. The request readers turn it into an `InvalidInput`, the
 * record codecs' `aggregate` into an `InvalidRecord`.
 * @internal
 */
export interface Issue {
  readonly path: string;
  readonly expected: string;
  readonly input: unknown;
}

/** Reads an unknown value found at `path` into a `T`, or reports the {@link Issue}. @internal */
export type Decode<T> = (input: unknown, path: string) => Result<T, Issue>;

/** @internal */
export const issue = (path: string, expected: string, input: unknown): Result<never, Issue> =>
  err({ path, expected, input });

/**
 * Joins a parent path and a key: `join('actions[0]', 'ratePlans')` → `actions[0].ratePlans`.
 * @internal
 */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

const MAX_SHOWN = 60;

/**
 * Renders any input as short text for error details (never throws): the `received` of an `InvalidInput`
 * and of the other errors about a host's input.
 * @internal
 */
export function describeReceived(input: unknown): string {
  let text: string;
  // Only the start of a long string is rendered: a 1 MB input costs no more than a short one.
  if (typeof input === 'string') text = JSON.stringify(input.slice(0, MAX_SHOWN + 1));
  else if (input === null) text = 'null';
  else if (input === undefined) text = 'nothing (undefined)';
  else if (typeof input === 'object') {
    try {
      if (Array.isArray(input)) text = input.length === 0 ? 'an empty array' : 'an array';
      else
        text =
          (input as { toStringTag?: unknown }).toStringTag === '[object Decimal]'
            ? `Decimal ${String(input)}`
            : 'an object';
    } catch {
      // A getter or a Proxy trap that threw (a revoked Proxy): nothing of what it threw is read.
      text = 'an object';
    }
  } else if (typeof input === 'function') text = 'a function';
  else if (typeof input === 'bigint') text = `bigint ${input}n`;
  else if (typeof input === 'symbol') text = 'a symbol';
  else text = `${typeof input} ${String(input)}`;
  return shortened(text, MAX_SHOWN);
}

/**
 * The `received` of an `InvalidRecord`, read in its message as "… should be X, but is 7": terser than
 * {@link describeReceived} (bare numbers, an array's length, `nothing`). Both texts are public, which is
 * why there are two renderings; a record holds only JSON, so the JSON cases are the ones that matter.
 * @internal
 */
export function describeStored(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string')
    return JSON.stringify(input.length > MAX_SHOWN ? `${input.slice(0, MAX_SHOWN - 3)}...` : input);
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return `an array of ${input.length}`;
  if (typeof input === 'object') return 'an object';
  return `a ${typeof input}`;
}

/** An object literal or `Object.create(null)`: not an array, not a class instance (a Date, a Decimal). @internal */
export function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}

/** What a fixed set of literals expects: `one of 'Termed', 'Evergreen'`. */
function oneOfText(values: readonly string[]): string {
  return `one of ${values.map((v) => `'${v}'`).join(', ')}`;
}

/**
 * Checks that `input` is a plain object whose keys are all in `allowed`; an unknown key is reported at its
 * own path, so a misspelt optional field (`listPricebase`) is caught instead of silently ignored. Anything
 * else is reported as `expected` if given, else as `an object` (or `a plain object` for a class instance).
 * @internal
 */
export function decodeFields(
  input: unknown,
  path: string,
  allowed: readonly string[],
  expected?: string,
): Result<Readonly<Record<string, unknown>>, Issue> {
  if (!isPlainObject(input)) {
    const instance = typeof input === 'object' && input !== null && !Array.isArray(input);
    return issue(path, expected ?? (instance ? 'a plain object' : 'an object'), input);
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      // The path names the field; a key of any length is shown by its start, so the error stays short.
      const shown = shortened(key, MAX_SHOWN);
      return issue(joinPath(path, shown), `no such field (allowed: ${allowed.join(', ')})`, input[key]);
    }
  }
  return ok(input);
}

function decodeString(expected: string, accept: (value: string) => boolean): Decode<string> {
  return (input, path) =>
    typeof input === 'string' && accept(input) ? ok(input) : issue(path, expected, input);
}

/** Any string (names, notes, free text). @internal */
export const anyString: Decode<string> = decodeString('a string', () => true);

/** A string of at least one character (a stored id, number or code). @internal */
export const nonEmptyString: Decode<string> = decodeString('a non-empty string', (s) => s.length > 0);

/**
 * A string that is not blank (an id or code in a request). Surrounding white space is not trimmed:
 * identifiers are taken verbatim.
 * @internal
 */
export const nonBlankString: Decode<string> = decodeString(
  'a non-blank string (not empty, not only white space)',
  (s) => s.trim() !== '',
);

/** @internal */
export const decodeBoolean: Decode<boolean> = (input, path) =>
  typeof input === 'boolean' ? ok(input) : issue(path, 'true or false', input);

/** One of a fixed set of string literals. @internal */
export function decodeOneOf<const V extends string>(values: readonly V[]): Decode<V> {
  return (input, path) =>
    (values as readonly unknown[]).includes(input) ? ok(input as V) : issue(path, oneOfText(values), input);
}

/**
 * `input` as an array (with at least one element when `nonEmpty`); its elements are read by
 * {@link decodeElements}.
 * @internal
 */
export function decodeArray(
  input: unknown,
  path: string,
  nonEmpty = false,
): Result<readonly unknown[], Issue> {
  if (!Array.isArray(input) || (nonEmpty && input.length === 0)) {
    return issue(path, nonEmpty ? 'a non-empty array' : 'an array', input);
  }
  return ok(input);
}

/**
 * Reads each element at its own path (`items[2]`), stopping at the first error. Generic in the error, so a
 * request reader can report the domain errors of its own element parser.
 * @internal
 */
export function decodeElements<T, E>(
  elements: readonly unknown[],
  path: string,
  item: (element: unknown, path: string, index: number) => Result<T, E>,
): Result<T[], E> {
  // Sized up front: an array grown by `push` keeps 17 slots for one element, and decoded lists are stored.
  const out: T[] = new Array(elements.length);
  for (let i = 0; i < elements.length; i += 1) {
    const read = item(elements[i], joinPath(path, i), i);
    if (read.isErr()) return err(read.error);
    out[i] = read.value;
  }
  return ok(out);
}
