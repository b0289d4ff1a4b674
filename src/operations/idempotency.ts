import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { InvalidInput } from '../domain/errors';
import { INPUT_LIMITS, invalidInput } from '../domain/input';
import { type IdempotencyKeyReused, scheduleError } from '../domain/schedule/errors';
import type { BillingContext, IdempotencyRecord, Repositories, StoreConflict } from '../ports';
import { transact } from './operation';

// Idempotency keys bound to their request (decision 14). A caller's key is stored with the operation, the
// result reference and a fingerprint of the request; a retry with the same key and the same request gets
// the first result, a different request with that key is refused (IdempotencyKeyReused), and a duplicate
// that ran concurrently with the first one is rolled back and answered with the first result.

/** One call's idempotency: its key (`null`: none given), operation and request fingerprint. @internal */
export interface IdempotentCall {
  readonly key: string | null;
  readonly operation: string;
  readonly fingerprint: string;
}

/**
 * A request as canonical text: object keys sorted, `undefined` fields left out, the idempotency key
 * itself left out, decimals and other objects with their own `toString` as text. Two requests that mean
 * the same (fields in another order) give the same text. An object's fields are the ones the parsers read by
 * name: its own, enumerable or not, and, for an instance of the caller's own class (passed on as it is), the
 * getters of its class. Two such instances were one text (`"[object Object]"`), and a field that is not
 * enumerable was left out, so a different request under a used key got the first result.
 */
export function canonicalRequest(value: unknown, top = true): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(`${value}n`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalRequest(v, false)).join(',')}]`;
  const proto: unknown = Object.getPrototypeOf(value);
  const record = value as Record<string, unknown>;
  if (proto !== Object.prototype && proto !== null && record.toString !== Object.prototype.toString)
    return JSON.stringify(String(value));
  const names = new Set(Object.getOwnPropertyNames(value));
  for (let p = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (Object.getOwnPropertyDescriptor(p, name)?.get !== undefined) names.add(name);
    }
  }
  const entries = [...names]
    .filter((k) => !(top && k === 'idempotencyKey'))
    .map((k): [string, unknown] => [k, readField(record, k)])
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalRequest(v, false)}`).join(',')}}`;
}

/** A field of a request, or a mark where reading it throws (the operation answers that read itself). */
function readField(record: Record<string, unknown>, name: string): unknown {
  try {
    return record[name];
  } catch {
    return UNREADABLE_FIELD;
  }
}

const UNREADABLE_FIELD = '(a field whose getter throws)';

/** FNV-1a, 64 bits, over the UTF-16 code units of `text`, as 16 hex digits: a fingerprint, not a signature. @internal */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * Reads a request's idempotency key — absent, or a non-blank string of at most 255 characters (a number or
 * an object would be turned into text that another request could share: `"[object Object]"`) — and
 * fingerprints the request (only when it has a key: the fingerprint is compared with a stored one only
 * then). @internal
 */
export function idempotentCall(operation: string, request: unknown): Result<IdempotentCall, InvalidInput> {
  const given =
    typeof request === 'object' && request !== null
      ? (request as { readonly idempotencyKey?: unknown }).idempotencyKey
      : undefined;
  /* v8 ignore next 2 */
  if (!OPERATION_NAME.test(operation) || INTERNAL_SPACES.has(operation))
    throw new Error(`${operation} is not an operation name: the keys it stores would meet the library's own`);
  const max = INPUT_LIMITS.identifierLength;
  if (given !== undefined && (typeof given !== 'string' || given.trim() === '' || given.length > max)) {
    return err(
      invalidInput(
        'idempotencyKey',
        `a non-blank string of at most ${max} characters, the same for every retry of one request (or no key)`,
        given,
      ),
    );
  }
  return ok({
    key: given === undefined ? null : given,
    operation,
    fingerprint: given === undefined ? '' : `fnv1a64:${fnv1a64(canonicalRequest(request))}`,
  });
}

// Key spaces. A caller's key is stored as `<operation>:<key>` (storedKey), the operation a name of letters
// only (checked by idempotentCall), so the key's first `:`-separated segment is always an operation name. The
// library's own records use first segments that are no operation name — `execution:` (an item's execution
// claim, account-run.ts) and `execution-run:` (the bill run of an item's execution, execute.ts) — so no caller
// key can read or take them, whatever it holds. Earlier builds kept the execution's bill run under
// `executeInvoiceSchedule:item:…`, inside the callers' space of executeInvoiceSchedule: a caller key `item:…`
// met it (LEGACY_EXECUTION_RUN).

/** An operation name: letters only, so `<operation>:` never starts one of the library's own keys. */
const OPERATION_NAME = /^[a-z][A-Za-z]*$/;
/** First segments of the library's own keys: never operation names. */
const INTERNAL_SPACES: ReadonlySet<string> = new Set(['execution', 'execution-run']);

/**
 * A key an earlier build wrote for the bill run of an item's execution, in the callers' space of
 * `executeInvoiceSchedule` (`executeInvoiceSchedule:item:<schedule id>:<item id>:<generation>`).
 */
const LEGACY_EXECUTION_RUN = /^executeInvoiceSchedule:item:.+:\d+$/s;

/** The stored key of a caller's key: per operation. */
function storedKey(call: IdempotentCall): string {
  return `${call.operation}:${call.key}`;
}

/**
 * A record an earlier build wrote for itself under a key a caller's key now names: no fingerprint (caller
 * records have had one since 0.2) and the shape of {@link LEGACY_EXECUTION_RUN}.
 */
function isLegacyInternal(record: IdempotencyRecord): boolean {
  return record.fingerprint === undefined && LEGACY_EXECUTION_RUN.test(record.key);
}

function reused(call: IdempotentCall, why: string): IdempotencyKeyReused {
  return scheduleError({
    type: 'IdempotencyKeyReused',
    message: `Idempotency key ${call.key} was already used ${why}; use a new key for a new request, and the same key only to retry the same request.`,
    key: call.key as string,
    operation: call.operation,
  }) as IdempotencyKeyReused;
}

/**
 * Looks up a call's key: `null` when unused (or no key), the stored result when the same request used it,
 * `IdempotencyKeyReused` when a different request did. @internal
 */
async function recalled(
  repos: Repositories,
  call: IdempotentCall,
): Promise<Result<string | null, IdempotencyKeyReused>> {
  if (call.key === null) return ok(null);
  const record = await repos.idempotency.get(storedKey(call));
  if (!record) return ok(null);
  if (isLegacyInternal(record)) {
    return err(
      reused(call, "by the library, for its record of an item's execution (written by an earlier version)"),
    );
  }
  if (record.fingerprint !== undefined && record.fingerprint !== call.fingerprint) {
    return err(reused(call, `with a different ${call.operation} request`));
  }
  return ok(record.result);
}

/**
 * Another transaction stored the same key (with the same request) after this one looked: this one's work
 * must roll back, and the operation answers with the first result ({@link answeredOnce}). @internal
 */
interface KeyTakenConcurrently {
  readonly type: 'KeyTakenConcurrently';
}

/**
 * Records a call's key with the result reference, the request's fingerprint and the instant it is written
 * (`createdAt`, from the context's clock: the age `pruneIdempotencyRecords` goes by). When the key was taken
 * meanwhile by the same request running concurrently, returns {@link KeyTakenConcurrently} (the
 * transaction rolls back); by a different request, `IdempotencyKeyReused`. @internal
 */
async function remember(
  repos: Repositories,
  call: IdempotentCall,
  result: string,
  createdAt: string,
): Promise<Result<void, IdempotencyKeyReused | KeyTakenConcurrently>> {
  if (call.key === null) return ok(undefined);
  const record = {
    key: storedKey(call),
    operation: call.operation,
    result,
    fingerprint: call.fingerprint,
    createdAt,
  };
  if (await repos.idempotency.insert(record)) return ok(undefined);
  const first = await repos.idempotency.get(storedKey(call));
  if (first && (first.fingerprint === undefined || first.fingerprint === call.fingerprint)) {
    return err({ type: 'KeyTakenConcurrently' });
  }
  return err(reused(call, `with a different ${call.operation} request`));
}

/**
 * Runs a keyed operation; when it failed because a concurrent duplicate with the same key and request
 * got there first — its insert of the key lost ({@link KeyTakenConcurrently}), or any refusal caused by
 * what the first one wrote, such as `ChargeAlreadyScheduled` — it rolled back, and runs once more, which
 * finds the key and returns the first result (decision 14). @internal
 */
async function answeredOnce<T, E>(
  context: BillingContext,
  call: IdempotentCall,
  run: () => ResultAsync<T, E | KeyTakenConcurrently> | Promise<Result<T, E | KeyTakenConcurrently>>,
): Promise<Result<T, E | IdempotencyKeyReused | StoreConflict>> {
  const first = await run();
  if (first.isOk()) return ok(first.value);
  if (call.key === null) return err(first.error as E);
  // Through transact, as every transaction: a serialization failure or a deadlock is run again, then a StoreConflict.
  const taken = await transact(context, async (repos) => ok(await repos.idempotency.get(storedKey(call))));
  if (taken.isErr()) return err(taken.error);
  const record = taken.value;
  const same =
    record !== null && (record.fingerprint === undefined || record.fingerprint === call.fingerprint);
  if (!same) {
    if (isKeyTaken(first.error)) return err(reused(call, `with a different ${call.operation} request`));
    return err(first.error as E);
  }
  const again = await run();
  if (again.isOk()) return ok(again.value);
  // The key is taken but the first result cannot be read back: report it rather than loop.
  return isKeyTaken(again.error) ? err(reused(call, 'by a request still running')) : err(again.error as E);
}

/**
 * A keyed operation's transaction, answered once ({@link answeredOnce}): the key is recalled first (a retry with
 * it gets `replay` of the first result's record), else `work` runs, the key is remembered with `resultOf` its
 * value (a number, or the value itself as text: what `replay` needs to answer as the first call did), and the
 * transaction commits. A failure of `work` or of remembering rolls it all back. @internal
 */
export function keyedTransaction<T, E>(
  context: BillingContext,
  call: IdempotentCall,
  replay: (repos: Repositories, previous: string) => PromiseLike<Result<T, E>>,
  work: (repos: Repositories) => Promise<Result<T, E | KeyTakenConcurrently>>,
  resultOf: (value: T, repos: Repositories) => string | Promise<string>,
): Promise<Result<T, E | IdempotencyKeyReused | StoreConflict>> {
  return answeredOnce(context, call, () =>
    transact(context, async (repos): Promise<Result<T, E | IdempotencyKeyReused | KeyTakenConcurrently>> => {
      const previous = await recalled(repos, call);
      if (previous.isErr()) return err(previous.error);
      if (previous.value !== null) return replay(repos, previous.value);
      const done = await work(repos);
      if (done.isErr()) return err(done.error);
      if (call.key === null) return ok(done.value);
      const result = await resultOf(done.value, repos);
      const remembered = await remember(repos, call, result, context.clock.now().toISOString());
      if (remembered.isErr()) return err(remembered.error);
      return ok(done.value);
    }),
  );
}

function isKeyTaken(error: unknown): error is KeyTakenConcurrently {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { readonly type?: unknown }).type === 'KeyTakenConcurrently'
  );
}
