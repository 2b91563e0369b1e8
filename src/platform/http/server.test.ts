import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Problem } from './problem';
import { type App, createHttpServer } from './server';

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/echo',
    {
      config: { access: { roles: 'public', scope: 'none' } },
      schema: {
        body: z.object({
          grossKg: z.number().int().positive(),
          items: z.array(z.object({ id: z.string() })),
        }),
      },
    },
    async (request) => request.body,
  );
  app.get('/api/boom', { config: { access: { roles: 'public', scope: 'none' } } }, async () => {
    throw new Error('secret internals /etc/passwd');
  });
  app.get('/api/conflict', { config: { access: { roles: 'public', scope: 'none' } } }, async () => {
    throw new Problem(409, { en: 'already there', zh: '已存在' });
  });
  app.get('/api/admin-only', { config: { access: { roles: ['admin'], scope: 'all' } } }, async () => ({
    ok: true,
  }));
};

let app: App;
beforeAll(async () => {
  ({ app } = await createHttpServer({
    version: 'test',
    plugins: [routes],
    authenticate: async (token) =>
      token === 'lgt_planner'
        ? {
            kind: 'user',
            userId: 'u1',
            username: 'p',
            organizationId: 'port-operator',
            organizationKind: 'port-operator',
            roles: ['planner'],
            tokenId: 't1',
          }
        : null,
  }));
});
afterAll(async () => {
  await app?.close();
});

const isProblem = (res: { headers: Record<string, unknown> }) =>
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);

describe('problem+json at the edge', () => {
  it('names the field and the reason of invalid input, in the caller language', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/echo',
      payload: { grossKg: -5, items: [{ id: 7 }] },
    });
    expect(res.statusCode).toBe(400);
    isProblem(res);
    const body = res.json();
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['grossKg', 'items.0.id']);
    const zh = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
      payload: { grossKg: 1.5, items: [] },
    });
    expect(zh.json().title).toBe('输入无效');
    expect(zh.json().detail).toMatch(/^grossKg：/);
  });

  it('answers malformed JSON and wrong media types with 4xx problems, not 500', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"grossKg": ',
    });
    expect(bad.statusCode).toBe(400);
    isProblem(bad);
    const media = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(media.statusCode).toBe(415);
    isProblem(media);
  });

  it('hides internals of unexpected errors', async () => {
    const res = await app.inject({ url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    isProblem(res);
    expect(res.body).not.toMatch(/passwd|at .*\.ts/);
  });

  it('passes deliberate problems through and 404s unknown API paths', async () => {
    expect((await app.inject({ url: '/api/conflict' })).statusCode).toBe(409);
    const nf = await app.inject({ url: '/api/nowhere' });
    expect(nf.statusCode).toBe(404);
    isProblem(nf);
  });

  it('checks roles: 401 without a token, 403 with the wrong role, 401 for an unknown token', async () => {
    expect((await app.inject({ url: '/api/admin-only' })).statusCode).toBe(401);
    const wrongRole = await app.inject({
      url: '/api/admin-only',
      headers: { authorization: 'Bearer lgt_planner' },
    });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().detail).toMatch(/admin/);
    expect(
      (await app.inject({ url: '/api/admin-only', headers: { authorization: 'Bearer lgt_other' } }))
        .statusCode,
    ).toBe(401);
  });
});
