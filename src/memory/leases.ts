// The memory store's bill run leases (the many-workers pattern, `workOnBillRun`): one lease per (run,
// account), a cursor per run (the last account it leased), and an index of the leases not yet done, so a
// call costs what it returns however far the run is. Writes are buffered per transaction, like the tables.
import type { BillRunLease, BillRunLeaseRequest } from '../ports/index';
import { byKey } from './table';

/** What a transaction does with the leases. */
export interface LeaseTransaction {
  leaseAccounts(request: BillRunLeaseRequest): readonly string[];
  finishAccountLeases(billRunNumber: string, accountNumbers: readonly string[]): void;
  listOpenLeases(billRunNumber: string): readonly BillRunLease[];
  commit(): void;
}

/** The leases of one store. */
export interface LeaseTable {
  /** A view for one transaction; `accountsAfter` pages the store's accounts as the transaction sees them. */
  open(accountsAfter: (after: string | null, limit: number) => readonly string[]): LeaseTransaction;
  /** Every committed lease of the run, ordered by account (the probe's read). */
  committed(billRunNumber: string): readonly BillRunLease[];
}

const keyOf = (billRunNumber: string, accountNumber: string) => `${billRunNumber}/${accountNumber}`;

/** The position of the first entry of the ascending `keys` after `after`. */
function firstAfter(keys: readonly string[], after: string | null): number {
  if (after === null) return 0;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byKey(keys[mid] as string, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Written as `toISOString` writes it (years 0–9999): the one form in which string order is time order. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value);
}

function checkRequest(request: BillRunLeaseRequest): void {
  const { limit, now, leasedUntil, among } = request;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new TypeError(`memory store: leaseAccounts limit must be a whole number ≥ 1, got ${limit}`);
  // Compared as strings (the order of instants only in `toISOString`'s one form), so that form is required.
  if (!isInstant(now) || !isInstant(leasedUntil) || !(leasedUntil > now))
    throw new TypeError(
      'memory store: leaseAccounts needs instants as Date.prototype.toISOString writes them ' +
        '(YYYY-MM-DDTHH:MM:SS.sssZ), now < leasedUntil',
    );
  if (among !== null && !Array.isArray(among))
    throw new TypeError('memory store: leaseAccounts among must be an array of account numbers or null');
}

export function createLeaseTable(): LeaseTable {
  const leases = new Map<string, BillRunLease>();
  const cursors = new Map<string, string>();
  // Run → accounts whose lease is not done: the only leases a worker looks at again.
  const open = new Map<string, Set<string>>();

  function index(lease: BillRunLease): void {
    let accounts = open.get(lease.billRunNumber);
    if (lease.done) {
      accounts?.delete(lease.accountNumber);
      if (accounts?.size === 0) open.delete(lease.billRunNumber);
      return;
    }
    if (accounts === undefined) {
      accounts = new Set();
      open.set(lease.billRunNumber, accounts);
    }
    accounts.add(lease.accountNumber);
  }

  return {
    committed: (billRunNumber) =>
      [...leases.values()]
        .filter((l) => l.billRunNumber === billRunNumber)
        .sort((a, b) => byKey(a.accountNumber, b.accountNumber)),
    open(accountsAfter) {
      const writes = new Map<string, BillRunLease>();
      const cursorWrites = new Map<string, string>();
      const read = (run: string, account: string) =>
        writes.get(keyOf(run, account)) ?? leases.get(keyOf(run, account));
      const write = (lease: BillRunLease) =>
        writes.set(keyOf(lease.billRunNumber, lease.accountNumber), Object.freeze({ ...lease }));
      /** The run's leases that are not done, as this transaction sees them, ordered by account. */
      function openOf(run: string): BillRunLease[] {
        const accounts = new Set(open.get(run) ?? []);
        for (const w of writes.values()) if (w.billRunNumber === run) accounts.add(w.accountNumber);
        return [...accounts]
          .sort(byKey)
          .map((a) => read(run, a))
          .filter((l): l is BillRunLease => l !== undefined && !l.done);
      }
      return {
        leaseAccounts(request) {
          checkRequest(request);
          const { billRunNumber: run, worker, limit, now, leasedUntil, among } = request;
          const taken: string[] = [];
          // The expired leases, those that ended first (then by account), as the port says.
          const expired = openOf(run)
            .filter((lease) => lease.leasedUntil <= now)
            .sort((a, b) => byKey(a.leasedUntil, b.leasedUntil) || byKey(a.accountNumber, b.accountNumber));
          for (const lease of expired.slice(0, limit)) {
            write({ ...lease, worker, leasedUntil });
            taken.push(lease.accountNumber);
          }
          if (taken.length < limit) {
            const after = cursorWrites.get(run) ?? cursors.get(run) ?? null;
            const rest = limit - taken.length;
            const fresh =
              among === null
                ? accountsAfter(after, rest)
                : among.slice(firstAfter(among, after), firstAfter(among, after) + rest);
            for (const accountNumber of fresh) {
              write({ billRunNumber: run, accountNumber, worker, leasedUntil, done: false });
              taken.push(accountNumber);
            }
            const last = fresh[fresh.length - 1];
            if (last !== undefined) cursorWrites.set(run, last);
          }
          return Object.freeze(taken.sort(byKey));
        },
        finishAccountLeases(run, accountNumbers) {
          for (const accountNumber of accountNumbers) {
            const lease = read(run, accountNumber);
            if (lease !== undefined && !lease.done) write({ ...lease, done: true });
          }
        },
        listOpenLeases: (run) => Object.freeze(openOf(run)),
        commit() {
          for (const [key, lease] of writes) {
            leases.set(key, lease);
            index(lease);
          }
          for (const [run, after] of cursorWrites) cursors.set(run, after);
        },
      };
    },
  };
}
