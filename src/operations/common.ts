import { err, ok, type Result, ResultAsync } from 'neverthrow';
import type { Order } from '../domain/order';
import { chargeKey, type InvoiceSchedule } from '../domain/schedule';
import { orderSubscriptionNumbers } from '../domain/schedule-create';
import { type ScheduleError, scheduleError } from '../domain/schedule-errors';
import { allCharges, type Subscription } from '../domain/subscription';
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

/**
 * Loads what deciding a schedule's covered charges needs (§4.2 rules 1–2): the listed orders,
 * the subscriptions they and the specific subscriptions name, and which of those charges another
 * schedule already covers or an invoice already billed. `ownSchedule` is left out of the first
 * check (an update of that schedule). @internal
 */
export async function loadCoverage(
  repos: Repositories,
  orderNumbers: readonly string[],
  specific: readonly { readonly subscriptionNumber: string }[],
  ownSchedule: string | null,
): Promise<{
  orders: Map<string, Order>;
  subscriptions: Map<string, Subscription>;
  scheduledCharges: Map<string, string>;
  billedCharges: Map<string, string>;
}> {
  const orders = new Map<string, Order>();
  const wanted = new Set(specific.map((s) => s.subscriptionNumber));
  for (const n of orderNumbers) {
    const order = await repos.orders.get(n);
    if (!order) continue;
    orders.set(n, order);
    for (const s of orderSubscriptionNumbers(order)) wanted.add(s);
  }
  const subscriptions = new Map<string, Subscription>();
  for (const n of wanted) {
    const sub = await repos.subscriptions.get(n);
    if (sub) subscriptions.set(n, sub);
  }
  const scheduledCharges = new Map<string, string>();
  const billedCharges = new Map<string, string>();
  for (const sub of subscriptions.values()) {
    for (const { charge } of allCharges(sub)) {
      const key = chargeKey(sub.number, charge.number);
      const holders = await repos.invoiceSchedules.listByCharge(sub.number, charge.number);
      const other = holders.find(
        (s) =>
          s.number !== ownSchedule &&
          s.charges.some(
            (c) => c.subscriptionNumber === sub.number && c.chargeNumber === charge.number && !c.detached,
          ),
      );
      if (other) scheduledCharges.set(key, other.number);
      const invoices = await repos.invoices.listByCharge(sub.number, charge.number);
      const billing = invoices.find((i) => i.status === 'Draft' || i.status === 'Posted');
      if (billing) billedCharges.set(key, billing.number);
    }
  }
  return { orders, subscriptions, scheduledCharges, billedCharges };
}
