/**
 * Webhooks against a local HTTP receiver: a device's events reach the subscribed organization's URL,
 * signed (HMAC-SHA256 over timestamp.body); failures are retried with backoff until delivered or dead;
 * a dead delivery is listed and replayed; another tenant's events never reach it; other topics
 * (e.g. coldchain.alarm) are delivered as announced.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import { SubscriptionRepository } from './repository';
import { backoffMs, sign, verify } from './signature';
import { tenantToken } from './testing';
import { WebhookService } from './webhooks';

let t: TestApp;
let receiver: Server;
let url: string;
let status = 500;
const received: Array<{ body: string; signature: string; topic: string }> = [];
let fwdToken: string;
let fwdSecret: string;
let opSecret: string;
// just after the real clock, so what the app queued (at its real now) is due
let clock = Date.now() + 5_000;
let hooks: WebhookService;

beforeAll(async () => {
  t = await openTestApp();
  const s = t.platform.services;
  fwdToken = await tenantToken(s, 'fw-hooks', {
    id: 'wh-fwd',
    kind: 'forwarder',
    nameEn: 'Hook Forwarding',
    nameZh: '钩子货代',
  });
  const fw = await s.tracking.addDevice({ id: 'wh-dev', organizationId: 'wh-fwd' });
  const op = await s.tracking.addDevice({ id: 'wh-op' });
  if (!fw.ok || !op.ok) throw new Error('devices');
  fwdSecret = fw.value.secret;
  opSecret = op.value.secret;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({
        body,
        signature: String(req.headers['lugang-signature']),
        topic: String(req.headers['lugang-topic']),
      });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address() as { port: number };
  url = `http://127.0.0.1:${addr.port}/hook`;
  // a second service over the same tables with a clock the test moves (the app's own one has no loop running)
  hooks = new WebhookService(new SubscriptionRepository(t.platform.database.db), s.tracking, {
    now: () => new Date(clock),
    random: () => 0.5,
    maxAttempts: 3,
    baseBackoffMs: 60_000,
  });
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});

const ev = (id: string) => ({
  eventId: id,
  eventType: 'EQUIPMENT',
  equipmentEventTypeCode: 'LOAD',
  eventClassifierCode: 'ACT',
  eventDateTime: '2026-11-25T10:00:00Z',
  equipmentReference: 'CSQU3054383',
  trainReference: 'URM-DUI-20261201',
  location: 'CNURM',
});

async function post(secret: string, device: string, body: unknown) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/devices/${device}/events`,
    headers: { authorization: `Bearer ${secret}` },
    payload: body as object,
  });
  expect(res.statusCode).toBe(200);
}

async function settled() {
  // the app's bus listener writes the outbox after the commit; wait until it has
  for (let i = 0; i < 100; i++) {
    const subs = await t.app.inject({
      url: '/api/v1/webhooks',
      headers: { authorization: `Bearer ${fwdToken}` },
    });
    const id = subs.json().items[0].id as string;
    const d = await t.app.inject({
      url: `/api/v1/webhooks/${id}/deliveries`,
      headers: { authorization: `Bearer ${fwdToken}` },
    });
    if (d.json().items.length > 0)
      return { id, items: d.json().items as Array<{ id: number; status: string; attempts: number }> };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nothing queued');
}

describe('webhooks', () => {
  it('signs like Stripe: t=…,v1=HMAC(secret, t.body); a changed body or old t fails', () => {
    const h = sign('whsec_test_secret_1', '{"a":1}', 1000);
    expect(verify('whsec_test_secret_1', '{"a":1}', h, 1100)).toBe(true);
    expect(verify('whsec_test_secret_1', '{"a":2}', h, 1100)).toBe(false);
    expect(verify('whsec_test_secret_1', '{"a":1}', h, 2000)).toBe(false);
    expect(verify('another_secret_123', '{"a":1}', h, 1100)).toBe(false);
    expect(backoffMs(1, 0.5, 1000)).toBe(1000);
    expect(backoffMs(4, 0.5, 1000)).toBe(8000);
  });

  it('refuses plain http to another host and bad topics', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { authorization: `Bearer ${fwdToken}` },
      payload: { url: 'http://example.com/hook', topics: 'tracking.events' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('queues the tenant’s own events, retries with backoff, delivers signed; dead after max attempts; replays', async () => {
    const sub = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { authorization: `Bearer ${fwdToken}` },
      payload: { url, topics: 'tracking.events,coldchain.*', secret: 'whsec_forwarder_secret_1' },
    });
    expect(sub.statusCode).toBe(201);
    await post(opSecret, 'wh-op', ev('not-mine'));
    await post(fwdSecret, 'wh-dev', ev('mine-1'));
    const q = await settled();
    expect(q.items).toHaveLength(1); // the operator's event is not queued for the forwarder
    clock = Date.now() + 60_000; // the test's clock from here on: what the app queued is due

    status = 500;
    expect(await hooks.deliverDue()).toBe(0);
    expect(received).toHaveLength(1);
    expect(await hooks.deliverDue()).toBe(0); // not due yet: backoff
    expect(received).toHaveLength(1);
    clock += 61_000;
    status = 200;
    expect(await hooks.deliverDue()).toBe(1);
    expect(received).toHaveLength(2);
    const last = received[1]!;
    expect(last.topic).toBe('tracking.events');
    expect(verify('whsec_forwarder_secret_1', last.body, last.signature, Math.floor(clock / 1000))).toBe(
      true,
    );
    const body = JSON.parse(last.body) as { topic: string; data: Array<{ eventId: string; seq: number }> };
    expect(body.data.map((e) => e.eventId)).toEqual(['mine-1']);

    // an announced cold-chain alarm of the tenant goes out too; one failing for ever ends dead
    const bus = t.platform.services.bus as unknown as { emit(topic: string, data: unknown): void };
    bus.emit('coldchain.alarm', { organizationId: 'wh-fwd', equipment: 'CSQU3054383', change: 'raised' });
    bus.emit('coldchain.alarm', { organizationId: 'someone-else', change: 'raised' });
    for (let i = 0; i < 100 && (await settled()).items.length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    status = 503;
    for (let i = 0; i < 3; i++) {
      await hooks.deliverDue();
      clock += 10 * 60_000;
    }
    const dead = await t.app.inject({
      url: `/api/v1/webhooks/${q.id}/deliveries?status=dead`,
      headers: { authorization: `Bearer ${fwdToken}` },
    });
    const items = dead.json().items as Array<{
      id: number;
      topic: string;
      attempts: number;
      lastError: string;
    }>;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ topic: 'coldchain.alarm', attempts: 3, lastError: 'HTTP 503' });

    const replay = await t.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/deliveries/${items[0]!.id}/replay`,
      headers: { authorization: `Bearer ${fwdToken}` },
    });
    expect(replay.statusCode).toBe(202);
    status = 200;
    expect(await hooks.deliverDue()).toBe(1);
    const alarm = JSON.parse(received.at(-1)!.body) as { topic: string; data: { organizationId: string } };
    expect(alarm).toMatchObject({ topic: 'coldchain.alarm', data: { organizationId: 'wh-fwd' } });
    // another tenant may neither see nor replay these
    const other = await t.app.inject({
      url: `/api/v1/webhooks/${q.id}/deliveries`,
      headers: { authorization: `Bearer ${t.token('shipper')}` },
    });
    expect(other.statusCode).toBe(404);
  });

  it('catches up tracking events stored after the mark (a crash before the outbox write)', async () => {
    const before = (await settled()).items.length;
    // events stored while nobody listened: a service that did not see them catches up on start
    const bus = t.platform.services.bus;
    const quiet = new WebhookService(
      new SubscriptionRepository(t.platform.database.db),
      t.platform.services.tracking,
    );
    void bus;
    await t.platform.services.tracking.recordPlatformEvents('wh-fwd', [ev('while-down')]);
    await new Promise((r) => setTimeout(r, 200));
    const n = await quiet.catchUp();
    // the live listener may already have queued it: then the mark has moved and nothing is caught up twice
    const after = (await settled()).items.length;
    expect(after - before).toBe(1);
    expect(n).toBeLessThanOrEqual(1);
  });
});
