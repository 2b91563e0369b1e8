/**
 * Profile versions: every profile edit makes a new, immutable version; a journey keeps the version
 * that applied when the box was assigned, so its alarms and compliance report stay reproducible after
 * an edit (new assignments take the new version). Existing profiles become version 1 and existing
 * journeys point at it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE coldchain_profiles ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
  await db.schema
    .createTable('coldchain_profile_versions')
    .addColumn('profile_id', 'text', (c) => c.notNull().references('coldchain_profiles.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('min_c', 'float8', (c) => c.notNull())
    .addColumn('max_c', 'float8', (c) => c.notNull())
    .addColumn('tolerance_minutes', 'integer', (c) => c.notNull())
    .addColumn('hysteresis_c', 'float8', (c) => c.notNull())
    .addColumn('clear_minutes', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('estimate', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('coldchain_profile_versions_pk', ['profile_id', 'version'])
    .execute();
  await sql`
    INSERT INTO coldchain_profile_versions (profile_id, version, name_en, name_zh, min_c, max_c,
      tolerance_minutes, hysteresis_c, clear_minutes, source, estimate, created_at, created_by)
    SELECT id, version, name_en, name_zh, min_c, max_c, tolerance_minutes, hysteresis_c, clear_minutes,
      source, estimate, updated_at, updated_by FROM coldchain_profiles`.execute(db);
  await sql`
    CREATE FUNCTION coldchain_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'a profile version is immutable: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
    END
    $$`.execute(db);
  await sql`CREATE TRIGGER coldchain_profile_versions_no_change BEFORE UPDATE OR DELETE
    ON coldchain_profile_versions FOR EACH ROW EXECUTE FUNCTION coldchain_version_immutable()`.execute(db);
  await sql`ALTER TABLE coldchain_assignments ADD COLUMN profile_version integer`.execute(db);
  await sql`UPDATE coldchain_assignments SET profile_version = 1`.execute(db);
  await sql`ALTER TABLE coldchain_assignments ALTER COLUMN profile_version SET NOT NULL`.execute(db);
  await sql`ALTER TABLE coldchain_assignments ADD CONSTRAINT coldchain_assignments_profile_version_fk
    FOREIGN KEY (profile_id, profile_version) REFERENCES coldchain_profile_versions (profile_id, version)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE coldchain_assignments DROP CONSTRAINT coldchain_assignments_profile_version_fk`.execute(
    db,
  );
  await sql`ALTER TABLE coldchain_assignments DROP COLUMN profile_version`.execute(db);
  await db.schema.dropTable('coldchain_profile_versions').execute();
  await sql`DROP FUNCTION coldchain_version_immutable()`.execute(db);
  await sql`ALTER TABLE coldchain_profiles DROP COLUMN version`.execute(db);
}
