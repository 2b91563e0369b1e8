/**
 * "Device silent" (设备失联): a box whose devices stop reporting. Pure: no clock — the caller gives the
 * horizon, the time up to which silence is judged.
 *
 * - A gap between two consecutive readings of a journey (all its counting devices together, canonical
 *   order) LONGER than the gap limit is a silent alarm: started at the last reading before the gap,
 *   raised at started + limit, cleared at the reading that ended it.
 * - After the last reading, the silence is judged against the horizon: the engine uses the latest
 *   device time it has seen across the whole fleet (capped by the platform clock and by the journey's
 *   end). A simulated twin whose clock lags the wall clock, or a fleet that stops all at once (the
 *   twin paused), then raises nothing; one box falling quiet while the others report does.
 * - Silence is judged from the journey's first reading on: a box that never reported is not "silent".
 * - A journey that ended (and the horizon reached its end) closes its open silence at the end: the box
 *   is no longer watched.
 * - Severity: minor, major from 2× the limit, critical from 4× (the excursion rule's duration factors).
 *   An open silent alarm's `outMinutes` is the step it reached (1×, 2× or 4× the limit), so it changes
 *   only when it escalates; once cleared it is the whole gap.
 */
import { canonicalOrder, DEFAULT_SEVERITY, type Sample, type Severity, type SeverityRule } from './detect';

export type AlarmKind = 'excursion' | 'silent';

/** The default gap limit when a profile sets none (an operating choice, EST). */
export const DEFAULT_SILENT_MINUTES = 30;

export interface SilentAlarm {
  readonly kind: 'silent';
  readonly startedAt: string;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
  readonly direction: null;
  /** The last temperature before the silence (min = max). */
  readonly minC: number;
  readonly maxC: number;
  readonly maxDeviationC: 0;
  readonly outMinutes: number;
  readonly severity: Severity;
}

export interface SilenceState {
  /** Device time of the last reading folded in; null before the first. */
  readonly lastMs: number | null;
  readonly lastC: number | null;
  /** Gaps longer than the limit, closed by a later reading, oldest first. */
  readonly gaps: ReadonlyArray<{ readonly fromMs: number; readonly toMs: number; readonly c: number }>;
}

export const INITIAL_SILENCE: SilenceState = { lastMs: null, lastC: null, gaps: [] };

const MINUTE = 60_000;

/** Folds one reading in; it must not be earlier than the last one (canonical order). */
export function stepSilence(state: SilenceState, s: Sample, limitMinutes: number): SilenceState {
  const t = Date.parse(s.time);
  const gaps =
    state.lastMs !== null && state.lastC !== null && t - state.lastMs > limitMinutes * MINUTE
      ? [...state.gaps, { fromMs: state.lastMs, toMs: t, c: state.lastC }]
      : state.gaps;
  return { lastMs: Math.max(t, state.lastMs ?? t), lastC: s.temperatureC, gaps };
}

export function foldSilence(samples: readonly Sample[], limitMinutes: number): SilenceState {
  let st = INITIAL_SILENCE;
  for (const s of canonicalOrder(samples)) st = stepSilence(st, s, limitMinutes);
  return st;
}

function severity(silentMs: number, limitMs: number, rule: SeverityRule): Severity {
  if (silentMs >= rule.criticalDurationFactor * limitMs) return 'critical';
  if (silentMs >= rule.majorDurationFactor * limitMs) return 'major';
  return 'minor';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The silent alarms of a journey: the closed gaps, then the open silence at `horizonMs` (if any). */
export function silentAlarms(
  state: SilenceState,
  limitMinutes: number,
  horizonMs: number | null,
  endMs: number | null = null,
  rule: SeverityRule = DEFAULT_SEVERITY,
): SilentAlarm[] {
  const limit = limitMinutes * MINUTE;
  const out: SilentAlarm[] = state.gaps.map((g) => ({
    kind: 'silent',
    startedAt: iso(g.fromMs),
    raisedAt: iso(g.fromMs + limit),
    clearedAt: iso(g.toMs),
    direction: null,
    minC: g.c,
    maxC: g.c,
    maxDeviationC: 0,
    outMinutes: Math.round(((g.toMs - g.fromMs) / MINUTE) * 1000) / 1000,
    severity: severity(g.toMs - g.fromMs, limit, rule),
  }));
  if (
    state.lastMs !== null &&
    state.lastC !== null &&
    horizonMs !== null &&
    horizonMs - state.lastMs > limit
  ) {
    const sev = severity(horizonMs - state.lastMs, limit, rule);
    const ended = endMs !== null && horizonMs >= endMs;
    const factor =
      sev === 'critical' ? rule.criticalDurationFactor : sev === 'major' ? rule.majorDurationFactor : 1;
    out.push({
      kind: 'silent',
      startedAt: iso(state.lastMs),
      raisedAt: iso(state.lastMs + limit),
      clearedAt: ended ? iso(endMs) : null,
      direction: null,
      minC: state.lastC,
      maxC: state.lastC,
      maxDeviationC: 0,
      outMinutes: ended ? Math.round(((endMs - state.lastMs) / MINUTE) * 1000) / 1000 : limitMinutes * factor,
      severity: sev,
    });
  }
  return out;
}

/** What changes an open silence's stored alarm: when it began and how severe it is (for cheap sweeps). */
export function openSilenceMark(
  state: SilenceState,
  limitMinutes: number,
  horizonMs: number | null,
  rule: SeverityRule = DEFAULT_SEVERITY,
): string {
  const limit = limitMinutes * MINUTE;
  if (state.lastMs === null || horizonMs === null || horizonMs - state.lastMs <= limit) return '';
  return `${state.lastMs}:${severity(horizonMs - state.lastMs, limit, rule)}`;
}
