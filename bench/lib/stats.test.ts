// Tests of the timing statistics and the seeded PRNG.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng';
import { mean, p50, p95, percentile, summarize } from './stats';

describe('stats', () => {
  it('computes nearest-rank percentiles and the mean', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(p50(xs)).toBe(3);
    expect(p95(xs)).toBe(5);
    expect(percentile(xs, 0)).toBe(1);
    expect(mean(xs)).toBe(3);
    expect(summarize(xs)).toMatchObject({ n: 5, min: 1, max: 5 });
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(p95(hundred)).toBe(95);
    expect(p50(hundred)).toBe(50);
    expect(Number.isNaN(p50([]))).toBe(true);
  });

  it('percentiles are members of the data and monotone in p', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), fc.integer({ min: 0, max: 100 }), (xs, p) => {
        expect(xs).toContain(percentile(xs, p));
        expect(percentile(xs, p)).toBeLessThanOrEqual(percentile(xs, Math.min(100, p + 5)));
      }),
    );
  });
});

describe('mulberry32', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(sa).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(sa).not.toEqual(Array.from({ length: 5 }, () => c.next()));
  });

  it('int stays in range and hits both ends; shuffle is a permutation', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 0, max: 10 }),
        (seed, lo, w) => {
          const r = mulberry32(seed);
          const seen = new Set<number>();
          for (let i = 0; i < 400; i++) {
            const x = r.int(lo, lo + w);
            expect(x).toBeGreaterThanOrEqual(lo);
            expect(x).toBeLessThanOrEqual(lo + w);
            seen.add(x);
          }
          expect(seen.has(lo) && seen.has(lo + w)).toBe(true);
          const items = Array.from({ length: w }, (_, i) => i);
          expect([...r.shuffle(items)].sort((x, y) => x - y)).toEqual(items);
          if (w > 0) expect(items).toContain(r.pick(items));
        },
      ),
    );
    expect(() => mulberry32(1).int(2, 1)).toThrow(RangeError);
  });
});
