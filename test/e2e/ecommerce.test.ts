/// <reference lib="dom" />
/**
 * The E-commerce page as customs and a shop use it: the real server (`lugang start`) with a customs
 * officer and a shop (enterprise) made by `lugang user add`. Through the API the officer registers an
 * enterprise, opens its account book, posts an entry (an inventory list, pre-deducted) and files a
 * declaration for the box; the shop sends order, payment and logistics records: five orders use
 * CNY 25,000 of a buyer's year, a sixth 1210 order is over the annual limit, one order's records do not
 * match. In Chromium (zh, then en) the officer reads each rejection's rule, the remaining quota, the
 * mismatching fields and the buyer's quota; releases the declaration and sees the list deducted.
 * Screenshots: test/e2e/screenshots/ecommerce-*.png.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchingRecords, residentId } from '../../src/modules/ecommerce/testing';
import { addUser, signIn as apiSignIn } from '../support/api';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';
import { launchChromium } from './browser';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'officer-pass-1';
const BUYER = residentId('65010219880808088');
const BOX = 'CSQU3054383';

let server: StartedServer;
let browser: Browser;
let declarationId = '';
let listNo = '';

const token = (username: string) => apiSignIn(server.url, username, PASSWORD);

async function post(tok: string, path: string, body: unknown, expected: number[] = [200, 201]) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  expect(expected, `${path}: ${JSON.stringify(json)}`).toContain(res.status);
  return json;
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-ecommerce-'));
  addUser(dataDir, PASSWORD, 'officer', 'customs-officer');
  addUser(dataDir, PASSWORD, 'shop', 'enterprise', '--org', 'silk-shop', '--org-kind', 'enterprise');
  server = await startLugang({ LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0' });
  browser = await launchChromium();
  const officer = await token('officer');
  const shop = await token('shop');
  // the bonded zone: an enterprise, its book, an entry (inventory list, pre-deducted), a declaration
  const ent = await post(officer, '/api/v1/enterprises', {
    creditCode: '91350100M000100Y43',
    nameZh: '丝路保税仓储有限公司',
    nameEn: 'Silk Road Bonded Warehousing Co.',
    zone: 'bonded-zone',
    sector: 'logistics',
    investmentMinor: 50_000_000_00,
  });
  await post(officer, '/api/v1/bonded/books', {
    bookNo: 'E65010000001',
    enterpriseId: ent.id,
    items: [
      { seqNo: 1, hsCode: '0402.10', nameZh: '奶粉', nameEn: 'Milk powder', unit: 'kg', kind: 'material' },
    ],
  });
  const entry = await post(officer, '/api/v1/bonded/books/E65010000001/movements', {
    id: 'e2e-entry-1',
    type: 'entry',
    lines: [{ seqNo: 1, quantity: 2000 }],
    declaration: { supervisionMode: '1210', transportMode: '3', port: '7601' },
  });
  listNo = (entry.movement as Array<{ listNo: string }>)[0]!.listNo;
  const decl = await post(officer, '/api/v1/customs/declarations', {
    type: 'import',
    tradeMode: '1210',
    port: '7601',
    enterpriseId: ent.id,
    items: [
      {
        seqNo: 1,
        hsCode: '0402.10',
        nameZh: '奶粉',
        nameEn: 'Milk powder',
        quantity: 2000,
        unit: 'kg',
        valueMinor: 240_000_00,
      },
    ],
    containers: [BOX],
    listNos: [listNo],
  });
  declarationId = decl.id as string;
  // the shop's orders: five clear (CNY 25,000), the sixth is over the year's limit, one does not match
  for (let i = 1; i <= 6; i++) {
    const r = matchingRecords(`SHOP-${i}`, { buyerId: BUYER, goodsMinor: i <= 5 ? 4_980_00 : 1_980_00 });
    for (const k of ['order', 'payment', 'logistics'] as const)
      await post(shop, '/api/v1/ecommerce/records', r[k]);
  }
  const m = matchingRecords('SHOP-MISMATCH', { buyerId: residentId('65010219880808099') });
  await post(shop, '/api/v1/ecommerce/records', m.order);
  await post(shop, '/api/v1/ecommerce/records', {
    ...m.payment,
    amountPaidMinor: m.payment.amountPaidMinor + 500,
  });
  await post(shop, '/api/v1/ecommerce/records', { ...m.logistics, consignee: '李四' });
  const w = matchingRecords('SHOP-WAITING', { mode: '9610' });
  await post(shop, '/api/v1/ecommerce/records', w.payment);
}, 420_000); // two CLI runs, a server start and ~25 calls: slow on a busy shared machine
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const tid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

async function signIn(page: Page, username: string): Promise<void> {
  await tid(page, 'signin-open').click();
  await tid(page, 'signin-username').fill(username);
  await tid(page, 'signin-password').fill(PASSWORD);
  await tid(page, 'signin-submit').click();
  await tid(page, 'signin-user').waitFor({ state: 'visible', timeout: 15_000 });
}

describe('E-commerce page', () => {
  it('customs reads the rejection rules, the remaining quota and the mismatching fields (zh)', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${server.url}/e-commerce?lang=zh`, { timeout: 90_000 });
    await signIn(page, 'officer');
    const over = tid(page, 'eco-order-SHOP-6');
    await over.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await over.getAttribute('data-status')).toBe('rejected');
    expect(await over.getAttribute('data-rule')).toBe('ecommerce.quota.annual');
    expect(await over.locator('[data-testid="eco-remaining"]').getAttribute('data-minor')).toBe('100000');
    expect(await over.textContent()).toContain('剩余额度');
    expect(await tid(page, 'eco-order-SHOP-1').getAttribute('data-status')).toBe('cleared');
    const mm = tid(page, 'eco-order-SHOP-MISMATCH');
    expect(await mm.getAttribute('data-rule')).toBe('ecommerce.mismatch');
    const fields = await mm
      .locator('[data-testid="eco-mismatches"] li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    expect(fields.sort()).toEqual(['logistics.consignee', 'payment.amountPaidMinor']);
    expect(await mm.textContent()).toContain('收货人');
    expect(await tid(page, 'eco-order-SHOP-WAITING').getAttribute('data-status')).toBe('incomplete');
    const quota = tid(page, 'eco-quota').locator(
      `[data-testid="eco-quota-row"][data-buyer="${BUYER.slice(0, 6)}********${BUYER.slice(-4)}"]`,
    );
    expect(await quota.getAttribute('data-remaining')).toBe('100000');
    expect(await quota.textContent()).toContain('一致');
    await page.screenshot({ path: join(SHOTS, 'ecommerce-zh-orders.png'), fullPage: true });
    await page.close();
  });

  it('customs releases the declaration and the inventory list is deducted (en)', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${server.url}/e-commerce?lang=en`, { timeout: 90_000 });
    await signIn(page, 'officer');
    const row = tid(page, `cus-decl-${declarationId}`);
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await row.getAttribute('data-status')).toBe('submitted');
    expect(await row.locator(`[data-testid="cus-list"]`).getAttribute('data-deduction')).toBe('1');
    await tid(page, `cus-inspect-${declarationId}`).click();
    await page.waitForSelector(`[data-testid="cus-decl-${declarationId}"][data-status="inspection"]`, {
      timeout: 20_000,
    });
    await page.screenshot({ path: join(SHOTS, 'ecommerce-en-inspection.png'), fullPage: true });
    await tid(page, `cus-release-${declarationId}`).click();
    await page.waitForSelector(`[data-testid="cus-decl-${declarationId}"][data-status="released"]`, {
      timeout: 20_000,
    });
    expect(await row.locator(`[data-testid="cus-list"]`).getAttribute('data-deduction')).toBe('2');
    expect(await row.textContent()).toContain('deducted');
    expect(await tid(page, 'eco-order-SHOP-6').textContent()).toContain('Remaining quota');
    await page.screenshot({ path: join(SHOTS, 'ecommerce-en-released.png'), fullPage: true });
    // the box's tracking history has the release the officer decided
    const officer = await token('officer');
    const ev = await fetch(`${server.url}/api/v1/customs/declarations/${declarationId}`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    const d = (await ev.json()) as {
      events: Array<{ code: string; container: string }>;
      lists: Array<{ deductionStatus: number }>;
    };
    expect(d.events.map((e) => e.code)).toEqual(['CUSI', 'CUSR']);
    expect(d.lists[0]!.deductionStatus).toBe(2);
    // the account book and its ledger still agree, and the book's hash chain is intact
    const book = (await (
      await fetch(`${server.url}/api/v1/bonded/books/E65010000001`, {
        headers: { authorization: `Bearer ${officer}` },
      })
    ).json()) as { items: Array<{ quantity: number; ledgerQuantity: number }> };
    expect(book.items[0]).toMatchObject({ quantity: 2000, ledgerQuantity: 2000 });
    const chain = (await (
      await fetch(`${server.url}/api/v1/bonded/books/E65010000001/verify`, {
        headers: { authorization: `Bearer ${officer}` },
      })
    ).json()) as { intact: boolean };
    expect(chain.intact).toBe(true);
    await page.close();
  });

  it('the shop sees its orders but no quota list and no release buttons', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/e-commerce?lang=en`, { timeout: 90_000 });
    await signIn(page, 'shop');
    await tid(page, 'eco-order-SHOP-6').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await tid(page, 'eco-quota').count()).toBe(0);
    expect(await page.locator('[data-testid^="cus-release-"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'ecommerce-en-shop.png'), fullPage: true });
    await page.close();
  });
});
