import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseContainerNumber } from '../../domain/codes/iso6346';
import { loadNetworkData } from '../../modules/network/load-data';
import {
  type BookingRow,
  DAY,
  type Intent,
  LIVE_DEFAULTS,
  REEFER_FEED,
  returnLine,
  TRAIN_FEED,
  Twin,
  type TwinOptions,
  YEAR_DEFAULTS,
} from './core';
import { type World, worldFromNetwork } from './world';

let world: World;
beforeAll(async () => {
  world = worldFromNetwork(await loadNetworkData());
});

const START = Date.UTC(2025, 5, 1); // June: Hami melons are in season

function run(options: Partial<TwinOptions> & { seed: number; days: number }): {
  twin: Twin;
  intents: Intent[];
} {
  const twin = new Twin(world, { ...LIVE_DEFAULTS, startMs: START, ...options });
  return { twin, intents: twin.runToEnd() };
}

type Item = Record<string, unknown>;
const deviceItems = (intents: Intent[], device?: string) =>
  intents.flatMap((i) => (i.kind === 'device' && (!device || i.device === device) ? [i] : []));

describe('the twin is deterministic', () => {
  it('the same seed gives the same event log, byte for byte; another seed another', () => {
    const a = run({ seed: 42, days: 3 });
    const b = run({ seed: 42, days: 3 });
    const c = run({ seed: 43, days: 3 });
    expect(a.intents.length).toBeGreaterThan(1000);
    expect(JSON.stringify(a.intents)).toBe(JSON.stringify(b.intents));
    expect(a.twin.hash()).toBe(b.twin.hash());
    expect(JSON.stringify(a.twin.summary())).toBe(JSON.stringify(b.twin.summary()));
    expect(c.twin.hash()).not.toBe(a.twin.hash());
  });

  it('a run that keeps no log (the live twin) sends the same intents; its hash is empty', () => {
    const a = run({ seed: 12, days: 2 });
    const b = new Twin(world, { ...LIVE_DEFAULTS, startMs: START, seed: 12, days: 2 }, { log: false });
    expect(JSON.stringify(b.runToEnd())).toBe(JSON.stringify(a.intents));
    expect(b.hash()).toBe('');
    expect(a.twin.hash()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('advancing in slices of any size sends the same intents as one run to the end', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 * 3600 }), { minLength: 1, maxLength: 30 }),
        (steps) => {
          const whole = run({ ...YEAR_DEFAULTS, seed: 5, days: 4 });
          const twin = new Twin(world, { ...YEAR_DEFAULTS, seed: 5, startMs: START, days: 4 });
          const sliced: Intent[] = [];
          let t = START;
          for (const s of steps) {
            t += s * 1000;
            sliced.push(...twin.advance(t));
          }
          sliced.push(...twin.runToEnd());
          expect(twin.hash()).toBe(whole.twin.hash());
          expect(sliced.length).toBe(whole.intents.length);
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('invariants', () => {
  it('no gateway lets more trains cross in a direction on a day than its quota that day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const { twin } = run({ ...YEAR_DEFAULTS, seed, days: 30 });
        const use = twin.gatewayUse();
        expect(use.length).toBeGreaterThan(0);
        for (const u of use) {
          expect(u.used).toBeLessThanOrEqual(u.capacity);
          expect(u.capacity).toBeGreaterThan(0);
        }
        const gateways = new Map(world.gateways.map((g) => [g.id, g]));
        for (const u of use)
          expect(u.capacity).toBeLessThanOrEqual(
            Math.floor(gateways.get(u.gateway)!.trainsPerDay[u.direction]),
          );
      }),
      { numRuns: 4 },
    );
  });

  it("every train's boxes fit its capacity in TEU and kg, and every box is a valid ISO 6346 number", () => {
    const { intents } = run({ seed: 7, days: 4 });
    const bookings = intents.flatMap((i) => (i.kind === 'booking' ? [i.row] : []));
    const byBox = new Map<string, BookingRow>();
    for (const b of bookings) for (const c of b.containers) byBox.set(c, b);
    const loads = new Map<string, Set<string>>();
    for (const i of deviceItems(intents)) {
      const e = i.item as Item;
      expect(parseContainerNumber(String(e.equipmentReference ?? 'CSQU3054383')).ok).toBe(true);
      if (e.equipmentEventTypeCode !== 'LOAD') continue;
      const train = String(e.trainReference);
      const set = loads.get(train) ?? new Set<string>();
      set.add(String(e.equipmentReference));
      loads.set(train, set);
    }
    expect(loads.size).toBeGreaterThan(30);
    const capacity = new Map(world.schedules.map((s) => [s.routeId, s]));
    let checked = 0;
    for (const [train, boxes] of loads) {
      const schedule = capacity.get(train.slice(0, train.lastIndexOf('-')));
      if (!schedule) continue; // a return train: its imports are not booked here
      checked++;
      let teu = 0;
      const rows = new Set<BookingRow>();
      for (const box of boxes) {
        const row = byBox.get(box);
        expect(row, `box ${box} of ${train} was booked`).toBeDefined();
        teu += row!.sizeType.startsWith('2') ? 1 : 2;
        rows.add(row!);
      }
      expect(teu).toBeLessThanOrEqual(schedule.capacityTeu);
      expect([...rows].reduce((a, b) => a + b.grossKg, 0)).toBeLessThanOrEqual(schedule.capacityKg);
      // a booking is never split between trains
      for (const b of rows) for (const c of b.containers) expect(boxes.has(c)).toBe(true);
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("a train's own events are in time order: departs from its origin first, arrives at its terminal last", () => {
    const { intents } = run({ seed: 11, days: 30, ...YEAR_DEFAULTS, posEveryMinutes: 240 });
    const byTrain = new Map<string, Array<{ n: number; t: string; e: Item }>>();
    for (const i of deviceItems(intents, TRAIN_FEED)) {
      const e = i.item as Item;
      const n = Number(String(e.eventId).split('-').pop());
      const list = byTrain.get(String(e.trainReference)) ?? [];
      list.push({ n, t: String(e.eventDateTime), e });
      byTrain.set(String(e.trainReference), list);
    }
    expect(byTrain.size).toBeGreaterThan(300);
    const routes = new Map(world.routes.map((r) => [r.id, r]));
    const locs = new Map(world.locations.map((l) => [l.id, l.unlocode ?? l.id]));
    let complete = 0;
    for (const [train, events] of byTrain) {
      // as created (eventId counter), duplicates and late deliveries aside
      const created = [...new Map(events.map((x) => [x.n, x])).values()].sort((a, b) => a.n - b.n);
      for (let k = 1; k < created.length; k++) expect(created[k]!.t >= created[k - 1]!.t).toBe(true);
      const transport = created.filter((x) => x.e.eventType === 'TRANSPORT');
      expect(transport[0]!.e.transportEventTypeCode).toBe('DEPA');
      const last = transport[transport.length - 1]!;
      const line = train.slice(0, train.lastIndexOf('-'));
      const outbound = routes.get(line);
      const inbound = [...routes.values()].find((r) => returnLine(r.id) === line);
      const route = outbound ?? inbound!;
      expect(route).toBeDefined();
      expect(transport[0]!.e.location).toBe(locs.get(outbound ? route.origin : route.destination));
      if (
        last.e.transportEventTypeCode === 'ARRI' &&
        last.e.location === locs.get(outbound ? route.destination : route.origin)
      )
        complete++;
    }
    expect(complete).toBeGreaterThan(byTrain.size / 3);
  });

  it('devices misbehave: some items are sent twice, some late — every duplicate is the same item again', () => {
    const { twin, intents } = run({ seed: 3, days: 4 });
    const s = twin.summary();
    expect(s.misbehaviour.duplicates).toBeGreaterThan(0);
    expect(s.misbehaviour.late).toBeGreaterThan(0);
    const seen = new Map<string, string>();
    let again = 0;
    let late = 0;
    for (const i of deviceItems(intents)) {
      const key = `${i.device}|${String(i.item.eventId ?? i.item.seq)}`;
      const text = JSON.stringify(i.item);
      if (seen.has(key)) {
        expect(seen.get(key)).toBe(text);
        again++;
      } else seen.set(key, text);
      const at = Date.parse(String(i.item.eventDateTime ?? i.item.time));
      expect(i.t).toBeGreaterThanOrEqual(at);
      if (i.t - at >= 3_600_000) late++;
    }
    expect(again).toBe(s.misbehaviour.duplicates);
    expect(late).toBeGreaterThan(0);
  });

  it('reefers report around their setpoint, with excursions that come back', () => {
    const { twin, intents } = run({ ...YEAR_DEFAULTS, readingEveryMinutes: 60, seed: 9, days: 20 });
    const readings = deviceItems(intents, REEFER_FEED).filter((i) => i.channel === 'readings');
    expect(readings.length).toBeGreaterThan(100);
    expect(twin.summary().alarms.reeferExcursions).toBeGreaterThan(0);
    let near = 0;
    for (const r of readings) {
      const d = Math.abs(Number(r.item.temperatureC) - Number(r.item.setpointC));
      expect(d).toBeLessThanOrEqual(9);
      if (d < 1) near++;
    }
    expect(near / readings.length).toBeGreaterThan(0.8);
    expect(readings.some((r) => Number(r.item.temperatureC) - Number(r.item.setpointC) > 2)).toBe(true);
  });

  it('a simulated year runs about 6,000+ outbound trains on all 21 routes, through both gateways', () => {
    const twin = new Twin(world, {
      ...YEAR_DEFAULTS,
      seed: 1,
      startMs: Date.UTC(2025, 0, 1),
      days: 365,
      posEveryMinutes: 100_000,
      readingEveryMinutes: 100_000,
    });
    twin.runToEnd();
    const s = twin.summary();
    expect(s.trains.outbound).toBeGreaterThanOrEqual(6000);
    expect(Object.keys(s.trains.byRoute)).toHaveLength(21);
    expect(Object.keys(s.gateways).sort()).toEqual(['AKL', 'HRS']);
    expect(s.teuByGoods['fruit-vegetables-cold']).toBeGreaterThan(0);
    for (const g of [
      'steel',
      'tomato-food',
      'pvc-chemicals',
      'mineral-products',
      'edible-oil',
      'wheat-grain',
    ])
      expect(s.teuByGoods[g]).toBeGreaterThan(0);
  });

  it('refuses a seed out of range and a start that is not midnight', () => {
    expect(() => new Twin(world, { ...YEAR_DEFAULTS, seed: -1, startMs: START, days: 1 })).toThrow(/seed/);
    expect(() => new Twin(world, { ...YEAR_DEFAULTS, seed: 1, startMs: START + 1, days: 1 })).toThrow(
      /midnight/,
    );
    expect(DAY).toBe(86_400_000);
  });
});
