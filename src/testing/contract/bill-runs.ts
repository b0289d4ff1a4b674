import type { BillRunAccount } from '../../domain/billing/bill-run';
import type { UnitOfWork } from '../../ports/index';
import { toBillRunAccountRecord, toBillRunRecord } from '../../ports/records';
import { check, checkEqual } from '../assert';
import { buildBillRun } from '../builders';
import { type ContractHarness, checkConflict, checkOk } from './harness';

/** The names of the bill-run tests, for the broken-adapter catalogue. */
export const BILL_RUNS = {
  save: 'bill runs > billRuns.save is compare-and-set: Running (1) → Completed (2); a stale save conflicts',
  parts: 'bill runs > an account part is inserted once (version 1), then replaced by compare-and-set',
  listParts: "bill runs > listAccounts returns only that run's parts, ordered by account number",
} as const;

function part(billRunNumber: string, accountNumber: string, version = 1): BillRunAccount {
  return {
    billRunNumber,
    accountNumber,
    status: 'Billed',
    itemsProcessed: 1,
    invoiceNumbers: [`INV-${accountNumber}`],
    creditMemoNumbers: [],
    failure: null,
    version,
  };
}

/**
 * A bill run is a record from its start (`Running`), saved by compare-and-set when it completes; each
 * account's part is inserted once (two workers billing one account: one conflicts and rolls back) and
 * replaced by compare-and-set (a `Failed` part billed later).
 */
export function describeBillRuns<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit } = harness;
  const name = (full: string) => full.slice('bill runs > '.length);
  describe('bill runs', () => {
    test(name(BILL_RUNS.save), async (store) => {
      const running = buildBillRun({
        number: 'BR-00000061',
        status: 'Running',
        invoiceNumbers: [],
        version: 1,
      });
      checkOk(await commit(store, (r) => r.billRuns.insert(running)), 'billRuns.insert (Running)');
      const done = { ...running, status: 'Completed' as const, invoiceNumbers: ['INV00000001'], version: 2 };
      checkOk(await commit(store, (r) => r.billRuns.save(done)), 'billRuns.save version 2');
      const read = await commit(store, (r) => r.billRuns.get(running.number));
      check(read !== null, 'the bill run must be found');
      checkEqual(toBillRunRecord(read), toBillRunRecord(done), 'the completed bill run');
      const stale = await commit(store, (r) => r.billRuns.save({ ...done, itemsProcessed: 9 }));
      checkConflict(
        stale,
        { entity: 'BillRun', key: running.number, expectedVersion: 1, actualVersion: 2 },
        'a second save of version 2',
      );
      const absent = await commit(store, (r) => r.billRuns.save({ ...done, number: 'BR-00000062' }));
      checkConflict(
        absent,
        { entity: 'BillRun', key: 'BR-00000062', expectedVersion: 1, actualVersion: null },
        'save of version 2 of a run never inserted',
      );
    });

    test(name(BILL_RUNS.parts), async (store) => {
      const first = part('BR-00000071', 'A00000001');
      check(
        (await commit(store, (r) => r.billRuns.getAccount('BR-00000071', 'A00000001'))) === null,
        'getAccount of a part never saved must be null',
      );
      checkOk(await commit(store, (r) => r.billRuns.saveAccount(first)), 'saveAccount version 1');
      const twice = await commit(store, (r) => r.billRuns.saveAccount({ ...first, itemsProcessed: 2 }));
      checkConflict(
        twice,
        { entity: 'BillRunAccount', key: 'BR-00000071/A00000001', expectedVersion: 0, actualVersion: 1 },
        'a second insert of one (run, account) part',
      );
      const next = { ...first, status: 'Failed' as const, version: 2, failure: null };
      checkOk(await commit(store, (r) => r.billRuns.saveAccount(next)), 'saveAccount version 2');
      const stale = await commit(store, (r) => r.billRuns.saveAccount({ ...next, itemsProcessed: 5 }));
      checkConflict(
        stale,
        { entity: 'BillRunAccount', key: 'BR-00000071/A00000001', expectedVersion: 1, actualVersion: 2 },
        'a stale save of a part',
      );
      const read = await commit(store, (r) => r.billRuns.getAccount('BR-00000071', 'A00000001'));
      check(read !== null, 'the part must be found');
      checkEqual(toBillRunAccountRecord(read), toBillRunAccountRecord(next), 'the part');
      // Inside the transaction that saves it, the part is visible at once.
      await commit(store, async (r) => {
        checkOk(await r.billRuns.saveAccount(part('BR-00000071', 'A00000002')), 'saveAccount');
        check(
          (await r.billRuns.getAccount('BR-00000071', 'A00000002')) !== null,
          'getAccount must see the part its own transaction saved',
        );
      });
    });

    test(name(BILL_RUNS.listParts), async (store) => {
      await commit(store, async (r) => {
        for (const [run, account] of [
          ['BR-00000081', 'A00000003'],
          ['BR-00000082', 'A00000002'],
          ['BR-00000081', 'A00000001'],
          ['BR-00000081', 'A00000002'],
        ] as const)
          checkOk(await r.billRuns.saveAccount(part(run, account)), `${run}/${account}`);
      });
      const listed = await commit(store, (r) => r.billRuns.listAccounts('BR-00000081'));
      checkEqual(
        listed.map((p) => `${p.billRunNumber}/${p.accountNumber}`),
        ['BR-00000081/A00000001', 'BR-00000081/A00000002', 'BR-00000081/A00000003'],
        'listAccounts(BR-00000081)',
      );
      checkEqual(
        (await commit(store, (r) => r.billRuns.listAccounts('BR-00000099'))).length,
        0,
        'listAccounts of a run without parts',
      );
    });
  });
}
