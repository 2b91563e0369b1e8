// The wagon diagram and fill helpers of the Assembly center page.

import { describe, expect, it } from 'vitest';
import type { LoadPlanDoc, PlannedDeparture } from '../../shared/api';
import { departureFill, trainDiagram, visibleDepartures } from './model';

const box = (
  id: string,
  lengthFt: number,
  grossKg: number,
  extra: Partial<{ reefer: boolean; dg: { un: string; class: string } }> = {},
) => ({
  id,
  lengthFt,
  grossKg,
  reefer: extra.reefer ?? false,
  dg: extra.dg ?? null,
});

const doc: LoadPlanDoc = {
  id: 'L1',
  departureId: 'URM-DUI-20261201',
  createdAt: '2026-11-26T00:00:00Z',
  status: 'optimal',
  instance: {
    wagons: [
      { id: '01', type: 'NX70A' },
      { id: '02', type: 'NX70A' },
      { id: '03', type: 'NX70A' },
    ],
    wagonTypes: [
      {
        code: 'NX70A',
        tareKg: 23800,
        lengthMm: 13970,
        maxPayloadKg: 48200,
        platforms: [{ maxKg: 48200, lengthFt: 45 }],
      },
    ],
    containers: [
      box('R1', 40, 20000, { reefer: true }),
      box('D1', 20, 15000, { dg: { un: '1263', class: '3' } }),
      box('D2', 20, 14000),
      box('X', 40, 30000),
    ],
  },
  solution: {
    status: 'optimal',
    placements: [
      { container: 'D2', wagon: '03', platform: 0, slot: 'B' },
      { container: 'D1', wagon: '03', platform: 0, slot: 'A' },
      { container: 'R1', wagon: '01', platform: 0, slot: 'F' },
    ],
    unloaded: [{ container: 'X', code: 'capacity', reason: 'no room', reasonZh: '无空位' }],
  },
};

describe('trainDiagram', () => {
  const d = trainDiagram(doc);
  it('keeps the train order and puts A before B', () => {
    expect(d.wagons.map((w) => w.id)).toEqual(['01', '02', '03']);
    expect(d.wagons[2]?.slots.map((s) => `${s.slot}:${s.box?.id}`)).toEqual(['A:D1', 'B:D2']);
    expect(d.wagons[1]?.slots).toEqual([{ slot: '', platform: 0, box: null }]);
  });
  it('marks DG and reefer wagons and sums per wagon and train', () => {
    expect(d.wagons.map((w) => [w.dg, w.reefer])).toEqual([
      [false, true],
      [false, false],
      [true, false],
    ]);
    expect(d.wagons[2]?.cargoKg).toBe(29000);
    expect(d.wagons[0]?.fill).toBeCloseTo(20000 / 48200);
    expect(d.totals).toEqual({
      wagons: 3,
      wagonsUsed: 2,
      boxes: 3,
      teu: 4,
      cargoKg: 49000,
      grossKg: 49000 + 3 * 23800,
      maxCargoKg: 3 * 48200,
    });
    expect(d.unloaded).toEqual([
      { id: 'X', box: doc.instance.containers[3], reason: 'no room', reasonZh: '无空位' },
    ]);
  });
});

const dep = (id: string, date: string, teu: number, running: boolean): PlannedDeparture => ({
  id,
  route: 'R',
  date,
  running,
  bookings: 1,
  teu,
  grossKg: teu * 10000,
  capacityTeu: 82,
  capacityKg: 1_300_000,
  minTeu: 65,
});

describe('departures', () => {
  it('shows running or loaded ones by date unless all are asked for', () => {
    const list = [
      dep('B', '2026-12-02', 0, false),
      dep('C', '2026-12-01', 4, false),
      dep('A', '2026-12-03', 70, true),
    ];
    expect(visibleDepartures(list, false).map((d) => d.id)).toEqual(['C', 'A']);
    expect(visibleDepartures(list, true).map((d) => d.id)).toEqual(['C', 'B', 'A']);
  });
  it('gives fill fractions against capacity and the minimum', () => {
    const f = departureFill(dep('A', '2026-12-03', 41, true));
    expect(f.teu).toBeCloseTo(0.5);
    expect(f.min).toBeCloseTo(65 / 82);
    expect(f.kg).toBeCloseTo(410000 / 1_300_000);
  });
});
