/** The reading contract and its plausibility rules (clock passed in). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import { canonicalJson, contentHash } from './canonical';
import {
  DEFAULT_LIMITS,
  fastReading,
  isNewer,
  normalizeReading,
  quarantineReason,
  readingSchema,
  readingsPayloadSchema,
} from './readings';
import { deviceTopic, parseDeviceTopic } from './topics';

const NOW = new Date('2026-11-26T04:00:00Z');

describe('readingSchema', () => {
  it('accepts the documented example and requires seq and time', () => {
    const example = {
      seq: 17,
      time: '2026-11-26T03:00:00Z',
      equipment: 'CSQU3054383',
      temperatureC: 3.6,
      setpointC: 3.5,
      humidityPct: 88,
      lat: 44.1,
      lon: 80.4,
    };
    expect(readingSchema.parse(example)).toEqual(example);
    expect(readingsPayloadSchema.safeParse([example, { ...example, seq: 18 }]).success).toBe(true);
    expect(readingSchema.safeParse({ time: example.time }).success).toBe(false);
    expect(readingSchema.safeParse({ seq: 1 }).success).toBe(false);
    expect(readingSchema.safeParse({ seq: -1, time: example.time }).success).toBe(false);
    expect(readingSchema.safeParse({ seq: 1.5, time: example.time }).success).toBe(false);
    expect(readingSchema.safeParse({ seq: 1, time: '2026-11-26T03:00:00' }).success).toBe(false);
    expect(readingSchema.safeParse({ seq: 1, time: example.time, equipment: 'CSQU3054384' }).success).toBe(
      false,
    );
    expect(readingsPayloadSchema.safeParse([]).success).toBe(false);
  });

  it('normalizes the time to UTC milliseconds', () => {
    expect(normalizeReading(readingSchema.parse({ seq: 1, time: '2026-11-26T09:00:00+06:00' })).time).toBe(
      '2026-11-26T03:00:00.000Z',
    );
  });
});

describe('quarantineReason', () => {
  const r = (extra: object) => readingSchema.parse({ seq: 1, time: '2026-11-26T03:00:00Z', ...extra });
  it('passes a believable reading, including one within the clock skew', () => {
    expect(
      quarantineReason(r({ temperatureC: -25, humidityPct: 100, lat: -90, lon: 180 }), NOW, DEFAULT_LIMITS),
    ).toBeNull();
    expect(quarantineReason(r({ time: '2026-11-26T04:05:00Z' }), NOW, DEFAULT_LIMITS)).toBeNull();
  });
  it('names the reason in both languages', () => {
    const cases: Array<[object, string]> = [
      [{ time: '2026-11-26T04:05:01Z' }, 'reading.future'],
      [{ temperatureC: -300 }, 'reading.temperature_range'],
      [{ setpointC: 120 }, 'reading.temperature_range'],
      [{ humidityPct: 100.5 }, 'reading.humidity_range'],
      [{ lat: 90.1, lon: 0 }, 'reading.lat_range'],
      [{ lat: 0, lon: -181 }, 'reading.lon_range'],
      [{ lat: 44 }, 'reading.position_half'],
      [{ time: '1970-01-01T00:00:00Z' }, 'reading.too_old'],
    ];
    for (const [extra, code] of cases) {
      const v = quarantineReason(r(extra), NOW, DEFAULT_LIMITS);
      expect(v?.code, JSON.stringify(extra)).toBe(code);
      expect(v?.message.zh.length).toBeGreaterThan(0);
    }
    expect(
      quarantineReason(r({ time: '2026-11-26T04:20:00Z' }), NOW, {
        ...DEFAULT_LIMITS,
        maxFutureSkewMs: 3600_000,
      }),
    ).toBeNull();
  });
});

/** A container number with a right check digit (in its canonical form). */
const containerArb = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 3, maxLength: 3 }),
    fc.constantFrom('U', 'J', 'Z'),
    fc.integer({ min: 0, max: 999_999 }),
  )
  .map(([owner, cat, serial]) => {
    const first10 = `${owner}${cat}${String(serial).padStart(6, '0')}`;
    return `${first10}${computeCheckDigit(first10)}`;
  });

const storedInstantArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Instants zod may accept or refuse: other offsets and precisions, impossible days and hours. */
const otherInstantArb = fc.oneof(
  storedInstantArb.map((t) => t.replace('.000Z', 'Z')),
  storedInstantArb.map((t) => t.replace('Z', '+08:00')),
  storedInstantArb.map((t) => t.replace(/\.\d{3}Z$/, '.5Z')),
  storedInstantArb.map((t) => t.replace(/T\d\d/, 'T24')),
  storedInstantArb.map((t) => t.replace(/-\d\dT/, '-31T')),
  storedInstantArb.map((t) => t.replace(/-\d\d-\d\dT/, '-02-29T')),
  storedInstantArb.map((t) => t.replace(/-\d\d-\d\dT/, '-02-30T')),
  storedInstantArb.map((t) => t.toLowerCase()),
  fc.string(),
  fc.integer(),
);

const numberArb = fc.oneof(
  fc.double(),
  fc.integer({ min: -200, max: 200 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
);

/** Readings in the stored form — the ones the fast path must take. */
const storedReadingArb = fc.record(
  {
    seq: fc.nat(),
    time: storedInstantArb,
    equipment: containerArb,
    temperatureC: fc.double({ noNaN: true, noDefaultInfinity: true }),
    setpointC: fc.integer({ min: -30, max: 30 }),
    humidityPct: fc.double({ min: 0, max: 100, noNaN: true }),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lon: fc.double({ min: -180, max: 180, noNaN: true }),
  },
  { requiredKeys: ['seq', 'time'] },
);

/** Anything a device might send, right or wrong. */
const anyReadingArb = fc.oneof(
  storedReadingArb,
  fc.record(
    {
      seq: fc.oneof(
        fc.nat(),
        fc.integer(),
        fc.double(),
        fc.constant(Number.MAX_SAFE_INTEGER + 1),
        fc.string(),
      ),
      time: fc.oneof(storedInstantArb, otherInstantArb),
      equipment: fc.oneof(
        containerArb,
        containerArb.map((c) => c.toLowerCase()),
        containerArb.map((c) => `${c.slice(0, 4)} ${c.slice(4, 10)}-${c[10]}`),
        containerArb.map((c) => `${c.slice(0, 10)}${(Number(c[10]) + 1) % 10}`),
        fc.string(),
        fc.integer(),
        fc.constant(undefined),
      ),
      temperatureC: numberArb,
      setpointC: numberArb,
      humidityPct: numberArb,
      lat: numberArb,
      lon: numberArb,
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe('fastReading (the ingest hot path without zod)', () => {
  it('returns exactly what zod + normalizeReading return, or leaves the item to zod', () => {
    fc.assert(
      fc.property(anyReadingArb, (raw) => {
        const fast = fastReading(raw);
        if (fast === undefined) return;
        const parsed = readingSchema.safeParse(raw);
        expect(parsed.success).toBe(true);
        expect(fast).toStrictEqual(normalizeReading(parsed.data!));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes every reading already in the stored form', () => {
    fc.assert(
      fc.property(storedReadingArb, (raw) => {
        expect(fastReading(raw)).toStrictEqual(normalizeReading(readingSchema.parse(raw)));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves to zod what it must refuse or rewrite', () => {
    const ok = { seq: 1, time: '2026-11-26T03:00:00.000Z', equipment: 'CSQU3054383' };
    expect(fastReading(ok)).toEqual(ok);
    for (const bad of [
      { ...ok, equipment: 'csqu3054383' },
      { ...ok, equipment: 'CSQU3054384' },
      { ...ok, time: '2026-11-26T03:00:00Z' },
      { ...ok, time: '2026-02-30T03:00:00.000Z' },
      { ...ok, seq: -1 },
      { ...ok, seq: 1.5 },
      { ...ok, temperatureC: Number.NaN },
      { ...ok, lat: undefined },
      [ok],
      null,
    ])
      expect(fastReading(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('orders readings by device time, then device, then seq', () => {
    const a = { time: '2026-11-26T03:00:00.000Z', deviceId: 'a', seq: 1 };
    expect(isNewer({ ...a, time: '2026-11-26T03:00:01.000Z' }, a)).toBe(true);
    expect(isNewer({ ...a, deviceId: 'b' }, a)).toBe(true);
    expect(isNewer({ ...a, seq: 2 }, a)).toBe(true);
    expect(isNewer(a, a)).toBe(false);
  });
  it('parses only device topics', () => {
    expect(parseDeviceTopic(deviceTopic('gps-17', 'readings'))).toEqual({
      deviceId: 'gps-17',
      kind: 'readings',
    });
    expect(parseDeviceTopic('lugang/v1/devices/gps-17/events')).toEqual({
      deviceId: 'gps-17',
      kind: 'events',
    });
    expect(parseDeviceTopic('lugang/v1/devices/gps-17/other')).toBeNull();
    expect(parseDeviceTopic('lugang/v1/devices/gps-17/readings/x')).toBeNull();
    expect(parseDeviceTopic('lugang/v1/devices//readings')).toBeNull();
  });
  it('hashes content, not key order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});
