// The broken-adapter catalogue: the memory store with one rule of the ports broken, each the way a
// host adapter could break it, each with the money it would lose and the kit tests that must fail it.
// test/contract/kit.test.ts runs the kit against every one; docs/guides/repositories.md lists them.
import {
  type BillingEvent,
  type IdempotencyRecord,
  type OutboxEntry,
  type Repositories,
  type SequenceName,
  type UnitOfWork,
  versionConflict,
} from 'invoice-schedules';
import { createMemoryStore, type MemoryStore } from 'invoice-schedules/memory';
import type { RepositoryProbe } from 'invoice-schedules/testing';
import { err, ok, type Result } from 'neverthrow';
import type { BillRunAccount } from '../../src/domain/billing/bill-run';
import type { Subscription } from '../../src/domain/contract/subscription';
import type { Invoice } from '../../src/domain/documents/invoice';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { BATCHES } from '../../src/testing/contract/batches';
import { BILL_RUNS } from '../../src/testing/contract/bill-runs';
import { LEASES } from '../../src/testing/contract/leases';
import { OUTBOX } from '../../src/testing/contract/outbox';
import { PAGES } from '../../src/testing/contract/pages';
import { QUERIES } from '../../src/testing/contract/queries';
import { ROUND_TRIPS } from '../../src/testing/contract/round-trips';
import { IDEMPOTENCY_AGE, TRANSACTIONS } from '../../src/testing/contract/transactions';
import { seedOf } from '../support/racing';

/** One deliberately broken adapter of the catalogue. */
export interface BrokenAdapter {
  /** Short name, as listed in the docs. */
  readonly name: string;
  /** The rule of the ports it breaks. */
  readonly breaks: string;
  /** What a host running the library on it would lose. */
  readonly loses: string;
  /** A fresh store of this adapter (the kit calls it once per test). */
  readonly createStore: () => UnitOfWork;
  /** Kit tests (`group > test`, without the suite title) that must fail against it. */
  readonly caughtBy: readonly string[];
  /** Groups (name prefixes) whose tests must all still pass: the kit blames the right rule. */
  readonly spares?: readonly string[];
  /** The direct reads the kit is given, when the broken rule is only visible through them. */
  readonly probe?: (store: UnitOfWork) => RepositoryProbe;
}

// ── building blocks ────────────────────────────────────────────────────────────────────────────────

/** What one transaction of a broken adapter does: rewrite the repositories, hear how it ended. */
interface Session {
  readonly wrap: (r: Repositories) => Repositories;
  readonly end?: (committed: boolean) => void;
}

/**
 * The memory store, each transaction's repositories rewritten by a fresh session; `created` hears of each
 * store made, with the memory store under it.
 */
function broken(
  session: (inner: MemoryStore) => () => Session,
  created?: (store: UnitOfWork, inner: MemoryStore) => void,
): () => UnitOfWork {
  return () => {
    const inner = createMemoryStore();
    const open = session(inner);
    const store: UnitOfWork = {
      async transaction(work) {
        const s = open();
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await inner.transaction((r) => work(s.wrap(r)));
        } catch (error) {
          s.end?.(false);
          throw error;
        }
        s.end?.(result.isOk());
        return result;
      },
    };
    created?.(store, inner);
    return store;
  };
}

/**
 * A broken adapter whose probe is the memory store's under it: the outbox tests read what was stored
 * through the probe only (the port has no read method).
 */
function probed(
  session: (inner: MemoryStore) => () => Session,
): Pick<BrokenAdapter, 'createStore' | 'probe'> {
  const inners = new WeakMap<UnitOfWork, MemoryStore>();
  return {
    createStore: broken(session, (store, inner) => inners.set(store, inner)),
    probe: (store) => inners.get(store)?.probe ?? {},
  };
}

/** The outbox's `append` of `r` (the memory store has one). */
function appendOf(r: Repositories): (events: readonly BillingEvent[]) => Promise<void> {
  const outbox = r.outbox;
  if (outbox === undefined) throw new Error('the memory store has no outbox');
  return (events) => outbox.append(events);
}

/** A broken adapter whose sessions only rewrite the repositories (state, if any, per store). */
function patched(patch: (r: Repositories) => Repositories): () => UnitOfWork {
  return broken(() => () => ({ wrap: patch }));
}

type Method = (...args: unknown[]) => Promise<unknown>;
type LooseRepositories = Record<string, Record<string, Method>>;
/** `r[repo][name]`, looked up by name. */
function methodOf(r: Repositories, repo: string, name: string): Method {
  const method = (r as unknown as LooseRepositories)[repo]?.[name];
  if (method === undefined) throw new Error(`no method ${repo}.${name}`);
  return method;
}

/** The read methods of each repository. */
const READS: Readonly<Record<Exclude<keyof Repositories, 'outbox'>, readonly string[]>> = {
  accounts: ['get', 'list'],
  orders: ['get'],
  subscriptions: ['get', 'listByAccount'],
  invoiceSchedules: ['get', 'getById', 'listByAccount', 'listWithItemsDue', 'listByCharge', 'page'],
  invoices: ['get', 'getById', 'listBySchedule', 'listByCharge', 'listByAccount', 'page'],
  creditMemos: ['get', 'getById', 'listBySchedule', 'listByAccount', 'page'],
  billRuns: ['get', 'getById', 'getAccount', 'listAccounts'],
  idempotency: ['get'],
  sequences: [],
};

/** Every method of each repository. */
const METHODS: Readonly<Record<Exclude<keyof Repositories, 'outbox'>, readonly string[]>> = {
  accounts: [...READS.accounts, 'insert', 'claim'],
  orders: [...READS.orders, 'insert', 'put'],
  subscriptions: [...READS.subscriptions, 'save'],
  invoiceSchedules: [...READS.invoiceSchedules, 'save', 'remove'],
  invoices: [...READS.invoices, 'save'],
  creditMemos: [...READS.creditMemos, 'save'],
  billRuns: [...READS.billRuns, 'insert', 'save', 'saveAccount'],
  idempotency: [...READS.idempotency, 'insert'],
  sequences: ['next'],
};

/**
 * Reads of `repo` served from the committed state (another connection than the transaction's): a copy
 * of the store's committed data, queried with the memory store's own queries.
 */
function ownWritesInvisible(repo: Exclude<keyof Repositories, 'outbox'>): () => UnitOfWork {
  return broken((inner) => () => ({
    wrap: (r) => {
      const readCommitted =
        (method: string): Method =>
        async (...args) => {
          const copy = createMemoryStore({ initial: seedOf(inner.probe.snapshot()) });
          const read = await copy.transaction(async (c) => ok(await methodOf(c, repo, method)(...args)));
          return read._unsafeUnwrap();
        };
      const methods = { ...(r as unknown as LooseRepositories)[repo] };
      for (const m of READS[repo]) methods[m] = readCommitted(m);
      return { ...r, [repo]: methods } as unknown as Repositories;
    },
  }));
}

/**
 * Autocommit with an undo: every call commits at once (repositories bound to the pool instead of the
 * transaction's connection), and a failed transaction restores the backup taken when it began.
 * Alone, each transaction looks right; side by side, one reads another's uncommitted writes, and a
 * rollback wipes out what another committed meanwhile.
 */
function autocommitWithUndo(): UnitOfWork {
  let current = createMemoryStore();
  const call =
    (repo: string, method: string): Method =>
    async (...args) =>
      (await current.transaction(async (r) => ok(await methodOf(r, repo, method)(...args))))._unsafeUnwrap();
  const repositories = Object.fromEntries(
    Object.entries(METHODS).map(([repo, methods]) => [
      repo,
      Object.fromEntries(methods.map((m) => [m, call(repo, m)])),
    ]),
  ) as unknown as Repositories;
  return {
    async transaction(work) {
      const backup = current.probe.snapshot();
      const restore = () => {
        current = createMemoryStore({ initial: seedOf(backup) });
      };
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work(repositories);
      } catch (error) {
        restore();
        throw error;
      }
      if (result.isErr()) restore();
      return result;
    },
  };
}

const byNumber = <T extends { readonly number: string }>(values: Iterable<T>): T[] =>
  [...new Map([...values].map((v) => [v.number, v])).values()].sort((a, b) =>
    a.number < b.number ? -1 : a.number > b.number ? 1 : 0,
  );

/**
 * `saveMany` as an upsert writes it (`INSERT … ON CONFLICT (number) DO UPDATE`): each entity stored whatever
 * version is there, and no conflict reported.
 */
function upsertMany<T extends { readonly number: string; readonly version: number }>(repository: {
  readonly get: (number: string) => Promise<T | null>;
  readonly save: (entity: T) => Promise<unknown>;
}): (entities: readonly T[]) => Promise<Result<void, never>> {
  return async (entities) => {
    for (const entity of entities) {
      const stored = await repository.get(entity.number);
      await repository.save({ ...entity, version: stored === null ? 1 : stored.version + 1 });
    }
    return ok(undefined);
  };
}

/** The rows of `current`, and every older version of `history` of the accounts, by number then version. */
function withHistory<
  T extends { readonly number: string; readonly accountNumber: string; readonly version: number },
>(current: readonly T[], history: readonly T[], accounts: readonly string[]): T[] {
  const older = history.filter(
    (h) =>
      accounts.includes(h.accountNumber) &&
      !current.some((c) => c.number === h.number && c.version === h.version),
  );
  return [...current, ...older].sort((a, b) =>
    a.number < b.number ? -1 : a.number > b.number ? 1 : a.version - b.version,
  );
}

/**
 * `methods` of `repo` giving back each value through `change` (a row mapped by hand that forgets a column or
 * a table): a value, a list or `null` as the store answered, each value changed.
 */
function readsThrough(
  repo: 'invoiceSchedules' | 'invoices' | 'creditMemos' | 'billRuns',
  methods: readonly string[],
  change: (value: Readonly<Record<string, unknown>>) => object,
): () => UnitOfWork {
  return patched((r) => {
    const copy = { ...(r as unknown as LooseRepositories)[repo] };
    for (const m of methods) {
      const read = methodOf(r, repo, m);
      copy[m] = async (...args) => {
        const value = await read(...args);
        if (value === null) return null;
        const one = (v: unknown) => Object.freeze(change(v as Readonly<Record<string, unknown>>));
        return Array.isArray(value) ? value.map(one) : one(value);
      };
    }
    return { ...r, [repo]: copy } as unknown as Repositories;
  });
}

/** Every read of the documents and schedules that gives back values (the optional batch reads included). */
const VALUE_READS = {
  invoiceSchedules: [...READS.invoiceSchedules, 'listByAccounts'],
  invoices: [...READS.invoices, 'listBySchedules'],
  creditMemos: [...READS.creditMemos, 'listBySchedules'],
} as const;

/** A value without its audit fields (a table without the columns). */
const withoutAudit = ({
  createdAt: _createdAt,
  createdBy: _createdBy,
  updatedAt: _updatedAt,
  updatedBy: _updatedBy,
  ...rest
}: Readonly<Record<string, unknown>>): object => rest;

/** What a column or side table derived from a record holds: the record's account, charges or next due day. */
type Derived = 'scheduleAccount' | 'subscriptionAccount' | 'scheduleCharges' | 'scheduleDue';

/**
 * A list answered from a column (or side table) derived from the record and written when the row is inserted
 * (version 1), then left alone by the compare-and-set `UPDATE … SET record = $3, version = $2` of every later
 * save: the list keeps answering for the first version. Transactional (a rollback forgets the rows it wrote) and
 * read-your-writes, so only a later save that changes the derived value shows it.
 */
export function derivedOnInsert(
  derived: Derived,
  created?: (store: UnitOfWork, inner: MemoryStore) => void,
): () => UnitOfWork {
  const dueOf = (s: InvoiceSchedule): string | null => {
    const dates = s.items
      .filter((i) => i.status !== 'Processed' && i.runDate !== null)
      .map((i) => String(i.runDate));
    if (s.nextRunDate !== null) dates.push(String(s.nextRunDate));
    return dates.sort()[0] ?? null;
  };
  const derivedOf = (s: InvoiceSchedule): string =>
    derived === 'scheduleAccount'
      ? s.accountNumber
      : derived === 'scheduleCharges'
        ? s.charges.map((c) => `${c.subscriptionNumber}/${c.chargeNumber}`).join(' ')
        : `${s.accountNumber} ${dueOf(s) ?? '-'}`;
  return broken(() => {
    const committed = new Map<string, string>();
    return () => {
      const written = new Map<string, string>();
      const column = () => new Map([...committed, ...written]);
      return {
        wrap: (r) => {
          const rows = async <T>(get: (n: string) => Promise<T | null>, keep: (value: string) => boolean) => {
            const out: T[] = [];
            for (const [n, value] of [...column()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
              if (keep(value)) {
                const row = await get(n);
                if (row !== null) out.push(row);
              }
            return out;
          };
          const { listByAccounts: _a, saveMany: _b, ...schedules } = r.invoiceSchedules;
          const { listByAccounts: _c, saveMany: _d, ...subscriptions } = r.subscriptions;
          const getSchedule = (n: string) => r.invoiceSchedules.get(n);
          return {
            ...r,
            subscriptions: {
              ...subscriptions,
              save: async (s: Subscription) => {
                const saved = await r.subscriptions.save(s);
                if (saved.isOk() && s.version === 1 && derived === 'subscriptionAccount')
                  written.set(s.number, s.accountNumber);
                return saved;
              },
              ...(derived === 'subscriptionAccount'
                ? {
                    listByAccount: (a: string) =>
                      rows(
                        (n) => r.subscriptions.get(n),
                        (value) => value === a,
                      ),
                  }
                : {}),
            },
            invoiceSchedules: {
              ...schedules,
              save: async (s: InvoiceSchedule) => {
                const saved = await r.invoiceSchedules.save(s);
                if (saved.isOk() && s.version === 1 && derived !== 'subscriptionAccount')
                  written.set(s.number, derivedOf(s));
                return saved;
              },
              ...(derived === 'scheduleAccount'
                ? { listByAccount: (a: string) => rows(getSchedule, (value) => value === a) }
                : derived === 'scheduleCharges'
                  ? {
                      listByCharge: (sub: string, c: string) =>
                        rows(getSchedule, (value) => value.split(' ').includes(`${sub}/${c}`)),
                    }
                  : derived === 'scheduleDue'
                    ? {
                        listWithItemsDue: async (target, filter) => {
                          const accounts = filter.accountNumbers ?? [];
                          const numbers = filter.invoiceScheduleNumbers ?? [];
                          const due = await rows(getSchedule, (value) => {
                            const [account = '', day = '-'] = value.split(' ');
                            return (
                              day !== '-' &&
                              day <= target &&
                              (accounts.length === 0 || accounts.includes(account))
                            );
                          });
                          return due.filter((s) => numbers.length === 0 || numbers.includes(s.number));
                        },
                      }
                    : {}),
            },
          };
        },
        end: (ok) => {
          if (ok) for (const [n, value] of written) committed.set(n, value);
        },
      };
    };
  }, created);
}

/** The round-trip tests other than `caught`: each must still pass, so the kit blames the field dropped. */
const roundTripsBut = (...caught: readonly string[]): string[] =>
  Object.values(ROUND_TRIPS).filter((n) => !caught.includes(n));

// ── the catalogue ──────────────────────────────────────────────────────────────────────────────────

const CAS_SCHEDULE_TESTS = [
  'compare-and-set: InvoiceSchedule > saving version 1 of an existing number conflicts (expectedVersion 0)',
  'compare-and-set: InvoiceSchedule > version n + 1 replaces version n; a stale save of n + 1 then conflicts',
  'compare-and-set: InvoiceSchedule > skipping a version conflicts',
  'compare-and-set: InvoiceSchedule > of two concurrent transactions saving the same next version, exactly one wins',
];

const OWN_WRITES_TESTS: Readonly<Record<Exclude<keyof Repositories, 'sequences' | 'outbox'>, string>> = {
  accounts: 'read-your-writes > accounts.insert is seen by get and list in the same transaction',
  orders: 'read-your-writes > orders.put is seen by get in the same transaction, and so is its replacement',
  subscriptions:
    'read-your-writes > subscriptions.save is seen by get and listByAccount in the same transaction, and the next version saves on it',
  invoiceSchedules:
    'read-your-writes > invoiceSchedules.save and remove are seen by get, getById and every list in the same transaction',
  invoices: 'read-your-writes > invoices.save is seen by get, getById and every list in the same transaction',
  creditMemos:
    'read-your-writes > creditMemos.save is seen by get, getById and both lists in the same transaction',
  billRuns: 'read-your-writes > billRuns.insert is seen by get and getById in the same transaction',
  idempotency: 'read-your-writes > idempotency.insert is seen by get in the same transaction',
};

const OWN_WRITES_LOSSES: Readonly<Record<keyof typeof OWN_WRITES_TESTS, string>> = {
  accounts:
    'no money directly: whatever inserts an account and reads it in the same transaction finds nothing',
  orders:
    'an order put and read back in one transaction is read as it was: its activation works on the old order',
  subscriptions:
    'a subscription saved and read back in one transaction is read at its old version: schedules revised on the old charges bill the old amounts',
  invoiceSchedules:
    'a schedule re-read after the transaction billed it still shows the item Pending: it can be billed a second time',
  invoices:
    'standard billing and consolidation do not see an invoice issued earlier in the transaction: the same period can be billed twice',
  creditMemos:
    'a credit issued earlier in the transaction is not counted: the same credit can be issued twice',
  billRuns: 'a bill run record just written is not found; its retry starts a second run',
  idempotency:
    'an execution claimed in the transaction is not seen; a second execution in it bills the item twice',
};

const ISOLATION = {
  stale:
    'isolation > a committed change is what the next transaction reads, whatever an earlier one read (no stale cache)',
  rolledBack:
    'isolation > nothing a rolled-back transaction wrote is read afterwards, even what it read itself',
  dirtyRollback:
    'isolation > a transaction does not read what another, still open, wrote and then rolls back (no dirty reads)',
  dirtyCommit:
    'isolation > a transaction reads the committed values, not the update another still open is making',
  undoOwn:
    'isolation > a rollback undoes only its own writes: what another transaction committed meanwhile stays, numbers included',
} as const;

const SEQUENCES = {
  gapless: 'sequences > start at 1 and count up without gaps, each name on its own',
  rolledBack: 'sequences > numbers of a rolled-back transaction are issued again',
  never:
    'sequences > a committed number is never issued again, whatever rolls back or runs beside it, in any sequence',
} as const;

/** The instant an adapter's column default could give a record without `createdAt`. */
const EPOCH = new Date(0).toISOString();

const KEYS = {
  first:
    'idempotency keys > a key is inserted once: the second insert returns false and keeps the first record',
  refused:
    'idempotency keys > a refused insert keeps the first record, read in the same transaction and after',
  retry: 'idempotency keys > a key of a rolled-back transaction can be inserted again: the retry runs',
  long: 'idempotency keys > a long result is stored whole: 4,000,000 characters of JSON, text outside ASCII included, come back exactly as given',
  numbersCase:
    'keys > numbers are case-sensitive in every repository: INV00000601 and inv00000601 are two records',
  keysCase: 'keys > idempotency keys are case-sensitive: Key-601 and key-601 are two keys',
} as const;

const DOCUMENTS = {
  invoicesByAccount:
    "queries: documents > invoices.listByAccount returns every invoice of the account, Draft, Posted, Canceled and Reversed alike, ordered by number, and nothing of other accounts'",
  memosBySchedule:
    'queries: documents > creditMemos.listBySchedule returns every memo with a line produced by that schedule, Draft, Posted or Canceled, ordered by number, and nothing of other schedules',
  memosByAccount:
    "queries: documents > creditMemos.listByAccount returns every memo of the account, Draft, Posted or Canceled, ordered by number, and nothing of other accounts'",
} as const;

export const BROKEN_ADAPTERS: readonly BrokenAdapter[] = [
  // ── transactions ──
  {
    name: 'commits-on-err',
    breaks: 'commits the writes of a transaction whose work returned an Err',
    loses:
      'a refused operation half-happens: documents of a failed run stay, its numbers and keys are used up',
    createStore: () => {
      const inner = createMemoryStore();
      return {
        transaction: async (work) => {
          let result: Awaited<ReturnType<typeof work>> | undefined;
          await inner.transaction(async (r) => {
            result = await work(r);
            return ok(undefined);
          });
          return result as Awaited<ReturnType<typeof work>>;
        },
      };
    },
    caughtBy: [
      'transactions > an Err rolls back every write, and the Err is returned unchanged',
      SEQUENCES.rolledBack,
    ],
  },
  {
    name: 'ignores-version-conflicts',
    breaks: '`invoiceSchedules.save` overwrites whatever version is stored (no compare-and-set)',
    loses: 'two runs that billed the same item both save it: the item is billed twice',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        save: async (s) => {
          await r.invoiceSchedules.save(s);
          return ok(undefined);
        },
      },
    })),
    caughtBy: CAS_SCHEDULE_TESTS,
    spares: ['compare-and-set: Invoice >', 'compare-and-set: Subscription >'],
  },
  {
    name: 'save-many-without-compare-and-set',
    breaks: '`invoices.saveMany` writes each invoice whatever version is stored, and reports no conflict',
    loses:
      'a bill run that lost a race to another worker still saves its batch: invoices replaced under the other run, items billed twice',
    createStore: patched((r) => ({
      ...r,
      invoices: {
        ...r.invoices,
        saveMany: async (invoices) => {
          for (const invoice of invoices) {
            const stored = await r.invoices.get(invoice.number);
            await r.invoices.save(
              stored === null ? { ...invoice, version: 1 } : { ...invoice, version: stored.version + 1 },
            );
          }
          return ok(undefined);
        },
      },
    })),
    caughtBy: [BATCHES.saveMany],
  },
  {
    name: 'batch-read-first-key-only',
    breaks: '`subscriptions.listByAccounts` answers for the first account named only',
    loses:
      'a bill run batch sees no subscriptions for its other accounts: standard billing bills nothing for them, and their charges go unbilled',
    createStore: patched((r) => ({
      ...r,
      subscriptions: {
        ...r.subscriptions,
        listByAccounts: (numbers) => r.subscriptions.listByAccount(numbers[0] ?? ''),
      },
    })),
    caughtBy: [BATCHES.listByAccounts],
  },
  // ── batch reads and writes (the optional batch methods bill runs call) ──
  {
    name: 'schedules-save-many-first-only',
    breaks:
      '`invoiceSchedules.saveMany` saves the first schedule of the batch only (a loop that returns on its first turn), and reports success',
    loses:
      "a bill run over several accounts records its billing on the first account's schedule only: the others' items stay Pending beside the invoices issued for them, and every later run fails those accounts (their items' execution keys are taken)",
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        saveMany: async ([first]) => (first === undefined ? ok(undefined) : r.invoiceSchedules.save(first)),
      },
    })),
    caughtBy: [BATCHES.saveMany],
  },
  {
    name: 'credit-memos-save-many-first-only',
    breaks: '`creditMemos.saveMany` saves the first memo of the batch only, and reports success',
    loses:
      "a bill run crediting several accounts in one batch stores the first account's credit memo only: the others are numbered and recorded on their schedules as issued, but never stored, and those customers are never credited",
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        saveMany: async ([first]) => (first === undefined ? ok(undefined) : r.creditMemos.save(first)),
      },
    })),
    caughtBy: [BATCHES.saveMany],
  },
  {
    name: 'schedules-save-many-without-compare-and-set',
    breaks:
      '`invoiceSchedules.saveMany` writes each schedule whatever version is stored (an upsert), and reports no conflict',
    loses:
      'a bill run that read a schedule before another transaction changed it saves its batch over the change: what that transaction recorded on the schedule (an item billed, a credit issued, an edit) is lost',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: { ...r.invoiceSchedules, saveMany: upsertMany(r.invoiceSchedules) },
    })),
    caughtBy: [BATCHES.saveMany],
    spares: [BATCHES.listByAccounts],
  },
  {
    name: 'credit-memos-save-many-without-compare-and-set',
    breaks:
      '`creditMemos.saveMany` writes each memo whatever version is stored (an upsert), and reports no conflict',
    loses:
      'version 1 of a memo number already stored replaces that memo instead of conflicting, and a memo saved from a stale read replaces its newer version: a credit issued to the customer disappears from the books',
    createStore: patched((r) => ({
      ...r,
      creditMemos: { ...r.creditMemos, saveMany: upsertMany(r.creditMemos) },
    })),
    caughtBy: [BATCHES.saveMany],
  },
  {
    name: 'batch-lists-every-version',
    breaks:
      '`subscriptions.listByAccounts` and `invoiceSchedules.listByAccounts` read a table that keeps a row per version (a history) and forget to keep the current one only: every committed version of each row',
    loses:
      "no money while the schedules' compare-and-set holds, but a bill run batch reads old versions beside the current ones (the current one counts only if the query happens to return it last), and a schedule moved to another account by an owner transfer under its old owner too: the batch plans work from versions that are not current, its saves conflict, and its accounts are billed again one at a time",
    createStore: broken(() => {
      // Every committed version of each row, as the history table holds them.
      const subscriptions: Subscription[] = [];
      const schedules: InvoiceSchedule[] = [];
      return () => {
        const saved = { subscriptions: [] as Subscription[], schedules: [] as InvoiceSchedule[] };
        return {
          wrap: (r) => ({
            ...r,
            subscriptions: {
              ...r.subscriptions,
              save: async (s) => {
                const done = await r.subscriptions.save(s);
                if (done.isOk()) saved.subscriptions.push(s);
                return done;
              },
              listByAccounts: async (accounts) =>
                withHistory(
                  (await r.subscriptions.listByAccounts?.(accounts)) ?? [],
                  subscriptions,
                  accounts,
                ),
            },
            invoiceSchedules: {
              ...r.invoiceSchedules,
              save: async (s) => {
                const done = await r.invoiceSchedules.save(s);
                if (done.isOk()) saved.schedules.push(s);
                return done;
              },
              saveMany: async (batch) => {
                const done = (await r.invoiceSchedules.saveMany?.(batch)) ?? ok(undefined);
                if (done.isOk()) saved.schedules.push(...batch);
                return done;
              },
              listByAccounts: async (accounts) =>
                withHistory((await r.invoiceSchedules.listByAccounts?.(accounts)) ?? [], schedules, accounts),
            },
          }),
          end: (committed) => {
            if (!committed) return;
            subscriptions.push(...saved.subscriptions);
            schedules.push(...saved.schedules);
          },
        };
      };
    }),
    caughtBy: [BATCHES.latestVersion],
    spares: [BATCHES.listByAccounts],
  },
  {
    name: 'invoices-by-schedules-first-line',
    breaks: '`invoices.listBySchedules` matches the first line of each invoice only',
    loses:
      'a bill run batch does not see the invoices that bill a schedule on a later line (consolidated invoices): its executions work out credits without what those invoices billed',
    createStore: patched((r) => ({
      ...r,
      invoices: {
        ...r.invoices,
        listBySchedules: async (schedules) =>
          ((await r.invoices.listBySchedules?.(schedules)) ?? []).filter((i) =>
            schedules.includes(i.lines[0]?.invoiceScheduleNumber ?? ''),
          ),
      },
    })),
    caughtBy: [BATCHES.anyLine],
  },
  {
    name: 'credit-memos-by-schedules-first-line',
    breaks: '`creditMemos.listBySchedules` matches the first line of each memo only',
    loses:
      "in a bill run batch, a memo that credits the schedule on a later line is not counted: the schedule's credit is issued again",
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        listBySchedules: async (schedules) =>
          ((await r.creditMemos.listBySchedules?.(schedules)) ?? []).filter((m) =>
            schedules.includes(m.lines[0]?.invoiceScheduleNumber ?? ''),
          ),
      },
    })),
    caughtBy: [BATCHES.anyLine],
  },
  {
    name: 'bill-run-parts-of-other-runs',
    breaks:
      '`billRuns.getAccounts` forgets its run (`WHERE account_number = ANY($2)` without `bill_run_number = $1`): the parts of those accounts in every run',
    loses:
      'an account billed by an earlier run counts as billed in this one: the run skips it, and its items due now are not billed (C01 billed in February: the May run issues no invoice, item 2 stays Pending)',
    createStore: broken((inner) => () => ({
      wrap: (r) => ({
        ...r,
        billRuns: {
          ...r.billRuns,
          getAccounts: async (run, accounts) => {
            const runs = new Set([
              run,
              ...inner.probe.snapshot().billRunAccounts.map((p) => p.billRunNumber),
            ]);
            const parts: BillRunAccount[] = [];
            for (const n of runs) parts.push(...((await r.billRuns.getAccounts?.(n, accounts)) ?? []));
            return parts.sort((a, b) =>
              a.accountNumber < b.accountNumber ? -1 : a.accountNumber > b.accountNumber ? 1 : 0,
            );
          },
        },
      }),
    })),
    caughtBy: [BATCHES.otherRuns],
    spares: [BATCHES.getAccounts],
  },
  {
    name: 'save-accounts-without-compare-and-set',
    breaks:
      '`billRuns.saveAccounts` inserts a version 1 once, but writes a version n > 1 whatever version is stored',
    loses:
      "the parts' compare-and-set no longer backs up the account claims: a part written from a stale read (a Failed account billed again by two workers) replaces the newer one, and the run's record of the account forgets the documents the other write listed",
    createStore: patched((r) => ({
      ...r,
      billRuns: {
        ...r.billRuns,
        saveAccounts: async (parts) => {
          for (const p of parts) {
            if (p.version === 1) {
              const saved = await r.billRuns.saveAccount(p);
              if (saved.isErr()) return saved;
              continue;
            }
            const stored = await r.billRuns.getAccount(p.billRunNumber, p.accountNumber);
            await r.billRuns.saveAccount({ ...p, version: (stored?.version ?? 0) + 1 });
          }
          return ok(undefined);
        },
      },
    })),
    caughtBy: [BATCHES.saveAccountsCas],
    spares: [BATCHES.saveAccounts],
  },
  {
    name: 'idempotency-insert-many-check-then-insert',
    breaks:
      '`idempotency.insertMany` SELECTs the keys that exist, INSERTs the rest (`ON CONFLICT DO NOTHING`) and returns what its SELECT found, on a store whose transactions overlap (READ COMMITTED)',
    loses:
      "a bill run's execution keys (decision 14) no longer stop anything: two workers executing one item at once both find its key free and both bill it, unless the account claim or the schedule's compare-and-set stops the second",
    createStore: () => {
      const inner = createMemoryStore({ isolation: 'read-committed' });
      return {
        transaction: (work) =>
          inner.transaction((r) =>
            work({
              ...r,
              idempotency: {
                ...r.idempotency,
                insertMany: async (records) => {
                  const taken: string[] = [];
                  for (const record of records)
                    if ((await r.idempotency.get(record.key)) !== null) taken.push(record.key);
                  await r.idempotency.insertMany?.(records.filter((record) => !taken.includes(record.key)));
                  return taken;
                },
              },
            }),
          ),
      };
    },
    caughtBy: [BATCHES.insertManyConcurrent],
    spares: [BATCHES.saveAccounts],
  },
  repositoriesOutliveTransaction(),
  // ── read-your-writes: one adapter per repository ──
  ...(Object.keys(OWN_WRITES_TESTS) as (keyof typeof OWN_WRITES_TESTS)[]).map(
    (repo): BrokenAdapter => ({
      name: `own-writes-invisible: ${repo}`,
      breaks: `reads of \`${repo}\` go to another connection than the transaction's: its own writes are not seen`,
      loses: OWN_WRITES_LOSSES[repo],
      createStore: ownWritesInvisible(repo),
      caughtBy: [OWN_WRITES_TESTS[repo]],
    }),
  ),
  // ── isolation ──
  {
    name: 'stale-read-cache',
    breaks: '`get` of schedules and invoices is cached across transactions and never invalidated',
    loses:
      'a schedule read before a run billed it still shows its items Pending: the next run bills them again',
    createStore: broken(() => {
      const cache = new Map<string, InvoiceSchedule | Invoice>();
      return () => ({
        wrap: (r) => ({
          ...r,
          invoiceSchedules: {
            ...r.invoiceSchedules,
            get: async (n) => {
              const hit = cache.get(`IS:${n}`) as InvoiceSchedule | undefined;
              if (hit !== undefined) return hit;
              const read = await r.invoiceSchedules.get(n);
              if (read !== null) cache.set(`IS:${n}`, read);
              return read;
            },
          },
          invoices: {
            ...r.invoices,
            get: async (n) => {
              const hit = cache.get(`INV:${n}`) as Invoice | undefined;
              if (hit !== undefined) return hit;
              const read = await r.invoices.get(n);
              if (read !== null) cache.set(`INV:${n}`, read);
              return read;
            },
          },
        }),
      });
    }),
    caughtBy: [ISOLATION.stale],
  },
  {
    name: 'write-through-cache',
    breaks: 'saved invoices go into a cache shared by all transactions, kept when the transaction rolls back',
    loses: 'an invoice of a failed run is still "found" (and shown, posted, sent) though it was never stored',
    createStore: broken(() => {
      const cache = new Map<string, Invoice>();
      return () => ({
        wrap: (r) => ({
          ...r,
          invoices: {
            ...r.invoices,
            save: async (invoice) => {
              const saved = await r.invoices.save(invoice);
              if (saved.isOk()) cache.set(invoice.number, invoice);
              return saved;
            },
            get: async (n) => cache.get(n) ?? r.invoices.get(n),
          },
        }),
      });
    }),
    caughtBy: [ISOLATION.rolledBack],
  },
  {
    name: 'dirty-reads',
    breaks:
      'every call commits at once and a failed transaction restores a backup: others read uncommitted writes, a rollback undoes their commits',
    loses:
      'a run reads documents of another that then rolls back and skips what it owes; a rollback erases invoices another run committed, and their numbers are issued again',
    createStore: autocommitWithUndo,
    caughtBy: [ISOLATION.dirtyRollback, ISOLATION.dirtyCommit, ISOLATION.undoOwn],
  },
  // ── sequences ──
  {
    name: 'sequence-gaps',
    breaks: '`sequences.next` skips numbers (1, 3, 5, …)',
    loses: 'no money, but invoice numbers with gaps, which many tax authorities refuse',
    createStore: patched((r) => ({
      ...r,
      sequences: { next: async (name) => (await r.sequences.next(name)) * 2 - 1 },
    })),
    caughtBy: [SEQUENCES.gapless, SEQUENCES.never],
  },
  {
    name: 'sequence-restarts-after-rollback',
    breaks: 'a rolled-back transaction gives back every number of its sequences, the committed ones too',
    loses:
      'two invoices carry the same number: one is overwritten or rejected, and its amount is never collected',
    createStore: broken(() => {
      const offset = new Map<SequenceName, number>();
      return () => {
        const drawn = new Map<SequenceName, number>();
        return {
          wrap: (r) => ({
            ...r,
            sequences: {
              next: async (name) => {
                const n = await r.sequences.next(name);
                if (!drawn.has(name)) drawn.set(name, n);
                return n - (offset.get(name) ?? 0);
              },
            },
          }),
          end: (committed) => {
            if (!committed) for (const [name, first] of drawn) offset.set(name, first - 1);
          },
        };
      };
    }),
    caughtBy: [SEQUENCES.rolledBack, SEQUENCES.never],
  },
  {
    name: 'sequence-per-transaction',
    breaks: 'each transaction counts from 1 again (a counter kept with the transaction, not in the store)',
    loses: 'every run numbers its first invoice INV00000001: documents collide and are lost',
    createStore: patched((r) => {
      const counters = new Map<SequenceName, number>();
      return {
        ...r,
        sequences: {
          next: async (name) => {
            const n = (counters.get(name) ?? 0) + 1;
            counters.set(name, n);
            return n;
          },
        },
      };
    }),
    caughtBy: [SEQUENCES.gapless, SEQUENCES.never],
  },
  // ── idempotency keys ──
  {
    name: 'idempotency-drops-fingerprint',
    breaks: '`idempotency.insert` stores the key, operation and result but not the request fingerprint',
    loses:
      'a different request with a used key gets the first result instead of IdempotencyKeyReused: a bill run for another date reports the first one',
    createStore: broken(() => () => ({
      wrap: (r) => ({
        ...r,
        idempotency: {
          get: (k) => r.idempotency.get(k),
          insert: ({ key, operation, result }) => r.idempotency.insert({ key, operation, result }),
        },
      }),
    })),
    caughtBy: [KEYS.first],
  },
  {
    name: 'idempotency-overwrites',
    breaks: '`idempotency.insert` of an existing key returns true and replaces the record (an upsert)',
    loses: 'two concurrent executions of one item both go ahead: the item is billed twice',
    createStore: broken(() => {
      const replaced = new Map<string, IdempotencyRecord>();
      return () => ({
        wrap: (r) => ({
          ...r,
          idempotency: {
            get: async (k) => replaced.get(k) ?? r.idempotency.get(k),
            insert: async (record) => {
              if (!(await r.idempotency.insert(record))) replaced.set(record.key, record);
              return true;
            },
          },
        }),
      });
    }),
    caughtBy: [KEYS.first, KEYS.refused],
  },
  {
    name: 'idempotency-replaces-silently',
    breaks: '`idempotency.insert` of an existing key returns false but replaces the record',
    loses:
      'a retried request returns the result of the request that lost: the host reports the wrong document as issued',
    createStore: broken(() => {
      const replaced = new Map<string, IdempotencyRecord>();
      return () => ({
        wrap: (r) => ({
          ...r,
          idempotency: {
            get: async (k) => replaced.get(k) ?? r.idempotency.get(k),
            insert: async (record) => {
              const inserted = await r.idempotency.insert(record);
              if (!inserted) replaced.set(record.key, record);
              return inserted;
            },
          },
        }),
      });
    }),
    caughtBy: [KEYS.first, KEYS.refused],
  },
  {
    name: 'idempotency-keys-outlive-rollback',
    breaks: 'keys are remembered outside the transaction, so a rolled-back key still counts as used',
    loses: 'the retry of a failed execution is refused as a duplicate: the item is never billed',
    createStore: broken(() => {
      const used = new Set<string>();
      return () => ({
        wrap: (r) => ({
          ...r,
          idempotency: {
            get: r.idempotency.get,
            insert: async (record) => {
              if (used.has(record.key)) return false;
              used.add(record.key);
              return r.idempotency.insert(record);
            },
          },
        }),
      });
    }),
    caughtBy: [KEYS.retry],
  },
  {
    name: 'idempotency-result-cut',
    breaks:
      '`idempotency.insert` keeps `result` in a column of 65,535 bytes (MySQL `TEXT` without strict mode), which cuts a long one',
    loses:
      'a keyed createInvoiceSchedule or updateInvoiceSchedule whose schedule is long (many items, custom fields) keeps a cut copy: its retry throws reading it back instead of answering with the schedule',
    createStore: patched((r) => ({
      ...r,
      idempotency: {
        get: (k) => r.idempotency.get(k),
        insert: (record) =>
          r.idempotency.insert({
            ...record,
            result: Buffer.from(record.result, 'utf8').subarray(0, 65_535).toString('utf8'),
          }),
      },
    })),
    caughtBy: [KEYS.long],
    spares: [KEYS.first, KEYS.refused],
  },
  {
    name: 'idempotency-drops-created-at',
    breaks:
      '`idempotency.insert` does not store `createdAt` (no column for it, or one the adapter never writes)',
    loses:
      'no record has an age, so pruneIdempotencyRecords never deletes one: the table grows by a row per keyed call and per item execution for ever',
    createStore: patched((r) => ({
      ...r,
      idempotency: {
        ...r.idempotency,
        insert: ({ createdAt: _, ...record }) => r.idempotency.insert(record),
      },
    })),
    caughtBy: [IDEMPOTENCY_AGE.createdAt, IDEMPOTENCY_AGE.oldest],
    spares: [KEYS.first, KEYS.refused, KEYS.retry],
  },
  {
    name: 'idempotency-prunes-unknown-age',
    breaks:
      '`idempotency.deleteCreatedBefore` deletes the records without `createdAt` too (a null taken as old)',
    loses:
      'the keys written before 0.2.0, of unknown age, go at the first pruning: a client retrying such a request has it carried out again',
    // Stored with the epoch where the record has no createdAt (a column `NOT NULL DEFAULT 'epoch'`), read back
    // without it: only the deletion shows it.
    createStore: patched((r) => ({
      ...r,
      idempotency: {
        ...r.idempotency,
        get: async (key) => {
          const record = await r.idempotency.get(key);
          if (record?.createdAt !== EPOCH) return record;
          const { createdAt: _, ...rest } = record;
          return rest;
        },
        insert: (record) => r.idempotency.insert({ createdAt: EPOCH, ...record }),
      },
    })),
    caughtBy: [IDEMPOTENCY_AGE.oldest],
    spares: [IDEMPOTENCY_AGE.createdAt],
  },
  {
    name: 'idempotency-prune-unbounded',
    breaks:
      '`idempotency.deleteCreatedBefore` ignores `limit`: it deletes every record before the instant at once',
    loses:
      "the first pruning of a backlog of millions of keys holds all their row locks in one transaction: keyed calls and executions meeting them wait for minutes, and the host's `limit` means nothing",
    createStore: patched((r) => ({
      ...r,
      idempotency: {
        ...r.idempotency,
        deleteCreatedBefore: (before) =>
          r.idempotency.deleteCreatedBefore?.(before, Number.MAX_SAFE_INTEGER) ?? Promise.resolve(0),
      },
    })),
    caughtBy: [IDEMPOTENCY_AGE.oldest],
    spares: [IDEMPOTENCY_AGE.createdAt, IDEMPOTENCY_AGE.transactional, IDEMPOTENCY_AGE.concurrent],
  },
  {
    name: 'idempotency-prune-outside-transaction',
    breaks:
      '`idempotency.deleteCreatedBefore` deletes on its own connection (autocommit), not in the transaction that calls it',
    loses:
      "a pruning whose transaction rolls back (a timeout, a deploy) has still deleted its keys: a retry in flight of those requests is carried out again, and an item's execution claim is gone while the run that took it may still be working",
    // The store the autocommit connection sees: every committed record's age, and the keys it deleted for good.
    createStore: broken(() => {
      const ages = new Map<string, string>();
      const gone = new Set<string>();
      return () => {
        const inserted = new Map<string, string>();
        return {
          wrap: (r) => ({
            ...r,
            idempotency: {
              ...r.idempotency,
              get: async (key) => (gone.has(key) ? null : r.idempotency.get(key)),
              insert: async (record) => {
                gone.delete(record.key);
                const done = await r.idempotency.insert(record);
                if (done && record.createdAt !== undefined) inserted.set(record.key, record.createdAt);
                return done;
              },
              deleteCreatedBefore: async (before, limit) => {
                const oldest = [...ages]
                  .filter(([, at]) => at < before)
                  .sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))
                  .slice(0, limit);
                for (const [key] of oldest) {
                  ages.delete(key);
                  gone.add(key);
                }
                return (await r.idempotency.deleteCreatedBefore?.(before, limit)) ?? 0;
              },
            },
          }),
          end: (committed) => {
            if (committed) for (const [key, at] of inserted) ages.set(key, at);
          },
        };
      };
    }),
    caughtBy: [IDEMPOTENCY_AGE.transactional],
    spares: [
      IDEMPOTENCY_AGE.createdAt,
      IDEMPOTENCY_AGE.oldest,
      IDEMPOTENCY_AGE.concurrent,
      'idempotency keys >',
    ],
  },
  {
    name: 'idempotency-prune-counts-its-read',
    breaks:
      '`idempotency.deleteCreatedBefore` answers how many records a read before its delete found (a SELECT, then a DELETE by key without RETURNING), not how many the delete removed',
    loses:
      "no keys, but two pruners at once both count the same records: pruneIdempotencyRecords' `deleted` reports twice what went, and a pruner reaches its `limit` having deleted less",
    // Each transaction's read is taken when it is asked for (the connection's snapshot before it waits for the
    // rows): two pruners started together read the same old records.
    createStore: broken(() => {
      const ages = new Map<string, string>();
      const oldestBefore = (from: ReadonlyMap<string, string>, before: string) =>
        [...from].filter(([, at]) => at < before).sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
      return () => {
        const read = new Map(ages);
        const inserted = new Map<string, string>();
        const deleted: string[] = [];
        return {
          wrap: (r) => ({
            ...r,
            idempotency: {
              ...r.idempotency,
              insert: async (record) => {
                const done = await r.idempotency.insert(record);
                if (done && record.createdAt !== undefined) inserted.set(record.key, record.createdAt);
                return done;
              },
              deleteCreatedBefore: async (before, limit) => {
                const removed = (await r.idempotency.deleteCreatedBefore?.(before, limit)) ?? 0;
                const current = new Map([...ages, ...inserted].filter(([key]) => !deleted.includes(key)));
                for (const [key] of oldestBefore(current, before).slice(0, removed)) deleted.push(key);
                return Math.min(limit, oldestBefore(read, before).length);
              },
            },
          }),
          end: (committed) => {
            if (!committed) return;
            for (const [key, at] of inserted) ages.set(key, at);
            for (const key of deleted) ages.delete(key);
          },
        };
      };
    }),
    // Its read misses the transaction's own insert too, which the transactional test counts since review 219.
    caughtBy: [IDEMPOTENCY_AGE.concurrent, IDEMPOTENCY_AGE.transactional],
    spares: [IDEMPOTENCY_AGE.createdAt, IDEMPOTENCY_AGE.oldest, 'idempotency keys >'],
  },
  {
    name: 'idempotency-prune-no-count',
    breaks:
      '`idempotency.deleteCreatedBefore` deletes the records but returns nothing (`Promise<void>`, the count of the DELETE dropped)',
    loses:
      'pruneIdempotencyRecords stops with a TypeError at its first batch: the scheduled pruning never completes, and the table grows for ever',
    createStore: patched((r) => ({
      ...r,
      idempotency: {
        ...r.idempotency,
        deleteCreatedBefore: (async (before: string, limit: number) => {
          await r.idempotency.deleteCreatedBefore?.(before, limit);
        }) as unknown as (before: string, limit: number) => Promise<number>,
      },
    })),
    caughtBy: [IDEMPOTENCY_AGE.oldest, IDEMPOTENCY_AGE.transactional, IDEMPOTENCY_AGE.concurrent],
    spares: [IDEMPOTENCY_AGE.createdAt, 'idempotency keys >'],
  },
  // ── keys ──
  {
    name: 'case-insensitive-numbers',
    breaks: 'invoice numbers compared case-insensitively (a `citext` column, a case-insensitive collation)',
    loses:
      '`inv00000601` finds INV00000601: a host acting on a key it was given posts or cancels another document',
    createStore: patched((r) => ({
      ...r,
      invoices: {
        ...r.invoices,
        get: async (n) =>
          (await r.invoices.get(n)) ??
          (await r.invoices.get(n.toUpperCase())) ??
          r.invoices.get(n.toLowerCase()),
        save: async (invoice) => {
          const variants = [invoice.number.toUpperCase(), invoice.number.toLowerCase()];
          for (const v of variants) {
            if (v === invoice.number || invoice.version !== 1) continue;
            const other = await r.invoices.get(v);
            if (other !== null) return err(versionConflict('Invoice', invoice.number, 0, other.version));
          }
          return r.invoices.save(invoice);
        },
      },
    })),
    caughtBy: [KEYS.numbersCase],
  },
  {
    name: 'case-insensitive-idempotency-keys',
    breaks: 'idempotency keys compared case-insensitively',
    loses:
      "two requests whose keys differ only in case are one: the second gets the first one's result and is never carried out",
    createStore: broken(() => {
      const spelled = new Map<string, string>();
      return () => ({
        wrap: (r) => ({
          ...r,
          idempotency: {
            get: async (k) =>
              (await r.idempotency.get(k)) ?? r.idempotency.get(spelled.get(k.toLowerCase()) ?? k),
            insert: async (record) => {
              const known = spelled.get(record.key.toLowerCase());
              if (known !== undefined && (await r.idempotency.get(known)) !== null) return false;
              spelled.set(record.key.toLowerCase(), record.key);
              return r.idempotency.insert(record);
            },
          },
        }),
      });
    }),
    caughtBy: [KEYS.keysCase],
  },
  // ── claims (over the memory store in its read-committed mode: transactions really overlap) ──
  {
    name: 'claims-do-nothing',
    breaks:
      '`accounts.claim` returns at once without locking anything, on a store whose transactions overlap',
    loses:
      'two concurrent createInvoiceSchedule on one order both succeed, and a bill run standard-bills a charge a schedule created beside it covers: the charge is billed twice (73,800 for 36,900)',
    createStore: () => {
      const inner = createMemoryStore({ isolation: 'read-committed' });
      return {
        transaction: (work) =>
          inner.transaction((r) => work({ ...r, accounts: { ...r.accounts, claim: async () => undefined } })),
      };
    },
    caughtBy: [
      'isolation > a claim of an account holds a second claim of it until the first transaction ends',
    ],
  },
  {
    name: 'claimMany-does-nothing',
    breaks:
      '`accounts.claimMany` returns at once without locking anything (`accounts.claim` locks), on a store whose transactions overlap',
    loses:
      'a bill run claims its batch of accounts with claimMany, so generateBillingDocuments on one of them runs beside it: a charge without a schedule is standard-billed by both (two invoices of 1,200.00 for a 1,200.00 charge)',
    createStore: () => {
      const inner = createMemoryStore({ isolation: 'read-committed' });
      return {
        transaction: (work) =>
          inner.transaction((r) =>
            work({ ...r, accounts: { ...r.accounts, claimMany: async () => undefined } }),
          ),
      };
    },
    caughtBy: [
      'isolation > accounts.claimMany holds the claim of every account it names until its transaction ends',
      'isolation > accounts.claimMany waits for a claim another transaction holds on any account it names, and claimMany excludes claimMany',
    ],
    spares: ['isolation > a claim of an account'],
  },
  {
    name: 'orders-insert-overwrites',
    breaks: '`orders.insert` of an existing number replaces the order (an upsert) and reports success',
    loses:
      'two concurrent saves of one order number both succeed, and the second silently replaces the first: the order activated later is not the one its host saved first',
    createStore: patched((r) => ({
      ...r,
      orders: {
        ...r.orders,
        insert: async (o) => {
          await r.orders.put(o);
          return ok(undefined);
        },
      },
    })),
    caughtBy: [ROUND_TRIPS.orderReinsert],
  },
  // ── round trips: a field or a table the adapter does not store ──
  {
    name: 'credit-memo-applications-dropped',
    breaks:
      '`creditMemos` reads give every memo back with no `applications` (a memo row mapped without its applications table)',
    loses:
      'a memo applied to one invoice reads back unapplied: applyCreditMemo applies it again, to another invoice (a 333.33 memo applied twice, 666.66 credited), instead of refusing CreditMemoOverApplied',
    createStore: readsThrough('creditMemos', VALUE_READS.creditMemos, (m) => ({ ...m, applications: [] })),
    caughtBy: [ROUND_TRIPS.creditMemo],
    spares: [...roundTripsBut(ROUND_TRIPS.creditMemo), 'lookup by id: CreditMemo >'],
  },
  {
    name: 'bill-run-schedule-filter-dropped',
    breaks:
      '`billRuns.get` and `getById` give every run back with no `invoiceScheduleNumbers` (a bill_runs table without a column for the schedule filter)',
    loses:
      'a run started for some schedules only, resumed or billed account by account (`billAccount`, `workOnBillRun`), bills every schedule of its accounts: a run for IS-00000001 also invoices the 600.00 due on IS-00000002',
    createStore: readsThrough('billRuns', ['get', 'getById'], (b) => ({ ...b, invoiceScheduleNumbers: [] })),
    caughtBy: [ROUND_TRIPS.billRunKinds],
    spares: [...roundTripsBut(ROUND_TRIPS.billRunKinds), 'bill runs >', 'lookup by id: BillRun >'],
  },
  {
    name: 'bill-run-kind-dropped',
    breaks:
      "`billRuns.get` and `getById` give every run back as kind 'BillRun' (a bill_runs table without a kind column): a schedule execution's item and an account's documents read as a run over accounts",
    loses:
      "no money directly, but a keyed executeInvoiceSchedule retried throws ('… is a BillRun, not a ScheduleExecution') instead of answering with its run, and getBillRun reports executions as bill runs over accounts",
    createStore: readsThrough('billRuns', ['get', 'getById'], (b) => {
      if (b.kind === 'BillRun') return b;
      const { invoiceScheduleItemId: _item, ...rest } = b;
      return { ...rest, kind: 'BillRun', includePausedSchedules: false };
    }),
    caughtBy: [ROUND_TRIPS.billRunKinds],
    spares: [...roundTripsBut(ROUND_TRIPS.billRunKinds), 'bill runs >', 'lookup by id: BillRun >'],
  },
  ...(
    [
      [
        'invoiceSchedules',
        "no money: the schedule's next save (a bill run billing an item, an edit) stores it without who created it and when, for good",
      ],
      [
        'invoices',
        "no money: the invoice's next save (a post, a credit applied) stores it without who created it and when, for good",
      ],
      [
        'creditMemos',
        "no money: the memo's next save (a post, an application) stores it without who created it and when, for good",
      ],
    ] as const
  ).map(
    ([repo, loses]): BrokenAdapter => ({
      name: `audit-fields-dropped: ${repo}`,
      breaks: `\`${repo}\` reads give values back without \`createdAt\`, \`createdBy\`, \`updatedAt\` and \`updatedBy\` (a table without the audit columns)`,
      loses,
      createStore: readsThrough(repo, VALUE_READS[repo], withoutAudit),
      caughtBy: [ROUND_TRIPS.audit],
      spares: roundTripsBut(ROUND_TRIPS.audit),
    }),
  ),
  // ── bill runs ──
  {
    name: 'bill-run-parts-ignore-versions',
    breaks: '`billRuns.saveAccount` overwrites whatever part is stored (no insert-once, no compare-and-set)',
    loses:
      "two workers billing one account both save its part: standard billing's invoice of the account is issued twice",
    createStore: patched((r) => ({
      ...r,
      billRuns: {
        ...r.billRuns,
        saveAccount: async (p) => {
          const stored = await r.billRuns.getAccount(p.billRunNumber, p.accountNumber);
          await r.billRuns.saveAccount({ ...p, version: (stored?.version ?? 0) + 1 });
          return ok(undefined);
        },
      },
    })),
    caughtBy: [BILL_RUNS.parts],
  },
  {
    name: 'bill-run-parts-of-every-run',
    breaks: "`billRuns.listAccounts` returns every run's parts, not only the named run's",
    loses:
      "a completed run lists other runs' invoices: a host that sends each run's invoices sends them again",
    createStore: patched((r) => ({
      ...r,
      billRuns: {
        ...r.billRuns,
        listAccounts: async (n) => {
          const others = n === 'BR-00000081' ? await r.billRuns.listAccounts('BR-00000082') : [];
          return [...(await r.billRuns.listAccounts(n)), ...others];
        },
      },
    })),
    caughtBy: [BILL_RUNS.listParts],
  },
  {
    name: 'accounts-list-ignores-page',
    breaks: '`accounts.list(after, limit)` returns every account whatever the page',
    loses:
      'no money: a bill run over every account refuses to run on it (it checks the page) instead of loading every account at once',
    createStore: patched((r) => ({
      ...r,
      accounts: { ...r.accounts, list: () => r.accounts.list(null, 1_000_000) },
    })),
    caughtBy: ['queries > accounts.list(after, limit) pages: at most limit accounts, numbered after `after`'],
  },
  // ── queries ──
  {
    name: 'lists-out-of-order',
    breaks: '`subscriptions.listByAccount` not ordered by number',
    loses:
      'no money directly: documents are built and numbered in whatever order the database returns, so runs are not reproducible',
    createStore: patched((r) => ({
      ...r,
      subscriptions: {
        ...r.subscriptions,
        listByAccount: async (a) => [...(await r.subscriptions.listByAccount(a))].reverse(),
      },
    })),
    caughtBy: [
      "queries > subscriptions.listByAccount returns only that account's subscriptions, ordered by number",
    ],
  },
  {
    name: 'invoices-by-account-posted-only',
    breaks: '`invoices.listByAccount` returns Posted invoices only, not Drafts',
    loses:
      'standard billing does not see what Drafts billed and bills it again: 100 → 200 → 300 for a 100/month charge',
    createStore: patched((r) => ({
      ...r,
      invoices: {
        ...r.invoices,
        listByAccount: async (a) => (await r.invoices.listByAccount(a)).filter((i) => i.status === 'Posted'),
      },
    })),
    caughtBy: [DOCUMENTS.invoicesByAccount],
  },
  {
    name: 'invoices-by-account-open-only',
    breaks: '`invoices.listByAccount` leaves out Canceled and Reversed invoices',
    loses:
      'no billing money today (the core skips them itself), but the account history a host reconciles misses every reversal',
    createStore: patched((r) => ({
      ...r,
      invoices: {
        ...r.invoices,
        listByAccount: async (a) =>
          (await r.invoices.listByAccount(a)).filter((i) => i.status === 'Draft' || i.status === 'Posted'),
      },
    })),
    caughtBy: [DOCUMENTS.invoicesByAccount],
  },
  {
    name: 'credit-memos-by-schedule-first-line',
    breaks: '`creditMemos.listBySchedule` matches the first line only',
    loses:
      "a memo that credits the schedule on a later line is not counted: the schedule's credit is issued again",
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        listBySchedule: async (s) =>
          (await r.creditMemos.listBySchedule(s)).filter((m) => m.lines[0]?.invoiceScheduleNumber === s),
      },
    })),
    caughtBy: [DOCUMENTS.memosBySchedule],
  },
  {
    name: 'credit-memos-by-schedule-joined-on-account',
    breaks: "`creditMemos.listBySchedule` returns every memo of the schedule's accounts",
    loses:
      "other schedules' credits count as this one's: the credit it owes is never issued, the customer over-billed",
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        listBySchedule: async (s) => {
          const own = await r.creditMemos.listBySchedule(s);
          const accounts = [...new Set(own.map((m) => m.accountNumber))];
          const all = [...own];
          for (const a of accounts) all.push(...(await r.creditMemos.listByAccount(a)));
          return byNumber(all);
        },
      },
    })),
    caughtBy: [DOCUMENTS.memosBySchedule],
  },
  {
    name: 'credit-memos-by-account-posted-only',
    breaks: '`creditMemos.listByAccount` returns Posted memos only',
    loses:
      'Draft credits are not netted from what a charge was billed: standard billing credits them a second time',
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        listByAccount: async (a) =>
          (await r.creditMemos.listByAccount(a)).filter((m) => m.status === 'Posted'),
      },
    })),
    caughtBy: [DOCUMENTS.memosByAccount],
  },
  {
    name: 'credit-memos-by-account-unordered',
    breaks: '`creditMemos.listByAccount` not ordered by number',
    loses:
      "no money directly: an account's credits come in whatever order the database returns, so runs are not reproducible",
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        listByAccount: async (a) => [...(await r.creditMemos.listByAccount(a))].reverse(),
      },
    })),
    caughtBy: [DOCUMENTS.memosByAccount],
  },
  {
    name: 'due-query-exclusive',
    breaks: '`listWithItemsDue` misses items whose run date is the target date (`<` instead of `<=`)',
    loses: 'items due on the run date are billed a run late, or never when it is the last run of the term',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        listWithItemsDue: async (target, filter) =>
          (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter((s) =>
            s.items.every((i) => i.status === 'Processed' || i.runDate !== target),
          ),
      },
    })),
    caughtBy: [
      'queries > listWithItemsDue includes every schedule with an unprocessed item on or before the target date (inclusive)',
    ],
  },
  {
    name: 'due-query-drops-paused',
    breaks: '`listWithItemsDue` leaves out paused schedules',
    loses: 'a bill run started with `includePausedSchedules` does not bill them',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        listWithItemsDue: async (target, filter) =>
          (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter((s) => s.status !== 'Paused'),
      },
    })),
    caughtBy: [
      'queries > listWithItemsDue returns paused schedules (the planner decides, decision 16) and schedules whose nextRunDate is reached with nothing pending (a credit due, §6.6)',
    ],
  },
  {
    name: 'due-query-without-next-run-date',
    breaks: '`listWithItemsDue` without its `nextRunDate` clause',
    loses:
      'credits due on fully processed schedules are never issued: the customer keeps paying for removed products',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        listWithItemsDue: async (target, filter) =>
          (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter((s) =>
            s.items.some((i) => i.status !== 'Processed' && i.runDate !== null && i.runDate <= target),
          ),
      },
    })),
    caughtBy: [
      'queries > listWithItemsDue returns paused schedules (the planner decides, decision 16) and schedules whose nextRunDate is reached with nothing pending (a credit due, §6.6)',
    ],
  },
  {
    name: 'due-query-next-run-date-only',
    breaks: '`listWithItemsDue` without its item clause: only `nextRunDate <= target`',
    loses:
      'an item due on a schedule whose nextRunDate is later (a pull-forward a 0.1.0 revert kept) or null is never billed by a bill run',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        listWithItemsDue: async (target, filter) =>
          (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter(
            (s) => s.nextRunDate !== null && s.nextRunDate <= target,
          ),
      },
    })),
    caughtBy: [
      'queries > listWithItemsDue returns a schedule for a due item alone: a Pending or Executing item on or before the target date, its nextRunDate later or null',
    ],
    spares: ['queries > listWithItemsDue honours'],
  },
  {
    name: 'due-query-next-run-date-exclusive',
    breaks:
      '`listWithItemsDue` takes items due on the target date, but its `nextRunDate` clause is exclusive (`next_run_date < $1`)',
    loses:
      "a credit due on a schedule's nextRunDate is not issued by the run on that date: a run restricted to the schedule issues nothing (C11's June credit memo of 20,750.00 is not issued)",
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        listWithItemsDue: async (target, filter) =>
          (await r.invoiceSchedules.listWithItemsDue(target, filter)).filter(
            (s) =>
              s.items.some((i) => i.status !== 'Processed' && i.runDate !== null && i.runDate <= target) ||
              (s.nextRunDate !== null && s.nextRunDate < target),
          ),
      },
    })),
    caughtBy: [QUERIES.dueOnNextRunDate],
    spares: ['queries > listWithItemsDue includes', 'queries > listWithItemsDue returns a schedule for'],
  },
  {
    name: 'invoices-by-charge-first-line',
    breaks: '`invoices.listByCharge` matches the first line of each invoice only',
    loses:
      'a charge billed on a later line of an invoice counts as unbilled: createInvoiceSchedule accepts it instead of refusing it (ChargeAlreadyBilled), and the schedule bills it again (12,000.00 billed twice)',
    createStore: patched((r) => ({
      ...r,
      invoices: {
        ...r.invoices,
        listByCharge: async (subscription, charge) =>
          (await r.invoices.listByCharge(subscription, charge)).filter(
            (i) => i.lines[0]?.subscriptionNumber === subscription && i.lines[0]?.chargeNumber === charge,
          ),
      },
    })),
    caughtBy: [QUERIES.anyLine],
  },
  // ── lookups by id ──
  {
    name: 'get-by-id-reads-number',
    breaks: '`billRuns.getById` looks the key up as a number',
    loses:
      "a host's lookup by id finds nothing (or the run whose number equals the id): retries start new runs",
    createStore: patched((r) => ({ ...r, billRuns: { ...r.billRuns, getById: (id) => r.billRuns.get(id) } })),
    caughtBy: [
      'lookup by id: BillRun > getById finds the value stored with that id, in a later transaction, as written',
    ],
    spares: ['lookup by id: Invoice >'],
  },
  {
    name: 'credit-memo-get-undefined',
    breaks:
      "`creditMemos.get` answers `undefined`, not `null`, for a number it does not hold (a driver's empty result passed on as it is)",
    loses:
      "nothing the operations see today (they read it with `??`), but a host's code or a later operation testing `=== null` takes a missing memo for one found",
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        get: async (n) => (await r.creditMemos.get(n)) ?? (undefined as unknown as null),
      },
    })),
    caughtBy: ['shape > get of an unknown number or key is null in every repository'],
  },
  {
    name: 'bill-run-part-undefined',
    breaks:
      "`billRuns.getAccount` answers `undefined`, not `null`, for an account the run has no part for (a driver's empty result passed on as it is)",
    loses:
      'the operations test a missing part with `=== null`: a bill run on an adapter without the batch read `getAccounts` throws a TypeError on its first account, and `billAccount` of an account with nothing due saves an empty part instead of none',
    createStore: patched((r) => ({
      ...r,
      billRuns: {
        ...r.billRuns,
        getAccount: async (b, a) => (await r.billRuns.getAccount(b, a)) ?? (undefined as unknown as null),
      },
    })),
    caughtBy: [
      'shape > get of an unknown number or key is null in every repository',
      'bill runs > an account part is inserted once (version 1), then replaced by compare-and-set',
    ],
  },
  {
    name: 'get-by-id-misses-own-writes',
    breaks: '`invoices.getById` does not see invoices saved in the same transaction',
    loses:
      'an invoice issued and posted by id in one operation is "not found": the operation fails after billing',
    createStore: broken(() => () => {
      const written = new Set<string>();
      return {
        wrap: (r) => ({
          ...r,
          invoices: {
            ...r.invoices,
            save: (invoice) => {
              written.add(invoice.id);
              return r.invoices.save(invoice);
            },
            getById: async (id) => (written.has(id) ? null : r.invoices.getById(id)),
          },
        }),
      };
    }),
    caughtBy: [
      "lookup by id: Invoice > getById sees the transaction's own writes, and nothing of a rolled-back one",
    ],
  },
  {
    name: 'get-by-id-across-aggregates',
    breaks: "`invoiceSchedules.getById` also matches other aggregates' ids",
    loses: "an invoice's id given as a schedule key edits or bills an unrelated schedule",
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        getById: async (id) =>
          (await r.invoiceSchedules.getById(id)) ??
          ((await r.invoices.getById(id)) === null
            ? null
            : ((await r.invoiceSchedules.listByAccount('A00000001'))[0] ?? null)),
      },
    })),
    caughtBy: ["lookup by id: across aggregates > getById finds only its own aggregate's ids"],
  },
  {
    name: 'get-by-id-finds-removed',
    breaks: '`invoiceSchedules.getById` still finds a removed schedule',
    loses:
      'a deleted schedule can still be executed by id: its charges are billed a second time by standard billing',
    createStore: broken(() => {
      const removed = new Map<string, InvoiceSchedule>();
      return () => ({
        wrap: (r) => ({
          ...r,
          invoiceSchedules: {
            ...r.invoiceSchedules,
            remove: async (number, version) => {
              const schedule = await r.invoiceSchedules.get(number);
              if (schedule) removed.set(schedule.id, schedule);
              return r.invoiceSchedules.remove(number, version);
            },
            getById: async (id) => (await r.invoiceSchedules.getById(id)) ?? removed.get(id) ?? null,
          },
        }),
      });
    }),
    caughtBy: [
      'removing schedules (compare-and-set) > a removed schedule is not found by id, in the removing transaction and after',
    ],
  },
  {
    name: 'leases-ignore-the-cursor',
    breaks:
      '`billRuns.leaseAccounts` hands out new accounts from the first account every time (no cursor per run)',
    loses:
      'no money (an account is billed once under its claim), but every worker bills the same first accounts while the rest wait, and a run over many accounts never ends',
    createStore: patched((r) => ({
      ...r,
      billRuns: {
        ...r.billRuns,
        leaseAccounts: async (req) => {
          const first = await r.accounts.list(null, req.limit);
          return first.map((a) => a.number);
        },
      },
    })),
    caughtBy: [LEASES.order, LEASES.expired, LEASES.among, LEASES.concurrent],
  },
  {
    name: 'leases-never-expire',
    breaks: '`billRuns.leaseAccounts` never hands out an expired lease again',
    loses:
      "the accounts of a worker that died are never billed: the run waits for them for ever (every other worker returns 'waiting')",
    createStore: patched((r) => ({
      ...r,
      billRuns: {
        ...r.billRuns,
        leaseAccounts: async (req) => {
          const open = new Set(
            (await r.billRuns.listOpenLeases?.(req.billRunNumber))?.map((l) => l.accountNumber),
          );
          const taken = (await r.billRuns.leaseAccounts?.(req)) ?? [];
          return taken.filter((a) => !open.has(a));
        },
      },
    })),
    caughtBy: [LEASES.expired],
  },
  {
    name: 'leases-in-the-order-chosen',
    breaks:
      '`billRuns.leaseAccounts` returns the accounts in the order it chose them (expired leases by their end, then new accounts), not ascending',
    loses:
      "no money, but workOnBillRun throws a TypeError (a batch's accounts must be ascending) when it takes over a dead worker's leases that ended at different instants: the worker stops, and those accounts wait a lease term more, until another worker takes them (their leases now ending together, they come back ascending)",
    createStore: patched((r) => ({
      ...r,
      billRuns: {
        ...r.billRuns,
        leaseAccounts: async (req) => {
          // The run's expired leases, by their end (then by account), as the adapter chose among them.
          const ends = new Map(
            ((await r.billRuns.listOpenLeases?.(req.billRunNumber)) ?? [])
              .filter((l) => l.leasedUntil <= req.now)
              .map((l) => [l.accountNumber, l.leasedUntil]),
          );
          const taken = (await r.billRuns.leaseAccounts?.(req)) ?? [];
          const rank = (a: string) => ends.get(a) ?? '\uffff';
          return [...taken].sort((a, b) =>
            rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : a < b ? -1 : a > b ? 1 : 0,
          );
        },
      },
    })),
    caughtBy: [LEASES.ascending],
    spares: [LEASES.order, LEASES.among, LEASES.rollback, LEASES.concurrent],
  },
  // ── pages ──
  {
    name: 'pages-ignore-after',
    breaks:
      '`invoiceSchedules.page`, `invoices.page` and `creditMemos.page` ignore `after`: every page is the first',
    loses:
      'no money, but a host paging through schedules or documents gets the first page again and again: its list never ends, and an export that follows `nextCursor` loops for ever',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        page: (query) => r.invoiceSchedules.page({ ...query, after: null }),
      },
      invoices: { ...r.invoices, page: (query) => r.invoices.page({ ...query, after: null }) },
      creditMemos: { ...r.creditMemos, page: (query) => r.creditMemos.page({ ...query, after: null }) },
    })),
    caughtBy: [PAGES.byNumber, PAGES.byNextRunDate, PAGES.documents],
  },
  {
    name: 'pages-nulls-first',
    breaks:
      "`invoiceSchedules.page` by `nextRunDate` puts schedules without a next run date first (MySQL's ascending order, `NULLS FIRST`)",
    loses:
      'no money: the listing opens on schedules with nothing left to run instead of the next to run; an adapter whose key and order disagree on that place skips them or shows them twice',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        page: async (query) => {
          if (query.order !== 'nextRunDate') return r.invoiceSchedules.page(query);
          // '' sorts before every date: the schedules without one first, then by date, ties by number.
          const key = (date: string | null, number: string) => [date ?? '', number] as const;
          const compare = (a: readonly [string, string], b: readonly [string, string]) =>
            a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
          const all = await r.invoiceSchedules.page({ ...query, after: null, limit: 1_000_000 });
          const from = query.after === null ? null : key(query.after.nextRunDate, query.after.number);
          return [...all]
            .sort((a, b) => compare(key(a.nextRunDate, a.number), key(b.nextRunDate, b.number)))
            .filter((s) => from === null || compare(key(s.nextRunDate, s.number), from) > 0)
            .slice(0, query.limit);
        },
      },
    })),
    caughtBy: [PAGES.byNextRunDate],
    spares: ['queries: pages > invoiceSchedules.page by number'],
  },
  outboxOutsideTransaction(),
  {
    name: 'pages-show-deleted',
    breaks:
      '`invoiceSchedules.page` lists deleted schedules (`deleted: true`) as if `includeDeleted` were always set',
    loses:
      'no money: the schedule screen lists schedules a user deleted, and `listItemsDue` asks the planner about them; a page filtered after the query comes back short, and the listing ends early',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        page: (query) => r.invoiceSchedules.page({ ...query, includeDeleted: true }),
      },
    })),
    caughtBy: [PAGES.deleted],
    spares: [
      'queries: pages > invoiceSchedules.page by number',
      'queries: pages > invoiceSchedules.page filters',
    ],
  },
  {
    name: 'pages-key-from-stored-row',
    breaks:
      "`invoiceSchedules.page` by `nextRunDate` resumes after the stored row of the key's number (`> (SELECT sort, number … WHERE number = $after)`), not after the key",
    loses:
      'no money: a listing whose last row moved before the next page (billed: a later next run date) skips the schedules between its old and new date; one whose last row was deleted ends there',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        page: async (query) => {
          if (query.after === null || query.order !== 'nextRunDate') return r.invoiceSchedules.page(query);
          const row = await r.invoiceSchedules.get(query.after.number);
          if (row === null) return [];
          return r.invoiceSchedules.page({
            ...query,
            after: { number: row.number, nextRunDate: row.nextRunDate },
          });
        },
      },
    })),
    caughtBy: [PAGES.afterKey],
    spares: [PAGES.byNumber, PAGES.byNextRunDate, PAGES.filters, PAGES.ownWrites, PAGES.updatedSince],
  },
  {
    name: 'pages-updated-since-reads-created-at',
    breaks: "`invoiceSchedules.page` filters `updatedSince` on the record's `createdAt` (a column mix-up)",
    loses:
      'no money: a host syncing the schedules changed since its last run (`listInvoiceSchedules({ updatedSince })`) never sees an edit, a pause or a billed item of a schedule created before then',
    createStore: patched((r) => ({
      ...r,
      invoiceSchedules: {
        ...r.invoiceSchedules,
        page: async (query) => {
          const { updatedSince, ...rest } = query;
          if (updatedSince === undefined) return r.invoiceSchedules.page(query);
          const all = await r.invoiceSchedules.page({ ...rest, limit: 1_000_000 });
          return all
            .filter((s) => s.createdAt !== undefined && s.createdAt >= updatedSince)
            .slice(0, query.limit);
        },
      },
    })),
    caughtBy: [PAGES.updatedSince],
    spares: [PAGES.byNumber, PAGES.byNextRunDate, PAGES.afterKey, PAGES.filters, PAGES.deleted],
  },
  {
    name: 'outbox-sorted-by-id',
    breaks:
      '`outbox.append` stores the events of one append sorted by id (a map keyed by id, an `INSERT … SELECT … ORDER BY id`), not in the order given',
    loses:
      "no money directly: a relay publishes a transaction's events out of save order (a pause's `InvoiceSchedulePaused` before the `InvoiceScheduleUpdated` saved ahead of it); a consumer applying them in order goes wrong",
    ...probed(() => () => ({
      wrap: (r) => ({
        ...r,
        outbox: {
          append: (events) =>
            appendOf(r)([...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))),
        },
      }),
    })),
    caughtBy: [OUTBOX.committed, OUTBOX.retried],
    spares: [OUTBOX.rolledBack, OUTBOX.duplicates],
  },
  {
    name: 'outbox-ids-outlive-rollback',
    breaks:
      '`outbox.append` skips the ids it remembers in an in-process set of every id it was given, kept when the transaction rolls back',
    loses:
      'no money directly: a transaction the library runs again after a transient failure (a 40001) stores none of its events: the retried bill run never announces its invoices (InvoiceCreated, ItemProcessed)',
    ...probed(() => {
      const seen = new Set<string>();
      return () => ({
        wrap: (r) => ({
          ...r,
          outbox: {
            append: async (events) => {
              const fresh = events.filter((e) => !seen.has(e.id));
              for (const e of events) seen.add(e.id);
              await appendOf(r)(fresh);
            },
          },
        }),
      });
    }),
    caughtBy: [OUTBOX.retried],
    spares: [OUTBOX.committed, OUTBOX.rolledBack, OUTBOX.duplicates],
  },
  {
    name: 'schedule-account-column-written-on-insert',
    breaks:
      '`invoiceSchedules.listByAccount` filters on an account column written on insert and left alone by the compare-and-set UPDATE',
    loses:
      'a schedule that followed its subscriptions to a new owner (§8.8) is never billed there: its items stay Pending, the run completes without a failure',
    createStore: derivedOnInsert('scheduleAccount'),
    caughtBy: [QUERIES.latestVersion],
  },
  {
    name: 'subscription-account-column-written-on-insert',
    breaks:
      '`subscriptions.listByAccount` filters on an account column written on insert and left alone by the compare-and-set UPDATE',
    loses:
      'a subscription transferred to another account (an owner transfer, decision 17) is never billed by standard billing on its new owner',
    createStore: derivedOnInsert('subscriptionAccount'),
    caughtBy: [QUERIES.latestVersion],
  },
  {
    name: 'schedule-charges-table-written-on-insert',
    breaks:
      "`invoiceSchedules.listByCharge` reads a side table of the schedule's charges filled on insert and left alone by later saves",
    loses:
      'a charge a schedule took over by an update is not seen as scheduled: a second schedule over it is created and the charge is billed twice (§4.2 rule 1)',
    createStore: derivedOnInsert('scheduleCharges'),
    caughtBy: [QUERIES.latestVersion],
  },
  {
    name: 'schedule-due-column-written-on-insert',
    breaks:
      '`listWithItemsDue` filters on a next-due-day column written on insert and left alone by the compare-and-set UPDATE',
    loses:
      'an item whose blank run date is filled in later is never billed by a run limited to its schedule; one moved earlier is billed late',
    createStore: derivedOnInsert('scheduleDue'),
    caughtBy: [QUERIES.latestVersion],
  },
  {
    name: 'credit-memos-drop-canceled',
    breaks: '`creditMemos.listBySchedule` and `listByAccount` leave out Canceled memos',
    loses:
      "the core decides on a history that is not the stored one: standard billing reads the lines a Canceled memo netted as voided days, and a revert counts a schedule's memo it does not see as live",
    createStore: patched((r) => ({
      ...r,
      creditMemos: {
        ...r.creditMemos,
        listBySchedule: async (n) =>
          (await r.creditMemos.listBySchedule(n)).filter((m) => m.status !== 'Canceled'),
        listByAccount: async (a) =>
          (await r.creditMemos.listByAccount(a)).filter((m) => m.status !== 'Canceled'),
      },
    })),
    caughtBy: [DOCUMENTS.memosBySchedule, DOCUMENTS.memosByAccount],
  },
];

/**
 * An outbox on another connection than the transaction's: each `append` commits at once, so the events of
 * a rolled-back transaction are published as if their changes had been saved.
 */
function outboxOutsideTransaction(): BrokenAdapter {
  const published = new WeakMap<object, OutboxEntry[]>();
  return {
    name: 'outbox-outside-transaction',
    breaks: '`outbox.append` writes on its own connection (autocommit), not in the transaction',
    loses:
      'no money directly: a rolled-back bill run still announces its invoices (InvoiceCreated, ItemProcessed) to the ledger, the emails and the search index',
    createStore: () => {
      const inner = createMemoryStore();
      const entries: OutboxEntry[] = [];
      const store: UnitOfWork = {
        transaction: (work) =>
          inner.transaction((r) =>
            work({
              ...r,
              outbox: {
                append: async (events) => {
                  for (const event of events) {
                    if (entries.some((e) => e.event.id === event.id)) continue;
                    entries.push({ position: entries.length + 1, event });
                  }
                },
              },
            }),
          ),
      };
      published.set(store, entries);
      return store;
    },
    probe: (store) => ({ outbox: (after) => (published.get(store) ?? []).slice(after) }),
    caughtBy: [OUTBOX.rolledBack],
    spares: [OUTBOX.committed],
  };
}

/**
 * Repositories that keep working once their transaction ended: each call made through them afterwards runs
 * on its own, committed at once, as a statement on a pooled connection used after it went back to the pool
 * (in autocommit) would.
 */
function repositoriesOutliveTransaction(): BrokenAdapter {
  return {
    name: 'repositories-outlive-transaction',
    breaks:
      'repositories kept past their transaction still work: each call then runs and commits on its own (a pooled connection used after its release, in autocommit)',
    loses:
      "a write made once the work returned (a save not awaited, a callback that kept the repositories) is stored outside any transaction: the operation's rollback does not undo it, and it skips the claims and checks its transaction held",
    createStore: broken((inner) => () => {
      let ended = false;
      return {
        wrap: (r) =>
          Object.fromEntries(
            Object.entries(r).map(([repo, methods]) => [
              repo,
              Object.fromEntries(
                Object.entries(methods as Record<string, Method>).map(([name, method]) => [
                  name,
                  async (...args: unknown[]) => {
                    if (!ended) return method(...args);
                    const alone = await inner.transaction(async (fresh) =>
                      ok(await methodOf(fresh, repo, name)(...args)),
                    );
                    return alone._unsafeUnwrap();
                  },
                ]),
              ),
            ]),
          ) as unknown as Repositories,
        end: () => {
          ended = true;
        },
      };
    }),
    caughtBy: [TRANSACTIONS.afterEnd],
    // Inside their transaction the repositories are the store's own: the other transaction tests pass.
    spares: ['transactions > an ', 'transactions > a throw', 'transactions > concurrent'],
  };
}
