import { ok, type Result } from 'neverthrow';
import type { Invoice } from '../domain/documents/invoice';
import type { CreditMemoSettlement } from '../domain/documents/settlement';
import type { InvoiceScheduleNotFound } from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { Repositories } from '../ports';
import {
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
} from '../ports/records';
import { loadSchedule } from './common';

// A keyed createInvoiceSchedule or updateInvoiceSchedule retried answers with the schedule its first call
// returned (and a keyed applyCreditMemo or unapplyCreditMemo with its memo and invoices, below) (docs/reliability.md, "Safe to retry"), not the schedule as it is now: a bill run or an edit since
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

/**
 * What an apply's or an unapply's key records: the memo and the invoices as this transaction stored them (with the
 * audit fields their saves stamped), as the JSON of their records. A retry answers with them (decision 14: the
 * first result), not with the memo as a later application or unapply left it. @internal
 */
export async function firstSettlementResult(
  repos: Repositories,
  settled: CreditMemoSettlement,
): Promise<string> {
  const memo = (await repos.creditMemos.get(settled.creditMemo.number)) ?? settled.creditMemo;
  const invoices: Invoice[] = [];
  for (const invoice of settled.invoices)
    invoices.push((await repos.invoices.get(invoice.number)) ?? invoice);
  return JSON.stringify({ creditMemo: toCreditMemoRecord(memo), invoices: invoices.map(toInvoiceRecord) });
}

/**
 * The settlement an apply's or an unapply's key recorded, or `null` for a record written by an earlier version,
 * which holds the memo's number only. A `result` that is no settlement is a broken store, thrown. @internal
 */
export function recordedSettlement(result: string): CreditMemoSettlement | null {
  if (!result.startsWith('{')) return null;
  const recorded = JSON.parse(result) as { readonly creditMemo?: unknown; readonly invoices?: unknown };
  const memo = fromCreditMemoRecord(recorded.creditMemo);
  /* v8 ignore next 2 */
  if (memo.isErr() || !Array.isArray(recorded.invoices))
    throw new Error('The idempotency record of a credit memo settlement holds no settlement');
  const invoices: Invoice[] = [];
  for (const record of recorded.invoices) {
    const invoice = fromInvoiceRecord(record);
    /* v8 ignore next */
    if (invoice.isErr())
      throw new Error(`The idempotency record of a settlement holds no invoice: ${invoice.error.message}`);
    invoices.push(invoice.value);
  }
  return Object.freeze({ creditMemo: memo.value, invoices: Object.freeze(invoices) });
}
