/** The reading contract and its plausibility rules (clock passed in). */
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './canonical';
import {
  DEFAULT_LIMITS,
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
