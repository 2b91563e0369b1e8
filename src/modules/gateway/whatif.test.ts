// Tests of the queue forecast and plan comparison, on a hand-made case and on the October 2021 scenario.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../bench/gateway/scenarios';
import type { GatewayInstance } from './contract';
import { solveGateway } from './solve';
import { comparePlans, queueForecast } from './whatif';

const clock = { now: () => 0 };

const base: GatewayInstance = {
  format: 'lugang.gateway.instance/v1',
  id: 'w',
  days: 3,
  gateways: [
    { id: 'AKL', quota: [2, 2, 2] },
    { id: 'HRS', quota: [1, 1, 1] },
  ],
  trains: [
    { id: 'A', arrivalDay: 0, weight: 3, maxDelayDays: 2, options: [{ gateway: 'AKL', extraDays: 0 }] },
    {
      id: 'B',
      arrivalDay: 0,
      weight: 2,
      maxDelayDays: 2,
      options: [
        { gateway: 'AKL', extraDays: 0 },
        { gateway: 'HRS', extraDays: 1 },
      ],
    },
    { id: 'C', arrivalDay: 0, weight: 1, maxDelayDays: 0, options: [{ gateway: 'AKL', extraDays: 0 }] },
  ],
  unscheduledPenaltyDays: 5,
};

describe('queueForecast', () => {
  it('counts arrivals, crossings per gateway and the trains left waiting', () => {
    const closed: GatewayInstance = {
      ...base,
      gateways: [{ id: 'AKL', quota: [0, 1, 2] }, base.gateways[1]!],
    };
    const sol = solveGateway(closed, clock);
    // AKL closed on day 0: B takes HRS day 0 (2·1), A waits to AKL day 1 (3·1), C (no delay allowed) stays out (1·5).
    expect(sol.objective).toBe(10);
    const q = queueForecast(closed, sol);
    expect(q.days.map((d) => d.waiting)).toEqual([2, 1, 1]);
    expect(q.days[0]).toMatchObject({ arriving: 3, crossing: { AKL: 0, HRS: 1 }, quota: { AKL: 0, HRS: 1 } });
    expect(q.maxWaiting).toBe(2);
    expect(q.unscheduled).toBe(1);
    expect(q.meanDelayDays).toBe(0.5);
  });
});

describe('comparePlans', () => {
  it('lists the trains that switch gateway or move, against the current plan', () => {
    const before = { inst: base, sol: solveGateway(base, clock) };
    const closedInst: GatewayInstance = {
      ...base,
      gateways: [{ id: 'AKL', quota: [0, 1, 2] }, base.gateways[1]!],
    };
    const after = { inst: closedInst, sol: solveGateway(closedInst, clock) };
    const cmp = comparePlans(before, after);
    // A and C take both AKL slots of day 0; B crosses one day later (AKL day 1 or HRS +1 day): 2·1.
    expect(cmp.objectiveBefore).toBe(2);
    expect(cmp.objectiveAfter).toBe(10);
    expect(cmp.unscheduledAfter - cmp.unscheduledBefore).toBe(1);
    expect(cmp.changed.map((c) => c.train).sort()).toEqual(expect.arrayContaining(['A', 'C']));
    const c = cmp.changed.find((x) => x.train === 'C')!;
    expect(c.after).toBeNull();
    expect(c.delayChangeDays).toBeNull();
    for (const s of cmp.switchedGateway) expect(s.before?.gateway).not.toBe(s.after?.gateway);
  });

  it('October 2021: the drop re-plan moves flexible trains to Khorgos and the queue peaks far higher', () => {
    const solve = (id: string) => {
      const inst = SCENARIOS.find((s) => s.id === id)!;
      return { inst, sol: solveGateway(inst, clock) };
    };
    const cmp = comparePlans(solve('oct-2021-baseline'), solve('oct-2021-drop'));
    expect(cmp.switchedGateway.length).toBeGreaterThan(0);
    expect(cmp.switchedGateway.every((s) => s.after?.gateway === 'HRS' || s.after?.gateway === 'AKL')).toBe(
      true,
    );
    expect(cmp.queueAfter.maxWaiting).toBeGreaterThan(cmp.queueBefore.maxWaiting + 100);
    expect(cmp.objectiveAfter).toBeGreaterThan(cmp.objectiveBefore);
  });
});
