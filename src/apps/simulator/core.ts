// The twin's discrete-event core (pure): a seeded agenda of simulated time that decides what the
// port's clients do — tenants book cargo, trains are formed, loaded, depart, run their legs with GPS
// positions, queue at the border gateways within their daily quota, transship at gauge breaks and
// arrive; reefer controllers report temperatures; devices misbehave (duplicates, late and
// out-of-order deliveries). It produces *intents* (what a client sends, and when); adapter.ts
// performs them against Lugang's public API. No I/O, no clock, no Math.random: the same world,
// options and seed give the same intents, byte for byte (hashed in `hash()`).
//
// The class holds the run's state and the agenda loop; what happens is told by meaning in
// bookings.ts (demand, trains formed), movement.ts (trains on the move, gateways, gauge breaks),
// reefers.ts, sending.ts (device items, misbehaviour, the log) and summary.ts, with the options and
// intents in options.ts and the tenants and goods in cargo.ts.
import { createHash } from 'node:crypto';
import type { Gateway, Location, RouteLeg } from '../../domain/network/types';
import { onDay } from './bookings';
import { Agenda } from './heap';
import { onDepart, onLoad, onNode } from './movement';
import { DAY, type Intent, iso, isoDate, type TwinOptions } from './options';
import { onReading } from './reefers';
import { Rng } from './rng';
import { boxEvent, log, send } from './sending';
import { type GatewayDayUse, newTally, summarize, type Tally, type TwinSummary } from './summary';
import type { World, WorldGoodsGroup, WorldSchedule } from './world';

export { REEFER_FEED, TENANTS, TRAIN_FEED } from './cargo';
export { returnLine } from './movement';
export {
  type BookingRow,
  DAY,
  type Detail,
  HOUR,
  type Intent,
  LIVE_DEFAULTS,
  type TwinOptions,
  YEAR_DEFAULTS,
} from './options';
export type { GatewayDayUse, TwinSummary } from './summary';

export interface Box {
  readonly number: string;
  readonly sizeType: string;
  readonly teu: number;
  readonly kg: number;
  readonly group: string;
  readonly reefer: { setpointC: number; device: string } | null;
}

export interface Train {
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

export type AgendaItem =
  | { t: number; kind: 'day'; day: number }
  | { t: number; kind: 'load'; train: Train }
  | { t: number; kind: 'depart'; train: Train }
  | { t: number; kind: 'leave'; queue: string }
  | { t: number; kind: 'reading'; box: Box }
  | { t: number; kind: 'unplug'; box: Box }
  | { t: number; kind: 'node'; train: Train; leg: number }
  | { t: number; kind: 'send'; intent: Intent }
  | { t: number; kind: 'gtot'; box: Box };

export class Twin {
  readonly options: TwinOptions;
  readonly endMs: number;
  readonly world: World;
  readonly rng: Rng;
  readonly agenda = new Agenda<AgendaItem>();
  readonly locations: ReadonlyMap<string, Location>;
  readonly schedules: ReadonlyMap<string, WorldSchedule>;
  readonly goods: ReadonlyMap<string, WorldGoodsGroup>;
  readonly gatewayBySide = new Map<string, Gateway>();
  readonly runTag: string;
  readonly seqBase: number;
  readonly deviceSeq = new Map<string, number>();
  readonly serials = new Map<string, number>();
  bookingCounter = 0;
  trainCounter = 0;
  /** The event log's running SHA-256; null when the run keeps no log (the live twin). */
  readonly hasher: ReturnType<typeof createHash> | null;
  now: number;
  /** (gateway|direction|day) → slots used; capacity by the same key. */
  readonly slotUse = new Map<string, number>();
  readonly slotCap = new Map<string, number>();
  readonly slotTrains = new Map<string, number>();
  readonly queues = new Map<string, number>();
  readonly devices = new Set<string>();
  readonly s: Tally = newTally();
  readonly reefers = new Map<
    string,
    { tempC: number; excursion: readonly [number, number] | null; loadedMs: number }
  >();

  /**
   * `keep.log: false` skips the event log's hash (about 40 % of the core's time): for the live
   * twin, whose log depends on the day it started and is never compared.
   */
  constructor(world: World, options: TwinOptions, keep: { log?: boolean } = {}) {
    if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)
      throw new RangeError('seed must be an integer 0…4294967295');
    if (options.startMs % DAY !== 0) throw new RangeError('startMs must be a UTC midnight');
    this.world = world;
    this.options = options;
    this.hasher = keep.log === false ? null : createHash('sha256');
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
    send(this, options.startMs, {
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
          log(this, item.intent);
          out.push(item.intent);
          break;
        case 'day':
          onDay(this, item.day);
          break;
        case 'load':
          onLoad(this, item.train);
          break;
        case 'depart':
          onDepart(this, item.train);
          break;
        case 'leave':
          this.queues.set(item.queue, (this.queues.get(item.queue) ?? 1) - 1);
          break;
        case 'reading':
          onReading(this, item.box);
          break;
        case 'unplug':
          this.reefers.delete(item.box.number);
          break;
        case 'node':
          onNode(this, item.train, item.leg);
          break;
        case 'gtot':
          boxEvent(this, 'twin-yard-urumqi', item.t, 'GTOT', item.box, {
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

  /** The event log's SHA-256 ('' when the run keeps no log). */
  hash(): string {
    return this.hasher ? this.hasher.copy().digest('hex') : '';
  }

  summary(): TwinSummary {
    return summarize(this.s, { ...this.options }, this.hash());
  }

  /** UN/LOCODE-shaped code of a network location (its UN/LOCODE, else its 5-character id). */
  code(id: string): string {
    const loc = this.locations.get(id);
    if (loc?.unlocode) return loc.unlocode;
    return /^[A-Z]{2}[A-Z2-9]{3}$/.test(id) ? id : id.slice(0, 5);
  }
}
