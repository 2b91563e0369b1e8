// Tests of the reference network on the shipped data: counts, provenance of every figure, codes,
// coordinates, route chains, error reporting on broken data, and a property of routeGeometry.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUnlocode } from '../codes/unlocode';
import {
  apiGateways,
  apiLocations,
  apiRoutes,
  apiTrainLimits,
  apiWagonTypes,
  buildNetwork,
  EURASIA_BOUNDS,
  networkFromRaw,
  routeGeometry,
  summarize,
  trainLimitValue,
} from './network';
import { checkFigureProvenance } from './provenance';
import { parseNetworkFiles } from './schema';
import type { Network, NetworkFiles, NetworkViolation } from './types';
import { NETWORK_FILE_NAMES } from './types';

const DATA_DIR = new URL('../../../data/network/', import.meta.url);

function rawFiles(): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const f of Object.values(NETWORK_FILE_NAMES)) {
    raw[f] = JSON.parse(readFileSync(new URL(f, DATA_DIR), 'utf8')) as unknown;
  }
  return raw;
}

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;
type FileName = (typeof NETWORK_FILE_NAMES)[keyof typeof NETWORK_FILE_NAMES];
type MutableFiles = {
  [K in keyof typeof NETWORK_FILE_NAMES as (typeof NETWORK_FILE_NAMES)[K]]: DeepMutable<NetworkFiles[K]>;
};

/** A deep copy of the shipped files that tests may break. */
function mutable(): MutableFiles & Partial<Record<FileName, unknown>> {
  return structuredClone(rawFiles()) as MutableFiles;
}

function shipped(): Network {
  const built = networkFromRaw(rawFiles());
  if (!built.ok) throw new Error(built.errors.map((e) => e.message.en).join('\n'));
  return built.value;
}

function errorsOf(raw: Record<string, unknown>): readonly NetworkViolation[] {
  const built = networkFromRaw(raw);
  return built.ok ? [] : built.errors;
}

describe('shipped reference network', () => {
  const network = shipped();

  it('yields the seed counts: 21 routes, 26 cities, 19 countries and regions, 200+ goods', () => {
    const s = summarize(network);
    expect(s.routes).toBe(21);
    expect(s.destinationCities).toBe(26);
    expect(s.destinationCountries).toBe(19);
    expect(s.goodsCategories).toBeGreaterThanOrEqual(200);
    expect(s.origin).toBe('CNURM-AC');
    expect(s.locations).toBe(network.locations.size);
    expect(s.gateways.filter((g) => g.border).map((g) => g.id)).toEqual(['AKL', 'HRS']);
  });

  it('counts the destinations of the routes, terminal last, as the API destination', () => {
    const routes = apiRoutes(network);
    const cities = new Set(routes.flatMap((r) => r.destinations ?? []));
    expect(cities.size).toBe(26);
    for (const r of routes) {
      expect(r.destinations?.at(-1)).toBe(r.destination);
      expect(r.legs.at(-1)?.to).toBe(r.destination);
      expect(r.destinationCountry).toMatch(/^[A-Z]{2}$/);
      expect(['AKL', 'HRS']).toContain(r.gateway);
    }
    expect(new Set(routes.map((r) => r.destinationCountry)).size).toBeLessThanOrEqual(19);
    expect(
      new Set(
        apiLocations(network)
          .filter((l) => l.destination)
          .map((l) => l.country),
      ).size,
    ).toBe(19);
  });

  it('has a source or an estimate with a reason for every number in every file', () => {
    const raw = rawFiles();
    const known = new Set(network.sources.keys());
    let numbers = 0;
    const count = (v: unknown): void => {
      if (typeof v === 'number') numbers++;
      else if (v && typeof v === 'object') Object.values(v).forEach(count);
    };
    for (const [file, json] of Object.entries(raw)) {
      count(json);
      expect(checkFigureProvenance(file, json, known)).toEqual([]);
    }
    expect(numbers).toBeGreaterThan(300);
  });

  it('flags a new unsourced number anywhere, naming file and field', () => {
    const raw = mutable();
    raw['routes.json'].routes[2]!.transitDays = { value: 3 };
    raw['locations.json'].locations[0]!.position.reason = undefined;
    raw['locations.json'].locations[0]!.position.estimated = undefined;
    const v1 = checkFigureProvenance('routes.json', raw['routes.json']);
    expect(v1.map((v) => v.field)).toEqual(['routes.2.transitDays.value']);
    const v2 = checkFigureProvenance('locations.json', JSON.parse(JSON.stringify(raw['locations.json'])));
    expect(v2.map((v) => v.field)).toEqual(['locations.0.position.lat', 'locations.0.position.lon']);
    const v3 = checkFigureProvenance(
      'x.json',
      { a: [1, { value: 2, source: 'nowhere' }] },
      new Set(['somewhere']),
    );
    expect(v3.map((v) => v.code)).toEqual(['network.figure_unsourced', 'network.source_unknown']);
  });

  it('has syntactically valid UN/LOCODEs matching the country, and rail codes', () => {
    const locs = [...network.locations.values()];
    const withCode = locs.filter((l) => l.unlocode !== null);
    expect(withCode.length).toBeGreaterThan(25);
    for (const l of withCode) {
      const parsed = parseUnlocode(l.unlocode ?? '');
      expect(parsed.ok, l.id).toBe(true);
      expect(l.unlocode?.slice(0, 2)).toBe(l.country);
    }
    expect(network.locations.get('CNURM-AC')?.unlocode).toBe('CNURM');
    expect(network.locations.get('CNAKL')?.railCodes?.telegraph).toBe('AKR');
    expect(network.locations.get('CNHRS')?.railCodes?.telegraph).toBe('HFR');
    expect(network.locations.get('KZDOS')?.railCodes?.esr).toBe('708507');
  });

  it('keeps every coordinate inside Eurasia', () => {
    for (const l of network.locations.values()) {
      expect(l.position.lat).toBeGreaterThanOrEqual(EURASIA_BOUNDS.minLat);
      expect(l.position.lat).toBeLessThanOrEqual(EURASIA_BOUNDS.maxLat);
      expect(l.position.lon).toBeGreaterThanOrEqual(EURASIA_BOUNDS.minLon);
      expect(l.position.lon).toBeLessThanOrEqual(EURASIA_BOUNDS.maxLon);
    }
  });

  it('chains every route contiguously from the assembly center through its gateway', () => {
    for (const r of network.routes) {
      let at = network.origin;
      const visited = [at];
      for (const id of r.legs) {
        const leg = network.legs.get(id);
        expect(leg, `${r.id} ${id}`).toBeDefined();
        expect(leg?.from, `${r.id} ${id}`).toBe(at);
        at = leg?.to ?? '';
        visited.push(at);
      }
      const g = network.gateways.get(r.gateway ?? '');
      expect(g).toBeDefined();
      const k = visited.indexOf(g?.sides[0] ?? '?');
      expect(visited[k + 1]).toBe(g?.sides[1]);
    }
    expect(network.locations.get(network.origin)?.kind).toBe('assembly-center');
  });

  it('maps gateways with the marker between both sides', () => {
    const gws = apiGateways(network);
    const akl = gws.find((g) => g.id === 'AKL');
    expect(akl).toMatchObject({ sides: ['CNAKL', 'KZDOS'], gaugeMm: [1435, 1520], border: true });
    expect(akl?.trainsPerDay.outbound).toBeGreaterThan(0);
    expect(akl?.lat).toBeCloseTo(45.21, 2);
    expect(gws.filter((g) => g.border)).toHaveLength(2);
  });
});

describe('wagon types and train limits', () => {
  const network = shipped();

  it('carries the DOMAIN.md thresholds, in kg and mm', () => {
    expect(trainLimitValue(network, 'cn-max-feu')).toBe(55);
    expect(trainLimitValue(network, 'europe-typical-feu')).toBe(41);
    expect(trainLimitValue(network, 'central-asia-min-wagons')).toBe(50);
    expect(trainLimitValue(network, 'urumqi-track-long')).toBe(750_000);
    expect(trainLimitValue(network, 'urumqi-track-short')).toBe(650_000);
    expect(trainLimitValue(network, 'eu-train-length-target')).toBe(740_000);
    expect(trainLimitValue(network, 'cr-train-cargo')).toBe(1_300_000);
    expect(trainLimitValue(network, 'cr-wagon-gross')).toBe(72_000);
    expect(trainLimitValue(network, 'cr-twenty-in-pair')).toBe(24_000);
    expect(trainLimitValue(network, 'cr-pair-difference')).toBe(5_000);
    expect(trainLimitValue(network, 'nope')).toBeUndefined();
    expect(apiTrainLimits(network).every((l) => l.source !== null || l.estimated)).toBe(true);
  });

  it('lists the six wagon types with integer kg/mm and marks estimated fields', () => {
    const wagons = apiWagonTypes(network);
    expect(wagons.map((w) => w.id)).toEqual([
      'NX70A',
      'SGGRS-80',
      'SGMMNS-40',
      '13-9744-06',
      '13-1258-01',
      '13-6724',
    ]);
    const nx = wagons.find((w) => w.id === 'NX70A');
    expect(nx).toMatchObject({
      gaugeMm: 1435,
      payloadKg: 70_000,
      tareKg: 23_800,
      lengthMm: 13_970,
      estimated: [],
    });
    expect(wagons.find((w) => w.id === 'SGGRS-80')?.estimated).toEqual(['twentyFootSlots', 'fortyFootSlots']);
    for (const w of wagons) expect(Number.isInteger(w.payloadKg)).toBe(true);
  });
});

describe('broken data is reported by file and field', () => {
  it('a route leg that does not exist', () => {
    const raw = mutable();
    const legs = raw['legs.json'].legs;
    const i = legs.findIndex((l) => l.id === 'CNAKL>KZDOS');
    legs.splice(i, 1);
    const errors = errorsOf(raw);
    const e = errors.find((x) => x.code === 'network.leg_unknown');
    expect(e?.file).toBe('routes.json');
    expect(e?.field).toMatch(/^routes\.\d+\.legs\.2$/);
    expect(e?.message.en).toContain('CNAKL>KZDOS');
    expect(e?.message.zh).toContain('CNAKL>KZDOS');
  });

  it('an unknown gateway', () => {
    const raw = mutable();
    raw['routes.json'].routes[0]!.gateway = 'XXX';
    const e = errorsOf(raw).find((x) => x.code === 'network.gateway_unknown');
    expect(e).toMatchObject({ file: 'routes.json', field: 'routes.0.gateway' });
  });

  it('a gap in a route, a route not starting at the origin, a wrong terminal', () => {
    const raw = mutable();
    const routes = raw['routes.json'].routes;
    routes[3]!.legs.splice(1, 1);
    routes[4]!.legs.shift();
    routes[1]!.destinations.reverse(); // URM-AST: Astana before Karaganda
    const errors = errorsOf(raw);
    expect(errors).toContainEqual(
      expect.objectContaining({ code: 'network.route_gap', field: 'routes.3.legs.1' }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ code: 'network.route_not_from_origin', field: 'routes.4.legs.0' }),
    );
    expect(
      errors.some((e) => e.code === 'network.destination_not_on_route' && e.field.startsWith('routes.1.')),
    ).toBe(true);
  });

  it('collects every problem at once, including the seed counts', () => {
    const raw = mutable();
    raw['routes.json'].routes.pop();
    raw['gateways.json'].gateways[0]!.sides[1] = 'NOWHERE';
    raw['goods-catalogue.json'].groups[0]!.headings.push('0807');
    const errors = errorsOf(raw);
    const codes = errors.map((e) => `${e.file} ${e.code}`);
    expect(codes).toContain('manifest.json network.count_mismatch');
    expect(codes).toContain('gateways.json network.location_unknown');
    expect(codes).toContain('goods-catalogue.json network.heading_duplicate');
    expect(codes).toContain('locations.json network.destination_unserved');
  });

  it('unknown keys and bad values fail the schema with the field named', () => {
    const raw = mutable();
    Object.assign(raw['legs.json'].legs[0]!, { speed: 40 });
    raw['locations.json'].locations[1]!.unlocode = 'cn urm';
    const { 'wagon-types.json': _dropped, ...rest } = raw;
    const parsed = parseNetworkFiles(rest);
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toContainEqual(expect.objectContaining({ file: 'legs.json', field: 'legs.0.speed' }));
    expect(errors).toContainEqual(
      expect.objectContaining({ file: 'locations.json', field: 'locations.1.unlocode' }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ file: 'wagon-types.json', code: 'network.file_missing' }),
    );
  });

  it('an HS heading missing from the table, when the table is given', () => {
    const parsed = parseNetworkFiles(rawFiles());
    if (!parsed.ok) throw new Error('shipped data must parse');
    const all = new Set(parsed.value.goods.groups.flatMap((g) => g.headings));
    all.delete('0807');
    const built = buildNetwork(parsed.value, { hsHeadings: all });
    expect(built.ok).toBe(false);
    const errors = built.ok ? [] : built.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'goods-catalogue.json', code: 'network.heading_unknown' });
    expect(errors[0]?.field).toMatch(/^groups\.\d+\.headings\.0$/);
  });
});

describe('routeGeometry', () => {
  const parsed = parseNetworkFiles(rawFiles());
  if (!parsed.ok) throw new Error('shipped data must parse');
  const files: NetworkFiles = parsed.value;
  const n = files.locations.locations.length;
  const routeIds = files.routes.routes.map((r) => r.id);
  const coord = fc.record({
    lat: fc.double({ min: EURASIA_BOUNDS.minLat, max: EURASIA_BOUNDS.maxLat, noNaN: true }),
    lon: fc.double({ min: EURASIA_BOUNDS.minLon, max: EURASIA_BOUNDS.maxLon, noNaN: true }),
  });

  it('starts at the origin, ends at the destination, one point per place, never NaN', () => {
    fc.assert(
      fc.property(
        fc.array(coord, { minLength: n, maxLength: n }),
        fc.constantFrom(...routeIds),
        (coords, routeId) => {
          const moved: NetworkFiles = {
            ...files,
            locations: {
              locations: files.locations.locations.map((l, i) => ({
                ...l,
                position: { ...l.position, lat: coords[i]?.lat ?? 0, lon: coords[i]?.lon ?? 0 },
              })),
            },
          };
          const built = buildNetwork(moved);
          if (!built.ok) throw new Error(built.errors[0]?.message.en);
          const network = built.value;
          const route = network.routeById.get(routeId);
          const line = routeGeometry(network, routeId);
          if (!route || !line) return false;
          const origin = network.locations.get(network.origin)?.position;
          const dest = network.locations.get(route.destinations.at(-1)?.location ?? '')?.position;
          const first = line.coordinates[0];
          const last = line.coordinates.at(-1);
          return (
            line.type === 'LineString' &&
            line.coordinates.length === route.legs.length + 1 &&
            first?.[0] === origin?.lon &&
            first?.[1] === origin?.lat &&
            last?.[0] === dest?.lon &&
            last?.[1] === dest?.lat &&
            line.coordinates.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is null for an unknown route', () => {
    expect(routeGeometry(shipped(), 'NOPE')).toBeNull();
  });
});
