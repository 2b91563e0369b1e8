// Exact depth-first search for small consolidation instances (or small remainders): every booking
// rides one of its eligible departures or none; prunes by remaining value. Proves optimality when
// it finishes within its node budget.
import type { Model } from './model';
import type { PlanState } from './state';

/**
 * Searches from `st` (pinned bookings already placed) over the free bookings. Returns the best
 * plan found and whether the search was complete (then that plan is optimal).
 */
export function exactSearch(
  st: PlanState,
  maxNodes: number,
): { best: PlanState; complete: boolean; found: boolean } {
  const m: Model = st.m;
  const free: number[] = [];
  for (let b = 0; b < m.nB; b++) if (m.pin[b]! < 0 && m.bElig[b]!.length > 0) free.push(b);
  free.sort((a, c) => m.value[c]! - m.value[a]!);
  const suffix = new Float64Array(free.length + 1);
  for (let i = free.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + m.value[free[i]!]!;
  const cur = st.clone();
  const best = st.clone();
  let bestObj = Number.NEGATIVE_INFINITY;
  let nodes = 0;
  let complete = true;

  const minOk = (): boolean => {
    for (let d = 0; d < m.nD; d++) if (cur.cnt[d]! > 0 && cur.tload[d]! < m.minTeu[d]!) return false;
    return true;
  };
  const dfs = (i: number): void => {
    if (++nodes > maxNodes) {
      complete = false;
      return;
    }
    if (cur.obj + suffix[i]! <= bestObj) return;
    if (i === free.length) {
      if (minOk()) {
        bestObj = cur.obj;
        best.copyFrom(cur);
      }
      return;
    }
    const b = free[i]!;
    for (const d of m.bElig[b]!) {
      if (!cur.fits(b, d) || (!cur.running(d) && !cur.slotFree(d))) continue;
      cur.add(b, d);
      dfs(i + 1);
      cur.remove(b);
      if (!complete) return;
    }
    dfs(i + 1);
  };
  dfs(0);
  if (bestObj === Number.NEGATIVE_INFINITY) return { best: st.clone(), complete, found: false };
  return { best, complete, found: true };
}
