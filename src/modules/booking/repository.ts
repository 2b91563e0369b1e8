/** The only SQL of the booking module: bookings, consolidation plans and load plans. */
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { BookingFields, BookingStatus, ContainerGroup, CustomsMode } from './input';

export interface BookingRow {
  id: string;
  organization_id: string;
  reference: string;
  shipper_org_id: string | null;
  forwarder_org_id: string | null;
  containers: ContainerGroup[];
  container_count: number;
  teu: number;
  gross_kg: number;
  hs_code: string;
  dg_un: string | null;
  dg_class: string | null;
  reefer_setpoint_c: number | null;
  origin: string;
  destination: string;
  eligible_routes: string[];
  ready_date: string;
  due_date: string;
  priority: number;
  customs_mode: CustomsMode;
  status: BookingStatus;
  assigned_departure_id: string | null;
  plan_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanRow {
  id: string;
  created_at: string;
  created_by: string | null;
  from_date: string;
  days: number;
  status: string;
  objective: number;
  bound: number | null;
  instance: unknown;
  solution: unknown;
}

export interface LoadPlanRow {
  id: string;
  departure_id: string;
  created_at: string;
  created_by: string | null;
  status: string;
  instance: unknown;
  solution: unknown;
}

type Writable<T, Defaults extends keyof T> = Omit<T, Defaults> & Partial<Pick<T, Defaults>>;

type BookingTables = {
  bookings: Writable<
    Omit<BookingRow, 'containers'> & { containers: string },
    'created_at' | 'updated_at' | 'assigned_departure_id' | 'plan_id'
  >;
  consolidation_plans: Writable<
    Omit<PlanRow, 'instance' | 'solution'> & { instance: string; solution: string },
    'created_at'
  >;
  load_plans: Writable<
    Omit<LoadPlanRow, 'instance' | 'solution'> & { instance: string; solution: string },
    'created_at'
  >;
  departures: { id: string; route_id: string; date: string };
};

export interface BookingFilter {
  organizationId?: string | undefined;
  status?: BookingStatus | undefined;
  route?: string | undefined;
  destination?: string | undefined;
  /** Bookings whose ready–due window overlaps [from, to]. */
  from?: string | undefined;
  to?: string | undefined;
  departureId?: string | undefined;
}

function fieldsToRow(f: BookingFields) {
  return {
    reference: f.reference,
    shipper_org_id: f.shipperOrg,
    forwarder_org_id: f.forwarderOrg,
    containers: JSON.stringify(f.containers),
    container_count: f.containerCount,
    teu: f.teu,
    gross_kg: f.grossKg,
    hs_code: f.hsCode,
    dg_un: f.dg?.un ?? null,
    dg_class: f.dg?.class ?? null,
    reefer_setpoint_c: f.reeferSetpointC,
    origin: f.origin,
    destination: f.destination,
    eligible_routes: f.eligibleRoutes,
    ready_date: f.readyDate,
    due_date: f.dueDate,
    priority: f.priority,
    customs_mode: f.customsMode,
    status: f.status,
  };
}

function mapRow(r: Record<string, unknown>): BookingRow {
  const row = r as unknown as BookingRow;
  return { ...row, gross_kg: Number(row.gross_kg) };
}

export class BookingRepository {
  private readonly db: Kysely<BookingTables>;

  constructor(db: Db) {
    this.db = db.withTables<BookingTables>();
  }

  async insert(
    id: string,
    organizationId: string,
    createdBy: string | null,
    f: BookingFields,
  ): Promise<BookingRow> {
    await this.db
      .insertInto('bookings')
      .values({ id, organization_id: organizationId, created_by: createdBy, ...fieldsToRow(f) })
      .execute();
    return (await this.find(id))!;
  }

  /** Inserts bookings in batches; answers per booking whether it was new (a taken reference is skipped). */
  /**
   * Inserts new bookings in one statement — the rows travel as one JSON parameter
   * (`jsonb_to_recordset`) instead of a parameter per value, far less to parse and bind on PGlite.
   * A reference stored meanwhile by someone else is left out (false at its index).
   */
  async insertMany(
    list: readonly { id: string; organizationId: string; createdBy: string | null; fields: BookingFields }[],
  ): Promise<boolean[]> {
    if (list.length === 0) return [];
    const rows = list.map((b) => ({
      id: b.id,
      organization_id: b.organizationId,
      created_by: b.createdBy,
      ...fieldsToRow(b.fields),
      containers: b.fields.containers,
    }));
    const res = await sql<{ id: string }>`
      INSERT INTO bookings (id, organization_id, created_by, reference, shipper_org_id, forwarder_org_id,
        containers, container_count, teu, gross_kg, hs_code, dg_un, dg_class, reefer_setpoint_c, origin,
        destination, eligible_routes, ready_date, due_date, priority, customs_mode, status)
      SELECT id, organization_id, created_by, reference, shipper_org_id, forwarder_org_id,
        containers, container_count, teu, gross_kg, hs_code, dg_un, dg_class, reefer_setpoint_c, origin,
        destination, eligible_routes, ready_date, due_date, priority, customs_mode, status
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id text, organization_id text,
        created_by text, reference text, shipper_org_id text, forwarder_org_id text, containers jsonb,
        container_count integer, teu integer, gross_kg bigint, hs_code text, dg_un text, dg_class text,
        reefer_setpoint_c double precision, origin text, destination text, eligible_routes text[],
        ready_date date, due_date date, priority integer, customs_mode text, status text)
      ON CONFLICT (organization_id, reference) DO NOTHING
      RETURNING id`.execute(this.db);
    const done = new Set(res.rows.map((r) => r.id));
    return list.map((b) => done.has(b.id));
  }

  /** Stored bookings by organization and reference, keyed `org \0 reference`. */
  async findByReferences(
    keys: readonly { organizationId: string; reference: string }[],
  ): Promise<Map<string, BookingRow>> {
    const out = new Map<string, BookingRow>();
    const byOrg = new Map<string, string[]>();
    for (const k of keys) byOrg.set(k.organizationId, [...(byOrg.get(k.organizationId) ?? []), k.reference]);
    for (const [org, refs] of byOrg) {
      for (let i = 0; i < refs.length; i += 5000) {
        // the references as one JSON parameter, not one parameter each
        const rows = await this.db
          .selectFrom('bookings')
          .selectAll()
          .where('organization_id', '=', org)
          .where(
            'reference',
            '=',
            // = ANY(ARRAY(…)) keeps the (organization, reference) index lookup; IN (SELECT …) would
            // become a semi-join scanning every booking of the organization
            sql<string>`ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(refs.slice(i, i + 5000))}::jsonb)))`,
          )
          .execute();
        for (const r of rows) out.set(`${org}\u0000${r.reference}`, mapRow(r));
      }
    }
    return out;
  }

  /** Replaces a draft booking's fields; false when it is no longer a draft. */
  async updateDraft(id: string, f: BookingFields): Promise<boolean> {
    const res = await this.db
      .updateTable('bookings')
      .set({ ...fieldsToRow(f), updated_at: sql`now()` as unknown as string })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async find(id: string): Promise<BookingRow | undefined> {
    const row = await this.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? mapRow(row) : undefined;
  }

  async findByReference(organizationId: string, reference: string): Promise<BookingRow | undefined> {
    const row = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row ? mapRow(row) : undefined;
  }

  private filtered(f: BookingFilter) {
    let q = this.db.selectFrom('bookings');
    if (f.organizationId) q = q.where('organization_id', '=', f.organizationId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.destination) q = q.where('destination', '=', f.destination);
    if (f.route) q = q.where(sql<boolean>`${f.route} = any(eligible_routes)`);
    if (f.from) q = q.where('due_date', '>=', f.from);
    if (f.to) q = q.where('ready_date', '<=', f.to);
    if (f.departureId) q = q.where('assigned_departure_id', '=', f.departureId);
    return q;
  }

  async list(
    f: BookingFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: BookingRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.filtered(f)
        .selectAll()
        .orderBy('ready_date')
        .orderBy('reference')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      this.filtered(f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(mapRow), total: Number(count.n) };
  }

  async setStatus(id: string, from: BookingStatus, to: BookingStatus): Promise<boolean> {
    const res = await this.db
      .updateTable('bookings')
      .set({
        status: to,
        updated_at: sql`now()` as unknown as string,
        ...(to === 'cancelled' ? { assigned_departure_id: null, plan_id: null } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Confirmed bookings whose window overlaps [from, to] (the candidates of a plan). */
  async confirmedInWindow(from: string, to: string): Promise<BookingRow[]> {
    const rows = await this.filtered({ status: 'confirmed', from, to }).selectAll().orderBy('id').execute();
    return rows.map(mapRow);
  }

  /** Stores a consolidation plan and its assignments (bookings planned: set or cleared) in one transaction. */
  async storePlan(
    plan: Omit<PlanRow, 'created_at'>,
    planned: readonly string[],
    assignments: ReadonlyMap<string, string>,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('consolidation_plans')
        .values({ ...plan, instance: JSON.stringify(plan.instance), solution: JSON.stringify(plan.solution) })
        .execute();
      // every assignment in one statement: the (booking, departure) pairs travel as one JSON parameter
      const pairs = [...assignments].map(([id, d]) => ({ id, d }));
      for (let i = 0; i < pairs.length; i += 5000)
        await sql`
          UPDATE bookings AS b SET assigned_departure_id = x.d, plan_id = ${plan.id}
          FROM jsonb_to_recordset(${JSON.stringify(pairs.slice(i, i + 5000))}::jsonb) AS x(id text, d text)
          WHERE b.id = x.id AND b.status = 'confirmed'`.execute(trx);
      const cleared = planned.filter((b) => !assignments.has(b));
      for (let i = 0; i < cleared.length; i += 500) {
        await trx
          .updateTable('bookings')
          .set({ assigned_departure_id: null, plan_id: plan.id })
          .where('id', 'in', cleared.slice(i, i + 500))
          .execute();
      }
    });
  }

  async referencesOf(
    ids: readonly string[],
  ): Promise<Map<string, { reference: string; organizationId: string }>> {
    const out = new Map<string, { reference: string; organizationId: string }>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('bookings')
        .select(['id', 'reference', 'organization_id'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.id, { reference: r.reference, organizationId: r.organization_id });
    }
    return out;
  }

  /** Releases the bookings of a cancelled departure (they return to the pool of the next plan). */
  async releaseDeparture(departureId: string): Promise<number> {
    const res = await this.db
      .updateTable('bookings')
      .set({ assigned_departure_id: null })
      .where('assigned_departure_id', '=', departureId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async plan(id: string): Promise<PlanRow | undefined> {
    return (await this.db
      .selectFrom('consolidation_plans')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as PlanRow | undefined;
  }

  async latestPlan(): Promise<PlanRow | undefined> {
    return (await this.db
      .selectFrom('consolidation_plans')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()) as PlanRow | undefined;
  }

  async insertLoadPlan(p: Omit<LoadPlanRow, 'created_at'>): Promise<void> {
    await this.db
      .insertInto('load_plans')
      .values({ ...p, instance: JSON.stringify(p.instance), solution: JSON.stringify(p.solution) })
      .execute();
  }

  async latestLoadPlan(departureId: string): Promise<LoadPlanRow | undefined> {
    return (await this.db
      .selectFrom('load_plans')
      .selectAll()
      .where('departure_id', '=', departureId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()) as LoadPlanRow | undefined;
  }
}
