// Tests of the shipped scenario documents: they parse, their changes turn the baseline into exactly the
// stressed instance of test/fixtures/gateway/scenarios/, and every train rides a route via its gateway.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyChanges } from './calendar';
import { parseGatewayInstance } from './contract';
import { diffQuotas, parseScenario } from './scenario';

const read = (rel: string): unknown => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
const routes = (
  read('../../../data/network/routes.json') as { routes: Array<{ id: string; gateway: string }> }
).routes;

describe.each([
  ['oct-2021', 'oct-2021-baseline', 'oct-2021-drop'],
  ['jul-2022', 'jul-2022-baseline', 'jul-2022-stop'],
])('scenario %s', (id, baseId, changedId) => {
  const s = parseScenario(read(`../../../data/scenarios/gateway/${id}.json`));
  const base = parseGatewayInstance(read(`../../../test/fixtures/gateway/scenarios/${baseId}.json`));
  const changed = parseGatewayInstance(read(`../../../test/fixtures/gateway/scenarios/${changedId}.json`));

  it('parses, with the fixture baseline', () => {
    expect(s.ok && base.ok && changed.ok).toBe(true);
    if (!s.ok || !base.ok) return;
    expect(s.value.id).toBe(id);
    expect(s.value.baseline.trains).toEqual(base.value.trains);
    expect(s.value.baseline.gateways).toEqual(base.value.gateways);
  });

  it('its changes give the stressed fixture quotas, each change with a reason in both languages', () => {
    if (!s.ok || !changed.ok) throw new Error('parse');
    const r = applyChanges(s.value.baseline, s.value.changes);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.instance.gateways).toEqual(changed.value.gateways);
    for (const c of s.value.changes) expect(c.reason?.zh.length).toBeGreaterThan(0);
  });

  it('routes each train over a route through its home gateway', () => {
    if (!s.ok) throw new Error('parse');
    const gatewayOf = new Map(routes.map((r) => [r.id, r.gateway]));
    for (const t of s.value.baseline.trains) {
      const r = s.value.trainRoutes[t.id];
      expect(r, t.id).toBeDefined();
      expect(gatewayOf.get(r as string)).toBe(t.options[0]?.gateway);
    }
  });
});

describe('diffQuotas', () => {
  it('groups runs of equal changed quotas', () => {
    const base = {
      format: 'lugang.gateway.instance/v1' as const,
      id: 'd',
      days: 6,
      startDate: '2021-10-11',
      gateways: [{ id: 'AKL', quota: [16, 16, 16, 16, 16, 16] }],
      trains: [],
      unscheduledPenaltyDays: 1,
    };
    const changed = { ...base, gateways: [{ id: 'AKL', quota: [16, 6, 6, 5, 16, 0] }] };
    const why = { en: 'x', zh: '某' };
    expect(diffQuotas(base, changed, why).map((c) => [c.from, c.to, c.trainsPerDay])).toEqual([
      ['2021-10-12', '2021-10-13', 6],
      ['2021-10-14', '2021-10-14', 5],
      ['2021-10-16', '2021-10-16', 0],
    ]);
  });

  it('refuses a scenario without a start date, naming the field', () => {
    const doc = read('../../../data/scenarios/gateway/oct-2021.json') as {
      baseline: Record<string, unknown>;
    };
    const { startDate: _d, ...baseline } = doc.baseline;
    const r = parseScenario({ ...doc, baseline });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('baseline.startDate');
  });
});
