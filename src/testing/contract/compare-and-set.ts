import type { EntityName, Repositories, UnitOfWork, VersionedRepository } from '../../ports/index';
import {
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toSubscriptionRecord,
} from '../../ports/records';
import { check, checkEqual } from '../assert';
import { buildCreditMemo, buildInvoice, buildInvoiceSchedule, buildSubscription } from '../builders';
import {
  type ContractHarness,
  checkConflict,
  checkOk,
  isConflict,
  numbers,
  type ProbeName,
  uuid,
} from './harness';

/** What the kit needs to know about one versioned repository to test compare-and-set on it. */
interface VersionedCase<T extends { readonly number: string; readonly version: number }> {
  readonly entity: EntityName;
  readonly probe: ProbeName;
  readonly repo: (r: Repositories) => VersionedRepository<T>;
  readonly build: (number: string) => T;
  /** A visible change, so a replaced version differs from the stored one. */
  readonly change: (value: T) => T;
  readonly toRecord: (value: T) => unknown;
}

/** Compare-and-set saves of every versioned aggregate: subscriptions, schedules, invoices, credit memos. */
export function describeCompareAndSet<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, probeEquals } = harness;
  function describeVersioned<T extends { readonly number: string; readonly version: number }>(
    c: VersionedCase<T>,
  ): void {
    const at = (value: T, version: number): T => ({ ...value, version });
    describe(`compare-and-set: ${c.entity}`, () => {
      test('saving version 1 of an existing number conflicts (expectedVersion 0)', async (store, probe) => {
        const first = c.build('K-00000001');
        checkOk(await commit(store, (r) => c.repo(r).save(first)), 'first save');
        const second = await commit(store, (r) => c.repo(r).save(c.change(first)));
        checkConflict(
          second,
          { entity: c.entity, key: first.number, expectedVersion: 0, actualVersion: 1 },
          'duplicate insert',
        );
        const read = await commit(store, (r) => c.repo(r).get(first.number));
        check(read !== null, 'the first value must stay');
        checkEqual(c.toRecord(read), c.toRecord(first), 'stored value after the conflict');
        await probeEquals(probe, c.probe, first.number, c.toRecord(first));
      });

      test('version n + 1 replaces version n; a stale save of n + 1 then conflicts', async (store, probe) => {
        const v1 = c.build('K-00000002');
        const v2 = at(c.change(v1), 2);
        checkOk(await commit(store, (r) => c.repo(r).save(v1)), 'save v1');
        checkOk(await commit(store, (r) => c.repo(r).save(v2)), 'save v2');
        const stale = await commit(store, (r) => c.repo(r).save(at(v1, 2)));
        checkConflict(
          stale,
          { entity: c.entity, key: v1.number, expectedVersion: 1, actualVersion: 2 },
          'stale save',
        );
        const read = await commit(store, (r) => c.repo(r).get(v1.number));
        check(read !== null && read.version === 2, 'version 2 must be stored');
        checkEqual(c.toRecord(read), c.toRecord(v2), 'stored value');
        await probeEquals(probe, c.probe, v1.number, c.toRecord(v2));
      });

      test('skipping a version conflicts', async (store) => {
        const v1 = c.build('K-00000003');
        checkOk(await commit(store, (r) => c.repo(r).save(v1)), 'save v1');
        const skipped = await commit(store, (r) => c.repo(r).save(at(v1, 3)));
        checkConflict(
          skipped,
          { entity: c.entity, key: v1.number, expectedVersion: 2, actualVersion: 1 },
          'skipped version',
        );
      });

      test('saving version 2 of an absent number conflicts (actualVersion null)', async (store, probe) => {
        const v2 = at(c.build('K-00000004'), 2);
        const result = await commit(store, (r) => c.repo(r).save(v2));
        checkConflict(
          result,
          { entity: c.entity, key: v2.number, expectedVersion: 1, actualVersion: null },
          'absent',
        );
        check((await commit(store, (r) => c.repo(r).get(v2.number))) === null, 'nothing must be stored');
        await probeEquals(probe, c.probe, v2.number, null);
      });

      test('of two concurrent transactions saving the same next version, exactly one wins', async (store) => {
        const v1 = c.build('K-00000005');
        checkOk(await commit(store, (r) => c.repo(r).save(v1)), 'save v1');
        // Both writers read version 1 before either wrote, so both try to store version 2.
        const attempt = (value: T) => store.transaction((r) => c.repo(r).save(at(value, 2)));
        const results = await Promise.all([attempt(c.change(v1)), attempt(v1)]);
        const wins = results.filter((x) => x.isOk()).length;
        const conflicts = results.filter((x) => x.isErr() && isConflict(x.error)).length;
        check(
          wins === 1 && conflicts === 1,
          `expected one win and one VersionConflict, got ${wins} wins, ${conflicts} conflicts`,
        );
        const read = await commit(store, (r) => c.repo(r).get(v1.number));
        check(read !== null && read.version === 2, 'the winner must have stored version 2');
      });
    });
  }

  describeVersioned({
    entity: 'Subscription',
    probe: 'subscription',
    repo: (r) => r.subscriptions,
    build: (number) => buildSubscription({ number }),
    change: (s) => ({ ...s, invoiceSeparately: !s.invoiceSeparately }),
    toRecord: toSubscriptionRecord,
  });
  describeVersioned({
    entity: 'InvoiceSchedule',
    probe: 'invoiceSchedule',
    repo: (r) => r.invoiceSchedules,
    build: (number) => buildInvoiceSchedule({ number }),
    change: (s) => ({ ...s, notes: `${s.notes}changed` }),
    toRecord: toInvoiceScheduleRecord,
  });
  describeVersioned({
    entity: 'Invoice',
    probe: 'invoice',
    repo: (r) => r.invoices,
    build: (number) => buildInvoice({ number }),
    change: (i) => ({ ...i, status: i.status === 'Posted' ? ('Draft' as const) : ('Posted' as const) }),
    toRecord: toInvoiceRecord,
  });
  describeVersioned({
    entity: 'CreditMemo',
    probe: 'creditMemo',
    repo: (r) => r.creditMemos,
    build: (number) => buildCreditMemo({ number }),
    change: (m) => ({ ...m, status: m.status === 'Posted' ? ('Draft' as const) : ('Posted' as const) }),
    toRecord: toCreditMemoRecord,
  });
}

/** `invoiceSchedules.remove`: compare-and-set on the stored version, undone by a rollback. */
export function describeScheduleRemoval<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack, probeEquals } = harness;
  describe('removing schedules (compare-and-set)', () => {
    test('remove with the stored version deletes the schedule', async (store, probe) => {
      const schedule = buildInvoiceSchedule({ number: 'IS-00000071' });
      checkOk(await commit(store, (r) => r.invoiceSchedules.save(schedule)), 'save');
      checkOk(await commit(store, (r) => r.invoiceSchedules.remove(schedule.number, 1)), 'remove');
      check(
        (await commit(store, (r) => r.invoiceSchedules.get(schedule.number))) === null,
        'the schedule must be gone',
      );
      await commit(store, async (r) => {
        check(
          !numbers(await r.invoiceSchedules.listByAccount(schedule.accountNumber)).includes(schedule.number),
          'listByAccount must not return it',
        );
      });
      await probeEquals(probe, 'invoiceSchedule', schedule.number, null);
    });

    test('remove with a stale version conflicts and keeps the schedule', async (store, probe) => {
      const schedule = buildInvoiceSchedule({ number: 'IS-00000072' });
      const v2 = { ...schedule, notes: 'v2', version: 2 };
      checkOk(await commit(store, (r) => r.invoiceSchedules.save(schedule)), 'save v1');
      checkOk(await commit(store, (r) => r.invoiceSchedules.save(v2)), 'save v2');
      const result = await commit(store, (r) => r.invoiceSchedules.remove(schedule.number, 1));
      checkConflict(
        result,
        { entity: 'InvoiceSchedule', key: schedule.number, expectedVersion: 1, actualVersion: 2 },
        'stale remove',
      );
      await probeEquals(probe, 'invoiceSchedule', schedule.number, toInvoiceScheduleRecord(v2));
      check(
        (await commit(store, (r) => r.invoiceSchedules.get(schedule.number))) !== null,
        'the schedule must stay',
      );
    });

    test('remove of an absent schedule conflicts (actualVersion null)', async (store) => {
      const result = await commit(store, (r) => r.invoiceSchedules.remove('IS-00000073', 1));
      checkConflict(
        result,
        { entity: 'InvoiceSchedule', key: 'IS-00000073', expectedVersion: 1, actualVersion: null },
        'absent remove',
      );
    });

    test('a removed schedule is not found by id, in the removing transaction and after', async (store, probe) => {
      const schedule = buildInvoiceSchedule({ number: 'IS-00000075', id: uuid(75) });
      checkOk(await commit(store, (r) => r.invoiceSchedules.save(schedule)), 'save');
      await commit(store, async (r) => {
        checkOk(await r.invoiceSchedules.remove(schedule.number, 1), 'remove');
        check(
          (await r.invoiceSchedules.getById(schedule.id)) === null,
          'the transaction must not find its own removed schedule by id',
        );
      });
      check(
        (await commit(store, (r) => r.invoiceSchedules.getById(schedule.id))) === null,
        'the removed schedule must not be found by id',
      );
      await probeEquals(probe, 'invoiceSchedule', schedule.number, null);
    });

    test('a remove in a rolled-back transaction is undone', async (store, probe) => {
      const schedule = buildInvoiceSchedule({ number: 'IS-00000074' });
      checkOk(await commit(store, (r) => r.invoiceSchedules.save(schedule)), 'save');
      await rollBack(store, async (r) => {
        checkOk(await r.invoiceSchedules.remove(schedule.number, 1), 'remove');
        check(
          (await r.invoiceSchedules.get(schedule.number)) === null,
          'the transaction must see its own remove',
        );
      });
      const read = await commit(store, (r) => r.invoiceSchedules.get(schedule.number));
      check(read !== null, 'the schedule must be back after the rollback');
      await probeEquals(probe, 'invoiceSchedule', schedule.number, toInvoiceScheduleRecord(schedule));
    });
  });
}
