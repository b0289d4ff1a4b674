import { ok } from 'neverthrow';
import type { IdempotencyRecord, Repositories, SequenceName, UnitOfWork } from '../../ports/index';
import { toInvoiceRecord, toInvoiceScheduleRecord } from '../../ports/records';
import { check, checkEqual, fail } from '../assert';
import {
  buildAccount,
  buildBillRun,
  buildInvoice,
  buildInvoiceSchedule,
  buildOrder,
  buildSubscription,
} from '../builders';
import { type ContractHarness, checkOk, numbers, type RepositoryProbe, skipUnlessAny, uuid } from './harness';

/** The names of the transaction tests the broken-adapter catalogue cites. */
export const TRANSACTIONS = {
  afterEnd:
    'transactions > repositories kept past their transaction refuse a read and a write, and the write is not stored',
} as const;

/** Whether `call` throws or rejects (a repository refusing to be used). */
async function refuses(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return false;
  } catch {
    return true;
  }
}

/** Commit on `Ok` and rollback on `Err` or a throw, across every repository at once. */
export function describeTransactions<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack, probeEquals } = harness;
  /** One write to every repository, with the numbers used, for the commit/rollback tests. */
  const everything = {
    account: buildAccount({ number: 'A00000081' }),
    order: buildOrder({ number: 'O-00000081', accountNumber: 'A00000081' }),
    subscription: buildSubscription({ number: 'S-00000081', accountNumber: 'A00000081' }),
    schedule: buildInvoiceSchedule({ number: 'IS-00000081', accountNumber: 'A00000081' }),
    invoice: buildInvoice({ number: 'INV00000081', accountNumber: 'A00000081' }),
    billRun: buildBillRun({ number: 'BR-00000081' }),
    key: Object.freeze({
      key: 'execute:IS-00000081:1:0',
      operation: 'executeInvoiceSchedule',
      result: 'BR-00000081',
    }),
  };

  async function writeEverything(r: Repositories): Promise<number> {
    checkOk(await r.accounts.insert(everything.account), 'accounts.insert');
    await r.orders.put(everything.order);
    checkOk(await r.subscriptions.save(everything.subscription), 'subscriptions.save');
    checkOk(await r.invoiceSchedules.save(everything.schedule), 'invoiceSchedules.save');
    checkOk(await r.invoices.save(everything.invoice), 'invoices.save');
    checkOk(await r.billRuns.insert(everything.billRun), 'billRuns.insert');
    check(await r.idempotency.insert(everything.key), 'idempotency.insert of a new key must return true');
    return r.sequences.next('Invoice');
  }

  async function checkNothingVisible(store: S, probe: RepositoryProbe): Promise<void> {
    await commit(store, async (r) => {
      const leftovers: [string, unknown][] = [
        ['account', await r.accounts.get(everything.account.number)],
        ['order', await r.orders.get(everything.order.number)],
        ['subscription', await r.subscriptions.get(everything.subscription.number)],
        ['schedule', await r.invoiceSchedules.get(everything.schedule.number)],
        ['invoice', await r.invoices.get(everything.invoice.number)],
        ['bill run', await r.billRuns.get(everything.billRun.number)],
        ['idempotency key', await r.idempotency.get(everything.key.key)],
      ];
      for (const [what, value] of leftovers)
        check(value === null, `the rolled-back ${what} must not be visible`);
      check(
        (await r.accounts.list(null, 100)).length === 0,
        'accounts.list must be empty after the rollback',
      );
      check(
        (await r.invoiceSchedules.listByAccount(everything.account.number)).length === 0,
        'listByAccount must be empty',
      );
    });
    await probeEquals(probe, 'account', everything.account.number, null);
    await probeEquals(probe, 'order', everything.order.number, null);
    await probeEquals(probe, 'subscription', everything.subscription.number, null);
    await probeEquals(probe, 'invoiceSchedule', everything.schedule.number, null);
    await probeEquals(probe, 'invoice', everything.invoice.number, null);
    await probeEquals(probe, 'billRun', everything.billRun.number, null);
    if (probe.idempotencyKey !== undefined) {
      check(
        (await probe.idempotencyKey(everything.key.key)) === null,
        'probe: the rolled-back idempotency key must be absent',
      );
    }
  }

  describe('transactions', () => {
    test('an Ok commits every write, visible to later transactions', async (store, probe) => {
      const first = await commit(store, writeEverything);
      check(first === 1, `the first invoice number must be 1, got ${first}`);
      await commit(store, async (r) => {
        const account = await r.accounts.get(everything.account.number);
        const order = await r.orders.get(everything.order.number);
        const subscription = await r.subscriptions.get(everything.subscription.number);
        const schedule = await r.invoiceSchedules.get(everything.schedule.number);
        const invoice = await r.invoices.get(everything.invoice.number);
        const billRun = await r.billRuns.get(everything.billRun.number);
        check(
          account !== null &&
            order !== null &&
            subscription !== null &&
            schedule !== null &&
            invoice !== null &&
            billRun !== null,
          'every committed write must be visible',
        );
        checkEqual(
          toInvoiceScheduleRecord(schedule),
          toInvoiceScheduleRecord(everything.schedule),
          'committed schedule',
        );
        checkEqual(
          await r.idempotency.get(everything.key.key),
          everything.key,
          'committed idempotency record',
        );
        check(
          (await r.sequences.next('Invoice')) === 2,
          'the sequence must continue after the committed number',
        );
      });
      await probeEquals(
        probe,
        'invoiceSchedule',
        everything.schedule.number,
        toInvoiceScheduleRecord(everything.schedule),
      );
      await probeEquals(probe, 'invoice', everything.invoice.number, toInvoiceRecord(everything.invoice));
    });

    test('an Err rolls back every write, and the Err is returned unchanged', async (store, probe) => {
      await rollBack(store, async (r) => {
        await writeEverything(r);
      });
      await checkNothingVisible(store, probe);
    });

    test('a throw rolls back every write, and the same error is rethrown', async (store, probe) => {
      const boom = new Error('boom');
      let caught: unknown;
      try {
        await store.transaction(async (r) => {
          await writeEverything(r);
          throw boom;
        });
      } catch (error) {
        caught = error;
      }
      check(caught === boom, 'transaction must rethrow the error thrown by its work');
      await checkNothingVisible(store, probe);
    });

    test('an Err rolls back updates: the previous version stays', async (store, probe) => {
      const v1 = buildInvoiceSchedule({ number: 'IS-00000091' });
      checkOk(await commit(store, (r) => r.invoiceSchedules.save(v1)), 'save v1');
      await rollBack(store, async (r) => {
        checkOk(await r.invoiceSchedules.save({ ...v1, notes: 'v2', version: 2 }), 'save v2');
      });
      const read = await commit(store, (r) => r.invoiceSchedules.get(v1.number));
      check(read !== null && read.version === 1, 'version 1 must stay after the rollback');
      checkEqual(toInvoiceScheduleRecord(read), toInvoiceScheduleRecord(v1), 'schedule after rollback');
      await probeEquals(probe, 'invoiceSchedule', v1.number, toInvoiceScheduleRecord(v1));
    });

    test('the Ok value of the work is returned unchanged', async (store) => {
      const value = { answer: 42 };
      const result = await store.transaction(async () => ok(value));
      check(result.isOk() && result.value === value, 'transaction must return the Ok of its work');
    });

    test(TRANSACTIONS.afterEnd.slice('transactions > '.length), async (store, probe) => {
      // Work that keeps its repositories (a callback, a call not awaited) uses them once `work` has returned:
      // on a pool, the connection is back there, where a statement runs in autocommit or in another's
      // transaction. The port says they refuse: a read or a write through them throws or rejects.
      const kept = buildInvoiceSchedule({ number: 'IS-00000111' });
      const held: Repositories[] = [];
      await commit(store, async (r) => {
        held.push(r);
        checkOk(await r.invoiceSchedules.save(kept), 'invoiceSchedules.save');
      });
      await rollBack(store, async (r) => {
        held.push(r);
      });
      check(held.length === 2, 'each transaction must call its work once');
      const late = ['IS-00000112', 'IS-00000113'];
      for (const [k, how] of ['committed', 'rolled back'].entries()) {
        const r = held[k] as Repositories;
        const schedule = buildInvoiceSchedule({ number: late[k] as string, id: uuid(112 + k) });
        check(
          await refuses(() => r.invoiceSchedules.get(kept.number)),
          `invoiceSchedules.get through repositories kept past their transaction (${how}) must throw or reject: repositories are valid only inside the work callback`,
        );
        check(
          await refuses(() => r.invoiceSchedules.save(schedule)),
          `invoiceSchedules.save through repositories kept past their transaction (${how}) must throw or reject`,
        );
      }
      for (const number of late) {
        const read = await commit(store, (r) => r.invoiceSchedules.get(number));
        check(read === null, `${number}, saved after its transaction ended, must not be stored`);
        await probeEquals(probe, 'invoiceSchedule', number, null);
      }
      await probeEquals(probe, 'invoiceSchedule', kept.number, toInvoiceScheduleRecord(kept));
    });

    test('concurrent transactions both commit their own writes', async (store) => {
      const a = buildInvoiceSchedule({ number: 'IS-00000101' });
      const b = buildInvoiceSchedule({ number: 'IS-00000102' });
      await Promise.all([
        commit(store, (r) => r.invoiceSchedules.save(a)),
        commit(store, (r) => r.invoiceSchedules.save(b)),
      ]);
      await commit(store, async (r) => {
        checkEqual(
          numbers(await r.invoiceSchedules.listByAccount(a.accountNumber)),
          [a.number, b.number],
          'both schedules',
        );
      });
    });
  });
}

/** Gapless transactional sequences: a rolled-back number is issued again. */
export function describeSequences<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  describe('sequences', () => {
    test('start at 1 and count up without gaps, each name on its own', async (store) => {
      const issued = await commit(store, async (r) => {
        const out: [SequenceName, number][] = [];
        for (const name of [
          'Invoice',
          'Invoice',
          'InvoiceSchedule',
          'Invoice',
          'CreditMemo',
          'BillRun',
          'InvoiceSchedule',
        ] as const) {
          out.push([name, await r.sequences.next(name)]);
        }
        return out;
      });
      checkEqual(
        issued,
        [
          ['Invoice', 1],
          ['Invoice', 2],
          ['InvoiceSchedule', 1],
          ['Invoice', 3],
          ['CreditMemo', 1],
          ['BillRun', 1],
          ['InvoiceSchedule', 2],
        ],
        'issued numbers',
      );
      check(
        (await commit(store, (r) => r.sequences.next('Invoice'))) === 4,
        'a later transaction must continue at 4',
      );
    });

    test('numbers of a rolled-back transaction are issued again', async (store) => {
      check((await commit(store, (r) => r.sequences.next('BillRun'))) === 1, 'first number');
      await rollBack(store, async (r) => {
        check((await r.sequences.next('BillRun')) === 2, 'second number inside the rolled-back transaction');
        await r.sequences.next('BillRun');
      });
      try {
        await store.transaction(async (r) => {
          await r.sequences.next('BillRun');
          throw new Error('boom');
        });
      } catch {
        // expected
      }
      check(
        (await commit(store, (r) => r.sequences.next('BillRun'))) === 2,
        'the rolled-back 2 must be issued again',
      );
    });

    test('a committed number is never issued again, whatever rolls back or runs beside it, in any sequence', async (store) => {
      // Every number each sequence issued to a transaction that committed.
      const committed: Record<SequenceName, number[]> = {
        Invoice: [],
        CreditMemo: [],
        BillRun: [],
        InvoiceSchedule: [],
      };
      const draw = async (r: Repositories, names: readonly SequenceName[]) => {
        const out: [SequenceName, number][] = [];
        for (const name of names) out.push([name, await r.sequences.next(name)]);
        return out;
      };
      const commitDraws = async (names: readonly SequenceName[]) => {
        for (const [name, n] of await commit(store, (r) => draw(r, names))) committed[name].push(n);
      };
      await commitDraws(['Invoice', 'Invoice', 'CreditMemo']);
      await rollBack(store, async (r) => {
        await draw(r, ['Invoice', 'Invoice', 'CreditMemo', 'BillRun']);
      });
      try {
        await store.transaction(async (r) => {
          await draw(r, ['Invoice', 'InvoiceSchedule']);
          throw new Error('boom');
        });
      } catch {
        // expected
      }
      await commitDraws(['BillRun', 'Invoice', 'InvoiceSchedule']);
      // Side by side, always in the same order of names (a store that locks a counter row cannot deadlock).
      await Promise.all([
        commitDraws(['Invoice', 'CreditMemo']),
        rollBack(store, async (r) => {
          await draw(r, ['Invoice', 'CreditMemo']);
        }),
        commitDraws(['Invoice']),
        rollBack(store, async (r) => {
          await draw(r, ['Invoice']);
        }),
        commitDraws(['Invoice', 'CreditMemo']),
      ]);
      await commitDraws(['Invoice', 'CreditMemo', 'BillRun', 'InvoiceSchedule']);
      for (const [name, issued] of Object.entries(committed)) {
        const sorted = [...issued].sort((x, y) => x - y);
        const repeated = sorted.filter((n, i) => sorted[i - 1] === n);
        check(
          repeated.length === 0,
          `${name}: committed numbers ${JSON.stringify(repeated)} were issued twice (${JSON.stringify(issued)}): two documents share a number`,
        );
        checkEqual(
          sorted,
          sorted.map((_, i) => i + 1),
          `${name}: committed numbers, gapless from 1`,
        );
      }
    });

    test('concurrent transactions never get the same number', async (store) => {
      const all = await Promise.all(
        Array.from({ length: 5 }, () => commit(store, (r) => r.sequences.next('Invoice'))),
      );
      checkEqual(
        [...all].sort((x, y) => x - y),
        [1, 2, 3, 4, 5],
        'numbers issued to five concurrent transactions',
      );
    });
  });
}

/**
 * JSON text of at least `length` characters, like a schedule's record: quotes, backslashes, line breaks, accented
 * letters, CJK, and emoji (surrogate pairs), never U+0000 or a lone surrogate (the operations refuse those).
 */
function longResult(length: number): string {
  const words = [
    'Milestone',
    'Café crème',
    '請求書',
    'Zürich "HQ"',
    'C:\\billing',
    'line 1\nline 2',
    '😀 emoji',
  ];
  const items: string[] = [];
  let size = 2;
  for (let i = 0; size < length; i++) {
    const item = JSON.stringify({ id: `item-${i}`, name: words[i % words.length], amount: '1200.00' });
    items.push(item);
    size += item.length + 1;
  }
  return `[${items.join(',')}]`;
}

/** Unique idempotency keys: a second insert returns `false`, even when concurrent. */
export function describeIdempotencyKeys<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  describe('idempotency keys', () => {
    test('a key is inserted once: the second insert returns false and keeps the first record', async (store, probe) => {
      // With the request's fingerprint (decision 14): an adapter must store it, or a different request
      // with the key would get the first result.
      const first = {
        key: 'k-1',
        operation: 'executeInvoiceSchedule',
        result: 'BR-00000001',
        fingerprint: 'fnv1a64:0123456789abcdef',
      };
      check(await commit(store, (r) => r.idempotency.insert(first)), 'the first insert must return true');
      const second = await commit(store, (r) => r.idempotency.insert({ ...first, result: 'BR-00000002' }));
      check(second === false, 'a second insert of the same key must return false');
      checkEqual(await commit(store, (r) => r.idempotency.get('k-1')), first, 'stored record');
      if (probe.idempotencyKey !== undefined)
        checkEqual(await probe.idempotencyKey('k-1'), first, 'probe.idempotencyKey');
    });

    test('a refused insert keeps the first record, read in the same transaction and after', async (store, probe) => {
      const first = { key: 'k-4', operation: 'executeInvoiceSchedule', result: 'INV00000001' };
      check(await commit(store, (r) => r.idempotency.insert(first)), 'the first insert must return true');
      await commit(store, async (r) => {
        check(
          (await r.idempotency.insert({ key: 'k-4', operation: 'runBillRun', result: 'BR-00000009' })) ===
            false,
          'a second insert of the same key must return false',
        );
        checkEqual(await r.idempotency.get('k-4'), first, 'the record read after the refused insert');
      });
      checkEqual(await commit(store, (r) => r.idempotency.get('k-4')), first, 'the stored record');
      if (probe.idempotencyKey !== undefined)
        checkEqual(await probe.idempotencyKey('k-4'), first, 'probe.idempotencyKey');
    });

    test('a key of a rolled-back transaction can be inserted again: the retry runs', async (store, probe) => {
      const record = { key: 'k-5', operation: 'executeInvoiceSchedule', result: 'INV00000001' };
      await rollBack(store, async (r) => {
        check(await r.idempotency.insert(record), 'insert in the transaction that rolls back');
      });
      try {
        await store.transaction(async (r) => {
          check(await r.idempotency.insert(record), 'insert in the transaction that throws');
          throw new Error('boom');
        });
      } catch (error) {
        if (error instanceof Error && error.message !== 'boom') throw error;
      }
      const retry = { ...record, result: 'INV00000002' };
      check(
        await commit(store, (r) => r.idempotency.insert(retry)),
        'the retry must insert the key its failed attempts rolled back (returning false, the item would never be billed)',
      );
      checkEqual(await commit(store, (r) => r.idempotency.get('k-5')), retry, "the retry's record");
      if (probe.idempotencyKey !== undefined)
        checkEqual(await probe.idempotencyKey('k-5'), retry, 'probe.idempotencyKey');
    });

    test('a long result is stored whole: 4,000,000 characters of JSON, text outside ASCII included, come back exactly as given', async (store, probe) => {
      // A keyed createInvoiceSchedule or updateInvoiceSchedule keeps the schedule it returned in `result` (its
      // record as JSON), so that a retry answers with it: 413,175 characters for 3,000 covered charges, a few
      // million at the §9 limits (docs/guides/repositories.md). A column of 255 characters, or MySQL's TEXT
      // (65,535 bytes), cuts it.
      const record = {
        key: 'createInvoiceSchedule:k-6',
        operation: 'createInvoiceSchedule',
        result: longResult(4_000_000),
        fingerprint: 'fnv1a64:0123456789abcdef',
      };
      check(await commit(store, (r) => r.idempotency.insert(record)), 'the insert must return true');
      const read = await commit(store, (r) => r.idempotency.get(record.key));
      check(
        read?.result === record.result,
        `the stored result must be the ${record.result.length} characters given, got ${read === null ? 'no record' : `${read.result.length} characters${read.result.length === record.result.length ? ' that differ' : ''}`}: store it in a text column without a length limit`,
      );
      checkEqual(read, record, 'stored record');
      if (probe.idempotencyKey !== undefined)
        checkEqual(await probe.idempotencyKey(record.key), record, 'probe.idempotencyKey');
    });

    test('a duplicate key inside one transaction is refused too', async (store) => {
      const record = { key: 'k-2', operation: 'billRun', result: 'BR-00000001' };
      await commit(store, async (r) => {
        check(await r.idempotency.insert(record), 'first insert');
        check((await r.idempotency.insert(record)) === false, 'second insert in the same transaction');
      });
    });

    test('of two concurrent transactions inserting one key, exactly one succeeds', async (store) => {
      const attempt = (result: string) =>
        commit(store, (r) =>
          r.idempotency.insert({ key: 'k-3', operation: 'executeInvoiceSchedule', result }),
        );
      const results = await Promise.all([attempt('BR-00000001'), attempt('BR-00000002')]);
      checkEqual(
        results.filter((x) => x).length,
        1,
        'number of concurrent inserts of one key that returned true',
      );
    });
  });
}

/** Names of the tests of idempotency records by age (the broken-adapter catalogue cites them). @internal */
export const IDEMPOTENCY_AGE = {
  createdAt:
    'idempotency records by age > createdAt is stored and given back as written; a record without it comes back without it',
  oldest:
    'idempotency records by age > deleteCreatedBefore deletes the oldest records created before the instant, at most limit, never one without createdAt',
  transactional:
    'idempotency records by age > deleteCreatedBefore is transactional: its own transaction sees the records gone, a rollback keeps them, a deleted key can be inserted again',
  concurrent: 'idempotency records by age > two pruners at once delete each old record once',
} as const;

/**
 * `idempotency.deleteCreatedBefore(before, limit)`, which the test checked the store has, and the count it
 * answers: a whole number from 0 to `limit`, as pruneIdempotencyRecords requires (it stops on anything else).
 */
async function deleteCreatedBefore(r: Repositories, before: string, limit: number): Promise<number> {
  const method = r.idempotency.deleteCreatedBefore;
  if (method === undefined) fail('idempotency.deleteCreatedBefore disappeared between transactions');
  const count: unknown = await method.call(r.idempotency, before, limit);
  check(
    typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 && count <= limit,
    `idempotency.deleteCreatedBefore(${before}, ${limit}) returned ${String(count)}: it must return how many records it deleted, a whole number from 0 to ${limit} (pruneIdempotencyRecords counts them, and stops with a TypeError on anything else)`,
  );
  return count;
}

/** A test's name within its group (the part after `group > `). */
const within = (name: string): string => name.slice(name.indexOf(' > ') + 3);

/**
 * The age of idempotency records (since 0.2.0): `createdAt` stored and given back as written, and the optional
 * `idempotency.deleteCreatedBefore` — the oldest records before an instant, at most `limit`, never one without
 * `createdAt`, transactional, each record deleted once by concurrent pruners. A store without the method has
 * the deletion tests skipped as not checked (the method is optional; `pruneIdempotencyRecords` refuses such a store).
 */
export function describeIdempotencyAge<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  const aged = (key: string, createdAt?: string): IdempotencyRecord => ({
    key,
    operation: 'executeInvoiceSchedule',
    result: `BR-${key}`,
    ...(createdAt === undefined ? {} : { createdAt }),
  });
  // Four records created before 2023-01-05, one at it, one after, one of unknown age.
  const records = [
    aged('age-3', '2023-01-03T00:00:00.000Z'),
    aged('age-1', '2023-01-01T00:00:00.000Z'),
    aged('age-unknown'),
    aged('age-4', '2023-01-04T23:59:59.999Z'),
    aged('age-2', '2023-01-02T00:00:00.000Z'),
    aged('age-5', '2023-01-05T00:00:00.000Z'),
    aged('age-6', '2023-01-06T12:30:15.123Z'),
  ];
  const before = '2023-01-05T00:00:00.000Z';
  const insertAll = (store: S) =>
    commit(store, async (r) => {
      for (const record of records) check(await r.idempotency.insert(record), `insert ${record.key}`);
    });
  const present = (store: S) =>
    commit(store, async (r) => {
      const out: string[] = [];
      for (const record of records) if ((await r.idempotency.get(record.key)) !== null) out.push(record.key);
      return out.sort();
    });
  /** Skips the test as not checked when the store has no `deleteCreatedBefore` (decided by the method, not its answer). */
  const skipUnlessPrunes = (store: S) =>
    skipUnlessAny(store, (r) => ({ 'idempotency.deleteCreatedBefore': r.idempotency.deleteCreatedBefore }));
  describe('idempotency records by age', () => {
    test(within(IDEMPOTENCY_AGE.createdAt), async (store, probe) => {
      await insertAll(store);
      for (const record of records) {
        checkEqual(
          await commit(store, (r) => r.idempotency.get(record.key)),
          record,
          `${record.key}: the stored record (keep createdAt, a nullable timestamp, and give it back as toISOString writes it)`,
        );
        if (probe.idempotencyKey !== undefined)
          checkEqual(await probe.idempotencyKey(record.key), record, `probe.idempotencyKey(${record.key})`);
      }
    });

    test(within(IDEMPOTENCY_AGE.oldest), async (store, probe) => {
      await skipUnlessPrunes(store);
      await insertAll(store);
      const first = await commit(store, (r) => deleteCreatedBefore(r, before, 2));
      checkEqual(first, 2, 'deleteCreatedBefore(2023-01-05, 2): how many it deleted');
      checkEqual(
        await present(store),
        ['age-3', 'age-4', 'age-5', 'age-6', 'age-unknown'],
        'the records left: the two oldest, age-1 and age-2, are deleted first',
      );
      checkEqual(
        await commit(store, (r) => deleteCreatedBefore(r, before, 1000)),
        2,
        'a second call deletes the two left before 2023-01-05',
      );
      checkEqual(
        await commit(store, (r) => deleteCreatedBefore(r, before, 1000)),
        0,
        'a third call finds nothing to delete',
      );
      checkEqual(
        await present(store),
        ['age-5', 'age-6', 'age-unknown'],
        'kept: the record created at the instant, the later one, and the one of unknown age',
      );
      if (probe.idempotencyKey !== undefined) {
        checkEqual(await probe.idempotencyKey('age-1'), null, 'probe.idempotencyKey(age-1) after the delete');
        checkEqual(await probe.idempotencyKey('age-5'), records[5], 'probe.idempotencyKey(age-5)');
      }
      // By age, not by key: the keys above sort as their ages do, which a delete in key order passed (review 219).
      const young = aged('a-young', '2023-01-04T00:00:00.000Z');
      const old = aged('z-old', '2023-01-01T00:00:00.000Z');
      await commit(store, async (r) => {
        check(await r.idempotency.insert(young), 'insert a-young');
        check(await r.idempotency.insert(old), 'insert z-old');
      });
      checkEqual(
        await commit(store, (r) => deleteCreatedBefore(r, before, 1)),
        1,
        'deleteCreatedBefore(2023-01-05, 1) over a-young (01-04) and z-old (01-01)',
      );
      checkEqual(
        await commit(store, async (r) => [
          await r.idempotency.get('a-young'),
          await r.idempotency.get('z-old'),
        ]),
        [young, null],
        'the oldest goes first whatever its key: z-old deleted, a-young kept',
      );
    });

    test(within(IDEMPOTENCY_AGE.transactional), async (store) => {
      await skipUnlessPrunes(store);
      await insertAll(store);
      await rollBack(store, async (r) => {
        checkEqual(
          await deleteCreatedBefore(r, before, 1000),
          4,
          'deleted in the transaction that rolls back',
        );
        checkEqual(await r.idempotency.get('age-1'), null, 'age-1 read in the transaction that deleted it');
      });
      checkEqual(
        await present(store),
        records.map((r) => r.key).sort(),
        'every record after the rolled-back delete',
      );
      await commit(store, async (r) => {
        checkEqual(await deleteCreatedBefore(r, before, 1000), 4, 'deleted');
        const again = aged('age-1', '2023-02-01T00:00:00.000Z');
        check(
          await r.idempotency.insert(again),
          'age-1 inserted again after its delete, in that transaction',
        );
        checkEqual(await r.idempotency.get('age-1'), again, 'the new age-1');
      });
      checkEqual(
        await commit(store, (r) => r.idempotency.get('age-1')),
        aged('age-1', '2023-02-01T00:00:00.000Z'),
        'the new age-1, committed',
      );
      // In one transaction a second call sees the first one's deletes, and a record the transaction wrote is one of
      // its records (review 219: an adapter that selected committed rows only counted the deleted ones again).
      await commit(store, async (r) => {
        check(await r.idempotency.insert(aged('own', '2023-01-02T00:00:00.000Z')), 'insert own');
        checkEqual(
          await deleteCreatedBefore(r, before, 1),
          1,
          'first call, limit 1, in the transaction that wrote own',
        );
        checkEqual(await r.idempotency.get('own'), null, 'own, the only record before the instant, deleted');
        checkEqual(
          await deleteCreatedBefore(r, before, 1000),
          0,
          'second call in that transaction: nothing left to delete',
        );
      });
    });

    test(within(IDEMPOTENCY_AGE.concurrent), async (store) => {
      await skipUnlessPrunes(store);
      await insertAll(store);
      const prune = () => commit(store, (r) => deleteCreatedBefore(r, before, 1000));
      const [a, b] = await Promise.all([prune(), prune()]);
      checkEqual(a + b, 4, 'records deleted by the two pruners together');
      checkEqual(await present(store), ['age-5', 'age-6', 'age-unknown'], 'the records left');
    });
  });
}
