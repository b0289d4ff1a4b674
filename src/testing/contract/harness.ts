import { err, ok, type Result } from 'neverthrow';
import type {
  EntityName,
  IdempotencyRecord,
  OutboxEntry,
  Repositories,
  UnitOfWork,
  VersionConflict,
} from '../../ports/index';
import type {
  AccountRecord,
  BillRunRecord,
  CreditMemoRecord,
  InvoiceRecord,
  InvoiceScheduleRecord,
  OrderRecord,
  SubscriptionRecord,
} from '../../ports/records';
import type { BusinessDate } from '../../time/date';
import { check, checkEqual, fail } from '../assert';

// What every group of the contract kit shares: the options and probe types of the public API, the
// harness that registers a test against a fresh store, and the assertions on conflicts and results.

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
  /** Reads the outbox's entries after `position` (0: all), in position order. @since 0.2.0 */
  readonly outbox?: (after: number) => MaybePromise<readonly OutboxEntry[]>;
}

/**
 * Options of {@link describeRepositoryContract}. The test runner is injected (keyv test-suite
 * style), so the kit works with vitest, jest, mocha and `node:test` alike.
 * @since 0.1.0
 */
export interface RepositoryContractOptions<S extends UnitOfWork = UnitOfWork> {
  /** The runner's `describe` (groups tests). */
  readonly describe: (name: string, fn: () => void) => unknown;
  /**
   * The runner's `it` / `test`; each test is an async function that throws on failure. A test of an
   * optional port or method your repositories do not have (`outbox`, `saveMany`, `listByAccounts`,
   * `idempotency.deleteCreatedBefore`, …) checks nothing: it is reported as skipped ("not checked: …")
   * through the test context's `skip` (vitest, `node:test`) or `this.skip()` (mocha). Under a runner
   * without one (jest) it passes without checking anything.
   */
  readonly it: (name: string, fn: () => Promise<void>) => unknown;
  /** A fresh, empty store; called once per test, so tests never share state. */
  readonly createStore: () => MaybePromise<S>;
  /** Releases a store after its test (close a connection, drop a schema). */
  readonly disposeStore?: (store: S) => MaybePromise<void>;
  /**
   * Direct reads of the store's committed state; see {@link RepositoryProbe}. Needed to check an outbox:
   * when your repositories have `outbox`, the `outbox` tests fail unless the probe has `outbox`.
   */
  readonly probe?: (store: S) => RepositoryProbe;
  /** Name of the adapter, shown in the suite title. */
  readonly name?: string;
}

export type ProbeName = Exclude<keyof RepositoryProbe, 'idempotencyKey' | 'outbox'>;

/** Host-style ids (UUIDs), unlike any number, so a number-for-id mix-up cannot pass by accident. */
export const uuid = (n: number): string => `6f1c2e3a-0000-4000-8000-${String(n).padStart(12, '0')}`;

const ROLLBACK = Object.freeze({ type: 'ContractRollback' as const, message: 'rolled back on purpose' });

export const day = (value: string): BusinessDate => value as BusinessDate;

export function isConflict(value: unknown): value is VersionConflict {
  return (
    typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'VersionConflict'
  );
}

export function checkConflict(
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

export function checkOk(result: Result<unknown, unknown>, what: string): void {
  if (result.isErr()) fail(`${what}: expected Ok, got Err ${JSON.stringify(result.error)}`);
}

export function numbers<T extends { readonly number: string }>(values: readonly T[]): string[] {
  return values.map((v) => v.number);
}

/** Thrown by a test's body when the store lacks what the test checks: the test is skipped, not passed. */
class NotChecked {
  constructor(readonly reason: string) {}
}

/**
 * Ends the current test as not checked, because the store does not have the optional port or method it
 * checks: the harness reports it through the runner's skip.
 */
export function notImplemented(what: string): never {
  throw new NotChecked(`${what} not implemented (optional): not checked`);
}

/**
 * Ends the current test as not checked when the store's repositories have none of the optional `methods`
 * (by name: `'sequences.nextBlock'`), read in a transaction of their own. Decided by whether each method is
 * there, never by what it returns: a method that is there is checked, so one that answers nothing fails. A
 * method that is there but is not a function fails too (absent means `undefined`, as the operations read it).
 */
export async function skipUnlessAny(
  store: UnitOfWork,
  methods: (r: Repositories) => Readonly<Record<string, unknown>>,
): Promise<void> {
  const result = await store.transaction(async (r) => ok(Object.entries(methods(r))));
  if (result.isErr()) fail(`a transaction returning Ok came back as Err ${JSON.stringify(result.error)}`);
  const present = result.value.filter(([, method]) => method !== undefined);
  for (const [name, method] of present)
    check(
      typeof method === 'function',
      `repositories.${name} is ${method === null ? 'null' : `a ${typeof method}`}, not a function: leave an optional method out (undefined) or implement it`,
    );
  if (present.length === 0) {
    const names = result.value.map(([name]) => name);
    notImplemented(
      names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`,
    );
  }
}

type Skip = (note?: string) => unknown;

/** The runner's dynamic skip: vitest's and node:test's test context, or mocha's `this`. */
function skipOf(context: unknown, self: unknown): Skip | null {
  for (const candidate of [context, self]) {
    // vitest's test context is a function object with properties; node:test's and mocha's are objects.
    if ((typeof candidate !== 'object' && typeof candidate !== 'function') || candidate === null) continue;
    const skip = (candidate as { readonly skip?: unknown }).skip;
    if (typeof skip === 'function') return (note) => (skip as Skip).call(candidate, note);
  }
  return null;
}

/** What each group of the kit registers its tests with; built once per `describeRepositoryContract`. */
export interface ContractHarness<S extends UnitOfWork> {
  /** The runner's `describe`. */
  readonly describe: (name: string, fn: () => void) => unknown;
  /** Registers a test that runs `body` against a fresh store and always disposes it. */
  readonly test: (name: string, body: (store: S, probe: RepositoryProbe) => Promise<void>) => void;
  /** Runs `work` in a transaction that must commit, and returns its value. */
  readonly commit: <T>(store: S, work: (r: Repositories) => Promise<T>) => Promise<T>;
  /** Runs `work` in a transaction that returns an Err, so it must roll back. */
  readonly rollBack: (store: S, work: (r: Repositories) => Promise<void>) => Promise<void>;
  /** Checks a probe's read of `key` when the adapter gives that probe; does nothing otherwise. */
  readonly probeEquals: (
    probe: RepositoryProbe,
    name: ProbeName,
    key: string,
    expected: unknown,
  ) => Promise<void>;
}

export function contractHarness<S extends UnitOfWork>(
  options: RepositoryContractOptions<S>,
): ContractHarness<S> {
  const { describe, it } = options;

  /** Registers a test that runs `body` against a fresh store and always disposes it. */
  function test(name: string, body: (store: S, probe: RepositoryProbe) => Promise<void>): void {
    // A function without parameters (mocha and jest read a declared one as a `done` callback, vitest as
    // fixtures): the runner's test context is its first argument (vitest, node:test) or `this` (mocha).
    it(name, async function (this: unknown) {
      // biome-ignore lint/complexity/noArguments: see above; a parameter would change how runners call it
      const context: unknown = arguments[0];
      const store = await options.createStore();
      let notChecked: NotChecked | null = null;
      try {
        await body(store, options.probe?.(store) ?? {});
      } catch (error) {
        if (!(error instanceof NotChecked)) throw error;
        notChecked = error;
      } finally {
        await options.disposeStore?.(store);
      }
      if (notChecked !== null) skipOf(context, this)?.(notChecked.reason);
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

  return { describe, test, commit, rollBack, probeEquals };
}
