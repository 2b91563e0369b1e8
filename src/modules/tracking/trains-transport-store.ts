/**
 * The trains' transport events and learned times, loaded from the table: while the trains service
 * listens to the bus they are read once and then kept up to date from the stored events it hears; not
 * listening, every read loads them from the table again.
 */
import { LearnedTimes } from './eta';
import type { RouteShape } from './route-match';
import type { StoredEvent } from './service';
import type { TrainRepository, TransportEventRow } from './trains-repository';
import { learned, TransportLog, type TransportState, transportRecord } from './trains-transport';

const recordOfRow = (r: TransportEventRow) =>
  transportRecord({
    deviceId: r.device_id,
    eventId: r.event_id,
    eventType: 'TRANSPORT',
    eventCode: r.event_code,
    classifier: 'ACT',
    eventTime: r.event_time,
    trainReference: r.train_reference,
    location: r.location,
    retractedEventId: null,
    seq: r.seq,
  });

export class TransportStore {
  /** While kept: the state loaded once and then updated from the bus. */
  private transport: Promise<TransportState> | undefined;

  constructor(
    private readonly repo: TrainRepository,
    private readonly shapeOfTrain: (ref: string) => Promise<RouteShape | null>,
  ) {}

  /** Forgets the kept state (the service stopped listening). */
  reset(): void {
    this.transport = undefined;
  }

  /** Reads every train's transport events and learns from them (a full read of the table). */
  private async load(): Promise<TransportState> {
    const log = new TransportLog();
    for (const r of await this.repo.retractions()) log.retract(`${r.device_id}/${r.retracted_event_id}`);
    let after = 0;
    for (;;) {
      const rows = await this.repo.transportEvents(after, 5000);
      for (const r of rows) {
        const rec = recordOfRow(r);
        if (rec) log.add(rec);
      }
      if (rows.length < 5000) break;
      after = rows[rows.length - 1]!.seq;
    }
    const times = new LearnedTimes();
    for (const ref of [...log.trains()])
      times.set(ref, learned(await this.shapeOfTrain(ref), log.observations(ref)));
    return { log, times };
  }

  /** The transport events and learned times: kept when `keep` (listening), else read again. */
  state(keep: boolean): Promise<TransportState> {
    if (!keep) return this.load();
    this.transport ??= this.load().catch((err: unknown) => {
      this.transport = undefined;
      throw err;
    });
    return this.transport;
  }

  /** Brings the kept transport events and learned times up to date with stored events. */
  async apply(events: readonly StoredEvent[]): Promise<void> {
    const relevant = events.filter((e) => e.retractedEventId || transportRecord(e));
    if (relevant.length === 0) return;
    const { log, times } = await this.state(true);
    const changed = new Set<string>();
    for (const e of relevant) {
      if (e.retractedEventId) {
        const t = log.retract(`${e.deviceId}/${e.retractedEventId}`);
        if (t) changed.add(t);
      }
      const rec = transportRecord(e);
      const t = rec ? log.add(rec) : undefined;
      if (t) changed.add(t);
    }
    // learned times change when a train completes a leg (or an event of it is retracted)
    for (const ref of changed) {
      const shape = await this.shapeOfTrain(ref);
      times.set(ref, learned(shape, log.observations(ref)));
    }
  }
}
