/**
 * The latest reading per box is read from the readings' (equipment, time) index since the one-statement
 * ingest (bench/README.md): `equipment_latest` is no longer written nor read, so it goes — a table that
 * looks current but is not would mislead whoever queries it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('equipment_latest').ifExists().execute();
}

/** Back to the table's shape (empty: it was derived from readings). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('equipment_latest')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('equipment', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'int8', (c) => c.notNull())
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('temperature_c', 'float8')
    .addColumn('setpoint_c', 'float8')
    .addColumn('humidity_pct', 'float8')
    .addColumn('lat', 'float8')
    .addColumn('lon', 'float8')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('equipment_latest_pk', ['organization_id', 'equipment'])
    .execute();
}
