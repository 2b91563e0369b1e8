/**
 * Webhooks: an organization subscribes a URL to topics; everything the bus announces on those topics
 * that the organization may see (visibility.ts) is written to the delivery outbox after its commit,
 * then POSTed, signed (signature.ts), retried with exponential backoff and jitter until a 2xx or
 * `maxAttempts`, after which it is dead: listed, and replayable. Tracking events are also caught up
 * on start from the subscription's high-water mark (`event_seq`), so a crash between the commit and
 * the outbox write loses none; other topics are live only (the bus is not durable).
 */
import { randomBytes } from 'node:crypto';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import type { SequencedEvent, StoredEvent, TrackingService } from '../tracking/service';
import type { DeliveryRow, SubscriptionRepository, SubscriptionRow } from './repository';
import { backoffMs, newSecret, SIGNATURE_HEADER, sign } from './signature';
import { parseTopics, topicSelected, type Viewer, visiblePart } from './visibility';

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
}

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
  private running: Promise<number> | undefined;

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
  }

  private async viewer(organizationId: string): Promise<Viewer> {
    return { all: (await this.options.seesAll?.(organizationId)) ?? false, organizationId };
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
    await this.repo.insert({
      id,
      organization_id: principal.organizationId,
      url: input.url,
      topics,
      secret,
      event_seq: eventSeq,
    });
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
    return bus.on('*', (data, topic) => {
      this.chain = this.chain
        .then(() => this.enqueue(topic, data))
        .catch((err) => {
          process.stderr.write(`webhooks: ${topic} not queued: ${String(err)}\n`);
        });
      return this.chain;
    });
  }

  async enqueue(topic: string, data: unknown): Promise<void> {
    const subs = (await this.repo.active()).filter((s) => topicSelected(s.topics, topic));
    if (subs.length === 0) return;
    const payload = topic === 'tracking.events' ? await this.tracking.sequenced(data as StoredEvent[]) : data;
    const at = this.now().toISOString();
    const rows = [];
    for (const s of subs) {
      const part = visiblePart(payload, await this.viewer(s.organization_id));
      if (part === undefined) continue;
      if (topic === 'tracking.events') {
        const events = (part as SequencedEvent[]).filter((e) => e.seq > s.event_seq);
        if (events.length === 0) continue;
        rows.push({ subscriptionId: s.id, topic, payload: events, at });
        await this.repo.enqueue([rows.pop()!]);
        await this.repo.advanceEventSeq(s.id, Math.max(...events.map((e) => e.seq)));
        continue;
      }
      rows.push({ subscriptionId: s.id, topic, payload: part, at });
    }
    await this.repo.enqueue(rows);
    this.kick();
  }

  /** On start: tracking events stored after each subscription's mark (a crash before the outbox write). */
  async catchUp(): Promise<number> {
    let n = 0;
    for (const s of await this.repo.active()) {
      if (!topicSelected(s.topics, 'tracking.events')) continue;
      const viewer = await this.viewer(s.organization_id);
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
        await this.repo.advanceEventSeq(s.id, after);
        n += page.length;
        if (page.length < 500) break;
      }
    }
    return n;
  }

  // ── delivery ─────────────────────────────────────────────────────────────────────────────────

  /** Starts the delivery loop (every `intervalMs`, and at once when something is queued). */
  start(intervalMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
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
