/**
 * ETA of a train (and so of the boxes on it): from the plan (the departure's date, the network's
 * leg hours and gauge-break dwell), the actual DEPA/ARRI events and GPS progress, and segment-time
 * distributions learned per leg from completed DEPA→ARRI pairs (p50 / p90). With fewer than
 * `minSamples` samples a leg uses its prior — the network's hours as p50, +30 % as p90 — and says so.
 *
 * The remaining time sums the remaining legs and stops: p50 = Σ p50, p90 = p50 + √Σ(p90 − p50)²
 * (independent spreads), so p50 ≤ p90 always and each further leg adds to both. Pure: `now` comes in.
 */
import { type RouteShape, stopIndex } from './route-match';

export interface Dist {
  readonly p50: number;
  readonly p90: number;
  /** Samples behind it (0 for a prior). */
  readonly samples: number;
  readonly basis: 'learned' | 'prior';
}

export const MIN_SAMPLES = 5;
/** The prior's p90 is the plan +30 % (no better figure for the spread of a Central Asian leg). */
export const PRIOR_SPREAD = 1.3;

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function distribution(samples: readonly number[], priorHours: number, minSamples = MIN_SAMPLES): Dist {
  return distributionOfSorted(
    samples.length >= minSamples ? [...samples].sort((a, b) => a - b) : samples,
    priorHours,
    minSamples,
  );
}

/** `distribution` of samples already sorted ascending (no copy, no sort). */
export function distributionOfSorted(
  sorted: readonly number[],
  priorHours: number,
  minSamples = MIN_SAMPLES,
): Dist {
  if (sorted.length >= minSamples)
    return {
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      samples: sorted.length,
      basis: 'learned',
    };
  return { p50: priorHours, p90: priorHours * PRIOR_SPREAD, samples: sorted.length, basis: 'prior' };
}

/** A train's actual transport event at a place. */
export interface TransportObservation {
  readonly code: 'DEPA' | 'ARRI';
  /** UN/LOCODE or network location id. */
  readonly location: string;
  readonly time: string;
}

export interface PositionObservation {
  readonly legIndex: number;
  readonly legFraction: number;
  readonly time: string;
}

const H = 3600_000;
const hoursBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / H;

/** Events matched to stops of the route, in time order (unknown places are left out). */
export function matchObservations(
  shape: RouteShape,
  events: readonly TransportObservation[],
): Array<TransportObservation & { stop: number }> {
  // each time parsed once (the comparator would parse both sides at every comparison); stable sort
  const keyed = events.map((e) => ({ e, t: Date.parse(e.time) }));
  keyed.sort((a, b) => a.t - b.t);
  const out: Array<TransportObservation & { stop: number }> = [];
  let from = 0;
  for (const { e } of keyed) {
    let i = stopIndex(shape, e.location, from);
    if (i < 0) i = stopIndex(shape, e.location, 0);
    if (i < 0) continue;
    out.push({ ...e, stop: i });
    from = i;
  }
  return out;
}

export interface Samples {
  /** Running hours per leg id. */
  readonly legs: Map<string, number[]>;
  /** Dwell hours per location id. */
  readonly dwell: Map<string, number[]>;
}

export function emptySamples(): Samples {
  return { legs: new Map(), dwell: new Map() };
}

/**
 * Learns from one train's events: DEPA at stop a followed by ARRI at stop b > a is a sample of the
 * legs a..b−1 (split by their planned hours when it spans several); ARRI then DEPA at the same stop
 * is a dwell sample of that place.
 */
export function learnFrom(shape: RouteShape, events: readonly TransportObservation[], into: Samples): void {
  const obs = matchObservations(shape, events);
  const push = (m: Map<string, number[]>, k: string, v: number) => {
    if (!(v >= 0) || !Number.isFinite(v)) return;
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (let k = 0; k + 1 < obs.length; k++) {
    const a = obs[k]!;
    const b = obs[k + 1]!;
    const h = hoursBetween(a.time, b.time);
    if (a.code === 'DEPA' && b.code === 'ARRI' && b.stop > a.stop) {
      const legs = shape.legs.slice(a.stop, b.stop);
      const plan = legs.reduce((s, l) => s + l.hours, 0);
      for (const l of legs) push(into.legs, l.id, plan > 0 ? (h * l.hours) / plan : h / legs.length);
    } else if (a.code === 'ARRI' && b.code === 'DEPA' && a.stop === b.stop) {
      push(into.dwell, shape.stops[a.stop]!.id, h);
    }
  }
}

/** The first index in `sorted` whose value is ≥ v (a binary search). */
function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The learned times, kept incrementally: each train's contribution (its `learnFrom` samples) is
 * replaced when its events change, and the samples of every leg and stop are kept sorted, so a
 * distribution costs two array reads instead of a merge and a sort of the whole history. Gives the
 * same distributions as `distribution` over the merged samples of every train (tested).
 */
export class LearnedTimes {
  private readonly perTrain = new Map<string, Samples>();
  private readonly legs = new Map<string, number[]>();
  private readonly dwell = new Map<string, number[]>();

  /** Replaces what one train contributes (an empty `Samples` removes it). */
  set(train: string, samples: Samples): void {
    const old = this.perTrain.get(train);
    if (old) {
      remove(this.legs, old.legs);
      remove(this.dwell, old.dwell);
    }
    add(this.legs, samples.legs);
    add(this.dwell, samples.dwell);
    if (samples.legs.size + samples.dwell.size > 0) this.perTrain.set(train, samples);
    else this.perTrain.delete(train);
  }

  /** The samples of a leg (by leg id), sorted ascending. */
  legSamples(legId: string): readonly number[] {
    return this.legs.get(legId) ?? [];
  }

  /** The dwell samples of a stop (by location id), sorted ascending. */
  dwellSamples(stopId: string): readonly number[] {
    return this.dwell.get(stopId) ?? [];
  }

  leg(legId: string, priorHours: number, minSamples = MIN_SAMPLES): Dist {
    return distributionOfSorted(this.legSamples(legId), priorHours, minSamples);
  }

  stop(stopId: string, priorHours: number, minSamples = MIN_SAMPLES): Dist {
    return distributionOfSorted(this.dwellSamples(stopId), priorHours, minSamples);
  }
}

function add(into: Map<string, number[]>, from: ReadonlyMap<string, readonly number[]>): void {
  for (const [k, values] of from) {
    let list = into.get(k);
    if (!list) {
      list = [];
      into.set(k, list);
    }
    for (const v of values) list.splice(lowerBound(list, v), 0, v);
  }
}

function remove(from: Map<string, number[]>, what: ReadonlyMap<string, readonly number[]>): void {
  for (const [k, values] of what) {
    const list = from.get(k);
    if (!list) continue;
    for (const v of values) {
      const i = lowerBound(list, v);
      if (i < list.length && list[i] === v) list.splice(i, 1);
    }
    if (list.length === 0) from.delete(k);
  }
}

export interface LegEta {
  readonly legId: string;
  readonly from: string;
  readonly to: string;
  readonly state: 'done' | 'current' | 'ahead';
  readonly plannedHours: number;
  readonly p50Hours: number;
  readonly p90Hours: number;
  readonly basis: 'learned' | 'prior';
  readonly samples: number;
  /** Done legs: hours from DEPA to ARRI as observed. */
  readonly actualHours?: number;
  /** Done legs over their p90, or the current leg already running longer than its p90. */
  readonly late: boolean;
  /** Hours over the p50 (done) or elapsed beyond p90 (current). */
  readonly lateByHours?: number;
}

export interface Eta {
  readonly status: 'planned' | 'running' | 'arrived';
  /** Where the train is: the last stop reached or the leg it runs on. */
  readonly at: { readonly stop?: string; readonly legId?: string; readonly since?: string };
  readonly etaP50: string;
  readonly etaP90: string;
  /** The plan: planned departure + the network's hours and dwell. */
  readonly plannedArrival: string;
  readonly plannedDeparture: string;
  /** etaP50 − plannedArrival, hours (negative = early). */
  readonly delayHours: number;
  readonly remainingP50Hours: number;
  readonly remainingP90Hours: number;
  readonly legs: readonly LegEta[];
  readonly lateLegs: readonly string[];
  readonly explanation: { readonly en: string; readonly zh: string };
}

export interface EtaInput {
  readonly shape: RouteShape;
  readonly legDist: readonly Dist[];
  /** Per stop; the first and last stops are not waited at. */
  readonly dwellDist: readonly Dist[];
  readonly plannedDeparture: string;
  readonly events: readonly TransportObservation[];
  readonly position?: PositionObservation | undefined;
  readonly now: string;
}

function sumDist(parts: ReadonlyArray<{ p50: number; p90: number }>): { p50: number; p90: number } {
  let p50 = 0;
  let spread2 = 0;
  for (const p of parts) {
    p50 += p.p50;
    spread2 += Math.max(0, p.p90 - p.p50) ** 2;
  }
  return { p50, p90: p50 + Math.sqrt(spread2) };
}

const iso = (ms: number) => new Date(ms).toISOString();
const round1 = (x: number) => Math.round(x * 10) / 10;

export function computeEta(input: EtaInput): Eta {
  const { shape, legDist, dwellDist } = input;
  const n = shape.legs.length;
  const now = Date.parse(input.now);
  const obs = matchObservations(shape, input.events);
  const planned = sumDist([
    ...shape.legs.map((l) => ({ p50: l.hours, p90: l.hours })),
    ...shape.dwellHours.slice(1, n).map((d) => ({ p50: d, p90: d })),
  ]);
  const plannedArrival = Date.parse(input.plannedDeparture) + planned.p50 * H;

  // the anchor: the latest event, then a newer GPS position further along, if any
  let state:
    | { kind: 'before' }
    | { kind: 'leg'; leg: number; since: number; fraction: number; fractionAt: number }
    | { kind: 'stop'; stop: number; since: number } = { kind: 'before' };
  const last = obs[obs.length - 1];
  if (last) {
    const t = Date.parse(last.time);
    if (last.code === 'DEPA' && last.stop < n)
      state = { kind: 'leg', leg: last.stop, since: t, fraction: 0, fractionAt: t };
    else state = { kind: 'stop', stop: last.stop, since: t };
  }
  const pos = input.position;
  if (pos && pos.legIndex < n) {
    const tp = Date.parse(pos.time);
    const ahead =
      state.kind === 'before' ||
      (state.kind === 'leg' &&
        (pos.legIndex > state.leg || (pos.legIndex === state.leg && tp >= state.since))) ||
      (state.kind === 'stop' && pos.legIndex >= state.stop && tp > state.since && pos.legFraction > 0.02);
    if (ahead) {
      const since = state.kind === 'leg' && state.leg === pos.legIndex ? state.since : tp;
      state = { kind: 'leg', leg: pos.legIndex, since, fraction: pos.legFraction, fractionAt: tp };
    }
  }

  // actual running hours of done legs
  const actual = new Map<number, number>();
  for (let k = 0; k + 1 < obs.length; k++) {
    const a = obs[k]!;
    const b = obs[k + 1]!;
    if (a.code === 'DEPA' && b.code === 'ARRI' && b.stop === a.stop + 1)
      actual.set(a.stop, hoursBetween(a.time, b.time));
  }

  const remaining: Array<{ p50: number; p90: number }> = [];
  let firstAhead = 0;
  let currentLeg = -1;
  let elapsedOnLeg = 0;
  let start = now;
  let status: Eta['status'] = 'running';
  if (state.kind === 'before') {
    status = 'planned';
    start = Math.max(now, Date.parse(input.plannedDeparture));
    firstAhead = 0;
  } else if (state.kind === 'stop') {
    if (state.stop >= n) status = 'arrived';
    else {
      const d = dwellDist[state.stop] ?? { p50: 0, p90: 0 };
      const e = state.stop === 0 ? 0 : (now - state.since) / H;
      remaining.push({ p50: Math.max(0, d.p50 - e), p90: Math.max(0, d.p90 - e) });
    }
    firstAhead = state.stop;
  } else {
    currentLeg = state.leg;
    const d = legDist[state.leg]!;
    elapsedOnLeg = (now - state.since) / H;
    const sinceFix = (now - state.fractionAt) / H;
    const left = 1 - state.fraction;
    const byTime = { p50: Math.max(0, d.p50 - elapsedOnLeg), p90: Math.max(0, d.p90 - elapsedOnLeg) };
    const byPos = { p50: Math.max(0, d.p50 * left - sinceFix), p90: Math.max(0, d.p90 * left - sinceFix) };
    remaining.push(state.fraction > 0 ? byPos : byTime);
    firstAhead = state.leg + 1;
    if (firstAhead < n) remaining.push(dwellDist[firstAhead] ?? { p50: 0, p90: 0 });
  }
  if (status !== 'arrived') {
    for (let i = firstAhead; i < n; i++) {
      remaining.push(legDist[i]!);
      if (i + 1 < n) remaining.push(dwellDist[i + 1] ?? { p50: 0, p90: 0 });
    }
  }
  const rest = status === 'arrived' ? { p50: 0, p90: 0 } : sumDist(remaining);
  const arrivedAt = status === 'arrived' ? Date.parse(last!.time) : undefined;
  const etaP50 = arrivedAt ?? start + rest.p50 * H;
  const etaP90 = arrivedAt ?? start + rest.p90 * H;

  const legs: LegEta[] = shape.legs.map((l, i) => {
    const d = legDist[i]!;
    const done =
      status === 'arrived' ||
      (state.kind === 'stop' ? i < state.stop : i < firstAhead - (currentLeg >= 0 ? 1 : 0));
    const isCurrent = i === currentLeg;
    const act = actual.get(i);
    let late = false;
    let lateBy: number | undefined;
    if (done && act !== undefined && act > d.p90) {
      late = true;
      lateBy = round1(act - d.p50);
    } else if (isCurrent && elapsedOnLeg > d.p90) {
      late = true;
      lateBy = round1(elapsedOnLeg - d.p90);
    }
    return {
      legId: l.id,
      from: l.from,
      to: l.to,
      state: isCurrent ? 'current' : done ? 'done' : 'ahead',
      plannedHours: l.hours,
      p50Hours: round1(d.p50),
      p90Hours: round1(d.p90),
      basis: d.basis,
      samples: d.samples,
      ...(act === undefined ? {} : { actualHours: round1(act) }),
      late,
      ...(lateBy === undefined ? {} : { lateByHours: lateBy }),
    };
  });
  const lateLegs = legs.filter((l) => l.late).map((l) => l.legId);
  const delay = round1((etaP50 - plannedArrival) / H);
  const learned = legs.filter((l) => l.state !== 'done' && l.basis === 'learned').length;
  const priors = legs.filter((l) => l.state !== 'done' && l.basis === 'prior').length;
  const when = delay > 0.5 ? `${delay} h late` : delay < -0.5 ? `${-delay} h early` : 'on plan';
  const whenZh = delay > 0.5 ? `晚 ${delay} 小时` : delay < -0.5 ? `早 ${-delay} 小时` : '与计划一致';
  const lateEn = lateLegs.length > 0 ? ` Late legs: ${lateLegs.join(', ')}.` : ' No leg is late.';
  const lateZh = lateLegs.length > 0 ? `晚点区段：${lateLegs.join('、')}。` : '没有区段晚点。';
  const explanation = {
    en:
      status === 'arrived'
        ? `Arrived ${when} against the plan.${lateEn}`
        : `Expected ${when} against the plan.${lateEn} Remaining legs: ${learned} from learned times, ${priors} from the network plan (fewer than ${MIN_SAMPLES} runs observed).`,
    zh:
      status === 'arrived'
        ? `已到达，较计划${whenZh}。${lateZh}`
        : `预计较计划${whenZh}。${lateZh}剩余区段：${learned} 段按实绩学习的时间，${priors} 段按路网计划时间（实绩少于 ${MIN_SAMPLES} 次）。`,
  };
  const at: Eta['at'] =
    state.kind === 'leg'
      ? { legId: shape.legs[state.leg]!.id, since: iso(state.since) }
      : state.kind === 'stop'
        ? { stop: shape.stops[state.stop]!.id, since: iso(state.since) }
        : {};
  return {
    status,
    at,
    etaP50: iso(etaP50),
    etaP90: iso(etaP90),
    plannedArrival: iso(plannedArrival),
    plannedDeparture: input.plannedDeparture,
    delayHours: delay,
    remainingP50Hours: round1(rest.p50),
    remainingP90Hours: round1(rest.p90),
    legs,
    lateLegs,
    explanation,
  };
}
