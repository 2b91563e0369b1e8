/** The only SQL of the gateway module: the gateway models and their closures (202611261405 migration). */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { Closure, ClosureDirection, GatewayModel } from './calendar';

type GatewayTables = {
  gateway_models: { id: string; doc: GatewayModel; updated_at?: string };
  gateway_closures: {
    id: string;
    gateway_id: string;
    direction: ClosureDirection;
    from_date: string;
    to_date: string;
    trains_per_day: number;
    moves_per_day: number | null;
    reason_en: string;
    reason_zh: string;
    created_by: string | null;
    created_at?: string;
    withdrawn_by?: string | null;
    withdrawn_at?: string | null;
  };
};

export interface NewClosure extends Omit<Closure, 'createdAt'> {
  readonly createdBy: string | null;
}

export class GatewayRepository {
  private readonly db: Kysely<GatewayTables>;

  constructor(db: Db) {
    this.db = db.withTables<GatewayTables>();
  }

  /** Inserts or replaces the models (closures are kept). */
  async upsertModels(models: readonly GatewayModel[]): Promise<void> {
    if (models.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const m of models) {
        const doc = JSON.stringify(m) as unknown as GatewayModel;
        await trx
          .insertInto('gateway_models')
          .values({ id: m.id, doc })
          .onConflict((oc) => oc.column('id').doUpdateSet({ doc }))
          .execute();
      }
    });
  }

  async models(): Promise<GatewayModel[]> {
    const rows = await this.db.selectFrom('gateway_models').select('doc').orderBy('id').execute();
    return rows.map((r) => r.doc);
  }

  async model(id: string): Promise<GatewayModel | undefined> {
    const row = await this.db
      .selectFrom('gateway_models')
      .select('doc')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.doc;
  }

  /** Closures in force (not withdrawn), of one gateway or all, by start date. */
  async closures(gatewayId?: string): Promise<Closure[]> {
    let q = this.db
      .selectFrom('gateway_closures')
      .selectAll()
      .where('withdrawn_at', 'is', null)
      .orderBy('from_date')
      .orderBy('created_at')
      .orderBy('id');
    if (gatewayId !== undefined) q = q.where('gateway_id', '=', gatewayId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      gateway: r.gateway_id,
      from: r.from_date,
      to: r.to_date,
      direction: r.direction,
      trainsPerDay: r.trains_per_day,
      movesPerDay: r.moves_per_day,
      reason: { en: r.reason_en, zh: r.reason_zh },
      createdAt: r.created_at ?? '',
    }));
  }

  async insertClosure(c: NewClosure): Promise<Closure> {
    const row = await this.db
      .insertInto('gateway_closures')
      .values({
        id: c.id,
        gateway_id: c.gateway,
        direction: c.direction,
        from_date: c.from,
        to_date: c.to,
        trains_per_day: c.trainsPerDay,
        moves_per_day: c.movesPerDay,
        reason_en: c.reason.en,
        reason_zh: c.reason.zh,
        created_by: c.createdBy,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    const { createdBy: _by, ...closure } = c;
    return { ...closure, createdAt: row.created_at ?? '' };
  }

  /** Marks a closure withdrawn; false when there is no such closure in force at that gateway. */
  async withdrawClosure(gatewayId: string, id: string, by: string | null, at: string): Promise<boolean> {
    const res = await this.db
      .updateTable('gateway_closures')
      .set({ withdrawn_by: by, withdrawn_at: at })
      .where('id', '=', id)
      .where('gateway_id', '=', gatewayId)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
