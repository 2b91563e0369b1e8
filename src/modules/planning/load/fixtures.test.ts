// Lugang's load planner against stored HiGHS optima (test/fixtures/load-plan/*.json, written once by
// bench/plan/load/make-fixtures.ts): every plan passes the independent validator, "optimal" agrees
// with HiGHS exactly, and the objective never exceeds the HiGHS optimum nor the bound falls below it.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLoadPlanInstance } from './contract';
import { solveLoadPlan } from './solve';
import { validateLoadPlan } from './validate';

const dir = new URL('../../../../test/fixtures/load-plan/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

interface Fixture {
  instance: unknown;
  highs: { status: string; objective: number };
}

describe('load planner vs stored HiGHS optima', () => {
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s', (file) => {
    const fx = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture;
    const parsed = parseLoadPlanInstance(fx.instance);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    let t = 0;
    // A node budget instead of a clock keeps the test deterministic on a busy machine.
    const sol = solveLoadPlan(parsed.value, { now: () => t++ }, { timeLimitMs: 1e12, maxNodes: 3_000_000 });
    expect(validateLoadPlan(parsed.value, sol).errors).toEqual([]);
    expect(fx.highs.status).toBe('optimal');
    expect(sol.objective).toBeLessThanOrEqual(fx.highs.objective);
    expect(sol.bound ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(fx.highs.objective);
    expect(sol.status).toBe('optimal');
    expect(sol.objective).toBe(fx.highs.objective);
  });

  it.each(files)('%s cut short after a few nodes still gives a valid plan and a true bound', (file) => {
    const fx = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture;
    const parsed = parseLoadPlanInstance(fx.instance);
    if (!parsed.ok) throw new Error(file);
    let t = 0;
    const sol = solveLoadPlan(parsed.value, { now: () => t++ }, { timeLimitMs: 1e12, maxNodes: 3 });
    expect(validateLoadPlan(parsed.value, sol).errors).toEqual([]);
    expect(sol.bound ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(fx.highs.objective);
    if (sol.status === 'optimal') expect(sol.objective).toBe(fx.highs.objective);
  });
});
