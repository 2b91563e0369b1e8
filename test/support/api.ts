/**
 * What e2e tests do before the browser opens, as a script would: add users with the CLI (`lugang user
 * add` on the data directory, before the server starts), sign in over the API and call it with the
 * token. One copy instead of one per test file.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lugang-process';

/** Runs `lugang ARGS…` on the data directory; new users get `password` (LUGANG_PASSWORD). */
export function lugangCli(dataDir: string, password: string, ...args: string[]): void {
  execFileSync(process.execPath, [join(ROOT, 'bin/lugang.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LUGANG_DATA_DIR: dataDir, LUGANG_PASSWORD: password, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
}

/** `lugang user add NAME --role ROLE [more flags]`. */
export function addUser(
  dataDir: string,
  password: string,
  name: string,
  role: string,
  ...more: string[]
): void {
  lugangCli(dataDir, password, 'user', 'add', name, '--role', role, ...more);
}

/** Signs in over the API; throws with the status and body when the server refuses. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export type Caller = (path: string, body?: unknown, method?: string) => Promise<Response>;

/** A fetch with the bearer token: GET without a body, POST (or `method`) with a JSON body. */
export function caller(baseUrl: string, token: string): Caller {
  return (path, body, method) =>
    fetch(`${baseUrl}${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** Signs in and returns the caller for that user. */
export async function apiAs(baseUrl: string, username: string, password: string): Promise<Caller> {
  return caller(baseUrl, await signIn(baseUrl, username, password));
}
