import { type Kysely, sql } from 'kysely';

/**
 * Transshipments at the gauge change (issue 6 part 3): one row per planned transshipment at a gateway
 * (the plan and the CIM/SMGS handover record as documents), the arriving trains it takes — a train is
 * transshipped once (primary key) — and its boxes with the organization that owns each (who may see it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transshipments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('outbound', 'inbound')`))
    .addColumn('from_gauge_mm', 'integer', (c) => c.notNull())
    .addColumn('to_gauge_mm', 'integer', (c) => c.notNull())
    .addColumn('start_at', 'timestamptz', (c) => c.notNull())
    .addColumn('end_at', 'timestamptz', (c) => c.notNull())
    .addColumn('plan', 'jsonb', (c) => c.notNull())
    .addColumn('record', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('transshipments_period', sql`end_at >= start_at`)
    .addCheckConstraint('transshipments_gauges', sql`from_gauge_mm <> to_gauge_mm`)
    .execute();
  await db.schema
    .createIndex('transshipments_gateway')
    .on('transshipments')
    .columns(['gateway_id', 'start_at'])
    .execute();
  await db.schema
    .createTable('transshipment_trains')
    .addColumn('train_reference', 'text', (c) => c.primaryKey())
    .addColumn('transshipment_id', 'text', (c) => c.notNull().references('transshipments.id'))
    .execute();
  await db.schema
    .createTable('transshipment_boxes')
    .addColumn('transshipment_id', 'text', (c) => c.notNull().references('transshipments.id'))
    .addColumn('box', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('transshipment_boxes_pk', ['transshipment_id', 'box'])
    .execute();
  await db.schema
    .createIndex('transshipment_boxes_org')
    .on('transshipment_boxes')
    .columns(['organization_id', 'transshipment_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('transshipment_boxes').execute();
  await db.schema.dropTable('transshipment_trains').execute();
  await db.schema.dropTable('transshipments').execute();
}
