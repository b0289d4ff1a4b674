import type { Result } from 'neverthrow';
import type { BillRunAccount } from '../../domain/billing/bill-run';
import type { CreditMemo } from '../../domain/documents/credit-memo';
import type { EntityName, Repositories, UnitOfWork, VersionConflict } from '../../ports/index';
import {
  toBillRunAccountRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toSubscriptionRecord,
} from '../../ports/records';
import { check, checkEqual, fail } from '../assert';
import {
  buildAccount,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceLine,
  buildInvoiceSchedule,
  buildSubscription,
} from '../builders';
import { type ContractHarness, checkConflict, checkOk, numbers, skipUnlessAny } from './harness';

/** The names of the batch tests the broken-adapter catalogue cites. */
export const BATCHES = {
  listByAccounts:
    'batch reads and writes > subscriptions.listByAccounts and invoiceSchedules.listByAccounts: the rows of any of the accounts, each once, ordered by number, own writes included',
  latestVersion:
    'batch reads and writes > subscriptions.listByAccounts and invoiceSchedules.listByAccounts give each row once, at its latest version: never an older version, a moved schedule under its new account only',
  listBySchedules:
    'batch reads and writes > invoices.listBySchedules and creditMemos.listBySchedules: the documents with a line of any of the schedules, each once, ordered by number',
  anyLine:
    'batch reads and writes > invoices.listBySchedules and creditMemos.listBySchedules match a document on any of its lines, not only the first',
  getAccounts:
    'batch reads and writes > billRuns.getAccounts: the parts of the named accounts in that run only, ordered by account',
  otherRuns:
    "batch reads and writes > billRuns.getAccounts never returns another run's part: an account billed by one run has no part in the next until that run saves one",
  saveMany:
    'batch reads and writes > invoices.saveMany, creditMemos.saveMany and invoiceSchedules.saveMany save as save does: inserts and compare-and-set updates in one call; a conflict is returned',
  saveAccounts:
    'batch reads and writes > billRuns.saveAccounts and idempotency.insertMany: parts saved as saveAccount does; keys inserted once, the taken ones returned',
  saveAccountsCas:
    'batch reads and writes > billRuns.saveAccounts replaces a part by compare-and-set: a stale or skipped version is a VersionConflict, and the stored part stays',
  insertManyConcurrent:
    'batch reads and writes > idempotency.insertMany: of two concurrent transactions inserting one key, exactly one inserts it, the other gets the key back as taken',
} as const;

/** A test's name within its group (the part after `group > `). */
const within = (name: string): string => name.slice(name.indexOf(' > ') + 3);

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

/** A credit memo with one line of the builder's per schedule named, in that order (its amount their sum). */
function memoOf(number: string, schedules: readonly string[]): CreditMemo {
  const template = buildCreditMemo().lines[0];
  if (template === undefined) throw new Error('buildCreditMemo() has no line');
  return buildCreditMemo({
    number,
    id: `id-${number}`,
    amount: template.amount.times(schedules.length),
    lines: schedules.map((schedule, i) => ({
      ...template,
      id: `cm-line-${number}-${i + 1}`,
      invoiceScheduleNumber: schedule,
    })),
  });
}

/** A repository with a batch save, as the saveMany checks see it. */
interface BatchSaved<T> {
  readonly get: (number: string) => Promise<T | null>;
  readonly saveMany?: ((entities: readonly T[]) => Promise<Result<void, VersionConflict>>) | undefined;
}

/** What the saveMany checks need of one repository: its methods, its entities and how to compare them. */
interface SaveManyCase<T> {
  /** `invoices.saveMany`, for the messages. */
  readonly method: string;
  readonly entity: EntityName;
  readonly repository: (r: Repositories) => BatchSaved<T>;
  /** Version `version` of the entity numbered `number`. */
  readonly build: (number: string, version: number) => T;
  readonly record: (value: T) => unknown;
  /** A list query that finds every entity `build` makes (so a batch's index rows are checked too). */
  readonly list: (r: Repositories) => Promise<readonly { readonly number: string }[]>;
  readonly numbers: readonly [string, string, string, string];
}

const INVOICES_SAVED: SaveManyCase<ReturnType<typeof buildInvoice>> = {
  method: 'invoices.saveMany',
  entity: 'Invoice',
  repository: (r) => r.invoices,
  build: (number, version) =>
    buildInvoice({ number, id: `id-${number}`, lines: [lineOf('IS-00000001', 1)], version }),
  record: toInvoiceRecord,
  list: (r) => r.invoices.listBySchedule('IS-00000001'),
  numbers: ['INV00000001', 'INV00000002', 'INV00000003', 'INV00000004'],
};

const MEMOS_SAVED: SaveManyCase<CreditMemo> = {
  method: 'creditMemos.saveMany',
  entity: 'CreditMemo',
  repository: (r) => r.creditMemos,
  build: (number, version) => buildCreditMemo({ number, id: `id-${number}`, version }),
  record: toCreditMemoRecord,
  list: (r) => r.creditMemos.listByAccount('A00000001'),
  numbers: ['CM00000001', 'CM00000002', 'CM00000003', 'CM00000004'],
};

const SCHEDULES_SAVED: SaveManyCase<ReturnType<typeof buildInvoiceSchedule>> = {
  method: 'invoiceSchedules.saveMany',
  entity: 'InvoiceSchedule',
  repository: (r) => r.invoiceSchedules,
  build: (number, version) =>
    buildInvoiceSchedule({ number, id: `id-${number}`, accountNumber: 'A00000001', version }),
  record: toInvoiceScheduleRecord,
  list: (r) => r.invoiceSchedules.listByAccount('A00000001'),
  numbers: ['IS-00000011', 'IS-00000012', 'IS-00000013', 'IS-00000014'],
};

/**
 * The optional batch forms of the ports — reads (`claimMany`, `listByAccounts`, `listBySchedules`,
 * `getAccounts`, `nextBlock`) and writes (`saveMany`, `saveAccounts`, `insertMany`): each does what the
 * single-key method would do for every key, reads in number order. A test whose methods the store has none
 * of is skipped as not checked (bill runs then call the single-key methods); of those it has, each is checked.
 * Bill runs lean on every key of a batch: each entity of a batch saved and compare-and-set, each row read
 * once at its current version, a document found by any of its lines, a run's own parts only, and an
 * execution key inserted by one of two concurrent transactions only.
 */
export function describeBatches<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;

  /** What `work` returned, in a transaction that then rolls back (as the caller of a refused batch does). */
  async function rolledBack<T>(store: S, work: (r: Repositories) => Promise<T>): Promise<T> {
    const returned: T[] = [];
    await rollBack(store, async (r) => {
      returned.push(await work(r));
    });
    const [value] = returned;
    if (returned.length !== 1) fail('the work of a transaction must run once');
    return value as T;
  }

  /**
   * The checks of a repository's `saveMany`, when it has one: two inserts, then an update and an insert, each
   * entity read back with `get` and found by a list; a stale update, and version 1 of a stored number, each a
   * `VersionConflict` naming that entity, and nothing stored by their rolled-back transactions.
   */
  async function checkSaveMany<T>(store: S, c: SaveManyCase<T>): Promise<void> {
    const [n1, n2, n3, n4] = c.numbers;
    const saveMany = (r: Repositories) => {
      const { saveMany } = c.repository(r);
      if (saveMany === undefined) fail(`${c.method} disappeared between transactions`);
      return saveMany.bind(c.repository(r));
    };
    const readBack = async (expected: readonly (readonly [string, number | null])[], after: string) => {
      await commit(store, async (r) => {
        for (const [n, version] of expected) {
          const read = await c.repository(r).get(n);
          checkEqual(
            read === null ? null : c.record(read),
            version === null ? null : c.record(c.build(n, version)),
            `${c.method}, after ${after}: get(${n})${version === null ? '' : ` at version ${version}`}`,
          );
        }
      });
    };
    const has = await commit(store, async (r) => c.repository(r).saveMany !== undefined);
    if (!has) return;
    await commit(store, async (r) =>
      checkOk(await saveMany(r)([c.build(n1, 1), c.build(n2, 1)]), `${c.method}: two inserts`),
    );
    await readBack(
      [
        [n1, 1],
        [n2, 1],
      ],
      'two inserts in one batch',
    );
    await commit(store, async (r) =>
      checkOk(
        await saveMany(r)([c.build(n1, 2), c.build(n3, 1)]),
        `${c.method}: an update (version 2) and an insert`,
      ),
    );
    await readBack(
      [
        [n1, 2],
        [n2, 1],
        [n3, 1],
      ],
      'an update and an insert in one batch',
    );
    checkEqual(
      numbers(await commit(store, c.list)),
      [n1, n2, n3],
      `${c.method}: the saved entities, found by a list`,
    );
    checkConflict(
      await rolledBack(store, (r) => saveMany(r)([c.build(n2, 2), c.build(n1, 2)])),
      { entity: c.entity, key: n1, expectedVersion: 1, actualVersion: 2 },
      `${c.method}: a stale update (version 2 of ${n1}, stored at 2) in the batch`,
    );
    checkConflict(
      await rolledBack(store, (r) => saveMany(r)([c.build(n4, 1), c.build(n3, 1)])),
      { entity: c.entity, key: n3, expectedVersion: 0, actualVersion: 1 },
      `${c.method}: an insert (version 1) of ${n3}, a stored number, in the batch`,
    );
    await readBack(
      [
        [n1, 2],
        [n2, 1],
        [n3, 1],
        [n4, null],
      ],
      'the refused batches rolled back',
    );
  }

  describe('batch reads and writes', () => {
    test(within(BATCHES.listByAccounts), async (store) => {
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

    test(within(BATCHES.latestVersion), async (store) => {
      // Each update in a transaction of its own: a table that keeps a row per version (a history, an
      // append-only log) must still answer with the current row only.
      await skipUnlessAny(store, (r) => ({
        'subscriptions.listByAccounts': r.subscriptions.listByAccounts,
        'invoiceSchedules.listByAccounts': r.invoiceSchedules.listByAccounts,
      }));
      const subscription = (number: string, version: number) =>
        buildSubscription({ number, accountNumber: 'A00000001', version });
      const schedule = (number: string, accountNumber: string, version: number) =>
        buildInvoiceSchedule({ number, id: `id-${number}`, accountNumber, version });
      await commit(store, async (r) => {
        for (const s of [subscription('S-00000011', 1), subscription('S-00000012', 1)])
          checkOk(await r.subscriptions.save(s), `${s.number} version 1`);
        for (const s of [schedule('IS-00000011', 'A00000001', 1), schedule('IS-00000012', 'A00000001', 1)])
          checkOk(await r.invoiceSchedules.save(s), `${s.number} version 1`);
      });
      await commit(store, async (r) => {
        checkOk(await r.subscriptions.save(subscription('S-00000011', 2)), 'S-00000011 version 2');
        // An owner transfer moves the schedule to another account (reference §8).
        checkOk(
          await r.invoiceSchedules.save(schedule('IS-00000011', 'A00000002', 2)),
          'IS-00000011 version 2, moved to A00000002',
        );
      });
      await commit(store, async (r) => {
        checkOk(await r.subscriptions.save(subscription('S-00000011', 3)), 'S-00000011 version 3');
      });
      await commit(store, async (r) => {
        if (r.subscriptions.listByAccounts !== undefined) {
          checkEqual(
            (await r.subscriptions.listByAccounts(['A00000001', 'A00000002'])).map(toSubscriptionRecord),
            [subscription('S-00000011', 3), subscription('S-00000012', 1)].map(toSubscriptionRecord),
            'subscriptions.listByAccounts([A00000001, A00000002]): S-00000011 once, at version 3',
          );
          checkOk(await r.subscriptions.save(subscription('S-00000012', 2)), 'S-00000012 version 2');
          checkEqual(
            (await r.subscriptions.listByAccounts(['A00000001'])).map(toSubscriptionRecord),
            [subscription('S-00000011', 3), subscription('S-00000012', 2)].map(toSubscriptionRecord),
            'subscriptions.listByAccounts([A00000001]) after S-00000012 version 2 saved in this transaction',
          );
        }
        if (r.invoiceSchedules.listByAccounts !== undefined) {
          checkEqual(
            (await r.invoiceSchedules.listByAccounts(['A00000001'])).map(toInvoiceScheduleRecord),
            [schedule('IS-00000012', 'A00000001', 1)].map(toInvoiceScheduleRecord),
            'invoiceSchedules.listByAccounts([A00000001]): not IS-00000011, moved to A00000002 at version 2',
          );
          checkEqual(
            (await r.invoiceSchedules.listByAccounts(['A00000001', 'A00000002'])).map(
              toInvoiceScheduleRecord,
            ),
            [schedule('IS-00000011', 'A00000002', 2), schedule('IS-00000012', 'A00000001', 1)].map(
              toInvoiceScheduleRecord,
            ),
            'invoiceSchedules.listByAccounts([A00000001, A00000002]): IS-00000011 once, at version 2',
          );
        }
      });
    });

    test(within(BATCHES.listBySchedules), async (store) => {
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

    test(within(BATCHES.anyLine), async (store) => {
      // A consolidated document holds lines of several schedules: the schedule asked for may be on any line.
      await skipUnlessAny(store, (r) => ({
        'invoices.listBySchedules': r.invoices.listBySchedules,
        'creditMemos.listBySchedules': r.creditMemos.listBySchedules,
      }));
      await commit(store, async (r) => {
        for (const [n, schedules] of [
          ['INV00000011', ['IS-00000003', 'IS-00000002']],
          ['INV00000012', ['IS-00000002']],
          ['INV00000013', ['IS-00000001', 'IS-00000004', 'IS-00000003']],
        ] as const)
          checkOk(
            await r.invoices.save(
              buildInvoice({ number: n, id: `id-${n}`, lines: schedules.map((s, i) => lineOf(s, i)) }),
            ),
            n,
          );
        for (const [n, schedules] of [
          ['CM00000011', ['IS-00000003', 'IS-00000002']],
          ['CM00000012', ['IS-00000002']],
          ['CM00000013', ['IS-00000001', 'IS-00000004', 'IS-00000003']],
        ] as const)
          checkOk(await r.creditMemos.save(memoOf(n, schedules)), n);
      });
      await commit(store, async (r) => {
        for (const [schedules, invoices, memos] of [
          [['IS-00000002'], ['INV00000011', 'INV00000012'], ['CM00000011', 'CM00000012']],
          [['IS-00000003'], ['INV00000011', 'INV00000013'], ['CM00000011', 'CM00000013']],
          [['IS-00000004', 'IS-00000009'], ['INV00000013'], ['CM00000013']],
        ] as const) {
          const what = `listBySchedules([${schedules.join(', ')}]), on a line after the first of`;
          if (r.invoices.listBySchedules !== undefined)
            checkEqual(
              numbers(await r.invoices.listBySchedules(schedules)),
              invoices,
              `invoices.${what} ${invoices.join(', ')}`,
            );
          if (r.creditMemos.listBySchedules !== undefined)
            checkEqual(
              numbers(await r.creditMemos.listBySchedules(schedules)),
              memos,
              `creditMemos.${what} ${memos.join(', ')}`,
            );
        }
      });
    });

    test(within(BATCHES.getAccounts), async (store) => {
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

    test(within(BATCHES.otherRuns), async (store) => {
      // A bill run bills the accounts of its batch that have no Billed part in it: a part of an earlier run
      // taken for this run's would skip the account, and its items due now would not be billed.
      await skipUnlessAny(store, (r) => ({ 'billRuns.getAccounts': r.billRuns.getAccounts }));
      await commit(store, async (r) => {
        for (const [run, account] of [
          ['BR-00000094', 'A00000001'],
          ['BR-00000094', 'A00000002'],
          ['BR-00000095', 'A00000002'],
        ] as const)
          checkOk(await r.billRuns.saveAccount(part(run, account)), `${run}/${account}`);
      });
      await commit(store, async (r) => {
        if (r.billRuns.getAccounts === undefined)
          fail('billRuns.getAccounts disappeared between transactions');
        checkEqual(
          (await r.billRuns.getAccounts('BR-00000095', ['A00000001', 'A00000002'])).map(
            toBillRunAccountRecord,
          ),
          [part('BR-00000095', 'A00000002')].map(toBillRunAccountRecord),
          'getAccounts(BR-00000095, [A00000001, A00000002]): A00000001 has a part in BR-00000094 only',
        );
        checkEqual(
          (await r.billRuns.getAccounts('BR-00000096', ['A00000001', 'A00000002'])).map(
            toBillRunAccountRecord,
          ),
          [],
          'getAccounts(BR-00000096, [A00000001, A00000002]) of a run that saved no part',
        );
        checkOk(await r.billRuns.saveAccount(part('BR-00000096', 'A00000002')), 'BR-00000096/A00000002');
        checkEqual(
          (await r.billRuns.getAccounts('BR-00000096', ['A00000001', 'A00000002'])).map(
            toBillRunAccountRecord,
          ),
          [part('BR-00000096', 'A00000002')].map(toBillRunAccountRecord),
          'getAccounts(BR-00000096, [A00000001, A00000002]) once it saved the part of A00000002',
        );
      });
    });

    test(within(BATCHES.saveMany), async (store) => {
      await skipUnlessAny(store, (r) => ({
        'invoices.saveMany': r.invoices.saveMany,
        'creditMemos.saveMany': r.creditMemos.saveMany,
        'invoiceSchedules.saveMany': r.invoiceSchedules.saveMany,
      }));
      await checkSaveMany(store, INVOICES_SAVED);
      await checkSaveMany(store, MEMOS_SAVED);
      await checkSaveMany(store, SCHEDULES_SAVED);
    });

    test(within(BATCHES.saveAccounts), async (store) => {
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

    test(within(BATCHES.saveAccountsCas), async (store) => {
      await skipUnlessAny(store, (r) => ({ 'billRuns.saveAccounts': r.billRuns.saveAccounts }));
      /** Version `version` of the part of `account` in BR-00000097 (`itemsProcessed` tells the writes apart). */
      const at = (account: string, version: number, itemsProcessed = version): BillRunAccount => ({
        ...part('BR-00000097', account),
        itemsProcessed,
        version,
      });
      const saveAccounts = (r: Repositories) => {
        if (r.billRuns.saveAccounts === undefined)
          fail('billRuns.saveAccounts disappeared between transactions');
        return r.billRuns.saveAccounts.bind(r.billRuns);
      };
      await commit(store, async (r) =>
        checkOk(await saveAccounts(r)([at('A00000001', 1), at('A00000002', 1)]), 'two parts (version 1)'),
      );
      await commit(store, async (r) =>
        checkOk(await saveAccounts(r)([at('A00000001', 2)]), 'version 2 of A00000001'),
      );
      checkConflict(
        await rolledBack(store, (r) => saveAccounts(r)([at('A00000002', 2), at('A00000001', 2, 9)])),
        { entity: 'BillRunAccount', key: 'BR-00000097/A00000001', expectedVersion: 1, actualVersion: 2 },
        'saveAccounts of a stale version 2 of A00000001 (beside version 2 of A00000002)',
      );
      checkConflict(
        await rolledBack(store, (r) => saveAccounts(r)([at('A00000002', 3)])),
        { entity: 'BillRunAccount', key: 'BR-00000097/A00000002', expectedVersion: 2, actualVersion: 1 },
        'saveAccounts of version 3 of A00000002, stored at version 1 (a version skipped)',
      );
      await commit(store, async (r) => {
        for (const expected of [at('A00000001', 2), at('A00000002', 1)]) {
          const read = await r.billRuns.getAccount('BR-00000097', expected.accountNumber);
          check(read !== null, `the part of ${expected.accountNumber} must be found`);
          checkEqual(
            toBillRunAccountRecord(read),
            toBillRunAccountRecord(expected),
            `the part of ${expected.accountNumber}, after the refused batches`,
          );
        }
      });
    });

    test(within(BATCHES.insertManyConcurrent), async (store) => {
      // The execution keys of a bill run (decision 14) go in with insertMany: the key is what stops two workers
      // executing one item at once. Each transaction holds its key a moment before committing, so that on a
      // store whose transactions overlap the second insert meets the first one's uncommitted key.
      await skipUnlessAny(store, (r) => ({ 'idempotency.insertMany': r.idempotency.insertMany }));
      const shared = 'execution:IS-00000001:item-1:0';
      const attempt = (own: string, result: string) =>
        commit(store, async (r) => {
          if (r.idempotency.insertMany === undefined)
            fail('idempotency.insertMany disappeared between transactions');
          const taken = await r.idempotency.insertMany([
            { key: own, operation: 'executeItem', result },
            { key: shared, operation: 'executeItem', result },
          ]);
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { result, taken: [...taken] };
        });
      const attempts = await Promise.all([
        attempt('execution:IS-00000002:item-1:0', 'INV00000001'),
        attempt('execution:IS-00000003:item-1:0', 'INV00000002'),
      ]);
      const winners = attempts.filter((a) => a.taken.length === 0);
      checkEqual(
        attempts.map((a) => a.taken).sort((x, y) => x.length - y.length),
        [[], [shared]],
        'the keys each of two concurrent insertMany of one key (and a key of its own) returned as taken',
      );
      const won = await commit(store, (r) => r.idempotency.get(shared));
      check(
        won?.result === winners[0]?.result,
        `the stored record of the key is the one of the transaction that inserted it (${winners[0]?.result}), got ${JSON.stringify(won)}`,
      );
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
