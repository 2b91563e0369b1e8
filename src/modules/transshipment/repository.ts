/** The only SQL of the transshipment module (202611261617 migration). */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { HandoverRecord } from './handover';
import type { TransshipPlan } from './plan';

type TransshipmentTables = {
  transshipments: {
    id: string;
    gateway_id: string;
    direction: 'outbound' | 'inbound';
    from_gauge_mm: number;
    to_gauge_mm: number;
    start_at: string;
    end_at: string;
    plan: TransshipPlan;
    record: HandoverRecord;
    created_by: string | null;
    created_at?: string;
  };
  transshipment_trains: { train_reference: string; transshipment_id: string };
  transshipment_boxes: { transshipment_id: string; box: string; organization_id: string };
};

export interface TransshipmentRow {
  id: string;
  gatewayId: string;
  direction: 'outbound' | 'inbound';
  createdBy: string | null;
  createdAt: string;
  plan: TransshipPlan;
  record: HandoverRecord;
}

export class TransshipmentRepository {
  private readonly db: Kysely<TransshipmentTables>;

  constructor(db: Db) {
    this.db = db.withTables<TransshipmentTables>();
  }

  /** Which of these trains were transshipped already, and in which transshipment. */
  async trainsTaken(references: readonly string[]): Promise<Map<string, string>> {
    if (references.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('transshipment_trains')
      .selectAll()
      .where('train_reference', 'in', references)
      .execute();
    return new Map(rows.map((r) => [r.train_reference, r.transshipment_id]));
  }

  /**
   * Stores a transshipment with its trains and boxes in one transaction; false when one of its trains
   * was taken by another transshipment meanwhile (the primary key refuses it).
   */
  async insert(
    t: Omit<TransshipmentRow, 'createdAt'>,
    boxes: readonly { box: string; organizationId: string }[],
  ): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('transshipments')
          .values({
            id: t.id,
            gateway_id: t.gatewayId,
            direction: t.direction,
            from_gauge_mm: t.plan.fromGaugeMm,
            to_gauge_mm: t.plan.toGaugeMm,
            start_at: t.plan.startAt,
            end_at: t.plan.endAt,
            plan: JSON.stringify(t.plan) as unknown as TransshipPlan,
            record: JSON.stringify(t.record) as unknown as HandoverRecord,
            created_by: t.createdBy,
          })
          .execute();
        await trx
          .insertInto('transshipment_trains')
          .values(t.plan.arriving.map((a) => ({ train_reference: a.reference, transshipment_id: t.id })))
          .execute();
        for (let i = 0; i < boxes.length; i += 500)
          await trx
            .insertInto('transshipment_boxes')
            .values(
              boxes
                .slice(i, i + 500)
                .map((b) => ({ transshipment_id: t.id, box: b.box, organization_id: b.organizationId })),
            )
            .execute();
      });
      return true;
    } catch (err) {
      if (/duplicate key|unique constraint|primary key/i.test(String(err))) return false;
      throw err;
    }
  }

  private static toRow(r: {
    id: string;
    gateway_id: string;
    direction: 'outbound' | 'inbound';
    created_by: string | null;
    created_at?: string;
    plan: TransshipPlan;
    record: HandoverRecord;
  }): TransshipmentRow {
    return {
      id: r.id,
      gatewayId: r.gateway_id,
      direction: r.direction,
      createdBy: r.created_by,
      createdAt: r.created_at ?? '',
      plan: r.plan,
      record: r.record,
    };
  }

  /** Transshipments, newest first; of one gateway, and only those with a box of `organizationId`. */
  async list(filter: {
    gatewayId?: string;
    organizationId?: string;
    limit: number;
  }): Promise<TransshipmentRow[]> {
    let q = this.db
      .selectFrom('transshipments')
      .selectAll()
      .orderBy('start_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.gatewayId !== undefined) q = q.where('gateway_id', '=', filter.gatewayId);
    if (filter.organizationId !== undefined) {
      const org = filter.organizationId;
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('transshipment_boxes').select('transshipment_id').where('organization_id', '=', org),
      );
    }
    return (await q.execute()).map(TransshipmentRepository.toRow);
  }

  /** Transshipments whose moves run at some time in [from, to] (being worked). */
  async running(from: string, to: string): Promise<TransshipmentRow[]> {
    const rows = await this.db
      .selectFrom('transshipments')
      .selectAll()
      .where('start_at', '<=', to)
      .where('end_at', '>=', from)
      .orderBy('start_at')
      .limit(200)
      .execute();
    return rows.map(TransshipmentRepository.toRow);
  }

  async get(id: string): Promise<TransshipmentRow | undefined> {
    const r = await this.db.selectFrom('transshipments').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? TransshipmentRepository.toRow(r) : undefined;
  }

  async hasBoxOf(id: string, organizationId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('transshipment_boxes')
      .select('box')
      .where('transshipment_id', '=', id)
      .where('organization_id', '=', organizationId)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }
}
