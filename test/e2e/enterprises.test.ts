/// <reference lib="dom" />
/**
 * The Enterprises page as customs and an enterprise use it: the real server (`lugang start`) with an
 * admin made by `lugang user add`; Debian's Chromium in zh and en. A customs officer imports the
 * enterprises fixture (CSV) in the page and reads each refused row, searches by name and credit code,
 * filters by zone and sector, opens one enterprise's view (users, bookings, account books), and meets
 * the credit-code check as they type a new one (and the server's refusal of a duplicate at its field).
 * An enterprise user sees only its own enterprise. Screenshots: test/e2e/screenshots/enterprises-*.png.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, apiAs as signedInCaller } from '../support/api';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';
import { launchChromium } from './browser';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'enterprise-pass-1';
const CSV = join(ROOT, 'test/fixtures/enterprises/enterprises.csv');
const PLASTICS = { code: '91650100MA7ABC001W', org: 'ent-91650100ma7abc001w' };

let server: StartedServer;
let browser: Browser;
let admin: (path: string, body?: unknown) => Promise<Response>;

const apiAs = (username: string) => signedInCaller(server.url, username, PASSWORD);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-enterprises-'));
  addUser(dataDir, PASSWORD, 'root', 'admin');
  server = await startLugang({ LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0' });
  browser = await launchChromium();
  admin = await apiAs('root');
  const res = await admin('/api/v1/users', {
    username: 'customs',
    password: PASSWORD,
    roles: ['customs-officer'],
    organizationId: 'port-operator',
  });
  expect(res.status, await res.clone().text()).toBe(201);
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const tid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
/** Polls until the page shows it (a bound on a hang, not a timing). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 60_000 });

async function open(username: string, lang: 'zh' | 'en'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1200 } });
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(120_000);
  const page = await context.newPage();
  await page.goto(`${server.url}/enterprises?lang=${lang}`);
  try {
    await tid(page, 'signin-open').click();
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, 'enterprises-failed-signin.png') });
    throw e;
  }
  await tid(page, 'signin-username').fill(username);
  await tid(page, 'signin-password').fill(PASSWORD);
  await tid(page, 'signin-submit').click();
  await tid(page, 'signin-user').waitFor({ state: 'visible' });
  await tid(page, 'ent-page').waitFor({ state: 'visible' });
  return { context, page };
}

const count = (page: Page) => tid(page, 'ent-count').getAttribute('data-count');

describe('Enterprises in Chromium', () => {
  it('customs imports the CSV with its refused rows, searches, filters and opens one (zh)', async () => {
    const { context, page } = await open('customs', 'zh');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await poll(() => count(page)).toBe('0');

    await tid(page, 'ent-import-open').click();
    await tid(page, 'ent-import-file').setInputFiles(CSV);
    await tid(page, 'ent-import-upload').click();
    const report = tid(page, 'ent-import-report');
    await report.waitFor({ state: 'visible' });
    expect(await report.getAttribute('data-created')).toBe('8');
    expect(await report.getAttribute('data-errors')).toBe('5');
    const rows = await tid(page, 'ent-import-errors')
      .locator('tbody tr')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-row')}:${e.getAttribute('data-column')}`));
    expect(rows).toEqual(['10:credit_code', '11:zone', '11:investment_cny', '12:name_en', '13:credit_code']);
    expect(await tid(page, 'ent-import-errors').textContent()).toMatch(/校验码错误：应为/);
    await page.screenshot({ path: join(SHOTS, 'enterprises-zh-import.png'), fullPage: true });
    await tid(page, 'ent-import-close').click();
    await poll(() => count(page)).toBe('8');
    // every code shown with its check
    expect(await tid(page, 'ent-table').locator('[data-valid="true"]').count()).toBe(8);

    await tid(page, 'ent-search').fill('番茄');
    await poll(() => count(page)).toBe('1');
    await tid(page, 'ent-search').fill('91650104');
    await poll(() => count(page)).toBe('2');
    await tid(page, 'ent-search').fill('');
    await tid(page, 'ent-zone').selectOption('bonded-zone');
    await poll(() => count(page)).toBe('4');
    await tid(page, 'ent-sector').selectOption('plastics');
    await poll(() => count(page)).toBe('1');

    await tid(page, `ent-row-${PLASTICS.code}`).click();
    await poll(() => tid(page, 'ent-profile').getAttribute('data-id')).toBe(PLASTICS.org);
    expect(await tid(page, 'ent-profile-code').textContent()).toBe(PLASTICS.code);
    expect(await tid(page, 'ent-profile-bookings').getAttribute('data-count')).toBe('0');
    await page.screenshot({ path: join(SHOTS, 'enterprises-zh-directory.png'), fullPage: true });

    // registering: the check character is checked as typed; the server refuses a duplicate at its field
    await tid(page, 'ent-register-open').click();
    await tid(page, 'ent-register-code').fill('91650100MA7ABC001X');
    await poll(() => tid(page, 'ent-register-code-check').textContent()).toMatch(/校验码错误：应为 W/);
    await tid(page, 'ent-register-code').fill(PLASTICS.code);
    await poll(() => tid(page, 'ent-register-code-check').getAttribute('data-valid')).toBe('true');
    await tid(page, 'ent-register-namezh').fill('重复公司');
    await tid(page, 'ent-register-nameen').fill('Duplicate Co.');
    await tid(page, 'ent-register-sector').fill('plastics');
    await tid(page, 'ent-register-investment').fill('1000');
    await tid(page, 'ent-register-save').click();
    await poll(() => tid(page, 'ent-error-creditCode').textContent()).toMatch(/已存在/);
    await page.screenshot({ path: join(SHOTS, 'enterprises-zh-register.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('an enterprise sees only itself, with its users and account book (en)', async () => {
    const user = await admin('/api/v1/users', {
      username: 'silkplastics',
      password: PASSWORD,
      roles: ['enterprise'],
      organizationId: PLASTICS.org,
    });
    expect(user.status).toBe(201);
    const customs = await apiAs('customs');
    const book = await customs('/api/v1/bonded/books', {
      bookNo: 'E65010000009',
      enterpriseId: PLASTICS.org,
      items: [],
    });
    expect(book.status).toBe(201);
    const { context, page } = await open('silkplastics', 'en');
    await poll(() => count(page)).toBe('1');
    expect(await tid(page, 'ent-import-open').count()).toBe(0);
    await poll(() => tid(page, 'ent-profile').getAttribute('data-id')).toBe(PLASTICS.org);
    await poll(() => tid(page, 'ent-profile-users').textContent()).toContain('silkplastics');
    expect(await tid(page, 'ent-profile-books').locator('li').getAttribute('data-book')).toBe('E65010000009');
    await tid(page, 'ent-search').fill('Tomato');
    await poll(() => count(page)).toBe('0');
    await tid(page, 'ent-search').fill('');
    await poll(() => count(page)).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'enterprises-en-own.png'), fullPage: true });
    const other = await (await apiAs('silkplastics'))('/api/v1/enterprises/ent-91650100ma7abc0020/profile');
    expect(other.status).toBe(404);
    await context.close();
  }, 300_000);

  it('customs sees the directory in English (en)', async () => {
    const { context, page } = await open('customs', 'en');
    await poll(() => count(page)).toBe('8');
    await tid(page, `ent-row-${PLASTICS.code}`).click();
    await poll(() => tid(page, 'ent-profile-books').textContent()).toContain('E65010000009');
    expect(await tid(page, 'ent-table').textContent()).toMatch(/Comprehensive bonded zone/);
    await page.screenshot({ path: join(SHOTS, 'enterprises-en-directory.png'), fullPage: true });
    await context.close();
  }, 300_000);
});
