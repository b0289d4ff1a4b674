/**
 * Input readers (internal): validators for JSON-like request input that name the offending path, and the
 * builders of the {@link InvalidInput} they return. The readers are thin wrappers over the decoding
 * primitives of `./decode` (shared with the record codecs): a primitive reports an {@link Issue}, a reader
 * turns it into an {@link InvalidInput}. The error types themselves are in `./errors`.
 */
import type { Result } from 'neverthrow';
import {
  decodeArray,
  decodeBoolean,
  decodeElements,
  decodeFields,
  decodeOneOf,
  describeReceived,
  type Issue,
  nonBlankString,
} from './decode';
import type { DomainError, InvalidInput } from './errors';

// Re-exported: the request parsers and `./errors` import them from here.
export { describeReceived, joinPath } from './decode';

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
 * Reads a non-empty string (surrounding white space is not trimmed: identifiers are taken verbatim).
 * @internal
 */
export function readString(input: unknown, path: string): Result<string, DomainError> {
  return nonBlankString(input, path).mapErr(fromIssue);
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
