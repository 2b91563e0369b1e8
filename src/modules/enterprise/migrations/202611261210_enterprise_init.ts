import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('enterprises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('credit_code', 'text', (c) => c.notNull().unique().check(sql`length(credit_code) = 18`))
    .addColumn('organization_id', 'text', (c) => c.notNull().unique().references('organizations.id'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) =>
      c.notNull().check(sql`zone in ('assembly-center','bonded-zone','warehousing-trading')`),
    )
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('investment_minor', 'bigint', (c) => c.notNull().check(sql`investment_minor >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active','suspended','closed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('enterprises_zone_idx').on('enterprises').column('zone').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('enterprises').execute();
}
