// Helpers of the PostgreSQL adapter's tests (PGlite and the server).
import pg from 'pg';

/** The compression of each table's `record` column ('' is the server's default, 'l' lz4, 'p' pglz). */
export const RECORD_COMPRESSION = (schema: string) =>
  `SELECT c.relname AS table, a.attcompression AS compression FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${schema}' AND a.attname = 'record' AND c.relkind = 'r'
   ORDER BY c.relname`;

/** Whether the server can compress with lz4 (one row, `has`), as migration 5 asks. */
export const SERVER_HAS_LZ4 = `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_settings
  WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS has`;

/** Why the server at `url` cannot be reached (one connection, 3 s to connect, `SELECT 1`), or null. */
export async function serverUnreachable(url: string): Promise<Error | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (thrown) {
    return thrown instanceof Error ? thrown : new Error(String(thrown));
  } finally {
    await client.end().catch(() => undefined);
  }
}
