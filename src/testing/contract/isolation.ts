import { err, ok } from 'neverthrow';
import type { BillRun } from '../../domain/billing/bill-run';
import type { Account } from '../../domain/contract/account';
import type { Subscription } from '../../domain/contract/subscription';
import type { CreditMemo } from '../../domain/documents/credit-memo';
import type { Invoice } from '../../domain/documents/invoice';
import type { Order } from '../../domain/order/order';
import type { InvoiceSchedule } from '../../domain/schedule/schedule';
import type { IdempotencyRecord, Repositories, UnitOfWork } from '../../ports/index';
import {
  toAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../../ports/records';
import { check, checkEqual, fail, firstDifference } from '../assert';
import {
  buildAccount,
  buildBillRun,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceLine,
  buildInvoiceSchedule,
  buildOrder,
  buildSubscription,
} from '../builders';
import { type ContractHarness, checkOk, day, skipUnlessAny, uuid } from './harness';

// Isolation between transactions, seen through what one transaction reads of the others:
// - no stale reads: a committed change is what the next transaction reads, whatever was read before
//   (an adapter that caches `get` results across transactions fails);
// - nothing of a rolled-back transaction is ever read, even if it was read inside it;
// - no dirty reads: a transaction does not read what another, still open, has written;
// - a rollback undoes only its own transaction's writes, not those another committed meanwhile.
// Every check compares one "view" — every get, getById and list the fixtures touch — with the view
// the committed state implies, so a cache or a leak in any repository fails.

/** What the store holds, as values; the expected view is computed from it, not read from the store. */
interface World {
  readonly accounts: readonly Account[];
  readonly orders: readonly Order[];
  readonly subscriptions: readonly Subscription[];
  readonly schedules: readonly InvoiceSchedule[];
  readonly invoices: readonly Invoice[];
  readonly memos: readonly CreditMemo[];
  readonly billRuns: readonly BillRun[];
  readonly keys: readonly IdempotencyRecord[];
}

const ACCOUNT = 'A00000501';
/** The schedule every fixture document's lines name, and the charge they bill (builder defaults). */
const SCHEDULE_OF_LINES = 'IS-00000001';
const CHARGE_OF_LINES = ['S-00000001', 'C-00000001'] as const;

const account = buildAccount({ number: ACCOUNT, id: 'acc-501' });
const newAccount = buildAccount({ number: 'A00000502', id: 'acc-502' });
/** The accounts the claimMany tests claim together (ascending, as a bill run's batch claims them). */
const CLAIMED = ['A00000511', 'A00000512', 'A00000513'].map((n) =>
  buildAccount({ number: n, id: `acc-${n}` }),
);
const order = buildOrder({ number: 'O-00000501', accountNumber: ACCOUNT, status: 'Pending' });
const subscription = buildSubscription({ number: 'S-00000501', accountNumber: ACCOUNT });
const schedule = buildInvoiceSchedule({ number: 'IS-00000501', id: uuid(501), accountNumber: ACCOUNT });
const removedSchedule = buildInvoiceSchedule({
  number: 'IS-00000502',
  id: uuid(502),
  accountNumber: ACCOUNT,
});
const newSchedule = buildInvoiceSchedule({ number: 'IS-00000503', id: uuid(503), accountNumber: ACCOUNT });
const invoice = buildInvoice({ number: 'INV00000501', id: uuid(511), accountNumber: ACCOUNT });
const newInvoice = buildInvoice({ number: 'INV00000502', id: uuid(512), accountNumber: ACCOUNT });
const memo = buildCreditMemo({
  number: 'CM00000501',
  id: uuid(521),
  accountNumber: ACCOUNT,
  status: 'Draft',
});
const newMemo = buildCreditMemo({ number: 'CM00000502', id: uuid(522), accountNumber: ACCOUNT });
const billRun = buildBillRun({ number: 'BR-00000501', id: uuid(531) });
const newBillRun = buildBillRun({ number: 'BR-00000502', id: uuid(532) });
const key = Object.freeze({ key: 'k-501', operation: 'executeInvoiceSchedule', result: 'INV00000501' });
const newKey = Object.freeze({ key: 'k-502', operation: 'runBillRun', result: 'BR-00000502' });

const BEFORE: World = {
  accounts: [account],
  orders: [order],
  subscriptions: [subscription],
  schedules: [schedule, removedSchedule],
  invoices: [invoice],
  memos: [memo],
  billRuns: [billRun],
  keys: [key],
};

const AFTER: World = {
  accounts: [account, newAccount],
  orders: [{ ...order, status: 'Completed' }],
  subscriptions: [{ ...subscription, invoiceSeparately: !subscription.invoiceSeparately, version: 2 }],
  schedules: [{ ...schedule, notes: 'changed', version: 2 }, newSchedule],
  invoices: [{ ...invoice, status: 'Posted', version: 2 }, newInvoice],
  memos: [{ ...memo, status: 'Posted', version: 2 }, newMemo],
  billRuns: [billRun, newBillRun],
  keys: [key, newKey],
};

/** Writes BEFORE into an empty store. */
async function writeBefore(r: Repositories): Promise<void> {
  checkOk(await r.accounts.insert(account), 'insert account');
  await r.orders.put(order);
  checkOk(await r.subscriptions.save(subscription), 'save subscription');
  for (const s of BEFORE.schedules) checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
  checkOk(await r.invoices.save(invoice), 'save invoice');
  checkOk(await r.creditMemos.save(memo), 'save credit memo');
  checkOk(await r.billRuns.insert(billRun), 'insert bill run');
  check(await r.idempotency.insert(key), 'insert idempotency key');
}

/** Turns BEFORE into AFTER: an update of every versioned aggregate, a removal, an insert of each. */
async function writeChange(r: Repositories): Promise<void> {
  const [sub] = AFTER.subscriptions;
  const [s2] = AFTER.schedules;
  const [i2] = AFTER.invoices;
  const [m2] = AFTER.memos;
  const [o2] = AFTER.orders;
  if (!(sub && s2 && i2 && m2 && o2)) throw new Error('AFTER fixtures');
  checkOk(await r.accounts.insert(newAccount), 'insert account');
  await r.orders.put(o2);
  checkOk(await r.subscriptions.save(sub), 'save subscription v2');
  checkOk(await r.invoiceSchedules.save(s2), 'save schedule v2');
  checkOk(await r.invoiceSchedules.remove(removedSchedule.number, 1), 'remove schedule');
  checkOk(await r.invoiceSchedules.save(newSchedule), 'save new schedule');
  checkOk(await r.invoices.save(i2), 'save invoice v2');
  checkOk(await r.invoices.save(newInvoice), 'save new invoice');
  checkOk(await r.creditMemos.save(m2), 'save credit memo v2');
  checkOk(await r.creditMemos.save(newMemo), 'save new credit memo');
  checkOk(await r.billRuns.insert(newBillRun), 'insert bill run');
  check(await r.idempotency.insert(newKey), 'insert idempotency key');
}

type View = Record<string, unknown>;

/** One aggregate's part of the view: a get per number, a getById per id, its lists. */
interface Part {
  read(r: Repositories, out: View): Promise<void>;
  expect(world: World, out: View): void;
}

function part<T extends { readonly number: string; readonly id?: string }>(c: {
  readonly name: string;
  readonly pick: (world: World) => readonly T[];
  readonly get: (r: Repositories, number: string) => Promise<T | null>;
  readonly getById?: (r: Repositories, id: string) => Promise<T | null>;
  /** Lists whose expected result is every value of the world, ordered by number. */
  readonly lists: readonly (readonly [string, (r: Repositories) => Promise<readonly T[]>])[];
  readonly toRecord: (value: T) => unknown;
}): Part {
  const all = [...c.pick(BEFORE), ...c.pick(AFTER)];
  const numbers = [...new Set(all.map((v) => v.number))].sort();
  const ids = [...new Set(all.flatMap((v) => (v.id === undefined ? [] : [v.id])))].sort();
  const record = (value: T | null | undefined) => (value == null ? null : c.toRecord(value));
  return {
    async read(r, out) {
      for (const n of numbers) out[`${c.name}.get(${n})`] = record(await c.get(r, n));
      if (c.getById !== undefined)
        for (const id of ids) out[`${c.name}.getById(${id})`] = record(await c.getById(r, id));
      for (const [label, list] of c.lists) out[`${c.name}.${label}`] = (await list(r)).map(c.toRecord);
    },
    expect(world, out) {
      const values = c.pick(world);
      for (const n of numbers) out[`${c.name}.get(${n})`] = record(values.find((v) => v.number === n));
      if (c.getById !== undefined)
        for (const id of ids) out[`${c.name}.getById(${id})`] = record(values.find((v) => v.id === id));
      const sorted = [...values].sort((a, b) => (a.number < b.number ? -1 : 1)).map(c.toRecord);
      for (const [label] of c.lists) out[`${c.name}.${label}`] = sorted;
    },
  };
}

const PARTS: readonly Part[] = [
  part({
    name: 'accounts',
    pick: (w) => w.accounts,
    get: (r, n) => r.accounts.get(n),
    lists: [['list(null, 100)', (r) => r.accounts.list(null, 100)]],
    toRecord: toAccountRecord,
  }),
  part({
    name: 'orders',
    pick: (w) => w.orders,
    get: (r, n) => r.orders.get(n),
    lists: [],
    toRecord: toOrderRecord,
  }),
  part({
    name: 'subscriptions',
    pick: (w) => w.subscriptions,
    get: (r, n) => r.subscriptions.get(n),
    lists: [[`listByAccount(${ACCOUNT})`, (r) => r.subscriptions.listByAccount(ACCOUNT)]],
    toRecord: toSubscriptionRecord,
  }),
  part({
    name: 'invoiceSchedules',
    pick: (w) => w.schedules,
    get: (r, n) => r.invoiceSchedules.get(n),
    getById: (r, id) => r.invoiceSchedules.getById(id),
    lists: [
      [`listByAccount(${ACCOUNT})`, (r) => r.invoiceSchedules.listByAccount(ACCOUNT)],
      [
        'listWithItemsDue(2023-12-31)',
        (r) => r.invoiceSchedules.listWithItemsDue(day('2023-12-31'), { accountNumbers: [ACCOUNT] }),
      ],
      [
        'listByCharge(S-00000002, C-00000002)',
        (r) => r.invoiceSchedules.listByCharge('S-00000002', 'C-00000002'),
      ],
    ],
    toRecord: toInvoiceScheduleRecord,
  }),
  part({
    name: 'invoices',
    pick: (w) => w.invoices,
    get: (r, n) => r.invoices.get(n),
    getById: (r, id) => r.invoices.getById(id),
    lists: [
      [`listByAccount(${ACCOUNT})`, (r) => r.invoices.listByAccount(ACCOUNT)],
      [`listBySchedule(${SCHEDULE_OF_LINES})`, (r) => r.invoices.listBySchedule(SCHEDULE_OF_LINES)],
      ['listByCharge(S-00000001, C-00000001)', (r) => r.invoices.listByCharge(...CHARGE_OF_LINES)],
    ],
    toRecord: toInvoiceRecord,
  }),
  part({
    name: 'creditMemos',
    pick: (w) => w.memos,
    get: (r, n) => r.creditMemos.get(n),
    getById: (r, id) => r.creditMemos.getById(id),
    lists: [
      [`listByAccount(${ACCOUNT})`, (r) => r.creditMemos.listByAccount(ACCOUNT)],
      [`listBySchedule(${SCHEDULE_OF_LINES})`, (r) => r.creditMemos.listBySchedule(SCHEDULE_OF_LINES)],
    ],
    toRecord: toCreditMemoRecord,
  }),
  part({
    name: 'billRuns',
    pick: (w) => w.billRuns,
    get: (r, n) => r.billRuns.get(n),
    getById: (r, id) => r.billRuns.getById(id),
    lists: [],
    toRecord: toBillRunRecord,
  }),
  part({
    name: 'idempotency',
    pick: (w) => w.keys.map((k) => ({ ...k, number: k.key })),
    get: async (r, n) => {
      const found = await r.idempotency.get(n);
      return found === null ? null : { ...found, number: found.key };
    },
    lists: [],
    toRecord: ({ key: k, operation, result }) => ({ key: k, operation, result }),
  }),
];

/** Everything a transaction reads of the fixtures. */
async function readView(r: Repositories): Promise<View> {
  const out: View = {};
  for (const p of PARTS) await p.read(r, out);
  return out;
}

/** The view the committed state `world` implies. */
function expectedView(world: World): View {
  const out: View = {};
  for (const p of PARTS) p.expect(world, out);
  return out;
}

// How long the kit holds a transaction open for another to run beside it. A store that runs
// transactions one at a time (or a pool of one connection) never starts the second one's work while
// the first is open: after START_WAIT_MS the first is let go, and the check still holds — it then
// reads after the first ended. A store that runs them side by side gets up to FINISH_WAIT_MS to finish
// the second (a read that waits on a lock the first holds lands here, and is let go too).
const START_WAIT_MS = 50;
const FINISH_WAIT_MS = 2000;
const POLL_MS = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const HELD_ROLLBACK = Object.freeze({ type: 'ContractRollback' as const, message: 'rolled back on purpose' });

/**
 * Runs `first.write` in a transaction that then stays open while `second` runs in another
 * transaction (see START_WAIT_MS), and ends it as `first.outcome` says. Returns what `second`
 * returned and whether it finished while the first was still open (`overlapped`: only then must it
 * have been isolated from an outcome it could not know).
 */
async function beside<T>(
  store: UnitOfWork,
  first: { readonly write: (r: Repositories) => Promise<void>; readonly outcome: 'commit' | 'rollback' },
  second: (r: Repositories) => Promise<T>,
): Promise<{ readonly value: T; readonly overlapped: boolean }> {
  const [only] = await besideAll(store, first, [second]);
  return only as { readonly value: T; readonly overlapped: boolean };
}

/**
 * `beside` with several transactions started at once beside the held one, each in its own
 * transaction; returns, for each, its value and whether it finished while the first was still open.
 * The first is let go when all finished, or none started after START_WAIT_MS (a store that runs
 * transactions one at a time, or whose pool has no connection left), or after FINISH_WAIT_MS.
 */
async function besideAll<T>(
  store: UnitOfWork,
  first: { readonly write: (r: Repositories) => Promise<void>; readonly outcome: 'commit' | 'rollback' },
  seconds: readonly ((r: Repositories) => Promise<T>)[],
): Promise<readonly { readonly value: T; readonly overlapped: boolean }[]> {
  let wrote: () => void = () => undefined;
  const written = new Promise<void>((resolve) => {
    wrote = resolve;
  });
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const firstTx = store.transaction(async (r) => {
    await first.write(r);
    wrote();
    await released;
    return first.outcome === 'commit' ? ok(undefined) : err(HELD_ROLLBACK);
  });
  let started = 0;
  const finished = seconds.map(() => false);
  const secondTxs: Promise<T>[] = [];
  try {
    // The first ends early only by throwing (its work waits for `released`), which rejects here.
    await Promise.race([written, firstTx]);
    for (const [i, second] of seconds.entries()) {
      const tx = store
        .transaction(async (r) => {
          started += 1;
          return ok(await second(r));
        })
        .then((result) => {
          if (result.isErr())
            fail(`a transaction returning Ok came back as Err ${JSON.stringify(result.error)}`);
          return result.value;
        })
        .finally(() => {
          finished[i] = true;
        });
      tx.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
      secondTxs.push(tx);
    }
    const since = performance.now();
    for (;;) {
      const waited = performance.now() - since;
      if (finished.every(Boolean) || waited >= FINISH_WAIT_MS || (started === 0 && waited >= START_WAIT_MS))
        break;
      await sleep(POLL_MS);
    }
  } finally {
    release();
  }
  const overlapped = [...finished];
  const [firstResult, ...secondResults] = await Promise.allSettled([firstTx, ...secondTxs]);
  if (firstResult?.status === 'rejected') throw firstResult.reason;
  for (const result of secondResults) if (result.status === 'rejected') throw result.reason;
  const outcome = (firstResult as PromiseFulfilledResult<Awaited<typeof firstTx>>).value;
  if (first.outcome === 'commit') {
    check(outcome.isOk(), `the held transaction must commit, got Err ${JSON.stringify(outcome)}`);
  } else {
    check(
      outcome.isErr() && outcome.error === HELD_ROLLBACK,
      'the held transaction must return its Err unchanged',
    );
  }
  return secondResults.map((result, i) => ({
    value: (result as PromiseFulfilledResult<T>).value,
    overlapped: overlapped[i] === true,
  }));
}

/** Commits the accounts of CLAIMED, once the test is skipped unless the store has `accounts.claimMany`. */
async function insertClaimed(store: UnitOfWork): Promise<void> {
  await skipUnlessAny(store, (r) => ({ 'accounts.claimMany': r.accounts.claimMany }));
  const result = await store.transaction(async (r) => {
    for (const a of CLAIMED) {
      const inserted = await r.accounts.insert(a);
      if (inserted.isErr()) return err(inserted.error);
    }
    return ok(undefined);
  });
  if (result.isErr())
    fail(`accounts.insert of ${CLAIMED.map((a) => a.number).join(', ')}: ${JSON.stringify(result.error)}`);
}

/** `accounts.claimMany(numbers)`, which the caller checked the repositories have. */
async function claimManyOf(r: Repositories, numbers: readonly string[]): Promise<void> {
  if (r.accounts.claimMany === undefined) fail('accounts.claimMany disappeared between transactions');
  await r.accounts.claimMany(numbers);
}

/** No stale reads, nothing of a rolled-back transaction, no dirty reads, rollbacks that undo only their own. */
export function describeIsolation<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack, probeEquals } = harness;
  describe('isolation', () => {
    test('a committed change is what the next transaction reads, whatever an earlier one read (no stale cache)', async (store) => {
      await commit(store, writeBefore);
      // Reads every value, the absent ones too, so a cache of values or of misses would hold them.
      checkEqual(await commit(store, readView), expectedView(BEFORE), 'the view before the change');
      await commit(store, writeChange);
      checkEqual(
        await commit(store, readView),
        expectedView(AFTER),
        'the view after a committed change (a cached read would show the earlier value)',
      );
    });

    test('nothing a rolled-back transaction wrote is read afterwards, even what it read itself', async (store, probe) => {
      await commit(store, writeBefore);
      await rollBack(store, async (r) => {
        await writeChange(r);
        checkEqual(await readView(r), expectedView(AFTER), "the rolled-back transaction's own view");
      });
      checkEqual(
        await commit(store, readView),
        expectedView(BEFORE),
        'the view after the rollback (a cache filled by the rolled-back transaction would show its values)',
      );
      await probeEquals(probe, 'invoice', newInvoice.number, null);
      await probeEquals(probe, 'invoiceSchedule', schedule.number, toInvoiceScheduleRecord(schedule));
    });

    test('a claim of an account holds a second claim of it until the first transaction ends', async (store) => {
      await commit(store, async (r) => {
        checkOk(await r.accounts.insert(account), 'accounts.insert');
      });
      const { overlapped } = await beside(
        store,
        { write: (r) => r.accounts.claim(ACCOUNT), outcome: 'commit' },
        async (r) => {
          await r.accounts.claim(ACCOUNT);
          return true;
        },
      );
      check(
        !overlapped,
        `a second claim of ${ACCOUNT} returned while the first transaction still held it: accounts.claim must be a row lock held to the end of the transaction (SELECT … FOR UPDATE)`,
      );
    });

    test('accounts.claimMany holds the claim of every account it names until its transaction ends', async (store) => {
      await insertClaimed(store);
      const numbers = CLAIMED.map((a) => a.number);
      // One claim of each account beside the held batch: a claimMany that locks only some accounts (the
      // first, say) lets the claims of the others return.
      const seconds = await besideAll(
        store,
        { write: (r) => claimManyOf(r, numbers), outcome: 'commit' },
        numbers.map((n) => async (r: Repositories) => {
          await r.accounts.claim(n);
          return n;
        }),
      );
      const returned = seconds.filter((s) => s.overlapped).map((s) => s.value);
      check(
        returned.length === 0,
        `a claim of ${returned.join(', ')} returned while a transaction that called accounts.claimMany([${numbers.join(', ')}]) was still open: claimMany must take each account's row lock and hold it to the end of the transaction, as accounts.claim does (bill runs claim their batches with it)`,
      );
    });

    test('accounts.claimMany waits for a claim another transaction holds on any account it names, and claimMany excludes claimMany', async (store) => {
      await insertClaimed(store);
      const numbers = CLAIMED.map((a) => a.number);
      const last = numbers[numbers.length - 1] as string;
      // The last account is held by a claim, so a claimMany that claims the first only, or that skips
      // accounts locked by others (SKIP LOCKED, NOWAIT swallowed), returns.
      const [byClaim] = await besideAll(store, { write: (r) => r.accounts.claim(last), outcome: 'commit' }, [
        async (r: Repositories) => {
          await claimManyOf(r, numbers);
          return true;
        },
      ]);
      check(
        byClaim?.overlapped === false,
        `accounts.claimMany([${numbers.join(', ')}]) returned while another transaction held the claim of ${last} (accounts.claim): claimMany must wait for every account's row lock`,
      );
      const [byBatch] = await besideAll(
        store,
        { write: (r) => claimManyOf(r, numbers.slice(1)), outcome: 'commit' },
        [
          async (r: Repositories) => {
            await claimManyOf(r, numbers.slice(0, 2));
            return true;
          },
        ],
      );
      check(
        byBatch?.overlapped === false,
        `accounts.claimMany([${numbers.slice(0, 2).join(', ')}]) returned while another transaction's claimMany([${numbers.slice(1).join(', ')}]) held ${numbers[1]}: two claimMany calls naming one account must exclude each other`,
      );
    });

    test('a transaction does not read what another, still open, wrote and then rolls back (no dirty reads)', async (store) => {
      await commit(store, writeBefore);
      const { value } = await beside(store, { write: writeChange, outcome: 'rollback' }, readView);
      checkEqual(value, expectedView(BEFORE), "the view beside an open transaction's writes");
      checkEqual(await commit(store, readView), expectedView(BEFORE), 'the view after the rollback');
    });

    test('a transaction reads the committed values, not the update another still open is making', async (store) => {
      await commit(store, writeBefore);
      const { value, overlapped } = await beside(store, { write: writeChange, outcome: 'commit' }, readView);
      const before = expectedView(BEFORE);
      const after = expectedView(AFTER);
      if (overlapped) {
        checkEqual(value, before, 'the view read while the other transaction was still open');
      } else {
        // Read after the other ended (a store that serialises transactions) or while it committed:
        // each value is the one before or the one after, nothing else.
        for (const [name, seen] of Object.entries(value)) {
          if (firstDifference(seen, before[name]) !== null && firstDifference(seen, after[name]) !== null)
            fail(`${name}: read ${JSON.stringify(seen)}, neither the committed value before nor after`);
        }
      }
      checkEqual(await commit(store, readView), after, 'the view after the commit');
    });

    test('a rollback undoes only its own writes: what another transaction committed meanwhile stays, numbers included', async (store, probe) => {
      await commit(store, writeBefore);
      const other = {
        order: buildOrder({ number: 'O-00000599', accountNumber: 'A00000599' }),
        billRun: buildBillRun({ number: 'BR-00000599', id: uuid(599) }),
        key: { key: 'k-599', operation: 'executeInvoiceSchedule', result: 'INV00000599' },
        invoice: buildInvoice({
          number: 'INV00000599',
          id: uuid(598),
          accountNumber: 'A00000599',
          lines: [
            buildInvoiceLine({
              id: 'l-599',
              subscriptionNumber: 'S-00000599',
              invoiceScheduleNumber: null,
              invoiceScheduleItemId: null,
            }),
          ],
        }),
      };
      const { value: number } = await beside(
        store,
        { write: writeChange, outcome: 'rollback' },
        async (r) => {
          await r.orders.put(other.order);
          checkOk(await r.billRuns.insert(other.billRun), 'insert bill run');
          check(await r.idempotency.insert(other.key), 'insert idempotency key');
          checkOk(await r.invoices.save(other.invoice), 'save invoice');
          return r.sequences.next('Invoice');
        },
      );
      check(number === 1, `the first invoice number must be 1, got ${number}`);
      checkEqual(await commit(store, readView), expectedView(BEFORE), 'the view after the rollback');
      await commit(store, async (r) => {
        check(
          (await r.orders.get(other.order.number)) !== null,
          'the order committed beside the rollback must stay',
        );
        check(
          (await r.billRuns.get(other.billRun.number)) !== null,
          'the bill run committed beside the rollback must stay',
        );
        checkEqual(
          await r.idempotency.get(other.key.key),
          other.key,
          'the key committed beside the rollback',
        );
        const kept = await r.invoices.get(other.invoice.number);
        check(kept !== null, 'the invoice committed beside the rollback must stay');
        checkEqual(
          toInvoiceRecord(kept),
          toInvoiceRecord(other.invoice),
          'the invoice committed beside the rollback',
        );
        const next = await r.sequences.next('Invoice');
        check(
          next === 2,
          `the invoice number committed beside the rollback must not be issued again: got ${next}, expected 2`,
        );
      });
      await probeEquals(probe, 'invoice', other.invoice.number, toInvoiceRecord(other.invoice));
      await probeEquals(probe, 'order', other.order.number, toOrderRecord(other.order));
    });
  });
}
