/**
 * HTTP of bookings: create, list (filters, limit/offset), get, cancel, confirm, import (CSV or XLSX
 * as the raw request body) with a row-level report, export (CSV or XLSX). Tenant scope: forwarders
 * and shippers reach only their organization's bookings; another organization's booking answers 404.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { writeXlsx } from '../../platform/sheets/sheets';
import { BOOKING_STATUSES, CUSTOMS_MODES } from './input';
import type { BookingService, ImportFormat, ServiceResult } from './service';

const WRITE: Access = { roles: ['admin', 'planner', 'forwarder', 'shipper'], scope: 'tenant' };
const READ: Access = {
  roles: ['admin', 'planner', 'dispatcher', 'management', 'forwarder', 'shipper'],
  scope: 'tenant',
};

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD');
const Bi = z.object({ en: z.string(), zh: z.string() });

export const BookingOut = z.object({
  id: z.string(),
  organizationId: z.string(),
  reference: z.string(),
  shipperOrg: z.string().nullable(),
  forwarderOrg: z.string().nullable(),
  containers: z.array(
    z.object({ sizeType: z.string(), count: z.number().int(), numbers: z.array(z.string()) }),
  ),
  containerCount: z.number().int(),
  teu: z.number().int(),
  grossKg: z.number().int(),
  hsCode: z.string(),
  dg: z.object({ un: z.string(), class: z.string() }).nullable(),
  reeferSetpointC: z.number().nullable(),
  origin: z.string(),
  destination: z.string(),
  eligibleRoutes: z.array(z.string()),
  readyDate: z.string(),
  dueDate: z.string(),
  priority: z.number().int(),
  customsMode: z.enum(CUSTOMS_MODES),
  status: z.enum(BOOKING_STATUSES),
  assignedDeparture: z.string().nullable(),
  planId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const BookingIn = z.object({
  reference: z.string().max(200),
  organizationId: z.string().max(64).optional().describe('owner; only planners and admins choose it'),
  shipperOrg: z.string().max(64).nullable().optional(),
  forwarderOrg: z.string().max(64).nullable().optional(),
  containers: z
    .array(
      z.object({
        sizeType: z.string().max(8).describe('ISO 6346 size-type, e.g. 42G1'),
        count: z.number().int().optional().describe('before the numbers are known'),
        numbers: z.array(z.string().max(20)).max(200).optional().describe('ISO 6346 container numbers'),
      }),
    )
    .max(20),
  grossKg: z.number(),
  hsCode: z.string().max(20),
  dg: z
    .object({ un: z.string().max(10), class: z.string().max(10) })
    .nullable()
    .optional(),
  reeferSetpointC: z.number().nullable().optional(),
  origin: z.string().max(64).optional(),
  destination: z.string().max(64).describe('a destination city id of the network, e.g. DEDUI'),
  readyDate: z.string().max(20),
  dueDate: z.string().max(20),
  priority: z.number().int().optional().describe('1 (low) … 5 (high), default 3'),
  customsMode: z.enum(CUSTOMS_MODES).optional(),
  status: z.enum(['draft', 'confirmed']).optional().describe('default confirmed'),
});

const ListQuery = z.object({
  status: z.enum(BOOKING_STATUSES).optional(),
  route: z.string().max(64).optional().describe('bookings this route can carry'),
  destination: z.string().max(64).optional(),
  from: IsoDate.optional().describe('bookings whose ready–due window reaches this date or later'),
  to: IsoDate.optional().describe('… and starts on or before this date'),
  departure: z.string().max(80).optional().describe('bookings assigned to this departure'),
});

const ImportReport = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int(), column: z.string(), code: z.string(), reason: Bi })),
});

function unwrap<T>(r: ServiceResult<T>): T {
  if (r.ok) return r.value;
  const first = r.violations[0]!;
  throw new Problem(r.status, first.message, r.status === 404 ? [] : r.violations, first.code);
}

function filterOf(q: z.infer<typeof ListQuery>) {
  return {
    status: q.status,
    route: q.route,
    destination: q.destination?.toUpperCase(),
    from: q.from,
    to: q.to,
    departureId: q.departure,
  };
}

/** The file's format from its content type; browsers label CSV files variously, so those are sniffed. */
export function formatOf(contentType: string | undefined, body: Buffer): ImportFormat | 'xls' | undefined {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (t === 'text/csv' || t === 'application/csv') return 'csv';
  if (t === XLSX_MIME) return 'xlsx';
  if (t === 'application/vnd.ms-excel' || t === 'application/octet-stream') {
    if (body[0] === 0x50 && body[1] === 0x4b) return 'xlsx'; // a zip: OOXML
    if (body[0] === 0xd0 && body[1] === 0xcf) return 'xls'; // the old binary workbook
    return 'csv';
  }
  return undefined;
}

export function bookingRoutes(service: BookingService): FastifyPluginAsync {
  return async (fastify) => {
    fastify.addContentTypeParser(
      ['text/csv', 'application/csv', XLSX_MIME, 'application/vnd.ms-excel', 'application/octet-stream'],
      { parseAs: 'buffer' },
      (_request, body, done) => done(null, body),
    );
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/v1/bookings',
      {
        config: { access: WRITE },
        schema: {
          tags: ['bookings'],
          summary: 'Create a booking (forwarders and shippers: for their own organization)',
          body: BookingIn,
          response: { 201: BookingOut },
        },
      },
      async (request, reply) => {
        const { organizationId, dg, containers, ...rest } = request.body;
        const created = await service.create(
          request.principal!,
          { ...rest, containers, dgUn: dg?.un ?? null, dgClass: dg?.class ?? null },
          organizationId,
        );
        return reply.status(201).send(unwrap(created));
      },
    );

    app.get(
      '/api/v1/bookings',
      {
        config: { access: READ },
        schema: {
          tags: ['bookings'],
          summary: 'Bookings visible to the caller, filtered, by ready date (limit/offset pages)',
          querystring: ListQuery.extend({
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: {
            200: z.object({
              items: z.array(BookingOut),
              total: z.number().int(),
              limit: z.number().int(),
              offset: z.number().int(),
            }),
          },
        },
      },
      async (request) => {
        const { limit, offset } = request.query;
        const res = await service.list(request.principal!, filterOf(request.query), { limit, offset });
        return { ...res, limit, offset };
      },
    );

    app.post(
      '/api/v1/bookings/import',
      {
        config: { access: WRITE },
        schema: {
          tags: ['bookings'],
          summary: 'Import bookings from a CSV (text/csv) or XLSX request body; answers a row-level report',
          description:
            'Headers in English or Chinese (reference/订舱号, destination/目的地 …). Idempotent by reference ' +
            'within the organization: identical rows are unchanged; changed rows update drafts only.',
          querystring: z.object({
            organization: z.string().max(64).optional().describe('owner of rows naming none (planners)'),
          }),
          response: { 200: ImportReport },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : undefined;
        const format = body ? formatOf(request.headers['content-type'], body) : undefined;
        if (format === 'xls')
          throw new Problem(
            415,
            {
              en: 'old binary .xls workbooks are not read: save the file as .xlsx or .csv',
              zh: '不支持旧版 .xls 工作簿：请另存为 .xlsx 或 .csv',
            },
            [],
            'booking.import.xls',
          );
        if (!format || !body)
          throw new Problem(
            415,
            {
              en: `send the file as the request body with Content-Type text/csv or ${XLSX_MIME}`,
              zh: `请以请求体发送文件，Content-Type 为 text/csv 或 ${XLSX_MIME}`,
            },
            [],
            'booking.import.media_type',
          );
        return unwrap(await service.importFile(request.principal!, format, body, request.query.organization));
      },
    );

    app.get(
      '/api/v1/bookings/export',
      {
        config: { access: READ },
        schema: {
          tags: ['bookings'],
          summary: 'The visible bookings as CSV or XLSX (the import columns; imports back unchanged)',
          querystring: ListQuery.extend({
            format: z.enum(['csv', 'xlsx']).default('csv'),
            lang: z.enum(['en', 'zh']).default('en'),
          }),
        },
      },
      async (request, reply) => {
        const rows = await service.exportRows(
          request.principal!,
          filterOf(request.query),
          request.query.lang,
        );
        if (request.query.format === 'xlsx') {
          return reply
            .type(XLSX_MIME)
            .header('content-disposition', 'attachment; filename="bookings.xlsx"')
            .send(await writeXlsx('bookings', rows));
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="bookings.csv"')
          .send(service.exportCsv(rows));
      },
    );

    const IdParams = z.object({ id: z.string().min(1).max(64) });

    app.get(
      '/api/v1/bookings/:id',
      {
        config: { access: READ },
        schema: {
          tags: ['bookings'],
          summary: 'One booking',
          params: IdParams,
          response: { 200: BookingOut },
        },
      },
      async (request) => {
        const b = await service.get(request.principal!, request.params.id);
        if (!b)
          throw Problem.notFound({
            en: `no booking ${request.params.id}`,
            zh: `没有订舱 ${request.params.id}`,
          });
        return b;
      },
    );

    app.post(
      '/api/v1/bookings/:id/cancel',
      {
        config: { access: WRITE },
        schema: {
          tags: ['bookings'],
          summary: 'Cancel a booking (releases its departure)',
          params: IdParams,
          response: { 200: BookingOut },
        },
      },
      async (request) => unwrap(await service.cancel(request.principal!, request.params.id)),
    );

    app.post(
      '/api/v1/bookings/:id/confirm',
      {
        config: { access: WRITE },
        schema: {
          tags: ['bookings'],
          summary: 'Confirm a draft booking',
          params: IdParams,
          response: { 200: BookingOut },
        },
      },
      async (request) => unwrap(await service.confirm(request.principal!, request.params.id)),
    );
  };
}
