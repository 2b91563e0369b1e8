// Compiles a valid gateway instance into the arrays the solver works on: the open slots (gateway, day
// with quota > 0 that some train may use) and, per train, its allowed slots with their costs in CSR
// form. Pure, no I/O.
import type { GatewayInstance } from './contract';

export interface GatewayModel {
  readonly nGateways: number;
  readonly days: number;
  readonly nTrains: number;
  /** Open slots (quota > 0 and inside some train's window) 0..nSlots-1; unscheduled is index nSlots. */
  readonly nSlots: number;
  readonly slotGateway: Int32Array;
  readonly slotDay: Int32Array;
  readonly slotCap: Int32Array;
  /** Slot index of (gateway g, day d) or -1 when closed or unused: slotIndex[g * days + d]. */
  readonly slotIndex: Int32Array;
  /** Arcs of train i are arcStart[i] .. arcStart[i+1]-1; the last one is the unscheduled pseudo-slot. */
  readonly arcStart: Int32Array;
  readonly arcSlot: Int32Array;
  /** True cost weight × (day − arrival + extraDays), or weight × penalty for the unscheduled arc. */
  readonly arcCost: Float64Array;
  /** Cheapest extraDays per (train, gateway), -1 when not an option: extra[i * nGateways + g]. */
  readonly extra: Int32Array;
  /** Penalty cost per train: weight × unscheduledPenaltyDays. */
  readonly penalty: Float64Array;
  readonly arrival: Int32Array;
  readonly weight: Float64Array;
}

/** Limits that keep the solver's memory bounded (the residual rows are nSlots² numbers). */
export const MAX_SLOTS = 2048;
export const MAX_ARCS = 10_000_000;

/**
 * Thrown by buildModel when an instance exceeds MAX_SLOTS used slots or MAX_ARCS allowed crossings, or
 * when its worst total cost would not be an exact integer in a double (> 2^53 − 1).
 */
export class GatewayTooLargeError extends Error {
  constructor(
    readonly what: 'slots' | 'arcs' | 'cost',
    readonly count: number,
    readonly limit: number,
  ) {
    super(`gateway instance too large: ${count} ${what} (limit ${limit})`);
  }
}

export function buildModel(inst: GatewayInstance): GatewayModel {
  const days = inst.days;
  const nG = inst.gateways.length;
  const nT = inst.trains.length;
  const gIndex = new Map<string, number>();
  inst.gateways.forEach((g, k) => {
    gIndex.set(g.id, k);
  });

  // Cheapest extraDays per (train, gateway); and how many train windows cover each (gateway, day),
  // by a difference array, so that slots no train can use are left out of the flow network.
  const extra = new Int32Array(nT * nG).fill(-1);
  const cover = new Int32Array(nG * (days + 1));
  for (let i = 0; i < nT; i++) {
    const t = inst.trains[i] as GatewayInstance['trains'][number];
    for (const o of t.options) {
      const g = gIndex.get(o.gateway) as number;
      const cur = extra[i * nG + g] as number;
      if (cur < 0 || o.extraDays < cur) extra[i * nG + g] = o.extraDays;
    }
    if (t.arrivalDay > days - 1) continue;
    const last = Math.min(t.arrivalDay + t.maxDelayDays, days - 1);
    for (let g = 0; g < nG; g++) {
      if ((extra[i * nG + g] as number) < 0) continue;
      cover[g * (days + 1) + t.arrivalDay] = (cover[g * (days + 1) + t.arrivalDay] as number) + 1;
      cover[g * (days + 1) + last + 1] = (cover[g * (days + 1) + last + 1] as number) - 1;
    }
  }

  const slotIndex = new Int32Array(nG * days).fill(-1);
  const sg: number[] = [];
  const sd: number[] = [];
  const sc: number[] = [];
  for (let g = 0; g < nG; g++) {
    const quota = inst.gateways[g]?.quota ?? [];
    let covered = 0;
    for (let d = 0; d < days; d++) {
      covered += cover[g * (days + 1) + d] as number;
      const q = quota[d] ?? 0;
      if (q > 0 && covered > 0) {
        slotIndex[g * days + d] = sg.length;
        sg.push(g);
        sd.push(d);
        sc.push(q);
      }
    }
  }
  const nSlots = sg.length;
  if (nSlots > MAX_SLOTS) throw new GatewayTooLargeError('slots', nSlots, MAX_SLOTS);
  let arcBound = 0;
  for (let i = 0; i < nT; i++) {
    const t = inst.trains[i] as GatewayInstance['trains'][number];
    const width = Math.max(0, Math.min(t.arrivalDay + t.maxDelayDays, days - 1) - t.arrivalDay + 1);
    for (let g = 0; g < nG; g++) if ((extra[i * nG + g] as number) >= 0) arcBound += width;
  }
  if (arcBound > MAX_ARCS) throw new GatewayTooLargeError('arcs', arcBound, MAX_ARCS);

  const penalty = new Float64Array(nT);
  const arcStart = new Int32Array(nT + 1);
  const slots: number[] = [];
  const costs: number[] = [];
  for (let i = 0; i < nT; i++) {
    const t = inst.trains[i] as GatewayInstance['trains'][number];
    arcStart[i] = slots.length;
    const last = Math.min(t.arrivalDay + t.maxDelayDays, days - 1);
    for (let g = 0; g < nG; g++) {
      const e = extra[i * nG + g] as number;
      if (e < 0) continue;
      for (let d = t.arrivalDay; d <= last; d++) {
        const s = slotIndex[g * days + d] as number;
        if (s < 0) continue;
        slots.push(s);
        costs.push(t.weight * (d - t.arrivalDay + e));
      }
    }
    penalty[i] = t.weight * inst.unscheduledPenaltyDays;
    slots.push(nSlots);
    costs.push(penalty[i] as number);
  }
  arcStart[nT] = slots.length;
  let worst = 0;
  for (let i = 0; i < nT; i++) {
    let mx = 0;
    for (let a = arcStart[i] as number; a < (arcStart[i + 1] as number); a++)
      mx = Math.max(mx, costs[a] as number);
    worst += mx;
  }
  if (worst > Number.MAX_SAFE_INTEGER) throw new GatewayTooLargeError('cost', worst, Number.MAX_SAFE_INTEGER);
  return {
    nGateways: nG,
    days,
    nTrains: nT,
    nSlots,
    slotGateway: Int32Array.from(sg),
    slotDay: Int32Array.from(sd),
    slotCap: Int32Array.from(sc),
    slotIndex,
    arcStart,
    arcSlot: Int32Array.from(slots),
    arcCost: Float64Array.from(costs),
    extra,
    penalty,
    arrival: Int32Array.from(inst.trains, (t) => t.arrivalDay),
    weight: Float64Array.from(inst.trains, (t) => t.weight),
  };
}
