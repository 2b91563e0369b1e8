import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSse, sseComment, sseMessage } from './sse';
import { parseTopics, topicSelected, visiblePart } from './visibility';

const org = fc.constantFrom('a', 'b', 'c');
const item = fc.oneof(
  fc.record({ organizationId: org, n: fc.nat() }),
  fc.record({ organizationIds: fc.array(org, { maxLength: 3 }), n: fc.nat() }),
  fc.record({ n: fc.nat() }),
);

describe('visiblePart', () => {
  it('a tenant sees exactly the items naming it; cross-tenant viewers see everything', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), org, (items, me) => {
        const mine = (x: Record<string, unknown>) =>
          x.organizationId === me || (Array.isArray(x.organizationIds) && x.organizationIds.includes(me));
        const got = visiblePart(items, { all: false, organizationId: me }) as unknown[] | undefined;
        const want = items.filter(mine);
        expect(got ?? []).toEqual(want);
        if (want.length === 0) expect(got).toBeUndefined();
        const all = visiblePart(items, { all: true, organizationId: me });
        expect(all).toEqual(items.length > 0 ? items : undefined);
      }),
    );
  });

  it('a single object without a tenant is port-wide: not for tenants', () => {
    expect(visiblePart({ n: 1 }, { all: false, organizationId: 'a' })).toBeUndefined();
    expect(visiblePart({ n: 1 }, { all: true, organizationId: 'a' })).toEqual({ n: 1 });
    expect(visiblePart('text', { all: false, organizationId: 'a' })).toBeUndefined();
  });
});

describe('topics', () => {
  it('parses lists, families and refuses junk', () => {
    expect(parseTopics(undefined)).toEqual(['*']);
    expect(parseTopics('tracking.events, ops.*')).toEqual(['tracking.events', 'ops.*']);
    expect(parseTopics('Bad Topic')).toBeNull();
    expect(parseTopics('a..b')).toBeNull();
  });
  it('selects exact names, families and everything', () => {
    expect(topicSelected(['ops.*'], 'ops.gate')).toBe(true);
    expect(topicSelected(['ops.*'], 'opsx.gate')).toBe(false);
    expect(topicSelected(['tracking.events'], 'tracking.readings')).toBe(false);
    expect(topicSelected(['*'], 'anything')).toBe(true);
  });
});

describe('SSE format', () => {
  it('round-trips any JSON payload through the wire format', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.option(fc.nat(), { nil: undefined }), (data, id) => {
        const text = sseComment('ping\nwith newline') + sseMessage('x.y', data, id);
        const { frames, rest } = parseSse(text);
        expect(rest).toBe('');
        expect(frames).toHaveLength(1);
        expect(frames[0]!.event).toBe('x.y');
        expect(frames[0]!.id).toBe(id === undefined ? undefined : String(id));
        expect(JSON.parse(frames[0]!.data)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
    );
  });
});
