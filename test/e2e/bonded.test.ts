/// <reference lib="dom" />
/**
 * The Bonded zone page as its users work it: the real server (`lugang start`) with an admin made by
 * `lugang user add`, who registers two enterprises, their users and a customs officer through the API;
 * Debian's Chromium in zh and en. Enterprise A posts an entry from abroad (a double click posts once),
 * a transfer to B and a processing by the bill of materials, and sees every item's book balance
 * equal the ledger's sum; a refusal is shown at its field; customs deducts the entry's inventory list and
 * the tamper check says intact; A then exits goods for export and to the domestic market. Enterprise B
 * sees only its own book (with the goods it received), none of A's.
 * Screenshots: test/e2e/screenshots/bonded-*.png.
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
const PASSWORD = 'bonded-pass-12';
const ENT_A = { code: '91350100M000100Y43', org: 'ent-91350100m000100y43', book: 'E65010000001' };
const ENT_B = { code: '914403001922038216', org: 'ent-914403001922038216', book: 'E65010000002' };
const ITEMS = [
  { seqNo: 1, hsCode: '3904.10', nameZh: 'PVC 树脂', nameEn: 'PVC resin', unit: 'kg', kind: 'material' },
  { seqNo: 2, hsCode: '2002.10', nameZh: '番茄', nameEn: 'Tomatoes', unit: 'kg', kind: 'material' },
  {
    seqNo: 3,
    hsCode: '3922.10',
    nameZh: 'PVC 浴缸',
    nameEn: 'PVC bath',
    unit: 'pcs',
    kind: 'product',
    bom: [
      { materialSeqNo: 1, perUnit: 2 },
      { materialSeqNo: 2, perUnit: 1 },
    ],
  },
];

let server: StartedServer;
let browser: Browser;

const apiAs = (username: string) => signedInCaller(server.url, username, PASSWORD);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-bonded-'));
  addUser(dataDir, PASSWORD, 'root', 'admin');
  server = await startLugang({ LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0' });
  browser = await launchChromium();
  // the admin registers two enterprises and their users and a customs officer
  const admin = await apiAs('root');
  for (const [e, zh, en] of [
    [ENT_A, '新疆陆港塑业有限公司', 'Xinjiang Lugang Plastics Co.'],
    [ENT_B, '乌鲁木齐丝路卫浴有限公司', 'Urumqi Silk Road Bathware Co.'],
  ] as const) {
    const res = await admin('/api/v1/enterprises', {
      creditCode: e.code,
      nameZh: zh,
      nameEn: en,
      zone: 'bonded-zone',
      sector: 'manufacturing',
      investmentMinor: 1_000_000_00,
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  for (const [username, roles, organizationId] of [
    ['plastics', ['enterprise'], ENT_A.org],
    ['bathware', ['enterprise'], ENT_B.org],
    ['customs', ['customs-officer'], 'port-operator'],
  ] as const) {
    const res = await admin('/api/v1/users', { username, password: PASSWORD, roles, organizationId });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  // customs opens a book for each enterprise, with two materials and a product made of them
  const customs = await apiAs('customs');
  for (const [e, book] of [
    [ENT_A, ENT_A.book],
    [ENT_B, ENT_B.book],
  ] as const) {
    const res = await customs('/api/v1/bonded/books', { bookNo: book, enterpriseId: e.org, items: ITEMS });
    expect(res.status, await res.clone().text()).toBe(201);
  }
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
  // the machine is shared: generous waits (they bound a hang, they time nothing)
  context.setDefaultTimeout(90_000);
  context.setDefaultNavigationTimeout(120_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/bonded?lang=${lang}`);
  try {
    await tid(page, 'signin-open').click();
  } catch (e) {
    await page.screenshot({ path: join(SHOTS, 'bonded-failed-signin.png') });
    throw e;
  }
  await tid(page, 'signin-username').fill(username);
  await tid(page, 'signin-password').fill(PASSWORD);
  await tid(page, 'signin-submit').click();
  await tid(page, 'signin-user').waitFor({ state: 'visible' });
  await tid(page, 'bonded-stock').waitFor({ state: 'visible' });
  (page as Page & { errors?: string[] }).errors = errors;
  return { context, page };
}

async function stock(page: Page): Promise<Record<number, [number, number]>> {
  const rows = await tid(page, 'bonded-stock')
    .locator('tr[data-quantity]')
    .evaluateAll((els) =>
      els.map((e) => [
        Number(e.getAttribute('data-testid')!.replace('bonded-stock-', '')),
        Number(e.getAttribute('data-quantity')),
        Number(e.getAttribute('data-ledger')),
      ]),
    );
  return Object.fromEntries(rows.map(([s, q, l]) => [s, [q, l]]));
}

/** Fills and posts one movement; waits for the book to show `movements` rows recorded. */
async function post(
  page: Page,
  type: string,
  lines: Array<{ seq: number; qty: number; toSeq?: number }>,
  extra: { toBook?: string; mode?: string; transport?: string; port?: string; dblclick?: boolean } = {},
): Promise<string> {
  await tid(page, `bonded-type-${type}`).click();
  if (extra.toBook) await tid(page, 'bonded-tobook').fill(extra.toBook);
  for (const [i, l] of lines.entries()) {
    if (i > 0) await tid(page, 'bonded-add-line').click();
    await tid(page, `bonded-line-${i}-seq`).selectOption(String(l.seq));
    await tid(page, `bonded-line-${i}-qty`).fill(String(l.qty));
    if (l.toSeq !== undefined) await tid(page, `bonded-line-${i}-toseq`).fill(String(l.toSeq));
  }
  if (extra.mode) await tid(page, 'bonded-decl-mode').fill(extra.mode);
  if (extra.transport) await tid(page, 'bonded-decl-transport').fill(extra.transport);
  if (extra.port) await tid(page, 'bonded-decl-port').fill(extra.port);
  const id = await tid(page, 'bonded-movement-id').inputValue();
  if (extra.dblclick) await tid(page, 'bonded-post').dblclick();
  else await tid(page, 'bonded-post').click();
  await tid(page, `bonded-movement-${id}`).waitFor({ state: 'visible' });
  return id;
}

const rowsOf = (page: Page) => tid(page, 'bonded-movements').locator('tbody tr');

describe('Bonded zone in Chromium', () => {
  let entryId = '';

  it('an enterprise posts an entry, a transfer and a processing; book and ledger agree at every step (zh)', async () => {
    const { context, page } = await open('plastics', 'zh');
    // its own book only
    expect(await tid(page, 'bonded-book-select').locator('option').count()).toBe(1);
    expect(await tid(page, 'bonded-book-select').inputValue()).toBe(ENT_A.book);
    expect(await rowsOf(page).count()).toBe(0);

    // entry from abroad: a double click posts once
    entryId = await post(
      page,
      'entry',
      [
        { seq: 1, qty: 100 },
        { seq: 2, qty: 50 },
      ],
      { mode: '5000', transport: '3', port: '7601', dblclick: true },
    );
    await poll(() => tid(page, 'bonded-book-info').textContent()).toMatch(/已记 1 笔/);
    expect(await rowsOf(page).count()).toBe(1);
    const entryRow = tid(page, `bonded-movement-${entryId}`);
    expect(await entryRow.getAttribute('data-status')).toBe('1');
    expect(await entryRow.textContent()).toMatch(/境外入区.*预核扣/);
    expect(await entryRow.textContent()).toContain('5000 / 3 / 7601');
    await poll(() => stock(page)).toEqual({ 1: [100, 100], 2: [50, 50], 3: [0, 0] });

    // transfer 10 kg of resin to B's book
    const transferId = await post(page, 'transfer', [{ seq: 1, qty: 10 }], {
      toBook: ENT_B.book.toLowerCase(),
    });
    expect(await tid(page, `bonded-transfer-${transferId}`).textContent()).toBe(`转入账册 ${ENT_B.book}`);
    await poll(() => stock(page)).toEqual({ 1: [90, 90], 2: [50, 50], 3: [0, 0] });

    // processing 20 baths: 2 kg resin and 1 kg tomatoes each
    await post(page, 'processing', [{ seq: 3, qty: 20 }]);
    await poll(() => stock(page)).toEqual({ 1: [50, 50], 2: [30, 30], 3: [20, 20] });
    expect(await tid(page, 'bonded-agree').getAttribute('data-agree')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'bonded-zh-enterprise.png'), fullPage: true });

    // refusals at their fields: a bad supervision mode, then more than the stock holds
    await tid(page, 'bonded-type-release').click();
    await tid(page, 'bonded-line-0-seq').selectOption('1');
    await tid(page, 'bonded-line-0-qty').fill('1000');
    await tid(page, 'bonded-decl-mode').fill('50');
    await tid(page, 'bonded-post').click();
    await expect
      .poll(() => tid(page, 'bonded-error-declaration.supervisionMode').textContent())
      .toMatch(/监管方式为 4 位代码/);
    await tid(page, 'bonded-decl-mode').fill('1200');
    await tid(page, 'bonded-post').click();
    await poll(() => tid(page, 'bonded-error-form').textContent()).toMatch(/结存 50.*库存不能为负/);
    await page.screenshot({ path: join(SHOTS, 'bonded-zh-refusal.png'), fullPage: true });
    expect(await rowsOf(page).count()).toBe(3);
    // no customs action for an enterprise
    expect(await page.locator('[data-testid^="bonded-deduct-"]').count()).toBe(0);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('customs sees every book, deducts the entry’s inventory list, and the tamper check says intact (zh)', async () => {
    const { context, page } = await open('customs', 'zh');
    expect(await tid(page, 'bonded-book-select').locator('option').count()).toBe(2);
    await tid(page, 'bonded-book-select').selectOption(ENT_A.book);
    await tid(page, `bonded-movement-${entryId}`).waitFor({ state: 'visible' });
    await tid(page, `bonded-deduct-${entryId}`).click();
    await poll(() => tid(page, `bonded-movement-${entryId}`).getAttribute('data-status')).toBe('2');
    expect(await tid(page, `bonded-movement-${entryId}`).textContent()).toMatch(/已核扣/);
    await tid(page, 'bonded-verify').click();
    await poll(() => tid(page, 'bonded-verify-result').getAttribute('data-intact')).toBe('true');
    expect(await tid(page, 'bonded-verify-result').textContent()).toMatch(/完好：3 条记录/);
    await page.screenshot({ path: join(SHOTS, 'bonded-zh-customs.png'), fullPage: true });
    await context.close();
  }, 300_000);

  it('the enterprise exits the goods; book and ledger still agree; the chain is intact (en)', async () => {
    const { context, page } = await open('plastics', 'en');
    expect(await tid(page, `bonded-movement-${entryId}`).getAttribute('data-status')).toBe('2');
    await post(page, 'export', [{ seq: 3, qty: 20 }], { mode: '5000', transport: '3', port: '7601' });
    await post(page, 'release', [{ seq: 1, qty: 5 }], { mode: '1200' });
    await poll(() => stock(page)).toEqual({ 1: [45, 45], 2: [30, 30], 3: [0, 0] });
    expect(await tid(page, 'bonded-agree').textContent()).toMatch(/Book and ledger agree/);
    expect(await rowsOf(page).first().textContent()).toMatch(/Exit to domestic market/);
    await tid(page, 'bonded-verify').click();
    await poll(() => tid(page, 'bonded-verify-result').textContent()).toMatch(/Intact: 5 rows/);
    await page.screenshot({ path: join(SHOTS, 'bonded-en-enterprise.png'), fullPage: true });
    await context.close();
  }, 300_000);

  it('a second enterprise sees only its own book and the goods it received, none of the first’s', async () => {
    const { context, page } = await open('bathware', 'en');
    expect(await tid(page, 'bonded-book-select').locator('option').allTextContents()).toEqual([
      expect.stringContaining(ENT_B.book),
    ]);
    await poll(() => stock(page)).toEqual({ 1: [10, 10], 2: [0, 0], 3: [0, 0] });
    expect(await rowsOf(page).count()).toBe(1);
    expect(await rowsOf(page).first().textContent()).toMatch(/Transfer in the zone \(received\)/);
    expect(await rowsOf(page).first().textContent()).toContain(`from book ${ENT_A.book}`);
    // asking for A's book by address shows its own instead
    await page.goto(`${server.url}/bonded?lang=en&book=${ENT_A.book}`);
    await tid(page, 'bonded-stock').waitFor({ state: 'visible' });
    expect(await tid(page, 'bonded-book-select').inputValue()).toBe(ENT_B.book);
    expect(await page.locator(`[data-testid="bonded-movement-${entryId}"]`).count()).toBe(0);
    const b = await apiAs('bathware');
    expect((await b(`/api/v1/bonded/books/${ENT_A.book}`)).status).toBe(404);
    expect((await b(`/api/v1/bonded/books/${ENT_A.book}/movements`)).status).toBe(404);
    await page.screenshot({ path: join(SHOTS, 'bonded-en-other-enterprise.png'), fullPage: true });
    await context.close();
  }, 300_000);
});
