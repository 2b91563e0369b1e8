import { type Kysely, sql } from 'kysely';

/**
 * Who is retracted: `retractedAmong` asks, for a page of events, which of them a later event of the
 * same device retracts — (device_id, retracted_event_id) pairs. Only retractions have the column
 * set, so a partial index holds just them: small, and cheap to keep up on insert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX tracking_events_retracts_idx ON tracking_events (device_id, retracted_event_id)
    WHERE retracted_event_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX tracking_events_retracts_idx`.execute(db);
}
