/**
 * One message's items on their way in, pure (the clock and the limits come in as arguments): each
 * well-formed, plausible item becomes a row; every other one a quarantine row with its reason
 * (`prepareItems`); after the commit, the answer per item (`outcomeOf`). The hot path of ingest:
 * one call per MQTT message, no closures, items in the stored form skip zod (`fastReading`,
 * `fastEvent`: same result, property-tested).
 */
import type { z } from 'zod';
import type { Violation } from '../../domain/result';
import type { DevicePrincipal } from '../../platform/http/access';
import {
  equipmentOf,
  eventCode,
  eventQuarantineReason,
  fastEvent,
  normalizeEvent,
  trackingEventSchema,
} from './events';
import {
  fastReading,
  normalizeReading,
  type PlausibilityLimits,
  quarantineReason,
  readingSchema,
} from './readings';
import type { EventVia, IngestWrite, IngestWritten, NewEvent, NewQuarantine, NewReading } from './repository';
import type { IngestKind } from './topics';

export type ItemOutcome = 'stored' | 'duplicate' | 'quarantined';

export interface ItemResult {
  /** The reading's `seq` (as text) or the event's `eventId`; null when unreadable. */
  readonly key: string | null;
  readonly outcome: ItemOutcome;
  readonly reason?: Violation;
}

export interface IngestOutcome {
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly results: ItemResult[];
}

function violation(field: string, code: string, en: string, zh: string): Violation {
  return { field, code, message: { en, zh } };
}

/** The first zod issue of an item as a bilingual reason (MQTT has no 400 to carry it). */
function invalidReason(kind: IngestKind, error: z.ZodError): Violation {
  const issue = error.issues[0];
  const field = issue ? issue.path.join('.') : '';
  const what = issue?.message ?? 'invalid';
  const code = kind === 'readings' ? 'reading.invalid' : 'event.invalid';
  return violation(field, code, `${field || 'payload'}: ${what}`, `${field || '载荷'}：格式无效（${what}）`);
}

/** One item of a message: its key, and either its quarantine reason or the key of its row. */
export interface PlanItem {
  readonly key: string | null;
  readonly reason: Violation | undefined;
  readonly rowKey?: string;
}

/** Puts an item that cannot be stored in quarantine, with its reason. */
function quarantineItem(
  quarantine: NewQuarantine[],
  plan: PlanItem[],
  device: DevicePrincipal,
  kind: IngestKind,
  via: EventVia,
  raw: unknown,
  reason: Violation,
): void {
  const key = keyOf(kind, raw);
  quarantine.push({
    device_id: device.deviceId,
    kind,
    item_key: key,
    reason_code: reason.code,
    reason,
    payload: (JSON.stringify(raw) ?? 'null').slice(0, 10_000),
    via,
  });
  plan.push({ key, reason });
}

function keyOf(kind: IngestKind, raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const v = kind === 'readings' ? (raw as { seq?: unknown }).seq : (raw as { eventId?: unknown }).eventId;
  if (kind === 'readings') return Number.isSafeInteger(v) && (v as number) >= 0 ? String(v) : null;
  return typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : null;
}

/**
 * Prepares one message's items: each well-formed, plausible item becomes a row; every other one a
 * quarantine row with its reason. Nothing here throws on bad input. Hot path (one call per MQTT
 * message): no closures, readings and common events in the stored form skip zod (`fastReading`, `fastEvent`: same result).
 */
export function prepareItems(
  device: DevicePrincipal,
  kind: IngestKind,
  items: readonly unknown[],
  via: EventVia,
  now: Date,
  limits: PlausibilityLimits,
): { write: IngestWrite; plan: PlanItem[] } {
  const readings: NewReading[] = [];
  const events: NewEvent[] = [];
  const quarantine: NewQuarantine[] = [];
  const plan: PlanItem[] = [];
  for (const raw of items) {
    if (kind === 'readings') {
      let r = fastReading(raw);
      if (r === undefined) {
        const parsed = readingSchema.safeParse(raw);
        if (!parsed.success) {
          quarantineItem(quarantine, plan, device, kind, via, raw, invalidReason(kind, parsed.error));
          continue;
        }
        r = normalizeReading(parsed.data);
      }
      const reason = quarantineReason(r, now, limits);
      if (reason) {
        quarantineItem(quarantine, plan, device, kind, via, raw, reason);
        continue;
      }
      readings.push({
        device_id: device.deviceId,
        seq: r.seq,
        time: r.time,
        organization_id: device.organizationId,
        equipment: r.equipment ?? null,
        temperature_c: r.temperatureC ?? null,
        setpoint_c: r.setpointC ?? null,
        humidity_pct: r.humidityPct ?? null,
        lat: r.lat ?? null,
        lon: r.lon ?? null,
        via: via === 'platform' ? 'http' : via, // unreachable: the platform records events only
      });
      const key = String(r.seq);
      plan.push({ key, reason: undefined, rowKey: `${device.deviceId}/${key}` });
    } else {
      let e = fastEvent(raw);
      if (e === undefined) {
        const parsed = trackingEventSchema.safeParse(raw);
        if (!parsed.success) {
          quarantineItem(quarantine, plan, device, kind, via, raw, invalidReason(kind, parsed.error));
          continue;
        }
        e = normalizeEvent(parsed.data);
      }
      const reason = eventQuarantineReason(e, now, limits);
      if (reason) {
        quarantineItem(quarantine, plan, device, kind, via, raw, reason);
        continue;
      }
      events.push({
        device_id: device.deviceId,
        event_id: e.eventId,
        organization_id: device.organizationId,
        event_type: e.eventType,
        event_code: eventCode(e),
        classifier: e.eventClassifierCode,
        event_time: e.eventDateTime,
        equipment: equipmentOf(e),
        train_reference: e.trainReference ?? null,
        location: e.location ?? null,
        retracted_event_id: e.retractedEventId ?? null,
        body: e,
        via,
      });
      plan.push({ key: e.eventId, reason: undefined, rowKey: `${device.deviceId}/${e.eventId}` });
    }
  }
  return { write: { readings, events, quarantine }, plan };
}

export function outcomeOf(
  kind: IngestKind,
  plan: readonly PlanItem[],
  written: IngestWritten,
): IngestOutcome {
  const stored = kind === 'readings' ? written.storedReadings : written.storedEvents;
  // the same item twice in one message: the first is `stored`, the next `duplicate`
  const seen = plan.length > 1 ? new Set<string>() : undefined;
  let nStored = 0;
  let nDuplicates = 0;
  let nQuarantined = 0;
  const results: ItemResult[] = new Array(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i]!;
    if (p.reason) {
      nQuarantined++;
      results[i] = { key: p.key, outcome: 'quarantined', reason: p.reason };
      continue;
    }
    const k = p.rowKey!;
    const first = stored.has(k) && !seen?.has(k);
    seen?.add(k);
    if (first) nStored++;
    else nDuplicates++;
    results[i] = { key: p.key, outcome: first ? 'stored' : 'duplicate' };
  }
  return { stored: nStored, duplicates: nDuplicates, quarantined: nQuarantined, results };
}
