// `npm run bench -- --items N`: the billing workload of issue 11, measured end to end on the memory store.
// N/3 accounts, each with one order of four annual charges (C01's prices) and one schedule of three items;
// one bill run per item date. Every invoice is checked against a bare cascade computed in the same process
// (the floor: the decimal cascade of the same items plus plain invoice objects), and the documents of a
// fixed 300-item workload must match a committed checksum before anything is timed — an optimisation that
// changes a document fails here, not in production.
import { createHash } from 'node:crypto';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds, type MemoryStore } from 'invoice-schedules/memory';
import { cascadeLines, getCurrency, toDec } from 'invoice-schedules/money';

/** The documents of the 300-item workload (100 accounts), hashed (see `checksum`). */
export const CHECKSUM_300 = 'bd34b558155bac93cff44949b758bd63114476e462122e635b5f4e929510a0b5';

const USD = getCurrency('USD')._unsafeUnwrap();
const PRICES = ['36900.00', '21500.00', '11000.00', '800.00'] as const;
export const ITEMS = [
  { runDate: '2023-02-04', amount: '50000.00' },
  { runDate: '2023-05-01', amount: '14000.00' },
  { runDate: '2023-09-16', amount: '6200.00' },
] as const;

const accountNumber = (a: number) => `A${String(a).padStart(7, '0')}`;

/**
 * The library's entry points the workload calls: this checkout's, or another checkout's loaded from its
 * sources (`npm run bench -- --compare DIR`, bench/compare.ts).
 */
export interface Library {
  readonly saveNewAccount: typeof saveNewAccount;
  readonly saveNewOrder: typeof saveNewOrder;
  readonly activateSavedOrder: typeof activateSavedOrder;
  readonly createInvoiceSchedule: typeof createInvoiceSchedule;
  readonly runBillRun: typeof runBillRun;
  readonly fixedClock: typeof fixedClock;
  readonly DEFAULT_TENANT_SETTINGS: typeof DEFAULT_TENANT_SETTINGS;
  readonly createMemoryStore: typeof createMemoryStore;
  readonly createSequentialIds: typeof createSequentialIds;
}

/** This checkout's library. */
export const LIBRARY: Library = {
  saveNewAccount,
  saveNewOrder,
  activateSavedOrder,
  createInvoiceSchedule,
  runBillRun,
  fixedClock,
  DEFAULT_TENANT_SETTINGS,
  createMemoryStore,
  createSequentialIds,
};

/** A fresh memory store and a context on it, of `lib`. */
export function newContext(lib: Library = LIBRARY): {
  readonly context: BillingContext;
  readonly store: MemoryStore;
} {
  const store = lib.createMemoryStore();
  return {
    store,
    context: {
      store,
      ids: lib.createSequentialIds(),
      clock: lib.fixedClock('2023-01-01T12:00:00Z'),
      settings: lib.DEFAULT_TENANT_SETTINGS,
    },
  };
}

function orderOf(acc: string) {
  return {
    number: `O-${acc}`,
    accountNumber: acc,
    orderDate: '2023-01-01',
    actions: PRICES.map((price, c) => ({
      type: 'CreateSubscription',
      subscriptionNumber: `${acc}-S${c + 1}`,
      termType: 'Termed',
      termStart: '2023-01-01',
      termEnd: '2023-12-31',
      ratePlans: [
        {
          id: `${acc}-RP${c + 1}`,
          name: 'Plan',
          charges: [
            {
              number: `C${c + 1}`,
              name: `Charge ${c + 1}`,
              type: 'Recurring',
              price,
              listPriceBase: 'Year',
              billingPeriod: 'Annual',
            },
          ],
        },
      ],
    })),
  };
}

function must<T>(
  result: { isOk(): boolean; _unsafeUnwrap(): T; _unsafeUnwrapErr(): unknown },
  what: string,
): T {
  if (!result.isOk()) throw new Error(`${what}: ${JSON.stringify(result._unsafeUnwrapErr())}`);
  return result._unsafeUnwrap();
}

/** Sets up `accounts` accounts through the public operations (numbered from `first`) of `lib`. */
export async function setUp(
  context: BillingContext,
  accounts: number,
  progress: (done: number) => void,
  first = 0,
  lib: Library = LIBRARY,
): Promise<void> {
  for (let a = first; a < first + accounts; a++) {
    const acc = accountNumber(a);
    must(await lib.saveNewAccount(context, { id: acc, number: acc, name: acc, currency: 'USD' }), 'account');
    must(await lib.saveNewOrder(context, orderOf(acc)), 'order');
    must(await lib.activateSavedOrder(context, { orderNumber: `O-${acc}` }), 'activation');
    must(
      await lib.createInvoiceSchedule(context, {
        accountNumber: acc,
        orders: [`O-${acc}`],
        items: [...ITEMS],
      }),
      'schedule',
    );
    if (a % 1000 === 999) progress(a + 1);
  }
}

/**
 * One bill run per item date; returns the numbers of the invoices. `progress` is called after each run (the
 * bench's relay deletes the outbox's events there, as a host relaying them would).
 */
export async function billAll(
  context: BillingContext,
  progress: (date: string) => void,
  lib: Library = LIBRARY,
): Promise<string[]> {
  const invoices: string[] = [];
  for (const item of ITEMS) {
    // As a host billing many accounts would: the run's events stay in the outbox (relayed below), not in
    // the returned value.
    const run = must(
      await lib.runBillRun(context, { targetDate: item.runDate }, { keepEvents: false }),
      'bill run',
    );
    if (run.failures.length > 0) throw new Error(`bill run failures: ${JSON.stringify(run.failures[0])}`);
    for (const n of run.invoiceNumbers) invoices.push(n);
    progress(item.runDate);
  }
  return invoices;
}

/** The bare work: the cascade of every item of every account, and plain invoice and line objects. */
function floor(accounts: number): { lines: string[][] } {
  const totals = PRICES.map((p) => toDec(p));
  const out: string[][] = [];
  for (let a = 0; a < accounts; a++) {
    let billed = totals.map(() => toDec('0'));
    let after = toDec('0');
    for (const item of ITEMS) {
      after = after.plus(item.amount);
      const lines = cascadeLines({ totals, billed, after, currency: USD });
      billed = billed.map((b, j) => b.plus(lines[j] as never));
      const invoice = {
        accountNumber: accountNumber(a),
        lines: lines.map((l, j) => ({ charge: `C${j + 1}`, amount: l.toFixed(2) })),
      };
      out.push(invoice.lines.map((l) => l.amount));
    }
  }
  return { lines: out };
}

/** The fields of a stored invoice record the checksum reads. */
interface HashedInvoice {
  readonly number: string;
  readonly accountNumber: string;
  readonly invoiceDate: string;
  readonly amount: string;
  readonly lines: readonly {
    readonly subscriptionNumber: string;
    readonly chargeNumber: string;
    readonly amount: string;
    readonly serviceStartDate: string | null;
    readonly serviceEndDate: string | null;
  }[];
}

/**
 * A hash of invoices as stored, in number order: number, account, date, amount and each line's charge,
 * amount and period (ids and bill runs left out, so any store's documents can be compared).
 */
export function invoicesChecksum(invoices: Iterable<HashedInvoice>): string {
  const hash = createHash('sha256');
  for (const i of invoices) {
    hash.update(
      JSON.stringify([
        i.number,
        i.accountNumber,
        i.invoiceDate,
        i.amount,
        i.lines.map((l) => [
          l.subscriptionNumber,
          l.chargeNumber,
          l.amount,
          l.serviceStartDate,
          l.serviceEndDate,
        ]),
      ]),
    );
  }
  return hash.digest('hex');
}

/** The memory store's invoices hashed (see {@link invoicesChecksum}). */
export function checksum(store: MemoryStore): string {
  return invoicesChecksum(store.probe.snapshot().invoices);
}

/**
 * Every invoice's lines equal the bare cascade's, account by account, item by item. Read one invoice at a time
 * (a snapshot of a million items' store would not fit in one JSON string).
 */
function checkAgainstFloor(store: MemoryStore, numbers: readonly string[], expected: string[][]): void {
  const invoices = numbers.map((n) => {
    const r = store.probe.invoice(n);
    if (r === null) throw new Error(`invoice ${n} is not in the store`);
    return { number: r.number, accountNumber: r.accountNumber, invoiceDate: r.invoiceDate, lines: r.lines };
  });
  invoices.sort((x, y) =>
    x.accountNumber === y.accountNumber
      ? x.invoiceDate < y.invoiceDate
        ? -1
        : 1
      : x.accountNumber < y.accountNumber
        ? -1
        : 1,
  );
  if (invoices.length !== expected.length)
    throw new Error(`${invoices.length} invoices, the floor has ${expected.length}`);
  invoices.forEach((inv, k) => {
    const got = inv.lines.map((l) => l.amount).join(' ');
    const want = (expected[k] ?? []).join(' ');
    if (got !== want)
      throw new Error(
        `${inv.number} (${inv.accountNumber} ${inv.invoiceDate}): lines ${got}, cascade ${want}`,
      );
  });
}

export interface ItemsReport {
  readonly items: number;
  readonly setUpSeconds: number;
  readonly billSeconds: number;
  readonly floorSeconds: number;
  readonly peakRssMiB: number;
  /** µs per `createInvoiceSchedule` on the full store (its orders set up beforehand, not timed). */
  readonly createMicros: number;
  /** µs per order change on the full store (Remove Product of a billed charge: `activateSavedOrder`). */
  readonly orderChangeMicros: number;
}

const CALLS = 20;

/** Single-call costs on the full store: new schedules for new accounts, and order changes of old ones. */
async function singleCalls(
  context: BillingContext,
  accounts: number,
): Promise<{ create: number; change: number }> {
  let create = 0;
  for (let k = 0; k < CALLS; k++) {
    const acc = accountNumber(accounts + k);
    must(await saveNewAccount(context, { id: acc, number: acc, name: acc, currency: 'USD' }), 'account');
    must(await saveNewOrder(context, orderOf(acc)), 'order');
    must(await activateSavedOrder(context, { orderNumber: `O-${acc}` }), 'activation');
    const t = performance.now();
    must(
      await createInvoiceSchedule(context, { accountNumber: acc, orders: [`O-${acc}`], items: [...ITEMS] }),
      'schedule',
    );
    create += performance.now() - t;
  }
  let change = 0;
  for (let k = 0; k < Math.min(CALLS, accounts); k++) {
    const acc = accountNumber(k);
    must(
      await saveNewOrder(context, {
        number: `R-${acc}`,
        accountNumber: acc,
        orderDate: '2023-11-01',
        actions: [
          {
            type: 'RemoveProduct',
            subscriptionNumber: `${acc}-S4`,
            ratePlanId: `${acc}-RP4`,
            effectiveDate: '2023-12-01',
          },
        ],
      }),
      'removal',
    );
    const t = performance.now();
    must(await activateSavedOrder(context, { orderNumber: `R-${acc}` }), 'order change');
    change += performance.now() - t;
  }
  return { create: (create * 1000) / CALLS, change: (change * 1000) / Math.min(CALLS, accounts) };
}

/**
 * A host's relay, every 1,000 accounts set up and after each bill run: the events it published are deleted
 * from the outbox (not read here: publishing is the host's cost, not the library's).
 */
export function relay(store: MemoryStore): void {
  store.deleteOutbox(Number.MAX_SAFE_INTEGER);
}

/** Runs the workload for `items` schedule items (rounded down to whole accounts of three). */
export async function runItems(
  items: number,
  log: (line: string) => void = () => undefined,
): Promise<ItemsReport> {
  const accounts = Math.max(1, Math.floor(items / 3));
  const { context, store } = newContext();
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const t0 = performance.now();
  await setUp(context, accounts, (done) => {
    sample();
    relay(store);
    log(`set up ${done} / ${accounts} accounts`);
  });
  relay(store);
  const t1 = performance.now();
  const numbers = await billAll(context, (date) => {
    sample();
    relay(store);
    log(`billed ${date}`);
  });
  const t2 = performance.now();
  if (numbers.length !== accounts * ITEMS.length)
    throw new Error(`${numbers.length} invoices for ${accounts * 3} items`);
  const f0 = performance.now();
  const bare = floor(accounts);
  const f1 = performance.now();
  sample();
  // After the peak is taken: the check copies every invoice out of the store.
  checkAgainstFloor(store, numbers, bare.lines);
  const calls = await singleCalls(context, accounts);
  return {
    createMicros: calls.create,
    orderChangeMicros: calls.change,
    items: accounts * ITEMS.length,
    setUpSeconds: (t1 - t0) / 1000,
    billSeconds: (t2 - t1) / 1000,
    floorSeconds: (f1 - f0) / 1000,
    peakRssMiB: peak / 2 ** 20,
  };
}

/**
 * Heap per item after a full collection (`npm run bench -- --heap [--items N]`): after set-up and after the
 * bill runs, the outbox relayed as in {@link runItems}. `gc` is V8's full collection.
 */
export async function heapPerItem(
  items: number,
  gc: () => void,
): Promise<{ readonly items: number; readonly afterSetUp: number; readonly afterBillRuns: number }> {
  const used = () => {
    for (let i = 0; i < 3; i += 1) gc();
    return process.memoryUsage().heapUsed;
  };
  const accounts = Math.max(1, Math.floor(items / 3));
  const before = used();
  const { context, store } = newContext();
  await setUp(context, accounts, () => relay(store));
  relay(store);
  const afterSetUp = used();
  await billAll(context, () => relay(store));
  const afterBillRuns = used();
  const n = accounts * ITEMS.length;
  return { items: n, afterSetUp: (afterSetUp - before) / n, afterBillRuns: (afterBillRuns - before) / n };
}

/** The fixed workload's checksum (of `lib`), compared with {@link CHECKSUM_300}. */
export async function workloadChecksum(lib: Library = LIBRARY): Promise<string> {
  const { context, store } = newContext(lib);
  await setUp(context, 100, () => undefined, 0, lib);
  await billAll(context, () => undefined, lib);
  return checksum(store);
}
