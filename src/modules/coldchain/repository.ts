/** The only SQL of the cold-chain module: profiles and their versions, a box's profile per journey, alarms. */
import { type Generated, type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { Direction, Severity } from './detect';
import type { AlarmKind } from './silence';

export interface ProfileRow {
  id: string;
  name_en: string;
  name_zh: string;
  min_c: number;
  max_c: number;
  tolerance_minutes: number;
  hysteresis_c: number;
  clear_minutes: number;
  /** The device-silent gap limit of this profile (minutes); null: the platform default. */
  silent_minutes: number | null;
  source: string;
  estimate: boolean;
  builtin: boolean;
  updated_at: string;
  updated_by: string | null;
  /** The current version (each edit makes a new one). */
  version: number;
}

/** One immutable version of a profile, as a journey keeps it. */
export interface ProfileVersionRow {
  profile_id: string;
  version: number;
  name_en: string;
  name_zh: string;
  min_c: number;
  max_c: number;
  tolerance_minutes: number;
  hysteresis_c: number;
  clear_minutes: number;
  silent_minutes: number | null;
  source: string;
  estimate: boolean;
  created_at: string;
  created_by: string | null;
}

export interface AssignmentRow {
  id: string;
  equipment: string;
  organization_id: string;
  profile_id: string;
  /** The profile's version when the box was assigned (the journey keeps it through later edits). */
  profile_version: number;
  journey: string;
  starts_at: string;
  ends_at: string | null;
  created_at: string;
  created_by: string;
}

export interface AlarmRow {
  id: string;
  assignment_id: string;
  equipment: string;
  organization_id: string;
  profile_id: string;
  /** excursion (out of band) or silent (the devices stopped reporting). */
  kind: AlarmKind;
  /** Side of the band; null for a silent alarm. */
  direction: Direction | null;
  severity: Severity;
  started_at: string;
  raised_at: string;
  cleared_at: string | null;
  min_c: number;
  max_c: number;
  max_deviation_c: number;
  out_minutes: number;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  withdrawn_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Columns the database fills when an insert leaves them out. */
type Defaulted<T, K extends keyof T> = Omit<T, K> & { [P in K]: Generated<T[P]> };

type ColdChainTables = {
  coldchain_profiles: Defaulted<
    ProfileRow,
    'updated_at' | 'updated_by' | 'builtin' | 'version' | 'silent_minutes'
  >;
  coldchain_profile_versions: Defaulted<ProfileVersionRow, 'created_at' | 'silent_minutes'>;
  coldchain_assignments: Defaulted<AssignmentRow, 'created_at' | 'ends_at'>;
  coldchain_alarms: Defaulted<
    AlarmRow,
    'created_at' | 'updated_at' | 'acknowledged_at' | 'acknowledged_by' | 'withdrawn_at' | 'cleared_at'
  >;
};

export type NewAlarm = Omit<
  AlarmRow,
  'created_at' | 'updated_at' | 'acknowledged_at' | 'acknowledged_by' | 'withdrawn_at'
>;
/** What re-evaluation may change on a stored alarm. */
export type AlarmFacts = Pick<
  AlarmRow,
  | 'direction'
  | 'severity'
  | 'started_at'
  | 'raised_at'
  | 'cleared_at'
  | 'min_c'
  | 'max_c'
  | 'max_deviation_c'
  | 'out_minutes'
>;

export interface AlarmQuery {
  readonly organizationId?: string;
  readonly equipment?: string;
  readonly assignmentId?: string;
  readonly kind?: AlarmKind;
  readonly status?: 'open' | 'acknowledged' | 'cleared' | 'active';
  readonly limit: number;
}

export class ColdChainRepository {
  private readonly db: Kysely<ColdChainTables>;

  constructor(db: Db | Kysely<ColdChainTables>) {
    this.db = (db as Db).withTables
      ? (db as Db).withTables<ColdChainTables>()
      : (db as Kysely<ColdChainTables>);
  }

  private inTransaction<T>(fn: (trx: Transaction<ColdChainTables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  // ── profiles ──

  listProfiles(): Promise<ProfileRow[]> {
    return this.db.selectFrom('coldchain_profiles').selectAll().orderBy('min_c').orderBy('id').execute();
  }

  findProfile(id: string): Promise<ProfileRow | undefined> {
    return this.db.selectFrom('coldchain_profiles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** One version of a profile (with the profile's `builtin`), as a journey keeps it. */
  async findProfileVersion(id: string, version: number): Promise<ProfileRow | undefined> {
    const r = await this.db
      .selectFrom('coldchain_profile_versions as v')
      .innerJoin('coldchain_profiles as p', 'p.id', 'v.profile_id')
      .select([
        'v.profile_id as id',
        'v.version',
        'v.name_en',
        'v.name_zh',
        'v.min_c',
        'v.max_c',
        'v.tolerance_minutes',
        'v.hysteresis_c',
        'v.clear_minutes',
        'v.silent_minutes',
        'v.source',
        'v.estimate',
        'v.created_at as updated_at',
        'v.created_by as updated_by',
        'p.builtin',
      ])
      .where('v.profile_id', '=', id)
      .where('v.version', '=', version)
      .executeTakeFirst();
    return r as ProfileRow | undefined;
  }

  /** Stores the current version of these profiles as a version row when it is missing. */
  private async snapshot(trx: Kysely<ColdChainTables>, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await sql`
      INSERT INTO coldchain_profile_versions (profile_id, version, name_en, name_zh, min_c, max_c,
        tolerance_minutes, hysteresis_c, clear_minutes, silent_minutes, source, estimate, created_at, created_by)
      SELECT id, version, name_en, name_zh, min_c, max_c, tolerance_minutes, hysteresis_c, clear_minutes,
        silent_minutes, source, estimate, updated_at, updated_by FROM coldchain_profiles
      WHERE id IN (${sql.join([...ids])})
      ON CONFLICT (profile_id, version) DO NOTHING`.execute(trx);
  }

  /** Inserts the shipped defaults that are missing; never overwrites a planner's edit. */
  async insertMissingProfiles(
    rows: readonly Omit<ProfileRow, 'updated_at' | 'updated_by' | 'version' | 'silent_minutes'>[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    return this.inTransaction(async (trx) => {
      const done = await trx
        .insertInto('coldchain_profiles')
        .values([...rows])
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      await this.snapshot(
        trx,
        done.map((d) => d.id),
      );
      return done.length;
    });
  }

  async insertProfile(row: Omit<ProfileRow, 'updated_at' | 'version'>): Promise<boolean> {
    return this.inTransaction(async (trx) => {
      const done = await trx
        .insertInto('coldchain_profiles')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      await this.snapshot(
        trx,
        done.map((d) => d.id),
      );
      return done.length > 0;
    });
  }

  /** Edits a profile: a new version (the journeys assigned before keep theirs). */
  async updateProfile(
    id: string,
    values: Omit<ProfileRow, 'id' | 'builtin' | 'updated_at' | 'version'>,
  ): Promise<ProfileRow | undefined> {
    return this.inTransaction(async (trx) => {
      const row = await trx
        .updateTable('coldchain_profiles')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date().toISOString() }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row) await this.snapshot(trx, [id]);
      return row;
    });
  }

  // ── assignments ──

  insertAssignment(row: Omit<AssignmentRow, 'created_at'>): Promise<AssignmentRow> {
    return this.db.insertInto('coldchain_assignments').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findAssignment(id: string): Promise<AssignmentRow | undefined> {
    return this.db.selectFrom('coldchain_assignments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Assignments of a box whose window overlaps [from, to) (to null = open-ended). */
  overlapping(equipment: string, from: string, to: string | null): Promise<AssignmentRow[]> {
    let q = this.db
      .selectFrom('coldchain_assignments')
      .selectAll()
      .where('equipment', '=', equipment)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', from)]));
    if (to !== null) q = q.where('starts_at', '<', to);
    return q.execute();
  }

  /** Assignments of these boxes whose window holds some instant in [from, to]. */
  forEquipment(equipment: readonly string[], from: string, to: string): Promise<AssignmentRow[]> {
    if (equipment.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('coldchain_assignments')
      .selectAll()
      .where('equipment', 'in', [...equipment])
      .where('starts_at', '<=', to)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', from)]))
      .execute();
  }

  listAssignments(q: { organizationId?: string; active?: boolean; limit: number }): Promise<AssignmentRow[]> {
    let s = this.db.selectFrom('coldchain_assignments').selectAll();
    if (q.organizationId) s = s.where('organization_id', '=', q.organizationId);
    if (q.active) s = s.where('ends_at', 'is', null);
    return s.orderBy('starts_at', 'desc').orderBy('id').limit(q.limit).execute();
  }

  /** Assignments still open or ended after `since` (re-evaluated at start). */
  recentAssignments(since: string): Promise<AssignmentRow[]> {
    return this.db
      .selectFrom('coldchain_assignments')
      .selectAll()
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', since)]))
      .execute();
  }

  endAssignment(id: string, endsAt: string): Promise<AssignmentRow | undefined> {
    return this.db
      .updateTable('coldchain_assignments')
      .set({ ends_at: endsAt })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  // ── alarms ──

  /** The alarms of an assignment that stand (not withdrawn), oldest first. */
  standingAlarms(assignmentId: string): Promise<AlarmRow[]> {
    return this.db
      .selectFrom('coldchain_alarms')
      .selectAll()
      .where('assignment_id', '=', assignmentId)
      .where('withdrawn_at', 'is', null)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
  }

  /**
   * Alarms changed after `from` (change time to the millisecond, then id) and not after `before`,
   * oldest change first — withdrawn ones included: what a follower (the webhooks' catch-up) pages by.
   */
  alarmsChangedSince(from: { at: string; id: string }, limit: number, before?: string): Promise<AlarmRow[]> {
    // to the millisecond, as a cursor holds it (now() has microseconds): pages never repeat a row
    const at = sql<string>`date_trunc('milliseconds', updated_at)`;
    let q = this.db
      .selectFrom('coldchain_alarms')
      .selectAll()
      .where(
        sql<boolean>`(${at} > ${from.at}::timestamptz or (${at} = ${from.at}::timestamptz and id > ${from.id}))`,
      );
    if (before) q = q.where(sql<boolean>`${at} <= ${before}::timestamptz`);
    return q.orderBy(at).orderBy('id').limit(limit).execute();
  }

  findAlarm(id: string): Promise<AlarmRow | undefined> {
    return this.db.selectFrom('coldchain_alarms').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listAlarms(q: AlarmQuery): Promise<AlarmRow[]> {
    let s = this.db.selectFrom('coldchain_alarms').selectAll().where('withdrawn_at', 'is', null);
    if (q.organizationId) s = s.where('organization_id', '=', q.organizationId);
    if (q.equipment) s = s.where('equipment', '=', q.equipment);
    if (q.assignmentId) s = s.where('assignment_id', '=', q.assignmentId);
    if (q.kind) s = s.where('kind', '=', q.kind);
    if (q.status === 'open') s = s.where('cleared_at', 'is', null).where('acknowledged_at', 'is', null);
    if (q.status === 'acknowledged')
      s = s.where('cleared_at', 'is', null).where('acknowledged_at', 'is not', null);
    if (q.status === 'active') s = s.where('cleared_at', 'is', null);
    if (q.status === 'cleared') s = s.where('cleared_at', 'is not', null);
    return s.orderBy('raised_at', 'desc').orderBy('id').limit(q.limit).execute();
  }

  /** Applies one re-evaluation of an assignment's alarms in one transaction. */
  async reconcile(change: {
    insert: readonly NewAlarm[];
    update: readonly { id: string; facts: AlarmFacts }[];
    withdraw: readonly string[];
  }): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      if (change.insert.length > 0)
        await trx
          .insertInto('coldchain_alarms')
          .values([...change.insert])
          .execute();
      for (const u of change.update)
        await trx
          .updateTable('coldchain_alarms')
          .set({ ...u.facts, updated_at: now })
          .where('id', '=', u.id)
          .execute();
      if (change.withdraw.length > 0)
        await trx
          .updateTable('coldchain_alarms')
          .set({ withdrawn_at: now, updated_at: now })
          .where('id', 'in', [...change.withdraw])
          .execute();
    });
  }

  /** Records who acknowledged; only the first acknowledgment counts. */
  acknowledge(id: string, by: string, at: string): Promise<AlarmRow | undefined> {
    return this.db
      .updateTable('coldchain_alarms')
      .set({ acknowledged_at: at, acknowledged_by: by, updated_at: at })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }
}
