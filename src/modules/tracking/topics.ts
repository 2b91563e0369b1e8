/**
 * The device contract's MQTT topics and ids (docs/devices.md): `lugang/v1/devices/{deviceId}/readings`
 * and `lugang/v1/devices/{deviceId}/events`. Pure.
 */
export const TOPIC_PREFIX = 'lugang/v1/devices/';

export type IngestKind = 'readings' | 'events';

/** A device id: 2–64 characters, letters, digits, . _ - (also the MQTT username). */
export const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

export function isDeviceId(id: string): boolean {
  return DEVICE_ID.test(id);
}

export function deviceTopic(deviceId: string, kind: IngestKind): string {
  return `${TOPIC_PREFIX}${deviceId}/${kind}`;
}

/** The device and kind of a publish topic, or null when the topic is not a device topic. */
export function parseDeviceTopic(topic: string): { deviceId: string; kind: IngestKind } | null {
  if (!topic.startsWith(TOPIC_PREFIX)) return null;
  const rest = topic.slice(TOPIC_PREFIX.length).split('/');
  if (rest.length !== 2) return null;
  const [deviceId, kind] = rest as [string, string];
  if (!isDeviceId(deviceId) || (kind !== 'readings' && kind !== 'events')) return null;
  return { deviceId, kind };
}

/** The subscription filter a device may use: its own subtree only. */
export function ownSubtree(deviceId: string): string {
  return `${TOPIC_PREFIX}${deviceId}/#`;
}
