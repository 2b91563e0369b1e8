/**
 * How readings leave the API (camelCase, absent instead of null) and the keyset cursor of reading
 * pages: (device time, device id, seq), base64url JSON — opaque to clients, stable under inserts.
 */
import type { TrackingEvent } from './events';
import type { EventVia, LatestRow, PageKey, ReadingRow, SeqEventRow, Via } from './repository';

export interface ReadingView {
  deviceId: string;
  seq: number;
  time: string;
  equipment?: string;
  temperatureC?: number;
  setpointC?: number;
  humidityPct?: number;
  lat?: number;
  lon?: number;
  via?: Via;
  receivedAt?: string;
}

export function readingView(r: ReadingRow | LatestRow): ReadingView {
  const v: ReadingView = { deviceId: r.device_id, seq: r.seq, time: r.time };
  if (r.equipment !== null) v.equipment = r.equipment;
  if (r.temperature_c !== null) v.temperatureC = r.temperature_c;
  if (r.setpoint_c !== null) v.setpointC = r.setpoint_c;
  if (r.humidity_pct !== null) v.humidityPct = r.humidity_pct;
  if (r.lat !== null) v.lat = r.lat;
  if (r.lon !== null) v.lon = r.lon;
  if ('via' in r) {
    v.via = r.via;
    v.receivedAt = r.received_at;
  }
  return v;
}

export function encodeCursor(k: PageKey): string {
  return Buffer.from(JSON.stringify([k.time, k.deviceId, k.seq]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): PageKey | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [time, deviceId, seq] = v as [unknown, unknown, unknown];
    if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) return null;
    if (typeof deviceId !== 'string' || !Number.isSafeInteger(seq)) return null;
    return { time, deviceId, seq: seq as number };
  } catch {
    return null;
  }
}

/** A stored event row as the bus and the feeds carry it, with its durable order. */
export function sequencedEvent(r: SeqEventRow): SequencedEvent {
  return {
    seq: Number(r.seq),
    deviceId: r.device_id,
    organizationId: r.organization_id,
    eventId: r.event_id,
    eventType: r.event_type,
    eventCode: r.event_code,
    classifier: r.classifier,
    eventTime: r.event_time,
    equipment: r.equipment,
    trainReference: r.train_reference,
    location: r.location,
    retractedEventId: r.retracted_event_id,
    via: r.via,
    body: r.body as TrackingEvent,
  };
}

/** An event as `GET /api/v1/events` answers it: the DCSA body as sent, plus where it is stored. */
export type EventView = Record<string, unknown> & {
  eventId: string;
  eventType: string;
  eventDateTime: string;
  /** When the platform stored it (DCSA's eventCreatedDateTime). */
  eventCreatedDateTime: string;
  deviceId: string;
  /** Present with `retracted=include`: a later event of the same device retracted this one. */
  retracted?: boolean;
};

export function eventView(r: SeqEventRow, retracted?: boolean): EventView {
  const body = r.body as Record<string, unknown>;
  return {
    ...body,
    eventId: r.event_id,
    eventType: r.event_type,
    eventDateTime: r.event_time,
    eventCreatedDateTime: r.received_at,
    deviceId: r.device_id,
    ...(retracted === undefined ? {} : { retracted }),
  };
}

/** The events cursor: the last `seq` of the page, base64url — opaque to clients. */
export function encodeSeqCursor(seq: number): string {
  return Buffer.from(`s${seq}`, 'utf8').toString('base64url');
}

export function decodeSeqCursor(cursor: string): number | null {
  const m = /^s(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

/** A stored event as the bus announces it (the DCSA body plus where it came from and its tenant). */
export interface StoredEvent {
  readonly deviceId: string;
  readonly organizationId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly eventCode: string;
  readonly classifier: string;
  readonly eventTime: string;
  readonly equipment: string | null;
  readonly trainReference: string | null;
  readonly location: string | null;
  readonly retractedEventId: string | null;
  readonly via: EventVia;
  readonly body: TrackingEvent;
  /** Its durable order, when the write returned it (then no lookup is needed to sequence it). */
  readonly seq?: number;
}

/** A stored event with its durable order (`seq`): the SSE id, the events cursor, the outbox mark. */
export type SequencedEvent = StoredEvent & { readonly seq: number };
