// The train load planner: validates the document, drops boxes that can never ride (with a reason),
// searches for a provably optimal plan (search.ts) within a time limit, and writes the solution
// document with a reason for every box left off. Pure: the clock comes in as deps.now().
import { ok, type Result } from '../../../domain/result';
import {
  type LoadPlanInstance,
  type LoadPlanSolution,
  type Placement,
  parseLoadPlanInstance,
  SOLUTION_FORMAT,
  type Unloaded,
} from './contract';
import { type Box, buildModel, SLOT_NAMES } from './model';
import { capacityReason, intrinsicReason, NO_PARTNER, type Reason, unpairable } from './reasons';
import { searchLoadPlan } from './search';

export interface LoadPlanDeps {
  /** Milliseconds (any epoch); used for the time limit and solveMs only. */
  now(): number;
}

export interface LoadPlanOptions {
  /** Stop searching after this many ms and return the best plan with its bound. Default 2000. */
  readonly timeLimitMs?: number;
  /** Stop after this many search nodes (deterministic budget for tests). */
  readonly maxNodes?: number;
}

export const DEFAULT_TIME_LIMIT_MS = 2000;

export function solveLoadPlan(
  inst: LoadPlanInstance,
  deps: LoadPlanDeps,
  opts: LoadPlanOptions = {},
): LoadPlanSolution {
  const t0 = deps.now();
  const m = buildModel(inst);
  const reasons = new Map<number, Reason>();
  let eligible: Box[] = [];
  for (const b of m.boxes) {
    const r = intrinsicReason(m, b);
    if (r === null) eligible.push(b);
    else reasons.set(b.idx, r);
  }
  const lonely = unpairable(m, eligible);
  for (const i of lonely) reasons.set(i, NO_PARTNER);
  eligible = eligible.filter((b) => !lonely.has(b.idx));

  const res = searchLoadPlan(m, eligible, {
    deadline: t0 + (opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS),
    now: () => deps.now(),
    ...(opts.maxNodes !== undefined ? { maxNodes: opts.maxNodes } : {}),
  });

  const placements: Placement[] = res.assigns.map((a) => ({
    container: m.boxes[a.box]?.id ?? '',
    wagon: m.wagons[a.wagon]?.id ?? '',
    platform: a.platform,
    slot: SLOT_NAMES[a.slot] ?? 'F',
  }));
  const loaded = new Set(res.assigns.map((a) => a.box));
  const loadedKg = res.assigns.reduce((s, a) => s + (m.boxes[a.box]?.kg ?? 0), 0);
  const usedPlatforms = new Set(res.assigns.map((a) => `${a.wagon}.${a.platform}`)).size;
  const totalPlatforms = m.wagons.reduce(
    (s, w) => s + w.type.platforms.filter((p) => p.lengthFt >= 20).length,
    0,
  );
  const dgWagons = new Set(res.assigns.filter((a) => m.boxes[a.box]?.dg).map((a) => a.wagon));
  const dgFull = m.wagons.every(
    (w) =>
      !w.dgAllowed ||
      dgWagons.has(w.idx) ||
      (m.dgAdjacent && (dgWagons.has(w.idx - 1) || dgWagons.has(w.idx + 1))),
  );
  const unloaded: Unloaded[] = [];
  for (const b of m.boxes) {
    if (loaded.has(b.idx)) continue;
    const r = reasons.get(b.idx) ?? capacityReason(m, b, loadedKg, totalPlatforms - usedPlatforms, dgFull);
    unloaded.push({ container: b.id, reason: r.en, reasonZh: r.zh });
  }
  const solveMs = Math.max(0, Math.round(deps.now() - t0));
  return {
    format: SOLUTION_FORMAT,
    instanceId: inst.id,
    status: res.proven ? 'optimal' : 'feasible',
    objective: res.value,
    bound: res.bound,
    solveMs,
    placements,
    unloaded,
  };
}

/** Parses the instance document and solves it; a malformed document gives one Violation. */
export function runLoadPlan(
  doc: unknown,
  deps: LoadPlanDeps,
  opts: LoadPlanOptions = {},
): Result<LoadPlanSolution> {
  const parsed = parseLoadPlanInstance(doc);
  if (!parsed.ok) return parsed;
  return ok(solveLoadPlan(parsed.value, deps, opts));
}
