/** HTTP of the enterprise module: the zones' enterprises (list, get, create). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { ENTERPRISE_STATUSES, ZONES } from './enterprise';
import type { EnterpriseService } from './service';

const READERS: readonly Role[] = ['admin', 'management', 'customs-officer', 'enterprise'];

export const EnterpriseOut = z.object({
  id: z.string(),
  creditCode: z.string(),
  organizationId: z.string(),
  names: z.object({ zh: z.string(), en: z.string() }),
  zone: z.enum(ZONES),
  zoneNames: z.object({ en: z.string(), zh: z.string() }),
  sector: z.string(),
  investmentMinor: z.number().int(),
  currency: z.literal('CNY'),
  status: z.enum(ENTERPRISE_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function enterpriseRoutes(service: EnterpriseService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/enterprises',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['enterprise'],
          summary: 'Enterprises of the zones (an enterprise user sees only its own)',
          querystring: z.object({ zone: z.enum(ZONES).optional() }),
          response: { 200: z.object({ items: z.array(EnterpriseOut) }) },
        },
      },
      async (request) => ({
        items: await service.list(request.principal!, request.query.zone ? { zone: request.query.zone } : {}),
      }),
    );

    app.get(
      '/api/v1/enterprises/:id',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['enterprise'],
          summary: 'One enterprise',
          params: z.object({ id: z.string().max(100) }),
          response: { 200: EnterpriseOut },
        },
      },
      async (request) => {
        const e = await service.get(request.principal!, request.params.id);
        if (!e)
          throw Problem.notFound({
            en: `no enterprise ${request.params.id}`,
            zh: `没有企业 ${request.params.id}`,
          });
        return e;
      },
    );

    app.post(
      '/api/v1/enterprises',
      {
        config: { access: { roles: ['admin', 'customs-officer'], scope: 'all' } },
        schema: {
          tags: ['enterprise'],
          summary: 'Register an enterprise (and its organization of kind enterprise)',
          body: z.object({
            creditCode: z.string().max(40),
            nameZh: z.string().max(200),
            nameEn: z.string().max(200),
            zone: z.string().max(40),
            sector: z.string().max(100),
            investmentMinor: z.number().int(),
            status: z.string().max(20).optional(),
          }),
          response: { 201: EnterpriseOut },
        },
      },
      async (request, reply) => {
        const result = await service.create(request.body);
        if (!result.ok)
          throw new Problem(
            result.error.code === 'enterprise.exists' ? 409 : 400,
            result.error.message,
            result.violations ?? [result.error],
            result.error.code,
          );
        return reply.status(201).send(result.value);
      },
    );
  };
}
