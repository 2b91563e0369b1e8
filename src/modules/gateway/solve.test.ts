// Tests of the exact gateway scheduler: hand-checked examples with their explanations, and properties
// on random instances: always a valid plan, status optimal with bound = objective, objective equal to
// exhaustive search on tiny instances, explanations that match the plan exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatewayInstanceArb, SMALL, TINY } from './arbitraries';
import { type GatewayInstance, type GatewaySolution, parseGatewaySolution } from './contract';
import { runGatewayPlan, solveGateway } from './solve';
import { validateGatewaySolution } from './validate';

let tick = 0;
const clock = { now: () => (tick += 5) };

function inst(
  partial: Partial<GatewayInstance> & Pick<GatewayInstance, 'days' | 'gateways' | 'trains'>,
): GatewayInstance {
  return { format: 'lugang.gateway.instance/v1', id: 'ex', unscheduledPenaltyDays: 10, ...partial };
}
const train = (
  id: string,
  arrivalDay: number,
  weight: number,
  maxDelayDays: number,
  ...gws: [string, number][]
) => ({
  id,
  arrivalDay,
  weight,
  maxDelayDays,
  options: gws.map(([gateway, extraDays]) => ({ gateway, extraDays })),
});

/** Exhaustive minimum over all plans (each train: an allowed slot with room, or unscheduled). */
function bruteForce(x: GatewayInstance): number {
  const used = new Map<string, number>();
  let best = Number.POSITIVE_INFINITY;
  const rec = (i: number, acc: number): void => {
    if (i === x.trains.length) {
      best = Math.min(best, acc);
      return;
    }
    const t = x.trains[i]!;
    rec(i + 1, acc + t.weight * x.unscheduledPenaltyDays);
    for (const o of t.options) {
      const quota = x.gateways.find((g) => g.id === o.gateway)!.quota;
      for (let d = t.arrivalDay; d <= t.arrivalDay + t.maxDelayDays && d < x.days; d++) {
        const k = `${o.gateway}|${d}`;
        const n = used.get(k) ?? 0;
        if (n >= quota[d]!) continue;
        used.set(k, n + 1);
        rec(i + 1, acc + t.weight * (d - t.arrivalDay + o.extraDays));
        used.set(k, n);
      }
    }
  };
  rec(0, 0);
  return best;
}

function solve(x: GatewayInstance): GatewaySolution {
  return solveGateway(x, clock);
}

describe('solveGateway examples', () => {
  it('sends the heavier train first when a gateway has one slot a day', () => {
    const x = inst({
      days: 2,
      gateways: [{ id: 'AKL', quota: [1, 1] }],
      trains: [train('light', 0, 1, 1, ['AKL', 0]), train('heavy', 0, 5, 1, ['AKL', 0])],
    });
    const s = solve(x);
    expect(s.objective).toBe(1);
    expect(s.status).toBe('optimal');
    expect(s.bound).toBe(1);
    expect(s.crossings.map((c) => [c.train, c.day])).toEqual([
      ['heavy', 0],
      ['light', 1],
    ]);
    const late = s.crossings[1]!;
    expect(late.delayReason).toBe(
      'Crosses AKL on day 1, 1 day(s) after arriving on day 0: every cheaper slot is taken — AKL full on day(s) 0 (quota 1/day).',
    );
    expect(late.delayReasonZh).toContain('AKL 第 0 天已满');
    expect(late.blocked).toEqual([{ gateway: 'AKL', day: 0, state: 'full', quota: 1 }]);
    expect(s.crossings[0]!.delayReason).toBeUndefined();
  });

  it('switches gateway when the extra days cost less than waiting', () => {
    const x = inst({
      days: 3,
      gateways: [
        { id: 'AKL', quota: [1, 1, 1] },
        { id: 'HRS', quota: [1, 0, 1] },
      ],
      trains: [train('A', 0, 2, 2, ['AKL', 0]), train('B', 0, 3, 2, ['AKL', 0], ['HRS', 1])],
    });
    // B: AKL day 0 (0) + A: AKL day 1 (2) = 2; or B: HRS day 0 (3) + A: AKL day 0 (0) = 3.
    const s = solve(x);
    expect(s.objective).toBe(2);
    expect(s.crossings).toContainEqual(expect.objectContaining({ train: 'B', gateway: 'AKL', day: 0 }));
  });

  it('explains a detour through a gateway with extra days on the arrival day', () => {
    const x = inst({
      days: 2,
      gateways: [
        { id: 'AKL', quota: [1, 0] },
        { id: 'HRS', quota: [1, 1] },
      ],
      trains: [train('A', 0, 5, 1, ['AKL', 0]), train('B', 0, 1, 1, ['AKL', 0], ['HRS', 1])],
    });
    const s = solve(x);
    const b = s.crossings.find((c) => c.train === 'B')!;
    expect(b).toMatchObject({ gateway: 'HRS', day: 0 });
    expect(b.delayReason).toContain('(+1 extra day(s) via HRS)');
    expect(b.blocked).toEqual([{ gateway: 'AKL', day: 0, state: 'full', quota: 1 }]);
  });

  it('leaves the lighter train unscheduled when the only slot is full, and says why', () => {
    const x = inst({
      days: 1,
      unscheduledPenaltyDays: 4,
      gateways: [{ id: 'AKL', quota: [1] }],
      trains: [train('w2', 0, 2, 3, ['AKL', 0]), train('w3', 0, 3, 3, ['AKL', 0])],
    });
    const s = solve(x);
    expect(s.objective).toBe(8);
    expect(s.unscheduled).toHaveLength(1);
    const u = s.unscheduled[0]!;
    expect(u.train).toBe('w2');
    expect(u.code).toBe('slots-full');
    expect(u.blocked).toEqual([{ gateway: 'AKL', day: 0, state: 'full', quota: 1 }]);
    expect(u.reason).toContain('AKL full on day(s) 0');
    expect(u.reason).toContain('later days are beyond the horizon');
    expect(u.reasonZh).toContain('AKL 第 0 天已满');
  });

  it('explains trains after the horizon, without options, and at closed gateways', () => {
    const x = inst({
      days: 3,
      gateways: [{ id: 'AKL', quota: [0, 0, 5] }],
      trains: [
        train('late', 3, 1, 5, ['AKL', 0]),
        train('none', 0, 1, 5),
        train('closed', 0, 1, 1, ['AKL', 0]),
      ],
    });
    const s = solve(x);
    expect(s.crossings).toEqual([]);
    expect(s.unscheduled.map((u) => [u.train, u.code])).toEqual([
      ['late', 'after-horizon'],
      ['none', 'no-option'],
      ['closed', 'all-closed'],
    ]);
    expect(s.unscheduled[2]!.reason).toContain('AKL closed on day(s) 0–1');
    expect(s.unscheduled[2]!.reason).toContain('maximum delay 1 day(s)');
    expect(s.objective).toBe(30);
  });

  it('prefers crossing over staying out at equal cost, and stays out when crossing costs more', () => {
    const x = inst({
      days: 2,
      unscheduledPenaltyDays: 1,
      gateways: [{ id: 'AKL', quota: [2, 2] }],
      trains: [train('tie', 0, 2, 1, ['AKL', 1]), train('dear', 0, 2, 1, ['AKL', 2])],
    });
    const s = solve(x);
    // tie: day 0 costs 2·1 = penalty 2·1 → crosses; dear: ≥ 2·2 > 2 → unscheduled.
    expect(s.crossings.map((c) => c.train)).toEqual(['tie']);
    expect(s.unscheduled[0]).toMatchObject({ train: 'dear', code: 'penalty-not-higher', blocked: [] });
    expect(s.unscheduled[0]!.reason).toContain('AKL day(s) 0–1 (2 extra day(s))');
    expect(s.objective).toBe(4);
  });

  it('measures solveMs with the injected clock', () => {
    tick = 0;
    const s = solveGateway(inst({ days: 1, gateways: [], trains: [] }), clock);
    expect(s.solveMs).toBe(5);
  });
});

describe('runGatewayPlan', () => {
  it('returns the violation of a malformed document', () => {
    const r = runGatewayPlan({ format: 'lugang.gateway.instance/v1' }, clock);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('id');
  });
  it('solves a valid document into a solution that parses', () => {
    const r = runGatewayPlan(
      inst({ days: 1, gateways: [{ id: 'AKL', quota: [1] }], trains: [train('T', 0, 1, 0, ['AKL', 0])] }),
      clock,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(parseGatewaySolution(JSON.parse(JSON.stringify(r.value))).ok).toBe(true);
  });
});

describe('solveGateway properties', () => {
  it('always returns a valid optimal plan with bound = objective', () => {
    fc.assert(
      fc.property(gatewayInstanceArb(SMALL), (x) => {
        const s = solve(x);
        expect(s.status).toBe('optimal');
        expect(s.bound).toBe(s.objective);
        expect(validateGatewaySolution(x, s)).toEqual([]);
        expect(parseGatewaySolution(s).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('equals the exhaustive optimum on tiny instances (≤ 6 trains)', () => {
    fc.assert(
      fc.property(gatewayInstanceArb(TINY), (x) => {
        expect(solve(x).objective).toBe(bruteForce(x));
      }),
      { numRuns: 400 },
    );
  });

  it('does not depend on the order of the trains', () => {
    fc.assert(
      fc.property(gatewayInstanceArb(SMALL), fc.integer(), (x, seed) => {
        const rev = { ...x, trains: [...x.trains].reverse() };
        const rot = {
          ...x,
          trains: x.trains.map((_, k) => x.trains[(k + Math.abs(seed)) % x.trains.length]!),
        };
        const obj = solve(x).objective;
        expect(solve(rev).objective).toBe(obj);
        expect(solve(rot).objective).toBe(obj);
      }),
      { numRuns: 100 },
    );
  });

  it('explanations are exact: blocked slots are full or closed, and no cheaper free slot exists', () => {
    fc.assert(
      fc.property(gatewayInstanceArb(SMALL), (x) => {
        const s = solve(x);
        const used = new Map<string, number>();
        for (const c of s.crossings)
          used.set(`${c.gateway}|${c.day}`, (used.get(`${c.gateway}|${c.day}`) ?? 0) + 1);
        const quota = (g: string, d: number) => x.gateways.find((y) => y.id === g)!.quota[d]!;
        const isBlocked = (g: string, d: number) =>
          quota(g, d) === 0 || (used.get(`${g}|${d}`) ?? 0) >= quota(g, d);
        const byId = new Map(x.trains.map((t) => [t.id, t]));
        for (const u of s.unscheduled) {
          const t = byId.get(u.train)!;
          for (const b of u.blocked ?? []) {
            expect(isBlocked(b.gateway, b.day)).toBe(true);
            expect(b.state).toBe(quota(b.gateway, b.day) === 0 ? 'closed' : 'full');
          }
          for (const o of t.options) {
            for (let d = t.arrivalDay; d <= Math.min(t.arrivalDay + t.maxDelayDays, x.days - 1); d++) {
              if (isBlocked(o.gateway, d)) {
                expect(u.blocked).toContainEqual(expect.objectContaining({ gateway: o.gateway, day: d }));
              } else {
                // Free slot: crossing there must cost strictly more than staying out (ties cross).
                expect(t.weight * (d - t.arrivalDay + o.extraDays)).toBeGreaterThan(
                  t.weight * x.unscheduledPenaltyDays,
                );
              }
            }
          }
        }
        for (const c of s.crossings) {
          const t = byId.get(c.train)!;
          const extraOf = (g: string) =>
            Math.min(...t.options.filter((o) => o.gateway === g).map((o) => o.extraDays));
          const mine = c.day - t.arrivalDay + extraOf(c.gateway);
          const ideal = Math.min(...t.options.map((o) => o.extraDays));
          if (mine === ideal) {
            expect(c.delayReason).toBeUndefined();
            continue;
          }
          expect(c.delayReason).toMatch(/^Crosses /);
          if (t.weight === 0) continue;
          for (const o of t.options) {
            for (let d = t.arrivalDay; d <= Math.min(t.arrivalDay + t.maxDelayDays, x.days - 1); d++) {
              const cheaper = d - t.arrivalDay + o.extraDays < mine;
              // Every strictly cheaper slot is full or closed, and exactly those are listed.
              if (cheaper) expect(isBlocked(o.gateway, d)).toBe(true);
              const listed = (c.blocked ?? []).some((b) => b.gateway === o.gateway && b.day === d);
              if (d - t.arrivalDay + extraOf(o.gateway) < mine) expect(listed).toBe(true);
              else expect(listed).toBe(false);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('size limits', () => {
  it('answers an instance beyond the slot limit with one violation, not a crash', () => {
    const days = 3000;
    const doc = inst({
      days,
      gateways: [0, 1].map((g) => ({ id: `G${g}`, quota: Array.from({ length: days }, () => 1) })),
      trains: [train('T', 0, 1, days, ['G0', 0], ['G1', 0])],
    });
    const r = runGatewayPlan(doc, clock);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ field: 'gateways', code: 'gateway.too_large' });
      expect(r.error.message.en).toContain('6000 open (gateway, day) slots');
    }
  });

  it('refuses costs that would not be exact integers', () => {
    const doc = inst({
      days: 1,
      unscheduledPenaltyDays: 1_000_000,
      gateways: [{ id: 'G0', quota: [1] }],
      trains: Array.from({ length: 10_000 }, (_, k) => train(`T${k}`, 0, 1_000_000, 0, ['G0', 0])),
    });
    const r = runGatewayPlan(doc, clock);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.en).toContain('worst total cost of 10000000000000000');
  });

  it('leaves slots no train can use out of the network (a long empty horizon is cheap)', () => {
    const days = 3000;
    const doc = inst({
      days,
      gateways: [0, 1].map((g) => ({ id: `G${g}`, quota: Array.from({ length: days }, () => 1) })),
      trains: [train('T', 5, 1, 3, ['G0', 0], ['G1', 1])],
    });
    const r = runGatewayPlan(doc, clock);
    expect(r.ok && r.value.objective).toBe(0);
  });
});
