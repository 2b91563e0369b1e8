/**
 * The live feed: one hub per server listens to every bus topic and forwards each announcement to
 * the open SSE streams that selected its topic, cut down to what each caller may see (visibility.ts).
 *
 * Tracking events carry their durable `seq` as the SSE id; a client reconnecting with
 * `Last-Event-ID` (header, or `?lastEventId=` when it builds a new EventSource) first gets what was
 * stored after that id, then the live feed, without gap or duplicate at the seam. Other topics are
 * live only. Every stream opens with `stream.open` carrying the id it starts from, so even a client
 * that saw no event yet resumes at the right place.
 */
import type { ServerResponse } from 'node:http';
import type { EventBus } from '../../platform/events/bus';
import type { SequencedEvent, StoredEvent, TrackingService } from '../tracking/service';
import { sseComment, sseMessage, sseRetry } from './sse';
import { type Audience, topicSelected, type Viewer, visiblePart } from './visibility';

export interface StreamOptions {
  /** A comment line this often keeps proxies and load balancers from closing idle streams. */
  readonly heartbeatMs?: number;
  /** At most this many stored events are replayed on reconnect; beyond, `stream.gap` says so. */
  readonly maxReplay?: number;
  /** A client this far behind (bytes not yet sent) is cut off; it reconnects with its last id. */
  readonly maxBufferedBytes?: number;
  /** What the browser waits before reconnecting after a drop. */
  readonly retryMs?: number;
  /** Further tenants of an announcement's items (the tenants a train carries: train-tenants.ts). */
  readonly audience?: (topic: string, data: unknown) => Promise<Audience | undefined>;
}

interface Client {
  readonly res: ServerResponse;
  /** Every message as an unnamed event whose data is `{topic, data}` (for EventSource with `x.*`). */
  readonly envelope: boolean;
  readonly viewer: Viewer;
  readonly topics: readonly string[];
  /** Live messages wait here while the stored events are replayed. */
  queue: Array<{ topic: string; data: unknown; audience: Audience | undefined }> | null;
  /** Tracking events up to this seq were sent by the replay: the live feed skips them. */
  replayedUpTo: number;
}

const EVENTS = 'tracking.events';
const PAGE = 500;

export class StreamHub {
  private readonly clients = new Set<Client>();
  private chain: Promise<void> = Promise.resolve();
  private stopBus: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly heartbeatMs: number;
  private readonly maxReplay: number;
  private readonly maxBuffered: number;
  private readonly retryMs: number;
  private readonly audienceOf: StreamOptions['audience'];

  constructor(
    private readonly bus: EventBus,
    private readonly tracking: TrackingService,
    options: StreamOptions = {},
  ) {
    this.audienceOf = options.audience;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.maxReplay = options.maxReplay ?? 10_000;
    this.maxBuffered = options.maxBufferedBytes ?? 1 << 20;
    this.retryMs = options.retryMs ?? 3_000;
  }

  get size(): number {
    return this.clients.size;
  }

  start(): void {
    if (this.stopBus) return;
    this.stopBus = this.bus.on('*', (data, topic) => {
      // one announcement at a time, in the order they were made
      this.chain = this.chain
        .then(() => this.dispatch(topic, data))
        .catch((err) => {
          process.stderr.write(`stream: ${topic} not forwarded: ${String(err)}\n`);
        });
    });
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) this.write(c, sseComment(`ping ${new Date().toISOString()}`));
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends every stream (server shutdown) and stops listening. */
  close(): void {
    this.stopBus?.();
    this.stopBus = undefined;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  private async dispatch(topic: string, data: unknown): Promise<void> {
    if (this.clients.size === 0) return;
    const payload = topic === EVENTS ? await this.tracking.sequenced(data as StoredEvent[]) : data;
    // only a tenant's stream needs to know who else a train concerns
    const tenants = [...this.clients].some((c) => !c.viewer.all && topicSelected(c.topics, topic));
    const audience = tenants ? await this.audienceOf?.(topic, payload) : undefined;
    for (const c of this.clients) this.deliver(c, topic, payload, audience);
  }

  private deliver(c: Client, topic: string, payload: unknown, audience?: Audience): void {
    if (!topicSelected(c.topics, topic)) return;
    if (c.queue) {
      c.queue.push({ topic, data: payload, audience });
      return;
    }
    const part = visiblePart(payload, c.viewer, audience);
    if (part === undefined) return;
    if (topic === EVENTS) {
      const events = (part as SequencedEvent[]).filter((e) => e.seq > c.replayedUpTo);
      if (events.length === 0) return;
      this.write(c, this.message(c, topic, events, Math.max(...events.map((e) => e.seq))));
    } else {
      this.write(c, this.message(c, topic, part));
    }
  }

  private message(c: Client, topic: string, data: unknown, id?: number): string {
    return c.envelope ? sseMessage('message', { topic, data }, id) : sseMessage(topic, data, id);
  }

  private write(c: Client, text: string): void {
    if (c.res.writableEnded || c.res.destroyed) {
      this.clients.delete(c);
      return;
    }
    if (c.res.writableLength > this.maxBuffered) {
      // a reader this slow would hold the server's memory: drop it, it resumes from its last id
      this.clients.delete(c);
      c.res.end();
      return;
    }
    c.res.write(text);
  }

  /**
   * Opens a stream on an HTTP response whose headers are not sent yet. `lastEventId` (a seq) asks
   * for the tracking events stored after it first.
   */
  async attach(
    res: ServerResponse,
    viewer: Viewer,
    topics: readonly string[],
    lastEventId: number | undefined,
    envelope = false,
  ): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const c: Client = { res, envelope, viewer, topics, queue: [], replayedUpTo: 0 };
    this.clients.add(c);
    res.on('close', () => this.clients.delete(c));
    res.write(sseRetry(this.retryMs));
    try {
      const wantsEvents = topicSelected(topics, EVENTS);
      const latest = await this.tracking.maxEventSeq();
      // an id from before a database reset (larger than any stored) starts afresh
      let from = lastEventId === undefined || lastEventId > latest ? latest : lastEventId;
      this.write(c, this.message(c, 'stream.open', { topics, from }, from));
      if (wantsEvents && from < latest) {
        const org = viewer.all ? undefined : viewer.organizationId;
        let sent = 0;
        for (;;) {
          const page = await this.tracking.eventsAfter(from, org, PAGE);
          if (page.length === 0) break;
          from = page[page.length - 1]!.seq;
          this.write(c, this.message(c, EVENTS, page, from));
          sent += page.length;
          if (page.length < PAGE) break;
          if (sent >= this.maxReplay) {
            const latest = await this.tracking.maxEventSeq();
            this.write(
              c,
              this.message(
                c,
                'stream.gap',
                {
                  from,
                  to: latest,
                  en: 'More events were missed than a reconnect replays: read them with GET /api/v1/events.',
                  zh: '错过的事件超过重连可补发的数量：请用 GET /api/v1/events 读取。',
                },
                latest,
              ),
            );
            from = latest;
            break;
          }
        }
      }
      c.replayedUpTo = from;
    } finally {
      const queued = c.queue ?? [];
      c.queue = null;
      for (const m of queued) this.deliver(c, m.topic, m.data, m.audience);
    }
  }
}
