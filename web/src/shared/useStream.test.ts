import { describe, expect, it } from 'vitest';
import { backoffMs, streamUrl } from './useStream';

describe('useStream helpers', () => {
  it('builds the EventSource URL with topics, envelope, token and resume point', () => {
    const u = new URL(streamUrl('http://h', ['tracking.events', 'ops.*'], 'tok', '42'));
    expect(u.pathname).toBe('/api/v1/stream');
    expect(u.searchParams.get('topics')).toBe('tracking.events,ops.*');
    expect(u.searchParams.get('envelope')).toBe('1');
    expect(u.searchParams.get('access_token')).toBe('tok');
    expect(u.searchParams.get('lastEventId')).toBe('42');
    expect(new URL(streamUrl('http://h', [], null, null)).searchParams.has('access_token')).toBe(false);
  });
  it('backs off from about 1 s to at most 30 s (±25 %)', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(8000);
    expect(backoffMs(20, () => 1)).toBe(37500);
    expect(backoffMs(20, () => 0)).toBe(22500);
    for (let a = 0; a < 10; a++)
      expect(backoffMs(a + 1, () => 0.5)).toBeGreaterThanOrEqual(backoffMs(a, () => 0.5));
  });
});
