// Races as a database at READ COMMITTED runs them: a world set up on the serial memory store is copied
// into a store in 'read-committed' mode whose every repository call hands control to an interleaving
// (fast-check's scheduler), so operations started together really overlap.
import {
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  type InvalidRecord,
} from 'invoice-schedules';
import { createMemoryStore, type MemoryStoreSeed, type MemoryStoreSnapshot } from 'invoice-schedules/memory';
import type { Result } from 'neverthrow';
import type { TestBilling } from './billing';

function decodeAll<T>(records: readonly unknown[], decode: (r: unknown) => Result<T, InvalidRecord>): T[] {
  return records.map((record) => {
    const decoded = decode(record);
    if (decoded.isErr()) throw new Error(decoded.error.message);
    return decoded.value;
  });
}

/** A memory store's committed state as the seed of another. */
export function seedOf(snapshot: MemoryStoreSnapshot): MemoryStoreSeed {
  return {
    accounts: decodeAll(snapshot.accounts, fromAccountRecord),
    orders: decodeAll(snapshot.orders, fromOrderRecord),
    subscriptions: decodeAll(snapshot.subscriptions, fromSubscriptionRecord),
    invoiceSchedules: decodeAll(snapshot.invoiceSchedules, fromInvoiceScheduleRecord),
    invoices: decodeAll(snapshot.invoices, fromInvoiceRecord),
    creditMemos: decodeAll(snapshot.creditMemos, fromCreditMemoRecord),
    billRuns: decodeAll(snapshot.billRuns, fromBillRunRecord),
    billRunAccounts: decodeAll(snapshot.billRunAccounts, fromBillRunAccountRecord),
    idempotency: snapshot.idempotency,
    sequences: snapshot.sequences,
  };
}

/**
 * The billing's committed state in a READ COMMITTED memory store whose repository calls each wait for
 * `interleave` (e.g. `(label) => s.schedule(Promise.resolve(), label)` with `fc.scheduler()`).
 */
export function racing(billing: TestBilling, interleave: (label: string) => Promise<void>): TestBilling {
  const store = createMemoryStore({
    isolation: 'read-committed',
    interleave,
    initial: seedOf(billing.store.probe.snapshot()),
  });
  return { store, context: { ...billing.context, store } };
}
