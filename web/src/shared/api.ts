// The dashboard's only door to the server: typed reads of the network API (docs/network-api.md) and
// the border gateways (calendars, what-if scenarios).
// Every fetch goes through `createApiClient`; point it elsewhere with VITE_API_BASE at build time
// (default: same origin, the server serves the dashboard and the API together).

export interface Names {
  readonly en: string;
  readonly zh: string;
  readonly ru: string;
}

export type LocationKind =
  | 'assembly-center'
  | 'gateway'
  | 'gauge-break'
  | 'ferry-port'
  | 'junction'
  | 'destination';
export type LegMode = 'rail-1435' | 'rail-1520' | 'ferry' | 'road';

export interface NetworkSummary {
  readonly version: string;
  readonly origin: string;
  readonly routes: number;
  readonly destinationCities: number;
  readonly destinationCountries: number;
  readonly goodsCategories: number;
  readonly locations: number;
  /** Gateways of the network; `border` (when given) marks the two Xinjiang border ports. */
  readonly gateways: ReadonlyArray<{ readonly id: string; readonly names: Names; readonly border?: boolean }>;
  readonly asOf: string;
  readonly source: string;
}

export interface NetworkLocation {
  readonly id: string;
  readonly unlocode: string | null;
  readonly kind: LocationKind;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  readonly names: Names;
  readonly railCodes?: { readonly telegraph?: string; readonly esr?: string };
  readonly destination: boolean;
}

export interface RouteLeg {
  readonly from: string;
  readonly to: string;
  readonly mode: LegMode;
  readonly km: number;
  readonly hours: number;
}

export interface NetworkRoute {
  readonly id: string;
  readonly names: Names;
  readonly origin: string;
  readonly destination: string;
  readonly destinationCountry: string;
  readonly gateway: string | null;
  readonly transitDays: number;
  readonly legs: readonly RouteLeg[];
  readonly geometry: {
    readonly type: 'LineString';
    readonly coordinates: ReadonlyArray<readonly [number, number]>;
  };
  /** Optional: every destination city served, terminal last. */
  readonly destinations?: readonly string[];
  /** Optional: true when transitDays is an estimate rather than a reported figure. */
  readonly transitDaysEstimated?: boolean;
}

export interface Gateway {
  readonly id: string;
  readonly names: Names;
  readonly sides: readonly [string, string];
  readonly lat: number;
  readonly lon: number;
  readonly gaugeMm: readonly [number, number];
  readonly trainsPerDay: { readonly outbound: number; readonly inbound: number };
  readonly transshipmentHours: number;
  readonly border: boolean;
}

/** The whole reference network as the Overview needs it. */
export interface NetworkSnapshot {
  readonly summary: NetworkSummary;
  readonly locations: readonly NetworkLocation[];
  readonly routes: readonly NetworkRoute[];
  readonly gateways: readonly Gateway[];
}

/** `GET /api/v1/gateways`: a gateway's capacity model, closures and day-by-day calendar. */
export interface DirectionCapacity {
  readonly trainsPerDay: number;
  readonly movesPerDay: number;
}
export interface GatewayClosure {
  readonly id: string;
  readonly gateway: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'outbound' | 'inbound' | 'both';
  readonly trainsPerDay: number;
  readonly movesPerDay: number | null;
  readonly reason: { readonly en: string; readonly zh: string };
  readonly createdAt: string;
}
export interface GatewayCalendarDay {
  readonly date: string;
  readonly outbound: { readonly trains: number; readonly moves: number };
  readonly inbound: { readonly trains: number; readonly moves: number };
  readonly state: 'open' | 'reduced' | 'closed';
  readonly closures: readonly string[];
}
export interface GatewayModelView {
  readonly id: string;
  readonly names: Names;
  readonly border: boolean;
  readonly gaugeMm: readonly [number, number];
  readonly outbound: DirectionCapacity;
  readonly inbound: DirectionCapacity;
  readonly transshipmentHours: number;
  readonly shifts: {
    readonly timeZone: string;
    readonly shifts: ReadonlyArray<{
      readonly id: string;
      readonly names: { readonly en: string; readonly zh: string };
      readonly start: string;
      readonly hours: number;
    }>;
    readonly closedWeekdays: readonly number[];
  };
  readonly closures: readonly GatewayClosure[];
  readonly calendar: readonly GatewayCalendarDay[];
}

/** A what-if change of one gateway's trains a day over dates (0 = closed); not stored. */
export interface CapacityChange {
  readonly gateway: string;
  readonly from: string;
  readonly to: string;
  readonly trainsPerDay: number;
  readonly reason?: { readonly en: string; readonly zh: string };
}
export interface GatewayScenario {
  readonly id: string;
  readonly title: { readonly en: string; readonly zh: string };
  readonly description: { readonly en: string; readonly zh: string };
  readonly sources: readonly string[];
  readonly startDate: string;
  readonly days: number;
  readonly gateways: readonly string[];
  readonly trains: number;
  readonly changes: readonly CapacityChange[];
}
export interface PlanDay {
  readonly day: number;
  readonly date: string | null;
  readonly arriving: number;
  readonly waiting: number;
  readonly gateways: Readonly<
    Record<string, { readonly quota: number; readonly crossing: number; readonly waiting: number }>
  >;
}
export interface PlanSummary {
  readonly objective: number;
  readonly crossings: number;
  readonly unscheduled: number;
  readonly late: number;
  readonly maxWaiting: number;
  readonly totalDelayDays: number;
  readonly meanDelayDays: number;
  readonly days: readonly PlanDay[];
}
type Routed = { readonly delayDays: number; readonly unscheduled: number };
/** `POST /api/v1/gateways/scenarios/:id/run` and `/what-if`: baseline, held and re-planned. */
export interface GatewayWhatIf {
  readonly scenario: GatewayScenario | null;
  readonly instanceId: string;
  readonly startDate: string | null;
  readonly days: number;
  readonly gateways: readonly string[];
  readonly changes: ReadonlyArray<CapacityChange & { readonly fromDay: number; readonly toDay: number }>;
  readonly baseline: PlanSummary;
  readonly held: PlanSummary;
  readonly replan: PlanSummary;
  readonly switchedGateway: ReadonlyArray<{
    readonly train: string;
    readonly before: { readonly gateway: string; readonly day: number } | null;
    readonly after: { readonly gateway: string; readonly day: number } | null;
    readonly delayChangeDays: number | null;
  }>;
  readonly changedTrains: number;
  readonly routes: ReadonlyArray<{
    readonly route: string;
    readonly trains: number;
    readonly baseline: Routed;
    readonly held: Routed;
    readonly replan: Routed;
  }>;
  readonly explanations: ReadonlyArray<{
    readonly train: string;
    readonly route: string | null;
    readonly gateway: string | null;
    readonly day: number | null;
    readonly arrivalDay: number;
    readonly status: 'late' | 'unscheduled';
    readonly code: string | null;
    readonly reason: { readonly en: string; readonly zh: string };
  }>;
}

/** A failed call: HTTP status (0 when the network itself failed) and the server's RFC 9457 detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${status} ${detail}`);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  readonly baseUrl: string;
  summary(signal?: AbortSignal): Promise<NetworkSummary>;
  locations(signal?: AbortSignal): Promise<readonly NetworkLocation[]>;
  routes(signal?: AbortSignal): Promise<readonly NetworkRoute[]>;
  gateways(signal?: AbortSignal): Promise<readonly Gateway[]>;
  network(signal?: AbortSignal): Promise<NetworkSnapshot>;
  /** Gateway models with their calendars for `days` days from `from` (default: today in China). */
  gatewayModels(
    query?: { from?: string; days?: number },
    signal?: AbortSignal,
  ): Promise<readonly GatewayModelView[]>;
  gatewayScenarios(signal?: AbortSignal): Promise<readonly GatewayScenario[]>;
  /** Runs a shipped scenario with extra (hypothetical) capacity changes. */
  runGatewayScenario(
    id: string,
    changes?: readonly CapacityChange[],
    signal?: AbortSignal,
    options?: { readonly onCalendar?: boolean },
  ): Promise<GatewayWhatIf>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function createApiClient(baseUrl = '', fetchImpl: Fetch = (i, init) => fetch(i, init)): ApiClient {
  const base = baseUrl.replace(/\/+$/, '');

  async function getJson<T>(path: string, signal?: AbortSignal, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(
        `${base}${path}`,
        body === undefined
          ? { headers: { accept: 'application/json' }, signal }
          : {
              method: 'POST',
              headers: { accept: 'application/json', 'content-type': 'application/json' },
              body: JSON.stringify(body),
              signal,
            },
      );
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, path, e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) {
      let detail = res.statusText;
      try {
        const body: unknown = await res.json();
        if (body && typeof body === 'object') {
          const p = body as { detail?: unknown; title?: unknown };
          if (typeof p.detail === 'string') detail = p.detail;
          else if (typeof p.title === 'string') detail = p.title;
        }
      } catch {
        // not JSON: keep the status text
      }
      throw new ApiError(res.status, path, detail);
    }
    return (await res.json()) as T;
  }

  const items = async <T>(path: string, signal?: AbortSignal): Promise<readonly T[]> =>
    (await getJson<{ items: T[] }>(path, signal)).items;

  const client: ApiClient = {
    baseUrl: base,
    summary: (signal) => getJson<NetworkSummary>('/api/v1/network/summary', signal),
    locations: (signal) => items<NetworkLocation>('/api/v1/network/locations', signal),
    routes: (signal) => items<NetworkRoute>('/api/v1/network/routes', signal),
    gateways: (signal) => items<Gateway>('/api/v1/network/gateways', signal),
    gatewayModels(query = {}, signal) {
      const q = new URLSearchParams();
      if (query.from) q.set('from', query.from);
      if (query.days) q.set('days', String(query.days));
      const qs = q.toString();
      return items<GatewayModelView>(`/api/v1/gateways${qs ? `?${qs}` : ''}`, signal);
    },
    gatewayScenarios: (signal) => items<GatewayScenario>('/api/v1/gateways/scenarios', signal),
    runGatewayScenario: (id, changes = [], signal, options = {}) =>
      getJson<GatewayWhatIf>(`/api/v1/gateways/scenarios/${encodeURIComponent(id)}/run`, signal, {
        changes,
        ...(options.onCalendar ? { onCalendar: true } : {}),
      }),
    async network(signal) {
      const [summary, locations, routes, gateways] = await Promise.all([
        client.summary(signal),
        client.locations(signal),
        client.routes(signal),
        client.gateways(signal),
      ]);
      return { summary, locations, routes, gateways };
    },
  };
  return client;
}

/** The client the app uses. VITE_API_BASE (e.g. "http://127.0.0.1:8080") overrides same-origin. */
export const api: ApiClient = createApiClient(import.meta.env.VITE_API_BASE ?? '');
