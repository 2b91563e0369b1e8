/**
 * HTTP of the trains' live picture: all active trains' positions in one compact call (a map of 500
 * trains), one train in detail (position, route, ETA), and the ETA of a train or of a box.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { containerNumberSchema } from '../../domain/codes/schemas';
import { type Access, type Principal, ROLES } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import type { TrainEta, TrainPosition, TrainService } from './trains';

/** Lets another module widen what a caller sees (subscriptions/train-tenants.ts: the trains carrying its bookings). */
export interface TrainRouteHooks {
  /** The positions to return, given those the caller sees by itself (`own`). */
  readonly positions?: (
    principal: Principal,
    query: { hours: number; limit: number },
    own: TrainPosition[],
  ) => Promise<TrainPosition[]>;
  /**
   * Who reads one train's detail and ETA for the caller: the caller itself, or a reader that sees
   * the train when the caller may see it through another module (its bookings ride the train).
   */
  readonly readerOf?: (principal: Principal, trainReference: string) => Promise<Principal>;
}

const READERS: Access = { roles: ROLES, scope: 'tenant' };

const TrainRef = z.object({
  trainReference: z
    .string()
    .regex(/^[A-Z0-9-]{3,30}-\d{8}$/, 'a train reference: ROUTE-YYYYMMDD, e.g. URM-DUI-20261201'),
});

const Position = z.object({
  trainReference: z.string(),
  routeId: z.string().nullable(),
  time: z.string(),
  lat: z.number(),
  lon: z.number(),
  legIndex: z.number().int().nullable(),
  legId: z.string().nullable(),
  kmAlong: z.number().nullable(),
  progressPct: z.number().nullable(),
  offRouteKm: z.number().nullable(),
});

const Bi = z.object({ en: z.string(), zh: z.string() });

const LegEta = z.object({
  legId: z.string(),
  from: z.string(),
  to: z.string(),
  state: z.enum(['done', 'current', 'ahead']),
  plannedHours: z.number(),
  p50Hours: z.number(),
  p90Hours: z.number(),
  basis: z.enum(['learned', 'prior']).describe('learned from ≥ 5 observed runs, or the network plan (prior)'),
  samples: z.number().int(),
  actualHours: z.number().optional(),
  late: z.boolean(),
  lateByHours: z.number().optional(),
});

const Eta = z.object({
  trainReference: z.string(),
  routeId: z.string(),
  status: z.enum(['planned', 'running', 'arrived']),
  at: z.object({ stop: z.string().optional(), legId: z.string().optional(), since: z.string().optional() }),
  etaP50: z.string().describe('the median arrival at the terminal'),
  etaP90: z.string().describe('9 in 10 trains arrive by then'),
  plannedArrival: z.string(),
  plannedDeparture: z.string(),
  delayHours: z.number(),
  remainingP50Hours: z.number(),
  remainingP90Hours: z.number(),
  legs: z.array(LegEta),
  lateLegs: z.array(z.string()),
  explanation: Bi,
  computedAt: z.string(),
});

const Stop = z.object({ id: z.string(), unlocode: z.string().nullable(), lat: z.number(), lon: z.number() });

export function trainRoutes(trains: TrainService, hooks: TrainRouteHooks = {}): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const strip = <T extends { organizationId?: string }>({ organizationId: _, ...rest }: T) => rest;
    const readerOf = (principal: Principal, ref: string): Promise<Principal> =>
      hooks.readerOf ? hooks.readerOf(principal, ref) : Promise.resolve(principal);
    const etaOut = (e: TrainEta) => ({ ...strip(e), legs: [...e.legs], lateLegs: [...e.lateLegs] });

    app.get(
      '/api/v1/trains/positions',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary: 'Latest position of every active train, matched to its route (one call for the map)',
          description:
            'Active = reported a position within `hours` (default 72). A tenant sees the trains its own ' +
            'events name and the trains carrying its bookings (also their detail and ETA). Positions come ' +
            'from IOT POS events naming `trainReference` (docs/devices.md).',
          querystring: z.object({
            hours: z.coerce
              .number()
              .min(1)
              .max(24 * 30)
              .default(72),
            limit: z.coerce.number().int().min(1).max(5000).default(2000),
          }),
          response: { 200: z.object({ asOf: z.string(), items: z.array(Position) }) },
        },
      },
      async (request) => {
        const own = await trains.positions(request.principal!, request.query.hours, request.query.limit);
        const items = hooks.positions ? await hooks.positions(request.principal!, request.query, own) : own;
        return { asOf: new Date().toISOString(), items: items.map(strip) };
      },
    );

    app.get(
      '/api/v1/trains/:trainReference',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary: 'One train: its latest position, its route (stops with coordinates, legs) and its ETA',
          params: TrainRef,
          response: {
            200: z.object({
              trainReference: z.string(),
              routeId: z.string(),
              position: Position.nullable(),
              stops: z.array(Stop),
              legs: z.array(
                z.object({
                  id: z.string(),
                  from: z.string(),
                  to: z.string(),
                  km: z.number(),
                  hours: z.number(),
                }),
              ),
              eta: Eta,
            }),
          },
        },
      },
      async (request) => {
        const ref = request.params.trainReference;
        const reader = await readerOf(request.principal!, ref);
        const eta = await trains.trainEta(reader, ref);
        if (!eta.ok) throw Problem.notFound(eta.error.message);
        const shape = (await trains.shape(eta.value.routeId))!;
        const position = await trains.position(reader, ref);
        return {
          trainReference: ref,
          routeId: shape.routeId,
          position: position ? strip(position) : null,
          stops: shape.stops.map((s) => ({ id: s.id, unlocode: s.unlocode, lat: s.lat, lon: s.lon })),
          legs: shape.legs.map((l) => ({ id: l.id, from: l.from, to: l.to, km: l.km, hours: l.hours })),
          eta: etaOut(eta.value),
        };
      },
    );

    app.get(
      '/api/v1/trains/:trainReference/eta',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary: 'ETA of a train at its terminal: p50 and p90, the plan, and which legs are late',
          description:
            'Recomputed on every event of the train. Per leg: learned p50/p90 from completed DEPA→ARRI ' +
            'runs of all trains when there are at least 5, else the network plan (+30 % as p90), named in `basis`.',
          params: TrainRef,
          response: { 200: Eta },
        },
      },
      async (request) => {
        const ref = request.params.trainReference;
        const eta = await trains.trainEta(await readerOf(request.principal!, ref), ref);
        if (!eta.ok) throw Problem.notFound(eta.error.message);
        return etaOut(eta.value);
      },
    );

    app.get(
      '/api/v1/equipment/:equipmentId/eta',
      {
        config: { access: READERS },
        schema: {
          tags: ['tracking'],
          summary: 'ETA of a box: the ETA of the train its latest LOAD / GBTS / DISC event names',
          params: z.object({ equipmentId: containerNumberSchema }),
          response: {
            200: z.object({
              equipmentReference: z.string(),
              trainReference: z.string().nullable(),
              status: z.enum(['on-train', 'discharged', 'unknown']),
              lastEvent: z
                .object({ code: z.string(), time: z.string(), location: z.string().nullable() })
                .nullable(),
              eta: Eta.nullable(),
            }),
          },
        },
      },
      async (request) => {
        const box = await trains.boxEta(request.principal!, request.params.equipmentId);
        if (!box.trainReference)
          throw Problem.notFound({
            en: `No train is known for ${request.params.equipmentId}: no LOAD event names one`,
            zh: `未知 ${request.params.equipmentId} 所在列车：没有注明列车的装车（LOAD）事件`,
          });
        return { ...box, eta: box.eta ? etaOut(box.eta) : null };
      },
    );
  };
}
