// The independent validator rejects each kind of broken plan (planted faults on a valid plan).
import { describe, expect, it } from 'vitest';
import type { ConsolidationInstance, ConsolidationSolution } from './contract';
import { validateConsolidation } from './validate';

const inst: ConsolidationInstance = {
  format: 'lugang.consolidation.instance/v1',
  id: 'v',
  days: 4,
  gateways: [{ id: 'G', quota: [1, 1, 1, 1] }],
  routes: [{ id: 'R', gateway: 'G', daysToGateway: 1, transitDays: 2 }],
  departures: [
    { id: 'D0', route: 'R', day: 0, capacityTeu: 4, capacityKg: 30_000, minTeu: 2 },
    { id: 'D1', route: 'R', day: 0, capacityTeu: 4, capacityKg: 30_000, minTeu: 2 },
    { id: 'D2', route: 'R', day: 2, capacityTeu: 4, capacityKg: 30_000, minTeu: 2 },
  ],
  bookings: [
    { id: 'A', routes: ['R'], teu: 2, grossKg: 10_000, readyDay: 0, dueDay: 9, value: 5 },
    { id: 'B', routes: ['R'], teu: 2, grossKg: 10_000, readyDay: 0, dueDay: 9, value: 7 },
    { id: 'C', routes: ['R'], teu: 1, grossKg: 25_000, readyDay: 1, dueDay: 9, value: 3 },
  ],
};

const good: ConsolidationSolution = {
  format: 'lugang.consolidation.solution/v1',
  instanceId: 'v',
  status: 'feasible',
  objective: 12,
  bound: 15,
  solveMs: 1,
  assignments: [
    { booking: 'A', departure: 'D0' },
    { booking: 'B', departure: 'D0' },
  ],
  running: ['D0'],
  unassigned: [{ booking: 'C', reason: 'below minimum fill' }],
};

const broken = (f: (s: ConsolidationSolution) => void): string[] => {
  const s = structuredClone(good);
  f(s);
  return [...validateConsolidation(inst, s).errors];
};

describe('validateConsolidation', () => {
  it('accepts a valid plan and recomputes its objective', () => {
    const r = validateConsolidation(inst, good);
    expect(r.errors).toEqual([]);
    expect(r.objective).toBe(12);
  });

  it.each<[string, (s: ConsolidationSolution) => void, RegExp]>([
    ['missing booking', (s) => s.unassigned.pop(), /missing/],
    ['booking twice', (s) => s.unassigned.push({ booking: 'A', reason: 'x' }), /appears 2 times/],
    ['empty reason', (s) => (s.unassigned[0]!.reason = ' '), /without a reason/],
    ['wrong objective', (s) => (s.objective = 13), /objective/],
    ['bound below objective', (s) => (s.bound = 11), /bound/],
    ['false optimal', (s) => (s.status = 'optimal'), /optimal/],
    ['not running but loaded', (s) => (s.running = []), /not running/],
    ['running without bookings', (s) => s.running.push('D2'), /without bookings/],
    [
      'ready after departure',
      (s) => {
        s.unassigned = [{ booking: 'A', reason: 'x' }];
        s.assignments = [
          { booking: 'B', departure: 'D0' },
          { booking: 'C', departure: 'D0' },
        ];
        s.objective = 10;
      },
      /ready day/,
    ],
    [
      'below minimum',
      (s) => {
        s.assignments = [
          { booking: 'A', departure: 'D0' },
          { booking: 'B', departure: 'D2' },
        ];
        s.running = ['D0', 'D2'];
        s.assignments.push({ booking: 'C', departure: 'D2' });
        s.unassigned = [];
        s.objective = 15;
      },
      /minimum|kg/,
    ],
    [
      'quota exceeded',
      (s) => {
        s.assignments = [
          { booking: 'A', departure: 'D0' },
          { booking: 'B', departure: 'D1' },
        ];
        s.running = ['D0', 'D1'];
      },
      /quota/,
    ],
    ['unknown departure', (s) => (s.assignments[0]!.departure = 'X'), /unknown departure/],
  ])('rejects %s', (_name, mutate, pattern) => {
    const errors = broken(mutate);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(pattern);
  });

  it('rejects a plan that drops a pinned assignment', () => {
    const pinned = { ...inst, pinned: [{ booking: 'A', departure: 'D2' }] };
    expect(validateConsolidation(pinned, good).errors.join()).toMatch(/pinned/);
  });
});
