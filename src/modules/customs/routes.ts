/**
 * HTTP of customs: declarations (报关单) linked to bookings, boxes and inventory lists; their clearance
 * (following CUSS / CUSI / CUSR events); an officer's decision (scan, inspect, release, reject).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { containerNumberSchema } from '../../domain/codes/schemas';
import type { Role } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { CLEARANCE_STATES, DECISIONS, DECLARATION_TYPES } from './clearance';
import type { CustomsService, Outcome } from './service';

const DECLARANTS: readonly Role[] = ['admin', 'customs-officer', 'enterprise', 'forwarder', 'shipper'];
const READERS: readonly Role[] = [...DECLARANTS, 'management'];
const OFFICERS: readonly Role[] = ['admin', 'customs-officer'];

const Bi = z.object({ en: z.string(), zh: z.string() });

const Item = z.object({
  seqNo: z.number().int().min(1).max(999),
  hsCode: z.string().max(12),
  nameZh: z.string().min(1).max(200),
  nameEn: z.string().min(1).max(200),
  quantity: z.number().positive().max(1e12),
  unit: z.string().min(1).max(10),
  valueMinor: z.number().int().min(0).max(1e15),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});

const DeclarationOut = z.object({
  id: z.string(),
  declarationNo: z.string(),
  organizationId: z.string(),
  enterpriseId: z.string().nullable(),
  type: z.enum(DECLARATION_TYPES),
  tradeMode: z.string(),
  port: z.string(),
  items: z.array(Item.extend({ currency: z.string() })),
  totalValueMinor: z.number().int(),
  bookingIds: z.array(z.string()),
  containers: z.array(z.string()),
  lists: z.array(
    z.object({
      listNo: z.string(),
      bookNo: z.string().nullable(),
      deductionStatus: z.number().int().nullable(),
      deductionStatusNames: Bi.nullable(),
    }),
  ),
  status: z.enum(CLEARANCE_STATES),
  statusNames: Bi,
  statusAt: z.string(),
  listsDeductedAt: z.string().nullable(),
  deductionProblems: z.array(z.object({ listNo: z.string(), code: z.string(), message: Bi })).nullable(),
  review: z
    .object({
      reason: Bi,
      since: z.string(),
      retracted: z.array(
        z.object({
          deviceId: z.string(),
          eventId: z.string(),
          code: z.string(),
          container: z.string().nullable(),
        }),
      ),
    })
    .nullable()
    .describe('status review: the release was retracted after the lists were deducted — why, since when'),
  events: z.array(
    z.object({
      code: z.string(),
      container: z.string().nullable(),
      eventTime: z.string(),
      deviceId: z.string(),
      eventId: z.string(),
      retracted: z.boolean().describe('a later event of the same device retracted it; it no longer counts'),
    }),
  ),
  history: z.array(z.object({ status: z.string(), cause: z.string(), by: z.string(), at: z.string() })),
  createdBy: z.string(),
  createdAt: z.string(),
});

function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  const { status, ...violation } = o.error;
  throw new Problem(status, violation.message, [violation], violation.code);
}

export function customsRoutes(service: CustomsService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/v1/customs/declarations',
      {
        config: { access: { roles: DECLARANTS, scope: 'tenant' } },
        schema: {
          tags: ['customs'],
          summary:
            'File a declaration (报关单): type, trade mode, customs district, items (HS code, quantity, value), linked bookings, boxes and inventory lists (核注清单编号)',
          body: z.object({
            type: z.enum(DECLARATION_TYPES),
            tradeMode: z.string().max(4),
            port: z.string().max(4),
            enterpriseId: z.string().max(100).optional(),
            organizationId: z.string().max(100).optional(),
            items: z.array(Item).min(1).max(50),
            bookingIds: z.array(z.string().max(100)).max(100).optional(),
            containers: z.array(containerNumberSchema).max(200).optional(),
            listNos: z.array(z.string().max(40)).max(100).optional(),
          }),
          response: { 201: DeclarationOut },
        },
      },
      async (request, reply) =>
        reply.status(201).send(unwrap(await service.create(request.principal!, request.body))),
    );

    app.get(
      '/api/v1/customs/declarations',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['customs'],
          summary: 'Declarations with their clearance; customs sees all, a declarant its own',
          querystring: z.object({
            status: z.enum(CLEARANCE_STATES).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
          response: { 200: z.object({ items: z.array(DeclarationOut) }) },
        },
      },
      async (request) => ({ items: await service.list(request.principal!, request.query) }),
    );

    app.get(
      '/api/v1/customs/declarations/:id',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['customs'],
          summary:
            'One declaration: clearance, the customs events applied, the linked lists’ deduction status',
          params: z.object({ id: z.string().max(40) }),
          response: { 200: DeclarationOut },
        },
      },
      async (request) => {
        const d = await service.get(request.principal!, request.params.id);
        if (!d)
          throw Problem.notFound({
            en: `no declaration ${request.params.id}`,
            zh: `没有报关单 ${request.params.id}`,
          });
        return d;
      },
    );

    app.post(
      '/api/v1/customs/declarations/:id/decisions',
      {
        config: { access: { roles: OFFICERS, scope: 'all' } },
        schema: {
          tags: ['customs'],
          summary:
            'A customs officer’s decision: scan (CUSS), inspect (CUSI), release (CUSR) — recorded as tracking events of the boxes — or reject; a release deducts the linked inventory lists',
          params: z.object({ id: z.string().max(40) }),
          body: z.object({ decision: z.enum(DECISIONS), reason: z.string().max(300).optional() }),
          response: { 200: DeclarationOut },
        },
      },
      async (request) =>
        unwrap(
          await service.decide(
            request.principal!,
            request.params.id,
            request.body.decision,
            request.body.reason,
          ),
        ),
    );
  };
}
