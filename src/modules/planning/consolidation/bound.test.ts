// The Lagrangian bound (with route-window cuts) never falls below the true optimum: checked against
// exhaustive enumeration on tiny random instances, without the exact search that would mask it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { improveBound, newLagrange } from './bound';
import { windowCuts } from './cuts';
import { buildModel } from './model';
import { bruteForceOptimum, instanceArb } from './testing';

describe('Lagrangian bound', () => {
  it('property: bound ≥ brute-force optimum on tiny instances', () => {
    fc.assert(
      fc.property(instanceArb({ maxBookings: 7, maxDepartures: 4 }), (inst) => {
        const m = buildModel(inst);
        const lg = newLagrange(m);
        const bound = improveBound(m, lg, 0, 200, () => false);
        expect(bound + 1e-6).toBeGreaterThanOrEqual(bruteForceOptimum(inst));
      }),
      { numRuns: 300 },
    );
  });

  it('window cuts bound the trains of a route by the cargo that can reach them', () => {
    const inst = {
      format: 'lugang.consolidation.instance/v1' as const,
      id: 'cuts',
      days: 6,
      gateways: [],
      routes: [{ id: 'R', gateway: null, daysToGateway: 0, transitDays: 1 }],
      departures: [1, 2, 3].map((day) => ({
        id: `D${day}`,
        route: 'R',
        day,
        capacityTeu: 10,
        capacityKg: 100_000,
        minTeu: 6,
      })),
      bookings: Array.from({ length: 5 }, (_, i) => ({
        id: `B${i}`,
        routes: ['R'],
        teu: 2,
        grossKg: 1000,
        readyDay: 0,
        dueDay: 9,
        value: 10,
      })),
    };
    const cuts = windowCuts(buildModel(inst));
    // 10 TEU of cargo, minimum 6 per train: at most one of the three runs
    const all = cuts.sets.findIndex((s) => s.length === 3);
    expect(all).toBeGreaterThanOrEqual(0);
    expect(cuts.rhs[all]).toBe(1);
  });
});
