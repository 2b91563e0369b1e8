/**
 * HTTP of the cold chain: cargo profiles (everyone signed in reads them, planners edit them), a box's
 * profile for a journey ("reefers"), its temperatures for a sparkline, alarms with acknowledge, and the
 * compliance report as JSON, CSV or PDF. Tenant scope: planners, dispatchers, management (and admins)
 * see every tenant; shippers and forwarders see their own boxes only.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { containerNumberSchema } from '../../domain/codes/schemas';
import type { Result } from '../../domain/result';
import { type Access, ROLES } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { PROFILE_ID, profileInputSchema } from './profiles';
import { reportCsv, reportPdf } from './render';
import type { ColdChainService } from './service';

const PROFILE_READ: Access = { roles: ROLES, scope: 'none' };
const PROFILE_WRITE: Access = { roles: ['admin', 'planner'], scope: 'none' };
const READ: Access = {
  roles: ['admin', 'planner', 'dispatcher', 'management', 'shipper', 'forwarder'],
  scope: 'tenant',
};
const WRITE: Access = { roles: ['admin', 'planner', 'dispatcher', 'shipper', 'forwarder'], scope: 'tenant' };

const instant = z.iso.datetime({ offset: true });
const num = z.number();

const ProfileOut = z.object({
  id: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  minC: num,
  maxC: num,
  toleranceMinutes: z.number().int(),
  hysteresisC: num,
  clearMinutes: z.number().int(),
  silentMinutes: z
    .number()
    .int()
    .nullable()
    .describe('device-silent gap limit of this profile, minutes; null: the platform default'),
  source: z.string(),
  estimate: z.boolean(),
  version: z
    .number()
    .int()
    .describe('each edit makes a new version; a journey keeps the one it was assigned with'),
  builtin: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});

const AssignmentOut = z.object({
  id: z.string(),
  equipment: z.string(),
  organizationId: z.string(),
  profileId: z.string(),
  profileVersion: z.number().int().describe('the profile version that applies to this journey'),
  journey: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  createdBy: z.string(),
});

const Severity = z.enum(['minor', 'major', 'critical']);

const ReeferOut = AssignmentOut.extend({
  profile: ProfileOut.nullable(),
  latest: z.object({ time: z.string(), temperatureC: num }).nullable(),
  activeAlarms: z.number().int(),
  worstSeverity: Severity.nullable(),
});

const AlarmOut = z.object({
  id: z.string(),
  assignmentId: z.string(),
  equipment: z.string(),
  organizationId: z.string(),
  profileId: z.string(),
  kind: z
    .enum(['excursion', 'silent'])
    .describe('excursion: out of band past the tolerance; silent: the box’s devices stopped reporting'),
  status: z.enum(['open', 'acknowledged', 'cleared']),
  severity: Severity,
  direction: z.enum(['high', 'low']).nullable().describe('side of the band; null for a silent alarm'),
  startedAt: z.string(),
  raisedAt: z.string(),
  clearedAt: z.string().nullable(),
  minC: num,
  maxC: num,
  maxDeviationC: num,
  outMinutes: num,
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});

const ProfileParams = z.object({
  profileId: z.string().regex(PROFILE_ID, 'a profile id: 2–40 of a-z 0-9 -'),
});
const JourneyParams = z.object({ journeyId: z.uuid() });
const AlarmParams = z.object({ alarmId: z.uuid() });

function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  if (r.error.code === 'http.not_found') throw Problem.notFound(r.error.message);
  const status = /exists|overlap|ended/.test(r.error.code) ? 409 : 400;
  throw new Problem(status, r.error.message, [r.error], r.error.code);
}

export function coldchainRoutes(service: ColdChainService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['cold chain'];

    app.get(
      '/api/v1/coldchain/profiles',
      {
        config: { access: PROFILE_READ },
        schema: {
          tags,
          summary: 'Cargo temperature profiles (band, tolerance, hysteresis, source)',
          response: { 200: z.array(ProfileOut) },
        },
      },
      async () => service.listProfiles(),
    );

    app.post(
      '/api/v1/coldchain/profiles',
      {
        config: { access: PROFILE_WRITE },
        schema: {
          tags,
          summary: 'Add a cargo profile',
          body: profileInputSchema.extend({
            id: z.string().regex(PROFILE_ID, 'a profile id: 2–40 of a-z 0-9 -'),
          }),
          response: { 201: ProfileOut },
        },
      },
      async (request, reply) => {
        const { id, ...input } = request.body;
        return reply.status(201).send(unwrap(await service.createProfile(request.principal!, id, input)));
      },
    );

    app.put(
      '/api/v1/coldchain/profiles/:profileId',
      {
        config: { access: PROFILE_WRITE },
        schema: {
          tags,
          summary: 'Edit a cargo profile; journeys using it are re-evaluated',
          params: ProfileParams,
          body: profileInputSchema,
          response: { 200: ProfileOut },
        },
      },
      async (request) =>
        unwrap(await service.updateProfile(request.principal!, request.params.profileId, request.body)),
    );

    app.get(
      '/api/v1/coldchain/reefers',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Boxes with a cargo profile for a journey, with the latest temperature and active alarms',
          querystring: z.object({
            active: z
              .enum(['true', 'false'])
              .default('true')
              .transform((v) => v === 'true')
              .describe('only journeys not ended'),
            limit: z.coerce.number().int().min(1).max(500).default(200),
          }),
          response: { 200: z.array(ReeferOut) },
        },
      },
      async (request) => service.listReefers(request.principal!, request.query),
    );

    app.post(
      '/api/v1/coldchain/reefers',
      {
        config: { access: WRITE },
        schema: {
          tags,
          summary: 'Give a box a cargo profile for a journey (from startsAt, default now)',
          description:
            'Operators name the box owner (`organizationId`, default the port operator) — its alarms go to that tenant; shippers and forwarders assign their own boxes. Journeys of one box may not overlap (409).',
          body: z.object({
            equipment: containerNumberSchema,
            profileId: z
              .string()
              .regex(PROFILE_ID)
              .optional()
              .describe('absent: implied by hsCode / setpointC'),
            hsCode: z
              .string()
              .regex(/^\d{2,10}$/)
              .optional()
              .describe(
                'the cargo’s HS code (e.g. a booking’s): implies the profile when profileId is absent',
              ),
            setpointC: z
              .number()
              .min(-40)
              .max(40)
              .optional()
              .describe('the reefer setpoint; ≤ −15 °C implies frozen'),
            journey: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .describe('e.g. the departure URM-DUI-20261201 or a booking reference'),
            startsAt: instant.optional(),
            endsAt: instant.optional(),
            organizationId: z.string().min(1).max(64).optional(),
          }),
          response: { 201: AssignmentOut },
        },
      },
      async (request, reply) =>
        reply.status(201).send(unwrap(await service.assign(request.principal!, request.body))),
    );

    app.post(
      '/api/v1/coldchain/reefers/:journeyId/end',
      {
        config: { access: WRITE },
        schema: {
          tags,
          summary: 'End a box’s journey (at endsAt, default now)',
          params: JourneyParams,
          body: z.object({ endsAt: instant.optional() }).default({}),
          response: { 200: AssignmentOut },
        },
      },
      async (request) =>
        unwrap(await service.endJourney(request.principal!, request.params.journeyId, request.body.endsAt)),
    );

    app.get(
      '/api/v1/coldchain/reefers/:journeyId/temperatures',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'The journey’s temperatures, oldest first (the latest `limit` since `since`)',
          params: JourneyParams,
          querystring: z.object({
            since: instant.optional(),
            limit: z.coerce.number().int().min(1).max(5000).default(200),
          }),
          response: {
            200: z.object({
              assignment: AssignmentOut,
              points: z.array(z.object({ time: z.string(), temperatureC: num })),
            }),
          },
        },
      },
      async (request) =>
        unwrap(
          await service.journeyTemperatures(request.principal!, request.params.journeyId, {
            ...(request.query.since ? { since: request.query.since } : {}),
            limit: request.query.limit,
          }),
        ),
    );

    app.get(
      '/api/v1/coldchain/alarms',
      {
        config: { access: READ },
        schema: {
          tags,
          summary:
            'Cold-chain alarms, newest first (status: open, acknowledged, cleared; active = not cleared)',
          querystring: z.object({
            status: z.enum(['open', 'acknowledged', 'cleared', 'active']).optional(),
            kind: z.enum(['excursion', 'silent']).optional(),
            equipment: containerNumberSchema.optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(200),
          }),
          response: { 200: z.array(AlarmOut) },
        },
      },
      async (request) => service.listAlarms(request.principal!, request.query),
    );

    app.post(
      '/api/v1/coldchain/alarms/:alarmId/acknowledge',
      {
        config: { access: WRITE },
        schema: {
          tags,
          summary: 'Acknowledge an alarm (records who and when; the first acknowledgment stands)',
          params: AlarmParams,
          response: { 200: AlarmOut },
        },
      },
      async (request) => unwrap(await service.acknowledge(request.principal!, request.params.alarmId)),
    );

    app.get(
      '/api/v1/coldchain/reefers/:journeyId/report',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Compliance report of a box’s journey: JSON (default), CSV or PDF (format=csv|pdf)',
          description:
            'Time in and out of band, max deviation, mean kinetic temperature (ΔH/R = 10,000 K, USP <1079.2>), out-of-band runs, alarms. CSV is UTF-8 with BOM and bilingual headers; the PDF has Chinese and English labels.',
          params: JourneyParams,
          querystring: z.object({ format: z.enum(['json', 'csv', 'pdf']).default('json') }),
        },
      },
      async (request, reply) => {
        const r = unwrap(await service.report(request.principal!, request.params.journeyId));
        const name = `coldchain-${r.assignment.equipment}-${r.assignment.journey.replace(/[^A-Za-z0-9._-]/g, '_')}`;
        if (request.query.format === 'csv')
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(reportCsv(r));
        if (request.query.format === 'pdf')
          return reply
            .type('application/pdf')
            .header('content-disposition', `attachment; filename="${name}.pdf"`)
            .send(await reportPdf(r));
        return r;
      },
    );
  };
}
