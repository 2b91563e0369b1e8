/**
 * HTTP of the live picture and the statistics: KPI board, live trains, border ports, assembly
 * center, statistics of a period with the trace of every cell (the trains and events it counts) and
 * CSV/XLSX export. Port-wide operational figures: roles that watch the port, every tenant.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { statisticsTables, toCsv, toXlsx } from './export';
import { addDays, chinaDay, type Period } from './figures';
import type { OperationsService } from './service';

export const LIVE_ROLES = [
  'admin',
  'planner',
  'dispatcher',
  'management',
  'border-officer',
  'customs-officer',
] as const;
const LIVE: Access = { roles: LIVE_ROLES, scope: 'all' };
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD');
const Names = z.object({ en: z.string(), zh: z.string() });
const Ref = z.object({
  deviceId: z.string(),
  eventId: z.string(),
  eventTime: z.string(),
  eventCode: z.string(),
  location: z.string().nullable(),
});
const Phase = z.enum(['forming', 'running', 'waiting', 'transshipping', 'arrived']);
const Triple = z.object({ today: z.number(), year: z.number(), total: z.number() });

export const KpisOut = z.object({
  asOf: z
    .string()
    .describe(
      'the "now" the figures count on: the wall clock, or while a digital twin feeds the platform and lags behind, its simulated time (the earlier of the two)',
    ),
  day: z.string().describe('the China (UTC+8) day of asOf: the day the "today" figures count'),
  dispatched: Triple.describe('trains dispatched (DEPA at the route origin)'),
  teu: Triple,
  activeRoutes: z.number(),
  citiesReached: z.number(),
  countriesReached: z.number(),
  goodsCategories: z.number().describe('distinct HS headings of the bookings on dispatched trains'),
  onTime: z.object({ arrived: z.number(), onTime: z.number(), pct: z.number().nullable() }),
  waitingAtBorder: z.number(),
  inTransshipment: z.number(),
  running: z.number(),
  forming: z.number(),
});

const Dimension = z.enum(['route', 'country', 'city', 'month', 'chapter', 'all']);

const BorderTrain = z.object({
  id: z.string(),
  routeId: z.string().nullable(),
  arrivedAt: z.string(),
  boxes: z.number(),
  transshipped: z.number(),
  progress: z.number(),
});
const Row = z.object({ key: z.string(), label: Names, trains: z.number(), teu: z.number() });

export const TrainsOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      routeId: z.string().nullable(),
      phase: Phase,
      lat: z.number().nullable(),
      lon: z.number().nullable(),
      positionTime: z.string().nullable(),
      dispatchedAt: z.string().nullable(),
      gatewayId: z.string().nullable(),
      boxes: z.number(),
    }),
  ),
});

export const TrainEventsOut = z.object({
  items: z.array(
    z.object({
      deviceId: z.string(),
      eventId: z.string(),
      eventType: z.string(),
      eventCode: z.string(),
      eventTime: z.string(),
      equipment: z.string().nullable(),
      location: z.string().nullable(),
    }),
  ),
});

export const BorderOut = z.object({
  day: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      names: Names,
      waiting: z.array(BorderTrain),
      transshipping: z.array(BorderTrain),
      crossedToday: z.number(),
      crossedTodayTrains: z.array(z.string()),
      crossedInboundToday: z.number(),
      capacityToday: z.number(),
      overdue: z
        .number()
        .describe('trains past their planned arrival with no position: spread under the capacity'),
      forecast: z.array(
        z.object({
          day: z.string(),
          arriving: z.number(),
          capacity: z.number(),
          crossing: z.number(),
          queue: z.number(),
        }),
      ),
    }),
  ),
});

export const AssemblyOut = z.object({
  day: z.string(),
  gate: z.object({
    inToday: z.number(),
    outToday: z.number(),
    lastHourIn: z.number(),
    lastHourOut: z.number(),
  }),
  yard: z.object({
    boxes: z.number(),
    teu: z.number(),
    capacityTeu: z.number(),
    blocks: z.array(
      z.object({
        id: z.string(),
        label: Names,
        boxes: z.number(),
        teu: z.number(),
        capacityTeu: z.number(),
        occupancy: z.number(),
      }),
    ),
  }),
  tracks: z.array(
    z.object({
      track: z.number(),
      id: z.string().nullable(),
      routeId: z.string().nullable().optional(),
      boxes: z.number().optional(),
      teu: z.number().optional(),
      capacityTeu: z.number().optional(),
      fill: z.number().optional(),
    }),
  ),
  nextDepartures: z.array(
    z.object({
      id: z.string(),
      routeId: z.string(),
      date: z.string(),
      capacityTeu: z.number(),
      status: z.enum(['scheduled', 'cancelled']),
      loadedTeu: z.number(),
    }),
  ),
});

export const StatisticsOut = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  totals: z.object({
    trains: z.number(),
    teu: z.number(),
    cumulativeTrains: z.number(),
    routes: z.number(),
    cities: z.number(),
    countries: z.number(),
    goodsCategories: z.number(),
    assumedBoxes: z.number(),
  }),
  byRoute: z.array(Row),
  byCountry: z.array(Row),
  byCity: z.array(Row),
  byMonth: z.array(
    z.object({
      month: z.string(),
      trains: z.number(),
      teu: z.number(),
      cumulativeTrains: z.number(),
    }),
  ),
  goods: z.array(
    z.object({
      chapter: z.string(),
      direction: z.enum(['export', 'import', 'transit']),
      bookings: z.number(),
      teu: z.number(),
    }),
  ),
});

export const TraceOut = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  dimension: Dimension,
  key: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      routeId: z.string().nullable(),
      dispatched: Ref,
      arrived: Ref.nullable(),
      onTime: z.boolean().nullable(),
      boxes: z.number(),
      teu: z.number(),
      assumedBoxes: z.number(),
      bookings: z.array(
        z.object({
          bookingId: z.string(),
          hsCode: z.string(),
          teu: z.number(),
          direction: z.string(),
        }),
      ),
    }),
  ),
});

const PeriodQuery = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

function periodOf(q: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const to = q.to ?? chinaDay(now);
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  const bad = (field: string, en: string, zh: string) =>
    Problem.invalid({ field, code: 'ops.period', message: { en, zh } });
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`)))
    throw bad('from', 'from/to must be real dates', 'from/to 须为有效日期');
  if (from > to) throw bad('from', 'from must not be after to', '起始日不能晚于截止日');
  if (from < addDays(to, -3700)) throw bad('from', 'a period is at most ten years', '统计期最长十年');
  return { from, to };
}

export function operationsRoutes(
  service: OperationsService,
  now: () => Date = () => service.clock(),
): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/ops/kpis',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: 'The KPI board: trains dispatched today / this year / in total, TEU, routes, on time …',
          response: { 200: KpisOut },
        },
      },
      async () => service.kpis(),
    );

    app.get(
      '/api/v1/ops/trains',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: 'Every train known from its events: phase and latest position',
          response: {
            200: TrainsOut,
          },
        },
      },
      async () => ({ items: await service.liveTrains() }),
    );

    app.get(
      '/api/v1/ops/trains/:id/events',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: "The events a train's figures come from (DEPA/ARRI, LOAD/DISC/GBTS), oldest first",
          params: z.object({ id: z.string().min(1).max(35) }),
          response: {
            200: TrainEventsOut,
          },
        },
      },
      async (request) => {
        const events = await service.trainEvents(request.params.id);
        if (!events)
          throw Problem.notFound({
            en: `no events of train ${request.params.id}`,
            zh: `没有列车 ${request.params.id} 的事件`,
          });
        return { items: events };
      },
    );

    app.get(
      '/api/v1/ops/border',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: 'Border ports: trains waiting, in transshipment, crossed today, queue forecast',
          querystring: z.object({ days: z.coerce.number().int().min(1).max(30).default(7) }),
          response: {
            200: BorderOut,
          },
        },
      },
      async (request) => service.border(request.query.days),
    );

    app.get(
      '/api/v1/ops/assembly',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: 'Assembly center: gate moves, yard blocks, loading tracks, next departures',
          response: {
            200: AssemblyOut,
          },
        },
      },
      async () => service.assembly(),
    );

    app.get(
      '/api/v1/ops/statistics',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: 'Statistics of a period (China days, inclusive; default: this year to today)',
          querystring: PeriodQuery,
          response: {
            200: StatisticsOut,
          },
        },
      },
      async (request) => service.statistics(periodOf(request.query, now())),
    );

    app.get(
      '/api/v1/ops/statistics/trace',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: 'The trains (and their DEPA/ARRI events and bookings) one statistics cell counts',
          querystring: PeriodQuery.extend({
            dimension: Dimension.default('all'),
            key: z.string().max(64).default(''),
          }),
          response: {
            200: TraceOut,
          },
        },
      },
      async (request) => {
        const period = periodOf(request.query, now());
        const { dimension, key } = request.query;
        return { period, dimension, key, items: await service.trace(period, dimension, key) };
      },
    );

    app.get(
      '/api/v1/ops/statistics/export',
      {
        config: { access: LIVE },
        schema: {
          tags: ['operations'],
          summary: 'The statistics of a period as CSV (all tables, one after another) or XLSX (a sheet each)',
          querystring: PeriodQuery.extend({
            format: z.enum(['csv', 'xlsx']).default('csv'),
            lang: z.enum(['en', 'zh']).default('en'),
          }),
        },
      },
      async (request, reply) => {
        const period = periodOf(request.query, now());
        const tables = statisticsTables(await service.statistics(period), request.query.lang);
        const name = `lugang-statistics-${period.from}-${period.to}`;
        if (request.query.format === 'xlsx')
          return reply
            .type(XLSX_MIME)
            .header('content-disposition', `attachment; filename="${name}.xlsx"`)
            .send(await toXlsx(tables));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(toCsv(tables));
      },
    );
  };
}
