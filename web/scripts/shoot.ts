// Screenshots of the dashboard for looking at it (not a test): opens a running dashboard in Debian's
// Chromium at wall-screen and laptop sizes, in zh and en, and saves PNGs.
// Usage: npx tsx web/scripts/shoot.ts http://127.0.0.1:4173 OUT_DIR [path ...]

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:4173', out = '.tmp/web-shots', ...paths] = process.argv.slice(2);
const pages = paths.length > 0 ? paths : ['/'];
const sizes = [
  { w: 1920, h: 1080 },
  { w: 1366, h: 768 },
];

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  for (const path of pages) {
    for (const lang of ['zh', 'en'] as const) {
      for (const { w, h } of sizes) {
        const page = await browser.newPage({
          viewport: { width: w, height: h },
          locale: lang === 'zh' ? 'zh-CN' : 'en-US',
        });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.goto(`${base}${path}?lang=${lang}`, { waitUntil: 'networkidle' });
        if (path === '/')
          await page.waitForSelector('[data-testid="network-map"] [data-route-id]', { timeout: 15_000 });
        await page.waitForTimeout(300);
        const name = `${path === '/' ? 'overview' : path.replace(/\W+/g, '')}-${lang}-${w}x${h}.png`;
        await page.screenshot({ path: join(out, name) });
        const routes = await page.locator('[data-route-id]').count();
        console.log(name, `routes=${routes}`, errors.length ? `errors=${JSON.stringify(errors)}` : '');
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
}
