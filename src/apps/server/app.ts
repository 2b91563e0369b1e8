/** Builds the HTTP app from the platform's services: every module's routes, the dashboard, the docs. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bondedRoutes } from '../../modules/bonded/routes';
import { bookingPlanRoutes } from '../../modules/booking/plan-routes';
import { bookingRoutes } from '../../modules/booking/routes';
import { codesRoutes } from '../../modules/codes/routes';
import { coldchainRoutes } from '../../modules/coldchain/routes';
import { customsRoutes } from '../../modules/customs/routes';
import { ecommerceRoutes } from '../../modules/ecommerce/routes';
import { enterpriseRoutes } from '../../modules/enterprise/routes';
import { gatewayRoutes } from '../../modules/gateway/routes';
import { identityRoutes } from '../../modules/identity/routes';
import { networkRoutes } from '../../modules/network/routes';
import { operationsRoutes } from '../../modules/operations/routes';
import { planningRoutes } from '../../modules/planning/routes';
import { StreamHub } from '../../modules/subscriptions/stream';
import { streamRoutes } from '../../modules/subscriptions/stream-routes';
import {
  tenantPositions,
  tenantTrainReader,
  trainTenantsInvalidation,
} from '../../modules/subscriptions/train-tenants';
import { webhookRoutes } from '../../modules/subscriptions/webhook-routes';
import { timetableRoutes } from '../../modules/timetable/routes';
import { trackingRoutes } from '../../modules/tracking/routes';
import { trainRoutes } from '../../modules/tracking/trains-routes';
import { transshipmentRoutes } from '../../modules/transshipment/routes';
import { packageVersion } from '../../platform/config';
import { createHttpServer } from '../../platform/http/server';
import { isSimulated, twinRoutes } from '../simulator/status';
import { enterpriseRelations } from './enterprise-relations';
import type { Platform } from './platform';

function healthRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    fastify.withTypeProvider<ZodTypeProvider>().get(
      '/api/health',
      {
        config: { access: { roles: 'public', scope: 'none' } },
        schema: {
          tags: ['platform'],
          summary: 'Liveness and the database engine in use',
          response: {
            200: z.object({
              status: z.literal('ok'),
              version: z.string(),
              engine: z.enum(['pglite', 'postgres']),
              migrations: z.number().int(),
              time: z.string(),
              simulated: z.boolean().describe('a digital twin feeds this platform: its data are simulated'),
            }),
          },
        },
      },
      async () => ({
        status: 'ok' as const,
        version: packageVersion(),
        engine: platform.database.engine,
        migrations: platform.migrations.total,
        time: new Date().toISOString(),
        simulated: isSimulated(platform),
      }),
    );
  };
}

export async function buildApp(platform: Platform, options: { logger?: boolean | { level: string } } = {}) {
  const { services } = platform;
  return createHttpServer({
    logger: options.logger ?? false,
    version: packageVersion(),
    webDir: platform.config.webDir,
    authenticate: (token) => services.identity.authenticate(token),
    authenticateDevice: (secret) => services.tracking.authenticateDevice(secret),
    plugins: [
      trainTenantsInvalidation(services.trainTenants),
      healthRoutes(platform),
      identityRoutes(services.identity),
      codesRoutes,
      networkRoutes(services.network),
      enterpriseRoutes(services.enterprises, enterpriseRelations(services)),
      bondedRoutes(services.bonded),
      customsRoutes(services.customs),
      ecommerceRoutes(services.ecommerce),
      gatewayRoutes(services.gateway),
      transshipmentRoutes(services.transshipment),
      trackingRoutes(services.tracking),
      streamRoutes(
        new StreamHub(services.bus, services.tracking, {
          audience: (topic, data) => services.trainTenants.audience(topic, data),
        }),
      ),
      trainRoutes(services.trains, {
        positions: tenantPositions(services.trainTenants, services.trains),
        readerOf: tenantTrainReader(services.trainTenants),
      }),
      webhookRoutes(services.webhooks),
      planningRoutes,
      timetableRoutes(services.timetable),
      bookingRoutes(services.bookings),
      bookingPlanRoutes(services.bookingPlans),
      twinRoutes(platform),
      coldchainRoutes(services.coldchain),
      operationsRoutes(services.operations),
    ],
  });
}
