/**
 * HTTP of the border gateways: the gateway model with its calendars and closures (public read, like
 * the network), closures entered by border officers, dispatchers, planners and administrators, the shipped
 * what-if scenarios (public: fixed, bounded data) and what-if runs on posted trains (planning roles).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { CLOSURE_DIRECTIONS } from './calendar';
import { capacityChangeSchema } from './scenario';
import { type GatewayService, MAX_CALENDAR_DAYS } from './service';

const PUBLIC: Access = { roles: 'public', scope: 'none' };
const OFFICERS: Access = { roles: ['admin', 'planner', 'dispatcher', 'border-officer'], scope: 'none' };
const PLANNING: Access = {
  roles: ['admin', 'planner', 'dispatcher', 'management', 'border-officer'],
  scope: 'none',
};

const Bilingual = z.object({ en: z.string(), zh: z.string() });
const Capacity = z.object({ trainsPerDay: z.number().int(), movesPerDay: z.number().int() });
const DayCap = z.object({ trains: z.number().int(), moves: z.number().int() });

const Closure = z.object({
  id: z.string(),
  gateway: z.string(),
  from: z.string(),
  to: z.string(),
  direction: z.enum(CLOSURE_DIRECTIONS),
  trainsPerDay: z.number().int(),
  movesPerDay: z.number().int().nullable(),
  reason: Bilingual,
  createdAt: z.string(),
});

const GatewayOut = z.object({
  id: z.string(),
  names: z.object({ en: z.string(), zh: z.string(), ru: z.string() }),
  border: z.boolean(),
  gaugeMm: z.tuple([z.number(), z.number()]),
  outbound: Capacity,
  inbound: Capacity,
  transshipmentHours: z.number(),
  shifts: z.object({
    timeZone: z.string(),
    shifts: z.array(z.object({ id: z.string(), names: Bilingual, start: z.string(), hours: z.number() })),
    closedWeekdays: z.array(z.number().int()),
  }),
  closures: z.array(Closure),
  calendar: z.array(
    z.object({
      date: z.string(),
      outbound: DayCap,
      inbound: DayCap,
      state: z.enum(['open', 'reduced', 'closed']),
      closures: z.array(z.string()),
    }),
  ),
});

const Change = z.object({
  gateway: z.string(),
  from: z.string(),
  to: z.string(),
  trainsPerDay: z.number().int(),
  reason: Bilingual.optional(),
});

const PlanSummary = z.object({
  objective: z.number(),
  crossings: z.number().int(),
  unscheduled: z.number().int(),
  late: z.number().int(),
  maxWaiting: z.number().int(),
  totalDelayDays: z.number().int(),
  meanDelayDays: z.number(),
  days: z.array(
    z.object({
      day: z.number().int(),
      date: z.string().nullable(),
      arriving: z.number().int(),
      waiting: z.number().int(),
      gateways: z.record(
        z.string(),
        z.object({ quota: z.number().int(), crossing: z.number().int(), waiting: z.number().int() }),
      ),
    }),
  ),
});

const Where = z.object({ gateway: z.string(), day: z.number().int() }).nullable();
const Routed = z.object({ delayDays: z.number().int(), unscheduled: z.number().int() });

const ScenarioInfo = z.object({
  id: z.string(),
  title: Bilingual,
  description: Bilingual,
  sources: z.array(z.string()),
  startDate: z.string(),
  days: z.number().int(),
  gateways: z.array(z.string()),
  trains: z.number().int(),
  changes: z.array(Change),
});

const WhatIfOut = z.object({
  scenario: ScenarioInfo.nullable(),
  instanceId: z.string(),
  startDate: z.string().nullable(),
  days: z.number().int(),
  gateways: z.array(z.string()),
  changes: z.array(Change.extend({ fromDay: z.number().int(), toDay: z.number().int() })),
  baseline: PlanSummary.describe('the plan before the change'),
  held: PlanSummary.describe(
    'every train kept at its planned gateway, re-timed only: the queue the change produces',
  ),
  replan: PlanSummary.describe('the exact re-plan under the change (trains may switch gateway)'),
  switchedGateway: z.array(
    z.object({
      train: z.string(),
      before: Where,
      after: Where,
      delayChangeDays: z.number().int().nullable(),
    }),
  ),
  changedTrains: z.number().int(),
  routes: z.array(
    z.object({ route: z.string(), trains: z.number().int(), baseline: Routed, held: Routed, replan: Routed }),
  ),
  explanations: z
    .array(
      z.object({
        train: z.string(),
        route: z.string().nullable(),
        gateway: z.string().nullable(),
        day: z.number().int().nullable(),
        arrivalDay: z.number().int(),
        status: z.enum(['late', 'unscheduled']),
        code: z.string().nullable(),
        reason: Bilingual,
      }),
    )
    .describe('every late or unscheduled train of the re-plan and why, in English and Chinese'),
});

const Changes = z.array(capacityChangeSchema).max(200);

export function gatewayRoutes(service: GatewayService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['gateways'];

    app.get(
      '/api/v1/gateways',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary:
            'Gateways with capacity per direction, shift calendar, closures and the day-by-day calendar',
          querystring: z.object({
            from: z.iso.date().optional().describe('first calendar day (default: today, China time)'),
            days: z.coerce.number().int().min(1).max(MAX_CALENDAR_DAYS).optional().describe('default 14'),
          }),
          response: { 200: z.object({ from: z.string(), items: z.array(GatewayOut) }) },
        },
      },
      async (request) => {
        const r = await service.list(request.query);
        if (!r.ok) throw Problem.invalid(r.error);
        return r.value;
      },
    );

    app.post(
      '/api/v1/gateways/:id/closures',
      {
        config: { access: OFFICERS },
        schema: {
          tags,
          summary: 'Enter a closure (0 trains/day) or reduced-capacity period with its reason',
          params: z.object({ id: z.string().min(1).max(64) }),
          body: z.strictObject({
            from: z.iso.date(),
            to: z.iso.date().describe('last day, inclusive'),
            direction: z.enum(CLOSURE_DIRECTIONS).optional().describe('default both'),
            trainsPerDay: z.int().min(0).max(1000),
            movesPerDay: z.int().min(0).max(1_000_000).nullable().optional(),
            reason: z.strictObject({
              en: z.string().max(500).optional(),
              zh: z.string().max(500).optional(),
            }),
          }),
          response: { 201: Closure },
        },
      },
      async (request, reply) => {
        const r = await service.addClosure(
          request.params.id,
          request.body,
          request.principal?.username ?? null,
        );
        if (!r.ok) {
          if (r.error.code === 'gateway.not_found') throw Problem.notFound(r.error.message);
          throw Problem.invalid(r.error);
        }
        return reply.status(201).send(r.value);
      },
    );

    app.delete(
      '/api/v1/gateways/:id/closures/:closureId',
      {
        config: { access: OFFICERS },
        schema: {
          tags,
          summary: 'Withdraw a closure (kept on record as withdrawn)',
          params: z.object({ id: z.string().min(1).max(64), closureId: z.string().min(1).max(64) }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const done = await service.withdrawClosure(
          request.params.id,
          request.params.closureId,
          request.principal?.username ?? null,
        );
        if (!done) {
          throw Problem.notFound({
            en: `no closure ${request.params.closureId} in force at ${request.params.id}`,
            zh: `口岸 ${request.params.id} 没有有效的关闭记录 ${request.params.closureId}`,
          });
        }
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/gateways/scenarios',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'The shipped what-if scenarios (October 2021 drop, July 2022 stop)',
          response: { 200: z.object({ items: z.array(ScenarioInfo) }) },
        },
      },
      async () => ({ items: await service.scenarios() }),
    );

    app.post(
      '/api/v1/gateways/scenarios/:id/run',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Run a shipped scenario, optionally with extra closures or capacity changes (not stored)',
          params: z.object({ id: z.string().min(1).max(64) }),
          body: z
            .strictObject({
              changes: Changes.optional(),
              onCalendar: z
                .boolean()
                .optional()
                .describe("the scenario's trains over the coming days, against the gateway calendars"),
            })
            .nullish(),
          response: { 200: WhatIfOut },
        },
      },
      async (request) => {
        const r = await service.runScenario(request.params.id, request.body?.changes ?? [], {
          onCalendar: request.body?.onCalendar,
        });
        if (r === null) {
          throw Problem.notFound({
            en: `no scenario ${request.params.id}`,
            zh: `没有情景 ${request.params.id}`,
          });
        }
        if (!r.ok) throw Problem.invalid(r.error);
        return r.value;
      },
    );

    app.post(
      '/api/v1/gateways/what-if',
      {
        config: { access: PLANNING },
        schema: {
          tags,
          summary:
            'Re-plan trains (a scenario’s or a posted lugang.gateway.instance/v1) under capacity changes',
          body: z.strictObject({
            scenario: z.string().min(1).max(64).optional(),
            instance: z.record(z.string(), z.unknown()).optional().describe('lugang.gateway.instance/v1'),
            changes: Changes.optional(),
            trainRoutes: z.record(z.string(), z.string().max(64)).optional(),
            quotas: z
              .enum(['instance', 'model'])
              .optional()
              .describe('model: quotas from the gateway calendars'),
          }),
          response: { 200: WhatIfOut },
        },
      },
      async (request) => {
        const r = await service.whatIf(request.body);
        if (!r.ok) {
          if (r.error.code === 'gateway.not_found') throw Problem.notFound(r.error.message);
          throw Problem.invalid(r.error);
        }
        return r.value;
      },
    );
  };
}
