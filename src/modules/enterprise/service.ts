/**
 * Enterprise use cases: create, list and read the zones' enterprises (each linked to an organization
 * of kind `enterprise` in the identity module), and import them from a table idempotently by credit
 * code. Customs officers, management and admin see all; an enterprise user sees only its own.
 */
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { Bilingual } from '../../domain/text';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import type { OrganizationRow } from '../identity/repository';
import {
  checkEnterprise,
  type EnterpriseInput,
  enterpriseOrganizationId,
  parseImportTable,
  type RowError,
  type SheetRow,
  ZONE_NAMES,
  type Zone,
} from './enterprise';
import type { EnterpriseRepository, EnterpriseRow } from './repository';

export interface Enterprise {
  id: string;
  creditCode: string;
  organizationId: string;
  names: { zh: string; en: string };
  zone: Zone;
  zoneNames: Bilingual;
  sector: string;
  investmentMinor: number;
  currency: 'CNY';
  status: EnterpriseRow['status'];
  createdAt: string;
  updatedAt: string;
}

export function toEnterprise(r: EnterpriseRow): Enterprise {
  return {
    id: r.id,
    creditCode: r.credit_code,
    organizationId: r.organization_id,
    names: { zh: r.name_zh, en: r.name_en },
    zone: r.zone,
    zoneNames: ZONE_NAMES[r.zone],
    sector: r.sector,
    investmentMinor: r.investment_minor,
    currency: 'CNY',
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface ImportReport {
  /** Data rows read (valid and invalid). */
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly errors: RowError[];
}

export class EnterpriseService {
  constructor(
    private readonly repo: EnterpriseRepository,
    /** The identity module's service: enterprises are organizations of kind `enterprise`. */
    private readonly organizations: {
      upsertOrganization(org: Omit<OrganizationRow, 'created_at'>): Promise<void>;
    },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(
    principal: Principal | null,
    filter: { zone?: Zone; sector?: string; q?: string } = {},
  ): Promise<Enterprise[]> {
    const own = principal && !seesAllTenants(principal) ? principal.organizationId : undefined;
    const q = filter.q?.trim();
    return (
      await this.repo.list({
        ...(filter.zone ? { zone: filter.zone } : {}),
        ...(filter.sector ? { sector: filter.sector } : {}),
        ...(q ? { q } : {}),
        ...(own ? { organizationId: own } : {}),
      })
    ).map(toEnterprise);
  }

  /** The sectors the caller's visible enterprises are in (for a filter). */
  sectors(principal: Principal | null): Promise<string[]> {
    const own = principal && !seesAllTenants(principal) ? principal.organizationId : undefined;
    return this.repo.sectors(own);
  }

  /** One enterprise, if the caller may see it (principal null = the operator on the host). */
  async get(principal: Principal | null, id: string): Promise<Enterprise | undefined> {
    const row = await this.repo.find(id);
    if (!row) return undefined;
    if (principal && !seesAllTenants(principal) && principal.organizationId !== row.organization_id)
      return undefined;
    return toEnterprise(row);
  }

  /** The enterprise whose organization this is (an enterprise user's own). */
  async byOrganization(organizationId: string): Promise<Enterprise | undefined> {
    const [row] = await this.repo.list({ organizationId });
    return row ? toEnterprise(row) : undefined;
  }

  /** Registers an enterprise; on bad input `violations` lists every field at fault. */
  async create(
    input: Parameters<typeof checkEnterprise>[0],
  ): Promise<Result<Enterprise> & { violations?: Violation[] }> {
    const checked = checkEnterprise(input);
    if (!checked.ok) return checked;
    if (await this.repo.findByCreditCode(checked.value.creditCode)) {
      return fail({
        field: 'creditCode',
        code: 'enterprise.exists',
        message: {
          en: `an enterprise with credit code ${checked.value.creditCode} already exists`,
          zh: `统一社会信用代码为 ${checked.value.creditCode} 的企业已存在`,
        },
      });
    }
    const outcome = await this.upsert(checked.value);
    return ok(toEnterprise(outcome.row));
  }

  /** Inserts or updates by credit code; the organization (kind enterprise) is kept in step. */
  private async upsert(
    e: EnterpriseInput,
  ): Promise<{ row: EnterpriseRow; change: 'created' | 'updated' | 'unchanged' }> {
    const id = enterpriseOrganizationId(e.creditCode);
    const fields = {
      id,
      credit_code: e.creditCode,
      organization_id: id,
      name_zh: e.nameZh,
      name_en: e.nameEn,
      zone: e.zone,
      sector: e.sector,
      investment_minor: e.investmentMinor,
      status: e.status,
    };
    const existing = await this.repo.findByCreditCode(e.creditCode);
    const same =
      existing &&
      existing.name_zh === e.nameZh &&
      existing.name_en === e.nameEn &&
      existing.zone === e.zone &&
      existing.sector === e.sector &&
      existing.investment_minor === e.investmentMinor &&
      existing.status === e.status;
    if (same) return { row: existing, change: 'unchanged' };
    await this.organizations.upsertOrganization({
      id,
      kind: 'enterprise',
      name_en: e.nameEn,
      name_zh: e.nameZh,
      name_ru: null,
    });
    if (existing) await this.repo.update(fields, this.now().toISOString());
    else await this.repo.insert(fields);
    return { row: (await this.repo.find(id))!, change: existing ? 'updated' : 'created' };
  }

  /** Imports a table (header row first); valid rows are upserted, invalid ones reported by row and column. */
  async importTable(table: readonly SheetRow[]): Promise<ImportReport> {
    const parsed = parseImportTable(table);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const { enterprise } of parsed.rows) {
      const { change } = await this.upsert(enterprise);
      if (change === 'created') created++;
      else if (change === 'updated') updated++;
      else unchanged++;
    }
    const rows = table.slice(1).filter((r) => r.cells.some((c) => c.trim() !== '')).length;
    return { rows, created, updated, unchanged, errors: parsed.errors };
  }
}
