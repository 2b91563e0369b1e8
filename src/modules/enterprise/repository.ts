/** The only SQL of the enterprise module: the zones' enterprises. */
import { type Kysely, sql } from 'kysely';
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

  /** Enterprises by name; `q` matches either name or the credit code (case-insensitive, substring). */
  list(
    filter: { organizationId?: string; zone?: Zone; sector?: string; q?: string } = {},
  ): Promise<EnterpriseRow[]> {
    let q = this.db.selectFrom('enterprises').selectAll().orderBy('name_zh').orderBy('id');
    if (filter.organizationId) q = q.where('organization_id', '=', filter.organizationId);
    if (filter.zone) q = q.where('zone', '=', filter.zone);
    if (filter.sector) q = q.where('sector', '=', filter.sector);
    if (filter.q) {
      const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(name_zh)`, 'like', like),
          eb(sql`lower(name_en)`, 'like', like),
          eb(sql`lower(credit_code)`, 'like', like),
        ]),
      );
    }
    return q.execute() as Promise<EnterpriseRow[]>;
  }

  /** The distinct sectors of the enterprises (of one organization when given), sorted. */
  async sectors(organizationId?: string): Promise<string[]> {
    let q = this.db.selectFrom('enterprises').select('sector').distinct().orderBy('sector');
    if (organizationId) q = q.where('organization_id', '=', organizationId);
    return (await q.execute()).map((r) => r.sector);
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
