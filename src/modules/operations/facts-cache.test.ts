/**
 * The reference data cache of the live figures follows the data: a booking assigned to a train
 * counts (goods categories, TEU) as soon as its train is dispatched, and a copy that sat unused for
 * long is not served again after idling.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../platform/events/bus';
import type { BookingService } from '../booking/service';
import type { GatewayService } from '../gateway/service';
import type { NetworkService } from '../network/service';
import type { TimetableService } from '../timetable/service';
import type { StoredEvent } from '../tracking/service';
import { OperationsService } from './service';

interface FakeBooking {
  id: string;
  status: string;
  origin: string;
  destination: string;
  teu: number;
  hsCode: string;
  assignedDeparture: string | null;
  containers: Array<{ sizeType: string; numbers: string[] }>;
}

function setup() {
  const bookings: FakeBooking[] = [];
  let reads = 0;
  const network = {
    summary: async () => ({ origin: 'CNURM' }),
    routes: async () => [
      {
        id: 'URM-DUI',
        names: { en: 'Urumqi–Duisburg', zh: '乌鲁木齐—杜伊斯堡' },
        origin: 'CNURM',
        destination: 'DEDUI',
        destinations: ['DEDUI'],
        gateway: 'AKL',
        transitDays: 12,
        legs: [
          { from: 'CNURM', to: 'CNAKL', mode: 'rail', km: 480, hours: 10 },
          { from: 'KZDOS', to: 'DEDUI', mode: 'rail', km: 6000, hours: 200 },
        ],
      },
    ],
    locations: async () => [
      { id: 'CNURM', country: 'CN', names: { en: 'Urumqi', zh: '乌鲁木齐' } },
      { id: 'DEDUI', country: 'DE', names: { en: 'Duisburg', zh: '杜伊斯堡' } },
    ],
    gateways: async () => [
      { id: 'AKL', names: { en: 'Alashankou', zh: '阿拉山口' }, sides: ['CNAKL', 'KZDOS'], border: true },
    ],
  } as unknown as NetworkService;
  const bookingService = {
    list: async (_p: unknown, f: { departureId?: string }, page: { limit: number; offset: number }) => {
      reads++;
      const all = bookings.filter((b) => !f.departureId || b.assignedDeparture === f.departureId);
      return { items: all.slice(page.offset, page.offset + page.limit), total: all.length };
    },
  } as unknown as BookingService;
  const bus = new EventBus();
  const ops = new OperationsService(
    {
      bus,
      events: { eventsAfter: async () => [] },
      network,
      timetable: {} as TimetableService,
      gateway: {} as GatewayService,
      bookings: bookingService,
    },
    { announceMs: 60_000 },
  );
  let n = 0;
  const depa = (train: string, time: string): StoredEvent =>
    ({
      deviceId: 'platform',
      organizationId: 'port-operator',
      eventId: `d${++n}`,
      eventType: 'TRANSPORT',
      eventCode: 'DEPA',
      classifier: 'ACT',
      eventTime: time,
      equipment: null,
      trainReference: train,
      location: 'CNURM',
      retractedEventId: null,
      via: 'http',
      body: {},
    }) as unknown as StoredEvent;
  const book = (id: string, train: string, hsCode: string): FakeBooking => ({
    id,
    status: 'confirmed',
    origin: 'CNURM',
    destination: 'DEDUI',
    teu: 2,
    hsCode,
    assignedDeparture: train,
    containers: [{ sizeType: '45G1', numbers: [`BOX${id}`] }],
  });
  return { ops, bus, bookings, depa, book, reads: () => reads };
}

const HOUR = 3_600_000;
const ago = (h: number) => new Date(Date.now() - h * HOUR).toISOString();
const day = (h: number) => new Date(Date.now() - h * HOUR + 8 * HOUR).toISOString().slice(0, 10);
const period = { from: day(24 * 30), to: day(0) };

afterEach(() => {
  vi.useRealTimers();
});

describe('operations reference data cache', () => {
  it('counts the goods of a booking as soon as its train is dispatched', async () => {
    const { ops, bus, bookings, depa, book } = setup();
    await ops.start();
    bookings.push(book('B1', 'URM-DUI-20261120', '200290'));
    bus.emit('tracking.events', [depa('URM-DUI-20261120', ago(30))]);
    await bus.settled();
    expect((await ops.statistics(period)).totals.goodsCategories).toBe(1);
    // a new booking (another HS heading) on the next train, then that train leaves
    bookings.push(book('B2', 'URM-DUI-20261121', '847130'));
    bus.emit('tracking.events', [depa('URM-DUI-20261121', ago(1))]);
    await bus.settled();
    const s = await ops.statistics(period);
    expect(s.totals.trains).toBe(2);
    expect(s.totals.goodsCategories).toBe(2);
    expect(s.goods.map((g) => g.chapter)).toEqual(['20', '84']);
    expect((await ops.kpis()).goodsCategories).toBe(2);
    ops.stop();
  });

  it('does not re-read the bookings at every event of a train that has none', async () => {
    const { ops, bus, depa, reads } = setup();
    await ops.start();
    await ops.kpis();
    const before = reads();
    bus.emit('tracking.events', [depa('URM-DUI-20261122', ago(1))]);
    // a dispatch of long ago (a history sent late) waits for the next full read: no query
    bus.emit('tracking.events', [depa('URM-DUI-20261001', ago(24 * 50))]);
    await bus.settled();
    await ops.kpis();
    const after = reads();
    expect(after).toBe(before + 1); // the dispatch: one small read (that train's bookings)
    for (let i = 0; i < 5; i++) await ops.kpis();
    expect(reads()).toBe(after);
    ops.stop();
  });

  it('after idling longer than the cache may lag, answers with fresh data, not the old copy', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T04:00:00Z'));
    const { ops, bus, bookings, depa, book } = setup();
    const november = { from: '2026-11-01', to: '2026-11-30' };
    bookings.push(book('B1', 'URM-DUI-20261120', '200290'));
    await ops.start();
    bus.emit('tracking.events', [depa('URM-DUI-20261120', '2026-11-20T04:00:00Z')]);
    await bus.settled();
    expect((await ops.statistics(november)).goods.map((g) => g.chapter)).toEqual(['20']);
    // the booking's goods are corrected (HS data) while nobody looks; an hour later someone does
    bookings[0]!.hsCode = '030389';
    vi.setSystemTime(new Date('2026-11-26T05:00:00Z'));
    expect((await ops.statistics(november)).goods.map((g) => g.chapter)).toEqual(['03']);
    ops.stop();
  });
});
