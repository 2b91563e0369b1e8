/**
 * Property (issue 4): readings and events each sent 1–5 times, in any order, over HTTP and MQTT at
 * once, with connections cut at random (an HTTP request aborted before its answer, an MQTT TCP
 * connection destroyed right after a PUBLISH) and every unacknowledged send repeated until it is
 * acknowledged, as a device does → the stored set is exactly the set of unique items, each stored
 * once and answered `stored` at most once, and the latest reading of every box is the one with the
 * newest device time. Runs through the real HTTP server and the embedded broker on free ports.
 */
import fc from 'fast-check';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import { type MqttIngest, startMqttIngest } from './mqtt';
import { deviceTopic } from './topics';

let t: TestApp;
let http: string;
let mqttIngest: MqttIngest;
let runNo = 0;

const BOXES = [0, 1, 2].map((i) => {
  const first10 = `PRPU${String(700000 + i)}`;
  return first10 + computeCheckDigit(first10);
});
/** A day before now, so no generated time is ever future-dated. */
const BASE = Date.now() - 86_400_000;

beforeAll(async () => {
  t = await openTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const a = t.app.server.address();
  http = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  mqttIngest = await startMqttIngest(t.platform.services.tracking, {
    port: 0,
    host: '127.0.0.1',
    clientId: 'unused',
    log: () => undefined,
  });
}, 120_000);

afterAll(async () => {
  await mqttIngest?.stop();
  t?.app.server.closeAllConnections(); // keep-alive sockets of aborted requests would hold close() for 72 s
  await t?.close();
}, 120_000);

interface Item {
  readonly kind: 'readings' | 'events';
  readonly key: string;
  readonly body: Record<string, unknown>;
  readonly time: number;
  readonly box: string;
}

interface Send {
  readonly item: Item;
  readonly via: 'http' | 'mqtt';
  /** Cut the connection of the first attempt: abort after this many ms (HTTP) / destroy the socket. */
  readonly cutAfterMs: number | null;
}

const itemsArb = fc
  .record({
    readings: fc.array(fc.record({ minutes: fc.integer({ min: 0, max: 20_000 }), box: fc.nat(2) }), {
      minLength: 1,
      maxLength: 25,
    }),
    events: fc.array(fc.record({ minutes: fc.integer({ min: 0, max: 20_000 }), box: fc.nat(2) }), {
      maxLength: 10,
    }),
  })
  .map(({ readings, events }): Item[] => [
    ...readings.map((r, seq) => {
      const time = BASE - r.minutes * 60_000;
      return {
        kind: 'readings' as const,
        key: String(seq),
        body: { seq, time: new Date(time).toISOString(), equipment: BOXES[r.box]!, temperatureC: 4 },
        time,
        box: BOXES[r.box]!,
      };
    }),
    ...events.map((e, i) => {
      const time = BASE - e.minutes * 60_000;
      return {
        kind: 'events' as const,
        key: `ev-${i}`,
        body: {
          eventId: `ev-${i}`,
          eventType: 'EQUIPMENT',
          equipmentEventTypeCode: 'LOAD',
          eventClassifierCode: 'ACT',
          eventDateTime: new Date(time).toISOString(),
          equipmentReference: BOXES[e.box]!,
        },
        time,
        box: BOXES[e.box]!,
      };
    }),
  ]);

const sendsArb = itemsArb.chain((items) =>
  fc
    .tuple(
      ...items.map(() =>
        fc.array(
          fc.record({
            via: fc.constantFrom('http' as const, 'mqtt' as const),
            cutAfterMs: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 3 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
      ),
    )
    .chain((copies) => {
      const sends: Send[] = copies.flatMap((cs, i) => cs.map((c) => ({ item: items[i]!, ...c })));
      return fc
        .shuffledSubarray(sends, { minLength: sends.length, maxLength: sends.length })
        .map((order) => ({ items, order }));
    }),
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts until answered; returns the item's outcome in the answer that came through. */
async function postUntilAnswered(deviceId: string, secret: string, send: Send): Promise<string> {
  let cut = send.cutAfterMs;
  for (let attempt = 0; attempt < 50; attempt++) {
    const abort = new AbortController();
    if (cut !== null) {
      const ms = cut;
      setTimeout(() => abort.abort(), ms);
    }
    cut = null; // only the first attempt is cut
    try {
      const res = await fetch(`${http}/api/v1/devices/${deviceId}/${send.item.kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(send.item.body),
        signal: abort.signal,
      });
      const body = (await res.json()) as { results: Array<{ key: string; outcome: string }> };
      expect(res.status).toBe(200);
      expect(body.results.map((r) => r.key)).toEqual([send.item.key]);
      return body.results[0]!.outcome;
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  }
  throw new Error('no answer after 50 attempts');
}

/**
 * Publishes at QoS 1 until a PUBACK: the client resends a cut message by itself on reconnect; one it
 * gives up on (mqtt.js fails publishes queued while its store is replayed when the connection drops
 * again: "Connection closed") is published again, as a device does.
 */
async function publishUntilAcked(client: MqttClient, deviceId: string, send: Send): Promise<void> {
  let cut = send.cutAfterMs;
  for (let attempt = 0; attempt < 50; attempt++) {
    const acked = new Promise<boolean>((resolve) => {
      client.publish(
        deviceTopic(deviceId, send.item.kind),
        JSON.stringify(send.item.body),
        { qos: 1 },
        (err) => resolve(!err),
      );
    });
    if (cut !== null) {
      const ms = cut;
      setTimeout(() => client.stream?.destroy(), ms);
    }
    cut = null;
    if (await acked) return;
    await sleep(5);
  }
  throw new Error('no PUBACK after 50 attempts');
}

async function readAll(deviceId: string): Promise<Array<{ seq: number; time: string }>> {
  const out: Array<{ seq: number; time: string }> = [];
  let cursor: string | null = null;
  do {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/devices/${deviceId}/readings?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      headers: { authorization: `Bearer ${t.token('admin')}` },
    });
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: Array<{ seq: number; time: string }>; nextCursor: string | null };
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('ingest under resends, reordering and cut connections (fast-check)', () => {
  it('stores the unique set once; latest = newest device time', async () => {
    await fc.assert(
      fc.asyncProperty(sendsArb, async ({ items, order }) => {
        // each run its own device and its own boxes' tenant view: a fresh device per run
        const deviceId = `prop-${++runNo}-${Date.now().toString(36)}`;
        const org = `prop-org-${runNo}`;
        await t.platform.services.identity.createUser({
          username: `prop-user-${runNo}`,
          password: 'prop-password-123',
          roles: ['forwarder'],
          organizationId: org,
          organization: { id: org, kind: 'forwarder', nameEn: org, nameZh: org },
        });
        const added = await t.platform.services.tracking.addDevice({ id: deviceId, organizationId: org });
        if (!added.ok) throw new Error(added.error.message.en);
        const secret = added.value.secret;
        const client = mqtt.connect(`mqtt://127.0.0.1:${mqttIngest.port}`, {
          protocolVersion: 4,
          clientId: deviceId.slice(0, 23),
          username: deviceId,
          password: secret,
          clean: true,
          reconnectPeriod: 10,
        });
        client.on('error', () => undefined);
        await new Promise<void>((resolve) => client.once('connect', () => resolve()));
        const storedAnswers = new Map<string, number>();
        try {
          // up to 8 sends in flight at once, so the group commit merges copies into one batch
          let next = 0;
          const worker = async () => {
            while (next < order.length) {
              const send = order[next++]!;
              if (send.via === 'mqtt') await publishUntilAcked(client, deviceId, send);
              else {
                const outcome = await postUntilAnswered(deviceId, secret, send);
                expect(['stored', 'duplicate']).toContain(outcome);
                const k = `${send.item.kind}/${send.item.key}`;
                if (outcome === 'stored') storedAnswers.set(k, (storedAnswers.get(k) ?? 0) + 1);
              }
            }
          };
          await Promise.all(Array.from({ length: 8 }, worker));
        } finally {
          await client.endAsync(true);
        }

        for (const [k, n] of storedAnswers) expect(n, `${k} answered "stored" ${n} times`).toBe(1);
        const readings = items.filter((i) => i.kind === 'readings');
        const events = items.filter((i) => i.kind === 'events');
        const stored = await readAll(deviceId);
        expect(stored.map((r) => r.seq).sort((a, b) => a - b)).toEqual(readings.map((r) => Number(r.key)));
        for (const r of stored)
          expect(Date.parse(r.time)).toBe(readings.find((i) => i.key === String(r.seq))!.time);
        const storedEvents = await t.platform.services.tracking.listEvents(deviceId);
        expect(storedEvents.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.key).sort());

        // the latest per box, as the tenant sees it (only this run's device is in its organization)
        const token = await t.platform.services.identity.issueToken(`prop-user-${runNo}`, 'prop');
        if (!token.ok) throw new Error(token.error.message.en);
        for (const box of BOXES) {
          const mine = readings.filter((r) => r.box === box);
          const res = await t.app.inject({
            method: 'GET',
            url: `/api/v1/equipment/${box}/latest`,
            headers: { authorization: `Bearer ${token.value.token}` },
          });
          if (mine.length === 0) {
            expect(res.statusCode).toBe(404);
            continue;
          }
          expect(res.statusCode).toBe(200);
          expect(Date.parse((res.json() as { time: string }).time)).toBe(
            Math.max(...mine.map((r) => r.time)),
          );
        }
        await sleep(0);
      }),
      { numRuns: Number(process.env.LUGANG_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  }, 600_000);
});
