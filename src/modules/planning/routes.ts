/**
 * HTTP of the planners: POST a contract instance document, get the solution document. Planners and
 * dispatchers plan loads and consolidation; border-port staff also schedule gateway slots.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from '../../platform/http/access';
import { Problem } from '../../platform/http/problem';
import { type PlanKind, solvePlanDocument } from './service';

const PLANNERS: Access = { roles: ['admin', 'planner', 'dispatcher'], scope: 'none' };
const BORDER: Access = { roles: ['admin', 'planner', 'dispatcher', 'border-officer'], scope: 'none' };

const Query = z.object({
  timeLimitMs: z.coerce.number().int().min(10).max(60_000).optional().describe('search budget in ms'),
});
const Document = z.record(z.string(), z.unknown());

const ENDPOINTS: Array<{ kind: PlanKind; url: string; access: Access; summary: string }> = [
  {
    kind: 'load',
    url: '/api/v1/plans/load',
    access: PLANNERS,
    summary: 'Train load plan: lugang.load-plan.instance/v1 in, lugang.load-plan.solution/v1 out',
  },
  {
    kind: 'consolidate',
    url: '/api/v1/plans/consolidation',
    access: PLANNERS,
    summary: 'Consolidation: lugang.consolidation.instance/v1 in, lugang.consolidation.solution/v1 out',
  },
  {
    kind: 'gateway',
    url: '/api/v1/plans/gateway',
    access: BORDER,
    summary: 'Gateway slots: lugang.gateway.instance/v1 in, lugang.gateway.solution/v1 out (always optimal)',
  },
];

export const planningRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  for (const e of ENDPOINTS) {
    app.post(
      e.url,
      {
        config: { access: e.access },
        schema: {
          tags: ['planning'],
          summary: e.summary,
          description: 'The document formats are the public contracts of docs/planning-formats.md.',
          querystring: Query,
          body: Document,
          response: { 200: Document },
        },
      },
      async (request) => {
        const result = solvePlanDocument(e.kind, request.body, { timeLimitMs: request.query.timeLimitMs });
        if (!result.ok) throw Problem.invalid(result.error);
        return result.value as Record<string, unknown>;
      },
    );
  }
};
