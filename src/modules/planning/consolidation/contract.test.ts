// Contract examples: the documented instance parses; each malformed input yields one Violation
// naming the field, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { parseConsolidationInstance } from './contract';
import { EXAMPLE } from './testing';

const clone = (): Record<string, unknown> & typeof EXAMPLE => structuredClone(EXAMPLE);

function violation(doc: unknown) {
  const r = parseConsolidationInstance(doc);
  if (r.ok) throw new Error('expected a violation');
  return r.error;
}

describe('parseConsolidationInstance', () => {
  it('accepts the contract example as written', () => {
    const r = parseConsolidationInstance(EXAMPLE);
    expect(r.ok).toBe(true);
  });

  it('accepts a route without gateway and the optional pinned extension', () => {
    const doc = clone();
    doc.routes[0]!.gateway = null as unknown as string;
    const r = parseConsolidationInstance({
      ...doc,
      pinned: [{ booking: 'BK-000123', departure: 'URM-DUI-d03' }],
    });
    expect(r.ok).toBe(true);
  });

  it.each([
    ['not an object', 'x', '', 'consolidation.invalid_type'],
    [
      'wrong format',
      { ...EXAMPLE, format: 'lugang.gateway.instance/v1' },
      'format',
      'consolidation.invalid_value',
    ],
    ['missing bookings', { ...EXAMPLE, bookings: undefined }, 'bookings', 'consolidation.required'],
    ['unknown field', { ...EXAMPLE, extra: 1 }, '', 'consolidation.unknown_field'],
  ])('%s', (_name, doc, field, code) => {
    const v = violation(doc);
    expect(v.field).toBe(field);
    expect(v.code).toBe(code);
    expect(v.message.en.length).toBeGreaterThan(0);
    expect(v.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names the path of a non-integer TEU', () => {
    const doc = clone();
    doc.bookings[0]!.teu = 1.5;
    const v = violation(doc);
    expect(v.field).toBe('bookings.0.teu');
    expect(v.message.en).toContain('integer');
  });

  it('rejects zero TEU and zero kg (positive integers)', () => {
    const a = clone();
    a.bookings[0]!.teu = 0;
    expect(violation(a).field).toBe('bookings.0.teu');
    const b = clone();
    b.bookings[0]!.grossKg = 0;
    expect(violation(b).field).toBe('bookings.0.grossKg');
  });

  it('rejects a quota whose length is not the horizon', () => {
    const doc = clone();
    doc.gateways[0]!.quota = [1, 2, 3];
    const v = violation(doc);
    expect(v.field).toBe('gateways.0.quota');
    expect(v.code).toBe('consolidation.quota_length');
    expect(v.message.zh).toContain('配额');
  });

  it('rejects unknown references', () => {
    const a = clone();
    a.departures[0]!.route = 'URM-XXX';
    expect(violation(a).field).toBe('departures.0.route');
    const b = clone();
    b.routes[0]!.gateway = 'HRS';
    expect(violation(b).field).toBe('routes.0.gateway');
    const c = clone();
    c.bookings[0]!.routes = ['URM-DUI', 'NOPE'];
    expect(violation(c).field).toBe('bookings.0.routes.1');
    const d = violation({ ...clone(), pinned: [{ booking: 'BK-000123', departure: 'NOPE' }] });
    expect(d.field).toBe('pinned.0.departure');
  });

  it('rejects duplicate ids', () => {
    const doc = clone();
    doc.bookings.push({ ...doc.bookings[0]! });
    const v = violation(doc);
    expect(v.field).toBe('bookings.1.id');
    expect(v.code).toBe('consolidation.duplicate_id');
  });
});
