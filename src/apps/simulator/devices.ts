// How the twin's devices reach Lugang: over HTTP (POST /api/v1/devices/{id}/readings|events with
// the device's secret as bearer token) or over MQTT 3.1.1 as the device contract has it
// (docs/devices.md): QoS 1, topic `lugang/v1/devices/{id}/readings|events`, username = device id,
// password = device secret. Over MQTT every device has its own connection — the contract lets a
// device publish only under its own id, so there is no shared gateway connection — opened when the
// device first sends and closed when it has been idle for a while (it opens again when it sends).
import mqtt, { type MqttClient } from 'mqtt';
import type { HttpClient } from './adapter';

export type DeviceChannel = 'events' | 'readings';

/** What a batch of one device's items brought back (HTTP answers per item; MQTT only PUBACKs). */
export interface DeviceOutcome {
  readonly ok: boolean;
  /** HTTP: the answer's counts. MQTT: unknown (the PUBACK says committed, not how). */
  readonly stored?: number;
  readonly duplicates?: number;
  readonly quarantined?: number;
  /** What failed, for the adapter's failure counts (e.g. `device events 401`). */
  readonly failure?: string;
}

export interface DeviceSender {
  readonly kind: 'http' | 'mqtt';
  /** Sends one message / request: `items` (1…1,000) of one device on one channel. */
  send(
    deviceId: string,
    secret: string,
    channel: DeviceChannel,
    items: readonly unknown[],
  ): Promise<DeviceOutcome>;
  /** Connection figures (MQTT): opened so far, open now, the most open at once, time to CONNACK. */
  connections(): ConnectionStats;
  close(): Promise<void>;
}

export interface ConnectionStats {
  opened: number;
  open: number;
  maxOpen: number;
  closedIdle: number;
  connectMs: number;
  messages: number;
}

const TOPIC_PREFIX = 'lugang/v1/devices/';

/** Devices over HTTP: one request per batch, the device secret as bearer token. */
export function httpDevices(client: HttpClient): DeviceSender {
  return {
    kind: 'http',
    async send(deviceId, secret, channel, items) {
      const res = await client.request('POST', `/api/v1/devices/${deviceId}/${channel}`, {
        token: secret,
        body: items,
      });
      if (res.status < 200 || res.status >= 300)
        return { ok: false, failure: `device ${channel} ${res.status}` };
      const b = res.body as { stored?: number; duplicates?: number; quarantined?: number } | undefined;
      return {
        ok: true,
        stored: b?.stored ?? 0,
        duplicates: b?.duplicates ?? 0,
        quarantined: b?.quarantined ?? 0,
      };
    },
    connections: () => ({ opened: 0, open: 0, maxOpen: 0, closedIdle: 0, connectMs: 0, messages: 0 }),
    close: async () => {},
  };
}

/** An MQTT 3.1.1 client id (≤ 23 characters): the device id, shortened with a run tag if needed. */
export function clientIdFor(deviceId: string, tag: string): string {
  const id = `${deviceId}-${tag}`;
  return id.length <= 23 ? id : `${deviceId.slice(0, 22 - tag.length)}-${tag}`;
}

interface Connection {
  readonly client: MqttClient;
  readonly ready: Promise<void>;
  inFlight: number;
  lastUsed: number;
}

/**
 * One MQTT client per device, opened lazily and closed after `idleMs` without traffic. A publish
 * resolves at its PUBACK: on Lugang's embedded broker that is after the commit (docs/devices.md);
 * on an external broker (MQTT_URL) it is the broker's receipt. A connection dropped before the
 * PUBACK is reopened by mqtt.js, which sends the message again (DUP) — the platform's dedup makes
 * that harmless.
 */
export function mqttDevices(
  url: string,
  options: { idleMs?: number; tag?: string; timeoutMs?: number; now?: () => number } = {},
): DeviceSender {
  const idleMs = options.idleMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const now = options.now ?? Date.now;
  const tag = options.tag ?? Math.floor(Math.random() * 36 ** 4).toString(36);
  const open = new Map<string, Connection>();
  const stats: ConnectionStats = { opened: 0, open: 0, maxOpen: 0, closedIdle: 0, connectMs: 0, messages: 0 };
  let closed = false;

  const connect = (deviceId: string, secret: string): Connection => {
    const t0 = performance.now();
    const client = mqtt.connect(url, {
      clientId: clientIdFor(deviceId, tag),
      username: deviceId,
      password: secret,
      protocolVersion: 4,
      clean: true,
      keepalive: 60,
      reconnectPeriod: 500,
      connectTimeout: 30_000,
    });
    const ready = new Promise<void>((resolve, reject) => {
      client.once('connect', () => {
        stats.connectMs += performance.now() - t0;
        resolve();
      });
      client.once('error', (err) => {
        // a refused CONNECT (bad id or secret) does not come right by retrying
        client.end(true);
        reject(err);
      });
    });
    ready.catch(() => undefined);
    client.on('error', () => undefined);
    stats.opened++;
    stats.open = open.size + 1;
    stats.maxOpen = Math.max(stats.maxOpen, stats.open);
    return { client, ready, inFlight: 0, lastUsed: now() };
  };

  const drop = (deviceId: string, c: Connection) => {
    if (open.get(deviceId) === c) open.delete(deviceId);
    stats.open = open.size;
    return c.client.endAsync(false).catch(() => undefined);
  };

  const sweep = setInterval(
    () => {
      const t = now();
      for (const [id, c] of open)
        if (c.inFlight === 0 && t - c.lastUsed >= idleMs) {
          stats.closedIdle++;
          void drop(id, c);
        }
    },
    Math.max(50, Math.min(idleMs / 2, 10_000)),
  );
  sweep.unref();

  return {
    kind: 'mqtt',
    async send(deviceId, secret, channel, items) {
      if (closed) return { ok: false, failure: `device ${channel} mqtt closed` };
      let c = open.get(deviceId);
      if (!c) {
        c = connect(deviceId, secret);
        open.set(deviceId, c);
      }
      c.inFlight++;
      c.lastUsed = now();
      const payload = JSON.stringify(items.length === 1 ? items[0] : items);
      let timer: NodeJS.Timeout | undefined;
      try {
        await c.ready;
        await Promise.race([
          c.client.publishAsync(`${TOPIC_PREFIX}${deviceId}/${channel}`, payload, { qos: 1 }),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('no PUBACK in time')), timeoutMs);
          }),
        ]);
        stats.messages++;
        return { ok: true };
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code !== undefined) void drop(deviceId, c);
        return { ok: false, failure: `device ${channel} mqtt ${code ?? (err as Error).message}` };
      } finally {
        if (timer) clearTimeout(timer);
        c.inFlight--;
        c.lastUsed = now();
      }
    },
    connections: () => ({ ...stats, open: open.size }),
    async close() {
      closed = true;
      clearInterval(sweep);
      await Promise.all([...open].map(([id, c]) => drop(id, c)));
    },
  };
}
