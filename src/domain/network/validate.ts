/**
 * Referential integrity of the reference network: ids unique and known, every route a contiguous
 * chain of legs from the assembly center through its gateway to its destinations, counts equal to
 * the ones the manifest declares (the seed's 21 / 26 / 19 / 200+), every figure sourced.
 * All problems are collected, each naming its file and field.
 */
import { isCountryAlpha2 } from '../codes/country';
import { parseEsrCode, parseTelegraphCode } from '../codes/railway';
import { parseUnlocode } from '../codes/unlocode';
import type { Bilingual } from '../text';
import { checkFigureProvenance } from './provenance';
import type { NetworkFileKey, NetworkFiles, NetworkViolation } from './types';
import { NETWORK_FILE_NAMES } from './types';

export interface CheckOptions {
  /** Known HS 4-digit headings; when given, every catalogue heading must be one of them. */
  readonly hsHeadings?: ReadonlySet<string>;
}

/** Where the network may lie: Eurasia (lat 0…80 N, lon 25 W…180 E). */
export const EURASIA_BOUNDS = { minLat: 0, maxLat: 80, minLon: -25, maxLon: 180 } as const;

class Collector {
  readonly errors: NetworkViolation[] = [];
  add(key: NetworkFileKey, field: string, code: string, message: Bilingual): void {
    const file = NETWORK_FILE_NAMES[key];
    this.errors.push({
      file,
      field,
      code: `network.${code}`,
      message: { en: `${file}: ${field}: ${message.en}`, zh: `${file}：字段 ${field}：${message.zh}` },
    });
  }
  unique<T extends { id: string }>(key: NetworkFileKey, list: readonly T[], path: string): Map<string, T> {
    const map = new Map<string, T>();
    list.forEach((item, i) => {
      if (map.has(item.id)) {
        this.add(key, `${path}.${i}.id`, 'duplicate_id', {
          en: `id "${item.id}" is used twice`,
          zh: `标识 "${item.id}" 重复`,
        });
      }
      map.set(item.id, item);
    });
    return map;
  }
}

/** Check everything; an empty list means the network is sound. */
export function checkNetwork(files: NetworkFiles, options: CheckOptions = {}): NetworkViolation[] {
  const c = new Collector();
  const { manifest } = files;

  // Manifest lists exactly the data files.
  const expectedFiles = Object.values(NETWORK_FILE_NAMES).filter((f) => f !== NETWORK_FILE_NAMES.manifest);
  for (const f of expectedFiles) {
    if (!manifest.files.includes(f)) {
      c.add('manifest', 'files', 'manifest_file_missing', { en: `does not list ${f}`, zh: `未列出 ${f}` });
    }
  }
  manifest.files.forEach((f, i) => {
    if (!expectedFiles.includes(f as (typeof expectedFiles)[number])) {
      c.add('manifest', `files.${i}`, 'manifest_file_unknown', {
        en: `unknown file ${f}`,
        zh: `未知文件 ${f}`,
      });
    }
  });

  // Unique ids.
  const sources = c.unique('sources', files.sources.sources, 'sources');
  const locations = c.unique('locations', files.locations.locations, 'locations');
  const legs = c.unique('legs', files.legs.legs, 'legs');
  c.unique('routes', files.routes.routes, 'routes');
  const gateways = c.unique('gateways', files.gateways.gateways, 'gateways');
  c.unique('wagonTypes', files.wagonTypes.wagonTypes, 'wagonTypes');
  const sections = c.unique('trainLimits', files.trainLimits.sections, 'sections');
  c.unique('trainLimits', files.trainLimits.limits, 'limits');
  c.unique('trainLimits', files.trainLimits.rules, 'rules');
  c.unique('goods', files.goods.groups, 'groups');

  // Provenance of every figure, and every source id known.
  const known = new Set(sources.keys());
  for (const key of Object.keys(NETWORK_FILE_NAMES) as NetworkFileKey[]) {
    c.errors.push(...checkFigureProvenance(NETWORK_FILE_NAMES[key], files[key], known));
  }

  // Locations.
  files.locations.locations.forEach((l, i) => {
    const at = `locations.${i}`;
    if (!isCountryAlpha2(l.country)) {
      c.add('locations', `${at}.country`, 'country_unknown', {
        en: `"${l.country}" is not an ISO 3166-1 alpha-2 code`,
        zh: `"${l.country}" 不是 ISO 3166-1 二字母国家代码`,
      });
    }
    const codeChecks = [
      ['unlocode', l.unlocode === null ? null : parseUnlocode(l.unlocode)],
      ['railCodes.telegraph', l.railCodes?.telegraph ? parseTelegraphCode(l.railCodes.telegraph) : null],
      ['railCodes.esr', l.railCodes?.esr ? parseEsrCode(l.railCodes.esr) : null],
    ] as const;
    for (const [name, result] of codeChecks) {
      if (result && !result.ok) c.add('locations', `${at}.${name}`, 'code_invalid', result.error.message);
    }
    if (l.unlocode !== null && l.unlocode.slice(0, 2) !== l.country) {
      c.add('locations', `${at}.unlocode`, 'unlocode_country', {
        en: `UN/LOCODE ${l.unlocode} does not start with the country ${l.country}`,
        zh: `UN/LOCODE ${l.unlocode} 与国家代码 ${l.country} 不符`,
      });
    }
    const { lat, lon } = l.position;
    const b = EURASIA_BOUNDS;
    if (lat < b.minLat || lat > b.maxLat || lon < b.minLon || lon > b.maxLon) {
      c.add('locations', `${at}.position`, 'position_outside', {
        en: `(${lat}, ${lon}) lies outside Eurasia`,
        zh: `坐标 (${lat}, ${lon}) 不在欧亚范围内`,
      });
    }
  });
  const origin = locations.get(manifest.origin);
  if (origin?.kind !== 'assembly-center') {
    c.add('manifest', 'origin', 'origin_unknown', {
      en: `origin "${manifest.origin}" is not an assembly-center location`,
      zh: `起点 "${manifest.origin}" 不是集结中心`,
    });
  }

  // Legs.
  files.legs.legs.forEach((leg, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!locations.has(leg[end])) {
        c.add('legs', `legs.${i}.${end}`, 'location_unknown', {
          en: `unknown location "${leg[end]}"`,
          zh: `未知地点 "${leg[end]}"`,
        });
      }
    }
    if (leg.from === leg.to) {
      c.add('legs', `legs.${i}.to`, 'leg_loop', {
        en: 'a leg must join two places',
        zh: '区段起止点不能相同',
      });
    }
  });

  // Gateways.
  files.gateways.gateways.forEach((g, i) => {
    g.sides.forEach((side, s) => {
      if (!locations.has(side)) {
        c.add('gateways', `gateways.${i}.sides.${s}`, 'location_unknown', {
          en: `unknown location "${side}"`,
          zh: `未知地点 "${side}"`,
        });
      }
    });
    if (g.gaugeMm.value[0] !== 1435) {
      c.add('gateways', `gateways.${i}.gaugeMm`, 'gauge_order', {
        en: 'the 1435 mm side comes first',
        zh: '第一侧应为1435毫米标准轨',
      });
    }
  });

  // Routes.
  const destinationIds = new Set<string>();
  files.routes.routes.forEach((r, i) => {
    const at = `routes.${i}`;
    const path: string[] = [];
    let chainOk = true;
    r.legs.forEach((legId, j) => {
      const leg = legs.get(legId);
      if (!leg) {
        chainOk = false;
        c.add('routes', `${at}.legs.${j}`, 'leg_unknown', {
          en: `unknown leg "${legId}"`,
          zh: `未知区段 "${legId}"`,
        });
        return;
      }
      const expectedFrom = j === 0 ? manifest.origin : path[path.length - 1];
      if (chainOk && leg.from !== expectedFrom) {
        chainOk = false;
        c.add('routes', `${at}.legs.${j}`, j === 0 ? 'route_not_from_origin' : 'route_gap', {
          en:
            j === 0
              ? `the first leg starts at "${leg.from}", not at the origin "${manifest.origin}"`
              : `leg "${legId}" starts at "${leg.from}" but the previous leg ends at "${expectedFrom}"`,
          zh:
            j === 0
              ? `首个区段起点为 "${leg.from}"，不是起点 "${manifest.origin}"`
              : `区段 "${legId}" 起点为 "${leg.from}"，与上一段终点 "${expectedFrom}" 不衔接`,
        });
      }
      if (j === 0) path.push(leg.from);
      if (path.includes(leg.to)) {
        chainOk = false;
        c.add('routes', `${at}.legs.${j}`, 'route_cycle', {
          en: `the route returns to "${leg.to}"`,
          zh: `线路重复经过 "${leg.to}"`,
        });
      }
      path.push(leg.to);
    });
    if (r.gateway !== null) {
      const g = gateways.get(r.gateway);
      if (!g) {
        c.add('routes', `${at}.gateway`, 'gateway_unknown', {
          en: `unknown gateway "${r.gateway}"`,
          zh: `未知口岸 "${r.gateway}"`,
        });
      } else if (chainOk) {
        const k = path.indexOf(g.sides[0]);
        if (k < 0 || path[k + 1] !== g.sides[1]) {
          c.add('routes', `${at}.gateway`, 'gateway_not_on_route', {
            en: `the route does not cross gateway ${g.id} (${g.sides[0]} → ${g.sides[1]})`,
            zh: `线路未经过口岸 ${g.id}（${g.sides[0]} → ${g.sides[1]}）`,
          });
        }
      }
    }
    let last = -1;
    r.destinations.forEach((d, j) => {
      const loc = locations.get(d.location);
      destinationIds.add(d.location);
      if (!loc) {
        c.add('routes', `${at}.destinations.${j}.location`, 'location_unknown', {
          en: `unknown location "${d.location}"`,
          zh: `未知地点 "${d.location}"`,
        });
        return;
      }
      if (loc.kind !== 'destination') {
        c.add('routes', `${at}.destinations.${j}.location`, 'destination_kind', {
          en: `"${d.location}" is a ${loc.kind}, not a destination city`,
          zh: `"${d.location}" 不是目的地城市`,
        });
      }
      if (!chainOk) return;
      const k = path.indexOf(d.location);
      const isLast = j === r.destinations.length - 1;
      if (k <= last || (isLast && k !== path.length - 1)) {
        c.add('routes', `${at}.destinations.${j}.location`, 'destination_not_on_route', {
          en: isLast
            ? `the terminal "${d.location}" is not where the last leg ends ("${path[path.length - 1]}")`
            : `"${d.location}" is not on the route after the previous destination`,
          zh: isLast
            ? `终到站 "${d.location}" 不是最后区段的终点（"${path[path.length - 1]}"）`
            : `"${d.location}" 不在线路上（或顺序有误）`,
        });
      }
      last = Math.max(last, k);
    });
  });

  // Destination kind ⇔ served by a route.
  files.locations.locations.forEach((l, i) => {
    if (l.kind === 'destination' && !destinationIds.has(l.id)) {
      c.add('locations', `locations.${i}.kind`, 'destination_unserved', {
        en: `"${l.id}" is a destination city but no route serves it`,
        zh: `目的地城市 "${l.id}" 没有线路到达`,
      });
    }
  });

  // Train limits refer to known sections.
  files.trainLimits.limits.forEach((l, i) => {
    if (!sections.has(l.section)) {
      c.add('trainLimits', `limits.${i}.section`, 'section_unknown', {
        en: `unknown section "${l.section}"`,
        zh: `未知区段 "${l.section}"`,
      });
    }
  });
  files.trainLimits.rules.forEach((r, i) => {
    if (!sections.has(r.section)) {
      c.add('trainLimits', `rules.${i}.section`, 'section_unknown', {
        en: `unknown section "${r.section}"`,
        zh: `未知区段 "${r.section}"`,
      });
    }
  });

  // Goods: each heading once, and known to the HS table when one is given.
  const seen = new Map<string, string>();
  files.goods.groups.forEach((g, i) => {
    g.headings.forEach((h, j) => {
      const field = `groups.${i}.headings.${j}`;
      const other = seen.get(h);
      if (other !== undefined) {
        c.add('goods', field, 'heading_duplicate', {
          en: `HS ${h} is already in group "${other}"`,
          zh: `HS ${h} 已在分组 "${other}" 中`,
        });
      }
      seen.set(h, g.id);
      if (options.hsHeadings && !options.hsHeadings.has(h)) {
        c.add('goods', field, 'heading_unknown', {
          en: `HS ${h} is not a heading of the HS table`,
          zh: `HS ${h} 不是协调制度中的品目`,
        });
      }
    });
  });

  // The counts the seed gives.
  const countries2 = new Set<string>();
  for (const d of destinationIds) {
    const loc = locations.get(d);
    if (loc) countries2.add(loc.country);
  }
  const counts = [
    ['routes', files.routes.routes.length, manifest.expected.routes.value, '线路'],
    ['destinationCities', destinationIds.size, manifest.expected.destinationCities.value, '目的地城市'],
    [
      'destinationCountries',
      countries2.size,
      manifest.expected.destinationCountries.value,
      '目的地国家和地区',
    ],
  ] as const;
  for (const [name, actual, expected, zh] of counts) {
    if (actual !== expected) {
      c.add('manifest', `expected.${name}.value`, 'count_mismatch', {
        en: `the data yields ${actual} ${name}, the manifest expects ${expected}`,
        zh: `数据得出${zh} ${actual} 个，清单要求 ${expected} 个`,
      });
    }
  }
  const atLeast = manifest.expected.goodsCategoriesAtLeast.value;
  if (seen.size < atLeast) {
    c.add('manifest', 'expected.goodsCategoriesAtLeast.value', 'count_mismatch', {
      en: `the catalogue has ${seen.size} headings, fewer than ${atLeast}`,
      zh: `货物目录仅 ${seen.size} 个品目，少于 ${atLeast} 个`,
    });
  }
  return c.errors;
}
