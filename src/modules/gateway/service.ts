/**
 * Use cases of the border gateways (issue 6 parts 1, 4, 5): the gateway model with its calendar
 * (defaults from the reference network at start), closures entered by officers, the shipped what-if
 * scenarios, and what-if runs that re-plan with the exact slot scheduler.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Gateway } from '../../domain/network/types';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { Bilingual } from '../../domain/text';
import {
  addDays,
  BOXES_PER_TRAIN,
  type CalendarDay,
  type CapacityChange,
  type Closure,
  type ClosureDirection,
  dayNumber,
  type GatewayModel,
  gatewayCalendar,
  quotasFromModel,
  ROUND_THE_CLOCK,
} from './calendar';
import { type GatewayInstance, parseGatewayInstance } from './contract';
import { type DemandDeparture, type DemandRoute, demandFromDepartures, LOOKBACK_DAYS } from './demand';
import { runWhatIf, type WhatIfResult } from './replan';
import type { GatewayRepository } from './repository';
import { parseScenario, type Scenario } from './scenario';

export const DEFAULT_SCENARIO_DIR = fileURLToPath(
  new URL('../../../data/scenarios/gateway/', import.meta.url),
);

/** Largest posted what-if (trains); it is solved three times. */
export const MAX_WHATIF_TRAINS = 20_000;
export const MAX_CALENDAR_DAYS = 366;

export interface GatewayView extends GatewayModel {
  readonly closures: Closure[];
  readonly calendar: CalendarDay[];
}

export interface ClosureInput {
  readonly from: string;
  readonly to: string;
  readonly direction?: ClosureDirection;
  readonly trainsPerDay: number;
  readonly movesPerDay?: number | null;
  readonly reason: { readonly en?: string; readonly zh?: string };
}

export interface ScenarioInfo {
  readonly id: string;
  readonly title: Bilingual;
  readonly description: Bilingual;
  readonly sources: string[];
  readonly startDate: string;
  readonly days: number;
  readonly gateways: string[];
  readonly trains: number;
  readonly changes: CapacityChange[];
}

export interface WhatIfRequest {
  readonly scenario?: string;
  readonly instance?: unknown;
  readonly changes?: readonly CapacityChange[];
  readonly trainRoutes?: Readonly<Record<string, string>>;
  /** `instance` (default) keeps the instance's quotas; `model` takes them from the gateway calendars. */
  readonly quotas?: 'instance' | 'model';
}

export type WhatIfAnswer = WhatIfResult & { readonly scenario: ScenarioInfo | null };

export interface GatewayServiceOptions {
  readonly now?: () => Date;
  readonly scenarioDir?: string;
  /** The timetable's departures (from, to inclusive): the real demand of the `timetable` scenario. */
  readonly departures?: (q: { from: string; to: string }) => Promise<DemandDeparture[]>;
  /** Of these departures, the ones that crossed already (transshipped at the gauge change). */
  readonly crossed?: (ids: readonly string[]) => Promise<ReadonlySet<string>>;
}

/** The scenario id of the real plan: the timetable's departures over the coming days. */
export const TIMETABLE_SCENARIO = 'timetable';
/** Days the real plan covers (as the page's coming-days schedule). */
export const TIMETABLE_DAYS = 30;

function v(field: string, code: string, en: string, zh: string): Violation {
  return { field, code: `gateway.${code}`, message: { en: `${field}: ${en}`, zh: `${field}：${zh}` } };
}

export const notFound = (what: string, id: string): Violation => ({
  field: what,
  code: 'gateway.not_found',
  message: {
    en: `no ${what} ${id}`,
    zh: `没有${what === 'gateway' ? '口岸' : what === 'scenario' ? '情景' : '记录'} ${id}`,
  },
});

/** The model of a reference-network gateway: its figures, moves at 50 boxes a train, round the clock. */
export function defaultModel(g: Gateway): GatewayModel {
  return {
    id: g.id,
    names: g.names,
    border: g.border,
    gaugeMm: g.gaugeMm,
    outbound: {
      trainsPerDay: g.trainsPerDay.outbound,
      movesPerDay: g.trainsPerDay.outbound * BOXES_PER_TRAIN,
    },
    inbound: { trainsPerDay: g.trainsPerDay.inbound, movesPerDay: g.trainsPerDay.inbound * BOXES_PER_TRAIN },
    transshipmentHours: g.transshipmentHours,
    shifts: ROUND_THE_CLOCK,
  };
}

/** Today's date in China (the border ports' working day). */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export class GatewayService {
  private readonly now: () => Date;
  private readonly scenarioDir: string;
  private readonly departures: GatewayServiceOptions['departures'];
  private readonly crossed: GatewayServiceOptions['crossed'];
  private scenarioCache: Promise<Scenario[]> | null = null;

  constructor(
    private readonly repo: GatewayRepository,
    private readonly network: { gateways(): Promise<Gateway[]>; routes?(): Promise<DemandRoute[]> },
    options: GatewayServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.scenarioDir = options.scenarioDir ?? DEFAULT_SCENARIO_DIR;
    this.departures = options.departures;
    this.crossed = options.crossed;
  }

  /**
   * The real demand: the timetable's departures through the border gateways over the coming
   * TIMETABLE_DAYS days (day 0 = today in China), quotas from the gateway calendars; null when the
   * timetable has no such departure.
   */
  async timetableScenario(): Promise<{
    info: ScenarioInfo;
    baseline: GatewayInstance;
    trainRoutes: Record<string, string>;
  } | null> {
    if (this.departures === undefined || this.network.routes === undefined) return null;
    const startDate = chinaDate(this.now());
    const [deps, routes, gateways, models, closures] = await Promise.all([
      this.departures({
        from: addDays(startDate, -LOOKBACK_DAYS),
        to: addDays(startDate, TIMETABLE_DAYS - 1),
      }),
      this.network.routes(),
      this.network.gateways(),
      this.repo.models(),
      this.repo.closures(),
    ]);
    const border = new Set(models.filter((m) => m.border).map((m) => m.id));
    const done = this.crossed ? await this.crossed(deps.map((d) => d.id)) : new Set<string>();
    const demand = demandFromDepartures(
      deps.filter((d) => !done.has(d.id)),
      routes,
      gateways.map((g) => ({ id: g.id, sides: g.sides, border: border.has(g.id) })),
      startDate,
      TIMETABLE_DAYS,
    );
    if (demand.instance.trains.length === 0) return null;
    const baseline = quotasFromModel(demand.instance, models, closures);
    return {
      baseline,
      trainRoutes: demand.trainRoutes,
      info: {
        id: TIMETABLE_SCENARIO,
        title: { en: "The timetable's departures", zh: '时刻表班列' },
        description: demand.instance.description ?? { en: '', zh: '' },
        sources: ['Lugang timetable', 'data/network gateways.json'],
        startDate,
        days: TIMETABLE_DAYS,
        gateways: baseline.gateways.map((g) => g.id),
        trains: baseline.trains.length,
        changes: [],
      },
    };
  }

  /** Gateway models from the reference network (run at every start; closures are kept). */
  async syncFromNetwork(): Promise<number> {
    const models = (await this.network.gateways()).map(defaultModel);
    await this.repo.upsertModels(models);
    return models.length;
  }

  async list(
    query: { from?: string; days?: number } = {},
  ): Promise<Result<{ from: string; items: GatewayView[] }>> {
    const from = query.from ?? chinaDate(this.now());
    if (dayNumber(from) === null)
      return fail(v('from', 'date', 'must be a date YYYY-MM-DD', '必须是日期 YYYY-MM-DD'));
    const days = query.days ?? 14;
    const [models, closures] = await Promise.all([this.repo.models(), this.repo.closures()]);
    return ok({
      from,
      items: models.map((m) => {
        const mine = closures.filter((c) => c.gateway === m.id);
        return { ...m, closures: mine, calendar: gatewayCalendar(m, mine, from, days) };
      }),
    });
  }

  async addClosure(gatewayId: string, input: ClosureInput, by: string | null): Promise<Result<Closure>> {
    const model = await this.repo.model(gatewayId);
    if (model === undefined) return fail(notFound('gateway', gatewayId));
    const a = dayNumber(input.from);
    const b = dayNumber(input.to);
    if (a === null) return fail(v('from', 'date', 'must be a date YYYY-MM-DD', '必须是日期 YYYY-MM-DD'));
    if (b === null) return fail(v('to', 'date', 'must be a date YYYY-MM-DD', '必须是日期 YYYY-MM-DD'));
    if (b < a)
      return fail(
        v(
          'to',
          'period',
          `(${input.to}) is before from (${input.from})`,
          `（${input.to}）早于开始日期（${input.from}）`,
        ),
      );
    if (b - a + 1 > MAX_CALENDAR_DAYS)
      return fail(
        v(
          'to',
          'period',
          `the period may last at most ${MAX_CALENDAR_DAYS} days`,
          `期限最长 ${MAX_CALENDAR_DAYS} 天`,
        ),
      );
    const direction = input.direction ?? 'both';
    const dirs = direction === 'both' ? (['outbound', 'inbound'] as const) : ([direction] as const);
    const normalTrains = Math.max(...dirs.map((d) => model[d].trainsPerDay));
    if (input.trainsPerDay > normalTrains) {
      return fail(
        v(
          'trainsPerDay',
          'not_reduced',
          `(${input.trainsPerDay}) exceeds the normal capacity of ${normalTrains} trains/day: a closure can only reduce it`,
          `（${input.trainsPerDay}）超过正常能力每天 ${normalTrains} 列：关闭或限流只能降低能力`,
        ),
      );
    }
    const normalMoves = Math.max(...dirs.map((d) => model[d].movesPerDay));
    if (input.movesPerDay != null && input.movesPerDay > normalMoves) {
      return fail(
        v(
          'movesPerDay',
          'not_reduced',
          `(${input.movesPerDay}) exceeds the normal ${normalMoves} container moves/day`,
          `（${input.movesPerDay}）超过正常的每天 ${normalMoves} 次集装箱作业`,
        ),
      );
    }
    const en = input.reason.en?.trim() ?? '';
    const zh = input.reason.zh?.trim() ?? '';
    if (en === '' && zh === '') {
      return fail(
        v(
          'reason',
          'reason',
          'give the reason in Chinese or English (or both)',
          '请用中文或英文（或两者）说明原因',
        ),
      );
    }
    const closure = await this.repo.insertClosure({
      id: `gcl_${randomUUID()}`,
      gateway: gatewayId,
      from: input.from,
      to: input.to,
      direction,
      trainsPerDay: input.trainsPerDay,
      movesPerDay: input.movesPerDay ?? null,
      reason: { en: en === '' ? zh : en, zh: zh === '' ? en : zh },
      createdBy: by,
    });
    return ok(closure);
  }

  async withdrawClosure(gatewayId: string, closureId: string, by: string | null): Promise<boolean> {
    return this.repo.withdrawClosure(gatewayId, closureId, by, this.now().toISOString());
  }

  private loadScenarios(): Promise<Scenario[]> {
    this.scenarioCache ??= (async () => {
      const files = (await readdir(this.scenarioDir)).filter((f) => f.endsWith('.json')).sort();
      const out: Scenario[] = [];
      for (const f of files) {
        const parsed = parseScenario(JSON.parse(await readFile(join(this.scenarioDir, f), 'utf8')));
        if (!parsed.ok) throw new Error(`scenario ${f}: ${parsed.error.message.en}`);
        out.push(parsed.value);
      }
      return out;
    })();
    return this.scenarioCache;
  }

  /** The shipped scenarios, after the real plan (`timetable`) when the timetable has departures. */
  async scenarios(): Promise<ScenarioInfo[]> {
    const real = await this.timetableScenario();
    return [...(real ? [real.info] : []), ...(await this.loadScenarios()).map(info)];
  }

  /**
   * Runs a shipped scenario: its changes, then any extra changes (later ones win). `onCalendar` moves
   * its trains to the coming days (day 0 = today in China) against the gateway calendars, with the
   * extra changes only.
   */
  async runScenario(
    id: string,
    extra: readonly CapacityChange[] = [],
    options: { onCalendar?: boolean } = {},
  ): Promise<Result<WhatIfAnswer> | null> {
    if (id === TIMETABLE_SCENARIO) {
      const real = await this.timetableScenario();
      if (real === null) return null;
      const r = runWhatIf(
        { baseline: real.baseline, changes: extra, trainRoutes: real.trainRoutes },
        { now: () => performance.now() },
      );
      return r.ok ? ok({ ...r.value, scenario: real.info }) : r;
    }
    const s = (await this.loadScenarios()).find((x) => x.id === id);
    if (s === undefined) return null;
    if (options.onCalendar) {
      // the scenario's demand over the coming days, against the gateway calendars (closures in force)
      const startDate = chinaDate(this.now());
      const [models, closures] = await Promise.all([this.repo.models(), this.repo.closures()]);
      const baseline = quotasFromModel(
        { ...s.baseline, id: `${s.id}-on-calendar`, startDate },
        models,
        closures,
      );
      const r = runWhatIf(
        { baseline, changes: extra, trainRoutes: s.trainRoutes },
        { now: () => performance.now() },
      );
      return r.ok ? ok({ ...r.value, scenario: info(s) }) : r;
    }
    const r = runWhatIf(
      { baseline: s.baseline, changes: [...s.changes, ...extra], trainRoutes: s.trainRoutes },
      { now: () => performance.now() },
    );
    if (r.ok) return ok({ ...r.value, scenario: info(s) });
    // name the caller's own change (its index in `changes` of the request), not the scenario's
    const m = /^changes\.(\d+)(.*)$/.exec(r.error.field);
    if (m === null || Number(m[1]) < s.changes.length) return r;
    const field = `changes.${Number(m[1]) - s.changes.length}${m[2]}`;
    const rename = (t: string) => t.replace(r.error.field, field);
    return fail({
      ...r.error,
      field,
      message: { en: rename(r.error.message.en), zh: rename(r.error.message.zh) },
    });
  }

  /** A what-if on a scenario's trains or a posted instance, with the given changes only. */
  async whatIf(req: WhatIfRequest): Promise<Result<WhatIfAnswer>> {
    let baseline: GatewayInstance;
    let routes = req.trainRoutes;
    let scenario: Scenario | null = null;
    if ((req.scenario === undefined) === (req.instance === undefined)) {
      return fail(
        v(
          'scenario',
          'source',
          'give either a scenario id or an instance (not both)',
          '请提供情景编号或实例（二选一）',
        ),
      );
    }
    if (req.scenario !== undefined) {
      scenario = (await this.loadScenarios()).find((x) => x.id === req.scenario) ?? null;
      if (scenario === null) return fail(notFound('scenario', req.scenario));
      baseline = scenario.baseline;
      routes ??= scenario.trainRoutes;
    } else {
      const parsed = parseGatewayInstance(req.instance);
      if (!parsed.ok) return fail({ ...parsed.error, field: `instance.${parsed.error.field}` });
      baseline = parsed.value;
      if (baseline.trains.length > MAX_WHATIF_TRAINS) {
        return fail(
          v(
            'instance.trains',
            'too_large',
            `a what-if takes at most ${MAX_WHATIF_TRAINS} trains`,
            `假设分析最多 ${MAX_WHATIF_TRAINS} 列`,
          ),
        );
      }
    }
    if (req.quotas === 'model') {
      if (baseline.startDate === undefined) {
        return fail(
          v(
            'instance.startDate',
            'no_start_date',
            'is required for quotas from the gateway calendars',
            '使用口岸日历的能力时必须提供',
          ),
        );
      }
      const [models, closures] = await Promise.all([this.repo.models(), this.repo.closures()]);
      baseline = quotasFromModel({ ...baseline, startDate: baseline.startDate }, models, closures);
    }
    const r = runWhatIf(
      { baseline, changes: req.changes ?? [], trainRoutes: routes },
      { now: () => performance.now() },
    );
    return r.ok ? ok({ ...r.value, scenario: scenario === null ? null : info(scenario) }) : r;
  }
}

function info(s: Scenario): ScenarioInfo {
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    sources: s.sources,
    startDate: s.baseline.startDate as string,
    days: s.baseline.days,
    gateways: s.baseline.gateways.map((g) => g.id),
    trains: s.baseline.trains.length,
    changes: s.changes,
  };
}
