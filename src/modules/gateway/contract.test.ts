// Tests of the gateway instance/solution schemas: the contract example is accepted, and each kind of
// malformed document yields one Violation naming the field, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { type GatewayInstance, parseGatewayInstance, parseGatewaySolution } from './contract';

const EXAMPLE: GatewayInstance = {
  format: 'lugang.gateway.instance/v1',
  id: 'gw-4d-0001',
  days: 4,
  gateways: [
    { id: 'AKL', quota: [14, 14, 0, 14] },
    { id: 'HRS', quota: [9, 9, 9, 9] },
  ],
  trains: [
    {
      id: 'T0001',
      arrivalDay: 0,
      weight: 3,
      maxDelayDays: 10,
      options: [
        { gateway: 'AKL', extraDays: 0 },
        { gateway: 'HRS', extraDays: 1 },
      ],
    },
  ],
  unscheduledPenaltyDays: 30,
};

const clone = (): GatewayInstance => JSON.parse(JSON.stringify(EXAMPLE));
const withTrains = (n: number): GatewayInstance => {
  const doc = clone();
  doc.trains = Array.from({ length: n }, (_, k) => ({ ...structuredClone(EXAMPLE.trains[0]!), id: `T${k}` }));
  return doc;
};
const set = (target: object, values: Record<string, unknown>): void => {
  Object.assign(target, values);
};

function violation(doc: unknown) {
  const r = parseGatewayInstance(doc);
  if (r.ok) throw new Error('expected a violation');
  return r.error;
}

describe('parseGatewayInstance', () => {
  it('accepts the contract example (quota arrays of length days)', () => {
    const r = parseGatewayInstance(clone());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(EXAMPLE);
  });

  it('accepts the optional startDate and description extras, and trains with no option', () => {
    const doc = { ...clone(), startDate: '2021-10-01', description: { en: 'x', zh: 'x' } };
    doc.trains[0]!.options = [];
    expect(parseGatewayInstance(doc).ok).toBe(true);
  });

  it('names the path of an unknown option gateway', () => {
    const doc = withTrains(5);
    doc.trains[3]!.options[0]!.gateway = 'DST';
    const e = violation(doc);
    expect(e.field).toBe('trains.3.options.0.gateway');
    expect(e.code).toBe('gateway.unknown_gateway');
    expect(e.message.en).toContain('trains.3.options.0.gateway');
    expect(e.message.en).toContain('"DST"');
    expect(e.message.zh).toContain('口岸');
  });

  it('rejects a quota array whose length is not days', () => {
    const doc = clone();
    doc.days = 30;
    const e = violation(doc);
    expect(e.field).toBe('gateways.0.quota');
    expect(e.code).toBe('gateway.quota_length');
    expect(e.message.en).toMatch(/30 expected, 4 given/);
    expect(e.message.zh).toMatch(/应为 30 项/);
  });

  it('rejects duplicate train and gateway ids', () => {
    const doc = withTrains(3);
    doc.trains[2]!.id = 'T0';
    expect(violation(doc)).toMatchObject({ field: 'trains.2.id', code: 'gateway.duplicate_id' });
    const doc2 = clone();
    doc2.gateways[1]!.id = 'AKL';
    expect(violation(doc2)).toMatchObject({ field: 'gateways.1.id', code: 'gateway.duplicate_id' });
  });

  it.each<[string, (d: GatewayInstance) => void, string, string]>([
    ['negative quota', (d) => set(d.gateways[1]!.quota, { 2: -1 }), 'gateways.1.quota.2', 'too_small'],
    ['fractional weight', (d) => set(d.trains[0]!, { weight: 2.5 }), 'trains.0.weight', 'invalid_type'],
    [
      'missing arrivalDay',
      (d) => Reflect.deleteProperty(d.trains[0]!, 'arrivalDay'),
      'trains.0.arrivalDay',
      'required',
    ],
    [
      'string extraDays',
      (d) => set(d.trains[0]!.options[1]!, { extraDays: '1' }),
      'trains.0.options.1.extraDays',
      'invalid_type',
    ],
    ['unknown field', (d) => set(d.trains[0]!, { priority: 1 }), 'trains.0', 'unknown_field'],
    ['wrong format', (d) => set(d, { format: 'lugang.gateway.instance/v2' }), 'format', 'invalid_value'],
    ['zero days', (d) => set(d, { days: 0 }), 'days', 'too_small'],
    [
      'penalty missing',
      (d) => Reflect.deleteProperty(d, 'unscheduledPenaltyDays'),
      'unscheduledPenaltyDays',
      'required',
    ],
  ])('%s → one violation at the field', (_name, mutate, field, code) => {
    const doc = clone();
    mutate(doc);
    const e = violation(doc);
    expect(e.field).toBe(field);
    expect(e.code).toBe(`gateway.${code}`);
    expect(e.message.en.startsWith(field)).toBe(true);
    expect(e.message.zh.startsWith(field)).toBe(true);
  });

  it('rejects non-objects with a document-level violation', () => {
    for (const doc of [null, 42, 'x', []]) expect(violation(doc).field).toBe('');
  });
});

describe('parseGatewaySolution', () => {
  it('accepts the contract solution shape and rejects unknown status', () => {
    const sol = {
      format: 'lugang.gateway.solution/v1',
      instanceId: 'gw-4d-0001',
      status: 'optimal',
      objective: 0,
      bound: 0,
      solveMs: 1,
      crossings: [{ train: 'T0001', gateway: 'AKL', day: 0 }],
      unscheduled: [],
    };
    expect(parseGatewaySolution(sol).ok).toBe(true);
    const bad = parseGatewaySolution({ ...sol, status: 'done' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('status');
  });
});
