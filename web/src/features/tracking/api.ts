// The tracking page's calls and answer shapes (src/modules/tracking/routes.ts, trains-routes.ts).

import { ApiError, api } from '../../shared/api';

export interface TrackingEventView {
  readonly eventId: string;
  readonly eventType: string;
  readonly eventDateTime: string;
  readonly eventCreatedDateTime: string;
  readonly eventClassifierCode: string;
  readonly transportEventTypeCode?: string;
  readonly equipmentEventTypeCode?: string;
  readonly reeferEventTypeCode?: string;
  readonly iotEventTypeCode?: string;
  readonly equipmentReference?: string;
  readonly trainReference?: string;
  readonly location?: string;
  readonly deviceId: string;
}

export interface LegEta {
  readonly legId: string;
  readonly from: string;
  readonly to: string;
  readonly state: 'done' | 'current' | 'ahead';
  readonly plannedHours: number;
  readonly p50Hours: number;
  readonly p90Hours: number;
  readonly basis: 'learned' | 'prior';
  readonly samples: number;
  readonly actualHours?: number;
  readonly late: boolean;
  readonly lateByHours?: number;
}

export interface TrainEta {
  readonly trainReference: string;
  readonly routeId: string;
  readonly status: 'planned' | 'running' | 'arrived';
  readonly etaP50: string;
  readonly etaP90: string;
  readonly plannedArrival: string;
  readonly delayHours: number;
  readonly legs: readonly LegEta[];
  readonly lateLegs: readonly string[];
  readonly explanation: { readonly en: string; readonly zh: string };
}

export interface TrainPosition {
  readonly trainReference: string;
  readonly time: string;
  readonly lat: number;
  readonly lon: number;
  readonly legId: string | null;
  readonly kmAlong: number | null;
  readonly progressPct: number | null;
  readonly offRouteKm: number | null;
}

export interface TrainDetail {
  readonly trainReference: string;
  readonly routeId: string;
  readonly position: TrainPosition | null;
  readonly stops: ReadonlyArray<{ id: string; unlocode: string | null; lat: number; lon: number }>;
  readonly eta: TrainEta;
}

export interface BoxEta {
  readonly equipmentReference: string;
  readonly trainReference: string | null;
  readonly status: 'on-train' | 'discharged' | 'unknown';
  readonly lastEvent: { code: string; time: string; location: string | null } | null;
}

export interface BookingBoxes {
  readonly id: string;
  readonly containers: ReadonlyArray<{ numbers: readonly string[] }>;
  readonly assignedDeparture: string | null;
}

const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
};

export const trackingApi = {
  events: (filter: { equipmentReference?: string; trainReference?: string }, signal?: AbortSignal) => {
    const q = new URLSearchParams({ limit: '1000' });
    if (filter.equipmentReference) q.set('equipmentReference', filter.equipmentReference);
    if (filter.trainReference) q.set('trainReference', filter.trainReference);
    return api.json<{ items: TrackingEventView[] }>(`/api/v1/events?${q}`, { signal }).then((r) => r.items);
  },
  train: (ref: string, signal?: AbortSignal) =>
    orNull(api.json<TrainDetail>(`/api/v1/trains/${encodeURIComponent(ref)}`, { signal })),
  boxEta: (box: string, signal?: AbortSignal) =>
    orNull(api.json<BoxEta>(`/api/v1/equipment/${encodeURIComponent(box)}/eta`, { signal })),
  booking: (id: string, signal?: AbortSignal) =>
    orNull(api.json<BookingBoxes>(`/api/v1/bookings/${encodeURIComponent(id)}`, { signal })),
};

/** What the search box holds: a box (ISO 6346), a train (ROUTE-YYYYMMDD) or else a booking id. */
export function classify(q: string): { kind: 'box' | 'train' | 'booking'; id: string } | null {
  const id = q.trim().toUpperCase();
  if (!id) return null;
  if (/^[A-Z]{4}\d{7}$/.test(id)) return { kind: 'box', id };
  if (/^[A-Z0-9-]+-\d{8}$/.test(id)) return { kind: 'train', id };
  return { kind: 'booking', id: q.trim() };
}

/** The code of an event whatever its type (ARRI, LOAD, MEAS, POS …). */
export function codeOf(e: TrackingEventView): string {
  return (
    e.transportEventTypeCode ?? e.equipmentEventTypeCode ?? e.reeferEventTypeCode ?? e.iotEventTypeCode ?? '?'
  );
}
