import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateLoadPlan } from '../planning/load/validate';
import {
  type ArrivingTrain,
  type BoxLength,
  planTransshipment,
  progressAt,
  splitPool,
  type TransshipRules,
} from './plan';

const RULES_1520: TransshipRules = {
  fromGaugeMm: 1435,
  toGaugeMm: 1520,
  wagonTypes: [
    { code: '13-1258-01', lengthMm: 13_620, tareKg: 21_000, maxPayloadKg: 72_000, platformFt: 40 },
    { code: '13-6724', lengthMm: 15_720, tareKg: 22_000, maxPayloadKg: 80_000, platformFt: 45 },
  ],
  maxWagons: 62,
  trainMaxCargoKg: 62 * 72_000,
  pairMaxDiffKg: 5_000,
  twentyFootMaxKg: 24_000,
  dgFirstWagonsForbidden: 2,
  cranes: 2,
  movesPerCraneHour: 90,
};

const deps = { now: () => 0 };
const START = '2026-12-03T02:00:00.000Z';

function train(ref: string, n: number, kg = 20_000): ArrivingTrain {
  return {
    reference: ref,
    boxes: Array.from({ length: n }, (_, i) => ({
      id: `${ref}#${i + 1}`,
      lengthFt: 40 as const,
      grossKg: kg + ((i * 997) % 4000),
      dg: null,
      owner: i % 2 === 0 ? 'org-a' : 'org-b',
      fromWagon: `${ref}/${String(i + 1).padStart(2, '0')}`,
    })),
  };
}

describe('the re-load at the gauge change', () => {
  it('makes three Chinese trains of 41 FEU into two 1520 mm trains of 61–62 wagons', () => {
    const p = planTransshipment(
      {
        id: 'TS-1',
        startAt: START,
        trains: [train('URM-DUI-20261201', 41), train('URM-HAM-20261201', 41), train('URM-MOW-20261201', 41)],
        rules: RULES_1520,
      },
      deps,
      { maxNodes: 20_000 },
    );
    expect(p.formed.map((f) => f.wagons.length).sort()).toEqual([61, 62]);
    expect(p.formed.map((f) => f.boxes).sort()).toEqual([61, 62]);
    expect(p.held).toEqual([]);
    expect(p.summary.reloaded).toBe(123);
    // 123 boxes, 2 cranes at 90 moves an hour (40 s a box); the boxes come off in arrival order and
    // the first new train is full exactly when the second's first box comes: all go across directly
    expect(p.summary.direct + p.summary.viaYard).toBe(123);
    expect(p.summary.moves).toBe(123 + p.summary.viaYard);
    expect(p.summary.viaYard).toBe(0);
    expect(p.summary.minutes).toBe(Math.round((62 * 40) / 60));
    expect(p.formed[0]?.from).toEqual(['URM-DUI-20261201', 'URM-HAM-20261201']);
    expect(progressAt(p, new Date(START)).done).toBe(0);
    expect(progressAt(p, new Date(p.endAt)).done).toBe(p.moves.length);
  });

  it('sends a box whose new train is not yet on the track via the yard', () => {
    // the first new train cannot pair the two 20-ft boxes (10 t apart): the first of them waits in the
    // yard while the 40-ft box goes across, and joins the second train, pairing with a box of the next
    const box = (id: string, lengthFt: BoxLength, t: number) => ({
      id,
      lengthFt,
      grossKg: t * 1000,
      dg: null,
      owner: 'org-a',
      fromWagon: `W-${id}`,
    });
    const boxes = [
      box('1', 20, 10),
      box('2', 40, 20),
      box('3', 20, 20),
      box('4', 20, 11),
      box('5', 20, 19),
      box('6', 40, 20),
    ];
    const rules = { ...RULES_1520, maxWagons: 3 };
    const p = planTransshipment(
      { id: 'TS-2', startAt: START, trains: [{ reference: 'A-1', boxes }], rules },
      deps,
    );
    expect(p.held).toEqual([]);
    expect(p.formed.map((f) => f.placements.map((x) => x.box).sort())).toEqual([
      ['2'],
      ['1', '3', '4', '5', '6'],
    ]);
    expect(p.moves.filter((m) => m.box === '1').map((m) => m.kind)).toEqual(['to-yard', 'from-yard']);
    expect(p.summary.viaYard).toBe(1);
    expect(p.summary.moves).toBe(7);
  });

  it('holds a box no wagon can take, with the planner’s reason', () => {
    const big = { ...train('X', 1).boxes[0]!, id: 'BIG', grossKg: 90_000 };
    const p = planTransshipment(
      {
        id: 'TS-3',
        startAt: START,
        trains: [{ reference: 'X', boxes: [big, ...train('Y', 2).boxes] }],
        rules: RULES_1520,
      },
      deps,
    );
    expect(p.held.map((h) => h.box)).toEqual(['BIG']);
    expect(p.held[0]?.reason.en).toMatch(/kg|heavy|payload|limit/i);
    expect(p.held[0]?.reason.zh).not.toBe('');
    expect(p.legs).toHaveLength(2);
  });

  it('works the other way (1520 → 1435) onto NX70A trains of at most 55', () => {
    const rules: TransshipRules = {
      ...RULES_1520,
      fromGaugeMm: 1520,
      toGaugeMm: 1435,
      wagonTypes: [{ code: 'NX70A', lengthMm: 13_970, tareKg: 23_800, maxPayloadKg: 48_200, platformFt: 45 }],
      maxWagons: 55,
      trainMaxCargoKg: 1_300_000,
    };
    const p = planTransshipment(
      { id: 'TS-4', startAt: START, trains: [train('KZ-1', 62, 15_000), train('KZ-2', 61, 15_000)], rules },
      deps,
      { maxNodes: 20_000 },
    );
    expect(p.formed.length).toBe(3);
    for (const f of p.formed) expect(f.wagons.length).toBeLessThanOrEqual(55);
    expect(p.legs.length + p.held.length).toBe(123);
  });

  it('splits the pool into as few groups as the wagons allow, each within the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(20, 40, 45), { maxLength: 300 }),
        fc.integer({ min: 1, max: 70 }),
        (lens, max) => {
          const boxes = lens.map((l) => ({ lengthFt: l }));
          const groups = splitPool(boxes, max);
          const units = (g: { lengthFt: number }[]) =>
            g.reduce((s, b) => s + (b.lengthFt === 20 ? 0.5 : 1), 0);
          expect(groups.flat()).toEqual(boxes);
          const k = Math.ceil(units(boxes) / max);
          if (boxes.length > 0 && !lens.includes(20)) expect(groups.length).toBe(k);
          for (const g of groups) expect(g.length === 1 || Math.ceil(units(g)) <= max).toBe(true);
        },
      ),
    );
  });

  const boxArb = fc.record({
    lengthFt: fc.constantFrom<BoxLength>(20, 20, 40, 40, 40, 45),
    grossKg: fc.integer({ min: 2_000, max: 40_000 }),
    dg: fc.option(fc.constant({ un: '1263', class: '3' }), { freq: 8 }),
    owner: fc.constantFrom('org-a', 'org-b', 'org-c'),
  });
  const trainsArb = fc.array(fc.array(boxArb, { maxLength: 30 }), { minLength: 1, maxLength: 4 });

  it('re-loads every box exactly once or holds it with a reason; no wagon over its limits; moves counted right', () => {
    fc.assert(
      fc.property(
        trainsArb,
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 20, max: 120 }),
        (spec, maxWagons, cranes, rate) => {
          const trains: ArrivingTrain[] = spec.map((boxes, t) => ({
            reference: `T-${t}`,
            boxes: boxes.map((b, i) => ({
              ...b,
              id: `T${t}B${i}`,
              fromWagon: `T-${t}/${Math.floor(i / 2) + 1}`,
            })),
          }));
          const rules = {
            ...RULES_1520,
            maxWagons,
            cranes,
            movesPerCraneHour: rate,
            trainMaxCargoKg: maxWagons * 50_000,
          };
          const p = planTransshipment({ id: 'TS-P', startAt: START, trains, rules }, deps, { maxNodes: 400 });
          const ids = trains.flatMap((t) => t.boxes.map((b) => b.id)).sort();
          // every box exactly once: re-loaded (a leg) or held
          expect([...p.legs.map((l) => l.box), ...p.held.map((h) => h.box)].sort()).toEqual(ids);
          for (const h of p.held) expect(h.reason.en.length).toBeGreaterThan(0);
          // each new train: within the wagon count, and its plan valid by the independent checker
          for (const f of p.formed) {
            expect(f.wagons.length).toBeLessThanOrEqual(maxWagons);
            expect(validateLoadPlan(f.loadPlan.instance, f.loadPlan.solution).errors).toEqual([]);
            expect(f.boxes).toBe(f.placements.length);
            for (const pl of f.placements)
              expect(p.legs.find((l) => l.box === pl.box)?.toWagon).toBe(pl.wagon);
          }
          // moves: one per direct box, two per box via the yard, one per held box (into the yard)
          const viaYard = p.legs.filter((l) => l.via === 'yard').length;
          expect(p.moves.length).toBe(p.legs.length + viaYard + p.held.length);
          expect(p.summary.moves).toBe(p.moves.length);
          for (const l of p.legs) {
            const mine = p.moves.filter((m) => m.box === l.box);
            expect(mine.length).toBe(l.via === 'yard' ? 2 : 1);
            expect(mine[0]?.from).toBe(l.fromWagon);
            expect(mine.at(-1)?.to).toBe(l.toWagon);
            expect(l.discAt <= l.loadAt).toBe(true);
          }
          // a crane makes one move at a time; the transshipment lasts ⌈moves / cranes⌉ crane cycles
          for (let c = 1; c <= cranes; c++) {
            const mine = p.moves.filter((m) => m.crane === c);
            for (let i = 1; i < mine.length; i++) expect(mine[i]!.start >= mine[i - 1]!.end).toBe(true);
          }
          const cycle = Math.round(3_600_000 / rate);
          expect(Date.parse(p.endAt) - Date.parse(START)).toBe(Math.ceil(p.moves.length / cranes) * cycle);
        },
      ),
      { numRuns: 60 },
    );
  });
});
