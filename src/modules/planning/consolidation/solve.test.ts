// Solver properties: every plan passes the independent validator, objective ≤ bound, tiny instances
// reach the brute-force optimum and `optimal` is claimed only when true; pins are kept; reasons given.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsolidationInstance } from './contract';
import { runConsolidation, solveConsolidation } from './solve';
import { bruteForceOptimum, EXAMPLE, instanceArb } from './testing';
import { validateConsolidation } from './validate';

/** Deterministic clock: every reading advances 1 ms. */
const fakeClock = () => {
  let t = 0;
  return { now: () => t++ };
};

function solve(inst: ConsolidationInstance, timeLimitMs = 2000) {
  const r = solveConsolidation(inst, fakeClock(), { timeLimitMs });
  if (!r.ok) throw new Error(r.error.message.en);
  return r.value;
}

describe('solveConsolidation', () => {
  it('runs the contract example: one booking cannot fill a 70-TEU train', () => {
    const r = runConsolidation(EXAMPLE, fakeClock());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.objective).toBe(0);
    expect(r.value.status).toBe('optimal');
    expect(r.value.unassigned).toHaveLength(1);
    expect(r.value.unassigned[0]!.code).toBe('below_min_fill');
    expect(validateConsolidation(EXAMPLE as ConsolidationInstance, r.value).errors).toEqual([]);
  });

  it('returns the parse violation for a malformed document', () => {
    const r = runConsolidation({ ...EXAMPLE, days: 0 }, fakeClock());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('days');
  });

  it('fills a train to its minimum and explains each unassigned booking', () => {
    const inst: ConsolidationInstance = {
      ...(structuredClone(EXAMPLE) as ConsolidationInstance),
      departures: [
        { id: 'D3', route: 'URM-DUI', day: 3, capacityTeu: 6, capacityKg: 100_000, minTeu: 4 },
        { id: 'D4', route: 'URM-DUI', day: 4, capacityTeu: 6, capacityKg: 100_000, minTeu: 4 },
      ],
      bookings: [
        { id: 'A', routes: ['URM-DUI'], teu: 2, grossKg: 20_000, readyDay: 0, dueDay: 20, value: 100 },
        { id: 'B', routes: ['URM-DUI'], teu: 2, grossKg: 20_000, readyDay: 0, dueDay: 20, value: 90 },
        { id: 'C', routes: ['URM-DUI'], teu: 2, grossKg: 20_000, readyDay: 0, dueDay: 20, value: 80 },
        { id: 'E', routes: ['URM-DUI'], teu: 2, grossKg: 20_000, readyDay: 0, dueDay: 20, value: 10 },
        { id: 'L', routes: ['URM-DUI'], teu: 1, grossKg: 1_000, readyDay: 0, dueDay: 12, value: 50 },
      ],
    };
    // D3 crosses AKL on day 4 (quota 14), D4 on day 5. Capacity 6 + 6 = 12 TEU for 9 TEU offered.
    const s = solve(inst);
    expect(validateConsolidation(inst, s).errors).toEqual([]);
    expect(s.objective).toBe(280);
    expect(s.unassigned.find((u) => u.booking === 'L')?.code).toBe('due_too_close');
  });

  it('keeps pinned assignments and rejects pins that cannot be kept', () => {
    const inst: ConsolidationInstance = {
      ...(structuredClone(EXAMPLE) as ConsolidationInstance),
      departures: [
        { id: 'D1', route: 'URM-DUI', day: 4, capacityTeu: 4, capacityKg: 100_000, minTeu: 2 },
        { id: 'D2', route: 'URM-DUI', day: 5, capacityTeu: 4, capacityKg: 100_000, minTeu: 2 },
      ],
      bookings: [
        { id: 'A', routes: ['URM-DUI'], teu: 2, grossKg: 1000, readyDay: 0, dueDay: 20, value: 100 },
        { id: 'B', routes: ['URM-DUI'], teu: 2, grossKg: 1000, readyDay: 0, dueDay: 20, value: 100 },
        { id: 'C', routes: ['URM-DUI'], teu: 2, grossKg: 1000, readyDay: 0, dueDay: 20, value: 100 },
      ],
      pinned: [{ booking: 'A', departure: 'D2' }],
    };
    const s = solve(inst);
    expect(validateConsolidation(inst, s).errors).toEqual([]);
    expect(s.assignments).toContainEqual({ booking: 'A', departure: 'D2' });
    expect(s.objective).toBe(300);
    const bad = solveConsolidation({ ...inst, pinned: [{ booking: 'A', departure: 'D9' }] }, fakeClock());
    expect(bad.ok).toBe(false);
    const late = structuredClone(inst);
    late.bookings[0]!.readyDay = 6;
    const r = solveConsolidation(late, fakeClock());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('pinned.0');
      expect(r.error.message.zh).toContain('订舱');
    }
  });

  it('property: random instances always give valid plans with objective ≤ bound', () => {
    fc.assert(
      fc.property(instanceArb({ maxBookings: 30, maxDepartures: 8 }), (inst) => {
        const s = solve(inst, 300);
        const check = validateConsolidation(inst, s);
        expect(check.errors).toEqual([]);
        expect(s.bound).not.toBeNull();
        expect(s.objective).toBeLessThanOrEqual(s.bound!);
      }),
      { numRuns: 100 },
    );
  });

  it('property: tiny instances reach the brute-force optimum; optimal only when true', () => {
    fc.assert(
      fc.property(instanceArb({ maxBookings: 7, maxDepartures: 3 }), (inst) => {
        const s = solve(inst, 300);
        const opt = bruteForceOptimum(inst);
        expect(validateConsolidation(inst, s).errors).toEqual([]);
        expect(s.objective).toBe(opt);
        expect(s.bound!).toBeGreaterThanOrEqual(opt);
        if (s.status === 'optimal') expect(s.bound).toBe(opt);
      }),
      { numRuns: 200 },
    );
  });

  it('property: pinning the plan it found and re-planning keeps those assignments', () => {
    fc.assert(
      fc.property(instanceArb({ maxBookings: 20, maxDepartures: 6 }), (inst) => {
        const first = solve(inst, 200);
        const pinned = first.assignments.filter((_, i) => i % 2 === 0);
        const again = { ...inst, pinned };
        const s = solve(again, 200);
        expect(validateConsolidation(again, s).errors).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });
});
