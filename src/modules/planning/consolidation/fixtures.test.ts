// Stored HiGHS reference optima (test/fixtures/consolidation/, made by
// bench/plan/consolidation/make-fixtures.ts): the planner never beats a proven optimum, its bound
// never falls below it, `optimal` agrees with it, and it stays close to it. No HiGHS run here.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConsolidationInstance } from './contract';
import { solveConsolidation } from './solve';
import { validateConsolidation } from './validate';

const dir = new URL('../../../../test/fixtures/consolidation/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

interface Fixture {
  highs: { status: string; objective: number; bound: number };
  instance: unknown;
}

describe('consolidation against stored HiGHS optima', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(5));

  it.each(files)('%s', (file) => {
    const fx = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture;
    const parsed = parseConsolidationInstance(fx.instance);
    if (!parsed.ok) throw new Error(parsed.error.message.en);
    let t = 0;
    const r = solveConsolidation(parsed.value, { now: () => t++ }, { timeLimitMs: 600 });
    if (!r.ok) throw new Error(r.error.message.en);
    const s = r.value;
    expect(validateConsolidation(parsed.value, s).errors).toEqual([]);
    expect(fx.highs.status).toBe('optimal');
    const opt = Math.round(fx.highs.objective);
    expect(s.objective).toBeLessThanOrEqual(opt);
    expect(s.bound!).toBeGreaterThanOrEqual(opt);
    if (s.status === 'optimal') expect(s.objective).toBe(opt);
    // quality guard (deterministic clock): within 1 % of the optimum
    expect(s.objective).toBeGreaterThanOrEqual(0.99 * opt);
  });
});
