// Tests of the HiGHS worker runner: a known MIP optimum, an LP, infeasibility, and the time limit.
import { afterAll, describe, expect, it } from 'vitest';
import { solveWithHighs, stopHighsWorker } from './highs';
import { LpBuilder } from './lp';
import { mulberry32 } from './prng';

afterAll(async () => {
  await stopHighsWorker();
});

const CHAIRS = `Maximize
 profit: 30 chairs + 50 tables
Subject To
 carpentry: chairs + 2 tables <= 40
 finishing: 2 chairs + tables <= 50
Generals
 chairs tables
End
`;

/**
 * A market-split instance (Cornuéjols–Dawande): 5 equality rows with random coefficients over 40
 * binaries, slack minimised. Notoriously hard for branch and bound: not solved within a second or two.
 */
function marketSplit(seed: number): string {
  const rng = mulberry32(seed);
  const rows = 5;
  const n = 40;
  const m = new LpBuilder('minimize');
  for (let j = 0; j < n; j++) m.addVar(`x${j}`, { type: 'binary' });
  for (let i = 0; i < rows; i++) {
    const a = Array.from({ length: n }, () => rng.int(0, 99));
    const rhs = Math.floor(a.reduce((s, v) => s + v, 0) / 2);
    m.addVar(`sp${i}`, { obj: 1 });
    m.addVar(`sm${i}`, { obj: 1 });
    const terms = a.map((c, j) => [c, `x${j}`] as const);
    m.addConstraint(`r${i}`, [...terms, [1, `sp${i}`], [-1, `sm${i}`]], '=', rhs);
  }
  return m.toString();
}

describe('solveWithHighs', () => {
  it('solves a small MIP to its known optimum in the worker', async () => {
    const r = await solveWithHighs(CHAIRS, { timeLimitMs: 20_000 });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBe(1100);
    expect(r.bound).toBeCloseTo(1100, 6);
    expect(r.columns).toEqual({ chairs: 20, tables: 10 });
  });

  it('solves the LP relaxation when Generals are dropped (bound equals objective)', async () => {
    // finishing ≤ 51 moves the LP vertex to chairs = 62/3, tables = 29/3.
    const lp = CHAIRS.replace(/Generals\n chairs tables\n/, '').replace('<= 50', '<= 51');
    const r = await solveWithHighs(lp, { timeLimitMs: 20_000 });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo((30 * 62 + 50 * 29) / 3, 6);
    expect(r.bound).toBe(r.objective);
  });

  it('solves an empty model (no rows, no columns) to objective 0', async () => {
    const r = await solveWithHighs('Minimize\n obj: 0\nSubject To\nEnd\n');
    expect(r).toMatchObject({ status: 'optimal', objective: 0, bound: 0, columns: {} });
  });

  it('reports infeasibility', async () => {
    const lp = 'Minimize\n obj: x\nSubject To\n a: x >= 3\n b: x <= 2\nEnd\n';
    const r = await solveWithHighs(lp, { timeLimitMs: 20_000 });
    expect(r.status).toBe('infeasible');
    expect(r.objective).toBeNull();
  });

  it('reports a parse error as status error, not an exception', async () => {
    const r = await solveWithHighs('this is not an LP', { timeLimitMs: 20_000 });
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/empty model/);
    const broken = await solveWithHighs('Minimize\n obj: x +\nSubject To\n c: x >= foo 3\nEnd\n');
    expect(broken.status).toBe('error');
    // The worker is replaced after a WebAssembly abort.
    expect((await solveWithHighs(CHAIRS)).objective).toBe(1100);
  });

  it('kills the worker at the wall-clock limit and then still works', async () => {
    // HiGHS's own limit is set far beyond the wall-clock one, so only the kill can stop it (with a
    // 1 ms limit a busy machine could let HiGHS stop itself first and the test would race).
    const r = await solveWithHighs(marketSplit(3), { timeLimitMs: 300, options: { time_limit: 600 } });
    expect(r.status).toBe('time-limit');
    expect(r.killed).toBe(true);
    expect(r.columns).toEqual({});
    const again = await solveWithHighs(CHAIRS, { timeLimitMs: 20_000 });
    expect(again.objective).toBe(1100);
  });

  it('passes its own time_limit to HiGHS, which returns incumbent and bound', async () => {
    const r = await solveWithHighs(marketSplit(3), { timeLimitMs: 3000 });
    expect(r.status).toBe('time-limit');
    // HiGHS stopped itself (the worker was not killed), so it reported its incumbent and bound.
    expect(r.killed).toBe(false);
    expect(r.objective).not.toBeNull();
    expect(r.bound).not.toBeNull();
    expect(r.bound as number).toBeLessThanOrEqual((r.objective as number) + 1e-6);
  });
});
