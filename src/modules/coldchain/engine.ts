/**
 * The detection engine: keeps, per journey, the detector's state after the last reading it folded in.
 * A batch of readings all later than that is stepped in; a late reading (earlier than the last
 * evaluated one), a start or an end re-evaluates the journey from its stored readings, read through
 * the tracking service. Either way the alarms follow from the set of stored readings alone, so
 * arrival order and duplicates change nothing.
 *
 * Only readings of devices of the box owner's organization or of the port operator count: another
 * tenant's device cannot raise (or hide) an alarm on someone else's box.
 *
 * Device silence (silence.ts) is judged against the fleet time: the latest device time of any reading
 * the engine has seen (bus batches, and the journeys' last readings at a re-evaluation), never later
 * than the platform clock plus `maxSkewMs`. When a batch moves the fleet time on, every journey the
 * engine follows is swept: a box whose last reading is older than its gap limit gets (or escalates) a
 * silent alarm; its next reading clears it. Silence is judged up to the journey's end.
 */
import type { EventBus } from '../../platform/events/bus';
import type { Principal } from '../../platform/http/access';
import type { StoredReading, TrackingService } from '../tracking/service';
import { type FoundAlarm, reconcileAlarms } from './alarms';
import {
  alarmsOf,
  canonicalOrder,
  type DetectorState,
  fold,
  INITIAL_STATE,
  isAfter,
  type Sample,
  step,
} from './detect';
import type { Profile } from './profiles';
import type { AssignmentRow, ColdChainRepository } from './repository';
import {
  DEFAULT_SILENT_MINUTES,
  foldSilence,
  openSilenceMark,
  type SilenceState,
  silentAlarms,
  stepSilence,
} from './silence';
import { OPERATOR_ORGANIZATION, profileView } from './views';

interface Track {
  assignment: AssignmentRow;
  profile: Profile;
  state: DetectorState;
  silence: SilenceState;
  /** The gap limit of this journey (its profile's, else the platform default), minutes. */
  silentMinutes: number;
  /** The detected alarms last written, as JSON (skip the database when nothing changed). */
  written: string | null;
  /** The open silence (start and severity) last written; a sweep writes only when it changes. */
  silentMark: string;
}

export interface EngineOptions {
  readonly now?: () => Date;
  /** The platform default gap limit for "device silent" (minutes), when a profile sets none. */
  readonly silentMinutes?: number;
  /** How far the fleet time may run ahead of the platform clock (device clocks), ms. */
  readonly maxSkewMs?: number;
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

export class DetectionEngine {
  private readonly tracks = new Map<string, Track>();
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  /** The latest device time seen across the fleet (ms), the horizon of device silence. */
  private fleetMs: number | null = null;
  private readonly now: () => Date;
  private readonly silentMinutes: number;
  private readonly maxSkewMs: number;

  constructor(
    private readonly repo: ColdChainRepository,
    private readonly tracking: TrackingService,
    private readonly bus: EventBus | undefined,
    options: EngineOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.silentMinutes = options.silentMinutes ?? DEFAULT_SILENT_MINUTES;
    this.maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
  }

  /** The fleet time (ISO), or null before any reading. */
  fleetTime(): string | null {
    return this.fleetMs === null ? null : new Date(this.fleetMs).toISOString();
  }

  /** Moves the fleet time on (never back, never past the platform clock + skew); whether it moved. */
  private advance(ms: number): boolean {
    const t = Math.min(ms, this.now().getTime() + this.maxSkewMs);
    if (this.fleetMs !== null && t <= this.fleetMs) return false;
    this.fleetMs = t;
    return true;
  }

  /** Listens to the readings on the bus (once). */
  listen(): void {
    if (!this.unsubscribe && this.bus)
      this.unsubscribe = this.bus.on('tracking.readings', (batch) => this.onReadings(batch));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Resolves when every batch handed to the engine so far has been evaluated and written. */
  settled(): Promise<void> {
    return this.queue;
  }

  enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    // one failure must not stop the engine: the next batch or a start re-evaluates
    this.queue = next.catch((err) => {
      process.stderr.write(`coldchain: evaluation failed: ${String(err)}\n`);
    });
    return next;
  }

  /** The latest temperature the engine folded in for a journey (null before any). */
  latest(assignmentId: string): { time: string; temperatureC: number } | null {
    const track = this.tracks.get(assignmentId);
    return track?.state.last && track.state.lastC !== null
      ? { time: new Date(track.state.last.ms).toISOString(), temperatureC: track.state.lastC }
      : null;
  }

  /** A batch from the bus: each journey it touches steps forward, or is re-evaluated if a reading is late. */
  onReadings(batch: readonly StoredReading[]): Promise<void> {
    const relevant = batch.filter(
      (r) => r.equipment !== undefined && r.temperatureC !== undefined && Number.isFinite(r.temperatureC),
    );
    let latest = Number.NEGATIVE_INFINITY;
    for (const r of batch) {
      const t = Date.parse(r.time);
      if (t > latest) latest = t;
    }
    if (relevant.length === 0 && latest === Number.NEGATIVE_INFINITY) return this.queue;
    return this.enqueue(async () => {
      const moved = latest > Number.NEGATIVE_INFINITY && this.advance(latest);
      if (relevant.length > 0) await this.evaluateBatch(relevant);
      if (moved) await this.sweep();
    });
  }

  /** Every journey followed whose open silence changed at the current fleet time is written. */
  async sweep(): Promise<void> {
    for (const track of this.tracks.values()) {
      const mark = openSilenceMark(track.silence, track.silentMinutes, this.horizon(track.assignment));
      if (mark !== track.silentMark) await this.write(track);
    }
  }

  private horizon(a: AssignmentRow): number | null {
    if (this.fleetMs === null) return null;
    return a.ends_at === null ? this.fleetMs : Math.min(this.fleetMs, Date.parse(a.ends_at));
  }

  private async evaluateBatch(relevant: readonly StoredReading[]): Promise<void> {
    {
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
        track.assignment = a;
        for (const s of ordered)
          if (isAfter(track.state, s)) {
            track.state = step(track.profile, track.state, s);
            track.silence = stepSilence(track.silence, s, track.silentMinutes);
          }
        await this.write(track);
      }
    }
  }

  private counts(a: AssignmentRow, organizationId: string): boolean {
    return organizationId === a.organization_id || organizationId === OPERATOR_ORGANIZATION;
  }

  /** The stored readings of a journey that count (owner's and operator's devices), in any order. */
  async journeyReadings(a: AssignmentRow): Promise<Sample[]> {
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

  async reevaluate(a: AssignmentRow): Promise<void> {
    // the version the journey was assigned with, not the profile as edited since
    const row = await this.repo.findProfileVersion(a.profile_id, a.profile_version);
    if (!row) return;
    const profile = profileView(row);
    const prev = this.tracks.get(a.id);
    const samples = await this.journeyReadings(a);
    const silentMinutes = profile.silentMinutes ?? this.silentMinutes;
    const track: Track = {
      assignment: a,
      profile,
      state: fold(profile, samples, INITIAL_STATE),
      silence: foldSilence(samples, silentMinutes),
      silentMinutes,
      written: prev?.written ?? null,
      silentMark: prev?.silentMark ?? '',
    };
    if (track.silence.lastMs !== null) this.advance(track.silence.lastMs);
    this.tracks.set(a.id, track);
    await this.write(track);
  }

  /** Writes a journey's alarms (excursions and silences) when they changed since the last write. */
  private async write(track: Track): Promise<void> {
    const a = track.assignment;
    const horizon = this.horizon(a);
    const detected: FoundAlarm[] = [
      ...alarmsOf(track.profile, track.state).map((d) => ({ ...d, kind: 'excursion' as const })),
      ...silentAlarms(
        track.silence,
        track.silentMinutes,
        horizon,
        a.ends_at === null ? null : Date.parse(a.ends_at),
      ),
    ];
    const key = JSON.stringify(detected);
    const mark = openSilenceMark(track.silence, track.silentMinutes, horizon);
    if (key === track.written) {
      track.silentMark = mark;
      return;
    }
    await reconcileAlarms(this.repo, this.bus, a, detected);
    track.written = key;
    track.silentMark = mark;
  }
}

function inWindow(a: AssignmentRow, time: string): boolean {
  const t = Date.parse(time);
  return t >= Date.parse(a.starts_at) && (a.ends_at === null || t < Date.parse(a.ends_at));
}

function toSample(r: StoredReading): Sample {
  return { deviceId: r.deviceId, seq: r.seq, time: r.time, temperatureC: r.temperatureC! };
}
