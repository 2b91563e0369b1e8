// The api client's sign-in: the token is stored and sent as a bearer, a 401 clears it and tells the app,
// uploads and queries carry the right content type and parameters, and 404 reads answer null.

import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, memoryTokenStore } from './api';

type Call = { url: string; init?: RequestInit };
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function client(answer: (url: string, init?: RequestInit) => Response, token: string | null = null) {
  const calls: Call[] = [];
  const tokens = memoryTokenStore(token);
  const c = createApiClient(
    '',
    async (url, init) => {
      calls.push({ url, init });
      return answer(url, init);
    },
    tokens,
  );
  const auth = (i: number) => (calls[i]?.init?.headers as Record<string, string> | undefined)?.authorization;
  return { c, calls, tokens, auth };
}

describe('sign-in and the bearer token', () => {
  it('keeps the token from sign-in and sends it on later calls', async () => {
    const { c, tokens, auth } = client((url) =>
      url.endsWith('/sign-in')
        ? json({ token: 'lgt_x', expiresAt: '2026-12-26T00:00:00Z' })
        : json({ roles: [] }),
    );
    await c.signIn('planner', 'pw');
    expect(auth(0)).toBeUndefined();
    expect(tokens.get()).toBe('lgt_x');
    await c.me();
    expect(auth(1)).toBe('Bearer lgt_x');
  });

  it('a 401 with a token clears it and tells the listeners', async () => {
    const { c, tokens } = client(() => json({ detail: 'expired' }, 401), 'lgt_old');
    let told = 0;
    c.onUnauthorized(() => {
      told++;
    });
    await expect(c.me()).rejects.toBeInstanceOf(ApiError);
    expect(tokens.get()).toBeNull();
    expect(told).toBe(1);
  });

  it('a wrong password (401 without a token) tells nobody', async () => {
    const { c } = client(() => json({ detail: 'wrong' }, 401));
    let told = 0;
    c.onUnauthorized(() => {
      told++;
    });
    await expect(c.signIn('a', 'b')).rejects.toMatchObject({ status: 401 });
    expect(told).toBe(0);
  });

  it('sign-out forgets the token even when the server fails', async () => {
    const { c, tokens } = client(() => json({ detail: 'down' }, 503), 'lgt_x');
    await expect(c.signOut()).rejects.toBeInstanceOf(ApiError);
    expect(tokens.get()).toBeNull();
  });
});

describe('bookings, plans and load plans', () => {
  it('uploads the file raw with its content type and the owner organization', async () => {
    const { c, calls } = client(() => json({ imported: 1, updated: 0, unchanged: 0, rejected: [] }), 't');
    const blob = new Blob(['a,b\n']);
    await c.importBookings(blob, 'text/csv', 'port-operator');
    expect(calls[0]?.url).toBe('/api/v1/bookings/import?organization=port-operator');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe(blob);
    expect((calls[0]?.init?.headers ?? {}) as Record<string, string>).toMatchObject({
      'content-type': 'text/csv',
    });
  });

  it('leaves empty filters out of the query', async () => {
    const { c, calls } = client(() => json({ items: [], total: 0, limit: 15, offset: 0 }));
    await c.bookings({ status: 'confirmed', destination: '', limit: 15, offset: 30 });
    expect(calls[0]?.url).toBe('/api/v1/bookings?status=confirmed&limit=15&offset=30');
  });

  it('answers null for a plan or load plan not made yet, and throws other errors', async () => {
    const { c } = client((url) =>
      url.includes('load-plan') ? json({ detail: 'none' }, 404) : json({}, 500),
    );
    expect(await c.loadPlan('URM-DUI-20261201')).toBeNull();
    await expect(c.latestPlan()).rejects.toMatchObject({ status: 500 });
  });
});
