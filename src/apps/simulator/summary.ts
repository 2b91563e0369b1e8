// What a run of the twin amounts to (`lugang sim` prints it; `--json` is byte-identical per seed):
// trains, TEU, bookings, events by type, misbehaviour, alarms, gateway queues and the log's hash.
import type { Detail } from './options';
import { HOUR, isoDate, r1 } from './options';

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

/** The counters a run keeps as it goes. */
export interface Tally {
  out: number;
  in: number;
  arrived: number;
  byRoute: Record<string, number>;
  returnByRoute: Record<string, number>;
  teuOut: number;
  teuIn: number;
  teuByGoods: Record<string, number>;
  bookings: number;
  boxes: number;
  events: number;
  byType: Record<string, number>;
  readings: number;
  duplicates: number;
  late: number;
  excursions: number;
  powerLosses: number;
  gw: Record<
    string,
    { trains: number; maxQueue: number; waitMs: number; maxWaitMs: number; reducedDays: number }
  >;
}

export function newTally(): Tally {
  return {
    out: 0,
    in: 0,
    arrived: 0,
    byRoute: {},
    returnByRoute: {},
    teuOut: 0,
    teuIn: 0,
    teuByGoods: {},
    bookings: 0,
    boxes: 0,
    events: 0,
    byType: {},
    readings: 0,
    duplicates: 0,
    late: 0,
    excursions: 0,
    powerLosses: 0,
    gw: {},
  };
}

export function summarize(
  s: Tally,
  run: { seed: number; startMs: number; days: number; detail: Detail },
  hash: string,
): TwinSummary {
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
    seed: run.seed,
    start: isoDate(run.startMs),
    days: run.days,
    detail: run.detail,
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
    hash,
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}
