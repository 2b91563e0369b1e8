/**
 * The live picture's figures from the projection (pure: `now` and the reference data come in):
 * the KPI board, the border ports (waiting, in transshipment, crossed today, queue forecast), the
 * assembly center (gate, yard blocks, loading tracks, next departures) and the statistics of a
 * period (trains by route, country, city, month; goods by HS chapter and direction; TEU).
 * The port works on China time: a "day" is a calendar day in UTC+8.
 */
import { type EventRef, phaseOf, type TrainPhase, type TrainState } from './projection';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar day in China (UTC+8) of an instant. */
export function chinaDay(iso: string | Date): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A box of unknown size counts as one FEU (2 TEU): the China–Europe train's typical box (41 FEU). */
export const ASSUMED_BOX_TEU = 2;

export interface Cargo {
  readonly bookingId: string;
  readonly teu: number;
  readonly hsCode: string;
  /** 'export' when the booking leaves China, 'import' when it comes in, 'transit' otherwise. */
  readonly direction: 'export' | 'import' | 'transit';
  readonly containers: readonly string[];
}

export interface Facts {
  readonly routes: ReadonlyMap<
    string,
    {
      readonly names: { readonly en: string; readonly zh: string };
      readonly origin: string;
      readonly destination: string;
      readonly destinations: readonly string[];
      readonly gateway: string | null;
      readonly transitDays: number;
      /** Hours from the origin to the gateway (legs before it), for the queue forecast. */
      readonly hoursToGateway: number | null;
      /** Rail km from the origin to the gateway (the same legs), to place a train by its position. */
      readonly kmToGateway?: number | null;
    }
  >;
  /** Location id → ISO country. */
  readonly countryOf: ReadonlyMap<string, string>;
  /** Box number → TEU, from the bookings that name it. */
  readonly boxTeu: ReadonlyMap<string, number>;
  /** Train (departure id) → the bookings assigned to it. */
  readonly cargo: ReadonlyMap<string, readonly Cargo[]>;
}

/**
 * A train's TEU: its loaded boxes (size from the bookings naming them, else one FEU); when no box
 * events name the train (train-level tracking), the TEU of the bookings assigned to it.
 */
export function trainTeu(
  t: TrainState,
  facts: Pick<Facts, 'boxTeu' | 'cargo'>,
): { teu: number; assumedBoxes: number } {
  if (t.boxes.length === 0) {
    return { teu: (facts.cargo.get(t.id) ?? []).reduce((s, c) => s + c.teu, 0), assumedBoxes: 0 };
  }
  let teu = 0;
  let assumed = 0;
  for (const b of t.boxes) {
    const known = facts.boxTeu.get(b);
    if (known === undefined) assumed++;
    teu += known ?? ASSUMED_BOX_TEU;
  }
  return { teu, assumedBoxes: assumed };
}

function hsChapter(hs: string): string {
  return hs.replace(/\D/g, '').slice(0, 2).padStart(2, '0');
}

function hsHeading(hs: string): string {
  return hs.replace(/\D/g, '').slice(0, 4);
}

/** Cities a train of a route reaches (its destinations, terminal last). */
function citiesOf(t: TrainState, facts: Facts): readonly string[] {
  const r = t.routeId ? facts.routes.get(t.routeId) : undefined;
  return r ? (r.destinations.length > 0 ? r.destinations : [r.destination]) : [];
}

// ---------------------------------------------------------------- KPI board

export interface Kpis {
  readonly asOf: string;
  readonly day: string;
  readonly dispatched: { readonly today: number; readonly year: number; readonly total: number };
  readonly teu: { readonly today: number; readonly year: number; readonly total: number };
  readonly activeRoutes: number;
  readonly citiesReached: number;
  readonly countriesReached: number;
  readonly goodsCategories: number;
  readonly onTime: { readonly arrived: number; readonly onTime: number; readonly pct: number | null };
  readonly waitingAtBorder: number;
  readonly inTransshipment: number;
  readonly running: number;
  readonly forming: number;
}

export interface KpiOptions {
  /** An arrival this many hours after departure + transit days still counts as on time. */
  readonly onTimeToleranceHours: number;
}

export function onTimeOf(t: TrainState, facts: Facts, options: KpiOptions): boolean | null {
  if (!t.dispatched || !t.arrived || !t.routeId) return null;
  const r = facts.routes.get(t.routeId);
  if (!r) return null;
  const due =
    Date.parse(t.dispatched.eventTime) + (r.transitDays * 24 + options.onTimeToleranceHours) * 3_600_000;
  return Date.parse(t.arrived.eventTime) <= due;
}

export function kpis(
  trains: readonly TrainState[],
  facts: Facts,
  now: Date,
  options: KpiOptions,
  borderGateways: ReadonlySet<string>,
): Kpis {
  const day = chinaDay(now);
  const year = day.slice(0, 4);
  const d = { today: 0, year: 0, total: 0 };
  const teu = { today: 0, year: 0, total: 0 };
  const routes = new Set<string>();
  const cities = new Set<string>();
  const countries = new Set<string>();
  const headings = new Set<string>();
  let arrived = 0;
  let onTime = 0;
  const phases: Record<TrainPhase, number> = {
    forming: 0,
    running: 0,
    waiting: 0,
    transshipping: 0,
    arrived: 0,
  };
  let waitingBorder = 0;
  let transshipBorder = 0;
  for (const t of trains) {
    const phase = phaseOf(t);
    phases[phase]++;
    const stay = t.stays.at(-1);
    if (stay && !stay.left && !t.arrived && borderGateways.has(stay.gatewayId)) {
      if (phase === 'waiting') waitingBorder++;
      if (phase === 'transshipping') transshipBorder++;
    }
    if (!t.dispatched) continue;
    const dd = chinaDay(t.dispatched.eventTime);
    const { teu: x } = trainTeu(t, facts);
    d.total++;
    teu.total += x;
    if (dd.slice(0, 4) === year) {
      d.year++;
      teu.year += x;
    }
    if (dd === day) {
      d.today++;
      teu.today += x;
    }
    if (t.routeId) routes.add(t.routeId);
    for (const c of citiesOf(t, facts)) {
      cities.add(c);
      const country = facts.countryOf.get(c);
      if (country) countries.add(country);
    }
    for (const c of facts.cargo.get(t.id) ?? []) headings.add(hsHeading(c.hsCode));
    const ot = onTimeOf(t, facts, options);
    if (ot !== null) {
      arrived++;
      if (ot) onTime++;
    }
  }
  return {
    asOf: now.toISOString(),
    day,
    dispatched: d,
    teu,
    activeRoutes: routes.size,
    citiesReached: cities.size,
    countriesReached: countries.size,
    goodsCategories: headings.size,
    onTime: { arrived, onTime, pct: arrived > 0 ? Math.round((onTime / arrived) * 1000) / 10 : null },
    waitingAtBorder: waitingBorder,
    inTransshipment: transshipBorder,
    running: phases.running,
    forming: phases.forming,
  };
}

// ---------------------------------------------------------------- border ports

export interface GatewayCapacity {
  readonly id: string;
  readonly names: { readonly en: string; readonly zh: string };
  /** Outbound trains per day, per calendar day from today (closures applied). */
  readonly capacityByDay: ReadonlyArray<{ readonly day: string; readonly trains: number }>;
  readonly transshipmentHours: number;
}

export interface BorderTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly arrivedAt: string;
  readonly boxes: number;
  readonly transshipped: number;
  /** 0..1, transshipped boxes / boxes on the train. */
  readonly progress: number;
}

export interface QueueDay {
  readonly day: string;
  readonly arriving: number;
  readonly capacity: number;
  readonly crossing: number;
  /** Trains still waiting at the end of the day. */
  readonly queue: number;
}

export interface BorderStatus {
  readonly id: string;
  readonly names: { readonly en: string; readonly zh: string };
  readonly waiting: BorderTrain[];
  readonly transshipping: BorderTrain[];
  readonly crossedToday: number;
  readonly crossedTodayTrains: string[];
  readonly capacityToday: number;
  /**
   * Trains running towards the gateway past their planned arrival with no position to place them:
   * the forecast spreads them over the days with room below the gateway's capacity.
   */
  readonly overdue: number;
  readonly forecast: QueueDay[];
}

/** Where a running train is along its route (tracking's position matched to the route). */
export interface TrainProgress {
  readonly kmAlong: number;
  /** The time of the position report. */
  readonly time: string;
}

/**
 * When a train running towards the gateway gets there (ms), or null when nothing places it:
 * - with a position: the km left to the gateway at the route's planned speed from the report
 *   (km to the gateway / hours to it), never before now;
 * - without one: its departure + the hours to the gateway, while that lies ahead;
 * - overdue with no position: null (the caller spreads these under the capacity).
 */
export function gatewayEta(
  dispatchedAt: string,
  route: { readonly hoursToGateway: number | null; readonly kmToGateway?: number | null | undefined },
  progress: TrainProgress | undefined,
  now: Date,
): number | null {
  const hours = route.hoursToGateway;
  if (hours === null) return null;
  const km = route.kmToGateway ?? null;
  if (progress && km !== null && km > 0 && hours > 0) {
    const left = Math.max(0, km - progress.kmAlong);
    const at = Date.parse(progress.time) + (left / (km / hours)) * 3_600_000;
    return Math.max(at, now.getTime());
  }
  const planned = Date.parse(dispatchedAt) + hours * 3_600_000;
  return planned >= now.getTime() ? planned : null;
}

/**
 * The queue of the coming days, as a fluid model: each day the queue is served first-come up to
 * the day's capacity; what is left waits for the next day. Pure and deterministic.
 */
export function forecastQueue(
  start: number,
  days: ReadonlyArray<{ day: string; arriving: number; capacity: number }>,
): QueueDay[] {
  let queue = start;
  return days.map((d) => {
    const present = queue + d.arriving;
    const crossing = Math.min(present, Math.max(0, d.capacity));
    queue = present - crossing;
    return { day: d.day, arriving: d.arriving, capacity: d.capacity, crossing, queue };
  });
}

export interface UpcomingDeparture {
  readonly id: string;
  readonly routeId: string;
  readonly date: string;
  readonly capacityTeu: number;
  readonly status: 'scheduled' | 'cancelled';
}

export function borderStatus(
  gw: GatewayCapacity,
  trains: readonly TrainState[],
  departures: readonly UpcomingDeparture[],
  facts: Facts,
  now: Date,
  progress: ReadonlyMap<string, TrainProgress> = new Map(),
): BorderStatus {
  const today = chinaDay(now);
  const waiting: BorderTrain[] = [];
  const transshipping: BorderTrain[] = [];
  const crossed: string[] = [];
  const expectedByDay = new Map<string, number>();
  const overdue: Array<{ id: string; planned: number }> = [];
  const seen = new Set<string>();
  for (const t of trains) {
    seen.add(t.id);
    const mine = t.stays.filter((s) => s.gatewayId === gw.id);
    for (const s of mine) if (s.left && chinaDay(s.left.eventTime) === today) crossed.push(t.id);
    const open = mine.find((s) => !s.left);
    if (open && !t.arrived) {
      // boxes on the train: its LOAD events, else the boxes its bookings name, at least those craned
      const booked = (facts.cargo.get(t.id) ?? []).reduce((n, c) => n + c.containers.length, 0);
      const boxes = Math.max(t.boxes.length || booked, open.transshipped);
      const bt: BorderTrain = {
        id: t.id,
        routeId: t.routeId,
        arrivedAt: open.arrived.eventTime,
        boxes,
        transshipped: open.transshipped,
        progress: boxes > 0 ? Math.min(1, open.transshipped / boxes) : 0,
      };
      (open.transshipped > 0 ? transshipping : waiting).push(bt);
      continue;
    }
    // running towards this gateway (outbound): expected when its position (or its plan) says
    if (mine.length === 0 && t.dispatched && !t.arrived && t.routeId && t.direction === 'outbound') {
      const r = facts.routes.get(t.routeId);
      if (r?.gateway === gw.id && r.hoursToGateway !== null) {
        const eta = gatewayEta(t.dispatched.eventTime, r, progress.get(t.id), now);
        if (eta === null) {
          overdue.push({
            id: t.id,
            planned: Date.parse(t.dispatched.eventTime) + r.hoursToGateway * 3_600_000,
          });
        } else {
          const day = chinaDay(new Date(eta));
          expectedByDay.set(day, (expectedByDay.get(day) ?? 0) + 1);
        }
      }
    }
  }
  // scheduled departures not yet run, towards this gateway
  for (const dep of departures) {
    if (dep.status !== 'scheduled' || seen.has(dep.id)) continue;
    const r = facts.routes.get(dep.routeId);
    if (r?.gateway !== gw.id || r.hoursToGateway === null) continue;
    const eta = chinaDay(new Date(Date.parse(`${dep.date}T12:00:00+08:00`) + r.hoursToGateway * 3_600_000));
    if (eta < today) continue;
    expectedByDay.set(eta, (expectedByDay.get(eta) ?? 0) + 1);
  }
  waiting.sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt));
  transshipping.sort((a, b) => b.progress - a.progress || a.id.localeCompare(b.id));
  const capToday = gw.capacityByDay.find((c) => c.day === today)?.trains ?? 0;
  // today: what crossed already uses capacity
  const days = gw.capacityByDay.map((c) => ({
    day: c.day,
    arriving: expectedByDay.get(c.day) ?? 0,
    capacity: c.day === today ? Math.max(0, c.trains - crossed.length) : c.trains,
  }));
  // overdue trains nothing places: a day gets them only up to its room below the capacity (a
  // gateway's line brings no more trains a day than the gateway passes), the longest overdue first;
  // what does not fit in the horizon is left out of the forecast (and counted in `overdue`)
  overdue.sort((a, b) => a.planned - b.planned || a.id.localeCompare(b.id));
  let next = 0;
  for (const d of days) {
    if (d.day < today) continue;
    const room = Math.max(0, d.capacity - d.arriving);
    const take = Math.min(room, overdue.length - next);
    d.arriving += take;
    next += take;
  }
  return {
    id: gw.id,
    names: gw.names,
    waiting,
    transshipping,
    crossedToday: crossed.length,
    crossedTodayTrains: crossed.sort(),
    capacityToday: capToday,
    overdue: overdue.length,
    forecast: forecastQueue(waiting.length + transshipping.length, days),
  };
}

// ---------------------------------------------------------------- assembly center

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
  const blocks = new Map<string, { boxes: number; teu: number }>();
  for (const g of gateways) blocks.set(g.id, { boxes: 0, teu: 0 });
  blocks.set('other', { boxes: 0, teu: 0 });
  let yardTeu = 0;
  for (const b of yard) {
    const train = trainOfBox.get(b.equipment);
    const routeId = train ? (trainById.get(train)?.routeId ?? train.replace(/-\d{8}$/, '')) : null;
    const gw = routeId ? facts.routes.get(routeId)?.gateway : null;
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

// ---------------------------------------------------------------- statistics

export interface Period {
  /** First and last China day, inclusive. */
  readonly from: string;
  readonly to: string;
}

export interface Row {
  readonly key: string;
  readonly label: { readonly en: string; readonly zh: string };
  readonly trains: number;
  readonly teu: number;
}

export interface GoodsRow {
  readonly chapter: string;
  readonly direction: 'export' | 'import' | 'transit';
  readonly bookings: number;
  readonly teu: number;
}

export interface MonthRow {
  readonly month: string;
  readonly trains: number;
  readonly teu: number;
  /** Trains dispatched from the start of the data to the end of this month. */
  readonly cumulativeTrains: number;
}

export interface Statistics {
  readonly period: Period;
  readonly totals: {
    readonly trains: number;
    readonly teu: number;
    readonly cumulativeTrains: number;
    readonly routes: number;
    readonly cities: number;
    readonly countries: number;
    readonly goodsCategories: number;
    readonly assumedBoxes: number;
  };
  readonly byRoute: Row[];
  readonly byCountry: Row[];
  readonly byCity: Row[];
  readonly byMonth: MonthRow[];
  readonly goods: GoodsRow[];
}

export type Dimension = 'route' | 'country' | 'city' | 'month' | 'chapter' | 'all';

/** The dispatched trains of a period. */
export function inPeriod(trains: readonly TrainState[], p: Period): TrainState[] {
  return trains.filter((t) => {
    if (!t.dispatched) return false;
    const d = chinaDay(t.dispatched.eventTime);
    return d >= p.from && d <= p.to;
  });
}

/** Whether a dispatched train counts in a cell (dimension + key) — the trace uses the same test. */
export function trainMatches(t: TrainState, dim: Dimension, key: string, facts: Facts): boolean {
  switch (dim) {
    case 'all':
      return true;
    case 'route':
      return t.routeId === key;
    case 'city':
      return citiesOf(t, facts).includes(key);
    case 'country':
      return citiesOf(t, facts).some((c) => facts.countryOf.get(c) === key);
    case 'month':
      return t.dispatched !== null && chinaDay(t.dispatched.eventTime).slice(0, 7) === key;
    case 'chapter':
      return (facts.cargo.get(t.id) ?? []).some((c) => hsChapter(c.hsCode) === key);
  }
}

export function statistics(
  trains: readonly TrainState[],
  facts: Facts,
  period: Period,
  names: { city(id: string): { en: string; zh: string }; country(code: string): { en: string; zh: string } },
): Statistics {
  const chosen = inPeriod(trains, period);
  const cumulative = trains.filter((t) => t.dispatched && chinaDay(t.dispatched.eventTime) <= period.to);
  const add = (m: Map<string, { trains: number; teu: number }>, k: string, teu: number) => {
    const v = m.get(k) ?? { trains: 0, teu: 0 };
    v.trains++;
    v.teu += teu;
    m.set(k, v);
  };
  const route = new Map<string, { trains: number; teu: number }>();
  const country = new Map<string, { trains: number; teu: number }>();
  const city = new Map<string, { trains: number; teu: number }>();
  const goods = new Map<string, { bookings: number; teu: number }>();
  const headings = new Set<string>();
  let teu = 0;
  let assumed = 0;
  for (const t of chosen) {
    const x = trainTeu(t, facts);
    teu += x.teu;
    assumed += x.assumedBoxes;
    if (t.routeId) add(route, t.routeId, x.teu);
    const cs = citiesOf(t, facts);
    for (const c of cs) add(city, c, x.teu);
    for (const k of new Set(cs.map((c) => facts.countryOf.get(c)).filter((c): c is string => !!c)))
      add(country, k, x.teu);
    for (const c of facts.cargo.get(t.id) ?? []) {
      headings.add(hsHeading(c.hsCode));
      const k = `${hsChapter(c.hsCode)}|${c.direction}`;
      const v = goods.get(k) ?? { bookings: 0, teu: 0 };
      v.bookings++;
      v.teu += c.teu;
      goods.set(k, v);
    }
  }
  // months of the period, with the cumulative count
  const monthCount = new Map<string, { trains: number; teu: number }>();
  for (const t of chosen)
    add(monthCount, chinaDay(t.dispatched!.eventTime).slice(0, 7), trainTeu(t, facts).teu);
  const before = trains.filter((t) => t.dispatched && chinaDay(t.dispatched.eventTime) < period.from).length;
  const months: MonthRow[] = [];
  let running = before;
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); m = nextMonth(m)) {
    const v = monthCount.get(m) ?? { trains: 0, teu: 0 };
    running += v.trains;
    months.push({ month: m, trains: v.trains, teu: v.teu, cumulativeTrains: running });
  }
  const rows = (
    m: Map<string, { trains: number; teu: number }>,
    label: (k: string) => { en: string; zh: string },
  ) =>
    [...m.entries()]
      .map(([key, v]) => ({ key, label: label(key), ...v }))
      .sort((a, b) => b.trains - a.trains || a.key.localeCompare(b.key));
  return {
    period,
    totals: {
      trains: chosen.length,
      teu,
      cumulativeTrains: cumulative.length,
      routes: route.size,
      cities: city.size,
      countries: country.size,
      goodsCategories: headings.size,
      assumedBoxes: assumed,
    },
    byRoute: rows(route, (k) => facts.routes.get(k)?.names ?? { en: k, zh: k }),
    byCountry: rows(country, names.country),
    byCity: rows(city, names.city),
    byMonth: months,
    goods: [...goods.entries()]
      .map(([k, v]) => {
        const [chapter, direction] = k.split('|') as [string, GoodsRow['direction']];
        return { chapter, direction, ...v };
      })
      .sort((a, b) => a.chapter.localeCompare(b.chapter) || a.direction.localeCompare(b.direction)),
  };
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

export { hsChapter };
