/**
 * Types of the land port's reference network: the records of the versioned JSON files in
 * `data/network/` and the API shapes of docs/network-api.md (`GET /api/v1/network/*`).
 * Every figure in the data carries its provenance: a `source` (an id of sources.json) or
 * `estimated: true` with a one-line `reason`.
 */

import type { Violation } from '../result';
import type { Bilingual } from '../text';

/** Names in the three working languages of the port's partners. */
export interface Names {
  readonly en: string;
  readonly zh: string;
  readonly ru: string;
}

/** Where a fact comes from: a source id (sources.json) or an estimate with its reason. */
export interface Provenance {
  readonly source?: string;
  readonly estimated?: true;
  readonly reason?: string;
  readonly note?: string;
}

/** A figure with its provenance. `min`/`max` give the reported range when `value` is its midpoint. */
export interface Figure<V = number> extends Provenance {
  readonly value: V;
  readonly min?: number;
  readonly max?: number;
}

export interface Position extends Provenance {
  readonly lat: number;
  readonly lon: number;
}

export type LocationKind =
  | 'assembly-center'
  | 'gateway'
  | 'gauge-break'
  | 'ferry-port'
  | 'junction'
  | 'destination';
export const LOCATION_KINDS = [
  'assembly-center',
  'gateway',
  'gauge-break',
  'ferry-port',
  'junction',
  'destination',
] as const satisfies readonly LocationKind[];

export type LegMode = 'rail-1435' | 'rail-1520' | 'ferry' | 'road';
export const LEG_MODES = ['rail-1435', 'rail-1520', 'ferry', 'road'] as const satisfies readonly LegMode[];

export type GoodsDirection = 'export' | 'import' | 'both';

// ---------------------------------------------------------------- data files (data/network/*.json)

export interface ManifestFile {
  readonly version: string;
  /** Date the figures describe (ISO date). */
  readonly asOf: string;
  /** Location id of the assembly center every route starts from. */
  readonly origin: string;
  /** Free-text citation of the network as a whole (served as the summary's `source`). */
  readonly citation: string;
  /** Counts the network must reproduce (the seed's 21 / 26 / 19 / 200+). */
  readonly expected: {
    readonly routes: Figure;
    readonly destinationCities: Figure;
    readonly destinationCountries: Figure;
    readonly goodsCategoriesAtLeast: Figure;
  };
  readonly files: readonly string[];
}

export interface SourceRecord {
  /** Stable id used by every `source` field, e.g. "gmw.cn 2017-03-16". */
  readonly id: string;
  readonly publication: string;
  /** ISO date or year as far as known; null when the reference gives none. */
  readonly date: string | null;
  readonly url: string | null;
  /** What the data takes from it. */
  readonly about: string;
}

export interface LocationRecord {
  readonly id: string;
  readonly unlocode: string | null;
  readonly kind: LocationKind;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly names: Names;
  readonly position: Position;
  readonly railCodes?: { readonly telegraph?: string; readonly esr?: string };
}

export interface LegRecord {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly mode: LegMode;
  readonly km: Figure;
  readonly hours: Figure;
}

export interface RouteDestination extends Provenance {
  /** Location id of a destination city served by the route (the terminal city is last). */
  readonly location: string;
}

export interface RouteRecord {
  readonly id: string;
  readonly names: Names;
  /** Gateway id where the route leaves China. */
  readonly gateway: string | null;
  readonly gatewayBasis: Provenance;
  /** Leg ids in order, contiguous from the origin. */
  readonly legs: readonly string[];
  /** Destination cities in travel order; the last one is the terminal (the end of the last leg). */
  readonly destinations: readonly RouteDestination[];
  readonly transitDays: Figure;
  /** Route length as a source reports it (may differ from the sum of the estimated legs). */
  readonly reportedKm?: Figure;
}

export interface GatewayFigure extends Figure {
  readonly id: string;
  readonly label: Bilingual;
  readonly unit: string;
}

export interface GatewayRecord {
  readonly id: string;
  readonly names: Names;
  /** Location ids: the 1435 mm side first, then the other side. */
  readonly sides: readonly [string, string];
  /** True for the two Xinjiang border ports (Alashankou, Khorgos). */
  readonly border: boolean;
  readonly gaugeMm: Figure<readonly [number, number]>;
  readonly trainsPerDay: { readonly outbound: Figure; readonly inbound: Figure };
  readonly transshipmentHours: Figure;
  /** Further reported figures (annual trains, shed capacity …) for display. */
  readonly figures: readonly GatewayFigure[];
}

export interface WagonTypeRecord {
  readonly id: string;
  readonly names: Names;
  readonly gaugeMm: Figure;
  readonly payloadKg: Figure;
  readonly tareKg?: Figure;
  readonly lengthMm?: Figure;
  readonly maxAxleKg?: Figure;
  readonly twentyFootSlots?: Figure;
  readonly fortyFootSlots?: Figure;
  readonly maxKgPerTwentyFoot?: Figure;
  readonly bogies?: Figure;
}

export type TrainSectionId = 'cr-express' | 'cn-1435' | 'urumqi-hub' | 'kz-1520' | 'eu-1435';
export const TRAIN_SECTION_IDS = [
  'cr-express',
  'cn-1435',
  'urumqi-hub',
  'kz-1520',
  'eu-1435',
] as const satisfies readonly TrainSectionId[];

export type TrainLimitKind =
  | 'max-feu'
  | 'typical-feu'
  | 'min-wagons'
  | 'max-wagons'
  | 'track-length-mm'
  | 'max-train-length-mm'
  | 'max-train-gross-kg'
  | 'max-train-cargo-kg'
  | 'max-wagon-gross-kg'
  | 'max-axle-kg'
  | 'max-box-kg'
  | 'max-pair-difference-kg';
export const TRAIN_LIMIT_KINDS = [
  'max-feu',
  'typical-feu',
  'min-wagons',
  'max-wagons',
  'track-length-mm',
  'max-train-length-mm',
  'max-train-gross-kg',
  'max-train-cargo-kg',
  'max-wagon-gross-kg',
  'max-axle-kg',
  'max-box-kg',
  'max-pair-difference-kg',
] as const satisfies readonly TrainLimitKind[];

export interface TrainSection {
  readonly id: TrainSectionId;
  readonly names: Names;
}

export interface TrainLimitRecord {
  readonly id: string;
  readonly section: TrainSectionId;
  readonly kind: TrainLimitKind;
  readonly unit: 'FEU' | 'wagons' | 'mm' | 'kg';
  readonly names: Names;
  /** Container length class the limit applies to, when it applies to one. */
  readonly container?: '20' | '40';
  readonly limit: Figure;
}

/** A rule without a number (e.g. 20' boxes travel in pairs). */
export interface TrainRuleRecord extends Provenance {
  readonly id: string;
  readonly section: TrainSectionId;
  readonly names: Names;
}

export interface TrainLimitsFile {
  readonly sections: readonly TrainSection[];
  readonly limits: readonly TrainLimitRecord[];
  readonly rules: readonly TrainRuleRecord[];
}

export interface GoodsGroupRecord {
  readonly id: string;
  readonly names: Names;
  readonly direction: GoodsDirection;
  readonly coldChain?: boolean;
  /** Why the group exists (the seed names it, or an estimate with its reason). */
  readonly basis: Provenance;
  /** HS 4-digit headings; each heading is in exactly one group. */
  readonly headings: readonly string[];
}

/** The parsed content of every file of data/network/, keyed by its role. */
export interface NetworkFiles {
  readonly manifest: ManifestFile;
  readonly sources: { readonly sources: readonly SourceRecord[] };
  readonly locations: { readonly locations: readonly LocationRecord[] };
  readonly legs: { readonly legs: readonly LegRecord[] };
  readonly routes: { readonly routes: readonly RouteRecord[] };
  readonly gateways: { readonly gateways: readonly GatewayRecord[] };
  readonly wagonTypes: { readonly wagonTypes: readonly WagonTypeRecord[] };
  readonly trainLimits: TrainLimitsFile;
  readonly goods: { readonly groups: readonly GoodsGroupRecord[] };
}

export type NetworkFileKey = keyof NetworkFiles;

/** File name of each part of the network inside data/network/. */
export const NETWORK_FILE_NAMES = {
  manifest: 'manifest.json',
  sources: 'sources.json',
  locations: 'locations.json',
  legs: 'legs.json',
  routes: 'routes.json',
  gateways: 'gateways.json',
  wagonTypes: 'wagon-types.json',
  trainLimits: 'train-limits.json',
  goods: 'goods-catalogue.json',
} as const satisfies Record<NetworkFileKey, string>;

/** Raw JSON content keyed by file name (e.g. "routes.json"), as read from disk. */
export type RawNetworkFiles = Readonly<Record<string, unknown>>;

/** A problem in the network data, naming the file and the dotted field path inside it. */
export interface NetworkViolation extends Violation {
  readonly file: string;
}

// ---------------------------------------------------------------- the validated in-memory network

export interface Network {
  readonly version: string;
  readonly asOf: string;
  readonly origin: string;
  readonly source: string;
  readonly files: NetworkFiles;
  readonly sources: ReadonlyMap<string, SourceRecord>;
  readonly locations: ReadonlyMap<string, LocationRecord>;
  readonly legs: ReadonlyMap<string, LegRecord>;
  /** In file order. */
  readonly routes: readonly RouteRecord[];
  readonly routeById: ReadonlyMap<string, RouteRecord>;
  readonly gateways: ReadonlyMap<string, GatewayRecord>;
  /** Ids of the destination cities of all routes. */
  readonly destinationIds: ReadonlySet<string>;
  /** ISO alpha-2 codes of the destination countries and regions. */
  readonly destinationCountries: ReadonlySet<string>;
  /** Unique HS headings of the goods catalogue. */
  readonly goodsHeadings: ReadonlySet<string>;
}

export type NetworkBuildResult =
  | { readonly ok: true; readonly value: Network }
  | { readonly ok: false; readonly errors: readonly NetworkViolation[] };

// ---------------------------------------------------------------- API shapes (docs/network-api.md)

/** `GET /api/v1/network/locations` item. */
export interface Location {
  id: string;
  unlocode: string | null;
  kind: LocationKind;
  country: string;
  lat: number;
  lon: number;
  names: Names;
  railCodes?: { telegraph?: string; esr?: string };
  /** One of the destination cities. */
  destination: boolean;
}

export interface RouteLeg {
  from: string;
  to: string;
  mode: LegMode;
  km: number;
  hours: number;
}

export interface LineString {
  type: 'LineString';
  /** [lon, lat] pairs. */
  coordinates: Array<[number, number]>;
}

/** `GET /api/v1/network/routes` item. */
export interface Route {
  id: string;
  names: Names;
  origin: string;
  /** Terminal destination city. */
  destination: string;
  destinationCountry: string;
  gateway: string | null;
  transitDays: number;
  legs: RouteLeg[];
  geometry: LineString;
  /** Optional extra: every destination city served, terminal last. */
  destinations?: string[];
  /** Optional extra: true when transitDays is an estimate rather than a reported figure. */
  transitDaysEstimated?: boolean;
}

/** `GET /api/v1/network/gateways` item. */
export interface Gateway {
  id: string;
  names: Names;
  sides: [string, string];
  lat: number;
  lon: number;
  gaugeMm: [number, number];
  trainsPerDay: { outbound: number; inbound: number };
  transshipmentHours: number;
  border: boolean;
}

/** `GET /api/v1/network/summary`. */
export interface NetworkSummary {
  version: string;
  origin: string;
  routes: number;
  destinationCities: number;
  destinationCountries: number;
  goodsCategories: number;
  locations: number;
  gateways: Array<{ id: string; names: Names; border?: boolean }>;
  asOf: string;
  source: string;
}

/** Wagon type with plain numbers (optional extra endpoint shape); `estimated` lists the estimated fields. */
export interface WagonType {
  id: string;
  names: Names;
  gaugeMm: number;
  payloadKg: number;
  tareKg?: number;
  lengthMm?: number;
  maxAxleKg?: number;
  twentyFootSlots?: number;
  fortyFootSlots?: number;
  maxKgPerTwentyFoot?: number;
  bogies?: number;
  estimated: string[];
}

/** One train limit with a plain value and its provenance (optional extra endpoint shape). */
export interface TrainLimit {
  id: string;
  section: TrainSectionId;
  kind: TrainLimitKind;
  unit: 'FEU' | 'wagons' | 'mm' | 'kg';
  names: Names;
  container?: '20' | '40';
  value: number;
  source: string | null;
  estimated: boolean;
}
