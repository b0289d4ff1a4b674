import type { Repositories, UnitOfWork } from '../../ports/index';
import {
  toAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../../ports/records';
import { check, checkEqual } from '../assert';
import {
  buildAccount,
  buildBillRun,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceSchedule,
  buildOrder,
  buildSubscription,
} from '../builders';
import { type ContractHarness, checkConflict, checkOk, day, uuid } from './harness';

// Read-your-writes: an operation saves a document and reads the account's documents again in the same
// transaction (a bill run bills several items of one account, consolidation merges what it just
// wrote). An adapter whose reads inside the transaction miss its own writes — reads on another
// connection than the transaction's, a write-behind buffer flushed at commit — makes the operation
// bill or number again what it has just billed. Every write method, every read method that could
// see it.

/** The one value `list` returns with `number`, compared as a record; fails when absent. */
function listed<T extends { readonly number: string }>(
  list: readonly T[],
  number: string,
  toRecord: (value: T) => unknown,
  expected: unknown,
  what: string,
): void {
  const found = list.filter((v) => v.number === number);
  check(
    found.length === 1,
    `${what} must return the transaction's own write ${number} once (got ${JSON.stringify(list.map((v) => v.number))})`,
  );
  checkEqual(toRecord(found[0] as T), expected, what);
}

function absent<T extends { readonly number: string }>(
  list: readonly T[],
  number: string,
  what: string,
): void {
  check(
    list.every((v) => v.number !== number),
    `${what} must not return ${number}, removed by the transaction itself`,
  );
}

/** The value read, compared as a record; fails when `null`. */
function read<T>(value: T | null, toRecord: (value: T) => unknown, expected: unknown, what: string): void {
  check(value !== null, `${what} must find the transaction's own write`);
  checkEqual(toRecord(value), expected, what);
}

/** Every write is visible to the reads of the transaction that made it, before it commits. */
export function describeOwnWrites<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit } = harness;
  /** Runs `work` in a transaction, after committing `setup` in an earlier one. */
  async function afterSetup(
    store: S,
    setup: (r: Repositories) => Promise<void>,
    work: (r: Repositories) => Promise<void>,
  ): Promise<void> {
    await commit(store, setup);
    await commit(store, work);
  }

  describe('read-your-writes', () => {
    test('accounts.insert is seen by get and list in the same transaction', async (store) => {
      const committed = buildAccount({ number: 'A00000402', id: 'acc-402' });
      const mine = buildAccount({ number: 'A00000401', id: 'acc-401', name: 'Mine' });
      await afterSetup(
        store,
        async (r) => checkOk(await r.accounts.insert(committed), 'insert the committed account'),
        async (r) => {
          checkOk(await r.accounts.insert(mine), 'insert');
          read(await r.accounts.get(mine.number), toAccountRecord, toAccountRecord(mine), 'accounts.get');
          checkEqual(
            (await r.accounts.list(null, 100)).map(toAccountRecord),
            [mine, committed].map(toAccountRecord),
            'accounts.list',
          );
          checkConflict(
            await r.accounts.insert({ ...mine, name: 'Again' }),
            { entity: 'Account', key: mine.number, expectedVersion: 0, actualVersion: 'any' },
            'a second insert in the same transaction',
          );
        },
      );
    });

    test('orders.put is seen by get in the same transaction, and so is its replacement', async (store) => {
      const order = buildOrder({ number: 'O-00000401', status: 'Pending' });
      const completed = { ...order, status: 'Completed' as const };
      await afterSetup(
        store,
        (r) => r.orders.put(order),
        async (r) => {
          await r.orders.put(completed);
          read(await r.orders.get(order.number), toOrderRecord, toOrderRecord(completed), 'orders.get');
          const fresh = buildOrder({ number: 'O-00000402', status: 'Pending' });
          await r.orders.put(fresh);
          read(await r.orders.get(fresh.number), toOrderRecord, toOrderRecord(fresh), 'orders.get (new)');
        },
      );
    });

    test('subscriptions.save is seen by get and listByAccount in the same transaction, and the next version saves on it', async (store) => {
      const v1 = buildSubscription({ number: 'S-00000401' });
      const v2 = { ...v1, invoiceSeparately: !v1.invoiceSeparately, version: 2 };
      const fresh = buildSubscription({ number: 'S-00000402' });
      const fresh2 = { ...fresh, invoiceSeparately: !fresh.invoiceSeparately, version: 2 };
      await afterSetup(
        store,
        async (r) => checkOk(await r.subscriptions.save(v1), 'save v1'),
        async (r) => {
          checkOk(await r.subscriptions.save(v2), 'save v2 over the committed v1');
          checkOk(await r.subscriptions.save(fresh), 'save a new subscription');
          checkOk(
            await r.subscriptions.save(fresh2),
            'save version 2 of a subscription inserted in the same transaction',
          );
          checkConflict(
            await r.subscriptions.save(v2),
            { entity: 'Subscription', key: v1.number, expectedVersion: 1, actualVersion: 2 },
            'saving version 2 again in the same transaction',
          );
          const list = await r.subscriptions.listByAccount(v1.accountNumber);
          for (const s of [v2, fresh2]) {
            read(await r.subscriptions.get(s.number), toSubscriptionRecord, toSubscriptionRecord(s), 'get');
            listed(
              list,
              s.number,
              toSubscriptionRecord,
              toSubscriptionRecord(s),
              'subscriptions.listByAccount',
            );
          }
        },
      );
    });

    test('invoiceSchedules.save and remove are seen by get, getById and every list in the same transaction', async (store) => {
      const v1 = buildInvoiceSchedule({ number: 'IS-00000401', id: uuid(401) });
      const v2 = { ...v1, notes: 'changed in the transaction', version: 2 };
      const fresh = buildInvoiceSchedule({ number: 'IS-00000402', id: uuid(402) });
      const gone = buildInvoiceSchedule({ number: 'IS-00000403', id: uuid(403) });
      await afterSetup(
        store,
        async (r) => {
          checkOk(await r.invoiceSchedules.save(v1), 'save v1');
          checkOk(await r.invoiceSchedules.save(gone), 'save IS-00000403');
        },
        async (r) => {
          checkOk(await r.invoiceSchedules.save(v2), 'save v2 over the committed v1');
          checkOk(await r.invoiceSchedules.save(fresh), 'save a new schedule');
          checkOk(await r.invoiceSchedules.remove(gone.number, 1), 'remove IS-00000403');
          const [, charge] = v1.charges;
          check(charge !== undefined, 'fixture: the schedule covers two charges');
          const lists = {
            listByAccount: await r.invoiceSchedules.listByAccount(v1.accountNumber),
            listWithItemsDue: await r.invoiceSchedules.listWithItemsDue(day('2023-12-31'), {}),
            listByCharge: await r.invoiceSchedules.listByCharge(
              charge.subscriptionNumber,
              charge.chargeNumber,
            ),
          };
          for (const s of [v2, fresh]) {
            const record = toInvoiceScheduleRecord(s);
            read(await r.invoiceSchedules.get(s.number), toInvoiceScheduleRecord, record, 'get');
            read(await r.invoiceSchedules.getById(s.id), toInvoiceScheduleRecord, record, 'getById');
            for (const [name, list] of Object.entries(lists))
              listed(list, s.number, toInvoiceScheduleRecord, record, `invoiceSchedules.${name}`);
          }
          check(
            (await r.invoiceSchedules.get(gone.number)) === null,
            'get of the removed schedule must be null',
          );
          for (const [name, list] of Object.entries(lists))
            absent(list, gone.number, `invoiceSchedules.${name}`);
        },
      );
    });

    test('invoices.save is seen by get, getById and every list in the same transaction', async (store) => {
      const v1 = buildInvoice({ number: 'INV00000401', id: uuid(411) });
      const v2 = { ...v1, status: 'Posted' as const, version: 2 };
      const fresh = buildInvoice({ number: 'INV00000402', id: uuid(412) });
      const [line] = v1.lines;
      check(line !== undefined && line.invoiceScheduleNumber !== null, 'fixture: a line of a schedule');
      await afterSetup(
        store,
        async (r) => checkOk(await r.invoices.save(v1), 'save v1'),
        async (r) => {
          checkOk(await r.invoices.save(v2), 'save v2 over the committed v1');
          checkOk(await r.invoices.save(fresh), 'save a new invoice');
          const lists = {
            listByAccount: await r.invoices.listByAccount(v1.accountNumber),
            listBySchedule: await r.invoices.listBySchedule(line.invoiceScheduleNumber ?? ''),
            listByCharge: await r.invoices.listByCharge(line.subscriptionNumber, line.chargeNumber),
          };
          for (const i of [v2, fresh]) {
            const record = toInvoiceRecord(i);
            read(await r.invoices.get(i.number), toInvoiceRecord, record, 'get');
            read(await r.invoices.getById(i.id), toInvoiceRecord, record, 'getById');
            for (const [name, list] of Object.entries(lists))
              listed(list, i.number, toInvoiceRecord, record, `invoices.${name}`);
          }
        },
      );
    });

    test('creditMemos.save is seen by get, getById and both lists in the same transaction', async (store) => {
      const v1 = buildCreditMemo({ number: 'CM00000401', id: uuid(421), status: 'Draft' });
      const v2 = { ...v1, status: 'Posted' as const, version: 2 };
      const fresh = buildCreditMemo({ number: 'CM00000402', id: uuid(422) });
      const [line] = v1.lines;
      check(line !== undefined && line.invoiceScheduleNumber !== null, 'fixture: a line of a schedule');
      await afterSetup(
        store,
        async (r) => checkOk(await r.creditMemos.save(v1), 'save v1'),
        async (r) => {
          checkOk(await r.creditMemos.save(v2), 'save v2 over the committed v1');
          checkOk(await r.creditMemos.save(fresh), 'save a new credit memo');
          const lists = {
            listByAccount: await r.creditMemos.listByAccount(v1.accountNumber),
            listBySchedule: await r.creditMemos.listBySchedule(line.invoiceScheduleNumber ?? ''),
          };
          for (const m of [v2, fresh]) {
            const record = toCreditMemoRecord(m);
            read(await r.creditMemos.get(m.number), toCreditMemoRecord, record, 'get');
            read(await r.creditMemos.getById(m.id), toCreditMemoRecord, record, 'getById');
            for (const [name, list] of Object.entries(lists))
              listed(list, m.number, toCreditMemoRecord, record, `creditMemos.${name}`);
          }
        },
      );
    });

    test('billRuns.insert is seen by get and getById in the same transaction', async (store) => {
      const committed = buildBillRun({ number: 'BR-00000402', id: uuid(432) });
      const mine = buildBillRun({ number: 'BR-00000401', id: uuid(431), itemsProcessed: 7 });
      await afterSetup(
        store,
        async (r) => checkOk(await r.billRuns.insert(committed), 'insert the committed bill run'),
        async (r) => {
          checkOk(await r.billRuns.insert(mine), 'insert');
          const record = toBillRunRecord(mine);
          read(await r.billRuns.get(mine.number), toBillRunRecord, record, 'billRuns.get');
          read(await r.billRuns.getById(mine.id), toBillRunRecord, record, 'billRuns.getById');
          checkConflict(
            await r.billRuns.insert({ ...mine, itemsProcessed: 8 }),
            { entity: 'BillRun', key: mine.number, expectedVersion: 0, actualVersion: 'any' },
            'a second insert in the same transaction',
          );
        },
      );
    });

    test('idempotency.insert is seen by get in the same transaction', async (store) => {
      const committed = { key: 'k-402', operation: 'runBillRun', result: 'BR-00000001' };
      const mine = { key: 'k-401', operation: 'executeInvoiceSchedule', result: 'INV00000001' };
      await afterSetup(
        store,
        async (r) => check(await r.idempotency.insert(committed), 'insert the committed key'),
        async (r) => {
          check(await r.idempotency.insert(mine), 'insert');
          checkEqual(await r.idempotency.get(mine.key), mine, 'idempotency.get of its own key');
          checkEqual(await r.idempotency.get(committed.key), committed, 'idempotency.get of a committed key');
        },
      );
    });
  });
}
