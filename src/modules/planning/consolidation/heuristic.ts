import type { PlanState } from './state';

export type Rng = () => number;

interface FillPlan {
  readonly take: number[];
  readonly pull: number[];
  readonly score: number;
}

const scoreBuf: { arr: Float64Array } = { arr: new Float64Array(0) };

/**
 * Best fill of closed departure d from unassigned bookings ordered by `key` density; when the
 * minimum is not reached and `pull` is set, bookings are borrowed from running trains that stay at
 * or above their own minimum. Returns null when the minimum cannot be reached.
 */
export function planFill(st: PlanState, d: number, key: Float64Array, pull: boolean): FillPlan | null {
  const m = st.m;
  const cap = m.capTeu[d]!;
  const capKg = m.capKg[d]!;
  const min = m.minTeu[d]!;
  const cand: number[] = [];
  for (const b of m.dElig[d]!) if (st.assign[b] === -1) cand.push(b);
  if (scoreBuf.arr.length < m.nB) scoreBuf.arr = new Float64Array(m.nB);
  const sc = scoreBuf.arr;
  for (const b of cand) sc[b] = key[b]! / (m.teu[b]! / cap + m.kg[b]! / capKg);
  cand.sort((a, c) => sc[c]! - sc[a]!);
  let g = greedyTake(st, d, cand, key);
  if (g.T < min) {
    // value order missed the minimum: try orders that pack more TEU under the weight limit
    const byTeu = [...cand].sort((a, c) => m.teu[c]! - m.teu[a]! || m.kg[a]! - m.kg[c]!);
    const byLight = [...cand].sort((a, c) => m.kg[a]! / m.teu[a]! - m.kg[c]! / m.teu[c]!);
    for (const order of [byTeu, byLight]) {
      const alt = greedyTake(st, d, order, key);
      if (alt.T > g.T) g = alt;
      if (g.T >= min) break;
    }
  }
  const take = g.take;
  let T = g.T;
  let K = g.K;
  const score = g.score;
  const pulled: number[] = [];
  if (T < min && pull) {
    const drop = new Map<number, number>();
    const others: number[] = [];
    for (const b of m.dElig[d]!) {
      const src = st.assign[b]!;
      if (src >= 0 && src !== d && m.pin[b]! < 0) others.push(b);
    }
    // prefer bookings whose train has the most slack above its minimum
    others.sort((a, c) => {
      const sa = st.assign[a]!;
      const sb = st.assign[c]!;
      return st.tload[sb]! - m.minTeu[sb]! - (st.tload[sa]! - m.minTeu[sa]!);
    });
    for (const b of others) {
      if (T >= min) break;
      const src = st.assign[b]!;
      const left = st.tload[src]! - (drop.get(src) ?? 0) - m.teu[b]!;
      if (left < m.minTeu[src]! && left > 0) continue;
      if (left === 0 && m.forced[src]) continue;
      if (T + m.teu[b]! <= cap && K + m.kg[b]! <= capKg) {
        pulled.push(b);
        drop.set(src, (drop.get(src) ?? 0) + m.teu[b]!);
        T += m.teu[b]!;
        K += m.kg[b]!;
      }
    }
  }
  if (T < min) return null;
  return { take, pull: pulled, score };
}

export function commitFill(st: PlanState, d: number, plan: FillPlan): void {
  for (const b of plan.pull) {
    st.remove(b);
    st.add(b, d);
  }
  for (const b of plan.take) st.add(b, d);
}

interface Take {
  readonly take: number[];
  readonly T: number;
  readonly K: number;
  readonly score: number;
}

/** Takes candidates in the given order while they fit; stops at non-positive keys once at minimum. */
function greedyTake(st: PlanState, d: number, order: readonly number[], key: Float64Array): Take {
  const m = st.m;
  const cap = m.capTeu[d]!;
  const capKg = m.capKg[d]!;
  const min = m.minTeu[d]!;
  let T = st.tload[d]!;
  let K = st.kload[d]!;
  let score = 0;
  const take: number[] = [];
  for (const b of order) {
    if (T >= cap) break;
    const kb = key[b]!;
    if (kb <= 0 && T >= min) continue;
    if (T + m.teu[b]! <= cap && K + m.kg[b]! <= capKg) {
      take.push(b);
      T += m.teu[b]!;
      K += m.kg[b]!;
      score += kb;
    }
  }
  return { take, T, K, score };
}

/** Binary max-heap of (score, departure). */
class Heap {
  private readonly s: number[] = [];
  private readonly d: number[] = [];
  get size(): number {
    return this.s.length;
  }
  push(score: number, dep: number): void {
    this.s.push(score);
    this.d.push(dep);
    let i = this.s.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.s[p]! >= this.s[i]!) break;
      this.swap(i, p);
      i = p;
    }
  }
  topScore(): number {
    return this.s[0] ?? Number.NEGATIVE_INFINITY;
  }
  pop(): number {
    const top = this.d[0]!;
    const ls = this.s.pop()!;
    const ld = this.d.pop()!;
    if (this.s.length > 0) {
      this.s[0] = ls;
      this.d[0] = ld;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let b = i;
        if (l < this.s.length && this.s[l]! > this.s[b]!) b = l;
        if (r < this.s.length && this.s[r]! > this.s[b]!) b = r;
        if (b === i) break;
        this.swap(i, b);
        i = b;
      }
    }
    return top;
  }
  private swap(a: number, b: number): void {
    const ts = this.s[a]!;
    this.s[a] = this.s[b]!;
    this.s[b] = ts;
    const td = this.d[a]!;
    this.d[a] = this.d[b]!;
    this.d[b] = td;
  }
}

/** Lazy best-first opening of closed departures from `cands`, scored by Σ key of their fill. */
export function openGreedy(st: PlanState, cands: Iterable<number>, key: Float64Array, pull: boolean): void {
  const m = st.m;
  const heap = new Heap();
  for (const d of cands) {
    if (st.running(d) || m.eligTeu[d]! < m.minTeu[d]! || !st.slotFree(d)) continue;
    const p = planFill(st, d, key, pull);
    if (p && p.score > 0) heap.push(p.score, d);
  }
  while (heap.size > 0) {
    const d = heap.pop();
    if (st.running(d) || !st.slotFree(d)) continue;
    const p = planFill(st, d, key, pull);
    if (!p || p.score <= 0) continue;
    if (heap.size > 0 && p.score < heap.topScore() - 1e-9) {
      heap.push(p.score, d);
      continue;
    }
    commitFill(st, d, p);
  }
}

/** Puts unassigned bookings (highest value first) into running trains with room, best fit. */
export function insertPass(st: PlanState, order: readonly number[]): boolean {
  const m = st.m;
  let changed = false;
  for (const b of order) {
    if (st.assign[b] !== -1) continue;
    let best = -1;
    let bestRoom = Number.POSITIVE_INFINITY;
    for (const d of m.bElig[b]!) {
      if (!st.running(d) || !st.fits(b, d)) continue;
      const room = m.capTeu[d]! - st.tload[d]!;
      if (room < bestRoom) {
        bestRoom = room;
        best = d;
      }
    }
    if (best >= 0) {
      st.add(b, best);
      changed = true;
    }
  }
  return changed;
}

/** Running train other than `not` that can take b as is, or −1. */
function relocTarget(st: PlanState, b: number, not: number): number {
  for (const d of st.m.bElig[b]!) if (d !== not && st.running(d) && st.fits(b, d)) return d;
  return -1;
}

/** Unassigned b replaces one booking of a running train; the evicted one moves on or drops out. */
export function swapPass(st: PlanState, order: readonly number[]): boolean {
  const m = st.m;
  let changed = false;
  for (const b of order) {
    if (st.assign[b] !== -1) continue;
    const vb = m.value[b]!;
    let bestGain = 0;
    let bestD = -1;
    let bestOut = -1;
    let bestTo = -1;
    for (const d of m.bElig[b]!) {
      if (!st.running(d)) continue;
      if (st.fits(b, d)) {
        bestGain = vb;
        bestD = d;
        bestOut = -1;
        break;
      }
      const T = st.tload[d]!;
      const K = st.kload[d]!;
      for (const o of m.dElig[d]!) {
        if (st.assign[o] !== d || m.pin[o]! >= 0) continue;
        const T2 = T - m.teu[o]! + m.teu[b]!;
        if (T2 > m.capTeu[d]! || T2 < m.minTeu[d]! || K - m.kg[o]! + m.kg[b]! > m.capKg[d]!) continue;
        const to = relocTarget(st, o, d);
        const gain = to >= 0 ? vb : vb - m.value[o]!;
        if (gain > bestGain) {
          bestGain = gain;
          bestD = d;
          bestOut = o;
          bestTo = to;
        }
      }
    }
    if (bestD < 0) continue;
    if (bestOut >= 0) {
      st.remove(bestOut);
      if (bestTo >= 0) st.add(bestOut, bestTo);
    }
    st.add(b, bestD);
    changed = true;
  }
  return changed;
}

/** Raises a running train below its minimum by unassigned, then borrowed, bookings. */
export function topUp(st: PlanState, d: number, key: Float64Array): boolean {
  const m = st.m;
  if (st.tload[d]! >= m.minTeu[d]!) return true;
  const p = planFill(st, d, key, true);
  if (!p) return false;
  commitFill(st, d, p);
  return st.tload[d]! >= m.minTeu[d]!;
}

/** Empties running departure d (pinned bookings stay); returns the freed bookings. */
export function empty(st: PlanState, d: number): number[] {
  const out: number[] = [];
  for (const b of st.m.dElig[d]!) {
    if (st.assign[b] === d && st.m.pin[b]! < 0) {
      st.remove(b);
      out.push(b);
    }
  }
  return out;
}
