/** HTTP of webhooks: subscribe, list, remove, the deliveries (dead-letter list) and replay. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, ROLES } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import type { WebhookService } from './webhooks';

const MEMBERS: Access = { roles: ROLES, scope: 'tenant' };

const Sub = z.object({ id: z.string(), url: z.string(), topics: z.array(z.string()), createdAt: z.string() });
const Delivery = z.object({
  id: z.number().int(),
  topic: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

const notFound = (what: string) =>
  Problem.notFound({ en: `No ${what}`, zh: `没有该${what === 'webhook' ? '订阅' : '投递'}` });

export function webhookRoutes(hooks: WebhookService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/v1/webhooks',
      {
        config: { access: MEMBERS },
        schema: {
          tags: ['live'],
          summary:
            'Subscribe a URL to topics for the caller’s organization (signed POSTs, docs/subscriptions.md)',
          body: z.object({
            url: z.string().max(2000),
            topics: z.string().max(2000).describe('comma-separated topics, `prefix.*` families'),
            secret: z
              .string()
              .min(16)
              .max(200)
              .optional()
              .describe('the signing secret; generated when absent'),
          }),
          response: { 201: Sub.extend({ secret: z.string() }) },
        },
      },
      async (request, reply) => {
        const r = await hooks.subscribe(request.principal!, request.body);
        if (!r.ok) throw Problem.invalid(r.error);
        return reply.status(201).send(r.value);
      },
    );
    app.get(
      '/api/v1/webhooks',
      {
        config: { access: MEMBERS },
        schema: {
          tags: ['live'],
          summary: 'The organization’s webhook subscriptions',
          response: { 200: z.object({ items: z.array(Sub) }) },
        },
      },
      async (request) => ({ items: await hooks.list(request.principal!) }),
    );
    app.delete(
      '/api/v1/webhooks/:id',
      {
        config: { access: MEMBERS },
        schema: {
          tags: ['live'],
          summary: 'Remove a subscription',
          params: z.object({ id: z.string().max(100) }),
        },
      },
      async (request, reply) => {
        if (!(await hooks.unsubscribe(request.principal!, request.params.id))) throw notFound('webhook');
        return reply.status(204).send();
      },
    );
    app.get(
      '/api/v1/webhooks/:id/deliveries',
      {
        config: { access: MEMBERS },
        schema: {
          tags: ['live'],
          summary: 'Deliveries of a subscription, newest first; status=dead is the dead-letter list',
          params: z.object({ id: z.string().max(100) }),
          querystring: z.object({
            status: z.enum(['pending', 'delivered', 'dead']).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.object({ items: z.array(Delivery) }) },
        },
      },
      async (request) => {
        const items = await hooks.deliveries(
          request.principal!,
          request.params.id,
          request.query.status,
          request.query.limit,
        );
        if (!items) throw notFound('webhook');
        return { items };
      },
    );
    app.post(
      '/api/v1/webhooks/deliveries/:deliveryId/replay',
      {
        config: { access: MEMBERS },
        schema: {
          tags: ['live'],
          summary: 'Send a dead delivery again (attempts start over)',
          params: z.object({ deliveryId: z.coerce.number().int().min(1) }),
        },
      },
      async (request, reply) => {
        if (!(await hooks.replay(request.principal!, request.params.deliveryId))) throw notFound('delivery');
        return reply.status(202).send();
      },
    );
  };
}
