// Tests of the gateway model's calendar: dates, shift share, closures, and what-if quota changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  applyChanges,
  type Closure,
  dayCapacity,
  dayNumber,
  type GatewayModel,
  gatewayCalendar,
  quotasFromModel,
  ROUND_THE_CLOCK,
  weekday,
} from './calendar';
import type { GatewayInstance } from './contract';

const AKL: GatewayModel = {
  id: 'AKL',
  names: { en: 'Alashankou–Dostyk', zh: '阿拉山口—多斯特克', ru: 'Алашанькоу–Достык' },
  border: true,
  gaugeMm: [1435, 1520],
  outbound: { trainsPerDay: 12, movesPerDay: 600 },
  inbound: { trainsPerDay: 10, movesPerDay: 500 },
  transshipmentHours: 8,
  shifts: ROUND_THE_CLOCK,
};

const closure = (over: Partial<Closure>): Closure => ({
  id: 'c1',
  gateway: 'AKL',
  from: '2026-12-01',
  to: '2026-12-03',
  direction: 'both',
  trainsPerDay: 0,
  movesPerDay: null,
  reason: { en: 'snow', zh: '暴雪' },
  createdAt: '2026-11-26T00:00:00Z',
  ...over,
});

describe('dates', () => {
  it('parses real dates only and counts weekdays from Monday', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2026-02-29')).toBeNull();
    expect(dayNumber('2026-1-2')).toBeNull();
    expect(weekday('2026-11-26')).toBe(4); // a Thursday
    expect(weekday('2026-11-30')).toBe(1);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('addDays and dayNumber agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: -500, max: 500 }), (d, k) => {
        const date = new Date(d * 86_400_000).toISOString().slice(0, 10);
        expect(dayNumber(addDays(date, k))).toBe(d + k);
      }),
    );
  });
});

describe('calendar', () => {
  it('gives full capacity on open days and the tightest closure otherwise', () => {
    const cal = gatewayCalendar(
      AKL,
      [
        closure({}),
        closure({ id: 'c2', from: '2026-12-03', to: '2026-12-04', direction: 'outbound', trainsPerDay: 6 }),
      ],
      '2026-11-30',
      6,
    );
    expect(cal.map((d) => d.state)).toEqual(['open', 'closed', 'closed', 'closed', 'reduced', 'open']);
    expect(cal[4]).toMatchObject({
      outbound: { trains: 6, moves: 300 },
      inbound: { trains: 10, moves: 500 },
    });
    expect(cal[3]?.closures).toEqual(['c1', 'c2']);
    expect(cal[0]).toMatchObject({ outbound: { trains: 12, moves: 600 }, closures: [] });
  });

  it('scales by the shift calendar and closes on closed weekdays', () => {
    const halfDay: GatewayModel = {
      ...AKL,
      shifts: { ...ROUND_THE_CLOCK, shifts: [ROUND_THE_CLOCK.shifts[0]!], closedWeekdays: [7] },
    };
    expect(dayCapacity(halfDay, [], 'outbound', '2026-11-30')).toEqual({ trains: 6, moves: 300 });
    expect(dayCapacity(halfDay, [], 'outbound', '2026-11-29')).toEqual({ trains: 0, moves: 0 });
  });

  it('never exceeds the normal capacity and never goes below a closure in force', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            from: fc.integer({ min: 0, max: 20 }),
            len: fc.integer({ min: 0, max: 5 }),
            trains: fc.integer({ min: 0, max: 12 }),
            dir: fc.constantFrom('outbound', 'inbound', 'both') as fc.Arbitrary<Closure['direction']>,
          }),
          { maxLength: 4 },
        ),
        (cs) => {
          const closures = cs.map((c, k) =>
            closure({
              id: `c${k}`,
              from: addDays('2026-12-01', c.from),
              to: addDays('2026-12-01', c.from + c.len),
              trainsPerDay: c.trains,
              direction: c.dir,
            }),
          );
          for (const d of gatewayCalendar(AKL, closures, '2026-12-01', 28)) {
            expect(d.outbound.trains).toBeLessThanOrEqual(12);
            for (const c of closures) {
              if (c.from <= d.date && d.date <= c.to && c.direction !== 'inbound')
                expect(d.outbound.trains).toBeLessThanOrEqual(c.trainsPerDay);
            }
          }
        },
      ),
    );
  });
});

const inst: GatewayInstance = {
  format: 'lugang.gateway.instance/v1',
  id: 'i',
  days: 5,
  startDate: '2021-10-11',
  gateways: [
    { id: 'AKL', quota: [16, 16, 16, 16, 16] },
    { id: 'HRS', quota: [9, 9, 9, 9, 9] },
  ],
  trains: [],
  unscheduledPenaltyDays: 30,
};

describe('applyChanges', () => {
  it('sets the quota on the covered days, clipped to the horizon, later changes winning', () => {
    const r = applyChanges(inst, [
      { gateway: 'AKL', from: '2021-10-12', to: '2021-10-30', trainsPerDay: 6 },
      { gateway: 'AKL', from: '2021-10-14', to: '2021-10-14', trainsPerDay: 0 },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.instance.gateways[0]?.quota).toEqual([16, 6, 6, 0, 6]);
    expect(r.value.instance.gateways[1]?.quota).toEqual([9, 9, 9, 9, 9]);
    expect(r.value.applied[0]).toMatchObject({ fromDay: 1, toDay: 4 });
    expect(inst.gateways[0]?.quota).toEqual([16, 16, 16, 16, 16]); // not mutated
  });

  it('names the field of a change that does not fit', () => {
    const bad = (c: Parameters<typeof applyChanges>[1][number], i: GatewayInstance = inst) => {
      const r = applyChanges(i, [c]);
      return r.ok ? null : r.error;
    };
    expect(bad({ gateway: 'BRE', from: '2021-10-11', to: '2021-10-11', trainsPerDay: 1 })?.field).toBe(
      'changes.0.gateway',
    );
    expect(bad({ gateway: 'AKL', from: '2021-10-13', to: '2021-10-12', trainsPerDay: 1 })?.field).toBe(
      'changes.0.to',
    );
    const outside = bad({ gateway: 'AKL', from: '2022-01-01', to: '2022-01-02', trainsPerDay: 1 });
    expect(outside?.field).toBe('changes.0.from');
    expect(outside?.message.zh).toMatch(/不在计划期/);
    const { startDate: _s, ...noDate } = inst;
    expect(
      bad({ gateway: 'AKL', from: '2021-10-11', to: '2021-10-11', trainsPerDay: 1 }, noDate)?.field,
    ).toBe('instance.startDate');
  });

  it('takes quotas from the model calendar for the gateways it knows', () => {
    const q = quotasFromModel({ ...inst, startDate: '2026-12-02' }, [AKL], [closure({})]);
    expect(q.gateways[0]?.quota).toEqual([0, 0, 12, 12, 12]);
    expect(q.gateways[1]?.quota).toEqual([9, 9, 9, 9, 9]);
  });
});
