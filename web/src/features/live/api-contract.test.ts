// The live picture's answer shapes are written three times: the server's figures
// (src/modules/operations/figures.ts, service.ts), the route schemas that serialize them
// (routes.ts, zod — OpenAPI and the response serializer) and the dashboard's reading of them
// (./api.ts). Type level: tsc fails here when the dashboard's shape and the server's differ in
// either direction (a field added, dropped, renamed or retyped on one side only). Run time: the
// figures computed from a small event history pass through the route schemas unchanged (the
// serializer would silently drop a field the schema lacks).

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  type AssemblyPicture,
  assemblyPicture,
  type BorderStatus,
  borderStatus,
  type Facts,
  type Kpis,
  kpis,
  type Statistics,
  statistics,
} from '../../../../src/modules/operations/figures';
import { type NetworkFacts, OpsProjection } from '../../../../src/modules/operations/projection';
import {
  AssemblyOut,
  BorderOut,
  KpisOut,
  StatisticsOut,
  type TraceOut,
  type TrainsOut,
} from '../../../../src/modules/operations/routes';
import type { LiveTrain, TracedTrain } from '../../../../src/modules/operations/service';
import type * as Web from './api';

/** The shape without `readonly` (arrays and properties), to compare what is sent with what is read. */
type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Plain<T[K]> }
    : T;
type Same<A, B> = [Plain<A>] extends [Plain<B>] ? ([Plain<B>] extends [Plain<A>] ? true : false) : false;
/** What the server sends fits what the dashboard reads. */
type Fits<Read, Sent> = [Plain<Sent>] extends [Plain<Read>] ? true : false;
type Assert<T extends true> = T;
type Item<T extends { items: readonly unknown[] }> = T['items'][number];

// biome-ignore lint/suspicious/noExportsInTest: exported so the type-level checks are kept and read by tsc
export type OpsContract = [
  Assert<Same<Web.Kpis, Kpis>>,
  Assert<Same<Web.Kpis, z.infer<typeof KpisOut>>>,
  Assert<Same<Web.LiveTrain, LiveTrain>>,
  Assert<Same<Web.LiveTrain, Item<z.infer<typeof TrainsOut>>>>,
  Assert<Same<Web.BorderPort, BorderStatus>>,
  Assert<Same<Web.BorderPort, Item<z.infer<typeof BorderOut>>>>,
  Assert<Same<{ day: string; items: Web.BorderPort[] }, z.infer<typeof BorderOut>>>,
  // the assembly's tracks are a union on the server (a forming train | an empty track): it fits
  Assert<Fits<Web.AssemblyLive, AssemblyPicture>>,
  Assert<Same<Web.AssemblyLive, z.infer<typeof AssemblyOut>>>,
  Assert<Same<Web.StatisticsData, Statistics>>,
  Assert<Same<Web.StatisticsData, z.infer<typeof StatisticsOut>>>,
  Assert<Same<Web.TraceItem, TracedTrain>>,
  Assert<Same<Web.TraceItem, Item<z.infer<typeof TraceOut>>>>,
];

const network: NetworkFacts = {
  origin: 'CNURM',
  routes: new Map([
    [
      'URM-DUI',
      { origin: 'CNURM', destination: 'DEDUI', destinations: ['DEDUI'], gateway: 'AKL', transitDays: 12 },
    ],
  ]),
  gatewayOf: new Map([
    ['CNAKL', 'AKL'],
    ['KZDOS', 'AKL'],
  ]),
};
const facts: Facts = {
  routes: new Map([
    [
      'URM-DUI',
      {
        names: { en: 'Urumqi–Duisburg', zh: '乌鲁木齐—杜伊斯堡' },
        origin: 'CNURM',
        destination: 'DEDUI',
        destinations: ['DEDUI'],
        gateway: 'AKL',
        transitDays: 12,
        hoursToGateway: 10,
        kmToGateway: 480,
      },
    ],
  ]),
  countryOf: new Map([
    ['CNURM', 'CN'],
    ['DEDUI', 'DE'],
  ]),
  boxTeu: new Map([['CSQU3054383', 1]]),
  cargo: new Map([
    [
      'URM-DUI-20261120',
      [{ bookingId: 'BK-1', teu: 1, hsCode: '200290', direction: 'export', containers: ['CSQU3054383'] }],
    ],
  ]),
};

function history() {
  const base = {
    deviceId: 'dev',
    classifier: 'ACT',
    equipment: null,
    location: null,
    retractedEventId: null,
  };
  const p = new OpsProjection(network);
  p.apply([
    {
      ...base,
      eventId: 'l1',
      eventType: 'EQUIPMENT',
      eventCode: 'LOAD',
      eventTime: '2026-11-20T02:00:00Z',
      equipment: 'CSQU3054383',
      trainReference: 'URM-DUI-20261120',
      location: 'CNURM',
    },
    {
      ...base,
      eventId: 'd1',
      eventType: 'TRANSPORT',
      eventCode: 'DEPA',
      eventTime: '2026-11-20T04:00:00Z',
      trainReference: 'URM-DUI-20261120',
      location: 'CNURM',
    },
    {
      ...base,
      eventId: 'a1',
      eventType: 'TRANSPORT',
      eventCode: 'ARRI',
      eventTime: '2026-11-20T14:00:00Z',
      trainReference: 'URM-DUI-20261120',
      location: 'CNAKL',
    },
    {
      ...base,
      eventId: 'd2',
      eventType: 'TRANSPORT',
      eventCode: 'DEPA',
      eventTime: '2026-11-25T04:00:00Z',
      trainReference: 'URM-DUI-20261125',
      location: 'CNURM',
    },
  ]);
  return p;
}

const NOW = new Date('2026-11-26T04:00:00Z');

describe('ops answers through the route schemas', () => {
  const p = history();
  const trains = p.allTrains();

  it('KPIs: every field the figures compute is in the schema', () => {
    const k = kpis(trains, facts, NOW, { onTimeToleranceHours: 24 }, new Set(['AKL']));
    expect(KpisOut.parse(k)).toEqual(k);
    expect(k.dispatched.total).toBe(2);
  });

  it('border ports, assembly and statistics pass unchanged', () => {
    const b = borderStatus(
      {
        id: 'AKL',
        names: { en: 'Alashankou', zh: '阿拉山口' },
        capacityByDay: [
          { day: '2026-11-26', trains: 12 },
          { day: '2026-11-27', trains: 12 },
        ],
        transshipmentHours: 8,
      },
      trains,
      [],
      facts,
      NOW,
      new Map([['URM-DUI-20261125', { kmAlong: 200, time: '2026-11-25T12:00:00Z' }]]),
    );
    const border = { day: '2026-11-26', items: [b] };
    expect(BorderOut.parse(border)).toEqual(border);
    expect(b.waiting.map((w) => w.id)).toEqual(['URM-DUI-20261120']);
    const a = assemblyPicture(
      trains,
      p.yardBoxes(),
      p.gateMoves(),
      [
        {
          id: 'URM-DUI-20261127',
          routeId: 'URM-DUI',
          date: '2026-11-27',
          capacityTeu: 82,
          status: 'scheduled',
        },
      ],
      [{ id: 'AKL', names: { en: 'Alashankou', zh: '阿拉山口' } }],
      facts,
      NOW,
      { tracks: 2, blockCapacityTeu: 600 },
    );
    expect(AssemblyOut.parse(a)).toEqual(a);
    const s = statistics(
      trains,
      facts,
      { from: '2026-11-01', to: '2026-11-30' },
      { city: (id) => ({ en: id, zh: id }), country: (c) => ({ en: c, zh: c }) },
    );
    expect(StatisticsOut.parse(s)).toEqual(s);
    expect(s.totals.goodsCategories).toBe(1);
  });
});
