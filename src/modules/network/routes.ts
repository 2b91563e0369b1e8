/** HTTP of the reference network (docs/network-api.md): public reads. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countryName } from '../../domain/codes/country';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { hsTable } from '../codes/hs-table';
import type { NetworkService } from './service';

const PUBLIC: Access = { roles: 'public', scope: 'none' };
const Names = z.object({ en: z.string(), zh: z.string(), ru: z.string() });
const KIND = z.enum(['assembly-center', 'gateway', 'gauge-break', 'ferry-port', 'junction', 'destination']);

const Location = z.object({
  id: z.string(),
  unlocode: z.string().nullable(),
  kind: KIND,
  country: z.string(),
  lat: z.number(),
  lon: z.number(),
  names: Names,
  railCodes: z.object({ telegraph: z.string().optional(), esr: z.string().optional() }).optional(),
  destination: z.boolean(),
});

const Route = z.object({
  id: z.string(),
  names: Names,
  origin: z.string(),
  destination: z.string(),
  destinationCountry: z.string(),
  gateway: z.string().nullable(),
  transitDays: z.number(),
  legs: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      mode: z.enum(['rail-1435', 'rail-1520', 'ferry', 'road']),
      km: z.number(),
      hours: z.number(),
    }),
  ),
  geometry: z.object({
    type: z.literal('LineString'),
    coordinates: z.array(z.tuple([z.number(), z.number()])),
  }),
  destinations: z.array(z.string()).optional(),
  transitDaysEstimated: z.boolean().optional(),
});

const Gateway = z.object({
  id: z.string(),
  names: Names,
  sides: z.tuple([z.string(), z.string()]),
  lat: z.number(),
  lon: z.number(),
  gaugeMm: z.tuple([z.number(), z.number()]),
  trainsPerDay: z.object({ outbound: z.number(), inbound: z.number() }),
  transshipmentHours: z.number(),
  border: z.boolean(),
});

const Summary = z.object({
  version: z.string(),
  origin: z.string(),
  routes: z.number().int(),
  destinationCities: z.number().int(),
  destinationCountries: z.number().int(),
  goodsCategories: z.number().int(),
  locations: z.number().int(),
  gateways: z.array(z.object({ id: z.string(), names: Names, border: z.boolean().optional() })),
  asOf: z.string(),
  source: z.string(),
});

const Document = z
  .record(z.string(), z.unknown())
  .describe('the data file as shipped, every figure with its source or estimate flag');

export function networkRoutes(service: NetworkService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['network'];

    app.get(
      '/api/v1/network/summary',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Counts of the network: routes, destination cities, countries, goods categories',
          response: { 200: Summary },
        },
      },
      () => service.summary(),
    );
    app.get(
      '/api/v1/network/locations',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Locations with coordinates and zh/en/ru names',
          response: { 200: z.object({ items: z.array(Location) }) },
        },
      },
      async () => ({ items: await service.locations() }),
    );
    app.get(
      '/api/v1/network/routes',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'The routes from Urumqi with legs and geometry',
          response: { 200: z.object({ items: z.array(Route) }) },
        },
      },
      async () => ({ items: await service.routes() }),
    );
    app.get(
      '/api/v1/network/routes/:id',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'One route',
          params: z.object({ id: z.string().min(1).max(64) }),
          response: { 200: Route },
        },
      },
      async (request) => {
        const route = await service.route(request.params.id);
        if (!route)
          throw Problem.notFound({
            en: `no route ${request.params.id}`,
            zh: `没有线路 ${request.params.id}`,
          });
        return route;
      },
    );
    app.get(
      '/api/v1/network/gateways',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Gateways and gauge breaks with capacity',
          response: { 200: z.object({ items: z.array(Gateway) }) },
        },
      },
      async () => ({ items: await service.gateways() }),
    );
    app.get(
      '/api/v1/network/countries',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Destination countries and regions with their cities',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  country: z.string(),
                  names: z.object({ en: z.string(), zh: z.string(), ru: z.string() }),
                  cities: z.array(z.string()),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        items: (await service.destinationCountries()).map((c) => ({
          country: c.country,
          names: {
            en: countryName(c.country, 'en') ?? c.country,
            zh: countryName(c.country, 'zh') ?? c.country,
            ru: countryName(c.country, 'ru') ?? c.country,
          },
          cities: c.cities,
        })),
      }),
    );
    app.get(
      '/api/v1/network/wagon-types',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Wagon types (1435 and 1520) with sourced figures',
          response: { 200: Document },
        },
      },
      async () => (await service.document('wagon-types')) as Record<string, unknown>,
    );
    app.get(
      '/api/v1/network/train-limits',
      {
        config: { access: PUBLIC },
        schema: { tags, summary: 'Train limits per section with sources', response: { 200: Document } },
      },
      async () => (await service.document('train-limits')) as Record<string, unknown>,
    );
    app.get(
      '/api/v1/network/goods',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'The goods catalogue: HS headings grouped as the port reports them, with HS descriptions',
          response: {
            200: z.object({
              groups: z.array(
                z.object({
                  id: z.string(),
                  names: Names,
                  direction: z.enum(['export', 'import', 'both']),
                  coldChain: z.boolean().optional(),
                  basis: z.record(z.string(), z.unknown()),
                  headings: z.array(z.object({ code: z.string(), description: z.string() })),
                }),
              ),
            }),
          },
        },
      },
      async () => {
        const doc = (await service.document('goods')) as {
          groups: Array<{
            id: string;
            names: z.infer<typeof Names>;
            direction: 'export' | 'import' | 'both';
            coldChain?: boolean;
            basis: Record<string, unknown>;
            headings: string[];
          }>;
        };
        const hs = hsTable();
        return {
          groups: doc.groups.map((g) => ({
            ...g,
            headings: g.headings.map((code) => ({ code, description: hs.get(code)?.description ?? '' })),
          })),
        };
      },
    );
  };
}
