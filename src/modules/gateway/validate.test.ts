// Tests of the independent solution checker: a correct plan passes, and each kind of broken plan is
// caught with the field it concerns.
import { describe, expect, it } from 'vitest';
import type { GatewayInstance, GatewaySolution } from './contract';
import { validateGatewaySolution } from './validate';

const INST: GatewayInstance = {
  format: 'lugang.gateway.instance/v1',
  id: 'v',
  days: 3,
  gateways: [
    { id: 'AKL', quota: [1, 1, 0] },
    { id: 'HRS', quota: [1, 1, 1] },
  ],
  trains: [
    { id: 'A', arrivalDay: 0, weight: 2, maxDelayDays: 1, options: [{ gateway: 'AKL', extraDays: 0 }] },
    {
      id: 'B',
      arrivalDay: 0,
      weight: 3,
      maxDelayDays: 2,
      options: [
        { gateway: 'AKL', extraDays: 0 },
        { gateway: 'HRS', extraDays: 1 },
        { gateway: 'HRS', extraDays: 2 },
      ],
    },
    { id: 'C', arrivalDay: 1, weight: 1, maxDelayDays: 0, options: [{ gateway: 'AKL', extraDays: 0 }] },
  ],
  unscheduledPenaltyDays: 5,
};

// A: AKL d0 (0); B: HRS d0 (3·1 = 3); C: AKL d1 (0) → 3.
const GOOD: GatewaySolution = {
  format: 'lugang.gateway.solution/v1',
  instanceId: 'v',
  status: 'optimal',
  objective: 3,
  bound: 3,
  solveMs: 0,
  crossings: [
    { train: 'A', gateway: 'AKL', day: 0 },
    { train: 'B', gateway: 'HRS', day: 0 },
    { train: 'C', gateway: 'AKL', day: 1 },
  ],
  unscheduled: [],
};

const codes = (sol: GatewaySolution): string[] => validateGatewaySolution(INST, sol).map((v) => v.code);
const with_ = (patch: Partial<GatewaySolution>): GatewaySolution => ({ ...structuredClone(GOOD), ...patch });

describe('validateGatewaySolution', () => {
  it('accepts a correct plan (cheapest duplicate option counts)', () => {
    expect(validateGatewaySolution(INST, GOOD)).toEqual([]);
  });

  it('accepts a correct plan with an unscheduled train', () => {
    // B: AKL day 1 (3·1) + C unscheduled (1·5) = 8.
    const sol = with_({
      objective: 8,
      bound: 8,
      crossings: [
        { train: 'A', gateway: 'AKL', day: 0 },
        { train: 'B', gateway: 'AKL', day: 1 },
      ],
      unscheduled: [{ train: 'C', reason: 'AKL full on day 1' }],
    });
    expect(validateGatewaySolution(INST, sol)).toEqual([]);
  });

  it('catches a quota overrun', () => {
    const sol = with_({ objective: 0, bound: 0 });
    sol.crossings[1] = { train: 'B', gateway: 'AKL', day: 0 };
    expect(codes(sol)).toEqual(['gateway.solution.quota']);
  });

  it('catches a day outside the window or the horizon, and an option not allowed', () => {
    const early = with_({});
    early.crossings[2] = { train: 'C', gateway: 'AKL', day: 0 };
    expect(codes(early)).toContain('gateway.solution.window');
    const beyond = with_({ objective: 9, bound: 9 });
    beyond.crossings[1] = { train: 'B', gateway: 'HRS', day: 3 };
    expect(codes(beyond)).toContain('gateway.solution.horizon');
    const wrong = with_({});
    wrong.crossings[0] = { train: 'A', gateway: 'HRS', day: 0 };
    const v = validateGatewaySolution(INST, wrong);
    expect(v[0]).toMatchObject({ field: 'crossings.0.gateway', code: 'gateway.solution.not_an_option' });
  });

  it('catches missing, duplicated and unknown trains', () => {
    expect(codes(with_({ crossings: GOOD.crossings.slice(0, 2) }))).toContain(
      'gateway.solution.missing_train',
    );
    expect(codes(with_({ unscheduled: [{ train: 'A', reason: 'x' }] }))).toContain(
      'gateway.solution.duplicate',
    );
    expect(codes(with_({ unscheduled: [{ train: 'Z', reason: 'x' }] }))).toEqual([
      'gateway.solution.unknown_train',
    ]);
  });

  it('catches a wrong objective, a bound above it, a bound ≠ objective when optimal, a wrong instance', () => {
    expect(codes(with_({ objective: 4, bound: 4 }))).toEqual(['gateway.solution.objective']);
    expect(codes(with_({ bound: 2 }))).toEqual(['gateway.solution.bound']);
    expect(codes(with_({ status: 'feasible', bound: 4 }))).toEqual(['gateway.solution.bound']);
    expect(codes(with_({ status: 'feasible', bound: null }))).toEqual([]);
    expect(codes(with_({ instanceId: 'w' }))).toEqual(['gateway.solution.instance']);
  });
});
