import { describe, expect, it } from 'vitest';
import { presets } from '../statistics/period';
import { simulatedFlag } from './SimBadge';

describe('simulated-data flag', () => {
  it('reads GET /api/v1/twin', () => {
    expect(simulatedFlag({ simulated: true, twin: { running: true } })).toBe(true);
    expect(simulatedFlag({ simulated: false, twin: null })).toBe(false);
    expect(simulatedFlag(null)).toBe(false);
    expect(simulatedFlag('yes')).toBe(false);
  });
});

describe('statistics periods', () => {
  it('are inclusive China days ending today', () => {
    const p = presets('2026-11-26');
    expect(p.thisYear).toEqual({ from: '2026-01-01', to: '2026-11-26' });
    expect(p.last30).toEqual({ from: '2026-10-28', to: '2026-11-26' });
    expect(p.last12m).toEqual({ from: '2025-11-01', to: '2026-11-26' });
    expect(p.all.from < p.last12m.from).toBe(true);
  });
});
