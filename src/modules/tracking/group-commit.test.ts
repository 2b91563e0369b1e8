/** Group commit: merges concurrent writes, settles each after its commit, isolates a failing write. */
import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import type { IngestWrite, IngestWritten, NewReading } from './repository';

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
});
