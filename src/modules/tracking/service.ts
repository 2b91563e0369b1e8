/**
 * Tracking use cases: devices and their secrets, ingest of readings and events from HTTP and MQTT
 * (validate → quarantine the implausible → store once → answer per item; the answer, and so the
 * PUBACK or the 2xx, comes only after commit), Idempotency-Key replays, and tenant-scoped reading back.
 */
import type { z } from 'zod';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import type { DevicePrincipal, Principal } from '../../platform/http/access';
import { seesAllTenants } from '../../platform/http/access';
import { contentHash } from './canonical';
import { deviceSecretHash, looksLikeDeviceSecret, newDeviceSecret, secretMatches } from './device-secret';
import {
  equipmentOf,
  eventCode,
  eventQuarantineReason,
  fastEvent,
  normalizeEvent,
  type TrackingEvent,
  trackingEventSchema,
} from './events';
import { GroupCommit } from './group-commit';
import {
  DEFAULT_LIMITS,
  fastReading,
  normalizeReading,
  type PlausibilityLimits,
  quarantineReason,
  readingSchema,
} from './readings';
import type {
  EventQuery,
  EventVia,
  IngestWrite,
  IngestWritten,
  NewEvent,
  NewQuarantine,
  NewReading,
  PageKey,
  TrackingRepository,
  Via,
} from './repository';
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

export type { ReadingView, SequencedEvent, StoredEvent } from './views';

export type ItemOutcome = 'stored' | 'duplicate' | 'quarantined';

export interface ItemResult {
  /** The reading's `seq` (as text) or the event's `eventId`; null when unreadable. */
  readonly key: string | null;
  readonly outcome: ItemOutcome;
  readonly reason?: Violation;
}

export interface IngestOutcome {
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly results: ItemResult[];
}

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

/** The first zod issue of an item as a bilingual reason (MQTT has no 400 to carry it). */
function invalidReason(kind: IngestKind, error: z.ZodError): Violation {
  const issue = error.issues[0];
  const field = issue ? issue.path.join('.') : '';
  const what = issue?.message ?? 'invalid';
  const code = kind === 'readings' ? 'reading.invalid' : 'event.invalid';
  return violation(field, code, `${field || 'payload'}: ${what}`, `${field || '载荷'}：格式无效（${what}）`);
}

/** One item of a message: its key, and either its quarantine reason or the key of its row. */
interface PlanItem {
  readonly key: string | null;
  readonly reason: Violation | undefined;
  readonly rowKey?: string;
}

/** Puts an item that cannot be stored in quarantine, with its reason. */
function quarantineItem(
  quarantine: NewQuarantine[],
  plan: PlanItem[],
  device: DevicePrincipal,
  kind: IngestKind,
  via: EventVia,
  raw: unknown,
  reason: Violation,
): void {
  const key = keyOf(kind, raw);
  quarantine.push({
    device_id: device.deviceId,
    kind,
    item_key: key,
    reason_code: reason.code,
    reason,
    payload: (JSON.stringify(raw) ?? 'null').slice(0, 10_000),
    via,
  });
  plan.push({ key, reason });
}

function keyOf(kind: IngestKind, raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const v = kind === 'readings' ? (raw as { seq?: unknown }).seq : (raw as { eventId?: unknown }).eventId;
  if (kind === 'readings') return Number.isSafeInteger(v) && (v as number) >= 0 ? String(v) : null;
  return typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : null;
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
    const { write, plan } = this.prepare(device, 'events', events, 'platform');
    const written = await this.commit(write);
    return this.outcome('events', plan, written);
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
   * Prepares one message's items: each well-formed, plausible item becomes a row; every other one a
   * quarantine row with its reason. Nothing here throws on bad input. Hot path (one call per MQTT
   * message): no closures, readings and common events in the stored form skip zod (`fastReading`, `fastEvent`: same result).
   */
  private prepare(
    device: DevicePrincipal,
    kind: IngestKind,
    items: readonly unknown[],
    via: EventVia,
  ): { write: IngestWrite; plan: PlanItem[] } {
    const now = this.now();
    const readings: NewReading[] = [];
    const events: NewEvent[] = [];
    const quarantine: NewQuarantine[] = [];
    const plan: PlanItem[] = [];
    for (const raw of items) {
      if (kind === 'readings') {
        let r = fastReading(raw);
        if (r === undefined) {
          const parsed = readingSchema.safeParse(raw);
          if (!parsed.success) {
            quarantineItem(quarantine, plan, device, kind, via, raw, invalidReason(kind, parsed.error));
            continue;
          }
          r = normalizeReading(parsed.data);
        }
        const reason = quarantineReason(r, now, this.limits);
        if (reason) {
          quarantineItem(quarantine, plan, device, kind, via, raw, reason);
          continue;
        }
        readings.push({
          device_id: device.deviceId,
          seq: r.seq,
          time: r.time,
          organization_id: device.organizationId,
          equipment: r.equipment ?? null,
          temperature_c: r.temperatureC ?? null,
          setpoint_c: r.setpointC ?? null,
          humidity_pct: r.humidityPct ?? null,
          lat: r.lat ?? null,
          lon: r.lon ?? null,
          via: via === 'platform' ? 'http' : via, // unreachable: the platform records events only
        });
        const key = String(r.seq);
        plan.push({ key, reason: undefined, rowKey: `${device.deviceId}/${key}` });
      } else {
        let e = fastEvent(raw);
        if (e === undefined) {
          const parsed = trackingEventSchema.safeParse(raw);
          if (!parsed.success) {
            quarantineItem(quarantine, plan, device, kind, via, raw, invalidReason(kind, parsed.error));
            continue;
          }
          e = normalizeEvent(parsed.data);
        }
        const reason = eventQuarantineReason(e, now, this.limits);
        if (reason) {
          quarantineItem(quarantine, plan, device, kind, via, raw, reason);
          continue;
        }
        events.push({
          device_id: device.deviceId,
          event_id: e.eventId,
          organization_id: device.organizationId,
          event_type: e.eventType,
          event_code: eventCode(e),
          classifier: e.eventClassifierCode,
          event_time: e.eventDateTime,
          equipment: equipmentOf(e),
          train_reference: e.trainReference ?? null,
          location: e.location ?? null,
          retracted_event_id: e.retractedEventId ?? null,
          body: e,
          via,
        });
        plan.push({ key: e.eventId, reason: undefined, rowKey: `${device.deviceId}/${e.eventId}` });
      }
    }
    return { write: { readings, events, quarantine }, plan };
  }

  private outcome(kind: IngestKind, plan: readonly PlanItem[], written: IngestWritten): IngestOutcome {
    const stored = kind === 'readings' ? written.storedReadings : written.storedEvents;
    // the same item twice in one message: the first is `stored`, the next `duplicate`
    const seen = plan.length > 1 ? new Set<string>() : undefined;
    let nStored = 0;
    let nDuplicates = 0;
    let nQuarantined = 0;
    const results: ItemResult[] = new Array(plan.length);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i]!;
      if (p.reason) {
        nQuarantined++;
        results[i] = { key: p.key, outcome: 'quarantined', reason: p.reason };
        continue;
      }
      const k = p.rowKey!;
      const first = stored.has(k) && !seen?.has(k);
      seen?.add(k);
      if (first) nStored++;
      else nDuplicates++;
      results[i] = { key: p.key, outcome: first ? 'stored' : 'duplicate' };
    }
    return { stored: nStored, duplicates: nDuplicates, quarantined: nQuarantined, results };
  }

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
    const { write, plan } = this.prepare(device, kind, items, via);
    const written = await this.commit(write);
    return this.outcome(kind, plan, written);
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
        const { write: w, plan } = this.prepare(device, kind, items, 'http');
        const written = await write(w);
        return {
          status: 200,
          body: this.outcome(kind, plan, written),
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
