/** The event model: DCSA-shaped schemas per type, rail rules (GBTS), plausibility, retraction view. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import {
  currentEvents,
  EQUIPMENT_CODES,
  equipmentOf,
  eventCode,
  eventQuarantineReason,
  fastEvent,
  normalizeEvent,
  trackingEventSchema,
} from './events';
import { DEFAULT_LIMITS } from './readings';

const NOW = new Date('2026-11-26T04:00:00Z');
const base = {
  eventId: '6f1c…'.replace('…', '0'),
  eventClassifierCode: 'ACT',
  eventDateTime: '2026-11-26T03:00:00Z',
};

describe('trackingEventSchema', () => {
  it('accepts each type with its code field and normalizes the box number', () => {
    const ok = [
      {
        ...base,
        eventType: 'TRANSPORT',
        transportEventTypeCode: 'DEPA',
        trainReference: 'X8001',
        location: 'CNAKL',
      },
      {
        ...base,
        eventType: 'EQUIPMENT',
        equipmentEventTypeCode: 'CUSR',
        equipmentReference: 'csqu 305438-3',
      },
      {
        ...base,
        eventType: 'REEFER',
        reeferEventTypeCode: 'ADJU',
        equipmentReference: 'CSQU3054383',
        measurements: { setpointC: 3.5 },
      },
      {
        ...base,
        eventType: 'IOT',
        iotEventTypeCode: 'POS',
        equipmentReference: 'CSQU3054383',
        position: { lat: 45.2, lon: 82.6 },
      },
      {
        ...base,
        eventType: 'EQUIPMENT',
        equipmentEventTypeCode: 'GBTS',
        equipmentReference: 'CSQU3054383',
        location: 'CNAKL',
        transshipment: { fromGaugeMm: 1435, toGaugeMm: 1520, toWagonReference: '94123456' },
      },
    ];
    const codes = ok.map((e) => {
      const r = trackingEventSchema.safeParse(e);
      expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      return r.success ? eventCode(r.data) : '';
    });
    expect(codes).toEqual(['DEPA', 'CUSR', 'ADJU', 'POS', 'GBTS']);
    const eq = trackingEventSchema.parse(ok[1]);
    expect(eq.eventType === 'EQUIPMENT' && eq.equipmentReference).toBe('CSQU3054383');
  });

  it('refuses wrong codes, bad box numbers, and incomplete rail/reefer/iot events', () => {
    const bad = [
      {
        ...base,
        eventType: 'TRANSPORT',
        transportEventTypeCode: 'LOAD',
        trainReference: 'X1',
        location: 'CNAKL',
      },
      { ...base, eventType: 'TRANSPORT', transportEventTypeCode: 'ARRI', location: 'CNAKL' },
      { ...base, eventType: 'EQUIPMENT', equipmentEventTypeCode: 'LOAD', equipmentReference: 'CSQU3054384' },
      {
        ...base,
        eventType: 'EQUIPMENT',
        equipmentEventTypeCode: 'GBTS',
        equipmentReference: 'CSQU3054383',
        location: 'CNAKL',
      },
      {
        ...base,
        eventType: 'EQUIPMENT',
        equipmentEventTypeCode: 'GBTS',
        equipmentReference: 'CSQU3054383',
        location: 'CNAKL',
        transshipment: { fromGaugeMm: 1435, toGaugeMm: 1435 },
      },
      {
        ...base,
        eventType: 'REEFER',
        reeferEventTypeCode: 'ADJU',
        equipmentReference: 'CSQU3054383',
        measurements: {},
      },
      { ...base, eventType: 'IOT', iotEventTypeCode: 'POS', equipmentReference: 'CSQU3054383' },
      { ...base, eventType: 'IOT', iotEventTypeCode: 'POS', position: { lat: 45, lon: 82 } }, // neither box nor train
      {
        ...base,
        eventClassifierCode: 'ACTUAL',
        eventType: 'IOT',
        iotEventTypeCode: 'DRO',
        equipmentReference: 'CSQU3054383',
      },
      {
        ...base,
        eventDateTime: '2026-11-26 03:00',
        eventType: 'IOT',
        iotEventTypeCode: 'DRO',
        equipmentReference: 'CSQU3054383',
      },
    ];
    for (const e of bad) expect(trackingEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(false);
  });
});

describe('train trackers', () => {
  it('a POS event may name the train instead of a box', () => {
    const pos = trackingEventSchema.parse({
      ...base,
      eventType: 'IOT',
      iotEventTypeCode: 'POS',
      trainReference: 'URM-DUI-20261201',
      position: { lat: 45.2, lon: 82.6 },
    });
    expect(equipmentOf(pos)).toBeNull();
  });
});

describe('eventQuarantineReason', () => {
  const door = trackingEventSchema.parse({
    ...base,
    eventType: 'IOT',
    iotEventTypeCode: 'DRO',
    equipmentReference: 'CSQU3054383',
  });
  it('quarantines actual events in the future but not estimates', () => {
    const future = normalizeEvent({ ...door, eventDateTime: '2026-11-26T05:00:00Z' });
    expect(eventQuarantineReason(future, NOW, DEFAULT_LIMITS)?.code).toBe('event.future');
    expect(eventQuarantineReason({ ...future, eventClassifierCode: 'EST' }, NOW, DEFAULT_LIMITS)).toBeNull();
    expect(eventQuarantineReason(door, NOW, DEFAULT_LIMITS)).toBeNull();
  });
  it('quarantines impossible reefer measurements and positions', () => {
    const reefer = trackingEventSchema.parse({
      ...base,
      eventType: 'REEFER',
      reeferEventTypeCode: 'MEAS',
      equipmentReference: 'CSQU3054383',
      measurements: { temperatureC: -300 },
    });
    expect(eventQuarantineReason(reefer, NOW, DEFAULT_LIMITS)?.field).toBe('measurements.temperatureC');
    const pos = trackingEventSchema.parse({
      ...base,
      eventType: 'IOT',
      iotEventTypeCode: 'POS',
      equipmentReference: 'CSQU3054383',
      position: { lat: 10, lon: 200 },
    });
    expect(eventQuarantineReason(pos, NOW, DEFAULT_LIMITS)?.code).toBe('reading.lon_range');
  });
});

describe('currentEvents', () => {
  it('hides retracted events and retractions whatever the arrival order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
        (ids, retract, keys) => {
          const events: Array<{ eventId: string; retractedEventId?: string }> = ids.map((i) => ({
            eventId: `e${i}`,
          }));
          const retracted = ids.filter((_, j) => retract[j]);
          for (const i of retracted) events.push({ eventId: `r${i}`, retractedEventId: `e${i}` });
          const shuffled = events
            .map((e, j) => ({ e, k: keys[j] ?? 0 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.e);
          const shown = currentEvents(shuffled)
            .map((e) => e.eventId)
            .sort();
          expect(shown).toEqual(
            ids
              .filter((i) => !retracted.includes(i))
              .map((i) => `e${i}`)
              .sort(),
          );
        },
      ),
    );
  });
});

describe('fastEvent (the ingest hot path without zod)', () => {
  const box = fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 3, maxLength: 3 }),
      fc.constantFrom('U', 'J', 'Z'),
      fc.integer({ min: 0, max: 999_999 }),
    )
    .map(([owner, cat, serial]) => {
      const first10 = `${owner}${cat}${String(serial).padStart(6, '0')}`;
      return `${first10}${computeCheckDigit(first10)}`;
    });
  const instant = fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());
  const text = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'AZaz09 ./_-:'), maxLength: 40 }),
    fc.string(),
    fc.integer(),
    fc.constant(''),
  );
  const id = fc.oneof(
    fc.uuid(),
    fc.string({ unit: fc.constantFrom(...'Az09._:-'), minLength: 1, maxLength: 101 }),
    text,
  );
  const ref = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'Az09 ./_-'), minLength: 1, maxLength: 36 }),
    text,
  );
  const loc = fc.oneof(
    fc.constantFrom('CNURC', 'CNAKL', 'KZDKL', 'DEDUI', 'XXABC', 'cnurc', 'CN URC', 'CNUR1', 'CN'),
    text,
  );
  const time = fc.oneof(
    instant,
    instant.map((t) => t.replace('.000Z', 'Z')),
    instant.map((t) => t.replace('Z', '+08:00')),
    instant.map((t) => t.replace(/-\d\d-\d\dT/, '-02-30T')),
    text,
  );
  const anyEvent = fc.record(
    {
      eventId: id,
      eventType: fc.constantFrom('EQUIPMENT', 'TRANSPORT', 'IOT', 'REEFER', 'OTHER'),
      eventClassifierCode: fc.constantFrom('ACT', 'EST', 'PLN', 'act', 'XXX'),
      eventDateTime: time,
      equipmentEventTypeCode: fc.constantFrom(...EQUIPMENT_CODES, 'LOAD ', 'ARRI'),
      transportEventTypeCode: fc.constantFrom('ARRI', 'DEPA', 'LOAD'),
      equipmentReference: fc.oneof(
        box,
        box.map((b) => b.toLowerCase()),
        text,
      ),
      emptyIndicatorCode: fc.constantFrom('EMPTY', 'LADEN', 'FULL', undefined),
      trainReference: ref,
      wagonReference: ref,
      location: loc,
      retractedEventId: id,
      transshipment: fc.constant({ fromGaugeMm: 1435, toGaugeMm: 1520 }),
      note: fc.anything(),
    },
    { requiredKeys: [] },
  );
  const storedEquipment = fc.record(
    {
      eventId: fc.uuid(),
      eventType: fc.constant('EQUIPMENT'),
      eventClassifierCode: fc.constantFrom('ACT', 'EST', 'PLN'),
      eventDateTime: instant,
      equipmentEventTypeCode: fc.constantFrom(...EQUIPMENT_CODES.filter((c) => c !== 'GBTS')),
      equipmentReference: box,
      emptyIndicatorCode: fc.constantFrom('EMPTY', 'LADEN'),
      trainReference: fc.constantFrom('URM-DUI-20261201', 'X8001'),
      wagonReference: fc.constantFrom('94123456', 'W 1/2'),
      retractedEventId: fc.uuid(),
      location: fc.constantFrom('CNURC', 'KZDKL'),
    },
    {
      requiredKeys: [
        'eventId',
        'eventType',
        'eventClassifierCode',
        'eventDateTime',
        'equipmentEventTypeCode',
        'equipmentReference',
      ],
    },
  );
  const storedTransport = fc.record(
    {
      eventId: fc.uuid(),
      eventType: fc.constant('TRANSPORT'),
      eventClassifierCode: fc.constantFrom('ACT', 'EST', 'PLN'),
      eventDateTime: instant,
      transportEventTypeCode: fc.constantFrom('ARRI', 'DEPA'),
      trainReference: fc.constantFrom('URM-DUI-20261201', 'X8001'),
      location: fc.constantFrom('CNURC', 'KZDKL'),
      wagonReference: fc.constantFrom('94123456'),
    },
    {
      requiredKeys: [
        'eventId',
        'eventType',
        'eventClassifierCode',
        'eventDateTime',
        'transportEventTypeCode',
      ],
    },
  );
  /** A stored-form event with one field replaced by anything from `anyEvent` (or a key dropped). */
  const mutated = fc
    .tuple(fc.oneof(storedEquipment, storedTransport), anyEvent, fc.nat(), fc.boolean())
    .map(([a, b, n, drop]) => {
      const keys = Object.keys(b);
      if (drop) {
        const ks = Object.keys(a);
        const { [ks[n % ks.length]!]: _, ...rest } = a as Record<string, unknown>;
        return rest;
      }
      if (keys.length === 0) return a;
      const k = keys[n % keys.length]!;
      return { ...a, [k]: (b as Record<string, unknown>)[k] };
    });

  it('returns exactly what zod + normalizeEvent return, or leaves the item to zod', () => {
    fc.assert(
      fc.property(fc.oneof(anyEvent, storedEquipment, storedTransport, mutated, fc.anything()), (raw) => {
        const fast = fastEvent(raw);
        if (fast === undefined) return;
        const parsed = trackingEventSchema.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(fast).toStrictEqual(normalizeEvent(parsed.data!));
      }),
      { numRuns: 4000 },
    );
  });

  it('takes equipment events already in the stored form', () => {
    fc.assert(
      fc.property(storedEquipment, (raw) => {
        expect(fastEvent(raw)).toStrictEqual(normalizeEvent(trackingEventSchema.parse(raw)));
      }),
      { numRuns: 2000 },
    );
    const arri = {
      eventId: 'a-1',
      eventType: 'TRANSPORT',
      eventClassifierCode: 'ACT',
      eventDateTime: '2026-11-26T03:00:00.000Z',
      transportEventTypeCode: 'ARRI',
      trainReference: 'X8001',
      location: 'CNURC',
    };
    expect(fastEvent(arri)).toStrictEqual(normalizeEvent(trackingEventSchema.parse(arri)));
    expect(fastEvent({ ...arri, location: undefined })).toBeUndefined();
  });
});
