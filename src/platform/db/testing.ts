/**
 * Databases for tests. `LUGANG_TEST_ENGINE=pg` (the `pg` vitest tier) gives each call its own
 * schema on the PostgreSQL server of `LUGANG_TEST_DATABASE_URL` (default: this machine's
 * postgres://postgres@127.0.0.1:5432/test), dropped afterwards, so runs never collide; otherwise an
 * in-memory PGlite. Both are migrated to the latest schema.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { type DatabaseHandle, type Engine, openDatabase } from './connect';
import { migrateToLatest } from './migrate';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testEngine(): Engine {
  return process.env.LUGANG_TEST_ENGINE === 'pg' ? 'postgres' : 'pglite';
}

export interface TestDatabase extends DatabaseHandle {
  readonly schema: string | null;
}

export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let handle: DatabaseHandle;
  let schema: string | null = null;
  if (testEngine() === 'postgres') {
    schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    handle = await openDatabase({
      databaseUrl: process.env.LUGANG_TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
      schema,
      maxConnections: 40,
    });
  } else {
    handle = await openDatabase({ pgliteDir: 'memory' });
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  const dropSchema = schema;
  return {
    ...handle,
    schema,
    async close() {
      if (dropSchema) await sql`DROP SCHEMA IF EXISTS ${sql.id(dropSchema)} CASCADE`.execute(handle.db);
      await handle.close();
    },
  };
}
