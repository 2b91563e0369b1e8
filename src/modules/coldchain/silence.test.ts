import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sample } from './detect';
import { foldSilence, INITIAL_SILENCE, openSilenceMark, silentAlarms, stepSilence } from './silence';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const ms = (min: number) => T0 + min * 60_000;
const sample = (min: number, temperatureC = 3.5, deviceId = 'd1', seq = min): Sample => ({
  deviceId,
  seq,
  time: at(min),
  temperatureC,
});

describe('device silent', () => {
  it('a gap longer than the limit is one silent alarm, cleared by the reading that ends it', () => {
    const st = foldSilence(
      [0, 5, 10, 50, 55].map((m) => sample(m)),
      30,
    );
    expect(silentAlarms(st, 30, ms(55))).toEqual([
      {
        kind: 'silent',
        startedAt: at(10),
        raisedAt: at(40),
        clearedAt: at(50),
        direction: null,
        minC: 3.5,
        maxC: 3.5,
        maxDeviationC: 0,
        outMinutes: 40,
        severity: 'minor',
      },
    ]);
    // exactly the limit is not longer than it
    expect(silentAlarms(foldSilence([sample(0), sample(30)], 30), 30, ms(30))).toEqual([]);
  });

  it('after the last reading, silence is judged at the horizon and escalates at 2× and 4× the limit', () => {
    const st = foldSilence([sample(0, 4), sample(10, 5)], 30);
    expect(silentAlarms(st, 30, ms(40))).toEqual([]);
    expect(silentAlarms(st, 30, null)).toEqual([]);
    const open = silentAlarms(st, 30, ms(41));
    expect(open).toMatchObject([
      { startedAt: at(10), raisedAt: at(40), clearedAt: null, minC: 5, severity: 'minor', outMinutes: 30 },
    ]);
    expect(silentAlarms(st, 30, ms(70))[0]).toMatchObject({ severity: 'major', outMinutes: 60 });
    expect(silentAlarms(st, 30, ms(130))[0]).toMatchObject({ severity: 'critical', outMinutes: 120 });
    // the mark changes only when the silence opens or escalates
    expect(openSilenceMark(st, 30, ms(40))).toBe('');
    expect(openSilenceMark(st, 30, ms(45))).toBe(openSilenceMark(st, 30, ms(69)));
    expect(openSilenceMark(st, 30, ms(70))).not.toBe(openSilenceMark(st, 30, ms(69)));
    // never reported: not silent
    expect(silentAlarms(INITIAL_SILENCE, 30, ms(1000))).toEqual([]);
  });

  it('two devices of one box: the box is silent only when both are', () => {
    const st = foldSilence(
      [sample(0, 3, 'a'), sample(20, 3, 'b'), sample(40, 3, 'a'), sample(60, 3, 'b')],
      30,
    );
    expect(silentAlarms(st, 30, ms(80))).toEqual([]);
  });

  it('any order, any duplicates, or stepping on from a saved state: the same silences', () => {
    const readings = fc.uniqueArray(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        readings,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 800 }),
        (mins, cut, h) => {
          const samples = mins.map((m) => sample(m));
          const sorted = [...samples].sort((x, y) => Date.parse(x.time) - Date.parse(y.time));
          const all = foldSilence(sorted, 30);
          expect(foldSilence([...samples].reverse(), 30)).toEqual(all);
          expect(foldSilence([...samples, ...samples], 30)).toEqual(all);
          const k = Math.min(cut, sorted.length);
          let st = foldSilence(sorted.slice(0, k), 30);
          for (const s of sorted.slice(k)) st = stepSilence(st, s, 30);
          expect(st).toEqual(all);
          expect(silentAlarms(st, 30, ms(h + 600))).toEqual(silentAlarms(all, 30, ms(h + 600)));
        },
      ),
    );
  });
});

describe('device silent at the end of a journey', () => {
  it('an open silence is closed at the journey end once the horizon reaches it', () => {
    const st = foldSilence([sample(0), sample(10)], 30);
    expect(silentAlarms(st, 30, ms(60), ms(100))[0]).toMatchObject({ clearedAt: null });
    expect(silentAlarms(st, 30, ms(100), ms(100))[0]).toMatchObject({
      clearedAt: at(100),
      outMinutes: 90,
      severity: 'major',
    });
  });
});
