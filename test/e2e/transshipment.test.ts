/// <reference lib="dom" />
/**
 * The transshipment at the gauge change as a border officer does it, on the real server in Debian's
 * Chromium: three departures of 41 FEU through Alashankou from today's timetable (planned by a planner
 * over the API); the Border ports page shows the timetable's real schedule; the officer signs in, picks
 * the three trains, transships them (two 1520 mm trains of 61–62 wagons, the crane moves and time),
 * opens the CIM/SMGS handover record, and commits a closure to Alashankou's calendar. zh and en;
 * screenshots in test/e2e/screenshots/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../src/domain/codes/iso6346';
import { addUser, signIn as apiSignIn } from '../support/api';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';
import { launchChromium } from './browser';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'transship-pass-1';
const ROUTES = ['URM-DUI', 'URM-HAM', 'URM-MOW'];
const CITY: Record<string, string> = { 'URM-DUI': 'DEDUI', 'URM-HAM': 'DEHAM', 'URM-MOW': 'RUMOW' };
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const compact = today.replace(/-/g, '');
const trains = ROUTES.map((r) => `${r}-${compact}`);

let server: StartedServer;
let browser: Browser;
let serial = 500_000;
const numbers = (n: number) =>
  Array.from({ length: n }, () => {
    const first10 = `LGTU${String(serial++).padStart(6, '0')}`;
    return `${first10}${computeCheckDigit(first10) % 10}`;
  });

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-transship-'));
  addUser(dataDir, PASSWORD, 'officer', 'border-officer');
  addUser(dataDir, PASSWORD, 'planner', 'planner');
  server = await startLugang({ LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0' });
  browser = await launchChromium();
  const token = await apiSignIn(server.url, 'planner', PASSWORD);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  };
  for (const r of ROUTES)
    await call('PUT', `/api/v1/timetable/schedules/${r}`, {
      everyDays: 1,
      anchorDate: today,
      capacityTeu: 82,
      capacityKg: 1_300_000,
      minTeu: 2,
    });
  await call('POST', `/api/v1/timetable/generate?from=${today}&days=1`);
  let n = 0;
  for (const r of ROUTES)
    await call('POST', '/api/v1/bookings', {
      reference: `E2E-TS-${++n}`,
      organizationId: 'port-operator',
      containers: [{ sizeType: '42G1', count: 41, numbers: numbers(41) }],
      grossKg: 41 * 21_500,
      hsCode: '8471',
      destination: CITY[r],
      readyDate: today,
      dueDate: '2027-01-31',
    });
  const plan = await call('POST', '/api/v1/plans/consolidation/run', { from: today, days: 1 });
  for (const t of trains) expect(plan.solution.running, JSON.stringify(plan.solution.running)).toContain(t);
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const tid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function signIn(page: Page): Promise<void> {
  await tid(page, 'signin-open').click();
  await tid(page, 'signin-username').fill('officer');
  await tid(page, 'signin-password').fill(PASSWORD);
  await tid(page, 'signin-submit').click();
  await tid(page, 'signin-user').waitFor({ state: 'visible', timeout: 15_000 });
}

describe('Transshipment at Alashankou in Chromium', () => {
  it('a border officer sees the real schedule, transships three trains and reads the SMGS record (zh)', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/ports?lang=zh`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    // the coming days' schedule is the timetable's: the three departures cross at Alashankou
    await tid(page, 'ports-schedule-AKL').waitFor({ state: 'visible', timeout: 90_000 });
    await expect
      .poll(() => tid(page, 'ports-scenario-title').textContent(), { timeout: 90_000 })
      .toMatch(/时刻表班列/);
    expect(await tid(page, 'ports-scenario-title').getAttribute('data-scenario')).toBe('timetable');
    expect(await tid(page, 'ports-scenario-title').getAttribute('data-on-calendar')).toBe('true');
    expect(Number(await tid(page, 'ports-schedule-AKL').getAttribute('data-total'))).toBeGreaterThanOrEqual(
      3,
    );
    // not signed in: the panel asks for it
    await tid(page, 'ts-signin').waitFor({ state: 'visible' });
    await signIn(page);
    for (const t of trains) await tid(page, `ts-dep-${t}`).check({ timeout: 90_000 });
    await tid(page, 'ts-run').click();
    const detail = tid(page, 'ts-detail');
    await detail.waitFor({ state: 'visible', timeout: 90_000 });
    await expect
      .poll(() => tid(page, 'ts-reload').textContent(), { timeout: 90_000 })
      .toMatch(/41 \+ 41 \+ 41 → 6[12] \+ 6[12]/);
    const formed = tid(page, 'ts-formed').locator('li');
    expect(await formed.count()).toBe(2);
    const wagons = (
      await formed.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-wagons'))))
    ).sort();
    expect(wagons).toEqual([61, 62]);
    expect(Number(await tid(page, 'ts-moves').getAttribute('data-moves'))).toBeGreaterThanOrEqual(123);
    await expect.poll(() => tid(page, 'ts-events').textContent()).toMatch(/已报送跟踪事件 \d+ 条/);
    // the three trains now read as transshipped
    for (const t of trains) expect(await tid(page, `ts-dep-${t}`).isDisabled()).toBe(true);
    await tid(page, 'ts-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'transshipment-zh-wall.png'), fullPage: true });

    await tid(page, 'ts-smgs').click();
    const frame = page.frameLocator('[data-testid="ts-smgs-frame"]');
    await expect
      .poll(() => frame.locator('h1').textContent(), { timeout: 15_000 })
      .toMatch(/国际货协\/国际货约统一运单/);
    expect(await frame.locator('body').textContent()).toMatch(/Алашанькоу/);
    expect(await frame.locator('tbody tr').count()).toBeGreaterThanOrEqual(123);
    await page.screenshot({ path: join(SHOTS, 'transshipment-zh-smgs.png') });
    await tid(page, 'ts-smgs-close').click();
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('commits a closure to Alashankou’s calendar and sees the transshipment progress (en)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/ports?lang=en`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await tid(page, 'ports-schedule-AKL').waitFor({ state: 'visible', timeout: 90_000 });
    await signIn(page);
    const item = tid(page, 'ts-list').locator('button').first();
    await item.waitFor({ state: 'visible', timeout: 90_000 });
    expect(['planned', 'in-progress', 'done']).toContain(await item.getAttribute('data-status'));
    const cells = await tid(page, 'ports-calendar-AKL')
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-date') ?? ''));
    const day = cells[4] as string;
    await tid(page, 'ts-closure-from').fill(day);
    await tid(page, 'ts-closure-to').fill(day);
    await tid(page, 'ts-closure-trains').fill('0');
    // no reason: refused in the page
    await tid(page, 'ts-closure-commit').click();
    await expect.poll(() => tid(page, 'ts-closure-error').textContent()).toMatch(/reason/);
    await tid(page, 'ts-closure-en').fill('Crane maintenance');
    await tid(page, 'ts-closure-commit').click();
    await expect
      .poll(
        () =>
          page.locator(`[data-testid="ports-calendar-AKL"] [data-date="${day}"]`).getAttribute('data-state'),
        { timeout: 90_000 },
      )
      .toBe('closed');
    await tid(page, 'ts-closure-list').waitFor({ state: 'visible', timeout: 90_000 });
    expect(await tid(page, 'ts-closure-list').textContent()).toMatch(/Crane maintenance/);
    // the page reloaded its calendars: the transshipment is listed again, the schedule re-run
    await tid(page, 'ts-list').waitFor({ state: 'visible', timeout: 90_000 });
    await expect.poll(() => tid(page, 'ports-whatif-run').isEnabled(), { timeout: 90_000 }).toBe(true);
    await tid(page, 'ts-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'transshipment-en-laptop-closure.png'), fullPage: true });
    await page.close();
  }, 300_000);
});
