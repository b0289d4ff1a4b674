import { type Err, err, type Result, ResultAsync, safeTry } from 'neverthrow';
import type { BillingEvent } from '../domain/billing/events';
import type { BillingContext, InvalidContext, Repositories, StoreConflict } from '../ports';
import { checkContext } from './common';
import { type RecordingSink, recordingContext } from './recording';
import { withoutDeletedSchedules } from './visible';

// Every public operation has one shape, written as neverthrow `safeTry` generators:
//
//   operation(context, async function* () {
//     const request = yield* parseInput(input);                 // InvalidInput, DomainError …
//     return inTransaction(context, async function* (repos) {
//       const previous = yield* await recalled(repos, key, OPERATION);   // idempotency
//       const loaded = yield* await loadSchedule(repos, number);         // load
//       const next = yield* decide(loaded, request);                     // the core
//       yield* await repos.invoiceSchedules.save(next);                  // save
//       yield* await remember(repos, key, OPERATION, next.number);
//       return ok(next);
//     });
//   });
//
// `yield*` a Result (or a ResultAsync; `yield* await` a port's Promise<Result>) gives its value, or ends
// the generator with its Err. The error union is inferred from every step, so it is exact.
//
// The operations a host calls most (saving accounts and orders, activating orders, creating schedules, and the
// bill run's per-account path) are plain async functions instead, with `mutationAsync` and `transact` and a
// declared error union: each `yield*` costs a generator object and, in an async generator, a few promises —
// about a microsecond per step on Node 20, more once an AsyncLocalStorage is in use.

/** The value an operation's result carries. */
type OkOf<R> = R extends Result<infer T, unknown> ? T : never;
/** The errors a yielded Err or a returned Result can carry. */
type ErrOf<R> = R extends Result<unknown, infer E> ? E : never;

/**
 * Runs an operation's steps once its context passed {@link checkContext}: an incomplete context is an
 * {@link InvalidContext} Err before the body starts (nothing is read or written), never a throw. The body
 * is a `safeTry` generator; its first Err, or its returned Result, is the operation's result. @internal
 */
export function operation<Y extends Err<never, unknown>, R extends Result<unknown, unknown>>(
  context: BillingContext,
  body: () => AsyncGenerator<Y, R>,
): ResultAsync<OkOf<R>, ErrOf<Y> | ErrOf<R> | InvalidContext> {
  // A plain async function around the body's own `safeTry`: an outer generator delegating to the body's
  // cost a generator and its promises per call.
  return new ResultAsync(
    (async (): Promise<Result<OkOf<R>, ErrOf<Y> | ErrOf<R> | InvalidContext>> => {
      const checked = checkContext(context);
      if (checked.isErr()) return err(checked.error);
      return (await safeTry(body)) as Result<OkOf<R>, ErrOf<Y> | ErrOf<R>>;
    })(),
  );
}

/**
 * {@link operation} for a body written as one async function resolving to a Result (no generator: the reads a
 * host calls most, see {@link mutationAsync}). @internal
 */
export function operationAsync<T, E>(
  context: BillingContext,
  body: () => PromiseLike<Result<T, E>>,
): ResultAsync<T, E | InvalidContext> {
  return new ResultAsync(
    (async (): Promise<Result<T, E | InvalidContext>> => {
      const checked = checkContext(context);
      if (checked.isErr()) return err(checked.error);
      return body();
    })(),
  );
}

/**
 * What a mutating operation's `Ok` value carries besides itself: the events of the changes it saved, in
 * the order they were saved (none when nothing was saved, as on an idempotent replay). `events` is not
 * enumerable, so the value still serialises (`JSON.stringify`) and compares as the record it is.
 * @category Events
 * @since 0.2.0
 */
export type Emitted<T> = T & {
  /** The events of what this call saved (docs/events.md). */
  readonly events: readonly BillingEvent[];
};

/**
 * {@link operation} for the operations that write: the body runs with a context whose store records every
 * committed transaction's events (and appends them to the store's outbox in that transaction), and the
 * `Ok` value carries them as `events` (see {@link Emitted}). @internal
 */
export function mutation<Y extends Err<never, unknown>, R extends Result<unknown, unknown>>(
  context: BillingContext,
  body: (context: BillingContext) => AsyncGenerator<Y, R>,
): ResultAsync<Emitted<OkOf<R>>, ErrOf<Y> | ErrOf<R> | InvalidContext> {
  return mutationWith(context, undefined, body);
}

/**
 * {@link mutation} with the caller's options (as given: the body checks them): `keepEvents: false` leaves the
 * value's `events` empty (the outbox still gets every event), for the calls that may commit very many
 * transactions (bill runs). @internal
 */
export function mutationWith<Y extends Err<never, unknown>, R extends Result<unknown, unknown>>(
  context: BillingContext,
  options: unknown,
  body: (context: BillingContext) => AsyncGenerator<Y, R>,
): ResultAsync<Emitted<OkOf<R>>, ErrOf<Y> | ErrOf<R> | InvalidContext> {
  return recorded(
    context,
    options,
    (recording) => safeTry(() => body(recording)) as ResultAsync<OkOf<R>, ErrOf<Y> | ErrOf<R>>,
  );
}

/**
 * {@link mutation} for a body written as one async function resolving to a Result (no generator: the
 * operations a host calls most, where each `yield*` of a generator body cost about a microsecond). @internal
 */
export function mutationAsync<T, E>(
  context: BillingContext,
  body: (context: BillingContext) => PromiseLike<Result<T, E>>,
  /** The caller's options, as {@link mutationWith} reads them (`keepEvents`). */
  options?: unknown,
): ResultAsync<Emitted<T>, E | InvalidContext> {
  return recorded(context, options, body);
}

/**
 * Checks the context, runs `run` with a context whose store records every committed transaction's events,
 * and gives the `Ok` value its `events` (see {@link mutationWith}).
 */
function recorded<T, E>(
  context: BillingContext,
  options: unknown,
  run: (context: BillingContext) => PromiseLike<Result<T, E>>,
): ResultAsync<Emitted<T>, E | InvalidContext> {
  return new ResultAsync(
    (async (): Promise<Result<Emitted<T>, E | InvalidContext>> => {
      const checked = checkContext(context);
      if (checked.isErr()) return err(checked.error);
      // Read here, not before the call: what reading the options throws rejects the call as the body's would.
      const keepEvents =
        typeof options !== 'object' ||
        options === null ||
        (options as { readonly keepEvents?: unknown }).keepEvents !== false;
      // Without `keepEvents`, the events still go to the outbox; the value's `events` is empty.
      const sink: RecordingSink = { events: keepEvents ? [] : null, stored: new WeakMap() };
      const result = await run(recordingContext(checked.value, sink));
      return result.map((value) => withEvents(asStored(value, sink.stored), sink.events ?? []));
    })(),
  );
}

/**
 * The value with what was stored in place of what the operation built (the audit fields are added on
 * save): the value itself, one of its fields, or an element of one of its array fields.
 */
function asStored<T>(value: T, stored: WeakMap<object, object>): T {
  if (typeof value !== 'object' || value === null) return value;
  const direct = stored.get(value);
  if (direct !== undefined) return direct as T;
  let changed = false;
  const swap = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const saved = stored.get(v);
    if (saved !== undefined) {
      changed = true;
      return saved;
    }
    if (!Array.isArray(v)) return v;
    const mapped = v.map((e: unknown) => (typeof e === 'object' && e !== null ? (stored.get(e) ?? e) : e));
    if (mapped.every((e, i) => e === v[i])) return v;
    changed = true;
    return Object.isFrozen(v) ? Object.freeze(mapped) : mapped;
  };
  const entries = Object.entries(value).map(([k, v]) => [k, swap(v)] as const);
  if (!changed) return value;
  const copy = Object.fromEntries(entries) as T;
  return Object.isFrozen(value) ? Object.freeze(copy) : copy;
}

/** A copy of `value` (frozen when it was) with a non-enumerable `events`. */
function withEvents<T>(value: T, events: readonly BillingEvent[]): Emitted<T> {
  const list = Object.freeze([...events]);
  if (typeof value !== 'object' || value === null) return value as Emitted<T>;
  // A value an inner operation returned has its own `events` already: this call's list replaces it.
  const proto = Object.getPrototypeOf(value) as object | null;
  let copy: Record<string, unknown>;
  if (proto === Object.prototype && !Array.isArray(value)) {
    // A plain object (every operation's result): its own enumerable fields copied as they are. Copying
    // property descriptors onto `Object.create` gave V8 a dictionary-mode object, ~5 % of an operation.
    copy = { ...(value as Record<string, unknown>) };
    // An inner operation's `events` is not enumerable, so not copied; only a data field of that name is.
    if (Object.hasOwn(copy, 'events')) delete copy.events;
  } else {
    const { events: _inner, ...descriptors } = Object.getOwnPropertyDescriptors(value);
    copy = Object.create(proto, descriptors) as Record<string, unknown>;
  }
  Object.defineProperty(copy, 'events', { value: list, enumerable: false });
  return (Object.isFrozen(value) ? Object.freeze(copy) : copy) as Emitted<T>;
}

/** How many times an operation runs a transaction the store threw a transient failure from. */
const TRANSIENT_ATTEMPTS = 3;

/**
 * A serialization failure (40001) or a deadlock (40P01), as PostgreSQL and the memory store's
 * read-committed mode report them: the database rolled the transaction back, and running it again is
 * the documented remedy. @internal
 */
export function isTransientStoreFailure(thrown: unknown): boolean {
  const code =
    typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  return code === '40001' || code === '40P01';
}

/**
 * Runs a `safeTry` generator in one transaction of the context's store: it commits when the generator
 * returns an Ok and rolls back on its first Err (or a throw), as `UnitOfWork.transaction` does. When the
 * store throws a transient failure ({@link isTransientStoreFailure}: the transaction was rolled back), the
 * generator runs again in a new transaction, up to 3 times in all, and then the operation returns a
 * `StoreConflict` — which is why a transaction's work
 * must be re-runnable (it only reads and writes through the repositories it is given). @internal
 */
export function inTransaction<Y extends Err<never, unknown>, R extends Result<unknown, unknown>>(
  context: BillingContext,
  body: (repos: Repositories) => AsyncGenerator<Y, R>,
): ResultAsync<OkOf<R>, ErrOf<Y> | ErrOf<R> | StoreConflict> {
  return transact(
    context,
    async (repos) => safeTry(() => body(repos)) as ResultAsync<OkOf<R>, ErrOf<Y> | ErrOf<R>>,
  );
}

/**
 * {@link inTransaction} for work written as one async function resolving to a Result: one transaction,
 * run again on a transient failure (3 attempts in all), then a `StoreConflict`. @internal
 */
export function transact<T, E>(
  context: BillingContext,
  work: (repos: Repositories) => Promise<Result<T, E>>,
): ResultAsync<T, E | StoreConflict> {
  return new ResultAsync(
    (async (): Promise<Result<T, E | StoreConflict>> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await context.store.transaction((repos) => work(withoutDeletedSchedules(repos)));
        } catch (thrown) {
          if (!isTransientStoreFailure(thrown)) throw thrown;
          if (attempt >= TRANSIENT_ATTEMPTS) return err(storeConflict(thrown, attempt));
        }
      }
    })(),
  );
}

function storeConflict(thrown: unknown, attempts: number): StoreConflict {
  const code = String((thrown as { code?: unknown }).code);
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  return Object.freeze({
    type: 'StoreConflict' as const,
    message: `The store refused the transaction ${attempts} times with ${code} (${reason}); nothing was saved. Run the operation again (with the same idempotency key, if it had one).`,
    code,
    attempts,
    retryable: true as const,
  });
}
