import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alarmsOf, detect, fold, INITIAL_STATE, isAfter, type Sample, severityOf, step } from './detect';
import { DEFAULT_PROFILES, type Profile, profileViolation } from './profiles';

const melon = DEFAULT_PROFILES.find((p) => p.id === 'hami-melon')!;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

/** One reading every `every` minutes from minute `from`, at the temperatures given. */
function series(temps: number[], every = 5, from = 0, deviceId = 'r1', seq0 = 0): Sample[] {
  return temps.map((temperatureC, i) => ({
    deviceId,
    seq: seq0 + i,
    time: at(from + i * every),
    temperatureC,
  }));
}

const repeat = (c: number, n: number) => Array.from({ length: n }, () => c);

describe('the done-when: 9 °C held past the tolerance', () => {
  it('raises exactly one alarm, and clears it once back in band past the hysteresis', () => {
    // in band 1 h, 9 °C for 1 h (tolerance 30 min), back to 3.5 °C for 1 h
    const s = series([...repeat(3.5, 12), ...repeat(9, 12), ...repeat(3.5, 12)]);
    const alarms = detect(melon, s);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      startedAt: at(60),
      raisedAt: at(90),
      // back at 3.5 °C at minute 120, clear band held 15 min
      clearedAt: at(135),
      direction: 'high',
      maxC: 9,
      maxDeviationC: 5,
      outMinutes: 60,
      severity: 'critical',
    });
  });

  it('does not clear in the hysteresis zone, and clears only after clearMinutes in the clear band', () => {
    // 9 °C for 40 min, then 3.9 °C (in band, but within the 0.2 °C margin) for an hour
    const s = series([...repeat(9, 8), ...repeat(3.9, 12)]);
    expect(detect(melon, s)).toMatchObject([{ clearedAt: null }]);
    // then the clear band, but only 10 minutes of it: still active
    const more = series([3.5, 3.5, 3.5], 5, 100, 'r1', 100);
    expect(detect(melon, [...s, ...more])).toMatchObject([{ clearedAt: null }]);
    const enough = series([3.5], 5, 115, 'r1', 200);
    expect(detect(melon, [...s, ...more, ...enough])).toMatchObject([{ clearedAt: at(115) }]);
  });

  it('stays one alarm while the temperature wanders between the hysteresis zone and out of band', () => {
    const s = series([...repeat(9, 8), 3.9, 3.95, 8, 8, 3.9, ...repeat(3.5, 4)]);
    const alarms = detect(melon, s);
    expect(alarms).toHaveLength(1);
    // the clear band from minute 65 on, held 15 min
    expect(alarms[0]?.clearedAt).toBe(at(65 + 15));
  });

  it('a short excursion (not longer than the tolerance) raises nothing', () => {
    expect(detect(melon, series([3.5, 9, 9, 9, 9, 9, 9, 3.5, 3.5]))).toEqual([]);
    // exactly the tolerance (30 min held) is not longer than it
    expect(detect(melon, series([3.5, 9, 3.5], 30))).toEqual([]);
    expect(detect(melon, series([3.5, 9, 3.5], 31))).toHaveLength(1);
  });

  it('a low excursion is graded by how far below the band it went', () => {
    // 0.5 °C below for 65 min: past twice the tolerance, so major
    const a = detect(melon, series([3.5, ...repeat(2.5, 13), 3.5]));
    expect(a).toMatchObject([{ direction: 'low', minC: 2.5, maxDeviationC: 0.5, severity: 'major' }]);
    // 0.5 °C below for 35 min: minor
    const b = detect(melon, series([3.5, ...repeat(2.5, 7), 3.5]));
    expect(b).toMatchObject([{ severity: 'minor', outMinutes: 35 }]);
  });
});

describe('severity', () => {
  it('grows with deviation and duration', () => {
    expect(severityOf(melon, 0.5, 10 * 60_000)).toBe('minor');
    expect(severityOf(melon, 1, 10 * 60_000)).toBe('major');
    expect(severityOf(melon, 0.5, 60 * 60_000)).toBe('major');
    expect(severityOf(melon, 3, 10 * 60_000)).toBe('critical');
    expect(severityOf(melon, 0.1, 120 * 60_000)).toBe('critical');
  });
});

describe('profiles', () => {
  it('the shipped defaults keep their rules and cite a source', () => {
    for (const p of DEFAULT_PROFILES) {
      expect(profileViolation(p), p.id).toBeNull();
      expect(p.source.length, p.id).toBeGreaterThan(10);
    }
    expect(profileViolation({ minC: 3, maxC: 4, hysteresisC: 0.6 })?.code).toBe(
      'coldchain.profile.hysteresis',
    );
    expect(profileViolation({ minC: 5, maxC: 4, hysteresisC: 0 })?.code).toBe('coldchain.profile.band');
  });
});

// ── properties ────────────────────────────────────────────────────────────────────────────────

const profileArb: fc.Arbitrary<Profile> = fc
  .record({
    minC: fc.integer({ min: -20, max: 10 }),
    width: fc.integer({ min: 1, max: 6 }),
    toleranceMinutes: fc.integer({ min: 0, max: 60 }),
    hysteresisTenths: fc.integer({ min: 0, max: 5 }),
    clearMinutes: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ minC, width, toleranceMinutes, hysteresisTenths, clearMinutes }) => ({
    ...melon,
    minC,
    maxC: minC + width,
    toleranceMinutes,
    hysteresisC: Math.min(hysteresisTenths / 10, width / 2),
    clearMinutes,
  }));

/** Readings of up to three devices with times that collide, around the profile's band. */
const samplesArb = (p: Profile) =>
  fc
    .array(
      fc.record({
        deviceId: fc.constantFrom('a', 'b', 'c'),
        minute: fc.integer({ min: 0, max: 600 }),
        temperatureC: fc.integer({ min: (p.minC - 4) * 10, max: (p.maxC + 4) * 10 }).map((x) => x / 10),
      }),
      { maxLength: 120 },
    )
    .map((rows) => {
      // (device, seq) identifies a reading: number them per device
      const next = new Map<string, number>();
      return rows.map((r) => {
        const seq = next.get(r.deviceId) ?? 0;
        next.set(r.deviceId, seq + 1);
        return { deviceId: r.deviceId, seq, time: at(r.minute), temperatureC: r.temperatureC };
      });
    });

const caseArb = profileArb.chain((p) => fc.tuple(fc.constant(p), samplesArb(p)));

describe('properties of the detector', () => {
  it('gives the same alarms whatever the arrival order, and duplicates change nothing', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([p, s]) =>
          fc.tuple(
            fc.constant(p),
            fc.constant(s),
            fc.shuffledSubarray([...s, ...s], { minLength: s.length * 2, maxLength: s.length * 2 }),
            fc.subarray(s),
          ),
        ),
        ([p, s, shuffledTwice, dups]) => {
          const expected = detect(p, s);
          expect(detect(p, shuffledTwice)).toEqual(expected);
          expect(detect(p, [...dups, ...s.slice().reverse(), ...dups])).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('going on from a saved state with later readings equals detecting over all of them', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 600 }), ([p, s], cut) => {
        const early = s.filter((x) => Date.parse(x.time) < T0 + cut * 60_000);
        const late = s.filter((x) => Date.parse(x.time) >= T0 + cut * 60_000);
        let st = fold(p, early);
        for (const x of late
          .slice()
          .sort(
            (a, b) =>
              Date.parse(a.time) - Date.parse(b.time) ||
              (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq),
          ))
          if (isAfter(st, x)) st = step(p, st, x);
        expect(alarmsOf(p, st)).toEqual(detect(p, s));
      }),
      { numRuns: 200 },
    );
  });

  it('alarms are ordered, disjoint, raised a tolerance after they start, cleared after raised', () => {
    fc.assert(
      fc.property(caseArb, ([p, s]) => {
        const alarms = detect(p, s);
        let prevEnd = Number.NEGATIVE_INFINITY;
        alarms.forEach((a, i) => {
          const start = Date.parse(a.startedAt);
          const raised = Date.parse(a.raisedAt);
          expect(raised - start).toBe(p.toleranceMinutes * 60_000);
          expect(start).toBeGreaterThanOrEqual(prevEnd);
          expect(a.maxDeviationC).toBeGreaterThan(0);
          if (a.clearedAt === null) expect(i).toBe(alarms.length - 1);
          else {
            expect(Date.parse(a.clearedAt)).toBeGreaterThanOrEqual(raised);
            prevEnd = Date.parse(a.clearedAt);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('readings inside the band never raise an alarm; a held excursion past the tolerance raises exactly one', () => {
    fc.assert(
      fc.property(
        profileArb,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        (p, n, off) => {
          const inside = series(repeat((p.minC + p.maxC) / 2, n));
          expect(detect(p, inside)).toEqual([]);
          const minutes = p.toleranceMinutes + 5 + n;
          const s = [
            ...inside,
            { deviceId: 'r1', seq: 1000, time: at(n * 5), temperatureC: p.maxC + off },
            { deviceId: 'r1', seq: 1001, time: at(n * 5 + minutes), temperatureC: p.maxC + off },
          ];
          const alarms = detect(p, s);
          expect(alarms).toHaveLength(1);
          expect(alarms[0]?.clearedAt).toBeNull();
        },
      ),
    );
  });

  it('INITIAL_STATE has no alarm', () => {
    expect(alarmsOf(melon, INITIAL_STATE)).toEqual([]);
  });
});

describe('the profile a cargo implies', () => {
  it('follows the HS heading, the longest prefix first; a deep-frozen setpoint wins', async () => {
    const { suggestProfile } = await import('./profiles');
    expect(suggestProfile({ hsCode: '080719' })).toBe('hami-melon');
    expect(suggestProfile({ hsCode: '0807.11' })).toBe('honeydew');
    expect(suggestProfile({ hsCode: '080610' })).toBe('grapes');
    expect(suggestProfile({ hsCode: '080830' })).toBe('pears');
    expect(suggestProfile({ hsCode: '0808' })).toBe('apples');
    expect(suggestProfile({ hsCode: '0201' })).toBe('frozen');
    expect(suggestProfile({ hsCode: '300490' })).toBe('chilled-2-8');
    expect(suggestProfile({ hsCode: '8471', setpointC: -18 })).toBe('frozen');
    expect(suggestProfile({ hsCode: '8471' })).toBeNull();
    expect(suggestProfile({})).toBeNull();
    for (const id of [
      'hami-melon',
      'honeydew',
      'grapes',
      'pears',
      'apples',
      'tomatoes-fresh',
      'frozen',
      'chilled-2-8',
    ])
      expect(DEFAULT_PROFILES.some((p) => p.id === id)).toBe(true);
  });
});
