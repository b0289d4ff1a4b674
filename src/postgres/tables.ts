// One aggregate's table in SQL: the statements of its reads and writes, built once per store for its
// schema, and the compare-and-set logic around them. Every statement is one round trip: a save writes
// the row and brings its side tables (by-schedule, by-charge rows) in step in the same statement.
import { err, ok, type Result } from 'neverthrow';
import type { EntityName, VersionConflict } from '../ports/index';
import { type InvalidRecord, versionConflict } from '../ports/records';
import type { PostgresQueryable } from './client';

/** A typed column besides the key, the version and the record: its name, SQL type and value. */
export interface Column<R> {
  readonly name: string;
  readonly type: 'text' | 'date' | 'numeric';
  readonly value: (record: R) => string | null;
}

/**
 * A side table listing an owner row under other keys (an invoice under each schedule its lines name):
 * `owner` is its column holding the owner's number, `keys` its other columns, `rows` the key tuples of
 * a record (each once).
 */
export interface Side<R> {
  readonly table: string;
  readonly owner: string;
  readonly keys: readonly string[];
  readonly rows: (record: R) => readonly (readonly string[])[];
}

/** What the adapter needs to know about one aggregate's table. */
export interface TableSpec<E, R> {
  readonly entity: EntityName;
  readonly table: string;
  readonly encode: (entity: E) => R;
  readonly decode: (record: unknown) => Result<E, InvalidRecord>;
  /** The primary key's columns (`number`, or a bill run part's run and account numbers). */
  readonly key: readonly string[];
  readonly keyOf: (record: R) => readonly string[];
  /** Whether the table has a `version` column (accounts and orders count as version 1 once stored). */
  readonly versioned: boolean;
  readonly columns: readonly Column<R>[];
  readonly sides: readonly Side<R>[];
  /**
   * A cheap check that an entity's record reads back (the memory store's shapes, which mirror the codecs
   * and may only be stricter): when it vouches, a save encodes without decoding the record again.
   */
  readonly vouches?: (entity: E) => boolean;
}

/** A table's operations, each given the queryable of the transaction it runs in. */
export interface Table<E> {
  get(q: PostgresQueryable, key: readonly string[]): Promise<E | null>;
  /** The rows of a SELECT of `record::text AS record`, decoded, in the statement's order. */
  many(q: PostgresQueryable, text: string, params: unknown[]): Promise<readonly E[]>;
  /** Insert-once: a conflict (expected version 0) when the key exists. */
  insert(q: PostgresQueryable, entity: E): Promise<Result<void, VersionConflict>>;
  /** Compare-and-set: version 1 inserts, version n replaces n − 1. */
  save(q: PostgresQueryable, entity: E): Promise<Result<void, VersionConflict>>;
  /**
   * Compare-and-set of several entities (distinct keys) in two statements: the inserts (version 1), then
   * the updates. A conflict names the first entity not written; the caller rolls back.
   */
  saveMany(q: PostgresQueryable, entities: readonly E[]): Promise<Result<void, VersionConflict>>;
  /** Replaces or inserts without a version check (orders). */
  put(q: PostgresQueryable, entity: E): Promise<void>;
  /** Compare-and-set removal. */
  remove(
    q: PostgresQueryable,
    key: readonly string[],
    expectedVersion: number,
  ): Promise<Result<void, VersionConflict>>;
  /** The stored record of this key, as is, outside any transaction (the probe's read). */
  stored(q: PostgresQueryable, key: readonly string[]): Promise<unknown>;
  /** Every statement text the operations above run (built once: the store may prepare them). */
  readonly statements: readonly string[];
}

/** A JSON record as the `record::text` column gives it (a string), or already parsed by a type parser. */
export function parseRecord(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Freezes a decoded value through and through, as the memory store does: values read are shared and immutable. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    if (!Object.isFrozen(value)) Object.freeze(value);
  }
  return value;
}

/** `(a, b)` pairs of a record, each once, in first-seen order. */
export function distinct(rows: readonly (readonly string[])[]): readonly (readonly string[])[] {
  const seen = new Set<string>();
  const out: (readonly string[])[] = [];
  for (const row of rows) {
    // A side's rows have the same number of keys, and PostgreSQL text holds no NUL: joined with one, two
    // rows give the same id only when they are equal.
    const id = row.join('\u0000');
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(row);
  }
  return out;
}

/** Builds the statements of `spec` in the quoted schema `s`, and the operations running them. */
export function table<E, R>(spec: TableSpec<E, R>, s: string): Table<E> {
  const t = `${s}.${spec.table}`;
  const keyCount = spec.key.length;
  const where = spec.key.map((c, i) => `${c} = $${i + 1}`).join(' AND ');
  // Parameters of a write: the key, the typed columns, the version (if any), the record, then one text[]
  // per key column of each side table.
  const written = [
    ...spec.key.map((name) => ({ name, cast: 'text' })),
    ...spec.columns.map((c) => ({ name: c.name, cast: c.type })),
    ...(spec.versioned ? [{ name: 'version', cast: 'integer' }] : []),
    { name: 'record', cast: 'text::json' },
  ];
  const names = written.map((c) => c.name);
  const values = written.map((c, i) => `$${i + 1}::${c.cast}`);
  let next = written.length + 1;
  const sides = spec.sides.map((side, i) => {
    const arrays = side.keys.map(() => `$${next++}::text[]`);
    return { side, alias: `side${i}`, unnest: `unnest(${arrays.join(', ')}) AS u(${side.keys.join(', ')})` };
  });
  const expectedParam = `$${next}::integer`;
  const owner = spec.key[0] as string;

  const insertSql = [
    `WITH main AS (INSERT INTO ${t} (${names.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT (${spec.key.join(', ')}) DO NOTHING RETURNING ${owner})`,
    ...sides.map(
      ({ side, alias, unnest }) =>
        `, ${alias} AS (INSERT INTO ${s}.${side.table} (${side.owner}, ${side.keys.join(', ')}) SELECT main.${owner}, ${side.keys.map((k) => `u.${k}`).join(', ')} FROM main, ${unnest} ON CONFLICT DO NOTHING)`,
    ),
    ' SELECT 1 AS done FROM main',
  ].join('');

  const assignments = written.slice(keyCount).map((c, i) => `${c.name} = ${values[keyCount + i]}`);
  const updateSql = [
    `WITH main AS (UPDATE ${t} SET ${assignments.join(', ')} WHERE ${where} AND version = ${expectedParam} RETURNING ${owner})`,
    ...sides.map(({ side, alias, unnest }) => {
      const matches = side.keys.map((k) => `n.${k} = d.${k}`).join(' AND ');
      return [
        `, ${alias}_new AS (SELECT * FROM ${unnest})`,
        `, ${alias}_drop AS (DELETE FROM ${s}.${side.table} d USING main WHERE d.${side.owner} = main.${owner} AND NOT EXISTS (SELECT 1 FROM ${alias}_new n WHERE ${matches}))`,
        `, ${alias}_add AS (INSERT INTO ${s}.${side.table} (${side.owner}, ${side.keys.join(', ')}) SELECT main.${owner}, ${side.keys.map((k) => `n.${k}`).join(', ')} FROM main, ${alias}_new n ON CONFLICT DO NOTHING)`,
      ].join('');
    }),
    ' SELECT 1 AS done FROM main',
  ].join('');

  // The same updates for a row whose side rows do not change (a bill run's schedule: its charges stay): no
  // side-table work at all.
  const plainUpdateSql = `UPDATE ${t} SET ${assignments.join(', ')} WHERE ${where} AND version = $${written.length + 1}::integer RETURNING ${owner}`;

  const putSql = `INSERT INTO ${t} (${names.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${written
    .slice(keyCount)
    .map((c) => `${c.name} = EXCLUDED.${c.name}`)
    .join(', ')}`;

  const removeSql = [
    `WITH main AS (DELETE FROM ${t} WHERE ${where} AND version = $${keyCount + 1}::integer RETURNING ${owner})`,
    ...sides.map(
      ({ side, alias }) =>
        `, ${alias} AS (DELETE FROM ${s}.${side.table} d USING main WHERE d.${side.owner} = main.${owner})`,
    ),
    ' SELECT 1 AS done FROM main',
  ].join('');

  // The batch forms: the rows as parallel arrays (`unnest`), each column cast as the single-row statements
  // cast it; the side rows as arrays of (owner, keys…).
  // The records travel as one JSON array (`json_array_elements`, in order), not as a text[]: a text array
  // escapes every quote of every record and PostgreSQL unescapes them again (PGlite: 50 invoice records of
  // ~1.8 KB took 3.0 ms as a text[] cast to jsonb, 2.0 ms as one jsonb array, when records were `jsonb`). Each record is joined to its
  // row's columns by position (`WITH ORDINALITY` on both sides). Gathered into an array and unnested with the
  // columns, they cost the server 1.1–1.7 ms more per statement of 50 records (PostgreSQL 15: a bill run's
  // invoices' insert and schedules' update; docs/performance-history.md, twenty-second session). `batch_rows` adds the
  // names `batch_position` and `expected` to a table's columns: no table may have a column of either name.
  const recordAt = written.length - 1;
  const batchColumns = written.map((c, i) => (i === recordAt ? { ...c, cast: 'json' } : c));
  const rowsOf = (extra: string) => {
    const arrays = written.slice(0, recordAt).map((_, i) => `$${i + 1}::text[]`);
    const columns = names.slice(0, recordAt);
    if (extra !== '') {
      arrays.push(extra);
      columns.push('expected');
    }
    return `batch_rows AS (SELECT r.*, x.record FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS r(${columns.join(', ')}, batch_position) JOIN json_array_elements($${recordAt + 1}::json) WITH ORDINALITY AS x(record, batch_position) ON x.batch_position = r.batch_position)`;
  };
  const cast = (c: { name: string; cast: string }) => `r.${c.name}::${c.cast}`;
  let batchNext = written.length + 1;
  const batchSides = spec.sides.map((side, i) => {
    const arrays = [`$${batchNext++}::text[]`, ...side.keys.map(() => `$${batchNext++}::text[]`)];
    return {
      side,
      alias: `side${i}`,
      unnest: `unnest(${arrays.join(', ')}) AS u(owner, ${side.keys.join(', ')})`,
    };
  });
  const returning = spec.key.map((k) => `${k}::text AS ${k}`).join(', ');
  const insertManySql = [
    `WITH ${rowsOf('')}`,
    `, main AS (INSERT INTO ${t} (${names.join(', ')}) SELECT ${batchColumns.map(cast).join(', ')} FROM batch_rows r ON CONFLICT (${spec.key.join(', ')}) DO NOTHING RETURNING ${returning})`,
    ...batchSides.map(
      ({ side, alias, unnest }) =>
        `, ${alias} AS (INSERT INTO ${s}.${side.table} (${side.owner}, ${side.keys.join(', ')}) SELECT u.owner, ${side.keys.map((k) => `u.${k}`).join(', ')} FROM ${unnest} JOIN main ON main.${owner} = u.owner ON CONFLICT DO NOTHING)`,
    ),
    ` SELECT ${spec.key.join(', ')} FROM main`,
  ].join('');
  const expectedBatchParam = `$${batchNext}::integer[]`;
  const updateManySql = [
    `WITH ${rowsOf(expectedBatchParam)}`,
    `, main AS (UPDATE ${t} t SET ${batchColumns
      .slice(keyCount)
      .map((c) => `${c.name} = ${cast(c)}`)
      .join(
        ', ',
      )} FROM batch_rows r WHERE ${spec.key.map((k) => `t.${k} = r.${k}`).join(' AND ')} AND t.version = r.expected RETURNING ${spec.key.map((k) => `t.${k}::text AS ${k}`).join(', ')})`,
    ...batchSides.map(({ side, alias, unnest }) => {
      const matches = side.keys.map((k) => `n.${k} = d.${k}`).join(' AND ');
      return [
        `, ${alias}_new AS (SELECT * FROM ${unnest})`,
        `, ${alias}_drop AS (DELETE FROM ${s}.${side.table} d USING main WHERE d.${side.owner} = main.${owner} AND NOT EXISTS (SELECT 1 FROM ${alias}_new n WHERE n.owner = d.${side.owner} AND ${matches}))`,
        `, ${alias}_add AS (INSERT INTO ${s}.${side.table} (${side.owner}, ${side.keys.join(', ')}) SELECT n.owner, ${side.keys.map((k) => `n.${k}`).join(', ')} FROM ${alias}_new n JOIN main ON main.${owner} = n.owner ON CONFLICT DO NOTHING)`,
      ].join('');
    }),
    ` SELECT ${spec.key.join(', ')} FROM main`,
  ].join('');

  const plainUpdateManySql = [
    `WITH ${rowsOf(`$${written.length + 1}::integer[]`)}`,
    ` UPDATE ${t} t SET ${batchColumns
      .slice(keyCount)
      .map((c) => `${c.name} = ${cast(c)}`)
      .join(
        ', ',
      )} FROM batch_rows r WHERE ${spec.key.map((k) => `t.${k} = r.${k}`).join(' AND ')} AND t.version = r.expected RETURNING ${spec.key.map((k) => `t.${k}::text AS ${k}`).join(', ')}`,
  ].join('');

  /**
   * Per transaction (its queryable), the side rows of each row of this table read or written, with its version:
   * an update of version n + 1 whose side rows are those of version n (read in the same transaction, so the
   * stored row's side rows, kept in step by every write) skips the side tables.
   */
  // The record is kept as read; its side rows are worked out only when an update is compared with it.
  const sidesSeen = new WeakMap<PostgresQueryable, Map<string, R>>();
  const tracksSides = spec.versioned && spec.sides.length > 0;
  const keyText = (record: R) => spec.keyOf(record).join('\u0000');
  const sidesOf = (record: R) => JSON.stringify(spec.sides.map((side) => distinct(side.rows(record))));
  const versionOf = (record: R) => (record as { readonly version: number }).version;

  function rememberSides(q: PostgresQueryable, record: R): void {
    if (!tracksSides) return;
    let seen = sidesSeen.get(q);
    if (seen === undefined) {
      seen = new Map();
      sidesSeen.set(q, seen);
    }
    seen.set(keyText(record), record);
  }

  /** Whether the update to `record` leaves the side rows of the version it replaces as they are. */
  function sidesUnchanged(q: PostgresQueryable, record: R): boolean {
    if (!tracksSides) return spec.sides.length === 0;
    const seen = sidesSeen.get(q)?.get(keyText(record));
    return (
      seen !== undefined && versionOf(seen) === versionOf(record) - 1 && sidesOf(seen) === sidesOf(record)
    );
  }

  /**
   * The parameters of a batch statement: each column as an array, then (`withSides`: for the statements that
   * write the side tables) each side's rows as arrays.
   */
  function batchParams(records: readonly R[], withSides: boolean): unknown[] {
    const rows = records.map(columnParams);
    const out: unknown[] = written.map((_, i) =>
      i === recordAt
        ? `[${rows.map((row) => row[i] as string).join(',')}]`
        : rows.map((row) => {
            const v = row[i];
            return v === null || v === undefined ? null : String(v);
          }),
    );
    if (!withSides) return out;
    for (const side of spec.sides) {
      const owners: string[] = [];
      const keys: string[][] = side.keys.map(() => []);
      for (const record of records) {
        const own = spec.keyOf(record)[0] as string;
        for (const row of distinct(side.rows(record))) {
          owners.push(own);
          side.keys.forEach((_, i) => {
            (keys[i] as string[]).push(row[i] as string);
          });
        }
      }
      out.push(owners, ...keys);
    }
    return out;
  }

  /** The first of `records` whose key is not among the rows a batch statement returned, or `undefined`. */
  function firstMissing(records: readonly R[], returned: readonly unknown[]): R | undefined {
    const done = new Set(
      returned.map((row) => spec.key.map((k) => String((row as Record<string, unknown>)[k])).join('\u0000')),
    );
    const missing = records.find((r) => !done.has(spec.keyOf(r).join('\u0000')));
    // Fewer rows than records and none missing: a key given twice (the ports ask for distinct entities).
    if (missing === undefined)
      throw new TypeError(`postgres store: ${spec.entity} saveMany was given the same key twice`);
    return missing;
  }

  const versionSql = `SELECT ${spec.versioned ? 'version' : '1 AS version'} FROM ${t} WHERE ${where}`;
  const getSql = `SELECT record::text AS record FROM ${t} WHERE ${where}`;

  function decodeRow(q: PostgresQueryable, row: unknown): E {
    const record = parseRecord((row as { readonly record: unknown }).record);
    const decoded = spec.decode(record);
    if (decoded.isErr()) {
      throw new Error(`postgres store: ${decoded.error.message}`, { cause: decoded.error });
    }
    rememberSides(q, record as R);
    // The codecs read records back deep-frozen (test/unit/records/records.test.ts): no second walk.
    return Object.isFrozen(decoded.value) ? decoded.value : deepFreeze(decoded.value);
  }

  /** The record of `entity`, proven to read back: saving a value the codecs reject is a programmer error. */
  function encodeChecked(entity: E): R {
    const record = spec.encode(entity);
    if (spec.vouches?.(entity) === true) return record;
    const check = spec.decode(record);
    if (check.isErr())
      throw new TypeError(
        `postgres store: refusing to save an invalid ${spec.entity}: ${check.error.message}`,
      );
    return record;
  }

  /** The parameters of a write's own row: the key, the typed columns, the version (if any), the record. */
  function columnParams(record: R): unknown[] {
    return [
      ...spec.keyOf(record),
      ...spec.columns.map((c) => c.value(record)),
      ...(spec.versioned ? [(record as { readonly version: number }).version] : []),
      JSON.stringify(record),
    ];
  }

  /** The parameters of a write of one row: its own ({@link columnParams}), then one text[] per side key. */
  function params(record: R): unknown[] {
    const out = columnParams(record);
    for (const side of spec.sides) {
      const rows = distinct(side.rows(record));
      side.keys.forEach((_, i) => {
        out.push(rows.map((row) => row[i] as string));
      });
    }
    return out;
  }

  async function actualVersion(q: PostgresQueryable, key: readonly string[]): Promise<number | null> {
    const { rows } = await q.query(versionSql, [...key]);
    const row = rows[0] as { readonly version: unknown } | undefined;
    return row === undefined ? null : Number(row.version);
  }

  async function conflict(
    q: PostgresQueryable,
    key: readonly string[],
    expected: number,
  ): Promise<Result<void, VersionConflict>> {
    return err(versionConflict(spec.entity, key.join('/'), expected, await actualVersion(q, key)));
  }

  async function insertRecord(q: PostgresQueryable, record: R): Promise<Result<void, VersionConflict>> {
    const { rows } = await q.query(insertSql, params(record));
    if (rows.length === 0) return conflict(q, spec.keyOf(record), 0);
    rememberSides(q, record);
    return ok(undefined);
  }

  return {
    async get(q, key) {
      const { rows } = await q.query(getSql, [...key]);
      return rows.length === 0 ? null : decodeRow(q, rows[0]);
    },
    async many(q, text, values) {
      const { rows } = await q.query(text, values);
      return Object.freeze(rows.map((row) => decodeRow(q, row)));
    },
    insert: (q, entity) => insertRecord(q, encodeChecked(entity)),
    async save(q, entity) {
      const { version } = entity as { readonly version: number };
      if (!Number.isSafeInteger(version) || version < 1) {
        const key = (entity as { readonly number?: unknown }).number;
        throw new TypeError(
          `postgres store: ${spec.entity} ${String(key)} has version ${version}; versions are whole numbers ≥ 1`,
        );
      }
      const record = encodeChecked(entity);
      if (version === 1) return insertRecord(q, record);
      const { rows } = sidesUnchanged(q, record)
        ? await q.query(plainUpdateSql, [...columnParams(record), version - 1])
        : await q.query(updateSql, [...params(record), version - 1]);
      if (rows.length === 0) return conflict(q, spec.keyOf(record), version - 1);
      rememberSides(q, record);
      return ok(undefined);
    },
    async saveMany(q, entities) {
      const records: R[] = [];
      for (const entity of entities) {
        const { version } = entity as { readonly version: number };
        if (!Number.isSafeInteger(version) || version < 1) {
          const key = (entity as { readonly number?: unknown }).number;
          throw new TypeError(
            `postgres store: ${spec.entity} ${String(key)} has version ${version}; versions are whole numbers ≥ 1`,
          );
        }
        records.push(encodeChecked(entity));
      }
      const inserts = records.filter((r) => versionOf(r) === 1);
      const updates = records.filter((r) => versionOf(r) > 1);
      if (inserts.length > 0) {
        const { rows } = await q.query(insertManySql, batchParams(inserts, true));
        const missing = rows.length === inserts.length ? undefined : firstMissing(inserts, rows);
        if (missing !== undefined) return conflict(q, spec.keyOf(missing), 0);
      }
      const plain: R[] = [];
      const full: R[] = [];
      for (const r of updates) (sidesUnchanged(q, r) ? plain : full).push(r);
      for (const [batch, sql] of [
        [plain, plainUpdateManySql],
        [full, updateManySql],
      ] as const) {
        if (batch.length === 0) continue;
        const columns = batchParams(batch, sql !== plainUpdateManySql);
        const { rows } = await q.query(sql, [...columns, batch.map((r) => versionOf(r) - 1)]);
        const missing = rows.length === batch.length ? undefined : firstMissing(batch, rows);
        if (missing !== undefined) return conflict(q, spec.keyOf(missing), versionOf(missing) - 1);
      }
      for (const r of records) rememberSides(q, r);
      return ok(undefined);
    },
    async put(q, entity) {
      await q.query(putSql, params(encodeChecked(entity)));
    },
    async remove(q, key, expectedVersion) {
      // A version no row can have (1.5, -1): nothing to delete, the stored version is reported.
      if (!Number.isSafeInteger(expectedVersion)) return conflict(q, key, expectedVersion);
      const { rows } = await q.query(removeSql, [...key, expectedVersion]);
      return rows.length > 0 ? ok(undefined) : conflict(q, key, expectedVersion);
    },
    async stored(q, key) {
      const { rows } = await q.query(getSql, [...key]);
      return rows.length === 0 ? null : parseRecord((rows[0] as { readonly record: unknown }).record);
    },
    statements: Object.freeze([
      insertSql,
      updateSql,
      plainUpdateSql,
      putSql,
      removeSql,
      insertManySql,
      updateManySql,
      plainUpdateManySql,
      versionSql,
      getSql,
    ]),
  };
}
