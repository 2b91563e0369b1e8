/**
 * The whole app on a test database (PGlite in memory, or a fresh PostgreSQL schema in the `pg` tier),
 * with users of every role and their tokens — for route tests through `app.inject`.
 */

import type { Config } from '../../platform/config';
import { openTestDatabase } from '../../platform/db/testing';
import { ROLES, type Role } from '../../platform/http/access';
import { buildApp } from './app';
import { openPlatform, type Platform } from './platform';

export interface TestApp {
  readonly platform: Platform;
  readonly app: Awaited<ReturnType<typeof buildApp>>['app'];
  readonly routes: Awaited<ReturnType<typeof buildApp>>['routes'];
  /** A bearer token of a user holding exactly this role (in the port operator's organization). */
  token(role: Role): string;
  /** A new token for the role's test user (for requests that may revoke their own token). */
  freshToken(role: Role): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-123';

export async function openTestApp(options: { users?: boolean } = {}): Promise<TestApp> {
  const database = await openTestDatabase({ migrate: false });
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseUrl: undefined,
    logLevel: 'silent',
    webDir: '/nonexistent',
  };
  const platform = await openPlatform(config, { database });
  const { app, routes } = await buildApp(platform);
  const tokens = new Map<Role, string>();
  if (options.users !== false) {
    for (const role of ROLES) {
      const created = await platform.services.identity.createUser({
        username: `u-${role}`,
        password: TEST_PASSWORD,
        roles: [role],
      });
      if (!created.ok) throw new Error(created.error.message.en);
      const issued = await platform.services.identity.issueToken(`u-${role}`, 'test');
      if (!issued.ok) throw new Error(issued.error.message.en);
      tokens.set(role, issued.value.token);
    }
  }
  return {
    platform,
    app,
    routes,
    token(role) {
      const t = tokens.get(role);
      if (!t) throw new Error(`no test user for ${role}`);
      return t;
    },
    async freshToken(role) {
      const issued = await platform.services.identity.issueToken(`u-${role}`, 'test');
      if (!issued.ok) throw new Error(issued.error.message.en);
      return issued.value.token;
    },
    async close() {
      await app.close();
      await platform.close();
    },
  };
}
