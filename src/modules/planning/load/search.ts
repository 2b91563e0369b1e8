// Branch and bound over the choice of boxes: depth-first, "take" before "leave", boxes in order of
// their Lagrangian profit ratio. Every node's chosen set is tried by the packing oracle when it would
// beat the incumbent; nodes whose relaxation bound (best of a few fixed λ, O(n) each) cannot beat the
// incumbent are cut. A node/time budget stops the search; then the bound of every unexplored node
// and of every set the oracle could not decide is kept, so the reported bound stays valid.
import {
  type BoundItem,
  bestLambda,
  buildRelaxation,
  greedyFill,
  integerFill,
  orderFor,
  type Relaxation,
} from './bound';
import type { Box, Model } from './model';
import { type Assign, Packer } from './pack';

export interface SearchOptions {
  /** Absolute time (deps.now() units, ms) at which to stop. */
  readonly deadline: number;
  readonly now: () => number;
  readonly maxNodes?: number;
}

export interface SearchResult {
  readonly value: number;
  readonly assigns: Assign[];
  readonly bound: number;
  readonly proven: boolean;
  readonly nodes: number;
  readonly lambda: number;
}

const EPS = 1e-9;

export function searchLoadPlan(m: Model, boxes: readonly Box[], opts: SearchOptions): SearchResult {
  const packer = new Packer(m);
  const rel: Relaxation = buildRelaxation(m, boxes);
  const items = rel.items;
  const n = items.length;
  const integral = boxes.every((b) => Number.isInteger(b.value));
  const cut = (bound: number, inc: number): boolean =>
    integral ? Math.floor(bound + 1e-7) <= inc + EPS : bound <= inc + 1e-7;

  const root = bestLambda(rel);
  const lambdas = [root.lambda, 0, root.lambda * 0.6, root.lambda * 1.5];
  const orders = lambdas.map((l) => orderFor(items, l));
  // Branching order: every box, by decreasing ratio (value − λ*·kg) / units.
  const ratio = items.map((it) => (it.box.value - root.lambda * it.box.kg) / it.units);
  const branch = Int32Array.from(
    items.map((_, i) => i).sort((a, b) => (ratio[b] ?? 0) - (ratio[a] ?? 0) || a - b),
  );
  const decided = new Uint8Array(n);
  const rem = [...rel.caps];
  const chosen: Box[] = [];
  let chosen20 = 0;

  let incumbent = 0;
  let bestAssigns: Assign[] = [];
  let unknownMax = Number.NEGATIVE_INFINITY;
  let openMax = Number.NEGATIVE_INFINITY;
  let nodes = 0;
  let stopped = false;
  const maxNodes = opts.maxNodes ?? 2_000_000;

  const scratch = { ones: new Float64Array(n + 1), twos: new Float64Array(n + 1) };
  const nodeBound = (value: number, kg: number): number => {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 0; j < lambdas.length; j++) {
      const l = lambdas[j] as number;
      const base = value + l * (rel.weightCap - kg);
      let b = base + greedyFill(items, orders[j] as Int32Array, l, decided, rem);
      if (b < best) best = b;
      if (cut(best, incumbent)) break;
      const parity = m.mustPair ? chosen20 % 2 : -1;
      b = base + integerFill(items, orders[j] as Int32Array, l, decided, rem[0] ?? 0, parity, scratch);
      if (b < best) best = b;
      if (cut(best, incumbent)) break;
    }
    return best;
  };

  const tryChosen = (value: number): void => {
    if (value <= incumbent + EPS) return;
    const r = packer.pack(chosen);
    if (r.kind === 'ok') {
      incumbent = value;
      bestAssigns = r.assigns;
    } else if (r.kind === 'unknown' && value > unknownMax) {
      unknownMax = value;
    }
  };

  const fits = (it: BoundItem, kg: number): boolean => {
    const c = it.classes;
    return (
      kg + it.box.kg <= rel.weightCap &&
      (rem[0] ?? 0) >= it.units &&
      (!(c & 2) || (rem[1] ?? 0) >= it.units) &&
      (!(c & 4) || (rem[2] ?? 0) >= it.units) &&
      (!(c & 8) || (rem[3] ?? 0) >= it.units)
    );
  };
  const take = (it: BoundItem, sign: 1 | -1): void => {
    for (let b = 0; b < 4; b++)
      if (b === 0 || it.classes & (1 << b)) rem[b] = (rem[b] ?? 0) - sign * it.units;
    if (sign === 1) chosen.push(it.box);
    else chosen.pop();
    if (it.box.len === 20) chosen20 += sign;
  };

  let phaseLimit = maxNodes;
  const visit = (k: number, value: number, kg: number): void => {
    nodes++;
    // The first n + 1 nodes always run: they are the greedy dive (take every box that fits, in
    // ratio order), so even a tiny budget returns a sensible plan.
    if (
      !stopped &&
      nodes > n + 1 &&
      (((nodes & 31) === 0 && opts.now() > opts.deadline) || nodes > phaseLimit)
    )
      stopped = true;
    const bound = nodeBound(value, kg);
    if (stopped) {
      if (bound > openMax) openMax = bound;
      return;
    }
    if (cut(bound, incumbent)) return;
    let kk = k;
    while (kk < branch.length && decided[branch[kk] as number] === 1) kk++;
    if (kk >= branch.length) return;
    const i = branch[kk] as number;
    const it = items[i];
    if (it === undefined) return;
    decided[i] = 1;
    if (fits(it, kg)) {
      take(it, 1);
      tryChosen(value + it.box.value);
      visit(kk + 1, value + it.box.value, kg + it.box.kg);
      take(it, -1);
    }
    visit(kk + 1, value, kg);
    decided[i] = 0;
  };

  /**
   * Reduced-cost fixing at the root: a box whose forced inclusion (exclusion) cannot beat the
   * incumbent stays out (in) in every strictly better plan. Repeated while it fixes something.
   */
  const fixByReducedCost = (): void => {
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < n; i++) {
        const it = items[i] as BoundItem;
        if (decided[i] === 1) continue;
        decided[i] = 1;
        const outBound = nodeBound(rootValue, rootKg);
        let inBound = Number.NEGATIVE_INFINITY;
        if (fits(it, rootKg)) {
          take(it, 1);
          inBound = nodeBound(rootValue + it.box.value, rootKg + it.box.kg);
          take(it, -1);
        }
        if (cut(inBound, incumbent)) {
          changed = true; // fixed out: stays decided
        } else if (cut(outBound, incumbent)) {
          take(it, 1); // fixed in
          rootValue += it.box.value;
          rootKg += it.box.kg;
          changed = true;
        } else decided[i] = 0;
      }
    }
  };

  /**
   * Packing-checked greedy, run only when the search was cut short: boxes in ratio order, each kept
   * if the set still packs; under compulsory pairs a 20-ft box that fails alone waits for the next one.
   */
  const greedyRepair = (): void => {
    const set: Box[] = [];
    let value = 0;
    let kg = 0;
    let pending: Box | null = null;
    for (let k = 0; k < branch.length; k++) {
      const box = items[branch[k] as number]?.box;
      if (box === undefined || kg + box.kg > rel.weightCap) continue;
      const trial = pending !== null && box.len === 20 ? [...set, pending, box] : [...set, box];
      const r = packer.pack(trial, 200);
      if (r.kind === 'ok') {
        set.splice(0, set.length, ...trial);
        value = set.reduce((a, b) => a + b.value, 0);
        kg = set.reduce((a, b) => a + b.kg, 0);
        if (box.len === 20) pending = null;
        if (value > incumbent + EPS) {
          incumbent = value;
          bestAssigns = r.assigns;
        }
      } else if (box.len === 20 && m.mustPair) pending = box;
    }
  };

  // Restarts with growing node limits: each round's incumbent sharpens the reduced-cost fixing of the
  // next; the last round runs to the overall budget.
  let rootValue = 0;
  let rootKg = 0;
  const limits = [300, 3000, 30000, Number.POSITIVE_INFINITY];
  for (const limit of limits) {
    stopped = false;
    openMax = Number.NEGATIVE_INFINITY;
    phaseLimit = Math.min(maxNodes, nodes + limit);
    fixByReducedCost();
    tryChosen(rootValue);
    visit(0, rootValue, rootKg);
    const budgetLeft = nodes <= maxNodes && opts.now() <= opts.deadline;
    if (!stopped || !budgetLeft) break;
  }

  let bound = Math.max(incumbent, unknownMax, stopped ? openMax : Number.NEGATIVE_INFINITY);
  if (stopped) greedyRepair();
  bound = Math.min(bound, root.bound);
  if (integral) bound = Math.floor(bound + 1e-7);
  const proven = bound <= incumbent + EPS;
  return {
    value: incumbent,
    assigns: bestAssigns,
    bound: proven ? incumbent : bound,
    proven,
    nodes,
    lambda: root.lambda,
  };
}
