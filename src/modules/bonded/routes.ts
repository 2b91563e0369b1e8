/** HTTP of the bonded zone: account books, stock per item, movements (inventory lists), chain check. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { ACCOUNTS, GOODS_KINDS, MOVEMENT_TYPES } from './ledger';
import type { BondedService, Outcome } from './service';

const READERS: readonly Role[] = ['admin', 'management', 'customs-officer', 'enterprise'];
const WRITERS: readonly Role[] = ['admin', 'customs-officer', 'enterprise'];

const Bom = z.array(z.object({ materialSeqNo: z.number().int(), perUnit: z.number().int() })).max(50);

const ItemIn = z.object({
  seqNo: z.number().int(),
  hsCode: z.string().max(20),
  nameZh: z.string().max(200),
  nameEn: z.string().max(200),
  unit: z.string().max(10),
  kind: z.enum(GOODS_KINDS),
  bom: Bom.optional(),
});

const ItemOut = z.object({
  seqNo: z.number().int(),
  hsCode: z.string(),
  names: z.object({ zh: z.string(), en: z.string() }),
  unit: z.string(),
  kind: z.enum(GOODS_KINDS),
  bom: Bom,
  quantity: z.number().int().optional(),
  ledgerQuantity: z.number().int().optional(),
});

const BookOut = z.object({
  id: z.string(),
  bookNo: z.string(),
  enterpriseId: z.string(),
  organizationId: z.string(),
  name: z.string(),
  movements: z.number().int(),
  headHash: z.string(),
  createdAt: z.string(),
  items: z.array(ItemOut),
});

const Declaration = z.object({
  supervisionMode: z.string().max(10).optional(),
  transportMode: z.string().max(2).optional(),
  port: z.string().max(10).optional(),
});

const MovementOut = z.object({
  id: z.string(),
  clientId: z.string(),
  role: z.enum(['primary', 'counterpart']),
  type: z.enum(MOVEMENT_TYPES),
  listNo: z.string(),
  bookNo: z.string(),
  bookSeq: z.number().int(),
  reverses: z.string().nullable(),
  transfer: z.object({ fromBookNo: z.string(), toBookNo: z.string() }).nullable(),
  declaration: z.object({
    supervisionMode: z.string().nullable(),
    transportMode: z.string().nullable(),
    port: z.string().nullable(),
  }),
  lines: z.array(
    z.object({ seqNo: z.number().int(), goodsKind: z.enum(GOODS_KINDS), quantity: z.number().int() }),
  ),
  postings: z.array(
    z.object({ seqNo: z.number().int(), account: z.enum(ACCOUNTS), delta: z.number().int() }),
  ),
  deductionStatus: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  deductionStatusNames: z.object({ en: z.string(), zh: z.string() }),
  statusChangedAt: z.string(),
  note: z.string().nullable(),
  hash: z.string(),
  prevHash: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

const BookId = z.object({ id: z.string().max(40) });

function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  const { status, ...violation } = o.error;
  throw new Problem(status, violation.message, [violation], violation.code);
}

export function bondedRoutes(service: BondedService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/bonded/books',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['bonded'],
          summary: 'Bonded account books (账册); an enterprise sees only its own',
          response: { 200: z.object({ items: z.array(BookOut) }) },
        },
      },
      async (request) => ({ items: await service.listBooks(request.principal!) }),
    );

    app.post(
      '/api/v1/bonded/books',
      {
        config: { access: { roles: WRITERS, scope: 'tenant' } },
        schema: {
          tags: ['bonded'],
          summary: 'Open an account book for an enterprise, with its items',
          body: z.object({
            bookNo: z.string().max(20),
            enterpriseId: z.string().max(100),
            name: z.string().max(200).optional(),
            items: z.array(ItemIn).max(2000).optional(),
          }),
          response: { 201: BookOut },
        },
      },
      async (request, reply) =>
        reply.status(201).send(unwrap(await service.createBook(request.principal!, request.body))),
    );

    app.get(
      '/api/v1/bonded/books/:id',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['bonded'],
          summary: 'One account book with the stock of every item (cached and from the ledger)',
          params: BookId,
          response: { 200: BookOut },
        },
      },
      async (request) => unwrap(await service.getBook(request.principal!, request.params.id)),
    );

    app.post(
      '/api/v1/bonded/books/:id/items',
      {
        config: { access: { roles: WRITERS, scope: 'tenant' } },
        schema: {
          tags: ['bonded'],
          summary: 'Add items (HS code, unit, material or product with its bill of materials)',
          params: BookId,
          body: z.object({ items: z.array(ItemIn).min(1).max(2000) }),
          response: { 201: BookOut },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(unwrap(await service.addItems(request.principal!, request.params.id, request.body.items))),
    );

    app.get(
      '/api/v1/bonded/books/:id/movements',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['bonded'],
          summary:
            'The book’s movements (inventory lists, 核注清单) with deduction status, a page at a time (cursor)',
          description:
            'order=asc is ledger order (oldest first), desc newest first; pass the answer’s nextCursor as ' +
            'cursor for the next page (null: no more rows). A transfer appears in both books.',
          params: BookId,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            cursor: z.string().max(20).optional(),
            order: z.enum(['asc', 'desc']).default('asc'),
          }),
          response: {
            200: z.object({ items: z.array(MovementOut), nextCursor: z.string().nullable() }),
          },
        },
      },
      async (request) =>
        unwrap(await service.movementPage(request.principal!, request.params.id, request.query)),
    );

    app.post(
      '/api/v1/bonded/books/:id/movements',
      {
        config: { access: { roles: WRITERS, scope: 'tenant' } },
        schema: {
          tags: ['bonded'],
          summary:
            'Post a movement exactly once per client id: 201 when posted, 200 when it is a retry of one already posted, 409 when the id was used for other content, 422 when stock would go below zero',
          params: BookId,
          body: z.object({
            id: z.string().max(80),
            type: z.enum(MOVEMENT_TYPES),
            lines: z
              .array(
                z.object({
                  seqNo: z.number().int(),
                  quantity: z.number().int(),
                  toSeqNo: z.number().int().optional(),
                }),
              )
              .max(500)
              .optional(),
            toBookId: z.string().max(40).optional(),
            reverses: z.string().max(80).optional(),
            declaration: Declaration.optional(),
            note: z.string().max(500).optional(),
          }),
          response: {
            200: z.object({ replayed: z.literal(true), movement: z.array(MovementOut) }),
            201: z.object({ replayed: z.literal(false), movement: z.array(MovementOut) }),
          },
        },
      },
      async (request, reply) => {
        const out = unwrap(
          await service.post(request.principal!, { ...request.body, bookId: request.params.id }),
        );
        return out.replayed
          ? reply.status(200).send({ replayed: true as const, movement: out.movement })
          : reply.status(201).send({ replayed: false as const, movement: out.movement });
      },
    );

    app.get(
      '/api/v1/bonded/books/:id/verify',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['bonded'],
          summary: 'Check the book’s hash chain: finds any edited, inserted or deleted ledger row',
          params: BookId,
          response: {
            200: z.object({
              bookId: z.string(),
              rows: z.number().int(),
              intact: z.boolean(),
              problems: z.array(
                z.object({
                  bookSeq: z.number().int(),
                  rowId: z.string().nullable(),
                  kind: z.enum(['content', 'link', 'gap', 'head']),
                  message: z.object({ en: z.string(), zh: z.string() }),
                }),
              ),
            }),
          },
        },
      },
      async (request) => unwrap(await service.verify(request.principal!, request.params.id)),
    );

    app.post(
      '/api/v1/bonded/lists/:listId/status',
      {
        config: { access: { roles: ['admin', 'customs-officer'], scope: 'all' } },
        schema: {
          tags: ['bonded'],
          summary:
            'Set an inventory list’s deduction status (0 not deducted, 1 pre-deducted, 2 deducted, 3 written off)',
          params: z.object({ listId: z.string().max(100) }),
          body: z.object({ status: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]) }),
          response: { 200: MovementOut },
        },
      },
      async (request) =>
        unwrap(
          await service.setDeductionStatus(
            request.params.listId,
            request.body.status,
            request.principal!.username,
          ),
        ),
    );
  };
}
