/**
 * Use cases of the transshipment at the gauge change (issue 6 part 3): plan the re-load of departures
 * arriving at a gateway (their latest load plans, the boxes' owners from the bookings) onto trains of
 * the other gauge with the crane moves, keep it with its CIM/SMGS handover record, and tell tracking —
 * per box DISC, GBTS and LOAD under the box owner's tenancy, ARRI/DEPA of the trains. Border officers,
 * planners, dispatchers and management see every transshipment; forwarders and shippers only those
 * with their boxes, and only their boxes.
 */
import { randomBytes } from 'node:crypto';
import type { Gateway, Location, Route, TrainLimitsFile, WagonTypeRecord } from '../../domain/network/types';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import type { BookingPlanService, StoredLoadPlan } from '../booking/plan-service';
import type { BookingService } from '../booking/service';
import type { LoadPlanInstance } from '../planning/load/contract';
import type { Departure } from '../timetable/service';
import { byTenant, PORT_OPERATOR, trackable, transshipmentEvents } from './events';
import {
  type ConsignmentSource,
  type HandoverRecord,
  handoverRecord,
  type Party,
  recordFor,
  type Station,
  type Trilingual,
} from './handover';
import { ownerOf } from './owners';
import {
  type ArrivingTrain,
  type BoxLength,
  planTransshipment,
  type TransshipBox,
  type TransshipPlan,
  type TransshipRules,
} from './plan';
import type { TransshipmentRepository, TransshipmentRow } from './repository';
import { type TransshipmentView, transshipmentView } from './views';

export { ownerOf } from './owners';
export type { TransshipmentView } from './views';

/** Trains one transshipment may take (3 → 2 is the usual case). */
export const MAX_TRAINS = 6;

/**
 * Crane figures: 40 s per container at Alashankou (khabarasia 2024, whole-train transfer 1 h 30 min)
 * gives 90 moves an hour per crane; two cranes working a train at once is an estimate.
 */
export const DEFAULT_MOVES_PER_CRANE_HOUR = 90;
export const DEFAULT_CRANES = 2;

export interface TransshipInputBody {
  readonly departures: string[];
  readonly startAt?: string | undefined;
  readonly cranes?: number | undefined;
  readonly movesPerCraneHour?: number | undefined;
  /** Seal numbers found on the boxes at the border, by container number. */
  readonly seals?: Readonly<Record<string, string>> | undefined;
}

export interface EventsReport {
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
  /** Boxes without an ISO 6346 number (their bookings gave none): not tracked. */
  readonly untracked: number;
}

export interface TransshipmentDeps {
  readonly network: {
    gateways(): Promise<Gateway[]>;
    routes(): Promise<Route[]>;
    locations(): Promise<Location[]>;
    document(name: 'wagon-types' | 'train-limits'): Promise<unknown>;
  };
  readonly timetable: { departure(id: string): Promise<Departure | undefined> };
  readonly bookings: Pick<BookingService, 'list'>;
  readonly bookingPlans: Pick<BookingPlanService, 'latestLoadPlan' | 'runLoadPlan'>;
  readonly tracking: {
    recordPlatformEvents(
      organizationId: string,
      events: unknown[],
    ): Promise<{ stored: number; duplicates: number; quarantined: number }>;
  };
  readonly organizations: () => Promise<
    { id: string; name_en: string; name_zh: string; name_ru: string | null }[]
  >;
}

const SYSTEM: Principal = {
  kind: 'user',
  userId: 'system:transshipment',
  username: 'transshipment',
  organizationId: PORT_OPERATOR,
  organizationKind: 'port-operator',
  roles: ['admin'],
  tokenId: '',
};

export const v = (field: string, code: string, en: string, zh: string): Violation => ({
  field,
  code: `transshipment.${code}`,
  message: { en, zh },
});

/** Border officers work every transshipment; the cross-tenant roles see all too. */
export function seesAllTransshipments(p: Principal): boolean {
  return seesAllTenants(p) || p.roles.includes('border-officer');
}

function tri(names: { en: string; zh: string; ru?: string | null }): Trilingual {
  return { en: names.en, zh: names.zh, ru: names.ru ?? names.en };
}

/** How often the moves done since the last look are recorded as actual events. */
export const RECORD_EVERY_MS = 60_000;

export class TransshipmentService {
  private readonly now: () => Date;
  private timer: ReturnType<typeof setInterval> | null = null;
  private sweeping: Promise<unknown> = Promise.resolve();
  private lastSweep: Date | null = null;

  constructor(
    private readonly repo: TransshipmentRepository,
    private readonly deps: TransshipmentDeps,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  private async rules(cranes: number, rate: number): Promise<TransshipRules> {
    const [wagonDoc, limitsDoc] = await Promise.all([
      this.deps.network.document('wagon-types') as Promise<{ wagonTypes: WagonTypeRecord[] } | undefined>,
      this.deps.network.document('train-limits') as Promise<TrainLimitsFile | undefined>,
    ]);
    const limit = (id: string, fallback: number) =>
      limitsDoc?.limits.find((l) => l.id === id)?.limit.value ?? fallback;
    const type = (id: string) => wagonDoc?.wagonTypes.find((w) => w.id === id);
    const forty = type('13-1258-01');
    const long = type('13-6724');
    const maxWagons = limit('kz-max-wagons', 62);
    const fortyPayload = forty?.payloadKg.value ?? 72_000;
    return {
      fromGaugeMm: 1435,
      toGaugeMm: 1520,
      wagonTypes: [
        {
          code: '13-1258-01',
          // estimates (the data gives the payload only): a 40-ft platform about 13.6 m, 21 t tare
          lengthMm: forty?.lengthMm?.value ?? 13_620,
          tareKg: forty?.tareKg?.value ?? 21_000,
          maxPayloadKg: fortyPayload,
          platformFt: 40,
        },
        {
          code: '13-6724',
          // estimates: a 46-ft platform about 15.7 m, 22 t tare; it takes the 45-ft boxes
          lengthMm: long?.lengthMm?.value ?? 15_720,
          tareKg: long?.tareKg?.value ?? 22_000,
          maxPayloadKg: long?.payloadKg.value ?? 80_000,
          platformFt: 45,
        },
      ],
      maxWagons,
      trainMaxCargoKg: maxWagons * fortyPayload,
      pairMaxDiffKg: limit('cr-pair-difference', 5000),
      twentyFootMaxKg: limit('cr-twenty-in-pair', 24_000),
      dgFirstWagonsForbidden: 2,
      cranes,
      movesPerCraneHour: rate,
    };
  }

  /**
   * Plans the transshipment of the given departures (arriving at `gatewayId`) onto 1520 mm trains,
   * stores it and records the events. 404 unknown gateway or departure; 409 a departure that is not on
   * a route through this gateway, has no load, or was transshipped already.
   */
  async transship(
    principal: Principal | null,
    gatewayId: string,
    input: TransshipInputBody,
  ): Promise<
    | { ok: true; value: TransshipmentView & { events: EventsReport } }
    | { ok: false; status: 400 | 404 | 409; error: Violation }
  > {
    const no = (status: 400 | 404 | 409, error: Violation) => ({ ok: false as const, status, error });
    const [gateways, routes, locations] = await Promise.all([
      this.deps.network.gateways(),
      this.deps.network.routes(),
      this.deps.network.locations(),
    ]);
    const gateway = gateways.find((g) => g.id === gatewayId);
    if (gateway === undefined)
      return no(404, v('id', 'gateway_not_found', `no gateway ${gatewayId}`, `没有口岸 ${gatewayId}`));
    const ids = [...new Set(input.departures)];
    if (ids.length === 0 || ids.length > MAX_TRAINS)
      return no(
        400,
        v('departures', 'count', `give 1 to ${MAX_TRAINS} departures`, `请给出 1 至 ${MAX_TRAINS} 个班列`),
      );
    const startAt = input.startAt === undefined ? this.now() : new Date(input.startAt);
    if (Number.isNaN(startAt.getTime()))
      return no(400, v('startAt', 'instant', 'startAt is an ISO instant', 'startAt 须为 ISO 时间'));
    const taken = await this.repo.trainsTaken(ids);
    for (const [train, ts] of taken)
      return no(
        409,
        v(
          'departures',
          'already_transshipped',
          `departure ${train} was transshipped already (${ts})`,
          `班列 ${train} 已换装（${ts}）`,
        ),
      );

    const trains: ArrivingTrain[] = [];
    const consignments: ConsignmentSource[] = [];
    const grossKg: Record<string, number> = {};
    const owners: { box: string; organizationId: string }[] = [];
    const orgs = new Map((await this.deps.organizations()).map((o) => [o.id, o]));
    const party = (id: string): Party => {
      const o = orgs.get(id);
      return {
        id,
        names: o ? tri({ en: o.name_en, zh: o.name_zh, ru: o.name_ru }) : { en: id, zh: id, ru: id },
      };
    };
    const station = (code: string): Station => {
      const l = locations.find((x) => x.id === code) ?? locations.find((x) => x.unlocode === code);
      return {
        code,
        unlocode: l?.unlocode ?? null,
        names: l ? tri(l.names) : { en: code, zh: code, ru: code },
        railCode: l?.railCodes?.telegraph ?? (l?.railCodes?.esr ? `ESR ${l.railCodes.esr}` : null),
      };
    };
    for (const [i, id] of ids.entries()) {
      const field = `departures.${i}`;
      const dep = await this.deps.timetable.departure(id);
      if (dep === undefined)
        return no(404, v(field, 'departure_not_found', `no departure ${id}`, `没有班列 ${id}`));
      if (dep.status === 'cancelled')
        return no(409, v(field, 'cancelled', `departure ${id} is cancelled`, `班列 ${id} 已取消`));
      const route = routes.find((r) => r.id === dep.routeId);
      if (route?.gateway !== gatewayId)
        return no(
          409,
          v(
            field,
            'other_gateway',
            `departure ${id} (route ${dep.routeId}) does not cross ${gatewayId}`,
            `班列 ${id}（线路 ${dep.routeId}）不经 ${gatewayId}`,
          ),
        );
      let plan: StoredLoadPlan | undefined = await this.deps.bookingPlans.latestLoadPlan(id);
      if (plan === undefined) {
        const run = await this.deps.bookingPlans.runLoadPlan(principal?.userId ?? null, id, 1000, 1435);
        if (!run.ok)
          return no(
            409,
            v(
              field,
              'no_load',
              `departure ${id} has no load plan: ${run.violations[0]?.message.en ?? ''}`,
              `班列 ${id} 没有装载计划：${run.violations[0]?.message.zh ?? ''}`,
            ),
          );
        plan = run.value;
      }
      const { items } = await this.deps.bookings.list(
        SYSTEM,
        { departureId: id, status: 'confirmed' },
        { limit: 10_000, offset: 0 },
      );
      const inst = plan.instance as unknown as LoadPlanInstance;
      const owner = ownerOf(items);
      const boxesById = new Map(inst.containers.map((c) => [c.id, c]));
      const wagonOrder = new Map(inst.wagons.map((w, k) => [w.id, k]));
      const placements = [...plan.solution.placements].sort(
        (a, b) =>
          (wagonOrder.get(a.wagon) ?? 0) - (wagonOrder.get(b.wagon) ?? 0) || a.slot.localeCompare(b.slot),
      );
      const boxes: TransshipBox[] = [];
      const perBooking = new Map<string, Record<string, string>>();
      for (const p of placements) {
        const c = boxesById.get(p.container);
        if (c === undefined) continue;
        const b = owner(c.id);
        boxes.push({
          id: c.id,
          lengthFt: c.lengthFt as BoxLength,
          grossKg: c.grossKg,
          dg: c.dg,
          ...(c.reefer ? { reefer: true } : {}),
          owner: b?.booking.organizationId ?? PORT_OPERATOR,
          fromWagon: `${id}/${p.wagon}`,
        });
        grossKg[c.id] = c.grossKg;
        owners.push({ box: c.id, organizationId: b?.booking.organizationId ?? PORT_OPERATOR });
        if (b !== undefined) {
          const st = perBooking.get(b.booking.id) ?? {};
          st[c.id] = b.sizeType;
          perBooking.set(b.booking.id, st);
        }
      }
      if (boxes.length === 0)
        return no(409, v(field, 'no_load', `departure ${id} carries no box`, `班列 ${id} 未装载集装箱`));
      trains.push({ reference: id, boxes });
      for (const bk of items) {
        const sizeTypes = perBooking.get(bk.id);
        if (sizeTypes === undefined) continue;
        consignments.push({
          bookingId: bk.id,
          bookingReference: bk.reference,
          owner: bk.organizationId,
          sender: party(bk.shipperOrg ?? bk.organizationId),
          consignee: null,
          departure: station(bk.origin),
          destination: station(bk.destination),
          hsCode: bk.hsCode,
          departureId: id,
          sizeTypes,
          seals: Object.fromEntries(
            Object.keys(sizeTypes).flatMap((box) =>
              input.seals?.[box] ? [[box, input.seals[box] as string]] : [],
            ),
          ),
        });
      }
    }

    const rules = await this.rules(
      input.cranes ?? DEFAULT_CRANES,
      input.movesPerCraneHour ?? DEFAULT_MOVES_PER_CRANE_HOUR,
    );
    const id = `TS-${gatewayId}-${startAt.toISOString().replace(/[-:T]/g, '').slice(0, 12)}-${randomBytes(2).toString('hex')}`;
    const plan = planTransshipment(
      { id, startAt: startAt.toISOString(), trains, rules },
      { now: () => performance.now() },
      { timeLimitMs: 1000 },
    );
    const [sideA, sideB] = gateway.sides;
    const record = handoverRecord(plan, {
      gateway: { id: gateway.id, names: tri(gateway.names) },
      handingOver: station(sideA),
      receiving: station(sideB),
      consignments,
      grossKg,
    });
    const stored = await this.repo.insert(
      {
        id,
        gatewayId,
        direction: 'outbound',
        createdBy: principal?.username ?? null,
        plan,
        record,
      },
      owners,
    );
    if (!stored)
      return no(
        409,
        v(
          'departures',
          'already_transshipped',
          'one of the departures was transshipped meanwhile',
          '其中一个班列已同时被换装',
        ),
      );
    const events = await this.recordEvents(plan, gateway);
    const row = (await this.repo.get(id)) as TransshipmentRow;
    return { ok: true, value: { ...this.view(row, null), events } };
  }

  private location(gateway: Gateway, locations?: Location[]): string {
    // the gateway's UN/LOCODE: the side that has one (CNAKL, CNHRS; Dostyk and Altynkol have none)
    const [a, b] = gateway.sides;
    const code = (id: string) =>
      locations?.find((l) => l.id === id)?.unlocode ?? (/^[A-Z]{2}[A-Z2-9]{3}$/.test(id) ? id : null);
    return code(a) ?? code(b) ?? a;
  }

  private async recordEvents(plan: TransshipPlan, gateway: Gateway): Promise<EventsReport> {
    const locations = await this.deps.network.locations();
    const events = transshipmentEvents(plan, this.location(gateway, locations), this.now());
    let stored = 0;
    let duplicates = 0;
    let quarantined = 0;
    for (const batch of byTenant(events)) {
      const r = await this.deps.tracking.recordPlatformEvents(batch.organizationId, batch.events);
      stored += r.stored;
      duplicates += r.duplicates;
      quarantined += r.quarantined;
    }
    const untracked = [...plan.legs, ...plan.held].filter((x) => !trackable(x.box)).length;
    return { stored, duplicates, quarantined, untracked };
  }

  /**
   * Records, for every transshipment worked since the last sweep, the moves done by now as actual
   * events (each event once: the ids are deterministic). Returns how many events were stored.
   */
  async recordDue(): Promise<number> {
    const now = this.now();
    const since = this.lastSweep ?? new Date(now.getTime() - 2 * RECORD_EVERY_MS);
    this.lastSweep = now;
    const rows = await this.repo.running(since.toISOString(), now.toISOString());
    if (rows.length === 0) return 0;
    const gateways = await this.deps.network.gateways();
    let stored = 0;
    for (const row of rows) {
      const g = gateways.find((x) => x.id === row.gatewayId);
      if (g !== undefined) stored += (await this.recordEvents(row.plan, g)).stored;
    }
    return stored;
  }

  /** Of these departures, the ones transshipped already (they have crossed their gateway). */
  async crossed(ids: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set((await this.repo.trainsTaken(ids)).keys());
  }

  /** Starts the periodic recording of moves done (every RECORD_EVERY_MS); stop() ends it. */
  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      this.sweeping = this.sweeping.then(() => this.recordDue()).catch(() => 0);
    }, RECORD_EVERY_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Resolves when a sweep under way has finished (call after stop(), before closing the database). */
  settled(): Promise<unknown> {
    return this.sweeping;
  }

  /** Records the events of a transshipment again at the current time: moves now done become ACT. */
  async recordProgress(
    principal: Principal,
    id: string,
  ): Promise<Result<TransshipmentView & { events: EventsReport }>> {
    const row = await this.repo.get(id);
    if (row === undefined || !(await this.visible(principal, row))) return fail(notFound(id));
    const gateway = (await this.deps.network.gateways()).find((g) => g.id === row.gatewayId);
    if (gateway === undefined) return fail(notFound(id));
    const events = await this.recordEvents(row.plan, gateway);
    return ok({ ...this.view(row, this.tenantOf(principal)), events });
  }

  private tenantOf(p: Principal): string | null {
    return seesAllTransshipments(p) ? null : p.organizationId;
  }

  private async visible(p: Principal, row: TransshipmentRow): Promise<boolean> {
    const org = this.tenantOf(p);
    return org === null || (await this.repo.hasBoxOf(row.id, org));
  }

  async list(
    principal: Principal,
    query: { gatewayId?: string | undefined; limit?: number | undefined },
  ): Promise<TransshipmentView[]> {
    const org = this.tenantOf(principal);
    const rows = await this.repo.list({
      ...(query.gatewayId !== undefined ? { gatewayId: query.gatewayId } : {}),
      ...(org !== null ? { organizationId: org } : {}),
      limit: query.limit ?? 50,
    });
    return rows.map((r) => this.view(r, org));
  }

  async get(principal: Principal, id: string): Promise<TransshipmentView | undefined> {
    const row = await this.repo.get(id);
    if (row === undefined || !(await this.visible(principal, row))) return undefined;
    return this.view(row, this.tenantOf(principal));
  }

  async record(principal: Principal, id: string): Promise<HandoverRecord | undefined> {
    const row = await this.repo.get(id);
    if (row === undefined || !(await this.visible(principal, row))) return undefined;
    return recordFor(row.record, this.tenantOf(principal));
  }

  /** The stored plan seen by one tenant (null = all): only its boxes' legs, moves and placements. */
  view(row: TransshipmentRow, org: string | null): TransshipmentView {
    return transshipmentView(row, org, this.now());
  }
}

export const notFound = (id: string): Violation =>
  v('id', 'not_found', `no transshipment ${id}`, `没有换装记录 ${id}`);
