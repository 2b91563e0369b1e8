// The consolidation model (planning.md §2) as a MIP in CPLEX LP text for HiGHS, written from the
// instance independently of Lugang's solver: x[b,d] booking b rides d, y[d] departure d runs.
import type { ConsolidationInstance } from '../../../src/modules/planning/consolidation/contract';
import { LpBuilder, type Term } from '../../lib/lp';

export function consolidationLp(inst: ConsolidationInstance): { text: string; vars: number; rows: number } {
  const lp = new LpBuilder('maximize');
  const routes = new Map(inst.routes.map((r) => [r.id, r]));
  const gateways = new Map(inst.gateways.map((g) => [g.id, g]));
  const pins = new Map((inst.pinned ?? []).map((p) => [p.booking, p.departure]));
  const byDep = new Map<string, { x: string; teu: number; kg: number }[]>();
  for (const d of inst.departures) byDep.set(d.id, []);
  for (const [bi, b] of inst.bookings.entries()) {
    const row: Term[] = [];
    for (const [di, d] of inst.departures.entries()) {
      const r = routes.get(d.route);
      if (!r || !b.routes.includes(d.route)) continue;
      if (b.readyDay > d.day || d.day + r.transitDays > b.dueDay) continue;
      const pinned = pins.get(b.id);
      if (pinned !== undefined && pinned !== d.id) continue;
      const x = `x_${bi}_${di}`;
      lp.addVar(x, { type: 'binary', obj: b.value, lb: pinned === d.id ? 1 : 0 });
      row.push([1, x]);
      byDep.get(d.id)?.push({ x, teu: b.teu, kg: b.grossKg });
    }
    if (row.length > 1) lp.addConstraint(`once_${bi}`, row, '<=', 1);
  }
  const crossing = new Map<string, string[]>();
  for (const [di, d] of inst.departures.entries()) {
    const items = byDep.get(d.id) ?? [];
    if (items.length === 0) continue;
    const y = `y_${di}`;
    lp.addVar(y, { type: 'binary' });
    const teu: Term[] = items.map((i) => [i.teu, i.x] as const);
    lp.addConstraint(`cap_${di}`, [...teu, [-d.capacityTeu, y]], '<=', 0);
    lp.addConstraint(`min_${di}`, [...teu, [-d.minTeu, y]], '>=', 0);
    const kg: Term[] = items.map((i) => [i.kg / 1000, i.x] as const);
    lp.addConstraint(`kg_${di}`, [...kg, [-d.capacityKg / 1000, y]], '<=', 0);
    for (const [k, i] of items.entries()) {
      const link: Term[] = [
        [1, i.x],
        [-1, y],
      ];
      lp.addConstraint(`link_${di}_${k}`, link, '<=', 0);
    }
    const r = routes.get(d.route);
    if (r && r.gateway !== null) {
      const day = d.day + r.daysToGateway;
      if (day >= 0 && day < inst.days) {
        const key = `${r.gateway}@${day}`;
        crossing.set(key, [...(crossing.get(key) ?? []), y]);
      }
    }
  }
  for (const [key, ys] of crossing) {
    const [g, day] = key.split('@');
    const q = gateways.get(g ?? '')?.quota[Number(day)] ?? 0;
    if (ys.length > q) {
      lp.addConstraint(
        `quota_${g}_${day}`,
        ys.map((y) => [1, y] as const),
        '<=',
        q,
      );
    }
  }
  return { text: lp.toString(), vars: lp.numVars, rows: lp.numConstraints };
}
