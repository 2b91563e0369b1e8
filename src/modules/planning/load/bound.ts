// Upper bound of the load plan by a Lagrangian relaxation: the train weight limit is priced at λ per
// kg, platforms become "half-platform units" (a 20-ft box needs one, a longer box two) with nested
// capacities by length (≥30, ≥40, ≥45 ft), and boxes may be taken fractionally. For a fixed λ the
// relaxed problem is a fractional knapsack over a laminar family, solved exactly by ratio order;
// any λ ≥ 0 gives a valid bound, and the best λ (found by ternary search) gives the LP bound.
import type { Box, Model } from './model';

export interface BoundItem {
  readonly box: Box;
  /** Half-platform units: 1 for a 20-ft box, 2 otherwise. */
  readonly units: number;
  /** Capacity classes consumed: bit 0 all, 1 ≥30 ft, 2 ≥40 ft, 3 ≥45 ft. */
  readonly classes: number;
}

export interface Relaxation {
  readonly items: readonly BoundItem[];
  /** Units available per class (same bit order). */
  readonly caps: readonly number[];
  /** Effective train weight limit (min of the rule and the sum of wagon capacities). */
  readonly weightCap: number;
}

export function buildRelaxation(m: Model, boxes: readonly Box[]): Relaxation {
  let all = 0;
  let c30 = 0;
  let c40 = 0;
  let c45 = 0;
  let wagonKg = 0;
  for (const w of m.wagons) {
    let platKg = 0;
    for (const p of w.type.platforms) {
      if (p.lengthFt < 20) continue;
      all++;
      if (p.lengthFt >= 30) c30++;
      if (p.lengthFt >= 40) c40++;
      if (p.lengthFt >= 45) c45++;
      platKg += p.maxKg;
    }
    let bogieKg = Number.POSITIVE_INFINITY;
    if (w.type.bogies.length > 0) {
      // Every box is carried by bogies with shares summing to 1 in well-formed data; only then is
      // the bogie total a valid cap on the wagon load.
      const sums = new Float64Array(w.type.platforms.length * 3);
      for (const b of w.type.bogies)
        for (let i = 0; i < sums.length; i++) sums[i] = (sums[i] ?? 0) + (b.share[i] ?? 0);
      if (sums.every((s) => Math.abs(s - 1) < 1e-9)) bogieKg = w.type.bogies.reduce((s, b) => s + b.maxKg, 0);
    }
    wagonKg += Math.min(w.type.payload, platKg, bogieKg);
  }
  const items = boxes.map((box) => {
    let classes = 1;
    // A 20-ft box that must be paired rides in A/B, which needs a platform of at least 40 ft.
    const len = box.len === 20 && m.mustPair ? 40 : box.len;
    if (len >= 30) classes |= 2;
    if (len >= 40) classes |= 4;
    if (len >= 45) classes |= 8;
    return { box, units: box.len === 20 ? 1 : 2, classes };
  });
  return { items, caps: [2 * all, 2 * c30, 2 * c40, 2 * c45], weightCap: Math.min(m.trainMaxKg, wagonKg) };
}

/** Items (indices into `items`) in decreasing order of (value − λ·kg) / units, positive ones only. */
export function orderFor(items: readonly BoundItem[], lambda: number): Int32Array {
  const idx: number[] = [];
  const ratio = new Float64Array(items.length);
  items.forEach((it, i) => {
    const p = it.box.value - lambda * it.box.kg;
    ratio[i] = p / it.units;
    if (p > 0) idx.push(i);
  });
  idx.sort((a, b) => (ratio[b] ?? 0) - (ratio[a] ?? 0) || a - b);
  return Int32Array.from(idx);
}

/**
 * Fractional laminar knapsack: Σ over `order` (skipping items with skip[i] = 1) of p·fraction, with
 * remaining class capacities `rem` (copied, not changed).
 */
export function greedyFill(
  items: readonly BoundItem[],
  order: Int32Array,
  lambda: number,
  skip: Uint8Array,
  rem: readonly number[],
): number {
  let r0 = rem[0] ?? 0;
  let r1 = rem[1] ?? 0;
  let r2 = rem[2] ?? 0;
  let r3 = rem[3] ?? 0;
  let total = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (skip[i] === 1) continue;
    const it = items[i] as BoundItem;
    const c = it.classes;
    let room = r0;
    if (c & 2 && r1 < room) room = r1;
    if (c & 4 && r2 < room) room = r2;
    if (c & 8 && r3 < room) room = r3;
    if (room <= 0) continue;
    const take = Math.min(room, it.units);
    total += ((it.box.value - lambda * it.box.kg) * take) / it.units;
    r0 -= take;
    if (c & 2) r1 -= take;
    if (c & 4) r2 -= take;
    if (c & 8) r3 -= take;
    if (r0 <= 0) break;
  }
  return total;
}

/** L(λ) = λ·weightCap + fractional fill: an upper bound for every λ ≥ 0. */
export function lagrangianBound(rel: Relaxation, lambda: number): number {
  const skip = new Uint8Array(rel.items.length);
  return lambda * rel.weightCap + greedyFill(rel.items, orderFor(rel.items, lambda), lambda, skip, rel.caps);
}

/** Minimises the convex L(λ) over λ ≥ 0 by ternary search; returns the best λ and its bound. */
export function bestLambda(rel: Relaxation): { lambda: number; bound: number } {
  let hi = 0;
  for (const it of rel.items) if (it.box.kg > 0) hi = Math.max(hi, it.box.value / it.box.kg);
  let lo = 0;
  let best = { lambda: 0, bound: lagrangianBound(rel, 0) };
  if (hi === 0) return best;
  for (let iter = 0; iter < 60; iter++) {
    const a = lo + (hi - lo) / 3;
    const b = hi - (hi - lo) / 3;
    const la = lagrangianBound(rel, a);
    const lb = lagrangianBound(rel, b);
    if (la < best.bound) best = { lambda: a, bound: la };
    if (lb < best.bound) best = { lambda: b, bound: lb };
    if (la <= lb) hi = b;
    else lo = a;
  }
  return best;
}

/**
 * Integer version of the same Lagrangian subproblem with only the overall unit capacity kept: boxes
 * of 1 or 2 units, taken whole. Exact by trying every count of 2-unit boxes (best ones by profit,
 * which is `order` restricted to each size) with the best 1-unit boxes in the rest. When 20-ft boxes
 * must ride in pairs, their number is even in every feasible plan: the caller passes the parity the
 * remaining ones must have.
 * Valid upper bound (with λ·remaining weight added by the caller), often tighter than the fractional
 * fill, which may be cut by a fractional box.
 */
export function integerFill(
  items: readonly BoundItem[],
  order: Int32Array,
  lambda: number,
  skip: Uint8Array,
  capUnits: number,
  /** Required parity of the number of 1-unit boxes taken (−1: any). */
  parity: number,
  scratch: { ones: Float64Array; twos: Float64Array },
): number {
  const ones = scratch.ones;
  const twos = scratch.twos;
  let n1 = 0;
  let n2 = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (skip[i] === 1) continue;
    const it = items[i] as BoundItem;
    const p = it.box.value - lambda * it.box.kg;
    if (it.units === 1) {
      if (n1 < capUnits) ones[n1++] = p;
    } else if (2 * n2 < capUnits) twos[n2++] = p;
  }
  // prefix sums of the 1-unit profits, in place.
  for (let i = 1; i < n1; i++) ones[i] = (ones[i] ?? 0) + (ones[i - 1] ?? 0);
  let best = 0;
  let sum2 = 0;
  for (let k2 = 0; k2 <= n2; k2++) {
    if (k2 > 0) sum2 += twos[k2 - 1] ?? 0;
    if (2 * k2 > capUnits) break;
    let k1 = Math.min(n1, capUnits - 2 * k2);
    if (parity >= 0 && k1 % 2 !== parity) k1--;
    if (k1 < 0) continue;
    // All listed profits are positive, so the most 1-unit boxes that fit (even if required) is best.
    const v = sum2 + (k1 > 0 ? (ones[k1 - 1] ?? 0) : 0);
    if (v > best) best = v;
  }
  return best;
}
