import { type Kysely, sql } from 'kysely';

/** Events the platform itself records (customs release, transshipment) arrive via 'platform'. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_via_check`.execute(db);
  await sql`ALTER TABLE tracking_events ADD CONSTRAINT tracking_events_via_check
    CHECK (via in ('http','mqtt','platform'))`.execute(db);
  await sql`ALTER TABLE ingest_quarantine DROP CONSTRAINT ingest_quarantine_via_check`.execute(db);
  await sql`ALTER TABLE ingest_quarantine ADD CONSTRAINT ingest_quarantine_via_check
    CHECK (via in ('http','mqtt','platform'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_via_check`.execute(db);
  await sql`ALTER TABLE tracking_events ADD CONSTRAINT tracking_events_via_check
    CHECK (via in ('http','mqtt'))`.execute(db);
}
