/**
 * `GET /api/v1/stream`: the live feed as Server-Sent Events (see stream.ts and docs/subscriptions.md).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Access, ROLES, seesAllTenants } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import type { StreamHub } from './stream';
import { parseTopics } from './visibility';

const READERS: Access = { roles: ROLES, scope: 'tenant' };

const DESCRIPTION = [
  'Server-Sent Events (`text/event-stream`). Each message: `event:` the bus topic (`tracking.events`,',
  '`tracking.readings`, `tracking.train`, `coldchain.alarm`, `ops.*` …), `data:` its JSON payload cut',
  'down to what the caller may see (own organization, unless the role sees all tenants).',
  '`tracking.events` messages carry `id:` = the highest event `seq` in them; reconnecting with',
  '`Last-Event-ID` (or `?lastEventId=`) replays the events stored after it, then continues live.',
  'The stream opens with `stream.open` ({topics, from}) and sends a `: ping` comment every 15 s.',
  'Auth: `Authorization: Bearer` or `?access_token=` (EventSource cannot set headers; a URL may be',
  'logged by proxies — prefer the header where the client can set it).',
].join(' ');

export function streamRoutes(hub: StreamHub): FastifyPluginAsync {
  return async (fastify) => {
    hub.start();
    // open streams would keep the server from closing: end them first
    fastify.addHook('preClose', async () => hub.close());
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/stream',
      {
        config: { access: READERS, queryToken: true },
        schema: {
          tags: ['live'],
          summary: 'The live feed (Server-Sent Events), tenant-filtered, with replay of tracking events',
          description: DESCRIPTION,
          querystring: z.object({
            topics: z
              .string()
              .max(2000)
              .optional()
              .describe('comma-separated topics; `prefix.*` selects a family; default every topic'),
            lastEventId: z.string().max(30).optional().describe('same as the Last-Event-ID header'),
            access_token: z.string().max(200).optional().describe('the bearer token, for EventSource'),
            envelope: z
              .enum(['0', '1', 'true', 'false'])
              .optional()
              .describe(
                '1: every message unnamed with data `{topic, data}` — for EventSource, whose listeners need exact event names',
              ),
          }),
        },
      },
      async (request, reply) => {
        const topics = parseTopics(request.query.topics);
        if (!topics)
          throw Problem.invalid({
            field: 'topics',
            code: 'stream.topics',
            message: {
              en: 'topics: comma-separated names like tracking.events or ops.* (at most 50)',
              zh: 'topics：以逗号分隔的主题名，如 tracking.events 或 ops.*（最多 50 个）',
            },
          });
        const raw = request.headers['last-event-id'] ?? request.query.lastEventId;
        const text = Array.isArray(raw) ? raw[0] : raw;
        const lastEventId = text !== undefined && /^\d{1,15}$/.test(text.trim()) ? Number(text) : undefined;
        const principal = request.principal!;
        reply.hijack();
        try {
          await hub.attach(
            reply.raw,
            { all: seesAllTenants(principal), organizationId: principal.organizationId },
            topics,
            lastEventId,
            request.query.envelope === '1' || request.query.envelope === 'true',
          );
        } catch (err) {
          // the headers are gone: end the stream, the client reconnects with its last id
          request.log.error({ err }, 'stream replay failed');
          reply.raw.end();
        }
      },
    );
  };
}
