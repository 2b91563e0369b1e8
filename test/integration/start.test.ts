/**
 * `lugang start` as a user runs it: serves on its port, refuses a second process on the same data
 * directory at once (exit 1, a message naming the first), leaves the first serving and its data
 * intact, and stops cleanly on SIGTERM (lock released, data kept).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, type StartedServer, startLugang } from '../support/lugang-process';

let first: StartedServer | undefined;
afterAll(async () => {
  await first?.stop();
});

describe('lugang start', () => {
  it('refuses a second process on the same data directory and keeps the first intact', async () => {
    first = await startLugang();
    const health = await fetch(`${first.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', engine: 'pglite' });

    // the first start creates an administrator and shows the password once
    const firstStart = /First start: sign in as "admin" with password (\S+)/;
    await expect.poll(() => first!.output(), { timeout: 15_000 }).toMatch(firstStart);
    const shown = firstStart.exec(first.output());
    expect(readFileSync(join(first.dataDir, 'initial-admin-password'), 'utf8').trim()).toBe(shown![1]);
    const signIn = await fetch(`${first.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: shown![1] }),
    });
    expect(signIn.status).toBe(200);

    const second = spawnSync(process.execPath, [join(ROOT, 'bin/lugang.js'), 'start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LUGANG_DATA_DIR: first.dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`in use by another Lugang process \\(pid ${first.child.pid}\\)`),
    );
    expect(second.stderr).not.toMatch(/Aborted|\n\s+at /);

    const again = await fetch(`${first.url}/api/health`);
    expect(again.status).toBe(200);

    const code = await first.stop();
    expect(code).toBe(0);
    expect(existsSync(join(first.dataDir, 'lugang.lock'))).toBe(false);
    expect(existsSync(join(first.dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);

    // the data survives: a restart on the same directory finds the migrated database
    first = await startLugang({ LUGANG_DATA_DIR: first.dataDir });
    const restarted = (await (await fetch(`${first.url}/api/health`)).json()) as { migrations: number };
    expect(restarted.migrations).toBeGreaterThan(0);
  }, 180_000);
});
