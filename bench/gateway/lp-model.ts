// Writes a gateway-slot instance as a HiGHS model (CPLEX LP text): x[train,gateway,day] for every
// allowed crossing, u[train] for unscheduled; each train exactly once, each (gateway, day) ≤ quota;
// minimise Σ weight·(day − arrival + extraDays)·x + weight·penalty·u. The constraint matrix is a
// network matrix (totally unimodular), so the LP relaxation already has an integral optimum.
import type { GatewayInstance } from '../../src/modules/gateway/contract';
import { LpBuilder } from '../lib/lp';

export interface GatewayLpOptions {
  /** Declare the x and u variables binary (a MIP); default false (the LP relaxation). */
  readonly integer?: boolean;
}

export function gatewayToLp(inst: GatewayInstance, opts: GatewayLpOptions = {}): string {
  const m = new LpBuilder('minimize');
  const type = opts.integer === true ? 'binary' : 'continuous';
  const bounds = opts.integer === true ? {} : { ub: 1 };
  const gIndex = new Map(inst.gateways.map((g, k) => [g.id, k]));
  const slotTerms = new Map<number, [number, string][]>();
  inst.trains.forEach((t, i) => {
    const extra = new Map<number, number>();
    for (const o of t.options) {
      const g = gIndex.get(o.gateway) as number;
      const cur = extra.get(g);
      if (cur === undefined || o.extraDays < cur) extra.set(g, o.extraDays);
    }
    const row: [number, string][] = [];
    const last = Math.min(t.arrivalDay + t.maxDelayDays, inst.days - 1);
    for (const [g, e] of extra) {
      const quota = inst.gateways[g]?.quota ?? [];
      for (let d = t.arrivalDay; d <= last; d++) {
        if ((quota[d] ?? 0) === 0) continue;
        const name = `x${i}_${g}_${d}`;
        m.addVar(name, { type, ...bounds, obj: t.weight * (d - t.arrivalDay + e) });
        row.push([1, name]);
        const key = g * inst.days + d;
        let terms = slotTerms.get(key);
        if (terms === undefined) {
          terms = [];
          slotTerms.set(key, terms);
        }
        terms.push([1, name]);
      }
    }
    m.addVar(`u${i}`, { type, ...bounds, obj: t.weight * inst.unscheduledPenaltyDays });
    row.push([1, `u${i}`]);
    m.addConstraint(`t${i}`, row, '=', 1);
  });
  for (const [key, terms] of [...slotTerms].sort((a, b) => a[0] - b[0])) {
    const g = Math.floor(key / inst.days);
    const d = key % inst.days;
    m.addConstraint(`q${g}_${d}`, terms, '<=', inst.gateways[g]?.quota[d] ?? 0);
  }
  return m.toString();
}
