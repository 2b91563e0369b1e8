// Pure view models of the Assembly center page: the wagon diagram of a load plan (wagons in train order,
// their slots and boxes, fill per wagon, train totals) and fill fractions for the departure bars.

import type { LoadContainer, LoadPlanDoc, PlannedDeparture } from '../../shared/api';

export interface SlotView {
  /** 'F' a whole platform, 'A'/'B' the two 20-ft halves; '' an empty platform. */
  readonly slot: string;
  readonly platform: number;
  readonly box: LoadContainer | null;
}
export interface WagonView {
  readonly id: string;
  readonly type: string;
  /** 1-based position in the train. */
  readonly position: number;
  readonly slots: readonly SlotView[];
  readonly cargoKg: number;
  readonly maxKg: number;
  readonly tareKg: number;
  readonly fill: number;
  readonly dg: boolean;
  readonly reefer: boolean;
}
export interface TrainTotals {
  readonly wagons: number;
  readonly wagonsUsed: number;
  readonly boxes: number;
  readonly teu: number;
  readonly cargoKg: number;
  /** Cargo plus the tare of every wagon. */
  readonly grossKg: number;
  readonly maxCargoKg: number;
}
export interface TrainDiagram {
  readonly wagons: readonly WagonView[];
  readonly totals: TrainTotals;
  readonly unloaded: ReadonlyArray<{
    readonly box: LoadContainer | null;
    readonly id: string;
    readonly reason: string;
    readonly reasonZh: string;
  }>;
}

export const teuOf = (c: LoadContainer): number => (c.lengthFt <= 20 ? 1 : 2);

const SLOT_ORDER: Record<string, number> = { F: 0, A: 1, B: 2 };

/** Builds the diagram; wagons keep the instance's (train) order, placements of unknown wagons are ignored. */
export function trainDiagram(doc: LoadPlanDoc): TrainDiagram {
  const boxes = new Map(doc.instance.containers.map((c) => [c.id, c]));
  const types = new Map(doc.instance.wagonTypes.map((t) => [t.code, t]));
  const byWagon = new Map<string, Array<{ slot: string; platform: number; container: string }>>();
  for (const p of doc.solution.placements) {
    const list = byWagon.get(p.wagon) ?? [];
    list.push(p);
    byWagon.set(p.wagon, list);
  }
  const wagons = doc.instance.wagons.map((w, i): WagonView => {
    const type = types.get(w.type);
    const platforms = Math.max(1, type?.platforms.length ?? 1);
    const placed = byWagon.get(w.id) ?? [];
    const slots: SlotView[] = [];
    for (let pf = 0; pf < platforms; pf++) {
      const here = placed
        .filter((p) => p.platform === pf)
        .sort((a, b) => (SLOT_ORDER[a.slot] ?? 9) - (SLOT_ORDER[b.slot] ?? 9));
      if (here.length === 0) slots.push({ slot: '', platform: pf, box: null });
      else if (here.some((p) => p.slot === 'F'))
        for (const p of here) slots.push({ slot: p.slot, platform: pf, box: boxes.get(p.container) ?? null });
      else
        for (const s of ['A', 'B']) {
          const p = here.find((x) => x.slot === s);
          slots.push({ slot: s, platform: pf, box: p ? (boxes.get(p.container) ?? null) : null });
        }
    }
    const loaded = slots.flatMap((s) => (s.box ? [s.box] : []));
    const cargoKg = loaded.reduce((a, c) => a + c.grossKg, 0);
    const maxKg = type?.maxPayloadKg ?? 0;
    return {
      id: w.id,
      type: w.type,
      position: i + 1,
      slots,
      cargoKg,
      maxKg,
      tareKg: type?.tareKg ?? 0,
      fill: maxKg > 0 ? cargoKg / maxKg : 0,
      dg: loaded.some((c) => c.dg !== null),
      reefer: loaded.some((c) => c.reefer),
    };
  });
  const loaded = wagons.flatMap((w) => w.slots.flatMap((s) => (s.box ? [s.box] : [])));
  const cargoKg = loaded.reduce((a, c) => a + c.grossKg, 0);
  return {
    wagons,
    totals: {
      wagons: wagons.length,
      wagonsUsed: wagons.filter((w) => w.cargoKg > 0).length,
      boxes: loaded.length,
      teu: loaded.reduce((a, c) => a + teuOf(c), 0),
      cargoKg,
      grossKg: cargoKg + wagons.reduce((a, w) => a + w.tareKg, 0),
      maxCargoKg: wagons.reduce((a, w) => a + w.maxKg, 0),
    },
    unloaded: doc.solution.unloaded.map((u) => ({
      id: u.container,
      box: boxes.get(u.container) ?? null,
      reason: u.reason ?? u.code ?? '',
      reasonZh: u.reasonZh ?? u.reason ?? u.code ?? '',
    })),
  };
}

/** Fill fractions of a planned departure (0…1+, over 1 when overfull), and its minimum fill. */
export function departureFill(d: PlannedDeparture): { teu: number; kg: number; min: number } {
  const frac = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    teu: frac(d.teu, d.capacityTeu),
    kg: frac(d.grossKg, d.capacityKg),
    min: frac(d.minTeu, d.capacityTeu),
  };
}

/** Departures worth showing: running or carrying cargo (all when `all`), by date then id. */
export function visibleDepartures(
  list: readonly PlannedDeparture[],
  all: boolean,
): readonly PlannedDeparture[] {
  return list
    .filter((d) => all || d.running || d.teu > 0)
    .slice()
    .sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : a.date.localeCompare(b.date)));
}
