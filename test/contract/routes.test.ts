/**
 * The route matrix: every `/api` route declares its roles and tenant scope, and the server enforces
 * exactly that declaration for every role — anonymous gets 401 where a role is needed, a role not
 * listed gets 403, a listed role gets through (whatever the handler then answers). Runs on PGlite in
 * `npm test` and on PostgreSQL in `test:pg`.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../src/apps/server/testing';
import { ROLES } from '../../src/platform/http/access';
import { createHttpServer } from '../../src/platform/http/server';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t?.close();
});

const sampleUrl = (url: string) => url.replace(/:([A-Za-z]+)/g, 'sample-$1').replace(/\*$/, 'x');

describe('route declarations', () => {
  it('declares access on every /api route', () => {
    const api = t.routes.filter((r) => r.url.startsWith('/api'));
    expect(api.length).toBeGreaterThan(3);
    for (const r of api) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('refuses to build a server with an undeclared /api route', async () => {
    await expect(
      createHttpServer({
        version: 'test',
        authenticate: async () => null,
        plugins: [
          async (app) => {
            app.get('/api/v1/oops', async () => ({}));
          },
        ],
      }),
    ).rejects.toThrow(/declares no access/);
  });
});

describe('role × route matrix', () => {
  it('enforces each declaration for anonymous and every role', async () => {
    const api = t.routes.filter((r) => r.url.startsWith('/api') && r.access);
    for (const route of api) {
      const access = route.access!;
      const url = sampleUrl(route.url);
      // a live stream (SSE) never ends: take its answer as soon as the head is written
      const stream = route.url.endsWith('/stream') ? { payloadAsStream: true } : {};
      const anon = await t.app.inject({ method: route.method as 'GET', url, ...stream });
      if (access.roles === 'public')
        expect([401, 403], `${route.method} ${url} anonymous`).not.toContain(anon.statusCode);
      else expect(anon.statusCode, `${route.method} ${url} anonymous`).toBe(401);
      for (const role of ROLES) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: { authorization: `Bearer ${await t.freshToken(role)}` },
          ...stream,
        });
        const allowed = access.roles === 'public' || access.roles.includes(role);
        if (allowed) expect([401, 403], `${route.method} ${url} as ${role}`).not.toContain(res.statusCode);
        else expect(res.statusCode, `${route.method} ${url} as ${role}`).toBe(403);
        if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
  }, 300_000); // ~250 routes × 11 callers: a minute on a loaded 2-core machine

  it('refuses an unknown or revoked token with 401', async () => {
    const bad = await t.app.inject({ url: '/api/health', headers: { authorization: 'Bearer lgt_nope' } });
    expect(bad.statusCode).toBe(401);
  });
});

describe('OpenAPI', () => {
  it('is OpenAPI 3.1 and lists every /api route with its security', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const verdict = await validator.validate(structuredClone(doc) as never);
    expect(verdict.errors ?? [], String(JSON.stringify(verdict.errors)).slice(0, 2000)).toEqual([]);
    expect(verdict.valid).toBe(true);
    // and the validator does reject a broken document
    const broken = await new Validator().validate({ ...structuredClone(doc), info: undefined } as never);
    expect(broken.valid).toBe(false);
    for (const r of t.routes.filter((x) => x.url.startsWith('/api'))) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${path} in OpenAPI`).toBeDefined();
      if (r.access?.roles !== 'public') expect(op?.security).toEqual([{ bearer: [] }]);
    }
  });
});
