/**
 * Group commit for ingest: writes submitted while a transaction runs are merged into the next one,
 * so many small MQTT messages share one commit. Every submitter's promise settles only after the
 * transaction holding its items committed (or failed) — that is what lets the broker acknowledge
 * after commit. A failed merged batch is retried submission by submission, so one bad write cannot
 * take its neighbours down with it.
 *
 * One writer by default (PGlite has one connection anyway). With `readingWriters > 1` (PostgreSQL)
 * writes are split in two lanes:
 * - writes without events go to the readings lane, which keeps up to `readingWriters` batches in
 *   flight, so Node prepares and acknowledges one batch while the server writes the other. Safe: the
 *   readings' and quarantine's unique keys are inserted in sorted order (repository), so two
 *   transactions wait for each other instead of deadlocking, and nothing reads readings by arrival.
 * - writes with events go to the events lane, which never has more than ONE batch in flight.
 *   `tracking_events.seq` is a cursor: GET /api/v1/events, the live feed's Last-Event-ID replay, the
 *   webhooks and the catch-up of operations and customs all read `seq > cursor`. With two event
 *   transactions in flight, the one holding the lower seqs could commit after a reader had already
 *   seen the higher ones, and that reader would never see them. One writer at a time means seqs
 *   become visible in increasing order. `solo` runs other event writes (the Idempotency-Key
 *   transaction) in the same lane for the same reason.
 */
import type { IngestWrite, IngestWritten } from './repository';

interface PendingWrite {
  readonly write: IngestWrite;
  readonly resolve: (written: IngestWritten) => void;
  readonly reject: (err: unknown) => void;
}

interface PendingTask {
  readonly task: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

type Pending = PendingWrite | PendingTask;

export interface GroupCommitOptions {
  /** The most items (readings + events + quarantined) one batch holds; default 2,000. */
  readonly maxItems?: number;
  /** Reading batches in flight at once (1 = one lane for everything, as on PGlite); default 1. */
  readonly readingWriters?: number;
}

/** Below this a batch is not split between two free writers: a statement has its own fixed cost. */
const MIN_SPLIT = 200;

function size(p: Pending): number {
  return 'write' in p ? p.write.readings.length + p.write.events.length + p.write.quarantine.length : 1;
}

class Lane {
  private pending: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly commit: (write: IngestWrite) => Promise<IngestWritten>,
    private readonly maxItems: number,
    private readonly writers: number,
  ) {}

  push(p: Pending): void {
    this.pending.push(p);
    if (this.scheduled || this.inFlight >= this.writers) return;
    // let the submissions of this turn of the event loop join the batch (else the first holds one)
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.writers && this.pending.length > 0) {
      const batch = this.take();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The next batch: a task alone, or writes up to the size limit (split between free writers). */
  private take(): Pending[] {
    const first = this.pending[0]!;
    if (!('write' in first)) return this.pending.splice(0, 1);
    let cap = this.maxItems;
    const free = this.writers - this.inFlight;
    if (free > 1) {
      let all = 0;
      for (const p of this.pending) all += size(p);
      cap = Math.min(cap, Math.max(MIN_SPLIT, Math.ceil(all / free)));
    }
    let n = 0;
    let items = 0;
    while (n < this.pending.length) {
      const p = this.pending[n]!;
      if (!('write' in p) || (n > 0 && items + size(p) > cap)) break;
      items += size(p);
      n++;
    }
    return this.pending.splice(0, n);
  }

  private async run(batch: Pending[]): Promise<void> {
    const first = batch[0]!;
    if (!('write' in first)) {
      try {
        first.resolve(await first.task());
      } catch (err) {
        first.reject(err);
      }
      return;
    }
    const writes = batch as PendingWrite[];
    const merged: IngestWrite =
      writes.length === 1
        ? first.write
        : {
            readings: writes.flatMap((p) => p.write.readings),
            events: writes.flatMap((p) => p.write.events),
            quarantine: writes.flatMap((p) => p.write.quarantine),
          };
    try {
      settle(writes, await this.commit(merged));
    } catch (err) {
      if (writes.length === 1) first.reject(err);
      else
        for (const p of writes) {
          try {
            settle([p], await this.commit(p.write));
          } catch (e) {
            p.reject(e);
          }
        }
    }
  }
}

export class GroupCommit {
  private readonly events: Lane;
  private readonly readings: Lane;

  constructor(commit: (write: IngestWrite) => Promise<IngestWritten>, options: GroupCommitOptions = {}) {
    const maxItems = options.maxItems ?? 2000;
    const writers = Math.max(1, Math.floor(options.readingWriters ?? 1));
    this.events = new Lane(commit, maxItems, 1);
    this.readings = writers === 1 ? this.events : new Lane(commit, maxItems, writers);
  }

  submit(write: IngestWrite): Promise<IngestWritten> {
    return new Promise((resolve, reject) => {
      (write.events.length > 0 ? this.events : this.readings).push({ write, resolve, reject });
    });
  }

  /**
   * Runs `task` alone in the events lane, between batches: for an event write that needs its own
   * transaction (Idempotency-Key), so it is never in flight beside another event batch.
   */
  solo<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.events.push({ task, resolve: resolve as (v: unknown) => void, reject });
    });
  }
}

/**
 * Gives each submitter the keys it stored; a key sent twice in one batch is stored by the first. The
 * sets of `written` are the batch's own (fresh from the write): a key is taken out when claimed.
 */
function settle(batch: readonly PendingWrite[], written: IngestWritten): void {
  if (batch.length === 1) {
    batch[0]!.resolve(written);
    return;
  }
  const readingsLeft = new Set(written.storedReadings);
  const eventsLeft = new Set(written.storedEvents);
  for (const p of batch) {
    const readings = new Set<string>();
    const events = new Set<string>();
    for (const r of p.write.readings) {
      const k = `${r.device_id}/${r.seq}`;
      if (readingsLeft.delete(k)) readings.add(k);
    }
    for (const e of p.write.events) {
      const k = `${e.device_id}/${e.event_id}`;
      if (eventsLeft.delete(k)) events.add(k);
    }
    p.resolve({
      storedReadings: readings,
      storedEvents: events,
      ...(written.eventSeqs ? { eventSeqs: written.eventSeqs } : {}),
    });
  }
}
