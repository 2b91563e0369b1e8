// Pure helpers of the Cold chain page: who may do what, the sparkline's geometry, merging live points,
// the order of alarms and the input of the profile editor.

import type { Me } from '../../shared/api';
import type { Alarm, Point, Profile, ProfileInput, Severity } from './api';

export const READERS = ['admin', 'planner', 'dispatcher', 'management', 'shipper', 'forwarder'] as const;
const WRITERS = ['admin', 'planner', 'dispatcher', 'shipper', 'forwarder'];
const PROFILE_EDITORS = ['admin', 'planner'];
const OPERATORS = ['admin', 'planner', 'dispatcher', 'management'];

export const mayWrite = (me: Me | null) => !!me && me.roles.some((r) => WRITERS.includes(r));
export const mayEditProfiles = (me: Me | null) => !!me && me.roles.some((r) => PROFILE_EDITORS.includes(r));
export const isOperator = (me: Me | null) => !!me && me.roles.some((r) => OPERATORS.includes(r));

export const SEVERITY_RANK: Record<Severity, number> = { minor: 0, major: 1, critical: 2 };

/** Active alarms first (open before acknowledged), then by severity, newest first. */
export function sortAlarms(alarms: readonly Alarm[]): Alarm[] {
  const statusRank = { open: 0, acknowledged: 1, cleared: 2 } as const;
  return [...alarms].sort(
    (a, b) =>
      statusRank[a.status] - statusRank[b.status] ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      Date.parse(b.raisedAt) - Date.parse(a.raisedAt) ||
      (a.id < b.id ? -1 : 1),
  );
}

/** Adds live points to a series: sorted by time, one point per instant, only those since `since`, at most `max`. */
export function mergePoints(
  series: readonly Point[],
  fresh: readonly Point[],
  since: number,
  max = 300,
): Point[] {
  const byTime = new Map<number, Point>();
  for (const p of [...series, ...fresh]) {
    const t = Date.parse(p.time);
    if (t >= since) byTime.set(t, p);
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(-max)
    .map(([, p]) => p);
}

export interface Spark {
  /** SVG path of the temperature (held between readings); empty with fewer than one point. */
  readonly line: string;
  /** The band as a rectangle (y and height), clipped to the chart. */
  readonly band: { readonly y: number; readonly height: number };
  readonly lo: number;
  readonly hi: number;
}

/** The sparkline of a series against a band, in a w×h box (y grows downwards). */
export function sparkline(points: readonly Point[], minC: number, maxC: number, w: number, h: number): Spark {
  let lo = minC - 1;
  let hi = maxC + 1;
  for (const p of points) {
    lo = Math.min(lo, p.temperatureC - 0.5);
    hi = Math.max(hi, p.temperatureC + 0.5);
  }
  const y = (c: number) => h - ((c - lo) / (hi - lo)) * h;
  const band = { y: y(maxC), height: y(minC) - y(maxC) };
  if (points.length === 0) return { line: '', band, lo, hi };
  const t0 = Date.parse(points[0]!.time);
  const t1 = Math.max(Date.parse(points[points.length - 1]!.time), t0 + 1);
  const x = (iso: string) => ((Date.parse(iso) - t0) / (t1 - t0)) * w;
  const f = (n: number) => n.toFixed(1);
  let d = `M${f(points.length === 1 ? 0 : x(points[0]!.time))},${f(y(points[0]!.temperatureC))}`;
  for (const p of points.slice(1)) d += `H${f(x(p.time))}V${f(y(p.temperatureC))}`;
  if (points.length === 1) d += `H${f(w)}`;
  return { line: d, band, lo, hi };
}

/** Whether a temperature is outside a profile's band. */
export const outOfBand = (p: Pick<Profile, 'minC' | 'maxC'> | null, c: number) =>
  !!p && (c < p.minC || c > p.maxC);

export interface ProfileDraft {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly minC: string;
  readonly maxC: string;
  readonly toleranceMinutes: string;
  readonly hysteresisC: string;
  readonly clearMinutes: string;
  /** Blank: the platform default. */
  readonly silentMinutes: string;
  readonly source: string;
}

export function draftOf(p: Profile | null): ProfileDraft {
  return {
    id: p?.id ?? '',
    nameZh: p?.nameZh ?? '',
    nameEn: p?.nameEn ?? '',
    minC: p ? String(p.minC) : '',
    maxC: p ? String(p.maxC) : '',
    toleranceMinutes: p ? String(p.toleranceMinutes) : '30',
    hysteresisC: p ? String(p.hysteresisC) : '0.2',
    clearMinutes: p ? String(p.clearMinutes) : '15',
    silentMinutes: p?.silentMinutes != null ? String(p.silentMinutes) : '',
    source: p?.source ?? '',
  };
}

/** The request of a draft; numbers parsed (a blank or unreadable one is NaN, which the server refuses by field). */
export function inputOf(d: ProfileDraft, estimate: boolean): ProfileInput {
  const n = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.replace(',', '.')));
  return {
    nameZh: d.nameZh.trim(),
    nameEn: d.nameEn.trim(),
    minC: n(d.minC),
    maxC: n(d.maxC),
    toleranceMinutes: n(d.toleranceMinutes),
    hysteresisC: n(d.hysteresisC),
    clearMinutes: n(d.clearMinutes),
    silentMinutes: d.silentMinutes.trim() === '' ? null : n(d.silentMinutes),
    source: d.source.trim(),
    estimate,
  };
}
