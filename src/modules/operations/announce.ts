/**
 * What the live picture announces on the bus, so the SSE feed carries it to the wall screen:
 * 'ops.trains' (the trains whose phase a batch of events changed) and 'ops.kpis' (the KPI board,
 * at most once per `announceMs`, and only when it changed).
 */
import type { EventBus } from '../../platform/events/bus';
import type { Kpis } from './figures';
import type { TrainPhase } from './projection';

declare module '../../platform/events/bus' {
  interface BusTopics {
    /** The KPI board changed (port-wide figures: only viewers who see every tenant get it). */
    'ops.kpis': Kpis;
    /** Train phases changed (dispatched, at a border, transshipping, crossed, arrived). */
    'ops.trains': OpsTrainChange[];
  }
}

export interface OpsTrainChange {
  readonly id: string;
  readonly routeId: string | null;
  readonly phase: TrainPhase;
}

export class OpsAnnouncer {
  private timer: NodeJS.Timeout | undefined;
  private lastAnnounced = '';

  constructor(
    private readonly bus: EventBus,
    /** Computes the KPI board to announce. */
    private readonly kpis: () => Promise<Kpis>,
    private readonly announceMs: number,
  ) {}

  /** Announces the trains whose phase changed (nothing when none did). */
  trains(changes: OpsTrainChange[]): void {
    if (changes.length > 0) this.bus.emit('ops.trains', changes);
  }

  /** Announces the KPI board in `announceMs`, unless an announcement is already due. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kpis()
        .then((k) => {
          const sig = JSON.stringify({ ...k, asOf: '' });
          if (sig === this.lastAnnounced) return;
          this.lastAnnounced = sig;
          this.bus.emit('ops.kpis', k);
        })
        .catch((err) => process.stderr.write(`operations: KPIs not announced: ${String(err)}\n`));
    }, this.announceMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
