/**
 * MQTT ingest through the embedded broker (aedes on a free port) with the `mqtt` client and with
 * Debian's `mosquitto_pub`: device credentials, own-topic rule, and acknowledge-after-commit — a
 * PUBACK never arrives while the write is pending or after it failed, and the client's resend after
 * reconnect is stored once.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import type { DevicePrincipal } from '../../platform/http/access';
import { type EmbeddedBroker, type MqttGate, startEmbeddedBroker } from '../../platform/mqtt/broker';
import { IdentityRepository } from '../identity/repository';
import { IdentityService } from '../identity/service';
import { deviceGate, startMqttIngest } from './mqtt';
import { TrackingRepository } from './repository';
import { TrackingService } from './service';
import { deviceTopic } from './topics';

let db: TestDatabase;
let svc: TrackingService;
let broker: EmbeddedBroker;
const creds = new Map<string, string>();
const clients: MqttClient[] = [];

/** The real gate, with a switch in front of the write: pass, hold until released, or fail. */
let mode: 'pass' | 'hold' | 'fail' = 'pass';
let entered: () => void = () => undefined;
let release: () => void = () => undefined;

beforeAll(async () => {
  db = await openTestDatabase();
  await new IdentityService(new IdentityRepository(db.db)).bootstrap();
  svc = new TrackingService(new TrackingRepository(db.db));
  for (const id of ['mq-a', 'mq-b', 'mq-c']) {
    const r = await svc.addDevice({ id });
    if (!r.ok) throw new Error(r.error.message.en);
    creds.set(id, r.value.secret);
  }
  const real = deviceGate(svc);
  const gate: MqttGate<DevicePrincipal> = {
    ...real,
    async publish(device, topic, payload) {
      if (mode === 'fail') throw new Error('the database write was killed');
      if (mode === 'hold') {
        entered();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      await real.publish(device, topic, payload);
    },
  };
  broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', gate });
});

afterAll(async () => {
  for (const c of clients) c.end(true);
  await broker?.close();
  await db?.close();
});

function connect(id: string, secret = creds.get(id)!, extra: mqtt.IClientOptions = {}): MqttClient {
  const c = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, {
    protocolVersion: 4,
    clientId: `${id}-${Math.random().toString(36).slice(2, 8)}`,
    username: id,
    password: secret,
    reconnectPeriod: 0,
    ...extra,
  });
  clients.push(c);
  return c;
}

const ADMIN = {
  kind: 'user' as const,
  userId: 'u',
  username: 'u',
  organizationId: 'port-operator',
  organizationKind: 'port-operator' as const,
  roles: ['admin' as const],
  tokenId: 't',
};

const ticks = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('embedded broker', () => {
  it('refuses a wrong secret at CONNECT', async () => {
    const c = connect('mq-a', 'lgd_wrong');
    const err = await new Promise<Error>((resolve) => c.once('error', resolve));
    expect(err.message).toMatch(/Not authorized|Bad username/i);
  });

  it('stores a QoS 1 reading, acknowledged, and dedups a resend', async () => {
    const c = connect('mq-a');
    await new Promise((r) => c.once('connect', r));
    const body = JSON.stringify([
      { seq: 1, time: '2026-11-26T03:00:00Z', equipment: 'CSQU3054383', temperatureC: 3.6 },
      { seq: 2, time: '2026-11-26T02:00:00Z', equipment: 'CSQU3054383', temperatureC: 3.9 },
    ]);
    await c.publishAsync(deviceTopic('mq-a', 'readings'), body, { qos: 1 });
    await c.publishAsync(deviceTopic('mq-a', 'readings'), body, { qos: 1 });
    await c.publishAsync(deviceTopic('mq-a', 'readings'), 'not json', { qos: 1 });
    expect(await svc.deviceSummary('mq-a')).toEqual({ readings: 2, events: 0, quarantined: 1 });
    c.end();
  });

  it('closes the connection of a device publishing under another id, storing nothing', async () => {
    const c = connect('mq-b');
    await new Promise((r) => c.once('connect', r));
    let acked = false;
    c.publish(
      deviceTopic('mq-a', 'readings'),
      JSON.stringify({ seq: 99, time: '2026-11-26T03:00:00Z' }),
      { qos: 1 },
      () => {
        acked = true;
      },
    );
    await new Promise<void>((r) => c.once('close', () => r()));
    expect(acked).toBe(false);
    expect((await svc.deviceSummary('mq-a')).readings).toBe(2);
    const sub = connect('mq-b');
    await new Promise((r) => sub.once('connect', r));
    const own = await sub.subscribeAsync(`lugang/v1/devices/mq-b/#`, { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    // a filter beyond its own subtree is refused (SUBACK 0x80)
    await expect(sub.subscribeAsync('lugang/v1/devices/+/readings', { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
  });

  it('sends the PUBACK only after commit; a killed write gets none, the resend is stored once', async () => {
    const clientId = `mq-c-${Date.now()}`;
    const c = connect('mq-c', undefined, { clientId, clean: false, reconnectPeriod: 100 });
    await new Promise((r) => c.once('connect', r));
    const topic = deviceTopic('mq-c', 'readings');

    // 1. the write is held: no PUBACK while it is pending, one right after it commits
    mode = 'hold';
    const inGate = new Promise<void>((r) => {
      entered = r;
    });
    let acked = false;
    const published = c.publishAsync(topic, JSON.stringify({ seq: 1, time: '2026-11-26T03:00:00Z' }), {
      qos: 1,
    });
    void published.then(() => {
      acked = true;
    });
    await inGate;
    await ticks(200);
    expect(acked).toBe(false);
    expect((await svc.deviceSummary('mq-c')).readings).toBe(0);
    mode = 'pass';
    release();
    await published;
    expect(acked).toBe(true);
    expect((await svc.deviceSummary('mq-c')).readings).toBe(1);

    // 2. the write is killed: no PUBACK, the connection is closed; after reconnect the client resends
    mode = 'fail';
    let acked2 = false;
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    const second = c.publishAsync(topic, JSON.stringify({ seq: 2, time: '2026-11-26T03:01:00Z' }), {
      qos: 1,
    });
    void second.then(() => {
      acked2 = true;
    });
    await closed;
    expect(acked2).toBe(false);
    expect((await svc.deviceSummary('mq-c')).readings).toBe(1);
    mode = 'pass';
    await second; // mqtt.js resends the unacknowledged PUBLISH (DUP) on reconnect
    expect(acked2).toBe(true);
    const page = await svc.listReadings(
      {
        kind: 'user',
        userId: 'u',
        username: 'u',
        organizationId: 'port-operator',
        organizationKind: 'port-operator',
        roles: ['admin'],
        tokenId: 't',
      },
      { deviceId: 'mq-c', limit: 10 },
    );
    expect(page.ok && page.value.items.map((r) => r.seq)).toEqual([1, 2]);
    c.end(true);
  });
});

const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';

describe('startMqttIngest', () => {
  it('runs on without MQTT when the port is taken, saying so in both languages', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const lines: string[] = [];
    try {
      const ingest = await startMqttIngest(svc, {
        port,
        host: '127.0.0.1',
        clientId: 'unused',
        log: (l) => lines.push(l),
      });
      expect(ingest.description).toBe('MQTT off (port in use)');
      expect(lines.join('\n')).toMatch(new RegExp(`MQTT port ${port} is already in use.*已被占用`, 's'));
      await ingest.stop();
    } finally {
      blocker.close();
    }
  });

  it('starts the embedded broker on a free port and stops it', async () => {
    const ingest = await startMqttIngest(svc, {
      port: 0,
      host: '127.0.0.1',
      clientId: 'unused',
      log: () => {},
    });
    expect(ingest.port).toBeGreaterThan(0);
    const c = mqtt.connect(`mqtt://127.0.0.1:${ingest.port}`, {
      protocolVersion: 4,
      username: 'mq-a',
      password: creds.get('mq-a')!,
      reconnectPeriod: 0,
    });
    clients.push(c);
    await new Promise((r) => c.once('connect', r));
    await c.publishAsync(
      deviceTopic('mq-a', 'events'),
      JSON.stringify({
        eventId: 'door-1',
        eventType: 'IOT',
        eventClassifierCode: 'ACT',
        eventDateTime: '2026-11-26T03:00:00Z',
        iotEventTypeCode: 'DRO',
        equipmentReference: 'CSQU3054383',
      }),
      { qos: 1 },
    );
    expect((await svc.deviceSummary('mq-a')).events).toBe(1);
    c.end(true);
    await ingest.stop();
  });
});

const COUNT = Number(process.env.LUGANG_MQTT_TEST_READINGS ?? 200);

describe.skipIf(!existsSync(MOSQUITTO_PUB))('mosquitto_pub into the embedded broker', () => {
  it(
    `publishes ${COUNT} readings, each twice and shuffled: stored once each`,
    async () => {
      const lines: string[] = [];
      for (let i = 0; i < COUNT; i++) {
        const line = JSON.stringify({
          seq: i,
          time: new Date(Date.parse('2026-11-26T00:00:00Z') + ((i * 7919) % COUNT) * 1000).toISOString(),
          equipment: 'MSKU1234565',
          temperatureC: 3.5,
        });
        lines.push(line, line);
      }
      let seed = 7;
      for (let i = lines.length - 1; i > 0; i--) {
        seed = (seed * 48271) % 2147483647;
        const j = seed % (i + 1);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      const started = Date.now();
      const code = await new Promise<number | null>((resolve, reject) => {
        const p = spawn(
          MOSQUITTO_PUB,
          [
            '-h',
            '127.0.0.1',
            '-p',
            String(broker.port),
            '-V',
            'mqttv311',
            '-q',
            '1',
            '-i',
            `mosq-${Date.now()}`,
            '-u',
            'mq-b',
            '-P',
            creds.get('mq-b')!,
            '-t',
            deviceTopic('mq-b', 'readings'),
            '-l',
          ],
          { stdio: ['pipe', 'inherit', 'inherit'] },
        );
        p.on('error', reject);
        p.on('exit', resolve);
        p.stdin.end(`${lines.join('\n')}\n`);
      });
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `mosquitto_pub → embedded broker (${db.schema ? 'postgres' : 'pglite'}): ${lines.length} messages acknowledged, ` +
          `${seconds.toFixed(1)} s, ${(lines.length / seconds).toFixed(0)} msg/s`,
      );
      // mosquitto_pub exits 0 only when every QoS 1 message was acknowledged — i.e. committed
      expect(code).toBe(0);
      expect(await svc.deviceSummary('mq-b')).toEqual({ readings: COUNT, events: 0, quarantined: 0 });
      const newest = new Date(Date.parse('2026-11-26T00:00:00Z') + (COUNT - 1) * 1000).toISOString();
      expect((await svc.latest(ADMIN, 'MSKU1234565'))?.time).toBe(newest);
    },
    60_000 + COUNT * 20,
  );
});
