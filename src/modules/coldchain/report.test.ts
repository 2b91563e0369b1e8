import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sample } from './detect';
import { DEFAULT_PROFILES } from './profiles';
import { meanKineticTemperature, summarize } from './report';

const melon = DEFAULT_PROFILES.find((p) => p.id === 'hami-melon')!;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const series = (temps: number[], every = 5): Sample[] =>
  temps.map((temperatureC, i) => ({ deviceId: 'r1', seq: i, time: at(i * every), temperatureC }));

describe('mean kinetic temperature (ΔH/R = 10,000 K)', () => {
  it('matches hand-computed values', () => {
    // 20 °C and 30 °C held equally long: 26.2599 °C (computed independently)
    expect(
      meanKineticTemperature([
        { temperatureC: 20, weight: 1 },
        { temperatureC: 30, weight: 1 },
      ]),
    ).toBeCloseTo(26.2599, 3);
    // 3.5 °C three quarters of the time, 9 °C one quarter: 5.2541 °C
    expect(
      meanKineticTemperature([
        { temperatureC: 3.5, weight: 3 },
        { temperatureC: 9, weight: 1 },
      ]),
    ).toBeCloseTo(5.2541, 3);
    expect(meanKineticTemperature([])).toBeNull();
  });

  it('lies between the time-weighted mean and the maximum; a constant temperature is its own MKT', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            temperatureC: fc.integer({ min: -300, max: 400 }).map((x) => x / 10),
            weight: fc.integer({ min: 1, max: 100 }),
          }),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        (points) => {
          const mkt = meanKineticTemperature(points)!;
          const w = points.reduce((a, p) => a + p.weight, 0);
          const mean = points.reduce((a, p) => a + p.weight * p.temperatureC, 0) / w;
          const max = Math.max(...points.map((p) => p.temperatureC));
          expect(mkt).toBeGreaterThanOrEqual(mean - 1e-6);
          expect(mkt).toBeLessThanOrEqual(max + 1e-6);
          const c = points[0]!.temperatureC;
          expect(meanKineticTemperature(points.map((p) => ({ ...p, temperatureC: c })))).toBeCloseTo(c, 6);
        },
      ),
    );
  });
});

describe('compliance summary', () => {
  it('splits the covered time into in and out of band, lists the runs and the alarm', () => {
    const s = series([...Array(12).fill(3.5), ...Array(12).fill(9), ...Array(12).fill(3.5)]);
    const r = summarize(melon, s);
    expect(r).toMatchObject({
      readings: 36,
      coveredMinutes: 175,
      outOfBandMinutes: 60,
      inBandMinutes: 115,
      maxDeviationC: 5,
      minC: 3.5,
      maxC: 9,
      longestGapMinutes: 5,
    });
    expect(r.runs).toEqual([
      {
        startedAt: at(60),
        endedAt: at(120),
        minutes: 60,
        direction: 'high',
        peakC: 9,
        maxDeviationC: 5,
        beyondTolerance: true,
      },
    ]);
    expect(r.alarms).toHaveLength(1);
    expect(r.inBandShare).toBeCloseTo(115 / 175, 3);
    // 115 min at 3.5 and 60 min at 9
    expect(r.meanKineticC).toBeCloseTo(
      meanKineticTemperature([
        { temperatureC: 3.5, weight: 115 },
        { temperatureC: 9, weight: 60 },
      ])!,
      3,
    );
  });

  it('in band all the time is 100 %; no readings is an empty report', () => {
    expect(summarize(melon, series([3.4, 3.6, 3.5]))).toMatchObject({
      inBandShare: 1,
      outOfBandMinutes: 0,
      runs: [],
    });
    expect(summarize(melon, [])).toMatchObject({ readings: 0, meanKineticC: null, minC: null, alarms: [] });
  });
});
