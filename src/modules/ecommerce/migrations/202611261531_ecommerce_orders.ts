/**
 * Cross-border e-commerce: orders (one per e-commerce platform code + order number), their records
 * (order, payment, logistics, inventory list — arriving in any order, the latest of each kind counts),
 * the status history, and the per-person quota ledger: append-only entries (a use, and its release by
 * a reversal when the order is cancelled or returned; each at most once per order) and a head row per
 * buyer and year that transactions lock, so two orders never both take the last quota.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ecommerce_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ebp_code', 'text', (c) => c.notNull())
    .addColumn('order_no', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.check(sql`mode in ('9610','1210','9710','9810')`))
    .addColumn('direction', 'text', (c) => c.check(sql`direction in ('import','export')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('incomplete','rejected','cleared','cancelled','returned')`),
    )
    .addColumn('rule', 'text')
    .addColumn('rejection', 'jsonb')
    .addColumn('missing', 'jsonb', (c) => c.notNull())
    .addColumn('buyer_key', 'text')
    .addColumn('buyer_masked', 'text')
    .addColumn('year', 'integer')
    .addColumn('amount_minor', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('ecommerce_orders_key_uq', ['ebp_code', 'order_no'])
    .execute();
  await db.schema
    .createIndex('ecommerce_orders_status_idx')
    .on('ecommerce_orders')
    .column('status')
    .execute();
  await db.schema
    .createTable('ecommerce_records')
    .addColumn('order_id', 'text', (c) => c.notNull().references('ecommerce_orders.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('order','payment','logistics','inventory')`),
    )
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('ecommerce_records_pk', ['order_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('ecommerce_records_org_idx')
    .on('ecommerce_records')
    .columns(['organization_id', 'order_id'])
    .execute();
  await db.schema
    .createTable('ecommerce_order_history')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('ecommerce_orders.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('detail', 'jsonb')
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('ecommerce_order_history_idx')
    .on('ecommerce_order_history')
    .columns(['order_id', 'id'])
    .execute();
  await db.schema
    .createTable('ecommerce_quota_heads')
    .addColumn('buyer_key', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('buyer_masked', 'text', (c) => c.notNull())
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('used_minor', 'bigint', (c) => c.notNull().check(sql`used_minor >= 0`))
    .addPrimaryKeyConstraint('ecommerce_quota_heads_pk', ['buyer_key', 'year'])
    .execute();
  await db.schema
    .createTable('ecommerce_quota_entries')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('buyer_key', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull().references('ecommerce_orders.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('use','release')`))
    .addColumn('delta_minor', 'bigint', (c) => c.notNull())
    .addColumn('reverses', 'integer')
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('ecommerce_quota_entries_once_uq', ['order_id', 'kind'])
    .addCheckConstraint(
      'ecommerce_quota_entries_sign',
      sql`(kind = 'use' and delta_minor > 0 and reverses is null) or (kind = 'release' and delta_minor < 0 and reverses is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('ecommerce_quota_entries_buyer_idx')
    .on('ecommerce_quota_entries')
    .columns(['buyer_key', 'year'])
    .execute();
  await sql`
    CREATE FUNCTION ecommerce_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused (post a reversal instead)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
    END
    $$`.execute(db);
  for (const table of ['ecommerce_quota_entries', 'ecommerce_order_history']) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_change`)} BEFORE UPDATE OR DELETE ON ${sql.id(table)}
      FOR EACH ROW EXECUTE FUNCTION ecommerce_append_only()`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.id(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION ecommerce_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'ecommerce_quota_entries',
    'ecommerce_quota_heads',
    'ecommerce_order_history',
    'ecommerce_records',
    'ecommerce_orders',
  ])
    await db.schema.dropTable(t).execute();
  await sql`DROP FUNCTION ecommerce_append_only()`.execute(db);
}
