/** The only SQL of the network module: the reference network's rows and its loaded versions. */
import type { Kysely } from 'kysely';
import type { Gateway, Location, NetworkSummary, Route } from '../../domain/network/types';
import type { Db } from '../../platform/db/connect';

type Json<T> = T;

type NetworkTables = {
  network_versions: {
    version: string;
    checksum: string;
    as_of: string;
    loaded_at?: string;
    summary: Json<NetworkSummary>;
  };
  network_locations: {
    id: string;
    unlocode: string | null;
    kind: string;
    country: string;
    lat: number;
    lon: number;
    destination: boolean;
    doc: Json<Location>;
  };
  network_gateways: { id: string; border: boolean; doc: Json<Gateway> };
  network_routes: {
    id: string;
    origin: string;
    destination: string;
    destination_country: string;
    gateway: string | null;
    transit_days: number;
    doc: Json<Route>;
  };
  network_documents: { name: string; doc: unknown };
};

export interface NetworkSnapshot {
  readonly version: string;
  readonly checksum: string;
  readonly asOf: string;
  readonly summary: NetworkSummary;
  readonly locations: readonly Location[];
  readonly gateways: readonly Gateway[];
  readonly routes: readonly Route[];
  readonly documents: Readonly<Record<string, unknown>>;
}

const json = (v: unknown) => JSON.stringify(v);

export class NetworkRepository {
  private readonly db: Kysely<NetworkTables>;

  constructor(db: Db) {
    this.db = db.withTables<NetworkTables>();
  }

  async currentChecksum(version: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('network_versions')
      .select('checksum')
      .where('version', '=', version)
      .executeTakeFirst();
    return row?.checksum;
  }

  /** Replaces the reference network with this snapshot in one transaction. */
  async replace(s: NetworkSnapshot): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('network_routes').execute();
      await trx.deleteFrom('network_gateways').execute();
      await trx.deleteFrom('network_locations').execute();
      await trx.deleteFrom('network_documents').execute();
      if (s.locations.length > 0) {
        await trx
          .insertInto('network_locations')
          .values(
            s.locations.map((l) => ({
              id: l.id,
              unlocode: l.unlocode,
              kind: l.kind,
              country: l.country,
              lat: l.lat,
              lon: l.lon,
              destination: l.destination,
              doc: json(l) as unknown as Location,
            })),
          )
          .execute();
      }
      if (s.gateways.length > 0) {
        await trx
          .insertInto('network_gateways')
          .values(s.gateways.map((g) => ({ id: g.id, border: g.border, doc: json(g) as unknown as Gateway })))
          .execute();
      }
      if (s.routes.length > 0) {
        await trx
          .insertInto('network_routes')
          .values(
            s.routes.map((r) => ({
              id: r.id,
              origin: r.origin,
              destination: r.destination,
              destination_country: r.destinationCountry,
              gateway: r.gateway,
              transit_days: r.transitDays,
              doc: json(r) as unknown as Route,
            })),
          )
          .execute();
      }
      const docs = Object.entries(s.documents);
      if (docs.length > 0) {
        await trx
          .insertInto('network_documents')
          .values(docs.map(([name, doc]) => ({ name, doc: json(doc) })))
          .execute();
      }
      await trx
        .insertInto('network_versions')
        .values({
          version: s.version,
          checksum: s.checksum,
          as_of: s.asOf,
          summary: json(s.summary) as unknown as NetworkSummary,
        })
        .onConflict((oc) =>
          oc.column('version').doUpdateSet({
            checksum: s.checksum,
            as_of: s.asOf,
            summary: json(s.summary) as unknown as NetworkSummary,
          }),
        )
        .execute();
    });
  }

  async latestVersion(): Promise<{ version: string; asOf: string; summary: NetworkSummary } | undefined> {
    const row = await this.db
      .selectFrom('network_versions')
      .select(['version', 'as_of', 'summary'])
      .orderBy('loaded_at', 'desc')
      .executeTakeFirst();
    return row ? { version: row.version, asOf: row.as_of, summary: row.summary } : undefined;
  }

  async locations(): Promise<Location[]> {
    const rows = await this.db.selectFrom('network_locations').select('doc').orderBy('id').execute();
    return rows.map((r) => r.doc);
  }

  async gateways(): Promise<Gateway[]> {
    const rows = await this.db.selectFrom('network_gateways').select('doc').orderBy('id').execute();
    return rows.map((r) => r.doc);
  }

  async routes(): Promise<Route[]> {
    const rows = await this.db.selectFrom('network_routes').select('doc').orderBy('id').execute();
    return rows.map((r) => r.doc);
  }

  async route(id: string): Promise<Route | undefined> {
    const row = await this.db
      .selectFrom('network_routes')
      .select('doc')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.doc;
  }

  async document(name: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('network_documents')
      .select('doc')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.doc;
  }
}
