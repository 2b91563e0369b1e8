/**
 * Tracking use cases: devices and their secrets, ingest of readings and events from HTTP and MQTT
 * (validate → quarantine the implausible → store once → answer per item; the answer, and so the
 * PUBACK or the 2xx, comes only after commit), Idempotency-Key replays, and tenant-scoped reading back.
 */
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import type { DevicePrincipal, Principal } from '../../platform/http/access';
import { seesAllTenants } from '../../platform/http/access';
import { contentHash } from './canonical';
import { deviceSecretHash, looksLikeDeviceSecret, newDeviceSecret, secretMatches } from './device-secret';
import type { TrackingEvent } from './events';
import { GroupCommit } from './group-commit';
import { type IngestOutcome, outcomeOf, prepareItems } from './ingest-items';
import { DEFAULT_LIMITS, type PlausibilityLimits } from './readings';
import type { EventQuery, IngestWrite, IngestWritten, PageKey, TrackingRepository, Via } from './repository';
import { type IngestKind, isDeviceId } from './topics';
import {
  decodeCursor,
  decodeSeqCursor,
  type EventView,
  encodeCursor,
  encodeSeqCursor,
  eventView,
  type ReadingView,
  readingView,
  type SequencedEvent,
  type StoredEvent,
  sequencedEvent,
} from './views';

export type { IngestOutcome, ItemOutcome, ItemResult } from './ingest-items';
export type { ReadingView, SequencedEvent, StoredEvent } from './views';

export interface HttpIngestAnswer {
  readonly status: number;
  readonly body: IngestOutcome;
  readonly replayed: boolean;
}

export interface TrackingOptions {
  readonly now?: () => Date;
  readonly limits?: PlausibilityLimits;
  /** Told, after each commit, of the readings and events stored by it (not of duplicates). */
  readonly bus?: EventBus;
  /**
   * Reading batches in flight at once (group commit). 1 on PGlite (one connection); 2 on PostgreSQL,
   * where Node prepares one batch while the server writes the other. Events always have one writer:
   * see group-commit.ts for why.
   */
  readonly readingWriters?: number;
}

/** A reading as the bus announces it: the API view plus its tenant. */
export type StoredReading = ReadingView & { organizationId: string };

declare module '../../platform/events/bus' {
  interface BusTopics {
    /** Readings stored by one commit (duplicates and quarantined items are not in it). */
    'tracking.readings': StoredReading[];
    /** Events stored by one commit, from devices or recorded by the platform. */
    'tracking.events': StoredEvent[];
  }
}

/** The device under which the platform records its own events (customs, transshipment). */
export const PLATFORM_DEVICE_ID = 'lugang-platform';

const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

function violation(field: string, code: string, en: string, zh: string): Violation {
  return { field, code, message: { en, zh } };
}

export class TrackingService {
  private readonly now: () => Date;
  private readonly limits: PlausibilityLimits;
  private readonly commits: GroupCommit;
  private readonly deviceCache = new Map<string, { device: DevicePrincipal | null; at: number }>();
  private lastPrune = 0;
  private readonly bus: EventBus | undefined;

  constructor(
    private readonly repo: TrackingRepository,
    options: TrackingOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.bus = options.bus;
    this.commits = new GroupCommit((w) => repo.write(w), { readingWriters: options.readingWriters ?? 1 });
  }

  /** Announces what one commit stored; called only after the commit. */
  private announce(write: IngestWrite, written: IngestWritten): void {
    const bus = this.bus;
    if (!bus) return;
    // one message may carry the same item twice: announce each stored row once
    const once = (stored: ReadonlySet<string>) => {
      const seen = new Set<string>();
      return (key: string) => {
        if (!stored.has(key) || seen.has(key)) return false;
        seen.add(key);
        return true;
      };
    };
    const newReading = once(written.storedReadings);
    const readings: StoredReading[] = [];
    for (const r of write.readings)
      if (newReading(`${r.device_id}/${r.seq}`)) {
        const { receivedAt: _, ...view } = readingView({ ...r, received_at: '' });
        readings.push({ ...view, organizationId: r.organization_id });
      }
    const newEvent = once(written.storedEvents);
    const events: StoredEvent[] = [];
    for (const e of write.events) {
      const key = `${e.device_id}/${e.event_id}`;
      const seq = written.eventSeqs?.get(key);
      if (newEvent(key))
        events.push({
          deviceId: e.device_id,
          organizationId: e.organization_id,
          eventId: e.event_id,
          eventType: e.event_type,
          eventCode: e.event_code,
          classifier: e.classifier,
          eventTime: e.event_time,
          equipment: e.equipment,
          trainReference: e.train_reference,
          location: e.location,
          retractedEventId: e.retracted_event_id,
          via: e.via,
          body: e.body as TrackingEvent,
          ...(seq === undefined ? {} : { seq }),
        });
    }
    if (readings.length > 0) bus.emit('tracking.readings', readings);
    if (events.length > 0) bus.emit('tracking.events', events);
  }

  /** Submits a write to the group commit and announces what it stored. */
  private async commit(write: IngestWrite): Promise<IngestWritten> {
    const written = await this.commits.submit(write);
    this.announce(write, written);
    return written;
  }

  /** Creates the device the platform records its own events under; idempotent, run at every start. */
  async ensurePlatformDevice(): Promise<void> {
    if (await this.repo.findDevice(PLATFORM_DEVICE_ID)) return;
    await this.repo.insertDevice({
      id: PLATFORM_DEVICE_ID,
      organization_id: 'port-operator',
      // no secret can match this hash: the platform device never signs in from outside
      secret_hash: `platform:${PLATFORM_DEVICE_ID}`,
      label: 'Lugang platform (customs, transshipment) · 平台自身记录的事件',
    });
  }

  /**
   * Records events the platform itself observed — a customs release decided by an officer, a box
   * transshipped at a gauge break — for the tenant that owns the box or train. Same vocabulary, same
   * validation, same dedup by event id as a device's events; bad items come back quarantined.
   */
  async recordPlatformEvents(organizationId: string, events: readonly unknown[]): Promise<IngestOutcome> {
    const device: DevicePrincipal = { kind: 'device', deviceId: PLATFORM_DEVICE_ID, organizationId };
    const { write, plan } = prepareItems(device, 'events', events, 'platform', this.now(), this.limits);
    const written = await this.commit(write);
    return outcomeOf('events', plan, written);
  }

  // ── devices ──────────────────────────────────────────────────────────────────────────────────

  /** Registers a device and returns its secret — shown this once, stored only as a hash. */
  async addDevice(input: {
    id: string;
    organizationId?: string;
    label?: string;
  }): Promise<Result<{ id: string; secret: string; organizationId: string }>> {
    const id = input.id.trim();
    if (!isDeviceId(id))
      return fail(
        violation(
          'id',
          'device.id',
          'a device id has 2–64 characters: letters, digits, . _ - (it is also the MQTT username)',
          '设备编号须为 2–64 个字符：字母、数字、. _ -（同时作为 MQTT 用户名）',
        ),
      );
    if (await this.repo.findDevice(id))
      return fail(violation('id', 'device.exists', `device ${id} already exists`, `设备 ${id} 已存在`));
    const organizationId = input.organizationId ?? 'port-operator';
    const secret = newDeviceSecret();
    try {
      await this.repo.insertDevice({
        id,
        organization_id: organizationId,
        secret_hash: deviceSecretHash(secret),
        label: input.label ?? id,
      });
    } catch (err) {
      if (/foreign key|violates/i.test(String(err)))
        return fail(
          violation(
            'organization',
            'device.organization_unknown',
            `unknown organization ${organizationId}`,
            `未知组织 ${organizationId}`,
          ),
        );
      throw err;
    }
    return ok({ id, secret, organizationId });
  }

  /** The device of an HTTP bearer secret, or null. */
  async authenticateDevice(secret: string): Promise<DevicePrincipal | null> {
    if (!looksLikeDeviceSecret(secret)) return null;
    const row = await this.repo.findDeviceBySecretHash(deviceSecretHash(secret));
    return row ? { kind: 'device', deviceId: row.id, organizationId: row.organization_id } : null;
  }

  /** MQTT CONNECT: username = device id, password = device secret. */
  async verifyDevice(deviceId: string, secret: string): Promise<DevicePrincipal | null> {
    if (!isDeviceId(deviceId) || !looksLikeDeviceSecret(secret)) return null;
    const row = await this.repo.findDevice(deviceId);
    if (!row || row.disabled_at || !secretMatches(secret, row.secret_hash)) return null;
    return { kind: 'device', deviceId: row.id, organizationId: row.organization_id };
  }

  /**
   * A device by id (for messages arriving through an external broker, which authenticated it);
   * cached for a minute, so disabling a device takes up to a minute to reach this path.
   */
  async deviceById(deviceId: string): Promise<DevicePrincipal | null> {
    const cached = this.deviceCache.get(deviceId);
    const t = Date.now();
    if (cached && t - cached.at < 60_000) return cached.device;
    const row = isDeviceId(deviceId) ? await this.repo.findDevice(deviceId) : undefined;
    const device: DevicePrincipal | null =
      row && !row.disabled_at
        ? { kind: 'device', deviceId: row.id, organizationId: row.organization_id }
        : null;
    // only found devices are cached: one registered a moment ago must not be refused for a minute
    if (device) this.deviceCache.set(deviceId, { device, at: t });
    return device;
  }

  // ── ingest ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Ingests already-decoded items (one object or an array) of an authenticated device. Resolves after
   * the commit that holds them; rejects only when the database fails — then nothing was acknowledged.
   */
  async ingest(
    device: DevicePrincipal,
    kind: IngestKind,
    payload: unknown,
    via: Via,
  ): Promise<IngestOutcome> {
    const items = Array.isArray(payload) ? payload : [payload];
    const { write, plan } = prepareItems(device, kind, items, via, this.now(), this.limits);
    const written = await this.commit(write);
    return outcomeOf(kind, plan, written);
  }

  /** An MQTT message body: JSON text; anything unreadable goes to quarantine (never blocks the stream). */
  ingestMessage(device: DevicePrincipal, kind: IngestKind, payload: Buffer | string): Promise<IngestOutcome> {
    let decoded: unknown;
    try {
      decoded = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
    } catch {
      const reason = violation(
        '',
        kind === 'readings' ? 'reading.not_json' : 'event.not_json',
        'the message is not JSON',
        '消息不是 JSON',
      );
      return this.commit({
        readings: [],
        events: [],
        quarantine: [
          {
            device_id: device.deviceId,
            kind,
            item_key: null,
            reason_code: reason.code,
            reason,
            payload: String(payload).slice(0, 10_000),
            via: 'mqtt',
          },
        ],
      }).then(() => ({
        stored: 0,
        duplicates: 0,
        quarantined: 1,
        results: [{ key: null, outcome: 'quarantined', reason }],
      }));
    }
    if (Array.isArray(decoded) && (decoded.length === 0 || decoded.length > 1000)) decoded = [decoded];
    return this.ingest(device, kind, decoded, 'mqtt');
  }

  /** A message of an unregistered device (external broker): kept in quarantine, never stored. */
  async quarantineUnknownDevice(deviceId: string, kind: IngestKind, payload: Buffer): Promise<void> {
    const reason = violation(
      'deviceId',
      'device.unknown',
      `no registered device ${deviceId}: register it with lugang device add`,
      `未注册的设备 ${deviceId}：请用 lugang device add 注册`,
    );
    await this.commits.submit({
      readings: [],
      events: [],
      quarantine: [
        {
          device_id: deviceId.slice(0, 100),
          kind,
          item_key: null,
          reason_code: reason.code,
          reason,
          payload: payload.toString('utf8').slice(0, 10_000),
          via: 'mqtt',
        },
      ],
    });
  }

  /**
   * HTTP ingest with Stripe's Idempotency-Key semantics: the first request with a key is processed
   * and its answer stored in the same transaction; the same key with the same body replays that
   * answer; the same key with another body is a 422.
   */
  async ingestHttp(
    device: DevicePrincipal,
    kind: IngestKind,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<Result<HttpIngestAnswer>> {
    if (idempotencyKey === undefined) {
      return ok({ status: 200, body: await this.ingest(device, kind, body, 'http'), replayed: false });
    }
    await this.pruneKeys();
    const endpoint = `POST ${kind}`;
    const claim = {
      deviceId: device.deviceId,
      key: idempotencyKey,
      endpoint,
      requestHash: contentHash(body),
    };
    // an event write in its own transaction still goes through the single events writer (seq order)
    const alone = <T>(task: () => Promise<T>) => (kind === 'events' ? this.commits.solo(task) : task());
    const res = await alone(() =>
      this.repo.withIdempotencyKey(claim, async (write) => {
        const items = Array.isArray(body) ? body : [body];
        const { write: w, plan } = prepareItems(device, kind, items, 'http', this.now(), this.limits);
        const written = await write(w);
        return {
          status: 200,
          body: outcomeOf(kind, plan, written),
          announce: () => this.announce(w, written),
        };
      }),
    );
    if ('fresh' in res) {
      const { announce, ...answer } = res.fresh;
      announce(); // the idempotency transaction has committed by now
      return ok({ ...answer, replayed: false });
    }
    const row = res.replay;
    if (row.request_hash !== claim.requestHash || row.endpoint !== endpoint)
      return fail(
        violation(
          'Idempotency-Key',
          'idempotency.mismatch',
          'this Idempotency-Key was first used with another request; keys can only be reused with the same body and endpoint',
          '该 Idempotency-Key 已用于另一请求；同一键只能以相同的请求体和接口重复使用',
        ),
      );
    if (row.status === null)
      return fail(
        violation(
          'Idempotency-Key',
          'idempotency.in_progress',
          'a request with this Idempotency-Key is still being processed',
          '使用该 Idempotency-Key 的请求仍在处理中',
        ),
      );
    return ok({ status: row.status, body: row.response as IngestOutcome, replayed: true });
  }

  private async pruneKeys(): Promise<void> {
    const t = this.now().getTime();
    if (t - this.lastPrune < 3600_000) return;
    this.lastPrune = t;
    await this.repo.pruneIdempotencyKeys(new Date(t - IDEMPOTENCY_TTL_MS).toISOString());
  }

  // ── reading back ─────────────────────────────────────────────────────────────────────────────

  /** The device if the caller may see it (same organization, or a role that sees all tenants). */
  async visibleDevice(principal: Principal, deviceId: string): Promise<DevicePrincipal | null> {
    const row = await this.repo.findDevice(deviceId);
    if (!row) return null;
    if (!seesAllTenants(principal) && row.organization_id !== principal.organizationId) return null;
    return { kind: 'device', deviceId: row.id, organizationId: row.organization_id };
  }

  async listReadings(
    principal: Principal,
    q: { deviceId?: string; equipment?: string; from?: string; to?: string; cursor?: string; limit: number },
  ): Promise<Result<{ items: ReadingView[]; nextCursor: string | null }>> {
    let after: PageKey | undefined;
    if (q.cursor !== undefined) {
      const k = decodeCursor(q.cursor);
      if (!k) return fail(violation('cursor', 'page.cursor', 'the cursor is not valid', '分页游标无效'));
      after = k;
    }
    const rows = await this.repo.listReadings({
      ...(q.deviceId ? { deviceId: q.deviceId } : {}),
      ...(q.equipment ? { equipment: q.equipment } : {}),
      ...(seesAllTenants(principal) ? {} : { organizationId: principal.organizationId }),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(after ? { after } : {}),
      limit: q.limit + 1,
    });
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return ok({
      items: page.map(readingView),
      nextCursor:
        more && last ? encodeCursor({ time: last.time, deviceId: last.device_id, seq: last.seq }) : null,
    });
  }

  async latest(principal: Principal, equipment: string): Promise<ReadingView | null> {
    const row = await this.repo.latest(
      equipment,
      seesAllTenants(principal) ? undefined : principal.organizationId,
    );
    return row ? readingView(row) : null;
  }

  async deviceSummary(deviceId: string) {
    return this.repo.counts(deviceId);
  }

  listQuarantine(deviceId: string, limit = 100) {
    return this.repo.listQuarantine(deviceId, limit);
  }

  listEvents(deviceId: string) {
    return this.repo.listEvents(deviceId);
  }

  // ── events in their durable order ─────────────────────────────────────────────────────────────

  /** The bus's events with their `seq` (looked up once per commit); ones not found are left out. */
  async sequenced(events: readonly StoredEvent[]): Promise<SequencedEvent[]> {
    if (events.length === 0) return [];
    // the write returns each event's seq: the live feed needs no query per announcement
    if (events.every((e) => e.seq !== undefined))
      return (events as SequencedEvent[]).slice().sort((a, b) => a.seq - b.seq);
    const seqs = await this.repo.eventSeqs(events.map((e) => ({ deviceId: e.deviceId, eventId: e.eventId })));
    const out: SequencedEvent[] = [];
    for (const e of events) {
      const seq = seqs.get(`${e.deviceId}/${e.eventId}`);
      if (seq !== undefined) out.push({ ...e, seq });
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** Events stored after `afterSeq`, in `seq` order, of one tenant (or all when undefined). */
  async eventsAfter(
    afterSeq: number,
    organizationId: string | undefined,
    limit: number,
  ): Promise<SequencedEvent[]> {
    const rows = await this.repo.queryEvents({
      afterSeq,
      limit,
      ...(organizationId ? { organizationId } : {}),
    });
    return rows.map(sequencedEvent);
  }

  /** The highest event `seq` stored (0 when none): where a new feed without history starts. */
  maxEventSeq(): Promise<number> {
    return this.repo.maxEventSeq();
  }

  /** Stored events of these codes about these boxes, received at or after `receivedFrom` (customs). */
  eventsOfBoxes(q: { codes: readonly string[]; equipment: readonly string[]; receivedFrom: string }) {
    return this.repo.eventsOfBoxes(q);
  }

  /**
   * DCSA-style event query (`GET /api/v1/events`): tenant-scoped, in stored order (`seq`), one page
   * at a time. Retracted events and the retractions themselves are left out unless
   * `retracted: 'include'`, which keeps them and marks the retracted ones.
   */
  async queryEvents(
    principal: Principal,
    q: Omit<EventQuery, 'organizationId' | 'afterSeq' | 'limit'> & {
      cursor?: string;
      limit: number;
      retracted?: 'exclude' | 'include';
    },
  ): Promise<Result<{ items: EventView[]; nextCursor: string | null }>> {
    let afterSeq: number | undefined;
    if (q.cursor !== undefined) {
      const n = decodeSeqCursor(q.cursor);
      if (n === null)
        return fail(violation('cursor', 'page.cursor', 'the cursor is not valid', '分页游标无效'));
      afterSeq = n;
    }
    const { cursor: _c, retracted = 'exclude', limit, ...filters } = q;
    const rows = await this.repo.queryEvents({
      ...filters,
      ...(seesAllTenants(principal) ? {} : { organizationId: principal.organizationId }),
      ...(afterSeq === undefined ? {} : { afterSeq }),
      limit: limit + 1,
    });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const gone = await this.repo.retractedAmong(
      page.map((r) => ({ deviceId: r.device_id, eventId: r.event_id })),
    );
    const items: EventView[] = [];
    for (const r of page) {
      const isRetracted = gone.has(`${r.device_id}/${r.event_id}`);
      if (retracted === 'exclude' && (isRetracted || r.retracted_event_id)) continue;
      items.push(eventView(r, retracted === 'include' ? isRetracted : undefined));
    }
    const last = page[page.length - 1];
    return ok({ items, nextCursor: more && last ? encodeSeqCursor(Number(last.seq)) : null });
  }
}
