// Moving trains on the map, kept outside React: each position report sets a new target and the
// drawing interpolates from where the train is shown now to it over the expected report interval,
// so 500 trains glide at the screen's frame rate while reports come every few seconds. Pure.

export type Phase = 'forming' | 'running' | 'waiting' | 'transshipping' | 'arrived';

export interface TrainMotion {
  fromLon: number;
  fromLat: number;
  toLon: number;
  toLat: number;
  /** Animation start and end, ms on the page clock (performance.now()). */
  t0: number;
  t1: number;
  phase: Phase;
  /** Last report time (page clock), to learn the report interval. */
  lastReport: number;
}

export const MIN_GLIDE_MS = 400;
export const MAX_GLIDE_MS = 15_000;

/** Where a train is shown at `now`: linear between its last shown point and its target. */
export function shownAt(m: TrainMotion, now: number): [number, number] {
  if (now >= m.t1 || m.t1 <= m.t0) return [m.toLon, m.toLat];
  const k = Math.max(0, (now - m.t0) / (m.t1 - m.t0));
  return [m.fromLon + (m.toLon - m.fromLon) * k, m.fromLat + (m.toLat - m.fromLat) * k];
}

export class TrainStore {
  readonly trains = new Map<string, TrainMotion>();
  /** Bumped on every change, for cheap "anything new?" checks. */
  version = 0;

  /** A position report: glide from the shown point to it over the train's report interval. */
  report(id: string, lon: number, lat: number, now: number, phase?: Phase): void {
    const m = this.trains.get(id);
    this.version++;
    if (!m) {
      this.trains.set(id, {
        fromLon: lon,
        fromLat: lat,
        toLon: lon,
        toLat: lat,
        t0: now,
        t1: now,
        phase: phase ?? 'running',
        lastReport: now,
      });
      return;
    }
    const [x, y] = shownAt(m, now);
    const interval = Math.min(MAX_GLIDE_MS, Math.max(MIN_GLIDE_MS, now - m.lastReport));
    m.fromLon = x;
    m.fromLat = y;
    m.toLon = lon;
    m.toLat = lat;
    m.t0 = now;
    m.t1 = now + interval;
    m.lastReport = now;
    if (phase) m.phase = phase;
  }

  setPhase(id: string, phase: Phase): void {
    const m = this.trains.get(id);
    if (m) {
      m.phase = phase;
      this.version++;
    }
  }

  /** Drops trains not in `keep` (arrived and gone from the live list). */
  retain(keep: ReadonlySet<string>): void {
    for (const id of this.trains.keys()) if (!keep.has(id)) this.trains.delete(id);
    this.version++;
  }
}
