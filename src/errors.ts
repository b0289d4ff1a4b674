import { DOMAIN_ERROR_TYPES, type DomainError } from './domain/errors';
// Schedule errors come from their own module (the domain barrel covers the contract model only).
import { SCHEDULE_ERROR_TYPES, type ScheduleError } from './domain/schedule/errors';
import { MONEY_ERROR_TYPES, type MoneyError } from './money';
import type { InvalidContext, VersionConflict } from './ports';
import { RECORD_ERROR_TYPES, type RecordError } from './ports/records';
import { TIME_ERROR_TYPES, type TimeError } from './time';

/**
 * Every expected failure the library can return, as a union discriminated by `type`.
 * Match on `error.type` (never `instanceof`): a host may load both our ESM and CJS builds.
 * @category Errors
 * @since 0.1.0
 */
export type InvoiceSchedulesError =
  | MoneyError
  | TimeError
  | DomainError
  | ScheduleError
  | RecordError
  | VersionConflict
  | InvalidContext;

/**
 * The `type` of any {@link InvoiceSchedulesError}: a stable, public PascalCase name.
 * @category Errors
 * @since 0.1.0
 */
export type InvoiceSchedulesErrorType = InvoiceSchedulesError['type'];

/**
 * Accepts a list of error type names only if it names every member of `T`; otherwise the
 * compiler reports `missing: '<TypeName>'`. Keeps {@link ERROR_TYPES} in step with the union.
 */
function exhaustiveList<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}

/**
 * Every error `type` name the library can return, module by module (money, time, domain, schedule,
 * records, ports).
 * Each one is documented under a `### TypeName` heading in docs/errors.md.
 * @category Errors
 * @since 0.1.0
 */
export const ERROR_TYPES = exhaustiveList<InvoiceSchedulesErrorType>()([
  ...MONEY_ERROR_TYPES,
  ...TIME_ERROR_TYPES,
  ...DOMAIN_ERROR_TYPES,
  ...SCHEDULE_ERROR_TYPES,
  ...RECORD_ERROR_TYPES,
  'VersionConflict',
  'InvalidContext',
]);

const KNOWN_TYPES: ReadonlySet<string> = new Set(ERROR_TYPES);

/**
 * True when `value` looks like one of our errors: a non-null object whose `type` is listed in
 * {@link ERROR_TYPES} and whose `message` is a string. Works across ESM/CJS copies of the library.
 * @category Errors
 * @since 0.1.0
 */
export function isInvoiceSchedulesError(value: unknown): value is InvoiceSchedulesError {
  if (typeof value !== 'object' || value === null) return false;
  const { type, message } = value as { type?: unknown; message?: unknown };
  return typeof type === 'string' && KNOWN_TYPES.has(type) && typeof message === 'string';
}
