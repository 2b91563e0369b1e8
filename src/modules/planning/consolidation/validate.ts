// Independent checker of a consolidation solution against its instance (planning.md §2). Deliberately
// simple and separate from the solver: it imports no solver code and recomputes everything itself.
import type { ConsolidationInstance, ConsolidationSolution } from './contract';

export interface ConsolidationCheck {
  readonly errors: readonly string[];
  /** Σ value of assigned bookings, recomputed from the instance. */
  readonly objective: number;
}

export function validateConsolidation(
  inst: ConsolidationInstance,
  sol: ConsolidationSolution,
): ConsolidationCheck {
  const errors: string[] = [];
  const err = (m: string) => errors.push(m);
  const bookings = new Map(inst.bookings.map((b) => [b.id, b]));
  const departures = new Map(inst.departures.map((d) => [d.id, d]));
  const routes = new Map(inst.routes.map((r) => [r.id, r]));
  const gateways = new Map(inst.gateways.map((g) => [g.id, g]));

  if (sol.format !== 'lugang.consolidation.solution/v1') err(`format is '${sol.format}'`);
  if (sol.instanceId !== inst.id) err(`instanceId '${sol.instanceId}' ≠ '${inst.id}'`);

  // Every booking exactly once, in assignments or unassigned.
  const seen = new Map<string, number>();
  for (const a of sol.assignments) seen.set(a.booking, (seen.get(a.booking) ?? 0) + 1);
  for (const u of sol.unassigned) {
    seen.set(u.booking, (seen.get(u.booking) ?? 0) + 1);
    if (u.reason.trim() === '') err(`booking ${u.booking} unassigned without a reason`);
  }
  for (const [b, n] of seen) {
    if (!bookings.has(b)) err(`unknown booking ${b}`);
    else if (n !== 1) err(`booking ${b} appears ${n} times`);
  }
  for (const b of inst.bookings) if (!seen.has(b.id)) err(`booking ${b.id} missing from the solution`);

  // Each assignment: eligible route and time window; sum loads per departure.
  const teu = new Map<string, number>();
  const kg = new Map<string, number>();
  let objective = 0;
  for (const a of sol.assignments) {
    const b = bookings.get(a.booking);
    const d = departures.get(a.departure);
    if (!b) continue;
    if (!d) {
      err(`booking ${a.booking} on unknown departure ${a.departure}`);
      continue;
    }
    const r = routes.get(d.route);
    if (!r) {
      err(`departure ${d.id} has unknown route ${d.route}`);
      continue;
    }
    if (!b.routes.includes(d.route)) err(`booking ${b.id} may not use route ${d.route}`);
    if (b.readyDay > d.day) err(`booking ${b.id} ready day ${b.readyDay} > departure day ${d.day}`);
    if (d.day + r.transitDays > b.dueDay) {
      err(`booking ${b.id} due day ${b.dueDay} < arrival ${d.day + r.transitDays}`);
    }
    teu.set(d.id, (teu.get(d.id) ?? 0) + b.teu);
    kg.set(d.id, (kg.get(d.id) ?? 0) + b.grossKg);
    objective += b.value;
  }

  // Running = exactly the departures with at least one booking.
  const running = new Set(sol.running);
  if (running.size !== sol.running.length) err('running lists a departure twice');
  for (const dId of running) {
    if (!departures.has(dId)) err(`running lists unknown departure ${dId}`);
    else if (!teu.has(dId)) err(`departure ${dId} listed as running without bookings`);
  }
  for (const dId of teu.keys())
    if (!running.has(dId)) err(`departure ${dId} carries bookings but is not running`);

  // Fill and capacity of each loaded departure; gateway crossings per day.
  const crossings = new Map<string, number>();
  for (const [dId, t] of teu) {
    const d = departures.get(dId);
    if (!d) continue;
    if (t < d.minTeu) err(`departure ${dId} carries ${t} TEU < minimum ${d.minTeu}`);
    if (t > d.capacityTeu) err(`departure ${dId} carries ${t} TEU > capacity ${d.capacityTeu}`);
    const w = kg.get(dId) ?? 0;
    if (w > d.capacityKg) err(`departure ${dId} carries ${w} kg > capacity ${d.capacityKg}`);
    const r = routes.get(d.route);
    if (r && r.gateway !== null) {
      const day = d.day + r.daysToGateway;
      if (day >= 0 && day < inst.days) {
        const key = `${r.gateway}@${day}`;
        crossings.set(key, (crossings.get(key) ?? 0) + 1);
      }
    }
  }
  for (const [key, n] of crossings) {
    const [g, dayText] = key.split('@');
    const quota = gateways.get(g ?? '')?.quota[Number(dayText)];
    if (quota === undefined) err(`no quota for ${key}`);
    else if (n > quota) err(`gateway ${g} day ${dayText}: ${n} crossings > quota ${quota}`);
  }

  if (sol.objective !== objective) err(`objective ${sol.objective} ≠ recomputed ${objective}`);
  if (sol.bound !== null && sol.bound < objective) err(`bound ${sol.bound} < objective ${objective}`);
  if (sol.status === 'optimal' && sol.bound !== objective) err(`status optimal but bound ${sol.bound}`);

  // Pinned assignments (extension) are kept.
  const assigned = new Map(sol.assignments.map((a) => [a.booking, a.departure]));
  for (const p of inst.pinned ?? []) {
    if (assigned.get(p.booking) !== p.departure) err(`pinned booking ${p.booking} not on ${p.departure}`);
  }
  return { errors, objective };
}
