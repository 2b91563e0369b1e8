/// <reference lib="dom" />
/**
 * The Statistics page in Chromium on the twin's simulated data: the seed's kind of figures (trains
 * dispatched and cumulative, routes, cities, countries, goods categories) as the server computes
 * them, charts drawn, every table number traceable — clicking a route's count lists exactly that
 * many trains with their departure events — the period picker, and the CSV export with the same
 * numbers. zh and en, wall screen and laptop; screenshots kept.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { api, type LiveServer, SHOTS, signedInPage, startLive, VIEWPORTS } from './live-support';

let live: LiveServer;
let browser: Browser;

interface Stats {
  period: { from: string; to: string };
  totals: { trains: number; cumulativeTrains: number; routes: number; cities: number; countries: number };
  byRoute: Array<{ key: string; trains: number }>;
}

function lastYear(): { from: string; to: string } {
  const to = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

beforeAll(async () => {
  live = await startLive();
  browser = await launchChromium();
  // wait until the twin has dispatched trains on a few routes (expect.poll works only inside a test)
  const p = lastYear();
  const url = `${live.server.url}/api/v1/ops/statistics?from=${p.from}&to=${p.to}`;
  const until = Date.now() + 180_000;
  let routes = 0;
  while (Date.now() < until) {
    routes = (await api<Stats>(url, live.token)).totals.routes;
    if (routes >= 3) break;
    await new Promise((r) => setTimeout(r, 3000));
  }
  if (routes < 3) throw new Error(`the twin dispatched trains on ${routes} routes in 180 s (want ≥ 3)`);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await live?.server.stop();
});

describe('Statistics in Chromium', () => {
  for (const vp of VIEWPORTS) {
    for (const lang of ['en', 'zh'] as const) {
      it(`shows the figures, charts and a traceable cell (${lang}, ${vp.name})`, async () => {
        const { context, page, errors } = await signedInPage(browser, live.token, vp, lang);
        await page.goto(`${live.server.url}/statistics`);
        await page.locator('[data-testid="statistics"]').waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('[data-testid="stats-preset-last12m"]').click();
        await page.locator('[data-testid="stats-route"]').waitFor({ state: 'visible', timeout: 30_000 });
        const from = await page.locator('[data-testid="stats-from"]').inputValue();
        const to = await page.locator('[data-testid="stats-to"]').inputValue();
        // what the page shows is what the server computes for that period (the twin runs on: allow growth)
        const shown = Number(
          await page.locator('[data-testid="stats-trains"] .kpi-value').getAttribute('data-value'),
        );
        const server = await api<Stats>(
          `${live.server.url}/api/v1/ops/statistics?from=${from}&to=${to}`,
          live.token,
        );
        expect(shown).toBeGreaterThan(0);
        expect(server.totals.trains).toBeGreaterThanOrEqual(shown);
        for (const id of ['stats-routes', 'stats-cities', 'stats-countries', 'stats-cumulative']) {
          expect(
            Number(await page.locator(`[data-testid="${id}"] .kpi-value`).getAttribute('data-value')),
          ).toBeGreaterThan(0);
        }
        // charts are drawn (echarts canvas)
        await page.locator('[data-testid="stats-chart-month"] canvas').first().waitFor({ state: 'attached' });
        await page.locator('[data-testid="stats-chart-route"] canvas').first().waitFor({ state: 'attached' });
        // a route cell traces to exactly its trains, each with its DEPA event
        const cell = page.locator('[data-testid="stats-route-cell"]').first();
        const count = Number(await cell.getAttribute('data-value'));
        await page.waitForTimeout(800);
        await page.screenshot({ path: join(SHOTS, `statistics-${lang}-${vp.name}.png`), fullPage: false });
        await cell.click();
        const table = page.locator('[data-testid="stats-trace-table"]');
        await table.waitFor({ state: 'visible', timeout: 15_000 });
        const traced = Number(await table.getAttribute('data-count'));
        expect(traced).toBeGreaterThanOrEqual(count);
        expect(await table.locator('tbody tr').count()).toBe(traced);
        // a route's trains run both ways: outbound URM-XXX-date, return XXX-URM-date
        expect(await table.locator('tbody tr').first().textContent()).toMatch(
          /(URM-[A-Z]+|[A-Z]+-URM)-\d{8}/,
        );
        await page.screenshot({ path: join(SHOTS, `statistics-trace-${lang}-${vp.name}.png`) });
        await page.locator('[data-testid="stats-trace-close"]').click();
        expect(errors).toEqual([]);
        await context.close();
      }, 120_000);
    }
  }

  it('exports CSV and XLSX with the same route counts as the API', async () => {
    const p = lastYear();
    const stats = await api<Stats>(
      `${live.server.url}/api/v1/ops/statistics?from=${p.from}&to=${p.to}`,
      live.token,
    );
    const csv = await fetch(
      `${live.server.url}/api/v1/ops/statistics/export?from=${p.from}&to=${p.to}&format=csv&lang=en`,
      { headers: { authorization: `Bearer ${live.token}` } },
    );
    expect(csv.status).toBe(200);
    const text = await csv.text();
    const first = stats.byRoute[0]!;
    // the twin may dispatch between the two reads: the exported count is at least the API's
    const m = new RegExp(`^${first.key},[^,\\r\\n]*,(\\d+),`, 'm').exec(text);
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(first.trains);
    const xlsx = await fetch(
      `${live.server.url}/api/v1/ops/statistics/export?from=${p.from}&to=${p.to}&format=xlsx&lang=zh`,
      { headers: { authorization: `Bearer ${live.token}` } },
    );
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});
