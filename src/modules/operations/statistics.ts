/**
 * The statistics of a period: trains and TEU by route, country, city and month (with the cumulative
 * count), goods by HS chapter and direction; `trainMatches` is the test a cell and its trace share.
 * Pure.
 */
import { cargoOf, chinaDay, citiesOf, type Facts, hsChapter, hsHeading, trainTeu } from './facts';
import type { TrainState } from './projection';

export interface Period {
  /** First and last China day, inclusive. */
  readonly from: string;
  readonly to: string;
}

export interface Row {
  readonly key: string;
  readonly label: { readonly en: string; readonly zh: string };
  readonly trains: number;
  readonly teu: number;
}

export interface GoodsRow {
  readonly chapter: string;
  readonly direction: 'export' | 'import' | 'transit';
  readonly bookings: number;
  readonly teu: number;
}

export interface MonthRow {
  readonly month: string;
  readonly trains: number;
  readonly teu: number;
  /** Trains dispatched from the start of the data to the end of this month. */
  readonly cumulativeTrains: number;
}

export interface Statistics {
  readonly period: Period;
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
  readonly byRoute: Row[];
  readonly byCountry: Row[];
  readonly byCity: Row[];
  readonly byMonth: MonthRow[];
  readonly goods: GoodsRow[];
}

export type Dimension = 'route' | 'country' | 'city' | 'month' | 'chapter' | 'all';

/** The dispatched trains of a period. */
export function inPeriod(trains: readonly TrainState[], p: Period): TrainState[] {
  return trains.filter((t) => {
    if (!t.dispatched) return false;
    const d = chinaDay(t.dispatched.eventTime);
    return d >= p.from && d <= p.to;
  });
}

/** Whether a dispatched train counts in a cell (dimension + key) — the trace uses the same test. */
export function trainMatches(t: TrainState, dim: Dimension, key: string, facts: Facts): boolean {
  switch (dim) {
    case 'all':
      return true;
    case 'route':
      return t.routeId === key;
    case 'city':
      return citiesOf(t, facts).includes(key);
    case 'country':
      return citiesOf(t, facts).some((c) => facts.countryOf.get(c) === key);
    case 'month':
      return t.dispatched !== null && chinaDay(t.dispatched.eventTime).slice(0, 7) === key;
    case 'chapter':
      return cargoOf(t, facts).some((c) => hsChapter(c.hsCode) === key);
  }
}

export function statistics(
  trains: readonly TrainState[],
  facts: Facts,
  period: Period,
  names: { city(id: string): { en: string; zh: string }; country(code: string): { en: string; zh: string } },
): Statistics {
  const chosen = inPeriod(trains, period);
  const cumulative = trains.filter((t) => t.dispatched && chinaDay(t.dispatched.eventTime) <= period.to);
  const add = (m: Map<string, { trains: number; teu: number }>, k: string, teu: number) => {
    const v = m.get(k) ?? { trains: 0, teu: 0 };
    v.trains++;
    v.teu += teu;
    m.set(k, v);
  };
  const route = new Map<string, { trains: number; teu: number }>();
  const country = new Map<string, { trains: number; teu: number }>();
  const city = new Map<string, { trains: number; teu: number }>();
  const goods = new Map<string, { bookings: number; teu: number }>();
  const headings = new Set<string>();
  let teu = 0;
  let assumed = 0;
  for (const t of chosen) {
    const x = trainTeu(t, facts);
    teu += x.teu;
    assumed += x.assumedBoxes;
    if (t.routeId) add(route, t.routeId, x.teu);
    const cs = citiesOf(t, facts);
    for (const c of cs) add(city, c, x.teu);
    for (const k of new Set(cs.map((c) => facts.countryOf.get(c)).filter((c): c is string => !!c)))
      add(country, k, x.teu);
    for (const c of cargoOf(t, facts)) {
      headings.add(hsHeading(c.hsCode));
      const k = `${hsChapter(c.hsCode)}|${c.direction}`;
      const v = goods.get(k) ?? { bookings: 0, teu: 0 };
      v.bookings++;
      v.teu += c.teu;
      goods.set(k, v);
    }
  }
  // months of the period, with the cumulative count
  const monthCount = new Map<string, { trains: number; teu: number }>();
  for (const t of chosen)
    add(monthCount, chinaDay(t.dispatched!.eventTime).slice(0, 7), trainTeu(t, facts).teu);
  const before = trains.filter((t) => t.dispatched && chinaDay(t.dispatched.eventTime) < period.from).length;
  const months: MonthRow[] = [];
  let running = before;
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); m = nextMonth(m)) {
    const v = monthCount.get(m) ?? { trains: 0, teu: 0 };
    running += v.trains;
    months.push({ month: m, trains: v.trains, teu: v.teu, cumulativeTrains: running });
  }
  const rows = (
    m: Map<string, { trains: number; teu: number }>,
    label: (k: string) => { en: string; zh: string },
  ) =>
    [...m.entries()]
      .map(([key, v]) => ({ key, label: label(key), ...v }))
      .sort((a, b) => b.trains - a.trains || a.key.localeCompare(b.key));
  return {
    period,
    totals: {
      trains: chosen.length,
      teu,
      cumulativeTrains: cumulative.length,
      routes: route.size,
      cities: city.size,
      countries: country.size,
      goodsCategories: headings.size,
      assumedBoxes: assumed,
    },
    byRoute: rows(route, (k) => facts.routes.get(k)?.names ?? { en: k, zh: k }),
    byCountry: rows(country, names.country),
    byCity: rows(city, names.city),
    byMonth: months,
    goods: [...goods.entries()]
      .map(([k, v]) => {
        const [chapter, direction] = k.split('|') as [string, GoodsRow['direction']];
        return { chapter, direction, ...v };
      })
      .sort((a, b) => a.chapter.localeCompare(b.chapter) || a.direction.localeCompare(b.direction)),
  };
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}
