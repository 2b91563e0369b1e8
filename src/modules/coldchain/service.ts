/**
 * Cold-chain use cases: profiles (planners edit them), a box's profile for a journey, the detector
 * fed by the tracking readings on the bus, alarms with their lifecycle, and the compliance report.
 *
 * The engine keeps, per journey, the detector's state after the last reading it folded in. A batch of
 * readings all later than that is stepped in; a late reading (earlier than the last evaluated one),
 * a profile edit or a start re-evaluates the journey from its stored readings, read through the
 * tracking service. Either way the alarms follow from the set of stored readings alone, so arrival
 * order and duplicates change nothing. Stored alarms are reconciled with the detected ones (matched by
 * overlapping time), keeping who acknowledged them; each change is announced on the bus after commit.
 *
 * Only readings of devices of the box owner's organization or of the port operator count: another
 * tenant's device cannot raise (or hide) an alarm on someone else's box.
 */
import { randomUUID } from 'node:crypto';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import type { StoredReading, TrackingService } from '../tracking/service';
import {
  alarmsOf,
  canonicalOrder,
  type DetectedAlarm,
  type DetectorState,
  type Direction,
  fold,
  INITIAL_STATE,
  isAfter,
  type Sample,
  type Severity,
  step,
} from './detect';
import {
  DEFAULT_PROFILES,
  type Profile,
  type ProfileInput,
  profileViolation,
  suggestProfile,
} from './profiles';
import { type ComplianceSummary, summarize, thin } from './report';
import type {
  AlarmFacts,
  AlarmRow,
  AssignmentRow,
  ColdChainRepository,
  NewAlarm,
  ProfileRow,
} from './repository';

export const OPERATOR_ORGANIZATION = 'port-operator';

export interface ProfileView extends Profile {
  readonly builtin: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export interface AssignmentView {
  readonly id: string;
  readonly equipment: string;
  readonly organizationId: string;
  readonly profileId: string;
  readonly journey: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly createdBy: string;
}

export type AlarmStatus = 'open' | 'acknowledged' | 'cleared';

export interface AlarmView {
  readonly id: string;
  readonly assignmentId: string;
  readonly equipment: string;
  readonly organizationId: string;
  readonly profileId: string;
  readonly status: AlarmStatus;
  readonly severity: Severity;
  readonly direction: Direction;
  readonly startedAt: string;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
  readonly minC: number;
  readonly maxC: number;
  readonly maxDeviationC: number;
  readonly outMinutes: number;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

/** What happened to an alarm; 'updated' (figures only) is stored but not announced. */
export type AlarmChange = 'raised' | 'escalated' | 'updated' | 'acknowledged' | 'cleared' | 'withdrawn';

/** What the bus (and so the SSE feed and the webhooks) carries: the alarm, its tenant, the change. */
export type AlarmNotice = AlarmView & { readonly change: AlarmChange };

declare module '../../platform/events/bus' {
  interface BusTopics {
    /** An alarm was raised, escalated, acknowledged, cleared or withdrawn (for `organizationId`). */
    'coldchain.alarm': AlarmNotice;
  }
}

export interface ReeferView extends AssignmentView {
  readonly profile: ProfileView | null;
  readonly latest: { time: string; temperatureC: number } | null;
  readonly activeAlarms: number;
  readonly worstSeverity: Severity | null;
}

export interface ComplianceReport {
  readonly assignment: AssignmentView;
  readonly profile: ProfileView;
  readonly generatedAt: string;
  readonly summary: ComplianceSummary;
  readonly alarms: AlarmView[];
  /** The temperatures, thinned to at most 500 points, for the chart. */
  readonly series: Array<{ time: string; temperatureC: number }>;
}

export interface ColdChainOptions {
  readonly bus?: EventBus;
  readonly now?: () => Date;
}

function violation(field: string, code: string, en: string, zh: string): Violation {
  return { field, code, message: { en, zh } };
}

const notFound = (what: string, id: string, zh: string): Violation =>
  violation('', 'http.not_found', `no ${what} ${id}`, `没有${zh} ${id}`);

export function profileView(r: ProfileRow): ProfileView {
  return {
    id: r.id,
    nameEn: r.name_en,
    nameZh: r.name_zh,
    minC: r.min_c,
    maxC: r.max_c,
    toleranceMinutes: r.tolerance_minutes,
    hysteresisC: r.hysteresis_c,
    clearMinutes: r.clear_minutes,
    source: r.source,
    estimate: r.estimate,
    builtin: r.builtin,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function assignmentView(r: AssignmentRow): AssignmentView {
  return {
    id: r.id,
    equipment: r.equipment,
    organizationId: r.organization_id,
    profileId: r.profile_id,
    journey: r.journey,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdBy: r.created_by,
  };
}

export function alarmStatus(r: Pick<AlarmRow, 'cleared_at' | 'acknowledged_at'>): AlarmStatus {
  return r.cleared_at ? 'cleared' : r.acknowledged_at ? 'acknowledged' : 'open';
}

export function alarmView(r: AlarmRow): AlarmView {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    equipment: r.equipment,
    organizationId: r.organization_id,
    profileId: r.profile_id,
    status: alarmStatus(r),
    severity: r.severity,
    direction: r.direction,
    startedAt: r.started_at,
    raisedAt: r.raised_at,
    clearedAt: r.cleared_at,
    minC: r.min_c,
    maxC: r.max_c,
    maxDeviationC: r.max_deviation_c,
    outMinutes: r.out_minutes,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
  };
}

function facts(a: DetectedAlarm): AlarmFacts {
  return {
    direction: a.direction,
    severity: a.severity,
    started_at: a.startedAt,
    raised_at: a.raisedAt,
    cleared_at: a.clearedAt,
    min_c: a.minC,
    max_c: a.maxC,
    max_deviation_c: a.maxDeviationC,
    out_minutes: a.outMinutes,
  };
}

const SEVERITY_RANK: Record<Severity, number> = { minor: 0, major: 1, critical: 2 };
const FAR_FUTURE = Date.parse('9999-01-01T00:00:00Z');

function endOf(a: { clearedAt: string | null } | { cleared_at: string | null }): number {
  const c = 'clearedAt' in a ? a.clearedAt : a.cleared_at;
  return c === null ? FAR_FUTURE : Date.parse(c);
}

/**
 * Pairs detected alarms with stored ones: a stored alarm is the same alarm as a detected one when
 * their spans [startedAt, clearedAt] overlap (each pairs at most once, in time order).
 */
export function matchAlarms(
  detected: readonly DetectedAlarm[],
  stored: readonly AlarmRow[],
): { pairs: Array<[DetectedAlarm, AlarmRow]>; fresh: DetectedAlarm[]; gone: AlarmRow[] } {
  const pairs: Array<[DetectedAlarm, AlarmRow]> = [];
  const fresh: DetectedAlarm[] = [];
  const used = new Set<string>();
  for (const d of detected) {
    const ds = Date.parse(d.startedAt);
    const de = endOf(d);
    const m = stored.find((s) => !used.has(s.id) && Date.parse(s.started_at) <= de && ds <= endOf(s));
    if (m) {
      used.add(m.id);
      pairs.push([d, m]);
    } else fresh.push(d);
  }
  return { pairs, fresh, gone: stored.filter((s) => !used.has(s.id)) };
}

interface Track {
  profile: Profile;
  state: DetectorState;
  /** The detected alarms last written, as JSON (skip the database when nothing changed). */
  written: string | null;
}

/** The reader used to re-read a journey's readings (a user of the owner's tenant, internal). */
function internalReader(organizationId: string): Principal {
  return {
    kind: 'user',
    userId: 'system:coldchain',
    username: 'coldchain',
    organizationId,
    organizationKind: organizationId === OPERATOR_ORGANIZATION ? 'port-operator' : 'shipper',
    // a tenant role: listReadings then returns exactly this organization's readings
    roles: ['shipper'],
    tokenId: '',
  };
}

export class ColdChainService {
  private readonly bus: EventBus | undefined;
  private readonly now: () => Date;
  private readonly tracks = new Map<string, Track>();
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly repo: ColdChainRepository,
    private readonly tracking: TrackingService,
    options: ColdChainOptions = {},
  ) {
    this.bus = options.bus;
    this.now = options.now ?? (() => new Date());
  }

  // ── start ────────────────────────────────────────────────────────────────────────────────────

  /** Inserts the shipped profiles that are missing (never overwrites an edit); idempotent. */
  async ensureDefaultProfiles(): Promise<number> {
    return this.repo.insertMissingProfiles(
      DEFAULT_PROFILES.map((p) => ({
        id: p.id,
        name_en: p.nameEn,
        name_zh: p.nameZh,
        min_c: p.minC,
        max_c: p.maxC,
        tolerance_minutes: p.toleranceMinutes,
        hysteresis_c: p.hysteresisC,
        clear_minutes: p.clearMinutes,
        source: p.source,
        estimate: p.estimate,
        builtin: true,
      })),
    );
  }

  /**
   * Listens to the readings on the bus and queues the re-evaluation of every journey open now (or
   * ended within the last `lookbackDays`) from its stored readings — the bus is not durable, so readings stored while
   * nobody listened are taken into account here.
   */
  async start(lookbackDays = 30): Promise<void> {
    if (!this.unsubscribe && this.bus)
      this.unsubscribe = this.bus.on('tracking.readings', (batch) => this.onReadings(batch));
    const since = new Date(this.now().getTime() - lookbackDays * 86_400_000).toISOString();
    const rows = await this.repo.recentAssignments(since);
    // the catch-up runs behind the start (a long history must not hold the server back); readings
    // arriving meanwhile queue behind it. `settled()` tells when it is done.
    this.enqueue(async () => {
      for (const a of rows) await this.reevaluate(a);
    }).catch(() => undefined); // reported by the queue
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Resolves when every batch handed to the engine so far has been evaluated and written. */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    // one failure must not stop the engine: the next batch or a start re-evaluates
    this.queue = next.catch((err) => {
      process.stderr.write(`coldchain: evaluation failed: ${String(err)}\n`);
    });
    return next;
  }

  // ── the engine ───────────────────────────────────────────────────────────────────────────────

  /** A batch from the bus: each journey it touches steps forward, or is re-evaluated if a reading is late. */
  onReadings(batch: readonly StoredReading[]): Promise<void> {
    const relevant = batch.filter(
      (r) => r.equipment !== undefined && r.temperatureC !== undefined && Number.isFinite(r.temperatureC),
    );
    if (relevant.length === 0) return this.queue;
    return this.enqueue(async () => {
      const boxes = [...new Set(relevant.map((r) => r.equipment!))];
      let min = relevant[0]!.time;
      let max = min;
      for (const r of relevant) {
        if (r.time < min) min = r.time;
        if (r.time > max) max = r.time;
      }
      const assignments = await this.repo.forEquipment(boxes, min, max);
      for (const a of assignments) {
        const samples = relevant
          .filter(
            (r) => r.equipment === a.equipment && this.counts(a, r.organizationId) && inWindow(a, r.time),
          )
          .map(toSample);
        if (samples.length === 0) continue;
        const track = this.tracks.get(a.id);
        const ordered = canonicalOrder(samples);
        if (!track || !ordered.every((s) => isAfter(track.state, s))) {
          await this.reevaluate(a);
          continue;
        }
        for (const s of ordered)
          if (isAfter(track.state, s)) track.state = step(track.profile, track.state, s);
        await this.write(a, track);
      }
    });
  }

  private counts(a: AssignmentRow, organizationId: string): boolean {
    return organizationId === a.organization_id || organizationId === OPERATOR_ORGANIZATION;
  }

  /** The stored readings of a journey that count (owner's and operator's devices), in any order. */
  private async journeyReadings(a: AssignmentRow): Promise<Sample[]> {
    const out: Sample[] = [];
    const orgs = [...new Set([a.organization_id, OPERATOR_ORGANIZATION])];
    for (const org of orgs) {
      let cursor: string | undefined;
      do {
        const page = await this.tracking.listReadings(internalReader(org), {
          equipment: a.equipment,
          from: a.starts_at,
          ...(a.ends_at ? { to: a.ends_at } : {}),
          ...(cursor ? { cursor } : {}),
          limit: 1000,
        });
        if (!page.ok) throw new Error(page.error.message.en);
        for (const r of page.value.items)
          if (r.temperatureC !== undefined)
            out.push({ deviceId: r.deviceId, seq: r.seq, time: r.time, temperatureC: r.temperatureC });
        cursor = page.value.nextCursor ?? undefined;
      } while (cursor);
    }
    return out;
  }

  private async reevaluate(a: AssignmentRow): Promise<void> {
    const row = await this.repo.findProfile(a.profile_id);
    if (!row) return;
    const profile = profileView(row);
    const prev = this.tracks.get(a.id);
    const track: Track = {
      profile,
      state: fold(profile, await this.journeyReadings(a), INITIAL_STATE),
      written: prev?.written ?? null,
    };
    this.tracks.set(a.id, track);
    await this.write(a, track);
  }

  /** Reconciles the stored alarms of a journey with the detected ones; announces after commit. */
  private async write(a: AssignmentRow, track: Track): Promise<void> {
    const detected = alarmsOf(track.profile, track.state);
    const key = JSON.stringify(detected);
    if (key === track.written) return;
    const stored = await this.repo.standingAlarms(a.id);
    const { pairs, fresh, gone } = matchAlarms(detected, stored);
    const insert: NewAlarm[] = fresh.map((d) => ({
      id: randomUUID(),
      assignment_id: a.id,
      equipment: a.equipment,
      organization_id: a.organization_id,
      profile_id: a.profile_id,
      ...facts(d),
    }));
    const update: { id: string; facts: AlarmFacts }[] = [];
    const notices: Array<{ id: string; change: AlarmChange }> = insert.map((r) => ({
      id: r.id,
      change: r.cleared_at ? 'cleared' : 'raised',
    }));
    for (const [d, s] of pairs) {
      const f = facts(d);
      const changed = (Object.keys(f) as (keyof AlarmFacts)[]).some((k) => !same(f[k], s[k]));
      if (!changed) continue;
      update.push({ id: s.id, facts: f });
      const change: AlarmChange =
        f.cleared_at !== null && s.cleared_at === null
          ? 'cleared'
          : SEVERITY_RANK[f.severity] > SEVERITY_RANK[s.severity]
            ? 'escalated'
            : 'updated';
      notices.push({ id: s.id, change });
    }
    for (const g of gone) notices.push({ id: g.id, change: 'withdrawn' });
    await this.repo.reconcile({ insert, update, withdraw: gone.map((g) => g.id) });
    track.written = key;
    if (!this.bus) return;
    // an active alarm's figures move with every reading: stored, but announced only when it matters
    for (const n of notices) {
      if (n.change === 'updated') continue;
      const row = await this.repo.findAlarm(n.id);
      if (row) this.bus.emit('coldchain.alarm', { ...alarmView(row), change: n.change });
    }
  }

  // ── profiles ─────────────────────────────────────────────────────────────────────────────────

  async listProfiles(): Promise<ProfileView[]> {
    return (await this.repo.listProfiles()).map(profileView);
  }

  async createProfile(principal: Principal, id: string, input: ProfileInput): Promise<Result<ProfileView>> {
    const v = profileViolation(input);
    if (v) return fail(v);
    const inserted = await this.repo.insertProfile({
      id,
      name_en: input.nameEn,
      name_zh: input.nameZh,
      min_c: input.minC,
      max_c: input.maxC,
      tolerance_minutes: input.toleranceMinutes,
      hysteresis_c: input.hysteresisC,
      clear_minutes: input.clearMinutes,
      source: input.source,
      estimate: input.estimate,
      builtin: false,
      updated_by: principal.username,
    });
    if (!inserted)
      return fail(
        violation('id', 'coldchain.profile.exists', `profile ${id} already exists`, `温度档案 ${id} 已存在`),
      );
    const row = await this.repo.findProfile(id);
    return ok(profileView(row!));
  }

  /** Edits a profile; every journey using it is re-evaluated with the new band. */
  async updateProfile(principal: Principal, id: string, input: ProfileInput): Promise<Result<ProfileView>> {
    const v = profileViolation(input);
    if (v) return fail(v);
    const row = await this.repo.updateProfile(id, {
      name_en: input.nameEn,
      name_zh: input.nameZh,
      min_c: input.minC,
      max_c: input.maxC,
      tolerance_minutes: input.toleranceMinutes,
      hysteresis_c: input.hysteresisC,
      clear_minutes: input.clearMinutes,
      source: input.source,
      estimate: input.estimate,
      updated_by: principal.username,
    });
    if (!row) return fail(notFound('profile', id, '温度档案'));
    const using = (await this.repo.recentAssignments(new Date(0).toISOString())).filter(
      (a) => a.profile_id === id,
    );
    await this.enqueue(async () => {
      for (const a of using) await this.reevaluate(a);
    });
    return ok(profileView(row));
  }

  // ── journeys ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Gives a box a profile for a journey from `startsAt` (default now). Operators name the owner
   * (`organizationId`, default the port operator); a shipper or forwarder assigns its own boxes.
   * Two journeys of one box may not overlap in time.
   */
  async assign(
    principal: Principal,
    input: {
      equipment: string;
      /** Or implied by the cargo (`hsCode`, `setpointC`) when absent. */
      profileId?: string;
      hsCode?: string;
      setpointC?: number;
      journey: string;
      startsAt?: string;
      endsAt?: string;
      organizationId?: string;
    },
  ): Promise<Result<AssignmentView>> {
    const all = seesAllTenants(principal);
    if (!all && input.organizationId !== undefined && input.organizationId !== principal.organizationId)
      return fail(
        violation(
          'organizationId',
          'coldchain.assignment.tenant',
          'you may assign profiles only to your own organization’s boxes',
          '只能为本组织的箱子指定温度档案',
        ),
      );
    const organizationId = all ? (input.organizationId ?? OPERATOR_ORGANIZATION) : principal.organizationId;
    const profileId = input.profileId ?? suggestProfile({ hsCode: input.hsCode, setpointC: input.setpointC });
    if (profileId === null)
      return fail(
        violation(
          'profileId',
          'coldchain.profile.none',
          `no profile fits the cargo ${input.hsCode ?? ''}: name a profileId`,
          `没有与货物 ${input.hsCode ?? ''} 相符的温度档案：请指定 profileId`,
        ),
      );
    if (!(await this.repo.findProfile(profileId)))
      return fail(
        violation(
          'profileId',
          'coldchain.profile.unknown',
          `no profile ${profileId}`,
          `没有温度档案 ${profileId}`,
        ),
      );
    const startsAt = new Date(input.startsAt ?? this.now().toISOString()).toISOString();
    const endsAt = input.endsAt ? new Date(input.endsAt).toISOString() : null;
    if (endsAt !== null && endsAt <= startsAt)
      return fail(
        violation(
          'endsAt',
          'coldchain.assignment.window',
          'endsAt must be after startsAt',
          'endsAt 须晚于 startsAt',
        ),
      );
    const clash = await this.repo.overlapping(input.equipment, startsAt, endsAt);
    if (clash.length > 0)
      return fail({
        ...violation(
          'equipment',
          'coldchain.assignment.overlap',
          `${input.equipment} already has a profile for ${clash[0]!.journey} from ${clash[0]!.starts_at}: end that journey first`,
          `${input.equipment} 已有行程 ${clash[0]!.journey}（自 ${clash[0]!.starts_at}）的温度档案：请先结束该行程`,
        ),
        details: { assignmentId: clash[0]!.id },
      });
    let row: AssignmentRow;
    try {
      row = await this.repo.insertAssignment({
        id: randomUUID(),
        equipment: input.equipment,
        organization_id: organizationId,
        profile_id: profileId,
        journey: input.journey,
        starts_at: startsAt,
        ends_at: endsAt,
        created_by: principal.username,
      });
    } catch (err) {
      if (/foreign key|violates/i.test(String(err)))
        return fail(
          violation(
            'organizationId',
            'coldchain.organization_unknown',
            `unknown organization ${organizationId}`,
            `未知组织 ${organizationId}`,
          ),
        );
      throw err;
    }
    // readings may already be stored for this window
    await this.enqueue(() => this.reevaluate(row));
    return ok(assignmentView(row));
  }

  private async visibleAssignment(principal: Principal, id: string): Promise<AssignmentRow | null> {
    const a = await this.repo.findAssignment(id);
    if (!a) return null;
    if (!seesAllTenants(principal) && a.organization_id !== principal.organizationId) return null;
    return a;
  }

  async endJourney(principal: Principal, id: string, endsAt?: string): Promise<Result<AssignmentView>> {
    const a = await this.visibleAssignment(principal, id);
    if (!a) return fail(notFound('journey', id, '行程'));
    if (a.ends_at)
      return fail(
        violation(
          '',
          'coldchain.assignment.ended',
          `journey ${id} ended at ${a.ends_at}`,
          `行程 ${id} 已于 ${a.ends_at} 结束`,
        ),
      );
    const at = new Date(endsAt ?? this.now().toISOString()).toISOString();
    if (at <= a.starts_at)
      return fail(
        violation(
          'endsAt',
          'coldchain.assignment.window',
          'endsAt must be after the start',
          'endsAt 须晚于开始时间',
        ),
      );
    const row = await this.repo.endAssignment(id, at);
    await this.enqueue(() => this.reevaluate(row!));
    return ok(assignmentView(row!));
  }

  /** The journeys the caller may see (active ones by default), each with its latest temperature and alarms. */
  async listReefers(principal: Principal, q: { active: boolean; limit: number }): Promise<ReeferView[]> {
    const rows = await this.repo.listAssignments({
      ...(seesAllTenants(principal) ? {} : { organizationId: principal.organizationId }),
      active: q.active,
      limit: q.limit,
    });
    const profiles = new Map((await this.repo.listProfiles()).map((p) => [p.id, profileView(p)]));
    const out: ReeferView[] = [];
    for (const a of rows) {
      const active = await this.repo.listAlarms({ assignmentId: a.id, status: 'active', limit: 100 });
      const track = this.tracks.get(a.id);
      const latest =
        track?.state.last && track.state.lastC !== null
          ? { time: new Date(track.state.last.ms).toISOString(), temperatureC: track.state.lastC }
          : null;
      out.push({
        ...assignmentView(a),
        profile: profiles.get(a.profile_id) ?? null,
        latest,
        activeAlarms: active.length,
        worstSeverity: active.reduce<Severity | null>(
          (w, x) => (w === null || SEVERITY_RANK[x.severity] > SEVERITY_RANK[w] ? x.severity : w),
          null,
        ),
      });
    }
    return out;
  }

  /** A journey's temperatures (for the sparkline), oldest first, at most `limit` of the latest. */
  async journeyTemperatures(
    principal: Principal,
    id: string,
    q: { since?: string; limit: number },
  ): Promise<Result<{ assignment: AssignmentView; points: Array<{ time: string; temperatureC: number }> }>> {
    const a = await this.visibleAssignment(principal, id);
    if (!a) return fail(notFound('journey', id, '行程'));
    const from = q.since && q.since > a.starts_at ? new Date(q.since).toISOString() : a.starts_at;
    const samples = canonicalOrder(await this.journeyReadings({ ...a, starts_at: from }));
    const points = samples.slice(-q.limit).map((s) => ({ time: s.time, temperatureC: s.temperatureC }));
    return ok({ assignment: assignmentView(a), points });
  }

  // ── alarms ───────────────────────────────────────────────────────────────────────────────────

  async listAlarms(
    principal: Principal,
    q: { status?: 'open' | 'acknowledged' | 'cleared' | 'active'; equipment?: string; limit: number },
  ): Promise<AlarmView[]> {
    const rows = await this.repo.listAlarms({
      ...(seesAllTenants(principal) ? {} : { organizationId: principal.organizationId }),
      ...(q.status ? { status: q.status } : {}),
      ...(q.equipment ? { equipment: q.equipment } : {}),
      limit: q.limit,
    });
    return rows.map(alarmView);
  }

  /** open → acknowledged (by whom, when). Acknowledging twice keeps the first; a cleared alarm may still be acknowledged. */
  async acknowledge(principal: Principal, id: string): Promise<Result<AlarmView>> {
    const row = await this.repo.findAlarm(id);
    if (
      !row ||
      row.withdrawn_at ||
      (!seesAllTenants(principal) && row.organization_id !== principal.organizationId)
    )
      return fail(notFound('alarm', id, '告警'));
    if (row.acknowledged_at) return ok(alarmView(row));
    const done = await this.repo.acknowledge(id, principal.username, this.now().toISOString());
    const now = done ?? (await this.repo.findAlarm(id))!;
    if (done) this.bus?.emit('coldchain.alarm', { ...alarmView(now), change: 'acknowledged' });
    return ok(alarmView(now));
  }

  // ── report ───────────────────────────────────────────────────────────────────────────────────

  async report(principal: Principal, id: string): Promise<Result<ComplianceReport>> {
    const a = await this.visibleAssignment(principal, id);
    if (!a) return fail(notFound('journey', id, '行程'));
    const p = await this.repo.findProfile(a.profile_id);
    if (!p) return fail(notFound('profile', a.profile_id, '温度档案'));
    const profile = profileView(p);
    const samples = canonicalOrder(await this.journeyReadings(a));
    const summary = summarize(profile, samples);
    const alarms = (await this.repo.listAlarms({ assignmentId: a.id, limit: 1000 })).map(alarmView).reverse();
    const series = thin(
      samples.map((x) => ({ time: x.time, temperatureC: x.temperatureC })),
      500,
    );
    return ok({
      assignment: assignmentView(a),
      profile,
      generatedAt: this.now().toISOString(),
      summary,
      alarms,
      series,
    });
  }
}

function inWindow(a: AssignmentRow, time: string): boolean {
  const t = Date.parse(time);
  return t >= Date.parse(a.starts_at) && (a.ends_at === null || t < Date.parse(a.ends_at));
}

function toSample(r: StoredReading): Sample {
  return { deviceId: r.deviceId, seq: r.seq, time: r.time, temperatureC: r.temperatureC! };
}

function same(a: unknown, b: unknown): boolean {
  if (
    typeof a === 'string' &&
    typeof b === 'string' &&
    !Number.isNaN(Date.parse(a)) &&
    !Number.isNaN(Date.parse(b))
  )
    return Date.parse(a) === Date.parse(b);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return a === b;
}
