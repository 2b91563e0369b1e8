import { describe, expect, it } from 'vitest';
import { MAX_GLIDE_MS, shownAt, TrainStore } from './trains';

describe('train motion', () => {
  it('starts where the first report puts it, then glides to the next over the report interval', () => {
    const s = new TrainStore();
    s.report('T', 80, 40, 0);
    expect(shownAt(s.trains.get('T')!, 0)).toEqual([80, 40]);
    s.report('T', 82, 42, 2000);
    const m = s.trains.get('T')!;
    expect(shownAt(m, 2000)).toEqual([80, 40]);
    expect(shownAt(m, 3000)).toEqual([81, 41]);
    expect(shownAt(m, 4000)).toEqual([82, 42]);
    expect(shownAt(m, 9000)).toEqual([82, 42]);
  });

  it('a report mid-glide continues from the point shown, without a jump', () => {
    const s = new TrainStore();
    s.report('T', 0, 0, 0);
    s.report('T', 10, 0, 1000);
    s.report('T', 20, 0, 1500); // shown at 5 when this arrives
    const m = s.trains.get('T')!;
    expect(shownAt(m, 1500)[0]).toBeCloseTo(5);
    expect(m.t1 - m.t0).toBe(500);
  });

  it('caps the glide after a long silence and drops trains no longer listed', () => {
    const s = new TrainStore();
    s.report('A', 0, 0, 0);
    s.report('A', 1, 1, 600_000);
    const m = s.trains.get('A')!;
    expect(m.t1 - m.t0).toBe(MAX_GLIDE_MS);
    s.report('B', 0, 0, 0);
    s.retain(new Set(['B']));
    expect([...s.trains.keys()]).toEqual(['B']);
  });
});
