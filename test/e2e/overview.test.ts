/// <reference lib="dom" />
/**
 * The Overview as a user sees it: the real server (`lugang start`) serving the built dashboard, opened
 * in Debian's Chromium — the map with the 21 routes drawn, the 21 / 26 / 19 tiles from the API, the
 * zh / en switch that persists across a reload. Screenshots are kept in test/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';
import { launchChromium } from './browser';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });

let server: StartedServer;
let browser: Browser;
beforeAll(async () => {
  server = await startLugang();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function kpi(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`[data-testid="${id}"] .kpi-value`).getAttribute('data-value'));
}

describe('Overview in Chromium', () => {
  for (const viewport of [
    { width: 1920, height: 1080, name: 'wall' },
    { width: 1366, height: 768, name: 'laptop' },
  ]) {
    it(`draws the network and the figures in zh and en (${viewport.name})`, async () => {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);

      await page.locator('[data-testid="locale-en"]').click();
      await page.locator('[data-testid="network-map"]').waitFor({ state: 'visible', timeout: 30_000 });
      await expect
        .poll(() => page.locator('[data-testid="network-map"] [data-route-id]').count(), { timeout: 20_000 })
        .toBe(21);
      expect(await kpi(page, 'kpi-routes')).toBe(21);
      expect(await kpi(page, 'kpi-cities')).toBe(26);
      expect(await kpi(page, 'kpi-countries')).toBe(19);
      expect(await kpi(page, 'kpi-goods')).toBeGreaterThanOrEqual(200);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await expect.poll(() => page.locator('body').textContent()).toMatch(/Duisburg/);
      await page.screenshot({ path: join(SHOTS, `overview-en-${viewport.name}.png`) });

      await page.locator('[data-testid="locale-zh"]').click();
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');
      await expect.poll(() => page.locator('body').textContent()).toMatch(/杜伊斯堡/);
      await page.screenshot({ path: join(SHOTS, `overview-zh-${viewport.name}.png`) });

      // the choice persists across a reload
      await page.reload();
      await page.locator('[data-testid="network-map"]').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('tells a signed-out viewer how to see the live picture, and that the data are simulated', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.url}/?lang=en`);
    await page.locator('[data-testid="live-board-off"]').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('[data-testid="live-board-off"]').textContent()).toMatch(
      /Sign in to see the live picture/,
    );
    // `lugang start` runs the digital twin by default: the badge says so
    const twin = (await (await fetch(`${server.url}/api/v1/twin`)).json()) as { simulated: boolean };
    const badge = page.locator('[data-testid="sim-badge"]');
    if (twin.simulated) {
      await badge.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await badge.textContent()).toBe('Simulated data');
    } else expect(await badge.count()).toBe(0);
    await page.close();
  });

  it('shows a route name in a tooltip on hover', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(server.url);
    await page.locator('[data-testid="locale-en"]').click();
    const route = page.locator('[data-testid="network-map"] [data-route-id="URM-THR"]').first();
    await route.waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.locator('.tip-title').count()).toBe(0);
    // move the mouse onto a point that lies on the drawn line (near its end, where no other route runs)
    const point = await route.evaluate((el) => {
      const path = el as SVGPathElement;
      const p = path.getPointAtLength(path.getTotalLength() * 0.95);
      const m = path.getScreenCTM()!;
      return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
    });
    await page.mouse.move(point.x, point.y);
    const title = page.locator('.tip-title').first();
    await title.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await title.textContent()).toMatch(/Tehran/);
    await page.close();
  });
});
