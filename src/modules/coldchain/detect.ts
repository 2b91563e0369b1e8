/**
 * Excursion detection: a deterministic state machine over a box's temperature readings in device-time
 * order. The temperature is taken as held from one reading to the next (sample and hold).
 *
 * - A run outside the profile's band that lasts LONGER than the tolerance raises one alarm, at
 *   `startedAt + tolerance` (device time).
 * - The alarm stays the same alarm while the temperature wanders between out-of-band and the
 *   hysteresis zone; it clears once the temperature has stayed inside the band narrowed by the
 *   hysteresis margin for `clearMinutes`, at `clearSince + clearMinutes`.
 * - Severity grows with the largest deviation and the time spent out of band during the alarm.
 *
 * Readings are sorted by (device time, device id, seq) and de-duplicated by (device id, seq) before
 * they are folded, so the alarms are the same whatever the arrival order, and a duplicate changes
 * nothing. `step` lets a caller go on from a saved state with readings later than the last one.
 * Pure: no clock, no I/O.
 */
import type { Profile } from './profiles';

export interface Sample {
  readonly deviceId: string;
  readonly seq: number;
  /** Device time, ISO-8601. */
  readonly time: string;
  readonly temperatureC: number;
}

export type Severity = 'minor' | 'major' | 'critical';
export type Direction = 'high' | 'low';

/** How deviation and duration grade an alarm (configurable; the defaults are operating choices, EST). */
export interface SeverityRule {
  /** °C beyond the band from which an alarm is major / critical. */
  readonly majorDeviationC: number;
  readonly criticalDeviationC: number;
  /** Out-of-band time, in multiples of the tolerance, from which an alarm is major / critical. */
  readonly majorDurationFactor: number;
  readonly criticalDurationFactor: number;
}

export const DEFAULT_SEVERITY: SeverityRule = {
  majorDeviationC: 1,
  criticalDeviationC: 3,
  majorDurationFactor: 2,
  criticalDurationFactor: 4,
};

export interface DetectedAlarm {
  /** When the out-of-band run that raised it began (a reading's time). */
  readonly startedAt: string;
  /** startedAt + tolerance. */
  readonly raisedAt: string;
  /** clearSince + clearMinutes, or null while active. */
  readonly clearedAt: string | null;
  /** Side of the band of the first run. */
  readonly direction: Direction;
  readonly minC: number;
  readonly maxC: number;
  readonly maxDeviationC: number;
  /** Out-of-band time from startedAt up to the clearing (or the last reading). */
  readonly outMinutes: number;
  readonly severity: Severity;
}

interface Open {
  startMs: number;
  direction: Direction;
  minC: number;
  maxC: number;
  maxDeviationC: number;
  outMs: number;
}

export interface DetectorState {
  /** Order key of the last reading folded in; null before the first. */
  readonly last: { readonly ms: number; readonly deviceId: string; readonly seq: number } | null;
  readonly lastC: number | null;
  /** The current out-of-band run (also kept, with the alarm, while an alarm is active). */
  readonly run: Readonly<Open> | null;
  /** The active alarm, if any. */
  readonly alarm: (Readonly<Open> & { readonly raisedMs: number }) | null;
  /** Since when the temperature is inside the clearing band (only while an alarm is active). */
  readonly clearSinceMs: number | null;
  /** Alarms cleared so far, oldest first. */
  readonly cleared: readonly DetectedAlarm[];
}

export const INITIAL_STATE: DetectorState = {
  last: null,
  lastC: null,
  run: null,
  alarm: null,
  clearSinceMs: null,
  cleared: [],
};

const MINUTE = 60_000;

function deviation(p: Profile, c: number): number {
  if (c > p.maxC) return c - p.maxC;
  if (c < p.minC) return p.minC - c;
  return 0;
}

function inClearBand(p: Profile, c: number): boolean {
  return c >= p.minC + p.hysteresisC && c <= p.maxC - p.hysteresisC;
}

export function severityOf(
  p: Profile,
  maxDeviationC: number,
  outMs: number,
  rule: SeverityRule = DEFAULT_SEVERITY,
): Severity {
  const tol = Math.max(p.toleranceMinutes, 1) * MINUTE;
  if (maxDeviationC >= rule.criticalDeviationC || outMs >= rule.criticalDurationFactor * tol)
    return 'critical';
  if (maxDeviationC >= rule.majorDeviationC || outMs >= rule.majorDurationFactor * tol) return 'major';
  return 'minor';
}

/** The total order of readings: device time, then device id, then seq. */
export function compareSamples(a: Sample, b: Sample): number {
  const d = Date.parse(a.time) - Date.parse(b.time);
  if (d !== 0) return d;
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId ? -1 : 1;
  return a.seq - b.seq;
}

/** Sorted and de-duplicated by (device id, seq) — the first of two copies in sorted order is kept. */
export function canonicalOrder(samples: readonly Sample[]): Sample[] {
  const seen = new Set<string>();
  const out: Sample[] = [];
  for (const s of [...samples].sort(compareSamples)) {
    const key = `${s.deviceId}\u0000${s.seq}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** Whether `s` comes after the state's last reading in the total order (so `step` may take it). */
export function isAfter(state: DetectorState, s: Sample): boolean {
  const l = state.last;
  if (!l) return true;
  const ms = Date.parse(s.time);
  if (ms !== l.ms) return ms > l.ms;
  if (s.deviceId !== l.deviceId) return s.deviceId > l.deviceId;
  return s.seq > l.seq;
}

function closeAlarm(
  p: Profile,
  a: NonNullable<DetectorState['alarm']>,
  clearedMs: number | null,
  rule: SeverityRule,
): DetectedAlarm {
  return {
    startedAt: new Date(a.startMs).toISOString(),
    raisedAt: new Date(a.raisedMs).toISOString(),
    clearedAt: clearedMs === null ? null : new Date(clearedMs).toISOString(),
    direction: a.direction,
    minC: a.minC,
    maxC: a.maxC,
    maxDeviationC: round(a.maxDeviationC),
    outMinutes: round(a.outMs / MINUTE),
    severity: severityOf(p, a.maxDeviationC, a.outMs, rule),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Folds one reading in. The reading must come after the state's last one (`isAfter`); a caller with
 * an earlier reading re-runs `detect` over all of them.
 */
export function step(
  p: Profile,
  state: DetectorState,
  s: Sample,
  rule: SeverityRule = DEFAULT_SEVERITY,
): DetectorState {
  const t = Date.parse(s.time);
  const tol = p.toleranceMinutes * MINUTE;
  const clearMs = p.clearMinutes * MINUTE;
  let run = state.run ? { ...state.run } : null;
  let alarm = state.alarm ? { ...state.alarm } : null;
  let clearSince = state.clearSinceMs;
  let cleared = state.cleared;

  // 1. the segment [last, t) with the last temperature held
  if (state.last && state.lastC !== null) {
    const dt = t - state.last.ms;
    const heldOut = deviation(p, state.lastC) > 0;
    if (heldOut && run) {
      run.outMs += dt;
      if (alarm) alarm.outMs += dt;
      else if (t - run.startMs > tol) alarm = { ...run, raisedMs: run.startMs + tol };
    }
    if (alarm && clearSince !== null && clearSince + clearMs <= t) {
      cleared = [...cleared, closeAlarm(p, alarm, clearSince + clearMs, rule)];
      alarm = null;
      clearSince = null;
    }
  }

  // 2. the new temperature
  const c = s.temperatureC;
  const dev = deviation(p, c);
  if (dev > 0) {
    if (!run) {
      run = {
        startMs: t,
        direction: c > p.maxC ? 'high' : 'low',
        minC: c,
        maxC: c,
        maxDeviationC: dev,
        outMs: 0,
      };
    } else {
      run.minC = Math.min(run.minC, c);
      run.maxC = Math.max(run.maxC, c);
      run.maxDeviationC = Math.max(run.maxDeviationC, dev);
    }
    if (alarm) {
      alarm.minC = Math.min(alarm.minC, c);
      alarm.maxC = Math.max(alarm.maxC, c);
      alarm.maxDeviationC = Math.max(alarm.maxDeviationC, dev);
      clearSince = null;
    }
  } else {
    run = null;
    if (alarm) {
      if (inClearBand(p, c)) clearSince ??= t;
      else clearSince = null;
      // with clearMinutes = 0 the alarm clears the moment the temperature is back
      if (clearSince !== null && clearSince + clearMs <= t) {
        cleared = [...cleared, closeAlarm(p, alarm, clearSince + clearMs, rule)];
        alarm = null;
        clearSince = null;
      }
    }
  }
  return {
    last: { ms: t, deviceId: s.deviceId, seq: s.seq },
    lastC: c,
    run,
    alarm,
    clearSinceMs: clearSince,
    cleared,
  };
}

/** Every alarm of the state: the cleared ones, then the active one (clearedAt null). */
export function alarmsOf(
  p: Profile,
  state: DetectorState,
  rule: SeverityRule = DEFAULT_SEVERITY,
): DetectedAlarm[] {
  return state.alarm ? [...state.cleared, closeAlarm(p, state.alarm, null, rule)] : [...state.cleared];
}

/** Folds readings in from `state` (INITIAL_STATE by default), in canonical order. */
export function fold(
  p: Profile,
  samples: readonly Sample[],
  state: DetectorState = INITIAL_STATE,
  rule: SeverityRule = DEFAULT_SEVERITY,
): DetectorState {
  let st = state;
  for (const s of canonicalOrder(samples)) if (isAfter(st, s)) st = step(p, st, s, rule);
  return st;
}

/** The alarms of a set of readings — the same for any order and any duplicates of them. */
export function detect(
  p: Profile,
  samples: readonly Sample[],
  rule: SeverityRule = DEFAULT_SEVERITY,
): DetectedAlarm[] {
  return alarmsOf(p, fold(p, samples, INITIAL_STATE, rule), rule);
}
