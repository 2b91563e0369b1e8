/**
 * Webhooks: an organization subscribes a URL to topics; everything the bus announces on those topics
 * that the organization may see (visibility.ts) is written to the delivery outbox after its commit,
 * then POSTed, signed (signature.ts), retried with exponential backoff and jitter until a 2xx or
 * `maxAttempts`, after which it is dead: listed, and replayable.
 *
 * Durable topics survive a crash between the producer's commit and the outbox write (the bus is not
 * durable): tracking events are caught up on start from each subscription's high-water mark
 * (`event_seq`); cold-chain alarms from the alarms changed since the topic's cursor, queued once per
 * milestone thanks to the marks (alarm-notices.ts). The other topics are latest-state or telemetry
 * announcements and stay live only (docs/subscriptions.md says why).
 *
 * The active subscriptions are cached in memory (they were read once per announcement): dropped on
 * subscribe and unsubscribe in this process, and re-read after `cacheTtlMs` for the other processes.
 */
import { randomBytes } from 'node:crypto';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import type { AlarmRow } from '../coldchain/repository';
import { alarmView } from '../coldchain/views';
import type { SequencedEvent, StoredEvent, TrackingService } from '../tracking/service';
import { ALARM_TOPIC, catchUpNotice, liveMarks, milestones } from './alarm-notices';
import type {
  ChangeCursor,
  DeliveryRow,
  MarkedDelivery,
  SubscriptionRepository,
  SubscriptionRow,
} from './repository';
import { backoffMs, newSecret, SIGNATURE_HEADER, sign } from './signature';
import { type Audience, parseTopics, topicSelected, type Viewer, visiblePart } from './visibility';

export interface WebhookOptions {
  readonly now?: () => Date;
  readonly random?: () => number;
  readonly maxAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly timeoutMs?: number;
  /** Organizations whose subscriptions see every tenant (the port operator). */
  readonly seesAll?: (organizationId: string) => Promise<boolean>;
  /** http:// only to loopback unless this is set (https anywhere). */
  readonly allowHttp?: boolean;
  /** Further tenants of an announcement's items (the tenants a train carries: train-tenants.ts). */
  readonly audience?: (topic: string, data: unknown) => Promise<Audience | undefined>;
  /** The cached subscriptions are re-read after this long (other processes may change them). */
  readonly cacheTtlMs?: number;
  /** The cold chain's alarms changed since a cursor (ColdChainService.alarmsChangedSince); without it no alarm catch-up. */
  readonly alarmsChangedSince?: (from: ChangeCursor, limit: number, before?: string) => Promise<AlarmRow[]>;
  /**
   * While the delivery loop runs, the catch-up also runs this often — an outbox write that failed
   * (a database blip) is found then, not only after a restart. 0: only on start.
   */
  readonly catchUpEveryMs?: number;
  /** The periodic catch-up leaves alone alarm changes younger than this (the bus is still on them). */
  readonly settleMs?: number;
}

interface ActiveSubscription {
  readonly row: SubscriptionRow;
  readonly viewer: Viewer;
}

/** The catch-up re-reads this far before its cursor: a change committed late is still found. */
export const CATCH_UP_OVERLAP_MS = 10 * 60_000;

export interface SubscriptionView {
  id: string;
  url: string;
  topics: string[];
  createdAt: string;
}

export interface DeliveryView {
  id: number;
  topic: string;
  status: DeliveryRow['status'];
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const v = (field: string, code: string, en: string, zh: string): Violation => ({
  field,
  code,
  message: { en, zh },
});

export function checkUrl(text: string, allowHttp: boolean): Violation | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return v('url', 'webhook.url', 'url: not a URL', 'url：不是有效的网址');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && (loopback || allowHttp))) return null;
  return v(
    'url',
    'webhook.url_scheme',
    'url: use https:// (plain http:// only to this machine)',
    'url：请使用 https://（http:// 仅限本机地址）',
  );
}

const view = (s: SubscriptionRow): SubscriptionView => ({
  id: s.id,
  url: s.url,
  topics: s.topics,
  createdAt: s.created_at,
});

export const deliveryView = (d: DeliveryRow): DeliveryView => ({
  id: Number(d.id),
  topic: d.topic,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at,
  lastError: d.last_error,
  createdAt: d.created_at,
  deliveredAt: d.delivered_at,
});

export class WebhookService {
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly baseBackoff: number;
  private readonly timeoutMs: number;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private active: { at: number; subs: Promise<ActiveSubscription[]> } | undefined;
  private readonly cacheTtlMs: number;
  private stopListening: (() => void) | undefined;
  /** How many times the active subscriptions were read from the database (for tests and figures). */
  reads = 0;

  constructor(
    private readonly repo: SubscriptionRepository,
    private readonly tracking: TrackingService,
    private readonly options: WebhookOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseBackoff = options.baseBackoffMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
  }

  private async viewer(organizationId: string): Promise<Viewer> {
    return { all: (await this.options.seesAll?.(organizationId)) ?? false, organizationId };
  }

  /** The active subscriptions with their viewers, from memory when fresh. */
  private subscriptions(): Promise<ActiveSubscription[]> {
    const now = Date.now();
    if (this.active && now - this.active.at < this.cacheTtlMs) return this.active.subs;
    this.reads++;
    const subs = this.repo.active().then((rows) => {
      const viewers = new Map<string, Promise<Viewer>>();
      return Promise.all(
        rows.map(async (row) => {
          if (!viewers.has(row.organization_id))
            viewers.set(row.organization_id, this.viewer(row.organization_id));
          return { row, viewer: await viewers.get(row.organization_id)! };
        }),
      );
    });
    const entry = { at: now, subs };
    this.active = entry;
    subs.catch(() => {
      if (this.active === entry) this.active = undefined;
    });
    return subs;
  }

  /** Forgets the cached subscriptions (one was added or removed). */
  invalidate(): void {
    this.active = undefined;
  }

  private async advanceEventSeq(s: SubscriptionRow, seq: number): Promise<void> {
    await this.repo.advanceEventSeq(s.id, seq);
    // the cached row follows the stored mark
    s.event_seq = Math.max(s.event_seq, seq);
  }

  // ── subscriptions ────────────────────────────────────────────────────────────────────────────

  async subscribe(
    principal: Principal,
    input: { url: string; topics: string; secret?: string | undefined },
  ): Promise<Result<SubscriptionView & { secret: string }>> {
    const bad = checkUrl(input.url, this.options.allowHttp ?? false);
    if (bad) return fail(bad);
    const topics = parseTopics(input.topics);
    if (!topics)
      return fail(
        v(
          'topics',
          'webhook.topics',
          'topics: comma-separated names like tracking.events or ops.*',
          'topics：以逗号分隔的主题名，如 tracking.events 或 ops.*',
        ),
      );
    const secret = input.secret ?? newSecret();
    if (secret.length < 16)
      return fail(v('secret', 'webhook.secret', 'secret: at least 16 characters', 'secret：至少 16 个字符'));
    const id = `wh_${randomBytes(8).toString('hex')}`;
    // a new subscription starts from now: no history is sent
    const eventSeq = await this.tracking.maxEventSeq();
    this.invalidate();
    await this.repo.insert({
      id,
      organization_id: principal.organizationId,
      url: input.url,
      topics,
      secret,
      event_seq: eventSeq,
    });
    this.invalidate();
    const row = (await this.repo.find(id))!;
    return ok({ ...view(row), secret });
  }

  async list(principal: Principal): Promise<SubscriptionView[]> {
    return (await this.repo.list(seesAllTenants(principal) ? undefined : principal.organizationId)).map(view);
  }

  private async own(principal: Principal, id: string): Promise<SubscriptionRow | null> {
    const s = await this.repo.find(id);
    if (!s || (!seesAllTenants(principal) && s.organization_id !== principal.organizationId)) return null;
    return s;
  }

  async unsubscribe(principal: Principal, id: string): Promise<boolean> {
    if (!(await this.own(principal, id))) return false;
    await this.repo.disable(id);
    this.invalidate();
    return true;
  }

  async deliveries(
    principal: Principal,
    id: string,
    status: DeliveryRow['status'] | undefined,
    limit: number,
  ) {
    if (!(await this.own(principal, id))) return null;
    return (await this.repo.deliveries(id, status, limit)).map(deliveryView);
  }

  async replay(principal: Principal, deliveryId: number): Promise<boolean> {
    const d = await this.repo.delivery(deliveryId);
    if (!d || !(await this.own(principal, d.subscription_id))) return false;
    const done = await this.repo.replay(deliveryId, this.now().toISOString());
    if (done) this.kick();
    return done;
  }

  // ── outbox ───────────────────────────────────────────────────────────────────────────────────

  /** Writes every announcement to the outbox of the subscriptions that may see it. */
  listen(bus: EventBus): () => void {
    this.stopListening?.();
    const stop = bus.on('*', (data, topic) => {
      const run = this.serial(() => this.enqueue(topic, data)).catch((err) => {
        process.stderr.write(`webhooks: ${topic} not queued: ${String(err)}\n`);
      });
      return run;
    });
    this.stopListening = stop;
    return () => {
      stop();
      if (this.stopListening === stop) this.stopListening = undefined;
    };
  }

  /** Stops writing announcements to the outbox (what a crash does; the catch-up finds them). */
  unlisten(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** One outbox writer at a time, in the order of the announcements (live and catch-up alike). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async enqueue(topic: string, data: unknown): Promise<void> {
    const subs = (await this.subscriptions()).filter((s) => topicSelected(s.row.topics, topic));
    if (subs.length === 0) return;
    const payload = topic === 'tracking.events' ? await this.tracking.sequenced(data as StoredEvent[]) : data;
    const audience = subs.some((s) => !s.viewer.all)
      ? await this.options.audience?.(topic, payload)
      : undefined;
    const marks = topic === ALARM_TOPIC ? liveMarks(payload) : null;
    const at = this.now().toISOString();
    const rows = [];
    const marked: MarkedDelivery[] = [];
    for (const { row: s, viewer } of subs) {
      const part = visiblePart(payload, viewer, audience);
      if (part === undefined) continue;
      if (topic === 'tracking.events') {
        const events = (part as SequencedEvent[]).filter((e) => e.seq > s.event_seq);
        if (events.length === 0) continue;
        await this.repo.enqueue([{ subscriptionId: s.id, topic, payload: events, at }]);
        await this.advanceEventSeq(s, Math.max(...events.map((e) => e.seq)));
        continue;
      }
      if (marks) marked.push({ subscriptionId: s.id, topic, payload: part, at, ...marks });
      else rows.push({ subscriptionId: s.id, topic, payload: part, at });
    }
    await this.repo.enqueue(rows);
    await this.repo.enqueueMarked(marked);
    this.kick();
  }

  /**
   * On start: what the outbox missed while the bus was not heard (a crash between a commit and the
   * outbox write) — tracking events after each subscription's mark, and cold-chain alarms changed
   * since the topic's cursor. Returns how many items were queued.
   */
  catchUp(options: { settledBefore?: string } = {}): Promise<number> {
    return this.serial(async () => {
      const n = await this.catchUpEvents();
      return n + (await this.catchUpAlarms(options.settledBefore));
    });
  }

  private async catchUpAlarms(before?: string): Promise<number> {
    const cursor = await this.repo.cursor(ALARM_TOPIC);
    if (!cursor) {
      // the first start that keeps a cursor: from now on (what was announced before has no marks)
      await this.repo.setCursor(ALARM_TOPIC, { at: new Date().toISOString(), id: '' });
      return 0;
    }
    const read = this.options.alarmsChangedSince;
    if (!read) return 0;
    const subs = (await this.subscriptions()).filter((s) => topicSelected(s.row.topics, ALARM_TOPIC));
    let from: ChangeCursor = {
      at: new Date(Date.parse(cursor.at) - CATCH_UP_OVERLAP_MS).toISOString(),
      id: '',
    };
    let last = cursor;
    let n = 0;
    const at = this.now().toISOString();
    for (;;) {
      const page = await read(from, 500, before);
      if (page.length === 0) break;
      const end = page[page.length - 1]!;
      from = { at: end.updated_at, id: end.id };
      if (from.at > last.at || (from.at === last.at && from.id > last.id)) last = from;
      for (const { row: s, viewer } of subs) {
        const created = Date.parse(s.created_at);
        // a subscription starts from its creation: older changes are not its history
        const mine = page.filter(
          (a) => Date.parse(a.updated_at) >= created && visiblePart(alarmView(a), viewer) !== undefined,
        );
        if (mine.length === 0) continue;
        const have = await this.repo.marked(
          s.id,
          mine.flatMap((a) => milestones(a).map((m) => m.key)),
        );
        const rows: MarkedDelivery[] = [];
        for (const a of mine) {
          const notice = catchUpNotice(a, have);
          if (!notice) continue;
          rows.push({
            subscriptionId: s.id,
            topic: ALARM_TOPIC,
            payload: { ...alarmView(a), change: notice.change },
            at,
            ...notice.marks,
          });
        }
        n += await this.repo.enqueueMarked(rows);
      }
      if (page.length < 500) break;
    }
    await this.repo.setCursor(ALARM_TOPIC, last);
    if (n > 0) this.kick();
    return n;
  }

  private async catchUpEvents(): Promise<number> {
    let n = 0;
    // every event up to here is committed: a scan that finds nothing more may move the mark to it
    const head = await this.tracking.maxEventSeq();
    for (const { row: s, viewer } of await this.subscriptions()) {
      if (!topicSelected(s.topics, 'tracking.events')) continue;
      let after = s.event_seq;
      for (;;) {
        const page = await this.tracking.eventsAfter(
          after,
          viewer.all ? undefined : viewer.organizationId,
          500,
        );
        if (page.length === 0) break;
        after = page[page.length - 1]!.seq;
        await this.repo.enqueue([
          { subscriptionId: s.id, topic: 'tracking.events', payload: page, at: this.now().toISOString() },
        ]);
        await this.advanceEventSeq(s, after);
        n += page.length;
        if (page.length < 500) break;
      }
      // nothing of it between the mark and the head: the next scan starts at the head
      if (after < head) await this.advanceEventSeq(s, head);
    }
    return n;
  }

  // ── delivery ─────────────────────────────────────────────────────────────────────────────────

  /** Starts the delivery loop (every `intervalMs`, and at once when something is queued). */
  start(intervalMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    const every = this.options.catchUpEveryMs ?? 5 * 60_000;
    if (every > 0) {
      const settle = this.options.settleMs ?? 60_000;
      this.catchUpTimer = setInterval(() => {
        const settledBefore = new Date(Date.now() - settle).toISOString();
        this.catchUp({ settledBefore }).catch((err) => {
          if (this.timer) process.stderr.write(`webhooks: catch-up failed: ${String(err)}\n`);
        });
      }, every);
      this.catchUpTimer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    this.timer = undefined;
    this.catchUpTimer = undefined;
  }

  private kick(): void {
    if (!this.timer || this.running) return;
    this.running = this.deliverDue()
      .catch(() => 0)
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Sends every due delivery once; returns how many were sent successfully. */
  async deliverDue(limit = 50): Promise<number> {
    const now = this.now();
    const due = await this.repo.due(now.toISOString(), limit);
    let okCount = 0;
    const subs = new Map<string, SubscriptionRow | undefined>();
    for (const d of due) {
      if (!subs.has(d.subscription_id)) subs.set(d.subscription_id, await this.repo.find(d.subscription_id));
      const s = subs.get(d.subscription_id);
      if (!s) {
        await this.repo.settle(Number(d.id), {
          status: 'dead',
          attempts: d.attempts,
          error: 'subscription removed',
        });
        continue;
      }
      const error = await this.post(s, d);
      const attempts = d.attempts + 1;
      if (error === null) {
        okCount++;
        await this.repo.settle(Number(d.id), {
          status: 'delivered',
          attempts,
          deliveredAt: this.now().toISOString(),
        });
      } else if (attempts >= this.maxAttempts) {
        await this.repo.settle(Number(d.id), { status: 'dead', attempts, error });
      } else {
        const next = new Date(this.now().getTime() + backoffMs(attempts, this.random(), this.baseBackoff));
        await this.repo.settle(Number(d.id), {
          status: 'pending',
          attempts,
          next: next.toISOString(),
          error,
        });
      }
    }
    return okCount;
  }

  /** One POST; null when the receiver answered 2xx, else why not. */
  private async post(s: SubscriptionRow, d: DeliveryRow): Promise<string | null> {
    const body = JSON.stringify({
      id: `${Number(d.id)}`,
      topic: d.topic,
      createdAt: d.created_at,
      data: d.payload,
    });
    const t = Math.floor(this.now().getTime() / 1000);
    try {
      const res = await fetch(s.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: sign(s.secret, body, t),
          'lugang-delivery': `${Number(d.id)}`,
          'lugang-topic': d.topic,
          'user-agent': 'Lugang-Webhooks/1',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? null : `HTTP ${res.status}`;
    } catch (err) {
      return String((err as Error).message ?? err).slice(0, 500);
    }
  }
}
