/**
 * HTTP of the enterprise module: the zones' enterprises (list with search and filters, get, a profile
 * with the enterprise's users, bookings and account books, create, import from CSV/XLSX).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal, Role } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { readSheet, SHEET_CONTENT_TYPES, SheetError, sheetFormatOf } from '../../platform/sheets/sheets';
import { ENTERPRISE_STATUSES, ZONES } from './enterprise';
import type { Enterprise, EnterpriseService } from './service';

/**
 * What other modules know about an enterprise, for its profile; the composition root wires them
 * (each through the other module's service, seen with the caller's rights).
 */
export interface EnterpriseRelations {
  users(
    organizationId: string,
  ): Promise<
    ReadonlyArray<{ username: string; displayName: string; roles: readonly string[]; createdAt: string }>
  >;
  bookingCount(principal: Principal, organizationId: string): Promise<number>;
  books(
    principal: Principal,
    enterpriseId: string,
  ): Promise<ReadonlyArray<{ id: string; bookNo: string; name: string; movements: number; items: number }>>;
}

const ImportReportOut = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(
    z.object({
      row: z.number().int(),
      column: z.string(),
      code: z.string(),
      message: z.object({ en: z.string(), zh: z.string() }),
    }),
  ),
});

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

export function enterpriseRoutes(
  service: EnterpriseService,
  relations?: EnterpriseRelations,
): FastifyPluginAsync {
  return async (fastify) => {
    fastify.addContentTypeParser([...SHEET_CONTENT_TYPES], { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/enterprises',
      {
        config: { access: { roles: READERS, scope: 'tenant' } },
        schema: {
          tags: ['enterprise'],
          summary: 'Enterprises of the zones (an enterprise user sees only its own)',
          description:
            'q matches either name or the credit code (substring, any case); sectors lists every sector ' +
            'of the enterprises the caller may see (for a filter).',
          querystring: z.object({
            zone: z.enum(ZONES).optional(),
            sector: z.string().max(100).optional(),
            q: z.string().max(100).optional(),
          }),
          response: { 200: z.object({ items: z.array(EnterpriseOut), sectors: z.array(z.string()) }) },
        },
      },
      async (request) => {
        const { zone, sector, q } = request.query;
        const [items, sectors] = await Promise.all([
          service.list(request.principal!, {
            ...(zone ? { zone } : {}),
            ...(sector ? { sector } : {}),
            ...(q ? { q } : {}),
          }),
          service.sectors(request.principal!),
        ]);
        return { items, sectors };
      },
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

    if (relations)
      app.get(
        '/api/v1/enterprises/:id/profile',
        {
          config: { access: { roles: READERS, scope: 'tenant' } },
          schema: {
            tags: ['enterprise'],
            summary: 'One enterprise with its users, its bookings count and its bonded account books',
            params: z.object({ id: z.string().max(100) }),
            response: {
              200: z.object({
                enterprise: EnterpriseOut,
                users: z.array(
                  z.object({
                    username: z.string(),
                    displayName: z.string(),
                    roles: z.array(z.string()),
                    createdAt: z.string(),
                  }),
                ),
                bookings: z.number().int(),
                books: z.array(
                  z.object({
                    id: z.string(),
                    bookNo: z.string(),
                    name: z.string(),
                    movements: z.number().int(),
                    items: z.number().int(),
                  }),
                ),
              }),
            },
          },
        },
        async (request) => {
          const principal = request.principal!;
          const e: Enterprise | undefined = await service.get(principal, request.params.id);
          if (!e)
            throw Problem.notFound({
              en: `no enterprise ${request.params.id}`,
              zh: `没有企业 ${request.params.id}`,
            });
          const [users, bookings, books] = await Promise.all([
            relations.users(e.organizationId),
            relations.bookingCount(principal, e.organizationId),
            relations.books(principal, e.id),
          ]);
          return {
            enterprise: e,
            users: users.map((u) => ({ ...u, roles: [...u.roles] })),
            bookings,
            books: [...books],
          };
        },
      );

    app.post(
      '/api/v1/enterprises/import',
      {
        config: { access: { roles: ['admin', 'customs-officer'], scope: 'all' } },
        schema: {
          tags: ['enterprise'],
          summary:
            'Import enterprises from a CSV (text/csv) or XLSX request body; answers a row-level report',
          description:
            'Columns credit_code, name_zh, name_en, zone, sector, investment_cny (yuan), status (Chinese ' +
            'headers accepted). Idempotent by credit code: identical rows are unchanged, changed rows ' +
            'update; every refused row is reported by row, column and reason (en, zh).',
          response: { 200: ImportReportOut },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : undefined;
        const format = body ? sheetFormatOf(request.headers['content-type'], body) : undefined;
        if (format === 'xls')
          throw new Problem(
            415,
            {
              en: 'old binary .xls workbooks are not read: save the file as .xlsx or .csv',
              zh: '不支持旧版 .xls 工作簿：请另存为 .xlsx 或 .csv',
            },
            [],
            'enterprise.import.xls',
          );
        if (!format || !body)
          throw new Problem(
            415,
            {
              en: 'send the file as the request body with Content-Type text/csv or the XLSX type',
              zh: '请以请求体发送文件，Content-Type 为 text/csv 或 XLSX 类型',
            },
            [],
            'enterprise.import.media_type',
          );
        let table: Awaited<ReturnType<typeof readSheet>>;
        try {
          table = await readSheet(format, body);
        } catch (err) {
          if (!(err instanceof SheetError)) throw err;
          throw new Problem(
            400,
            { en: `the file cannot be read: ${err.message}`, zh: `无法读取文件：${err.message}` },
            [],
            'enterprise.import.unreadable',
          );
        }
        return service.importTable(table);
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
