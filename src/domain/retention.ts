import { err, ok, type Result } from 'neverthrow';
import type { InvalidInput } from './errors';
import { invalidInput } from './input';

// The retention of idempotency records (decision 14). What must never be pruned is a record that still stops
// a second billing: a caller's key while a retry of its request may still come (the host's window, which the
// library cannot know: at least MINIMUM_RETENTION_HOURS), and an item's execution claim (`execution:`) while a
// transaction that read the item as pending may still insert it — a claim is committed in the very transaction
// that marks its item's generation Processed, so only transactions that read the schedule before that commit,
// and are still running, can meet it; those are younger than any transaction can be.

/**
 * How long a record is kept at least, whatever `before` a host asks for: longer than any transaction runs and
 * than a client's automatic retries last (payment APIs keep keys 24 hours at least).
 * @internal
 */
export const MINIMUM_RETENTION_HOURS = 24;

/**
 * The `before` of a prune (`beforeMs`, an instant already read), checked against the minimum retention at
 * `nowMs`: the instant as `toISOString` writes it (0001-01-01T00:00:00.000Z for an earlier one, which deletes
 * nothing either), or an `InvalidInput` at `before` (quoting `given`, the
 * value the caller gave) when it is less than {@link MINIMUM_RETENTION_HOURS} before now — so that a retry in
 * flight finds its key, and an item's execution claim outlives every execution that could still meet it.
 * @internal
 */
export function checkPruneBefore(
  beforeMs: number,
  nowMs: number,
  given: unknown,
): Result<string, InvalidInput> {
  const latest = nowMs - MINIMUM_RETENTION_HOURS * 3_600_000;
  if (beforeMs > latest) {
    return err(
      invalidInput(
        'before',
        `an instant at least ${MINIMUM_RETENTION_HOURS} hours before now, ${new Date(latest).toISOString()} or earlier by the context's clock (keys are kept that long at least, so that a retry in flight finds its key and an item's execution claim outlives every execution that could still meet it)`,
        given,
      ),
    );
  }
  // An instant before year 0001 in UTC (0001-01-01T00:30+01:00 is 0000-12-31T23:30Z) is older than every record
  // (their instants are in the years 0001–9999, UTC): it deletes what the first instant of year 0001 deletes,
  // nothing. Written as is, PostgreSQL refused year 0000 (review 105).
  return ok(new Date(Math.max(beforeMs, FIRST_INSTANT_MS)).toISOString());
}

/** 0001-01-01T00:00:00.000Z, the first instant a record holds. */
const FIRST_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
