/**
 * "Device silent" alarms: an alarm has a kind — `excursion` (out of band, as before) or `silent` (the
 * box's devices stopped reporting for longer than the gap limit). A silent alarm has no direction
 * (NULL). A profile (and each of its versions) may set its own gap limit `silent_minutes`; NULL takes
 * the platform default. Existing alarms are excursions; ids and other columns are unchanged.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE coldchain_alarms ADD COLUMN kind text NOT NULL DEFAULT 'excursion'
    CHECK (kind in ('excursion','silent'))`.execute(db);
  await sql`ALTER TABLE coldchain_alarms ALTER COLUMN direction DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE coldchain_alarms ADD CONSTRAINT coldchain_alarms_kind_direction
    CHECK ((kind = 'silent') = (direction IS NULL))`.execute(db);
  for (const table of ['coldchain_profiles', 'coldchain_profile_versions'])
    await sql`ALTER TABLE ${sql.id(table)} ADD COLUMN silent_minutes integer
      CHECK (silent_minutes IS NULL OR silent_minutes > 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['coldchain_profiles', 'coldchain_profile_versions'])
    await sql`ALTER TABLE ${sql.id(table)} DROP COLUMN silent_minutes`.execute(db);
  await sql`ALTER TABLE coldchain_alarms DROP CONSTRAINT coldchain_alarms_kind_direction`.execute(db);
  await sql`DELETE FROM coldchain_alarms WHERE kind = 'silent'`.execute(db);
  await sql`ALTER TABLE coldchain_alarms ALTER COLUMN direction SET NOT NULL`.execute(db);
  await sql`ALTER TABLE coldchain_alarms DROP COLUMN kind`.execute(db);
}
