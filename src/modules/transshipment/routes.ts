/**
 * HTTP of the transshipment at the gauge change: border officers, dispatchers and planners transship
 * departures arriving at a gateway (plan + record + events to tracking); the transshipments, their
 * progress and the CIM/SMGS handover record (JSON, or a printable HTML page) are read by them and by
 * management, and by forwarders and shippers for their own boxes only.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { handoverHtml } from './handover';
import { MAX_TRAINS, notFound, type TransshipmentService } from './service';

const OPERATE: Access = { roles: ['admin', 'planner', 'dispatcher', 'border-officer'], scope: 'all' };
const READ: Access = {
  roles: ['admin', 'planner', 'dispatcher', 'management', 'border-officer', 'forwarder', 'shipper'],
  scope: 'tenant',
};

const Bilingual = z.object({ en: z.string(), zh: z.string() });
const Trilingual = z.object({ en: z.string(), zh: z.string(), ru: z.string() });

const Move = z.object({
  seq: z.number().int(),
  box: z.string(),
  kind: z.enum(['direct', 'to-yard', 'from-yard']),
  crane: z.number().int(),
  from: z.string(),
  to: z.string(),
  start: z.string(),
  end: z.string(),
});

const Leg = z.object({
  box: z.string(),
  owner: z.string(),
  fromTrain: z.string(),
  fromWagon: z.string(),
  toTrain: z.string(),
  toWagon: z.string(),
  via: z.enum(['direct', 'yard']),
  discAt: z.string(),
  loadAt: z.string(),
});

const Formed = z.object({
  reference: z.string(),
  wagons: z.array(z.object({ id: z.string(), type: z.string(), lengthMm: z.number().int() })),
  placements: z.array(
    z.object({
      box: z.string(),
      wagon: z.string(),
      platform: z.number().int(),
      slot: z.enum(['F', 'A', 'B']),
    }),
  ),
  boxes: z.number().int(),
  teu: z.number().int(),
  cargoKg: z.number().int(),
  lengthMm: z.number().int(),
  planStatus: z.enum(['optimal', 'feasible']),
  from: z.array(z.string()),
  readyAt: z.string(),
});

const View = z.object({
  id: z.string(),
  gatewayId: z.string(),
  direction: z.enum(['outbound', 'inbound']),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  startAt: z.string(),
  endAt: z.string(),
  status: z.enum(['planned', 'in-progress', 'done']),
  progress: z.object({ done: z.number().int(), total: z.number().int(), percent: z.number() }),
  fromGaugeMm: z.number().int(),
  toGaugeMm: z.number().int(),
  summary: z.object({
    boxes: z.number().int(),
    reloaded: z.number().int(),
    held: z.number().int(),
    moves: z.number().int(),
    direct: z.number().int(),
    viaYard: z.number().int(),
    cranes: z.number().int(),
    movesPerCraneHour: z.number(),
    minutes: z.number().int(),
  }),
  arriving: z.array(z.object({ reference: z.string(), boxes: z.number().int(), wagons: z.number().int() })),
  formed: z.array(Formed),
  legs: z.array(Leg),
  held: z.array(
    z.object({
      box: z.string(),
      owner: z.string(),
      fromTrain: z.string(),
      fromWagon: z.string(),
      reason: Bilingual,
    }),
  ),
  moves: z.array(Move),
  recordNumber: z.string(),
  assumptions: z.array(Bilingual),
});

const Events = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  quarantined: z.number().int(),
  untracked: z.number().int().describe('boxes without an ISO 6346 number: not tracked'),
});

const Station = z.object({
  code: z.string(),
  unlocode: z.string().nullable(),
  names: Trilingual,
  railCode: z.string().nullable(),
});
const Party = z.object({ id: z.string(), names: Trilingual });

const Record_ = z.object({
  format: z.literal('lugang.smgs-handover/v1'),
  number: z.string(),
  transshipmentId: z.string(),
  gateway: z.object({ id: z.string(), names: Trilingual }),
  handingOver: Station,
  receiving: Station,
  handoverAt: z.string(),
  fromGaugeMm: z.number().int(),
  toGaugeMm: z.number().int(),
  consignments: z.array(
    z.object({
      noteNumber: z.string(),
      bookingReference: z.string(),
      owner: z.string(),
      sender: Party,
      consignee: Party.nullable(),
      departureStation: Station,
      destinationStation: Station,
      hsCode: z.string(),
      containers: z.array(
        z.object({
          number: z.string(),
          sizeType: z.string().nullable(),
          grossKg: z.number().int(),
          seal: z.string().nullable(),
          fromTrain: z.string(),
          fromWagon: z.string(),
          toTrain: z.string(),
          toWagon: z.string(),
        }),
      ),
      grossKg: z.number().int(),
    }),
  ),
  wagons: z.array(
    z.object({
      train: z.string(),
      wagon: z.string(),
      type: z.string(),
      gaugeMm: z.number().int(),
      containers: z.array(z.string()),
      grossKg: z.number().int(),
    }),
  ),
  totals: z.object({
    consignments: z.number().int(),
    containers: z.number().int(),
    wagons: z.number().int(),
    grossKg: z.number().int(),
  }),
  notes: z.array(Bilingual),
  labels: z.record(z.string(), Trilingual),
});

const IdParams = z.object({ id: z.string().min(1).max(64) });

export function transshipmentRoutes(service: TransshipmentService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['transshipment'];

    app.post(
      '/api/v1/gateways/:id/transshipments',
      {
        config: { access: OPERATE },
        schema: {
          tags,
          summary:
            'Transship departures arriving at a gateway onto 1520 mm trains: the re-load plan, crane moves and times, the CIM/SMGS handover record; events to tracking',
          params: IdParams,
          body: z.strictObject({
            departures: z.array(z.string().min(1).max(64)).min(1).max(MAX_TRAINS),
            startAt: z.iso.datetime({ offset: true }).optional().describe('first move (default: now)'),
            cranes: z.int().min(1).max(12).optional().describe('default 2 (estimate)'),
            movesPerCraneHour: z
              .number()
              .min(1)
              .max(300)
              .optional()
              .describe('default 90: 40 s a container (khabarasia 2024)'),
            seals: z
              .record(z.string().max(20), z.string().min(1).max(35))
              .optional()
              .describe('seal numbers found at the border, by container number'),
          }),
          response: { 201: View.extend({ events: Events }) },
        },
      },
      async (request, reply) => {
        const r = await service.transship(request.principal ?? null, request.params.id, request.body);
        if (!r.ok) {
          if (r.status === 404) throw new Problem(404, r.error.message, [r.error], r.error.code);
          if (r.status === 409) throw new Problem(409, r.error.message, [r.error], r.error.code);
          throw Problem.invalid(r.error);
        }
        return reply.status(201).send(r.value);
      },
    );

    app.get(
      '/api/v1/transshipments',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'Transshipments, newest first, with progress (forwarders and shippers: only their boxes)',
          querystring: z.object({
            gateway: z.string().min(1).max(64).optional(),
            limit: z.coerce.number().int().min(1).max(200).optional(),
          }),
          response: { 200: z.object({ items: z.array(View) }) },
        },
      },
      async (request) => ({
        items: await service.list(request.principal!, {
          gatewayId: request.query.gateway,
          limit: request.query.limit,
        }),
      }),
    );

    app.get(
      '/api/v1/transshipments/:id',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'One transshipment with its progress now',
          params: IdParams,
          response: { 200: View },
        },
      },
      async (request) => {
        const t = await service.get(request.principal!, request.params.id);
        if (t === undefined) throw Problem.notFound(notFound(request.params.id).message);
        return t;
      },
    );

    app.post(
      '/api/v1/transshipments/:id/progress',
      {
        config: { access: OPERATE },
        schema: {
          tags,
          summary: 'Record the moves done by now as actual events (idempotent: each event is stored once)',
          params: IdParams,
          response: { 200: View.extend({ events: Events }) },
        },
      },
      async (request) => {
        const r = await service.recordProgress(request.principal!, request.params.id);
        if (!r.ok) throw Problem.notFound(r.error.message);
        return r.value;
      },
    );

    app.get(
      '/api/v1/transshipments/:id/smgs',
      {
        config: { access: READ },
        schema: {
          tags,
          summary:
            'The CIM/SMGS consignment-note handover record (zh/en/ru labels) as JSON, or a printable HTML page with format=html',
          params: IdParams,
          querystring: z.object({ format: z.enum(['json', 'html']).default('json') }),
          response: { 200: Record_ },
        },
      },
      async (request, reply) => {
        const r = await service.record(request.principal!, request.params.id);
        if (r === undefined) throw Problem.notFound(notFound(request.params.id).message);
        if (request.query.format === 'html')
          return reply
            .type('text/html; charset=utf-8')
            .serializer((x: unknown) => String(x))
            .send(handoverHtml(r) as never);
        return r;
      },
    );
  };
}
