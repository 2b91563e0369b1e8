// The live twin of `lugang start` against a real platform (PGlite in the unit tier, PostgreSQL in the
// pg tier), its devices over MQTT into the embedded broker, on a fixed wall clock: it catches up at
// once — the present first, the history after — sends everything of the run except the trains'
// older positions and past planner runs, stores it once, and after a restart goes on from where it
// was without sending the past again.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMqttIngest } from '../../modules/tracking/mqtt';
import { openTestApp, type TestApp } from '../server/testing';
import { fetchWorld, injectClient } from './adapter';
import { catchUp, isHistory } from './catchup';
import { DAY, HOUR, LIVE_DEFAULTS, Twin } from './core';
import { mqttDevices } from './devices';
import { embeddedCredentials } from './embedded';
import { type LiveOptions, startLiveTwin } from './run';

const NOW = Date.UTC(2025, 7, 10, 9, 30);
let t: TestApp;
let broker: Awaited<ReturnType<typeof startMqttIngest>>;
const dir = mkdtempSync(join(tmpdir(), 'lugang-live-twin-'));
const stateFile = join(dir, 'twin-state.json');
const secretsFile = join(dir, 'twin-devices.json');

function live(now: number): LiveOptions {
  return {
    seed: 6,
    speed: 'max',
    startDaysAgo: 3,
    warmupDays: 8,
    presentDays: 1,
    stateFile,
    log: () => {},
    wallClock: () => now,
    devices: mqttDevices(`mqtt://127.0.0.1:${broker.port}`),
  };
}

async function counts(device: string) {
  const res = await t.app.inject({
    url: `/api/v1/devices/${device}/quarantine?limit=1`,
    headers: { authorization: `Bearer ${t.token('dispatcher')}` },
  });
  return (res.json() as { counts: { readings: number; events: number; quarantined: number } }).counts;
}

beforeAll(async () => {
  t = await openTestApp();
  broker = await startMqttIngest(t.platform.services.tracking, {
    port: 0,
    host: '127.0.0.1',
    clientId: 'unused',
    log: () => {},
  });
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  await t?.close();
});

describe('the live twin catches up at once and goes on after a restart', () => {
  it('sends the present, then the history: every item of the run but older train positions, stored once', async () => {
    const creds = await embeddedCredentials(t.platform.services, secretsFile);
    const twin = await startLiveTwin(injectClient(t.app), creds, live(NOW));
    await twin.warm;
    const afterPresent = twin.status();
    expect(afterPresent.catchUp.presentMs).not.toBeNull();
    expect(afterPresent.simTime).toBe(new Date(NOW).toISOString());
    expect(afterPresent.realTime).toBe(true);
    expect(afterPresent.devices.kind).toBe('mqtt');
    await twin.history;
    const status = twin.status();
    expect(status.catchUp.history).toBe('complete');
    await twin.stop();
    for (const [what, n] of Object.entries(status.failures))
      expect(what, `${n} × ${what}`).toMatch(/^loadPlan 409$/);

    // what should be there: the same run's present and history, unique items per device
    const world = await fetchWorld(injectClient(t.app), creds.operatorToken);
    const startMs = Date.UTC(2025, 7, 7);
    const core = new Twin(world, { ...LIVE_DEFAULTS, seed: 6, startMs, days: 3650 });
    const plan = await catchUp(core, NOW, 1);
    const replay = new Twin(world, { ...LIVE_DEFAULTS, seed: 6, startMs, days: 3650 });
    const history = replay
      .advance(plan.windowStart - 1)
      .filter((i) => isHistory(i, plan.windowStart, new Set(plan.underway)));
    expect(history.length).toBeGreaterThan(1000);
    const unique = new Map<string, Set<string>>();
    for (const i of [...plan.present, ...history]) {
      if (i.kind !== 'device') continue;
      const set = unique.get(i.device) ?? new Set<string>();
      set.add(`${i.channel}|${String(i.item.eventId ?? i.item.seq)}`);
      unique.set(i.device, set);
    }
    expect(unique.size).toBeGreaterThan(5);
    for (const [device, set] of unique) {
      const c = await counts(device);
      expect(c.readings + c.events, device).toBe(set.size);
      expect(c.quarantined, device).toBe(0);
    }
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { sentUntil: number; history?: unknown };
    expect(saved.sentUntil).toBe(NOW);
    expect(saved.history).toBeUndefined();
  }, 600_000);

  it('after a restart two hours later it replays silently and sends only those two hours', async () => {
    const creds = await embeddedCredentials(t.platform.services, secretsFile);
    const before = await counts('twin-train-trackers');
    const later = NOW + 2 * HOUR;
    const twin = await startLiveTwin(injectClient(t.app), creds, live(later));
    await twin.warm;
    await twin.history;
    const status = twin.status();
    await twin.stop();
    expect(status.simTime).toBe(new Date(later).toISOString());
    expect(status.catchUp.history).toBe('none');
    expect(status.itemsSent).toBeGreaterThan(0);
    expect(status.itemsSent).toBeLessThan(3000);
    const after = await counts('twin-train-trackers');
    expect(after.events).toBeGreaterThan(before.events);
    expect(after.events - before.events).toBeLessThanOrEqual(status.itemsSent);
    expect(DAY).toBe(24 * HOUR);
  }, 600_000);
});
