/**
 * The live feed over a real socket: a device's events reach a signed-in reader as SSE with their seq
 * as id; a tenant sees only its own; `?topics=` selects; a reconnect with Last-Event-ID first gets
 * what was stored meanwhile and then the live feed; `?access_token=` works for EventSource.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import type { SseFrame } from './sse';
import { openSse, tenantToken } from './testing';

let t: TestApp;
let base: string;
let deviceSecret: string;
let otherSecret: string;
let forwarderToken: string;

beforeAll(async () => {
  t = await openTestApp();
  const s = t.platform.services;
  forwarderToken = await tenantToken(s, 'fw-sse', {
    id: 'sse-fwd',
    kind: 'forwarder',
    nameEn: 'SSE Forwarding',
    nameZh: '流货代',
  });
  const own = await s.tracking.addDevice({ id: 'sse-gps', organizationId: 'sse-fwd' });
  const other = await s.tracking.addDevice({ id: 'sse-other' });
  if (!own.ok || !other.ok) throw new Error('devices');
  deviceSecret = own.value.secret;
  otherSecret = other.value.secret;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
});

const open = (query: string, headers: Record<string, string> = {}) =>
  openSse(`${base}/api/v1/stream${query}`, headers);

const ev = (id: string, code: 'DEPA' | 'ARRI', at: string) => ({
  eventId: id,
  eventType: 'TRANSPORT',
  transportEventTypeCode: code,
  eventClassifierCode: 'ACT',
  eventDateTime: at,
  trainReference: 'URM-DUI-20261201',
  location: code === 'DEPA' ? 'CNURM' : 'KZDOS',
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

const eventsOf = (frames: SseFrame[]) =>
  frames
    .filter((f) => f.event === 'tracking.events')
    .flatMap((f) => JSON.parse(f.data) as Array<{ eventId: string; seq: number; organizationId: string }>);

describe('GET /api/v1/stream', () => {
  it('refuses without a token, and a bad topic list', async () => {
    const anon = await fetch(`${base}/api/v1/stream`);
    expect(anon.status).toBe(401);
    const bad = await fetch(`${base}/api/v1/stream?topics=Bad Topic!`, {
      headers: { authorization: `Bearer ${t.token('dispatcher')}` },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('forwards stored events with their seq as id, filtered per tenant', async () => {
    const ops = await open('?topics=tracking.events', { authorization: `Bearer ${t.token('dispatcher')}` });
    const fwd = await open(`?topics=tracking.*&access_token=${forwarderToken}`);
    expect(ops.res.headers.get('content-type')).toContain('text/event-stream');
    await ops.until((f) => f.some((x) => x.event === 'stream.open'));
    await fwd.until((f) => f.some((x) => x.event === 'stream.open'));

    await post(otherSecret, 'sse-other', ev('other-1', 'DEPA', '2026-11-25T10:00:00Z'));
    await post(deviceSecret, 'sse-gps', [
      ev('own-1', 'DEPA', '2026-11-25T10:00:00Z'),
      ev('own-2', 'ARRI', '2026-11-25T20:00:00Z'),
    ]);

    const opsFrames = await ops.until((f) => eventsOf(f).length >= 3);
    const fwdFrames = await fwd.until((f) => eventsOf(f).length >= 2);
    expect(eventsOf(opsFrames).map((e) => e.eventId)).toEqual(['other-1', 'own-1', 'own-2']);
    // the forwarder never sees the port operator's device
    expect(eventsOf(fwdFrames).map((e) => e.eventId)).toEqual(['own-1', 'own-2']);
    expect(eventsOf(fwdFrames).every((e) => e.organizationId === 'sse-fwd')).toBe(true);
    const last = opsFrames.filter((f) => f.event === 'tracking.events').at(-1)!;
    expect(Number(last.id)).toBe(Math.max(...eventsOf(opsFrames).map((e) => e.seq)));
    // the readings topic was not selected by the dispatcher
    expect(opsFrames.some((f) => f.event === 'tracking.readings')).toBe(false);
    ops.close();
    fwd.close();
  });

  it('replays what was stored after Last-Event-ID, then continues live without duplicates', async () => {
    const first = await open('?topics=tracking.events', { authorization: `Bearer ${t.token('management')}` });
    const opened = (await first.until((f) => f.length > 0))[0]!;
    expect(opened.event).toBe('stream.open');
    await post(deviceSecret, 'sse-gps', ev('r-1', 'DEPA', '2026-11-26T01:00:00Z'));
    const seen = await first.until((f) => eventsOf(f).some((e) => e.eventId === 'r-1'));
    const lastId = seen.filter((f) => f.id !== undefined).at(-1)!.id!;
    first.close();

    // while disconnected
    await post(deviceSecret, 'sse-gps', ev('r-2', 'ARRI', '2026-11-26T02:00:00Z'));
    await post(otherSecret, 'sse-other', ev('r-3', 'ARRI', '2026-11-26T02:30:00Z'));

    const again = await open('?topics=tracking.events', {
      authorization: `Bearer ${t.token('management')}`,
      'last-event-id': lastId,
    });
    await again.until((f) => eventsOf(f).some((e) => e.eventId === 'r-3'));
    await post(deviceSecret, 'sse-gps', ev('r-4', 'DEPA', '2026-11-26T03:00:00Z'));
    const frames = await again.until((f) => eventsOf(f).some((e) => e.eventId === 'r-4'));
    expect(eventsOf(frames).map((e) => e.eventId)).toEqual(['r-2', 'r-3', 'r-4']);
    again.close();

    // the forwarder's replay holds only its own events
    const fwd = await open(`?topics=tracking.events&lastEventId=${lastId}&access_token=${forwarderToken}`);
    const fwdFrames = await fwd.until((f) => eventsOf(f).some((e) => e.eventId === 'r-4'));
    expect(eventsOf(fwdFrames).map((e) => e.eventId)).toEqual(['r-2', 'r-4']);
    fwd.close();
  });

  it('forwards other topics live, tenant-filtered: items without a tenant go only to cross-tenant roles', async () => {
    const ops = await open('?topics=test.*', { authorization: `Bearer ${t.token('dispatcher')}` });
    const fwd = await open(`?topics=test.*&access_token=${forwarderToken}`);
    await ops.until((f) => f.some((x) => x.event === 'stream.open'));
    await fwd.until((f) => f.some((x) => x.event === 'stream.open'));
    const bus = t.platform.services.bus as unknown as { emit(topic: string, data: unknown): void };
    bus.emit('test.alarm', { organizationId: 'port-operator', what: 'a' });
    bus.emit('test.alarm', { what: 'port-wide' });
    bus.emit('test.alarm', [
      { organizationId: 'sse-fwd', what: 'b' },
      { organizationId: 'x', what: 'c' },
    ]);
    bus.emit('test.train', { organizationIds: ['sse-fwd', 'port-operator'], what: 'd' });
    bus.emit('other.topic', { organizationId: 'sse-fwd', what: 'not selected' });
    const whats = (frames: SseFrame[]) =>
      frames
        .filter((f) => f.event.startsWith('test.'))
        .flatMap((f) => [JSON.parse(f.data)].flat() as Array<{ what: string }>)
        .map((x) => x.what);
    const o = await ops.until((f) => whats(f).includes('d'));
    const w = await fwd.until((f) => whats(f).includes('d'));
    expect(whats(o)).toEqual(['a', 'port-wide', 'b', 'c', 'd']);
    expect(whats(w)).toEqual(['b', 'd']);
    expect(o.some((f) => f.event === 'other.topic')).toBe(false);
    ops.close();
    fwd.close();
  });

  it('envelope=1 sends unnamed messages {topic, data} for EventSource families', async () => {
    const env = await open(`?topics=test.*&envelope=1&access_token=${forwarderToken}`);
    const first = (await env.until((f) => f.length > 0))[0]!;
    expect(first.event).toBe('message');
    expect(JSON.parse(first.data).topic).toBe('stream.open');
    const bus = t.platform.services.bus as unknown as { emit(topic: string, data: unknown): void };
    bus.emit('test.alarm', { organizationId: 'sse-fwd', what: 'e' });
    const frames = await env.until((f) => f.length > 1);
    expect(frames[1]!.event).toBe('message');
    expect(JSON.parse(frames[1]!.data)).toEqual({
      topic: 'test.alarm',
      data: { organizationId: 'sse-fwd', what: 'e' },
    });
    env.close();
  });
});
