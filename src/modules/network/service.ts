/**
 * The reference network: loaded from data/network/ into the database at start (idempotent — the
 * same files leave the database untouched), and read back for the API, the dashboard and the CLI.
 * The summary's counts are computed from the stored rows, not copied from the manifest.
 */
import { createHash } from 'node:crypto';
import { apiGateways, apiLocations, apiRoutes, summarize } from '../../domain/network/network';
import type { Gateway, Location, Network, NetworkSummary, Route } from '../../domain/network/types';
import type { NetworkRepository } from './repository';

export interface SyncReport {
  readonly version: string;
  readonly changed: boolean;
}

export interface DestinationCountry {
  readonly country: string;
  readonly cities: string[];
}

/** Counts of the summary from the routes and locations as stored. */
export function countNetwork(
  routes: readonly Pick<Route, 'destination' | 'destinations'>[],
  locations: readonly Pick<Location, 'id' | 'country'>[],
) {
  const byId = new Map(locations.map((l) => [l.id, l]));
  const cities = new Set<string>();
  for (const r of routes) for (const d of r.destinations ?? [r.destination]) cities.add(d);
  const countries = new Set<string>();
  for (const c of cities) {
    const loc = byId.get(c);
    if (loc) countries.add(loc.country);
  }
  return {
    routes: routes.length,
    destinationCities: cities.size,
    destinationCountries: countries.size,
    cities,
    countries,
  };
}

export class NetworkService {
  constructor(private readonly repo: NetworkRepository) {}

  async sync(network: Network): Promise<SyncReport> {
    const checksum = createHash('sha256').update(JSON.stringify(network.files)).digest('hex');
    if ((await this.repo.currentChecksum(network.version)) === checksum)
      return { version: network.version, changed: false };
    await this.repo.replace({
      version: network.version,
      checksum,
      asOf: network.asOf,
      summary: summarize(network),
      locations: apiLocations(network),
      gateways: apiGateways(network),
      routes: apiRoutes(network),
      documents: {
        'wagon-types': network.files.wagonTypes,
        'train-limits': network.files.trainLimits,
        goods: network.files.goods,
        sources: network.files.sources,
      },
    });
    return { version: network.version, changed: true };
  }

  async summary(): Promise<NetworkSummary> {
    const [latest, routes, locations] = await Promise.all([
      this.repo.latestVersion(),
      this.repo.routes(),
      this.repo.locations(),
    ]);
    if (!latest) throw new Error('the reference network is not loaded');
    const counts = countNetwork(routes, locations);
    return {
      ...latest.summary,
      routes: counts.routes,
      destinationCities: counts.destinationCities,
      destinationCountries: counts.destinationCountries,
      locations: locations.length,
    };
  }

  locations(): Promise<Location[]> {
    return this.repo.locations();
  }

  gateways(): Promise<Gateway[]> {
    return this.repo.gateways();
  }

  routes(): Promise<Route[]> {
    return this.repo.routes();
  }

  route(id: string): Promise<Route | undefined> {
    return this.repo.route(id);
  }

  document(name: 'wagon-types' | 'train-limits' | 'goods' | 'sources'): Promise<unknown> {
    return this.repo.document(name);
  }

  /** The destination countries and regions with their cities, for the statistics and the CLI. */
  async destinationCountries(): Promise<DestinationCountry[]> {
    const [routes, locations] = await Promise.all([this.repo.routes(), this.repo.locations()]);
    const { cities } = countNetwork(routes, locations);
    const byCountry = new Map<string, string[]>();
    for (const l of locations) {
      if (!cities.has(l.id)) continue;
      byCountry.set(l.country, [...(byCountry.get(l.country) ?? []), l.id]);
    }
    return [...byCountry.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([country, c]) => ({ country, cities: c.sort() }));
  }
}
