import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './api';

type Call = { url: string; init?: RequestInit };

function fakeFetch(answer: (url: string) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return answer(url);
  };
  return { fn, calls };
}

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('createApiClient', () => {
  it('json(): GET without a body, POST/PATCH with JSON, 204 as undefined, errors as ApiError', async () => {
    const f = fakeFetch((url) =>
      url.endsWith('/gone')
        ? new Response(null, { status: 204 })
        : url.endsWith('/bad')
          ? json({ detail: 'name: required' }, 400, 'application/problem+json')
          : json({ ok: true }),
    );
    const client = createApiClient('', f.fn);
    expect(await client.json('/api/v1/x')).toEqual({ ok: true });
    expect(f.calls[0]?.init?.method).toBe('GET');
    await client.json('/api/v1/x', { body: { a: 1 } });
    expect(f.calls[1]?.init?.method).toBe('POST');
    expect(f.calls[1]?.init?.body).toBe('{"a":1}');
    await client.json('/api/v1/x', { method: 'PATCH', body: { a: 2 } });
    expect(f.calls[2]?.init?.method).toBe('PATCH');
    expect(await client.json('/api/v1/gone', { method: 'DELETE' })).toBeUndefined();
    await expect(client.json('/api/v1/bad', { body: {} })).rejects.toMatchObject({
      status: 400,
      detail: 'name: required',
    });
  });

  it('reads the summary from the base URL, without a doubled slash', async () => {
    const f = fakeFetch(() => json({ routes: 21 }));
    const client = createApiClient('http://127.0.0.1:8080/', f.fn);
    const s = await client.summary();
    expect(s.routes).toBe(21);
    expect(f.calls[0]?.url).toBe('http://127.0.0.1:8080/api/v1/network/summary');
  });

  it('unwraps { items } lists and loads the whole network in one call', async () => {
    const f = fakeFetch((url) =>
      url.endsWith('/summary') ? json({ routes: 1 }) : json({ items: [{ id: url.split('/').pop() }] }),
    );
    const n = await createApiClient('', f.fn).network();
    expect(n.summary.routes).toBe(1);
    expect(n.locations[0]?.id).toBe('locations');
    expect(n.routes[0]?.id).toBe('routes');
    expect(n.gateways[0]?.id).toBe('gateways');
    expect(f.calls.map((c) => c.url).sort()).toEqual([
      '/api/v1/network/gateways',
      '/api/v1/network/locations',
      '/api/v1/network/routes',
      '/api/v1/network/summary',
    ]);
  });

  it('turns a problem+json answer into an ApiError carrying its detail', async () => {
    const f = fakeFetch(() =>
      json(
        { title: 'Service Unavailable', status: 503, detail: 'database is starting' },
        503,
        'application/problem+json',
      ),
    );
    const err = await createApiClient('', f.fn)
      .routes()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect((err as ApiError).detail).toBe('database is starting');
    expect((err as ApiError).path).toBe('/api/v1/network/routes');
  });

  it('keeps the status text when the error body is not JSON', async () => {
    const f = fakeFetch(
      () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const err = (await createApiClient('', f.fn)
      .summary()
      .catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.detail).toBe('Bad Gateway');
  });

  it('reports a network failure as status 0', async () => {
    const client = createApiClient('', async () => {
      throw new TypeError('fetch failed');
    });
    const err = (await client.gateways().catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(err.detail).toBe('fetch failed');
  });
});
