import { err, type Result } from 'neverthrow';
import type { Audited } from '../domain/audit';
import { type BillingEvent, eventsOfWrites, type SavedWrite } from '../domain/billing/events';
import type { Draft } from '../domain/copy';
import { invoiceDraft } from '../domain/documents/copy';
import type { Invoice } from '../domain/documents/invoice';
import { scheduleDraft } from '../domain/schedule/copy';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { BillingContext, Repositories, UnitOfWork } from '../ports';
import { idFault } from './checked-ids';
import { withoutDeletedSchedules } from './visible';

// How mutating operations learn what they changed: the context they run with has a store whose every
// transaction sees the repositories through a recorder. The recorder notes each aggregate read (the
// version a compare-and-set save replaces) and each successful write; when the work resolves to an Ok,
// the writes become events (the pure `eventsOfWrites`), appended to the store's outbox inside the same
// transaction; once the transaction has committed, they are handed to the operation for its result. A
// rolled-back or retried attempt hands nothing.

const RECORDING = Symbol('invoice-schedules/recording');

/**
 * What a mutating operation collects from its committed transactions: their events, and the audited
 * version of each value it saved (the value the operation built → the one stored, with its audit fields),
 * so its result can show what is stored. @internal
 */
export interface RecordingSink {
  /** The events of the operation's committed transactions; `null` when it does not keep them (`keepEvents`). */
  readonly events: BillingEvent[] | null;
  /**
   * Weak: an entry lives only as long as the value built does. A long operation (a bill run) saves far more
   * than its result names, and a strong map would hold every document it built, and its stored version,
   * until it ends.
   */
  readonly stored: WeakMap<object, object>;
}

interface Recording {
  /** The host's store. */
  readonly raw: UnitOfWork;
  /** Where committed events go: the operation's, and those of operations it runs inside. */
  readonly sinks: readonly RecordingSink[];
}

type RecordingStore = UnitOfWork & { readonly [RECORDING]?: Recording };

/**
 * The context a mutating operation runs with: the same parts, and a store that records what each
 * committed transaction changed into `sink` (and into the sinks of an operation this one runs inside).
 * @internal
 */
export function recordingContext(context: BillingContext, sink: RecordingSink): BillingContext {
  const parent = (context.store as RecordingStore)[RECORDING];
  const recording: Recording = {
    raw: parent?.raw ?? context.store,
    sinks: [...(parent?.sinks ?? []), sink],
  };
  const store: RecordingStore = {
    [RECORDING]: recording,
    transaction: <T, E>(work: (repositories: Repositories) => Promise<Result<T, E>>) =>
      recordedTransaction(context, recording, work),
  };
  return { ...context, store };
}

async function recordedTransaction<T, E>(
  context: BillingContext,
  recording: Recording,
  work: (repositories: Repositories) => Promise<Result<T, E>>,
): Promise<Result<T, E>> {
  // Once the call's ids returned a bad id (checked-ids.ts), nothing more of it commits: its later transactions
  // (a bill run saving the account's `Failed` part) do not start, and `mutation()` answers the fault.
  const refused = idFault(context);
  if (refused !== null) return err(refused) as unknown as Result<T, E>;
  let events: BillingEvent[] = [];
  let stored: ReadonlyMap<object, object> = new Map();
  const result = await recording.raw.transaction(async (repos) => {
    // A store may run `work` again after rolling an attempt back: nothing of an earlier attempt counts.
    events = [];
    stored = new Map();
    // One instant per transaction, read when it first writes.
    let instant: string | null = null;
    const stamp = (): AuditStamp => {
      instant ??= context.clock.now().toISOString();
      return { at: instant, by: context.actor ?? null };
    };
    const recorder = recordRepositories(repos, stamp);
    const done = await work(withoutDeletedSchedules(recorder.repos));
    // A bad id drawn in this work whose throw was caught on the way: rolled back all the same.
    const fault = idFault(context);
    if (fault !== null) return err(fault) as unknown as Result<T, E>;
    if (done.isOk() && recorder.writes.length > 0) {
      const { at, by } = stamp();
      events = eventsOfWrites(recorder.writes, { occurredAt: at, actor: by, reason: context.reason ?? null });
      if (events.length > 0 && repos.outbox !== undefined) await repos.outbox.append(events);
      stored = recorder.stored;
    }
    return done;
  });
  if (result.isOk()) {
    for (const sink of recording.sinks) {
      if (sink.events !== null) for (const event of events) sink.events.push(event);
      for (const [built, saved] of stored) sink.stored.set(built, saved);
    }
  }
  return result;
}

/** When and by whom a transaction saves. @internal */
export interface AuditStamp {
  readonly at: string;
  readonly by: string | null;
}

/** The aggregates that carry audit fields (`Audited`). */
const AUDITED: ReadonlySet<string> = new Set(['InvoiceSchedule', 'Invoice', 'CreditMemo']);

/**
 * `next` with its audit fields: created now when it is the first version, else as before (the value the
 * domain built usually carries them over from the version it changed; the stored previous version
 * otherwise), and updated now. @internal
 */
export function audited(
  next: Stored,
  previous: Stored | null,
  { at, by }: AuditStamp,
  entity: Entity,
): Stored {
  const was = (previous ?? {}) as Audited;
  const is = next as Audited;
  const first = next.version === 1;
  const createdAt = first ? at : (is.createdAt ?? was.createdAt);
  const createdBy = first ? by : is.createdAt !== undefined ? is.createdBy : was.createdBy;
  // The audit fields before the version, as the stores and the record codecs order them: the value the
  // operation answers serialises as its stored copy (a keyed retry's replay) does.
  // A version saved before the audit fields existed has no creation stamp to give: only the update's, by the
  // spread below.
  const stamp: Partial<Audited> =
    createdAt === undefined
      ? { updatedAt: at, updatedBy: by }
      : { createdAt, createdBy: createdBy ?? null, updatedAt: at, updatedBy: by };
  // A schedule's or an invoice's copy as one literal (see domain/copy.ts), the same fields in the same order
  // as the spread below gives.
  const draft: Draft<Audited> | undefined =
    createdAt === undefined
      ? undefined
      : entity === 'InvoiceSchedule'
        ? scheduleDraft(next as unknown as InvoiceSchedule, stamp as Audited)
        : entity === 'Invoice'
          ? invoiceDraft(next as unknown as Invoice, stamp as Audited)
          : undefined;
  if (draft === undefined) {
    const { version, ...rest } = next;
    return Object.freeze(version === undefined ? { ...rest, ...stamp } : { ...rest, ...stamp, version });
  }
  return Object.freeze(draft) as unknown as Stored;
}

/** @internal */
export type Entity = SavedWrite['entity'];

/** The repositories whose writes become events, and the methods that write. */
const WRITES: Readonly<Record<string, { readonly entity: Entity; readonly methods: readonly string[] }>> = {
  accounts: { entity: 'Account', methods: ['insert'] },
  orders: { entity: 'Order', methods: ['insert', 'put'] },
  invoiceSchedules: { entity: 'InvoiceSchedule', methods: ['save', 'saveMany', 'remove'] },
  invoices: { entity: 'Invoice', methods: ['save', 'saveMany'] },
  creditMemos: { entity: 'CreditMemo', methods: ['save', 'saveMany'] },
  billRuns: { entity: 'BillRun', methods: ['insert', 'save'] },
};

/** A value a repository saves: a number, and a version for the versioned ones. @internal */
export interface Stored {
  readonly number: string;
  readonly version?: number;
}

function isStored(value: unknown): value is Stored {
  return (
    typeof value === 'object' && value !== null && typeof (value as { number?: unknown }).number === 'string'
  );
}

function isOkResult(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { isOk?: unknown }).isOk === 'function' &&
    (value as { isOk: () => boolean }).isOk()
  );
}

/** A transaction's repositories seen through a recorder of reads and successful writes. */
function recordRepositories(
  repos: Repositories,
  stamp: () => AuditStamp,
): {
  readonly repos: Repositories;
  readonly writes: SavedWrite[];
  readonly stored: Map<object, object>;
} {
  const writes: SavedWrite[] = [];
  const stored = new Map<object, object>();
  const wrapped = new Map<PropertyKey, unknown>();
  // Proxies over a blank target: the store's own objects may be frozen, and a proxy of a frozen object
  // must return its exact properties.
  const view = new Proxy({} as Repositories, {
    has: (_, prop) => prop in repos,
    get(_, prop) {
      const value = Reflect.get(repos, prop);
      const spec = typeof prop === 'string' ? WRITES[prop] : undefined;
      if (spec === undefined || typeof value !== 'object' || value === null) return value;
      let repo = wrapped.get(prop);
      if (repo === undefined) {
        repo = recordRepository(value, spec.entity, spec.methods, { writes, stored, stamp });
        wrapped.set(prop, repo);
      }
      return repo;
    },
  });
  return { repos: view, writes, stored };
}

function recordRepository(
  repository: object,
  entity: Entity,
  writeMethods: readonly string[],
  into: {
    readonly writes: SavedWrite[];
    readonly stored: Map<object, object>;
    readonly stamp: () => AuditStamp;
  },
): object {
  const { writes, stored, stamp } = into;
  // The latest version of each aggregate this transaction read or wrote, by number.
  const seen = new Map<string, Stored>();
  const remember = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) if (isStored(v)) seen.set(v.number, v);
    } else if (isStored(value)) seen.set(value.number, value);
  };
  const call = (name: string, args: readonly unknown[]): Promise<unknown> =>
    (repository as Record<string, (...a: readonly unknown[]) => Promise<unknown>>)[name]?.(
      ...args,
    ) as Promise<unknown>;
  /** The stored version a write replaces: the one read, else read now (before the write). */
  const previousOf = async (number: string, version: number | undefined): Promise<Stored | null> => {
    if (version === 1) return null;
    const known = seen.get(number);
    if (known !== undefined && (version === undefined || known.version === version - 1)) return known;
    const read = await call('get', [number]);
    return isStored(read) ? read : null;
  };
  /** The value a write saves: audited aggregates carry the transaction's stamp. */
  const stamped = (built: Stored, previous: Stored | null): Stored =>
    AUDITED.has(entity) ? audited(built, previous, stamp(), entity) : built;
  /** A successful write: its event input, the version now seen, and the stored value of what was built. */
  const saved = (built: Stored, previous: Stored | null, next: Stored): void => {
    writes.push({ entity, previous, next } as SavedWrite);
    seen.set(next.number, next);
    if (next !== built) stored.set(built, next);
  };
  const methods = new Map<PropertyKey, unknown>();
  const target = repository as Record<PropertyKey, unknown>;
  return new Proxy(
    {},
    {
      has: (_, prop) => prop in repository,
      get(_, prop) {
        const value = target[prop];
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        let method = methods.get(prop);
        if (method !== undefined) return method;
        if (!writeMethods.includes(prop)) {
          method = async (...args: readonly unknown[]) => {
            const out = await value.apply(target, args);
            remember(out);
            return out;
          };
        } else if (prop === 'saveMany') {
          // Each entity as `save` records it: its previous version, its audit stamp, one write each.
          method = async (built: readonly Stored[]) => {
            const previous: (Stored | null)[] = [];
            for (const b of built) previous.push(await previousOf(b.number, b.version));
            const next = built.map((b, i) => stamped(b, previous[i] ?? null));
            const out = await value.call(target, next);
            if (isOkResult(out)) {
              next.forEach((n, i) => {
                saved(built[i] as Stored, previous[i] ?? null, n);
              });
            }
            return out;
          };
        } else if (prop === 'remove') {
          method = async (number: string, expectedVersion: number) => {
            const previous = await previousOf(number, expectedVersion + 1);
            const out = await value.call(target, number, expectedVersion);
            if (isOkResult(out) && previous !== null) {
              writes.push({ entity, previous, next: null } as SavedWrite);
              seen.delete(number);
            }
            return out;
          };
        } else {
          method = async (built: Stored) => {
            // An insert has no previous version; `put` (orders) replaces whatever is stored.
            const previous =
              prop === 'insert'
                ? null
                : await previousOf(built.number, prop === 'put' ? undefined : built.version);
            const next = stamped(built, previous);
            const out = await value.call(target, next);
            // `put` resolves to nothing; the others to a Result.
            if (out === undefined || isOkResult(out)) saved(built, previous, next);
            return out;
          };
        }
        methods.set(prop, method);
        return method;
      },
    },
  );
}
