/** Group commit: merges concurrent writes, settles each after its commit, isolates a failing write. */
import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import type { IngestWrite, IngestWritten, NewEvent, NewReading } from './repository';

const reading = (device: string, seq: number): NewReading => ({
  device_id: device,
  seq,
  time: '2026-11-26T03:00:00.000Z',
  organization_id: 'o',
  equipment: null,
  temperature_c: null,
  setpoint_c: null,
  humidity_pct: null,
  lat: null,
  lon: null,
  via: 'mqtt',
});
const write = (...rs: NewReading[]): IngestWrite => ({ readings: rs, events: [], quarantine: [] });
const event = (device: string, id: string): NewEvent => ({
  device_id: device,
  event_id: id,
  organization_id: 'o',
  event_type: 'EQUIPMENT',
  event_code: 'LOAD',
  classifier: 'ACT',
  event_time: '2026-11-26T03:00:00.000Z',
  equipment: null,
  train_reference: null,
  location: null,
  retracted_event_id: null,
  body: {},
  via: 'mqtt',
});
const eventWrite = (...es: NewEvent[]): IngestWrite => ({ readings: [], events: es, quarantine: [] });

/** A store that records how many writes (and how many holding events) were in flight at once. */
function concurrencyProbe() {
  let now = 0;
  let nowEvents = 0;
  const seen = { most: 0, mostEvents: 0, commits: 0 };
  const commit = async (w: IngestWrite): Promise<IngestWritten> => {
    now++;
    if (w.events.length > 0) nowEvents++;
    seen.most = Math.max(seen.most, now);
    seen.mostEvents = Math.max(seen.mostEvents, nowEvents);
    seen.commits++;
    await new Promise((r) => setTimeout(r, 5));
    now--;
    if (w.events.length > 0) nowEvents--;
    return {
      storedReadings: new Set(w.readings.map((r) => `${r.device_id}/${r.seq}`)),
      storedEvents: new Set(w.events.map((e) => `${e.device_id}/${e.event_id}`)),
    };
  };
  return { seen, commit, inFlight: () => now };
}

function fakeStore(poison = -1) {
  const stored = new Set<string>();
  const commits: number[] = [];
  const commit = async (w: IngestWrite): Promise<IngestWritten> => {
    await new Promise((r) => setTimeout(r, 5));
    if (w.readings.some((r) => r.seq === poison)) throw new Error('poison');
    commits.push(w.readings.length);
    const now = new Set<string>();
    for (const r of w.readings) {
      const k = `${r.device_id}/${r.seq}`;
      if (!stored.has(k)) {
        stored.add(k);
        now.add(k);
      }
    }
    return { storedReadings: now, storedEvents: new Set() };
  };
  return { stored, commits, commit };
}

describe('GroupCommit', () => {
  it('merges writes that arrive during a commit and gives each its own stored keys', async () => {
    const s = fakeStore();
    const g = new GroupCommit(s.commit);
    const first = g.submit(write(reading('a', 1)));
    await new Promise((r) => setImmediate(r)); // the first batch is being committed now
    const results = await Promise.all([
      first,
      g.submit(write(reading('a', 2))),
      g.submit(write(reading('a', 2), reading('a', 3))),
      g.submit(write(reading('a', 1))),
    ]);
    expect(s.commits).toEqual([1, 4]);
    expect(results.map((r) => [...r.storedReadings])).toEqual([['a/1'], ['a/2'], ['a/3'], []]);
  });

  it('lets the submissions of one turn of the event loop share the first batch', async () => {
    const s = fakeStore();
    const g = new GroupCommit(s.commit);
    await Promise.all([1, 2, 3].map((seq) => g.submit(write(reading('a', seq)))));
    expect(s.commits).toEqual([3]);
  });

  it('retries a failed batch write by write: only the poisoned one fails', async () => {
    const s = fakeStore(13);
    const g = new GroupCommit(s.commit);
    const first = g.submit(write(reading('a', 1)));
    const others = [
      g.submit(write(reading('a', 2))),
      g.submit(write(reading('a', 13))),
      g.submit(write(reading('a', 4))),
    ];
    await first;
    const settled = await Promise.allSettled(others);
    expect(settled.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([...s.stored].sort()).toEqual(['a/1', 'a/2', 'a/4']);
  });

  it('keeps two reading batches in flight with two writers, but never two holding events', async () => {
    const p = concurrencyProbe();
    const g = new GroupCommit(p.commit, { readingWriters: 2, maxItems: 400 });
    const readings = Array.from({ length: 1200 }, (_, i) => g.submit(write(reading(`d${i % 50}`, i))));
    const events = Array.from({ length: 1200 }, (_, i) => g.submit(eventWrite(event(`d${i % 50}`, `e${i}`))));
    const results = await Promise.all([...readings, ...events]);
    expect(p.seen.most).toBe(3); // two reading batches and one event batch
    expect(p.seen.mostEvents).toBe(1);
    expect(results.slice(0, 1200).every((r) => r.storedReadings.size === 1)).toBe(true);
    expect(results.slice(1200).every((r) => r.storedEvents.size === 1)).toBe(true);
  });

  it('one writer by default: one batch in flight, events and readings merged', async () => {
    const p = concurrencyProbe();
    const g = new GroupCommit(p.commit);
    await Promise.all([
      ...Array.from({ length: 300 }, (_, i) => g.submit(write(reading('a', i)))),
      ...Array.from({ length: 300 }, (_, i) => g.submit(eventWrite(event('a', `e${i}`)))),
    ]);
    expect(p.seen.most).toBe(1);
    expect(p.seen.commits).toBe(1);
  });

  it('runs a solo task between event batches, never beside one', async () => {
    const p = concurrencyProbe();
    const g = new GroupCommit(p.commit, { readingWriters: 2 });
    const order: string[] = [];
    const first = g.submit(eventWrite(event('a', 'e1'))).then(() => order.push('batch'));
    const solo = g.solo(async () => {
      order.push(`solo with ${p.inFlight()} in flight`);
      return 7;
    });
    expect(await solo).toBe(7);
    await first;
    expect(order).toEqual(['batch', 'solo with 0 in flight']);
  });
});
