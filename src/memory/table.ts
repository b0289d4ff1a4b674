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

/** What a transaction does with one table. Methods are plain closures, safe to pass around unbound. */
export interface TableTransaction<E, R> {
  get(number: string): E | null;
  /** The value with this id as the transaction sees it; the lowest number if several share the id. */
  getById(id: string): E | null;
  /** Every value the transaction sees, ordered by number, whose record passes `keep`. */
  list(keep?: (record: R) => boolean): readonly E[];
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

/**
 * The table of one aggregate, stored as records (through its codecs, `toXxxRecord` / `fromXxxRecord`
 * of `ports/records`), not live objects: a caller holding a value it read or saved cannot change what
 * is stored. Pass `idOf` for an aggregate read by id; without it `getById` finds nothing.
 */
export function table<E, R>(
  name: EntityName,
  encode: (entity: E) => R,
  decode: (record: unknown) => Result<E, InvalidRecord>,
  idOf?: (record: R) => string,
  keyOf: (entity: E) => string = (entity) => (entity as { readonly number: string }).number,
): Table<E, R> {
  const rows = new Map<string, R>();
  // The committed ids, kept in step with `rows` by seed and commit, so getById is a lookup.
  const byId: Ids = new Map();

  /**
   * Encodes an entity for storage, and proves the record reads back: saving a value the codecs
   * reject (a NaN amount, an impossible date) is a programmer error, reported at once rather than
   * when some later transaction reads it.
   */
  function encodeChecked(entity: E): R {
    const record = encode(entity);
    const check = decode(record);
    if (check.isErr())
      throw new TypeError(`memory store: refusing to save an invalid ${name}: ${check.error.message}`);
    return deepFreeze(record);
  }

  function decodeStored(record: R): E {
    const decoded = decode(record);
    // Only records that passed encodeChecked are stored, so this cannot fail short of a bug.
    if (decoded.isErr())
      throw new Error(`memory store: stored ${name} is unreadable: ${decoded.error.message}`);
    return decoded.value;
  }

  function seed(entities: readonly E[]): void {
    for (const entity of entities) {
      const record = encodeChecked(entity);
      const key = keyOf(entity);
      if (rows.has(key)) throw new Error(`createMemoryStore: initial data has ${name} ${key} twice`);
      rows.set(key, record);
      if (idOf !== undefined) indexId(byId, idOf(record), key);
    }
  }

  function open(): TableTransaction<E, R> {
    const writes = new Map<string, R | null>();
    // The ids of this transaction's writes. Until commit, `byId` still names what the transaction may
    // have removed or re-identified, and a later write may do the same to an entry here: readById
    // re-reads every candidate through the transaction and keeps only a record that has the id.
    const writtenIds: Ids = new Map();

    function read(key: string): R | undefined {
      if (writes.has(key)) return writes.get(key) ?? undefined;
      return rows.get(key);
    }

    function write(key: string, record: R): void {
      writes.set(key, record);
      if (idOf !== undefined) indexId(writtenIds, idOf(record), key);
    }

    function readById(id: string): R | undefined {
      if (idOf === undefined) return undefined;
      const keys = new Set([...(byId.get(id) ?? []), ...(writtenIds.get(id) ?? [])]);
      for (const key of [...keys].sort(byKey)) {
        const record = read(key);
        if (record !== undefined && idOf(record) === id) return record;
      }
      return undefined;
    }

    function decoded(record: R | undefined): E | null {
      return record === undefined ? null : decodeStored(record);
    }

    return {
      get: (number) => decoded(read(number)),
      getById: (id) => decoded(readById(id)),
      list(keep = () => true) {
        const out: E[] = [];
        for (const key of [...new Set([...rows.keys(), ...writes.keys()])].sort(byKey)) {
          const record = read(key);
          if (record !== undefined && keep(record)) out.push(decodeStored(record));
        }
        return Object.freeze(out);
      },
      insert(entity) {
        const record = encodeChecked(entity);
        const number = keyOf(entity);
        const current = read(number);
        if (current !== undefined) return err(versionConflict(name, number, 0, versionOf(current)));
        write(number, record);
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
        const record = encodeChecked(entity);
        const current = read(number);
        const actual = current === undefined ? null : versionOf(current);
        const expected = version - 1;
        if (expected === 0 ? actual !== null : actual !== expected) {
          return err(versionConflict(name, number, expected, actual));
        }
        write(number, record);
        return ok(undefined);
      },
      put(entity) {
        write(keyOf(entity), encodeChecked(entity));
      },
      remove(number, expectedVersion) {
        const current = read(number);
        const actual = current === undefined ? null : versionOf(current);
        if (actual !== expectedVersion) return err(versionConflict(name, number, expectedVersion, actual));
        writes.set(number, null);
        return ok(undefined);
      },
      commit() {
        for (const [key, record] of writes) {
          if (idOf !== undefined) {
            const before = rows.get(key);
            if (before !== undefined) unindexId(byId, idOf(before), key);
            if (record !== null) indexId(byId, idOf(record), key);
          }
          if (record === null) rows.delete(key);
          else rows.set(key, record);
        }
      },
    };
  }

  return {
    seed,
    open,
    committed: (number) => rows.get(number) ?? null,
    sorted: () => [...rows.entries()].sort(([a], [b]) => byKey(a, b)).map(([, r]) => r),
  };
}
