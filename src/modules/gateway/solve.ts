// Gateway slot scheduler (issue 6 part 2): validates a `lugang.gateway.instance/v1` document, solves
// it exactly as a min-cost flow (flow.ts) and writes the `lugang.gateway.solution/v1` document with
// an explanation for every late or unscheduled train. Pure: the clock comes in as `deps.now`.
import { fail, ok, type Result } from '../../domain/result';
import { prefixedViolation } from '../../domain/zod-violation';
import {
  type Crossing,
  GATEWAY_SOLUTION_FORMAT,
  type GatewayInstance,
  type GatewaySolution,
  parseGatewayInstance,
  type Unscheduled,
} from './contract';
import { Explainer } from './explain';
import { solveAssignment } from './flow';
import { buildModel, GatewayTooLargeError } from './model';

export interface GatewayDeps {
  /** Milliseconds from any fixed origin (performance.now in production, a fake in tests). */
  now(): number;
}

export interface SolveOptions {
  /** Attach delay/unscheduled explanations (default true). */
  readonly explain?: boolean;
}

/**
 * Solves a valid instance. `status` is always `optimal` and `bound` equals `objective`. Throws
 * GatewayTooLargeError beyond the size limits (runGatewayPlan turns it into a Violation).
 */
export function solveGateway(
  inst: GatewayInstance,
  deps: GatewayDeps,
  opts: SolveOptions = {},
): GatewaySolution {
  const t0 = deps.now();
  const model = buildModel(inst);
  const { slotOf, objective } = solveAssignment(model);

  const load = new Int32Array(model.nGateways * inst.days);
  for (let i = 0; i < model.nTrains; i++) {
    const s = slotOf[i] as number;
    if (s < model.nSlots) {
      const k = (model.slotGateway[s] as number) * inst.days + (model.slotDay[s] as number);
      load[k] = (load[k] as number) + 1;
    }
  }
  const explainer = opts.explain === false ? null : new Explainer(inst, load);
  const crossings: { c: Crossing; g: number; d: number; i: number }[] = [];
  const unscheduled: Unscheduled[] = [];
  for (let i = 0; i < model.nTrains; i++) {
    const t = inst.trains[i] as GatewayInstance['trains'][number];
    const s = slotOf[i] as number;
    if (s < model.nSlots) {
      const g = model.slotGateway[s] as number;
      const d = model.slotDay[s] as number;
      const gateway = (inst.gateways[g] as GatewayInstance['gateways'][number]).id;
      const why = explainer?.delay(t, gateway, d) ?? null;
      const c: Crossing =
        why === null ? { train: t.id, gateway, day: d } : { train: t.id, gateway, day: d, ...why };
      crossings.push({ c, g, d, i });
    } else if (explainer === null) {
      unscheduled.push({ train: t.id, reason: 'unscheduled' });
    } else {
      const why = explainer.unscheduled(t);
      unscheduled.push({
        train: t.id,
        reason: why.reason,
        code: why.code,
        reasonZh: why.reasonZh,
        blocked: why.blocked,
      });
    }
  }
  crossings.sort((a, b) => a.d - b.d || a.g - b.g || a.i - b.i);
  const solveMs = Math.max(0, Math.round((deps.now() - t0) * 1000) / 1000);
  return {
    format: GATEWAY_SOLUTION_FORMAT,
    instanceId: inst.id,
    status: 'optimal',
    objective,
    bound: objective,
    solveMs,
    crossings: crossings.map((x) => x.c),
    unscheduled,
  };
}

/**
 * Parses, validates and solves a gateway instance document. A malformed document, or one beyond the
 * solver's size limits (model.ts MAX_SLOTS / MAX_ARCS), gives one Violation.
 */
export function runGatewayPlan(
  doc: unknown,
  deps: GatewayDeps,
  opts: SolveOptions = {},
): Result<GatewaySolution> {
  const parsed = parseGatewayInstance(doc);
  if (!parsed.ok) return parsed;
  try {
    return ok(solveGateway(parsed.value, deps, opts));
  } catch (e) {
    if (!(e instanceof GatewayTooLargeError)) throw e;
    const { count, limit } = e;
    const [en, zh] =
      e.what === 'slots'
        ? [`${count} open (gateway, day) slots`, `${count} 个可用的（口岸，日期）班次`]
        : e.what === 'arcs'
          ? [`${count} allowed (train, gateway, day) crossings`, `${count} 个允许的（列车，口岸，日期）组合`]
          : [`a worst total cost of ${count} (weight × days)`, `最坏总成本 ${count}（权重 × 天数）`];
    return fail(
      prefixedViolation(
        'gateway',
        e.what === 'slots' ? 'gateways' : 'trains',
        'too_large',
        `the instance has ${en}; the scheduler accepts at most ${limit}`,
        `实例有${zh}，调度器最多接受 ${limit}`,
        { count: e.count, limit: e.limit },
      ),
    );
  }
}
