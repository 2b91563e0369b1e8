/**
 * The trains' transport events as the ETAs read them, pure: one actual TRANSPORT event as a record,
 * every train's records in stored order (TransportLog, which absorbs duplicates and retractions in any
 * order), and what a train's events teach (learned per-leg and dwell times) as the ETA's distributions.
 */
import {
  type Dist,
  emptySamples,
  type LearnedTimes,
  learnFrom,
  type Samples,
  type TransportObservation,
} from './eta';
import type { RouteShape } from './route-match';

/** One actual TRANSPORT event of a train, as the ETA and the learned times read it. */
export interface TransportRecord {
  /** `deviceId/eventId`. */
  readonly key: string;
  readonly seq: number;
  readonly train: string;
  readonly obs: TransportObservation;
}

/**
 * Every train's actual, not retracted TRANSPORT events in stored (`seq`) order, kept in memory: filled
 * once from the table, then from the bus. Adding an event twice or retracting one twice changes
 * nothing, so the first load and the bus may overlap; a retraction that arrives before the event it
 * retracts keeps that event out.
 */
export class TransportLog {
  private readonly byTrain = new Map<string, TransportRecord[]>();
  private readonly trainOf = new Map<string, string>();
  private readonly retracted = new Set<string>();

  /** Adds an event; the train when it changed. */
  add(r: TransportRecord): string | undefined {
    if (this.retracted.has(r.key) || this.trainOf.has(r.key)) return undefined;
    let list = this.byTrain.get(r.train);
    if (!list) {
      list = [];
      this.byTrain.set(r.train, list);
    }
    let i = list.length;
    while (i > 0 && list[i - 1]!.seq > r.seq) i--;
    list.splice(i, 0, r);
    this.trainOf.set(r.key, r.train);
    return r.train;
  }

  /** Retracts the event `deviceId/eventId`; the train when it changed. */
  retract(key: string): string | undefined {
    this.retracted.add(key);
    const train = this.trainOf.get(key);
    if (train === undefined) return undefined;
    this.trainOf.delete(key);
    const list = this.byTrain.get(train) ?? [];
    const i = list.findIndex((r) => r.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byTrain.delete(train);
    return train;
  }

  observations(train: string): TransportObservation[] {
    return (this.byTrain.get(train) ?? []).map((r) => r.obs);
  }

  trains(): IterableIterator<string> {
    return this.byTrain.keys();
  }
}

/** A stored event as a transport record, when it is one (actual, of a train at a place, no retraction). */
export function transportRecord(e: {
  deviceId: string;
  eventId: string;
  eventType: string;
  eventCode: string;
  classifier: string;
  eventTime: string;
  trainReference: string | null;
  location: string | null;
  retractedEventId: string | null;
  seq?: number | undefined;
}): TransportRecord | undefined {
  if (e.eventType !== 'TRANSPORT' || e.classifier !== 'ACT' || e.retractedEventId) return undefined;
  if (!e.trainReference || !e.location) return undefined;
  return {
    key: `${e.deviceId}/${e.eventId}`,
    seq: e.seq ?? Number.MAX_SAFE_INTEGER,
    train: e.trainReference,
    obs: { code: e.eventCode as 'DEPA' | 'ARRI', location: e.location, time: e.eventTime },
  };
}

/** What the ETAs are computed from: the trains' transport events and the times learned from them. */
export interface TransportState {
  readonly log: TransportLog;
  readonly times: LearnedTimes;
}

/** What one train's events teach (nothing when its route is unknown). */
export function learned(shape: RouteShape | null, obs: readonly TransportObservation[]): Samples {
  const samples = emptySamples();
  if (shape) learnFrom(shape, obs, samples);
  return samples;
}

/** The distributions the ETA of a route uses: learned per leg and stop, or the plan's prior. */
export function distributionsOf(times: LearnedTimes, shape: RouteShape): { legs: Dist[]; dwell: Dist[] } {
  return {
    legs: shape.legs.map((l) => times.leg(l.id, l.hours)),
    dwell: shape.stops.map((st, i) => times.stop(st.id, shape.dwellHours[i] ?? 0)),
  };
}
