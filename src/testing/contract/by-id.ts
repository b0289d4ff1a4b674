import type { Result } from 'neverthrow';
import type { BillRun } from '../../domain/billing/bill-run';
import type { CreditMemo } from '../../domain/documents/credit-memo';
import type { Invoice } from '../../domain/documents/invoice';
import type { InvoiceSchedule } from '../../domain/schedule/schedule';
import type { EntityName, Repositories, UnitOfWork, VersionConflict } from '../../ports/index';
import {
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
} from '../../ports/records';
import { check, checkEqual } from '../assert';
import { buildBillRun, buildCreditMemo, buildInvoice, buildInvoiceSchedule } from '../builders';
import { type ContractHarness, checkOk, type ProbeName, uuid } from './harness';

/** The repositories that read by id as well as by number (reference §2.1, "scheduleKey"). */
type ByIdName = 'invoiceSchedules' | 'invoices' | 'creditMemos' | 'billRuns';

/** What the kit needs to know about one repository to test `getById` on it. */
interface ByIdCase<T extends { readonly id: string; readonly number: string }> {
  readonly entity: EntityName;
  readonly probe: ProbeName;
  readonly repo: (r: Repositories) => {
    get(number: string): Promise<T | null>;
    getById(id: string): Promise<T | null>;
  };
  readonly build: (number: string, id: string) => T;
  /** Stores the value: `save` (compare-and-set on its version) or `insert`. */
  readonly write: (r: Repositories, value: T) => Promise<Result<void, VersionConflict>>;
  /** The next version with a visible change; absent for insert-only aggregates. */
  readonly nextVersion?: (value: T) => T;
  readonly toRecord: (value: T) => unknown;
}

/** `getById` of schedules, invoices, credit memos and bill runs (reference §2.1, "scheduleKey"). */
export function describeLookupById<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack, probeEquals } = harness;
  function describeById<T extends { readonly id: string; readonly number: string }>(c: ByIdCase<T>): void {
    describe(`lookup by id: ${c.entity}`, () => {
      test('getById finds the value stored with that id, in a later transaction, as written', async (store, probe) => {
        const a = c.build('K-00000201', uuid(201));
        const b = c.build('K-00000202', uuid(202));
        await commit(store, async (r) => {
          checkOk(await c.write(r, a), `store ${a.number}`);
          checkOk(await c.write(r, b), `store ${b.number}`);
        });
        await probeEquals(probe, c.probe, a.number, c.toRecord(a));
        await probeEquals(probe, c.probe, b.number, c.toRecord(b));
        await commit(store, async (r) => {
          for (const value of [a, b]) {
            const read = await c.repo(r).getById(value.id);
            check(read !== null, `getById(${value.id}) must find ${value.number}`);
            checkEqual(c.toRecord(read), c.toRecord(value), `getById(${value.id})`);
          }
          check((await c.repo(r).getById(uuid(203))) === null, 'getById of an unknown id must be null');
          check(
            (await c.repo(r).getById(a.number)) === null,
            'getById of a number must be null (a number is not an id)',
          );
          check((await c.repo(r).get(a.id)) === null, 'get of an id must be null (an id is not a number)');
        });
      });

      test("getById sees the transaction's own writes, and nothing of a rolled-back one", async (store, probe) => {
        const kept = c.build('K-00000211', uuid(211));
        const dropped = c.build('K-00000212', uuid(212));
        await commit(store, async (r) => {
          checkOk(await c.write(r, kept), 'store');
          const read = await c.repo(r).getById(kept.id);
          check(read !== null, 'a transaction must find its own write by id');
          checkEqual(c.toRecord(read), c.toRecord(kept), 'read-your-writes by id');
        });
        await rollBack(store, async (r) => {
          checkOk(await c.write(r, dropped), 'store');
          check(
            (await c.repo(r).getById(dropped.id)) !== null,
            'a transaction must find its own write by id',
          );
        });
        await commit(store, async (r) => {
          check(
            (await c.repo(r).getById(dropped.id)) === null,
            'the rolled-back value must not be found by id',
          );
          check((await c.repo(r).getById(kept.id)) !== null, 'the committed value must still be found by id');
        });
        await probeEquals(probe, c.probe, dropped.number, null);
      });

      const nextVersion = c.nextVersion;
      if (nextVersion !== undefined) {
        test('getById returns the latest version, inside the saving transaction and after', async (store, probe) => {
          const v1 = c.build('K-00000221', uuid(221));
          const v2 = nextVersion(v1);
          checkOk(await commit(store, (r) => c.write(r, v1)), 'save v1');
          await commit(store, async (r) => {
            checkOk(await c.write(r, v2), 'save v2');
            const read = await c.repo(r).getById(v1.id);
            check(read !== null, 'the new version must be found by id in its transaction');
            checkEqual(c.toRecord(read), c.toRecord(v2), 'getById after save, same transaction');
          });
          const read = await commit(store, (r) => c.repo(r).getById(v1.id));
          check(read !== null, 'the new version must be found by id');
          checkEqual(c.toRecord(read), c.toRecord(v2), 'getById after save');
          await probeEquals(probe, c.probe, v1.number, c.toRecord(v2));
        });
      }
    });
  }

  describeById<InvoiceSchedule>({
    entity: 'InvoiceSchedule',
    probe: 'invoiceSchedule',
    repo: (r) => r.invoiceSchedules,
    build: (number, id) => buildInvoiceSchedule({ number, id }),
    write: (r, value) => r.invoiceSchedules.save(value),
    nextVersion: (s) => ({ ...s, notes: `${s.notes}changed`, version: s.version + 1 }),
    toRecord: toInvoiceScheduleRecord,
  });
  describeById<Invoice>({
    entity: 'Invoice',
    probe: 'invoice',
    repo: (r) => r.invoices,
    build: (number, id) => buildInvoice({ number, id }),
    write: (r, value) => r.invoices.save(value),
    nextVersion: (i) => ({ ...i, status: 'Posted' as const, version: i.version + 1 }),
    toRecord: toInvoiceRecord,
  });
  describeById<CreditMemo>({
    entity: 'CreditMemo',
    probe: 'creditMemo',
    repo: (r) => r.creditMemos,
    build: (number, id) => buildCreditMemo({ number, id }),
    write: (r, value) => r.creditMemos.save(value),
    nextVersion: (m) => ({ ...m, status: 'Draft' as const, version: m.version + 1 }),
    toRecord: toCreditMemoRecord,
  });
  describeById<BillRun>({
    entity: 'BillRun',
    probe: 'billRun',
    repo: (r) => r.billRuns,
    build: (number, id) => buildBillRun({ number, id }),
    write: (r, value) => r.billRuns.insert(value),
    toRecord: toBillRunRecord,
  });

  describe('lookup by id: across aggregates', () => {
    test("getById finds only its own aggregate's ids", async (store) => {
      const schedule = buildInvoiceSchedule({ number: 'IS-00000231', id: uuid(231) });
      const invoice = buildInvoice({ number: 'INV00000232', id: uuid(232) });
      const memo = buildCreditMemo({ number: 'CM00000233', id: uuid(233) });
      const billRun = buildBillRun({ number: 'BR-00000234', id: uuid(234) });
      await commit(store, async (r) => {
        checkOk(await r.invoiceSchedules.save(schedule), 'save schedule');
        checkOk(await r.invoices.save(invoice), 'save invoice');
        checkOk(await r.creditMemos.save(memo), 'save credit memo');
        checkOk(await r.billRuns.insert(billRun), 'insert bill run');
      });
      const owners: readonly [ByIdName, string][] = [
        ['invoiceSchedules', schedule.id],
        ['invoices', invoice.id],
        ['creditMemos', memo.id],
        ['billRuns', billRun.id],
      ];
      await commit(store, async (r) => {
        for (const [repo] of owners) {
          for (const [owner, id] of owners) {
            const found = (await r[repo].getById(id)) !== null;
            check(
              found === (repo === owner),
              `${repo}.getById(${id}) must be ${repo === owner ? 'found' : `null (the id of a ${owner} value)`}`,
            );
          }
        }
      });
    });
  });
}
