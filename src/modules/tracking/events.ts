/**
 * Tracking events in the DCSA Track & Trace v3 vocabulary, adapted to rail: TRANSPORT (a train at a
 * network location), EQUIPMENT (a box: handling, gate, stuffing, customs, transshipment at a gauge
 * break), REEFER (measured / adjusted), IOT (door, power, position). Classifier PLN / EST / ACT.
 * An event that carries `retractedEventId` retracts an earlier one: both stay stored (the history),
 * the retracted one leaves the current view. Pure: the clock comes in as an argument.
 */
import { z } from 'zod';
import { containerNumberSchema, unlocodeSchema } from '../../domain/codes/schemas';
import { parseUnlocode } from '../../domain/codes/unlocode';
import type { Violation } from '../../domain/result';
import {
  implausibleHumidity,
  implausiblePosition,
  implausibleTemperature,
  implausibleTime,
  instantSchema,
  isCanonicalContainer,
  isStoredInstant,
  type PlausibilityLimits,
} from './readings';

export const EVENT_TYPES = ['TRANSPORT', 'EQUIPMENT', 'REEFER', 'IOT'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const CLASSIFIERS = ['PLN', 'EST', 'ACT'] as const;
export type Classifier = (typeof CLASSIFIERS)[number];

/** ARRI arrived, DEPA departed (a train at a network location). */
export const TRANSPORT_CODES = ['ARRI', 'DEPA'] as const;

/**
 * DCSA equipment codes, and GBTS — Lugang's rail extension: the box was craned from a wagon of one
 * gauge to a wagon of the other at a gauge break (Alashankou/Dostyk, Khorgos/Altynkol, Brest …).
 */
export const EQUIPMENT_CODES = [
  'LOAD', // loaded onto a wagon
  'DISC', // discharged from a wagon
  'GTIN', // gated in
  'GTOT', // gated out
  'STUF', // stuffed
  'STRP', // stripped
  'INSP', // inspected
  'CUSS', // customs selected for scan
  'CUSI', // customs selected for inspection
  'CUSR', // customs released
  'GBTS', // transshipped at a gauge break (rail extension)
] as const;

/** MEAS measured, ADJU setpoint adjusted. */
export const REEFER_CODES = ['MEAS', 'ADJU'] as const;

/** DRO door opened, DRC door closed, PWL power lost, PWR power restored, POS position report. */
export const IOT_CODES = ['DRO', 'DRC', 'PWL', 'PWR', 'POS'] as const;

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/;
const reference = (what: string) =>
  z.string().min(1).max(35).regex(REFERENCE, `${what}: letters, digits, space . / _ -`);

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const eventIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(EVENT_ID, 'an event id: letters, digits . _ : - (a UUID is best)');

const common = {
  eventId: eventIdSchema.describe('unique per device; duplicates are acknowledged and stored once'),
  eventClassifierCode: z.enum(CLASSIFIERS),
  eventDateTime: instantSchema.describe('when it happened (ACT), is expected (EST) or planned (PLN)'),
  retractedEventId: eventIdSchema.optional().describe('this event retracts that earlier event'),
  trainReference: reference('trainReference').optional().describe('the train (service) reference'),
  wagonReference: reference('wagonReference').optional().describe('the wagon (rail car) number'),
  location: unlocodeSchema.optional(),
};

const position = z.object({ lat: finite, lon: finite });

export const transportEventSchema = z.object({
  ...common,
  eventType: z.literal('TRANSPORT'),
  transportEventTypeCode: z.enum(TRANSPORT_CODES),
  trainReference: reference('trainReference'),
  location: unlocodeSchema,
});

export const equipmentEventSchema = z
  .object({
    ...common,
    eventType: z.literal('EQUIPMENT'),
    equipmentEventTypeCode: z.enum(EQUIPMENT_CODES),
    equipmentReference: containerNumberSchema,
    emptyIndicatorCode: z.enum(['EMPTY', 'LADEN']).optional(),
    transshipment: z
      .object({
        fromGaugeMm: z.number().int().min(600).max(2000),
        toGaugeMm: z.number().int().min(600).max(2000),
        fromWagonReference: reference('fromWagonReference').optional(),
        toWagonReference: reference('toWagonReference').optional(),
      })
      .optional(),
  })
  .superRefine((e, ctx) => {
    if (e.equipmentEventTypeCode !== 'GBTS') return;
    if (!e.location) ctx.addIssue({ code: 'custom', path: ['location'], message: 'GBTS needs the location' });
    if (!e.transshipment)
      ctx.addIssue({ code: 'custom', path: ['transshipment'], message: 'GBTS needs the two gauges' });
    else if (e.transshipment.fromGaugeMm === e.transshipment.toGaugeMm)
      ctx.addIssue({
        code: 'custom',
        path: ['transshipment', 'toGaugeMm'],
        message: 'a gauge-break transshipment changes the gauge',
      });
  });

export const reeferEventSchema = z
  .object({
    ...common,
    eventType: z.literal('REEFER'),
    reeferEventTypeCode: z.enum(REEFER_CODES),
    equipmentReference: containerNumberSchema,
    measurements: z.object({
      temperatureC: finite.optional(),
      setpointC: finite.optional(),
      humidityPct: finite.optional(),
      o2Pct: finite.optional(),
      co2Pct: finite.optional(),
    }),
  })
  .superRefine((e, ctx) => {
    const m = e.measurements;
    if (e.reeferEventTypeCode === 'ADJU' && m.setpointC === undefined)
      ctx.addIssue({ code: 'custom', path: ['measurements', 'setpointC'], message: 'ADJU needs setpointC' });
    if (e.reeferEventTypeCode === 'MEAS' && Object.values(m).every((v) => v === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['measurements'],
        message: 'MEAS needs at least one measurement',
      });
  });

export const iotEventSchema = z
  .object({
    ...common,
    eventType: z.literal('IOT'),
    iotEventTypeCode: z.enum(IOT_CODES),
    /** The box the sensor sits on; a train's own tracker (on the locomotive) names the train instead. */
    equipmentReference: containerNumberSchema.optional(),
    position: position.optional(),
  })
  .superRefine((e, ctx) => {
    if (!e.equipmentReference && !e.trainReference)
      ctx.addIssue({
        code: 'custom',
        path: ['equipmentReference'],
        message: 'an IOT event names its box (equipmentReference) or its train (trainReference)',
      });
    if (e.iotEventTypeCode === 'POS' && !e.position)
      ctx.addIssue({ code: 'custom', path: ['position'], message: 'POS needs position {lat, lon}' });
  });

export const trackingEventSchema = z.discriminatedUnion('eventType', [
  transportEventSchema,
  equipmentEventSchema,
  reeferEventSchema,
  iotEventSchema,
]);

export type TrackingEvent = z.output<typeof trackingEventSchema>;
export type TrackingEventInput = z.input<typeof trackingEventSchema>;

export const eventsPayloadSchema = z.union([
  trackingEventSchema,
  z.array(trackingEventSchema).min(1).max(1000),
]);

// ── the hot path without zod ───────────────────────────────────────────────────────────────────────

const isEventId = (v: unknown): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= 100 && EVENT_ID.test(v);
const isReference = (v: unknown): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= 35 && REFERENCE.test(v);
function isCanonicalUnlocode(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 5) return false;
  const r = parseUnlocode(v);
  return r.ok && r.value.code === v;
}
const oneOf = (list: readonly string[], v: unknown): v is string => typeof v === 'string' && list.includes(v);
const EQUIPMENT_FAST_CODES = EQUIPMENT_CODES.filter((c) => c !== 'GBTS');

/**
 * Copies an optional field when it is absent or passes `test`; false (leave the item to zod) when it
 * is present and does not, or present as undefined.
 */
function optional(
  o: Record<string, unknown>,
  out: Record<string, unknown>,
  k: string,
  test: (v: unknown) => boolean,
): boolean {
  const v = o[k];
  if (v === undefined) return !(k in o);
  if (!test(v)) return false;
  out[k] = v;
  return true;
}

/**
 * The hot path of event ingest: TRANSPORT and EQUIPMENT events (not GBTS, which has more rules)
 * already in the stored form (UTC time with milliseconds, canonical box number and UN/LOCODE) are
 * returned as `normalizeEvent(trackingEventSchema.parse(raw))` would return them, without zod;
 * anything else gives undefined and goes the zod way, so every error is still zod's. The equivalence
 * is a property test (events.test.ts).
 */
export function fastEvent(raw: unknown): TrackingEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const type = o.eventType;
  if (type !== 'EQUIPMENT' && type !== 'TRANSPORT') return undefined;
  if (
    !isEventId(o.eventId) ||
    !oneOf(CLASSIFIERS, o.eventClassifierCode) ||
    !isStoredInstant(o.eventDateTime)
  )
    return undefined;
  const out: Record<string, unknown> = {
    eventId: o.eventId,
    eventClassifierCode: o.eventClassifierCode,
    eventDateTime: o.eventDateTime,
    eventType: type,
  };
  if (
    !optional(o, out, 'retractedEventId', isEventId) ||
    !optional(o, out, 'wagonReference', isReference) ||
    !optional(o, out, 'trainReference', isReference) ||
    !optional(o, out, 'location', isCanonicalUnlocode)
  )
    return undefined;
  if (type === 'TRANSPORT') {
    if (!oneOf(TRANSPORT_CODES, o.transportEventTypeCode) || out.trainReference === undefined)
      return undefined;
    if (out.location === undefined) return undefined;
    out.transportEventTypeCode = o.transportEventTypeCode;
  } else {
    if (!oneOf(EQUIPMENT_FAST_CODES, o.equipmentEventTypeCode) || !isCanonicalContainer(o.equipmentReference))
      return undefined;
    if ('transshipment' in o) return undefined;
    out.equipmentEventTypeCode = o.equipmentEventTypeCode;
    out.equipmentReference = o.equipmentReference;
    if (!optional(o, out, 'emptyIndicatorCode', (v) => v === 'EMPTY' || v === 'LADEN')) return undefined;
  }
  return out as TrackingEvent;
}

/** The event's type code (ARRI, LOAD, MEAS, DRO …) whatever its type. */
export function eventCode(e: TrackingEvent): string {
  switch (e.eventType) {
    case 'TRANSPORT':
      return e.transportEventTypeCode;
    case 'EQUIPMENT':
      return e.equipmentEventTypeCode;
    case 'REEFER':
      return e.reeferEventTypeCode;
    case 'IOT':
      return e.iotEventTypeCode;
  }
}

export function equipmentOf(e: TrackingEvent): string | null {
  return e.eventType === 'TRANSPORT' ? null : (e.equipmentReference ?? null);
}

/** The event with its time in UTC milliseconds. */
export function normalizeEvent(e: TrackingEvent): TrackingEvent {
  return { ...e, eventDateTime: new Date(e.eventDateTime).toISOString() };
}

/**
 * Why a well-formed event cannot be true: an actual (ACT) event in the future, a device clock not
 * set, an impossible measurement or position. Planned and estimated events may lie in the future.
 */
export function eventQuarantineReason(
  e: TrackingEvent,
  now: Date,
  limits: PlausibilityLimits,
): Violation | null {
  const timeLimits = e.eventClassifierCode === 'ACT' ? limits : { ...limits, maxFutureSkewMs: Infinity };
  const time = implausibleTime(e.eventDateTime, now, timeLimits);
  if (time) return { ...time, field: 'eventDateTime', code: time.code.replace('reading.', 'event.') };
  if (e.eventType === 'REEFER') {
    const m = e.measurements;
    return (
      implausibleTemperature('measurements.temperatureC', m.temperatureC, limits) ??
      implausibleTemperature('measurements.setpointC', m.setpointC, limits) ??
      implausibleHumidity('measurements.humidityPct', m.humidityPct, limits) ??
      implausibleHumidity('measurements.o2Pct', m.o2Pct, limits) ??
      implausibleHumidity('measurements.co2Pct', m.co2Pct, limits)
    );
  }
  if (e.eventType === 'IOT' && e.position) return implausiblePosition(e.position.lat, e.position.lon);
  return null;
}

/**
 * The current view of a device's events: every event not retracted, without the retractions
 * themselves. Order-independent: a retraction that arrives before its event still hides it.
 */
export function currentEvents<T extends { eventId: string; retractedEventId?: string | undefined }>(
  events: readonly T[],
): T[] {
  const retracted = new Set(events.flatMap((e) => (e.retractedEventId ? [e.retractedEventId] : [])));
  return events.filter((e) => !e.retractedEventId && !retracted.has(e.eventId));
}
