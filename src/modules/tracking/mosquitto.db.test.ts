/**
 * Lugang subscribed to the machine's Mosquitto (`LUGANG_TEST_MQTT_URL`, default mqtt://127.0.0.1:1883,
 * which runs here and in CI), with Debian's `mosquitto_pub` publishing: readings each sent twice and
 * shuffled are stored once each and the latest per box is the newest by device time; a message whose
 * write fails is not acknowledged and comes back from the broker's persistent session.
 * `LUGANG_MQTT_TEST_READINGS` sets the count (default 500; the figure is 10,000).
 * Each run uses its own device id and client id, so parallel runs do not collide.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import type { Principal } from '../../platform/http/access';
import { startSubscriber } from '../../platform/mqtt/subscriber';
import { IdentityRepository } from '../identity/repository';
import { IdentityService } from '../identity/service';
import { externalHandler, ingestFilters, startMqttIngest } from './mqtt';
import { TrackingRepository } from './repository';
import { TrackingService } from './service';
import { deviceTopic } from './topics';

const URL_ = process.env.LUGANG_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const BROKER = new URL(URL_);
const COUNT = Number(process.env.LUGANG_MQTT_TEST_READINGS ?? 500);
const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';
const admin: Principal = {
  kind: 'user',
  userId: 'u',
  username: 'u',
  organizationId: 'port-operator',
  organizationKind: 'port-operator',
  roles: ['admin'],
  tokenId: 't',
};

let db: TestDatabase;
let svc: TrackingService;
const run = randomBytes(4).toString('hex');
/** Everything subscribed to the broker in this run, closed and its session ended afterwards. */
const subscribers: Array<{ close: () => Promise<void>; clientId: string }> = [];

/** mulberry32: a seeded PRNG, so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function until(what: string, check: () => Promise<boolean>, limitMs = 600_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Publishes lines (one message each) with mosquitto_pub at QoS 1; resolves with its exit code. */
function mosquittoPub(topic: string, lines: readonly string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      MOSQUITTO_PUB,
      ['-L', `${URL_.replace(/\/$/, '')}/${topic}`, '-V', 'mqttv311', '-q', '1', '-i', `pub-${run}`, '-l'],
      { stdio: ['pipe', 'inherit', 'inherit'] },
    );
    p.on('error', reject);
    p.on('exit', resolve);
    p.stdin.end(`${lines.join('\n')}\n`);
  });
}

async function subscribe(deviceId: string, handle: (topic: string, payload: Buffer) => Promise<void>) {
  const clientId = `lg-${run}-${subscribers.length}`;
  const sub = startSubscriber({
    url: URL_,
    clientId,
    topics: ingestFilters([deviceId]),
    handle,
    reconnectPeriod: 100,
  });
  subscribers.push({ close: () => sub.close(), clientId });
  await sub.ready;
  return sub;
}

beforeAll(async () => {
  db = await openTestDatabase();
  await new IdentityService(new IdentityRepository(db.db)).bootstrap();
  svc = new TrackingService(new TrackingRepository(db.db));
});

afterAll(async () => {
  for (const { close, clientId } of subscribers) {
    await close();
    // end the persistent session on the broker: connect once with clean = true
    const c = mqtt.connect(URL_, { clientId, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
    await new Promise<void>((resolve) => {
      c.once('connect', () => resolve());
      c.once('error', () => resolve());
    });
    await c.endAsync();
  }
  await db?.close();
});

describe(`Mosquitto at ${BROKER.host} with mosquitto_pub`, () => {
  it(
    `stores ${COUNT} readings sent twice each and shuffled exactly once; latest = newest device time`,
    async () => {
      const deviceId = `mosq-${run}`;
      const added = await svc.addDevice({ id: deviceId });
      expect(added.ok).toBe(true);
      let handled = 0;
      const handler = externalHandler(svc);
      await subscribe(deviceId, async (topic, payload) => {
        await handler(topic, payload);
        handled++;
      });

      const random = prng(20261126);
      const boxes = Array.from({ length: 50 }, (_, i) => {
        const first10 = `LGTU${String(900000 + i)}`;
        return first10 + computeCheckDigit(first10);
      });
      const base = Date.parse('2026-11-16T00:00:00Z');
      const readings = Array.from({ length: COUNT }, (_, seq) => ({
        seq,
        time: new Date(base + Math.floor(random() * 9 * 86_400) * 1000).toISOString(),
        equipment: boxes[Math.floor(random() * boxes.length)]!,
        temperatureC: Math.round((2 + random() * 3) * 10) / 10,
      }));
      const lines = readings.flatMap((r) => [JSON.stringify(r), JSON.stringify(r)]);
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }

      // in chunks, so Mosquitto's per-client queue (max_queued_messages, default 1,000) never overflows
      const started = Date.now();
      const chunk = 500;
      for (let i = 0; i < lines.length; i += chunk) {
        const part = lines.slice(i, i + chunk);
        expect(await mosquittoPub(deviceTopic(deviceId, 'readings'), part)).toBe(0);
        const target = i + part.length;
        await until(`${target} messages handled`, async () => handled >= target);
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `mosquitto → Lugang (${db.schema ? 'postgres' : 'pglite'}): ${lines.length} messages, ${COUNT} unique, ` +
          `${seconds.toFixed(1)} s, ${(lines.length / seconds).toFixed(0)} msg/s`,
      );

      expect(handled).toBe(lines.length);
      expect(await svc.deviceSummary(deviceId)).toEqual({ readings: COUNT, events: 0, quarantined: 0 });
      for (const box of boxes) {
        const mine = readings.filter((r) => r.equipment === box);
        if (mine.length === 0) continue;
        const newest = Math.max(...mine.map((r) => Date.parse(r.time)));
        const latest = await svc.latest(admin, box);
        expect(Date.parse(latest!.time), box).toBe(newest);
      }
    },
    120_000 + COUNT * 60,
  );

  it('MQTT_URL: startMqttIngest subscribes as a client and stores what mosquitto_pub sends', async () => {
    const deviceId = `mosq-${run}-u`;
    expect((await svc.addDevice({ id: deviceId })).ok).toBe(true);
    const clientId = `lg-${run}-url`;
    const ingest = await startMqttIngest(svc, {
      port: null,
      host: '127.0.0.1',
      url: URL_,
      clientId,
      deviceIds: [deviceId],
      log: () => {},
    });
    subscribers.push({ close: () => ingest.stop(), clientId });
    await ingest.ready;
    expect(ingest.description).toMatch(/MQTT client of/);
    const lines = [0, 1, 1, 2].map((seq) => JSON.stringify({ seq, time: '2026-11-26T03:00:00Z' }));
    expect(await mosquittoPub(deviceTopic(deviceId, 'readings'), lines)).toBe(0);
    await until('3 readings', async () => (await svc.deviceSummary(deviceId)).readings === 3, 60_000);
  }, 90_000);

  it('redelivers a message whose write failed (no PUBACK), and stores it once', async () => {
    const deviceId = `mosq-${run}-r`;
    expect((await svc.addDevice({ id: deviceId })).ok).toBe(true);
    const handler = externalHandler(svc);
    let failures = 0;
    await subscribe(deviceId, async (topic, payload) => {
      if (failures === 0 && payload.toString().includes('"seq":1,')) {
        failures++;
        throw new Error('the database write was killed');
      }
      await handler(topic, payload);
    });
    const lines = [0, 1, 2].map((seq) => JSON.stringify({ seq, time: '2026-11-26T03:00:00Z' }));
    expect(await mosquittoPub(deviceTopic(deviceId, 'readings'), lines)).toBe(0);
    await until('3 readings', async () => (await svc.deviceSummary(deviceId)).readings === 3, 60_000);
    expect(failures).toBe(1);
    const page = await svc.listReadings(admin, { deviceId, limit: 10 });
    expect(page.ok && page.value.items.map((r) => r.seq)).toEqual([0, 1, 2]);
  }, 90_000);
});
