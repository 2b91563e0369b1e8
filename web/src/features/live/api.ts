// The live picture's calls (GET /api/v1/ops/*) and their answer shapes — the server's
// src/modules/operations/routes.ts is the contract.

import { api } from '../../shared/api';

export type Names = { readonly en: string; readonly zh: string };
export type TrainPhase = 'forming' | 'running' | 'waiting' | 'transshipping' | 'arrived';

export interface Kpis {
  readonly asOf: string;
  readonly day: string;
  readonly dispatched: { readonly today: number; readonly year: number; readonly total: number };
  readonly teu: { readonly today: number; readonly year: number; readonly total: number };
  readonly activeRoutes: number;
  readonly citiesReached: number;
  readonly countriesReached: number;
  readonly goodsCategories: number;
  readonly onTime: { readonly arrived: number; readonly onTime: number; readonly pct: number | null };
  readonly waitingAtBorder: number;
  readonly inTransshipment: number;
  readonly running: number;
  readonly forming: number;
}

export interface LiveTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly phase: TrainPhase;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly positionTime: string | null;
  readonly dispatchedAt: string | null;
  readonly gatewayId: string | null;
  readonly boxes: number;
}

export interface BorderTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly arrivedAt: string;
  readonly boxes: number;
  readonly transshipped: number;
  readonly progress: number;
}

export interface BorderPort {
  readonly id: string;
  readonly names: Names;
  readonly waiting: readonly BorderTrain[];
  readonly transshipping: readonly BorderTrain[];
  readonly crossedToday: number;
  readonly crossedTodayTrains: readonly string[];
  readonly crossedInboundToday: number;
  readonly capacityToday: number;
  /** Trains past their planned arrival with no position (spread under the capacity). */
  readonly overdue: number;
  readonly forecast: ReadonlyArray<{
    readonly day: string;
    readonly arriving: number;
    readonly capacity: number;
    readonly crossing: number;
    readonly queue: number;
  }>;
}

export interface AssemblyLive {
  readonly day: string;
  readonly gate: {
    readonly inToday: number;
    readonly outToday: number;
    readonly lastHourIn: number;
    readonly lastHourOut: number;
  };
  readonly yard: {
    readonly boxes: number;
    readonly teu: number;
    readonly capacityTeu: number;
    readonly blocks: ReadonlyArray<{
      readonly id: string;
      readonly label: Names;
      readonly boxes: number;
      readonly teu: number;
      readonly capacityTeu: number;
      readonly occupancy: number;
    }>;
  };
  readonly tracks: ReadonlyArray<{
    readonly track: number;
    readonly id: string | null;
    readonly routeId?: string | null;
    readonly boxes?: number;
    readonly teu?: number;
    readonly capacityTeu?: number;
    readonly fill?: number;
  }>;
  readonly nextDepartures: ReadonlyArray<{
    readonly id: string;
    readonly routeId: string;
    readonly date: string;
    readonly capacityTeu: number;
    readonly status: 'scheduled' | 'cancelled';
    readonly loadedTeu: number;
  }>;
}

export interface StatRow {
  readonly key: string;
  readonly label: Names;
  readonly trains: number;
  readonly teu: number;
}

export interface StatisticsData {
  readonly period: { readonly from: string; readonly to: string };
  readonly totals: {
    readonly trains: number;
    readonly teu: number;
    readonly cumulativeTrains: number;
    readonly routes: number;
    readonly cities: number;
    readonly countries: number;
    readonly goodsCategories: number;
    readonly assumedBoxes: number;
  };
  readonly byRoute: readonly StatRow[];
  readonly byCountry: readonly StatRow[];
  readonly byCity: readonly StatRow[];
  readonly byMonth: ReadonlyArray<{
    readonly month: string;
    readonly trains: number;
    readonly teu: number;
    readonly cumulativeTrains: number;
  }>;
  readonly goods: ReadonlyArray<{
    readonly chapter: string;
    readonly direction: 'export' | 'import' | 'transit';
    readonly bookings: number;
    readonly teu: number;
  }>;
}

export type Dimension = 'route' | 'country' | 'city' | 'month' | 'chapter' | 'all';

export interface EventRef {
  readonly deviceId: string;
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventCode: string;
  readonly location: string | null;
}

export interface TraceItem {
  readonly id: string;
  readonly routeId: string | null;
  readonly dispatched: EventRef;
  readonly arrived: EventRef | null;
  readonly onTime: boolean | null;
  readonly boxes: number;
  readonly teu: number;
  readonly assumedBoxes: number;
  readonly bookings: ReadonlyArray<{ bookingId: string; hsCode: string; teu: number; direction: string }>;
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

const q = (p: Record<string, string>) => new URLSearchParams(p).toString();

export const opsApi = {
  kpis: (signal?: AbortSignal) => api.json<Kpis>('/api/v1/ops/kpis', { signal }),
  trains: (signal?: AbortSignal) =>
    api.json<{ items: LiveTrain[] }>('/api/v1/ops/trains', { signal }).then((r) => r.items),
  border: (signal?: AbortSignal) =>
    api.json<{ day: string; items: BorderPort[] }>('/api/v1/ops/border?days=7', { signal }),
  assembly: (signal?: AbortSignal) => api.json<AssemblyLive>('/api/v1/ops/assembly', { signal }),
  statistics: (p: Period, signal?: AbortSignal) =>
    api.json<StatisticsData>(`/api/v1/ops/statistics?${q({ from: p.from, to: p.to })}`, { signal }),
  trace: (p: Period, dimension: Dimension, key: string, signal?: AbortSignal) =>
    api.json<{ items: TraceItem[] }>(
      `/api/v1/ops/statistics/trace?${q({ from: p.from, to: p.to, dimension, key })}`,
      { signal },
    ),
  /** The export file as a Blob (the bearer token goes with it, so no plain link). */
  async exportFile(p: Period, format: 'csv' | 'xlsx', lang: 'en' | 'zh'): Promise<Blob> {
    const res = await api.raw(
      `/api/v1/ops/statistics/export?${q({ from: p.from, to: p.to, format, lang })}`,
      {
        accept: format === 'csv' ? 'text/csv' : 'application/octet-stream',
      },
    );
    return res.blob();
  },
};
