/** The only SQL of the timetable: departure schedules per route and the generated departures. */
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { Schedule } from './rules';

interface ScheduleRow {
  route_id: string;
  weekdays: number[] | null;
  every_days: number | null;
  anchor_date: string | null;
  capacity_teu: number;
  capacity_kg: number;
  min_teu: number;
  active: boolean;
  updated_at?: string;
}

export interface DepartureRow {
  id: string;
  route_id: string;
  date: string;
  capacity_teu: number;
  capacity_kg: number;
  min_teu: number;
  status: 'scheduled' | 'cancelled';
  running: boolean | null;
  plan_id: string | null;
  created_at: string;
}

type TimetableTables = {
  departure_schedules: Omit<ScheduleRow, 'weekdays'> & { weekdays: string | null };
  departures: Omit<DepartureRow, 'created_at' | 'status' | 'running' | 'plan_id'> & {
    created_at?: string;
    status?: 'scheduled' | 'cancelled';
    running?: boolean | null;
    plan_id?: string | null;
  };
};

function toSchedule(r: Omit<ScheduleRow, 'weekdays'> & { weekdays: unknown }): Schedule {
  return {
    routeId: r.route_id,
    weekdays: Array.isArray(r.weekdays) ? (r.weekdays as number[]) : null,
    everyDays: r.every_days,
    anchorDate: r.anchor_date,
    capacityTeu: r.capacity_teu,
    capacityKg: Number(r.capacity_kg),
    minTeu: r.min_teu,
    active: r.active,
  };
}

function toRow(s: Schedule) {
  return {
    route_id: s.routeId,
    weekdays: s.weekdays ? JSON.stringify(s.weekdays) : null,
    every_days: s.everyDays,
    anchor_date: s.anchorDate,
    capacity_teu: s.capacityTeu,
    capacity_kg: s.capacityKg,
    min_teu: s.minTeu,
    active: s.active,
  };
}

export class TimetableRepository {
  private readonly db: Kysely<TimetableTables>;

  constructor(db: Db) {
    this.db = db.withTables<TimetableTables>();
  }

  async schedules(): Promise<Schedule[]> {
    const rows = await this.db.selectFrom('departure_schedules').selectAll().orderBy('route_id').execute();
    return rows.map(toSchedule);
  }

  /** Adds schedules for routes that have none; existing ones are kept as configured. */
  async insertMissingSchedules(list: readonly Schedule[]): Promise<number> {
    if (list.length === 0) return 0;
    const res = await this.db
      .insertInto('departure_schedules')
      .values(list.map(toRow))
      .onConflict((oc) => oc.column('route_id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0);
  }

  async upsertSchedule(s: Schedule): Promise<Schedule> {
    const row = toRow(s);
    await this.db
      .insertInto('departure_schedules')
      .values(row)
      .onConflict((oc) => oc.column('route_id').doUpdateSet({ ...row, updated_at: sql`now()` }))
      .execute();
    return s;
  }

  /** Inserts departures that do not exist yet (same route and date); answers how many were new. */
  async insertDepartures(rows: TimetableTables['departures'][]): Promise<number> {
    let created = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const res = await this.db
        .insertInto('departures')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['route_id', 'date']).doNothing())
        .executeTakeFirst();
      created += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    return created;
  }

  departures(filter: { from?: string; to?: string; routeId?: string }): Promise<DepartureRow[]> {
    let q = this.db.selectFrom('departures').selectAll();
    if (filter.from) q = q.where('date', '>=', filter.from);
    if (filter.to) q = q.where('date', '<=', filter.to);
    if (filter.routeId) q = q.where('route_id', '=', filter.routeId);
    return q.orderBy('date').orderBy('route_id').execute() as Promise<DepartureRow[]>;
  }

  departure(id: string): Promise<DepartureRow | undefined> {
    return this.db.selectFrom('departures').selectAll().where('id', '=', id).executeTakeFirst() as Promise<
      DepartureRow | undefined
    >;
  }

  async cancelDeparture(id: string): Promise<boolean> {
    const res = await this.db
      .updateTable('departures')
      .set({ status: 'cancelled', running: false })
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Records a plan's verdict: which of these departures run. */
  async setRunning(planId: string, ids: readonly string[], running: ReadonlySet<string>): Promise<void> {
    if (ids.length === 0) return;
    const yes = ids.filter((i) => running.has(i));
    const no = ids.filter((i) => !running.has(i));
    if (yes.length > 0)
      await this.db
        .updateTable('departures')
        .set({ running: true, plan_id: planId })
        .where('id', 'in', yes)
        .execute();
    if (no.length > 0)
      await this.db
        .updateTable('departures')
        .set({ running: false, plan_id: planId })
        .where('id', 'in', no)
        .execute();
  }
}
