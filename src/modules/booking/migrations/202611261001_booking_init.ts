import { type Kysely, sql } from 'kysely';

/**
 * Bookings of the assembly center (owned by one organization: the forwarder's or the shipper's;
 * the reference is unique within it and is the idempotency key of imports), the consolidation plans
 * built from them, and train load plans. A booking's assigned departure is set by a plan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('shipper_org_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('forwarder_org_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('containers', 'jsonb', (c) => c.notNull())
    .addColumn('container_count', 'integer', (c) => c.notNull().check(sql`container_count > 0`))
    .addColumn('teu', 'integer', (c) => c.notNull().check(sql`teu > 0`))
    .addColumn('gross_kg', 'bigint', (c) => c.notNull().check(sql`gross_kg > 0`))
    .addColumn('hs_code', 'text', (c) => c.notNull())
    .addColumn('dg_un', 'text')
    .addColumn('dg_class', 'text')
    .addColumn('reefer_setpoint_c', 'double precision')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('eligible_routes', sql`text[]`, (c) => c.notNull())
    .addColumn('ready_date', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().check(sql`priority between 1 and 5`))
    .addColumn('customs_mode', 'text', (c) =>
      c.notNull().check(sql`customs_mode in ('general','bonded','9610','9710','9810','1210')`),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','confirmed','cancelled')`))
    .addColumn('assigned_departure_id', 'text', (c) => c.references('departures.id'))
    .addColumn('plan_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('bookings_org_reference', ['organization_id', 'reference'])
    .addCheckConstraint('bookings_dates', sql`due_date >= ready_date`)
    .addCheckConstraint('bookings_dg_pair', sql`(dg_un is null) = (dg_class is null)`)
    .addCheckConstraint(
      'bookings_assigned_confirmed',
      sql`assigned_departure_id is null or status = 'confirmed'`,
    )
    .execute();
  await db.schema
    .createIndex('bookings_status_idx')
    .on('bookings')
    .columns(['status', 'ready_date'])
    .execute();
  await db.schema
    .createIndex('bookings_departure_idx')
    .on('bookings')
    .column('assigned_departure_id')
    .execute();
  await db.schema
    .createTable('consolidation_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text')
    .addColumn('from_date', 'date', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('objective', 'double precision', (c) => c.notNull())
    .addColumn('bound', 'double precision')
    .addColumn('instance', 'jsonb', (c) => c.notNull())
    .addColumn('solution', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consolidation_plans_created_idx')
    .on('consolidation_plans')
    .column('created_at')
    .execute();
  await db.schema
    .createTable('load_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('departure_id', 'text', (c) => c.notNull().references('departures.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('instance', 'jsonb', (c) => c.notNull())
    .addColumn('solution', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('load_plans_departure_idx').on('load_plans').column('departure_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('load_plans').execute();
  await db.schema.dropTable('consolidation_plans').execute();
  await db.schema.dropTable('bookings').execute();
}
