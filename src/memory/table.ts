import { err, ok, type Result } from 'neverthrow';
import { EMPTY_LIST, sameStrings } from '../domain/freeze';
import { compareKeys } from '../domain/keys';
import type { EntityName, VersionConflict } from '../ports/index';
import { type InvalidRecord, versionConflict } from '../ports/records';
import type { Shape } from '../ports/shapes';
import { type SortedList, sortedList } from './sorted';

/**
 * One aggregate's committed values, keyed by number, and (for the aggregates read by id, reference
 * §2.1, "scheduleKey") the index id → numbers stored with that id: one, as ids are unique, but the store does
 * not refuse a duplicate (fixtures built with a builder's default id share it), so it keeps them all.
 */
export interface Table<E, R> extends TableTransaction<E, R> {
  /** Adds initial data, with the same checks as a save; a number given twice throws. */
  seed(entities: readonly E[]): void;
  /** The committed record with this number, or `null` (the probe's read). */
  committed(number: string): R | null;
  /** Every committed record, ordered by number. */
  sorted(): R[];
  /** A view for one transaction: reads see its own writes, which reach the table only on `commit`. */
  open(): TableView<E, R>;
}

/**
 * One transaction's writes to a table (`null`: removed), made on its first write. A row is its frozen value
 * and nothing more: its record is encoded when the probe asks, its place in the indexes worked out when
 * it moves (keeping either with every row cost more memory than the value itself, issue 11).
 */
export interface TableView<E, _R> {
  writes: Map<string, E | null> | undefined;
}

/**
 * How a table checks and finds its values besides by number: `adopt`, a cheap check of a saved value
 * (see `ports/shapes.ts`); `idOf` for the aggregates read by id (reference §2.1, "scheduleKey"); `keyOf` when the key
 * is not the `number` field; and named secondary indexes, each giving the values a record is listed
 * under (an invoice under each schedule its lines name). Each reads the stored (frozen) value.
 */
export interface TableOptions<E> {
  readonly adopt?: Shape<E>;
  readonly idOf?: (value: E) => string;
  readonly keyOf?: (entity: E) => string;
  readonly indexes?: Readonly<Record<string, (value: E) => readonly string[]>>;
  /**
   * For some indexes, a cheap test that two versions of a row list the same values in it (the same
   * account, the same charges): when it says so, a save leaves that index alone without computing them.
   * It may only say `true` when the index's function gives equal lists for both.
   */
  readonly indexesUnchanged?: Readonly<Record<string, (before: E, after: E) => boolean>>;
  /**
   * Named orders besides the number's, each giving a value's sort value (compared in code point order,
   * {@link compareKeys}, ties broken by number): the table keeps its committed rows sorted that way too, so a page in
   * that order costs what it reads, not the table's size.
   */
  readonly orderings?: Readonly<Record<string, (value: E) => string>>;
}

/** A position in a named ordering: a sort value and the number that breaks its ties. */
export type OrderKey = readonly [value: string, key: string];

/** Tuple order of two {@link OrderKey}s: by value, then by number (code point order both, {@link compareKeys}). */
export function compareOrderKeys(a: OrderKey, b: OrderKey): number {
  return byKey(a[0], b[0]) || byKey(a[1], b[1]);
}

/**
 * What a transaction does with one table, through its {@link TableView} (functions of the table, not
 * closures made for each transaction: a bill run makes several small transactions per account).
 */
export interface TableTransaction<E, R> {
  get(view: TableView<E, R>, number: string): E | null;
  /** The value with this id as the transaction sees it; the lowest number if several share the id. */
  getById(view: TableView<E, R>, id: string): E | null;
  /** Every value the transaction sees, ordered by number, that passes `keep` (a full scan). */
  list(view: TableView<E, R>, keep?: (value: E) => boolean): readonly E[];
  /** The values listed under `value` in the secondary index `index`, ordered by number (no scan). */
  listBy(view: TableView<E, R>, index: string, value: string, keep?: (value: E) => boolean): readonly E[];
  /**
   * At most `limit` values numbered after `after` (`null`: from the first), ordered by number, that pass
   * `keep`: the committed numbers in order, merged with the transaction's writes, read until `limit`
   * pass (a scan that stops early, not an index: with a rare filter it reads far).
   */
  page(
    view: TableView<E, R>,
    after: string | null,
    limit: number,
    keep?: (value: E) => boolean,
  ): readonly E[];
  /**
   * As {@link TableTransaction.page}, among the values listed under `value` in the secondary index
   * `index` (no scan of the table): at most `limit`, numbered after `after`, ordered by number.
   */
  pageBy(
    view: TableView<E, R>,
    index: string,
    value: string,
    after: string | null,
    limit: number,
    keep?: (value: E) => boolean,
  ): readonly E[];
  /**
   * At most `limit` values in the named ordering (see {@link TableOptions.orderings}), strictly after
   * `after` (`null`: from the first), that pass `keep`: read in order until `limit` pass.
   */
  pageOrdered(
    view: TableView<E, R>,
    ordering: string,
    after: OrderKey | null,
    limit: number,
    keep?: (value: E) => boolean,
  ): readonly E[];
  /**
   * Every value whose sort value in the named ordering is at most `last`, in that order, that passes
   * `keep` (reads what it returns, and what the transaction wrote).
   */
  listOrderedThrough(
    view: TableView<E, R>,
    ordering: string,
    last: string,
    keep?: (value: E) => boolean,
  ): readonly E[];
  /** Insert-only aggregates: a second insert of a number conflicts (expected version 0). */
  insert(view: TableView<E, R>, entity: E): Result<void, VersionConflict>;
  /** Compare-and-set: version 1 inserts, version n + 1 replaces version n. */
  save(view: TableView<E, R>, entity: E & { readonly version: number }): Result<void, VersionConflict>;
  /** Replaces without a version check (orders). */
  put(view: TableView<E, R>, entity: E): void;
  /** Compare-and-set removal. */
  remove(view: TableView<E, R>, number: string, expectedVersion: number): Result<void, VersionConflict>;
  /** Applies the transaction's writes to the table (and its indexes). */
  commit(view: TableView<E, R>): void;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    if (!Object.isFrozen(value)) Object.freeze(value);
  }
  return value;
}

/** Keys in code point order ({@link compareKeys}), like a binary SQL collation; numbers are zero-padded so this is numeric too. */
export const byKey: (a: string, b: string) => number = compareKeys;

function versionOf(value: unknown): number {
  const version = (value as { readonly version?: unknown }).version;
  // Unversioned aggregates (accounts, orders) count as version 1 once stored; bill runs have a version.
  return typeof version === 'number' ? version : 1;
}

/**
 * Index value → the numbers listed under it: one number as itself (most values have one), up to
 * {@link FEW_KEYS} as an array of exactly their length (an account's invoices, a charge's: a set would take
 * about twice the memory), more as a set (an array again once it shrinks to half of that). The arrays are
 * replaced, never changed in place.
 */
type Ids = Map<string, string | readonly string[] | Set<string>>;

/** How many numbers an index value keeps in an array before it takes a set. */
const FEW_KEYS = 16;

function indexId(index: Ids, id: string, key: string): void {
  const keys = index.get(id);
  if (keys === undefined) index.set(id, key);
  else if (typeof keys === 'string') {
    if (keys !== key) index.set(id, [keys, key]);
  } else if (Array.isArray(keys)) {
    // `concat` allocates exactly the new length (a spread or `push` may leave spare slots).
    if (!keys.includes(key))
      index.set(id, keys.length < FEW_KEYS ? keys.concat(key) : new Set(keys).add(key));
  } else (keys as Set<string>).add(key);
}

function unindexId(index: Ids, id: string, key: string): void {
  const keys = index.get(id);
  if (keys === undefined) return;
  if (typeof keys === 'string') {
    if (keys === key) index.delete(id);
    return;
  }
  if (Array.isArray(keys)) {
    const at = keys.indexOf(key);
    if (at < 0) return;
    if (keys.length === 2) index.set(id, keys[1 - at] as string);
    else index.set(id, keys.slice(0, at).concat(keys.slice(at + 1)));
    return;
  }
  const set = keys as Set<string>;
  if (!set.delete(key)) return;
  // Back to an array once it holds half of FEW_KEYS (not FEW_KEYS itself: a value whose numbers come and go
  // around that size would build a set and an array in turn).
  if (set.size === 0) index.delete(id);
  else if (set.size === 1) index.set(id, set.values().next().value as string);
  else if (set.size <= FEW_KEYS / 2) index.set(id, [...set]);
}

const keepAll = (): boolean => true;

/**
 * The table of one aggregate. A saved value is checked as a database would check its record, and what
 * is stored is a deeply frozen value no caller can change: the value its `adopt` shape gives (a copy,
 * sharing the parts identical to the stored value's and those frozen through and through already — the
 * saved value itself when all of it is; see `isShareable`), else the value read back from its record
 * (`toXxxRecord` / `fromXxxRecord` of `ports/records`). Every read returns that frozen value, without
 * decoding. Secondary indexes, the numbers in order and the named orderings are kept with the committed
 * rows, so lookups by account, schedule, charge or run, and pages, cost what they return, not the
 * table's size.
 */
export function table<E, R>(
  name: EntityName,
  encode: (entity: E) => R,
  decode: (record: unknown) => Result<E, InvalidRecord>,
  options: TableOptions<E> = {},
): Table<E, R> {
  const { adopt, idOf } = options;
  const keyOf = options.keyOf ?? ((entity: E) => (entity as { readonly number: string }).number);
  const indexNames = Object.keys(options.indexes ?? {});
  const indexers = Object.values(options.indexes ?? {});
  const indexesUnchanged = indexNames.map((n) => options.indexesUnchanged?.[n]);
  const orderingNames = Object.keys(options.orderings ?? {});
  const sorters = Object.values(options.orderings ?? {});
  const rows = new Map<string, E>();
  // The committed numbers in order, for pages; kept in step with `rows` by seed and commit.
  const numbers = sortedList<string>(byKey);
  // The committed ids, kept in step with `rows`, so getById is a lookup.
  const byId: Ids = new Map();
  // Each secondary index (by position in `indexNames`): value → numbers of the committed rows under it.
  const byIndex: Ids[] = indexNames.map(() => new Map());
  // Each named ordering: the committed rows' (sort value, number) pairs in order.
  const byOrdering: SortedList<OrderKey>[] = orderingNames.map(() => sortedList(compareOrderKeys));

  function indexOf(index: string): number {
    const at = indexNames.indexOf(index);
    if (at < 0) throw new Error(`memory store: ${name} has no index ${index}`);
    return at;
  }

  function orderingOf(ordering: string): number {
    const at = orderingNames.indexOf(ordering);
    if (at < 0) throw new Error(`memory store: ${name} has no ordering ${ordering}`);
    return at;
  }

  /**
   * The row to store for a saved entity. Saving a value the codecs reject (a NaN amount, an impossible
   * date, a Decimal where a string belongs) is a programmer error, reported at once rather than when
   * some later transaction reads it. The shape's cheap check vouches for most values; for the others
   * (and the aggregates without a shape) the entity is encoded and its record decoded.
   */
  function checked(entity: E, stored: E | undefined): E {
    const value = adopt?.(entity, stored);
    if (value !== undefined) return value;
    const check = decode(encode(entity));
    if (check.isErr())
      throw new TypeError(`memory store: refusing to save an invalid ${name}: ${check.error.message}`);
    // The codecs read every record back deep-frozen (test/unit/records/records.test.ts checks it per
    // aggregate): walking it again cost ~3 % of an operation's time.
    return Object.isFrozen(check.value) ? check.value : deepFreeze(check.value);
  }

  const recordOf = (value: E): R => deepFreeze(encode(value));

  /**
   * Moves `key` in the indexes from where `before` placed it to where `after` does (either may be absent).
   * An index whose `indexesUnchanged` test says the two versions list the same values is left alone without
   * computing them (a schedule's execution changes its amounts and dates, not its account or charges).
   */
  function reindex(key: string, before: E | undefined, after: E | undefined): void {
    if (idOf !== undefined) {
      const from = before === undefined ? undefined : idOf(before);
      const to = after === undefined ? undefined : idOf(after);
      if (from !== to) {
        if (from !== undefined) unindexId(byId, from, key);
        if (to !== undefined) indexId(byId, to, key);
      }
    }
    for (let i = 0; i < byIndex.length; i += 1) {
      const unchanged = indexesUnchanged[i];
      if (before !== undefined && after !== undefined && unchanged?.(before, after) === true) continue;
      const valuesOf = indexers[i] as (value: E) => readonly string[];
      // An absent row lists nothing.
      const old = before === undefined ? EMPTY_LIST : valuesOf(before);
      const now = after === undefined ? EMPTY_LIST : valuesOf(after);
      if (sameStrings(old, now)) continue;
      const ids = byIndex[i] as Ids;
      for (const v of old) unindexId(ids, v, key);
      for (const v of now) indexId(ids, v, key);
    }
    for (let i = 0; i < byOrdering.length; i += 1) {
      const sortValueOf = sorters[i] as (value: E) => string;
      const old = before === undefined ? undefined : sortValueOf(before);
      const now = after === undefined ? undefined : sortValueOf(after);
      if (old === now) continue;
      const sorted = byOrdering[i] as SortedList<OrderKey>;
      if (old !== undefined) sorted.delete([old, key]);
      if (now !== undefined) sorted.add([now, key]);
    }
  }

  function seed(entities: readonly E[]): void {
    for (const entity of entities) {
      const row = checked(entity, undefined);
      const key = keyOf(entity);
      if (rows.has(key)) throw new Error(`createMemoryStore: initial data has ${name} ${key} twice`);
      rows.set(key, row);
      numbers.add(key);
      reindex(key, undefined, row);
    }
  }

  function read(view: TableView<E, R>, key: string): E | undefined {
    const { writes } = view;
    if (writes?.has(key) === true) return writes.get(key) ?? undefined;
    return rows.get(key);
  }

  function write(view: TableView<E, R>, key: string, row: E | null): void {
    if (view.writes === undefined) view.writes = new Map();
    view.writes.set(key, row);
  }

  /** What the transaction sees stored under the saved entity's key: the shape keeps its parts as they are. */
  function storedFor(view: TableView<E, R>, entity: E): E | undefined {
    if (adopt === undefined || typeof entity !== 'object' || entity === null) return undefined;
    try {
      return read(view, keyOf(entity));
    } catch {
      // A key that is no string: the check refuses the entity.
      return undefined;
    }
  }

  /**
   * The numbers listed under `value` in index `i` as the transaction sees them, unordered: the committed
   * ones it did not write (the index is exact for those), and those of its writes that list the value.
   */
  function listedUnder(view: TableView<E, R>, i: number, value: string): string[] {
    const { writes } = view;
    const out: string[] = [];
    const committed = (byIndex[i] as Ids).get(value);
    if (typeof committed === 'string') {
      if (writes?.has(committed) !== true) out.push(committed);
    } else if (committed !== undefined) {
      for (const key of committed) if (writes?.has(key) !== true) out.push(key);
    }
    if (writes !== undefined)
      for (const [key, row] of writes)
        if (row !== null && (indexers[i] as (value: E) => readonly string[])(row).includes(value))
          out.push(key);
    return out;
  }

  /** The values of `keys`, in that order, that pass `keep` (at most `limit`). */
  function valuesOf(
    view: TableView<E, R>,
    keys: readonly string[],
    keep: (value: E) => boolean,
    limit = Number.POSITIVE_INFINITY,
  ): readonly E[] {
    const out: E[] = [];
    for (const key of keys) {
      if (out.length >= limit) break;
      const row = read(view, key);
      if (row !== undefined && keep(row)) out.push(row);
    }
    return Object.freeze(out);
  }

  /** The numbers after `after` in order, committed merged with written, that pass `keep` (at most `limit`). */
  function inNumberOrder(
    view: TableView<E, R>,
    after: string | null,
    limit: number,
    keep: (value: E) => boolean,
  ): readonly E[] {
    const { writes } = view;
    const out: E[] = [];
    const written =
      writes === undefined
        ? []
        : [...writes.keys()].filter((k) => after === null || byKey(k, after) > 0).sort(byKey);
    const committed = numbers.after(after);
    let fromCommitted = committed.next();
    let w = 0;
    while (out.length < limit) {
      const fromWrites = written[w];
      let key: string;
      if (fromWrites === undefined || (fromCommitted !== undefined && byKey(fromCommitted, fromWrites) < 0)) {
        if (fromCommitted === undefined) break;
        key = fromCommitted;
        fromCommitted = committed.next();
      } else {
        key = fromWrites;
        w += 1;
        if (fromCommitted === fromWrites) fromCommitted = committed.next();
      }
      const row = read(view, key);
      if (row !== undefined && keep(row)) out.push(row);
    }
    return Object.freeze(out);
  }

  /**
   * In the named ordering, strictly after `after`, up to the sort value `last` (`null`: no bound): the
   * committed entries merged with the transaction's own rows in their place (a committed entry of a
   * row it wrote is stale), read until `limit` pass `keep`.
   */
  function inOrdering(
    view: TableView<E, R>,
    ordering: string,
    after: OrderKey | null,
    last: string | null,
    limit: number,
    keep: (value: E) => boolean,
  ): readonly E[] {
    const { writes } = view;
    const i = orderingOf(ordering);
    const written: OrderKey[] = [];
    if (writes !== undefined) {
      for (const [key, row] of writes) {
        if (row === null) continue;
        const entry: OrderKey = [(sorters[i] as (value: E) => string)(row), key];
        if (after === null || compareOrderKeys(entry, after) > 0) written.push(entry);
      }
      written.sort(compareOrderKeys);
    }
    const committed = (byOrdering[i] as SortedList<OrderKey>).after(after);
    let fromCommitted = committed.next();
    let w = 0;
    const out: E[] = [];
    while (out.length < limit) {
      const fromWrites = written[w];
      let entry: OrderKey;
      if (
        fromWrites === undefined ||
        (fromCommitted !== undefined && compareOrderKeys(fromCommitted, fromWrites) < 0)
      ) {
        if (fromCommitted === undefined) break;
        entry = fromCommitted;
        fromCommitted = committed.next();
        if (writes?.has(entry[1]) === true) continue;
      } else {
        entry = fromWrites;
        w += 1;
      }
      if (last !== null && byKey(entry[0], last) > 0) break;
      const row = read(view, entry[1]);
      if (row !== undefined && keep(row)) out.push(row);
    }
    return Object.freeze(out);
  }

  return {
    seed,
    open: () => ({ writes: undefined }),
    get(view, number) {
      return read(view, number) ?? null;
    },
    getById(view, id) {
      if (idOf === undefined) return null;
      const { writes } = view;
      // The lowest number with the id: committed rows the transaction did not write, then its writes.
      let found: string | undefined;
      const committed = byId.get(id);
      if (typeof committed === 'string') {
        if (writes?.has(committed) !== true) found = committed;
      } else if (committed !== undefined) {
        for (const key of committed)
          if (writes?.has(key) !== true && (found === undefined || byKey(key, found) < 0)) found = key;
      }
      if (writes !== undefined)
        for (const [key, row] of writes)
          if (row !== null && idOf?.(row) === id && (found === undefined || byKey(key, found) < 0))
            found = key;
      return found === undefined ? null : (read(view, found) ?? null);
    },
    list(view, keep = keepAll) {
      return inNumberOrder(view, null, Number.POSITIVE_INFINITY, keep);
    },
    listBy(view, index, value, keep = keepAll) {
      return valuesOf(view, listedUnder(view, indexOf(index), value).sort(byKey), keep);
    },
    page(view, after, limit, keep = keepAll) {
      return inNumberOrder(view, after, limit, keep);
    },
    pageBy(view, index, value, after, limit, keep = keepAll) {
      const keys = listedUnder(view, indexOf(index), value).filter(
        (k) => after === null || byKey(k, after) > 0,
      );
      return valuesOf(view, keys.sort(byKey), keep, limit);
    },
    pageOrdered(view, ordering, after, limit, keep = keepAll) {
      return inOrdering(view, ordering, after, null, limit, keep);
    },
    listOrderedThrough(view, ordering, last, keep = keepAll) {
      return inOrdering(view, ordering, null, last, Number.POSITIVE_INFINITY, keep);
    },
    insert(view, entity) {
      const row = checked(entity, storedFor(view, entity));
      const number = keyOf(entity);
      const current = read(view, number);
      if (current !== undefined) return err(versionConflict(name, number, 0, versionOf(current)));
      write(view, number, row);
      return ok(undefined);
    },
    save(view, entity) {
      const number = keyOf(entity);
      const { version } = entity;
      if (!Number.isSafeInteger(version) || version < 1) {
        throw new TypeError(
          `memory store: ${name} ${number} has version ${version}; versions are whole numbers ≥ 1`,
        );
      }
      const row = checked(entity, storedFor(view, entity));
      const current = read(view, number);
      const actual = current === undefined ? null : versionOf(current);
      const expected = version - 1;
      if (expected === 0 ? actual !== null : actual !== expected) {
        return err(versionConflict(name, number, expected, actual));
      }
      write(view, number, row);
      return ok(undefined);
    },
    put(view, entity) {
      write(view, keyOf(entity), checked(entity, storedFor(view, entity)));
    },
    remove(view, number, expectedVersion) {
      const current = read(view, number);
      const actual = current === undefined ? null : versionOf(current);
      if (actual !== expectedVersion) return err(versionConflict(name, number, expectedVersion, actual));
      write(view, number, null);
      return ok(undefined);
    },
    commit({ writes }) {
      if (writes === undefined) return;
      for (const [key, row] of writes) {
        const before = rows.get(key);
        if (row === null) {
          if (before === undefined) continue;
          rows.delete(key);
          numbers.delete(key);
        } else {
          rows.set(key, row);
          if (before === undefined) numbers.add(key);
        }
        reindex(key, before, row ?? undefined);
      }
    },
    committed(number) {
      const row = rows.get(number);
      return row === undefined ? null : recordOf(row);
    },
    sorted: () => numbers.values().map((k) => recordOf(rows.get(k) as E)),
  };
}
