// Consolidation planner (planning.md §2): which bookings ride which departure and which trains run.
// Lagrangian bound + greedy construction (plain and price-guided) + local search and LNS, within a
// time limit. `optimal` only when the objective meets the proven bound. Clock comes in via deps.
import { fail, ok, type Result } from '../../../domain/result';
import { improveBound, newLagrange } from './bound';
import {
  type ConsolidationInstance,
  type ConsolidationSolution,
  parseConsolidationInstance,
} from './contract';
import { exactSearch } from './exact';
import { insertPass, openGreedy, swapPass, topUp } from './heuristic';
import { lnsStep, neighbours } from './lns';
import { buildModel, type Model } from './model';
import { reasonFor } from './reasons';
import { xorshift32 } from './rng';
import { PlanState } from './state';

export interface ConsolidationDeps {
  now(): number;
}

export interface ConsolidationOptions {
  /** Wall-clock budget in ms (default 1000). The solver stops earlier when it proves optimality. */
  timeLimitMs?: number;
  /** Seed of the randomized search (default 1). */
  seed?: number;
  /** Share of the budget spent on the Lagrangian bound and price-guided starts (default 0.3). */
  boundShare?: number;
  /** LNS steps without improvement before an iterated-local-search kick (default 1500). */
  kickAfter?: number;
  /** Annealing temperature of the LNS as a share of the mean booking value (default 0: descent). */
  temperature?: number;
}

const EXACT_MAX_BOOKINGS = 40;
const EXACT_MAX_NODES = 300_000;

const allDeps = (m: Model) => Array.from({ length: m.nD }, (_, i) => i);

function pinFailure(field: string, code: string, en: string, zh: string): Result<never> {
  return fail({
    field,
    code: `consolidation.${code}`,
    message: { en: `${field}: ${en}`, zh: `${field}：${zh}` },
  });
}

/** Places the pinned bookings; fails with a Violation when they cannot all be kept. */
function placePins(inst: ConsolidationInstance, m: Model, st: PlanState): Result<true> {
  const pins = inst.pinned ?? [];
  const bIdx = new Map(inst.bookings.map((b, i) => [b.id, i]));
  for (let i = 0; i < pins.length; i++) {
    const p = pins[i]!;
    const b = bIdx.get(p.booking)!;
    const d = m.pin[b]!;
    if (m.bElig[b]!.length === 0 || d < 0) {
      return pinFailure(
        `pinned.${i}`,
        'pin_ineligible',
        `booking ${p.booking} cannot ride ${p.departure} (route, ready/due window or size)`,
        `订舱 ${p.booking} 不能乘坐 ${p.departure}（线路、备妥/交货时间窗或尺寸不符）`,
      );
    }
    st.add(b, d);
  }
  for (let d = 0; d < m.nD; d++) {
    if (!m.forced[d]) continue;
    const depId = inst.departures[d]!.id;
    if (st.tload[d]! > m.capTeu[d]! || st.kload[d]! > m.capKg[d]!) {
      return pinFailure(
        'pinned',
        'pin_over_capacity',
        `bookings pinned to ${depId} exceed its capacity`,
        `锁定到 ${depId} 的订舱超过其运力`,
      );
    }
    const s = m.slot[d]!;
    if (s >= 0 && st.slotUsed[s]! > m.quota[s]!) {
      return pinFailure(
        'pinned',
        'pin_quota',
        `pinned departures exceed the gateway quota (at ${depId})`,
        `锁定的班列超过口岸过境配额（${depId}）`,
      );
    }
  }
  return ok(true);
}

/** Raises departures with pinned bookings to their minimum fill. */
function topUpPinned(inst: ConsolidationInstance, m: Model, st: PlanState): Result<true> {
  for (let d = 0; d < m.nD; d++) {
    if (m.forced[d] && !topUp(st, d, m.value)) {
      const depId = inst.departures[d]!.id;
      return pinFailure(
        'pinned',
        'pin_min_fill',
        `departure ${depId} has pinned bookings but cannot reach its minimum of ${m.minTeu[d]} TEU`,
        `班列 ${depId} 有锁定订舱，但达不到最低开行箱量 ${m.minTeu[d]} TEU`,
      );
    }
  }
  return ok(true);
}

/** Local improvement until no move helps (bounded rounds). */
function polish(st: PlanState, byValue: readonly number[]): void {
  for (let r = 0; r < 2; r++) {
    const a = insertPass(st, byValue);
    const b = swapPass(st, byValue);
    if (!a && !b) break;
  }
}

export function solveConsolidation(
  inst: ConsolidationInstance,
  deps: ConsolidationDeps,
  opts: ConsolidationOptions = {},
): Result<ConsolidationSolution> {
  const t0 = deps.now();
  const limit = opts.timeLimitMs ?? 1000;
  const deadline = t0 + limit;
  const m = buildModel(inst);
  const base = new PlanState(m);
  const pinned = placePins(inst, m, base);
  if (!pinned.ok) return pinned;
  const pinsOnly = base.clone();
  const topped = topUpPinned(inst, m, base);
  if (!topped.ok) {
    // the greedy top-up can miss; an exhaustive search settles small cases
    const ex = m.nB <= EXACT_MAX_BOOKINGS ? exactSearch(pinsOnly, EXACT_MAX_NODES) : null;
    if (!ex?.found) return topped;
    base.copyFrom(ex.best);
  }

  const byValue = Array.from({ length: m.nB }, (_, i) => i).sort(
    (a, c) => m.value[c]! - m.value[a]! || a - c,
  );
  let trivial = 0;
  for (let b = 0; b < m.nB; b++) if (m.bElig[b]!.length > 0) trivial += m.value[b]!;

  // 1. plain greedy
  const best = base.clone();
  openGreedy(best, allDeps(m), m.value, false);
  polish(best, byValue);
  let bound = trivial;
  const proven = () => best.obj >= bound - 1e-9;

  // small instances: exact search proves the optimum
  if (m.nB <= EXACT_MAX_BOOKINGS && !proven()) {
    const ex = exactSearch(pinsOnly, EXACT_MAX_NODES);
    if (ex.best.obj > best.obj && ex.best.minFillOk()) best.copyFrom(ex.best);
    if (ex.complete) bound = best.obj;
  }

  // 2. Lagrangian bound with price-guided starts
  const lg = newLagrange(m);
  const boundEnd = t0 + limit * (opts.boundShare ?? 0.3);
  const work = new PlanState(m);
  const key = new Float64Array(m.nB);
  while (!proven() && deps.now() < boundEnd && lg.theta >= 1e-5) {
    const before = lg.iterations;
    const L = improveBound(m, lg, best.obj, 40, () => deps.now() >= boundEnd);
    bound = Math.min(bound, Math.floor(L + 1e-7 * Math.abs(L) + 1e-6));
    if (lg.iterations === before) break;
    for (let b = 0; b < m.nB; b++) key[b] = m.value[b]! - lg.lam[b]! + 1e-3 * m.value[b]!;
    work.copyFrom(base);
    openGreedy(work, allDeps(m), key, false);
    polish(work, byValue);
    if (work.obj > best.obj) best.copyFrom(work);
  }

  // 3. large-neighbourhood search with annealing from the best plan
  if (!proven()) {
    const cur = best.clone();
    const backup = best.clone();
    const ctx = {
      m,
      nbr: neighbours(m),
      byValue,
      rng: xorshift32(opts.seed ?? 1),
      key: Float64Array.from(m.value),
      touched: [],
      elMask: new Int32Array(m.nB),
    };
    let meanValue = 0;
    for (let b = 0; b < m.nB; b++) meanValue += m.value[b]! / Math.max(1, m.nB);
    const t1 = deps.now();
    const anneal = { temperature: 0 };
    let it = 0;
    let stall = 0;
    const kickAfter = opts.kickAfter ?? 1500;
    while (!proven()) {
      if ((it & 15) === 0) {
        const now = deps.now();
        if (now >= deadline) break;
        const left = Math.max(0, (deadline - now) / Math.max(1, deadline - t1));
        anneal.temperature = meanValue * (opts.temperature ?? 0) * left;
      }
      it++;
      const last = cur.obj;
      if (lnsStep(ctx, cur, backup, anneal) && cur.obj > best.obj) best.copyFrom(cur);
      stall = cur.obj > last + 1e-9 ? 0 : stall + 1;
      if (stall >= kickAfter) {
        // iterated local search: restart from the best plan with a few forced random moves
        cur.copyFrom(best);
        for (let k = 0; k < 4; k++) lnsStep(ctx, cur, backup, { temperature: Number.POSITIVE_INFINITY });
        stall = 0;
      }
    }
  }

  polish(best, byValue); // a last insertion/swap sweep over every booking
  const status = proven() ? 'optimal' : 'feasible';
  const solution: ConsolidationSolution = {
    format: 'lugang.consolidation.solution/v1',
    instanceId: inst.id,
    status,
    objective: best.obj,
    bound: status === 'optimal' ? best.obj : bound,
    solveMs: Math.max(0, Math.round(deps.now() - t0)),
    assignments: [],
    running: [],
    unassigned: [],
  };
  for (let b = 0; b < m.nB; b++) {
    const d = best.assign[b]!;
    const booking = inst.bookings[b]!.id;
    if (d >= 0) solution.assignments.push({ booking, departure: inst.departures[d]!.id });
    else {
      const r = reasonFor(inst, m, best, b);
      solution.unassigned.push({ booking, reason: r.en, code: r.code, reasonZh: r.zh });
    }
  }
  for (let d = 0; d < m.nD; d++) if (best.running(d)) solution.running.push(inst.departures[d]!.id);
  return ok(solution);
}

/** Parses an untrusted instance document and solves it. */
export function runConsolidation(
  doc: unknown,
  deps: ConsolidationDeps,
  opts: ConsolidationOptions = {},
): Result<ConsolidationSolution> {
  const parsed = parseConsolidationInstance(doc);
  if (!parsed.ok) return parsed;
  return solveConsolidation(parsed.value, deps, opts);
}
