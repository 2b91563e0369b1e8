/**
 * Cross-border e-commerce use cases: records arrive one by one (order, payment, logistics, inventory
 * list, any order, from different parties); each arrival re-evaluates the order in one transaction
 * with the order row locked: incomplete (which records are missing) → rejected (the rule, the
 * mismatching fields, the remaining quota) or cleared (a retail import then takes its value from the
 * buyer's yearly quota, the buyer's head row locked, so two orders never both take the last of it).
 * A cancelled or returned order gives its quota back by a reversal entry. See rules.ts for the rules.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Outcome, refuse } from '../../domain/refusal';
import type { Bilingual } from '../../domain/text';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import {
  type Direction,
  directionOf,
  type EcomRecord,
  MODE_NAMES,
  type Mode,
  type RecordKind,
  type RecordSet,
} from './records';
import type {
  EcommerceRepository,
  HistoryRow,
  OrderRow,
  OrderStatus,
  QuotaEntryRow,
  RecordRow,
} from './repository';
import {
  checkAnnual,
  chinaYear,
  DEFAULT_LIMITS,
  evaluate,
  mask,
  type QuotaLimits,
  type Rejection,
  transactionValue,
} from './rules';

export type { Outcome, Refusal } from '../../domain/refusal';

export const STATUS_NAMES: Record<OrderStatus, Bilingual> = {
  incomplete: { en: 'awaiting records', zh: '待齐单' },
  rejected: { en: 'rejected', zh: '已退单' },
  cleared: { en: 'cleared', zh: '已放行' },
  cancelled: { en: 'cancelled', zh: '已撤单' },
  returned: { en: 'returned', zh: '已退货' },
};

export interface OrderView {
  id: string;
  ebpCode: string;
  orderNo: string;
  mode: Mode | null;
  modeNames: Bilingual | null;
  direction: Direction | null;
  status: OrderStatus;
  statusNames: Bilingual;
  missing: RecordKind[];
  rule: string | null;
  rejection: Rejection | null;
  buyer: string | null;
  year: number | null;
  amountMinor: number | null;
  records: Array<{
    kind: RecordKind;
    version: number;
    organizationId: string;
    receivedAt: string;
    record: Record<string, unknown>;
  }>;
  history?: Array<{ status: string; rule: string | null; by: string; at: string }>;
}

export interface QuotaView {
  buyer: string;
  buyerName: string;
  year: number;
  perOrderMinor: number;
  limitMinor: number;
  usedMinor: number;
  /** The ledger's own sum: always equals usedMinor. */
  ledgerMinor: number;
  remainingMinor: number;
  orders: number;
  entries?: Array<{
    id: number;
    orderId: string;
    kind: 'use' | 'release';
    deltaMinor: number;
    reverses: number | null;
    at: string;
  }>;
}

/** The key a buyer's quota is kept under: a hash of document type and number (the number itself is not stored). */
export function buyerKey(idType: string, idNumber: string): string {
  return createHash('sha256')
    .update(`lugang-ecom-buyer:${idType}:${idNumber.replace(/\s+/g, '').toUpperCase()}`)
    .digest('hex');
}

const CLOSED: readonly OrderStatus[] = ['cleared', 'cancelled', 'returned'];

function recordSet(rows: readonly RecordRow[]): RecordSet {
  const out: Record<string, unknown> = {};
  for (const r of rows) out[r.kind] = r.payload;
  return out as RecordSet;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}

export class EcommerceService {
  readonly limits: QuotaLimits;

  constructor(
    private readonly repo: EcommerceRepository,
    options: { limits?: QuotaLimits } = {},
  ) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
  }

  private sees(principal: Principal | null, records: readonly RecordRow[]): boolean {
    return (
      !principal ||
      seesAllTenants(principal) ||
      records.some((r) => r.organization_id === principal.organizationId)
    );
  }

  /**
   * Takes one record; answers the order as it stands after it. The same record again changes nothing
   * (`replayed`); a changed record replaces the earlier one of its kind until the order is cleared.
   */
  async submit(
    principal: Principal | null,
    record: EcomRecord,
  ): Promise<Outcome<{ order: OrderView; replayed: boolean }>> {
    const org = principal?.organizationId ?? 'port-operator';
    const by = principal?.username ?? 'system';
    const done = await this.repo.transaction(
      async (tx): Promise<Outcome<{ id: string; replayed: boolean }>> => {
        const order = await tx.lockOrCreateOrder(`eo-${randomUUID()}`, record.ebpCode, record.orderNo);
        const rows = await tx.records([order.id]);
        const mine = rows.find((r) => r.kind === record.kind);
        if (
          rows.length > 0 &&
          principal &&
          !seesAllTenants(principal) &&
          mine &&
          mine.organization_id !== org
        )
          return refuse(
            403,
            'kind',
            'ecommerce.record_not_yours',
            `the ${record.kind} record of order ${record.orderNo} was sent by another party`,
            `订单 ${record.orderNo} 的该单据由其他企业申报`,
          );
        const { kind: _k, ...payload } = record;
        if (mine && same(mine.payload, payload)) return { ok: true, value: { id: order.id, replayed: true } };
        if (CLOSED.includes(order.status))
          return refuse(
            409,
            'orderNo',
            'ecommerce.order_closed',
            `order ${record.orderNo} is ${STATUS_NAMES[order.status].en}: its records can no longer change`,
            `订单 ${record.orderNo} ${STATUS_NAMES[order.status].zh}，单据不能再变更`,
          );
        await tx.upsertRecord({
          order_id: order.id,
          kind: record.kind,
          organization_id: org,
          payload,
          version: (mine?.version ?? 0) + 1,
        });
        const all = await tx.records([order.id]);
        await this.decide(tx, order, recordSet(all), by, rows.length === 0);
        return { ok: true, value: { id: order.id, replayed: false } };
      },
    );
    if (!done.ok) return done;
    const view = await this.view(done.value.id, true);
    return { ok: true, value: { order: view!, replayed: done.value.replayed } };
  }

  /** Evaluates the order's records and writes its new state (inside the caller's transaction). */
  private async decide(
    tx: EcommerceRepository,
    order: OrderRow,
    records: RecordSet,
    by: string,
    fresh: boolean,
  ): Promise<void> {
    const ev = evaluate(records, this.limits);
    const o = records.order;
    const base = {
      mode: (o?.mode ?? null) as Mode | null,
      direction: o ? directionOf(o) : null,
      buyer_key: o ? buyerKey(o.buyerIdType, o.buyerIdNumber) : null,
      buyer_masked: o ? mask(o.buyerIdNumber) : null,
    };
    let status: OrderStatus;
    let rejection: Rejection | null = null;
    let missing: RecordKind[] = [];
    let year: number | null = null;
    let amount: number | null = null;
    if (ev.state === 'incomplete') {
      status = 'incomplete';
      missing = [...ev.missing];
    } else if (ev.state === 'rejected') {
      status = 'rejected';
      rejection = ev.rejection;
      year = o ? chinaYear(o.orderTime) : null;
      amount = o ? transactionValue(records) : null;
    } else {
      year = ev.year;
      amount = ev.amountMinor;
      status = 'cleared';
      if (ev.retailImport && o) {
        const key = base.buyer_key!;
        const head = await tx.lockQuota(key, ev.year, base.buyer_masked!, o.buyerName);
        const over = checkAnnual(ev.amountMinor, head.used_minor, ev.year, this.limits);
        if (over) {
          status = 'rejected';
          rejection = over;
        } else {
          await tx.insertQuotaEntry({
            buyer_key: key,
            year: ev.year,
            order_id: order.id,
            kind: 'use',
            delta_minor: ev.amountMinor,
            reverses: null,
            by,
          });
          await tx.addUsed(key, ev.year, ev.amountMinor);
        }
      }
    }
    await tx.updateOrder(order.id, {
      ...base,
      status,
      rule: rejection?.rule ?? null,
      rejection: rejection as Record<string, unknown> | null,
      missing,
      year,
      amount_minor: amount,
    });
    if (fresh || status !== order.status || (rejection?.rule ?? null) !== order.rule || status === 'rejected')
      await tx.insertHistory({
        order_id: order.id,
        status,
        rule: rejection?.rule ?? null,
        detail: rejection ? { message: rejection.message } : { missing },
        by,
      });
  }

  /** Cancels an order, or records its return; a cleared retail import gets its quota back by a reversal. */
  async close(
    principal: Principal | null,
    id: string,
    as: 'cancelled' | 'returned',
    reason?: string,
  ): Promise<Outcome<OrderView>> {
    const by = principal?.username ?? 'system';
    const done = await this.repo.transaction(async (tx): Promise<Outcome<string>> => {
      const order = await tx.lockOrder(id);
      const rows = order ? await tx.records([id]) : [];
      if (!order || !this.sees(principal, rows))
        return refuse(404, 'id', 'ecommerce.order_unknown', `no order ${id}`, `没有订单 ${id}`);
      if (order.status === 'cancelled' || order.status === 'returned') {
        if (order.status === as) return { ok: true, value: id };
        return refuse(
          409,
          'status',
          'ecommerce.order_closed',
          `order ${order.order_no} is already ${STATUS_NAMES[order.status].en}`,
          `订单 ${order.order_no} ${STATUS_NAMES[order.status].zh}`,
        );
      }
      if (as === 'returned' && order.status !== 'cleared')
        return refuse(
          409,
          'status',
          'ecommerce.return_uncleared',
          'only a cleared order can be returned; cancel it instead',
          '只有已放行的订单可以退货；未放行的订单请撤单',
        );
      const [use] = await tx.quotaEntries({ orderId: id });
      if (use && use.kind === 'use') {
        await tx.lockQuota(use.buyer_key, use.year, order.buyer_masked ?? '', '');
        await tx.insertQuotaEntry({
          buyer_key: use.buyer_key,
          year: use.year,
          order_id: id,
          kind: 'release',
          delta_minor: -use.delta_minor,
          reverses: use.id,
          by,
        });
        await tx.addUsed(use.buyer_key, use.year, -use.delta_minor);
      }
      await tx.updateOrder(id, { status: as });
      await tx.insertHistory({
        order_id: id,
        status: as,
        rule: null,
        detail: reason ? { reason } : null,
        by,
      });
      return { ok: true, value: id };
    });
    if (!done.ok) return done;
    return { ok: true, value: (await this.view(id, true))! };
  }

  private async view(id: string, withHistory: boolean): Promise<OrderView | undefined> {
    const row = await this.repo.findOrder(id);
    if (!row) return undefined;
    const [records, history] = await Promise.all([
      this.repo.records([id]),
      withHistory ? this.repo.history(id) : Promise.resolve([] as HistoryRow[]),
    ]);
    return orderView(row, records, withHistory ? history : undefined);
  }

  async get(principal: Principal | null, id: string): Promise<OrderView | undefined> {
    const rows = await this.repo.records([id]);
    if (!this.sees(principal, rows)) return undefined;
    return this.view(id, true);
  }

  async list(
    principal: Principal | null,
    filter: { status?: OrderStatus; limit?: number } = {},
  ): Promise<OrderView[]> {
    const own = principal && !seesAllTenants(principal) ? principal.organizationId : undefined;
    const rows = await this.repo.listOrders({
      organizationId: own,
      status: filter.status,
      limit: filter.limit ?? 200,
    });
    const records = await this.repo.records(rows.map((r) => r.id));
    return rows.map((r) =>
      orderView(
        r,
        records.filter((x) => x.order_id === r.id),
        undefined,
      ),
    );
  }

  /** One buyer's quota for a year (default: the current year in China); entries for roles that see all. */
  async quota(
    principal: Principal | null,
    idType: string,
    idNumber: string,
    year: number,
  ): Promise<QuotaView> {
    const key = buyerKey(idType, idNumber);
    const [head] = await this.repo.quotaHeads({ buyerKey: key, year, limit: 1 });
    const entries =
      !principal || seesAllTenants(principal)
        ? await this.repo.quotaEntries({ buyerKey: key, year })
        : undefined;
    return this.quotaView(
      head ?? {
        buyer_key: key,
        year,
        buyer_masked: mask(idNumber),
        buyer_name: '',
        used_minor: 0,
        ledger_minor: 0,
        orders: 0,
      },
      entries,
    );
  }

  /** Every buyer's quota in a year (customs). */
  async quotas(year: number, limit = 500): Promise<QuotaView[]> {
    const heads = await this.repo.quotaHeads({ year, limit });
    return heads.map((h) => this.quotaView(h, undefined));
  }

  private quotaView(
    h: {
      buyer_masked: string;
      buyer_name: string;
      year: number;
      used_minor: number;
      ledger_minor: number;
      orders: number;
    },
    entries: QuotaEntryRow[] | undefined,
  ): QuotaView {
    return {
      buyer: h.buyer_masked,
      buyerName: h.buyer_name,
      year: h.year,
      perOrderMinor: this.limits.perOrderMinor,
      limitMinor: this.limits.annualMinor,
      usedMinor: h.used_minor,
      ledgerMinor: h.ledger_minor,
      remainingMinor: Math.max(0, this.limits.annualMinor - h.used_minor),
      orders: h.orders,
      ...(entries
        ? {
            entries: entries.map((e) => ({
              id: e.id,
              orderId: e.order_id,
              kind: e.kind,
              deltaMinor: e.delta_minor,
              reverses: e.reverses,
              at: e.at,
            })),
          }
        : {}),
    };
  }
}

/** A buyer's identity number appears only masked in what the API returns. */
function publicRecord(payload: Record<string, unknown>): Record<string, unknown> {
  const out = { ...payload };
  for (const f of ['buyerIdNumber', 'payerIdNumber'])
    if (typeof out[f] === 'string') out[f] = mask(out[f] as string);
  return out;
}

function orderView(r: OrderRow, records: readonly RecordRow[], history: HistoryRow[] | undefined): OrderView {
  return {
    id: r.id,
    ebpCode: r.ebp_code,
    orderNo: r.order_no,
    mode: r.mode,
    modeNames: r.mode ? MODE_NAMES[r.mode] : null,
    direction: r.direction,
    status: r.status,
    statusNames: STATUS_NAMES[r.status],
    missing: r.missing,
    rule: r.rule,
    rejection: r.rejection as Rejection | null,
    buyer: r.buyer_masked,
    year: r.year,
    amountMinor: r.amount_minor,
    records: records.map((x) => ({
      kind: x.kind,
      version: x.version,
      organizationId: x.organization_id,
      receivedAt: x.received_at,
      record: publicRecord(x.payload),
    })),
    ...(history
      ? { history: history.map((h) => ({ status: h.status, rule: h.rule, by: h.by, at: h.at })) }
      : {}),
  };
}
