import { describe, expect, it } from 'vitest';
import type { Alarm } from './api';
import { draftOf, inputOf, mergePoints, outOfBand, sortAlarms, sparkline } from './model';

const pt = (min: number, c: number) => ({
  time: new Date(Date.UTC(2026, 11, 1, 0, min)).toISOString(),
  temperatureC: c,
});

describe('cold chain page model', () => {
  it('draws a held (step) sparkline with the band between its bounds', () => {
    const s = sparkline([pt(0, 3.5), pt(10, 9), pt(20, 3.5)], 3, 4, 100, 40);
    expect(s.line).toBe('M0.0,32.0H50.0V2.7H100.0V32.0');
    expect(s.lo).toBe(2);
    expect(s.hi).toBe(9.5);
    expect(s.band.y).toBeLessThan(40);
    expect(s.band.y + s.band.height).toBeLessThanOrEqual(40);
    expect(sparkline([], 3, 4, 100, 40).line).toBe('');
    expect(sparkline([pt(0, 3.5)], 3, 4, 100, 40).line).toMatch(/^M0\.0,[\d.]+H100\.0$/);
  });

  it('merges live points: sorted, one per instant, within the window, bounded', () => {
    const merged = mergePoints(
      [pt(0, 1), pt(10, 2)],
      [pt(5, 3), pt(10, 4), pt(-5, 9)],
      Date.UTC(2026, 11, 1),
      3,
    );
    expect(merged.map((p) => p.temperatureC)).toEqual([1, 3, 4]);
    expect(
      mergePoints([pt(0, 1), pt(5, 2), pt(10, 3)], [], Date.UTC(2026, 11, 1), 2).map((p) => p.temperatureC),
    ).toEqual([2, 3]);
  });

  it('orders alarms: open first, then by severity, newest first', () => {
    const a = (id: string, status: Alarm['status'], severity: Alarm['severity'], min: number) =>
      ({ id, status, severity, raisedAt: pt(min, 0).time }) as Alarm;
    const sorted = sortAlarms([
      a('1', 'cleared', 'critical', 9),
      a('2', 'open', 'minor', 5),
      a('3', 'open', 'critical', 1),
      a('4', 'acknowledged', 'major', 7),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['3', '2', '4', '1']);
  });

  it('reads the profile editor’s fields', () => {
    const d = {
      ...draftOf(null),
      nameZh: ' 哈密瓜 ',
      nameEn: 'Hami',
      minC: '3',
      maxC: '4,5',
      hysteresisC: '',
    };
    expect(inputOf(d, false)).toMatchObject({
      nameZh: '哈密瓜',
      minC: 3,
      maxC: 4.5,
      toleranceMinutes: 30,
      clearMinutes: 15,
    });
    expect(inputOf(d, false).hysteresisC).toBeNaN();
    // the device-silent gap: blank takes the platform default (null), a number is the profile's own
    expect(inputOf(d, false).silentMinutes).toBeNull();
    expect(inputOf({ ...d, silentMinutes: ' 45 ' }, false).silentMinutes).toBe(45);
    expect(draftOf({ ...inputOf(d, false), silentMinutes: 20 } as never).silentMinutes).toBe('20');
    expect(outOfBand({ minC: 3, maxC: 4 }, 9)).toBe(true);
    expect(outOfBand({ minC: 3, maxC: 4 }, 3.5)).toBe(false);
    expect(outOfBand(null, 9)).toBe(false);
  });
});
