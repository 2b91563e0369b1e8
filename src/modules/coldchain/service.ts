/**
 * Cold-chain use cases behind one door: profiles (planners edit them; profile-store.ts), a box's
 * profile for a journey (journeys.ts), the detection engine fed by the tracking readings on the bus
 * (engine.ts), alarms with their lifecycle (alarms.ts) and the compliance report (reports.ts). What
 * they show is in views.ts.
 *
 * The engine keeps, per journey, the detector's state after the last reading it folded in. A batch of
 * readings all later than that is stepped in; a late reading, an end or a start re-evaluates
 * the journey from its stored readings. Either way the alarms follow from the set of stored readings
 * alone, so arrival order and duplicates change nothing. Stored alarms are reconciled with the
 * detected ones (matched by overlapping time), keeping who acknowledged them; each change is
 * announced on the bus after commit.
 */
import type { Result } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import type { Principal } from '../../platform/http/access';
import type { StoredReading, TrackingService } from '../tracking/service';
import { acknowledgeAlarm, listAlarms } from './alarms';
import { DetectionEngine } from './engine';
import {
  assign,
  endJourney,
  type JourneyDeps,
  journeyTemperatures,
  listReefers,
  type NewJourney,
} from './journeys';
import * as profiles from './profile-store';
import type { ProfileInput } from './profiles';
import { complianceReport } from './reports';
import type { AlarmRow, ColdChainRepository } from './repository';
import type { AlarmKind } from './silence';
import type { AlarmView, AssignmentView, ComplianceReport, ProfileView, ReeferView } from './views';

export { matchAlarms } from './alarms';
export { type AlarmKind, DEFAULT_SILENT_MINUTES } from './silence';
export {
  type AlarmChange,
  type AlarmNotice,
  type AlarmStatus,
  type AlarmView,
  type AssignmentView,
  alarmStatus,
  alarmView,
  type ComplianceReport,
  OPERATOR_ORGANIZATION,
  type ProfileView,
  profileView,
  type ReeferView,
} from './views';

export interface ColdChainOptions {
  readonly bus?: EventBus;
  readonly now?: () => Date;
  /** The platform default gap limit of "device silent" alarms (minutes; default 30), when a profile sets none. */
  readonly silentMinutes?: number;
}

export class ColdChainService {
  private readonly bus: EventBus | undefined;
  private readonly now: () => Date;
  private readonly engine: DetectionEngine;
  private readonly deps: JourneyDeps;

  constructor(
    private readonly repo: ColdChainRepository,
    tracking: TrackingService,
    options: ColdChainOptions = {},
  ) {
    this.bus = options.bus;
    this.now = options.now ?? (() => new Date());
    this.engine = new DetectionEngine(repo, tracking, this.bus, {
      now: this.now,
      ...(options.silentMinutes !== undefined ? { silentMinutes: options.silentMinutes } : {}),
    });
    this.deps = { repo, engine: this.engine, now: this.now };
  }

  // ── start ────────────────────────────────────────────────────────────────────────────────────

  /** Inserts the shipped profiles that are missing (never overwrites an edit); idempotent. */
  ensureDefaultProfiles(): Promise<number> {
    return profiles.ensureDefaultProfiles(this.repo);
  }

  /**
   * Listens to the readings on the bus and queues the re-evaluation of every journey open now (or
   * ended within the last `lookbackDays`) from its stored readings — the bus is not durable, so
   * readings stored while nobody listened are taken into account here.
   */
  async start(lookbackDays = 30): Promise<void> {
    this.engine.listen();
    const since = new Date(this.now().getTime() - lookbackDays * 86_400_000).toISOString();
    const rows = await this.repo.recentAssignments(since);
    // the catch-up runs behind the start (a long history must not hold the server back); readings
    // arriving meanwhile queue behind it. `settled()` tells when it is done.
    this.engine
      .enqueue(async () => {
        for (const a of rows) await this.engine.reevaluate(a);
        // the fleet time is known once every journey was read: judge the silences at it
        await this.engine.sweep();
      })
      .catch(() => undefined); // reported by the queue
  }

  stop(): void {
    this.engine.stop();
  }

  /** Resolves when every batch handed to the engine so far has been evaluated and written. */
  settled(): Promise<void> {
    return this.engine.settled();
  }

  /** A batch from the bus: each journey it touches steps forward, or is re-evaluated if a reading is late. */
  onReadings(batch: readonly StoredReading[]): Promise<void> {
    return this.engine.onReadings(batch);
  }

  // ── profiles ─────────────────────────────────────────────────────────────────────────────────

  listProfiles(): Promise<ProfileView[]> {
    return profiles.listProfiles(this.repo);
  }

  createProfile(principal: Principal, id: string, input: ProfileInput): Promise<Result<ProfileView>> {
    return profiles.createProfile(this.repo, principal, id, input);
  }

  /**
   * Edits a profile: a new version. Journeys assigned before keep the version they were assigned with
   * (their alarms and reports do not change); new assignments take the new one.
   */
  updateProfile(principal: Principal, id: string, input: ProfileInput): Promise<Result<ProfileView>> {
    return profiles.updateProfile(this.repo, principal, id, input);
  }

  // ── journeys ─────────────────────────────────────────────────────────────────────────────────

  assign(principal: Principal, input: NewJourney): Promise<Result<AssignmentView>> {
    return assign(this.deps, principal, input);
  }

  endJourney(principal: Principal, id: string, endsAt?: string): Promise<Result<AssignmentView>> {
    return endJourney(this.deps, principal, id, endsAt);
  }

  listReefers(principal: Principal, q: { active: boolean; limit: number }): Promise<ReeferView[]> {
    return listReefers(this.deps, principal, q);
  }

  journeyTemperatures(
    principal: Principal,
    id: string,
    q: { since?: string; limit: number },
  ): Promise<Result<{ assignment: AssignmentView; points: Array<{ time: string; temperatureC: number }> }>> {
    return journeyTemperatures(this.deps, principal, id, q);
  }

  // ── alarms ───────────────────────────────────────────────────────────────────────────────────

  listAlarms(
    principal: Principal,
    q: {
      status?: 'open' | 'acknowledged' | 'cleared' | 'active';
      kind?: AlarmKind;
      equipment?: string;
      limit: number;
    },
  ): Promise<AlarmView[]> {
    return listAlarms(this.repo, principal, q);
  }

  /**
   * The stored alarms changed since a cursor (time, id), withdrawn ones included, oldest change first
   * — for followers that must not miss a change (the webhooks' catch-up after a crash).
   */
  alarmsChangedSince(from: { at: string; id: string }, limit: number, before?: string): Promise<AlarmRow[]> {
    return this.repo.alarmsChangedSince(from, limit, before);
  }

  /** open → acknowledged (by whom, when). Acknowledging twice keeps the first; a cleared alarm may still be acknowledged. */
  acknowledge(principal: Principal, id: string): Promise<Result<AlarmView>> {
    return acknowledgeAlarm(this.repo, this.bus, principal, id, this.now().toISOString());
  }

  // ── report ───────────────────────────────────────────────────────────────────────────────────

  report(principal: Principal, id: string): Promise<Result<ComplianceReport>> {
    return complianceReport(this.deps, principal, id);
  }
}
