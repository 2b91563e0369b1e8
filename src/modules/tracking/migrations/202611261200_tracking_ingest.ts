/**
 * Tracking ingest: devices (secret stored as SHA-256 only), readings unique per (device, seq), the
 * latest reading per box and tenant, tracking events unique per (device, event id) and append-only
 * (a trigger refuses UPDATE and DELETE: a retraction is a new event), quarantine, idempotency keys.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('readings')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('seq', 'int8', (c) => c.notNull().check(sql`seq >= 0`))
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('equipment', 'text')
    .addColumn('temperature_c', 'float8')
    .addColumn('setpoint_c', 'float8')
    .addColumn('humidity_pct', 'float8', (c) => c.check(sql`humidity_pct between 0 and 100`))
    .addColumn('lat', 'float8', (c) => c.check(sql`lat between -90 and 90`))
    .addColumn('lon', 'float8', (c) => c.check(sql`lon between -180 and 180`))
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('http','mqtt')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('readings_pk', ['device_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('readings_device_time_idx')
    .on('readings')
    .columns(['device_id', 'time'])
    .execute();
  await db.schema
    .createIndex('readings_equipment_time_idx')
    .on('readings')
    .columns(['equipment', 'time'])
    .where(sql.ref('equipment'), 'is not', null)
    .execute();

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

  await db.schema
    .createTable('tracking_events')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) =>
      c.notNull().check(sql`event_type in ('TRANSPORT','EQUIPMENT','REEFER','IOT')`),
    )
    .addColumn('event_code', 'text', (c) => c.notNull())
    .addColumn('classifier', 'text', (c) => c.notNull().check(sql`classifier in ('PLN','EST','ACT')`))
    .addColumn('event_time', 'timestamptz', (c) => c.notNull())
    .addColumn('equipment', 'text')
    .addColumn('train_reference', 'text')
    .addColumn('location', 'text')
    .addColumn('retracted_event_id', 'text')
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('http','mqtt')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('tracking_events_pk', ['device_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('tracking_events_equipment_idx')
    .on('tracking_events')
    .columns(['equipment', 'event_time'])
    .execute();
  await db.schema
    .createIndex('tracking_events_train_idx')
    .on('tracking_events')
    .columns(['train_reference', 'event_time'])
    .execute();
  await sql`
    CREATE FUNCTION tracking_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'tracking_events is append-only: retract an event with a new event instead';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER tracking_events_append_only BEFORE UPDATE OR DELETE ON tracking_events
    FOR EACH ROW EXECUTE FUNCTION tracking_events_append_only()`.execute(db);

  await db.schema
    .createTable('ingest_quarantine')
    .addColumn('id', 'int8', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('readings','events')`))
    .addColumn('item_key', 'text')
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'jsonb', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('http','mqtt')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('ingest_quarantine_item_uq', ['device_id', 'kind', 'item_key'])
    .execute();

  await db.schema
    .createTable('device_idempotency_keys')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'int4')
    .addColumn('response', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('device_idempotency_keys_pk', ['device_id', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('device_idempotency_keys').execute();
  await db.schema.dropTable('ingest_quarantine').execute();
  await sql`DROP TRIGGER tracking_events_append_only ON tracking_events`.execute(db);
  await sql`DROP FUNCTION tracking_events_append_only()`.execute(db);
  await db.schema.dropTable('tracking_events').execute();
  await db.schema.dropTable('equipment_latest').execute();
  await db.schema.dropTable('readings').execute();
  await db.schema.dropTable('devices').execute();
}
