/**
 * Cold chain: cargo temperature profiles (editable; the shipped defaults are inserted at start when
 * missing), a box's profile for one journey (a window of device time, for the box owner's tenant),
 * and the alarms the detector raised, with their lifecycle (open → acknowledged → cleared).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('coldchain_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('min_c', 'float8', (c) => c.notNull())
    .addColumn('max_c', 'float8', (c) => c.notNull())
    .addColumn('tolerance_minutes', 'integer', (c) => c.notNull().check(sql`tolerance_minutes >= 0`))
    .addColumn('hysteresis_c', 'float8', (c) => c.notNull().check(sql`hysteresis_c >= 0`))
    .addColumn('clear_minutes', 'integer', (c) => c.notNull().check(sql`clear_minutes >= 0`))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('estimate', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('builtin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text')
    .addCheckConstraint(
      'coldchain_profiles_band',
      sql`min_c <= max_c and 2 * hysteresis_c <= max_c - min_c + 0.000001`,
    )
    .execute();

  await db.schema
    .createTable('coldchain_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('equipment', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('profile_id', 'text', (c) => c.notNull().references('coldchain_profiles.id'))
    .addColumn('journey', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addCheckConstraint('coldchain_assignments_window', sql`ends_at is null or ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('coldchain_assignments_equipment_idx')
    .on('coldchain_assignments')
    .columns(['equipment', 'starts_at'])
    .execute();

  await db.schema
    .createTable('coldchain_alarms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('coldchain_assignments.id'))
    .addColumn('equipment', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('high','low')`))
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('minor','major','critical')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cleared_at', 'timestamptz')
    .addColumn('min_c', 'float8', (c) => c.notNull())
    .addColumn('max_c', 'float8', (c) => c.notNull())
    .addColumn('max_deviation_c', 'float8', (c) => c.notNull())
    .addColumn('out_minutes', 'float8', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'text')
    // late readings may show an alarm was none (a gap filled in): it is withdrawn, never deleted
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('coldchain_alarms_assignment_idx')
    .on('coldchain_alarms')
    .columns(['assignment_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('coldchain_alarms_tenant_idx')
    .on('coldchain_alarms')
    .columns(['organization_id', 'raised_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('coldchain_alarms').execute();
  await db.schema.dropTable('coldchain_assignments').execute();
  await db.schema.dropTable('coldchain_profiles').execute();
}
