import { describe, expect, it } from 'vitest';
import { parseTransshipDocument, TRANSSHIP_FORMAT } from './contract';
import { planTransshipment } from './plan';

const doc = (direction: 'to-1520' | 'to-1435', perTrain: number, trains: number) => ({
  format: TRANSSHIP_FORMAT,
  id: 'TS-DOC',
  startAt: '2026-12-03T02:00:00+08:00',
  direction,
  trains: Array.from({ length: trains }, (_, t) => ({
    reference: `T${t}`,
    boxes: Array.from({ length: perTrain }, (_, i) => ({
      id: `T${t}B${i}`,
      lengthFt: 40,
      grossKg: 18_000,
      fromWagon: `T${t}/${i + 1}`,
    })),
  })),
});

describe('the transshipment document', () => {
  it('takes the defaults of the direction: 62 broad-gauge wagons, or 55 NX70A', () => {
    const east = parseTransshipDocument(doc('to-1435', 62, 2));
    expect(east.ok).toBe(true);
    if (!east.ok) return;
    expect(east.value.rules).toMatchObject({ fromGaugeMm: 1520, toGaugeMm: 1435, maxWagons: 55 });
    const p = planTransshipment(east.value, { now: () => 0 }, { maxNodes: 20_000 });
    expect(p.formed.map((f) => f.wagons.length).sort()).toEqual([41, 41, 42]);
    expect(p.formed[0]?.wagons[0]?.type).toBe('NX70A');
    const west = parseTransshipDocument({ ...doc('to-1520', 41, 3), rules: { cranes: 4 } });
    expect(west.ok && west.value.rules.maxWagons).toBe(62);
    expect(west.ok && west.value.rules.cranes).toBe(4);
  });

  it('names the bad field', () => {
    const twice = doc('to-1520', 2, 2);
    twice.trains[1]!.boxes[0]!.id = 'T0B0';
    const r = parseTransshipDocument(twice);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('trains.1.boxes.0.id');
    const bad = parseTransshipDocument({ ...doc('to-1520', 1, 1), direction: 'sideways' });
    expect(!bad.ok && bad.error.field).toBe('direction');
  });
});
