// Database tests of the gateway model on both engines: defaults from the reference network, closures
// entered, shown in the calendar and withdrawn (kept on record), and the rules the database enforces.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { loadNetworkData } from '../network/load-data';
import { NetworkRepository } from '../network/repository';
import { NetworkService } from '../network/service';
import { GatewayRepository } from './repository';
import { GatewayService } from './service';

let db: TestDatabase;
let service: GatewayService;
beforeAll(async () => {
  db = await openTestDatabase();
  const network = new NetworkService(new NetworkRepository(db.db));
  await network.sync(await loadNetworkData());
  service = new GatewayService(new GatewayRepository(db.db), network, {
    now: () => new Date('2026-11-26T20:00:00Z'), // 04:00 on the 27th in China
  });
  expect(await service.syncFromNetwork()).toBeGreaterThanOrEqual(2);
});
afterAll(async () => {
  await db?.close();
});

describe('gateway model', () => {
  it('takes the defaults from the reference network, calendar from today in China', async () => {
    const r = await service.list();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.from).toBe('2026-11-27');
    const akl = r.value.items.find((g) => g.id === 'AKL');
    expect(akl).toMatchObject({
      border: true,
      outbound: { trainsPerDay: 12, movesPerDay: 600 },
      transshipmentHours: 8,
    });
    expect(akl?.calendar).toHaveLength(14);
    expect(akl?.calendar.every((d) => d.state === 'open' && d.outbound.trains === 12)).toBe(true);
    expect(r.value.items.map((g) => g.id)).toContain('HRS');
  });

  it('enters a closure, shows it in the calendar, and withdraws it', async () => {
    const added = await service.addClosure(
      'HRS',
      { from: '2026-12-01', to: '2026-12-02', trainsPerDay: 0, reason: { zh: '暴风雪' } },
      'u-border-officer',
    );
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.value).toMatchObject({
      direction: 'both',
      reason: { en: '暴风雪', zh: '暴风雪' },
      movesPerDay: null,
    });
    expect(added.value.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const reduced = await service.addClosure(
      'HRS',
      {
        from: '2026-12-02',
        to: '2026-12-05',
        direction: 'outbound',
        trainsPerDay: 5,
        reason: { en: 'track works', zh: '线路施工' },
      },
      null,
    );
    expect(reduced.ok).toBe(true);
    const r = await service.list({ from: '2026-11-30', days: 7 });
    if (!r.ok) throw new Error('list');
    const hrs = r.value.items.find((g) => g.id === 'HRS');
    expect(hrs?.closures).toHaveLength(2);
    expect(hrs?.calendar.map((d) => d.state)).toEqual([
      'open',
      'closed',
      'closed',
      'reduced',
      'reduced',
      'reduced',
      'open',
    ]);
    expect(hrs?.calendar[3]?.outbound.trains).toBe(5);
    expect(r.value.items.find((g) => g.id === 'AKL')?.closures).toEqual([]);

    expect(await service.withdrawClosure('AKL', added.value.id, 'x')).toBe(false); // wrong gateway
    expect(await service.withdrawClosure('HRS', added.value.id, 'u-admin')).toBe(true);
    expect(await service.withdrawClosure('HRS', added.value.id, 'u-admin')).toBe(false); // already withdrawn
    const after = await service.list({ from: '2026-11-30', days: 7 });
    if (!after.ok) throw new Error('list');
    expect(after.value.items.find((g) => g.id === 'HRS')?.closures).toHaveLength(1);
    const kept = await sql<{
      n: number;
    }>`select count(*)::int as n from gateway_closures where withdrawn_by = 'u-admin'`.execute(db.db);
    expect(kept.rows[0]?.n).toBe(1);
    // start-up again keeps the closures
    await service.syncFromNetwork();
    const again = await service.list({ from: '2026-11-30', days: 7 });
    if (again.ok) expect(again.value.items.find((g) => g.id === 'HRS')?.closures).toHaveLength(1);
  });

  it('refuses bad closures, naming the field in both languages', async () => {
    const bad = async (input: Parameters<GatewayService['addClosure']>[1], id = 'AKL') => {
      const r = await service.addClosure(id, input, null);
      return r.ok ? null : r.error;
    };
    const base = { from: '2026-12-01', to: '2026-12-02', trainsPerDay: 3, reason: { en: 'x' } };
    expect((await bad(base, 'XXX'))?.code).toBe('gateway.not_found');
    expect((await bad({ ...base, to: '2026-11-30' }))?.field).toBe('to');
    expect((await bad({ ...base, from: '2026-02-30' }))?.field).toBe('from');
    const over = await bad({ ...base, trainsPerDay: 40 });
    expect(over?.field).toBe('trainsPerDay');
    expect(over?.message.zh).toMatch(/只能降低/);
    expect((await bad({ ...base, movesPerDay: 100_000 }))?.field).toBe('movesPerDay');
    expect((await bad({ ...base, reason: { en: ' ', zh: '' } }))?.field).toBe('reason');
    expect((await bad({ ...base, to: '2028-12-02' }))?.field).toBe('to');
  });

  it('enforces the period, capacity and reason rules in the database itself', async () => {
    const insert = (over: string) =>
      sql
        .raw(
          `insert into gateway_closures (id, gateway_id, direction, from_date, to_date, trains_per_day, reason_en, reason_zh) values ${over}`,
        )
        .execute(db.db);
    await expect(insert(`('x1', 'AKL', 'both', '2026-12-02', '2026-12-01', 0, 'a', 'b')`)).rejects.toThrow();
    await expect(insert(`('x2', 'AKL', 'both', '2026-12-01', '2026-12-01', -1, 'a', 'b')`)).rejects.toThrow();
    await expect(insert(`('x3', 'AKL', 'up', '2026-12-01', '2026-12-01', 0, 'a', 'b')`)).rejects.toThrow();
    await expect(insert(`('x4', 'AKL', 'both', '2026-12-01', '2026-12-01', 0, '', 'b')`)).rejects.toThrow();
    await expect(insert(`('x5', 'NOPE', 'both', '2026-12-01', '2026-12-01', 0, 'a', 'b')`)).rejects.toThrow();
  });

  it('lists the shipped scenarios and runs one with an extra closure', async () => {
    const list = await service.scenarios();
    expect(list.map((s) => s.id)).toEqual(['jul-2022', 'oct-2021']);
    const r = await service.runScenario('oct-2021', [
      { gateway: 'HRS', from: '2021-10-20', to: '2021-10-21', trainsPerDay: 0 },
    ]);
    expect(r?.ok).toBe(true);
    if (r?.ok) expect(r.value.replan.days[9]?.gateways.HRS?.quota).toBe(0);
    const bad = await service.runScenario('oct-2021', [
      { gateway: 'HRS', from: '2030-01-01', to: '2030-01-01', trainsPerDay: 0 },
    ]);
    expect(bad?.ok === false && bad.error.field).toBe('changes.0.from');
    expect(await service.runScenario('nope')).toBeNull();
    // the same trains over the coming days, against the calendars: HRS outbound is cut to 5 a day
    // from 2026-12-02 (the closure still in force), day 0 = 2026-11-27 in China
    const live = await service.runScenario('oct-2021', [], { onCalendar: true });
    expect(live?.ok).toBe(true);
    if (live?.ok) {
      expect(live.value.startDate).toBe('2026-11-27');
      expect(live.value.changes).toEqual([]);
      expect(live.value.baseline.days.map((d) => d.gateways.HRS?.quota).slice(0, 7)).toEqual([
        11, 11, 11, 11, 11, 5, 5,
      ]);
      expect(live.value.baseline.days[0]?.gateways.AKL?.quota).toBe(12);
    }
  });

  it('re-plans a posted instance with quotas from the gateway calendars', async () => {
    const instance = {
      format: 'lugang.gateway.instance/v1',
      id: 'posted',
      days: 3,
      startDate: '2026-12-02',
      gateways: [
        { id: 'HRS', quota: [20, 20, 20] },
        { id: 'AKL', quota: [20, 20, 20] },
      ],
      trains: Array.from({ length: 6 }, (_, k) => ({
        id: `T${k}`,
        arrivalDay: 0,
        weight: 2,
        maxDelayDays: 2,
        options: [
          { gateway: 'HRS', extraDays: 0 },
          { gateway: 'AKL', extraDays: 1 },
        ],
      })),
      unscheduledPenaltyDays: 10,
    };
    const r = await service.whatIf({ instance, quotas: 'model' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // HRS outbound is cut to 5 a day from 2026-12-02 (the closure still in force): one train goes via AKL
    expect(r.value.baseline.days[0]?.gateways.HRS?.quota).toBe(5);
    expect(r.value.baseline.days[0]?.gateways.HRS?.crossing).toBe(5);
    expect(r.value.baseline.days[0]?.gateways.AKL?.quota).toBe(12);
    expect(r.value.explanations).toHaveLength(1);
    expect(r.value.explanations[0]?.reason.zh).toMatch(/HRS 第 0 天已满/);
    const both = await service.whatIf({ instance, scenario: 'oct-2021' });
    expect(both.ok === false && both.error.field).toBe('scenario');
    const broken = await service.whatIf({ instance: { ...instance, days: 0 } });
    expect(broken.ok === false && broken.error.field).toBe('instance.days');
  });
});
