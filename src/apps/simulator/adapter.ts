// Performs the twin's intents against Lugang as its clients would: tenants import their bookings
// (CSV, one request per tenant and batch), the operator generates the timetable, cancels departures
// without cargo, runs the consolidation planner and asks for load plans, and every device sends its
// items in arrays of at most 1,000 with its own id and secret — over MQTT (its own connection,
// QoS 1, its own topics) or HTTP (POST /api/v1/devices/{id}/events|readings): devices.ts.
// Only the public API is used: over TCP (fetchClient) or, for the twin inside the platform's own
// process, through Fastify's request injection (injectClient) — the same routes, schemas and
// access checks, without a socket.

import type { Gateway, Location, Route } from '../../domain/network/types';
import type { BookingRow, Intent } from './core';
import { type DeviceSender, httpDevices } from './devices';
import type { World, WorldGoodsGroup, WorldSchedule } from './world';

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface HttpClient {
  request(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options?: { token?: string; body?: unknown; contentType?: string },
  ): Promise<HttpAnswer>;
}

interface Injectable {
  inject(opts: {
    method: 'GET' | 'POST' | 'PUT';
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
  }): Promise<{ statusCode: number; body: string }>;
}

function encode(body: unknown, contentType?: string): { payload?: string; type?: string } {
  if (body === undefined) return {};
  if (typeof body === 'string') return { payload: body, type: contentType ?? 'text/plain' };
  return { payload: JSON.stringify(body), type: 'application/json' };
}

function decode(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The API through Fastify's injection (same process, same routes and checks, no socket). */
export function injectClient(app: Injectable): HttpClient {
  return {
    async request(method, path, options = {}) {
      const { payload, type } = encode(options.body, options.contentType);
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (type) headers['content-type'] = type;
      const res = await app.inject({
        method,
        url: path,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      });
      return { status: res.statusCode, body: decode(res.body) };
    },
  };
}

/** The API over HTTP (another process or machine). */
export function fetchClient(baseUrl: string): HttpClient {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async request(method, path, options = {}) {
      const { payload, type } = encode(options.body, options.contentType);
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (type) headers['content-type'] = type;
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      return { status: res.status, body: decode(await res.text()) };
    },
  };
}

/** The world as the API describes it: network routes, gateways, locations, goods, schedules. */
export async function fetchWorld(client: HttpClient, token: string): Promise<World> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await client.request('GET', path, { token });
    if (res.status !== 200)
      throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body as T;
  };
  const [routes, gateways, locations, goods, schedules, summary] = await Promise.all([
    get<{ items: Route[] }>('/api/v1/network/routes'),
    get<{ items: Gateway[] }>('/api/v1/network/gateways'),
    get<{ items: Location[] }>('/api/v1/network/locations'),
    get<{ groups: Array<Omit<WorldGoodsGroup, 'headings'> & { headings: Array<{ code: string }> }> }>(
      '/api/v1/network/goods',
    ),
    get<{ items: WorldSchedule[] }>('/api/v1/timetable/schedules'),
    get<{ origin: string }>('/api/v1/network/summary'),
  ]);
  return {
    origin: summary.origin,
    routes: routes.items,
    gateways: gateways.items,
    locations: locations.items,
    goods: goods.groups.map((g) => ({
      id: g.id,
      direction: g.direction,
      coldChain: g.coldChain === true,
      headings: g.headings.map((h) => h.code),
    })),
    schedules: schedules.items.map((s) => ({
      routeId: s.routeId,
      capacityTeu: s.capacityTeu,
      capacityKg: s.capacityKg,
      minTeu: s.minTeu,
    })),
  };
}

export interface Credentials {
  /** A planner/dispatcher of the port operator: timetable, cancellations, planners. */
  readonly operatorToken: string;
  /** Each tenant's own token (its bookings are imported under it). */
  tenantToken(org: string): string;
  /** A device's secret (registered on first use by the embedded set-up). */
  deviceSecret(deviceId: string): Promise<string>;
}

export interface AdapterStats {
  requests: number;
  failed: number;
  bookingsImported: number;
  bookingsRejected: number;
  itemsSent: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  plansRun: number;
  /** Device messages (MQTT publishes acknowledged) or device requests (HTTP) that succeeded. */
  deviceMessages: number;
  /** Failures by what was asked and the status answered, e.g. `cancel 404`. */
  failures: Record<string, number>;
}

const BOOKING_HEADER =
  'reference,containers,size_type,gross_kg,hs_code,reefer_setpoint_c,destination,ready_date,due_date,priority,customs_mode,status';

function csvRow(r: BookingRow): string {
  return [
    r.reference,
    r.containers.join(' '),
    r.sizeType,
    r.grossKg,
    r.hsCode,
    r.reeferSetpointC ?? '',
    r.destination,
    r.readyDate,
    r.dueDate,
    r.priority,
    r.customsMode,
    'confirmed',
  ].join(',');
}

export const MAX_ITEMS_PER_POST = 1000;

export interface DeviceCounts {
  readonly readings: number;
  readonly events: number;
  readonly quarantined: number;
}

export class Adapter {
  readonly stats: AdapterStats = {
    requests: 0,
    failed: 0,
    bookingsImported: 0,
    bookingsRejected: 0,
    itemsSent: 0,
    stored: 0,
    duplicates: 0,
    quarantined: 0,
    plansRun: 0,
    deviceMessages: 0,
    failures: {},
  };
  /** How devices send: HTTP through `client` (default) or MQTT (devices.ts). */
  readonly devices: DeviceSender;
  /** MQTT: a device's stored counts when the twin first sent as it (to tell what this run stored). */
  private readonly baseline = new Map<string, Promise<DeviceCounts>>();

  constructor(
    private readonly client: HttpClient,
    private readonly creds: Credentials,
    private readonly options: {
      consolidationTimeLimitMs?: number;
      loadPlanTimeLimitMs?: number;
      devices?: DeviceSender;
    } = {},
  ) {
    this.devices = options.devices ?? httpDevices(client);
  }

  /** A device's stored readings, events and quarantined items, as the API counts them. */
  async deviceCounts(deviceId: string): Promise<DeviceCounts> {
    const res = await this.client.request('GET', `/api/v1/devices/${deviceId}/quarantine?limit=1`, {
      token: this.creds.operatorToken,
    });
    const c = (res.body as { counts?: DeviceCounts } | undefined)?.counts;
    return res.status === 200 && c ? c : { readings: 0, events: 0, quarantined: 0 };
  }

  /**
   * Over MQTT the twin learns only that a message was acknowledged, not what became of each item:
   * it reads the devices' counts back through the API and books what this run stored, and takes
   * the rest of what it sent as duplicates. With an external broker the ingest runs behind the
   * broker's PUBACK, so this waits until the counts stand still. (HTTP answers per item: no-op.)
   */
  async settle(options: { quietMs?: number; limitMs?: number } = {}): Promise<void> {
    if (this.devices.kind !== 'mqtt') return;
    const quiet = options.quietMs ?? 0;
    const deadline = Date.now() + (options.limitMs ?? 120_000);
    const total = async () => {
      let stored = 0;
      let quarantined = 0;
      for (const [id, before] of this.baseline) {
        const [b, n] = await Promise.all([before, this.deviceCounts(id)]);
        stored += n.readings + n.events - b.readings - b.events;
        quarantined += n.quarantined - b.quarantined;
      }
      return { stored, quarantined };
    };
    let last = await total();
    while (quiet > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, quiet));
      const next = await total();
      if (next.stored === last.stored && next.quarantined === last.quarantined) break;
      last = next;
    }
    this.stats.stored = last.stored;
    this.stats.quarantined = last.quarantined;
    this.stats.duplicates = this.stats.itemsSent - last.stored - last.quarantined;
  }

  /**
   * Performs a batch of intents. Order matters only between kinds (the timetable before
   * cancellations, bookings before the planners); items of one device keep the twin's order.
   */
  async perform(intents: readonly Intent[]): Promise<void> {
    const timetable: Array<Extract<Intent, { kind: 'timetable' }>> = [];
    const bookings = new Map<string, BookingRow[]>();
    const cancels: string[] = [];
    const consolidations: Array<Extract<Intent, { kind: 'consolidate' }>> = [];
    const loadPlans: string[] = [];
    const device = new Map<string, Array<Record<string, unknown>>>();
    for (const i of intents) {
      switch (i.kind) {
        case 'timetable':
          timetable.push(i);
          break;
        case 'booking': {
          const list = bookings.get(i.org) ?? [];
          list.push(i.row);
          bookings.set(i.org, list);
          break;
        }
        case 'cancel':
          cancels.push(i.departureId);
          break;
        case 'consolidate':
          consolidations.push(i);
          break;
        case 'loadPlan':
          loadPlans.push(i.departureId);
          break;
        case 'device': {
          const key = `${i.device}\n${i.channel}`;
          const list = device.get(key) ?? [];
          list.push(i.item as Record<string, unknown>);
          device.set(key, list);
          break;
        }
      }
    }
    const op = this.creds.operatorToken;
    for (const t of timetable)
      await this.call('timetable', 'POST', `/api/v1/timetable/generate?from=${t.from}&days=${t.days}`, op);
    for (const [org, rows] of bookings) {
      for (let k = 0; k < rows.length; k += 500) {
        const csv = [BOOKING_HEADER, ...rows.slice(k, k + 500).map(csvRow)].join('\n');
        const res = await this.call(
          'bookings',
          'POST',
          '/api/v1/bookings/import',
          this.creds.tenantToken(org),
          csv,
          'text/csv',
        );
        const b = res?.body as { imported?: number; rejected?: unknown[] } | undefined;
        this.stats.bookingsImported += b?.imported ?? 0;
        this.stats.bookingsRejected += b?.rejected?.length ?? 0;
      }
    }
    for (const id of cancels) await this.call('cancel', 'POST', `/api/v1/departures/${id}/cancel`, op);
    for (const c of consolidations) {
      const ok = await this.call('consolidate', 'POST', '/api/v1/plans/consolidation/run', op, {
        from: c.from,
        days: c.days,
        timeLimitMs: this.options.consolidationTimeLimitMs ?? 300,
      });
      if (ok) this.stats.plansRun++;
    }
    for (const id of loadPlans) {
      const limit = this.options.loadPlanTimeLimitMs ?? 200;
      const ok = await this.call(
        'loadPlan',
        'POST',
        `/api/v1/departures/${id}/load-plan?timeLimitMs=${limit}`,
        op,
      );
      if (ok) this.stats.plansRun++;
    }
    // Devices send concurrently (each its own stream), a device's messages in order.
    await Promise.all(
      [...device].map(async ([key, items]) => {
        const [id, channel] = key.split('\n') as [string, 'events' | 'readings'];
        const secret = await this.creds.deviceSecret(id);
        if (this.devices.kind === 'mqtt' && !this.baseline.has(id))
          this.baseline.set(id, this.deviceCounts(id));
        await this.baseline.get(id);
        for (let k = 0; k < items.length; k += MAX_ITEMS_PER_POST) {
          const chunk = items.slice(k, k + MAX_ITEMS_PER_POST);
          this.stats.itemsSent += chunk.length;
          if (this.devices.kind === 'http') this.stats.requests++;
          const out = await this.devices.send(id, secret, channel, chunk);
          if (!out.ok) {
            this.stats.failed++;
            const what = out.failure ?? `device ${channel}`;
            this.stats.failures[what] = (this.stats.failures[what] ?? 0) + 1;
            continue;
          }
          this.stats.deviceMessages++;
          this.stats.stored += out.stored ?? 0;
          this.stats.duplicates += out.duplicates ?? 0;
          this.stats.quarantined += out.quarantined ?? 0;
        }
      }),
    );
  }

  private async call(
    what: string,
    method: 'POST' | 'GET',
    path: string,
    token: string,
    body?: unknown,
    contentType?: string,
  ): Promise<HttpAnswer | undefined> {
    this.stats.requests++;
    const res = await this.client.request(method, path, {
      token,
      ...(body !== undefined ? { body } : {}),
      ...(contentType ? { contentType } : {}),
    });
    if (res.status >= 200 && res.status < 300) return res;
    this.stats.failed++;
    const key = `${what} ${res.status}`;
    this.stats.failures[key] = (this.stats.failures[key] ?? 0) + 1;
    return undefined;
  }
}
