/**
 * Opens what every entry point shares — data-directory lock (embedded mode), database, migrations,
 * module services — and closes it in reverse order. The server, the CLI and tests compose from here.
 */
import { join } from 'node:path';
import { BondedRepository } from '../../modules/bonded/repository';
import { BondedService } from '../../modules/bonded/service';
import { BookingPlanService } from '../../modules/booking/plan-service';
import { BookingRepository } from '../../modules/booking/repository';
import { BookingService } from '../../modules/booking/service';
import { ColdChainRepository } from '../../modules/coldchain/repository';
import { ColdChainService } from '../../modules/coldchain/service';
import { CustomsRepository } from '../../modules/customs/repository';
import { CustomsService } from '../../modules/customs/service';
import { EcommerceRepository } from '../../modules/ecommerce/repository';
import { limitsFromEnv } from '../../modules/ecommerce/rules';
import { EcommerceService } from '../../modules/ecommerce/service';
import { EnterpriseRepository } from '../../modules/enterprise/repository';
import { EnterpriseService } from '../../modules/enterprise/service';
import { GatewayRepository } from '../../modules/gateway/repository';
import { GatewayService } from '../../modules/gateway/service';
import { IdentityRepository } from '../../modules/identity/repository';
import { IdentityService } from '../../modules/identity/service';
import { loadNetworkData } from '../../modules/network/load-data';
import { NetworkRepository } from '../../modules/network/repository';
import { NetworkService } from '../../modules/network/service';
import { OperationsService } from '../../modules/operations/service';
import { SubscriptionRepository } from '../../modules/subscriptions/repository';
import { TrainTenants } from '../../modules/subscriptions/train-tenants';
import { WebhookService } from '../../modules/subscriptions/webhooks';
import { TimetableRepository } from '../../modules/timetable/repository';
import { TimetableService } from '../../modules/timetable/service';
import { TrackingRepository } from '../../modules/tracking/repository';
import { TrackingService } from '../../modules/tracking/service';
import { TrainService } from '../../modules/tracking/trains';
import { TrainRepository } from '../../modules/tracking/trains-repository';
import { TransshipmentRepository } from '../../modules/transshipment/repository';
import { TransshipmentService } from '../../modules/transshipment/service';
import type { Config } from '../../platform/config';
import { type DatabaseHandle, openDatabase } from '../../platform/db/connect';
import { type DataDirLock, lockDataDir } from '../../platform/db/lock';
import { type MigrateReport, migrateToLatest } from '../../platform/db/migrate';
import { EventBus } from '../../platform/events/bus';

export interface Services {
  /** What modules announce after commit (platform/events/bus.ts); the SSE feed and reactions listen. */
  readonly bus: EventBus;
  readonly identity: IdentityService;
  readonly network: NetworkService;
  readonly enterprises: EnterpriseService;
  readonly bonded: BondedService;
  readonly gateway: GatewayService;
  readonly tracking: TrackingService;
  /** Train positions matched to their routes, and ETAs (tracking/trains.ts). */
  readonly trains: TrainService;
  /** Webhook subscriptions and their delivery outbox (subscriptions/webhooks.ts). */
  readonly webhooks: WebhookService;
  /** Which tenants' bookings ride a train: they see it on the feed, webhooks and map (cached). */
  readonly trainTenants: TrainTenants;
  readonly timetable: TimetableService;
  readonly bookings: BookingService;
  readonly bookingPlans: BookingPlanService;
  /** The re-load at the gauge change, its CIM/SMGS handover record and tracking events. */
  readonly transshipment: TransshipmentService;
  /** The live picture and statistics (read models over tracking events and reference data). */
  readonly operations: OperationsService;
  /** Cargo temperature profiles, excursion alarms, compliance reports. */
  readonly coldchain: ColdChainService;
  /** Customs declarations; clearance follows CUSS/CUSI/CUSR; a release deducts the inventory lists. */
  readonly customs: CustomsService;
  /** Cross-border e-commerce orders, 三单对碰, the per-person quota ledger. */
  readonly ecommerce: EcommerceService;
}

export interface Platform {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly migrations: MigrateReport;
  readonly services: Services;
  close(): Promise<void>;
}

export function createServices(database: DatabaseHandle, bus = new EventBus()): Services {
  const identity = new IdentityService(new IdentityRepository(database.db));
  const network = new NetworkService(new NetworkRepository(database.db));
  const enterprises = new EnterpriseService(new EnterpriseRepository(database.db), identity);
  const bonded = new BondedService(new BondedRepository(database.db), enterprises);
  const tracking = new TrackingService(new TrackingRepository(database.db), {
    bus,
    readingWriters: database.engine === 'postgres' ? 2 : 1, // reading batches in flight (group-commit.ts)
  });
  const timetable = new TimetableService(new TimetableRepository(database.db), network);
  const trains = new TrainService(new TrainRepository(database.db), new TrackingRepository(database.db), {
    loadNetwork: () => loadNetworkData(),
    bus,
  });
  trains.listen(bus);
  const webhooks = new WebhookService(new SubscriptionRepository(database.db), tracking, {
    seesAll: async (org) =>
      (await identity.listOrganizations()).some((o) => o.id === org && o.kind === 'port-operator'),
    audience: (topic, data) => trainTenants.audience(topic, data),
    alarmsChangedSince: (from, limit, before) => coldchain.alarmsChangedSince(from, limit, before),
  });
  webhooks.listen(bus);
  const bookingRepo = new BookingRepository(database.db);
  const bookings = new BookingService(bookingRepo, network, identity);
  const trainTenants = new TrainTenants(bookings);
  const bookingPlans = new BookingPlanService(bookingRepo, timetable, network);
  const gateway = new GatewayService(new GatewayRepository(database.db), network, {
    departures: (q) => timetable.departures(q),
    crossed: (ids) => transshipment.crossed(ids),
  });
  const transshipment = new TransshipmentService(new TransshipmentRepository(database.db), {
    network,
    timetable,
    bookings,
    bookingPlans,
    tracking,
    organizations: () => identity.listOrganizations(),
  });
  const coldchain = new ColdChainService(new ColdChainRepository(database.db), tracking, { bus });
  const operations = new OperationsService({
    bus,
    events: tracking,
    network,
    timetable,
    gateway,
    bookings,
    trains,
  });
  const customs = new CustomsService(new CustomsRepository(database.db), {
    tracking,
    bonded,
    bookings,
    enterprises,
    trusted: async (org) =>
      (await identity.listOrganizations()).some(
        (o) => o.id === org && ['port-operator', 'customs', 'border-port'].includes(o.kind),
      ),
  });
  const ecommerce = new EcommerceService(new EcommerceRepository(database.db), {
    limits: limitsFromEnv(process.env),
  });
  return {
    bus,
    trains,
    webhooks,
    trainTenants,
    identity,
    network,
    enterprises,
    bonded,
    gateway,
    timetable,
    bookings,
    bookingPlans,
    transshipment,
    tracking,
    operations,
    coldchain,
    customs,
    ecommerce,
  };
}

/** Prepares reference data and bootstrap rows; idempotent, run at every start. */
export async function prepare(services: Services): Promise<void> {
  await services.identity.bootstrap();
  await services.network.sync(await loadNetworkData());
  await services.gateway.syncFromNetwork();
  await services.timetable.ensureSchedules();
  await services.tracking.ensurePlatformDevice();
  services.transshipment.start();
  await services.trains.catchUp();
  await services.webhooks.catchUp();
  await services.coldchain.ensureDefaultProfiles();
  await services.coldchain.start();
  await services.customs.start(services.bus);
}

export async function openPlatform(
  config: Config,
  options: { database?: DatabaseHandle } = {},
): Promise<Platform> {
  let lock: DataDirLock | undefined;
  let database = options.database;
  if (!database) {
    if (!config.databaseUrl) lock = lockDataDir(config.dataDir);
    try {
      database = await openDatabase({
        databaseUrl: config.databaseUrl,
        pgliteDir: join(config.dataDir, 'pgdata'),
      });
    } catch (err) {
      lock?.release();
      throw err;
    }
  }
  const db = database;
  try {
    const migrations = await migrateToLatest(db.db);
    const services = createServices(db);
    await prepare(services);
    let closed = false;
    return {
      config,
      database: db,
      migrations,
      services,
      async close() {
        if (closed) return;
        closed = true;
        services.transshipment.stop();
        await services.transshipment.settled();
        services.coldchain.stop();
        await services.coldchain.settled();
        services.customs.stop();
        await services.customs.settled();
        // no listener may query the database once it is closing
        services.bus.close();
        await services.bus.settled();
        try {
          await db.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    lock?.release();
    throw err;
  }
}
