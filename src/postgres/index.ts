/**
 * `invoice-schedules/postgres`: the PostgreSQL adapter of the repository ports, on a node-postgres `Pool`
 * or an in-process PGlite, with its schema and migrations. Neither driver is a dependency: the adapter
 * takes any object shaped like one ({@link PostgresClient}). Run {@link migrate} once at start, then hand
 * {@link createPostgresStore}'s store to the operations as `BillingContext.store`.
 * @since 0.2.0
 */

export type {
  PostgresClient,
  PostgresInProcess,
  PostgresInProcessTransaction,
  PostgresPool,
  PostgresPoolConnection,
  PostgresQueryable,
  PostgresQueryResult,
} from './client';
export { type MigrationReport, migrate, type PostgresSchemaOptions } from './migrate';
export { DEFAULT_SCHEMA } from './schema';
export {
  createPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
  type PostgresStoreProbe,
} from './store';
