// Building the planners' documents from database rows (pure): horizon days, gateway quotas, pins.
import { describe, expect, it } from 'vitest';
import { parseConsolidationInstance } from '../planning/consolidation/contract';
import { parseLoadPlanInstance } from '../planning/load/contract';
import {
  bookingValue,
  buildConsolidationInstance,
  buildLoadInstance,
  daysToGateway,
  type PlanBooking,
} from './plan-instance';

const legs = [
  { from: 'CNURM-AC', to: 'CNJHE', mode: 'rail-1435' as const, km: 480, hours: 10 },
  { from: 'CNJHE', to: 'CNAKL', mode: 'rail-1435' as const, km: 80, hours: 20 },
  { from: 'CNAKL', to: 'KZDOS', mode: 'rail-1520' as const, km: 10, hours: 30 },
];
const routes = [
  { id: 'R1', gateway: 'AKL', transitDays: 9.5, legs },
  { id: 'R2', gateway: null, transitDays: 1, legs: legs.slice(0, 1) },
];
const gateways = [
  { id: 'AKL', sides: ['CNAKL', 'KZDOS'] as [string, string], trainsPerDay: { outbound: 1.6, inbound: 1 } },
];
const dep = (id: string, date: string, routeId = 'R1') => ({
  id,
  routeId,
  date,
  capacityTeu: 4,
  capacityKg: 100_000,
  minTeu: 2,
  status: 'scheduled' as const,
});
const bk = (id: string, assigned: string | null, extra: Partial<PlanBooking> = {}): PlanBooking => ({
  id,
  eligibleRoutes: ['R1'],
  teu: 2,
  grossKg: 20_000,
  readyDate: '2026-12-01',
  dueDate: '2026-12-31',
  priority: 3,
  assignedDeparture: assigned,
  ...extra,
});

describe('buildConsolidationInstance', () => {
  const base = {
    id: 'P1',
    from: '2026-12-01',
    days: 7,
    routes,
    gateways,
    departures: [
      dep('D1', '2026-12-02'),
      dep('D2', '2026-12-04'),
      { ...dep('D3', '2026-12-05'), status: 'cancelled' as const },
    ],
    keepAssignments: true,
  };

  it('counts days from the horizon start and reads quotas from trains a day', () => {
    const { instance } = buildConsolidationInstance({
      ...base,
      bookings: [bk('B1', null, { readyDate: '2026-11-28', dueDate: '2026-12-20' })],
    });
    expect(parseConsolidationInstance(instance).ok).toBe(true);
    expect(instance.departures.map((d) => [d.id, d.day])).toEqual([
      ['D1', 1],
      ['D2', 3],
    ]);
    expect(instance.gateways).toEqual([{ id: 'AKL', quota: [1, 1, 1, 1, 1, 1, 1] }]);
    expect(instance.routes).toEqual([
      { id: 'R1', gateway: 'AKL', daysToGateway: 2, transitDays: 10 },
      { id: 'R2', gateway: null, daysToGateway: 0, transitDays: 1 },
    ]);
    expect(instance.bookings[0]).toMatchObject({ readyDay: -3, dueDay: 19, value: bookingValue(2, 3) });
    expect(instance.pinned).toBeUndefined();
  });

  it('pins kept assignments and releases those that no longer fit, saying why', () => {
    const built = buildConsolidationInstance({
      ...base,
      bookings: [
        bk('B1', 'D1'),
        bk('B2', 'D1'),
        bk('B3', 'D1'), // D1 is full with B1 and B2 (4 TEU)
        bk('B4', 'D3'), // cancelled departure
        bk('B5', 'D2', { readyDate: '2026-12-06' }), // ready after the departure
        bk('B6', 'D2', { eligibleRoutes: ['GONE'] }), // no route left
      ],
    });
    expect(parseConsolidationInstance(built.instance).ok).toBe(true);
    expect(built.instance.pinned).toEqual([
      { booking: 'B1', departure: 'D1' },
      { booking: 'B2', departure: 'D1' },
    ]);
    expect(built.released.map((r) => r.booking)).toEqual(['B3', 'B4', 'B5']);
    expect(built.excluded.map((e) => e.booking)).toEqual(['B6']);
    const fresh = buildConsolidationInstance({ ...base, keepAssignments: false, bookings: [bk('B1', 'D1')] });
    expect(fresh.instance.pinned).toBeUndefined();
  });

  it('releases pins beyond the gateway quota of a day', () => {
    const built = buildConsolidationInstance({
      ...base,
      departures: [dep('D1', '2026-12-02'), { ...dep('D1b', '2026-12-02'), id: 'D1b' }],
      bookings: [bk('B1', 'D1'), bk('B2', 'D1b')],
    });
    expect(built.instance.pinned).toEqual([{ booking: 'B1', departure: 'D1' }]);
    expect(built.released[0]?.reason.en).toMatch(/quota/);
  });
});

describe('daysToGateway', () => {
  it('rounds the hours before the crossing up to days', () => {
    expect(daysToGateway({ legs }, { sides: ['CNAKL', 'KZDOS'] })).toBe(2);
    expect(daysToGateway({ legs }, undefined)).toBe(0);
  });
});

describe('buildLoadInstance', () => {
  it('gives every container of the bookings, weights split evenly, numbered when unknown', () => {
    const inst = buildLoadInstance(
      'L1',
      [
        {
          id: 'B1',
          reference: 'R-1',
          containers: [{ sizeType: '22G1', count: 3, numbers: [] }],
          grossKg: 10_001,
          priority: 3,
          dg: null,
        },
        {
          id: 'B2',
          reference: 'R-2',
          containers: [{ sizeType: '45R1', count: 1, numbers: ['CSQU3054383'] }],
          grossKg: 20_000,
          priority: 5,
          dg: { un: '1230', class: '3' },
        },
      ],
      {
        wagonCount: 3,
        trainMaxCargoKg: 1_300_000,
        wagon: { code: 'NX70A', gaugeMm: 1435, lengthMm: 13_970, tareKg: 23_800, maxPayloadKg: 48_200 },
        pairMaxDiffKg: 5000,
        twentyFootMaxKg: 24_000,
        dgFirstWagonsForbidden: 2,
      },
    );
    expect(parseLoadPlanInstance(inst).ok).toBe(true);
    expect(inst.containers.map((c) => [c.id, c.lengthFt, c.grossKg])).toEqual([
      ['R-1#1', 20, 3334],
      ['R-1#2', 20, 3334],
      ['R-1#3', 20, 3333],
      ['CSQU3054383', 40, 20_000],
    ]);
    expect(inst.containers[3]).toMatchObject({ reefer: true, dg: { un: '1230', class: '3' } });
    expect(inst.wagons.map((w) => w.id)).toEqual(['01', '02', '03']);
  });
});
