// The shapes of the server's answers the dashboard reads (network, gateways, sign-in, bookings,
// timetable, plans), kept apart from the client that fetches them (api.ts re-exports them).
// `api-contract*.ts` make tsc fail when the server's own types stop fitting these.

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

/** Sign-in and the signed-in principal (`GET /api/v1/me`). */
export interface SignIn {
  readonly token: string;
  readonly expiresAt: string;
}
export interface Me {
  readonly userId: string;
  readonly username: string;
  readonly organizationId: string;
  readonly organizationKind: string;
  readonly roles: readonly string[];
}

export type BookingStatus = 'draft' | 'confirmed' | 'cancelled';
export interface Booking {
  readonly id: string;
  readonly organizationId: string;
  readonly reference: string;
  readonly shipperOrg: string | null;
  readonly forwarderOrg: string | null;
  readonly containers: ReadonlyArray<{
    readonly sizeType: string;
    readonly count: number;
    readonly numbers: readonly string[];
  }>;
  readonly containerCount: number;
  readonly teu: number;
  readonly grossKg: number;
  readonly hsCode: string;
  readonly dg: { readonly un: string; readonly class: string } | null;
  readonly reeferSetpointC: number | null;
  readonly origin: string;
  readonly destination: string;
  readonly eligibleRoutes: readonly string[];
  readonly readyDate: string;
  readonly dueDate: string;
  readonly priority: number;
  readonly customsMode: string;
  readonly status: BookingStatus;
  readonly assignedDeparture: string | null;
  readonly planId: string | null;
}
export interface BookingQuery {
  readonly status?: string;
  readonly route?: string;
  readonly destination?: string;
  readonly from?: string;
  readonly to?: string;
  readonly departure?: string;
  readonly limit?: number;
  readonly offset?: number;
}
export interface BookingPage {
  readonly items: readonly Booking[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}
export interface ImportReport {
  readonly imported: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: ReadonlyArray<{
    readonly row: number;
    readonly column: string;
    readonly code: string;
    readonly reason: { readonly en: string; readonly zh: string };
  }>;
}
export interface Departure {
  readonly id: string;
  readonly routeId: string;
  readonly date: string;
  readonly capacityTeu: number;
  readonly capacityKg: number;
  readonly minTeu: number;
  readonly status: string;
  readonly running: boolean | null;
  readonly planId: string | null;
}
export interface PlannedDeparture {
  readonly id: string;
  readonly route: string;
  readonly date: string;
  readonly running: boolean;
  readonly bookings: number;
  readonly teu: number;
  readonly grossKg: number;
  readonly capacityTeu: number;
  readonly capacityKg: number;
  readonly minTeu: number;
}
/** `POST /api/v1/plans/consolidation/run`, `GET …/latest`: the stored plan. */
export interface ConsolidationPlan {
  readonly id: string;
  readonly createdAt: string;
  readonly from: string;
  readonly days: number;
  readonly status: string;
  readonly objective: number;
  readonly bound: number | null;
  readonly departures: readonly PlannedDeparture[];
  readonly solution: {
    readonly running?: readonly string[];
    readonly unassigned?: ReadonlyArray<{
      readonly booking: string;
      readonly code: string;
      readonly reason: string;
      readonly reasonZh?: string;
    }>;
  };
  readonly released?: ReadonlyArray<unknown>;
}
export interface LoadContainer {
  readonly id: string;
  readonly lengthFt: number;
  readonly grossKg: number;
  readonly reefer: boolean;
  readonly dg: { readonly un: string; readonly class: string } | null;
  readonly value?: number;
}
export interface LoadWagonType {
  readonly code: string;
  readonly tareKg: number;
  readonly lengthMm: number;
  readonly maxPayloadKg: number;
  readonly platforms: ReadonlyArray<{ readonly maxKg: number; readonly lengthFt: number }>;
}
/** `POST|GET /api/v1/departures/:id/load-plan`: the instance (wagons in train order) and its solution. */
export interface LoadPlanDoc {
  readonly id: string;
  readonly departureId: string;
  readonly createdAt: string;
  readonly status: string;
  readonly instance: {
    readonly wagons: ReadonlyArray<{ readonly id: string; readonly type: string }>;
    readonly wagonTypes: readonly LoadWagonType[];
    readonly containers: readonly LoadContainer[];
    readonly rules?: Readonly<Record<string, number | boolean>>;
  };
  readonly solution: {
    readonly status: string;
    readonly objective?: number;
    readonly bound?: number | null;
    readonly placements: ReadonlyArray<{
      readonly container: string;
      readonly wagon: string;
      readonly platform: number;
      readonly slot: string;
    }>;
    readonly unloaded: ReadonlyArray<{
      readonly container: string;
      readonly code?: string;
      readonly reason?: string;
      readonly reasonZh?: string;
    }>;
  };
}
