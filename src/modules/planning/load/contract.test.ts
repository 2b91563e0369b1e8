// The load-plan instance contract: the documented example parses; every malformed input yields ONE
// violation naming the field, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { parseLoadPlanInstance, parseLoadPlanSolution } from './contract';
import { exampleInstance } from './test-support';

type Doc = Record<string, unknown>;
const clone = (): Doc => JSON.parse(JSON.stringify(exampleInstance())) as Doc;

function violation(
  mutate: (d: Doc & { containers: Doc[]; wagons: Doc[]; wagonTypes: Doc[]; rules: Doc }) => void,
) {
  const d = clone() as Doc & { containers: Doc[]; wagons: Doc[]; wagonTypes: Doc[]; rules: Doc };
  mutate(d);
  const r = parseLoadPlanInstance(d);
  if (r.ok) throw new Error('expected a violation');
  return r.error;
}

describe('parseLoadPlanInstance', () => {
  it('accepts the documented example exactly as written', () => {
    const r = parseLoadPlanInstance(exampleInstance());
    expect(r.ok).toBe(true);
  });

  it('accepts a container without the optional reefer flag and bogie shares with valid keys', () => {
    const r = parseLoadPlanInstance(
      ((d) => {
        delete (d.containers[0] as Doc).reefer;
        (d.wagonTypes[0] as Doc).bogies = [{ maxKg: 36000, share: { '0.A': 0.75, '0.B': 0.25, '0.F': 0.5 } }];
        return d;
      })(clone() as Doc & { containers: Doc[]; wagonTypes: Doc[] }),
    );
    expect(r.ok).toBe(true);
  });

  it('names containers.N.lengthFt for a length outside 20/30/40/45, in en and zh', () => {
    const e = violation((d) => {
      for (let i = 0; i < 4; i++) d.containers.push({ ...d.containers[0], id: `X${i}` });
      (d.containers[4] as Doc).lengthFt = 35;
    });
    expect(e.field).toBe('containers.4.lengthFt');
    expect(e.message.en).toContain('containers.4.lengthFt');
    expect(e.message.zh).toContain('containers.4.lengthFt');
    expect(e.message.zh).not.toBe(e.message.en);
  });

  it.each([
    ['format', (d: Doc) => Object.assign(d, { format: 'other/v1' })],
    ['rules.pairMaxDiffKg', (d: Doc & { rules: Doc }) => Object.assign(d.rules, { pairMaxDiffKg: -1 })],
    ['rules.twentyFootMustPair', (d: Doc & { rules: Doc }) => delete d.rules.twentyFootMustPair],
    [
      'containers.1.grossKg',
      (d: Doc & { containers: Doc[] }) => Object.assign(d.containers[1] as Doc, { grossKg: 1.5 }),
    ],
    [
      'containers.0.dg.un',
      (d: Doc & { containers: Doc[] }) =>
        Object.assign(d.containers[0] as Doc, { dg: { un: '12', class: '3' } }),
    ],
    ['wagons.1.type', (d: Doc & { wagons: Doc[] }) => Object.assign(d.wagons[1] as Doc, { type: 'Sgns' })],
    ['wagons.1.id', (d: Doc & { wagons: Doc[] }) => Object.assign(d.wagons[1] as Doc, { id: '01' })],
    [
      'containers.1.id',
      (d: Doc & { containers: Doc[] }) => Object.assign(d.containers[1] as Doc, { id: 'CSQU3054383' }),
    ],
    [
      'wagonTypes.0.bogies.0.share.1.A',
      (d: Doc & { wagonTypes: Doc[] }) =>
        Object.assign(d.wagonTypes[0] as Doc, { bogies: [{ maxKg: 1, share: { '1.A': 0.5 } }] }),
    ],
    [
      'wagonTypes.0.bogies.0.share.0.X',
      (d: Doc & { wagonTypes: Doc[] }) =>
        Object.assign(d.wagonTypes[0] as Doc, { bogies: [{ maxKg: 1, share: { '0.X': 0.5 } }] }),
    ],
    [
      'containers.0',
      (d: Doc & { containers: Doc[] }) => Object.assign(d.containers[0] as Doc, { colour: 'red' }),
    ],
    [
      'wagonTypes.0.platforms',
      (d: Doc & { wagonTypes: Doc[] }) => Object.assign(d.wagonTypes[0] as Doc, { platforms: [] }),
    ],
  ] as const)('reports %s', (field, mutate) => {
    const e = violation(mutate as (d: Doc) => void);
    expect(e.field).toBe(field);
    expect(e.message.en.length).toBeGreaterThan(field.length);
    expect(e.message.zh.length).toBeGreaterThan(0);
  });

  it('rejects a non-object document naming the whole input', () => {
    const r = parseLoadPlanInstance('hello');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('');
  });
});

describe('parseLoadPlanSolution', () => {
  it('accepts the documented solution shape and rejects an unknown slot', () => {
    const sol = {
      format: 'lugang.load-plan.solution/v1',
      instanceId: 'cn55-0001',
      status: 'optimal',
      objective: 201,
      bound: 201,
      solveMs: 14,
      placements: [{ container: 'CSQU3054383', wagon: '01', platform: 0, slot: 'F' }],
      unloaded: [{ container: 'TGHU1234561', reason: 'no pair partner' }],
    };
    expect(parseLoadPlanSolution(sol).ok).toBe(true);
    const bad = { ...sol, placements: [{ ...sol.placements[0], slot: 'C' }] };
    const r = parseLoadPlanSolution(bad);
    expect(r.ok ? '' : r.error.field).toBe('placements.0.slot');
  });
});
