/**
 * Input readers (internal): small validators for JSON-like input that name the offending path, and the
 * builders of the {@link InvalidInput} they return. The error types themselves are in `./errors`.
 */
import { err, ok, type Result } from 'neverthrow';
import type { DomainError, InvalidInput } from './errors';

const MAX_SHOWN = 60;

/**
 * Renders any input as short text for error details (never throws).
 * @internal
 */
export function describeReceived(input: unknown): string {
  let text: string;
  if (typeof input === 'string') text = JSON.stringify(input);
  else if (input === null) text = 'null';
  else if (input === undefined) text = 'nothing (undefined)';
  else if (Array.isArray(input)) text = 'an array';
  else if (typeof input === 'object') {
    text =
      (input as { toStringTag?: unknown }).toStringTag === '[object Decimal]'
        ? `Decimal ${String(input)}`
        : 'an object';
  } else if (typeof input === 'function') text = 'a function';
  else if (typeof input === 'bigint') text = `bigint ${input}n`;
  else if (typeof input === 'symbol') text = 'a symbol';
  else text = `${typeof input} ${String(input)}`;
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * Builds an {@link InvalidInput}.
 * @internal
 */
export function invalidInput(path: string, expected: string, input: unknown): InvalidInput {
  const received = describeReceived(input);
  return Object.freeze({
    type: 'InvalidInput' as const,
    message: `${path || 'input'}: expected ${expected}, received ${received}.`,
    path,
    expected,
    received,
  });
}

/**
 * Builds an {@link InvalidInput} for a required field whose message says who needs it (The order needs
 * a `number`: expected ..., received nothing (undefined).), so a missing field is reported by name rather
 * than surfacing later as "Order undefined does not exist".
 * @internal
 */
export function requiredInput(subject: string, path: string, expected: string, input: unknown): InvalidInput {
  const received = describeReceived(input);
  const article = /^[aeiou]/i.test(path) ? 'an' : 'a';
  return Object.freeze({
    type: 'InvalidInput' as const,
    message: `${subject} needs ${article} \`${path}\`: expected ${expected}, received ${received}.`,
    path,
    expected,
    received,
  });
}

/** A reader turns an unknown field into a typed value or an error naming its path. @internal */
export type Reader<T, E = DomainError> = (input: unknown, path: string) => Result<T, E>;

/**
 * Joins a parent path and a key: `join('actions[0]', 'ratePlans')` → `actions[0].ratePlans`.
 * @internal
 */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

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
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(fail(path, 'an object', input));
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return err(fail(path, 'a plain object', input));
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      return err(fail(joinPath(path, key), `no such field (allowed: ${allowed.join(', ')})`, record[key]));
    }
  }
  return ok(record);
}

/**
 * Reads a non-empty string (surrounding white space is not trimmed: identifiers are taken verbatim).
 * @internal
 */
export function readString(input: unknown, path: string): Result<string, DomainError> {
  if (typeof input !== 'string' || input.trim() === '')
    return err(invalidInput(path, 'a non-empty string', input));
  return ok(input);
}

/**
 * Reads one of a fixed set of string literals.
 * @internal
 */
export function readEnum<T extends string>(
  values: readonly T[],
): (input: unknown, path: string) => Result<T, DomainError> {
  return (input, path) =>
    typeof input === 'string' && (values as readonly string[]).includes(input)
      ? ok(input as T)
      : err(invalidInput(path, `one of ${values.map((v) => `'${v}'`).join(', ')}`, input));
}

/**
 * Reads a boolean.
 * @internal
 */
export function readBoolean(input: unknown, path: string): Result<boolean, DomainError> {
  return typeof input === 'boolean' ? ok(input) : err(invalidInput(path, 'true or false', input));
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
  if (!Array.isArray(input) || input.length === 0) return err(invalidInput(path, 'a non-empty array', input));
  const out: T[] = [];
  for (let i = 0; i < input.length; i += 1) {
    const read = item(input[i], joinPath(path, i), i);
    if (read.isErr()) return err(read.error);
    out.push(read.value);
  }
  return ok(out);
}
