import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl } from './redact';
import { createHttpServer } from './server';

describe('redactUrl', () => {
  it('replaces the access_token value, keeps the rest', () => {
    expect(redactUrl('/api/v1/stream?access_token=secret')).toBe(`/api/v1/stream?access_token=${REDACTED}`);
    expect(redactUrl('/api/v1/stream?topics=a.*&access_token=s3&lastEventId=4#x')).toBe(
      `/api/v1/stream?topics=a.*&access_token=${REDACTED}&lastEventId=4#x`,
    );
    expect(redactUrl('/api/v1/stream?access%5Ftoken=s3&ACCESS_TOKEN=s4')).toBe(
      `/api/v1/stream?access%5Ftoken=${REDACTED}&ACCESS_TOKEN=${REDACTED}`,
    );
    expect(redactUrl('/api/v1/events?after=3')).toBe('/api/v1/events?after=3');
  });

  it('never lets a token through, whatever surrounds it (property)', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/);
    const other = fc.array(fc.constantFrom('topics=tracking.*', 'envelope=1', 'lastEventId=7', 'x'), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(token, other, other, (t, before, after) => {
        const url = `/api/v1/stream?${[...before, `access_token=${t}`, ...after].join('&')}`;
        expect(redactUrl(url)).not.toContain(t);
      }),
    );
  });
});

describe('the request log', () => {
  it('logs /api/v1/stream?access_token=… without the token', async () => {
    const lines: string[] = [];
    const { app } = await createHttpServer({
      logger: { level: 'info', stream: { write: (line) => void lines.push(line) } },
      authenticate: async () => null,
      version: 'test',
      plugins: [],
    });
    const res = await app.inject({
      url: '/api/v1/stream?topics=tracking.*&access_token=lgt_very_secret_token',
    });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('lgt_very_secret_token');
    await app.close();
    const logged = lines.join('');
    expect(logged).toContain('/api/v1/stream?topics=tracking.*&access_token=[redacted]');
    expect(logged).not.toContain('lgt_very_secret_token');
  });
});
