import type { BillRunAccount } from '../../domain/billing/bill-run';
import type { Repositories, UnitOfWork } from '../../ports/index';
import { toBillRunAccountRecord } from '../../ports/records';
import { check, checkEqual, fail } from '../assert';
import {
  buildAccount,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceLine,
  buildInvoiceSchedule,
  buildSubscription,
} from '../builders';
import { type ContractHarness, checkOk, numbers, skipUnlessAny } from './harness';

/** A `Billed` part of an account in a run. */
function part(billRunNumber: string, accountNumber: string): BillRunAccount {
  return Object.freeze({
    billRunNumber,
    accountNumber,
    status: 'Billed' as const,
    itemsProcessed: 1,
    invoiceNumbers: Object.freeze([`INV-${accountNumber}`]),
    creditMemoNumbers: Object.freeze([]),
    failure: null,
    version: 1,
  });
}

/** A line produced by this schedule. */
function lineOf(invoiceScheduleNumber: string, n: number) {
  return buildInvoiceLine({ id: `line-${invoiceScheduleNumber}-${n}`, invoiceScheduleNumber });
}

/**
 * The optional batch forms of the ports — reads (`claimMany`, `listByAccounts`, `listBySchedules`,
 * `getAccounts`, `nextBlock`) and writes (`saveMany`, `saveAccounts`, `insertMany`): each does what the
 * single-key method would do for every key, reads in number order. A test whose methods the store has none
 * of is skipped as not checked (bill runs then call the single-key methods); of those it has, each is checked.
 */
export function describeBatches<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  describe('batch reads and writes', () => {
    test('subscriptions.listByAccounts and invoiceSchedules.listByAccounts: the rows of any of the accounts, each once, ordered by number, own writes included', async (store) => {
      await skipUnlessAny(store, (r) => ({
        'subscriptions.listByAccounts': r.subscriptions.listByAccounts,
        'invoiceSchedules.listByAccounts': r.invoiceSchedules.listByAccounts,
      }));
      await commit(store, async (r) => {
        for (const [n, account] of [
          ['S-00000004', 'A00000002'],
          ['S-00000001', 'A00000001'],
          ['S-00000003', 'A00000003'],
          ['S-00000002', 'A00000001'],
        ] as const)
          checkOk(await r.subscriptions.save(buildSubscription({ number: n, accountNumber: account })), n);
        for (const [n, account] of [
          ['IS-00000003', 'A00000002'],
          ['IS-00000001', 'A00000001'],
          ['IS-00000002', 'A00000003'],
        ] as const)
          checkOk(
            await r.invoiceSchedules.save(
              buildInvoiceSchedule({ number: n, id: `id-${n}`, accountNumber: account }),
            ),
            n,
          );
      });
      await commit(store, async (r) => {
        if (r.subscriptions.listByAccounts !== undefined) {
          checkEqual(
            numbers(await r.subscriptions.listByAccounts(['A00000001', 'A00000002', 'A00000009'])),
            ['S-00000001', 'S-00000002', 'S-00000004'],
            'subscriptions.listByAccounts([A00000001, A00000002, A00000009])',
          );
          checkEqual(numbers(await r.subscriptions.listByAccounts([])), [], 'no accounts: nothing');
        }
        if (r.invoiceSchedules.listByAccounts !== undefined) {
          checkOk(
            await r.invoiceSchedules.save(
              buildInvoiceSchedule({
                number: 'IS-00000004',
                id: 'id-IS-00000004',
                accountNumber: 'A00000001',
              }),
            ),
            'IS-00000004',
          );
          checkEqual(
            numbers(await r.invoiceSchedules.listByAccounts(['A00000001', 'A00000002'])),
            ['IS-00000001', 'IS-00000003', 'IS-00000004'],
            'invoiceSchedules.listByAccounts([A00000001, A00000002]), with a schedule saved in this transaction',
          );
        }
      });
    });

    test('invoices.listBySchedules and creditMemos.listBySchedules: the documents with a line of any of the schedules, each once, ordered by number', async (store) => {
      await skipUnlessAny(store, (r) => ({
        'invoices.listBySchedules': r.invoices.listBySchedules,
        'creditMemos.listBySchedules': r.creditMemos.listBySchedules,
      }));
      await commit(store, async (r) => {
        const invoices = [
          ['INV00000003', ['IS-00000001', 'IS-00000002']],
          ['INV00000001', ['IS-00000001']],
          ['INV00000002', ['IS-00000003']],
          ['INV00000004', ['IS-00000002']],
        ] as const;
        for (const [n, schedules] of invoices)
          checkOk(
            await r.invoices.save(
              buildInvoice({ number: n, id: `id-${n}`, lines: schedules.map((s, i) => lineOf(s, i)) }),
            ),
            n,
          );
        for (const [n, schedule] of [
          ['CM00000002', 'IS-00000002'],
          ['CM00000001', 'IS-00000003'],
        ] as const)
          checkOk(
            await r.creditMemos.save(
              buildCreditMemo({
                number: n,
                id: `id-${n}`,
                lines: [
                  { ...buildCreditMemo().lines[0], id: `cm-line-${n}`, invoiceScheduleNumber: schedule },
                ] as never,
              }),
            ),
            n,
          );
      });
      await commit(store, async (r) => {
        if (r.invoices.listBySchedules !== undefined) {
          checkEqual(
            numbers(await r.invoices.listBySchedules(['IS-00000001', 'IS-00000002', 'IS-00000009'])),
            ['INV00000001', 'INV00000003', 'INV00000004'],
            'invoices.listBySchedules([IS-00000001, IS-00000002, IS-00000009]): INV00000003 once',
          );
        }
        if (r.creditMemos.listBySchedules !== undefined) {
          checkEqual(
            numbers(await r.creditMemos.listBySchedules(['IS-00000002', 'IS-00000003'])),
            ['CM00000001', 'CM00000002'],
            'creditMemos.listBySchedules([IS-00000002, IS-00000003])',
          );
        }
      });
    });

    test('billRuns.getAccounts: the parts of the named accounts in that run only, ordered by account', async (store) => {
      await skipUnlessAny(store, (r) => ({ 'billRuns.getAccounts': r.billRuns.getAccounts }));
      await commit(store, async (r) => {
        for (const [run, account] of [
          ['BR-00000091', 'A00000003'],
          ['BR-00000091', 'A00000001'],
          ['BR-00000092', 'A00000002'],
          ['BR-00000091', 'A00000002'],
        ] as const)
          checkOk(await r.billRuns.saveAccount(part(run, account)), `${run}/${account}`);
      });
      await commit(store, async (r) => {
        if (r.billRuns.getAccounts === undefined)
          fail('billRuns.getAccounts disappeared between transactions');
        const parts = await r.billRuns.getAccounts('BR-00000091', ['A00000001', 'A00000003', 'A00000009']);
        checkEqual(
          parts.map(toBillRunAccountRecord),
          [part('BR-00000091', 'A00000001'), part('BR-00000091', 'A00000003')].map(toBillRunAccountRecord),
          'getAccounts(BR-00000091, [A00000001, A00000003, A00000009])',
        );
      });
    });

    test('invoices.saveMany, creditMemos.saveMany and invoiceSchedules.saveMany save as save does: inserts and compare-and-set updates in one call; a conflict is returned', async (store) => {
      await skipUnlessAny(store, (r) => ({
        'invoices.saveMany': r.invoices.saveMany,
        'creditMemos.saveMany': r.creditMemos.saveMany,
        'invoiceSchedules.saveMany': r.invoiceSchedules.saveMany,
      }));
      const invoice = (n: string, version = 1) =>
        buildInvoice({ number: n, id: `id-${n}`, lines: [lineOf('IS-00000001', 1)], version });
      const has = await commit(store, async (r) => {
        if (r.invoices.saveMany === undefined) return false;
        checkOk(await r.invoices.saveMany([invoice('INV00000001'), invoice('INV00000002')]), 'two inserts');
        return true;
      });
      if (has) {
        await commit(store, async (r) => {
          checkOk(
            await r.invoices.saveMany!([invoice('INV00000001', 2), invoice('INV00000003')]),
            'an update (version 2) and an insert',
          );
        });
        checkEqual(
          numbers(await commit(store, (r) => r.invoices.listBySchedule('IS-00000001'))),
          ['INV00000001', 'INV00000002', 'INV00000003'],
          'the saved invoices, found through their schedule',
        );
        check(
          (await commit(store, (r) => r.invoices.get('INV00000001')))?.version === 2,
          'INV00000001 at version 2',
        );
        const stale = await commit(store, (r) =>
          r.invoices.saveMany!([invoice('INV00000002', 2), invoice('INV00000001', 2)]),
        );
        check(
          stale.isErr() && stale.error.type === 'VersionConflict',
          'a stale update in the batch is a VersionConflict',
        );
        const taken = await commit(store, (r) =>
          r.invoices.saveMany!([invoice('INV00000004'), invoice('INV00000003')]),
        );
        check(
          taken.isErr() && taken.error.type === 'VersionConflict',
          'an insert of a stored number in the batch is a VersionConflict',
        );
      }
      await commit(store, async (r) => {
        if (r.creditMemos.saveMany !== undefined) {
          const memo = buildCreditMemo({ number: 'CM00000001', id: 'id-CM00000001' });
          checkOk(await r.creditMemos.saveMany([memo]), 'a credit memo');
          checkOk(await r.creditMemos.saveMany([{ ...memo, version: 2 }]), 'its next version');
        }
        if (r.invoiceSchedules.saveMany !== undefined) {
          const schedule = buildInvoiceSchedule({
            number: 'IS-00000009',
            id: 'id-IS-00000009',
            accountNumber: 'A00000001',
          });
          checkOk(await r.invoiceSchedules.saveMany([schedule]), 'a schedule');
          checkOk(await r.invoiceSchedules.saveMany([{ ...schedule, version: 2 }]), 'its next version');
          check((await r.invoiceSchedules.get('IS-00000009'))?.version === 2, 'read back at version 2');
        }
      });
    });

    test('billRuns.saveAccounts and idempotency.insertMany: parts saved as saveAccount does; keys inserted once, the taken ones returned', async (store) => {
      await skipUnlessAny(store, (r) => ({
        'billRuns.saveAccounts': r.billRuns.saveAccounts,
        'idempotency.insertMany': r.idempotency.insertMany,
      }));
      await commit(store, async (r) => {
        if (r.billRuns.saveAccounts !== undefined) {
          checkOk(
            await r.billRuns.saveAccounts([
              part('BR-00000093', 'A00000001'),
              part('BR-00000093', 'A00000002'),
            ]),
            'two parts',
          );
          checkOk(
            await r.billRuns.saveAccounts([{ ...part('BR-00000093', 'A00000001'), version: 2 }]),
            'the next version of one',
          );
          const again = await r.billRuns.saveAccounts([part('BR-00000093', 'A00000002')]);
          check(
            again.isErr() && again.error.type === 'VersionConflict',
            'a second version 1 is a VersionConflict',
          );
        }
      });
      await commit(store, async (r) => {
        if (r.idempotency.insertMany === undefined) return;
        checkEqual(
          await r.idempotency.insertMany([
            { key: 'batch-1', operation: 'op', result: 'r1' },
            { key: 'batch-2', operation: 'op', result: 'r2' },
          ]),
          [],
          'two new keys: none taken',
        );
        checkEqual(
          await r.idempotency.insertMany([
            { key: 'batch-3', operation: 'op', result: 'r3' },
            { key: 'batch-1', operation: 'op', result: 'other' },
          ]),
          ['batch-1'],
          'a taken key is returned, the new one inserted',
        );
        check((await r.idempotency.get('batch-1'))?.result === 'r1', 'the first record of a key stays');
        check((await r.idempotency.get('batch-3'))?.result === 'r3', 'batch-3 inserted');
      });
    });

    test('accounts.claimMany takes the claims of several accounts in one call (unknown accounts are ignored)', async (store) => {
      await skipUnlessAny(store, (r) => ({ 'accounts.claimMany': r.accounts.claimMany }));
      await commit(store, async (r) => {
        for (const n of ['A00000001', 'A00000002'])
          checkOk(await r.accounts.insert(buildAccount({ number: n, id: n })), n);
      });
      await commit(store, async (r) => {
        if (r.accounts.claimMany === undefined) fail('accounts.claimMany disappeared between transactions');
        await r.accounts.claimMany(['A00000001', 'A00000002', 'A00000009']);
        // The claimed accounts still read as stored.
        check((await r.accounts.get('A00000002'))?.number === 'A00000002', 'a claimed account is read back');
      });
    });

    test('sequences.nextBlock reserves consecutive numbers, as many calls of next would, and gives them back on rollback', async (store) => {
      await skipUnlessAny(store, (r) => ({ 'sequences.nextBlock': r.sequences.nextBlock }));
      const first = await commit(store, async (r) => {
        if (r.sequences.nextBlock === undefined) fail('sequences.nextBlock disappeared between transactions');
        const a = await r.sequences.next('CreditMemo');
        const block = await r.sequences.nextBlock('CreditMemo', 3);
        const after = await r.sequences.next('CreditMemo');
        return [a, block, after];
      });
      checkEqual(first, [1, 2, 5], 'next, nextBlock(3), next: 1, then 2 (2–4 reserved), then 5');
      await rollBack(store, async (r) => {
        await r.sequences.nextBlock?.('CreditMemo', 10);
      });
      checkEqual(
        await commit(store, (r) => r.sequences.next('CreditMemo')),
        6,
        'a rolled-back block gives its numbers back',
      );
    });
  });
}
