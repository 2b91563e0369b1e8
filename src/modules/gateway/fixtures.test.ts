// The stored reference instances (test/fixtures/gateway/reference, optima found by HiGHS) and the
// shipped what-if scenarios (October 2021 drop, July 2022 stop) through the scheduler, without HiGHS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../bench/gateway/scenarios';
import { type GatewayInstance, type GatewaySolution, parseGatewayInstance } from './contract';
import { runGatewayPlan, solveGateway } from './solve';
import { validateGatewaySolution } from './validate';

const DIR = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'gateway');
const read = (path: string): unknown => JSON.parse(readFileSync(join(DIR, path), 'utf8'));
const clock = { now: () => 0 };

function solveFile(id: string): { inst: GatewayInstance; sol: GatewaySolution } {
  const p = parseGatewayInstance(read(`scenarios/${id}.json`));
  if (!p.ok) throw new Error(`${id}: ${p.error.message.en}`);
  return { inst: p.value, sol: solveGateway(p.value, clock) };
}

describe('reference instances with HiGHS optima', () => {
  const expected = read('reference/expected.json') as Record<string, { objective: number }>;
  it('has reference instances', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(4);
  });
  for (const [id, { objective }] of Object.entries(expected)) {
    it(`${id}: objective equals HiGHS's optimum ${objective}`, () => {
      const r = runGatewayPlan(read(`reference/${id}.json`), clock);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.objective).toBe(objective);
      const inst = parseGatewayInstance(read(`reference/${id}.json`));
      if (inst.ok) expect(validateGatewaySolution(inst.value, r.value)).toEqual([]);
    });
  }
});

describe('shipped scenarios', () => {
  const files = readdirSync(join(DIR, 'scenarios')).filter((f) => f.endsWith('.json'));

  it('are the files the scenario generator writes (regenerate with bench/gateway/scenarios.ts)', () => {
    expect(files.sort()).toEqual(SCENARIOS.map((s) => `${s.id}.json`).sort());
    for (const s of SCENARIOS) expect(read(`scenarios/${s.id}.json`)).toEqual(s);
  });

  it('parse, solve to valid plans, and carry a bilingual description and start date', () => {
    for (const f of files) {
      const parsed = parseGatewayInstance(read(`scenarios/${f}`));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(parsed.value.description?.zh.length).toBeGreaterThan(0);
      expect(validateGatewaySolution(parsed.value, solveGateway(parsed.value, clock))).toEqual([]);
    }
  });

  it('October 2021: the drop at Alashankou builds a queue the baseline does not have', () => {
    const base = solveFile('oct-2021-baseline');
    const drop = solveFile('oct-2021-drop');
    expect(drop.inst.gateways[0]?.quota.slice(0, 7)).toEqual([16, 16, 16, 16, 16, 16, 16]);
    expect(drop.inst.gateways[0]?.quota.slice(7).every((q) => q === 5 || q === 6)).toBe(true);
    expect(base.sol.unscheduled.length).toBe(0);
    expect(drop.sol.unscheduled.length).toBeGreaterThan(100);
    expect(drop.sol.objective).toBeGreaterThan(base.sol.objective * 10);
    // The re-plan moves flexible trains to Khorgos: some AKL-routed trains cross at HRS.
    expect(drop.sol.crossings.some((c) => c.train.startsWith('AKL-') && c.gateway === 'HRS')).toBe(true);
    // Every unscheduled AKL-routed train is explained by full or closed slots.
    expect(
      drop.sol.unscheduled.every((u) => u.code === 'slots-full' || u.code === 'penalty-not-higher'),
    ).toBe(true);
  });

  it('July 2022: one train a day at Alashankou leaves far more trains unscheduled than the baseline', () => {
    const stop = solveGateway(SCENARIOS.find((s) => s.id === 'jul-2022-stop')!, clock);
    const base = solveGateway(SCENARIOS.find((s) => s.id === 'jul-2022-baseline')!, clock);
    expect(stop.unscheduled.length).toBeGreaterThan(base.unscheduled.length + 100);
    expect(stop.objective).toBeGreaterThan(base.objective);
  });
});
