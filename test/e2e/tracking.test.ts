/// <reference lib="dom" />
/**
 * The Tracking page with the real server (`lugang start`) and Debian's Chromium: five earlier trains'
 * first-leg runs are on record (so that leg's time is learned); a dispatcher opens the page and looks
 * up a box; the box's tracker posts its LOAD on a train and the train's GPS posts DEPA / ARRI / DEPA and
 * a position over HTTP (docs/devices.md) — the page shows the events as they come (live feed), the
 * train on the map, the ETA with its range and the late legs. zh and en; screenshots in
 * test/e2e/screenshots/tracking-*.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';
import { launchChromium } from './browser';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'tracking-pass-1';
const BOX = 'CSQU3054383';
const H = 3600_000;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const ymd = (ms: number) => iso(ms).slice(0, 10).replaceAll('-', '');
const TRAIN = `URM-DUI-${ymd(NOW - 2 * 24 * H)}`;

let server: StartedServer;
let browser: Browser;
let gps: string;
let tracker: string;

function cli(dataDir: string, args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/lugang.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LUGANG_DATA_DIR: dataDir, LUGANG_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  }).toString();
}

let n = 0;
const transport = (train: string, code: 'DEPA' | 'ARRI', location: string, at: number) => ({
  eventId: `tr-${++n}`,
  eventType: 'TRANSPORT',
  transportEventTypeCode: code,
  eventClassifierCode: 'ACT',
  eventDateTime: iso(at),
  trainReference: train,
  location,
});

async function post(device: string, secret: string, events: unknown) {
  const res = await fetch(`${server.url}/api/v1/devices/${device}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify(events),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { quarantined: number };
  expect(body.quarantined).toBe(0);
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-tracking-'));
  cli(dataDir, ['user', 'add', 'dispatcher', '--role', 'dispatcher']);
  gps = (JSON.parse(cli(dataDir, ['device', 'add', 'loco-e2e', '--json'])) as { secret: string }).secret;
  tracker = (JSON.parse(cli(dataDir, ['device', 'add', 'box-e2e', '--json'])) as { secret: string }).secret;
  const noSim = readFileSync(join(ROOT, 'src/apps/cli/main.ts'), 'utf8').includes("'--no-sim'")
    ? ['--no-sim']
    : [];
  server = await startLugang({ LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0' }, noSim);
  browser = await launchChromium();
  // five earlier trains ran Urumqi → Jinghe (planned 12 h) in 20–28 h
  const earlier = [20, 22, 24, 26, 28].flatMap((h, i) => {
    const dep = NOW - (30 + i) * 24 * H;
    const ref = `URM-DUI-${ymd(dep)}`;
    return [transport(ref, 'DEPA', 'CNURM', dep), transport(ref, 'ARRI', 'CNJHE', dep + h * H)];
  });
  await post('loco-e2e', gps, earlier);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  page.setDefaultNavigationTimeout(120_000);
  return page;
}

const tid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function signIn(page: Page): Promise<void> {
  await tid(page, 'signin-open').click();
  await tid(page, 'signin-username').fill('dispatcher');
  await tid(page, 'signin-password').fill(PASSWORD);
  await tid(page, 'signin-submit').click();
  await tid(page, 'signin-user').waitFor({ state: 'visible', timeout: 90_000 });
}

describe('Tracking in Chromium', () => {
  it('a box: events arrive live on the page, the train on the map, the ETA with its range and late legs (zh)', async () => {
    const page = await newPage({ width: 1600, height: 1000 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/tracking?lang=zh`);
    await signIn(page);
    // the box's tracker reports the loading first
    await post('box-e2e', tracker, {
      eventId: 'load-1',
      eventType: 'EQUIPMENT',
      equipmentEventTypeCode: 'LOAD',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(NOW - 41 * H),
      equipmentReference: BOX,
      trainReference: TRAIN,
      location: 'CNURM',
    });
    await tid(page, 'tracking-search').fill(BOX);
    await tid(page, 'tracking-submit').click();
    await tid(page, 'tracking-eta').waitFor({ state: 'visible' });
    expect(await tid(page, 'tracking-box-status').textContent()).toContain(TRAIN);
    await expect.poll(() => tid(page, 'tracking-event').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => tid(page, 'tracking-live').textContent(), { timeout: 60_000 }).toBe('实时');

    // now the train runs: its GPS posts while the page is open — the page follows by the live feed
    await post('loco-e2e', gps, [
      transport(TRAIN, 'DEPA', 'CNURM', NOW - 40 * H),
      transport(TRAIN, 'ARRI', 'CNJHE', NOW - 8 * H),
      transport(TRAIN, 'DEPA', 'CNJHE', NOW - 6 * H),
      {
        eventId: 'pos-1',
        eventType: 'IOT',
        iotEventTypeCode: 'POS',
        eventClassifierCode: 'ACT',
        eventDateTime: iso(NOW - 5 * H),
        trainReference: TRAIN,
        position: { lat: 44.9, lon: 82.72 },
      },
    ]);
    await tid(page, 'tracking-train-marker').waitFor({ state: 'visible', timeout: 60_000 });
    await expect
      .poll(() => tid(page, 'tracking-late-legs').textContent(), { timeout: 60_000 })
      .toContain('CNURM-AC>CNJHE');
    expect(await tid(page, 'tracking-explanation').textContent()).toContain('晚点区段');
    expect(await tid(page, 'tracking-eta').textContent()).toMatch(/区间 .+ – .+（p50–p90）/);
    const legs = await tid(page, 'tracking-legs').textContent();
    expect(legs).toContain('实绩学习（6 次）');
    expect(legs).toContain('路网计划（实绩 0 次）');
    await page.screenshot({ path: join(SHOTS, 'tracking-zh-box.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a train, in English: the same picture from the train reference', async () => {
    const page = await newPage({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/tracking?lang=en&q=${TRAIN}`);
    await signIn(page);
    await tid(page, 'tracking-eta').waitFor({ state: 'visible' });
    expect(await tid(page, 'tracking-subject').textContent()).toBe(`Train ${TRAIN}`);
    await tid(page, 'tracking-train-marker').waitFor({ state: 'visible' });
    expect(await tid(page, 'tracking-explanation').textContent()).toContain('Late legs: CNURM-AC>CNJHE');
    // the train's DEPA, ARRI, DEPA, POS and the box's LOAD naming the train
    expect(await tid(page, 'tracking-event').count()).toBe(5);
    await page.screenshot({ path: join(SHOTS, 'tracking-en-train.png'), fullPage: true });
    await page.context().close();
  });
});
