/// <reference lib="dom" />
/**
 * What the live-picture browser tests share: a server started with the digital twin (the default of
 * `lugang start`) and a management user made by `lugang user add` before it starts; a page signed in
 * with that user's token; screenshots kept in test/e2e/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';

export const SHOTS = join(ROOT, 'test/e2e/screenshots');
mkdirSync(SHOTS, { recursive: true });
export const RESULTS = join(ROOT, 'bench/results');
mkdirSync(RESULTS, { recursive: true });

export const PASSWORD = 'manager-pass-1';
export const VIEWPORTS = [
  { width: 1920, height: 1080, name: 'wall' },
  { width: 1366, height: 768, name: 'laptop' },
] as const;

function cli(dataDir: string, args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/lugang.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LUGANG_DATA_DIR: dataDir, LUGANG_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  }).toString();
}

export interface LiveServer {
  readonly server: StartedServer;
  readonly token: string;
  /** A GPS device of the port operator registered before start, with its secret. */
  readonly device: { readonly id: string; readonly secret: string };
}

/** `lugang start` (with the twin unless `sim` is false) with a management user and a device. */
export async function startLive(
  options: { sim?: boolean; env?: Record<string, string> } = {},
): Promise<LiveServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lugang-e2e-live-'));
  cli(dataDir, ['user', 'add', 'manager', '--role', 'management']);
  const device = JSON.parse(cli(dataDir, ['device', 'add', 'e2e-gps', '--json'])) as {
    id: string;
    secret: string;
  };
  const server = await startLugang(
    { LUGANG_DATA_DIR: dataDir, LUGANG_MQTT_PORT: '0', ...(options.env ?? {}) },
    [],
    { sim: options.sim !== false },
  );
  const res = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'manager', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return { server, token, device };
}

/** A page of a new context, signed in (token in localStorage before the app loads), in a language. */
export async function signedInPage(
  browser: Browser,
  token: string,
  viewport: { width: number; height: number },
  lang: 'zh' | 'en' = 'en',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
  await context.addInitScript(
    ([t, l]) => {
      localStorage.setItem('lugang.token', t as string);
      localStorage.setItem('lugang.locale', l as string);
    },
    [token, lang],
  );
  const page = await context.newPage();
  // the twin's warm-up (days of history sent at once) keeps the embedded database busy at first
  page.setDefaultTimeout(90_000);
  page.setDefaultNavigationTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function api<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}
