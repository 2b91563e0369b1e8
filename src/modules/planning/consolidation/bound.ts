// Upper bound by Lagrangian relaxation: the "each booking rides once" rows (λ), the gateway quotas (μ)
// and the departure weight limits (ρ) are priced out; what is left splits into one continuous
// knapsack per departure (TEU between minTeu and capacity, run or not). Any multipliers ≥ 0 give a
// valid bound; subgradient steps (Polyak) drive it down towards the LP relaxation value.
import { type WindowCuts, windowCuts } from './cuts';
import type { Model } from './model';

export interface LagrangeState {
  readonly lam: Float64Array;
  readonly mu: Float64Array;
  readonly rho: Float64Array;
  /** Multipliers of the route-window cuts. */
  readonly nu: Float64Array;
  readonly cuts: WindowCuts;
  /** Best (lowest) bound seen. */
  best: number;
  /** Multipliers at the best bound. */
  bestLam: Float64Array;
  /** Departure profit F_d at the last evaluation (reduced value of running d). */
  readonly profit: Float64Array;
  theta: number;
  sinceImprove: number;
  iterations: number;
}

export function newLagrange(m: Model): LagrangeState {
  const cuts = windowCuts(m);
  return {
    cuts,
    nu: new Float64Array(cuts.rhs.length),
    lam: new Float64Array(m.nB),
    mu: new Float64Array(m.quota.length),
    rho: new Float64Array(m.nD),
    best: Number.POSITIVE_INFINITY,
    bestLam: new Float64Array(m.nB),
    profit: new Float64Array(m.nD),
    theta: 1.5,
    sinceImprove: 0,
    iterations: 0,
  };
}

interface Scratch {
  readonly sx: Float64Array; // Σ_d x_bd
  readonly y: Uint8Array;
  readonly kgUse: Float64Array; // scaled kg per departure
  readonly idx: Int32Array;
  readonly dens: Float64Array;
  readonly p: Float64Array;
}

const scratchCache = new WeakMap<Model, Scratch>();

function scratch(m: Model): Scratch {
  let s = scratchCache.get(m);
  if (!s) {
    let maxE = 1;
    for (const l of m.dElig) maxE = Math.max(maxE, l.length);
    s = {
      sx: new Float64Array(m.nB),
      y: new Uint8Array(m.nD),
      kgUse: new Float64Array(m.nD),
      idx: new Int32Array(maxE),
      dens: new Float64Array(m.nB),
      p: new Float64Array(maxE),
    };
    scratchCache.set(m, s);
  }
  return s;
}

/** Evaluates L(λ, μ, ρ) and fills the scratch subgradient data. */
function evaluate(m: Model, st: LagrangeState, s: Scratch): number {
  const { lam, mu, rho } = st;
  s.sx.fill(0);
  let L = 0;
  for (let b = 0; b < m.nB; b++) L += lam[b] ?? 0;
  for (let q = 0; q < m.quota.length; q++) L += (mu[q] ?? 0) * (m.quota[q] ?? 0);
  const { nu, cuts } = st;
  for (let c = 0; c < nu.length; c++) L += nu[c]! * cuts.rhs[c]!;
  for (let d = 0; d < m.nD; d++) {
    s.y[d] = 0;
    s.kgUse[d] = 0;
    const elig = m.dElig[d] ?? new Int32Array(0);
    const cap = m.capTeu[d] ?? 0;
    const min = m.minTeu[d] ?? 0;
    const scale = cap / (m.capKg[d] ?? 1);
    const r = rho[d] ?? 0;
    const n = elig.length;
    if (m.eligTeu[d]! < min && !m.forced[d]) {
      st.profit[d] = Number.NEGATIVE_INFINITY;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const b = elig[i]!;
      const p = m.value[b]! - lam[b]! - r * m.kg[b]! * scale;
      s.p[i] = p;
      s.idx[i] = i;
      s.dens[i] = p / m.teu[b]!;
    }
    const order = s.idx.subarray(0, n).sort((a, c) => s.dens[c]! - s.dens[a]!);
    let T = 0;
    let val = 0;
    let k = 0;
    for (; k < n && T < cap; k++) {
      const i = order[k]!;
      const pi = s.p[i]!;
      if (pi <= 0 && T >= min) break;
      const t = m.teu[elig[i]!]!;
      const lim = pi > 0 ? cap : min;
      const frac = T + t <= lim ? 1 : (lim - T) / t;
      T += t * frac;
      val += pi * frac;
      if (frac < 1) {
        k++;
        break;
      }
    }
    const slot = m.slot[d]!;
    let F = val + r * cap - (slot >= 0 ? mu[slot]! : 0);
    for (const c of cuts.byDep[d]!) F -= nu[c]!;
    st.profit[d] = F;
    if (T + 1e-9 < min) continue; // cannot reach the minimum: never runs (unless forced, then bound ignores)
    if (F > 0 || m.forced[d]) {
      L += F;
      s.y[d] = 1;
      // record x for the subgradient (same greedy again, cheap)
      let T2 = 0;
      let kgs = 0;
      for (let j = 0; j < k; j++) {
        const i = order[j]!;
        const pi = s.p[i]!;
        if (pi <= 0 && T2 >= min) break;
        const b = elig[i]!;
        const t = m.teu[b]!;
        const lim = pi > 0 ? cap : min;
        const frac = T2 + t <= lim ? 1 : (lim - T2) / t;
        T2 += t * frac;
        s.sx[b] = s.sx[b]! + frac;
        kgs += frac * m.kg[b]! * scale;
        if (frac < 1) break;
      }
      s.kgUse[d] = kgs;
    }
  }
  return L;
}

/**
 * Runs subgradient iterations until `iters` are done or `stop()` says so. `target` is the best known
 * primal objective (Polyak step). Returns the best bound so far.
 */
export function improveBound(
  m: Model,
  st: LagrangeState,
  target: number,
  iters: number,
  stop: () => boolean,
): number {
  const s = scratch(m);
  const nQ = m.quota.length;
  const slotCount = new Float64Array(nQ);
  let cutG = new Float64Array(0);
  for (let it = 0; it < iters; it++) {
    if ((it & 7) === 0 && stop()) break;
    const L = evaluate(m, st, s);
    st.iterations++;
    if (L < st.best - 1e-9) {
      if (L < st.best - 1e-6 * Math.max(1, Math.abs(st.best))) st.sinceImprove = 0;
      st.best = L;
      st.bestLam.set(st.lam);
    } else if (++st.sinceImprove >= 15) {
      st.theta *= 0.6;
      st.sinceImprove = 0;
    }
    if (st.best - target < 0.5 || st.theta < 1e-5) break;
    // projected subgradient norm
    let norm = 0;
    for (let b = 0; b < m.nB; b++) {
      const g = 1 - s.sx[b]!;
      if (g > 0 && st.lam[b]! <= 0) continue;
      norm += g * g;
    }
    slotCount.fill(0);
    for (let d = 0; d < m.nD; d++) {
      const sl = m.slot[d]!;
      if (sl >= 0 && s.y[d]) slotCount[sl] = slotCount[sl]! + 1;
    }
    for (let q = 0; q < nQ; q++) {
      const g = m.quota[q]! - slotCount[q]!;
      if (g > 0 && st.mu[q]! <= 0) continue;
      norm += g * g;
    }
    for (let d = 0; d < m.nD; d++) {
      const g = (s.y[d] ? m.capTeu[d]! : 0) - s.kgUse[d]!;
      if (g > 0 && st.rho[d]! <= 0) continue;
      norm += g * g;
    }
    const nCuts = st.nu.length;
    if (cutG.length !== nCuts) cutG = new Float64Array(nCuts);
    for (let c = 0; c < nCuts; c++) {
      let used = 0;
      for (const d of st.cuts.sets[c]!) used += s.y[d]!;
      const g = st.cuts.rhs[c]! - used;
      cutG[c] = g;
      if (g > 0 && st.nu[c]! <= 0) continue;
      norm += g * g;
    }
    if (norm < 1e-12) break;
    const step = (st.theta * (L - target)) / norm;
    for (let b = 0; b < m.nB; b++) {
      const v = st.lam[b]! - step * (1 - s.sx[b]!);
      st.lam[b] = Math.max(v, 0);
    }
    for (let q = 0; q < nQ; q++) {
      const v = st.mu[q]! - step * (m.quota[q]! - slotCount[q]!);
      st.mu[q] = Math.max(v, 0);
    }
    for (let d = 0; d < m.nD; d++) {
      const v = st.rho[d]! - step * ((s.y[d] ? m.capTeu[d]! : 0) - s.kgUse[d]!);
      st.rho[d] = Math.max(v, 0);
    }
    for (let c = 0; c < nCuts; c++) st.nu[c] = Math.max(st.nu[c]! - step * cutG[c]!, 0);
  }
  return st.best;
}
