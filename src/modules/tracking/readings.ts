/**
 * Device readings (the device contract, docs/devices.md): the payload schema, and the plausibility
 * check that sends future-dated or impossible readings to quarantine with a reason. Pure: the clock
 * (`now`) and the limits come in as arguments.
 */
import { z } from 'zod';
import { parseContainerNumber } from '../../domain/codes/iso6346';
import { containerNumberSchema } from '../../domain/codes/schemas';
import type { Violation } from '../../domain/result';

/** An instant with an explicit offset (Z or ±hh:mm); stored and answered as UTC. */
export const instantSchema = z.iso.datetime({ offset: true });

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** One reading as a device sends it; unknown fields are ignored. */
export const readingSchema = z.object({
  seq: z
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .describe('the device’s sequence number; (device, seq) is unique'),
  time: instantSchema.describe('when the device measured, ISO-8601 with offset'),
  equipment: containerNumberSchema.optional(),
  temperatureC: finite.optional(),
  setpointC: finite.optional(),
  humidityPct: finite.optional(),
  lat: finite.optional(),
  lon: finite.optional(),
});

export type ReadingInput = z.input<typeof readingSchema>;
export type Reading = z.output<typeof readingSchema>;

/** One object or an array of them (at most 1,000 per message or request). */
export const readingsPayloadSchema = z.union([readingSchema, z.array(readingSchema).min(1).max(1000)]);

/** An instant already as it is stored: UTC with milliseconds (`2026-11-26T03:00:00.000Z`). */
const STORED_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** True when `v` is an instant in the stored form that names a real calendar time. */
export function isStoredInstant(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 24 || !STORED_INSTANT.test(v)) return false;
  const t = Date.parse(v);
  return !Number.isNaN(t) && new Date(t).toISOString() === v;
}

/** True when `v` is a container number already in its canonical form (valid check digit). */
export function isCanonicalContainer(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 11) return false;
  const r = parseContainerNumber(v);
  return r.ok && r.value.number === v;
}

const OPTIONAL_NUMBERS = ['temperatureC', 'setpointC', 'humidityPct', 'lat', 'lon'] as const;

/**
 * The hot path of ingest: most devices send readings already in the stored form (integer seq, UTC
 * time with milliseconds, canonical container number, finite numbers). Such a reading is returned as
 * `normalizeReading(readingSchema.parse(raw))` would return it, without zod; anything else gives
 * undefined and goes the zod way — so every error and quarantine reason is still zod's. The
 * equivalence is a property test (readings.test.ts).
 */
export function fastReading(raw: unknown): Reading | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const seq = o.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  const time = o.time;
  if (!isStoredInstant(time)) return undefined;
  const out: { -readonly [K in keyof Reading]: Reading[K] } = { seq, time };
  const equipment = o.equipment;
  if (equipment !== undefined) {
    if (!isCanonicalContainer(equipment)) return undefined;
    out.equipment = equipment;
  } else if ('equipment' in o) return undefined;
  for (const k of OPTIONAL_NUMBERS) {
    const v = o[k];
    if (v === undefined) {
      if (k in o) return undefined;
    } else if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else return undefined;
  }
  return out;
}

/** Bounds of a believable reading; every figure configurable. */
export interface PlausibilityLimits {
  /** How far a device clock may run ahead of ours. */
  readonly maxFutureSkewMs: number;
  /** Readings before this are a device without a set clock (1970). */
  readonly earliest: string;
  readonly temperatureC: readonly [number, number];
  readonly humidityPct: readonly [number, number];
}

export const DEFAULT_LIMITS: PlausibilityLimits = {
  maxFutureSkewMs: 5 * 60_000,
  earliest: '2000-01-01T00:00:00.000Z',
  temperatureC: [-80, 80],
  humidityPct: [0, 100],
};

/** The reading with its time normalized to UTC milliseconds (`…T03:00:00.000Z`). */
export function normalizeReading(r: Reading): Reading {
  return { ...r, time: new Date(r.time).toISOString() };
}

function reason(field: string, code: string, en: string, zh: string, details?: Record<string, unknown>) {
  return { field, code, message: { en, zh }, ...(details ? { details } : {}) } satisfies Violation;
}

function outside(value: number | undefined, [lo, hi]: readonly [number, number]): boolean {
  return value !== undefined && (value < lo || value > hi);
}

/** Why a valid-looking reading cannot be true, or null when it is believable. */
export function implausibleTime(time: string, now: Date, limits: PlausibilityLimits): Violation | null {
  const t = Date.parse(time);
  if (t > now.getTime() + limits.maxFutureSkewMs) {
    return reason(
      'time',
      'reading.future',
      `time ${time} is more than ${limits.maxFutureSkewMs / 1000} s ahead of the server clock (${now.toISOString()})`,
      `时间 ${time} 比服务器时钟（${now.toISOString()}）超前 ${limits.maxFutureSkewMs / 1000} 秒以上`,
      { serverTime: now.toISOString(), maxFutureSkewMs: limits.maxFutureSkewMs },
    );
  }
  if (t < Date.parse(limits.earliest)) {
    return reason(
      'time',
      'reading.too_old',
      `time ${time} is before ${limits.earliest}: the device clock is probably not set`,
      `时间 ${time} 早于 ${limits.earliest}：设备时钟可能未设置`,
      { earliest: limits.earliest },
    );
  }
  return null;
}

export function implausiblePosition(lat: number | undefined, lon: number | undefined): Violation | null {
  if (outside(lat, [-90, 90]))
    return reason('lat', 'reading.lat_range', `latitude ${lat} is outside −90…90`, `纬度 ${lat} 超出 −90…90`);
  if (outside(lon, [-180, 180]))
    return reason(
      'lon',
      'reading.lon_range',
      `longitude ${lon} is outside −180…180`,
      `经度 ${lon} 超出 −180…180`,
    );
  if ((lat === undefined) !== (lon === undefined))
    return reason(
      lat === undefined ? 'lat' : 'lon',
      'reading.position_half',
      'a position needs both lat and lon',
      '位置须同时给出纬度 lat 和经度 lon',
    );
  return null;
}

export function implausibleTemperature(
  field: string,
  value: number | undefined,
  limits: PlausibilityLimits,
): Violation | null {
  if (!outside(value, limits.temperatureC)) return null;
  const [lo, hi] = limits.temperatureC;
  return reason(
    field,
    'reading.temperature_range',
    `${field} ${value} °C is outside the believable ${lo}…${hi} °C`,
    `${field} ${value} °C 超出可信范围 ${lo}…${hi} °C`,
    { min: lo, max: hi },
  );
}

export function implausibleHumidity(
  field: string,
  value: number | undefined,
  limits: PlausibilityLimits,
): Violation | null {
  if (!outside(value, limits.humidityPct)) return null;
  const [lo, hi] = limits.humidityPct;
  return reason(
    field,
    'reading.humidity_range',
    `${field} ${value} % is outside ${lo}…${hi} %`,
    `${field} ${value} % 超出 ${lo}…${hi} %`,
    { min: lo, max: hi },
  );
}

/** The first reason this reading goes to quarantine instead of the store, or null. */
export function quarantineReason(r: Reading, now: Date, limits: PlausibilityLimits): Violation | null {
  return (
    implausibleTime(r.time, now, limits) ??
    implausiblePosition(r.lat, r.lon) ??
    implausibleTemperature('temperatureC', r.temperatureC, limits) ??
    implausibleTemperature('setpointC', r.setpointC, limits) ??
    implausibleHumidity('humidityPct', r.humidityPct, limits)
  );
}

/** Orders two readings of one box: newer device time wins; ties broken by device id, then seq. */
export function isNewer(
  a: { time: string; deviceId: string; seq: number },
  b: { time: string; deviceId: string; seq: number },
): boolean {
  const ta = Date.parse(a.time);
  const tb = Date.parse(b.time);
  if (ta !== tb) return ta > tb;
  if (a.deviceId !== b.deviceId) return a.deviceId > b.deviceId;
  return a.seq > b.seq;
}
