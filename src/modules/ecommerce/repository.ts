/** The only SQL of the e-commerce module: orders, their records, status history, the quota ledger. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { Direction, Mode, RecordKind } from './records';

export type OrderStatus = 'incomplete' | 'rejected' | 'cleared' | 'cancelled' | 'returned';

export interface OrderRow {
  id: string;
  ebp_code: string;
  order_no: string;
  mode: Mode | null;
  direction: Direction | null;
  status: OrderStatus;
  rule: string | null;
  rejection: Record<string, unknown> | null;
  missing: RecordKind[];
  buyer_key: string | null;
  buyer_masked: string | null;
  year: number | null;
  amount_minor: number | null;
  created_at: string;
  updated_at: string;
}

export interface RecordRow {
  order_id: string;
  kind: RecordKind;
  organization_id: string;
  payload: Record<string, unknown>;
  version: number;
  received_at: string;
}

export interface HistoryRow {
  id: number;
  order_id: string;
  status: string;
  rule: string | null;
  detail: Record<string, unknown> | null;
  by: string;
  at: string;
}

export interface QuotaHeadRow {
  buyer_key: string;
  year: number;
  buyer_masked: string;
  buyer_name: string;
  used_minor: number;
}

export interface QuotaEntryRow {
  id: number;
  buyer_key: string;
  year: number;
  order_id: string;
  kind: 'use' | 'release';
  delta_minor: number;
  reverses: number | null;
  by: string;
  at: string;
}

type J<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };

type EcommerceTables = {
  ecommerce_orders: Omit<J<OrderRow, 'rejection'>, 'missing' | 'created_at' | 'updated_at'> & {
    missing: string;
    created_at?: string;
    updated_at?: string;
  };
  ecommerce_records: Omit<RecordRow, 'payload' | 'received_at'> & { payload: string; received_at?: string };
  ecommerce_order_history: Omit<J<HistoryRow, 'detail'>, 'id' | 'at'> & { id?: number; at?: string };
  ecommerce_quota_heads: QuotaHeadRow;
  ecommerce_quota_entries: Omit<QuotaEntryRow, 'id' | 'at'> & { id?: number; at?: string };
};

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function orderRow(r: Record<string, unknown>): OrderRow {
  return { ...(r as unknown as OrderRow), amount_minor: num(r.amount_minor) };
}

export interface OrderFilter {
  readonly organizationId?: string | undefined;
  readonly status?: OrderStatus | undefined;
  readonly buyerKey?: string | undefined;
  readonly limit: number;
}

export class EcommerceRepository {
  private readonly db: Kysely<EcommerceTables>;

  constructor(db: Db | Kysely<EcommerceTables>) {
    this.db = (db as Db).withTables
      ? (db as Db).withTables<EcommerceTables>()
      : (db as Kysely<EcommerceTables>);
  }

  /** One short transaction with a repository bound to it. */
  transaction<T>(fn: (tx: EcommerceRepository) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((trx: Transaction<EcommerceTables>) => fn(new EcommerceRepository(trx)));
  }

  /** The order of this key, created (incomplete) if new, locked until the transaction ends. */
  async lockOrCreateOrder(id: string, ebpCode: string, orderNo: string): Promise<OrderRow> {
    await this.db
      .insertInto('ecommerce_orders')
      .values({
        id,
        ebp_code: ebpCode,
        order_no: orderNo,
        mode: null,
        direction: null,
        status: 'incomplete',
        rule: null,
        rejection: null,
        missing: JSON.stringify(['order', 'payment', 'logistics']),
        buyer_key: null,
        buyer_masked: null,
        year: null,
        amount_minor: null,
      })
      .onConflict((oc) => oc.columns(['ebp_code', 'order_no']).doNothing())
      .execute();
    const row = await this.db
      .selectFrom('ecommerce_orders')
      .selectAll()
      .where('ebp_code', '=', ebpCode)
      .where('order_no', '=', orderNo)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return orderRow(row);
  }

  async lockOrder(id: string): Promise<OrderRow | undefined> {
    const row = await this.db
      .selectFrom('ecommerce_orders')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? orderRow(row) : undefined;
  }

  async findOrder(id: string): Promise<OrderRow | undefined> {
    const row = await this.db
      .selectFrom('ecommerce_orders')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? orderRow(row) : undefined;
  }

  async updateOrder(
    id: string,
    set: Partial<Omit<OrderRow, 'id' | 'ebp_code' | 'order_no' | 'created_at' | 'updated_at'>>,
  ): Promise<void> {
    const { rejection, missing, ...rest } = set;
    await this.db
      .updateTable('ecommerce_orders')
      .set({
        ...rest,
        ...(rejection !== undefined
          ? { rejection: rejection === null ? null : JSON.stringify(rejection) }
          : {}),
        ...(missing !== undefined ? { missing: JSON.stringify(missing) } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  }

  async upsertRecord(row: Omit<RecordRow, 'received_at'>): Promise<void> {
    await this.db
      .insertInto('ecommerce_records')
      .values({ ...row, payload: JSON.stringify(row.payload) })
      .onConflict((oc) =>
        oc.columns(['order_id', 'kind']).doUpdateSet({
          organization_id: row.organization_id,
          payload: JSON.stringify(row.payload),
          version: row.version,
          received_at: sql`now()`,
        }),
      )
      .execute();
  }

  async records(orderIds: readonly string[]): Promise<RecordRow[]> {
    if (orderIds.length === 0) return [];
    return (await this.db
      .selectFrom('ecommerce_records')
      .selectAll()
      .where('order_id', 'in', [...orderIds])
      .orderBy('order_id')
      .orderBy('kind')
      .execute()) as unknown as RecordRow[];
  }

  async insertHistory(row: Omit<HistoryRow, 'id' | 'at'>): Promise<void> {
    await this.db
      .insertInto('ecommerce_order_history')
      .values({ ...row, detail: row.detail === null ? null : JSON.stringify(row.detail) })
      .execute();
  }

  async history(orderId: string): Promise<HistoryRow[]> {
    return (await this.db
      .selectFrom('ecommerce_order_history')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute()) as unknown as HistoryRow[];
  }

  async listOrders(f: OrderFilter): Promise<OrderRow[]> {
    let q = this.db.selectFrom('ecommerce_orders').selectAll().orderBy('updated_at', 'desc').orderBy('id');
    if (f.status) q = q.where('status', '=', f.status);
    if (f.buyerKey) q = q.where('buyer_key', '=', f.buyerKey);
    if (f.organizationId) {
      const org = f.organizationId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('ecommerce_records as r')
            .select('r.order_id')
            .whereRef('r.order_id', '=', 'ecommerce_orders.id')
            .where('r.organization_id', '=', org),
        ),
      );
    }
    return (await q.limit(f.limit).execute()).map(orderRow);
  }

  /** The buyer's head row for the year, created at zero if new, locked until the transaction ends. */
  async lockQuota(buyerKey: string, year: number, masked: string, name: string): Promise<QuotaHeadRow> {
    await this.db
      .insertInto('ecommerce_quota_heads')
      .values({ buyer_key: buyerKey, year, buyer_masked: masked, buyer_name: name, used_minor: 0 })
      .onConflict((oc) => oc.columns(['buyer_key', 'year']).doNothing())
      .execute();
    const row = await this.db
      .selectFrom('ecommerce_quota_heads')
      .selectAll()
      .where('buyer_key', '=', buyerKey)
      .where('year', '=', year)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return { ...row, used_minor: Number(row.used_minor) };
  }

  async quotaHead(buyerKey: string, year: number): Promise<QuotaHeadRow | undefined> {
    const row = await this.db
      .selectFrom('ecommerce_quota_heads')
      .selectAll()
      .where('buyer_key', '=', buyerKey)
      .where('year', '=', year)
      .executeTakeFirst();
    return row ? { ...row, used_minor: Number(row.used_minor) } : undefined;
  }

  async addUsed(buyerKey: string, year: number, delta: number): Promise<void> {
    await this.db
      .updateTable('ecommerce_quota_heads')
      .set({ used_minor: sql`used_minor + ${delta}` })
      .where('buyer_key', '=', buyerKey)
      .where('year', '=', year)
      .execute();
  }

  async insertQuotaEntry(row: Omit<QuotaEntryRow, 'id' | 'at'>): Promise<number> {
    const r = await this.db
      .insertInto('ecommerce_quota_entries')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async quotaEntries(filter: {
    buyerKey?: string;
    year?: number;
    orderId?: string;
  }): Promise<QuotaEntryRow[]> {
    let q = this.db.selectFrom('ecommerce_quota_entries').selectAll().orderBy('id');
    if (filter.buyerKey) q = q.where('buyer_key', '=', filter.buyerKey);
    if (filter.year !== undefined) q = q.where('year', '=', filter.year);
    if (filter.orderId) q = q.where('order_id', '=', filter.orderId);
    return (await q.execute()).map((r) => ({ ...r, delta_minor: Number(r.delta_minor) })) as QuotaEntryRow[];
  }

  /** Head rows with the ledger's own sum beside the cached one (they always agree). */
  async quotaHeads(filter: {
    year?: number;
    buyerKey?: string;
    limit: number;
  }): Promise<Array<QuotaHeadRow & { ledger_minor: number; orders: number }>> {
    let q = this.db
      .selectFrom('ecommerce_quota_heads as h')
      .selectAll('h')
      .select([
        sql<number>`(select coalesce(sum(e.delta_minor), 0) from ecommerce_quota_entries e where e.buyer_key = h.buyer_key and e.year = h.year)::bigint`.as(
          'ledger_minor',
        ),
        sql<number>`(select count(*) from ecommerce_quota_entries e where e.buyer_key = h.buyer_key and e.year = h.year and e.kind = 'use')::bigint`.as(
          'orders',
        ),
      ])
      .orderBy('h.year', 'desc')
      .orderBy('h.used_minor', 'desc')
      .orderBy('h.buyer_key');
    if (filter.year !== undefined) q = q.where('h.year', '=', filter.year);
    if (filter.buyerKey) q = q.where('h.buyer_key', '=', filter.buyerKey);
    const rows = await q.limit(filter.limit).execute();
    return rows.map((r) => ({
      ...r,
      used_minor: Number(r.used_minor),
      ledger_minor: Number(r.ledger_minor),
      orders: Number(r.orders),
    }));
  }
}
