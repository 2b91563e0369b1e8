// The offline base map: world-atlas countries (1:50m, Natural Earth) bundled into the app and turned
// into GeoJSON once — land, the borders between countries, and each country by ISO numeric id.

import type { Feature, FeatureCollection, Geometry, MultiLineString } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-50m.json';

interface Atlas {
  readonly land: Feature<Geometry>;
  readonly borders: MultiLineString;
  readonly countries: ReadonlyMap<string, Feature<Geometry>>;
}

let cached: Atlas | null = null;

export function basemap(): Atlas {
  if (cached) return cached;
  const topo = atlas as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
  const land = feature(topo, topo.objects.land) as FeatureCollection<Geometry>;
  const countries = feature(topo, topo.objects.countries) as FeatureCollection<Geometry>;
  const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
  const byId = new Map<string, Feature<Geometry>>();
  for (const f of countries.features) if (f.id !== undefined) byId.set(String(f.id), f);
  cached = {
    land: {
      type: 'Feature',
      properties: {},
      geometry: { type: 'GeometryCollection', geometries: land.features.map((f) => f.geometry) },
    },
    borders,
    countries: byId,
  };
  return cached;
}
