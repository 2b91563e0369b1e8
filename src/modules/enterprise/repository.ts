/** The only SQL of the enterprise module: the zones' enterprises. */
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { EnterpriseStatus, Zone } from './enterprise';

export interface EnterpriseRow {
  id: string;
  credit_code: string;
  organization_id: string;
  name_zh: string;
  name_en: string;
  zone: Zone;
  sector: string;
  investment_minor: number;
  status: EnterpriseStatus;
  created_at: string;
  updated_at: string;
}

type EnterpriseTables = {
  enterprises: Omit<EnterpriseRow, 'created_at' | 'updated_at'> & {
    created_at?: string;
    updated_at?: string;
  };
};

export class EnterpriseRepository {
  private readonly db: Kysely<EnterpriseTables>;

  constructor(db: Db) {
    this.db = db.withTables<EnterpriseTables>();
  }

  list(filter: { organizationId?: string; zone?: Zone } = {}): Promise<EnterpriseRow[]> {
    let q = this.db.selectFrom('enterprises').selectAll().orderBy('name_zh').orderBy('id');
    if (filter.organizationId) q = q.where('organization_id', '=', filter.organizationId);
    if (filter.zone) q = q.where('zone', '=', filter.zone);
    return q.execute() as Promise<EnterpriseRow[]>;
  }

  find(id: string): Promise<EnterpriseRow | undefined> {
    return this.db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst() as Promise<
      EnterpriseRow | undefined
    >;
  }

  findByCreditCode(code: string): Promise<EnterpriseRow | undefined> {
    return this.db
      .selectFrom('enterprises')
      .selectAll()
      .where('credit_code', '=', code)
      .executeTakeFirst() as Promise<EnterpriseRow | undefined>;
  }

  async insert(row: Omit<EnterpriseRow, 'created_at' | 'updated_at'>): Promise<void> {
    await this.db.insertInto('enterprises').values(row).execute();
  }

  async update(row: Omit<EnterpriseRow, 'created_at' | 'updated_at'>, nowIso: string): Promise<void> {
    const { id, ...rest } = row;
    await this.db
      .updateTable('enterprises')
      .set({ ...rest, updated_at: nowIso })
      .where('id', '=', id)
      .execute();
  }
}
