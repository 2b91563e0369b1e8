/**
 * The HTTP server: Fastify with zod schemas (validation, serialization, OpenAPI 3.1 at
 * `/openapi.json`, docs UI at `/docs`), bearer-token principals, the access check every `/api`
 * route declares, problem+json errors, and the built dashboard served at `/`.
 * Modules add their routes as Fastify plugins; this file knows none of them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Bilingual } from '../../domain/text';
import {
  type Access,
  DEVICE_SECRET_PREFIX,
  type DevicePrincipal,
  isAllowed,
  type Principal,
  type RegisteredRoute,
} from './access';
import { localeOf, Problem, problemBody } from './problem';
import { redactUrl, serializeRequest } from './redact';
import { violationsFromIssues } from './zod-issues';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The route also takes the bearer token as `?access_token=` (for EventSource, which cannot set
     * headers). Only for long-lived GET streams: a URL may end up in logs and history.
     */
    queryToken?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Set instead of `principal` when the bearer is a device secret. */
    device: DevicePrincipal | null;
  }
}

export type Authenticate = (token: string) => Promise<Principal | null>;
export type AuthenticateDevice = (secret: string) => Promise<DevicePrincipal | null>;

export interface HttpServerOptions {
  /** Request URLs are logged with `access_token` redacted (redact.ts); `stream` is for tests. */
  readonly logger?: boolean | { level: string; stream?: { write(line: string): void } };
  readonly authenticate: Authenticate;
  /** Resolves device secrets (bearer starting `lgd_`) for routes declaring `roles: 'device'`. */
  readonly authenticateDevice?: AuthenticateDevice;
  /** The built dashboard (web/dist); when missing, `/` explains how to build it. */
  readonly webDir?: string | undefined;
  readonly version: string;
  readonly plugins: readonly FastifyPluginAsync[];
  readonly bodyLimit?: number;
}

export type App = FastifyInstance;

const PROBLEM = 'application/problem+json; charset=utf-8';

function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  detail: Bilingual,
  problem?: Problem,
) {
  const locale = localeOf(request.headers['accept-language']);
  const body = problemBody(status, detail, locale, problem?.violations ?? [], problem?.code);
  body.instance = redactUrl(request.url);
  return reply.status(status).type(PROBLEM).send(JSON.stringify(body));
}

export async function createHttpServer(
  options: HttpServerOptions,
): Promise<{ app: App; routes: RegisteredRoute[] }> {
  const app = Fastify({
    logger: options.logger
      ? { ...(options.logger === true ? {} : options.logger), serializers: { req: serializeRequest } }
      : false,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = route.config?.access;
    if (route.url.startsWith('/api') && !access) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no access (roles and tenant scope)`);
    }
    if (access && access.roles !== 'public') {
      route.schema = { ...route.schema, security: [{ bearer: [] }] } as typeof route.schema;
    }
    if (access && route.schema) {
      const who =
        access.roles === 'public'
          ? 'anyone'
          : access.roles === 'device'
            ? 'a device, with its own secret as bearer'
            : access.roles.join(', ');
      const base = (route.schema as { description?: string }).description;
      (route.schema as { description?: string }).description =
        `${base ? `${base}\n\n` : ''}Access: ${who}; tenant scope: ${access.scope}.`;
    }
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, access });
    }
  });

  app.decorateRequest('principal', null);
  app.decorateRequest('device', null);
  app.addHook('onRequest', async (request, reply) => {
    let header = request.headers.authorization;
    if (!header && request.routeOptions.config?.queryToken) {
      const q = (request.query as Record<string, unknown> | undefined)?.access_token;
      if (typeof q === 'string' && q.length > 0) header = `Bearer ${q}`;
    }
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const bearer = m?.[1];
      if (bearer?.startsWith(DEVICE_SECRET_PREFIX) && options.authenticateDevice) {
        request.device = await options.authenticateDevice(bearer);
      } else if (bearer) {
        request.principal = await options.authenticate(bearer);
      }
      if (!request.principal && !request.device) {
        return sendProblem(reply, request, 401, {
          en: 'The bearer token is unknown, expired or revoked.',
          zh: '访问令牌无效、已过期或已吊销。',
        });
      }
    }
    const access = request.routeOptions.config?.access;
    if (!access) return;
    const verdict = isAllowed(access, request.principal, request.device);
    if (verdict === 'unauthenticated') {
      return sendProblem(reply, request, 401, {
        en: 'Sign in first: send `Authorization: Bearer <token>`.',
        zh: '请先登录：请求需携带 `Authorization: Bearer <令牌>`。',
      });
    }
    if (verdict === 'forbidden' && (access.roles === 'device' || request.device)) {
      return sendProblem(reply, request, 403, {
        en: 'Device secrets open only the device routes, and user tokens only the others.',
        zh: '设备密钥只能用于设备接口，用户令牌只能用于其他接口。',
      });
    }
    if (verdict === 'forbidden') {
      const roles = (access.roles as readonly string[]).join(', ');
      return sendProblem(reply, request, 403, {
        en: `This needs one of the roles: ${roles}.`,
        zh: `需要以下角色之一：${roles}。`,
      });
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Problem) return sendProblem(reply, request, error.status, error.detailText, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const violations = violationsFromIssues(error.validation, error.validationContext);
      const first = violations[0]!;
      const detail = {
        en: `${first.field || 'input'}: ${first.message.en}`,
        zh: `${first.field || '输入'}：${first.message.zh}`,
      };
      return sendProblem(reply, request, 400, detail, new Problem(400, detail, violations, first.code));
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(reply, request, 500, {
        en: 'The server failed to handle this request; it has been logged.',
        zh: '服务器处理该请求失败，已记录日志。',
      });
    }
    const zh =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? '不支持的内容类型，请发送 JSON。'
        : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? '请求体为空，应为 JSON。'
          : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? '请求体过大。'
            : `请求无效：${error.message}`;
    return sendProblem(reply, request, status, { en: error.message, zh });
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lugang API',
        description: 'Lugang (陆港) — operations platform of an international rail land port.',
        version: options.version,
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Opaque 256-bit token' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const z = app.withTypeProvider<ZodTypeProvider>();
  z.get('/openapi.json', { schema: { hide: true }, config: {} }, async (_request, reply) =>
    reply.send(app.swagger()),
  );

  for (const plugin of options.plugins) await app.register(plugin);

  const webDir = options.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // hashed bundles are immutable; the page itself is always revalidated
      setHeaders(res, path) {
        res.setHeader(
          'cache-control',
          path.includes(`${join('assets', '')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Lugang</title><p>The dashboard is not built: run <code>npm run build:web</code> (npm start does it). ' +
            '仪表盘尚未构建：请运行 <code>npm run build:web</code>（npm start 会自动构建）。<p>API: <a href="/docs">/docs</a>',
        ),
    );
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const wantsPage = request.method === 'GET' && !path.startsWith('/api') && !path.includes('.');
    if (wantsPage && webDir && existsSync(join(webDir, 'index.html'))) {
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .sendFile('index.html');
    }
    return sendProblem(reply, request, 404, {
      en: `No such resource: ${request.method} ${path}`,
      zh: `资源不存在：${request.method} ${path}`,
    });
  });

  await app.ready();
  return { app, routes };
}
