/**
 * The live picture's read model, folded from tracking events (pure: no I/O, no clock). It keeps,
 * per train (the departure id `ROUTE-YYYYMMDD` is the train reference), the events that matter for
 * operations — TRANSPORT DEPA/ARRI, box LOAD/DISC/GBTS with the train — and its latest position
 * (IOT POS); per box at the assembly center, whether it is in the yard (GTIN … LOAD/GTOT); and the
 * gate's movements. Only actual (ACT) events count; a retraction removes the retracted event.
 *
 * Every figure derived from it carries the references of the events it counts (traceability).
 */

export interface OpsEvent {
  readonly deviceId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly eventCode: string;
  readonly classifier: string;
  readonly eventTime: string;
  readonly equipment: string | null;
  readonly trainReference: string | null;
  readonly location: string | null;
  readonly retractedEventId: string | null;
  readonly position?: { readonly lat: number; readonly lon: number } | undefined;
}

/** Where a counted figure comes from: the event that proves it. */
export interface EventRef {
  readonly deviceId: string;
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventCode: string;
  readonly location: string | null;
}

export interface NetworkFacts {
  /** The assembly center (origin of the routes), e.g. CNURM. */
  readonly origin: string;
  readonly routes: ReadonlyMap<
    string,
    {
      readonly origin: string;
      readonly destination: string;
      readonly destinations: readonly string[];
      readonly gateway: string | null;
      readonly transitDays: number;
    }
  >;
  /** Location → gateway id, for both sides of every gateway. */
  readonly gatewayOf: ReadonlyMap<string, string>;
}

export interface GatewayStay {
  readonly gatewayId: string;
  readonly arrived: EventRef;
  /** The DEPA that ended the stay; null while the train is there. */
  readonly left: EventRef | null;
  /** Boxes of this train craned to the other gauge there (GBTS), distinct. */
  readonly transshipped: number;
}

export interface TrainState {
  readonly id: string;
  /** The network route the train runs on (a return train `DUI-URM-…` runs on `URM-DUI`). */
  readonly routeId: string | null;
  /** outbound: from the assembly center; inbound: a return train towards it. */
  readonly direction: 'outbound' | 'inbound';
  readonly date: string | null;
  readonly dispatched: EventRef | null;
  readonly arrived: EventRef | null;
  readonly stays: readonly GatewayStay[];
  /** Distinct boxes loaded onto this train (LOAD with its reference, not discharged again). */
  readonly boxes: readonly string[];
  readonly lastTransport: EventRef | null;
  readonly position: { readonly lat: number; readonly lon: number; readonly time: string } | null;
}

export type TrainPhase = 'forming' | 'running' | 'waiting' | 'transshipping' | 'arrived';

const TRAIN_ID = /^([A-Z0-9]+(?:-[A-Z0-9]+)*)-(\d{4})(\d{2})(\d{2})$/;

/** Route id and date of a departure id (`URM-DUI-20261201` → URM-DUI, 2026-12-01), or nulls. */
export function parseTrainId(id: string): { routeId: string | null; date: string | null } {
  const m = TRAIN_ID.exec(id);
  if (!m) return { routeId: null, date: null };
  return { routeId: m[1] ?? null, date: `${m[2]}-${m[3]}-${m[4]}` };
}

function ref(e: OpsEvent): EventRef {
  return {
    deviceId: e.deviceId,
    eventId: e.eventId,
    eventTime: e.eventTime,
    eventCode: e.eventCode,
    location: e.location,
  };
}

/**
 * Whether an event's UN/LOCODE names a network location: the same id, or the city of a facility id
 * (`CNURM` for the assembly center `CNURM-AC` — events carry UN/LOCODEs, the network has facilities).
 */
export function atPlace(location: string | null, placeId: string): boolean {
  return location !== null && (location === placeId || placeId.startsWith(`${location}-`));
}

const key = (e: { deviceId: string; eventId: string }) => `${e.deviceId}\u0000${e.eventId}`;

function byTime(a: OpsEvent, b: OpsEvent): number {
  return a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : a.eventId < b.eventId ? -1 : 1;
}

/** Folds one train's kept events (any order) into its state. */
export function foldTrain(
  id: string,
  events: readonly OpsEvent[],
  network: NetworkFacts,
  position: TrainState['position'],
): TrainState {
  const parsed = parseTrainId(id);
  const date = parsed.date;
  const line = resolveLine(parsed.routeId, network);
  const routeId = line?.routeId ?? parsed.routeId;
  const direction = line?.direction ?? 'outbound';
  const known = line ? network.routes.get(line.routeId) : undefined;
  // a return train starts where its route ends and ends at the route's origin
  const route = known
    ? direction === 'outbound'
      ? known
      : { ...known, origin: known.destination, destination: known.origin }
    : undefined;
  const sorted = [...events].sort(byTime);
  let dispatched: EventRef | null = null;
  let arrived: EventRef | null = null;
  let lastTransport: EventRef | null = null;
  const boxes = new Set<string>();
  const stays: Array<{ gatewayId: string; arrived: EventRef; left: EventRef | null; boxes: Set<string> }> =
    [];
  for (const e of sorted) {
    if (e.eventType === 'TRANSPORT') {
      lastTransport = ref(e);
      const loc = e.location;
      const gw = loc ? network.gatewayOf.get(loc) : undefined;
      if (e.eventCode === 'DEPA') {
        const isOrigin = route ? atPlace(loc, route.origin) : dispatched === null;
        if (isOrigin && !dispatched) dispatched = ref(e);
        if (gw) {
          const stay = stays.at(-1);
          if (stay && stay.gatewayId === gw) stay.left = ref(e);
        }
      } else if (e.eventCode === 'ARRI') {
        if (route && atPlace(loc, route.destination) && !arrived) arrived = ref(e);
        if (gw) {
          const stay = stays.at(-1);
          // arriving at the far side of the same gateway continues the stay
          if (stay && stay.gatewayId === gw) stay.left = null;
          else stays.push({ gatewayId: gw, arrived: ref(e), left: null, boxes: new Set() });
        }
      }
    } else if (e.eventType === 'EQUIPMENT' && e.equipment) {
      if (e.eventCode === 'LOAD') boxes.add(e.equipment);
      else if (e.eventCode === 'DISC' && !(e.location && network.gatewayOf.has(e.location)))
        boxes.delete(e.equipment);
      else if (e.eventCode === 'GBTS') {
        const gw = e.location ? network.gatewayOf.get(e.location) : undefined;
        const stay = stays.at(-1);
        if (stay && gw === stay.gatewayId) stay.boxes.add(e.equipment);
      }
    }
  }
  return {
    id,
    routeId,
    direction,
    date,
    dispatched,
    arrived,
    stays: stays.map((s) => ({
      gatewayId: s.gatewayId,
      arrived: s.arrived,
      left: s.left,
      transshipped: s.boxes.size,
    })),
    boxes: [...boxes].sort(),
    lastTransport,
    position,
  };
}

/** The network route of a train's line id: itself, or reversed for a return train (`DUI-URM`). */
export function resolveLine(
  lineId: string | null,
  network: Pick<NetworkFacts, 'routes'>,
): { routeId: string; direction: 'outbound' | 'inbound' } | null {
  if (!lineId) return null;
  if (network.routes.has(lineId)) return { routeId: lineId, direction: 'outbound' };
  const parts = lineId.split('-');
  if (parts.length === 2) {
    const reversed = `${parts[1]}-${parts[0]}`;
    if (network.routes.has(reversed)) return { routeId: reversed, direction: 'inbound' };
  }
  return null;
}

/** What a train is doing now. */
export function phaseOf(t: TrainState): TrainPhase {
  if (t.arrived) return 'arrived';
  if (!t.dispatched) return 'forming';
  const stay = t.stays.at(-1);
  if (stay && !stay.left) return stay.transshipped > 0 ? 'transshipping' : 'waiting';
  return 'running';
}

export interface BoxState {
  readonly equipment: string;
  readonly inYard: EventRef | null;
  readonly train: string | null;
}

/** The gate movement of one day at the assembly center. */
export interface GateMove {
  readonly ref: EventRef;
  readonly equipment: string;
  readonly direction: 'in' | 'out';
}

/**
 * The projection: apply events in any order (catch-up, then the bus); read trains, boxes, gate.
 * Retractions are honoured whichever arrives first.
 */
export class OpsProjection {
  private readonly trainEvents = new Map<string, OpsEvent[]>();
  private readonly positions = new Map<string, { lat: number; lon: number; time: string }>();
  private readonly trains = new Map<string, TrainState>();
  private readonly seen = new Set<string>();
  private readonly retracted = new Set<string>();
  private readonly boxes = new Map<string, { inYard: EventRef | null; train: string | null; at: string }>();
  private readonly gate: GateMove[] = [];
  private dirty = new Set<string>();
  /** Counts every applied change; a reader may compare it to know whether anything moved. */
  version = 0;

  constructor(private network: NetworkFacts) {}

  setNetwork(network: NetworkFacts): void {
    this.network = network;
    for (const id of this.trainEvents.keys()) this.dirty.add(id);
  }

  /** Applies events; returns the train ids whose state changed. */
  apply(events: readonly OpsEvent[]): Set<string> {
    const touched = new Set<string>();
    for (const e of events) {
      if (e.classifier !== 'ACT') continue;
      const k = key(e);
      if (this.seen.has(k)) continue;
      this.seen.add(k);
      if (e.retractedEventId) {
        const target = `${e.deviceId}\u0000${e.retractedEventId}`;
        this.retracted.add(target);
        for (const [id, list] of this.trainEvents) {
          const i = list.findIndex((x) => key(x) === target);
          if (i >= 0) {
            list.splice(i, 1);
            touched.add(id);
          }
        }
        const gi = this.gate.findIndex((g) => key(g.ref) === target);
        if (gi >= 0) this.gate.splice(gi, 1);
        continue;
      }
      if (this.retracted.has(k)) continue;
      this.version++;
      if (e.eventType === 'IOT' && e.eventCode === 'POS' && e.position && e.trainReference && !e.equipment) {
        const prev = this.positions.get(e.trainReference);
        if (!prev || prev.time <= e.eventTime) {
          this.positions.set(e.trainReference, { ...e.position, time: e.eventTime });
          touched.add(e.trainReference);
        }
        continue;
      }
      this.applyBox(e);
      const train = e.trainReference;
      const keep =
        train &&
        ((e.eventType === 'TRANSPORT' && (e.eventCode === 'DEPA' || e.eventCode === 'ARRI')) ||
          (e.eventType === 'EQUIPMENT' && ['LOAD', 'DISC', 'GBTS'].includes(e.eventCode)));
      if (train && keep) {
        const list = this.trainEvents.get(train) ?? [];
        list.push(e);
        this.trainEvents.set(train, list);
        touched.add(train);
      }
    }
    for (const id of touched) this.dirty.add(id);
    return touched;
  }

  private applyBox(e: OpsEvent): void {
    if (e.eventType !== 'EQUIPMENT' || !e.equipment) return;
    const atOrigin = atPlace(e.location, this.network.origin);
    const prev = this.boxes.get(e.equipment);
    if (prev && prev.at > e.eventTime) return; // an older event does not undo a newer state
    if (atOrigin && (e.eventCode === 'GTIN' || e.eventCode === 'GTOT'))
      this.gate.push({
        ref: ref(e),
        equipment: e.equipment,
        direction: e.eventCode === 'GTIN' ? 'in' : 'out',
      });
    if (e.eventCode === 'GTIN' && atOrigin)
      this.boxes.set(e.equipment, { inYard: ref(e), train: null, at: e.eventTime });
    else if (e.eventCode === 'GTOT' && atOrigin)
      this.boxes.set(e.equipment, { inYard: null, train: null, at: e.eventTime });
    else if (e.eventCode === 'LOAD')
      this.boxes.set(e.equipment, { inYard: null, train: e.trainReference, at: e.eventTime });
    else if (e.eventCode === 'DISC' && atOrigin)
      this.boxes.set(e.equipment, { inYard: ref(e), train: null, at: e.eventTime });
  }

  /** Every train's current state (recomputed lazily for those that changed). */
  allTrains(): TrainState[] {
    for (const id of this.dirty) {
      this.trains.set(
        id,
        foldTrain(id, this.trainEvents.get(id) ?? [], this.network, this.positions.get(id) ?? null),
      );
    }
    this.dirty.clear();
    return [...this.trains.values()];
  }

  train(id: string): TrainState | undefined {
    if (this.dirty.has(id) || !this.trains.has(id)) this.allTrains();
    return this.trains.get(id);
  }

  /** Boxes in the assembly center's yard now, with the gate-in that brought them. */
  yardBoxes(): BoxState[] {
    const out: BoxState[] = [];
    for (const [equipment, b] of this.boxes)
      if (b.inYard) out.push({ equipment, inYard: b.inYard, train: null });
    return out;
  }

  gateMoves(): readonly GateMove[] {
    return this.gate;
  }

  /** Train events kept for one train (for the trace of a figure). */
  eventsOf(train: string): readonly OpsEvent[] {
    return [...(this.trainEvents.get(train) ?? [])].sort(byTime);
  }
}
