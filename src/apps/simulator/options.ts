// What the twin's core takes and gives: its options (and the defaults of the year run and the live
// twin), simulated time units, and the intents it produces — what a client sends, and when.
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;

export type Detail = 'box' | 'train';

export interface TwinOptions {
  readonly seed: number;
  /** Start of simulated time (UTC ms, midnight). */
  readonly startMs: number;
  readonly days: number;
  /** box: every box event (GTIN, LOAD, GBTS, DISC, GTOT); train: train events, reefer boxes only. */
  readonly detail: Detail;
  /** Minutes between GPS positions of a running or waiting train. */
  readonly posEveryMinutes: number;
  /** Minutes between reefer readings. */
  readonly readingEveryMinutes: number;
  /** Probability that a route runs its train on a day (before the seasonal factor). */
  readonly runShare: number;
  /** Return (import) trains per outbound train on a route-day. */
  readonly returnShare: number;
  /** Run the consolidation planner every N days (0: never). */
  readonly consolidateEveryDays: number;
  /** Ask for the load plan of every Nth train (0: never). */
  readonly loadPlanEvery: number;
  /** Device misbehaviour: probabilities per item. */
  readonly duplicateShare: number;
  readonly lateShare: number;
}

export const YEAR_DEFAULTS: Omit<TwinOptions, 'seed' | 'startMs' | 'days'> = {
  detail: 'train',
  posEveryMinutes: 1440,
  readingEveryMinutes: 720,
  runShare: 0.84,
  returnShare: 0.4,
  consolidateEveryDays: 14,
  loadPlanEvery: 50,
  duplicateShare: 0.01,
  lateShare: 0.02,
};

export const LIVE_DEFAULTS: Omit<TwinOptions, 'seed' | 'startMs' | 'days'> = {
  ...YEAR_DEFAULTS,
  detail: 'box',
  posEveryMinutes: 20,
  readingEveryMinutes: 60,
  consolidateEveryDays: 1,
  loadPlanEvery: 1,
};

/** One row of a tenant's booking import (the CSV columns of the booking module). */
export interface BookingRow {
  readonly reference: string;
  readonly containers: readonly string[];
  readonly sizeType: string;
  readonly grossKg: number;
  readonly hsCode: string;
  readonly reeferSetpointC: number | null;
  readonly destination: string;
  readonly readyDate: string;
  readonly dueDate: string;
  readonly priority: number;
  readonly customsMode: string;
}

export type Intent =
  | { readonly kind: 'timetable'; readonly t: number; readonly from: string; readonly days: number }
  | { readonly kind: 'booking'; readonly t: number; readonly org: string; readonly row: BookingRow }
  | { readonly kind: 'cancel'; readonly t: number; readonly departureId: string }
  | { readonly kind: 'consolidate'; readonly t: number; readonly from: string; readonly days: number }
  | { readonly kind: 'loadPlan'; readonly t: number; readonly departureId: string }
  | {
      readonly kind: 'device';
      readonly t: number;
      readonly device: string;
      readonly channel: 'events' | 'readings';
      readonly item: Readonly<Record<string, unknown>>;
    };

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
export const iso = (ms: number) => new Date(ms).toISOString();
export const isoDate = (ms: number) => iso(ms).slice(0, 10);
export const compactDate = (ms: number) => isoDate(ms).replaceAll('-', '');
