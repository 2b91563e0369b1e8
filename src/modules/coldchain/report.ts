/**
 * The compliance figures of one box on one journey, from its readings (sample and hold, as the
 * detector): time in and out of the band, largest deviation, mean kinetic temperature, the
 * out-of-band runs and the alarms. Pure.
 *
 * Mean kinetic temperature (Haynes, J. Pharm. Sci. 60 (1971) 927; ICH Q1A(R2) glossary; USP <1079.2>
 * "Mean Kinetic Temperature in the Evaluation of Temperature Excursions"):
 *
 *   MKT = (ΔH/R) / ( −ln( Σ wᵢ·exp(−ΔH/(R·Tᵢ)) / Σ wᵢ ) )   [K]
 *
 * with Tᵢ in kelvin and wᵢ the time each temperature was held; ΔH = 83.144 kJ/mol, so ΔH/R =
 * 10,000 K by default (USP <1079.2>).
 */
import { canonicalOrder, type DetectedAlarm, detect, type Sample, type SeverityRule } from './detect';
import type { Profile } from './profiles';

export const DEFAULT_DH_OVER_R = 10_000;
const KELVIN = 273.15;
const MINUTE = 60_000;

/** Time-weighted mean kinetic temperature, °C; null without any held time (or one reading). */
export function meanKineticTemperature(
  points: readonly { readonly temperatureC: number; readonly weight: number }[],
  dhOverR = DEFAULT_DH_OVER_R,
): number | null {
  let sumW = 0;
  let sum = 0;
  // factor out the largest term for numerical range: exp(−a/T) is tiny for every T
  let ref = Number.NEGATIVE_INFINITY;
  for (const p of points) if (p.weight > 0) ref = Math.max(ref, -dhOverR / (p.temperatureC + KELVIN));
  if (!Number.isFinite(ref)) return null;
  for (const p of points) {
    if (p.weight <= 0) continue;
    sumW += p.weight;
    sum += p.weight * Math.exp(-dhOverR / (p.temperatureC + KELVIN) - ref);
  }
  const lnMean = Math.log(sum / sumW) + ref;
  return dhOverR / -lnMean - KELVIN;
}

export interface OutOfBandRun {
  readonly startedAt: string;
  readonly endedAt: string;
  readonly minutes: number;
  readonly direction: 'high' | 'low';
  readonly peakC: number;
  readonly maxDeviationC: number;
  /** Longer than the tolerance (so part of an alarm). */
  readonly beyondTolerance: boolean;
}

export interface ComplianceSummary {
  readonly readings: number;
  readonly firstReadingAt: string | null;
  readonly lastReadingAt: string | null;
  readonly coveredMinutes: number;
  readonly inBandMinutes: number;
  readonly outOfBandMinutes: number;
  /** inBand / covered, 0…1 (1 when nothing is covered). */
  readonly inBandShare: number;
  readonly minC: number | null;
  readonly maxC: number | null;
  readonly meanC: number | null;
  readonly maxDeviationC: number;
  readonly meanKineticC: number | null;
  readonly dhOverR: number;
  readonly longestGapMinutes: number;
  readonly runs: readonly OutOfBandRun[];
  readonly alarms: readonly DetectedAlarm[];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function dev(p: Profile, c: number): number {
  return c > p.maxC ? c - p.maxC : c < p.minC ? p.minC - c : 0;
}

/** The figures over the readings given (the caller picks the journey's window). */
export function summarize(
  p: Profile,
  samples: readonly Sample[],
  options: { dhOverR?: number; severity?: SeverityRule } = {},
): ComplianceSummary {
  const dhOverR = options.dhOverR ?? DEFAULT_DH_OVER_R;
  const s = canonicalOrder(samples);
  let inMs = 0;
  let outMs = 0;
  let gap = 0;
  let maxDev = 0;
  let sumC = 0;
  const weights: { temperatureC: number; weight: number }[] = [];
  const runs: OutOfBandRun[] = [];
  let run: { start: number; dir: 'high' | 'low'; peak: number; maxDev: number } | null = null;
  const tol = p.toleranceMinutes * MINUTE;
  const endRun = (end: number) => {
    if (!run) return;
    runs.push({
      startedAt: new Date(run.start).toISOString(),
      endedAt: new Date(end).toISOString(),
      minutes: r3((end - run.start) / MINUTE),
      direction: run.dir,
      peakC: run.peak,
      maxDeviationC: r3(run.maxDev),
      beyondTolerance: end - run.start > tol,
    });
    run = null;
  };
  for (let i = 0; i < s.length; i++) {
    const cur = s[i]!;
    const c = cur.temperatureC;
    const t = Date.parse(cur.time);
    sumC += c;
    const d = dev(p, c);
    maxDev = Math.max(maxDev, d);
    if (d > 0) {
      if (!run) run = { start: t, dir: c > p.maxC ? 'high' : 'low', peak: c, maxDev: d };
      else if (d > run.maxDev) {
        run.maxDev = d;
        run.peak = c;
      }
    } else endRun(t);
    const next = s[i + 1];
    if (!next) continue;
    const dt = Date.parse(next.time) - t;
    gap = Math.max(gap, dt);
    if (d > 0) outMs += dt;
    else inMs += dt;
    weights.push({ temperatureC: c, weight: dt });
  }
  const last = s[s.length - 1];
  if (last) endRun(Date.parse(last.time));
  const covered = inMs + outMs;
  const temps = s.map((x) => x.temperatureC);
  const mkt = meanKineticTemperature(weights, dhOverR);
  return {
    readings: s.length,
    firstReadingAt: s[0]?.time ?? null,
    lastReadingAt: last?.time ?? null,
    coveredMinutes: r3(covered / MINUTE),
    inBandMinutes: r3(inMs / MINUTE),
    outOfBandMinutes: r3(outMs / MINUTE),
    inBandShare: covered === 0 ? 1 : r3(inMs / covered),
    minC: temps.length ? temps.reduce((a, b) => Math.min(a, b)) : null,
    maxC: temps.length ? temps.reduce((a, b) => Math.max(a, b)) : null,
    meanC: temps.length ? r3(sumC / temps.length) : null,
    maxDeviationC: r3(maxDev),
    meanKineticC: mkt === null ? (s.length === 1 ? s[0]!.temperatureC : null) : r3(mkt),
    dhOverR,
    longestGapMinutes: r3(gap / MINUTE),
    runs,
    alarms: detect(p, s, options.severity),
  };
}

/** At most `max` points, evenly strided, always keeping the first and the last. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  const stepBy = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * stepBy)]!);
  return out;
}
