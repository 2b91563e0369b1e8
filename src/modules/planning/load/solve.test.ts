// The load planner: worked examples with their reasons, 1520 gauge-change re-planning, and properties
// on random instances checked by the independent validator and an exhaustive brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoadPlanInstance } from './contract';
import { runLoadPlan, solveLoadPlan } from './solve';
import { bruteForceOptimum, exampleInstance, instanceArb } from './test-support';
import { validateLoadPlan } from './validate';

let clock = 0;
const deps = { now: () => clock++ };

function solveValid(inst: LoadPlanInstance, opts = {}) {
  const sol = solveLoadPlan(inst, deps, opts);
  expect(validateLoadPlan(inst, sol).errors).toEqual([]);
  return sol;
}

const reasonOf = (sol: ReturnType<typeof solveLoadPlan>, id: string) =>
  sol.unloaded.find((u) => u.container === id)?.reason ?? '';

describe('solveLoadPlan examples', () => {
  it('solves the contract example: the 40-ft box rides, the DG box cannot (both wagons next to the locomotive)', () => {
    const r = runLoadPlan(exampleInstance(), deps);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sol = r.value;
    expect(validateLoadPlan(exampleInstance(), sol).errors).toEqual([]);
    expect(sol).toMatchObject({
      format: 'lugang.load-plan.solution/v1',
      status: 'optimal',
      objective: 201,
      bound: 201,
    });
    expect(sol.placements).toEqual([{ container: 'CSQU3054383', wagon: '01', platform: 0, slot: 'F' }]);
    expect(reasonOf(sol, 'TGHU1234561')).toContain('dangerous goods');
    expect(sol.unloaded[0]?.reasonZh).toContain('危险品');
    // Without the DG rule the lone 20-ft box still stays: 20-ft boxes ride in pairs.
    const inst = exampleInstance();
    inst.rules.dgFirstWagonsForbidden = 0;
    const again = solveValid(inst);
    expect(reasonOf(again, 'TGHU1234561')).toContain('pairs');
    expect(again.unloaded[0]?.reasonZh).toContain('成对');
  });

  it('returns the violation, not a plan, for a malformed document', () => {
    const doc = { ...exampleInstance(), containers: [{ id: 'X', lengthFt: 50 }] };
    const r = runLoadPlan(doc, deps);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('containers.0.lengthFt');
  });

  it('gives each excluded box its own reason', () => {
    const inst = exampleInstance();
    inst.rules.trainMaxCargoKg = 40000;
    inst.rules.dgFirstWagonsForbidden = 5;
    inst.containers = [
      { id: 'HEAVY20', lengthFt: 20, grossKg: 25000, value: 500, dg: null },
      { id: 'HEAVY40', lengthFt: 40, grossKg: 50000, value: 500, dg: null },
      { id: 'DG40', lengthFt: 40, grossKg: 10000, value: 500, dg: { un: '1263', class: '3' } },
      { id: 'BIG1', lengthFt: 40, grossKg: 30000, value: 300, dg: null },
      { id: 'BIG2', lengthFt: 40, grossKg: 30000, value: 290, dg: null },
      { id: 'SMALL', lengthFt: 45, grossKg: 5000, value: 50, dg: null },
      { id: 'CHEAP', lengthFt: 40, grossKg: 5000, value: 20, dg: null },
    ];
    const sol = solveValid(inst);
    expect(sol.status).toBe('optimal');
    expect(sol.objective).toBe(350);
    expect(reasonOf(sol, 'HEAVY20')).toContain('20-ft limit');
    expect(reasonOf(sol, 'HEAVY40')).toContain('more than any platform');
    expect(reasonOf(sol, 'DG40')).toContain('dangerous goods');
    expect(reasonOf(sol, 'BIG2')).toContain('train cargo limit');
    expect(reasonOf(sol, 'CHEAP')).toContain('every platform carries boxes of higher value');
  });

  it('keeps dangerous goods off neighbouring wagons and the first wagons', () => {
    const inst = exampleInstance();
    inst.rules.dgFirstWagonsForbidden = 1;
    inst.wagons = ['01', '02', '03', '04', '05'].map((id) => ({ id, type: 'NX70A' }));
    inst.containers = [1, 2, 3, 4].map((i) => ({
      id: `DG${i}`,
      lengthFt: 40 as const,
      grossKg: 10000,
      value: 100 + i,
      dg: { un: '1263', class: '3' },
    }));
    const sol = solveValid(inst);
    expect(sol.status).toBe('optimal');
    expect(sol.objective).toBe(104 + 103);
    expect(sol.placements.map((p) => p.wagon).sort()).toEqual(['02', '04']);
  });

  it('re-plans a train on 1520 mm wagons at the gauge change (80-ft 13-9744-06 payload binds)', () => {
    const inst: LoadPlanInstance = {
      ...exampleInstance(),
      id: 'dostyk-0001',
      wagonTypes: [
        {
          code: '13-9744-06',
          gaugeMm: 1520,
          lengthMm: 25620,
          tareKg: 22000,
          maxPayloadKg: 73000,
          platforms: [
            { lengthFt: 40, maxKg: 60000 },
            { lengthFt: 40, maxKg: 60000 },
          ],
          bogies: [],
        },
        {
          code: '13-6724',
          gaugeMm: 1520,
          lengthMm: 16400,
          tareKg: 22000,
          maxPayloadKg: 80000,
          platforms: [{ lengthFt: 46, maxKg: 80000 }],
          bogies: [],
        },
      ],
      wagons: [
        { id: 'R1', type: '13-9744-06' },
        { id: 'R2', type: '13-6724' },
      ],
      containers: [
        { id: 'T1', lengthFt: 20, grossKg: 22000, value: 110, dg: null },
        { id: 'T2', lengthFt: 20, grossKg: 22000, value: 110, dg: null },
        { id: 'T3', lengthFt: 20, grossKg: 21000, value: 100, dg: null },
        { id: 'T4', lengthFt: 20, grossKg: 21000, value: 100, dg: null },
        { id: 'L45', lengthFt: 45, grossKg: 25000, value: 250, dg: null },
        { id: 'F40', lengthFt: 40, grossKg: 28000, value: 200, dg: null },
      ],
    };
    const sol = solveValid(inst);
    expect(sol.status).toBe('optimal');
    // R1 carries 73 t at most: two pairs (86 t) do not fit; one pair + the 40-ft box (72 t) does.
    expect(sol.objective).toBe(250 + 220 + 200);
    expect(bruteForceOptimum(inst)).toBe(670);
  });
});

describe('solveLoadPlan properties', () => {
  it('every plan of a random instance passes the validator and never exceeds its bound', () => {
    fc.assert(
      fc.property(instanceArb({ maxWagons: 6, maxContainers: 14 }), (inst) => {
        const sol = solveLoadPlan(inst, deps, { maxNodes: 20000 });
        expect(validateLoadPlan(inst, sol).errors).toEqual([]);
        expect(sol.bound === null || sol.objective <= sol.bound).toBe(true);
        expect(sol.placements.length + sol.unloaded.length).toBe(inst.containers.length);
      }),
      { numRuns: 300 },
    );
  });

  it('on tiny instances the objective equals the brute-force optimum when optimal, and never beats it', () => {
    fc.assert(
      fc.property(instanceArb({ maxWagons: 3, maxContainers: 5 }), (inst) => {
        const sol = solveLoadPlan(inst, deps);
        const best = bruteForceOptimum(inst);
        expect(sol.objective).toBeLessThanOrEqual(best);
        expect(sol.bound ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(best);
        if (sol.status === 'optimal') expect(sol.objective).toBe(best);
      }),
      { numRuns: 200 },
    );
  });
});
