// The transshipment calls of the Border ports page (server: src/modules/transshipment/routes.ts) and
// the gateway closures an officer commits (src/modules/gateway/routes.ts).
import { api, type Departure } from '../../../shared/api';

export interface Bi {
  readonly en: string;
  readonly zh: string;
}

export interface FormedTrain {
  readonly reference: string;
  readonly wagons: readonly { readonly id: string; readonly type: string; readonly lengthMm: number }[];
  readonly placements: readonly { readonly box: string; readonly wagon: string }[];
  readonly boxes: number;
  readonly teu: number;
  readonly cargoKg: number;
  readonly lengthMm: number;
  readonly from: readonly string[];
  readonly readyAt: string;
}

export interface Transshipment {
  readonly id: string;
  readonly gatewayId: string;
  readonly startAt: string;
  readonly endAt: string;
  readonly status: 'planned' | 'in-progress' | 'done';
  readonly progress: { readonly done: number; readonly total: number; readonly percent: number };
  readonly fromGaugeMm: number;
  readonly toGaugeMm: number;
  readonly summary: {
    readonly boxes: number;
    readonly reloaded: number;
    readonly held: number;
    readonly moves: number;
    readonly direct: number;
    readonly viaYard: number;
    readonly cranes: number;
    readonly movesPerCraneHour: number;
    readonly minutes: number;
  };
  readonly arriving: readonly {
    readonly reference: string;
    readonly boxes: number;
    readonly wagons: number;
  }[];
  readonly formed: readonly FormedTrain[];
  readonly held: readonly { readonly box: string; readonly reason: Bi }[];
  readonly recordNumber: string;
  readonly assumptions: readonly Bi[];
  readonly events?: {
    readonly stored: number;
    readonly duplicates: number;
    readonly quarantined: number;
    readonly untracked: number;
  };
}

export interface TransshipRequest {
  readonly departures: readonly string[];
  readonly cranes?: number;
  readonly movesPerCraneHour?: number;
}

export const transshipments = (gateway: string, signal?: AbortSignal) =>
  api
    .json<{ items: Transshipment[] }>(
      `/api/v1/transshipments?gateway=${encodeURIComponent(gateway)}&limit=20`,
      {
        signal,
      },
    )
    .then((r) => r.items);

export const transship = (gateway: string, body: TransshipRequest) =>
  api.json<Transshipment>(`/api/v1/gateways/${encodeURIComponent(gateway)}/transshipments`, {
    method: 'POST',
    body,
  });

/** The printable CIM/SMGS handover record (HTML, fetched with the bearer token). */
export const handoverHtml = async (id: string): Promise<string> =>
  (await api.raw(`/api/v1/transshipments/${encodeURIComponent(id)}/smgs?format=html`)).text();

export const departures = (from: string, to: string, signal?: AbortSignal) =>
  api
    .json<{ items: Departure[] }>(`/api/v1/timetable/departures?from=${from}&to=${to}`, { signal })
    .then((r) => r.items);

export interface ClosureBody {
  readonly from: string;
  readonly to: string;
  readonly direction: 'outbound' | 'inbound' | 'both';
  readonly trainsPerDay: number;
  readonly reason: { readonly en?: string; readonly zh?: string };
}

export const addClosure = (gateway: string, body: ClosureBody) =>
  api.json<{ id: string }>(`/api/v1/gateways/${encodeURIComponent(gateway)}/closures`, {
    method: 'POST',
    body,
  });

export const withdrawClosure = (gateway: string, id: string) =>
  api.json<void>(`/api/v1/gateways/${encodeURIComponent(gateway)}/closures/${encodeURIComponent(id)}`, {
    method: 'DELETE',
  });
