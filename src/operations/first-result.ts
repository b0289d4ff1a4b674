import { ok, type Result } from 'neverthrow';
import type { InvoiceScheduleNotFound } from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { Repositories } from '../ports';
import { fromInvoiceScheduleRecord, toInvoiceScheduleRecord } from '../ports/records';
import { loadSchedule } from './common';

// A keyed createInvoiceSchedule or updateInvoiceSchedule retried answers with the schedule its first call
// returned (docs/reliability.md, "Safe to retry"), not the schedule as it is now: a bill run or an edit since
// would change the answer, and a delete would turn a request that succeeded into InvoiceScheduleNotFound (an
// HTTP host answering 404 invites its client to create again under a new key). So the key's record keeps the
// schedule itself in `result`, as the record codecs' JSON, instead of its number.

/**
 * What a create's or an update's key records: the schedule as this transaction stored it (with the audit
 * fields its save stamped, as the operation's value shows them), as the JSON of its record. @internal
 */
export async function firstScheduleResult(repos: Repositories, schedule: InvoiceSchedule): Promise<string> {
  const stored = await repos.invoiceSchedules.get(schedule.number);
  return JSON.stringify(toInvoiceScheduleRecord(stored ?? schedule));
}

/**
 * The schedule a create's or an update's key recorded. A record written by an earlier version holds the
 * schedule's number only: the schedule as it is now answers then, deleted or not. A `result` that is no
 * schedule is a broken store, thrown. @internal
 */
export async function replayedSchedule(
  repos: Repositories,
  result: string,
): Promise<Result<InvoiceSchedule, InvoiceScheduleNotFound>> {
  if (!result.startsWith('{')) return loadSchedule(repos, result, true);
  const schedule = fromInvoiceScheduleRecord(JSON.parse(result)); // JSON.parse throws on a broken store
  /* v8 ignore next 2 */
  if (schedule.isErr())
    throw new Error(`The idempotency record of a schedule holds no schedule: ${schedule.error.message}`);
  return ok(schedule.value);
}
