/**
 * Bonded account books, items, the append-only ledger (movements = inventory lists, postings,
 * deduction-status history) and cached balances. Triggers refuse UPDATE, DELETE and TRUNCATE of
 * movements, postings and status history; a CHECK keeps every cached balance at or above zero.
 */
import { type Kysely, sql } from 'kysely';

const APPEND_ONLY = ['bonded_movements', 'bonded_postings', 'bonded_list_status'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bonded_books')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('book_no', 'text', (c) => c.notNull().unique())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('head_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('bonded_books_org_idx').on('bonded_books').column('organization_id').execute();
  await db.schema
    .createTable('bonded_items')
    .addColumn('book_id', 'text', (c) => c.notNull().references('bonded_books.id'))
    .addColumn('seq_no', 'integer', (c) => c.notNull().check(sql`seq_no > 0`))
    .addColumn('hs_code', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('material','product')`))
    .addColumn('bom', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('bonded_items_pk', ['book_id', 'seq_no'])
    .execute();
  await db.schema
    .createTable('bonded_balances')
    .addColumn('book_id', 'text', (c) => c.notNull())
    .addColumn('seq_no', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull().check(sql`quantity >= 0`))
    .addPrimaryKeyConstraint('bonded_balances_pk', ['book_id', 'seq_no'])
    .addForeignKeyConstraint('bonded_balances_item_fk', ['book_id', 'seq_no'], 'bonded_items', [
      'book_id',
      'seq_no',
    ])
    .execute();
  await db.schema
    .createTable('bonded_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('primary','counterpart')`))
    .addColumn('book_id', 'text', (c) => c.notNull().references('bonded_books.id'))
    .addColumn('book_seq', 'integer', (c) => c.notNull().check(sql`book_seq > 0`))
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(sql`type in ('entry','release','export','transfer','processing','adjustment','reversal')`),
    )
    .addColumn('list_no', 'text', (c) => c.notNull().unique())
    .addColumn('reverses', 'text')
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('bonded_movements_client_uq', ['client_id', 'role'])
    .addUniqueConstraint('bonded_movements_seq_uq', ['book_id', 'book_seq'])
    .addUniqueConstraint('bonded_movements_reverses_uq', ['reverses', 'role'])
    .execute();
  await db.schema
    .createTable('bonded_postings')
    .addColumn('movement_id', 'text', (c) => c.notNull().references('bonded_movements.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('book_id', 'text', (c) => c.notNull())
    .addColumn('seq_no', 'integer', (c) => c.notNull())
    .addColumn('account', 'text', (c) =>
      c
        .notNull()
        .check(sql`account in ('stock','abroad','domestic','export','transfer','processing','stocktake')`),
    )
    .addColumn('delta', 'bigint', (c) => c.notNull().check(sql`delta <> 0`))
    .addPrimaryKeyConstraint('bonded_postings_pk', ['movement_id', 'line'])
    .addForeignKeyConstraint('bonded_postings_item_fk', ['book_id', 'seq_no'], 'bonded_items', [
      'book_id',
      'seq_no',
    ])
    .execute();
  await db.schema
    .createIndex('bonded_postings_item_idx')
    .on('bonded_postings')
    .columns(['book_id', 'seq_no', 'account'])
    .execute();
  await db.schema
    .createTable('bonded_list_status')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('movement_id', 'text', (c) => c.notNull().references('bonded_movements.id'))
    .addColumn('status', 'smallint', (c) => c.notNull().check(sql`status between 0 and 3`))
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('bonded_list_status_movement_idx')
    .on('bonded_list_status')
    .columns(['movement_id', 'id'])
    .execute();
  await sql`
    CREATE FUNCTION bonded_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'bonded ledger is append-only: % on % is refused (post a reversal instead)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
    END
    $$`.execute(db);
  for (const table of APPEND_ONLY) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_change`)} BEFORE UPDATE OR DELETE ON ${sql.id(table)}
      FOR EACH ROW EXECUTE FUNCTION bonded_append_only()`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.id(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION bonded_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'bonded_list_status',
    'bonded_postings',
    'bonded_movements',
    'bonded_balances',
    'bonded_items',
    'bonded_books',
  ])
    await db.schema.dropTable(t).execute();
  await sql`DROP FUNCTION bonded_append_only()`.execute(db);
}
