// Internal, index-based view of a load-plan instance used by the solver: boxes, wagons with their
// platforms and bogie share tables, and the per-box eligibility test (can the box ride anywhere).
import type { LoadPlanInstance, Slot } from './contract';

export const SLOT_INDEX: Readonly<Record<Slot, number>> = { F: 0, A: 1, B: 2 };
export const SLOT_NAMES: readonly Slot[] = ['F', 'A', 'B'];

export interface Box {
  readonly idx: number;
  readonly id: string;
  readonly len: number;
  readonly kg: number;
  readonly value: number;
  readonly dg: boolean;
}

export interface PlatformM {
  readonly lengthFt: number;
  readonly maxKg: number;
}

export interface BogieM {
  readonly maxKg: number;
  /** share[platform * 3 + slotIndex]. */
  readonly share: Float64Array;
}

export interface WagonTypeM {
  readonly idx: number;
  readonly code: string;
  readonly payload: number;
  readonly platforms: readonly PlatformM[];
  readonly bogies: readonly BogieM[];
}

export interface WagonM {
  readonly idx: number;
  readonly id: string;
  readonly type: WagonTypeM;
  /** Index ≥ dgFirstWagonsForbidden. */
  readonly dgAllowed: boolean;
}

export interface Model {
  readonly boxes: readonly Box[];
  readonly wagons: readonly WagonM[];
  readonly mustPair: boolean;
  readonly pairMaxDiffKg: number;
  readonly twentyMaxKg: number;
  readonly trainMaxKg: number;
  readonly dgAdjacent: boolean;
}

export const BOGIE_EPS = 1e-6;

export function buildModel(inst: LoadPlanInstance): Model {
  const types = new Map<string, WagonTypeM>();
  inst.wagonTypes.forEach((t, idx) => {
    const bogies = (t.bogies ?? []).map((b) => {
      const share = new Float64Array(t.platforms.length * 3);
      for (const [key, s] of Object.entries(b.share)) {
        const [p, slot] = key.split('.');
        share[Number(p) * 3 + SLOT_INDEX[slot as Slot]] = s;
      }
      return { maxKg: b.maxKg, share };
    });
    types.set(t.code, { idx, code: t.code, payload: t.maxPayloadKg, platforms: t.platforms, bogies });
  });
  const wagons = inst.wagons.map((w, idx) => {
    const type = types.get(w.type);
    if (type === undefined) throw new Error(`unknown wagon type ${w.type}`);
    return { idx, id: w.id, type, dgAllowed: idx >= inst.rules.dgFirstWagonsForbidden };
  });
  const boxes = inst.containers.map((c, idx) => ({
    idx,
    id: c.id,
    len: c.lengthFt,
    kg: c.grossKg,
    value: c.value,
    dg: c.dg !== null,
  }));
  return {
    boxes,
    wagons,
    mustPair: inst.rules.twentyFootMustPair,
    pairMaxDiffKg: inst.rules.pairMaxDiffKg,
    twentyMaxKg: inst.rules.twentyFootMaxKg,
    trainMaxKg: inst.rules.trainMaxCargoKg,
    dgAdjacent: inst.rules.dgAdjacentWagonsForbidden,
  };
}

/** Whether one box of `kg` alone in platform `p`, slot `s` of a wagon of type `t` breaks no weight rule. */
export function fitsAlone(t: WagonTypeM, p: number, s: number, kg: number): boolean {
  const plat = t.platforms[p];
  if (plat === undefined || kg > plat.maxKg || kg > t.payload) return false;
  for (const b of t.bogies) if ((b.share[p * 3 + s] ?? 0) * kg > b.maxKg + BOGIE_EPS) return false;
  return true;
}

/** Slots a box may use on its own terms (length and slot rules), before weights are considered. */
export function slotsFor(m: Model, box: Box, lengthFt: number): number[] {
  if (box.len === 20) {
    // Two 20-ft boxes need a platform of at least 40 ft (our reading of the contract; see validate.ts).
    const pair = lengthFt >= 40 ? [1, 2] : [];
    return m.mustPair ? pair : lengthFt >= 20 ? [0, ...pair] : pair;
  }
  return box.len <= lengthFt ? [0] : [];
}
