import { type Err, type Result, ResultAsync, safeTry } from 'neverthrow';
import type { BillingContext, InvalidContext, Repositories } from '../ports';
import { checkContext } from './common';

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
  // safeTry infers these types for a concrete body; for a generic one they are spelled out here.
  return safeTry(async function* () {
    yield* checkContext(context);
    return yield* body();
  }) as ResultAsync<OkOf<R>, ErrOf<Y> | ErrOf<R> | InvalidContext>;
}

/**
 * Runs a `safeTry` generator in one transaction of the context's store: it commits when the generator
 * returns an Ok and rolls back on its first Err (or a throw), as `UnitOfWork.transaction` does. @internal
 */
export function inTransaction<Y extends Err<never, unknown>, R extends Result<unknown, unknown>>(
  context: BillingContext,
  body: (repos: Repositories) => AsyncGenerator<Y, R>,
): ResultAsync<OkOf<R>, ErrOf<Y> | ErrOf<R>> {
  return new ResultAsync(
    context.store.transaction(
      async (repos) => safeTry(() => body(repos)) as ResultAsync<OkOf<R>, ErrOf<Y> | ErrOf<R>>,
    ),
  );
}
