import { err, ok, type Result, ResultAsync } from 'neverthrow';
import type { InvoiceSchedule } from '../domain/schedule';
import { type ScheduleError, scheduleError } from '../domain/schedule-errors';
import type { Subscription } from '../domain/subscription';
import type { Repositories, SequenceName, VersionConflict } from '../ports';

/** Wraps a promise of a Result as a ResultAsync. @internal */
export function async<T, E>(promise: Promise<Result<T, E>>): ResultAsync<T, E> {
  return new ResultAsync(promise);
}

const PREFIX: Record<SequenceName, string> = {
  InvoiceSchedule: 'IS-',
  Invoice: 'INV',
  CreditMemo: 'CM',
  BillRun: 'BR-',
};

/**
 * Formats a document number as the reference shows it: `IS-00000001`, `INV00000001`,
 * `CM00000001`, `BR-00000001`.
 * @since 0.1.0
 */
export function documentNumber(sequence: SequenceName, n: number): string {
  return `${PREFIX[sequence]}${String(n).padStart(8, '0')}`;
}

/** Next document number of a sequence, inside the transaction. @internal */
export async function nextNumber(repos: Repositories, sequence: SequenceName): Promise<string> {
  return documentNumber(sequence, await repos.sequences.next(sequence));
}

/** Loads a schedule or fails with InvoiceScheduleNotFound. @internal */
export async function loadSchedule(
  repos: Repositories,
  invoiceScheduleNumber: string,
): Promise<Result<InvoiceSchedule, ScheduleError>> {
  const schedule = await repos.invoiceSchedules.get(invoiceScheduleNumber);
  if (!schedule) {
    return err(
      scheduleError({
        type: 'InvoiceScheduleNotFound',
        message: `Invoice schedule ${invoiceScheduleNumber} does not exist.`,
        invoiceScheduleNumber,
      }),
    );
  }
  return ok(schedule);
}

/** Loads the subscriptions a schedule covers, by number. @internal */
export async function loadCoveredSubscriptions(
  repos: Repositories,
  schedule: InvoiceSchedule,
): Promise<ReadonlyMap<string, Subscription>> {
  const out = new Map<string, Subscription>();
  for (const c of schedule.charges) {
    if (out.has(c.subscriptionNumber)) continue;
    const sub = await repos.subscriptions.get(c.subscriptionNumber);
    if (sub) out.set(sub.number, sub);
  }
  return out;
}

/** Runs the saves of one operation in order, stopping at the first conflict. @internal */
export async function saveAll(
  saves: readonly (() => Promise<Result<void, VersionConflict>>)[],
): Promise<Result<void, VersionConflict>> {
  for (const save of saves) {
    const r = await save();
    if (r.isErr()) return r;
  }
  return ok(undefined);
}

/**
 * Looks up a caller's idempotency key: `null` when unused, the stored result when it was used by
 * the same operation, an error when another operation used it. @internal
 */
export async function recalled(
  repos: Repositories,
  key: string | null | undefined,
  operation: string,
): Promise<Result<string | null, ScheduleError>> {
  if (key === null || key === undefined) return ok(null);
  const record = await repos.idempotency.get(`${operation}:${key}`);
  if (!record) return ok(null);
  return ok(record.result);
}

/** Records a caller's idempotency key with the result reference. @internal */
export async function remember(
  repos: Repositories,
  key: string | null | undefined,
  operation: string,
  result: string,
): Promise<Result<void, ScheduleError>> {
  if (key === null || key === undefined) return ok(undefined);
  const inserted = await repos.idempotency.insert({ key: `${operation}:${key}`, operation, result });
  if (!inserted) {
    return err(
      scheduleError({
        type: 'IdempotencyKeyReused',
        message: `Idempotency key ${key} was already used; use a new key for a new request.`,
        key,
        operation,
      }),
    );
  }
  return ok(undefined);
}
