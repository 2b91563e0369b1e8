import { type Kysely, sql } from 'kysely';

/**
 * The gateway model (issue 6 part 1): one row per gateway with its capacity per direction, transshipment
 * time and shift calendar (defaults from the reference network at start), and the closures or
 * reduced-capacity periods officers enter, each with its reason in English and Chinese. A closure is
 * never erased: DELETE marks it withdrawn (who, when), and the database refuses periods that end
 * before they start, negative capacities and empty reasons.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gateway_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('gateway_closures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway_id', 'text', (c) => c.notNull().references('gateway_models.id'))
    .addColumn('direction', 'text', (c) =>
      c.notNull().check(sql`direction in ('outbound', 'inbound', 'both')`),
    )
    .addColumn('from_date', 'date', (c) => c.notNull())
    .addColumn('to_date', 'date', (c) => c.notNull())
    .addColumn('trains_per_day', 'integer', (c) => c.notNull().check(sql`trains_per_day >= 0`))
    .addColumn('moves_per_day', 'integer', (c) => c.check(sql`moves_per_day >= 0`))
    .addColumn('reason_en', 'text', (c) => c.notNull().check(sql`length(reason_en) > 0`))
    .addColumn('reason_zh', 'text', (c) => c.notNull().check(sql`length(reason_zh) > 0`))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_at', 'timestamptz')
    .addCheckConstraint('gateway_closures_period', sql`to_date >= from_date`)
    .execute();
  await db.schema
    .createIndex('gateway_closures_gateway')
    .on('gateway_closures')
    .columns(['gateway_id', 'from_date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('gateway_closures').execute();
  await db.schema.dropTable('gateway_models').execute();
}
