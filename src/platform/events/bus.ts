/**
 * The in-process event bus: modules announce what they have committed (a stored tracking event, a
 * reading, an alarm, a released declaration …) and other modules, the SSE stream and the webhooks
 * react. Emit only after commit — a listener may rely on the row being there.
 *
 * Topics are declared by the module that publishes them, by declaration merging:
 *
 *   declare module '../../platform/events/bus' {
 *     interface BusTopics { 'coldchain.alarm': AlarmView }
 *   }
 *
 * The bus is not durable: whatever must survive a crash (webhook deliveries, customs reactions) reads
 * its source table again on start; the bus only makes it immediate.
 */

// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules through declaration merging
export interface BusTopics {}

export type Topic = keyof BusTopics & string;

type Handler<T extends Topic> = (data: BusTopics[T], topic: T) => void | Promise<void>;
type AnyHandler = (data: unknown, topic: Topic) => void | Promise<void>;

export interface BusOptions {
  /** Where a failing listener is reported; the emitter never sees the failure. */
  readonly onError?: (err: unknown, topic: string) => void;
}

export class EventBus {
  private readonly handlers = new Map<string, Set<AnyHandler>>();
  private readonly onError: (err: unknown, topic: string) => void;
  /** Listener promises not yet settled — what `settled()` waits for before the database closes. */
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(options: BusOptions = {}) {
    this.onError =
      options.onError ??
      ((err, topic) => process.stderr.write(`event bus: a listener of ${topic} failed: ${String(err)}\n`));
  }

  /** Listens to one topic, or to every topic with '*'. Returns the function that stops listening. */
  on<T extends Topic>(topic: T, handler: Handler<T>): () => void;
  on(topic: '*', handler: AnyHandler): () => void;
  on(topic: string, handler: AnyHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /**
   * Calls every listener of the topic (and of '*') now; failures and rejections go to onError. After
   * `close()` nothing is delivered any more (the listeners would query a database being closed).
   */
  emit<T extends Topic>(topic: T, data: BusTopics[T]): void {
    if (this.closed) return;
    for (const key of [topic, '*']) {
      const set = this.handlers.get(key);
      if (!set) continue;
      for (const handler of [...set]) {
        try {
          const r = handler(data, topic);
          if (r && typeof (r as Promise<void>).then === 'function') {
            const p: Promise<void> = (r as Promise<void>).then(
              () => undefined,
              (err: unknown) => this.onError(err, topic),
            );
            this.inFlight.add(p);
            void p.finally(() => this.inFlight.delete(p));
          }
        } catch (err) {
          this.onError(err, topic);
        }
      }
    }
  }

  /** Stops delivering: later `emit`s are dropped (the catch-up on the next start reads the tables). */
  close(): void {
    this.closed = true;
  }

  /** Resolves once every listener promise started so far (and those they start) has settled. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  listenerCount(topic: Topic | '*'): number {
    return this.handlers.get(topic)?.size ?? 0;
  }
}
