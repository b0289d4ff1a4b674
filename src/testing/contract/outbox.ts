import type { BillingEvent } from '../../domain/billing/events';
import type { OutboxEntry, Repositories, UnitOfWork } from '../../ports/index';
import { check, checkEqual, fail } from '../assert';
import { type ContractHarness, notImplemented, type RepositoryProbe } from './harness';

/** The names of the outbox tests, for the broken-adapter catalogue. */
export const OUTBOX = {
  committed: 'outbox > events appended in a committed transaction are stored, in order, as given',
  rolledBack: "outbox > a rolled-back transaction's events are not stored",
  retried:
    'outbox > the events of a transaction run again after a rollback are stored: an id is remembered only once committed',
  duplicates:
    'outbox > an event whose id is stored already is skipped, in the same append and in a later one',
} as const;

/** An event as the operations append them (plain, frozen data); `n` from 1 to 9. */
function accountCreated(n: number): BillingEvent {
  const number = `A0000009${n}`;
  return Object.freeze({
    type: 'AccountCreated' as const,
    id: `Account/${number}/AccountCreated`,
    occurredAt: '2023-01-01T12:00:00.000Z',
    actor: n % 2 === 0 ? null : 'user:contract-kit',
    reason: null,
    accountNumber: number,
    currency: 'USD',
  });
}

/**
 * The events the outbox stored, read through the probe. The port has no read method, so an outbox cannot
 * be checked without the probe: a store that has `outbox` and no `outbox` probe fails.
 */
async function storedEvents(probe: RepositoryProbe): Promise<readonly BillingEvent[]> {
  if (probe.outbox === undefined)
    fail(
      'repositories.outbox exists but no outbox probe was given, so nothing it stores can be checked: pass `probe: (store) => ({ …, outbox: (after) => /* the stored entries after position `after`, in position order */ })` to describeRepositoryContract',
    );
  const entries: readonly OutboxEntry[] = await probe.outbox(0);
  for (let i = 1; i < entries.length; i++) {
    check(
      (entries[i] as OutboxEntry).position > (entries[i - 1] as OutboxEntry).position,
      `outbox positions must increase in the order the events were appended (probe.outbox(0): ${JSON.stringify(entries.map((e) => e.position))})`,
    );
  }
  return entries.map((e) => e.event);
}

/** Whether the store's repositories have the optional outbox; a test of a store without one is skipped. */
async function hasOutbox<S extends UnitOfWork>(harness: ContractHarness<S>, store: S): Promise<void> {
  const outbox: unknown = await harness.commit(store, async (r) => r.outbox);
  if (outbox === undefined) notImplemented('repositories.outbox');
  // Decided by the port being there, as the operations do: one that is there is checked, whatever it does.
  check(
    typeof (outbox as { readonly append?: unknown } | null)?.append === 'function',
    'repositories.outbox is there but has no append method: leave the optional outbox out (undefined) or implement it',
  );
}

/**
 * The optional outbox (`Repositories.outbox`): appends commit and roll back with their transaction (an id
 * of a rolled-back append is stored when a later one appends it), keep the order given (not sorted by id)
 * and store an event id once, read through the `outbox` probe (required when the store has an outbox: the
 * tests fail without it). A store without an outbox has these tests skipped.
 */
export function describeOutbox<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  const name = (full: string) => full.slice('outbox > '.length);
  const append = async (r: Repositories, events: readonly BillingEvent[]) => {
    if (r.outbox === undefined) fail('repositories.outbox disappeared between transactions');
    await r.outbox.append(events);
  };
  describe('outbox', () => {
    test(name(OUTBOX.committed), async (store, probe) => {
      await hasOutbox(harness, store);
      // Ids not in sorted order, within an append and across appends: an outbox that stores an append
      // sorted by id (a map keyed by id, an `INSERT … SELECT … ORDER BY id`) relays events out of save order.
      await commit(store, async (r) => {
        await append(r, [accountCreated(3), accountCreated(1)]);
        await append(r, [accountCreated(2)]);
      });
      checkEqual(
        await storedEvents(probe),
        [accountCreated(3), accountCreated(1), accountCreated(2)],
        'outbox after appending events 3 and 1, then 2, in one committed transaction',
      );
    });

    test(name(OUTBOX.rolledBack), async (store, probe) => {
      await hasOutbox(harness, store);
      await rollBack(store, (r) => append(r, [accountCreated(4)]));
      checkEqual(await storedEvents(probe), [], 'outbox after a rolled-back append');
    });

    // The library runs a transaction again after a transient failure (a 40001), with the same event ids:
    // an outbox that remembers ids outside the transaction (an in-process set) drops the retry's events.
    test(name(OUTBOX.retried), async (store, probe) => {
      await hasOutbox(harness, store);
      await rollBack(store, (r) => append(r, [accountCreated(8), accountCreated(7)]));
      await commit(store, (r) => append(r, [accountCreated(8), accountCreated(7)]));
      checkEqual(
        await storedEvents(probe),
        [accountCreated(8), accountCreated(7)],
        'outbox after appending [8, 7] in a rolled-back transaction, then [8, 7] in a committed one',
      );
    });

    test(name(OUTBOX.duplicates), async (store, probe) => {
      await hasOutbox(harness, store);
      await commit(store, (r) => append(r, [accountCreated(5), accountCreated(5)]));
      await commit(store, (r) => append(r, [accountCreated(5), accountCreated(6)]));
      checkEqual(
        await storedEvents(probe),
        [accountCreated(5), accountCreated(6)],
        'outbox after appending [5, 5], then [5, 6]',
      );
    });
  });
}
