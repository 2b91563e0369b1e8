/**
 * What the crash harness's devices send and what they were told: the witness file of every
 * acknowledgement, and the HTTP and MQTT loads that resend what was not acknowledged, as devices do.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { computeCheckDigit } from '../../src/domain/codes/iso6346';
import { sleep } from './server';

// ── what the devices send ─────────────────────────────────────────────────────────────────────────

export type Kind = 'readings' | 'events';

export interface Item {
  readonly kind: Kind;
  readonly key: string; // `r/{device}/{seq}` or `e/{device}/{eventId}`
  readonly body: Record<string, unknown>;
  /** Device time, compared with what is stored. */
  readonly time: string;
}

export class Witness {
  readonly acked = new Map<string, Item>();
  acks = 0;
  private buffer: string[] = [];

  constructor(readonly path: string) {
    writeFileSync(path, '');
  }

  ack(item: Item, via: 'http' | 'mqtt', cycle: number, outcome: string): void {
    this.acks++;
    this.acked.set(item.key, item);
    this.buffer.push(JSON.stringify({ key: item.key, via, cycle, outcome, time: item.time }));
    if (this.buffer.length >= 200) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    appendFileSync(this.path, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }
}

export class DeviceLoad {
  private seq = 0;
  private eventNo = 0;
  readonly sent = new Map<string, Item>();
  private readonly boxes: string[];

  constructor(
    readonly id: string,
    readonly secret: string,
    private readonly random: () => number,
    private readonly base: number,
  ) {
    const tag = id.length % 10; // boxes differ a little between devices, and overlap
    this.boxes = Array.from({ length: 20 }, (_, i) => {
      const first10 = `LGCU${tag}${String(i).padStart(5, '0')}`;
      return first10 + computeCheckDigit(first10);
    });
  }

  private time(): string {
    // within two days before `base` (the run's start): never future-dated, never too old
    return new Date(this.base - Math.floor(this.random() * 2 * 86_400_000)).toISOString();
  }

  next(kind: Kind): Item {
    const time = this.time();
    const box = this.boxes[Math.floor(this.random() * this.boxes.length)]!;
    let item: Item;
    if (kind === 'readings') {
      const seq = this.seq++;
      item = {
        kind,
        key: `r/${this.id}/${seq}`,
        body: { seq, time, equipment: box, temperatureC: Math.round(this.random() * 80) / 10 - 2 },
        time,
      };
    } else {
      const eventId = `${this.id}-${this.eventNo++}`;
      item = {
        kind,
        key: `e/${this.id}/${eventId}`,
        body: {
          eventId,
          eventType: 'EQUIPMENT',
          equipmentEventTypeCode: this.random() < 0.5 ? 'LOAD' : 'DISC',
          eventClassifierCode: 'ACT',
          eventDateTime: time,
          equipmentReference: box,
          location: 'CNURC',
        },
        time,
      };
    }
    this.sent.set(item.key, item);
    return item;
  }

  /** One of the items already acknowledged, of this kind, to send again. */
  again(kind: Kind, witness: Witness): Item | undefined {
    const n = kind === 'readings' ? this.seq : this.eventNo;
    if (n === 0) return undefined;
    const i = Math.floor(this.random() * n);
    const key = kind === 'readings' ? `r/${this.id}/${i}` : `e/${this.id}/${this.id}-${i}`;
    return witness.acked.get(key);
  }
}

export interface HttpRequest {
  readonly kind: Kind;
  readonly items: Item[];
  readonly idempotencyKey?: string;
}

/** Devices posting over HTTP: a few concurrent workers; a failed request is resent as it was. */
export class HttpLoad {
  requests = 0;
  failed = 0;
  ackedItems = 0;
  private retry: HttpRequest[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  url = '';
  cycle = 0;

  constructor(
    private readonly device: DeviceLoad,
    private readonly witness: Witness,
    private readonly random: () => number,
  ) {}

  start(concurrency: number): void {
    this.running = true;
    this.workers = Array.from({ length: concurrency }, () => this.work(false));
  }

  /** Stops making new requests and resends every unacknowledged one until the server answers. */
  async drain(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    await Promise.all([this.work(true), this.work(true)]);
  }

  get pending(): number {
    return this.retry.length;
  }

  private newRequest(): HttpRequest {
    const kind: Kind = this.random() < 0.7 ? 'readings' : 'events';
    const n = 1 + Math.floor(this.random() * 20);
    const items = Array.from({ length: n }, () => this.device.next(kind));
    if (this.random() < 0.3) {
      const again = this.device.again(kind, this.witness);
      if (again) items.splice(Math.floor(this.random() * items.length), 0, again);
    }
    if (this.random() < 0.1) items.push(items[0]!); // the same item twice in one request
    return this.random() < 0.3 ? { kind, items, idempotencyKey: randomUUID() } : { kind, items };
  }

  private async work(draining: boolean): Promise<void> {
    let deadline = Date.now() + 120_000;
    while (draining ? this.retry.length > 0 : this.running) {
      if (draining && Date.now() > deadline) throw new Error('HTTP resends got no answer for 120 s');
      const req = this.retry.shift() ?? (draining ? undefined : this.newRequest());
      if (!req) break;
      this.requests++;
      try {
        const res = await fetch(`${this.url}/api/v1/devices/${this.device.id}/${req.kind}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.device.secret}`,
            'content-type': 'application/json',
            ...(req.idempotencyKey ? { 'idempotency-key': req.idempotencyKey } : {}),
          },
          body: JSON.stringify(req.items.map((i) => i.body)),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        if (res.status !== 200) {
          this.failed++;
          this.retry.push(req);
          await sleep(100);
          continue;
        }
        const answer = JSON.parse(text) as { results: Array<{ key: string | null; outcome: string }> };
        if (answer.results.length !== req.items.length)
          throw new Error(`${req.items.length} items sent, ${answer.results.length} results`);
        answer.results.forEach((r, i) => {
          const item = req.items[i]!;
          const key = item.kind === 'readings' ? String(item.body.seq) : String(item.body.eventId);
          if (r.key !== key) throw new Error(`result ${i} is for ${r.key}, sent ${key}`);
          if (r.outcome === 'stored' || r.outcome === 'duplicate') {
            this.witness.ack(item, 'http', this.cycle, r.outcome);
            this.ackedItems++;
          } else throw new Error(`item ${item.key} was ${r.outcome}: ${JSON.stringify(r)}`);
        });
        deadline = Date.now() + 120_000;
      } catch (err) {
        if (err instanceof Error && /items sent|result \d|was quarantined/.test(err.message)) throw err;
        this.failed++;
        this.retry.push(req); // connection refused / reset: the server is down or was killed
        await sleep(100);
      }
    }
  }
}

/** A device on MQTT (QoS 1, the `mqtt` client): up to `window` messages unacknowledged at a time. */
export class MqttLoad {
  messages = 0;
  ackedItems = 0;
  /** Publish callbacks that reported an error, by message. */
  readonly errors = new Map<string, number>();
  private readonly retry: Array<{ kind: Kind; items: Item[] }> = [];
  private inFlight = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private draining = false;
  private client: MqttClient | undefined;
  cycle = 0;

  constructor(
    private readonly device: DeviceLoad,
    private readonly witness: Witness,
    private readonly random: () => number,
    private readonly window = 16,
  ) {}

  start(url: string): void {
    this.client = mqtt.connect(url, {
      clientId: `crash-${this.device.id}`,
      username: this.device.id,
      password: this.device.secret,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 200,
      connectTimeout: 5_000,
      keepalive: 10,
    });
    this.client.on('error', () => undefined); // refused while the server is down: it reconnects
    this.running = true;
    this.loop = this.run();
  }

  get pending(): number {
    return this.inFlight;
  }

  private newMessage(): { kind: Kind; items: Item[] } {
    const kind: Kind = this.random() < 0.7 ? 'readings' : 'events';
    const n = this.random() < 0.6 ? 1 : 2 + Math.floor(this.random() * 9);
    const items = Array.from({ length: n }, () => this.device.next(kind));
    if (this.random() < 0.3) {
      const again = this.device.again(kind, this.witness);
      if (again) items.push(again);
    }
    return { kind, items };
  }

  private async run(): Promise<void> {
    const client = this.client!;
    while (this.running) {
      if (this.draining && this.retry.length === 0) {
        if (this.inFlight === 0) return;
        await sleep(20);
        continue;
      }
      if (this.inFlight >= this.window || !client.connected) {
        await sleep(20);
        continue;
      }
      const { kind, items } = this.retry.shift() ?? this.newMessage();
      const payload = JSON.stringify(items.length === 1 ? items[0]!.body : items.map((i) => i.body));
      this.inFlight++;
      this.messages++;
      client.publish(`lugang/v1/devices/${this.device.id}/${kind}`, payload, { qos: 1 }, (err) => {
        this.inFlight--;
        if (err) {
          // never acknowledged: not in the witness
          this.errors.set(err.message, (this.errors.get(err.message) ?? 0) + 1);
          this.retry.push({ kind, items }); // publish it again, as a device does
          return;
        }
        for (const item of items) {
          this.witness.ack(item, 'mqtt', this.cycle, 'puback');
          this.ackedItems++;
        }
      });
      await sleep(0);
    }
  }

  /** Stops publishing new messages and waits until the client's resends are all acknowledged. */
  async drain(): Promise<void> {
    this.running = false;
    await this.loop;
    // publish again what failed, until every message is acknowledged
    this.running = true;
    this.draining = true;
    this.loop = this.run();
    const deadline = Date.now() + 120_000;
    while (this.inFlight > 0 || this.retry.length > 0) {
      if (Date.now() > deadline) throw new Error(`${this.inFlight} MQTT messages unacknowledged after 120 s`);
      await sleep(50);
    }
    this.running = false;
    await this.loop;
    await this.client!.endAsync();
  }
}
