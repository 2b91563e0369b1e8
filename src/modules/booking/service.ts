/**
 * Booking use cases: create (API), list/get (tenant-scoped: forwarders and shippers see their own
 * organization's bookings, cross-tenant roles see all), cancel, confirm, import from CSV/XLSX with a
 * row-level report (idempotent by reference within the organization), export.
 */
import { randomBytes } from 'node:crypto';
import type { Violation } from '../../domain/result';
import type { Bilingual } from '../../domain/text';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import { readCsv, readXlsx, SheetError, type SheetRow } from '../../platform/sheets/sheets';
import { lookupHs } from '../codes/service';
import type { IdentityService } from '../identity/service';
import type { NetworkService } from '../network/service';
import {
  type BookingContext,
  type BookingFields,
  type BookingStatus,
  type Checked,
  checkBooking,
  type RawBooking,
  sameBooking,
} from './input';
import type { BookingFilter, BookingRepository, BookingRow } from './repository';
import {
  COLUMN_KEYS,
  COLUMNS,
  cellsOf,
  columnOfField,
  isBlankRow,
  mapHeader,
  rawFromCells,
  toCsv,
} from './table';

export interface Booking {
  id: string;
  organizationId: string;
  reference: string;
  shipperOrg: string | null;
  forwarderOrg: string | null;
  containers: { sizeType: string; count: number; numbers: string[] }[];
  containerCount: number;
  teu: number;
  grossKg: number;
  hsCode: string;
  dg: { un: string; class: string } | null;
  reeferSetpointC: number | null;
  origin: string;
  destination: string;
  eligibleRoutes: string[];
  readyDate: string;
  dueDate: string;
  priority: number;
  customsMode: BookingFields['customsMode'];
  status: BookingStatus;
  assignedDeparture: string | null;
  planId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RejectedRow {
  row: number;
  column: string;
  code: string;
  reason: Bilingual;
}

export interface ImportReport {
  /** New bookings created. */
  imported: number;
  /** Draft bookings whose row differed (or confirmed a draft) and were updated. */
  updated: number;
  /** Rows identical to the stored booking. */
  unchanged: number;
  rejected: RejectedRow[];
}

export type ImportFormat = 'csv' | 'xlsx';

export type ServiceResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 404 | 409; violations: Violation[] };

const v = (field: string, code: string, en: string, zh: string): Violation => ({
  field,
  code: `booking.${code}`,
  message: { en, zh },
});

const notFound = (id: string): ServiceResult<never> => ({
  ok: false,
  status: 404,
  violations: [v('id', 'not_found', `no booking ${id}`, `没有订舱 ${id}`)],
});

export function toBooking(r: BookingRow): Booking {
  return {
    id: r.id,
    organizationId: r.organization_id,
    reference: r.reference,
    shipperOrg: r.shipper_org_id,
    forwarderOrg: r.forwarder_org_id,
    containers: r.containers,
    containerCount: r.container_count,
    teu: r.teu,
    grossKg: r.gross_kg,
    hsCode: r.hs_code,
    dg: r.dg_un && r.dg_class ? { un: r.dg_un, class: r.dg_class } : null,
    reeferSetpointC: r.reefer_setpoint_c,
    origin: r.origin,
    destination: r.destination,
    eligibleRoutes: r.eligible_routes,
    readyDate: r.ready_date,
    dueDate: r.due_date,
    priority: r.priority,
    customsMode: r.customs_mode,
    status: r.status,
    assignedDeparture: r.assigned_departure_id,
    planId: r.plan_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function fieldsOf(r: BookingRow): BookingFields {
  const b = toBooking(r);
  return { ...b, status: b.status === 'draft' ? 'draft' : 'confirmed' };
}

export function newBookingId(): string {
  return `BK-${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** How long an import may reuse the routes and organizations read for an earlier one. */
const CONTEXT_TTL_MS = 5_000;

export class BookingService {
  private kept: { at: number; ctx: Promise<BookingContext> } | undefined;

  constructor(
    private readonly repo: BookingRepository,
    private readonly network: NetworkService,
    private readonly identity: IdentityService,
  ) {}

  /**
   * The context of imports, reused for `CONTEXT_TTL_MS`: a tenant's system importing many small files
   * (the twin: one per tenant and simulated day) would read every route and organization for each.
   */
  private async recentContext(): Promise<{ ctx: BookingContext; cached: boolean }> {
    const now = performance.now();
    const kept = this.kept;
    if (kept && now - kept.at < CONTEXT_TTL_MS) {
      try {
        return { ctx: await kept.ctx, cached: true };
      } catch {
        // a failed read is not kept: read again below
      }
    }
    return { ctx: await this.freshContext(), cached: false };
  }

  private freshContext(): Promise<BookingContext> {
    const ctx = this.context();
    const entry = { at: performance.now(), ctx };
    this.kept = entry;
    ctx.catch(() => {
      if (this.kept === entry) this.kept = undefined;
    });
    return ctx;
  }

  /** What a booking is checked against: the HS table, the network's destinations, the organizations. */
  async context(): Promise<BookingContext> {
    const [routes, orgs] = await Promise.all([this.network.routes(), this.identity.listOrganizations()]);
    const routesByDestination = new Map<string, string[]>();
    for (const r of routes)
      for (const city of r.destinations ?? [r.destination])
        routesByDestination.set(city, [...(routesByDestination.get(city) ?? []), r.id]);
    return {
      lookupHs: (code, field) => {
        const r = lookupHs(code, field);
        return r.ok ? { ok: true, value: { code: r.value.code } } : r;
      },
      routesByDestination,
      origins: new Set(routes.map((r) => r.origin)),
      organizations: new Set(orgs.map((o) => o.id)),
    };
  }

  /** The owning organization and the filled-in parties of a booking made by this principal. */
  private owner(
    principal: Principal,
    f: BookingFields,
    organizationId: string | undefined,
    ctx: BookingContext,
  ): Checked<{ organizationId: string; fields: BookingFields }> {
    if (!seesAllTenants(principal)) {
      const own = principal.organizationId;
      if (organizationId !== undefined && organizationId !== own)
        return {
          ok: false,
          violations: [
            v(
              'organizationId',
              'not_own_organization',
              `you make bookings for your organization ${own} only`,
              `您只能为本组织 ${own} 创建订舱`,
            ),
          ],
        };
      const fields = { ...f };
      if (principal.roles.includes('forwarder') && !fields.forwarderOrg) fields.forwarderOrg = own;
      else if (principal.roles.includes('shipper') && !fields.shipperOrg) fields.shipperOrg = own;
      if (fields.forwarderOrg !== own && fields.shipperOrg !== own)
        return {
          ok: false,
          violations: [
            v(
              principal.roles.includes('shipper') ? 'shipperOrg' : 'forwarderOrg',
              'not_own_organization',
              `a booking you make names your organization ${own} as forwarder or shipper`,
              `您创建的订舱须以本组织 ${own} 为货代或发货人`,
            ),
          ],
        };
      return { ok: true, value: { organizationId: own, fields } };
    }
    const org = organizationId ?? f.forwarderOrg ?? f.shipperOrg;
    if (!org)
      return {
        ok: false,
        violations: [
          v(
            'organizationId',
            'organization_missing',
            'name the organization the booking belongs to (organizationId, forwarder or shipper)',
            '请指明订舱所属组织（organizationId、货代或发货人）',
          ),
        ],
      };
    if (!ctx.organizations.has(org))
      return {
        ok: false,
        violations: [
          v('organizationId', 'organization_unknown', `unknown organization ${org}`, `未知组织 ${org}`),
        ],
      };
    return { ok: true, value: { organizationId: org, fields: f } };
  }

  async create(
    principal: Principal,
    raw: RawBooking,
    organizationId?: string,
  ): Promise<ServiceResult<Booking>> {
    const ctx = await this.context();
    const checked = checkBooking(raw, ctx);
    if (!checked.ok) return { ok: false, status: 400, violations: checked.violations };
    const owned = this.owner(principal, checked.value, organizationId, ctx);
    if (!owned.ok) return { ok: false, status: 400, violations: owned.violations };
    const { organizationId: org, fields } = owned.value;
    if (await this.repo.findByReference(org, fields.reference))
      return {
        ok: false,
        status: 409,
        violations: [
          v(
            'reference',
            'reference_exists',
            `booking reference ${fields.reference} already exists in ${org}`,
            `组织 ${org} 已有订舱号 ${fields.reference}`,
          ),
        ],
      };
    const row = await this.repo.insert(newBookingId(), org, principal.userId, fields);
    return { ok: true, value: toBooking(row) };
  }

  /** The booking if this principal may see it (else undefined: not found, never "forbidden"). */
  async get(principal: Principal, id: string): Promise<Booking | undefined> {
    const row = await this.repo.find(id);
    if (!row) return undefined;
    if (!seesAllTenants(principal) && row.organization_id !== principal.organizationId) return undefined;
    return toBooking(row);
  }

  private scope(principal: Principal, filter: BookingFilter): BookingFilter {
    return seesAllTenants(principal) ? filter : { ...filter, organizationId: principal.organizationId };
  }

  async list(
    principal: Principal,
    filter: BookingFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: Booking[]; total: number }> {
    const res = await this.repo.list(this.scope(principal, filter), page);
    return { items: res.items.map(toBooking), total: res.total };
  }

  private async transition(
    principal: Principal,
    id: string,
    from: BookingStatus[],
    to: BookingStatus,
  ): Promise<ServiceResult<Booking>> {
    const b = await this.get(principal, id);
    if (!b) return notFound(id);
    if (!from.includes(b.status) || !(await this.repo.setStatus(id, b.status, to)))
      return {
        ok: false,
        status: 409,
        violations: [
          v(
            'status',
            'status_conflict',
            `booking ${b.reference} is ${b.status}; it cannot become ${to}`,
            `订舱 ${b.reference} 当前为 ${b.status}，不能改为 ${to}`,
          ),
        ],
      };
    return { ok: true, value: (await this.get(principal, id))! };
  }

  /** Cancels a draft or confirmed booking; its departure assignment is released. */
  cancel(principal: Principal, id: string): Promise<ServiceResult<Booking>> {
    return this.transition(principal, id, ['draft', 'confirmed'], 'cancelled');
  }

  confirm(principal: Principal, id: string): Promise<ServiceResult<Booking>> {
    return this.transition(principal, id, ['draft'], 'confirmed');
  }

  /** Reads a CSV or XLSX file into rows; a file that cannot be read is one violation. */
  async readFile(format: ImportFormat, data: Buffer): Promise<ServiceResult<SheetRow[]>> {
    try {
      const rows = format === 'csv' ? readCsv(data.toString('utf8')) : await readXlsx(data);
      return { ok: true, value: rows };
    } catch (err) {
      if (!(err instanceof SheetError)) throw err;
      return {
        ok: false,
        status: 400,
        violations: [
          v(
            'file',
            'file_unreadable',
            `the ${format.toUpperCase()} file cannot be read: ${err.message}`,
            `无法读取该 ${format.toUpperCase()} 文件：${err.message}`,
          ),
        ],
      };
    }
  }

  /**
   * Imports rows (the first is the header). Every row ends up imported, updated, unchanged or
   * rejected with its row number, column and reason. Idempotent by reference within the organization.
   */
  async importRows(
    principal: Principal,
    rows: readonly SheetRow[],
    organizationId?: string,
  ): Promise<ServiceResult<ImportReport>> {
    const [head, ...body] = rows;
    if (!head)
      return {
        ok: false,
        status: 400,
        violations: [v('file', 'file_empty', 'the file is empty', '文件为空')],
      };
    const mapped = mapHeader(head.cells);
    if (!mapped.ok) return { ok: false, status: 400, violations: mapped.violations };
    const map = mapped.value;
    let report: ImportReport = { imported: 0, updated: 0, unchanged: 0, rejected: [] };
    let candidates: { row: number; org: string; fields: BookingFields }[] = [];
    const reject = (row: number, field: string, code: string, reason: Bilingual) => {
      const key = columnOfField(field);
      report.rejected.push({
        row,
        column: key ? (map.header.get(key) ?? COLUMNS[key].en) : field,
        code,
        reason,
      });
    };
    const check = (ctx: BookingContext) => {
      report = { imported: 0, updated: 0, unchanged: 0, rejected: [] };
      candidates = [];
      const seen = new Map<string, { row: number; fields: BookingFields }>();
      for (const r of body) {
        if (isBlankRow(r.cells)) continue;
        const checked = checkBooking(rawFromCells(cellsOf(r.cells, map)), ctx);
        if (!checked.ok) {
          for (const x of checked.violations) reject(r.row, x.field, x.code, x.message);
          continue;
        }
        const owned = this.owner(principal, checked.value, organizationId, ctx);
        if (!owned.ok) {
          for (const x of owned.violations) reject(r.row, x.field, x.code, x.message);
          continue;
        }
        const { organizationId: org, fields } = owned.value;
        const key = `${org}\u0000${fields.reference}`;
        const earlier = seen.get(key);
        if (earlier) {
          if (sameBooking(earlier.fields, fields) && earlier.fields.status === fields.status)
            report.unchanged++;
          else
            reject(r.row, 'reference', 'booking.import.reference_repeated', {
              en: `booking reference ${fields.reference} appears again with different contents (first at row ${earlier.row})`,
              zh: `订舱号 ${fields.reference} 再次出现且内容不同（首次在第 ${earlier.row} 行）`,
            });
          continue;
        }
        seen.set(key, { row: r.row, fields });
        candidates.push({ row: r.row, org, fields });
      }
    };
    // checked against a context at most a few seconds old; when that rejects a row, the file is
    // checked again against a fresh one (an organization or a route added just now)
    const recent = await this.recentContext();
    check(recent.ctx);
    if (recent.cached && report.rejected.length > 0) check(await this.freshContext());
    // one statement inserts the new bookings (a reference stored already is left alone); then one
    // read of the stored versions of the rest, updates one by one (drafts only)
    const inserted = await this.repo.insertMany(
      candidates.map((c) => ({
        id: newBookingId(),
        organizationId: c.org,
        createdBy: principal.userId,
        fields: c.fields,
      })),
    );
    const known = candidates.filter((_, i) => !inserted[i]);
    report.imported += candidates.length - known.length;
    const stored =
      known.length > 0
        ? await this.repo.findByReferences(
            known.map((c) => ({ organizationId: c.org, reference: c.fields.reference })),
          )
        : new Map<string, BookingRow>();
    for (const c of known) {
      const old = stored.get(`${c.org}\u0000${c.fields.reference}`);
      if (!old) {
        reject(c.row, 'reference', 'booking.import.concurrent', {
          en: `booking ${c.fields.reference} changed meanwhile; import the file again`,
          zh: `订舱 ${c.fields.reference} 刚被他人修改；请重新导入该文件`,
        });
        continue;
      }
      const same = sameBooking(fieldsOf(old), c.fields);
      if (same && !(old.status === 'draft' && c.fields.status === 'confirmed')) {
        report.unchanged++;
      } else if (old.status === 'draft' && (await this.repo.updateDraft(old.id, c.fields))) {
        report.updated++;
      } else {
        reject(c.row, 'reference', 'booking.import.not_draft', {
          en: `booking ${c.fields.reference} is already ${old.status} and differs from this row; only drafts are changed by an import`,
          zh: `订舱 ${c.fields.reference} 已是${old.status === 'cancelled' ? '已取消' : '已确认'}状态且与本行不同；导入只修改草稿`,
        });
      }
    }
    report.rejected.sort((a, b) => a.row - b.row);
    return { ok: true, value: report };
  }

  async importFile(
    principal: Principal,
    format: ImportFormat,
    data: Buffer,
    organizationId?: string,
  ): Promise<ServiceResult<ImportReport>> {
    const rows = await this.readFile(format, data);
    if (!rows.ok) return rows;
    return this.importRows(principal, rows.value, organizationId);
  }

  /** Every visible booking as table rows with the import's headers (so an export imports back unchanged). */
  async exportRows(
    principal: Principal,
    filter: BookingFilter,
    lang: 'en' | 'zh' = 'en',
  ): Promise<string[][]> {
    const { items } = await this.repo.list(this.scope(principal, filter), { limit: 100_000, offset: 0 });
    const header = [
      ...COLUMN_KEYS.map((k) => COLUMNS[k][lang]),
      lang === 'zh' ? '分配班列' : 'assigned_departure',
    ];
    const out: string[][] = [header];
    for (const row of items) {
      const b = toBooking(row);
      for (const g of b.containers) {
        // one line per container group; bookings of one group (the import's shape) round-trip exactly
        const cells: Record<(typeof COLUMN_KEYS)[number], string> = {
          reference: b.reference,
          shipper: b.shipperOrg ?? '',
          forwarder: b.forwarderOrg ?? '',
          containers: g.numbers.join(' '),
          container_count: String(g.count),
          size_type: g.sizeType,
          gross_kg: String(b.grossKg),
          hs_code: b.hsCode,
          dg_un: b.dg?.un ?? '',
          dg_class: b.dg?.class ?? '',
          reefer_setpoint_c: b.reeferSetpointC === null ? '' : String(b.reeferSetpointC),
          origin: b.origin,
          destination: b.destination,
          ready_date: b.readyDate,
          due_date: b.dueDate,
          priority: String(b.priority),
          customs_mode: b.customsMode,
          status: b.status,
        };
        out.push([...COLUMN_KEYS.map((k) => cells[k]), b.assignedDeparture ?? '']);
      }
    }
    return out;
  }

  exportCsv(rows: readonly (readonly string[])[]): string {
    return toCsv(rows);
  }
}
