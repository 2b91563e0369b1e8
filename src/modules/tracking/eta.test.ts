import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeEta,
  type Dist,
  distribution,
  emptySamples,
  LearnedTimes,
  learnFrom,
  MIN_SAMPLES,
  type Samples,
  type TransportObservation,
} from './eta';
import type { RouteShape } from './route-match';

function shapeOf(hours: readonly number[], dwell: readonly number[]): RouteShape {
  const stops = Array.from({ length: hours.length + 1 }, (_, i) => ({
    id: `S${i}`,
    unlocode: `XXS${String.fromCharCode(65 + i)}A`,
    lat: 40,
    lon: 80 + i,
  }));
  return {
    routeId: 'R',
    stops,
    legs: hours.map((h, i) => ({
      id: `S${i}>S${i + 1}`,
      from: `S${i}`,
      to: `S${i + 1}`,
      km: 100,
      hours: h,
      hoursBasis: 'test',
    })),
    dwellHours: stops.map((_, i) => dwell[i] ?? 0),
    dwellBasis: stops.map(() => 'test'),
    totalKm: 100 * hours.length,
  };
}

const dist = fc
  .tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }))
  .map(([p50, extra]): Dist => ({ p50, p90: p50 + extra, samples: 0, basis: 'prior' }));

const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (h: number) => new Date(T0 + h * 3600_000).toISOString();

const scenario = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    hours: fc.array(fc.double({ min: 1, max: 80, noNaN: true }), { minLength: n, maxLength: n }),
    legDist: fc.array(dist, { minLength: n, maxLength: n }),
    dwellDist: fc.array(dist, { minLength: n + 1, maxLength: n + 1 }),
    reached: fc.integer({ min: 0, max: n - 1 }),
    arrivedHours: fc.double({ min: 0, max: 300, noNaN: true }),
    nowAfter: fc.double({ min: 0, max: 100, noNaN: true }),
  }),
);

describe('ETA model', () => {
  it('orders the range: p50 ≤ p90, and the ETA is never before now while running', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const shape = shapeOf(s.hours, []);
        const events: TransportObservation[] = [
          { code: 'ARRI', location: `S${s.reached}`, time: at(s.arrivedHours) },
        ];
        const now = at(s.arrivedHours + s.nowAfter);
        const eta = computeEta({
          shape,
          legDist: s.legDist,
          dwellDist: s.dwellDist,
          plannedDeparture: at(0),
          events,
          now,
        });
        expect(Date.parse(eta.etaP50)).toBeLessThanOrEqual(Date.parse(eta.etaP90));
        expect(eta.remainingP50Hours).toBeLessThanOrEqual(eta.remainingP90Hours);
        expect(Date.parse(eta.etaP50)).toBeGreaterThanOrEqual(Date.parse(now) - 1);
      }),
    );
  });

  it('is monotone in the remaining legs: a train one stop further on has no later ETA', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        fc.pre(s.reached + 1 < s.hours.length);
        const shape = shapeOf(s.hours, []);
        const run = (stop: number) =>
          computeEta({
            shape,
            legDist: s.legDist,
            dwellDist: s.dwellDist,
            plannedDeparture: at(0),
            events: [{ code: 'ARRI', location: `S${stop}`, time: at(s.arrivedHours) }],
            now: at(s.arrivedHours),
          });
        const behind = run(s.reached);
        const ahead = run(s.reached + 1);
        expect(ahead.remainingP50Hours).toBeLessThanOrEqual(behind.remainingP50Hours + 1e-9);
        expect(ahead.remainingP90Hours).toBeLessThanOrEqual(behind.remainingP90Hours + 0.1);
      }),
    );
  });

  it('before departure: the ETA is the plan start plus every leg and intermediate dwell', () => {
    const shape = shapeOf([10, 20, 30], [0, 8, 0, 0]);
    const prior = shape.legs.map((l) => distribution([], l.hours));
    const dwell = shape.dwellHours.map((d) => distribution([], d));
    const eta = computeEta({
      shape,
      legDist: prior,
      dwellDist: dwell,
      plannedDeparture: at(5),
      events: [],
      now: at(0),
    });
    expect(eta.status).toBe('planned');
    expect(eta.etaP50).toBe(at(5 + 68));
    expect(eta.plannedArrival).toBe(at(5 + 68));
    expect(eta.delayHours).toBe(0);
    expect(eta.legs.every((l) => l.basis === 'prior' && l.state === 'ahead')).toBe(true);
  });

  it('names the late legs: a done leg over its p90, the current one running past its p90', () => {
    const shape = shapeOf([10, 10, 10], []);
    const prior = shape.legs.map((l) => distribution([], l.hours));
    const dwell = shape.dwellHours.map(() => distribution([], 0));
    const events: TransportObservation[] = [
      { code: 'DEPA', location: 'S0', time: at(0) },
      { code: 'ARRI', location: 'S1', time: at(20) }, // 20 h > p90 13 h: late
      { code: 'DEPA', location: 'S1', time: at(20) },
    ];
    const eta = computeEta({
      shape,
      legDist: prior,
      dwellDist: dwell,
      plannedDeparture: at(0),
      events,
      now: at(35),
    });
    expect(eta.status).toBe('running');
    expect(eta.lateLegs).toEqual(['S0>S1', 'S1>S2']);
    expect(eta.legs.map((l) => l.state)).toEqual(['done', 'current', 'ahead']);
    expect(eta.legs[0]!.actualHours).toBe(20);
    expect(eta.delayHours).toBeGreaterThan(0);
    expect(eta.explanation.en).toContain('S0>S1');
    expect(eta.explanation.zh).toContain('晚点区段');
  });

  it('arrived: the ETA is the arrival', () => {
    const shape = shapeOf([10], []);
    const prior = shape.legs.map((l) => distribution([], l.hours));
    const eta = computeEta({
      shape,
      legDist: prior,
      dwellDist: [distribution([], 0), distribution([], 0)],
      plannedDeparture: at(0),
      events: [
        { code: 'DEPA', location: 'S0', time: at(0) },
        { code: 'ARRI', location: 'XXSBA', time: at(9) },
      ],
      now: at(50),
    });
    expect(eta.status).toBe('arrived');
    expect(eta.etaP50).toBe(at(9));
    expect(eta.delayHours).toBe(-1);
  });
});

describe('learning per leg', () => {
  it('uses the prior below MIN_SAMPLES and says so; learned quantiles above', () => {
    expect(distribution([1, 2], 10)).toEqual({ p50: 10, p90: 13, samples: 2, basis: 'prior' });
    const d = distribution([10, 11, 12, 13, 14, 30], 5);
    expect(d.basis).toBe('learned');
    expect(d.p50).toBe(12.5);
    expect(d.p90).toBeGreaterThan(d.p50);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 500, noNaN: true })),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (xs, prior) => {
          const r = distribution(xs, prior);
          expect(r.p50).toBeLessThanOrEqual(r.p90);
          expect(r.basis).toBe(xs.length >= MIN_SAMPLES ? 'learned' : 'prior');
        },
      ),
    );
  });

  it('learns single legs, splits multi-leg runs by plan, and dwell at a stop', () => {
    const shape = shapeOf([10, 30], []);
    const s = emptySamples();
    learnFrom(
      shape,
      [
        { code: 'DEPA', location: 'S0', time: at(0) },
        { code: 'ARRI', location: 'S1', time: at(12) },
        { code: 'DEPA', location: 'S1', time: at(15) },
        { code: 'ARRI', location: 'S2', time: at(45) },
      ],
      s,
    );
    expect(s.legs.get('S0>S1')).toEqual([12]);
    expect(s.legs.get('S1>S2')).toEqual([30]);
    expect(s.dwell.get('S1')).toEqual([3]);
    const t = emptySamples();
    learnFrom(
      shape,
      [
        { code: 'DEPA', location: 'S0', time: at(0) },
        { code: 'ARRI', location: 'S2', time: at(80) },
      ],
      t,
    );
    expect(t.legs.get('S0>S1')).toEqual([20]);
    expect(t.legs.get('S1>S2')).toEqual([60]);
  });

  it('kept incrementally: the same distributions as merging every train and sorting from scratch', () => {
    const ids = ['A', 'B', 'C'];
    // few distinct values, so equal samples (and removing one of several equal ones) happen often
    const value = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 100, noNaN: true }));
    const samplesArb = fc
      .record({
        legs: fc.dictionary(fc.constantFrom(...ids), fc.array(value, { maxLength: 4 })),
        dwell: fc.dictionary(fc.constantFrom(...ids), fc.array(value, { maxLength: 3 })),
      })
      .map(
        (r): Samples => ({
          legs: new Map(Object.entries(r.legs).filter(([, v]) => v.length > 0)),
          dwell: new Map(Object.entries(r.dwell).filter(([, v]) => v.length > 0)),
        }),
      );
    const op = fc.record({ train: fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6'), samples: samplesArb });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (ops, minSamples) => {
        const times = new LearnedTimes();
        const current = new Map<string, Samples>();
        for (const o of ops) {
          times.set(o.train, o.samples);
          current.set(o.train, o.samples);
          for (const id of ids) {
            const merged = (kind: 'legs' | 'dwell') =>
              [...current.values()].flatMap((s) => s[kind].get(id) ?? []);
            expect(times.leg(id, 7, minSamples)).toEqual(distribution(merged('legs'), 7, minSamples));
            expect(times.stop(id, 2, minSamples)).toEqual(distribution(merged('dwell'), 2, minSamples));
            expect(times.legSamples(id)).toEqual([...merged('legs')].sort((a, b) => a - b));
          }
        }
      }),
    );
  });
});
