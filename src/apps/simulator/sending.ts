// What the devices send: DCSA-style events and readings, each with its device's next sequence
// number and event id; devices misbehave as real ones do (some items twice, some hours late, which
// puts them out of order). Every intent sent goes into the event log (hashed).
import type { Box, Train, Twin } from './core';
import { HOUR, type Intent, iso, MINUTE, r4 } from './options';

export function transport(tw: Twin, train: Train, t: number, code: 'DEPA' | 'ARRI', node: string): void {
  train.lastEventMs = t;
  deviceItem(tw, train.gps, t, 'events', (_seq, eventId) => ({
    eventId,
    eventType: 'TRANSPORT',
    eventClassifierCode: 'ACT',
    eventDateTime: iso(t),
    transportEventTypeCode: code,
    trainReference: train.id,
    location: tw.code(node),
  }));
  count(tw, `TRANSPORT.${code}`);
}

export function position(tw: Twin, train: Train, t: number, lat: number, lon: number): void {
  deviceItem(tw, train.gps, t, 'events', (_seq, eventId) => ({
    eventId,
    eventType: 'IOT',
    eventClassifierCode: 'ACT',
    eventDateTime: iso(t),
    iotEventTypeCode: 'POS',
    trainReference: train.id,
    position: { lat: r4(lat), lon: r4(lon) },
  }));
  count(tw, 'IOT.POS');
}

export function iot(tw: Twin, device: string, t: number, code: 'PWL' | 'PWR', box: Box): void {
  deviceItem(tw, device, t, 'events', (_seq, eventId) => ({
    eventId,
    eventType: 'IOT',
    eventClassifierCode: 'ACT',
    eventDateTime: iso(t),
    iotEventTypeCode: code,
    equipmentReference: box.number,
  }));
  count(tw, `IOT.${code}`);
}

export function boxEvent(
  tw: Twin,
  device: string,
  t: number,
  code: string,
  box: Box,
  extra: Record<string, unknown>,
): void {
  deviceItem(tw, device, t, 'events', (_seq, eventId) => ({
    eventId,
    eventType: 'EQUIPMENT',
    eventClassifierCode: 'ACT',
    eventDateTime: iso(t),
    equipmentEventTypeCode: code,
    equipmentReference: box.number,
    emptyIndicatorCode: 'LADEN',
    ...extra,
  }));
  count(tw, `EQUIPMENT.${code}`);
}

export function count(tw: Twin, type: string): void {
  tw.s.byType[type] = (tw.s.byType[type] ?? 0) + 1;
  tw.s.events++;
}

/**
 * An item a device sends about a moment `t`. Devices misbehave as real ones do: some items are sent
 * twice, some hours late (store-and-forward after a dead spot), which also puts them out of order.
 */
export function deviceItem(
  tw: Twin,
  device: string,
  t: number,
  channel: 'events' | 'readings',
  make: (seq: number, eventId: string) => Record<string, unknown>,
): void {
  tw.devices.add(device);
  const n = (tw.deviceSeq.get(device) ?? 0) + 1;
  tw.deviceSeq.set(device, n);
  const item = make(tw.seqBase + n, `${tw.runTag}-${device.slice(5)}-${n}`);
  let sendAt = t;
  if (tw.rng.chance(tw.options.lateShare)) {
    sendAt = t + Math.floor(tw.rng.range(1, 6) * HOUR);
    tw.s.late++;
  }
  send(tw, sendAt, { kind: 'device', t: sendAt, device, channel, item });
  if (tw.rng.chance(tw.options.duplicateShare)) {
    const again = sendAt + Math.floor(tw.rng.range(1, 30)) * MINUTE;
    send(tw, again, { kind: 'device', t: again, device, channel, item });
    tw.s.duplicates++;
  }
}

export function send(tw: Twin, at: number, intent: Intent): void {
  // Nothing is sent before the twin's present (items of the past go out now).
  const t = Math.max(at, tw.now);
  tw.agenda.push({ t, kind: 'send', intent: t === intent.t ? intent : { ...intent, t } });
}

export function log(tw: Twin, intent: Intent): void {
  if (!tw.hasher) return;
  tw.hasher.update(JSON.stringify(intent));
  tw.hasher.update('\n');
}
