// The twin's devices over MQTT 3.1.1 against a real platform (PGlite in the unit tier, PostgreSQL in
// the pg tier): every device connects with its own id and secret and publishes at QoS 1 to its own
// topics of the platform's embedded broker (aedes: PUBACK after commit). In the pg tier also
// through the machine's Mosquitto (LUGANG_TEST_MQTT_URL, default mqtt://127.0.0.1:1883), with the
// platform subscribed to the twin's devices as an MQTT_URL client. Bookings and planners stay API
// calls. What the devices sent is read back through the API.
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMqttIngest } from '../../modules/tracking/mqtt';
import { openTestApp, type TestApp } from '../server/testing';
import { fetchWorld, injectClient } from './adapter';
import { LIVE_DEFAULTS, Twin, type TwinOptions } from './core';
import { mqttDevices } from './devices';
import { embeddedCredentials } from './embedded';
import { type RunResult, runTwin } from './run';

const OPTIONS: TwinOptions = {
  ...LIVE_DEFAULTS,
  posEveryMinutes: 240,
  seed: 4,
  startMs: Date.UTC(2025, 6, 1),
  days: 1,
  loadPlanEvery: 0,
  consolidateEveryDays: 0,
};

async function counts(t: TestApp, deviceId: string) {
  const res = await t.app.inject({
    url: `/api/v1/devices/${deviceId}/quarantine?limit=1`,
    headers: { authorization: `Bearer ${t.token('dispatcher')}` },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { counts: { readings: number; events: number; quarantined: number } }).counts;
}

/** What the twin's core sends for OPTIONS in the world the API describes: unique items per device. */
async function expected(t: TestApp) {
  const creds = await embeddedCredentials(t.platform.services);
  const twin = new Twin(await fetchWorld(injectClient(t.app), creds.operatorToken), OPTIONS);
  const unique = new Map<string, { readings: Set<string>; events: Set<string> }>();
  for (const i of twin.runToEnd()) {
    if (i.kind !== 'device') continue;
    const u = unique.get(i.device) ?? { readings: new Set<string>(), events: new Set<string>() };
    u[i.channel].add(String(i.item.eventId ?? i.item.seq));
    unique.set(i.device, u);
  }
  return { unique, summary: twin.summary() };
}

/** Waits until the API counts what the devices sent (behind an external broker the ingest lags). */
async function stored(t: TestApp, unique: Awaited<ReturnType<typeof expected>>['unique'], limitMs: number) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    let done = true;
    for (const [device, u] of unique) {
      const c = await counts(t, device);
      if (c.readings < u.readings.size || c.events < u.events.size) done = false;
    }
    if (done || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function checkStored(t: TestApp, result: RunResult, waitMs = 0) {
  const { unique, summary } = await expected(t);
  await stored(t, unique, waitMs);
  expect(result.summary.hash).toBe(summary.hash);
  let total = 0;
  for (const [device, u] of unique) {
    const c = await counts(t, device);
    expect(c, device).toEqual({ readings: u.readings.size, events: u.events.size, quarantined: 0 });
    total += u.readings.size + u.events.size;
  }
  const a = result.adapter;
  expect(a.itemsSent).toBe(total + summary.misbehaviour.duplicates);
  expect(a.failed, JSON.stringify(a.failures)).toBe(0);
  if (waitMs === 0) {
    // the embedded broker acknowledges after the commit: the run's own figures are final
    expect(a.stored).toBe(total);
    expect(a.quarantined).toBe(0);
    expect(a.duplicates).toBe(summary.misbehaviour.duplicates);
  }
  // one connection per device, no more
  expect(result.devices.kind).toBe('mqtt');
  expect(result.devices.opened).toBe(unique.size);
}

describe('the twin’s devices over MQTT into the embedded broker', () => {
  let t: TestApp;
  let result: RunResult;
  let broker: Awaited<ReturnType<typeof startMqttIngest>>;

  beforeAll(async () => {
    t = await openTestApp();
    broker = await startMqttIngest(t.platform.services.tracking, {
      port: 0,
      host: '127.0.0.1',
      clientId: 'unused',
      log: () => {},
    });
    const creds = await embeddedCredentials(t.platform.services);
    const devices = mqttDevices(`mqtt://127.0.0.1:${broker.port}`);
    try {
      result = await runTwin(injectClient(t.app), creds, OPTIONS, { speed: 'max', devices });
    } finally {
      await devices.close();
    }
  }, 600_000);

  afterAll(async () => {
    await broker?.stop();
    await t?.close();
  });

  it('stores every item once (the injected duplicates are recognised), one connection per device', async () => {
    await checkStored(t, result);
    expect(result.adapter.deviceMessages).toBeGreaterThan(0);
    // device items went over MQTT, not HTTP: requests are the bookings' and the timetable's only
    expect(result.adapter.requests).toBeLessThan(result.adapter.deviceMessages + 30);
  });

  it('a device with a wrong secret is refused at CONNECT and the failure is counted, not hidden', async () => {
    const devices = mqttDevices(`mqtt://127.0.0.1:${broker.port}`, { timeoutMs: 10_000 });
    try {
      const out = await devices.send('twin-yard-urumqi', 'lgd_wrong', 'events', [{}]);
      expect(out.ok).toBe(false);
      expect(out.failure).toMatch(/^device events mqtt/);
    } finally {
      await devices.close();
    }
  });

  it('closes a device’s connection when it has been idle, and opens it again when it sends', async () => {
    const added = await t.platform.services.tracking.addDevice({ id: 'twin-idle-probe' });
    if (!added.ok) throw new Error(added.error.message.en);
    const secret = added.value.secret;
    const devices = mqttDevices(`mqtt://127.0.0.1:${broker.port}`, { idleMs: 100 });
    try {
      const reading = (seq: number) => ({ seq, time: '2025-07-01T00:00:00Z', temperatureC: 3.5 });
      expect((await devices.send('twin-idle-probe', secret, 'readings', [reading(1)])).ok).toBe(true);
      expect(devices.connections().open).toBe(1);
      await new Promise((r) => setTimeout(r, 400));
      expect(devices.connections()).toMatchObject({ open: 0, closedIdle: 1 });
      expect((await devices.send('twin-idle-probe', secret, 'readings', [reading(2)])).ok).toBe(true);
      expect(devices.connections()).toMatchObject({ open: 1, opened: 2 });
    } finally {
      await devices.close();
    }
  });
});

const MOSQUITTO = process.env.LUGANG_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

describe.runIf(process.env.LUGANG_TEST_ENGINE === 'pg')(
  `the twin’s devices over the machine’s Mosquitto (${MOSQUITTO}), the platform subscribed (MQTT_URL)`,
  () => {
    let t: TestApp;
    let result: RunResult;
    let ingest: Awaited<ReturnType<typeof startMqttIngest>>;
    const clientId = `lg-twin-${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      t = await openTestApp();
      const { unique } = await expected(t);
      ingest = await startMqttIngest(t.platform.services.tracking, {
        port: null,
        host: '127.0.0.1',
        url: MOSQUITTO,
        clientId,
        deviceIds: [...unique.keys()],
        log: () => {},
      });
      await ingest.ready;
      const creds = await embeddedCredentials(t.platform.services);
      const devices = mqttDevices(MOSQUITTO);
      try {
        result = await runTwin(injectClient(t.app), creds, OPTIONS, {
          speed: 'max',
          devices,
          settleQuietMs: 1000,
        });
      } finally {
        await devices.close();
      }
    }, 600_000);

    afterAll(async () => {
      await ingest?.stop();
      // end the platform's persistent session on the broker
      const c = mqtt.connect(MOSQUITTO, { clientId, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
      await new Promise<void>((resolve) => {
        c.once('connect', () => resolve());
        c.once('error', () => resolve());
      });
      await c.endAsync();
      await t?.close();
    });

    it('stores every item once through Mosquitto, one connection per device', async () => {
      await checkStored(t, result, 120_000);
    }, 180_000);
  },
);
