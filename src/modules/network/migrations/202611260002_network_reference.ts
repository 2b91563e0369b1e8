import { type Kysely, sql } from 'kysely';

/**
 * The reference network, loaded from data/network/ on start (idempotent by checksum). Columns that
 * other modules query or join on are real columns; the full API document of each row is kept as
 * jsonb beside them, so the API answers exactly what the data files say.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('network_versions')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('network_locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unlocode', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('destination', 'boolean', (c) => c.notNull())
    .addColumn('doc', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('network_gateways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('border', 'boolean', (c) => c.notNull())
    .addColumn('doc', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('network_routes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('destination_country', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text')
    .addColumn('transit_days', 'double precision', (c) => c.notNull())
    .addColumn('doc', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('network_documents')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('doc', 'jsonb', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'network_documents',
    'network_routes',
    'network_gateways',
    'network_locations',
    'network_versions',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
