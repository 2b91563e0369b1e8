import { describe, expect, it } from 'vitest';
import type { RouteLeg } from '../../shared/api';
import { CORRIDORS, corridorCounts, corridorOf } from './corridors';

const rail: RouteLeg = { from: 'A', to: 'B', mode: 'rail-1520', km: 100, hours: 2 };
const ferry: RouteLeg = { from: 'KZSCO', to: 'AZALT', mode: 'ferry', km: 470, hours: 26 };

describe('corridorOf', () => {
  it('sends European destinations to the China–Europe corridor, Belarus included', () => {
    for (const c of ['DE', 'NL', 'PL', 'IT', 'CZ', 'HU', 'AT', 'BY', 'de']) {
      expect(corridorOf({ destinationCountry: c, legs: [rail] })).toBe('europe');
    }
  });
  it('any ferry leg makes a route trans-Caspian, and so does a Caucasus or Turkish destination', () => {
    expect(corridorOf({ destinationCountry: 'KZ', legs: [rail, ferry] })).toBe('caspian');
    expect(corridorOf({ destinationCountry: 'TR', legs: [rail] })).toBe('caspian');
    expect(corridorOf({ destinationCountry: 'GE', legs: [rail] })).toBe('caspian');
  });
  it('Iran and Afghanistan go south; Russia north', () => {
    expect(corridorOf({ destinationCountry: 'IR', legs: [rail] })).toBe('south');
    expect(corridorOf({ destinationCountry: 'AF', legs: [rail] })).toBe('south');
    expect(corridorOf({ destinationCountry: 'RU', legs: [rail] })).toBe('russia');
  });
  it('splits Kazakhstan by latitude: Astana north, Almaty Central Asia', () => {
    expect(corridorOf({ destinationCountry: 'KZ', legs: [rail] }, { lat: 51.13 })).toBe('russia');
    expect(corridorOf({ destinationCountry: 'KZ', legs: [rail] }, { lat: 43.24 })).toBe('centralAsia');
    expect(corridorOf({ destinationCountry: 'KZ', legs: [rail] })).toBe('centralAsia');
    expect(corridorOf({ destinationCountry: 'UZ', legs: [rail] })).toBe('centralAsia');
  });
  it('anything else is "other"', () => {
    expect(corridorOf({ destinationCountry: 'VN', legs: [rail] })).toBe('other');
  });
});

describe('corridorCounts', () => {
  it('counts in legend order and leaves out empty corridors', () => {
    const counts = corridorCounts(['south', 'europe', 'europe', 'caspian']);
    expect(counts).toEqual([
      { corridor: 'europe', count: 2 },
      { corridor: 'caspian', count: 1 },
      { corridor: 'south', count: 1 },
    ]);
    expect(counts.map((c) => CORRIDORS.indexOf(c.corridor))).toEqual([0, 3, 4]);
  });
});
