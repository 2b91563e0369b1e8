/**
 * Opens the one Lugang schema on either engine: embedded PGlite on disk (default) or a PostgreSQL
 * server when a connection string is given. Both get the same value parsers (parsers.ts) and the
 * same migrations (migrate.ts). Repositories receive `Db` and add their own table types with
 * `db.withTables<T>()`.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { TYPE_PARSERS } from './parsers';

/** No tables known here: each repository adds its own with `db.withTables<T>()`. */
// biome-ignore lint/complexity/noBannedTypes: Kysely's empty database type is `{}`.
type NoTables = {};
export type Db = Kysely<NoTables>;

export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Db;
  readonly engine: Engine;
  /** Where the data lives: the PGlite directory, `memory`, or the server URL without password. */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory; `undefined` or 'memory' keeps it in memory (tests). */
  readonly pgliteDir?: string | undefined;
  /** PostgreSQL schema to use (created if missing) — test runs each get their own. */
  readonly schema?: string | undefined;
  readonly maxConnections?: number;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const schema = options.schema;
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      options: `-c TimeZone=UTC${schema ? ` -c search_path=${schema}` : ''}`,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          const parser = TYPE_PARSERS[oid];
          if (parser && format !== 'binary') return parser;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    if (schema) {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        client.release();
      }
    }
    const db = new Kysely<NoTables>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      location: redact(options.databaseUrl) + (schema ? ` (schema ${schema})` : ''),
      close: () => db.destroy(),
    };
  }
  const dir = options.pgliteDir && options.pgliteDir !== 'memory' ? options.pgliteDir : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  // PGlite rebuilds its parsers from the catalog during start-up, replacing those given as options;
  // ours go in afterwards so both engines read the same values.
  Object.assign(client.parsers, TYPE_PARSERS);
  await client.exec(`SET TimeZone = 'UTC'`);
  const db = new Kysely<NoTables>({ dialect: new PGliteDialect(client) });
  return { db, engine: 'pglite', location: dir ?? 'memory', close: () => db.destroy() };
}
