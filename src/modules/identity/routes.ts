/** HTTP of the identity module: sign-in/out, who am I, organizations and users (admin). */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ORGANIZATION_KINDS, ROLES } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import type { IdentityService } from './service';

const SIGNED_IN = ROLES;

const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  organizationId: z.string(),
  roles: z.array(z.enum(ROLES)),
  createdAt: z.string(),
});

const OrganizationOut = z.object({
  id: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  names: z.object({ en: z.string(), zh: z.string(), ru: z.string().nullable() }),
});

const TokenOut = z.object({ token: z.string(), expiresAt: z.string().nullable() });

export function identityRoutes(service: IdentityService): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/v1/auth/sign-in',
      {
        config: { access: { roles: 'public', scope: 'none' } },
        schema: {
          tags: ['identity'],
          summary: 'Sign in with username and password; returns a bearer token (30 days)',
          body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
          response: { 200: TokenOut },
        },
      },
      async (request) => {
        const result = await service.signIn(request.body.username, request.body.password);
        if (!result.ok) throw new Problem(401, result.error.message, [], result.error.code);
        return { token: result.value.token, expiresAt: result.value.expiresAt };
      },
    );

    app.post(
      '/api/v1/auth/sign-out',
      {
        config: { access: { roles: SIGNED_IN, scope: 'none' } },
        schema: {
          tags: ['identity'],
          summary: 'Revoke the token of this request',
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.revoke(request.principal!.tokenId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/me',
      {
        config: { access: { roles: SIGNED_IN, scope: 'none' } },
        schema: {
          tags: ['identity'],
          summary: 'The signed-in user, organization and roles',
          response: {
            200: z.object({
              userId: z.string(),
              username: z.string(),
              organizationId: z.string(),
              organizationKind: z.enum(ORGANIZATION_KINDS),
              roles: z.array(z.enum(ROLES)),
            }),
          },
        },
      },
      async (request) => {
        const p = request.principal!;
        return {
          userId: p.userId,
          username: p.username,
          organizationId: p.organizationId,
          organizationKind: p.organizationKind,
          roles: [...p.roles],
        };
      },
    );

    app.get(
      '/api/v1/organizations',
      {
        config: { access: { roles: ['admin', 'management', 'customs-officer'], scope: 'all' } },
        schema: {
          tags: ['identity'],
          summary: 'All organizations',
          response: { 200: z.object({ items: z.array(OrganizationOut) }) },
        },
      },
      async () => ({
        items: (await service.listOrganizations()).map((o) => ({
          id: o.id,
          kind: o.kind,
          names: { en: o.name_en, zh: o.name_zh, ru: o.name_ru },
        })),
      }),
    );

    app.get(
      '/api/v1/users',
      {
        config: { access: { roles: ['admin'], scope: 'all' } },
        schema: {
          tags: ['identity'],
          summary: 'All users',
          response: { 200: z.object({ items: z.array(UserOut) }) },
        },
      },
      async () => ({ items: await service.listUsers() }),
    );

    app.post(
      '/api/v1/users',
      {
        config: { access: { roles: ['admin'], scope: 'all' } },
        schema: {
          tags: ['identity'],
          summary: 'Create a user in an organization',
          body: z.object({
            username: z.string().min(2).max(64),
            displayName: z.string().max(200).optional(),
            password: z.string().min(12).max(1024),
            roles: z.array(z.enum(ROLES)).min(1),
            organizationId: z.string().min(1).max(64),
          }),
          response: { 201: UserOut },
        },
      },
      async (request, reply) => {
        const result = await service.createUser(request.body);
        if (!result.ok)
          throw new Problem(
            result.error.code === 'user.exists' ? 409 : 400,
            result.error.message,
            [result.error],
            result.error.code,
          );
        return reply.status(201).send(result.value);
      },
    );
  };
}
