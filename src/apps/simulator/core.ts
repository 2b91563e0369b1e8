// The twin's discrete-event core (pure): a seeded agenda of simulated time that decides what the
// port's clients do — tenants book cargo, trains are formed, loaded, depart, run their legs with GPS
// positions, queue at the border gateways within their daily quota, transship at gauge breaks and
// arrive; reefer controllers report temperatures; devices misbehave (duplicates, late and
// out-of-order deliveries). It produces *intents* (what a client sends, and when); adapter.ts
// performs them against Lugang's public API. No I/O, no clock, no Math.random: the same world,
// options and seed give the same intents, byte for byte (hashed in `hash()`).
import { createHash } from 'node:crypto';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import type { Gateway, Location, Route, RouteLeg } from '../../domain/network/types';
import { Agenda } from './heap';
import { hashUnit, Rng } from './rng';
import type { World, WorldGoodsGroup, WorldSchedule } from './world';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const MINUTE = 60_000;

export type Detail = 'box' | 'train';

export interface TwinOptions {
  readonly seed: number;
  /** Start of simulated time (UTC ms, midnight). */
  readonly startMs: number;
  readonly days: number;
  /** box: every box event (GTIN, LOAD, GBTS, DISC, GTOT); train: train events, reefer boxes only. */
  readonly detail: Detail;
  /** Minutes between GPS positions of a running or waiting train. */
  readonly posEveryMinutes: number;
  /** Minutes between reefer readings. */
  readonly readingEveryMinutes: number;
  /** Probability that a route runs its train on a day (before the seasonal factor). */
  readonly runShare: number;
  /** Return (import) trains per outbound train on a route-day. */
  readonly returnShare: number;
  /** Run the consolidation planner every N days (0: never). */
  readonly consolidateEveryDays: number;
  /** Ask for the load plan of every Nth train (0: never). */
  readonly loadPlanEvery: number;
  /** Device misbehaviour: probabilities per item. */
  readonly duplicateShare: number;
  readonly lateShare: number;
}

export const YEAR_DEFAULTS: Omit<TwinOptions, 'seed' | 'startMs' | 'days'> = {
  detail: 'train',
  posEveryMinutes: 1440,
  readingEveryMinutes: 720,
  runShare: 0.84,
  returnShare: 0.4,
  consolidateEveryDays: 14,
  loadPlanEvery: 50,
  duplicateShare: 0.01,
  lateShare: 0.02,
};

export const LIVE_DEFAULTS: Omit<TwinOptions, 'seed' | 'startMs' | 'days'> = {
  ...YEAR_DEFAULTS,
  detail: 'box',
  posEveryMinutes: 20,
  readingEveryMinutes: 60,
  consolidateEveryDays: 1,
  loadPlanEvery: 1,
};

/** One row of a tenant's booking import (the CSV columns of the booking module). */
export interface BookingRow {
  readonly reference: string;
  readonly containers: readonly string[];
  readonly sizeType: string;
  readonly grossKg: number;
  readonly hsCode: string;
  readonly reeferSetpointC: number | null;
  readonly destination: string;
  readonly readyDate: string;
  readonly dueDate: string;
  readonly priority: number;
  readonly customsMode: string;
}

export type Intent =
  | { readonly kind: 'timetable'; readonly t: number; readonly from: string; readonly days: number }
  | { readonly kind: 'booking'; readonly t: number; readonly org: string; readonly row: BookingRow }
  | { readonly kind: 'cancel'; readonly t: number; readonly departureId: string }
  | { readonly kind: 'consolidate'; readonly t: number; readonly from: string; readonly days: number }
  | { readonly kind: 'loadPlan'; readonly t: number; readonly departureId: string }
  | {
      readonly kind: 'device';
      readonly t: number;
      readonly device: string;
      readonly channel: 'events' | 'readings';
      readonly item: Readonly<Record<string, unknown>>;
    };

/** The zones' tenant enterprises that book in the twin (organizations created at set-up). */
export const TENANTS: ReadonlyArray<{
  id: string;
  kind: 'shipper' | 'forwarder';
  en: string;
  zh: string;
  goods: readonly string[];
}> = [
  {
    id: 'twin-tianshan-steel',
    kind: 'shipper',
    en: 'Tianshan Steel Trading (simulated)',
    zh: '天山钢贸（模拟）',
    goods: ['steel', 'plumbing-building'],
  },
  {
    id: 'twin-redsun-tomato',
    kind: 'shipper',
    en: 'Red Sun Tomato Products (simulated)',
    zh: '红日番茄制品（模拟）',
    goods: ['tomato-food'],
  },
  {
    id: 'twin-junggar-chem',
    kind: 'shipper',
    en: 'Junggar PVC Chemicals (simulated)',
    zh: '准噶尔PVC化工（模拟）',
    goods: ['pvc-chemicals'],
  },
  {
    id: 'twin-silkroad-goods',
    kind: 'forwarder',
    en: 'Silk Road Daily Goods Logistics (simulated)',
    zh: '丝路日用品物流（模拟）',
    goods: ['daily-goods', 'electronics'],
  },
  {
    id: 'twin-kashgar-textile',
    kind: 'shipper',
    en: 'Kashgar Textile & Clothing (simulated)',
    zh: '喀什纺织服装（模拟）',
    goods: ['clothing-textiles'],
  },
  {
    id: 'twin-urumqi-machinery',
    kind: 'shipper',
    en: 'Urumqi Machinery Export (simulated)',
    zh: '乌鲁木齐机械出口（模拟）',
    goods: ['machinery', 'vehicles'],
  },
  {
    id: 'twin-landport-forwarding',
    kind: 'forwarder',
    en: 'Land Port International Forwarding (simulated)',
    zh: '陆港国际货代（模拟）',
    goods: ['plumbing-building', 'daily-goods', 'machinery', 'steel'],
  },
  {
    id: 'twin-hami-coldchain',
    kind: 'shipper',
    en: 'Hami Melon Cold Chain (simulated)',
    zh: '哈密瓜冷链（模拟）',
    goods: ['fruit-vegetables-cold'],
  },
];

/** Share of export TEU by goods group (see docs/simulator.md for what it is calibrated to). */
const EXPORT_MIX: ReadonlyArray<readonly [string, number]> = [
  ['steel', 18],
  ['tomato-food', 9],
  ['pvc-chemicals', 12],
  ['daily-goods', 16],
  ['clothing-textiles', 14],
  ['machinery', 11],
  ['plumbing-building', 10],
  ['electronics', 6],
  ['vehicles', 4],
];
const IMPORT_MIX: ReadonlyArray<readonly [string, number]> = [
  ['mineral-products', 26],
  ['edible-oil', 18],
  ['wheat-grain', 20],
  ['metals', 12],
  ['raw-materials', 12],
  ['european-consumer', 8],
  ['meat-dairy-cold', 2],
];
/** Gross kg per FEU [low, high) by goods group; a 20' box carries 60–85 % of it. */
const KG_PER_FEU: Readonly<Record<string, readonly [number, number]>> = {
  steel: [25_000, 28_500],
  'tomato-food': [24_000, 27_500],
  'pvc-chemicals': [21_000, 26_000],
  'daily-goods': [9_000, 15_000],
  'clothing-textiles': [7_000, 12_000],
  machinery: [12_000, 22_000],
  'plumbing-building': [15_000, 24_000],
  electronics: [8_000, 14_000],
  vehicles: [12_000, 18_000],
  'mineral-products': [26_000, 28_500],
  'edible-oil': [24_000, 26_500],
  'wheat-grain': [25_000, 27_500],
  metals: [26_000, 28_500],
  'raw-materials': [20_000, 26_000],
  'european-consumer': [10_000, 18_000],
  'meat-dairy-cold': [22_000, 26_000],
  'fruit-vegetables-cold': [22_000, 25_500],
};
/** Heavy goods travel partly in 20' boxes (in pairs). */
const TWENTY_FOOT_SHARE: Readonly<Record<string, number>> = {
  steel: 0.35,
  'tomato-food': 0.4,
  'mineral-products': 0.5,
  'wheat-grain': 0.3,
  metals: 0.4,
};
/** Hami melons: in season June–September; 3.5 °C (cold storage 3–4 °C). */
const MELON_SETPOINT_C = 3.5;
const MELON_ROUTES = new Set(['URM-ALA', 'URM-AST', 'URM-FRU', 'URM-TAS', 'URM-MOW', 'URM-OVB', 'URM-MSQ']);
const FROZEN_SETPOINT_C = -18;

const OWNERS = ['CSQU', 'TGHU', 'SEGU', 'BMOU', 'CRXU', 'TCNU', 'FCIU', 'CBHU', 'TEMU', 'GESU'];
const REEFER_OWNERS = ['SZLU', 'CXRU', 'TRIU'];

/**
 * The trains' GPS trackers report through one telematics gateway (a railway's train-tracking feed),
 * the reefer controllers through their provider's: one device each, as such gateways do.
 */
export const TRAIN_FEED = 'twin-train-trackers';
export const REEFER_FEED = 'twin-reefer-telematics';

/** Days before a departure the twin's tenants book and start delivering to the yard. */
const BOOKING_LEAD_DAYS = 3;

interface Box {
  readonly number: string;
  readonly sizeType: string;
  readonly teu: number;
  readonly kg: number;
  readonly group: string;
  readonly reefer: { setpointC: number; device: string } | null;
}

interface Train {
  readonly id: string;
  readonly routeId: string;
  readonly line: string;
  readonly direction: 'outbound' | 'inbound';
  readonly legs: readonly RouteLeg[];
  readonly boxes: Box[];
  teu: number;
  kg: number;
  gps: string;
  readonly departMs: number;
  /** Ordered TRANSPORT/POS times as created (for the invariant tests). */
  lastEventMs: number;
}

type AgendaItem =
  | { t: number; kind: 'day'; day: number }
  | { t: number; kind: 'load'; train: Train }
  | { t: number; kind: 'depart'; train: Train }
  | { t: number; kind: 'leave'; queue: string }
  | { t: number; kind: 'reading'; box: Box }
  | { t: number; kind: 'unplug'; box: Box }
  | { t: number; kind: 'node'; train: Train; leg: number }
  | { t: number; kind: 'send'; intent: Intent }
  | { t: number; kind: 'gtot'; box: Box };

export interface GatewayDayUse {
  readonly gateway: string;
  readonly direction: 'outbound' | 'inbound';
  readonly day: number;
  readonly used: number;
  readonly capacity: number;
}

export interface TwinSummary {
  readonly seed: number;
  readonly start: string;
  readonly days: number;
  readonly detail: Detail;
  readonly trains: {
    readonly outbound: number;
    readonly inbound: number;
    readonly arrived: number;
    readonly byRoute: Readonly<Record<string, number>>;
    readonly returnByRoute: Readonly<Record<string, number>>;
  };
  readonly teu: { readonly outbound: number; readonly inbound: number };
  readonly teuByGoods: Readonly<Record<string, number>>;
  readonly bookings: number;
  readonly boxes: number;
  readonly events: { readonly total: number; readonly byType: Readonly<Record<string, number>> };
  readonly readings: number;
  readonly misbehaviour: { readonly duplicates: number; readonly late: number };
  readonly alarms: { readonly reeferExcursions: number; readonly powerLosses: number };
  readonly gateways: Readonly<
    Record<
      string,
      { trains: number; maxQueue: number; meanWaitHours: number; maxWaitHours: number; reducedDays: number }
    >
  >;
  readonly hash: string;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);
const compactDate = (ms: number) => isoDate(ms).replaceAll('-', '');

function gaugeOf(leg: RouteLeg): number | null {
  return leg.mode === 'rail-1435' ? 1435 : leg.mode === 'rail-1520' ? 1520 : null;
}

function reverse(legs: readonly RouteLeg[]): RouteLeg[] {
  return [...legs].reverse().map((l) => ({ ...l, from: l.to, to: l.from }));
}

/** `URM-DUI` → `DUI-URM`: the line name of a return train. */
export function returnLine(routeId: string): string {
  const parts = routeId.split('-');
  return parts.length === 2 ? `${parts[1]}-${parts[0]}` : `${routeId}-R`;
}

export class Twin {
  readonly options: TwinOptions;
  readonly endMs: number;
  private readonly world: World;
  private readonly rng: Rng;
  private readonly agenda = new Agenda<AgendaItem>();
  private readonly locations: ReadonlyMap<string, Location>;
  private readonly schedules: ReadonlyMap<string, WorldSchedule>;
  private readonly goods: ReadonlyMap<string, WorldGoodsGroup>;
  private readonly gatewayBySide = new Map<string, Gateway>();
  private readonly runTag: string;
  private readonly seqBase: number;
  private readonly deviceSeq = new Map<string, number>();
  private readonly serials = new Map<string, number>();
  private bookingCounter = 0;
  private trainCounter = 0;
  private readonly hasher = createHash('sha256');
  private now: number;
  /** (gateway|direction|day) → slots used; capacity by the same key. */
  private readonly slotUse = new Map<string, number>();
  private readonly slotCap = new Map<string, number>();
  private readonly slotTrains = new Map<string, number>();
  private readonly queues = new Map<string, number>();
  private readonly devices = new Set<string>();
  private readonly s = {
    out: 0,
    in: 0,
    arrived: 0,
    byRoute: {} as Record<string, number>,
    returnByRoute: {} as Record<string, number>,
    teuOut: 0,
    teuIn: 0,
    teuByGoods: {} as Record<string, number>,
    bookings: 0,
    boxes: 0,
    events: 0,
    byType: {} as Record<string, number>,
    readings: 0,
    duplicates: 0,
    late: 0,
    excursions: 0,
    powerLosses: 0,
    gw: {} as Record<
      string,
      { trains: number; maxQueue: number; waitMs: number; maxWaitMs: number; reducedDays: number }
    >,
  };

  constructor(world: World, options: TwinOptions) {
    if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)
      throw new RangeError('seed must be an integer 0…4294967295');
    if (options.startMs % DAY !== 0) throw new RangeError('startMs must be a UTC midnight');
    this.world = world;
    this.options = options;
    this.rng = new Rng(options.seed);
    this.now = options.startMs;
    this.endMs = options.startMs + options.days * DAY;
    this.locations = new Map(world.locations.map((l) => [l.id, l]));
    this.schedules = new Map(world.schedules.map((s) => [s.routeId, s]));
    this.goods = new Map(world.goods.map((g) => [g.id, g]));
    for (const g of world.gateways) for (const side of g.sides) this.gatewayBySide.set(side, g);
    this.runTag = `tw${options.seed.toString(36)}-${iso(options.startMs).slice(0, 10).replaceAll('-', '')}`;
    // Readings are stored once per (device, seq): a later run must not reuse an earlier run's seqs.
    this.seqBase = Math.floor(options.startMs / 1000) * 1000;
    for (let d = 0; d < options.days; d++)
      this.agenda.push({ t: options.startMs + d * DAY, kind: 'day', day: d });
    this.send(options.startMs, {
      kind: 'timetable',
      t: options.startMs,
      from: isoDate(options.startMs),
      days: 60,
    });
  }

  /** Simulated time reached. */
  get time(): number {
    return this.now;
  }

  get done(): boolean {
    return this.agenda.size === 0;
  }

  /** Device ids the twin has used so far. */
  deviceIds(): string[] {
    return [...this.devices].sort();
  }

  /** Runs the agenda up to `untilMs` (inclusive) and returns what is sent meanwhile, in order. */
  advance(untilMs: number): Intent[] {
    const out: Intent[] = [];
    for (;;) {
      const t = this.agenda.peekTime();
      if (t === undefined || t > untilMs) break;
      const item = this.agenda.pop()!;
      this.now = item.t;
      switch (item.kind) {
        case 'send':
          this.log(item.intent);
          out.push(item.intent);
          break;
        case 'day':
          this.onDay(item.day);
          break;
        case 'load':
          this.onLoad(item.train);
          break;
        case 'depart':
          this.onDepart(item.train);
          break;
        case 'leave':
          this.queues.set(item.queue, (this.queues.get(item.queue) ?? 1) - 1);
          break;
        case 'reading':
          this.onReading(item.box);
          break;
        case 'unplug':
          this.reefers.delete(item.box.number);
          break;
        case 'node':
          this.onNode(item.train, item.leg);
          break;
        case 'gtot':
          this.boxEvent('twin-yard-urumqi', item.t, 'GTOT', item.box, {
            location: this.code(this.world.origin),
          });
          break;
      }
    }
    if (Number.isFinite(untilMs) && untilMs > this.now) this.now = untilMs;
    return out;
  }

  /** Every remaining intent (for runs at maximum speed). */
  runToEnd(): Intent[] {
    return this.advance(Number.POSITIVE_INFINITY);
  }

  /** Capacity and use of every (gateway, direction, day) that saw a train. */
  gatewayUse(): GatewayDayUse[] {
    const out: GatewayDayUse[] = [];
    for (const [key, used] of this.slotTrains) {
      const [gateway, direction, day] = key.split('|') as [string, 'outbound' | 'inbound', string];
      out.push({ gateway, direction, day: Number(day), used, capacity: this.slotCap.get(key) ?? 0 });
    }
    return out.sort((a, b) => a.gateway.localeCompare(b.gateway) || a.day - b.day);
  }

  hash(): string {
    return this.hasher.copy().digest('hex');
  }

  summary(): TwinSummary {
    const s = this.s;
    const gateways: Record<string, TwinSummary['gateways'][string]> = {};
    for (const id of Object.keys(s.gw).sort()) {
      const g = s.gw[id]!;
      gateways[id] = {
        trains: g.trains,
        maxQueue: g.maxQueue,
        meanWaitHours: g.trains ? r1(g.waitMs / g.trains / HOUR) : 0,
        maxWaitHours: r1(g.maxWaitMs / HOUR),
        reducedDays: g.reducedDays,
      };
    }
    return {
      seed: this.options.seed,
      start: isoDate(this.options.startMs),
      days: this.options.days,
      detail: this.options.detail,
      trains: {
        outbound: s.out,
        inbound: s.in,
        arrived: s.arrived,
        byRoute: sortKeys(s.byRoute),
        returnByRoute: sortKeys(s.returnByRoute),
      },
      teu: { outbound: s.teuOut, inbound: s.teuIn },
      teuByGoods: sortKeys(s.teuByGoods),
      bookings: s.bookings,
      boxes: s.boxes,
      events: { total: s.events, byType: sortKeys(s.byType) },
      readings: s.readings,
      misbehaviour: { duplicates: s.duplicates, late: s.late },
      alarms: { reeferExcursions: s.excursions, powerLosses: s.powerLosses },
      gateways,
      hash: this.hash(),
    };
  }

  // ------------------------------------------------------------------ what happens

  private onDay(day: number): void {
    const t = this.options.startMs + day * DAY;
    if (day > 0 && day % 30 === 0) this.send(t, { kind: 'timetable', t, from: isoDate(t), days: 60 });
    // Day 0 also books the trains of the first days (they were booked before the twin started).
    const first = day === 0 ? 0 : day + BOOKING_LEAD_DAYS;
    for (let d = first; d <= day + BOOKING_LEAD_DAYS; d++) {
      if (d >= this.options.days) break;
      this.planDay(d, t);
    }
    const every = this.options.consolidateEveryDays;
    if (every > 0 && day % every === 0) {
      const at = t + 30 * MINUTE;
      this.send(at, { kind: 'consolidate', t: at, from: isoDate(t), days: Math.max(every, 7) });
    }
  }

  /** Seasonal factor of demand: a little more in autumn and before the spring festival. */
  private season(dayMs: number): number {
    const doy = Math.floor((dayMs - Date.UTC(new Date(dayMs).getUTCFullYear(), 0, 1)) / DAY);
    return 1 + 0.08 * Math.sin(((doy - 200) / 365) * 2 * Math.PI);
  }

  private planDay(d: number, bookAt: number): void {
    const dayMs = this.options.startMs + d * DAY;
    const p = Math.min(0.98, this.options.runShare * this.season(dayMs));
    for (const route of this.world.routes) {
      const schedule = this.schedules.get(route.id);
      if (!schedule) continue;
      const id = `${route.id}-${compactDate(dayMs)}`;
      if (this.rng.chance(p)) {
        const departMs = dayMs + HOUR + Math.floor(this.rng.range(0, 22) * 60) * MINUTE;
        this.formOutbound(route, schedule, id, departMs, bookAt);
      } else {
        this.send(bookAt + 2 * HOUR, { kind: 'cancel', t: bookAt + 2 * HOUR, departureId: id });
      }
      if (this.rng.chance(this.options.returnShare)) {
        const line = returnLine(route.id);
        const departMs = dayMs + Math.floor(this.rng.range(0, 24) * 60) * MINUTE;
        this.formInbound(route, schedule, `${line}-${compactDate(dayMs)}`, line, departMs);
      }
    }
  }

  private melonSeason(ms: number): boolean {
    const m = new Date(ms).getUTCMonth();
    return m >= 5 && m <= 8;
  }

  private formOutbound(route: Route, schedule: WorldSchedule, id: string, departMs: number, bookAt: number) {
    const train: Train = {
      id,
      routeId: route.id,
      line: route.id,
      direction: 'outbound',
      legs: route.legs,
      boxes: [],
      teu: 0,
      kg: 0,
      gps: '',
      departMs,
      lastEventMs: 0,
    };
    const targetTeu = Math.min(
      schedule.capacityTeu,
      Math.max(schedule.minTeu, Math.round(schedule.capacityTeu * this.rng.range(0.86, 1.0))),
    );
    const bookings: Array<{ org: string; row: BookingRow }> = [];
    // Hami melons first, in season, on the routes that take them.
    if (this.melonSeason(departMs) && MELON_ROUTES.has(route.id) && this.rng.chance(0.45)) {
      const n = this.rng.int(3, 8);
      const b = this.makeBooking(
        train,
        schedule,
        'fruit-vegetables-cold',
        n,
        '45R1',
        MELON_SETPOINT_C,
        departMs,
      );
      if (b) bookings.push(b);
    }
    let misses = 0;
    while (train.teu < targetTeu && misses < 6) {
      const group = this.rng.weighted(EXPORT_MIX);
      const twenty = this.rng.chance(TWENTY_FOOT_SHARE[group] ?? 0);
      const room = targetTeu - train.teu;
      const sizeType = twenty ? '22G1' : this.rng.chance(0.6) ? '45G1' : '42G1';
      const teuEach = twenty ? 1 : 2;
      let n = twenty ? 2 * this.rng.int(2, 8) : this.rng.int(3, 16);
      n = Math.min(n, Math.floor(room / teuEach));
      if (twenty) n -= n % 2;
      if (n <= 0) {
        misses++;
        continue;
      }
      const b = this.makeBooking(train, schedule, group, n, sizeType, null, departMs);
      if (b) bookings.push(b);
      else misses++;
    }
    if (train.teu < schedule.minTeu * 0.5 || train.boxes.length === 0) {
      // Not enough cargo for a train: the departure is cancelled, the bookings were never made.
      this.send(bookAt + 2 * HOUR, { kind: 'cancel', t: bookAt + 2 * HOUR, departureId: id });
      return;
    }
    for (const b of bookings) {
      const at = bookAt + Math.floor(this.rng.range(0, 20) * 60) * MINUTE;
      this.send(at, { kind: 'booking', t: at, org: b.org, row: b.row });
      this.s.bookings++;
      // Boxes reach the assembly center's yard between the booking and the loading.
      if (this.options.detail === 'box') {
        for (const number of b.row.containers) {
          const box = train.boxes.find((x) => x.number === number)!;
          const gateIn = at + 2 * HOUR + this.rng.range(0, Math.max(HOUR, departMs - at - 8 * HOUR));
          this.boxEvent('twin-yard-urumqi', Math.floor(gateIn / MINUTE) * MINUTE, 'GTIN', box, {
            location: this.code(this.world.origin),
          });
        }
      }
    }
    this.s.out++;
    this.s.byRoute[route.id] = (this.s.byRoute[route.id] ?? 0) + 1;
    this.s.teuOut += train.teu;
    this.trainCounter++;
    if (this.options.loadPlanEvery > 0 && this.trainCounter % this.options.loadPlanEvery === 0) {
      const at = departMs - 6 * HOUR;
      this.send(at, { kind: 'loadPlan', t: at, departureId: id });
    }
    this.agenda.push({ t: departMs - 4 * HOUR, kind: 'load', train });
    this.agenda.push({ t: departMs, kind: 'depart', train });
  }

  private formInbound(route: Route, schedule: WorldSchedule, id: string, line: string, departMs: number) {
    const train: Train = {
      id,
      routeId: route.id,
      line,
      direction: 'inbound',
      legs: reverse(route.legs),
      boxes: [],
      teu: 0,
      kg: 0,
      gps: '',
      departMs,
      lastEventMs: 0,
    };
    const europe = route.legs.some((l) => l.mode === 'rail-1435') && route.transitDays >= 9;
    const mix = IMPORT_MIX.filter(([g]) => (g !== 'european-consumer' && g !== 'meat-dairy-cold') || europe);
    const targetTeu = Math.round(schedule.capacityTeu * this.rng.range(0.55, 0.95));
    let misses = 0;
    while (train.teu < targetTeu && misses < 6) {
      const group = this.rng.weighted(mix);
      const cold = group === 'meat-dairy-cold';
      const twenty = !cold && this.rng.chance(TWENTY_FOOT_SHARE[group] ?? 0);
      const teuEach = twenty ? 1 : 2;
      const n = Math.min(
        twenty ? 2 * this.rng.int(1, 6) : this.rng.int(1, 10),
        Math.floor((targetTeu - train.teu) / teuEach),
      );
      if (n <= 0 || (twenty && n % 2 === 1)) {
        misses++;
        continue;
      }
      const sizeType = cold ? '45R1' : twenty ? '22G1' : '42G1';
      const kgRange = KG_PER_FEU[group] ?? [15_000, 25_000];
      const before = train.boxes.length;
      for (let i = 0; i < n; i++) {
        const kg = Math.round(
          this.rng.range(kgRange[0], kgRange[1]) * (twenty ? this.rng.range(0.6, 0.85) : 1),
        );
        if (train.kg + kg > schedule.capacityKg) break;
        const box = this.newBox(sizeType, kg, group, cold ? FROZEN_SETPOINT_C : null);
        train.boxes.push(box);
        train.teu += box.teu;
        train.kg += kg;
        this.s.teuByGoods[group] = (this.s.teuByGoods[group] ?? 0) + box.teu;
      }
      if (train.boxes.length === before) misses++;
    }
    if (train.boxes.length === 0) return;
    this.s.in++;
    this.s.returnByRoute[line] = (this.s.returnByRoute[line] ?? 0) + 1;
    this.s.teuIn += train.teu;
    this.s.boxes += train.boxes.length;
    this.agenda.push({ t: departMs - 4 * HOUR, kind: 'load', train });
    this.agenda.push({ t: departMs, kind: 'depart', train });
  }

  private makeBooking(
    train: Train,
    schedule: WorldSchedule,
    groupId: string,
    count: number,
    sizeType: string,
    setpointC: number | null,
    departMs: number,
  ): { org: string; row: BookingRow } | null {
    const group = this.goods.get(groupId);
    if (!group || group.headings.length === 0) return null;
    const kgRange = KG_PER_FEU[groupId] ?? [15_000, 25_000];
    const twenty = sizeType.startsWith('2');
    const boxes: Box[] = [];
    let kg = 0;
    for (let i = 0; i < count; i++) {
      const k = Math.round(this.rng.range(kgRange[0], kgRange[1]) * (twenty ? this.rng.range(0.6, 0.85) : 1));
      boxes.push(this.newBox(sizeType, Math.min(k, 32_500), groupId, setpointC));
      kg += boxes[boxes.length - 1]!.kg;
    }
    if (twenty && boxes.length % 2 === 1) boxes.pop();
    const teu = boxes.reduce((a, b) => a + b.teu, 0);
    kg = boxes.reduce((a, b) => a + b.kg, 0);
    if (boxes.length === 0 || train.kg + kg > schedule.capacityKg || train.teu + teu > schedule.capacityTeu)
      return null;
    const tenants = TENANTS.filter((t) => t.goods.includes(groupId));
    const tenant = this.rng.pick(tenants.length ? tenants : TENANTS);
    train.boxes.push(...boxes);
    train.teu += teu;
    train.kg += kg;
    this.s.boxes += boxes.length;
    this.s.teuByGoods[groupId] = (this.s.teuByGoods[groupId] ?? 0) + teu;
    this.bookingCounter++;
    const route = this.world.routes.find((r) => r.id === train.routeId)!;
    return {
      org: tenant.id,
      row: {
        reference: `${this.runTag}-${this.bookingCounter}`.toUpperCase(),
        containers: boxes.map((b) => b.number),
        sizeType,
        grossKg: kg,
        hsCode: this.rng.pick(group.headings),
        reeferSetpointC: setpointC,
        destination: route.destination,
        readyDate: isoDate(departMs - 2 * DAY),
        dueDate: isoDate(departMs + Math.ceil(route.transitDays + 7) * DAY),
        priority: setpointC === null ? this.rng.int(2, 4) : 5,
        customsMode: this.rng.chance(0.06) ? '9810' : this.rng.chance(0.04) ? '9710' : 'general',
      },
    };
  }

  private newBox(sizeType: string, kg: number, group: string, setpointC: number | null): Box {
    const reefer = setpointC !== null;
    const owner = reefer ? this.rng.pick(REEFER_OWNERS) : this.rng.pick(OWNERS);
    const serial = ((this.serials.get(owner) ?? this.options.seed % 500_000) + 1) % 1_000_000;
    this.serials.set(owner, serial);
    const first10 = `${owner}${String(serial).padStart(6, '0')}`;
    return {
      number: `${first10}${computeCheckDigit(first10)}`,
      sizeType,
      teu: sizeType.startsWith('2') ? 1 : 2,
      kg,
      group,
      reefer: reefer ? { setpointC, device: '' } : null,
    };
  }

  // ------------------------------------------------------------------ trains on the move

  /** Loading at the assembly center (or the foreign terminal): the last hours before departure. */
  private onLoad(train: Train): void {
    const first = train.legs[0]!;
    const code = this.code(first.from);
    const device = train.direction === 'outbound' ? 'twin-yard-urumqi' : 'twin-yard-abroad';
    const start = this.now;
    train.boxes.forEach((box, i) => {
      const t = start + Math.floor(((3 * HOUR) / Math.max(1, train.boxes.length)) * i);
      if (box.reefer) this.startReefer(train, box, t);
      if (this.options.detail === 'box' || box.reefer)
        this.boxEvent(device, t, 'LOAD', box, { location: code, trainReference: train.id });
    });
  }

  private onDepart(train: Train): void {
    train.gps = TRAIN_FEED;
    const first = train.legs[0]!;
    const at = train.departMs;
    this.transport(train, at, 'DEPA', first.from);
    this.runLeg(train, 0, at);
  }

  /** Schedules the positions along leg `i` starting at `startMs`, and the arrival at its end. */
  private runLeg(train: Train, i: number, startMs: number): void {
    const leg = train.legs[i]!;
    const jitter = leg.mode === 'ferry' ? this.rng.range(1.0, 1.5) : this.rng.range(1.0, 1.25);
    const duration = Math.max(10 * MINUTE, Math.round(leg.hours * jitter * HOUR));
    const a = this.locations.get(leg.from);
    const b = this.locations.get(leg.to);
    const step = this.options.posEveryMinutes * MINUTE;
    if (a && b) {
      for (let t = startMs + step; t < startMs + duration; t += step) {
        const f = (t - startMs) / duration;
        this.position(train, t, a.lat + (b.lat - a.lat) * f, a.lon + (b.lon - a.lon) * f);
      }
    }
    this.agenda.push({ t: startMs + duration, kind: 'node', train, leg: i });
  }

  private onNode(train: Train, i: number): void {
    const arrived = this.now;
    const leg = train.legs[i]!;
    const node = leg.to;
    const loc = this.locations.get(node);
    const next = train.legs[i + 1];
    const box = this.options.detail === 'box';
    if (loc && box) this.position(train, arrived, loc.lat, loc.lon);
    if (!next) {
      this.arrive(train, arrived, node);
      return;
    }
    let t = arrived;
    let stopped = false;
    const gateway = this.gatewayBySide.get(node);
    // A border gateway: the train queues on this side for a slot of the day's quota, then crosses.
    if (gateway?.border && gateway.sides.includes(next.to)) {
      const direction = node === gateway.sides[0] ? 'outbound' : 'inbound';
      this.transport(train, t, 'ARRI', node);
      stopped = true;
      const start = this.takeSlot(gateway, direction, t);
      this.waitAt(train, node, t, start);
      t = start;
    }
    // A gauge break: every box is craned onto a wagon of the other gauge.
    const before = this.lastGauge(train.legs, i);
    const after = gaugeOf(next);
    if (before !== null && after !== null && before !== after) {
      if (!stopped) this.transport(train, t, 'ARRI', node);
      stopped = true;
      const hours = this.gatewayBySide.get(node)?.transshipmentHours ?? 8;
      const duration = Math.round(hours * this.rng.range(0.75, 1.25) * HOUR);
      const n = train.boxes.length;
      const code = this.code(node);
      const device = `twin-yard-${(this.gatewayBySide.get(node)?.id ?? 'gb').toLowerCase()}`;
      train.boxes.forEach((box, k) => {
        if (this.options.detail === 'box' || box.reefer) {
          const bt = t + Math.floor((duration / Math.max(1, n)) * (k + 0.5));
          this.boxEvent(device, bt, 'GBTS', box, {
            location: code,
            trainReference: train.id,
            transshipment: { fromGaugeMm: before, toGaugeMm: after },
          });
        }
      });
      this.waitAt(train, node, t, t + duration);
      t += duration;
    } else if (next.mode === 'ferry' || leg.mode === 'ferry') {
      // A ferry port: wait for the vessel, or for the train on the far shore.
      if (!stopped && box) this.transport(train, t, 'ARRI', node);
      stopped = box;
      const wait = Math.round((next.mode === 'ferry' ? this.rng.range(6, 30) : this.rng.range(3, 8)) * HOUR);
      this.waitAt(train, node, t, t + wait);
      t += wait;
    } else if (loc?.destination && !stopped) {
      // An intermediate destination city: a short stop.
      if (box) this.transport(train, t, 'ARRI', node);
      stopped = box;
      const wait = Math.round(this.rng.range(2, 5) * HOUR);
      this.waitAt(train, node, t, t + wait);
      t += wait;
    }
    if (stopped) this.transport(train, t, 'DEPA', node);
    this.runLeg(train, i + 1, t);
  }

  private lastGauge(legs: readonly RouteLeg[], i: number): number | null {
    for (let k = i; k >= 0; k--) {
      const g = gaugeOf(legs[k]!);
      if (g !== null) return g;
    }
    return null;
  }

  /** Positions while standing (queueing, transshipping, waiting for a ferry). */
  private waitAt(train: Train, node: string, from: number, to: number): void {
    const loc = this.locations.get(node);
    if (!loc) return;
    const step = this.options.posEveryMinutes * MINUTE;
    for (let t = from + step; t < to; t += step) this.position(train, t, loc.lat, loc.lon);
  }

  private takeSlot(gateway: Gateway, direction: 'outbound' | 'inbound', arrived: number): number {
    const stats = this.s.gw[gateway.id] ?? {
      trains: 0,
      maxQueue: 0,
      waitMs: 0,
      maxWaitMs: 0,
      reducedDays: 0,
    };
    this.s.gw[gateway.id] = stats;
    let day = Math.floor((arrived - this.options.startMs) / DAY);
    for (;;) {
      const key = `${gateway.id}|${direction}|${day}`;
      let cap = this.slotCap.get(key);
      if (cap === undefined) {
        cap = this.capacity(gateway, direction, day);
        this.slotCap.set(key, cap);
        if (cap < Math.floor(gateway.trainsPerDay[direction])) stats.reducedDays++;
      }
      const used = this.slotUse.get(key) ?? 0;
      const dayStart = this.options.startMs + day * DAY;
      const interval = DAY / Math.max(1, cap);
      // Slots of the day lie evenly over it; those already past when the train arrives are lost.
      const firstUsable = Math.max(used, Math.ceil((arrived - dayStart) / interval - 0.5));
      if (firstUsable < cap) {
        this.slotUse.set(key, firstUsable + 1);
        this.slotTrains.set(key, (this.slotTrains.get(key) ?? 0) + 1);
        const start = Math.max(arrived, dayStart + Math.floor((firstUsable + 0.5) * interval));
        const wait = start - arrived;
        stats.trains++;
        stats.waitMs += wait;
        stats.maxWaitMs = Math.max(stats.maxWaitMs, wait);
        const qKey = `${gateway.id}|${direction}`;
        const queue = (this.queues.get(qKey) ?? 0) + 1;
        this.queues.set(qKey, queue);
        stats.maxQueue = Math.max(stats.maxQueue, queue);
        this.agenda.push({ t: start, kind: 'leave', queue: qKey });
        return start;
      }
      day++;
    }
  }

  /** A gateway's quota of a day: its trains per day, reduced on some days (wind, works, congestion). */
  private capacity(gateway: Gateway, direction: 'outbound' | 'inbound', day: number): number {
    const base = Math.floor(gateway.trainsPerDay[direction]);
    const u = hashUnit(this.options.seed, `${gateway.id}|${direction}|${day}`);
    // Alashankou's pass is known for gales; both ports close track for works on some days.
    const reducedShare = gateway.id === 'AKL' ? 0.1 : 0.06;
    if (u < reducedShare) return Math.max(1, Math.floor(base * (0.3 + 3 * u)));
    return base;
  }

  private arrive(train: Train, t: number, node: string): void {
    this.transport(train, t, 'ARRI', node);
    this.s.arrived++;
    const code = this.code(node);
    const inbound = train.direction === 'inbound';
    const device = inbound ? 'twin-yard-urumqi' : 'twin-yard-abroad';
    train.boxes.forEach((box, k) => {
      const bt = t + HOUR + Math.floor(((5 * HOUR) / Math.max(1, train.boxes.length)) * k);
      if (this.options.detail === 'box' || box.reefer) {
        this.boxEvent(device, bt, 'DISC', box, { location: code, trainReference: train.id });
        if (inbound && this.options.detail === 'box')
          this.agenda.push({ t: bt + Math.floor(this.rng.range(8, 96) * HOUR), kind: 'gtot', box });
      }
      if (box.reefer) this.stopReefer(box, bt);
    });
  }

  // ------------------------------------------------------------------ reefers

  private readonly reefers = new Map<
    string,
    { tempC: number; excursion: readonly [number, number] | null; loadedMs: number }
  >();

  private startReefer(train: Train, box: Box, t: number): void {
    if (!box.reefer) return;
    box.reefer.device = REEFER_FEED;
    const transit = train.legs.reduce((a, l) => a + l.hours, 0) * HOUR;
    let excursion: [number, number] | null = null;
    if (this.rng.chance(0.12)) {
      const s = t + Math.floor(this.rng.range(0.1, 0.7) * transit);
      excursion = [s, s + Math.floor(this.rng.range(2, 10) * HOUR)];
      this.s.excursions++;
      this.s.powerLosses++;
      this.iot(box.reefer.device, excursion[0], 'PWL', box);
      this.iot(box.reefer.device, excursion[1], 'PWR', box);
    }
    this.reefers.set(box.number, { tempC: box.reefer.setpointC + 1.5, excursion, loadedMs: t });
    this.agenda.push({ t, kind: 'reading', box });
  }

  /** One reading of a reefer controller; the next one follows until the box is discharged. */
  private onReading(box: Box): void {
    const state = this.reefers.get(box.number);
    if (!state || !box.reefer) return;
    const t = this.now;
    const setpoint = box.reefer.setpointC;
    const ex = state.excursion;
    let temp: number;
    if (ex && t >= ex[0] && t <= ex[1] + 12 * HOUR) {
      const rise = Math.min(8, (0.7 * (Math.min(t, ex[1]) - ex[0])) / HOUR);
      const fall = Math.max(0, t - ex[1]) / HOUR;
      temp = setpoint + Math.max(0, rise - fall) + 0.1 * this.rng.normal();
      state.tempC = temp;
    } else {
      state.tempC += (setpoint - state.tempC) * 0.5 + 0.15 * this.rng.normal();
      temp = state.tempC;
    }
    const humidity = setpoint > 0 ? 85 + this.rng.int(0, 8) : 60 + this.rng.int(0, 10);
    this.deviceItem(box.reefer.device, t, 'readings', (seq) => ({
      seq,
      time: iso(t),
      equipment: box.number,
      temperatureC: r1(temp),
      setpointC: setpoint,
      humidityPct: humidity,
    }));
    this.s.readings++;
    this.agenda.push({ t: t + this.options.readingEveryMinutes * MINUTE, kind: 'reading', box });
  }

  private stopReefer(box: Box, t: number): void {
    if (!box.reefer || !this.reefers.has(box.number)) return;
    // The controller reports up to the discharge, then is taken off the box.
    this.agenda.push({ t, kind: 'reading', box });
    this.agenda.push({ t: t + 1, kind: 'unplug', box });
  }

  // ------------------------------------------------------------------ devices and sending

  /** UN/LOCODE-shaped code of a network location (its UN/LOCODE, else its 5-character id). */
  code(id: string): string {
    const loc = this.locations.get(id);
    if (loc?.unlocode) return loc.unlocode;
    return /^[A-Z]{2}[A-Z2-9]{3}$/.test(id) ? id : id.slice(0, 5);
  }

  private transport(train: Train, t: number, code: 'DEPA' | 'ARRI', node: string): void {
    train.lastEventMs = t;
    this.deviceItem(train.gps, t, 'events', (_seq, eventId) => ({
      eventId,
      eventType: 'TRANSPORT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(t),
      transportEventTypeCode: code,
      trainReference: train.id,
      location: this.code(node),
    }));
    this.count(`TRANSPORT.${code}`);
  }

  private position(train: Train, t: number, lat: number, lon: number): void {
    this.deviceItem(train.gps, t, 'events', (_seq, eventId) => ({
      eventId,
      eventType: 'IOT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(t),
      iotEventTypeCode: 'POS',
      trainReference: train.id,
      position: { lat: r4(lat), lon: r4(lon) },
    }));
    this.count('IOT.POS');
  }

  private iot(device: string, t: number, code: 'PWL' | 'PWR', box: Box): void {
    this.deviceItem(device, t, 'events', (_seq, eventId) => ({
      eventId,
      eventType: 'IOT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(t),
      iotEventTypeCode: code,
      equipmentReference: box.number,
    }));
    this.count(`IOT.${code}`);
  }

  private boxEvent(device: string, t: number, code: string, box: Box, extra: Record<string, unknown>): void {
    this.deviceItem(device, t, 'events', (_seq, eventId) => ({
      eventId,
      eventType: 'EQUIPMENT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(t),
      equipmentEventTypeCode: code,
      equipmentReference: box.number,
      emptyIndicatorCode: 'LADEN',
      ...extra,
    }));
    this.count(`EQUIPMENT.${code}`);
  }

  private count(type: string): void {
    this.s.byType[type] = (this.s.byType[type] ?? 0) + 1;
    this.s.events++;
  }

  /**
   * An item a device sends about a moment `t`. Devices misbehave as real ones do: some items are sent
   * twice, some hours late (store-and-forward after a dead spot), which also puts them out of order.
   */
  private deviceItem(
    device: string,
    t: number,
    channel: 'events' | 'readings',
    make: (seq: number, eventId: string) => Record<string, unknown>,
  ): void {
    this.devices.add(device);
    const n = (this.deviceSeq.get(device) ?? 0) + 1;
    this.deviceSeq.set(device, n);
    const item = make(this.seqBase + n, `${this.runTag}-${device.slice(5)}-${n}`);
    let sendAt = t;
    if (this.rng.chance(this.options.lateShare)) {
      sendAt = t + Math.floor(this.rng.range(1, 6) * HOUR);
      this.s.late++;
    }
    this.send(sendAt, { kind: 'device', t: sendAt, device, channel, item });
    if (this.rng.chance(this.options.duplicateShare)) {
      const again = sendAt + Math.floor(this.rng.range(1, 30)) * MINUTE;
      this.send(again, { kind: 'device', t: again, device, channel, item });
      this.s.duplicates++;
    }
  }

  private send(at: number, intent: Intent): void {
    // Nothing is sent before the twin's present (items of the past go out now).
    const t = Math.max(at, this.now);
    this.agenda.push({ t, kind: 'send', intent: t === intent.t ? intent : { ...intent, t } });
  }

  private log(intent: Intent): void {
    this.hasher.update(JSON.stringify(intent));
    this.hasher.update('\n');
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}
