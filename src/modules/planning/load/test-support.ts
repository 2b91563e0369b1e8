// Test helpers for the load planner: a fast-check arbitrary of small random instances (all rules,
// bogies, DG, mixed lengths) and an exhaustive brute-force optimum for tiny ones, written
// independently of the solver (it tries every slot for every box and asks the validator).
import fc from 'fast-check';
import type { LoadPlanInstance, LoadPlanSolution, Placement, Slot } from './contract';
import { validateLoadPlan } from './validate';

const lengths = fc.constantFrom(20, 30, 40, 45);

const platformArb = fc.record({
  lengthFt: fc.constantFrom(20, 30, 40, 40, 40, 45, 46),
  maxKg: fc.integer({ min: 20000, max: 70000 }),
});

const wagonTypeArb = (code: string) =>
  fc
    .record({
      platforms: fc.array(platformArb, { minLength: 1, maxLength: 2 }),
      maxPayloadKg: fc.integer({ min: 20000, max: 110000 }),
      bogieKg: fc.option(fc.integer({ min: 12000, max: 40000 }), { nil: null }),
    })
    .map(({ platforms, maxPayloadKg, bogieKg }) => {
      const bogies: { maxKg: number; share: Record<string, number> }[] = [];
      if (bogieKg !== null) {
        // Front and rear bogie per platform, shared where platforms meet (articulated style).
        const n = platforms.length;
        for (let b = 0; b <= n; b++) {
          const share: Record<string, number> = {};
          if (b < n) Object.assign(share, { [`${b}.F`]: 0.5, [`${b}.A`]: 0.75, [`${b}.B`]: 0.25 });
          if (b > 0)
            Object.assign(share, { [`${b - 1}.F`]: 0.5, [`${b - 1}.A`]: 0.25, [`${b - 1}.B`]: 0.75 });
          bogies.push({ maxKg: bogieKg, share });
        }
      }
      return { code, gaugeMm: 1435, lengthMm: 14000, tareKg: 22000, maxPayloadKg, platforms, bogies };
    });

export interface ArbSize {
  readonly maxWagons: number;
  readonly maxContainers: number;
}

export function instanceArb(size: ArbSize): fc.Arbitrary<LoadPlanInstance> {
  return fc
    .record({
      rules: fc.record({
        twentyFootMustPair: fc.boolean(),
        pairMaxDiffKg: fc.integer({ min: 0, max: 8000 }),
        twentyFootMaxKg: fc.integer({ min: 15000, max: 26000 }),
        trainMaxCargoKg: fc.integer({ min: 20000, max: 300000 }),
        dgFirstWagonsForbidden: fc.integer({ min: 0, max: 2 }),
        dgAdjacentWagonsForbidden: fc.boolean(),
      }),
      types: fc.tuple(wagonTypeArb('T1'), wagonTypeArb('T2')),
      wagonTypes: fc.array(fc.constantFrom('T1', 'T2'), { minLength: 1, maxLength: size.maxWagons }),
      containers: fc.array(
        fc.record({
          lengthFt: lengths,
          grossKg: fc.integer({ min: 2000, max: 30000 }),
          value: fc.integer({ min: 1, max: 300 }),
          dgPick: fc.integer({ min: 0, max: 5 }),
        }),
        { minLength: 1, maxLength: size.maxContainers },
      ),
    })
    .map(({ rules, types, wagonTypes, containers }) => ({
      format: 'lugang.load-plan.instance/v1' as const,
      id: 'prop',
      rules,
      wagonTypes: [...types],
      wagons: wagonTypes.map((type, i) => ({ id: `W${i}`, type })),
      containers: containers.map((c, i) => ({
        id: `C${i}`,
        lengthFt: c.lengthFt as 20 | 30 | 40 | 45,
        grossKg: c.grossKg,
        value: c.value,
        dg: c.dgPick === 0 ? { un: '1263', class: '3' } : null,
        reefer: false,
      })),
    }));
}

/** Exhaustive optimum: every box unloaded or in any free slot; the validator judges each full plan. */
export function bruteForceOptimum(inst: LoadPlanInstance): number {
  const types = new Map(inst.wagonTypes.map((t) => [t.code, t]));
  const slots: { wagon: string; platform: number; slot: Slot }[] = [];
  for (const w of inst.wagons) {
    const t = types.get(w.type);
    t?.platforms.forEach((_, p) => {
      for (const s of ['F', 'A', 'B'] as const) slots.push({ wagon: w.id, platform: p, slot: s });
    });
  }
  const boxes = inst.containers;
  const used = new Set<number>();
  const placements: Placement[] = [];
  let best = 0;
  const rec = (k: number, value: number, restValue: number): void => {
    if (value + restValue <= best) return;
    const box = boxes[k];
    if (box === undefined) {
      const placed = new Set(placements.map((p) => p.container));
      const sol: LoadPlanSolution = {
        format: 'lugang.load-plan.solution/v1',
        instanceId: inst.id,
        status: 'feasible',
        objective: value,
        bound: null,
        solveMs: 0,
        placements: [...placements],
        unloaded: boxes.filter((b) => !placed.has(b.id)).map((b) => ({ container: b.id, reason: 'x' })),
      };
      if (validateLoadPlan(inst, sol).errors.length === 0) best = value;
      return;
    }
    slots.forEach((s, i) => {
      if (used.has(i)) return;
      if (box.lengthFt !== 20 && s.slot !== 'F') return;
      // Cheap monotone cuts (the validator still judges the full plan): F excludes A/B, weights.
      const base = i - (i % 3);
      if (s.slot === 'F' ? used.has(base + 1) || used.has(base + 2) : used.has(base)) return;
      const plat = types.get(inst.wagons.find((w) => w.id === s.wagon)?.type ?? '')?.platforms[s.platform];
      const onPlat = placements.filter((p) => p.wagon === s.wagon && p.platform === s.platform);
      const kgOf = (id: string): number => boxes.find((b) => b.id === id)?.grossKg ?? 0;
      if (plat !== undefined && onPlat.reduce((a, p) => a + kgOf(p.container), box.grossKg) > plat.maxKg)
        return;
      if (placements.reduce((a, p) => a + kgOf(p.container), box.grossKg) > inst.rules.trainMaxCargoKg)
        return;
      used.add(i);
      placements.push({ container: box.id, ...s });
      rec(k + 1, value + box.value, restValue - box.value);
      placements.pop();
      used.delete(i);
    });
    rec(k + 1, value, restValue - box.value);
  };
  rec(
    0,
    0,
    boxes.reduce((s, b) => s + b.value, 0),
  );
  return best;
}

/** The example document of contracts/planning.md §1. */
export function exampleInstance(): LoadPlanInstance {
  return {
    format: 'lugang.load-plan.instance/v1',
    id: 'cn55-0001',
    rules: {
      twentyFootMustPair: true,
      pairMaxDiffKg: 5000,
      twentyFootMaxKg: 24000,
      trainMaxCargoKg: 1300000,
      dgFirstWagonsForbidden: 2,
      dgAdjacentWagonsForbidden: true,
    },
    wagonTypes: [
      {
        code: 'NX70A',
        gaugeMm: 1435,
        lengthMm: 13970,
        tareKg: 23800,
        maxPayloadKg: 48200,
        platforms: [{ lengthFt: 45, maxKg: 48200 }],
        bogies: [],
      },
    ],
    wagons: [
      { id: '01', type: 'NX70A' },
      { id: '02', type: 'NX70A' },
    ],
    containers: [
      { id: 'CSQU3054383', lengthFt: 40, grossKg: 18300, value: 201, dg: null, reefer: true },
      {
        id: 'TGHU1234561',
        lengthFt: 20,
        grossKg: 13200,
        value: 101,
        dg: { un: '1263', class: '3' },
        reefer: false,
      },
    ],
  };
}
