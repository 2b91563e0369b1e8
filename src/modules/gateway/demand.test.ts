import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGatewayInstance } from './contract';
import { type DemandDeparture, demandFromDepartures, hoursToGateway, MAX_DELAY_DAYS } from './demand';

const gateways = [
  { id: 'AKL', sides: ['CNAKL', 'KZDOS'], border: true },
  { id: 'HRS', sides: ['CNHRS', 'KZALT'], border: true },
  { id: 'BRE', sides: ['PLMAL', 'BYBQT'], border: false },
];
const routes = [
  {
    id: 'URM-DUI',
    gateway: 'AKL',
    legs: [
      { from: 'CNURM-AC', to: 'CNAKL', hours: 30 },
      { from: 'CNAKL', to: 'KZDOS', hours: 2 },
      { from: 'KZDOS', to: 'BYBQT', hours: 200 },
    ],
  },
  { id: 'URM-ALA', gateway: 'HRS', legs: [{ from: 'CNURM-AC', to: 'CNHRS', hours: 14 }] },
  { id: 'XX-NONE', gateway: null, legs: [] },
];
const dep = (
  id: string,
  routeId: string,
  date: string,
  extra: Partial<DemandDeparture> = {},
): DemandDeparture => ({
  id,
  routeId,
  date,
  status: 'scheduled',
  running: null,
  ...extra,
});

describe('the real demand on the border gateways', () => {
  it('counts the hours up to the gateway side', () => {
    expect(hoursToGateway(routes[0]!, gateways[0]!)).toBe(30);
  });

  it('makes each departure through a border gateway a train arriving after its running time', () => {
    const d = demandFromDepartures(
      [
        dep('URM-DUI-20261203', 'URM-DUI', '2026-12-03'),
        dep('URM-ALA-20261203', 'URM-ALA', '2026-12-03'),
        dep('URM-DUI-20261204', 'URM-DUI', '2026-12-04', { status: 'cancelled' }),
        dep('URM-DUI-20261205', 'URM-DUI', '2026-12-05', { running: false }),
        dep('URM-DUI-20261129', 'URM-DUI', '2026-11-29'),
        dep('XX-NONE-20261203', 'XX-NONE', '2026-12-03'),
        dep('URM-DUI-20270301', 'URM-DUI', '2027-03-01'),
      ],
      routes,
      gateways,
      '2026-12-01',
      30,
    );
    expect(parseGatewayInstance(d.instance).ok).toBe(true);
    expect(d.instance.gateways.map((g) => g.id)).toEqual(['AKL', 'HRS']);
    const byId = new Map(d.instance.trains.map((t) => [t.id, t]));
    expect(byId.get('URM-DUI-20261203')).toMatchObject({
      arrivalDay: 3,
      options: [
        { gateway: 'AKL', extraDays: 0 },
        { gateway: 'HRS', extraDays: 1 },
      ],
    });
    expect(byId.get('URM-ALA-20261203')?.arrivalDay).toBe(2);
    // left 2026-11-29, reached Alashankou 11-30: waiting on day 0
    expect(byId.get('URM-DUI-20261129')?.arrivalDay).toBe(0);
    expect([...byId.keys()].sort()).toEqual(['URM-ALA-20261203', 'URM-DUI-20261129', 'URM-DUI-20261203']);
    expect(d.skipped).toEqual({ cancelled: 1, notRunning: 1, outside: 1 });
    expect(d.trainRoutes['URM-DUI-20261203']).toBe('URM-DUI');
  });

  it('always gives a valid instance with every train inside the horizon', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            route: fc.constantFrom('URM-DUI', 'URM-ALA', 'XX-NONE'),
            offset: fc.integer({ min: -60, max: 60 }),
            running: fc.constantFrom(null, true, false),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 40 }),
        (specs, days) => {
          const deps = specs.map((s, i) => {
            const date = new Date(Date.UTC(2026, 11, 1 + s.offset)).toISOString().slice(0, 10);
            return dep(`${s.route}-${i}`, s.route, date, { running: s.running });
          });
          const d = demandFromDepartures(deps, routes, gateways, '2026-12-01', days);
          expect(parseGatewayInstance(d.instance).ok).toBe(true);
          for (const t of d.instance.trains) {
            expect(t.arrivalDay).toBeGreaterThanOrEqual(0);
            expect(t.arrivalDay).toBeLessThan(days);
            expect(t.maxDelayDays).toBe(MAX_DELAY_DAYS);
          }
        },
      ),
    );
  });
});
