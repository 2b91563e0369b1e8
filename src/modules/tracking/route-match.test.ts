import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm, legStartsKm, matchPosition, parseTrainReference, type RouteShape } from './route-match';

const shape: RouteShape = {
  routeId: 'R',
  stops: [
    { id: 'A', unlocode: null, lat: 44, lon: 80 },
    { id: 'B', unlocode: null, lat: 44, lon: 82 },
    { id: 'C', unlocode: null, lat: 46, lon: 82 },
  ],
  legs: [
    { id: 'A>B', from: 'A', to: 'B', km: 200, hours: 5, hoursBasis: 'x' },
    { id: 'B>C', from: 'B', to: 'C', km: 300, hours: 8, hoursBasis: 'x' },
  ],
  dwellHours: [0, 0, 0],
  dwellBasis: ['', '', ''],
  totalKm: 500,
};

describe('matching a position to the route', () => {
  it('puts a point on a stop at that stop’s km, off-route 0', () => {
    const m = matchPosition(shape, { lat: 44, lon: 82 })!;
    expect(m.kmAlong).toBeCloseTo(200, 6);
    expect(m.offRouteKm).toBeCloseTo(0, 6);
    expect(matchPosition(shape, { lat: 46, lon: 82 })!.progressPct).toBeCloseTo(100, 6);
  });

  it('scales each leg to its rail km and measures the distance off the line', () => {
    const m = matchPosition(shape, { lat: 45, lon: 82.5 })!;
    expect(m.legId).toBe('B>C');
    expect(m.kmAlong).toBeCloseTo(350, 0);
    expect(m.progressPct).toBeCloseTo(70, 0);
    expect(m.offRouteKm).toBeCloseTo(haversineKm(45, 82.5, 45, 82), 0);
  });

  it('always lands within the route: 0 ≤ km ≤ total, progress 0..100, leg km consistent', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 30, max: 60, noNaN: true }),
        fc.double({ min: 60, max: 100, noNaN: true }),
        (lat, lon) => {
          const m = matchPosition(shape, { lat, lon })!;
          const starts = legStartsKm(shape);
          expect(m.kmAlong).toBeGreaterThanOrEqual(0);
          expect(m.kmAlong).toBeLessThanOrEqual(500 + 1e-9);
          expect(m.progressPct).toBeGreaterThanOrEqual(0);
          expect(m.progressPct).toBeLessThanOrEqual(100);
          expect(m.kmAlong).toBeGreaterThanOrEqual(starts[m.legIndex]! - 1e-9);
          expect(m.kmAlong).toBeLessThanOrEqual(starts[m.legIndex + 1]! + 1e-9);
          expect(m.offRouteKm).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('reads the route and date of a train reference', () => {
    expect(parseTrainReference('URM-DUI-20261201')).toEqual({ routeId: 'URM-DUI', date: '2026-12-01' });
    expect(parseTrainReference('nonsense')).toBeNull();
  });
});
