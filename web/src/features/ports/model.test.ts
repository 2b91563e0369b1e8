import { describe, expect, it } from 'vitest';
import type { GatewayScenario, GatewayWhatIf, PlanSummary } from '../../shared/api';
import { checkDraft, cutRuns, lastDate, niceMax, queueSeries, scheduleRows, shortDate } from './model';

const scenario: GatewayScenario = {
  id: 'oct-2021',
  title: { en: 'x', zh: 'x' },
  description: { en: 'x', zh: 'x' },
  sources: [],
  startDate: '2021-10-11',
  days: 30,
  gateways: ['AKL', 'HRS'],
  trains: 10,
  changes: [],
};

const plan = (waiting: number[], crossing: number[]): PlanSummary => ({
  objective: 0,
  crossings: 0,
  unscheduled: 0,
  late: 0,
  maxWaiting: Math.max(...waiting),
  totalDelayDays: 0,
  meanDelayDays: 0,
  days: waiting.map((w, day) => ({
    day,
    date: `2021-10-1${day + 1}`,
    arriving: 0,
    waiting: w,
    gateways: { AKL: { quota: 16, crossing: crossing[day] ?? 0, waiting: w } },
  })),
});

describe('ports model', () => {
  it('rounds axes up to 1, 2, 2.5, 5 steps', () => {
    expect([0, 1, 3, 7, 16, 24, 160, 236].map(niceMax)).toEqual([1, 1, 5, 10, 20, 25, 200, 250]);
  });

  it('gives schedule rows and queue series from a what-if', () => {
    const w = {
      baseline: plan([0, 1], [16, 16]),
      held: plan([5, 20], [6, 6]),
      replan: plan([4, 15], [6, 5]),
    } as unknown as GatewayWhatIf;
    expect(scheduleRows(w, 'AKL')[1]).toMatchObject({ quota: 16, crossing: 5, heldCrossing: 6, waiting: 15 });
    expect(scheduleRows(w, 'HRS')[0]).toMatchObject({ quota: 0, crossing: 0 });
    expect(queueSeries(w)).toMatchObject({ held: [5, 20], replan: [4, 15], max: 20 });
    expect(cutRuns(w)).toEqual([]);
    const cutW = {
      ...w,
      replan: plan([1, 2, 3], [6, 6, 6]),
      baseline: plan([0, 0, 0], [16, 16, 16]),
    } as GatewayWhatIf;
    const q = (v: number) => ({
      ...cutW.replan.days[0]!,
      gateways: { AKL: { quota: v, crossing: 0, waiting: 0 } },
    });
    const cw = {
      ...cutW,
      replan: { ...cutW.replan, days: [q(6), q(16), q(5)].map((d, day) => ({ ...d, day })) },
    };
    expect(cutRuns(cw as GatewayWhatIf)).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(shortDate('2021-10-18', 7)).toBe('10-18');
    expect(shortDate(null, 7)).toBe('D7');
  });

  it('checks a what-if draft against the scenario dates', () => {
    const d = { gateway: 'HRS', from: '2021-10-20', to: '2021-10-22', trainsPerDay: '0' };
    expect(lastDate(scenario)).toBe('2021-11-09');
    expect(checkDraft(d, scenario)).toEqual({ ok: true, change: { ...d, trainsPerDay: 0 } });
    expect(checkDraft({ ...d, to: '2021-10-19' }, scenario)).toEqual({
      ok: false,
      problem: 'ports.err.order',
    });
    expect(checkDraft({ ...d, from: '2022-01-01', to: '2022-01-02' }, scenario)).toEqual({
      ok: false,
      problem: 'ports.err.outside',
    });
    expect(checkDraft({ ...d, trainsPerDay: '-1' }, scenario)).toEqual({
      ok: false,
      problem: 'ports.err.trains',
    });
    expect(checkDraft({ ...d, trainsPerDay: '' }, scenario)).toEqual({
      ok: false,
      problem: 'ports.err.trains',
    });
    expect(checkDraft({ ...d, from: '20-10' }, scenario)).toEqual({ ok: false, problem: 'ports.err.dates' });
  });
});
