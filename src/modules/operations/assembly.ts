/**
 * The assembly center: gate moves today and in the last hour, yard blocks by exit gateway, the
 * loading tracks with their forming trains, the next departures. Pure.
 */
import { ASSUMED_BOX_TEU, chinaDay, type Facts, trainTeu, type UpcomingDeparture } from './facts';
import type { EventRef, TrainState } from './projection';

export interface YardBlock {
  readonly id: string;
  readonly label: { readonly en: string; readonly zh: string };
  readonly boxes: number;
  readonly teu: number;
  readonly capacityTeu: number;
  readonly occupancy: number;
}

export interface FormingTrain {
  readonly track: number;
  readonly id: string;
  readonly routeId: string | null;
  readonly boxes: number;
  readonly teu: number;
  readonly capacityTeu: number;
  readonly fill: number;
}

export interface AssemblyPicture {
  readonly day: string;
  readonly gate: {
    readonly inToday: number;
    readonly outToday: number;
    readonly lastHourIn: number;
    readonly lastHourOut: number;
  };
  readonly yard: {
    readonly boxes: number;
    readonly teu: number;
    readonly capacityTeu: number;
    readonly blocks: YardBlock[];
  };
  readonly tracks: Array<FormingTrain | { readonly track: number; readonly id: null }>;
  readonly nextDepartures: Array<UpcomingDeparture & { readonly loadedTeu: number }>;
}

export interface AssemblyOptions {
  readonly tracks: number;
  /** Yard blocks: one per exit gateway of the routes, plus 'other'; capacity in TEU each. */
  readonly blockCapacityTeu: number;
}

export function assemblyPicture(
  trains: readonly TrainState[],
  yard: ReadonlyArray<{ equipment: string }>,
  gate: ReadonlyArray<{ ref: EventRef; direction: 'in' | 'out' }>,
  departures: readonly UpcomingDeparture[],
  gateways: ReadonlyArray<{ id: string; names: { en: string; zh: string } }>,
  facts: Facts,
  now: Date,
  options: AssemblyOptions,
): AssemblyPicture {
  const day = chinaDay(now);
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  let inToday = 0;
  let outToday = 0;
  let lastHourIn = 0;
  let lastHourOut = 0;
  for (const g of gate) {
    if (chinaDay(g.ref.eventTime) === day) g.direction === 'in' ? inToday++ : outToday++;
    if (g.ref.eventTime >= hourAgo && g.ref.eventTime <= now.toISOString())
      g.direction === 'in' ? lastHourIn++ : lastHourOut++;
  }
  // which train (and so which gateway) a box in the yard is booked for
  const trainOfBox = new Map<string, string>();
  for (const [train, list] of facts.cargo)
    for (const c of list) for (const b of c.containers) trainOfBox.set(b, train);
  const trainById = new Map(trains.map((t) => [t.id, t]));
  // a box whose booking is not yet planned onto a train goes to the block of its destination's gateway
  const gatewayOfDestination = new Map<string, string>();
  for (const r of facts.routes.values())
    if (r.gateway)
      for (const d of r.destinations)
        if (!gatewayOfDestination.has(d)) gatewayOfDestination.set(d, r.gateway);
  const blocks = new Map<string, { boxes: number; teu: number }>();
  for (const g of gateways) blocks.set(g.id, { boxes: 0, teu: 0 });
  blocks.set('other', { boxes: 0, teu: 0 });
  let yardTeu = 0;
  for (const b of yard) {
    const train = trainOfBox.get(b.equipment);
    const routeId = train ? (trainById.get(train)?.routeId ?? train.replace(/-\d{8}$/, '')) : null;
    const destination = train ? undefined : facts.bookingOfBox?.get(b.equipment)?.destination;
    const gw = routeId
      ? facts.routes.get(routeId)?.gateway
      : destination
        ? gatewayOfDestination.get(destination)
        : null;
    const blockId = gw && blocks.has(gw) ? gw : 'other';
    const teu = facts.boxTeu.get(b.equipment) ?? ASSUMED_BOX_TEU;
    const blk = blocks.get(blockId)!;
    blk.boxes++;
    blk.teu += teu;
    yardTeu += teu;
  }
  const blockList: YardBlock[] = [...blocks.entries()].map(([id, v]) => {
    const g = gateways.find((x) => x.id === id);
    return {
      id,
      label: g
        ? { en: `Block ${id} — via ${g.names.en}`, zh: `${id} 箱区 — 经${g.names.zh}` }
        : { en: 'Block other', zh: '其他箱区' },
      boxes: v.boxes,
      teu: v.teu,
      capacityTeu: options.blockCapacityTeu,
      occupancy: v.teu / options.blockCapacityTeu,
    };
  });
  const capacityOf = new Map(departures.map((d) => [d.id, d.capacityTeu]));
  const forming = trains
    .filter((t) => !t.dispatched && t.boxes.length > 0)
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id))
    .slice(0, options.tracks);
  const tracks: Array<FormingTrain | { track: number; id: null }> = [];
  for (let i = 0; i < options.tracks; i++) {
    const t = forming[i];
    if (!t) {
      tracks.push({ track: i + 1, id: null });
      continue;
    }
    const { teu } = trainTeu(t, facts);
    const cap = capacityOf.get(t.id) ?? 0;
    tracks.push({
      track: i + 1,
      id: t.id,
      routeId: t.routeId,
      boxes: t.boxes.length,
      teu,
      capacityTeu: cap,
      fill: cap > 0 ? Math.min(1, teu / cap) : 0,
    });
  }
  const byId = new Map(trains.map((t) => [t.id, t]));
  const next = departures
    .filter((d) => d.status === 'scheduled' && d.date >= day && !byId.get(d.id)?.dispatched)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .slice(0, 8)
    .map((d) => {
      const t = byId.get(d.id);
      return { ...d, loadedTeu: t ? trainTeu(t, facts).teu : 0 };
    });
  return {
    day,
    gate: { inToday, outToday, lastHourIn, lastHourOut },
    yard: {
      boxes: yard.length,
      teu: yardTeu,
      capacityTeu: options.blockCapacityTeu * blockList.length,
      blocks: blockList,
    },
    tracks,
    nextDepartures: next,
  };
}
