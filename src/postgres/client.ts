// The query clients the PostgreSQL adapter accepts — a node-postgres `Pool` or a PGlite instance —
// described by the few methods it calls, so neither package is imported here (nor becomes a
// dependency), and the one transaction runner each needs: a dedicated pool connection with explicit
// BEGIN/COMMIT/ROLLBACK, or PGlite's own `transaction`, which also runs its transactions one at a time.

/**
 * What a query resolves to, as far as the adapter reads it: the rows, and the command tag (a `COMMIT`
 * of a transaction the server had aborted comes back as `ROLLBACK`).
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresQueryResult {
  readonly rows: readonly unknown[];
  readonly command?: string;
}

/**
 * Anything that runs one parameterised statement (`$1`, `$2`, …): a pool, a pool's connection, PGlite
 * or one of its transactions.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresQueryable {
  /** Runs `text` with `params` bound to `$1`, `$2`, …; rejects with the driver's error (its `code` kept). */
  query(text: string, params?: unknown[]): Promise<PostgresQueryResult>;
}

/**
 * A connection checked out of a pool (node-postgres' `PoolClient`): `release()` gives it back,
 * `release(error)` closes it instead. With `createPostgresStore`'s `prepare` (the default) the store also
 * calls `query({ name, text, values })`, node-postgres' named statement config. When the connection has
 * `on` and `removeListener` (an event emitter, as a `PoolClient` is), the store listens for its `error` event
 * while a transaction holds it: a wrapper of a pool's connections should pass them on, or an error the server
 * sends between two statements (a timeout, a restart) goes unheard and ends the process.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresPoolConnection extends PostgresQueryable {
  /** Gives the connection back to the pool, or closes it when given an error (or `true`). */
  release(destroy?: boolean | Error): void;
}

/**
 * A pool of connections (node-postgres' `Pool`): each transaction checks out its own connection.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresPool extends PostgresQueryable {
  /** Checks a connection out of the pool (waiting for one when all are busy). */
  connect(): Promise<PostgresPoolConnection>;
}

/**
 * A transaction of an in-process database (PGlite's `Transaction`).
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresInProcessTransaction extends PostgresQueryable {
  /** Rolls the transaction back now; `transaction` then resolves without committing. */
  rollback(): Promise<void>;
}

/**
 * An in-process database with a single connection (PGlite): `transaction(fn)` runs `fn` between
 * `BEGIN` and `COMMIT` (`ROLLBACK` when it throws or calls `rollback()`), one transaction at a time.
 * @category PostgreSQL
 * @since 0.2.0
 */
export interface PostgresInProcess extends PostgresQueryable {
  /** Runs `fn` in a transaction: commits when it resolves, rolls back when it throws (and rethrows). */
  transaction<T>(fn: (tx: PostgresInProcessTransaction) => Promise<T>): Promise<T>;
}

/**
 * The client {@link createPostgresStore} and {@link migrate} take: a node-postgres `Pool`
 * (`new Pool({ connectionString })`) or a PGlite instance (`new PGlite()`). Both fit structurally;
 * the adapter tells them apart at run time by `transaction` (PGlite) and `connect` (a pool). A single
 * `pg.Client` (it has `setTypeParser` and not a pool's `totalCount`) or a connection already checked out
 * of a pool is refused with a TypeError, before anything is connected: transactions need a connection of
 * their own each.
 * @category PostgreSQL
 * @since 0.2.0
 */
export type PostgresClient = PostgresPool | PostgresInProcess;

/** Runs `body` in one transaction: commits when `commit(result)` holds, rolls back otherwise or on a throw. */
export interface TransactionRunner {
  /**
   * Whether the client runs one transaction at a time (PGlite): then a transaction, or a query on the
   * client, started inside another waits for it forever, and is refused instead.
   */
  readonly exclusive: boolean;
  run<R>(body: (q: PostgresQueryable) => Promise<R>, commit: (result: R) => boolean): Promise<R>;
}

const has = (value: object, name: string): boolean =>
  typeof (value as Record<string, unknown>)[name] === 'function';

/**
 * The runner of `client`, or a TypeError naming what is wrong with it (`who` is the calling function,
 * for the message). Also the run-time check of a client typed `PostgresClient`.
 */
export function transactionRunner(client: unknown, who: string): TransactionRunner {
  const expected =
    'a node-postgres Pool (new Pool(...)) or a PGlite instance (new PGlite()): an object with query() and connect() or transaction()';
  if (typeof client !== 'object' || client === null || !has(client, 'query')) {
    const what =
      client === null ? 'null' : typeof client === 'object' ? 'an object without query()' : typeof client;
    throw new TypeError(`${who}: the client must be ${expected}, got ${what}.`);
  }
  if (has(client, 'transaction')) return inProcessRunner(client as PostgresInProcess);
  if (has(client, 'release')) {
    throw new TypeError(
      `${who}: got a connection checked out of a pool (it has release()); pass the pool itself, so each transaction gets a connection of its own.`,
    );
  }
  if (has(client, 'connect')) {
    if (isSingleClient(client)) {
      throw new TypeError(
        `${who}: got a single client (a node-postgres Client: it has connect() and setTypeParser() but no pool counters); pass a Pool (new Pool(...)), so each transaction gets a connection of its own. The client was not connected.`,
      );
    }
    return poolRunner(client as PostgresPool, who);
  }
  throw new TypeError(
    `${who}: the client has query() but neither connect() nor transaction(); pass ${expected}.`,
  );
}

/**
 * Whether `client` is a single node-postgres `Client` (the JavaScript one or `pg.native.Client`), which has
 * `query()` and `connect()` as a pool does: told before any I/O, so that it is refused without being
 * connected. A pg `Pool` has the documented counters `totalCount`, `idleCount` and `waitingCount`; a `Client`
 * has none, and has `setTypeParser()`/`getTypeParser()` (its per-client type parsers), which a pool has not.
 * Another object with `query()` and `connect()` (a host's pool wrapper) is taken for a pool.
 */
function isSingleClient(client: object): boolean {
  const counters = client as { readonly totalCount?: unknown; readonly idleCount?: unknown };
  if (typeof counters.totalCount === 'number' && typeof counters.idleCount === 'number') return false;
  return has(client, 'setTypeParser') && has(client, 'getTypeParser');
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** Transactions on a pool: a dedicated connection each, `BEGIN` … `COMMIT` or `ROLLBACK`, then released. */
function poolRunner(pool: PostgresPool, who: string): TransactionRunner {
  return {
    exclusive: false,
    async run(body, commit) {
      const connection: unknown = await pool.connect();
      if (
        typeof connection !== 'object' ||
        connection === null ||
        !has(connection, 'query') ||
        !has(connection, 'release')
      ) {
        throw new TypeError(
          `${who}: connect() must resolve to a connection with query() and release() (a pg Pool does); got ${connection === null ? 'null' : typeof connection}. Pass a Pool, not a single Client.`,
        );
      }
      const c = connection as PostgresPoolConnection;
      // Set when the connection may be left mid-transaction: it is closed instead of going back to the pool.
      let broken: Error | undefined;
      // node-postgres emits 'error' on a checked-out connection the server ends (a restart, a failover,
      // `idle_in_transaction_session_timeout`, `pg_terminate_backend`) while no statement of it is running; the
      // pool listens only to its idle connections, and an 'error' event nobody hears ends the host's process. Heard
      // here, it marks the connection broken; the transaction's next statement fails with it, and it is closed.
      const events = connection as {
        readonly on?: unknown;
        readonly removeListener?: unknown;
      };
      let heard: Error | undefined;
      const onError = (thrown: unknown): void => {
        heard ??= asError(thrown);
        broken ??= heard;
      };
      // What the caller gets: the error the server sent, with its code (25P03, 57P01 …), rather than the
      // driver's "not queryable" that the transaction's next statement failed with since.
      const failure = (thrown: unknown): unknown =>
        heard !== undefined && (thrown as { code?: unknown } | null)?.code === undefined ? heard : thrown;
      const listens = typeof events.on === 'function' && typeof events.removeListener === 'function';
      if (listens)
        (events.on as (event: string, listener: (thrown: unknown) => void) => void).call(c, 'error', onError);
      const rollBack = async (): Promise<void> => {
        try {
          await c.query('ROLLBACK');
        } catch (thrown) {
          broken = asError(thrown);
        }
      };
      try {
        try {
          // Explicit, whatever the server's default: the ports are designed for READ COMMITTED.
          await c.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        } catch (thrown) {
          broken = asError(thrown);
          throw thrown;
        }
        let result: Awaited<ReturnType<typeof body>>;
        try {
          result = await body(c);
        } catch (thrown) {
          await rollBack();
          throw failure(thrown);
        }
        if (!commit(result)) {
          await rollBack();
          return result;
        }
        try {
          const done = await c.query('COMMIT');
          if (done.command === 'ROLLBACK') {
            throw Object.assign(
              new Error(
                'postgres store: COMMIT was turned into a ROLLBACK: a statement of the transaction had failed. Nothing was saved.',
              ),
              { code: '25P02' },
            );
          }
        } catch (thrown) {
          await rollBack();
          throw failure(thrown);
        }
        return result;
      } finally {
        if (listens)
          (events.removeListener as (event: string, listener: (thrown: unknown) => void) => void).call(
            c,
            'error',
            onError,
          );
        c.release(broken);
      }
    },
  };
}

/**
 * Transactions on PGlite: its `transaction` holds PGlite's transaction lock from `BEGIN` to the end,
 * so every other transaction and query on the instance waits — the queue a single connection needs.
 */
function inProcessRunner(db: PostgresInProcess): TransactionRunner {
  return {
    exclusive: true,
    run: (body, commit) =>
      db.transaction(async (tx) => {
        const result = await body(tx);
        if (!commit(result)) await tx.rollback();
        return result;
      }),
  };
}
