// One drawing of the network for a given projection: base map, routes, markers and labels. The
// Overview map uses it twice — the whole of Eurasia, and the Xinjiang inset with the two gateways.

import { type GeoProjection, geoGraticule, geoPath } from 'd3-geo';
import type { LineString } from 'geojson';
import { type FocusEvent, type MouseEvent, memo, useMemo } from 'react';
import { useI18n } from '../../i18n/locale';
import type { Locale, MessageKey } from '../../i18n/messages';
import { basemap } from '../../shared/basemap';
import { numericCode } from '../../shared/countries';
import { CORRIDOR_COLOR } from './corridors';
import { project } from './geo';
import { type Box, type LabelRequest, placeLabels } from './labels';
import type { OverviewModel } from './model';

export type TipTarget = { readonly kind: 'route' | 'place' | 'gateway'; readonly id: string };

export interface LayerProps {
  readonly model: OverviewModel;
  readonly projection: GeoProjection;
  readonly width: number;
  readonly height: number;
  /** Marker and text size factor. */
  readonly scale: number;
  /** 'main' carries the test ids (data-route-id); 'inset' is a magnified copy. */
  readonly variant: 'main' | 'inset';
  readonly highlight: string | null;
  readonly onPoint: (target: TipTarget | null, event?: MouseEvent<Element> | FocusEvent<Element>) => void;
}

const GRATICULE = geoGraticule().step([10, 10])();

const MARKER_KIND_LABEL: Record<Marker['kind'], MessageKey> = {
  assembly: 'map.assembly',
  border: 'map.borderGateway',
  gauge: 'map.gaugeBreak',
  ferry: 'map.ferryPort',
  city: 'map.destination',
};

function line(coords: ReadonlyArray<readonly [number, number]>): LineString {
  return { type: 'LineString', coordinates: coords.map((c) => [c[0], c[1]]) };
}

function diamond(x: number, y: number, r: number): string {
  return `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`;
}

interface Geometry {
  readonly graticule: string;
  readonly land: string;
  readonly borders: string;
  readonly china: string;
  readonly destinationCountries: string;
  readonly routes: ReadonlyArray<{ id: string; d: string; color: string }>;
  readonly ferries: readonly string[];
}

function useGeometry(
  model: OverviewModel,
  projection: GeoProjection,
  width: number,
  height: number,
): Geometry {
  return useMemo(() => {
    void width;
    void height;
    const path = geoPath(projection);
    const atlas = basemap();
    const countryPath = (alpha2: string): string => {
      const id = numericCode(alpha2);
      const f = id ? atlas.countries.get(id) : undefined;
      return f ? (path(f) ?? '') : '';
    };
    const ferries: string[] = [];
    for (const r of model.routes) {
      for (const leg of r.route.legs) {
        if (leg.mode !== 'ferry') continue;
        const a = model.locations.get(leg.from);
        const b = model.locations.get(leg.to);
        if (a && b)
          ferries.push(
            path(
              line([
                [a.lon, a.lat],
                [b.lon, b.lat],
              ]),
            ) ?? '',
          );
      }
    }
    // Longest first, so the short regional routes stay visible on top of shared trunk lines.
    const ordered = [...model.routes].sort((a, b) => b.km - a.km);
    return {
      graticule: path(GRATICULE) ?? '',
      land: path(atlas.land) ?? '',
      borders: path(atlas.borders) ?? '',
      china: countryPath('CN'),
      destinationCountries: [...model.destinationCountries].map(countryPath).join(''),
      routes: ordered.map((r) => ({
        id: r.route.id,
        d: path(line(r.route.geometry.coordinates)) ?? '',
        color: CORRIDOR_COLOR[r.corridor],
      })),
      ferries: [...new Set(ferries)],
    };
  }, [model, projection, width, height]);
}

interface Marker {
  readonly target: TipTarget;
  readonly kind: 'assembly' | 'border' | 'gauge' | 'ferry' | 'city';
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly color: string;
  readonly endpoint: boolean;
}

function useMarkers(
  model: OverviewModel,
  projection: GeoProjection,
  locale: Locale,
  shortAssembly: string,
): Marker[] {
  return useMemo(() => {
    const name = (n: { en: string; zh: string }) => (locale === 'zh' ? n.zh : n.en);
    const out: Marker[] = [];
    const endColor = new Map<string, string>();
    for (const r of model.routes) endColor.set(r.route.destination, CORRIDOR_COLOR[r.corridor]);
    for (const loc of model.locations.values()) {
      if (model.gatewaySides.has(loc.id)) continue;
      const p = project(projection, loc.lon, loc.lat);
      if (!p) continue;
      const base = {
        target: { kind: 'place', id: loc.id } as const,
        x: p[0],
        y: p[1],
        label: name(loc.names),
      };
      if (loc.kind === 'assembly-center') {
        // The official name is long ("China–Europe Railway Express (Urumqi) Assembly Center"):
        // the map labels it short; the tooltip gives the full name.
        out.push({ ...base, label: shortAssembly, kind: 'assembly', color: '#ffc83d', endpoint: true });
      } else if (loc.destination) {
        const c = endColor.get(loc.id);
        out.push({ ...base, kind: 'city', color: c ?? '#dfe7f2', endpoint: c !== undefined });
      } else if (loc.kind === 'ferry-port') {
        out.push({ ...base, kind: 'ferry', color: '#ff9a5c', endpoint: false });
      } else if (loc.kind === 'gauge-break' || loc.kind === 'gateway') {
        out.push({ ...base, kind: 'gauge', color: '#cfd8e3', endpoint: false });
      }
    }
    for (const g of model.gateways.values()) {
      const p = project(projection, g.lon, g.lat);
      if (!p) continue;
      out.push({
        target: { kind: 'gateway', id: g.id },
        kind: g.border ? 'border' : 'gauge',
        x: p[0],
        y: p[1],
        label: name(g.names),
        color: g.border ? '#ffffff' : '#cfd8e3',
        endpoint: false,
      });
    }
    return out;
  }, [model, projection, locale, shortAssembly]);
}

function MapLayerInner({ model, projection, width, height, scale, variant, highlight, onPoint }: LayerProps) {
  const { locale, t } = useI18n();
  const geo = useGeometry(model, projection, width, height);
  const markers = useMarkers(model, projection, locale, t('map.assemblyShort'));
  const k = scale;

  const labels = useMemo(() => {
    const inset = variant === 'inset';
    const requests: LabelRequest[] = [];
    const obstacles: Box[] = [];
    for (const m of markers) {
      const r = (m.kind === 'assembly' ? 11 : m.kind === 'border' ? 8 : 4.5) * k;
      obstacles.push({ x0: m.x - r, y0: m.y - r, x1: m.x + r, y1: m.y + r });
      const visible = m.x >= 0 && m.y >= 0 && m.x <= width && m.y <= height;
      if (!visible) continue;
      // On the whole-Eurasia map, Xinjiang is left to the inset and the small gauge-break and ferry
      // labels only appear when there is room (wall screen); on the inset, only the big places.
      if (!inset && (m.kind === 'border' || m.kind === 'assembly')) continue;
      if (!inset && (m.kind === 'gauge' || m.kind === 'ferry') && k < 1) continue;
      if (inset && m.kind === 'gauge') continue;
      const priority =
        m.kind === 'assembly'
          ? 100
          : m.kind === 'border'
            ? 90
            : m.kind === 'city'
              ? m.endpoint
                ? 60
                : 50
              : 30;
      const fontSize =
        (m.kind === 'assembly' ? 15 : m.kind === 'border' ? 13 : m.kind === 'city' ? 12 : 10.5) * k;
      requests.push({
        id: `${m.target.kind}:${m.target.id}`,
        text: m.label,
        x: m.x,
        y: m.y,
        priority,
        fontSize,
        gap: r + 3 * k,
      });
    }
    return placeLabels(requests, width, height, obstacles);
  }, [markers, width, height, k, variant]);

  const kindOf = useMemo(
    () => new Map(markers.map((m) => [`${m.target.kind}:${m.target.id}`, m.kind])),
    [markers],
  );
  const labelClass = (id: string): string => {
    const kind = kindOf.get(id);
    if (kind === 'assembly') return 'map-label map-label--assembly';
    if (kind === 'border') return 'map-label map-label--gateway';
    if (kind === 'city') return 'map-label map-label--city';
    return 'map-label map-label--minor';
  };

  const routeProps = (id: string) =>
    variant === 'main' ? { 'data-route-id': id } : ({ 'data-inset-route-id': id } as Record<string, string>);

  const dim = highlight !== null;
  const hi = highlight ? geo.routes.find((r) => r.id === highlight) : undefined;

  return (
    <g className={`map-layer map-layer--${variant}`}>
      <rect x={0} y={0} width={width} height={height} className="map-sea" />
      <path d={geo.graticule} className="map-graticule" />
      <path d={geo.land} className="map-land" />
      <path d={geo.destinationCountries} className="map-dest-country" />
      <path d={geo.china} className="map-china" />
      <path d={geo.borders} className="map-borders" />

      <g className={dim ? 'map-routes map-routes--dim' : 'map-routes'}>
        {geo.routes.map((r) => (
          <path key={`c-${r.id}`} d={r.d} className="map-route-casing" strokeWidth={4.5 * k} />
        ))}
        {geo.routes.map((r) => (
          <path
            key={r.id}
            {...routeProps(r.id)}
            d={r.d}
            className="map-route"
            stroke={r.color}
            strokeWidth={2.2 * k}
          />
        ))}
        {geo.ferries.map((d) => (
          <path
            key={d}
            d={d}
            className="map-ferry"
            strokeWidth={2.4 * k}
            strokeDasharray={`${5 * k} ${4 * k}`}
          />
        ))}
      </g>
      {hi && (
        <g className="map-route-highlight" aria-hidden="true">
          <path d={hi.d} className="map-route-casing" strokeWidth={8 * k} />
          <path d={hi.d} className="map-route map-route--hi" stroke={hi.color} strokeWidth={4 * k} />
        </g>
      )}
      {/* Wide invisible strokes: easy hover and keyboard focus for each route. */}
      <g className="map-route-hits">
        {geo.routes.map((r) => (
          <path
            key={`h-${r.id}`}
            d={r.d}
            className="map-route-hit"
            strokeWidth={12 * k}
            tabIndex={variant === 'main' ? 0 : -1}
            aria-label={model.routes.find((x) => x.route.id === r.id)?.route.names[locale]}
            onMouseEnter={(e) => onPoint({ kind: 'route', id: r.id }, e)}
            onMouseMove={(e) => onPoint({ kind: 'route', id: r.id }, e)}
            onMouseLeave={() => onPoint(null)}
            onFocus={(e) => onPoint({ kind: 'route', id: r.id }, e)}
            onBlur={() => onPoint(null)}
          />
        ))}
      </g>

      <g className="map-markers">
        {markers.map((m) => {
          const key = `${m.target.kind}:${m.target.id}`;
          const handlers = {
            tabIndex: variant === 'main' ? 0 : -1,
            'aria-label': `${m.label} — ${t(MARKER_KIND_LABEL[m.kind])}`,
            onMouseEnter: (e: MouseEvent<Element>) => onPoint(m.target, e),
            onMouseLeave: () => onPoint(null),
            onFocus: (e: FocusEvent<Element>) => onPoint(m.target, e),
            onBlur: () => onPoint(null),
          };
          switch (m.kind) {
            case 'assembly':
              return (
                <g key={key} className="marker marker--assembly" data-marker={key} {...handlers}>
                  <circle cx={m.x} cy={m.y} r={16 * k} className="marker-pulse" />
                  <circle cx={m.x} cy={m.y} r={11 * k} className="marker-ring" />
                  <circle cx={m.x} cy={m.y} r={6.5 * k} fill={m.color} className="marker-core" />
                </g>
              );
            case 'border':
              return (
                <g key={key} className="marker marker--border" data-marker={key} {...handlers}>
                  <path d={diamond(m.x, m.y, 8 * k)} className="marker-border-halo" />
                  <path d={diamond(m.x, m.y, 6 * k)} className="marker-border" />
                </g>
              );
            case 'gauge':
              return (
                <path
                  key={key}
                  d={diamond(m.x, m.y, 4.5 * k)}
                  className="marker marker--gauge"
                  data-marker={key}
                  {...handlers}
                />
              );
            case 'ferry':
              return (
                <rect
                  key={key}
                  x={m.x - 3.5 * k}
                  y={m.y - 3.5 * k}
                  width={7 * k}
                  height={7 * k}
                  className="marker marker--ferry"
                  data-marker={key}
                  {...handlers}
                />
              );
            case 'city':
              return (
                <circle
                  key={key}
                  cx={m.x}
                  cy={m.y}
                  r={(m.endpoint ? 4.2 : 3.2) * k}
                  fill={m.color}
                  className={m.endpoint ? 'marker marker--city' : 'marker marker--city marker--via'}
                  data-marker={key}
                  {...handlers}
                />
              );
          }
          return null;
        })}
      </g>

      <g className="map-labels" aria-hidden="true">
        {labels.map((l) => (
          <text
            key={l.id}
            x={l.x}
            y={l.y}
            textAnchor={l.anchor}
            className={labelClass(l.id)}
            style={{ fontSize: `${l.fontSize}px` }}
          >
            {l.text}
          </text>
        ))}
      </g>
    </g>
  );
}

export const MapLayer = memo(MapLayerInner);
