import type { BillingEvent } from '../../domain/billing/events';
import type { OutboxEntry, UnitOfWork } from '../../ports/index';
import { check, checkEqual } from '../assert';
import type { ContractHarness, RepositoryProbe } from './harness';

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

async function storedEvents(probe: RepositoryProbe): Promise<readonly BillingEvent[] | null> {
  if (probe.outbox === undefined) return null;
  const entries: readonly OutboxEntry[] = await probe.outbox(0);
  for (let i = 1; i < entries.length; i++) {
    check(
      (entries[i] as OutboxEntry).position > (entries[i - 1] as OutboxEntry).position,
      'outbox positions must increase in the order the events were appended',
    );
  }
  return entries.map((e) => e.event);
}

/**
 * The optional outbox (`Repositories.outbox`): appends commit and roll back with their transaction, keep
 * their order and store an event id once. A store without an outbox passes (the port is optional).
 */
export function describeOutbox<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  describe('outbox', () => {
    test('events appended in a committed transaction are stored, in order, as given', async (store, probe) => {
      const has = await commit(store, async (r) => {
        if (r.outbox === undefined) return false;
        await r.outbox.append([accountCreated(1), accountCreated(2)]);
        await r.outbox.append([accountCreated(3)]);
        return true;
      });
      if (!has) return;
      const stored = await storedEvents(probe);
      if (stored !== null)
        checkEqual(stored, [accountCreated(1), accountCreated(2), accountCreated(3)], 'outbox');
    });

    test("a rolled-back transaction's events are not stored", async (store, probe) => {
      let has = false;
      await rollBack(store, async (r) => {
        if (r.outbox === undefined) return;
        has = true;
        await r.outbox.append([accountCreated(4)]);
      });
      if (!has) return;
      const stored = await storedEvents(probe);
      if (stored !== null) checkEqual(stored, [], 'outbox after a rollback');
    });

    test('an event whose id is stored already is skipped, in the same append and in a later one', async (store, probe) => {
      const has = await commit(store, async (r) => {
        if (r.outbox === undefined) return false;
        await r.outbox.append([accountCreated(5), accountCreated(5)]);
        return true;
      });
      if (!has) return;
      await commit(store, async (r) => r.outbox?.append([accountCreated(5), accountCreated(6)]));
      const stored = await storedEvents(probe);
      if (stored !== null) checkEqual(stored, [accountCreated(5), accountCreated(6)], 'outbox');
    });
  });
}
