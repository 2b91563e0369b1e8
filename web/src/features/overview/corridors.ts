// Which corridor a route belongs to (for colour and legend), derived only from the route's own data:
// a ferry leg, the destination country and, for Kazakhstan, the gateway. Pure.

import type { MessageKey } from '../../i18n/messages';
import type { NetworkLocation, NetworkRoute } from '../../shared/api';

export type Corridor = 'europe' | 'russia' | 'centralAsia' | 'caspian' | 'south' | 'other';

export const CORRIDORS: readonly Corridor[] = [
  'europe',
  'russia',
  'centralAsia',
  'caspian',
  'south',
  'other',
];

export const CORRIDOR_COLOR: Record<Corridor, string> = {
  europe: '#4cc3ff',
  russia: '#a48bff',
  centralAsia: '#3fdc9a',
  caspian: '#ff9a5c',
  south: '#ff6f9f',
  other: '#9aa7b8',
};

export const CORRIDOR_LABEL: Record<Corridor, MessageKey> = {
  europe: 'corridor.europe',
  russia: 'corridor.russia',
  centralAsia: 'corridor.centralAsia',
  caspian: 'corridor.caspian',
  south: 'corridor.south',
  other: 'corridor.other',
};

// Europe as a rail destination: the EU, the EFTA states, the UK, the western Balkans, Belarus,
// Ukraine and Moldova.
const EUROPE = new Set(
  (
    'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE ' +
    'CH NO IS LI GB RS BA ME MK AL XK BY UA MD'
  ).split(' '),
);
const CENTRAL_ASIA = new Set(['KZ', 'KG', 'UZ', 'TJ', 'TM', 'MN']);
const SOUTH = new Set(['IR', 'AF', 'PK', 'IQ', 'IN']);
const CAUCASUS_TURKEY = new Set(['AZ', 'GE', 'AM', 'TR']);

/** Latitude north of which a Kazakh destination counts as "northern" (Astana 51.1°N, Almaty 43.2°N). */
const NORTH_KZ_LAT = 48;

export function corridorOf(
  route: Pick<NetworkRoute, 'destinationCountry' | 'legs'>,
  destination?: Pick<NetworkLocation, 'lat'>,
): Corridor {
  const c = route.destinationCountry.toUpperCase();
  if (route.legs.some((l) => l.mode === 'ferry') || CAUCASUS_TURKEY.has(c)) return 'caspian';
  if (SOUTH.has(c)) return 'south';
  if (EUROPE.has(c)) return 'europe';
  if (c === 'RU') return 'russia';
  if (c === 'KZ' && destination && destination.lat >= NORTH_KZ_LAT) return 'russia';
  if (CENTRAL_ASIA.has(c)) return 'centralAsia';
  return 'other';
}

/** Routes counted per corridor, in legend order, leaving out corridors without routes. */
export function corridorCounts(corridors: readonly Corridor[]): Array<{ corridor: Corridor; count: number }> {
  return CORRIDORS.map((corridor) => ({
    corridor,
    count: corridors.filter((c) => c === corridor).length,
  })).filter((x) => x.count > 0);
}
