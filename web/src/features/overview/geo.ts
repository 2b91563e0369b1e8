// Map geometry for the Overview: the Eurasia frame, the fitted projection, and screen helpers. Pure.

import { type GeoProjection, geoConicConformal, geoPath } from 'd3-geo';
import type { MultiPoint } from 'geojson';

export interface LonLatBounds {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** The frame the wall screen shows: Western Europe to the China coast, the Gulf to the Arctic circle. */
export const EURASIA: LonLatBounds = { west: 0, south: 20, east: 125, north: 65 };

/** The frame's outline as points every `step` degrees (a MultiPoint fits without winding issues). */
export function boundsOutline(b: LonLatBounds, step = 2.5): MultiPoint {
  const pts: [number, number][] = [];
  for (let lon = b.west; lon <= b.east + 1e-9; lon += step) {
    pts.push([lon, b.south], [lon, b.north]);
  }
  for (let lat = b.south; lat <= b.north + 1e-9; lat += step) {
    pts.push([b.west, lat], [b.east, lat]);
  }
  return { type: 'MultiPoint', coordinates: pts };
}

export interface Padding {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/**
 * A conformal conic projection (standard parallels 30°N and 60°N, central meridian in the middle
 * of the frame) scaled and translated so the whole frame fits in width × height minus the padding.
 * Points outside the viewport are clipped.
 */
export function fitProjection(
  width: number,
  height: number,
  bounds: LonLatBounds = EURASIA,
  padding: Padding = { top: 8, right: 8, bottom: 8, left: 8 },
): GeoProjection {
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  const centralMeridian = (bounds.west + bounds.east) / 2;
  const projection = geoConicConformal()
    .parallels([30, 60])
    .rotate([-centralMeridian, 0])
    .fitExtent(
      [
        [padding.left, padding.top],
        [Math.max(padding.left + 1, w - padding.right), Math.max(padding.top + 1, h - padding.bottom)],
      ],
      boundsOutline(bounds),
    );
  projection.clipExtent([
    [0, 0],
    [w, h],
  ]);
  return projection;
}

/** Projects [lon, lat] to screen [x, y]; null when the projection cannot place it. */
export function project(projection: GeoProjection, lon: number, lat: number): [number, number] | null {
  const p = projection([lon, lat]);
  if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
  return [p[0], p[1]];
}

/** True when a screen point lies in the rectangle [0, w] × [0, h] (with a tolerance). */
export function inViewport(p: readonly [number, number], w: number, h: number, tolerance = 0.5): boolean {
  return p[0] >= -tolerance && p[0] <= w + tolerance && p[1] >= -tolerance && p[1] <= h + tolerance;
}

/** The Xinjiang inset: Urumqi, the Alashankou and Khorgos gateways, Almaty and Aktogay. */
export const XINJIANG: LonLatBounds = { west: 75.8, south: 42.6, east: 89, north: 47.4 };

/** Width ÷ height of a frame once projected (conic as in `fitProjection`). */
export function projectedAspect(bounds: LonLatBounds): number {
  const p = fitProjection(1000, 1000, bounds, { top: 0, right: 0, bottom: 0, left: 0 });
  const [[x0, y0], [x1, y1]] = geoPath(p).bounds(boundsOutline(bounds));
  return (x1 - x0) / Math.max(1e-9, y1 - y0);
}
