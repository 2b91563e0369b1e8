/**
 * HTTP of plans from the database: run the consolidation plan over a horizon (stores it and the
 * assignments), read the latest, and plan/read a departure's train load plan. Planning reads every
 * organization's bookings, so only the port's planning roles reach it.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { writeXlsx } from '../../platform/sheets/sheets';
import { type BookingPlanService, MAX_PLAN_DAYS } from './plan-service';
import { XLSX_MIME } from './routes';
import type { ServiceResult } from './service';
import { toCsv } from './table';

const RUN: Access = { roles: ['admin', 'planner', 'dispatcher'], scope: 'all' };
const READ: Access = { roles: ['admin', 'planner', 'dispatcher', 'management'], scope: 'all' };

const Doc = z.record(z.string(), z.unknown());
const Bi = z.object({ en: z.string(), zh: z.string() });

const PlanOut = z.object({
  departures: z.array(
    z.object({
      id: z.string(),
      route: z.string(),
      date: z.string(),
      running: z.boolean(),
      bookings: z.number().int(),
      teu: z.number().int(),
      grossKg: z.number().int(),
      capacityTeu: z.number().int(),
      capacityKg: z.number().int(),
      minTeu: z.number().int(),
    }),
  ),
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  from: z.string(),
  days: z.number().int(),
  status: z.string(),
  objective: z.number(),
  bound: z.number().nullable(),
  solution: Doc.describe('lugang.consolidation.solution/v1'),
  instance: Doc.describe('lugang.consolidation.instance/v1 the plan was made from'),
});

const LoadPlanOut = z.object({
  id: z.string(),
  departureId: z.string(),
  createdAt: z.string(),
  status: z.string(),
  instance: Doc.describe('lugang.load-plan.instance/v1'),
  solution: Doc.describe('lugang.load-plan.solution/v1'),
});

function unwrap<T>(r: ServiceResult<T>): T {
  if (r.ok) return r.value;
  const first = r.violations[0]!;
  throw new Problem(r.status, first.message, r.status === 404 ? [] : r.violations, first.code);
}

export function bookingPlanRoutes(service: BookingPlanService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/v1/plans/consolidation/run',
      {
        config: { access: RUN },
        schema: {
          tags: ['planning'],
          summary: 'Consolidate the confirmed bookings onto the departures of a horizon and store the plan',
          description:
            'Builds lugang.consolidation.instance/v1 from the database (gateway quotas = outbound trains a ' +
            'day), keeps current assignments as pinned unless keepAssignments is false, stores the plan.',
          body: z.object({
            from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
            days: z.number().int().min(1).max(MAX_PLAN_DAYS),
            keepAssignments: z.boolean().optional(),
            timeLimitMs: z.number().int().min(10).max(60_000).optional(),
          }),
          response: {
            200: PlanOut.extend({
              excluded: z.array(z.object({ booking: z.string(), reason: Bi })),
              released: z.array(z.object({ booking: z.string(), departure: z.string(), reason: Bi })),
            }),
          },
        },
      },
      async (request) => unwrap(await service.runConsolidation(request.principal!.userId, request.body)),
    );

    app.get(
      '/api/v1/plans/consolidation/latest',
      {
        config: { access: READ },
        schema: {
          tags: ['planning'],
          summary: 'The latest stored consolidation plan',
          response: { 200: PlanOut },
        },
      },
      async () => {
        const p = await service.latest();
        if (!p)
          throw Problem.notFound({ en: 'no consolidation plan has been run yet', zh: '尚未运行集结计划' });
        return p;
      },
    );

    app.get(
      '/api/v1/plans/consolidation/latest/export',
      {
        config: { access: READ },
        schema: {
          tags: ['planning'],
          summary:
            'The latest consolidation plan as CSV or XLSX: one line per booking, where it rides or why not',
          querystring: z.object({
            format: z.enum(['csv', 'xlsx']).default('csv'),
            lang: z.enum(['en', 'zh']).default('en'),
          }),
        },
      },
      async (request, reply) => {
        const rows = await service.latestRows(request.query.lang);
        if (!rows)
          throw Problem.notFound({ en: 'no consolidation plan has been run yet', zh: '尚未运行集结计划' });
        if (request.query.format === 'xlsx')
          return reply
            .type(XLSX_MIME)
            .header('content-disposition', 'attachment; filename="plan.xlsx"')
            .send(await writeXlsx('plan', rows));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="plan.csv"')
          .send(toCsv(rows));
      },
    );

    const Params = z.object({ id: z.string().min(1).max(80) });

    app.post(
      '/api/v1/departures/:id/load-plan',
      {
        config: { access: RUN },
        schema: {
          tags: ['planning'],
          summary:
            "Plan the departure's train load from its assigned bookings and store it: NX70A wagons, or with gauge=1520 the re-plan onto 1520 mm platforms for the gauge change",
          params: Params,
          querystring: z.object({
            timeLimitMs: z.coerce.number().int().min(10).max(60_000).optional(),
            gauge: z
              .enum(['1435', '1520'])
              .optional()
              .describe('1520: re-plan onto 1520 mm wagons (13-1258-01)'),
          }),
          response: { 200: LoadPlanOut },
        },
      },
      async (request) =>
        unwrap(
          await service.runLoadPlan(
            request.principal!.userId,
            request.params.id,
            request.query.timeLimitMs,
            request.query.gauge === '1520' ? 1520 : 1435,
          ),
        ),
    );

    app.post(
      '/api/v1/departures/:id/cancel',
      {
        config: { access: RUN },
        schema: {
          tags: ['timetable'],
          summary: 'Cancel a departure; its bookings are released for the next plan',
          params: Params,
          response: { 200: z.object({ departureId: z.string(), released: z.number().int() }) },
        },
      },
      async (request) => unwrap(await service.cancelDeparture(request.params.id)),
    );

    app.get(
      '/api/v1/departures/:id/load-plan',
      {
        config: { access: READ },
        schema: {
          tags: ['planning'],
          summary: "The departure's latest load plan",
          params: Params,
          response: { 200: LoadPlanOut },
        },
      },
      async (request) => {
        const p = await service.latestLoadPlan(request.params.id);
        if (!p)
          throw Problem.notFound({
            en: `no load plan for ${request.params.id}`,
            zh: `班列 ${request.params.id} 没有装车方案`,
          });
        return p;
      },
    );
  };
}
