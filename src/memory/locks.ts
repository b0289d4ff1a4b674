// Row locks of the memory store's read-committed mode, modelled on PostgreSQL at READ COMMITTED: a
// write locks its row until the transaction ends, a second writer of the row waits for that end and
// then checks against what was committed, and a wait that would close a cycle fails at once with
// 40P01 (PostgreSQL finds it after `deadlock_timeout`; nothing here is time-based, so at once).

/** Which row a write call locks, from the call's arguments. */
type RowOf = (args: readonly unknown[]) => string | readonly string[];

/** A string argument as is; of an object argument, the property `name`. */
function field(value: unknown, name: string): string {
  if (typeof value === 'object' && value !== null) return String((value as Record<string, unknown>)[name]);
  return String(value);
}

/** Of a batch write's first argument (a list): the row of each element, in order. */
const eachOf =
  (rowOf: RowOf): RowOf =>
  (args) =>
    (Array.isArray(args[0]) ? args[0] : [args[0]]).flatMap((element) => rowOf([element]));

const byNumber =
  (repository: string): RowOf =>
  (args) =>
    `${repository}:${field(args[0], 'number')}`;

/**
 * Every write method of the repositories and the row it locks: `repository:number`, the idempotency
 * key, the sequence name. A new write method goes here (an unlisted write would race unseen).
 */
const WRITES: Readonly<Record<string, RowOf>> = Object.freeze({
  'accounts.insert': byNumber('accounts'),
  'accounts.claim': byNumber('accounts'), // (accountNumber): the billing claim is the account's row lock
  // (accountNumbers): each account's row, in the order given (callers sort them).
  'accounts.claimMany': (args) =>
    (Array.isArray(args[0]) ? args[0] : [args[0]]).map((n) => `accounts:${field(n, 'number')}`),
  'orders.insert': byNumber('orders'),
  'orders.put': byNumber('orders'),
  'subscriptions.save': byNumber('subscriptions'),
  'invoiceSchedules.save': byNumber('invoiceSchedules'),
  'invoiceSchedules.saveMany': eachOf(byNumber('invoiceSchedules')),
  'invoiceSchedules.remove': byNumber('invoiceSchedules'), // (number, expectedVersion)
  'invoices.save': byNumber('invoices'),
  'invoices.saveMany': eachOf(byNumber('invoices')),
  'creditMemos.save': byNumber('creditMemos'),
  'creditMemos.saveMany': eachOf(byNumber('creditMemos')),
  'billRuns.insert': byNumber('billRuns'),
  'billRuns.save': byNumber('billRuns'),
  'billRuns.saveAccount': (args) =>
    `billRunAccounts:${field(args[0], 'billRunNumber')}/${field(args[0], 'accountNumber')}`,
  'billRuns.saveAccounts': eachOf(
    (args) => `billRunAccounts:${field(args[0], 'billRunNumber')}/${field(args[0], 'accountNumber')}`,
  ),
  // (request): leasing reads and moves the run's cursor, so concurrent leasers of a run take turns.
  'billRuns.leaseAccounts': (args) => `billRunCursor:${field(args[0], 'billRunNumber')}`,
  // (billRunNumber, accountNumbers): the run's lease rows; one lock for the batch.
  'billRuns.finishAccountLeases': (args) => `billRunLeases:${String(args[0])}`,
  'idempotency.insert': (args) => `idempotency:${field(args[0], 'key')}`,
  'idempotency.insertMany': eachOf((args) => `idempotency:${field(args[0], 'key')}`),
  // (before, limit): one lock for the pruners, which take turns (PostgreSQL's SKIP LOCKED has them share
  // the rows instead). The records it deletes are older than any key still being inserted.
  'idempotency.deleteCreatedBefore': () => 'idempotencyPrune',
  'sequences.next': (args) => `sequence:${String(args[0])}`,
  'sequences.nextBlock': (args) => `sequence:${String(args[0])}`,
});

/** Every read method: they take no lock (READ COMMITTED reads never wait). A new read goes here. */
// `outbox.append` locks nothing: an event's id is unique to the change it tells (the change's own row was
// locked by its save), so two transactions never append the same event.
const READS: ReadonlySet<string> = new Set([
  'outbox.append',
  'accounts.get',
  'accounts.list',
  'orders.get',
  'subscriptions.get',
  'subscriptions.listByAccount',
  'subscriptions.listByAccounts',
  'invoiceSchedules.get',
  'invoiceSchedules.getById',
  'invoiceSchedules.listByAccount',
  'invoiceSchedules.listByAccounts',
  'invoiceSchedules.listWithItemsDue',
  'invoiceSchedules.listByCharge',
  'invoiceSchedules.page',
  'invoices.get',
  'invoices.getById',
  'invoices.listBySchedule',
  'invoices.listBySchedules',
  'invoices.listByAccount',
  'invoices.listByCharge',
  'invoices.page',
  'creditMemos.get',
  'creditMemos.getById',
  'creditMemos.listByAccount',
  'creditMemos.listBySchedule',
  'creditMemos.listBySchedules',
  'creditMemos.page',
  'billRuns.get',
  'billRuns.getById',
  'billRuns.getAccount',
  'billRuns.getAccounts',
  'billRuns.listAccounts',
  'billRuns.listOpenLeases',
  'idempotency.get',
]);

/**
 * The row the call `label` (`invoices.save`) locks, or `null` for a read. A method in neither list
 * throws rather than run unlocked: a write nobody listed would hide exactly the races the mode is for.
 */
export function rowLocked(label: string, args: readonly unknown[]): string | readonly string[] | null {
  const rowOf = WRITES[label];
  if (rowOf !== undefined) return rowOf(args);
  if (READS.has(label)) return null;
  throw new Error(
    `memory store: read-committed mode does not know whether ${label} writes. List it in src/memory/locks.ts: in WRITES with the row it locks, or in READS.`,
  );
}

/** An Error carrying PostgreSQL's SQLSTATE, so hosts' retry code written for pg recognises it. */
export type SqlStateError = Error & { readonly code: string };

function sqlStateError(code: string, message: string): SqlStateError {
  return Object.assign(new Error(message), { code });
}

/** A transaction's call waiting for a row. */
interface Waiter {
  readonly owner: object;
  readonly grant: () => void;
  readonly cancel: (reason: Error) => void;
}

/** The lock table of one store; an owner is one transaction's identity object. */
export interface RowLocks {
  /**
   * Before a repository call of `owner`: refuses it if a deadlock aborted the transaction, and for a
   * write waits until the row is free, then holds it to the transaction's end (a row already held by
   * `owner` is taken again at once). Rejects with `code: '40P01'` instead of waiting into a cycle.
   */
  enter(owner: object, label: string, args: readonly unknown[]): Promise<void>;
  /** The deadlock error that aborted `owner`, if one did: such a transaction must not commit. */
  aborted(owner: object): SqlStateError | undefined;
  /** `owner` ended: frees its rows (each to its next waiter, in arrival order) and drops its waits. */
  end(owner: object): void;
}

/** A fresh lock table: holders, FIFO queues of waiters and the deadlock victims, per store. */
export function createRowLocks(): RowLocks {
  const holders = new Map<string, object>();
  const queues = new Map<string, Waiter[]>();
  const held = new Map<object, Set<string>>();
  const victims = new Map<object, SqlStateError>();

  function hold(owner: object, row: string): void {
    holders.set(row, owner);
    const rows = held.get(owner);
    if (rows === undefined) held.set(owner, new Set([row]));
    else rows.add(row);
  }

  /**
   * Whom `owner` waits for: the holder of each row it queues for, and everyone queued before it
   * (grants go in arrival order, so they get the row first). Counting those queued ahead finds the
   * cycles a transaction waiting on two rows at once (`Promise.all` in one work) could close later.
   */
  function waitsFor(owner: object): object[] {
    const out: object[] = [];
    for (const [row, queue] of queues) {
      const at = queue.findIndex((w) => w.owner === owner);
      if (at < 0) continue;
      const holder = holders.get(row);
      if (holder !== undefined) out.push(holder);
      for (const w of queue.slice(0, at)) out.push(w.owner);
    }
    return out;
  }

  /** Whether one of `from` is `target` or (transitively) waits for it. */
  function reaches(from: readonly object[], target: object): boolean {
    const seen = new Set<object>();
    const stack = [...from];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (next === target) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...waitsFor(next));
    }
    return false;
  }

  /** Hands `row` to its first waiter (with that owner's other waits on it), or frees it. */
  function pass(row: string): void {
    const queue = queues.get(row) ?? [];
    const first = queue[0];
    if (first === undefined) {
      holders.delete(row);
      queues.delete(row);
      return;
    }
    const granted = queue.filter((w) => w.owner === first.owner);
    const rest = queue.filter((w) => w.owner !== first.owner);
    if (rest.length === 0) queues.delete(row);
    else queues.set(row, rest);
    hold(first.owner, row);
    for (const w of granted) w.grant();
  }

  function enter(owner: object, label: string, args: readonly unknown[]): Promise<void> {
    const victim = victims.get(owner);
    if (victim !== undefined) {
      return Promise.reject(
        sqlStateError(
          '25P02',
          `memory store: ${label} refused: current transaction is aborted (${victim.message}). Let the work throw or return an Err; it is rolled back.`,
        ),
      );
    }
    const rows = rowLocked(label, args);
    if (rows === null) return Promise.resolve();
    if (typeof rows !== 'string') return enterEach(owner, label, rows);
    return enterRow(owner, label, rows);
  }

  /** A call locking several rows takes them one after the other, in the order given. */
  async function enterEach(owner: object, label: string, rows: readonly string[]): Promise<void> {
    for (const row of rows) await enterRow(owner, label, row);
  }

  function enterRow(owner: object, label: string, row: string): Promise<void> {
    const holder = holders.get(row);
    if (holder === undefined) {
      hold(owner, row);
      return Promise.resolve();
    }
    if (holder === owner) return Promise.resolve();
    const queue = queues.get(row) ?? [];
    const ahead = [holder, ...queue.map((w) => w.owner)].filter((o) => o !== owner);
    if (reaches(ahead, owner)) {
      const error = sqlStateError(
        '40P01',
        `memory store: deadlock detected (40P01): ${label} would wait for row ${row}, held by a transaction that waits for one this transaction holds. This transaction is rolled back; retry it.`,
      );
      victims.set(owner, error);
      return Promise.reject(error);
    }
    return new Promise<void>((grant, cancel) => {
      queue.push({ owner, grant, cancel });
      queues.set(row, queue);
    });
  }

  function end(owner: object): void {
    // A call still waiting when its transaction ended (work that did not await it) must not get the row.
    for (const [row, queue] of queues) {
      const mine = queue.filter((w) => w.owner === owner);
      if (mine.length === 0) continue;
      const rest = queue.filter((w) => w.owner !== owner);
      if (rest.length === 0) queues.delete(row);
      else queues.set(row, rest);
      for (const w of mine)
        w.cancel(
          new Error(
            `memory store: the transaction ended while a call waited for row ${row}. Repositories are valid only inside the work callback; await every call.`,
          ),
        );
    }
    for (const row of held.get(owner) ?? []) pass(row);
    held.delete(owner);
    victims.delete(owner);
  }

  return { enter, aborted: (owner) => victims.get(owner), end };
}
