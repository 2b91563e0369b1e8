// Large-neighbourhood search for consolidation: empty a few related trains (or force a closed one
// open), rebuild with the greedy plus insertion and swaps, keep the result when it is not worse.
import { commitFill, empty, insertPass, openGreedy, planFill, type Rng, swapPass, topUp } from './heuristic';
import type { Model } from './model';
import type { PlanState } from './state';

/** Departures sharing at least one eligible booking with d (d itself excluded). */
export function neighbours(m: Model): Int32Array[] {
  const sets: Set<number>[] = [];
  for (let d = 0; d < m.nD; d++) sets.push(new Set());
  for (const list of m.bElig) {
    for (const a of list) for (const c of list) if (a !== c) sets[a]!.add(c);
  }
  return sets.map((s) => Int32Array.from(s));
}

export interface LnsContext {
  readonly m: Model;
  readonly nbr: Int32Array[];
  /** Bookings by value descending. */
  readonly byValue: readonly number[];
  readonly rng: Rng;
  readonly key: Float64Array;
}

/** One LNS step on `st` (backup holds the state before); returns true when kept. */
export function lnsStep(ctx: LnsContext, st: PlanState, backup: PlanState): boolean {
  const { m, nbr, rng } = ctx;
  backup.copyFrom(st);
  const before = st.obj;
  const d0 = Math.floor(rng() * m.nD);
  if (m.eligTeu[d0]! < m.minTeu[d0]!) return false;
  const k = 1 + Math.floor(rng() * 3);
  const destroyed: number[] = [];
  const runningNbr: number[] = [];
  for (const d of nbr[d0]!) if (st.running(d)) runningNbr.push(d);
  if (st.running(d0)) destroyed.push(d0);
  while (destroyed.length < k && runningNbr.length > 0) {
    const i = Math.floor(rng() * runningNbr.length);
    const d = runningNbr[i]!;
    runningNbr[i] = runningNbr[runningNbr.length - 1]!;
    runningNbr.pop();
    destroyed.push(d);
  }
  if (destroyed.length === 0 && st.running(d0)) return false;
  const freed: number[] = [];
  for (const d of destroyed) for (const b of empty(st, d)) freed.push(b);
  // regenerate the noisy key for the freed region
  for (const b of freed) ctx.key[b] = m.value[b]! * (0.85 + 0.3 * rng());
  const cands = new Set<number>([d0]);
  for (const d of destroyed) {
    cands.add(d);
    for (const n of nbr[d]!) cands.add(n);
  }
  if (!st.running(d0) && st.slotFree(d0)) {
    const p = planFill(st, d0, ctx.key, true);
    if (p) commitFill(st, d0, p);
  }
  openGreedy(st, cands, ctx.key, rng() < 0.3);
  for (const d of destroyed) {
    if (m.forced[d] && !topUp(st, d, ctx.key)) {
      st.copyFrom(backup);
      return false;
    }
  }
  insertPass(st, ctx.byValue);
  freed.sort((a, c) => m.value[c]! - m.value[a]!);
  swapPass(st, freed);
  if (st.obj + 1e-9 < before || !st.minFillOk()) {
    st.copyFrom(backup);
    return false;
  }
  return true;
}
