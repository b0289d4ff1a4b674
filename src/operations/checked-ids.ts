import { describeReceived } from '../domain/errors';
import { INPUT_LIMITS, isUnstorable } from '../domain/input';
import type { BillingContext, IdGenerator, InvalidContext } from '../ports';
import { contextError } from './common';

// The ids an operation takes from its context's IdGenerator are keys: of a record in its aggregate's table, of a
// schedule's items, and the stem of a document's line ids (`<invoice id>-1`). The library trusted them, so a
// generator that repeated itself (a clock-based id, two items drawn in one millisecond) merged two invoices into
// one record and billed the schedule twice over, and one that returned no string made the store blame its own
// data. Every mutating operation now draws through a checked generator (`withCheckedIds`, installed by
// `mutation()`): each id is read as it is drawn, and a bad one — not a non-blank storable string of at most 255
// characters, or equal to an id drawn earlier in the same call — stops the call with `InvalidContext` at
// `ids.next`. The draw throws (the store rolls the transaction back), the call's later transactions are refused
// before they start and at their commit (recording.ts), and `mutation()` answers the fault whatever the body
// made of the throw. Ids held by other aggregates saved earlier are not looked up (a read per id): they must be
// unique for the store's life (IdGenerator's TSDoc).

const CHECKED = Symbol('invoice-schedules/checked-ids');

/**
 * How many drawn ids each generation of a call's memory holds. A call remembers the ids of the current generation
 * and of the one before, so it refuses any repeat among its last 100,000 draws at least — every id of any call but
 * the largest bill runs — while a bill run over millions of documents keeps at most 200,000 ids in memory.
 */
const GENERATION = 100_000;

/** What one call (an operation and the operations it runs inside it) drew, and the first bad id. */
interface Draws {
  readonly ids: IdGenerator;
  /** The ids drawn in the current generation, each with the kind it was drawn for. */
  current: Map<string, string>;
  previous: ReadonlyMap<string, string>;
  fault: InvalidContext | null;
  /** What the fault leaves behind, added to its message: the bill run it stops (see {@link noteForIdFault}). */
  note: string | null;
}

type CheckedIds = IdGenerator & { readonly [CHECKED]?: Draws };

const NONE: ReadonlyMap<string, string> = new Map();

const EXPECTED = `a new id on every call: a non-blank string of at most ${INPUT_LIMITS.identifierLength} characters, without U+0000 or an unpaired UTF-16 surrogate, unique for the store's life`;

const FIX =
  'return a new unique id on every call (crypto.randomUUID() in production, createSequentialIds() from invoice-schedules/memory in tests)';

/**
 * The context with an `ids` that checks every id it draws for this call (see above); a context that has such an
 * `ids` already (an operation run inside another) is returned as it is, so the whole call shares one memory.
 * @internal
 */
export function withCheckedIds(context: BillingContext): BillingContext {
  if ((context.ids as CheckedIds)[CHECKED] !== undefined) return context;
  const draws: Draws = { ids: context.ids, current: new Map(), previous: NONE, fault: null, note: null };
  const ids: CheckedIds = { [CHECKED]: draws, next: (kind) => draw(draws, kind) };
  return { ...context, ids };
}

/** The first bad id the context's call drew, as the call's answer; `null` while every id was good. @internal */
export function idFault(context: BillingContext): InvalidContext | null {
  return (context.ids as CheckedIds)[CHECKED]?.fault ?? null;
}

/**
 * Adds `note` to the message of a bad id the call draws from now on: a bill run says which run the fault leaves
 * `Running` and how to go on with it, since a run started without an idempotency key can be found again only by
 * its number. @internal
 */
export function noteForIdFault(context: BillingContext, note: string): void {
  const draws = (context.ids as CheckedIds)[CHECKED];
  if (draws !== undefined) draws.note = note;
}

/**
 * Draws an id of `kind` for something added to a record that holds `existing` already (an item added to a
 * schedule by an edit): an id equal to one of theirs, or to the record's own `id`, is refused like a repeat.
 * `holder` names the record in the message ("schedule IS-00000001"). @internal
 */
export function nextIdBeside(
  context: BillingContext,
  kind: string,
  record: { readonly id: string },
  existing: readonly { readonly id: string }[],
  holder: string,
): string {
  const id = context.ids.next(kind);
  if (id === record.id || existing.some((e) => e.id === id)) {
    refuse(
      (context.ids as CheckedIds)[CHECKED],
      contextError(
        'ids.next',
        EXPECTED,
        id,
        `context.ids.next('${kind}') returned ${describeReceived(id)}, an id ${holder} already has; ids must be unique for the store's life: ${FIX}. The transaction that drew it was rolled back.`,
      ),
    );
  }
  return id;
}

function draw(draws: Draws, kind: string): string {
  const id: unknown = draws.ids.next(kind);
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > INPUT_LIMITS.identifierLength ||
    id.trim() === '' ||
    isUnstorable(id)
  ) {
    refuse(
      draws,
      contextError(
        'ids.next',
        EXPECTED,
        id,
        `context.ids.next('${kind}') returned ${describeReceived(id)}, which is not an id: it must return ${EXPECTED}; ${FIX}. The transaction that drew it was rolled back.`,
      ),
    );
  }
  const earlier = draws.current.get(id) ?? draws.previous.get(id);
  if (earlier !== undefined) {
    const twice = earlier === kind ? 'twice in one call' : `after returning it for '${earlier}' in this call`;
    refuse(
      draws,
      contextError(
        'ids.next',
        EXPECTED,
        id,
        `context.ids.next('${kind}') returned ${describeReceived(id)} ${twice}; ids must be unique: ${FIX} (an id made of the time repeats within a millisecond). The transaction that drew it was rolled back.`,
      ),
    );
  }
  draws.current.set(id, kind);
  if (draws.current.size >= GENERATION) {
    draws.previous = draws.current;
    draws.current = new Map();
  }
  return id;
}

/**
 * Records the call's first bad id and throws: the store rolls the transaction back, and `mutation()` answers the
 * fault (the throw never leaves the operation). A TypeError, as the host's wiring is at fault: a bill run's
 * batch does not retry it account by account.
 */
function refuse(draws: Draws | undefined, fault: InvalidContext): never {
  const noted =
    draws?.note == null ? fault : Object.freeze({ ...fault, message: `${fault.message} ${draws.note}` });
  if (draws !== undefined) draws.fault ??= noted;
  throw new TypeError(noted.message);
}
