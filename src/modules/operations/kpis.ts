/**
 * The KPI board: trains dispatched today / this year / in total, TEU, routes, cities and countries
 * reached, goods categories, on-time arrivals, trains at the border. Pure: `now` comes in.
 */
import { cargoOf, chinaDay, citiesOf, type Facts, hsHeading, trainTeu } from './facts';
import { phaseOf, type TrainPhase, type TrainState } from './projection';

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

export interface KpiOptions {
  /** An arrival this many hours after departure + transit days still counts as on time. */
  readonly onTimeToleranceHours: number;
}

export function onTimeOf(t: TrainState, facts: Facts, options: KpiOptions): boolean | null {
  if (!t.dispatched || !t.arrived || !t.routeId) return null;
  const r = facts.routes.get(t.routeId);
  if (!r) return null;
  const due =
    Date.parse(t.dispatched.eventTime) + (r.transitDays * 24 + options.onTimeToleranceHours) * 3_600_000;
  return Date.parse(t.arrived.eventTime) <= due;
}

export function kpis(
  trains: readonly TrainState[],
  facts: Facts,
  now: Date,
  options: KpiOptions,
  borderGateways: ReadonlySet<string>,
): Kpis {
  const day = chinaDay(now);
  const year = day.slice(0, 4);
  const d = { today: 0, year: 0, total: 0 };
  const teu = { today: 0, year: 0, total: 0 };
  const routes = new Set<string>();
  const cities = new Set<string>();
  const countries = new Set<string>();
  const headings = new Set<string>();
  let arrived = 0;
  let onTime = 0;
  const phases: Record<TrainPhase, number> = {
    forming: 0,
    running: 0,
    waiting: 0,
    transshipping: 0,
    arrived: 0,
  };
  let waitingBorder = 0;
  let transshipBorder = 0;
  for (const t of trains) {
    const phase = phaseOf(t);
    phases[phase]++;
    const stay = t.stays.at(-1);
    if (stay && !stay.left && !t.arrived && borderGateways.has(stay.gatewayId)) {
      if (phase === 'waiting') waitingBorder++;
      if (phase === 'transshipping') transshipBorder++;
    }
    if (!t.dispatched) continue;
    const dd = chinaDay(t.dispatched.eventTime);
    const { teu: x } = trainTeu(t, facts);
    d.total++;
    teu.total += x;
    if (dd.slice(0, 4) === year) {
      d.year++;
      teu.year += x;
    }
    if (dd === day) {
      d.today++;
      teu.today += x;
    }
    if (t.routeId) routes.add(t.routeId);
    for (const c of citiesOf(t, facts)) {
      cities.add(c);
      const country = facts.countryOf.get(c);
      if (country) countries.add(country);
    }
    for (const c of cargoOf(t, facts)) headings.add(hsHeading(c.hsCode));
    const ot = onTimeOf(t, facts, options);
    if (ot !== null) {
      arrived++;
      if (ot) onTime++;
    }
  }
  return {
    asOf: now.toISOString(),
    day,
    dispatched: d,
    teu,
    activeRoutes: routes.size,
    citiesReached: cities.size,
    countriesReached: countries.size,
    goodsCategories: headings.size,
    onTime: { arrived, onTime, pct: arrived > 0 ? Math.round((onTime / arrived) * 1000) / 10 : null },
    waitingAtBorder: waitingBorder,
    inTransshipment: transshipBorder,
    running: phases.running,
    forming: phases.forming,
  };
}
