// Deterministic fault injection over a UnitOfWork (issue 10, item 6): `withFaults(store, plan)` wraps every
// method of every repository handed to a transaction's `work`, counts the port calls, and makes the calls the
// plan names fail. A plan is plain data (call index and kind), chosen from a seed by the caller (the simulation
// draws it with fast-check), so a run with the same plan fails at the same place every time.
//
// Three ways a call fails:
//  - `before`: the call throws before it reaches the store (nothing of it happened); the transaction rolls back;
//  - `after`: the call reaches the store (its write lands in the transaction), then throws; the transaction
//    rolls back, so the write is lost with everything else of it;
//  - `commit`: the call succeeds and so does its transaction, which commits; then the wrapper throws to the
//    caller of `transaction` ("written, but the caller saw an error": a lost answer, a dropped connection).
//
// The repositories are wrapped by enumerating their methods (own and inherited), not by a fixed list, so a
// port method added later is counted and can fail like the others.
import { err, type Result } from 'neverthrow';
import type { Repositories, UnitOfWork } from '../../src/ports';
import { versionConflict } from '../../src/ports/records';

/** How a planned port call fails (see the file comment). */
export type FaultKind = 'before' | 'after' | 'commit';

/** Every fault kind, in a fixed order (for arbitraries). */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze(['before', 'after', 'commit']);

/** One planned fault: the `call`-th port call made through the wrapper (0-based, over all its transactions). */
export interface PlannedFault {
  readonly call: number;
  readonly kind: FaultKind;
}

/** The faults of one wrapper: at most one per call index. */
export type FaultPlan = readonly PlannedFault[];

/** What an injected fault hit. */
export interface InjectedFaultInfo {
  readonly kind: FaultKind;
  /** The call index the plan named. */
  readonly call: number;
  /** `repository.method`, e.g. `invoices.save`. */
  readonly port: string;
  /** For `commit`: whether the transaction committed (its work resolved to an Ok) before the throw. */
  readonly committed: boolean | null;
}

/** The error the wrapper throws; tell it from a real failure with {@link isInjectedFault}. */
export type InjectedFault = Error & { readonly injected: InjectedFaultInfo };

/** Whether `thrown` is a fault this module injected (anything else thrown is a real error). */
export function isInjectedFault(thrown: unknown): thrown is InjectedFault {
  return (
    thrown instanceof Error &&
    typeof (thrown as { readonly injected?: unknown }).injected === 'object' &&
    (thrown as { readonly injected?: unknown }).injected !== null
  );
}

function injectedFault(info: InjectedFaultInfo): InjectedFault {
  const when =
    info.kind === 'before'
      ? 'before it ran'
      : info.kind === 'after'
        ? 'after it ran (the transaction rolls back)'
        : info.committed
          ? 'after its transaction committed'
          : 'after its transaction ended (rolled back by its own Err)';
  const error = new Error(`injected fault: port call #${info.call} ${info.port} failed ${when}`);
  error.name = 'InjectedFault';
  return Object.assign(error, { injected: Object.freeze(info) });
}

/** What a wrapper counted. */
export interface FaultStats {
  /** Port calls made through the wrapper. */
  readonly calls: number;
  /** Transactions opened through the wrapper. */
  readonly transactions: number;
  /** Faults thrown (a `commit` fault counts when it is thrown to the caller). */
  readonly faultsInjected: number;
  /** Each fault thrown, in order. */
  readonly injected: readonly InjectedFaultInfo[];
}

/** A {@link UnitOfWork} that fails as planned, with its counters. */
export interface FaultyStore extends UnitOfWork {
  /** The counters so far (a fresh copy on every read). */
  readonly stats: FaultStats;
}

/** Names of the callable members of `target`, own and inherited (not Object.prototype's). */
function methodNames(target: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = target; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && typeof (target as Record<string, unknown>)[name] === 'function')
        names.add(name);
    }
  }
  return [...names];
}

/**
 * Wraps `store` so that the port calls named by `plan` fail (see the file comment). Calls are counted over
 * every transaction run through the returned store, retries included; a plan index that is never reached
 * injects nothing. The wrapped store is otherwise transparent: same results, same commits and rollbacks.
 */
export function withFaults(store: UnitOfWork, plan: FaultPlan): FaultyStore {
  const planned = new Map<number, FaultKind>();
  for (const fault of plan) {
    if (!Number.isSafeInteger(fault.call) || fault.call < 0)
      throw new RangeError(`withFaults: call index ${fault.call} is not a whole number ≥ 0`);
    if (planned.has(fault.call)) throw new RangeError(`withFaults: two faults planned at call ${fault.call}`);
    planned.set(fault.call, fault.kind);
  }
  let calls = 0;
  let transactions = 0;
  const injected: InjectedFaultInfo[] = [];

  function inject(info: InjectedFaultInfo): InjectedFault {
    injected.push(info);
    return injectedFault(info);
  }

  /** The repositories of one transaction, wrapped; `onCommitFault` marks the transaction for a commit fault. */
  function wrap(
    repositories: Repositories,
    onCommitFault: (call: number, port: string) => void,
  ): Repositories {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(repositories)) {
      const repository = (repositories as unknown as Record<string, object>)[name] as object;
      const methods: Record<string, unknown> = {};
      for (const method of methodNames(repository)) {
        const fn = (repository as Record<string, (...args: unknown[]) => unknown>)[method] as (
          ...args: unknown[]
        ) => unknown;
        const port = `${name}.${method}`;
        methods[method] = async (...args: unknown[]) => {
          const call = calls++;
          const kind = planned.get(call);
          if (kind === 'before') throw inject({ kind, call, port, committed: null });
          const value = await fn.apply(repository, args);
          if (kind === 'after') throw inject({ kind, call, port, committed: null });
          if (kind === 'commit') onCommitFault(call, port);
          return value;
        };
      }
      out[name] = Object.freeze(methods);
    }
    return Object.freeze(out) as unknown as Repositories;
  }

  return Object.freeze({
    get stats(): FaultStats {
      return { calls, transactions, faultsInjected: injected.length, injected: [...injected] };
    },
    async transaction<T, E>(work: (repositories: Repositories) => Promise<Result<T, E>>) {
      transactions += 1;
      let commitFault: { call: number; port: string } | null = null;
      const result = await store.transaction((repositories) =>
        work(
          wrap(repositories, (call, port) => {
            commitFault ??= { call, port };
          }),
        ),
      );
      // The transaction is over (committed on Ok, rolled back on Err): now the caller loses the answer.
      const fault = commitFault as { call: number; port: string } | null;
      if (fault !== null) throw inject({ kind: 'commit', ...fault, committed: result.isOk() });
      return result;
    },
  });
}

/**
 * `store` as an adapter answers when another writer bumped every record of `repository` since it was read: each
 * `save` (and `saveMany`) of it is a `VersionConflict`, as the ports allow, after the transaction's earlier
 * writes. The operation must save none of what it wrote before.
 */
export function losingSaves(store: UnitOfWork, repository: 'invoiceSchedules' | 'invoices'): UnitOfWork {
  const entity = repository === 'invoiceSchedules' ? 'InvoiceSchedule' : 'Invoice';
  const conflict = (record: { readonly number: string; readonly version: number }) =>
    err(versionConflict(entity, record.number, record.version - 1, record.version));
  return {
    transaction: (work) =>
      store.transaction((repos) =>
        work({
          ...repos,
          [repository]: {
            ...repos[repository],
            save: async (record: { readonly number: string; readonly version: number }) => conflict(record),
            saveMany: async (records: readonly { readonly number: string; readonly version: number }[]) =>
              conflict(records[0] as { readonly number: string; readonly version: number }),
          },
        } as Repositories),
      ),
  };
}
