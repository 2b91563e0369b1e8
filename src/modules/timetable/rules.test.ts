// Train rules and calendar dates of the timetable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, isoWeekday } from './dates';
import { defaultSchedule, departureId, reachesEurope, runsOn } from './rules';

const leg = (mode: 'rail-1435' | 'rail-1520') => ({ from: 'a', to: 'b', mode, km: 1, hours: 1 });
const LIMITS = [
  { id: 'europe-typical-feu', value: 41 },
  { id: 'cn-max-feu', value: 55 },
  { id: 'cr-train-cargo', value: 1_300_000 },
  { id: 'central-asia-min-wagons', value: 50 },
  { id: 'urumqi-track-long', value: 750_000 },
];

describe('dates', () => {
  it('refuses impossible dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
  });
  it('adds days across months and years; weekdays are ISO', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(daysBetween('2026-12-01', '2027-01-01')).toBe(31);
    expect(isoWeekday('2026-11-30')).toBe(1); // Monday
    expect(isoWeekday('2026-12-06')).toBe(7); // Sunday
  });
  it('daysBetween inverts addDays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2000, max: 2000 }),
        (n) => daysBetween('2026-06-15', addDays('2026-06-15', n)) === n,
      ),
    );
  });
});

describe('default schedules', () => {
  it('41 FEU to Europe, 55 FEU elsewhere but only 53 NX70A on the 750 m tracks; 1,300 t; 50 wagons to Central Asia', () => {
    const eu = defaultSchedule(
      { id: 'E', destinationCountry: 'DE', legs: [leg('rail-1435'), leg('rail-1520'), leg('rail-1435')] },
      LIMITS,
      '2026-01-05',
    );
    expect(eu).toMatchObject({ capacityTeu: 82, capacityKg: 1_300_000, minTeu: 65, everyDays: 1 });
    const ca = defaultSchedule(
      { id: 'C', destinationCountry: 'KZ', legs: [leg('rail-1435'), leg('rail-1520')] },
      LIMITS,
      '2026-01-05',
    );
    expect(ca).toMatchObject({ capacityTeu: 106, minTeu: 100 });
    const ru = defaultSchedule(
      { id: 'R', destinationCountry: 'RU', legs: [leg('rail-1435'), leg('rail-1520')] },
      LIMITS,
      '2026-01-05',
    );
    expect(ru).toMatchObject({ capacityTeu: 106, minTeu: 84 });
    const longTracks = defaultSchedule(
      { id: 'R', destinationCountry: 'RU', legs: [leg('rail-1435')] },
      [...LIMITS.slice(0, 4), { id: 'urumqi-track-long', value: 900_000 }],
      '2026-01-05',
    );
    expect(longTracks.capacityTeu).toBe(110);
    expect(reachesEurope({ legs: [leg('rail-1435')] })).toBe(false);
  });
});

describe('runsOn', () => {
  it('weekdays and every N days from the anchor (also before it)', () => {
    const tueFri = { weekdays: [2, 5], everyDays: null, anchorDate: null, active: true };
    expect(runsOn(tueFri, '2026-12-01')).toBe(true);
    expect(runsOn(tueFri, '2026-12-02')).toBe(false);
    const every3 = { weekdays: null, everyDays: 3, anchorDate: '2026-12-10', active: true };
    expect(runsOn(every3, '2026-12-13')).toBe(true);
    expect(runsOn(every3, '2026-12-07')).toBe(true);
    expect(runsOn(every3, '2026-12-08')).toBe(false);
    expect(runsOn({ ...every3, active: false }, '2026-12-13')).toBe(false);
  });
  it('every N days runs exactly once in any N consecutive days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: -400, max: 400 }), (n, start) => {
        const s = { weekdays: null, everyDays: n, anchorDate: '2026-12-10', active: true };
        let count = 0;
        for (let i = 0; i < n; i++) if (runsOn(s, addDays('2026-12-10', start + i))) count++;
        return count === 1;
      }),
    );
  });
  it('names departures by route and date', () => {
    expect(departureId('URM-DUI', '2026-12-01')).toBe('URM-DUI-20261201');
  });
});
