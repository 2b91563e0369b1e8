/**
 * HTTP of the timetable: departure schedules per route (planners change them), generating the
 * concrete departures of a horizon, and reading them. The timetable is no tenant's data.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, ROLES } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { MAX_HORIZON_DAYS, type TimetableService } from './service';

const READ: Access = { roles: ROLES, scope: 'none' };
const CONFIGURE: Access = { roles: ['admin', 'planner'], scope: 'none' };
const GENERATE: Access = { roles: ['admin', 'planner', 'dispatcher'], scope: 'none' };

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD');

const ScheduleOut = z.object({
  routeId: z.string(),
  weekdays: z.array(z.number().int()).nullable(),
  everyDays: z.number().int().nullable(),
  anchorDate: z.string().nullable(),
  capacityTeu: z.number().int(),
  capacityKg: z.number().int(),
  minTeu: z.number().int(),
  active: z.boolean(),
});

export const DepartureOut = z.object({
  id: z.string(),
  routeId: z.string(),
  date: z.string(),
  capacityTeu: z.number().int(),
  capacityKg: z.number().int(),
  minTeu: z.number().int(),
  status: z.enum(['scheduled', 'cancelled']),
  running: z.boolean().nullable(),
  planId: z.string().nullable(),
});

export function timetableRoutes(service: TimetableService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/timetable/schedules',
      {
        config: { access: READ },
        schema: {
          tags: ['timetable'],
          summary: 'Departure schedule of every route: frequency, capacity, minimum fill',
          response: { 200: z.object({ items: z.array(ScheduleOut) }) },
        },
      },
      async () => {
        return {
          items: (await service.schedules()).map((s) => ({
            ...s,
            weekdays: s.weekdays ? [...s.weekdays] : null,
          })),
        };
      },
    );

    app.put(
      '/api/v1/timetable/schedules/:routeId',
      {
        config: { access: CONFIGURE },
        schema: {
          tags: ['timetable'],
          summary: 'Set the schedule of a route (weekdays or every N days; capacity; minimum TEU to run)',
          params: z.object({ routeId: z.string().min(1).max(64) }),
          body: z.object({
            weekdays: z.array(z.number().int()).nullable().optional(),
            everyDays: z.number().int().nullable().optional(),
            anchorDate: IsoDate.nullable().optional(),
            capacityTeu: z.number().int(),
            capacityKg: z.number().int(),
            minTeu: z.number().int(),
            active: z.boolean().optional(),
          }),
          response: { 200: ScheduleOut },
        },
      },
      async (request) => {
        const result = await service.setSchedule(request.params.routeId, request.body);
        if (!result.ok) {
          if (result.error.code === 'timetable.unknown_route') throw Problem.notFound(result.error.message);
          throw Problem.invalid(result.error);
        }
        const s = result.value;
        return { ...s, weekdays: s.weekdays ? [...s.weekdays] : null };
      },
    );

    app.post(
      '/api/v1/timetable/generate',
      {
        config: { access: GENERATE },
        schema: {
          tags: ['timetable'],
          summary: 'Generate the departures of every active schedule for a horizon (idempotent)',
          querystring: z.object({
            from: IsoDate,
            days: z.coerce.number().int().min(1).max(MAX_HORIZON_DAYS).default(14),
          }),
          response: {
            200: z.object({
              created: z.number().int(),
              existing: z.number().int(),
              departures: z.array(DepartureOut),
            }),
          },
        },
      },
      async (request) => {
        const result = await service.generate(request.query.from, request.query.days);
        if (!result.ok) throw Problem.invalid(result.error);
        return result.value;
      },
    );

    app.get(
      '/api/v1/timetable/departures',
      {
        config: { access: READ },
        schema: {
          tags: ['timetable'],
          summary: 'Departures between two dates (inclusive), optionally of one route',
          querystring: z.object({
            from: IsoDate.optional(),
            to: IsoDate.optional(),
            route: z.string().max(64).optional(),
          }),
          response: { 200: z.object({ items: z.array(DepartureOut) }) },
        },
      },
      async (request) => ({
        items: await service.departures({
          ...(request.query.from ? { from: request.query.from } : {}),
          ...(request.query.to ? { to: request.query.to } : {}),
          ...(request.query.route ? { routeId: request.query.route } : {}),
        }),
      }),
    );
  };
}
