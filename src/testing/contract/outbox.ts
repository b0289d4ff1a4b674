import type { BillingEvent } from '../../domain/billing/events';
import type { OutboxEntry, Repositories, UnitOfWork } from '../../ports/index';
import { check, checkEqual, fail } from '../assert';
import { type ContractHarness, notImplemented, type RepositoryProbe } from './harness';

/** An event as the operations append them (plain, frozen data). */
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
 * The optional outbox (`Repositories.outbox`): appends commit and roll back with their transaction, keep
 * their order and store an event id once, read through the `outbox` probe (required when the store has an
 * outbox: the tests fail without it). A store without an outbox has these tests skipped.
 */
export function describeOutbox<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  const append = async (r: Repositories, events: readonly BillingEvent[]) => {
    if (r.outbox === undefined) fail('repositories.outbox disappeared between transactions');
    await r.outbox.append(events);
  };
  describe('outbox', () => {
    test('events appended in a committed transaction are stored, in order, as given', async (store, probe) => {
      await hasOutbox(harness, store);
      await commit(store, async (r) => {
        await append(r, [accountCreated(1), accountCreated(2)]);
        await append(r, [accountCreated(3)]);
      });
      checkEqual(
        await storedEvents(probe),
        [accountCreated(1), accountCreated(2), accountCreated(3)],
        'outbox after appending events 1 and 2, then 3, in one committed transaction',
      );
    });

    test("a rolled-back transaction's events are not stored", async (store, probe) => {
      await hasOutbox(harness, store);
      await rollBack(store, (r) => append(r, [accountCreated(4)]));
      checkEqual(await storedEvents(probe), [], 'outbox after a rolled-back append');
    });

    test('an event whose id is stored already is skipped, in the same append and in a later one', async (store, probe) => {
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
