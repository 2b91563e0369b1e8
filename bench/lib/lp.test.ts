// Tests of the LP text builder: names, merging, bounds and sections, and a round trip through HiGHS.
import { afterAll, describe, expect, it } from 'vitest';
import { solveWithHighs, stopHighsWorker } from './highs';
import { LpBuilder, sanitizeName } from './lp';

afterAll(async () => {
  await stopHighsWorker();
});

describe('sanitizeName', () => {
  it('keeps safe names and fixes unsafe ones', () => {
    expect(sanitizeName('x_T1_AKL_3')).toBe('x_T1_AKL_3');
    expect(sanitizeName('T-1 (AKL)')).toBe('T_1__AKL_');
    expect(sanitizeName('3abc')).toBe('x_3abc');
    expect(sanitizeName('e12')).toBe('x_e12');
    expect(sanitizeName('陆港', 'c')).toBe('__');
    expect(sanitizeName('', 'c')).toBe('c_');
  });
});

describe('LpBuilder', () => {
  it('writes sections, merges repeated terms and keeps written names unique', () => {
    const m = new LpBuilder('maximize');
    const a = m.addVar('a-b', { type: 'integer', ub: 4, obj: 3 });
    const b = m.addVar('a_b', { type: 'binary', obj: -1 });
    expect(a).toBe('a_b');
    expect(b).toBe('a_b_2');
    m.addConstraint(
      'cap',
      [
        [1, 'a-b'],
        [2, 'a-b'],
        [-1, 'a_b'],
      ],
      '<=',
      7,
    );
    const text = m.toString();
    expect(text).toContain('Maximize');
    expect(text).toContain(' cap: 3 a_b - 1 a_b_2 <= 7');
    expect(text).toContain(' 0 <= a_b <= 4');
    expect(text).toMatch(/Generals\n a_b\n/);
    expect(text).toMatch(/Binaries\n a_b_2\n/);
    expect(text.trimEnd().endsWith('End')).toBe(true);
  });

  it('rejects unknown variables and non-finite coefficients', () => {
    const m = new LpBuilder();
    m.addVar('x');
    expect(() => m.addConstraint('c', [[1, 'y']], '<=', 1)).toThrow(/unknown variable/);
    m.addConstraint('c', [[Number.NaN, 'x']], '<=', 1);
    expect(() => m.toString()).toThrow(/finite/);
  });

  it('round-trips through HiGHS: a 3×3 assignment problem with a known optimum', async () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const m = new LpBuilder('minimize');
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) m.addVar(`x ${i}.${j}`, { type: 'binary', obj: cost[i]?.[j] ?? 0 });
    for (let i = 0; i < 3; i++)
      m.addConstraint(
        `row${i}`,
        [0, 1, 2].map((j) => [1, `x ${i}.${j}`] as const),
        '=',
        1,
      );
    for (let j = 0; j < 3; j++)
      m.addConstraint(
        `col${j}`,
        [0, 1, 2].map((i) => [1, `x ${i}.${j}`] as const),
        '=',
        1,
      );
    m.addObjectiveConstant(10);
    const r = await solveWithHighs(m.toString(), { timeLimitMs: 20_000 });
    expect(r.status).toBe('optimal');
    // Optimum 1 + 2 + 2 = 5 (x01, x10, x22), plus the constant.
    expect(r.objective).toBeCloseTo(15, 6);
    expect(r.columns[m.colName('x 0.1')]).toBeCloseTo(1, 6);
    expect(r.columns[m.colName('x 1.0')]).toBeCloseTo(1, 6);
    expect(r.columns[m.colName('x 2.2')]).toBeCloseTo(1, 6);
  });
});
