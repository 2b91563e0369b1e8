/**
 * The live picture's figures from a hand-made event history: train phases, KPI counts, the border
 * stay and transshipment progress, the queue forecast (properties), statistics cells and their trace.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemblyPicture } from './assembly';
import {
  borderStatus,
  chinaDay,
  type Facts,
  forecastQueue,
  gatewayEta,
  inPeriod,
  kpis,
  statistics,
  trainMatches,
} from './figures';
import { type NetworkFacts, type OpsEvent, OpsProjection, phaseOf } from './projection';

const network: NetworkFacts = {
  origin: 'CNURM',
  routes: new Map([
    [
      'URM-DUI',
      { origin: 'CNURM', destination: 'DEDUI', destinations: ['DEDUI'], gateway: 'AKL', transitDays: 10 },
    ],
    [
      'URM-ALA',
      { origin: 'CNURM', destination: 'KZALA', destinations: ['KZALA'], gateway: 'HRG', transitDays: 2 },
    ],
  ]),
  gatewayOf: new Map([
    ['CNAKL', 'AKL'],
    ['KZDOS', 'AKL'],
    ['CNHRS', 'HRG'],
    ['KZAKO', 'HRG'],
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
        transitDays: 10,
        hoursToGateway: 10,
      },
    ],
    [
      'URM-ALA',
      {
        names: { en: 'Urumqi–Almaty', zh: '乌鲁木齐—阿拉木图' },
        origin: 'CNURM',
        destination: 'KZALA',
        destinations: ['KZALA'],
        gateway: 'HRG',
        transitDays: 2,
        hoursToGateway: 8,
      },
    ],
  ]),
  countryOf: new Map([
    ['CNURM', 'CN'],
    ['DEDUI', 'DE'],
    ['KZALA', 'KZ'],
  ]),
  boxTeu: new Map([['CSQU3054383', 1]]),
  cargo: new Map([
    [
      'URM-DUI-20261120',
      [{ bookingId: 'BK-1', teu: 1, hsCode: '200290', direction: 'export', containers: ['CSQU3054383'] }],
    ],
  ]),
};

let n = 0;
function ev(p: Partial<OpsEvent> & Pick<OpsEvent, 'eventType' | 'eventCode' | 'eventTime'>): OpsEvent {
  n++;
  return {
    deviceId: 'dev',
    eventId: `e${n}`,
    classifier: 'ACT',
    equipment: null,
    trainReference: null,
    location: null,
    retractedEventId: null,
    ...p,
  };
}

const DUI = 'URM-DUI-20261120';
const ALA = 'URM-ALA-20261126';

function history(): OpsEvent[] {
  return [
    ev({
      eventType: 'EQUIPMENT',
      eventCode: 'LOAD',
      eventTime: '2026-11-20T01:00:00Z',
      equipment: 'CSQU3054383',
      trainReference: DUI,
      location: 'CNURM',
    }),
    ev({
      eventType: 'EQUIPMENT',
      eventCode: 'LOAD',
      eventTime: '2026-11-20T01:10:00Z',
      equipment: 'MSKU1234565',
      trainReference: DUI,
      location: 'CNURM',
    }),
    ev({
      eventType: 'TRANSPORT',
      eventCode: 'DEPA',
      eventTime: '2026-11-20T04:00:00Z',
      trainReference: DUI,
      location: 'CNURM',
    }),
    ev({
      eventType: 'TRANSPORT',
      eventCode: 'ARRI',
      eventTime: '2026-11-20T14:00:00Z',
      trainReference: DUI,
      location: 'CNAKL',
    }),
    ev({
      eventType: 'EQUIPMENT',
      eventCode: 'GBTS',
      eventTime: '2026-11-20T16:00:00Z',
      equipment: 'CSQU3054383',
      trainReference: DUI,
      location: 'CNAKL',
    }),
    ev({
      eventType: 'TRANSPORT',
      eventCode: 'DEPA',
      eventTime: '2026-11-26T02:00:00Z',
      trainReference: ALA,
      location: 'CNURM',
    }),
    ev({
      eventType: 'IOT',
      eventCode: 'POS',
      eventTime: '2026-11-26T03:00:00Z',
      trainReference: ALA,
      position: { lat: 44, lon: 84 },
    }),
  ];
}

const NOW = new Date('2026-11-26T06:00:00Z');

describe('projection', () => {
  it('folds phases from events in any order and ignores duplicates', () => {
    const h = history();
    const p = new OpsProjection(network);
    p.apply([...h].reverse());
    p.apply(h);
    const dui = p.train(DUI)!;
    expect(dui.dispatched?.eventTime).toBe('2026-11-20T04:00:00Z');
    expect(dui.boxes).toEqual(['CSQU3054383', 'MSKU1234565']);
    expect(dui.stays).toHaveLength(1);
    expect(dui.stays[0]).toMatchObject({ gatewayId: 'AKL', transshipped: 1, left: null });
    expect(phaseOf(dui)).toBe('transshipping');
    const ala = p.train(ALA)!;
    expect(phaseOf(ala)).toBe('running');
    expect(ala.position).toEqual({ lat: 44, lon: 84, time: '2026-11-26T03:00:00Z' });
  });

  it('a retraction takes the event out (before or after it arrives)', () => {
    const h = history();
    const depa = h[2]!;
    const retraction = ev({
      eventType: 'TRANSPORT',
      eventCode: 'DEPA',
      eventTime: '2026-11-20T05:00:00Z',
      trainReference: DUI,
      location: 'CNURM',
      retractedEventId: depa.eventId,
    });
    for (const order of [
      [...h, retraction],
      [retraction, ...h],
    ]) {
      const p = new OpsProjection(network);
      p.apply(order);
      expect(p.train(DUI)!.dispatched).toBeNull();
    }
  });

  it('a return train runs on its route reversed: dispatched abroad, arrived at the assembly center', () => {
    const p = new OpsProjection(network);
    const id = 'DUI-URM-20261110';
    p.apply([
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'DEPA',
        eventTime: '2026-11-10T04:00:00Z',
        trainReference: id,
        location: 'DEDUI',
      }),
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'ARRI',
        eventTime: '2026-11-19T04:00:00Z',
        trainReference: id,
        location: 'CNURM',
      }),
    ]);
    const t = p.train(id)!;
    expect(t).toMatchObject({ routeId: 'URM-DUI', direction: 'inbound' });
    expect(t.dispatched?.location).toBe('DEDUI');
    expect(t.arrived?.location).toBe('CNURM');
    expect(phaseOf(t)).toBe('arrived');
  });

  it('ignores planned and estimated events', () => {
    const p = new OpsProjection(network);
    p.apply([
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'DEPA',
        classifier: 'PLN',
        eventTime: '2026-11-20T04:00:00Z',
        trainReference: DUI,
        location: 'CNURM',
      }),
    ]);
    expect(p.allTrains()).toEqual([]);
  });
});

describe('figures', () => {
  const p = new OpsProjection(network);
  p.apply(history());
  const trains = p.allTrains();

  it('KPIs count dispatches by China day, TEU with known and assumed box sizes', () => {
    const k = kpis(trains, facts, NOW, { onTimeToleranceHours: 24 }, new Set(['AKL', 'HRG']));
    expect(k.day).toBe('2026-11-26');
    expect(k.dispatched).toEqual({ today: 1, year: 2, total: 2 });
    // DUI: one known 20' (1 TEU) + one unknown (2 TEU); ALA: no boxes
    expect(k.teu.total).toBe(3);
    expect(k.activeRoutes).toBe(2);
    expect(k.citiesReached).toBe(2);
    expect(k.countriesReached).toBe(2);
    expect(k.goodsCategories).toBe(1);
    expect(k.inTransshipment).toBe(1);
    expect(k.waitingAtBorder).toBe(0);
    expect(k.onTime.pct).toBeNull();
  });

  it('a border port shows the train in transshipment with its progress', () => {
    const b = borderStatus(
      {
        id: 'AKL',
        names: { en: 'Alashankou', zh: '阿拉山口' },
        capacityByDay: [
          { day: '2026-11-26', trains: 1 },
          { day: '2026-11-27', trains: 1 },
        ],
        transshipmentHours: 8,
      },
      trains,
      [
        {
          id: 'URM-DUI-20261127',
          routeId: 'URM-DUI',
          date: '2026-11-27',
          capacityTeu: 100,
          status: 'scheduled',
        },
      ],
      facts,
      NOW,
    );
    expect(b.transshipping.map((t) => [t.id, t.progress])).toEqual([[DUI, 0.5]]);
    expect(b.forecast[0]).toMatchObject({ day: '2026-11-26', crossing: 1, queue: 0 });
    expect(b.forecast[1]).toMatchObject({ day: '2026-11-27', arriving: 1 });
  });

  it('statistics cells and their trace count the same trains', () => {
    const s = statistics(
      trains,
      facts,
      { from: '2026-01-01', to: '2026-11-26' },
      {
        city: (id) => ({ en: id, zh: id }),
        country: (c) => ({ en: c, zh: c }),
      },
    );
    expect(s.totals.trains).toBe(2);
    expect(s.byCountry.map((r) => [r.key, r.trains])).toEqual([
      ['DE', 1],
      ['KZ', 1],
    ]);
    expect(s.goods).toEqual([{ chapter: '20', direction: 'export', bookings: 1, teu: 1 }]);
    expect(s.byMonth.at(-1)).toMatchObject({ month: '2026-11', trains: 2, cumulativeTrains: 2 });
    for (const row of s.byRoute) {
      const traced = inPeriod(trains, s.period).filter((t) => trainMatches(t, 'route', row.key, facts));
      expect(traced.length).toBe(row.trains);
    }
  });

  it('China day is UTC+8', () => {
    expect(chinaDay('2026-11-25T16:00:00Z')).toBe('2026-11-26');
    expect(chinaDay('2026-11-25T15:59:59Z')).toBe('2026-11-25');
  });
});

describe('queue forecast', () => {
  const day = fc.record({ arriving: fc.nat(40), capacity: fc.nat(30) });
  it('conserves trains: start + arrivals = crossed + final queue; never crosses more than capacity', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.array(day, { maxLength: 30 }), (start, days) => {
        const f = forecastQueue(
          start,
          days.map((d, i) => ({ day: `d${i}`, ...d })),
        );
        const arrived = days.reduce((s, d) => s + d.arriving, 0);
        const crossed = f.reduce((s, d) => s + d.crossing, 0);
        expect(start + arrived).toBe(crossed + (f.at(-1)?.queue ?? start));
        for (const d of f) {
          expect(d.crossing).toBeLessThanOrEqual(d.capacity);
          expect(d.queue).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
  it('a queue only empties when capacity exceeds arrivals', () => {
    fc.assert(
      fc.property(fc.nat(50), day, (start, d) => {
        const [f] = forecastQueue(start, [{ day: 'x', ...d }]);
        if (d.capacity >= start + d.arriving) expect(f!.queue).toBe(0);
        else expect(f!.queue).toBe(start + d.arriving - d.capacity);
      }),
    );
  });
});

describe('assembly yard blocks', () => {
  it('a box whose booking is not yet on a train goes to the block of its destination’s gateway', () => {
    const f: Facts = {
      ...facts,
      bookingOfBox: new Map([
        [
          'TGHU1234567',
          {
            bookingId: 'BK-2',
            teu: 2,
            hsCode: '7308',
            direction: 'export',
            containers: ['TGHU1234567'],
            destination: 'KZALA',
          },
        ],
        [
          'TGHU7654321',
          { bookingId: 'BK-3', teu: 2, hsCode: '7308', direction: 'export', containers: ['TGHU7654321'] },
        ],
      ]),
    };
    const a = assemblyPicture(
      [],
      [{ equipment: 'CSQU3054383' }, { equipment: 'TGHU1234567' }, { equipment: 'TGHU7654321' }],
      [],
      [],
      [
        { id: 'AKL', names: { en: 'Alashankou', zh: '阿拉山口' } },
        { id: 'HRG', names: { en: 'Khorgos', zh: '霍尔果斯' } },
      ],
      f,
      NOW,
      { tracks: 2, blockCapacityTeu: 100 },
    );
    const boxes = Object.fromEntries(a.yard.blocks.map((b) => [b.id, b.boxes]));
    // planned onto URM-DUI (AKL); booked for Almaty (HRG) but not planned; unknown destination
    expect(boxes).toEqual({ AKL: 1, HRG: 1, other: 1 });
  });
});

describe('border crossings by direction', () => {
  it('a return train crossing today does not use the outbound capacity, nor start the outbound queue', () => {
    const p = new OpsProjection(network);
    const out = 'URM-DUI-20261125';
    const back = 'DUI-URM-20261110';
    const waitingBack = 'DUI-URM-20261112';
    const at = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
    p.apply([
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'DEPA',
        eventTime: at(30),
        trainReference: out,
        location: 'CNURM',
      }),
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'ARRI',
        eventTime: at(20),
        trainReference: out,
        location: 'CNAKL',
      }),
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'DEPA',
        eventTime: at(2),
        trainReference: out,
        location: 'CNAKL',
      }),
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'ARRI',
        eventTime: at(6),
        trainReference: back,
        location: 'CNAKL',
      }),
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'DEPA',
        eventTime: at(1),
        trainReference: back,
        location: 'CNAKL',
      }),
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'ARRI',
        eventTime: at(3),
        trainReference: waitingBack,
        location: 'CNAKL',
      }),
    ]);
    const b = borderStatus(
      {
        id: 'AKL',
        names: { en: 'Alashankou', zh: '阿拉山口' },
        capacityByDay: [{ day: '2026-11-26', trains: 3 }],
        transshipmentHours: 8,
      },
      p.allTrains(),
      [],
      facts,
      NOW,
    );
    expect(b.crossedTodayTrains).toEqual([out]);
    expect(b.crossedToday).toBe(1);
    expect(b.crossedInboundToday).toBe(1);
    // the return train waiting is shown, but the outbound forecast starts from no outbound train
    expect(b.waiting.map((t) => t.id)).toEqual([waitingBack]);
    expect(b.forecast[0]).toMatchObject({ capacity: 2, queue: 0 });
  });
});

describe('border forecast of overdue trains', () => {
  // 30 trains left for Alashankou three to five days ago (10 h to the gateway: all long overdue),
  // none has a stay there yet — the twin's lag, or trains held on the line
  const now = new Date('2026-11-26T04:00:00Z'); // noon in China
  const routeFacts: Facts = {
    ...facts,
    routes: new Map([['URM-DUI', { ...facts.routes.get('URM-DUI')!, hoursToGateway: 10, kmToGateway: 500 }]]),
  };
  const days = ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'];
  const gw = {
    id: 'AKL',
    names: { en: 'Alashankou', zh: '阿拉山口' },
    capacityByDay: days.map((day) => ({ day, trains: 12 })),
    transshipmentHours: 8,
  };
  const p = new OpsProjection(network);
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const ref = `URM-DUI-${20261101 + i}`;
    ids.push(ref);
    p.apply([
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'DEPA',
        eventTime: new Date(now.getTime() - (72 + i * 2) * 3_600_000).toISOString(),
        trainReference: ref,
        location: 'CNURM',
      }),
    ]);
  }
  const trains = p.allTrains();

  it('does not pile every overdue train onto today: at most the capacity a day, the rest later', () => {
    const b = borderStatus(gw, trains, [], routeFacts, now);
    expect(b.overdue).toBe(30);
    expect(b.forecast.map((d) => d.arriving)).toEqual([12, 12, 6, 0, 0]);
    for (const d of b.forecast) expect(d.arriving).toBeLessThanOrEqual(d.capacity);
  });

  it('places trains with a position by the km left to the gateway', () => {
    // planned speed 50 km/h: 100 km left → 2 h (today); 450 km left from a report 1 h old → 8 h
    // after the report (today, 19:00 China); 0 km left → now; the rest have no position
    const progress = new Map([
      [ids[0]!, { kmAlong: 400, time: now.toISOString() }],
      [ids[1]!, { kmAlong: 50, time: new Date(now.getTime() - 3_600_000).toISOString() }],
      [ids[2]!, { kmAlong: 520, time: now.toISOString() }],
    ]);
    const b = borderStatus(gw, trains, [], routeFacts, now, progress);
    expect(b.overdue).toBe(27);
    // 3 placed today, the 27 overdue fill the room left: 9 today, 12, 6
    expect(b.forecast.map((d) => d.arriving)).toEqual([12, 12, 6, 0, 0]);
    // a train far away is expected on a later day, not today: 2,000 km at 50 km/h from 03:00Z
    const route = { hoursToGateway: 40, kmToGateway: 2000 };
    const eta = gatewayEta('2026-11-25T04:00:00Z', route, { kmAlong: 0, time: '2026-11-26T03:00:00Z' }, now);
    expect(chinaDay(new Date(eta!))).toBe('2026-11-28');
    // overdue with no position: nothing places it
    expect(gatewayEta('2026-11-20T04:00:00Z', route, undefined, now)).toBeNull();
    expect(gatewayEta('2026-11-26T00:00:00Z', route, undefined, now)).toBe(
      Date.parse('2026-11-27T16:00:00Z'),
    );
  });
});

describe('goods of a train with no booking assigned', () => {
  it('come from the bookings naming the boxes loaded onto it', () => {
    const p = new OpsProjection(network);
    const id = 'URM-DUI-20261125';
    p.apply([
      ev({
        eventType: 'EQUIPMENT',
        eventCode: 'LOAD',
        eventTime: '2026-11-25T01:00:00Z',
        equipment: 'MSKU1234565',
        trainReference: id,
        location: 'CNURM',
      }),
      ev({
        eventType: 'EQUIPMENT',
        eventCode: 'LOAD',
        eventTime: '2026-11-25T01:10:00Z',
        equipment: 'TGHU7654320',
        trainReference: id,
        location: 'CNURM',
      }),
      ev({
        eventType: 'TRANSPORT',
        eventCode: 'DEPA',
        eventTime: '2026-11-25T04:00:00Z',
        trainReference: id,
        location: 'CNURM',
      }),
    ]);
    const melons = {
      bookingId: 'BK-9',
      teu: 2,
      hsCode: '080719',
      direction: 'export' as const,
      containers: ['MSKU1234565'],
    };
    const laptops = {
      bookingId: 'BK-8',
      teu: 2,
      hsCode: '847130',
      direction: 'export' as const,
      containers: ['TGHU7654320'],
    };
    const f: Facts = {
      ...facts,
      cargo: new Map([[id, []]]),
      bookingOfBox: new Map([
        ['MSKU1234565', melons],
        ['TGHU7654320', laptops],
      ]),
    };
    const trains = p.allTrains();
    expect(kpis(trains, f, NOW, { onTimeToleranceHours: 24 }, new Set(['AKL'])).goodsCategories).toBe(2);
    const s = statistics(
      trains,
      f,
      { from: '2026-11-01', to: '2026-11-30' },
      {
        city: (x) => ({ en: x, zh: x }),
        country: (x) => ({ en: x, zh: x }),
      },
    );
    expect(s.goods.map((g) => g.chapter)).toEqual(['08', '84']);
    expect(trainMatches(trains[0]!, 'chapter', '08', f)).toBe(true);
    // without the boxes' bookings nothing is counted
    expect(
      kpis(trains, { ...f, bookingOfBox: new Map() }, NOW, { onTimeToleranceHours: 24 }, new Set())
        .goodsCategories,
    ).toBe(0);
  });
});
