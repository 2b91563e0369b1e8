/** The only SQL of the bonded module: books, items, balances, movements, postings, status history. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { Account, DeductionStatus, GoodsKind, MovementType } from './ledger';

export interface BookRow {
  id: string;
  book_no: string;
  enterprise_id: string;
  organization_id: string;
  name: string;
  head_seq: number;
  head_hash: string;
  created_at: string;
}

export interface ItemRow {
  book_id: string;
  seq_no: number;
  hs_code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  kind: GoodsKind;
  bom: Array<{ materialSeqNo: number; perUnit: number }>;
  created_at: string;
}

export interface MovementRow {
  id: string;
  client_id: string;
  role: 'primary' | 'counterpart';
  book_id: string;
  book_seq: number;
  type: MovementType;
  list_no: string;
  reverses: string | null;
  request: Record<string, unknown>;
  request_hash: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
  recorded_by: string;
  recorded_at: string;
}

export interface PostingRow {
  movement_id: string;
  line: number;
  book_id: string;
  seq_no: number;
  account: Account;
  delta: number;
}

type BondedTables = {
  bonded_books: Omit<BookRow, 'created_at'> & { created_at?: string };
  bonded_items: Omit<ItemRow, 'created_at' | 'bom'> & { bom: string; created_at?: string };
  bonded_balances: { book_id: string; seq_no: number; quantity: number };
  bonded_movements: Omit<MovementRow, 'request'> & { request: string };
  bonded_postings: PostingRow;
  bonded_list_status: {
    id?: number;
    movement_id: string;
    status: DeductionStatus;
    changed_by: string;
    changed_at: string;
  };
};

export interface StockRow {
  seq_no: number;
  quantity: number;
  ledger_quantity: number;
}

export class BondedRepository {
  private readonly db: Kysely<BondedTables>;

  constructor(db: Db | Kysely<BondedTables>) {
    this.db = (db as Db).withTables ? (db as Db).withTables<BondedTables>() : (db as Kysely<BondedTables>);
  }

  /** Runs `fn` in one transaction with a repository bound to it. Keep it short (PGlite is single-connection). */
  transaction<T>(fn: (tx: BondedRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx: Transaction<BondedTables>) => fn(new BondedRepository(trx)));
  }

  async insertBook(row: Omit<BookRow, 'created_at'>): Promise<void> {
    await this.db.insertInto('bonded_books').values(row).execute();
  }

  findBook(id: string): Promise<BookRow | undefined> {
    return this.db.selectFrom('bonded_books').selectAll().where('id', '=', id).executeTakeFirst() as Promise<
      BookRow | undefined
    >;
  }

  listBooks(organizationId?: string): Promise<BookRow[]> {
    let q = this.db.selectFrom('bonded_books').selectAll().orderBy('id');
    if (organizationId) q = q.where('organization_id', '=', organizationId);
    return q.execute() as Promise<BookRow[]>;
  }

  /** Locks a book's row (its chain head) until the transaction ends. */
  lockBook(id: string): Promise<BookRow | undefined> {
    return this.db
      .selectFrom('bonded_books')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst() as Promise<BookRow | undefined>;
  }

  async setHead(id: string, seq: number, hash: string): Promise<void> {
    await this.db
      .updateTable('bonded_books')
      .set({ head_seq: seq, head_hash: hash })
      .where('id', '=', id)
      .execute();
  }

  async insertItems(rows: Array<Omit<ItemRow, 'created_at'>>): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('bonded_items')
      .values(rows.map((r) => ({ ...r, bom: JSON.stringify(r.bom) })))
      .execute();
    await this.db
      .insertInto('bonded_balances')
      .values(rows.map((r) => ({ book_id: r.book_id, seq_no: r.seq_no, quantity: 0 })))
      .execute();
  }

  listItems(bookIds: readonly string[]): Promise<ItemRow[]> {
    if (bookIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('bonded_items')
      .selectAll()
      .where('book_id', 'in', [...bookIds])
      .orderBy('book_id')
      .orderBy('seq_no')
      .execute() as unknown as Promise<ItemRow[]>;
  }

  /** Cached balance and the balance derived from the ledger's stock postings, per item of a book. */
  async stock(bookId: string): Promise<StockRow[]> {
    const rows = await this.db
      .selectFrom('bonded_balances as b')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('bonded_postings')
            .select(['seq_no', sql<number>`coalesce(sum(delta), 0)::bigint`.as('total')])
            .where('book_id', '=', bookId)
            .where('account', '=', 'stock')
            .groupBy('seq_no')
            .as('p'),
        (j) => j.onRef('p.seq_no', '=', 'b.seq_no'),
      )
      .select(['b.seq_no', 'b.quantity', sql<number>`coalesce(p.total, 0)::bigint`.as('ledger_quantity')])
      .where('b.book_id', '=', bookId)
      .orderBy('b.seq_no')
      .execute();
    return rows.map((r) => ({
      seq_no: r.seq_no,
      quantity: Number(r.quantity),
      ledger_quantity: Number(r.ledger_quantity),
    }));
  }

  async balances(keys: ReadonlyArray<{ bookId: string; seqNo: number }>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (keys.length === 0) return out;
    const rows = await this.db
      .selectFrom('bonded_balances')
      .select(['book_id', 'seq_no', 'quantity'])
      .where((eb) =>
        eb.or(keys.map((k) => eb.and([eb('book_id', '=', k.bookId), eb('seq_no', '=', k.seqNo)]))),
      )
      .execute();
    for (const r of rows) out.set(`${r.book_id}#${r.seq_no}`, Number(r.quantity));
    return out;
  }

  async addToBalance(bookId: string, seqNo: number, delta: number): Promise<void> {
    await this.db
      .updateTable('bonded_balances')
      .set({ quantity: sql`quantity + ${delta}` })
      .where('book_id', '=', bookId)
      .where('seq_no', '=', seqNo)
      .execute();
  }

  async movementsByClientId(clientId: string): Promise<MovementRow[]> {
    return (await this.db
      .selectFrom('bonded_movements')
      .selectAll()
      .where('client_id', '=', clientId)
      .orderBy('role', 'desc')
      .execute()) as unknown as MovementRow[];
  }

  async reversalOf(clientId: string): Promise<MovementRow | undefined> {
    return (await this.db
      .selectFrom('bonded_movements')
      .selectAll()
      .where('reverses', '=', clientId)
      .executeTakeFirst()) as unknown as MovementRow | undefined;
  }

  findMovement(idOrListNo: string): Promise<MovementRow | undefined> {
    return this.db
      .selectFrom('bonded_movements')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrListNo), eb('list_no', '=', idOrListNo)]))
      .executeTakeFirst() as unknown as Promise<MovementRow | undefined>;
  }

  lockMovement(id: string): Promise<MovementRow | undefined> {
    return this.db
      .selectFrom('bonded_movements')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst() as unknown as Promise<MovementRow | undefined>;
  }

  async insertMovement(row: MovementRow, postings: readonly PostingRow[]): Promise<void> {
    await this.db
      .insertInto('bonded_movements')
      .values({ ...row, request: JSON.stringify(row.request) })
      .execute();
    if (postings.length > 0)
      await this.db
        .insertInto('bonded_postings')
        .values([...postings])
        .execute();
  }

  /**
   * Movement rows of a book in chain order (optionally a page): ascending after `afterSeq`, or
   * descending (newest first) before `beforeSeq`.
   */
  listMovements(
    bookId: string,
    page: { afterSeq?: number; beforeSeq?: number; limit?: number; order?: 'asc' | 'desc' } = {},
  ): Promise<MovementRow[]> {
    let q = this.db
      .selectFrom('bonded_movements')
      .selectAll()
      .where('book_id', '=', bookId)
      .orderBy('book_seq', page.order ?? 'asc');
    if (page.afterSeq !== undefined) q = q.where('book_seq', '>', page.afterSeq);
    if (page.beforeSeq !== undefined) q = q.where('book_seq', '<', page.beforeSeq);
    if (page.limit !== undefined) q = q.limit(page.limit);
    return q.execute() as unknown as Promise<MovementRow[]>;
  }

  async postingsOf(movementIds: readonly string[]): Promise<PostingRow[]> {
    if (movementIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('bonded_postings')
      .selectAll()
      .where('movement_id', 'in', [...movementIds])
      .orderBy('movement_id')
      .orderBy('line')
      .execute();
    return rows.map((r) => ({ ...r, delta: Number(r.delta) }));
  }

  async insertStatus(movementId: string, status: DeductionStatus, by: string, at: string): Promise<void> {
    await this.db
      .insertInto('bonded_list_status')
      .values({ movement_id: movementId, status, changed_by: by, changed_at: at })
      .execute();
  }

  /** The current deduction status (latest history row) of each movement. */
  async statuses(
    movementIds: readonly string[],
  ): Promise<Map<string, { status: DeductionStatus; at: string }>> {
    const out = new Map<string, { status: DeductionStatus; at: string }>();
    if (movementIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('bonded_list_status')
      .select(['movement_id', 'status', 'changed_at', 'id'])
      .where('movement_id', 'in', [...movementIds])
      .orderBy('id')
      .execute();
    for (const r of rows)
      out.set(r.movement_id, { status: Number(r.status) as DeductionStatus, at: r.changed_at });
    return out;
  }
}
