import { ADDITIONAL_LINES_ERROR_TYPES, type AdditionalLinesError } from './domain/documents/additional-lines';
import { SETTLEMENT_ERROR_TYPES, type SettlementError } from './domain/documents/errors';
import { DOMAIN_ERROR_TYPES, type DomainError } from './domain/errors';
// Schedule errors come from their own module (the domain barrel covers the contract model only).
import { SCHEDULE_ERROR_TYPES, type ScheduleError } from './domain/schedule/errors';
import { MONEY_ERROR_TYPES, type MoneyError } from './money';
import type { InvalidContext, StoreConflict, VersionConflict } from './ports';
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
  | SettlementError
  | AdditionalLinesError
  | RecordError
  | VersionConflict
  | StoreConflict
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
 * settlement, additional lines, records, ports).
 * Each one is documented under a `### TypeName` heading in docs/errors.md.
 * @category Errors
 * @since 0.1.0
 */
export const ERROR_TYPES = exhaustiveList<InvoiceSchedulesErrorType>()([
  ...MONEY_ERROR_TYPES,
  ...TIME_ERROR_TYPES,
  ...DOMAIN_ERROR_TYPES,
  ...SCHEDULE_ERROR_TYPES,
  ...SETTLEMENT_ERROR_TYPES,
  ...ADDITIONAL_LINES_ERROR_TYPES,
  ...RECORD_ERROR_TYPES,
  'VersionConflict',
  'StoreConflict',
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

/**
 * What kind of failure an error is, for a host that maps errors to responses (an HTTP status, a retry
 * decision): `NotFound` (a named record does not exist), `Conflict` (a concurrent write, an idempotency
 * key reused, a record that already exists), `State` (the request is valid but the records' state
 * refuses it: a paused schedule, a posted invoice, an unsupported order action), `Invalid` (the request
 * itself is wrong) and `Internal` (the host's set-up: an incomplete context, a corrupted stored record, a
 * failing or misbehaving `additionalInvoiceLines` hook).
 * @category Errors
 * @since 0.1.0
 */
export type ErrorCategory = 'NotFound' | 'Conflict' | 'State' | 'Invalid' | 'Internal';

const CATEGORY_OF: ReadonlyMap<InvoiceSchedulesErrorType, ErrorCategory> = new Map([
  ...(
    [
      'AccountNotFound',
      'OrderNotFound',
      'SubscriptionNotFound',
      'ChargeNotFound',
      'InvoiceScheduleNotFound',
      'InvoiceScheduleItemNotFound',
      'InvoiceNotFound',
      'CreditMemoNotFound',
      'BillRunNotFound',
      'CreditApplicationNotFound',
      'UnknownSubscription',
      'UnknownRatePlan',
      'UnknownCharge',
    ] as const
  ).map((t) => [t, 'NotFound'] as const),
  ...(
    [
      'VersionConflict',
      'StoreConflict',
      'IdempotencyKeyReused',
      'SubscriptionAlreadyExists',
      'ChargeAlreadyExists',
      'RatePlanAlreadyExists',
      'OrderAlreadyActivated',
      'ChargeAlreadyScheduled',
      'ChargeAlreadyBilled',
    ] as const
  ).map((t) => [t, 'Conflict'] as const),
  ...(
    [
      'OrderNotActivated',
      'SubscriptionNotActive',
      'ActionNotSupported',
      'OrderActionNotSupported',
      'InvoiceSchedulePaused',
      'NotEarliestPendingItem',
      'ItemAlreadyProcessed',
      'RunDateRequired',
      'NothingToExecute',
      'ItemExceedsUnbilledCharges',
      'InvalidInvoiceStatus',
      'InvalidScheduleStatus',
      'ProcessedItemChanged',
      'PercentageLocked',
      'InvoicesNotPosted',
      'ChargeNotAttached',
      'ChargeNotDetached',
      'AttachNotAllowed',
      'InvoiceHasCredits',
      'InvoiceLockedByDetach',
      'LaterItemProcessed',
      'BillRunNotRunning',
      'BillRunAborted',
      'InvalidCreditMemoStatus',
      'CreditMemoOverApplied',
      'InvoiceOverCredited',
      'CreditUnapplyExceedsApplied',
      'CreditMemoLinkedToSchedule',
      'InvoiceHasAppliedCredits',
    ] as const
  ).map((t) => [t, 'State'] as const),
  ...(
    ['InvalidContext', 'InvalidRecord', 'InvalidAdditionalLines', 'AdditionalLinesHookFailed'] as const
  ).map((t) => [t, 'Internal'] as const),
]);

/**
 * The {@link ErrorCategory} of an error (or of its `type`): every type not listed as `NotFound`,
 * `Conflict`, `State` or `Internal` is `Invalid`. Stable for a given `type`.
 * @example
 * ```ts
 * const created = await createInvoiceSchedule(context, request);
 * if (created.isErr()) {
 *   const status = { NotFound: 404, Conflict: 409, State: 422, Invalid: 422, Internal: 500 }[errorCategory(created.error)];
 * }
 * ```
 * @category Errors
 * @since 0.1.0
 */
export function errorCategory(error: InvoiceSchedulesError | InvoiceSchedulesErrorType): ErrorCategory {
  const type = typeof error === 'string' ? error : error.type;
  return CATEGORY_OF.get(type) ?? 'Invalid';
}
