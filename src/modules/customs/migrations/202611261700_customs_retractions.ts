/**
 * Retracted customs events: a DCSA retraction (a later event of the same device naming the earlier
 * one in retractedEventId) of an event applied to a declaration is recorded here, append-only; the
 * applied event stays in customs_events (the history is kept) but no longer counts. A declaration
 * whose release is retracted after its inventory lists were deducted goes to the new state `review`
 * (an officer decides), with the bilingual reason in `review`.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customs_retractions')
    .addColumn('declaration_id', 'text', (c) => c.notNull().references('customs_declarations.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('retracting_event_id', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('customs_retractions_pk', ['declaration_id', 'device_id', 'event_id'])
    .execute();
  await sql`CREATE TRIGGER customs_retractions_no_change BEFORE UPDATE OR DELETE ON customs_retractions
    FOR EACH ROW EXECUTE FUNCTION customs_append_only()`.execute(db);
  await sql`CREATE TRIGGER customs_retractions_no_truncate BEFORE TRUNCATE ON customs_retractions
    FOR EACH STATEMENT EXECUTE FUNCTION customs_append_only()`.execute(db);
  await sql`ALTER TABLE customs_declarations DROP CONSTRAINT customs_declarations_status_check`.execute(db);
  await sql`ALTER TABLE customs_declarations ADD CONSTRAINT customs_declarations_status_check
    CHECK (status in ('submitted','scan','inspection','released','review','rejected'))`.execute(db);
  await sql`ALTER TABLE customs_declarations ADD COLUMN review jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE customs_declarations DROP COLUMN review`.execute(db);
  await sql`ALTER TABLE customs_declarations DROP CONSTRAINT customs_declarations_status_check`.execute(db);
  await sql`ALTER TABLE customs_declarations ADD CONSTRAINT customs_declarations_status_check
    CHECK (status in ('submitted','scan','inspection','released','rejected'))`.execute(db);
  await db.schema.dropTable('customs_retractions').execute();
}
