// Tests of the what-if re-plan: the shipped October 2021 scenario (the drop grows the queue, the
// re-plan shrinks it against holding trains at their planned gateway), and properties on random
// instances (re-plan never worse than the held plan, held plans keep gateways, every late train explained).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatewayInstanceArb, SMALL } from './arbitraries';
import type { GatewayInstance } from './contract';
import { holdAtPlannedGateway, runWhatIf, summarize } from './replan';
import { parseScenario } from './scenario';
import { solveGateway } from './solve';
import { validateGatewaySolution } from './validate';

const clock = { now: () => 0 };

function scenario(id: string) {
  const url = new URL(`../../../data/scenarios/gateway/${id}.json`, import.meta.url);
  const r = parseScenario(JSON.parse(readFileSync(url, 'utf8')));
  if (!r.ok) throw new Error(r.error.message.en);
  return r.value;
}

describe('October 2021 scenario', () => {
  const s = scenario('oct-2021');
  const r = runWhatIf({ baseline: s.baseline, changes: s.changes, trainRoutes: s.trainRoutes }, clock);
  if (!r.ok) throw new Error(r.error.message.en);
  const w = r.value;

  it('grows the queue at Alashankou when trains stay at their planned gateway', () => {
    expect(w.baseline.maxWaiting).toBeLessThan(5);
    expect(w.held.maxWaiting).toBeGreaterThan(150);
    const akl = w.held.days.map((d) => d.gateways.AKL?.waiting ?? 0);
    expect(akl[29]).toBeGreaterThan(akl[10] ?? 0);
    expect(w.held.days[10]?.gateways.AKL?.quota).toBeLessThanOrEqual(6);
  });

  it('shrinks it with the exact re-plan, moving trains to Khorgos', () => {
    expect(w.replan.maxWaiting).toBeLessThan(w.held.maxWaiting);
    expect(w.replan.objective).toBeLessThan(w.held.objective);
    expect(w.switchedGateway.length).toBeGreaterThan(0);
    expect(w.switchedGateway.every((c) => c.before?.gateway === 'AKL' && c.after?.gateway === 'HRS')).toBe(
      true,
    );
  });

  it('explains every late or unscheduled train in English and Chinese', () => {
    expect(w.explanations.length).toBe(w.replan.late);
    for (const e of w.explanations) {
      expect(e.reason.en.length).toBeGreaterThan(10);
      expect(e.reason.zh).toMatch(/[天满]/);
    }
    expect(w.explanations.some((e) => e.status === 'unscheduled' && e.code === 'slots-full')).toBe(true);
  });

  it('reports delays per route, the routes of the scenario', () => {
    expect(w.routes.map((x) => x.route)).toContain('URM-DUI');
    expect(w.routes.reduce((n, x) => n + x.trains, 0)).toBe(s.baseline.trains.length);
    const dui = w.routes.find((x) => x.route === 'URM-DUI');
    expect((dui?.held.unscheduled ?? 0) + (dui?.held.delayDays ?? 0)).toBeGreaterThan(0);
  });

  it('names the field of a change outside the scenario', () => {
    const bad = runWhatIf(
      {
        baseline: s.baseline,
        changes: [{ gateway: 'AKL', from: '2030-01-01', to: '2030-01-02', trainsPerDay: 0 }],
      },
      clock,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('changes.0.from');
  });
});

describe('July 2022 scenario', () => {
  it('queues far more during the stop than in its baseline', () => {
    const s = scenario('jul-2022');
    const r = runWhatIf({ baseline: s.baseline, changes: s.changes }, clock);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.replan.maxWaiting).toBeGreaterThan(2 * r.value.baseline.maxWaiting);
    expect(r.value.routes.every((x) => x.route.startsWith('via '))).toBe(true);
  });
});

describe('properties', () => {
  it('held plans are valid, keep the planned gateway, and never beat the re-plan', () => {
    fc.assert(
      fc.property(gatewayInstanceArb(SMALL), fc.integer({ min: 0, max: 3 }), (inst, cut) => {
        const changed: GatewayInstance = {
          ...inst,
          gateways: inst.gateways.map((g, k) =>
            k === 0 ? { ...g, quota: g.quota.map((q) => Math.min(q, cut)) } : g,
          ),
        };
        const base = solveGateway(inst, clock);
        const held = holdAtPlannedGateway(changed, base);
        const heldSol = solveGateway(held, clock);
        const replan = solveGateway(changed, clock);
        expect(validateGatewaySolution(held, heldSol)).toEqual([]);
        expect(replan.objective).toBeLessThanOrEqual(heldSol.objective);
        const planned = new Map(base.crossings.map((c) => [c.train, c.gateway]));
        for (const c of heldSol.crossings) {
          const p = planned.get(c.train);
          if (p !== undefined) expect(c.gateway).toBe(p);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the queue balances: arrivals in the horizon = crossings + trains still waiting', () => {
    fc.assert(
      fc.property(gatewayInstanceArb(SMALL), (inst) => {
        const sol = solveGateway(inst, clock);
        const s = summarize(inst, sol);
        const arrived = inst.trains.filter((t) => t.arrivalDay < inst.days && t.options.length > 0).length;
        const last = s.days[s.days.length - 1];
        expect((last?.waiting ?? 0) + sol.crossings.length).toBe(arrived);
        for (const d of s.days)
          for (const g of Object.values(d.gateways)) expect(g.crossing).toBeLessThanOrEqual(g.quota);
        expect(s.late).toBe(sol.unscheduled.length + sol.crossings.filter((c) => c.delayReason).length);
        // a plan held at fewer gateways is judged against all the options: never fewer late trains
        const held = holdAtPlannedGateway(inst, sol);
        const heldSol = solveGateway(held, clock);
        expect(summarize(held, heldSol, inst).late).toBeGreaterThanOrEqual(summarize(held, heldSol).late);
      }),
      { numRuns: 150 },
    );
  });
});
