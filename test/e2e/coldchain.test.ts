/// <reference lib="dom" />
/**
 * The Cold chain page with the real server (`lugang start`) and Debian's Chromium: a planner gives a
 * shipper's reefer the Hami-melon profile (3–4 °C, tolerance 30 min); the reefer's device posts
 * readings over HTTP (docs/devices.md) — an hour at 9 °C — and exactly one alarm appears, for the
 * shipper, on the page and on the live feed (SSE); the shipper acknowledges it; the device posts the
 * box back in band past the hysteresis and the alarm clears on the page. The compliance report
 * downloads as CSV and PDF; a planner edits a profile (a refused hysteresis shows at its field).
 * Last, the box's device falls quiet while another box reports on: a "device silent" alarm appears
 * on the page and on the live feed. zh and en; screenshots in test/e2e/screenshots/coldchain-*.png.
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
const PASSWORD = 'coldchain-pass-1';
const BOX = 'CSQU3054383';
const DEVICE = 'reefer-e2e-01';

let server: StartedServer;
let browser: Browser;
let deviceSecret: string;
let journeyId: string;
// all readings are in the past: a device may not be ahead of the server clock
const T0 = Date.now() - 3 * 3600_000;
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

function cli(dataDir: string, args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/lugang.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LUGANG_DATA_DIR: dataDir, LUGANG_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  }).toString();
}

async function token(username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** The device posts readings over HTTP as docs/devices.md says (secret as bearer, an Idempotency-Key). */
async function post(readings: unknown[], key: string) {
  const res = await fetch(`${server.url}/api/v1/devices/${DEVICE}/readings`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${deviceSecret}`,
      'idempotency-key': key,
    },
    body: JSON.stringify(readings),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { stored: number; duplicates: number };
}

const series = (temps: number[], fromMin: number, seq0: number) =>
  temps.map((temperatureC, i) => ({
    seq: seq0 + i,
    time: at(fromMin + i * 5),
    equipment: BOX,
    temperatureC,
    setpointC: 3.5,
  }));

/** Collects the 'coldchain.alarm' messages the live feed sends a user (SSE, envelope framing). */
function listen(accessToken: string): {
  messages: Array<{ change: string; organizationId: string; kind?: string }>;
  stop(): void;
} {
  const ac = new AbortController();
  const messages: Array<{ change: string; organizationId: string; kind?: string }> = [];
  void (async () => {
    try {
      const res = await fetch(`${server.url}/api/v1/stream?topics=coldchain.alarm&envelope=1`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'text/event-stream' },
        signal: ac.signal,
      });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i = buf.indexOf('\n\n');
        while (i >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (data) {
            const m = JSON.parse(data) as { topic: string; data: { change: string; organizationId: string } };
            if (m.topic === 'coldchain.alarm') messages.push(m.data);
          }
          i = buf.indexOf('\n\n');
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return { messages, stop: () => ac.abort() };
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-coldchain-'));
  cli(dataDir, ['user', 'add', 'planner', '--role', 'planner']);
  cli(dataDir, ['user', 'add', 'melon', '--role', 'shipper', '--org', 'melon-co', '--org-kind', 'shipper']);
  cli(dataDir, ['user', 'add', 'grapes', '--role', 'shipper', '--org', 'grape-co', '--org-kind', 'shipper']);
  const device = JSON.parse(cli(dataDir, ['device', 'add', DEVICE, '--org', 'melon-co', '--json'])) as {
    secret: string;
  };
  deviceSecret = device.secret;
  // no digital twin where the CLI has one: this test's data are its own
  const noSim = readFileSync(join(ROOT, 'src/apps/cli/main.ts'), 'utf8').includes("'--no-sim'")
    ? ['--no-sim']
    : [];
  server = await startLugang({ LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0' }, noSim);
  browser = await launchChromium();
  const res = await fetch(`${server.url}/api/v1/coldchain/reefers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('planner')}` },
    body: JSON.stringify({
      equipment: BOX,
      profileId: 'hami-melon',
      journey: 'URM-DUI-20261201',
      startsAt: at(-5),
      organizationId: 'melon-co',
    }),
  });
  expect(res.status).toBe(201);
  journeyId = ((await res.json()) as { id: string }).id;
}, 420_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A loaded machine (2 shared cores) needs patience; nothing here measures time. */
async function newPage(viewport: { width: number; height: number }, downloads = false): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: downloads });
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  page.setDefaultNavigationTimeout(120_000);
  return page;
}

const tid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function signIn(page: Page, username: string): Promise<void> {
  await tid(page, 'signin-open').click();
  await tid(page, 'signin-username').fill(username);
  await tid(page, 'signin-password').fill(PASSWORD);
  await tid(page, 'signin-submit').click();
  await tid(page, 'signin-user').waitFor({ state: 'visible', timeout: 90_000 });
}

describe('Cold chain in Chromium', () => {
  it('9 °C past the tolerance: one alarm on the page and on the live feed; acknowledged; cleared back in band (zh)', async () => {
    const feed = listen(await token('melon'));
    const stranger = listen(await token('grapes'));
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/cold-chain?lang=zh`);
    await signIn(page, 'melon');
    const card = tid(page, 'coldchain-reefer').filter({ hasText: BOX });
    await card.waitFor({ state: 'visible', timeout: 90_000 });
    expect(await card.textContent()).toContain('哈密瓜');

    // 30 min in band, then 9 °C for an hour (tolerance 30 min) — sent twice: duplicates change nothing
    const hot = series([3.5, 3.5, 3.5, 3.5, 3.5, 3.5, ...Array(13).fill(9)], 0, 0);
    expect(await post(hot, 'batch-1')).toMatchObject({ stored: hot.length });
    expect(await post(hot, 'batch-1b')).toMatchObject({ stored: 0, duplicates: hot.length });

    const alarm = tid(page, 'coldchain-alarm').filter({ hasText: BOX });
    await alarm.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await tid(page, 'coldchain-alarm').count()).toBe(1);
    expect(await alarm.getAttribute('data-status')).toBe('open');
    expect(await alarm.textContent()).toMatch(/危急.*未确认/);
    await expect
      .poll(() => card.locator('[data-testid="coldchain-temperature"]').textContent(), { timeout: 60_000 })
      .toContain('9.0 °C');
    await expect
      .poll(
        async () =>
          Number(await card.locator('[data-testid="coldchain-sparkline"]').getAttribute('data-points')),
        { timeout: 60_000 },
      )
      .toBeGreaterThanOrEqual(19);
    await expect.poll(() => feed.messages.map((m) => m.change), { timeout: 60_000 }).toEqual(['raised']);
    expect(feed.messages[0]?.organizationId).toBe('melon-co');
    await page.screenshot({ path: join(SHOTS, 'coldchain-zh-alarm.png') });

    await alarm.locator('[data-testid="coldchain-alarm-ack"]').click();
    await expect.poll(() => alarm.getAttribute('data-status'), { timeout: 60_000 }).toBe('acknowledged');
    expect(await alarm.textContent()).toContain('melon 已确认');

    // back at 3.5 °C for 45 min: the clear band (3.2–3.8 °C) held past 15 min clears the alarm
    const back = series(Array(10).fill(3.5), 95, 100);
    expect(await post(back, 'batch-2')).toMatchObject({ stored: back.length });
    await expect.poll(() => alarm.getAttribute('data-status'), { timeout: 60_000 }).toBe('cleared');
    expect(await tid(page, 'coldchain-alarm').count()).toBe(1);
    await expect
      .poll(() => feed.messages.map((m) => m.change))
      .toEqual(['raised', 'acknowledged', 'cleared']);
    expect(stranger.messages).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'coldchain-zh-cleared.png'), fullPage: true });

    // the compliance report, as the owner downloads it
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      card.locator('[data-testid="coldchain-report-pdf"]').click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`coldchain-${BOX}-URM-DUI-20261201.pdf`);
    const pdfBytes = readFileSync((await pdf.path())!);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      card.locator('[data-testid="coldchain-report-csv"]').click(),
    ]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('带外时长 out of band min,65');
    expect(text).toContain('critical,cleared');
    feed.stop();
    stranger.stop();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 400_000);

  it('another shipper sees neither the reefer nor the alarm', async () => {
    const page = await newPage({ width: 1600, height: 900 });
    await page.goto(`${server.url}/cold-chain?lang=zh`);
    await signIn(page, 'grapes');
    await tid(page, 'coldchain-no-reefers').waitFor({ state: 'visible', timeout: 90_000 });
    expect(await tid(page, 'coldchain-alarm').count()).toBe(0);
    await page.context().close();
  }, 300_000);

  it('a planner sees every tenant’s alarm and edits a profile; a refused hysteresis shows at its field (en)', async () => {
    const page = await newPage({ width: 1920, height: 1080 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/cold-chain?lang=en`);
    await signIn(page, 'planner');
    const alarm = tid(page, 'coldchain-alarm').filter({ hasText: BOX });
    await alarm.waitFor({ state: 'visible', timeout: 90_000 });
    expect(await alarm.textContent()).toMatch(/critical.*cleared.*acknowledged by melon/);
    const row = tid(page, 'coldchain-profile-row').and(page.locator('[data-profile="grapes"]'));
    await row.locator('[data-testid="coldchain-profile-edit"]').click();
    await tid(page, 'coldchain-profile-hysteresisC').fill('1.5');
    await tid(page, 'coldchain-profile-save').click();
    await expect
      .poll(() => tid(page, 'coldchain-profile-error-hysteresisC').textContent())
      .toMatch(/no clearing band/);
    await page.screenshot({ path: join(SHOTS, 'coldchain-en-profile-refused.png'), fullPage: true });
    await tid(page, 'coldchain-profile-hysteresisC').fill('0.4');
    await tid(page, 'coldchain-profile-save').click();
    await tid(page, 'coldchain-profile-saved').waitFor({ state: 'visible' });
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toContain('0.4');
    await page.screenshot({ path: join(SHOTS, 'coldchain-en.png'), fullPage: true });
    const res = await fetch(`${server.url}/api/v1/coldchain/reefers/${journeyId}/report`, {
      headers: { authorization: `Bearer ${await token('planner')}` },
    });
    expect(((await res.json()) as { alarms: unknown[] }).alarms).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('a box whose device falls quiet while the fleet reports gets a device-silent alarm (zh, live feed)', async () => {
    const BOX2 = 'MSKU9070323';
    const feed = listen(await token('melon'));
    const res = await fetch(`${server.url}/api/v1/coldchain/reefers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('planner')}` },
      body: JSON.stringify({
        equipment: BOX2,
        profileId: 'hami-melon',
        journey: 'URM-DUI-20261201',
        startsAt: at(130),
        organizationId: 'melon-co',
      }),
    });
    expect(res.status).toBe(201);
    const page = await newPage({ width: 1920, height: 1080 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/cold-chain?lang=zh`);
    await signIn(page, 'planner');
    await tid(page, 'coldchain-reefer').filter({ hasText: BOX2 }).waitFor({ state: 'visible' });
    // the first box last reported at minute 140; the second reports on to minute 175 (35 min later)
    const other = Array.from({ length: 7 }, (_, i) => ({
      seq: 500 + i,
      time: at(145 + i * 5),
      equipment: BOX2,
      temperatureC: 3.5,
    }));
    expect(await post(other, 'batch-3')).toMatchObject({ stored: other.length });
    const silent = page
      .locator('[data-testid="coldchain-alarm"][data-kind="silent"]')
      .filter({ hasText: BOX });
    await silent.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await silent.getAttribute('data-status')).toBe('open');
    expect(await silent.textContent()).toMatch(/设备失联.*失联 30 分钟.*未确认/);
    expect(await page.locator('[data-kind="silent"]').filter({ hasText: BOX2 }).count()).toBe(0);
    await expect
      .poll(() => feed.messages.map((m) => [m.kind, m.change, m.organizationId]), { timeout: 60_000 })
      .toEqual([['silent', 'raised', 'melon-co']]);
    await page.screenshot({ path: join(SHOTS, 'coldchain-zh-silent.png'), fullPage: true });
    feed.stop();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);
});
