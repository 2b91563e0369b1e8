import { type Kysely, sql } from 'kysely';

/**
 * Durable webhooks beyond tracking events: per subscription, the marks of what its outbox already
 * holds (e.g. `coldchain.alarm:<id>:raised`), so a notice is queued once whether it comes from the
 * bus or from the catch-up on start; and per topic, how far the catch-up has read its source table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_marks')
    .addColumn('subscription_id', 'text', (c) =>
      c.notNull().references('webhook_subscriptions.id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('webhook_marks_pk', ['subscription_id', 'key'])
    .execute();
  await db.schema
    .createTable('webhook_cursors')
    .addColumn('topic', 'text', (c) => c.primaryKey())
    .addColumn('position', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_cursors').execute();
  await db.schema.dropTable('webhook_marks').execute();
}
