import { geoPath } from 'd3-geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundsOutline, EURASIA, fitProjection, inViewport, project, projectedAspect, XINJIANG } from './geo';

const URUMQI: [number, number] = [87.42, 43.9];
const DUISBURG: [number, number] = [6.76, 51.43];

describe('fitProjection', () => {
  it('fits the whole Eurasia frame inside the padded viewport, for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 4000 }), fc.integer({ min: 150, max: 2500 }), (w, h) => {
        const pad = 10;
        const p = fitProjection(w, h, EURASIA, { top: pad, right: pad, bottom: pad, left: pad });
        const [[x0, y0], [x1, y1]] = geoPath(p).bounds(boundsOutline(EURASIA));
        expect(x0).toBeGreaterThanOrEqual(pad - 0.5);
        expect(y0).toBeGreaterThanOrEqual(pad - 0.5);
        expect(x1).toBeLessThanOrEqual(w - pad + 0.5);
        expect(y1).toBeLessThanOrEqual(h - pad + 0.5);
        // It fills the viewport along at least one axis.
        expect(Math.max((x1 - x0) / (w - 2 * pad), (y1 - y0) / (h - 2 * pad))).toBeGreaterThan(0.99);
      }),
      { numRuns: 60 },
    );
  });

  it('puts Urumqi and Duisburg on screen, west left of east and north above south', () => {
    const p = fitProjection(1600, 800);
    const urc = project(p, ...URUMQI);
    const dui = project(p, ...DUISBURG);
    expect(urc && inViewport(urc, 1600, 800)).toBe(true);
    expect(dui && inViewport(dui, 1600, 800)).toBe(true);
    expect(dui?.[0]).toBeLessThan(urc?.[0] ?? 0);
    expect(dui?.[1]).toBeLessThan(urc?.[1] ?? 0); // Duisburg is further north: higher on screen
  });

  it('keeps the central meridian vertical (north is up in the middle of the frame)', () => {
    const p = fitProjection(1600, 800);
    const a = project(p, 62.5, 30);
    const b = project(p, 62.5, 60);
    expect(a?.[0]).toBeCloseTo(b?.[0] ?? 0, 6);
    expect(b?.[1]).toBeLessThan(a?.[1] ?? 0);
  });

  it('is robust to a zero-size container', () => {
    const p = fitProjection(0, 0);
    expect(project(p, ...URUMQI)).not.toBeNull();
  });
});

describe('frames', () => {
  it('outlines a frame with points on its four edges only', () => {
    const o = boundsOutline({ west: 10, south: 20, east: 20, north: 30 }, 5);
    for (const [lon, lat] of o.coordinates as [number, number][]) {
      const onEdge = lon === 10 || lon === 20 || lat === 20 || lat === 30;
      expect(onEdge).toBe(true);
    }
    expect(o.coordinates).toContainEqual([10, 20]);
    expect(o.coordinates).toContainEqual([20, 30]);
  });

  it('the Xinjiang inset is wider than tall and contains the assembly center and both gateways', () => {
    expect(projectedAspect(XINJIANG)).toBeGreaterThan(1.2);
    for (const [lon, lat] of [URUMQI, [82.5, 45.2], [80.35, 44.2]] as const) {
      expect(lon).toBeGreaterThan(XINJIANG.west);
      expect(lon).toBeLessThan(XINJIANG.east);
      expect(lat).toBeGreaterThan(XINJIANG.south);
      expect(lat).toBeLessThan(XINJIANG.north);
    }
  });

  it('inViewport has a tolerance and rejects points outside', () => {
    expect(inViewport([0, 0], 10, 10)).toBe(true);
    expect(inViewport([10.4, 5], 10, 10)).toBe(true);
    expect(inViewport([11, 5], 10, 10)).toBe(false);
    expect(inViewport([5, -1], 10, 10)).toBe(false);
  });
});
