/**
 * The reference data of the live picture, shaped from the other modules' answers (pure): the network
 * the projection needs (origin, routes, gateways' sides), the figures' facts (routes with their
 * distance to the gateway, countries, bilingual names) and a booking's boxes and cargo.
 */
import type { Gateway, Location, Route } from '../../domain/network/types';
import type { Bilingual } from '../../domain/text';
import type { Cargo, Facts } from './figures';
import type { NetworkFacts } from './projection';

/** The assembly center when the network summary is unavailable. */
export const ORIGIN_FALLBACK = 'CNURM';

/** What the figures read beside Facts: the gateways (which are border ports) and cities' names. */
export interface ExtraFacts {
  readonly gateways: ReadonlyArray<{ id: string; names: Bilingual; border: boolean }>;
  readonly cityName: ReadonlyMap<string, Bilingual>;
}

/** The fields of a booking (booking module) that its cargo on a train is made of. */
export interface BookingLike {
  readonly id: string;
  readonly status: string;
  readonly origin: string;
  readonly destination: string;
  readonly teu: number;
  readonly hsCode: string;
  readonly assignedDeparture: string | null;
  readonly containers: ReadonlyArray<{ readonly sizeType: string; readonly numbers: readonly string[] }>;
}

export function names(n: { en?: string; zh?: string } | undefined, id: string): Bilingual {
  return { en: n?.en ?? id, zh: n?.zh ?? n?.en ?? id };
}

/** The network as the projection reads it (which route, which gateway a border side belongs to). */
export function networkFactsOf(
  summary: { origin: string } | null,
  routes: readonly Route[],
  gateways: readonly Gateway[],
): NetworkFacts {
  return {
    origin: summary?.origin ?? ORIGIN_FALLBACK,
    routes: new Map(
      routes.map((r) => [
        r.id,
        {
          origin: r.origin,
          destination: r.destination,
          destinations: r.destinations ?? [r.destination],
          gateway: r.gateway,
          transitDays: r.transitDays,
        },
      ]),
    ),
    gatewayOf: new Map(gateways.flatMap((g) => g.sides.map((s) => [s, g.id] as const))),
  };
}

/** The routes as the figures read them: names, and hours and km from the origin to the gateway. */
export function routeFactsOf(routes: readonly Route[], gateways: readonly Gateway[]): Facts['routes'] {
  const gatewayById = new Map(gateways.map((g) => [g.id, g]));
  return new Map(
    routes.map((r) => {
      let hours = 0;
      let km = 0;
      let toGateway: number | null = null;
      let kmToGateway: number | null = null;
      const gw = r.gateway ? gatewayById.get(r.gateway) : undefined;
      for (const leg of r.legs) {
        if (gw && (gw.sides as readonly string[]).includes(leg.from)) {
          toGateway = hours;
          kmToGateway = km;
          break;
        }
        hours += leg.hours;
        km += leg.km;
        if (gw && (gw.sides as readonly string[]).includes(leg.to)) {
          toGateway = hours;
          kmToGateway = km;
          break;
        }
      }
      return [
        r.id,
        {
          names: names(r.names, r.id),
          origin: r.origin,
          destination: r.destination,
          destinations: r.destinations ?? [r.destination],
          gateway: r.gateway,
          transitDays: r.transitDays,
          hoursToGateway: toGateway,
          kmToGateway,
        },
      ];
    }),
  );
}

export function extraFactsOf(gateways: readonly Gateway[], locations: readonly Location[]): ExtraFacts {
  return {
    gateways: gateways.map((g) => ({ id: g.id, names: names(g.names, g.id), border: g.border })),
    cityName: new Map(locations.map((l) => [l.id, names(l.names as { en?: string; zh?: string }, l.id)])),
  };
}

/**
 * A booking's boxes (their TEU and, unless cancelled, the booking that names them) and, when it is
 * assigned to a departure, its cargo on that train.
 */
export function addBooking(
  b: BookingLike,
  countryOf: ReadonlyMap<string, string>,
  boxTeu: Map<string, number>,
  cargo: Map<string, Cargo[]>,
  bookingOfBox?: Map<string, Cargo>,
): void {
  const containers: string[] = [];
  for (const c of b.containers) {
    const teu = /^[2]/.test(c.sizeType) ? 1 : 2;
    for (const n of c.numbers) {
      boxTeu.set(n, teu);
      containers.push(n);
    }
  }
  const from = countryOf.get(b.origin);
  const to = countryOf.get(b.destination);
  const direction =
    from === 'CN' && to !== 'CN' ? 'export' : to === 'CN' && from !== 'CN' ? 'import' : 'transit';
  const item: Cargo = {
    bookingId: b.id,
    teu: b.teu,
    hsCode: b.hsCode,
    direction,
    containers,
    destination: b.destination,
  };
  if (bookingOfBox && b.status !== 'cancelled') for (const n of containers) bookingOfBox.set(n, item);
  if (!b.assignedDeparture || b.status === 'draft') return;
  const list = cargo.get(b.assignedDeparture) ?? [];
  list.push(item);
  cargo.set(b.assignedDeparture, list);
}
