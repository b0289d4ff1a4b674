import { err, ok, type Result } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { InvoiceSchedule, InvoiceScheduleItem } from '../domain/schedule/schedule';
import type {
  EntityName,
  IdempotencyRecord,
  Repositories,
  SequenceName,
  UnitOfWork,
  VersionConflict,
  VersionedRepository,
} from '../ports/index';
import {
  type AccountRecord,
  type BillRunRecord,
  type CreditMemoRecord,
  type InvoiceRecord,
  type InvoiceScheduleRecord,
  type OrderRecord,
  type SubscriptionRecord,
  toAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../ports/records';
import type { BusinessDate } from '../time/date';
import { check, checkEqual, fail } from './assert';
import {
  buildAccount,
  buildBillRun,
  buildCharge,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceLine,
  buildInvoiceSchedule,
  buildInvoiceScheduleItem,
  buildOrder,
  buildSubscription,
} from './builders';

/**
 * A value or a promise of it.
 * @since 0.1.0
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Direct reads of what the adapter committed, bypassing its repositories (the Auth.js adapter-test
 * idea): when given, the kit also checks every commit and every rollback through them, so an
 * adapter whose reads and writes are wrong in the same way still fails. Each returns the stored
 * value as a record of `invoice-schedules` (convert your row with the `toXxxRecord` codecs), or
 * `null` when absent. Every probe is optional.
 * @since 0.1.0
 */
export interface RepositoryProbe {
  /** Reads the stored account record directly, bypassing the adapter's repositories. */
  readonly account?: (number: string) => MaybePromise<AccountRecord | null>;
  /** Reads the stored order record directly, bypassing the adapter's repositories. */
  readonly order?: (number: string) => MaybePromise<OrderRecord | null>;
  /** Reads the stored subscription record directly, bypassing the adapter's repositories. */
  readonly subscription?: (number: string) => MaybePromise<SubscriptionRecord | null>;
  /** Reads the stored invoice schedule record directly, bypassing the adapter's repositories. */
  readonly invoiceSchedule?: (number: string) => MaybePromise<InvoiceScheduleRecord | null>;
  /** Reads the stored invoice record directly, bypassing the adapter's repositories. */
  readonly invoice?: (number: string) => MaybePromise<InvoiceRecord | null>;
  /** Reads the stored credit memo record directly, bypassing the adapter's repositories. */
  readonly creditMemo?: (number: string) => MaybePromise<CreditMemoRecord | null>;
  /** Reads the stored bill run record directly, bypassing the adapter's repositories. */
  readonly billRun?: (number: string) => MaybePromise<BillRunRecord | null>;
  /** Reads the stored idempotency record directly. */
  readonly idempotencyKey?: (key: string) => MaybePromise<IdempotencyRecord | null>;
}

/**
 * Options of {@link describeRepositoryContract}. The test runner is injected (keyv test-suite
 * style), so the kit works with vitest, jest, mocha and `node:test` alike.
 * @since 0.1.0
 */
export interface RepositoryContractOptions<S extends UnitOfWork = UnitOfWork> {
  /** The runner's `describe` (groups tests). */
  readonly describe: (name: string, fn: () => void) => unknown;
  /** The runner's `it` / `test`; each test is an async function that throws on failure. */
  readonly it: (name: string, fn: () => Promise<void>) => unknown;
  /** A fresh, empty store; called once per test, so tests never share state. */
  readonly createStore: () => MaybePromise<S>;
  /** Releases a store after its test (close a connection, drop a schema). */
  readonly disposeStore?: (store: S) => MaybePromise<void>;
  /** Direct reads of the store's committed state; see {@link RepositoryProbe}. */
  readonly probe?: (store: S) => RepositoryProbe;
  /** Name of the adapter, shown in the suite title. */
  readonly name?: string;
}

type ProbeName = Exclude<keyof RepositoryProbe, 'idempotencyKey'>;

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

/** The repositories that read by id as well as by number (reference §10, "Keys"). */
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

/** Host-style ids (UUIDs), unlike any number, so a number-for-id mix-up cannot pass by accident. */
const uuid = (n: number): string => `6f1c2e3a-0000-4000-8000-${String(n).padStart(12, '0')}`;

const ROLLBACK = Object.freeze({ type: 'ContractRollback' as const, message: 'rolled back on purpose' });

const day = (value: string): BusinessDate => value as BusinessDate;

function isConflict(value: unknown): value is VersionConflict {
  return (
    typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'VersionConflict'
  );
}

function checkConflict(
  result: Result<void, VersionConflict>,
  expected: {
    entity: EntityName;
    key: string;
    expectedVersion: number;
    actualVersion: number | null | 'any';
  },
  what: string,
): void {
  if (result.isOk()) fail(`${what}: expected a VersionConflict, the write succeeded`);
  const conflict = result.error;
  check(
    isConflict(conflict),
    `${what}: the error must have type 'VersionConflict', got ${JSON.stringify(conflict)}`,
  );
  check(
    typeof conflict.message === 'string' && conflict.message.length > 0,
    `${what}: the conflict needs a message`,
  );
  const actual = {
    entity: conflict.entity,
    key: conflict.key,
    expectedVersion: conflict.expectedVersion,
    actualVersion: expected.actualVersion === 'any' ? 'any' : conflict.actualVersion,
  };
  checkEqual(actual, expected, `${what}: conflict details`);
  if (expected.actualVersion === 'any') {
    check(typeof conflict.actualVersion === 'number', `${what}: actualVersion must be the stored version`);
  }
}

function checkOk(result: Result<unknown, unknown>, what: string): void {
  if (result.isErr()) fail(`${what}: expected Ok, got Err ${JSON.stringify(result.error)}`);
}

function numbers<T extends { readonly number: string }>(values: readonly T[]): string[] {
  return values.map((v) => v.number);
}

/** A schedule with the given pending/processed items, for the due-date queries. */
function scheduleWith(
  number: string,
  accountNumber: string,
  items: readonly { runDate: string | null; status: InvoiceScheduleItem['status'] }[],
): InvoiceSchedule {
  return buildInvoiceSchedule({
    number,
    id: `id-${number}`,
    accountNumber,
    items: items.map((item, i) =>
      buildInvoiceScheduleItem({
        id: `${number}-item-${i + 1}`,
        sequence: i + 1,
        runDate: item.runDate,
        amount: '100.00',
        status: item.status,
        billedAmount: item.status === 'Processed' ? '100.00' : '0.00',
        invoiceNumber: item.status === 'Processed' ? `INV-${number}-${i + 1}` : null,
      }),
    ),
  });
}

/**
 * Registers the repository contract suite: the behaviour every adapter of the ports in
 * `invoice-schedules` must have (reference §2, §2.1). Run it from your adapter's test file with
 * your runner's `describe`/`it` and a factory of fresh stores:
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeRepositoryContract } from 'invoice-schedules/testing';
 * describeRepositoryContract({ describe, it, name: 'postgres', createStore: () => makePgStore() });
 * ```
 *
 * Every test creates its own store, so tests are independent and may run in any order. Covered:
 * round trips of every aggregate (compared as records), compare-and-set with typed
 * `VersionConflict`s, commit on `Ok` and rollback on `Err` / throw, gapless transactional
 * sequences, unique idempotency keys, the list queries' filters and ordering, lookups by id
 * (`getById`), CAS removal, and concurrent transactions. Assertions throw plain `Error`s; the kit does not import any runner.
 * @since 0.1.0
 */
export function describeRepositoryContract<S extends UnitOfWork>(
  options: RepositoryContractOptions<S>,
): void {
  const { describe, it } = options;

  /** Registers a test that runs `body` against a fresh store and always disposes it. */
  function test(name: string, body: (store: S, probe: RepositoryProbe) => Promise<void>): void {
    it(name, async () => {
      const store = await options.createStore();
      try {
        await body(store, options.probe?.(store) ?? {});
      } finally {
        await options.disposeStore?.(store);
      }
    });
  }

  /** Runs `work` in a transaction that must commit, and returns its value. */
  async function commit<T>(store: S, work: (r: Repositories) => Promise<T>): Promise<T> {
    const result = await store.transaction(async (r) => ok(await work(r)));
    if (result.isErr()) fail(`a transaction returning Ok came back as Err ${JSON.stringify(result.error)}`);
    return result.value;
  }

  /** Runs `work` in a transaction that returns an Err, so it must roll back. */
  async function rollBack(store: S, work: (r: Repositories) => Promise<void>): Promise<void> {
    const result = await store.transaction(async (r) => {
      await work(r);
      return err(ROLLBACK);
    });
    check(
      result.isErr() && result.error === ROLLBACK,
      'the transaction must return the Err of its work unchanged',
    );
  }

  async function probeEquals(
    probe: RepositoryProbe,
    name: ProbeName,
    key: string,
    expected: unknown,
  ): Promise<void> {
    const read = probe[name];
    if (read === undefined) return;
    checkEqual(await read(key), expected, `probe.${name}(${key})`);
  }

  const title = `repository contract${options.name === undefined ? '' : ` (${options.name})`}`;

  describe(title, () => {
    describe('shape', () => {
      test('the transaction hands out every repository with every method', async (store) => {
        const methods: Record<keyof Repositories, readonly string[]> = {
          accounts: ['get', 'insert', 'list'],
          orders: ['get', 'put'],
          subscriptions: ['get', 'save', 'listByAccount'],
          invoiceSchedules: [
            'get',
            'getById',
            'save',
            'listByAccount',
            'listWithItemsDue',
            'listByCharge',
            'remove',
          ],
          invoices: ['get', 'getById', 'save', 'listBySchedule', 'listByCharge', 'listByAccount'],
          creditMemos: ['get', 'getById', 'save', 'listBySchedule', 'listByAccount'],
          billRuns: ['get', 'getById', 'insert'],
          idempotency: ['get', 'insert'],
          sequences: ['next'],
        };
        await commit(store, async (r) => {
          for (const [repo, names] of Object.entries(methods)) {
            const repository = (r as unknown as Record<string, Record<string, unknown> | undefined>)[repo];
            check(repository !== undefined, `repositories.${repo} is missing`);
            for (const m of names)
              check(typeof repository[m] === 'function', `repositories.${repo}.${m} is not a function`);
          }
        });
      });

      test('get of an unknown number or key is null in every repository', async (store) => {
        await commit(store, async (r) => {
          const reads: [string, unknown][] = [
            ['accounts.get', await r.accounts.get('A-missing')],
            ['orders.get', await r.orders.get('O-missing')],
            ['subscriptions.get', await r.subscriptions.get('S-missing')],
            ['invoiceSchedules.get', await r.invoiceSchedules.get('IS-missing')],
            ['invoices.get', await r.invoices.get('INV-missing')],
            ['billRuns.get', await r.billRuns.get('BR-missing')],
            ['idempotency.get', await r.idempotency.get('key-missing')],
            ['invoiceSchedules.getById', await r.invoiceSchedules.getById(uuid(0))],
            ['invoices.getById', await r.invoices.getById(uuid(0))],
            ['creditMemos.getById', await r.creditMemos.getById(uuid(0))],
            ['billRuns.getById', await r.billRuns.getById(uuid(0))],
          ];
          for (const [what, value] of reads) check(value === null, `${what} of an unknown key must be null`);
        });
      });
    });

    describe('round trip (compared as records)', () => {
      test('an account reads back as written, in a later transaction', async (store, probe) => {
        const account = buildAccount({ number: 'A00000007', name: 'Ünïcode & "quotes"', currency: 'KWD' });
        checkOk(await commit(store, (r) => r.accounts.insert(account)), 'accounts.insert');
        const read = await commit(store, (r) => r.accounts.get(account.number));
        check(read !== null, 'the inserted account must be found');
        checkEqual(toAccountRecord(read), toAccountRecord(account), 'account');
        await probeEquals(probe, 'account', account.number, toAccountRecord(account));
      });

      test('an order reads back as written; put replaces it', async (store, probe) => {
        const order = buildOrder({ number: 'O-00000042', status: 'Pending' });
        await commit(store, (r) => r.orders.put(order));
        const read = await commit(store, (r) => r.orders.get(order.number));
        check(read !== null, 'the order must be found');
        checkEqual(toOrderRecord(read), toOrderRecord(order), 'order');
        const completed = { ...order, status: 'Completed' as const };
        await commit(store, (r) => r.orders.put(completed));
        const again = await commit(store, (r) => r.orders.get(order.number));
        check(again !== null, 'the replaced order must be found');
        checkEqual(toOrderRecord(again), toOrderRecord(completed), 'replaced order');
        await probeEquals(probe, 'order', order.number, toOrderRecord(completed));
      });

      test('a subscription with several rate plans and charge kinds reads back as written', async (store, probe) => {
        const subscription = buildSubscription({
          number: 'S-00000009',
          termEnd: '2025-12-31',
          ratePlans: [
            {
              id: 'rp-a',
              name: 'Plan A',
              charges: [
                buildCharge({ number: 'C-00000091', endDate: '2025-12-31', quantity: '2.5' }),
                buildCharge({
                  number: 'C-00000092',
                  type: 'OneTime',
                  price: '999.99',
                  listPriceBase: null,
                  billingPeriod: null,
                  endDate: '2023-01-01',
                }),
              ],
            },
            {
              id: 'rp-b',
              name: 'Plan B',
              charges: [
                buildCharge({
                  number: 'C-00000093',
                  billingPeriod: 'SpecificMonths',
                  specificBillingPeriodMonths: 36,
                  endDate: '2025-12-31',
                }),
                buildCharge({
                  number: 'C-00000094',
                  type: 'DiscountPercentage',
                  price: '0',
                  listPriceBase: null,
                  billingPeriod: null,
                  discountPercentage: '12.5',
                  endDate: '2025-12-31',
                }),
              ],
            },
          ],
        });
        checkOk(await commit(store, (r) => r.subscriptions.save(subscription)), 'subscriptions.save');
        const read = await commit(store, (r) => r.subscriptions.get(subscription.number));
        check(read !== null, 'the subscription must be found');
        checkEqual(toSubscriptionRecord(read), toSubscriptionRecord(subscription), 'subscription');
        await probeEquals(probe, 'subscription', subscription.number, toSubscriptionRecord(subscription));
      });

      test('an invoice schedule with every optional field set reads back as written', async (store, probe) => {
        const schedule = buildInvoiceSchedule({
          number: 'IS-00000011',
          notes: 'Ünïcode notes, "quoted", 255 chars max',
          nextRunDateOverride: '2023-03-01',
          invoiceSeparately: true,
          orders: ['O-00000001', 'O-00000002'],
          specificSubscriptions: [
            { orderNumber: 'O-00000002', subscriptionNumber: 'S-00000005', chargeNumbers: ['C-00000005'] },
          ],
          additionalSubscriptionsToBill: ['S-00000099'],
          items: [
            buildInvoiceScheduleItem({
              id: 'i1',
              sequence: 1,
              name: 'HTD',
              runDate: '2023-02-04',
              amount: '50000.00',
              percentage: '71.225071225071225071',
              status: 'Processed',
              billedAmount: '49000.00',
              invoiceNumber: 'INV00000001',
              creditMemoNumbers: ['CM00000001'],
              generation: 1,
              targetDateForAdditionalSubscriptions: '2023-02-28',
            }),
            buildInvoiceScheduleItem({ id: 'i2', sequence: 2, runDate: '2023-05-01', amount: '14000.00' }),
            buildInvoiceScheduleItem({ id: 'i3', sequence: 3, runDate: null, amount: '6200.00' }),
          ],
        });
        checkOk(await commit(store, (r) => r.invoiceSchedules.save(schedule)), 'invoiceSchedules.save');
        const read = await commit(store, (r) => r.invoiceSchedules.get(schedule.number));
        check(read !== null, 'the schedule must be found');
        checkEqual(toInvoiceScheduleRecord(read), toInvoiceScheduleRecord(schedule), 'invoice schedule');
        await probeEquals(probe, 'invoiceSchedule', schedule.number, toInvoiceScheduleRecord(schedule));
      });

      test('amounts keep their value at scales 0, 2 and 3, negative and large', async (store) => {
        const jpy = buildInvoiceSchedule({
          number: 'IS-00000021',
          currency: 'JPY',
          items: [buildInvoiceScheduleItem({ id: 'j1', amount: '123456789012345678' })],
        });
        const kwd = buildInvoice({
          number: 'INV00000021',
          currency: 'KWD',
          lines: [
            buildInvoiceLine({ id: 'k1', amount: '1000.005' }),
            buildInvoiceLine({
              id: 'k2',
              kind: 'Discount',
              amount: '-270.125',
              appliesToChargeNumber: 'C-00000001',
            }),
          ],
        });
        const usd = buildInvoice({
          number: 'INV00000022',
          lines: [
            buildInvoiceLine({ id: 'u1', amount: '-0.01' }),
            buildInvoiceLine({ id: 'u2', amount: '0.00' }),
          ],
        });
        await commit(store, async (r) => {
          checkOk(await r.invoiceSchedules.save(jpy), 'save JPY schedule');
          checkOk(await r.invoices.save(kwd), 'save KWD invoice');
          checkOk(await r.invoices.save(usd), 'save USD invoice');
        });
        await commit(store, async (r) => {
          const s = await r.invoiceSchedules.get(jpy.number);
          const k = await r.invoices.get(kwd.number);
          const u = await r.invoices.get(usd.number);
          check(s !== null && k !== null && u !== null, 'every saved aggregate must be found');
          checkEqual(toInvoiceScheduleRecord(s), toInvoiceScheduleRecord(jpy), 'JPY schedule');
          checkEqual(toInvoiceRecord(k), toInvoiceRecord(kwd), 'KWD invoice');
          checkEqual(toInvoiceRecord(u), toInvoiceRecord(usd), 'USD invoice');
          check(s.totalAmount.eq(jpy.totalAmount), 'the JPY total must keep its value');
        });
      });

      test('an invoice reads back as written', async (store, probe) => {
        const invoice = buildInvoice({ number: 'INV00000031', status: 'Posted' });
        checkOk(await commit(store, (r) => r.invoices.save(invoice)), 'invoices.save');
        const read = await commit(store, (r) => r.invoices.get(invoice.number));
        check(read !== null, 'the invoice must be found');
        checkEqual(toInvoiceRecord(read), toInvoiceRecord(invoice), 'invoice');
        await probeEquals(probe, 'invoice', invoice.number, toInvoiceRecord(invoice));
      });

      test('a bill run reads back as written; a second insert of its number conflicts', async (store, probe) => {
        const billRun = buildBillRun({
          number: 'BR-00000041',
          status: 'CompletedWithErrors',
          accountNumbers: ['A00000001', 'A00000002'],
          invoiceScheduleItemId: 'InvoiceScheduleItem-000001',
          failures: [
            { accountNumber: 'A00000002', errorType: 'VersionConflict', message: 'changed meanwhile' },
          ],
        });
        checkOk(await commit(store, (r) => r.billRuns.insert(billRun)), 'billRuns.insert');
        const read = await commit(store, (r) => r.billRuns.get(billRun.number));
        check(read !== null, 'the bill run must be found');
        checkEqual(toBillRunRecord(read), toBillRunRecord(billRun), 'bill run');
        await probeEquals(probe, 'billRun', billRun.number, toBillRunRecord(billRun));
        const again = await commit(store, (r) => r.billRuns.insert({ ...billRun, itemsProcessed: 99 }));
        checkConflict(
          again,
          { entity: 'BillRun', key: billRun.number, expectedVersion: 0, actualVersion: 'any' },
          'bill run re-insert',
        );
        await probeEquals(probe, 'billRun', billRun.number, toBillRunRecord(billRun));
      });

      test('a second insert of an account number conflicts and keeps the first', async (store, probe) => {
        const account = buildAccount({ number: 'A00000051' });
        checkOk(await commit(store, (r) => r.accounts.insert(account)), 'accounts.insert');
        const again = await commit(store, (r) => r.accounts.insert({ ...account, name: 'Other' }));
        checkConflict(
          again,
          { entity: 'Account', key: account.number, expectedVersion: 0, actualVersion: 'any' },
          'account re-insert',
        );
        const read = await commit(store, (r) => r.accounts.get(account.number));
        check(read !== null && read.name === account.name, 'the first account must stay');
        await probeEquals(probe, 'account', account.number, toAccountRecord(account));
      });

      test('a value read inside the transaction that wrote it equals the value written', async (store) => {
        const schedule = buildInvoiceSchedule({ number: 'IS-00000061' });
        await commit(store, async (r) => {
          checkOk(await r.invoiceSchedules.save(schedule), 'save');
          const read = await r.invoiceSchedules.get(schedule.number);
          check(read !== null, 'a transaction must read its own writes');
          checkEqual(toInvoiceScheduleRecord(read), toInvoiceScheduleRecord(schedule), 'read-your-writes');
        });
      });
    });

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
            check(
              (await c.repo(r).getById(kept.id)) !== null,
              'the committed value must still be found by id',
            );
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
            !numbers(await r.invoiceSchedules.listByAccount(schedule.accountNumber)).includes(
              schedule.number,
            ),
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
        check((await r.accounts.list()).length === 0, 'accounts.list must be empty after the rollback');
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
          check(
            (await r.sequences.next('BillRun')) === 2,
            'second number inside the rolled-back transaction',
          );
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

    describe('idempotency keys', () => {
      test('a key is inserted once: the second insert returns false and keeps the first record', async (store, probe) => {
        const first = { key: 'k-1', operation: 'executeInvoiceSchedule', result: 'BR-00000001' };
        check(await commit(store, (r) => r.idempotency.insert(first)), 'the first insert must return true');
        const second = await commit(store, (r) => r.idempotency.insert({ ...first, result: 'BR-00000002' }));
        check(second === false, 'a second insert of the same key must return false');
        checkEqual(await commit(store, (r) => r.idempotency.get('k-1')), first, 'stored record');
        if (probe.idempotencyKey !== undefined)
          checkEqual(await probe.idempotencyKey('k-1'), first, 'probe.idempotencyKey');
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

    describe('queries', () => {
      test('accounts.list returns every account ordered by number', async (store) => {
        await commit(store, async (r) => {
          for (const n of ['A00000003', 'A00000001', 'A00000002'])
            checkOk(await r.accounts.insert(buildAccount({ number: n, id: n })), n);
        });
        checkEqual(
          numbers(await commit(store, (r) => r.accounts.list())),
          ['A00000001', 'A00000002', 'A00000003'],
          'accounts.list',
        );
      });

      test("subscriptions.listByAccount returns only that account's subscriptions, ordered by number", async (store) => {
        await commit(store, async (r) => {
          for (const [n, account] of [
            ['S-00000003', 'A00000001'],
            ['S-00000001', 'A00000001'],
            ['S-00000002', 'A00000002'],
          ] as const) {
            checkOk(await r.subscriptions.save(buildSubscription({ number: n, accountNumber: account })), n);
          }
        });
        await commit(store, async (r) => {
          checkEqual(
            numbers(await r.subscriptions.listByAccount('A00000001')),
            ['S-00000001', 'S-00000003'],
            'A00000001',
          );
          checkEqual(numbers(await r.subscriptions.listByAccount('A00000002')), ['S-00000002'], 'A00000002');
          checkEqual(numbers(await r.subscriptions.listByAccount('A00000009')), [], 'unknown account');
        });
      });

      test("invoiceSchedules.listByAccount returns only that account's schedules, ordered by number, including the transaction's own writes", async (store) => {
        checkOk(
          await commit(store, (r) =>
            r.invoiceSchedules.save(
              buildInvoiceSchedule({ number: 'IS-00000003', accountNumber: 'A00000001' }),
            ),
          ),
          'save',
        );
        await commit(store, async (r) => {
          checkOk(
            await r.invoiceSchedules.save(
              buildInvoiceSchedule({ number: 'IS-00000001', accountNumber: 'A00000001' }),
            ),
            'save 1',
          );
          checkOk(
            await r.invoiceSchedules.save(
              buildInvoiceSchedule({ number: 'IS-00000002', accountNumber: 'A00000002' }),
            ),
            'save 2',
          );
          checkEqual(
            numbers(await r.invoiceSchedules.listByAccount('A00000001')),
            ['IS-00000001', 'IS-00000003'],
            'A00000001',
          );
          checkEqual(
            numbers(await r.invoiceSchedules.listByAccount('A00000002')),
            ['IS-00000002'],
            'A00000002',
          );
        });
      });

      /**
       * Saves schedules for the due-date tests. Due on 2023-05-01 (inclusive): IS-1 (run date on the
       * target), IS-2 (earlier, Executing), IS-4 (second item pending after a processed first),
       * IS-6 (other account). Not due: IS-3 (later), IS-5 (fully processed), IS-7 (blank run date).
       */
      async function saveDueFixtures(store: S): Promise<void> {
        const fixtures = [
          scheduleWith('IS-00000004', 'A00000001', [
            { runDate: '2023-01-01', status: 'Processed' },
            { runDate: '2023-04-01', status: 'Pending' },
          ]),
          scheduleWith('IS-00000002', 'A00000001', [{ runDate: '2023-03-01', status: 'Executing' }]),
          scheduleWith('IS-00000001', 'A00000001', [{ runDate: '2023-05-01', status: 'Pending' }]),
          scheduleWith('IS-00000003', 'A00000001', [{ runDate: '2023-05-02', status: 'Pending' }]),
          scheduleWith('IS-00000005', 'A00000001', [{ runDate: '2023-01-01', status: 'Processed' }]),
          scheduleWith('IS-00000006', 'A00000002', [{ runDate: '2023-02-01', status: 'Pending' }]),
          scheduleWith('IS-00000007', 'A00000001', [{ runDate: null, status: 'Pending' }]),
        ];
        await commit(store, async (r) => {
          for (const s of fixtures) checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
        });
      }

      /**
       * The port allows returning more than the due schedules (the planner re-checks), never fewer,
       * and never schedules outside the filter; results are ordered by number without duplicates.
       */
      function checkDue(
        actual: readonly InvoiceSchedule[],
        required: readonly string[],
        allowed: readonly string[],
        what: string,
      ): void {
        const got = numbers(actual);
        for (const n of required)
          check(got.includes(n), `${what}: ${n} is due and must be returned (got ${JSON.stringify(got)})`);
        for (const n of got)
          check(allowed.includes(n), `${what}: ${n} must not be returned (outside the filter)`);
        checkEqual(got, [...new Set(got)].sort(), `${what}: ordered by number, without duplicates`);
      }

      const ALL = [
        'IS-00000001',
        'IS-00000002',
        'IS-00000003',
        'IS-00000004',
        'IS-00000005',
        'IS-00000006',
        'IS-00000007',
      ];
      const A1 = ALL.filter((n) => n !== 'IS-00000006');

      test('listWithItemsDue includes every schedule with an unprocessed item on or before the target date (inclusive)', async (store) => {
        await saveDueFixtures(store);
        await commit(store, async (r) => {
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(day('2023-05-01'), {}),
            ['IS-00000001', 'IS-00000002', 'IS-00000004', 'IS-00000006'],
            ALL,
            'no filter',
          );
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(day('2023-05-01'), {
              accountNumbers: [],
              invoiceScheduleNumbers: [],
            }),
            ['IS-00000001', 'IS-00000002', 'IS-00000004', 'IS-00000006'],
            ALL,
            'empty filter lists mean all',
          );
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(day('2023-04-30'), {}),
            ['IS-00000002', 'IS-00000004', 'IS-00000006'],
            ALL,
            'the day before',
          );
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(day('2023-05-02'), {}),
            ['IS-00000001', 'IS-00000002', 'IS-00000003', 'IS-00000004', 'IS-00000006'],
            ALL,
            'the day after',
          );
        });
      });

      test('listWithItemsDue honours the account filter, the schedule filter, and both together', async (store) => {
        await saveDueFixtures(store);
        await commit(store, async (r) => {
          const target = day('2023-05-01');
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(target, { accountNumbers: ['A00000001'] }),
            ['IS-00000001', 'IS-00000002', 'IS-00000004'],
            A1,
            'account filter',
          );
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(target, { accountNumbers: ['A00000002', 'A00000009'] }),
            ['IS-00000006'],
            ['IS-00000006'],
            'account filter with an unknown account',
          );
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(target, {
              invoiceScheduleNumbers: ['IS-00000002', 'IS-00000003', 'IS-00000006'],
            }),
            ['IS-00000002', 'IS-00000006'],
            ['IS-00000002', 'IS-00000003', 'IS-00000006'],
            'schedule filter',
          );
          checkDue(
            await r.invoiceSchedules.listWithItemsDue(target, {
              accountNumbers: ['A00000001'],
              invoiceScheduleNumbers: ['IS-00000002', 'IS-00000006'],
            }),
            ['IS-00000002'],
            ['IS-00000002'],
            'both filters (AND)',
          );
        });
      });

      test('listByCharge (schedules) returns every schedule covering the charge, detached or not, ordered by number', async (store) => {
        const charge = (sub: string, c: string, detached = false) => ({
          orderNumber: 'O-00000001',
          subscriptionNumber: sub,
          chargeNumber: c,
          billedAmount: buildInvoiceScheduleItem().billedAmount,
          detached,
          detachment: detached ? { subscriptionVersion: 1, processingMark: 0 } : null,
        });
        await commit(store, async (r) => {
          checkOk(
            await r.invoiceSchedules.save(
              buildInvoiceSchedule({
                number: 'IS-00000012',
                charges: [charge('S-1', 'C-1'), charge('S-1', 'C-2')],
              }),
            ),
            'IS-12',
          );
          checkOk(
            await r.invoiceSchedules.save(
              buildInvoiceSchedule({ number: 'IS-00000011', charges: [charge('S-1', 'C-1', true)] }),
            ),
            'IS-11',
          );
          checkOk(
            await r.invoiceSchedules.save(
              buildInvoiceSchedule({ number: 'IS-00000013', charges: [charge('S-2', 'C-1')] }),
            ),
            'IS-13',
          );
        });
        await commit(store, async (r) => {
          checkEqual(
            numbers(await r.invoiceSchedules.listByCharge('S-1', 'C-1')),
            ['IS-00000011', 'IS-00000012'],
            'S-1/C-1',
          );
          checkEqual(
            numbers(await r.invoiceSchedules.listByCharge('S-1', 'C-2')),
            ['IS-00000012'],
            'S-1/C-2',
          );
          checkEqual(
            numbers(await r.invoiceSchedules.listByCharge('S-2', 'C-1')),
            ['IS-00000013'],
            'the charge number alone must not match',
          );
          checkEqual(numbers(await r.invoiceSchedules.listByCharge('S-9', 'C-9')), [], 'unknown charge');
        });
      });

      test('invoices.listBySchedule and listByCharge return the invoices with a matching line, ordered by number', async (store) => {
        const line = (id: string, schedule: string | null, sub: string, c: string) =>
          buildInvoiceLine({
            id,
            invoiceScheduleNumber: schedule,
            invoiceScheduleItemId: schedule === null ? null : `${schedule}-i`,
            subscriptionNumber: sub,
            chargeNumber: c,
          });
        await commit(store, async (r) => {
          checkOk(
            await r.invoices.save(
              buildInvoice({
                number: 'INV00000003',
                lines: [line('a', 'IS-00000001', 'S-1', 'C-1'), line('b', 'IS-00000002', 'S-2', 'C-2')],
              }),
            ),
            'INV3',
          );
          checkOk(
            await r.invoices.save(
              buildInvoice({ number: 'INV00000001', lines: [line('c', 'IS-00000001', 'S-1', 'C-1')] }),
            ),
            'INV1',
          );
          checkOk(
            await r.invoices.save(
              buildInvoice({ number: 'INV00000002', lines: [line('d', null, 'S-1', 'C-3')] }),
            ),
            'INV2',
          );
        });
        await commit(store, async (r) => {
          checkEqual(
            numbers(await r.invoices.listBySchedule('IS-00000001')),
            ['INV00000001', 'INV00000003'],
            'IS-00000001',
          );
          checkEqual(numbers(await r.invoices.listBySchedule('IS-00000002')), ['INV00000003'], 'IS-00000002');
          checkEqual(numbers(await r.invoices.listBySchedule('IS-00000009')), [], 'unknown schedule');
          checkEqual(
            numbers(await r.invoices.listByCharge('S-1', 'C-1')),
            ['INV00000001', 'INV00000003'],
            'S-1/C-1',
          );
          checkEqual(
            numbers(await r.invoices.listByCharge('S-1', 'C-3')),
            ['INV00000002'],
            'S-1/C-3 (line without a schedule)',
          );
          checkEqual(
            numbers(await r.invoices.listByCharge('S-2', 'C-1')),
            [],
            'subscription and charge must both match',
          );
        });
      });
    });
  });
}
