/**
 * Webhooks beyond tracking events, on both engines:
 * - a cold-chain alarm committed while the outbox writer was not listening (a crash between the cold
 *   chain's commit and the outbox write) is queued by the catch-up of the next start, and delivered
 *   exactly once — a second catch-up or the late bus notice queue nothing more;
 * - the active subscriptions are read once, not once per announcement, and follow subscribe/remove;
 * - a tenant's tracking-event mark follows the head, so the catch-up does not rescan others' events.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';
import type { DevicePrincipal, Principal } from '../../platform/http/access';
import { SubscriptionRepository } from './repository';
import { WebhookService } from './webhooks';

let t: TestApp;
let receiver: Server;
let url: string;
const received: Array<{ delivery: string; topic: string; body: string }> = [];
let fwdToken: string;
let reefer: DevicePrincipal;
const clock = () => new Date(Date.now() + 60_000);

const planner: Principal = {
  kind: 'user',
  userId: 'u-planner-dur',
  username: 'planner-dur',
  organizationId: 'port-operator',
  organizationKind: 'port-operator',
  roles: ['planner'],
  tokenId: 't',
};

beforeAll(async () => {
  t = await openTestApp();
  const s = t.platform.services;
  const created = await s.identity.createUser({
    username: 'fw-durable',
    password: TEST_PASSWORD,
    roles: ['forwarder'],
    organization: { id: 'dur-fwd', kind: 'forwarder', nameEn: 'Durable Forwarding', nameZh: '可靠货代' },
  });
  if (!created.ok) throw new Error(created.error.message.en);
  const issued = await s.identity.issueToken('fw-durable', 'test');
  if (!issued.ok) throw new Error(issued.error.message.en);
  fwdToken = issued.value.token;
  const dev = await s.tracking.addDevice({ id: 'dur-reefer', organizationId: 'dur-fwd' });
  if (!dev.ok) throw new Error(dev.error.message.en);
  reefer = { kind: 'device', deviceId: 'dur-reefer', organizationId: 'dur-fwd' };
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({
        delivery: String(req.headers['lugang-delivery']),
        topic: String(req.headers['lugang-topic']),
        body,
      });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});

async function subscribe(topics: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: { authorization: `Bearer ${fwdToken}` },
    payload: { url, topics },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function deliveries(id: string) {
  const res = await t.app.inject({
    url: `/api/v1/webhooks/${id}/deliveries`,
    headers: { authorization: `Bearer ${fwdToken}` },
  });
  return res.json().items as Array<{ id: number; topic: string; status: string }>;
}

/** A second process on the same database: what a restart after the crash runs. */
function restarted(): WebhookService {
  return new WebhookService(
    new SubscriptionRepository(t.platform.database.db),
    t.platform.services.tracking,
    {
      now: clock,
      alarmsChangedSince: (from, limit, before) =>
        t.platform.services.coldchain.alarmsChangedSince(from, limit, before),
    },
  );
}

describe('durable cold-chain alarm webhooks', () => {
  it('an alarm committed while the outbox writer was down is delivered once after the restart', async () => {
    const s = t.platform.services;
    const sub = await subscribe('coldchain.alarm');
    const box = 'CSQU3054383';
    const start = Date.now() - 6 * 3600_000;
    const at = (min: number) => new Date(start + min * 60_000).toISOString();
    const journey = await s.coldchain.assign(planner, {
      equipment: box,
      profileId: 'hami-melon',
      journey: 'URM-DUI-DURABLE',
      startsAt: at(-10),
      organizationId: 'dur-fwd',
    });
    expect(journey.ok, JSON.stringify(journey)).toBe(true);

    // the crash: the cold chain commits and announces, nobody writes the outbox
    s.webhooks.unlisten();
    const temps = [...Array(12).fill(3.5), ...Array(12).fill(9)];
    const readings = temps.map((temperatureC, i) => ({
      seq: i,
      time: at(i * 5),
      equipment: box,
      temperatureC,
    }));
    await s.tracking.ingest(reefer, 'readings', readings, 'http');
    await s.coldchain.settled();
    await s.bus.settled();
    const alarms = await s.coldchain.listAlarms(planner, { limit: 10 });
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0]!;
    expect(await deliveries(sub)).toEqual([]);

    // the restart: the catch-up finds it; a second catch-up, and the late bus notice, add nothing
    const hooks = restarted(); // no delivery loop: the test sends
    // the periodic catch-up leaves changes younger than its settle time to the bus
    expect(await hooks.catchUp({ settledBefore: new Date(Date.now() - 3600_000).toISOString() })).toBe(0);
    expect(await hooks.catchUp()).toBe(1);
    expect(await hooks.catchUp()).toBe(0);
    await hooks.enqueue('coldchain.alarm', { ...alarm, change: 'raised' });
    const queued = await deliveries(sub);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ topic: 'coldchain.alarm', status: 'pending' });

    expect(await hooks.deliverDue()).toBe(1);
    expect(await hooks.deliverDue()).toBe(0);
    const mine = received.filter((r) => r.topic === 'coldchain.alarm');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.delivery).toBe(String(queued[0]!.id));
    const body = JSON.parse(mine[0]!.body) as {
      id: string;
      data: { id: string; change: string; organizationId: string };
    };
    expect(body.id).toBe(String(queued[0]!.id));
    expect(body.data).toMatchObject({ id: alarm.id, change: 'raised', organizationId: 'dur-fwd' });

    // back to normal: a live notice (acknowledged) is queued once, and the catch-up does not repeat it
    hooks.listen(s.bus);
    const ack = await s.coldchain.acknowledge(planner, alarm.id);
    expect(ack.ok).toBe(true);
    await s.bus.settled();
    expect(await hooks.catchUp()).toBe(0);
    const after = await deliveries(sub);
    expect(after).toHaveLength(2);
    expect(await hooks.deliverDue()).toBe(1);
    const changes = received
      .filter((r) => r.topic === 'coldchain.alarm')
      .map((r) => (JSON.parse(r.body) as { data: { change: string } }).data.change);
    expect(changes).toEqual(['raised', 'acknowledged']);
    hooks.unlisten();
  });
});

describe('the subscription cache', () => {
  it('reads the active subscriptions once for many announcements; follows subscribe and remove', async () => {
    const repo = new SubscriptionRepository(t.platform.database.db);
    const active = vi.spyOn(repo, 'active');
    const hooks = new WebhookService(repo, t.platform.services.tracking, { now: clock });
    const principal: Principal = {
      kind: 'user',
      userId: 'u-cache',
      username: 'cache',
      organizationId: 'dur-fwd',
      organizationKind: 'forwarder',
      roles: ['forwarder'],
      tokenId: 't',
    };
    const created = await hooks.subscribe(principal, { url, topics: 'test.cache' });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.value.id : '';
    for (let i = 0; i < 20; i++) await hooks.enqueue('test.cache', { organizationId: 'dur-fwd', i });
    expect(active).toHaveBeenCalledTimes(1);
    expect(await deliveries(id)).toHaveLength(20);

    // removed in this process: no more deliveries, without waiting for the cache to expire
    expect(await hooks.unsubscribe(principal, id)).toBe(true);
    await hooks.enqueue('test.cache', { organizationId: 'dur-fwd', i: 99 });
    expect(active).toHaveBeenCalledTimes(2);
    const second = await hooks.subscribe(principal, { url, topics: 'test.cache' });
    const id2 = second.ok ? second.value.id : '';
    await hooks.enqueue('test.cache', { organizationId: 'dur-fwd', i: 100 });
    expect(await deliveries(id2)).toHaveLength(1);
  });
});

describe('the tracking-event mark', () => {
  it('moves to the head after a catch-up that found nothing for the tenant (the next scan is short)', async () => {
    const s = t.platform.services;
    const repo = new SubscriptionRepository(t.platform.database.db);
    const id = await subscribe('tracking.events');
    await s.tracking.recordPlatformEvents('port-operator', [
      {
        eventId: 'dur-op-1',
        eventType: 'TRANSPORT',
        transportEventTypeCode: 'DEPA',
        eventClassifierCode: 'ACT',
        eventDateTime: new Date(Date.now() - 3600_000).toISOString(),
        trainReference: 'URM-DUI-20261201',
        location: 'CNURM',
      },
    ]);
    const head = await s.tracking.maxEventSeq();
    expect((await repo.find(id))!.event_seq).toBeLessThan(head);
    expect(await restarted().catchUp()).toBe(0);
    expect((await repo.find(id))!.event_seq).toBe(head);
    expect(await deliveries(id)).toEqual([]);
  });
});
