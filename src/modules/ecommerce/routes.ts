/**
 * HTTP of cross-border e-commerce: records in (order, payment, logistics, inventory list), orders with
 * their match status and rejection (rule, mismatching fields, remaining quota), cancel / return, and
 * the per-person quota (a buyer looked up by identity number in the body, never in the URL).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { MODES, RECORD_KINDS, recordSchema } from './records';
import { chinaYear } from './rules';
import type { EcommerceService, Outcome } from './service';

const SUBMITTERS: readonly Role[] = ['admin', 'customs-officer', 'enterprise', 'forwarder', 'shipper'];
const READERS: readonly Role[] = [...SUBMITTERS, 'management'];
const QUOTA_ALL: readonly Role[] = ['admin', 'management', 'customs-officer'];

const Bi = z.object({ en: z.string(), zh: z.string() });
const STATUSES = ['incomplete', 'rejected', 'cleared', 'cancelled', 'returned'] as const;

const RejectionOut = z.object({
  rule: z.string(),
  message: Bi,
  mismatches: z
    .array(z.object({ field: z.string(), against: z.string(), values: z.array(z.unknown()), message: Bi }))
    .optional(),
  remainingMinor: z.number().int().optional(),
  limitMinor: z.number().int().optional(),
  usedMinor: z.number().int().optional(),
  amountMinor: z.number().int().optional(),
  year: z.number().int().optional(),
});

const OrderOut = z.object({
  id: z.string(),
  ebpCode: z.string(),
  orderNo: z.string(),
  mode: z.enum(MODES).nullable(),
  modeNames: Bi.nullable(),
  direction: z.enum(['import', 'export']).nullable(),
  status: z.enum(STATUSES),
  statusNames: Bi,
  missing: z.array(z.enum(RECORD_KINDS)),
  rule: z.string().nullable(),
  rejection: RejectionOut.nullable(),
  buyer: z.string().nullable(),
  year: z.number().int().nullable(),
  amountMinor: z.number().int().nullable(),
  records: z.array(
    z.object({
      kind: z.enum(RECORD_KINDS),
      version: z.number().int(),
      organizationId: z.string(),
      receivedAt: z.string(),
      record: z.record(z.string(), z.unknown()),
    }),
  ),
  history: z
    .array(z.object({ status: z.string(), rule: z.string().nullable(), by: z.string(), at: z.string() }))
    .optional(),
});

const QuotaOut = z.object({
  buyer: z.string(),
  buyerName: z.string(),
  year: z.number().int(),
  perOrderMinor: z.number().int(),
  limitMinor: z.number().int(),
  usedMinor: z.number().int(),
  ledgerMinor: z.number().int(),
  remainingMinor: z.number().int(),
  orders: z.number().int(),
  entries: z
    .array(
      z.object({
        id: z.number().int(),
        orderId: z.string(),
        kind: z.enum(['use', 'release']),
        deltaMinor: z.number().int(),
        reverses: z.number().int().nullable(),
        at: z.string(),
      }),
    )
    .optional(),
});

function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  const { status, ...violation } = o.error;
  throw new Problem(status, violation.message, [violation], violation.code);
}

const notFound = (id: string) => Problem.notFound({ en: `no order ${id}`, zh: `没有订单 ${id}` });

export function ecommerceRoutes(
  service: EcommerceService,
  now: () => Date = () => new Date(),
): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/v1/ecommerce/records',
      {
        config: { access: { roles: SUBMITTERS, scope: 'tenant' } },
        schema: {
          tags: ['ecommerce'],
          summary:
            'Send one record of an order (order 订单, payment 支付单, logistics 运单, inventory list 清单), in any order; answers the order after it: 201 when taken, 200 when it was the same record again',
          body: recordSchema,
          response: {
            200: z.object({ replayed: z.literal(true), order: OrderOut }),
            201: z.object({ replayed: z.literal(false), order: OrderOut }),
          },
        },
      },
      async (request, reply) => {
        const out = unwrap(await service.submit(request.principal!, request.body));
        return out.replayed
          ? reply.status(200).send({ replayed: true as const, order: out.order })
          : reply.status(201).send({ replayed: false as const, order: out.order });
      },
    );

    app.get(
      '/api/v1/ecommerce/orders',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['ecommerce'],
          summary:
            'Orders with their match status, missing records and rejection; a party sees the orders it sent records of',
          querystring: z.object({
            status: z.enum(STATUSES).optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
          response: { 200: z.object({ items: z.array(OrderOut) }) },
        },
      },
      async (request) => ({ items: await service.list(request.principal!, request.query) }),
    );

    app.get(
      '/api/v1/ecommerce/orders/:id',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['ecommerce'],
          summary: 'One order with its records and status history',
          params: z.object({ id: z.string().max(100) }),
          response: { 200: OrderOut },
        },
      },
      async (request) => {
        const o = await service.get(request.principal!, request.params.id);
        if (!o) throw notFound(request.params.id);
        return o;
      },
    );

    app.post(
      '/api/v1/ecommerce/orders/:id/cancel',
      {
        config: { access: { roles: SUBMITTERS, scope: 'tenant' } },
        schema: {
          tags: ['ecommerce'],
          summary:
            'Cancel an order, or record the return of a cleared one; its quota comes back by a reversal entry',
          params: z.object({ id: z.string().max(100) }),
          body: z.object({
            as: z.enum(['cancelled', 'returned']).default('cancelled'),
            reason: z.string().max(300).optional(),
          }),
          response: { 200: OrderOut },
        },
      },
      async (request) =>
        unwrap(
          await service.close(request.principal!, request.params.id, request.body.as, request.body.reason),
        ),
    );

    app.post(
      '/api/v1/ecommerce/quota/lookup',
      {
        config: { access: { roles: SUBMITTERS.concat('management'), scope: 'tenant' } },
        schema: {
          tags: ['ecommerce'],
          summary:
            'A buyer’s retail import quota for a year: limit, used, remaining (ledger entries for customs)',
          body: z.object({
            idType: z.enum(['1', '2']).default('1'),
            idNumber: z.string().trim().min(4).max(30),
            year: z.number().int().min(2000).max(2100).optional(),
          }),
          response: { 200: QuotaOut },
        },
      },
      async (request) =>
        service.quota(
          request.principal!,
          request.body.idType,
          request.body.idNumber,
          request.body.year ?? chinaYear(now().toISOString()),
        ),
    );

    app.get(
      '/api/v1/ecommerce/quota',
      {
        config: { access: { roles: QUOTA_ALL, scope: 'all' } },
        schema: {
          tags: ['ecommerce'],
          summary: 'Every buyer’s quota in a year (masked identity numbers), most used first',
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
          response: {
            200: z.object({
              limits: z.object({ perOrderMinor: z.number().int(), annualMinor: z.number().int() }),
              items: z.array(QuotaOut),
            }),
          },
        },
      },
      async (request) => ({
        limits: service.limits,
        items: await service.quotas(request.query.year ?? chinaYear(now().toISOString())),
      }),
    );
  };
}
