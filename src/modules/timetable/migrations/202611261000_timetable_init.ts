import { type Kysely, sql } from 'kysely';

/**
 * The timetable: one departure schedule per route (weekdays or every N days, capacity and minimum
 * fill) and the concrete departures generated from it for a horizon. The rules that must hold even
 * against buggy code are constraints here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('departure_schedules')
    .addColumn('route_id', 'text', (c) => c.primaryKey())
    .addColumn('weekdays', 'jsonb')
    .addColumn('every_days', 'integer', (c) => c.check(sql`every_days between 1 and 60`))
    .addColumn('anchor_date', 'date')
    .addColumn('capacity_teu', 'integer', (c) => c.notNull().check(sql`capacity_teu > 0`))
    .addColumn('capacity_kg', 'bigint', (c) => c.notNull().check(sql`capacity_kg > 0`))
    .addColumn('min_teu', 'integer', (c) => c.notNull().check(sql`min_teu >= 0`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('departure_schedules_min_fill', sql`min_teu <= capacity_teu`)
    .addCheckConstraint(
      'departure_schedules_one_frequency',
      sql`(weekdays is null) <> (every_days is null) and (every_days is null or anchor_date is not null)`,
    )
    .execute();
  await db.schema
    .createTable('departures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('route_id', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('capacity_teu', 'integer', (c) => c.notNull().check(sql`capacity_teu > 0`))
    .addColumn('capacity_kg', 'bigint', (c) => c.notNull().check(sql`capacity_kg > 0`))
    .addColumn('min_teu', 'integer', (c) => c.notNull().check(sql`min_teu >= 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled','cancelled')`),
    )
    .addColumn('running', 'boolean')
    .addColumn('plan_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('departures_min_fill', sql`min_teu <= capacity_teu`)
    .addUniqueConstraint('departures_route_date', ['route_id', 'date'])
    .execute();
  await db.schema.createIndex('departures_date_idx').on('departures').column('date').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('departures').execute();
  await db.schema.dropTable('departure_schedules').execute();
}
