/**
 * The projection (projection.ts) and what feeds it: the tracking events the bus announces
 * ('tracking.events') and, on start or on a read before it, a catch-up reading every event stored
 * after the last one applied (`TrackingService.eventsAfter`, in their durable order) — so a restart,
 * or an announcement lost in a crash, leaves no figure behind. Each live batch reports the trains
 * whose phase it changed.
 */
import type { EventBus } from '../../platform/events/bus';
import type { NetworkService } from '../network/service';
import type { StoredEvent } from '../tracking/service';
import type { OpsTrainChange } from './announce';
import { type OpsEvent, OpsProjection, phaseOf, type TrainPhase, type TrainState } from './projection';
import { networkFactsOf } from './reference';

/** Where the catch-up reads stored events (TrackingService). */
export interface EventSource {
  eventsAfter(
    afterSeq: number,
    organizationId: string | undefined,
    limit: number,
  ): Promise<Array<StoredEvent & { readonly seq: number }>>;
}

const PAGE = 5000;

function toOps(e: StoredEvent): OpsEvent {
  const body = e.body as { position?: { lat: number; lon: number } };
  return {
    deviceId: e.deviceId,
    eventId: e.eventId,
    eventType: e.eventType,
    eventCode: e.eventCode,
    classifier: e.classifier,
    eventTime: e.eventTime,
    equipment: e.equipment,
    trainReference: e.trainReference,
    location: e.location,
    retractedEventId: e.retractedEventId,
    position: body?.position,
  };
}

export class ProjectionFeed {
  private projection: OpsProjection | null = null;
  private lastSeq = 0;
  private stopBus: (() => void) | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      readonly bus: EventBus;
      readonly events: EventSource;
      readonly network: NetworkService;
    },
  ) {}

  /** True while the bus feeds the projection (a read then needs no catch-up). */
  get listening(): boolean {
    return this.stopBus !== undefined;
  }

  /**
   * Listens to the bus first (so nothing falls between), then reads what was stored before.
   * `applied` runs after each live batch, in order, with the trains whose phase it changed.
   */
  async start(applied: (events: readonly StoredEvent[], changes: OpsTrainChange[]) => void): Promise<void> {
    if (this.stopBus) return;
    const projection = await this.ensure();
    this.stopBus = this.deps.bus.on('tracking.events', (events) => {
      this.chain = this.chain.then(async () => applied(events, this.applyLive(projection, events)));
      return this.chain;
    });
    await this.catchUp();
  }

  stop(): void {
    this.stopBus?.();
    this.stopBus = undefined;
  }

  /** Reads every stored event after the last one applied (also used by a read before start()). */
  async catchUp(): Promise<number> {
    const projection = await this.ensure();
    let n = 0;
    for (;;) {
      const page = await this.deps.events.eventsAfter(this.lastSeq, undefined, PAGE);
      if (page.length === 0) break;
      projection.apply(page.map(toOps));
      this.lastSeq = Math.max(this.lastSeq, ...page.map((e) => e.seq));
      n += page.length;
      if (page.length < PAGE) break;
    }
    return n;
  }

  /** The projection, built on first use from the network (origin, routes, gateways' sides). */
  async ensure(): Promise<OpsProjection> {
    if (this.projection) return this.projection;
    const [summary, routes, gateways] = await Promise.all([
      this.deps.network.summary().catch(() => null),
      this.deps.network.routes(),
      this.deps.network.gateways(),
    ]);
    this.projection ??= new OpsProjection(networkFactsOf(summary, routes, gateways));
    return this.projection;
  }

  /** The projection, caught up with the stored events when the bus does not feed it yet. */
  async current(): Promise<OpsProjection> {
    const p = await this.ensure();
    if (!this.stopBus) await this.catchUp();
    return p;
  }

  async trains(): Promise<TrainState[]> {
    return (await this.current()).allTrains();
  }

  private applyLive(projection: OpsProjection, events: readonly StoredEvent[]): OpsTrainChange[] {
    const before = new Map<string, TrainPhase>();
    for (const e of events) {
      if (!e.trainReference) continue;
      const t = projection.train(e.trainReference);
      if (t) before.set(t.id, phaseOf(t));
    }
    const touched = projection.apply(events.map(toOps));
    const changes: OpsTrainChange[] = [];
    for (const id of touched) {
      const t = projection.train(id);
      if (!t) continue;
      const phase = phaseOf(t);
      if (before.get(id) !== phase) changes.push({ id, routeId: t.routeId, phase });
    }
    return changes;
  }
}
