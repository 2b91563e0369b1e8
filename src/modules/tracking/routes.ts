/**
 * HTTP of the tracking ingest (docs/devices.md): devices post readings and events with their secret
 * as bearer (`Idempotency-Key` as Stripe has it); users read readings back, tenant-scoped, by device
 * or by box, with a time range and cursor pages, and the latest reading of a box.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { containerNumberSchema } from '../../domain/codes/schemas';
import { type Access, type Principal, ROLES } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { violationsFromIssues } from '../../platform/http/zod-issues';
import {
  CLASSIFIERS,
  EQUIPMENT_CODES,
  EVENT_TYPES,
  eventsPayloadSchema,
  IOT_CODES,
  REEFER_CODES,
  TRANSPORT_CODES,
  trackingEventSchema,
} from './events';
import { instantSchema, readingSchema, readingsPayloadSchema } from './readings';
import type { HttpIngestAnswer, TrackingService } from './service';
import { DEVICE_ID, type IngestKind } from './topics';

const DEVICE: Access = { roles: 'device', scope: 'tenant' };
const READERS: Access = { roles: ROLES, scope: 'tenant' };
const OPERATORS: Access = { roles: ['admin', 'dispatcher', 'management', 'planner'], scope: 'tenant' };

const DeviceParams = z.object({
  deviceId: z.string().regex(DEVICE_ID, 'a device id: 2–64 letters, digits, . _ -'),
});
const EquipmentParams = z.object({ equipmentId: containerNumberSchema });

const Reason = z.object({
  field: z.string(),
  code: z.string(),
  message: z.object({ en: z.string(), zh: z.string() }),
  details: z.record(z.string(), z.unknown()).optional(),
});

const Outcome = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  quarantined: z.number().int(),
  results: z.array(
    z.object({
      key: z.string().nullable().describe('the reading’s seq or the event’s eventId'),
      outcome: z.enum(['stored', 'duplicate', 'quarantined']),
      reason: Reason.optional(),
    }),
  ),
});

const ReadingOut = z.object({
  deviceId: z.string(),
  seq: z.number().int(),
  time: z.string(),
  equipment: z.string().optional(),
  temperatureC: z.number().optional(),
  setpointC: z.number().optional(),
  humidityPct: z.number().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  via: z.enum(['http', 'mqtt']).optional(),
  receivedAt: z.string().optional(),
});

const Page = z.object({ items: z.array(ReadingOut), nextCursor: z.string().nullable() });

const PageQuery = z.object({
  from: instantSchema.optional().describe('device time ≥ from'),
  to: instantSchema.optional().describe('device time < to'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const INGEST_DESCRIPTION =
  'One object or an array (≤ 1,000). Answered only after the items are committed. Each item is ' +
  'stored, a duplicate (same seq / eventId: acknowledged, not stored twice) or quarantined with its ' +
  'reason (future-dated, impossible values). Optional `Idempotency-Key` header (≤ 255 chars): the ' +
  'same key with the same body replays the stored answer (header `Idempotent-Replayed: true`); with ' +
  'another body it is a 422. Keys are kept 24 h.';

/** A comma-separated list of allowed words (`eventType=TRANSPORT,EQUIPMENT`). */
function list<T extends string>(allowed: readonly T[], what: string) {
  return z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x.length > 0),
    )
    .refine((xs) => xs.every((x) => (allowed as readonly string[]).includes(x)), {
      message: `${what}: comma-separated, each one of ${allowed.join(', ')}`,
    })
    .transform((xs) => xs as T[]);
}

const EventsQuery = z.object({
  equipmentReference: containerNumberSchema.optional().describe('the box (ISO 6346)'),
  trainReference: z
    .string()
    .min(1)
    .max(35)
    .optional()
    .describe('the train (departure id, e.g. URM-DUI-20261201)'),
  eventType: list(EVENT_TYPES, 'eventType').optional(),
  transportEventTypeCode: list(TRANSPORT_CODES, 'transportEventTypeCode').optional(),
  equipmentEventTypeCode: list(EQUIPMENT_CODES, 'equipmentEventTypeCode').optional(),
  reeferEventTypeCode: list(REEFER_CODES, 'reeferEventTypeCode').optional(),
  iotEventTypeCode: list(IOT_CODES, 'iotEventTypeCode').optional(),
  eventClassifierCode: list(CLASSIFIERS, 'eventClassifierCode').optional(),
  UNLocationCode: z
    .string()
    .regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'a UN/LOCODE of 5 characters')
    .optional()
    .describe('where (UN/LOCODE)'),
  'eventDateTime:gte': instantSchema.optional().describe('event time ≥ this'),
  'eventDateTime:lt': instantSchema.optional().describe('event time < this'),
  retracted: z
    .enum(['exclude', 'include'])
    .default('exclude')
    .describe(
      'exclude (default): the current view, without retracted events and retractions; include: all, retracted ones marked',
    ),
  cursor: z.string().max(100).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const EventItem = z
  .object({
    eventId: z.string(),
    eventType: z.string(),
    eventDateTime: z.string(),
    eventCreatedDateTime: z.string(),
    deviceId: z.string(),
    retracted: z.boolean().optional(),
  })
  .catchall(z.unknown());

function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 255) {
    throw Problem.invalid({
      field: 'Idempotency-Key',
      code: 'idempotency.key',
      message: { en: 'Idempotency-Key must have 1–255 characters', zh: 'Idempotency-Key 须为 1–255 个字符' },
    });
  }
  return key;
}

/**
 * The body schema is "one object or an array", whose zod error is an unhelpful union error; the
 * routes attach validation errors and re-validate against the branch the body chose, so the 400
 * names the field (`0.seq`, `eventDateTime` …).
 */
function invalidBody(kind: IngestKind, body: unknown): Problem {
  const item = kind === 'readings' ? readingSchema : trackingEventSchema;
  const schema = Array.isArray(body) ? z.array(item).min(1).max(1000) : item;
  const parsed = schema.safeParse(body);
  const issues = parsed.success
    ? [{ keyword: 'invalid_type', instancePath: '/', message: 'expected an object or an array of them' }]
    : parsed.error.issues.map((issue) => {
        const { path, code, message, ...params } = issue;
        return { keyword: code, instancePath: `/${path.join('/')}`, message, params };
      });
  const violations = violationsFromIssues(issues, 'body');
  const first = violations[0]!;
  const detail = {
    en: `${first.field || 'body'}: ${first.message.en}`,
    zh: `${first.field || '请求体'}：${first.message.zh}`,
  };
  return new Problem(400, detail, violations, first.code);
}

function ownDevice(request: FastifyRequest, deviceId: string) {
  const device = request.device;
  if (!device || device.deviceId !== deviceId) {
    throw new Problem(
      403,
      {
        en: `This secret belongs to another device: a device may post only under its own id.`,
        zh: '该密钥属于其他设备：设备只能以自己的编号上报。',
      },
      [],
      'device.not_own',
    );
  }
  return device;
}

function send(reply: FastifyReply, answer: HttpIngestAnswer) {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(answer.status).send(answer.body);
}

function principal(request: FastifyRequest): Principal {
  return request.principal!;
}

export function trackingRoutes(service: TrackingService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // a device posting under another id is refused before its body is even read
    const preValidation = async (request: FastifyRequest) => {
      ownDevice(request, (request.params as { deviceId: string }).deviceId);
    };
    const ingest = (kind: IngestKind) => async (request: FastifyRequest, reply: FastifyReply) => {
      const { deviceId } = request.params as { deviceId: string };
      const device = ownDevice(request, deviceId);
      if (request.validationError) {
        if ((request.validationError as { validationContext?: string }).validationContext === 'body')
          throw invalidBody(kind, request.body);
        throw request.validationError;
      }
      const result = await service.ingestHttp(device, kind, request.body, idempotencyKey(request));
      if (!result.ok) {
        const status = result.error.code === 'idempotency.in_progress' ? 409 : 422;
        throw new Problem(status, result.error.message, [result.error], result.error.code);
      }
      return send(reply, result.value);
    };

    app.post(
      '/api/v1/devices/:deviceId/readings',
      {
        config: { access: DEVICE },
        preValidation,
        attachValidation: true,
        schema: {
          tags: ['tracking'],
          summary: 'A device posts readings (device secret as bearer)',
          description: INGEST_DESCRIPTION,
          params: DeviceParams,
          body: readingsPayloadSchema,
          response: { 200: Outcome },
        },
      },
      ingest('readings'),
    );

    app.post(
      '/api/v1/devices/:deviceId/events',
      {
        config: { access: DEVICE },
        preValidation,
        attachValidation: true,
        schema: {
          tags: ['tracking'],
          summary: 'A device posts tracking events (DCSA vocabulary; device secret as bearer)',
          description: INGEST_DESCRIPTION,
          params: DeviceParams,
          body: eventsPayloadSchema,
          response: { 200: Outcome },
        },
      },
      ingest('events'),
    );

    app.get(
      '/api/v1/devices/:deviceId/readings',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary: 'Readings of a device, in device-time order, one page at a time',
          params: DeviceParams,
          querystring: PageQuery,
          response: { 200: Page },
        },
      },
      async (request) => {
        const p = principal(request);
        if (!(await service.visibleDevice(p, request.params.deviceId)))
          throw Problem.notFound({
            en: `No device ${request.params.deviceId}`,
            zh: `没有设备 ${request.params.deviceId}`,
          });
        const page = await service.listReadings(p, { ...request.query, deviceId: request.params.deviceId });
        if (!page.ok) throw Problem.invalid(page.error);
        return page.value;
      },
    );

    app.get(
      '/api/v1/equipment/:equipmentId/readings',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary:
            'Readings of a box (ISO 6346), from every device of the caller’s tenant, in device-time order',
          params: EquipmentParams,
          querystring: PageQuery,
          response: { 200: Page },
        },
      },
      async (request) => {
        const page = await service.listReadings(principal(request), {
          ...request.query,
          equipment: request.params.equipmentId,
        });
        if (!page.ok) throw Problem.invalid(page.error);
        return page.value;
      },
    );

    app.get(
      '/api/v1/equipment/:equipmentId/latest',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary: 'The newest reading of a box by device time (not by arrival)',
          params: EquipmentParams,
          response: { 200: ReadingOut },
        },
      },
      async (request) => {
        const latest = await service.latest(principal(request), request.params.equipmentId);
        if (!latest)
          throw Problem.notFound({
            en: `No reading of ${request.params.equipmentId}`,
            zh: `没有 ${request.params.equipmentId} 的读数`,
          });
        return latest;
      },
    );

    app.get(
      '/api/v1/devices/:deviceId/quarantine',
      {
        config: { access: OPERATORS },
        schema: {
          tags: ['tracking'],
          summary: 'What a device sent that was quarantined, newest first, with the reason and the count',
          params: DeviceParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
          response: {
            200: z.object({
              counts: z.object({ readings: z.number(), events: z.number(), quarantined: z.number() }),
              items: z.array(
                z.object({
                  kind: z.enum(['readings', 'events']),
                  key: z.string().nullable(),
                  reason: Reason,
                  payload: z.string(),
                  via: z.enum(['http', 'mqtt', 'platform']),
                  receivedAt: z.string(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const { deviceId } = request.params;
        if (!(await service.visibleDevice(principal(request), deviceId)))
          throw Problem.notFound({ en: `No device ${deviceId}`, zh: `没有设备 ${deviceId}` });
        const rows = await service.listQuarantine(deviceId, request.query.limit);
        return {
          counts: await service.deviceSummary(deviceId),
          items: rows.map((q) => ({
            kind: q.kind,
            key: q.item_key,
            reason: q.reason as z.infer<typeof Reason>,
            payload: q.payload,
            via: q.via,
            receivedAt: q.received_at,
          })),
        };
      },
    );

    app.get(
      '/api/v1/events',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary:
            'Tracking events (DCSA Track & Trace style), filtered, in stored order, one page at a time',
          description:
            'Filters combine with AND; a list filter (comma-separated) matches any of its words. The ' +
            'event codes of the four types all filter the same code column. Pages follow the stored ' +
            'order (`seq`, stable under inserts): pass `nextCursor` as `cursor`. A page may hold fewer ' +
            'items than `limit` when retracted events are left out (retracted=exclude).',
          querystring: EventsQuery,
          response: { 200: z.object({ items: z.array(EventItem), nextCursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const q = request.query;
        const codes = [
          ...(q.transportEventTypeCode ?? []),
          ...(q.equipmentEventTypeCode ?? []),
          ...(q.reeferEventTypeCode ?? []),
          ...(q.iotEventTypeCode ?? []),
        ];
        const page = await service.queryEvents(principal(request), {
          ...(q.equipmentReference ? { equipment: q.equipmentReference } : {}),
          ...(q.trainReference ? { trainReference: q.trainReference } : {}),
          ...(q.eventType ? { eventTypes: q.eventType } : {}),
          ...(codes.length > 0 ? { eventCodes: codes } : {}),
          ...(q.eventClassifierCode ? { classifiers: q.eventClassifierCode } : {}),
          ...(q.UNLocationCode ? { location: q.UNLocationCode } : {}),
          ...(q['eventDateTime:gte'] ? { from: q['eventDateTime:gte'] } : {}),
          ...(q['eventDateTime:lt'] ? { to: q['eventDateTime:lt'] } : {}),
          retracted: q.retracted,
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: q.limit,
        });
        if (!page.ok) throw Problem.invalid(page.error);
        return page.value;
      },
    );
  };
}
