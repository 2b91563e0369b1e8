/// <reference lib="dom" />
/**
 * The Assembly center page as a planner uses it: the real server (`lugang start`) with a planner made by
 * `lugang user add` before it starts, opened in Debian's Chromium in zh and en — sign in from the header,
 * import the planted-errors XLSX and read every rejected row, generate departures and run the plan, open
 * the train that runs and see its wagon diagram. A stale token is cleared by the 401 and the form returns.
 * Screenshots are kept in test/e2e/screenshots/assembly-*.png.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, signIn as apiSignIn } from '../support/api';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';
import { launchChromium } from './browser';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'planner-pass-1';
const XLSX = join(ROOT, 'test/fixtures/bookings/bookings-planted-errors.xlsx');
const planted = JSON.parse(
  readFileSync(join(ROOT, 'test/fixtures/bookings/planted-errors.json'), 'utf8'),
) as {
  good: number;
  errors: Array<{ row: number; column: string }>;
};
const FROM = '2026-12-01';
const TRAIN = 'URM-DUI-20261201';

let server: StartedServer;
let browser: Browser;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-assembly-'));
  addUser(dataDir, PASSWORD, 'planner', 'planner');
  addUser(dataDir, PASSWORD, 'forwarder', 'forwarder', '--org', 'silk-forwarding', '--org-kind', 'forwarder');
  server = await startLugang({ LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0' });
  browser = await launchChromium();
  // enough cargo for Duisburg that a train runs: a bulk booking, reefers and a dangerous-goods pair
  const token = await apiSignIn(server.url, 'planner', PASSWORD);
  const common = {
    organizationId: 'port-operator',
    destination: 'DEDUI',
    readyDate: FROM,
    dueDate: '2026-12-20',
  };
  for (const b of [
    {
      reference: 'E2E-BULK',
      containers: [{ sizeType: '42G1', count: 30 }],
      grossKg: 540_000,
      hsCode: '8471',
    },
    {
      reference: 'E2E-REEFER',
      containers: [{ sizeType: '45R1', count: 4 }],
      grossKg: 80_000,
      hsCode: '0807',
      reeferSetpointC: -18,
    },
    {
      reference: 'E2E-DG',
      containers: [{ sizeType: '22G1', count: 2 }],
      grossKg: 30_000,
      hsCode: '3208',
      dg: { un: '1263', class: '3' },
    },
  ]) {
    const res = await fetch(`${server.url}/api/v1/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...common, ...b }),
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const tid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function signIn(page: Page, username = 'planner'): Promise<void> {
  await tid(page, 'signin-open').click();
  await tid(page, 'signin-username').fill(username);
  await tid(page, 'signin-password').fill(PASSWORD);
  await tid(page, 'signin-submit').click();
  await tid(page, 'signin-user').waitFor({ state: 'visible', timeout: 15_000 });
}

async function importPlanted(page: Page): Promise<{ imported: number; unchanged: number }> {
  await tid(page, 'asm-import-open').click();
  await tid(page, 'asm-import-file').setInputFiles(XLSX);
  await tid(page, 'asm-import-upload').click();
  const report = tid(page, 'asm-import-report');
  await report.waitFor({ state: 'visible', timeout: 30_000 });
  expect(Number(await report.getAttribute('data-rejected'))).toBe(planted.errors.length);
  const rows = tid(page, 'asm-import-rejected').locator('tbody tr');
  expect(await rows.count()).toBe(planted.errors.length);
  for (const e of planted.errors) {
    const row = tid(page, 'asm-import-rejected').locator(`tr[data-row="${e.row}"]`).first();
    expect(await row.textContent()).toContain(e.column);
  }
  return {
    imported: Number(await report.getAttribute('data-imported')),
    unchanged: Number(await report.getAttribute('data-unchanged')),
  };
}

async function openTrain(page: Page): Promise<void> {
  await tid(page, `asm-open-${TRAIN}`).click();
  await tid(page, 'asm-load').waitFor({ state: 'visible' });
}

async function checkWagons(page: Page): Promise<void> {
  const wagons = tid(page, 'asm-wagons');
  await wagons.waitFor({ state: 'visible', timeout: 60_000 });
  expect(Number(await wagons.getAttribute('data-wagons'))).toBe(41);
  // 30 + 4 forty-footers and a DG pair of twenties: 36 boxes, 70 TEU of our own plus the fixtures' cargo
  expect(Number(await tid(page, 'asm-load-totals').getAttribute('data-boxes'))).toBeGreaterThanOrEqual(36);
  expect(await wagons.locator('[data-slot="A"][data-box^="E2E-DG"]').count()).toBe(1);
  expect(await wagons.locator('[data-slot="B"][data-box^="E2E-DG"]').count()).toBe(1);
  expect(await wagons.locator('li[data-reefer="true"]').count()).toBe(4);
  const dgWagon = wagons.locator('li[data-dg="true"]');
  expect(await dgWagon.count()).toBe(1);
  expect(Number(await dgWagon.getAttribute('data-position'))).toBeGreaterThan(2); // not on the first two
  // wagons in train order
  const ids = await wagons
    .locator('li[data-wagon]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-wagon')));
  expect(ids).toEqual([...ids].sort());
}

describe('Assembly center in Chromium', () => {
  it('a planner signs in, imports with planted errors, runs the plan and sees the wagon diagram (zh)', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/assembly?lang=zh`);
    // signed out: the page says plainly what it needs
    await expect.poll(() => tid(page, 'needs-role').textContent()).toMatch(/请先登录.*计划员/);
    await page.screenshot({ path: join(SHOTS, 'assembly-zh-signed-out.png') });
    await signIn(page);
    expect(await tid(page, 'signin-user').textContent()).toMatch(/planner.*计划员/);
    await tid(page, 'asm-bookings').waitFor({ state: 'visible' });

    const first = await importPlanted(page);
    expect(first.imported).toBe(planted.good);
    await expect.poll(() => tid(page, 'asm-import-rejected').textContent()).toMatch(/校验位应为 3/);
    await page.screenshot({ path: join(SHOTS, 'assembly-zh-import.png') });
    await tid(page, 'asm-import-close').click();
    await expect
      .poll(() => tid(page, 'asm-bookings').getAttribute('data-total'))
      .toBe(String(planted.good + 3));

    await tid(page, 'asm-plan-from').fill(FROM);
    await tid(page, 'asm-plan-days').fill('14');
    await tid(page, 'asm-plan-run').click();
    await expect
      .poll(() => tid(page, 'asm-plan').getAttribute('data-running'), { timeout: 60_000 })
      .toBe('1');
    const train = tid(page, 'asm-departures').locator(`li[data-departure="${TRAIN}"]`);
    expect(await train.getAttribute('data-running')).toBe('true');
    expect(Number(await train.getAttribute('data-teu'))).toBeGreaterThanOrEqual(70);
    expect(await tid(page, 'asm-unassigned').locator('li').count()).toBeGreaterThan(0);
    expect(await tid(page, 'asm-unassigned').textContent()).toMatch(/班列不开行|不足/);
    await page.screenshot({ path: join(SHOTS, 'assembly-zh-plan.png') });

    await openTrain(page);
    await tid(page, 'asm-load-run').click();
    await checkWagons(page);
    await page.screenshot({ path: join(SHOTS, 'assembly-zh-wagons.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports again with nothing changed and reopens the stored load plan (en); a stale token asks again', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/assembly?lang=en`);
    await signIn(page);
    const again = await importPlanted(page);
    expect(again).toEqual({ imported: 0, unchanged: planted.good });
    await expect
      .poll(() => tid(page, 'asm-import-rejected').textContent())
      .toMatch(/check digit should be 3/);
    await page.screenshot({ path: join(SHOTS, 'assembly-en-import.png') });
    await tid(page, 'asm-import-close').click();

    // the latest plan is shown without running it again
    await expect
      .poll(() => tid(page, 'asm-plan').getAttribute('data-running'), { timeout: 30_000 })
      .toBe('1');
    await page.screenshot({ path: join(SHOTS, 'assembly-en-plan.png') });
    await openTrain(page);
    await checkWagons(page);
    await page.screenshot({ path: join(SHOTS, 'assembly-en-wagons.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(SHOTS, 'assembly-en-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // a token the server no longer knows: the 401 clears it and the sign-in form opens again
    await page.evaluate(() => localStorage.setItem('lugang.token', 'lgt_stale'));
    await page.reload();
    await tid(page, 'signin-username').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.evaluate(() => localStorage.getItem('lugang.token'))).toBeNull();
    expect(await tid(page, 'needs-role').textContent()).toMatch(/Please sign in/);
    await context.close();
  });

  it('a forwarder sees only its own bookings and no plan controls (en)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.url}/assembly?lang=en`);
    await signIn(page, 'forwarder');
    await expect.poll(() => tid(page, 'asm-bookings').getAttribute('data-total')).toBe('0');
    expect(await tid(page, 'asm-plan').count()).toBe(0);
    await tid(page, 'asm-import-open').click();
    expect(await tid(page, 'asm-import-org').count()).toBe(0); // the forwarder's own organization
    await page.close();
  });
});
