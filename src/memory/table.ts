import { err, ok, type Result } from 'neverthrow';
import type { EntityName, VersionConflict } from '../ports/index';
import { type InvalidRecord, versionConflict } from '../ports/records';

/**
 * One aggregate's committed records, keyed by number, and (for the aggregates read by id, reference
 * §10 "Keys") the index id → numbers stored with that id: one, as ids are unique, but the store does
 * not refuse a duplicate (fixtures built with a builder's default id share it), so it keeps them all.
 */
export interface Table<E, R> {
  /** Adds initial data, with the same checks as a save; a number given twice throws. */
  seed(entities: readonly E[]): void;
  /** The committed record with this number, or `null` (the probe's read). */
  committed(number: string): R | null;
  /** Every committed record, ordered by number. */
  sorted(): R[];
  /** A view for one transaction: reads see its own writes, which reach the table only on `commit`. */
  open(): TableTransaction<E, R>;
}

/**
 * How a table finds its records besides by number: `idOf` for the aggregates read by id (reference §10
 * "Keys"), `keyOf` when the key is not the `number` field, and named secondary indexes, each giving the
 * values a record is listed under (an invoice under each schedule its lines name).
 */
export interface TableOptions<E, R> {
  readonly idOf?: (record: R) => string;
  readonly keyOf?: (entity: E) => string;
  readonly indexes?: Readonly<Record<string, (record: R) => readonly string[]>>;
  /**
   * Named orders besides the number's, each giving a record's sort value (compared code unit by code
   * unit, ties broken by number): the table keeps its committed rows sorted that way too, so a page in
   * that order costs what it reads, not the table's size.
   */
  readonly orderings?: Readonly<Record<string, (record: R) => string>>;
}

/** A position in a named ordering: a sort value and the number that breaks its ties. */
export type OrderKey = readonly [value: string, key: string];

/** Tuple order of two {@link OrderKey}s: by value, then by number (code-unit order both). */
export function compareOrderKeys(a: OrderKey, b: OrderKey): number {
  return byKey(a[0], b[0]) || byKey(a[1], b[1]);
}

/** What a transaction does with one table. Methods are plain closures, safe to pass around unbound. */
export interface TableTransaction<E, R> {
  get(number: string): E | null;
  /** The value with this id as the transaction sees it; the lowest number if several share the id. */
  getById(id: string): E | null;
  /** Every value the transaction sees, ordered by number, whose record passes `keep` (a full scan). */
  list(keep?: (record: R) => boolean): readonly E[];
  /** The values listed under `value` in the secondary index `index`, ordered by number (no scan). */
  listBy(index: string, value: string, keep?: (record: R) => boolean): readonly E[];
  /**
   * At most `limit` values numbered after `after` (`null`: from the first), ordered by number, whose
   * records pass `keep`: the committed numbers in order, merged with the transaction's writes, read until
   * `limit` pass (a scan that stops early, not an index: with a rare filter it reads far).
   */
  page(after: string | null, limit: number, keep?: (record: R) => boolean): readonly E[];
  /**
   * As {@link TableTransaction.page}, among the values listed under `value` in the secondary index
   * `index` (no scan of the table): at most `limit`, numbered after `after`, ordered by number.
   */
  pageBy(
    index: string,
    value: string,
    after: string | null,
    limit: number,
    keep?: (record: R) => boolean,
  ): readonly E[];
  /**
   * At most `limit` values in the named ordering (see {@link TableOptions.orderings}), strictly after
   * `after` (`null`: from the first), whose records pass `keep`: read in order until `limit` pass.
   */
  pageOrdered(
    ordering: string,
    after: OrderKey | null,
    limit: number,
    keep?: (record: R) => boolean,
  ): readonly E[];
  /** Insert-only aggregates: a second insert of a number conflicts (expected version 0). */
  insert(entity: E): Result<void, VersionConflict>;
  /** Compare-and-set: version 1 inserts, version n + 1 replaces version n. */
  save(entity: E & { readonly version: number }): Result<void, VersionConflict>;
  /** Replaces without a version check (orders). */
  put(entity: E): void;
  /** Compare-and-set removal. */
  remove(number: string, expectedVersion: number): Result<void, VersionConflict>;
  /** Applies the transaction's writes to the table (and its id index). */
  commit(): void;
}

type Ids = Map<string, Set<string>>;

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    if (!Object.isFrozen(value)) Object.freeze(value);
  }
  return value;
}

export function byKey(a: string, b: string): number {
  // Code-unit order, like a binary SQL collation; numbers are zero-padded so this is numeric too.
  return a < b ? -1 : a > b ? 1 : 0;
}

function versionOf(record: unknown): number {
  const version = (record as { readonly version?: unknown }).version;
  // Unversioned aggregates (accounts, orders, bill runs) count as version 1 once stored.
  return typeof version === 'number' ? version : 1;
}

function indexId(index: Ids, id: string, key: string): void {
  const keys = index.get(id);
  if (keys === undefined) index.set(id, new Set([key]));
  else keys.add(key);
}

function unindexId(index: Ids, id: string, key: string): void {
  const keys = index.get(id);
  if (keys === undefined) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(id);
}

/** A committed row: the record as stored, and the frozen value decoded from it once, when it was written. */
interface Row<E, R> {
  readonly record: R;
  readonly value: E;
}

/** The position of `key` in the sorted `keys` (where it is, or where it would go). */
function orderPosition(keys: readonly OrderKey[], key: OrderKey): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareOrderKeys(keys[mid] as OrderKey, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The position of `key` in the sorted `keys` (where it is, or where it would go). */
function position(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The table of one aggregate, stored as records (through its codecs, `toXxxRecord` / `fromXxxRecord`
 * of `ports/records`), not live objects: a caller holding a value it read or saved cannot change what
 * is stored. Each record is decoded once, when written, and the frozen value is what every read returns
 * (domain values are deeply frozen, so sharing them is safe), instead of decoding on every access.
 * Secondary indexes and the ordered list of numbers are kept with the committed rows, so lookups by
 * account, schedule, charge or run, and pages of numbers, cost what they return, not the table's size.
 */
export function table<E, R>(
  name: EntityName,
  encode: (entity: E) => R,
  decode: (record: unknown) => Result<E, InvalidRecord>,
  options: TableOptions<E, R> = {},
): Table<E, R> {
  const { idOf } = options;
  const keyOf = options.keyOf ?? ((entity: E) => (entity as { readonly number: string }).number);
  const indexes = Object.entries(options.indexes ?? {});
  const rows = new Map<string, Row<E, R>>();
  // The committed numbers in order, for pages; kept in step with `rows` by seed and commit.
  const sortedKeys: string[] = [];
  // The committed ids, kept in step with `rows`, so getById is a lookup.
  const byId: Ids = new Map();
  // Each secondary index: value → numbers of the committed records listed under it.
  const byIndex = new Map<string, Ids>(indexes.map(([index]) => [index, new Map()]));
  // Each named ordering: the committed rows' (sort value, number) pairs in order, kept in step with `rows`.
  const orderings = Object.entries(options.orderings ?? {});
  const byOrdering = new Map<string, OrderKey[]>(orderings.map(([ordering]) => [ordering, []]));

  /**
   * Encodes an entity for storage, and proves the record reads back: saving a value the codecs
   * reject (a NaN amount, an impossible date) is a programmer error, reported at once rather than
   * when some later transaction reads it. The decoded value is kept as the row's value.
   */
  function encodeChecked(entity: E): Row<E, R> {
    const record = encode(entity);
    const check = decode(record);
    if (check.isErr())
      throw new TypeError(`memory store: refusing to save an invalid ${name}: ${check.error.message}`);
    return { record: deepFreeze(record), value: deepFreeze(check.value) };
  }

  function addKey(key: string): void {
    const at = position(sortedKeys, key);
    if (sortedKeys[at] !== key) sortedKeys.splice(at, 0, key);
  }

  function dropKey(key: string): void {
    const at = position(sortedKeys, key);
    if (sortedKeys[at] === key) sortedKeys.splice(at, 1);
  }

  function index(key: string, row: Row<E, R>): void {
    if (idOf !== undefined) indexId(byId, idOf(row.record), key);
    for (const [name, valuesOf] of indexes) {
      const ids = byIndex.get(name) as Ids;
      for (const v of valuesOf(row.record)) indexId(ids, v, key);
    }
    for (const [name, sortValueOf] of orderings) {
      const sorted = byOrdering.get(name) as OrderKey[];
      const entry: OrderKey = [sortValueOf(row.record), key];
      sorted.splice(orderPosition(sorted, entry), 0, entry);
    }
  }

  function unindex(key: string, row: Row<E, R>): void {
    if (idOf !== undefined) unindexId(byId, idOf(row.record), key);
    for (const [name, valuesOf] of indexes) {
      const ids = byIndex.get(name) as Ids;
      for (const v of valuesOf(row.record)) unindexId(ids, v, key);
    }
    for (const [name, sortValueOf] of orderings) {
      const sorted = byOrdering.get(name) as OrderKey[];
      const at = orderPosition(sorted, [sortValueOf(row.record), key]);
      if (sorted[at]?.[1] === key) sorted.splice(at, 1);
    }
  }

  function seed(entities: readonly E[]): void {
    for (const entity of entities) {
      const row = encodeChecked(entity);
      const key = keyOf(entity);
      if (rows.has(key)) throw new Error(`createMemoryStore: initial data has ${name} ${key} twice`);
      rows.set(key, row);
      addKey(key);
      index(key, row);
    }
  }

  function open(): TableTransaction<E, R> {
    const writes = new Map<string, Row<E, R> | null>();
    // The ids of this transaction's writes. Until commit, `byId` still names what the transaction may
    // have removed or re-identified, and a later write may do the same to an entry here: readById
    // re-reads every candidate through the transaction and keeps only a record that has the id.
    const writtenIds: Ids = new Map();

    function read(key: string): Row<E, R> | undefined {
      if (writes.has(key)) return writes.get(key) ?? undefined;
      return rows.get(key);
    }

    function write(key: string, row: Row<E, R>): void {
      writes.set(key, row);
      if (idOf !== undefined) indexId(writtenIds, idOf(row.record), key);
    }

    function readById(id: string): Row<E, R> | undefined {
      if (idOf === undefined) return undefined;
      const keys = new Set([...(byId.get(id) ?? []), ...(writtenIds.get(id) ?? [])]);
      for (const key of [...keys].sort(byKey)) {
        const row = read(key);
        if (row !== undefined && idOf(row.record) === id) return row;
      }
      return undefined;
    }

    /** The values of these keys as the transaction sees them, in number order, whose records pass `keep`. */
    function valuesOf(keys: Iterable<string>, keep: (record: R) => boolean): readonly E[] {
      const out: E[] = [];
      for (const key of [...keys].sort(byKey)) {
        const row = read(key);
        if (row !== undefined && keep(row.record)) out.push(row.value);
      }
      return Object.freeze(out);
    }

    return {
      get: (number) => read(number)?.value ?? null,
      getById: (id) => readById(id)?.value ?? null,
      list: (keep = () => true) => valuesOf(new Set([...rows.keys(), ...writes.keys()]), keep),
      listBy(indexName, value, keep = () => true) {
        const valuesOfRecord = options.indexes?.[indexName];
        if (valuesOfRecord === undefined) throw new Error(`memory store: ${name} has no index ${indexName}`);
        // The committed candidates plus everything this transaction wrote; each is checked on the record
        // the transaction sees, since its own writes may have moved a record in or out of the index.
        const keys = new Set([...(byIndex.get(indexName)?.get(value) ?? []), ...writes.keys()]);
        return valuesOf(keys, (r) => valuesOfRecord(r).includes(value) && keep(r));
      },
      page(after, limit, keep = () => true) {
        const out: E[] = [];
        const written = [...writes.keys()].filter((k) => after === null || k > after).sort(byKey);
        let c = after === null ? 0 : position(sortedKeys, after);
        if (after !== null && sortedKeys[c] === after) c++;
        let w = 0;
        // Merge the committed numbers after `after` with this transaction's writes, in order.
        while (out.length < limit && (c < sortedKeys.length || w < written.length)) {
          const fromCommitted = sortedKeys[c];
          const fromWrites = written[w];
          let key: string;
          if (fromWrites === undefined || (fromCommitted !== undefined && fromCommitted < fromWrites)) {
            key = fromCommitted as string;
            c++;
          } else {
            key = fromWrites;
            w++;
            if (fromCommitted === fromWrites) c++;
          }
          const row = read(key);
          if (row !== undefined && keep(row.record)) out.push(row.value);
        }
        return Object.freeze(out);
      },
      pageBy(indexName, value, after, limit, keep = () => true) {
        const valuesOfRecord = options.indexes?.[indexName];
        if (valuesOfRecord === undefined) throw new Error(`memory store: ${name} has no index ${indexName}`);
        // As listBy, but only the numbers after `after`, read in order until `limit` pass.
        const keys = [...new Set([...(byIndex.get(indexName)?.get(value) ?? []), ...writes.keys()])]
          .filter((k) => after === null || k > after)
          .sort(byKey);
        const out: E[] = [];
        for (const key of keys) {
          if (out.length >= limit) break;
          const row = read(key);
          if (row !== undefined && valuesOfRecord(row.record).includes(value) && keep(row.record))
            out.push(row.value);
        }
        return Object.freeze(out);
      },
      pageOrdered(ordering, after, limit, keep = () => true) {
        const sortValueOf = options.orderings?.[ordering];
        const committed = byOrdering.get(ordering);
        if (sortValueOf === undefined || committed === undefined)
          throw new Error(`memory store: ${name} has no ordering ${ordering}`);
        const isAfter = (k: OrderKey) => after === null || compareOrderKeys(k, after) > 0;
        // The transaction's own rows in their place; a committed entry of a row it wrote is stale.
        const written: OrderKey[] = [];
        for (const [key, row] of writes) {
          if (row === null) continue;
          const entry: OrderKey = [sortValueOf(row.record), key];
          if (isAfter(entry)) written.push(entry);
        }
        written.sort(compareOrderKeys);
        let c = after === null ? 0 : orderPosition(committed, after);
        while (c < committed.length && !isAfter(committed[c] as OrderKey)) c++;
        let w = 0;
        const out: E[] = [];
        while (out.length < limit && (c < committed.length || w < written.length)) {
          const fromCommitted = committed[c];
          const fromWrites = written[w];
          let key: string;
          if (
            fromWrites === undefined ||
            (fromCommitted !== undefined && compareOrderKeys(fromCommitted, fromWrites) < 0)
          ) {
            c++;
            key = (fromCommitted as OrderKey)[1];
            if (writes.has(key)) continue;
          } else {
            w++;
            key = fromWrites[1];
          }
          const row = read(key);
          if (row !== undefined && keep(row.record)) out.push(row.value);
        }
        return Object.freeze(out);
      },
      insert(entity) {
        const row = encodeChecked(entity);
        const number = keyOf(entity);
        const current = read(number);
        if (current !== undefined) return err(versionConflict(name, number, 0, versionOf(current.record)));
        write(number, row);
        return ok(undefined);
      },
      save(entity) {
        const number = keyOf(entity);
        const { version } = entity;
        if (!Number.isSafeInteger(version) || version < 1) {
          throw new TypeError(
            `memory store: ${name} ${number} has version ${version}; versions are whole numbers ≥ 1`,
          );
        }
        const row = encodeChecked(entity);
        const current = read(number);
        const actual = current === undefined ? null : versionOf(current.record);
        const expected = version - 1;
        if (expected === 0 ? actual !== null : actual !== expected) {
          return err(versionConflict(name, number, expected, actual));
        }
        write(number, row);
        return ok(undefined);
      },
      put(entity) {
        write(keyOf(entity), encodeChecked(entity));
      },
      remove(number, expectedVersion) {
        const current = read(number);
        const actual = current === undefined ? null : versionOf(current.record);
        if (actual !== expectedVersion) return err(versionConflict(name, number, expectedVersion, actual));
        writes.set(number, null);
        return ok(undefined);
      },
      commit() {
        for (const [key, row] of writes) {
          const before = rows.get(key);
          if (before !== undefined) unindex(key, before);
          if (row === null) {
            rows.delete(key);
            dropKey(key);
          } else {
            rows.set(key, row);
            if (before === undefined) addKey(key);
            index(key, row);
          }
        }
      },
    };
  }

  return {
    seed,
    open,
    committed: (number) => rows.get(number)?.record ?? null,
    sorted: () => sortedKeys.map((k) => (rows.get(k) as Row<E, R>).record),
  };
}
