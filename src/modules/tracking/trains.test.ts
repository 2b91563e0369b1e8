/**
 * The trains' transport events and learned times kept in memory (TransportLog + LearnedTimes) give
 * what reading every event from the table and learning from scratch gives, whatever the order the
 * events, their duplicates and retractions arrive in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribution, emptySamples, LearnedTimes, learnFrom, type Samples } from './eta';
import type { RouteShape } from './route-match';
import { TransportLog, transportRecord } from './trains';

const shape: RouteShape = {
  routeId: 'R',
  stops: ['S0', 'S1', 'S2', 'S3'].map((id, i) => ({ id, unlocode: null, lat: 40, lon: 80 + i })),
  legs: [10, 30, 20].map((hours, i) => ({
    id: `S${i}>S${i + 1}`,
    from: `S${i}`,
    to: `S${i + 1}`,
    km: 100,
    hours,
    hoursBasis: 'test',
  })),
  dwellHours: [0, 4, 8, 0],
  dwellBasis: ['', 'test', 'test', ''],
  totalKm: 300,
};

const T0 = Date.parse('2026-12-01T00:00:00Z');

interface Ev {
  seq: number;
  deviceId: string;
  eventId: string;
  eventType: 'TRANSPORT' | 'IOT';
  eventCode: string;
  classifier: 'ACT' | 'EST';
  eventTime: string;
  trainReference: string | null;
  location: string | null;
  retractedEventId: string | null;
}

const eventArb = fc.record({
  device: fc.constantFrom('d1', 'd2'),
  train: fc.constantFrom('T1', 'T2', 'T3', null),
  code: fc.constantFrom('DEPA', 'ARRI', 'POS'),
  classifier: fc.constantFrom('ACT', 'ACT', 'ACT', 'EST'),
  location: fc.constantFrom('S0', 'S1', 'S2', 'S3', 'ELSEWHERE', null),
  hour: fc.integer({ min: 0, max: 120 }),
  // a retraction of an earlier (or later, or unknown) event id of the same device
  retracts: fc.option(fc.integer({ min: 0, max: 30 }), { freq: 5 }),
});

/** What the table holds after these events, read from scratch as the ETA used to. */
function fromScratch(events: readonly Ev[]): { obs: Map<string, string[]>; times: Samples } {
  const retracted = new Set(
    events.filter((e) => e.retractedEventId).map((e) => `${e.deviceId}/${e.retractedEventId}`),
  );
  const obs = new Map<string, Array<{ code: 'DEPA' | 'ARRI'; location: string; time: string }>>();
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.eventType !== 'TRANSPORT' || e.classifier !== 'ACT' || e.retractedEventId) continue;
    if (!e.trainReference || !e.location || retracted.has(`${e.deviceId}/${e.eventId}`)) continue;
    const list = obs.get(e.trainReference) ?? [];
    list.push({ code: e.eventCode as 'DEPA' | 'ARRI', location: e.location, time: e.eventTime });
    obs.set(e.trainReference, list);
  }
  const times = emptySamples();
  for (const list of obs.values()) learnFrom(shape, list, times);
  return {
    obs: new Map([...obs].map(([k, v]) => [k, v.map((o) => `${o.code}@${o.location}@${o.time}`)])),
    times,
  };
}

describe('transport events and learned times kept in memory', () => {
  it('equal the from-scratch reading for any arrival order, duplicates and retractions', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (raw, shuffle, minSamples) => {
          const events: Ev[] = raw.map((r, i) => ({
            seq: i + 1,
            deviceId: r.device,
            eventId: `e${i}`,
            eventType: r.code === 'POS' ? 'IOT' : 'TRANSPORT',
            eventCode: r.code,
            classifier: r.classifier as 'ACT' | 'EST',
            eventTime: new Date(T0 + r.hour * 3600_000).toISOString(),
            trainReference: r.train,
            location: r.location,
            retractedEventId: r.retracts === null ? null : `e${r.retracts}`,
          }));
          // arrival: stored order disturbed (a first load overlapping the bus), some delivered twice
          const arrival = [...events];
          for (const [k, n] of shuffle.entries()) {
            if (arrival.length === 0) break;
            const i = n % arrival.length;
            if (k % 3 === 0) arrival.push(arrival[i]!);
            else [arrival[i], arrival[k % arrival.length]] = [arrival[k % arrival.length]!, arrival[i]!];
          }
          const log = new TransportLog();
          const times = new LearnedTimes();
          for (const e of arrival) {
            const changed = new Set<string>();
            if (e.retractedEventId) {
              const t = log.retract(`${e.deviceId}/${e.retractedEventId}`);
              if (t) changed.add(t);
            }
            const rec = transportRecord(e);
            const t = rec ? log.add(rec) : undefined;
            if (t) changed.add(t);
            for (const ref of changed) {
              const s = emptySamples();
              learnFrom(shape, log.observations(ref), s);
              times.set(ref, s);
            }
          }
          const want = fromScratch(events);
          for (const ref of ['T1', 'T2', 'T3'])
            expect(log.observations(ref).map((o) => `${o.code}@${o.location}@${o.time}`)).toEqual(
              want.obs.get(ref) ?? [],
            );
          expect(new Set(log.trains())).toEqual(new Set(want.obs.keys()));
          for (const l of shape.legs)
            expect(times.leg(l.id, l.hours, minSamples)).toEqual(
              distribution(want.times.legs.get(l.id) ?? [], l.hours, minSamples),
            );
          for (const [i, st] of shape.stops.entries())
            expect(times.stop(st.id, shape.dwellHours[i]!, minSamples)).toEqual(
              distribution(want.times.dwell.get(st.id) ?? [], shape.dwellHours[i]!, minSamples),
            );
        },
      ),
      { numRuns: 300 },
    );
  });
});
