import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { isPlainObject } from '../domain/decode';
import type { InvalidInput } from '../domain/errors';
import { invalidInput } from '../domain/input';
import { checkPruneBefore } from '../domain/retention';
import type { BillingContext, InvalidContext, StoreConflict } from '../ports';
import { instantMillis, validNow } from '../time/clock';
import { refuseUnknownFields, wholeNumber } from './common';
import { operation, transact } from './operation';

// Idempotency records by age (decision 14). Every record the library writes carries `createdAt`, from the
// context's clock; a host deletes the old ones, as payment APIs keep keys for a window and then forget them.
// What must never go is a record that still stops a second billing: the rule, and why, is the core's
// (`checkPruneBefore`, domain/retention.ts: at least MINIMUM_RETENTION_HOURS). A record without `createdAt`
// (written before 0.2.0) has an unknown age and is kept.

/** Records deleted per transaction: each transaction holds the rows it deletes, and no more, for a moment. */
const BATCH_SIZE = 1_000;

/**
 * The request of {@link pruneIdempotencyRecords}.
 * @category Inputs
 * @since 0.2.0
 */
export interface PruneIdempotencyRecordsInput {
  /**
   * Delete the records written before this instant: an ISO 8601 instant with `Z` or an offset (e.g.
   * `new Date(context.clock.now().getTime() - 30 * 86_400_000).toISOString()` for a retention of 30 days), at
   * least 24 hours before the context's clock's now.
   */
  readonly before: string;
  /** Delete at most this many records (a whole number ≥ 1); all of those written before `before` when absent. */
  readonly limit?: number;
}

/**
 * What {@link pruneIdempotencyRecords} did.
 * @category Domain model
 * @since 0.2.0
 */
export interface PrunedIdempotencyRecords {
  /** How many records it deleted (`limit` at most: call again when it is `limit`, to delete the rest). */
  readonly deleted: number;
}

/**
 * Errors of {@link pruneIdempotencyRecords}: an `InvalidInput` (`before` not an instant, or less than 24
 * hours before now; `limit` not a whole number ≥ 1; an unknown field; `context.store` without
 * `idempotency.deleteCreatedBefore`), an `InvalidContext`, or a `StoreConflict`.
 * @category Errors
 * @since 0.2.0
 */
export type PruneIdempotencyRecordsError = InvalidInput | InvalidContext | StoreConflict;

/**
 * Deletes the idempotency records written before `before` — callers' keys and the library's own records of
 * items' executions alike — the oldest first, 1,000 per transaction, and returns how many it deleted. Run it
 * from a scheduled job with the retention you promise your clients: a request retried with its key after the
 * key was deleted is a new request (a keyed create is refused with `ChargeAlreadyScheduled` while the first
 * schedule covers its charges, a keyed update is applied again unless its `expectedVersion` no longer matches,
 * a keyed bill run runs again and bills nothing already billed, a keyed execute without `itemId` executes the
 * next pending item, an execute naming a processed item gets `ItemAlreadyProcessed` instead of its bill run, a
 * keyed credit application moves its amount again as far as the balances allow: docs/guides/repositories.md
 * "Pruning old keys").
 *
 * Never deleted, so that pruning cannot bill anything twice:
 *
 * - a record younger than 24 hours by the context's clock: `before` later than that is refused
 *   (`InvalidInput` at `before`), so a retry in flight finds its key, and an item's execution claim outlives
 *   every transaction that could still try to execute that item (an execution that loaded the item as
 *   pending before the claim committed fails on the claim — and on the schedule's compare-and-set save);
 * - a record without `createdAt` (written before 0.2.0): its age is unknown. (On PostgreSQL the rows written
 *   before migration 8 carry the server's instant and are pruned by it.)
 *
 * A claim never belongs to a pending generation of an item: it commits with the execution that processes it,
 * and an item canceled or reversed back to pending gets a new generation, hence a new claim when billed again.
 *
 * Each batch is a transaction of its own: a `StoreConflict` (or a throw) leaves the batches before it
 * deleted; call again. Two pruners at once delete different records (the PostgreSQL adapter skips the rows
 * another pruner holds). A store without `idempotency.deleteCreatedBefore` (an adapter written before 0.2.0)
 * cannot be pruned: `InvalidInput` at `context.store`, nothing deleted. The clocks of the processes that write
 * keys should agree to well within the retention.
 * @example
 * ```ts
 * // Keep keys 30 days, in a nightly job:
 * const pruned = await pruneIdempotencyRecords(context, {
 *   before: new Date(context.clock.now().getTime() - 30 * 86_400_000).toISOString(),
 * });
 * if (pruned.isOk()) console.log(`${pruned.value.deleted} idempotency records deleted`);
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function pruneIdempotencyRecords(
  context: BillingContext,
  input: PruneIdempotencyRecordsInput,
): ResultAsync<PrunedIdempotencyRecords, PruneIdempotencyRecordsError> {
  return operation(context, input, (input, _options, checked) => prune(checked, input));
}

/** The body of {@link pruneIdempotencyRecords}, once the context is checked. */
async function prune(
  context: BillingContext,
  input: unknown,
): Promise<Result<PrunedIdempotencyRecords, PruneIdempotencyRecordsError>> {
  const read = parsePruneRequest(context, input);
  if (read.isErr()) return err(read.error);
  const { before, limit } = read.value;
  let deleted = 0;
  while (deleted < limit) {
    const size = Math.min(BATCH_SIZE, limit - deleted);
    const batch = await transact(context, async (repos): Promise<Result<number, InvalidInput>> => {
      const { idempotency } = repos;
      if (idempotency.deleteCreatedBefore === undefined) {
        return err(
          invalidInput(
            'context.store',
            'a store whose idempotency repository has deleteCreatedBefore (the memory and PostgreSQL stores have it)',
            'a store without idempotency.deleteCreatedBefore',
          ),
        );
      }
      const count = await idempotency.deleteCreatedBefore(before, size);
      // A count beyond what was asked would loop for ever: the adapter's bug, not the host's input.
      if (!Number.isSafeInteger(count) || count < 0 || count > size) {
        throw new TypeError(
          `idempotency.deleteCreatedBefore(before, ${size}) returned ${String(count)}: it must return how many records it deleted, 0 to ${size}`,
        );
      }
      return ok(count);
    });
    if (batch.isErr()) return err(batch.error);
    deleted += batch.value;
    if (batch.value < size) break;
  }
  return ok(Object.freeze({ deleted }));
}

/** The request, checked: `before` as `toISOString` writes it, at least the minimum retention ago; `limit`. */
function parsePruneRequest(
  context: BillingContext,
  input: unknown,
): Result<{ readonly before: string; readonly limit: number }, InvalidInput> {
  if (!isPlainObject(input)) {
    return err(invalidInput('', 'an object { before, limit? }', input));
  }
  const fields = refuseUnknownFields(input, ['before'], ['limit']);
  if (fields.isErr()) return err(fields.error);
  const ms = instantMillis(input.before);
  if (Number.isNaN(ms)) {
    return err(
      invalidInput(
        'before',
        'an ISO 8601 instant with Z or an offset, such as "2023-06-01T00:00:00.000Z" (new Date(…).toISOString())',
        input.before,
      ),
    );
  }
  // As todayIn: a broken clock is the host's bug; read as NaN it would let any `before` through.
  const now = validNow(context.clock, 'pruneIdempotencyRecords');
  const before = checkPruneBefore(ms, now.getTime(), input.before);
  if (before.isErr()) return err(before.error);
  const limit = wholeNumber(input.limit, 'limit', 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (limit.isErr()) return err(limit.error);
  return ok({ before: before.value, limit: limit.value });
}
