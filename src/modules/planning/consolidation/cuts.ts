// Valid inequalities for the bound: on each route, a window S of consecutive departures can run at
// most ⌊E(S) / min minTeu⌋ trains, where E(S) is the TEU of all bookings that may ride any of S
// (every running train needs its minimum from distinct bookings). They tighten the Lagrangian (LP)
// bound where trains must be nearly full; the primal side never uses them.
import type { Model } from './model';

export interface WindowCuts {
  /** Departures of each cut. */
  readonly sets: readonly Int32Array[];
  readonly rhs: Int32Array;
  /** Cuts containing each departure. */
  readonly byDep: readonly Int32Array[];
}

export function windowCuts(m: Model, maxLen = 8): WindowCuts {
  const sets: Int32Array[] = [];
  const rhs: number[] = [];
  const stamp = new Int32Array(m.nB);
  let tick = 0;
  for (const line of m.byRoute) {
    const deps = Array.from(line).filter((d) => m.eligTeu[d]! >= m.minTeu[d]!);
    for (let a = 0; a < deps.length; a++) {
      tick++;
      let E = 0;
      let minT = Number.POSITIVE_INFINITY;
      for (let b = a; b < Math.min(deps.length, a + maxLen); b++) {
        const d = deps[b]!;
        minT = Math.min(minT, m.minTeu[d]!);
        for (const bk of m.dElig[d]!) {
          if (stamp[bk] === tick) continue;
          stamp[bk] = tick;
          E += m.teu[bk]!;
        }
        if (minT <= 0) break;
        const k = Math.floor(E / minT);
        if (k < b - a + 1) {
          sets.push(Int32Array.from(deps.slice(a, b + 1)));
          rhs.push(k);
        }
      }
    }
  }
  const byDepArr: number[][] = Array.from({ length: m.nD }, () => []);
  sets.forEach((s, c) => {
    for (const d of s) byDepArr[d]!.push(c);
  });
  return { sets, rhs: Int32Array.from(rhs), byDep: byDepArr.map((l) => Int32Array.from(l)) };
}
