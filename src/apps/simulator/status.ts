// Which platform runs a twin, and the route that tells the dashboard its data are simulated:
// GET /api/v1/twin (public, like /api/health) → {simulated, twin: status | null}.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LiveTwin } from './run';

const running = new WeakMap<object, LiveTwin>();

export function registerTwin(platform: object, twin: LiveTwin): void {
  running.set(platform, twin);
}

export function unregisterTwin(platform: object): void {
  running.delete(platform);
}

/** True while a digital twin feeds this platform (the data it shows are simulated). */
export function isSimulated(platform: object): boolean {
  return running.has(platform);
}

const Status = z.object({
  simulated: z.literal(true),
  running: z.boolean(),
  seed: z.number().int(),
  speed: z.union([z.number(), z.literal('max')]),
  start: z.string(),
  simTime: z.string(),
  realTime: z.boolean(),
  catchUp: z.object({
    presentMs: z.number().int().nullable(),
    history: z.enum(['none', 'pending', 'sending', 'complete']),
    historyMs: z.number().int().nullable(),
  }),
  devices: z.object({
    kind: z.enum(['http', 'mqtt']),
    open: z.number().int(),
    opened: z.number().int(),
  }),
  trains: z.object({ outbound: z.number().int(), inbound: z.number().int(), arrived: z.number().int() }),
  requests: z.number().int(),
  failed: z.number().int(),
  itemsSent: z.number().int(),
  failures: z.record(z.string(), z.number().int()),
});

export function twinRoutes(platform: object): FastifyPluginAsync {
  return async (fastify) => {
    fastify.withTypeProvider<ZodTypeProvider>().get(
      '/api/v1/twin',
      {
        config: { access: { roles: 'public', scope: 'none' } },
        schema: {
          tags: ['platform'],
          summary: 'Whether a digital twin (simulator) feeds this platform: its data are then simulated',
          response: { 200: z.object({ simulated: z.boolean(), twin: Status.nullable() }) },
        },
      },
      async () => {
        const twin = running.get(platform);
        return { simulated: twin !== undefined, twin: twin ? twin.status() : null };
      },
    );
  };
}
