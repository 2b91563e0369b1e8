/**
 * Group commit for ingest: writes submitted while a transaction runs are merged into the next one,
 * so many small MQTT messages share one commit. Every submitter's promise settles only after the
 * transaction holding its items committed (or failed) — that is what lets the broker acknowledge
 * after commit. A failed merged batch is retried submission by submission, so one bad write cannot
 * take its neighbours down with it.
 */
import type { IngestWrite, IngestWritten } from './repository';

interface Pending {
  readonly write: IngestWrite;
  readonly resolve: (written: IngestWritten) => void;
  readonly reject: (err: unknown) => void;
}

function size(w: IngestWrite): number {
  return w.readings.length + w.events.length + w.quarantine.length;
}

export class GroupCommit {
  private pending: Pending[] = [];
  private running = false;

  constructor(
    private readonly commit: (write: IngestWrite) => Promise<IngestWritten>,
    private readonly maxItems = 2000,
  ) {}

  submit(write: IngestWrite): Promise<IngestWritten> {
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private take(): Pending[] {
    let n = 0;
    let items = 0;
    while (n < this.pending.length && (n === 0 || items + size(this.pending[n]!.write) <= this.maxItems)) {
      items += size(this.pending[n]!.write);
      n++;
    }
    return this.pending.splice(0, n);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      // let the submissions of this turn of the event loop join the first batch (else it holds one)
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.pending.length > 0) {
        const batch = this.take();
        const merged: IngestWrite = {
          readings: batch.flatMap((p) => p.write.readings),
          events: batch.flatMap((p) => p.write.events),
          quarantine: batch.flatMap((p) => p.write.quarantine),
        };
        try {
          const written = await this.commit(merged);
          settle(batch, written);
        } catch (err) {
          if (batch.length === 1) batch[0]!.reject(err);
          else
            for (const p of batch) {
              try {
                settle([p], await this.commit(p.write));
              } catch (e) {
                p.reject(e);
              }
            }
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** Gives each submitter the keys it stored; a key sent twice in one batch is stored by the first. */
function settle(batch: readonly Pending[], written: IngestWritten): void {
  const claimed = new Set<string>();
  for (const p of batch) {
    const readings = new Set<string>();
    const events = new Set<string>();
    for (const r of p.write.readings) {
      const k = `${r.device_id}/${r.seq}`;
      if (written.storedReadings.has(k) && !claimed.has(`r:${k}`)) {
        claimed.add(`r:${k}`);
        readings.add(k);
      }
    }
    for (const e of p.write.events) {
      const k = `${e.device_id}/${e.event_id}`;
      if (written.storedEvents.has(k) && !claimed.has(`e:${k}`)) {
        claimed.add(`e:${k}`);
        events.add(k);
      }
    }
    p.resolve({
      storedReadings: readings,
      storedEvents: events,
      ...(written.eventSeqs ? { eventSeqs: written.eventSeqs } : {}),
    });
  }
}
