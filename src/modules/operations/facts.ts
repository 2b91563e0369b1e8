/**
 * What every figure of the live picture shares: the China day ("today" is a calendar day in UTC+8),
 * the reference data the figures read (routes, countries, box sizes, the bookings on each train) and
 * a train's TEU. Pure.
 */
import type { TrainState } from './projection';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar day in China (UTC+8) of an instant. */
export function chinaDay(iso: string | Date): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A box of unknown size counts as one FEU (2 TEU): the China–Europe train's typical box (41 FEU). */
export const ASSUMED_BOX_TEU = 2;

export interface Cargo {
  readonly bookingId: string;
  readonly teu: number;
  readonly hsCode: string;
  /** 'export' when the booking leaves China, 'import' when it comes in, 'transit' otherwise. */
  readonly direction: 'export' | 'import' | 'transit';
  readonly containers: readonly string[];
  /** The booking's destination (UN/LOCODE) — where a box not yet on a train is headed. */
  readonly destination?: string;
}

export interface Facts {
  readonly routes: ReadonlyMap<
    string,
    {
      readonly names: { readonly en: string; readonly zh: string };
      readonly origin: string;
      readonly destination: string;
      readonly destinations: readonly string[];
      readonly gateway: string | null;
      readonly transitDays: number;
      /** Hours from the origin to the gateway (legs before it), for the queue forecast. */
      readonly hoursToGateway: number | null;
      /** Rail km from the origin to the gateway (the same legs), to place a train by its position. */
      readonly kmToGateway?: number | null;
    }
  >;
  /** Location id → ISO country. */
  readonly countryOf: ReadonlyMap<string, string>;
  /** Box number → TEU, from the bookings that name it. */
  readonly boxTeu: ReadonlyMap<string, number>;
  /** Train (departure id) → the bookings assigned to it. */
  readonly cargo: ReadonlyMap<string, readonly Cargo[]>;
  /** Box number → the (not cancelled) booking that names it, for trains with no booking assigned. */
  readonly bookingOfBox?: ReadonlyMap<string, Cargo>;
}

/**
 * The bookings a train carries: those assigned to its departure; when none is (a train formed
 * without a stored plan, or a plan not sent), the bookings naming the boxes loaded onto it.
 */
export function cargoOf(t: TrainState, facts: Pick<Facts, 'cargo' | 'bookingOfBox'>): readonly Cargo[] {
  const assigned = facts.cargo.get(t.id);
  if ((assigned && assigned.length > 0) || !facts.bookingOfBox || t.boxes.length === 0) return assigned ?? [];
  const out = new Map<string, Cargo>();
  for (const b of t.boxes) {
    const c = facts.bookingOfBox.get(b);
    if (c) out.set(c.bookingId, c);
  }
  return [...out.values()];
}

/**
 * A train's TEU: its loaded boxes (size from the bookings naming them, else one FEU); when no box
 * events name the train (train-level tracking), the TEU of the bookings assigned to it.
 */
export function trainTeu(
  t: TrainState,
  facts: Pick<Facts, 'boxTeu' | 'cargo'>,
): { teu: number; assumedBoxes: number } {
  if (t.boxes.length === 0) {
    return { teu: (facts.cargo.get(t.id) ?? []).reduce((s, c) => s + c.teu, 0), assumedBoxes: 0 };
  }
  let teu = 0;
  let assumed = 0;
  for (const b of t.boxes) {
    const known = facts.boxTeu.get(b);
    if (known === undefined) assumed++;
    teu += known ?? ASSUMED_BOX_TEU;
  }
  return { teu, assumedBoxes: assumed };
}

export function hsChapter(hs: string): string {
  return hs.replace(/\D/g, '').slice(0, 2).padStart(2, '0');
}

export function hsHeading(hs: string): string {
  return hs.replace(/\D/g, '').slice(0, 4);
}

/** Cities a train of a route reaches (its destinations, terminal last). */
export function citiesOf(t: TrainState, facts: Facts): readonly string[] {
  const r = t.routeId ? facts.routes.get(t.routeId) : undefined;
  return r ? (r.destinations.length > 0 ? r.destinations : [r.destination]) : [];
}

/** A departure of the timetable from today on (the forecast and the assembly read them). */
export interface UpcomingDeparture {
  readonly id: string;
  readonly routeId: string;
  readonly date: string;
  readonly capacityTeu: number;
  readonly status: 'scheduled' | 'cancelled';
}
