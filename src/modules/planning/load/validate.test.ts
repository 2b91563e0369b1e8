// The independent validator catches each broken rule of contracts/planning.md §1.
import { describe, expect, it } from 'vitest';
import type { LoadPlanInstance, LoadPlanSolution, Placement } from './contract';
import { validateLoadPlan } from './validate';

function inst(over: Partial<LoadPlanInstance['rules']> = {}): LoadPlanInstance {
  return {
    format: 'lugang.load-plan.instance/v1',
    id: 'v',
    rules: {
      twentyFootMustPair: true,
      pairMaxDiffKg: 5000,
      twentyFootMaxKg: 24000,
      trainMaxCargoKg: 100000,
      dgFirstWagonsForbidden: 1,
      dgAdjacentWagonsForbidden: true,
      ...over,
    },
    wagonTypes: [
      {
        code: 'S',
        gaugeMm: 1435,
        lengthMm: 26700,
        tareKg: 27000,
        maxPayloadKg: 60000,
        platforms: [
          { lengthFt: 40, maxKg: 40000 },
          { lengthFt: 40, maxKg: 40000 },
        ],
        bogies: [{ maxKg: 20000, share: { '0.F': 0.5, '0.A': 0.75, '0.B': 0.25 } }],
      },
    ],
    wagons: [
      { id: 'W1', type: 'S' },
      { id: 'W2', type: 'S' },
      { id: 'W3', type: 'S' },
    ],
    containers: [
      { id: 'A20', lengthFt: 20, grossKg: 10000, value: 10, dg: null },
      { id: 'B20', lengthFt: 20, grossKg: 12000, value: 10, dg: null },
      { id: 'C40', lengthFt: 40, grossKg: 20000, value: 30, dg: null },
      { id: 'D45', lengthFt: 45, grossKg: 20000, value: 30, dg: null },
      { id: 'E40', lengthFt: 40, grossKg: 20000, value: 30, dg: { un: '1263', class: '3' } },
      { id: 'F40', lengthFt: 40, grossKg: 20000, value: 30, dg: { un: '1263', class: '3' } },
    ],
  };
}

function sol(i: LoadPlanInstance, placements: Placement[]): LoadPlanSolution {
  const placed = new Set(placements.map((p) => p.container));
  const objective = i.containers.filter((c) => placed.has(c.id)).reduce((s, c) => s + c.value, 0);
  return {
    format: 'lugang.load-plan.solution/v1',
    instanceId: i.id,
    status: 'feasible',
    objective,
    bound: objective,
    solveMs: 1,
    placements,
    unloaded: i.containers.filter((c) => !placed.has(c.id)).map((c) => ({ container: c.id, reason: 'left' })),
  };
}

const P = (container: string, wagon: string, platform: number, slot: 'F' | 'A' | 'B'): Placement => ({
  container,
  wagon,
  platform,
  slot,
});

describe('validateLoadPlan', () => {
  it('accepts a valid plan and recomputes its objective', () => {
    const i = inst();
    const s = sol(i, [
      P('A20', 'W1', 0, 'A'),
      P('B20', 'W1', 0, 'B'),
      P('C40', 'W1', 1, 'F'),
      P('E40', 'W2', 0, 'F'),
    ]);
    expect(validateLoadPlan(i, s)).toEqual({ errors: [], objective: 80 });
  });

  it.each([
    ['a container twice', [P('C40', 'W1', 1, 'F'), P('C40', 'W2', 1, 'F')], 'appears 2 times'],
    ['an unknown wagon', [P('C40', 'W9', 0, 'F')], 'unknown wagon'],
    ['a missing platform', [P('C40', 'W1', 2, 'F')], 'has no platform'],
    ['a box longer than the platform', [P('D45', 'W1', 1, 'F')], 'longer than platform'],
    ['a 40-ft box in slot A', [P('C40', 'W1', 1, 'A')], 'may not use slot'],
    [
      'F together with A',
      [P('C40', 'W1', 1, 'F'), P('A20', 'W1', 1, 'A'), P('B20', 'W1', 1, 'B')],
      'F used together',
    ],
    ['a lone 20-ft box under mustPair', [P('A20', 'W1', 1, 'A')], 'without its pair partner'],
    ['a 20-ft box alone in F under mustPair', [P('A20', 'W1', 1, 'F')], 'alone in slot F'],
    ['two boxes in one slot', [P('C40', 'W1', 1, 'F'), P('E40', 'W1', 1, 'F')], 'more than one box'],
    ['a bogie overload', [P('A20', 'W1', 0, 'A'), P('B20', 'W1', 0, 'B'), P('C40', 'W2', 0, 'F')], 'bogie 0'],
    ['DG in the first wagons', [P('E40', 'W1', 1, 'F')], 'within the first'],
    ['DG on adjacent wagons', [P('E40', 'W2', 1, 'F'), P('F40', 'W3', 1, 'F')], 'both carry dangerous goods'],
  ] as const)('rejects %s', (_name, placements, message) => {
    const i = inst();
    if (_name === 'a bogie overload') {
      const t = i.wagonTypes[0];
      if (t?.bogies?.[0]) t.bogies[0].maxKg = 8000;
    }
    const errors = validateLoadPlan(i, sol(i, [...placements])).errors;
    expect(errors.some((e) => e.includes(message))).toBe(true);
  });

  it('rejects weight rules: pair difference, 20-ft limit, platform, wagon and train', () => {
    const i = inst({ pairMaxDiffKg: 1000, twentyFootMaxKg: 11000, trainMaxCargoKg: 30000 });
    const t = i.wagonTypes[0];
    if (t) {
      t.maxPayloadKg = 21000;
      t.platforms[0] = { lengthFt: 40, maxKg: 21000 };
    }
    const errors = validateLoadPlan(
      i,
      sol(i, [P('A20', 'W2', 0, 'A'), P('B20', 'W2', 0, 'B'), P('C40', 'W3', 0, 'F')]),
    ).errors;
    for (const m of [
      'pair differs',
      'exceeds twentyFootMaxKg',
      'platform maxKg',
      'maxPayloadKg',
      'trainMaxCargoKg',
    ]) {
      expect(errors.some((e) => e.includes(m))).toBe(true);
    }
  });

  it('rejects a wrong objective, a bound below it and an unproven optimal', () => {
    const i = inst();
    const s = sol(i, [P('C40', 'W1', 1, 'F')]);
    expect(
      validateLoadPlan(i, { ...s, objective: 31 }).errors.some((e) => e.includes('boxes sum to 30')),
    ).toBe(true);
    expect(validateLoadPlan(i, { ...s, bound: 29 }).errors.some((e) => e.includes('bound 29'))).toBe(true);
    expect(
      validateLoadPlan(i, { ...s, status: 'optimal', bound: 50 }).errors.some((e) => e.includes('optimal')),
    ).toBe(true);
  });

  it('allows lone 20-ft boxes when pairs are not compulsory, but never in A/B of a short platform', () => {
    const i = inst({ twentyFootMustPair: false });
    expect(validateLoadPlan(i, sol(i, [P('A20', 'W1', 1, 'F'), P('B20', 'W2', 1, 'B')])).errors).toEqual([]);
    const t = i.wagonTypes[0];
    if (t) t.platforms[1] = { lengthFt: 30, maxKg: 40000 };
    expect(
      validateLoadPlan(i, sol(i, [P('B20', 'W2', 1, 'B')])).errors.some((e) => e.includes('at least 40 ft')),
    ).toBe(true);
  });
});
