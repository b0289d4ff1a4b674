import { err, type Result, ResultAsync } from 'neverthrow';
import type { BillingEvent } from '../domain/billing/events';
import type { InvalidInput } from '../domain/errors';
import { freezeResult } from '../domain/freeze';
import { readRequest } from '../domain/input';
import type { BillingContext, InvalidContext, Repositories, StoreConflict } from '../ports';
import { idFault, withCheckedIds } from './checked-ids';
import { checkContext } from './common';
import { type RecordingSink, recordingContext } from './recording';
import { withoutDeletedSchedules } from './visible';

// Every public operation has one shape, written as plain async functions over neverthrow Results:
//
//   operation(context, input, async (input): Promise<Result<InvoiceSchedule, UpdateError>> => {
//     const request = parseInput(input);                                // InvalidInput, DomainError …
//     if (request.isErr()) return err(request.error);
//     return transact(context, async (repos): Promise<Result<InvoiceSchedule, UpdateError>> => {
//       const loaded = await loadSchedule(repos, number);                // load
//       if (loaded.isErr()) return err(loaded.error);
//       const next = decide(loaded.value, request.value);                // the core
//       if (next.isErr()) return err(next.error);
//       const saved = await repos.invoiceSchedules.save(next.value);     // save
//       if (saved.isErr()) return err(saved.error);
//       return ok(next.value);
//     });
//   });
//
// The body's `input` is the copy the wrapper read once, at the call (`readRequest`): the body never reads the
// caller's object, so a getter or a Proxy trap that throws is an InvalidInput at its field, not a rejection,
// while what the host's ports, clock and ids throw still propagates (nothing else is caught).
//
// An operation that takes an idempotency key runs its transaction through `keyedTransaction` (idempotency.ts)
// instead: the key is recalled first, and remembered with the result's number before the commit.
//
// Each step's Err ends the operation (and rolls its transaction back); the body declares its error union,
// which the compiler checks against every `err(...)` it returns. The operations were `safeTry` generators
// (`yield*` each step) until the twenty-fourth session: each `yield*` cost a generator object and, in an
// async generator, a few promises — about a microsecond per step on Node 20, more once an
// AsyncLocalStorage is in use — and a read such as `getInvoiceSchedule` took 15 µs on the memory store
// instead of 6 (docs/performance-history.md).

/**
 * Runs an operation's body once its context passed {@link checkContext}: an incomplete context is an
 * {@link InvalidContext} Err before the body starts (nothing is read or written), never a throw. Then the
 * caller's `input` (and `options`, when the operation takes them) is read once, at the boundary
 * ({@link readCall}): the body gets that copy, and a getter or Proxy trap of the caller's that throws is an
 * {@link InvalidInput} instead of a rejection. The body's Result is the operation's. @internal
 */
export function operation<I, T, E, O = undefined>(
  context: BillingContext,
  input: I,
  body: (input: I, options: O, context: BillingContext) => PromiseLike<Result<T, E>>,
  options?: O,
): ResultAsync<T, E | InvalidContext | InvalidInput> {
  return new ResultAsync(
    (async (): Promise<Result<T, E | InvalidContext | InvalidInput>> => {
      const checked = checkContext(context);
      if (checked.isErr()) return err(checked.error);
      const call = readCall(input, options);
      if (call.isErr()) return err(call.error);
      const result = await body(call.value.input, call.value.options, checked.value);
      return result.map(freezeResult);
    })(),
  );
}

/**
 * The caller's input and options, each read once ({@link readRequest}: a copy of the plain data, each field
 * read once), before the operation reads anything else: what the caller's getters or Proxy traps throw is an
 * {@link InvalidInput} naming the field (`options.keepEvents` for an option), never a rejection. Only the
 * options' own fields are copied: a signal or a callback is the caller's, read when the operation uses it.
 */
function readCall<I, O>(input: I, options: O | undefined): Result<{ input: I; options: O }, InvalidInput> {
  return readRequest(input).andThen((copy) =>
    readRequest(options, 'options', true).map((given) => ({ input: copy as I, options: given as O })),
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
 * `Ok` value carries them as `events` (see {@link Emitted}). `input` and `options` are read as
 * {@link operation} reads them (the body checks them): `keepEvents: false` leaves the value's `events` empty (the outbox still gets every event),
 * for the calls that may commit very many transactions (bill runs). Every id the body draws from `context.ids`
 * is checked as it is drawn (checked-ids.ts): a bad one rolls its transaction back, no later transaction of the
 * call commits, and the call answers that {@link InvalidContext}. @internal
 */
export function mutation<I, T, E, O = undefined>(
  context: BillingContext,
  input: I,
  body: (context: BillingContext, input: I, options: O) => PromiseLike<Result<T, E>>,
  options?: O,
): ResultAsync<Emitted<T>, E | InvalidContext | InvalidInput> {
  return new ResultAsync(
    (async (): Promise<Result<Emitted<T>, E | InvalidContext | InvalidInput>> => {
      const checked = checkContext(context);
      if (checked.isErr()) return err(checked.error);
      const call = readCall(input, options);
      if (call.isErr()) return err(call.error);
      const given: unknown = call.value.options;
      const keepEvents =
        typeof given !== 'object' ||
        given === null ||
        (given as { readonly keepEvents?: unknown }).keepEvents !== false;
      // Without `keepEvents`, the events still go to the outbox; the value's `events` is empty.
      const sink: RecordingSink = { events: keepEvents ? [] : null, stored: new WeakMap() };
      // Every id the call draws is checked (checked-ids.ts): a bad one is the call's answer, whatever the body
      // made of the throw that rolled its transaction back.
      const ids = withCheckedIds(checked.value);
      let result: Result<T, E>;
      try {
        result = await body(recordingContext(ids, sink), call.value.input, call.value.options);
      } catch (thrown) {
        const fault = idFault(ids);
        if (fault === null) throw thrown;
        return err(fault);
      }
      const fault = idFault(ids);
      if (fault !== null) return err(fault);
      return result.map((value) =>
        withEvents(freezeResult(asStored(value, sink.stored)), freezeResult(sink.events ?? [])),
      );
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
 * Runs `work` in one transaction of the context's store: it commits when `work` resolves to an Ok and rolls
 * back on an Err (or a throw), as `UnitOfWork.transaction` does. When the store throws a transient failure
 * ({@link isTransientStoreFailure}: the transaction was rolled back), `work` runs again in a new transaction,
 * up to 3 times in all, and then the operation returns a `StoreConflict` — which is why a transaction's work
 * must be re-runnable (it only reads and writes through the repositories it is given). @internal
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
