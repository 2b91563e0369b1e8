/**
 * Customs declarations (报关单): the declaration with its items, linked bookings and inventory lists;
 * its boxes (one row each, to find the open declarations of a box); the customs events applied to it
 * (each stored tracking event at most once per declaration — replays and duplicates change nothing);
 * and its status history, append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE customs_declaration_seq`.execute(db);
  await db.schema
    .createTable('customs_declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('enterprise_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('import','export','transit')`))
    .addColumn('trade_mode', 'text', (c) => c.notNull())
    .addColumn('port', 'text', (c) => c.notNull())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('booking_ids', 'jsonb', (c) => c.notNull())
    .addColumn('containers', 'jsonb', (c) => c.notNull())
    .addColumn('list_nos', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('submitted','scan','inspection','released','rejected')`),
    )
    .addColumn('status_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lists_deducted_at', 'timestamptz')
    .addColumn('deduction_problems', 'jsonb')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('customs_declarations_org_idx')
    .on('customs_declarations')
    .columns(['organization_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('customs_declaration_boxes')
    .addColumn('declaration_id', 'text', (c) => c.notNull().references('customs_declarations.id'))
    .addColumn('container', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customs_declaration_boxes_pk', ['declaration_id', 'container'])
    .execute();
  await db.schema
    .createIndex('customs_declaration_boxes_box_idx')
    .on('customs_declaration_boxes')
    .column('container')
    .execute();
  await db.schema
    .createTable('customs_events')
    .addColumn('declaration_id', 'text', (c) => c.notNull().references('customs_declarations.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().check(sql`code in ('CUSS','CUSI','CUSR')`))
    .addColumn('container', 'text')
    .addColumn('event_time', 'timestamptz', (c) => c.notNull())
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('customs_events_pk', ['declaration_id', 'device_id', 'event_id'])
    .execute();
  await db.schema
    .createTable('customs_status_history')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('declaration_id', 'text', (c) => c.notNull().references('customs_declarations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('customs_status_history_idx')
    .on('customs_status_history')
    .columns(['declaration_id', 'id'])
    .execute();
  await sql`
    CREATE FUNCTION customs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
    END
    $$`.execute(db);
  for (const table of ['customs_status_history', 'customs_events']) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_change`)} BEFORE UPDATE OR DELETE ON ${sql.id(table)}
      FOR EACH ROW EXECUTE FUNCTION customs_append_only()`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.id(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION customs_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'customs_status_history',
    'customs_events',
    'customs_declaration_boxes',
    'customs_declarations',
  ])
    await db.schema.dropTable(t).execute();
  await sql`DROP FUNCTION customs_append_only()`.execute(db);
  await sql`DROP SEQUENCE customs_declaration_seq`.execute(db);
}
