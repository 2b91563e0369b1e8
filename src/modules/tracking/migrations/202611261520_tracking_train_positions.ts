import { type Kysely, sql } from 'kysely';

/**
 * The latest position of each train, matched to its route (leg, km along, progress, off-route km).
 * Derived from IOT POS events after commit; `source_seq` is the event's seq, so a restart catches
 * up from the highest one stored. A newer device time wins, whatever the arrival order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('train_positions')
    .addColumn('train_reference', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('route_id', 'text')
    .addColumn('event_time', 'timestamptz', (c) => c.notNull())
    .addColumn('lat', 'float8', (c) => c.notNull().check(sql`lat between -90 and 90`))
    .addColumn('lon', 'float8', (c) => c.notNull().check(sql`lon between -180 and 180`))
    .addColumn('leg_index', 'int4')
    .addColumn('leg_id', 'text')
    .addColumn('km_along', 'float8')
    .addColumn('progress_pct', 'float8')
    .addColumn('off_route_km', 'float8')
    .addColumn('source_seq', 'int8', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('train_positions_time_idx')
    .on('train_positions')
    .column('event_time')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('train_positions').execute();
}
