/**
 * A value that should be a business date is not a real calendar date in the `YYYY-MM-DD` format.
 * `input` is the offending value as text; `field` names the input field when the caller gave one.
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidDate {
  readonly type: 'InvalidDate';
  readonly message: string;
  readonly input: string;
  readonly field?: string;
}

/**
 * A time zone is not an IANA zone name known to the runtime (e.g. `Europe/Berlin`, `UTC`).
 * @category Errors
 * @since 0.1.0
 */
export interface InvalidTimeZone {
  readonly type: 'InvalidTimeZone';
  readonly message: string;
  readonly timeZone: string;
}

/**
 * Every expected failure of the time module.
 * @category Errors
 * @since 0.1.0
 */
export type TimeError = InvalidDate | InvalidTimeZone;

/**
 * The stable `type` names of {@link TimeError}, e.g. for exhaustive mapping to HTTP codes.
 * @category Errors
 * @since 0.1.0
 */
export const TIME_ERROR_TYPES = ['InvalidDate', 'InvalidTimeZone'] as const;

/**
 * Renders any input as short text for error details (never throws, even on odd objects).
 * @internal
 * @since 0.1.0
 */
export function describeInput(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input === null) return 'null';
  if (input === undefined) return 'undefined';
  try {
    if (input instanceof Date) return 'a Date object';
    if (typeof input === 'object') return Array.isArray(input) ? 'an array' : 'an object';
  } catch {
    // A revoked Proxy (its traps throw): nothing of it is read.
    return 'an object';
  }
  if (typeof input === 'function') return 'a function';
  // Only primitives are left here (number, boolean, bigint, symbol), and String() never throws on them.
  return `${typeof input} ${String(input)}`;
}

/**
 * Builds an {@link InvalidDate}; `reason` completes the sentence "… is not a valid business date: …".
 * @internal
 * @since 0.1.0
 */
export function invalidDate(input: unknown, reason: string, field?: string): InvalidDate {
  const shown = describeInput(input);
  const where = field === undefined ? '' : ` for "${field}"`;
  const subject = typeof input === 'string' ? JSON.stringify(input) : shown;
  const error = {
    type: 'InvalidDate' as const,
    message: `${subject} is not a valid business date${where}: ${reason}. Expected a calendar date in the format YYYY-MM-DD, e.g. 2023-01-31.`,
    input: shown,
  };
  return Object.freeze(field === undefined ? error : { ...error, field });
}

/**
 * Builds an {@link InvalidTimeZone}.
 * @internal
 * @since 0.1.0
 */
export function invalidTimeZone(timeZone: unknown): InvalidTimeZone {
  const shown = describeInput(timeZone);
  return Object.freeze({
    type: 'InvalidTimeZone' as const,
    message: `${typeof timeZone === 'string' ? JSON.stringify(timeZone) : shown} is not a known IANA time zone. Use a zone name such as "UTC", "Europe/Berlin" or "Pacific/Apia".`,
    timeZone: shown,
  });
}
