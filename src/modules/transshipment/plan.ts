// The re-load at a gauge change (issue 6 part 3), pure: the boxes of the trains arriving at a border
// gateway on one gauge are pooled and re-loaded onto trains of the other gauge — at Dostyk three
// Chinese trains of 41 became two of 61–62 (npktrans.ru 2017) — with the train load planner doing each
// new train's wagon assignment; then the crane moves (direct wagon-to-wagon, or via the yard when the
// box's new train is not yet on the track), their times from the number of cranes and moves an hour,
// and per box when it left its wagon and when it was on the new one. No I/O, no clock: the start time
// and the planner's clock come in as arguments.

import type { Bilingual } from '../../domain/text';
import type { LoadPlanInstance, LoadPlanSolution } from '../planning/load/contract';
import { type LoadPlanDeps, solveLoadPlan } from '../planning/load/solve';

export type BoxLength = 20 | 30 | 40 | 45;

export interface TransshipBox {
  /** ISO 6346 number (or the planner's placeholder when the number is not yet known). */
  readonly id: string;
  readonly lengthFt: BoxLength;
  readonly grossKg: number;
  readonly dg: { readonly un: string; readonly class: string } | null;
  readonly reefer?: boolean;
  /** Organization that owns the box's booking (whose tracking the events go to). */
  readonly owner: string;
  /** The wagon it arrives on. */
  readonly fromWagon: string;
}

export interface ArrivingTrain {
  /** The train (service) reference: the departure id, e.g. URM-DUI-20261201. */
  readonly reference: string;
  /** Boxes in wagon order, front of the train first. */
  readonly boxes: TransshipBox[];
}

export interface TargetWagonType {
  readonly code: string;
  readonly lengthMm: number;
  readonly tareKg: number;
  readonly maxPayloadKg: number;
  /** Length of its one platform: 40 for 13-1258-01, 46 → 45 for 13-6724, 45 for NX70A. */
  readonly platformFt: 20 | 30 | 40 | 45;
}

export interface TransshipRules {
  readonly fromGaugeMm: number;
  readonly toGaugeMm: number;
  /** The standard wagon first; a longer one (platformFt 45) is used only for the 45-ft boxes. */
  readonly wagonTypes: TargetWagonType[];
  /** Wagons per new train at most (62 on the 1520 mm section, npktrans.ru 2017; 55 on the Chinese section). */
  readonly maxWagons: number;
  readonly trainMaxCargoKg: number;
  readonly pairMaxDiffKg: number;
  readonly twentyFootMaxKg: number;
  readonly dgFirstWagonsForbidden: number;
  /** Cranes working the transfer at once. */
  readonly cranes: number;
  /** Container moves one crane makes an hour. */
  readonly movesPerCraneHour: number;
}

export interface TransshipInput {
  /** Id of the transshipment; the new trains are `${id}-A`, `${id}-B`, … */
  readonly id: string;
  /** ISO instant the first move starts (the trains are on the transfer tracks). */
  readonly startAt: string;
  readonly trains: ArrivingTrain[];
  readonly rules: TransshipRules;
}

export interface FormedWagon {
  readonly id: string;
  readonly type: string;
  readonly lengthMm: number;
}

export interface FormedTrain {
  readonly reference: string;
  readonly wagons: FormedWagon[];
  readonly placements: {
    readonly box: string;
    readonly wagon: string;
    readonly platform: number;
    readonly slot: 'F' | 'A' | 'B';
  }[];
  readonly boxes: number;
  readonly teu: number;
  readonly cargoKg: number;
  /** Wagons' length over buffers, mm. */
  readonly lengthMm: number;
  /** The load planner's verdict on this train's plan. */
  readonly planStatus: 'optimal' | 'feasible';
  /** The arriving trains whose boxes it carries. */
  readonly from: string[];
  /** When its last box is on (it may leave). */
  readonly readyAt: string;
  /** The load planner's documents for this train (format §1 of docs/planning-formats.md). */
  readonly loadPlan: { readonly instance: LoadPlanInstance; readonly solution: LoadPlanSolution };
}

export type MoveKind = 'direct' | 'to-yard' | 'from-yard';

export interface CraneMove {
  readonly seq: number;
  readonly box: string;
  readonly kind: MoveKind;
  readonly crane: number;
  /** Wagon reference or 'YARD'. */
  readonly from: string;
  readonly to: string;
  readonly start: string;
  readonly end: string;
}

export interface BoxLeg {
  readonly box: string;
  readonly owner: string;
  readonly fromTrain: string;
  readonly fromWagon: string;
  readonly toTrain: string;
  readonly toWagon: string;
  readonly via: 'direct' | 'yard';
  /** When it was lifted off its arriving wagon. */
  readonly discAt: string;
  /** When it was set on its new wagon. */
  readonly loadAt: string;
}

export interface HeldBox {
  readonly box: string;
  readonly owner: string;
  readonly fromTrain: string;
  readonly fromWagon: string;
  readonly reason: Bilingual;
}

export interface TransshipPlan {
  readonly id: string;
  readonly fromGaugeMm: number;
  readonly toGaugeMm: number;
  readonly startAt: string;
  readonly endAt: string;
  readonly arriving: {
    readonly reference: string;
    readonly boxes: number;
    readonly wagons: number;
  }[];
  readonly formed: FormedTrain[];
  readonly moves: CraneMove[];
  readonly legs: BoxLeg[];
  /** Boxes that could go on no new train (stay in the yard), each with the reason. */
  readonly held: HeldBox[];
  readonly summary: {
    readonly boxes: number;
    readonly reloaded: number;
    readonly held: number;
    readonly moves: number;
    readonly direct: number;
    readonly viaYard: number;
    readonly cranes: number;
    readonly movesPerCraneHour: number;
    readonly minutes: number;
  };
}

/** Platforms a box takes: a 20-ft box half of one (they travel in pairs), anything longer a whole one. */
export const platformUnits = (b: { lengthFt: number }): number => (b.lengthFt === 20 ? 0.5 : 1);

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const trainRef = (id: string, n: number): string =>
  `${id}-${n < 26 ? LETTERS[n] : `${LETTERS[Math.floor(n / 26) - 1]}${LETTERS[n % 26]}`}`;

/** Splits the pooled boxes, in arrival order, into k groups of nearly equal platform need. */
export function splitPool<T extends { lengthFt: number }>(boxes: T[], maxWagons: number): T[][] {
  const units = boxes.reduce((s, b) => s + platformUnits(b), 0);
  if (boxes.length === 0) return [];
  const k = Math.max(1, Math.ceil(units / maxWagons));
  const groups: T[][] = [];
  let cur: T[] = [];
  let curUnits = 0;
  let done = 0;
  for (const b of boxes) {
    const u = platformUnits(b);
    // cut when this group reached its share of what is left (the last group takes the rest)
    const share = (units - done) / (k - groups.length);
    const over = Math.ceil(curUnits + u) > maxWagons;
    if (cur.length > 0 && (over || (groups.length < k - 1 && curUnits + u > Math.ceil(share)))) {
      groups.push(cur);
      done += curUnits;
      cur = [];
      curUnits = 0;
    }
    cur.push(b);
    curUnits += u;
  }
  groups.push(cur);
  return groups;
}

interface Pooled extends TransshipBox {
  readonly train: string;
  readonly order: number;
  carried: number;
}

/** The load-plan instance of one new train (format §1): its wagons and the boxes it should take. */
export function newTrainInstance(id: string, boxes: TransshipBox[], rules: TransshipRules): LoadPlanInstance {
  const units = Math.ceil(boxes.reduce((s, b) => s + platformUnits(b), 0));
  const wagonCount = Math.max(1, Math.min(rules.maxWagons, units));
  const std = rules.wagonTypes[0];
  if (std === undefined) throw new Error('no wagon type');
  const long = rules.wagonTypes.find((t) => t.platformFt >= 45);
  const n45 = long === undefined || long === std ? 0 : boxes.filter((b) => b.lengthFt === 45).length;
  const longCount = Math.min(n45, wagonCount);
  const types = long !== undefined && long !== std && longCount > 0 ? [std, long] : [std];
  return {
    format: 'lugang.load-plan.instance/v1',
    id,
    rules: {
      twentyFootMustPair: true,
      pairMaxDiffKg: rules.pairMaxDiffKg,
      twentyFootMaxKg: rules.twentyFootMaxKg,
      trainMaxCargoKg: rules.trainMaxCargoKg,
      dgFirstWagonsForbidden: rules.dgFirstWagonsForbidden,
      dgAdjacentWagonsForbidden: true,
    },
    wagonTypes: types.map((t) => ({
      code: t.code,
      gaugeMm: rules.toGaugeMm,
      lengthMm: t.lengthMm,
      tareKg: t.tareKg,
      maxPayloadKg: t.maxPayloadKg,
      platforms: [{ lengthFt: t.platformFt, maxKg: t.maxPayloadKg }],
      bogies: [],
    })),
    // the long wagons at the end of the train
    wagons: Array.from({ length: wagonCount }, (_, i) => ({
      id: `${id}/${String(i + 1).padStart(2, '0')}`,
      type: i >= wagonCount - longCount && long !== undefined ? long.code : std.code,
    })),
    containers: boxes.map((b) => ({
      id: b.id,
      lengthFt: b.lengthFt,
      grossKg: b.grossKg,
      // keep arrival order as the tie-break value: every box is worth the same (one platform share)
      value: b.lengthFt === 20 ? 1 : 2,
      dg: b.dg,
      ...(b.reefer ? { reefer: true } : {}),
    })),
  };
}

export interface TransshipOptions {
  /** Per new train, the load planner's time limit (default 1000 ms). */
  readonly timeLimitMs?: number;
  /** Per new train, the load planner's node budget (deterministic tests). */
  readonly maxNodes?: number;
}

/**
 * Plans the transshipment: pools the arriving trains' boxes in arrival order, forms the new trains
 * (each at most `maxWagons` wagons, as few trains as the platforms allow), lets the load planner place
 * each train's boxes; a box a train could not take moves on to the next new train (or a new one),
 * once; a box no train can take is held in the yard with the planner's reason. Then the crane moves.
 */
export function planTransshipment(
  input: TransshipInput,
  deps: LoadPlanDeps,
  options: TransshipOptions = {},
): TransshipPlan {
  const { rules } = input;
  const pool: Pooled[] = [];
  let order = 0;
  for (const t of input.trains)
    for (const b of t.boxes) pool.push({ ...b, train: t.reference, order: order++, carried: 0 });

  const queue: Pooled[][] = splitPool(pool, rules.maxWagons);
  const formed: { ref: string; inst: LoadPlanInstance; sol: LoadPlanSolution; boxes: Pooled[] }[] = [];
  const held: HeldBox[] = [];
  const heldOf = (b: Pooled, reason: Bilingual): HeldBox => ({
    box: b.id,
    owner: b.owner,
    fromTrain: b.train,
    fromWagon: b.fromWagon,
    reason,
  });
  for (let g = 0; g < queue.length; g++) {
    const boxes = (queue[g] as Pooled[]).slice().sort((a, b) => a.order - b.order);
    if (boxes.length === 0) continue;
    const ref = trainRef(input.id, formed.length);
    const inst = newTrainInstance(ref, boxes, rules);
    const sol = solveLoadPlan(inst, deps, {
      timeLimitMs: options.timeLimitMs ?? 1000,
      ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    });
    const byId = new Map(boxes.map((b) => [b.id, b]));
    const left: Pooled[] = [];
    for (const u of sol.unloaded) {
      const b = byId.get(u.container) as Pooled;
      const reason = { en: u.reason, zh: u.reasonZh ?? u.reason };
      // a box carried once already, or one that no train of this kind can take, stays in the yard
      if (b.carried > 0 || sol.placements.length === 0) held.push(heldOf(b, reason));
      else {
        b.carried++;
        left.push(b);
      }
    }
    const placed = new Set(sol.placements.map((p) => p.container));
    if (placed.size > 0) formed.push({ ref, inst, sol, boxes: boxes.filter((b) => placed.has(b.id)) });
    if (left.length > 0) {
      const next = queue[g + 1];
      const nextUnits = next === undefined ? Infinity : next.reduce((s, b) => s + platformUnits(b), 0);
      const leftUnits = left.reduce((s, b) => s + platformUnits(b), 0);
      if (next !== undefined && nextUnits + leftUnits <= rules.maxWagons) next.push(...left);
      else queue.splice(g + 1, 0, left);
    }
  }

  // which new train and wagon each box goes to
  const target = new Map<string, { train: number; wagon: string }>();
  formed.forEach((f, i) => {
    for (const p of f.sol.placements) target.set(p.container, { train: i, wagon: p.wagon });
  });
  const heldIds = new Set(held.map((h) => h.box));

  // the crane sequence: the arriving trains are unloaded in order; one new train is on the transfer
  // track at a time (the first, then the next when it is full); a box for the train on the track goes
  // across directly, a box for a later train goes to the yard and comes back when its train is placed
  const remaining = formed.map((f) => f.sol.placements.length);
  const yard: Pooled[][] = formed.map(() => []);
  const seq: { box: Pooled; kind: MoveKind; from: string; to: string }[] = [];
  let open = 0;
  const advance = () => {
    while (open < formed.length && remaining[open] === 0) {
      open++;
      if (open < formed.length)
        for (const b of yard[open] as Pooled[]) {
          const t = target.get(b.id) as { wagon: string };
          seq.push({ box: b, kind: 'from-yard', from: 'YARD', to: t.wagon });
          remaining[open] = (remaining[open] as number) - 1;
        }
    }
  };
  advance();
  for (const b of pool) {
    if (heldIds.has(b.id)) {
      seq.push({ box: b, kind: 'to-yard', from: b.fromWagon, to: 'YARD' });
      continue;
    }
    const t = target.get(b.id) as { train: number; wagon: string };
    if (t.train === open) {
      seq.push({ box: b, kind: 'direct', from: b.fromWagon, to: t.wagon });
      remaining[open] = (remaining[open] as number) - 1;
      advance();
    } else {
      seq.push({ box: b, kind: 'to-yard', from: b.fromWagon, to: 'YARD' });
      (yard[t.train] as Pooled[]).push(b);
    }
  }

  const start = Date.parse(input.startAt);
  const moveMs = Math.round(3_600_000 / rules.movesPerCraneHour);
  const cranes = Math.max(1, rules.cranes);
  const iso = (ms: number) => new Date(ms).toISOString();
  const moves: CraneMove[] = seq.map((m, i) => {
    const s = start + Math.floor(i / cranes) * moveMs;
    return {
      seq: i + 1,
      box: m.box.id,
      kind: m.kind,
      crane: (i % cranes) + 1,
      from: m.from,
      to: m.to,
      start: iso(s),
      end: iso(s + moveMs),
    };
  });
  const endMs = start + Math.ceil(seq.length / cranes) * moveMs;

  const off = new Map<string, CraneMove>();
  const on = new Map<string, CraneMove>();
  for (const m of moves) {
    if (m.kind !== 'from-yard') off.set(m.box, m);
    if (m.kind !== 'to-yard') on.set(m.box, m);
  }
  const legs: BoxLeg[] = [];
  for (const b of pool) {
    const t = target.get(b.id);
    if (t === undefined) continue;
    const o = off.get(b.id) as CraneMove;
    const n = on.get(b.id) as CraneMove;
    legs.push({
      box: b.id,
      owner: b.owner,
      fromTrain: b.train,
      fromWagon: b.fromWagon,
      toTrain: (formed[t.train] as { ref: string }).ref,
      toWagon: t.wagon,
      via: o === n ? 'direct' : 'yard',
      discAt: o.start,
      loadAt: n.end,
    });
  }

  const formedTrains: FormedTrain[] = formed.map((f) => {
    const types = new Map(f.inst.wagonTypes.map((t) => [t.code, t]));
    const kg = new Map(f.inst.containers.map((c) => [c.id, c]));
    const mine = legs.filter((l) => l.toTrain === f.ref);
    return {
      reference: f.ref,
      wagons: f.inst.wagons.map((w) => ({
        id: w.id,
        type: w.type,
        lengthMm: types.get(w.type)?.lengthMm ?? 0,
      })),
      placements: f.sol.placements.map((p) => ({
        box: p.container,
        wagon: p.wagon,
        platform: p.platform,
        slot: p.slot,
      })),
      boxes: f.sol.placements.length,
      teu: f.sol.placements.reduce((s, p) => s + ((kg.get(p.container)?.lengthFt ?? 40) === 20 ? 1 : 2), 0),
      cargoKg: f.sol.placements.reduce((s, p) => s + (kg.get(p.container)?.grossKg ?? 0), 0),
      lengthMm: f.inst.wagons.reduce((s, w) => s + (types.get(w.type)?.lengthMm ?? 0), 0),
      planStatus: f.sol.status,
      from: [...new Set(f.boxes.map((b) => b.train))],
      readyAt:
        mine
          .map((l) => l.loadAt)
          .sort()
          .at(-1) ?? iso(start),
      loadPlan: { instance: f.inst, solution: f.sol },
    };
  });
  const viaYard = legs.filter((l) => l.via === 'yard').length;
  return {
    id: input.id,
    fromGaugeMm: rules.fromGaugeMm,
    toGaugeMm: rules.toGaugeMm,
    startAt: new Date(start).toISOString(),
    endAt: iso(endMs),
    arriving: input.trains.map((t) => ({
      reference: t.reference,
      boxes: t.boxes.length,
      wagons: new Set(t.boxes.map((b) => b.fromWagon)).size,
    })),
    formed: formedTrains,
    moves,
    legs,
    held,
    summary: {
      boxes: pool.length,
      reloaded: legs.length,
      held: held.length,
      moves: moves.length,
      direct: legs.length - viaYard,
      viaYard,
      cranes,
      movesPerCraneHour: rules.movesPerCraneHour,
      minutes: Math.round((endMs - start) / 60_000),
    },
  };
}

/** Share of the moves finished at `now` (0 before the start, 1 after the end). */
export function progressAt(plan: Pick<TransshipPlan, 'moves'>, now: Date): { done: number; total: number } {
  const t = now.toISOString();
  return { done: plan.moves.filter((m) => m.end <= t).length, total: plan.moves.length };
}
