/**
 * Lugang as a client of an external MQTT 3.1.1 broker (`MQTT_URL`: Mosquitto, EMQX …). Subscribes
 * at QoS 1 with a persistent session (clean = false, a fixed client id), so the broker keeps what
 * arrives while Lugang is down and redelivers whatever it did not acknowledge.
 *
 * Acknowledge only after commit: mqtt.js sends the PUBACK of a QoS 1 message only when
 * `handleMessage`'s callback is called, so the callback is called after the handler's commit. When
 * the handler fails, the connection is dropped without a PUBACK: on reconnect the broker sends the
 * message again (the persistent session), and the store's dedup makes the redelivery harmless.
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface SubscriberOptions {
  readonly url: string;
  readonly clientId: string;
  /** Topic filters, subscribed at QoS 1. */
  readonly topics: readonly string[];
  readonly username?: string;
  readonly password?: string;
  /** Commits one message; resolves after commit. */
  readonly handle: (topic: string, payload: Buffer) => Promise<void>;
  readonly onError?: (err: Error) => void;
  /** Milliseconds between reconnect attempts (default 1000). */
  readonly reconnectPeriod?: number;
}

export interface Subscriber {
  readonly client: MqttClient;
  /** Resolves once connected and subscribed the first time. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export function startSubscriber(options: SubscriberOptions): Subscriber {
  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: options.reconnectPeriod ?? 1000,
    resubscribe: true,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
  });
  client.handleMessage = (packet, callback) => {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    options.handle(packet.topic, payload).then(
      () => callback(),
      (err: unknown) => {
        options.onError?.(err instanceof Error ? err : new Error(String(err)));
        // no PUBACK: drop the connection so the broker redelivers on the next session
        client.stream?.destroy();
      },
    );
  };
  if (options.onError) client.on('error', options.onError);
  const ready = new Promise<void>((resolve, reject) => {
    const onConnect = () => {
      client.subscribe(options.topics.map(String), { qos: 1 }, (err, granted) => {
        if (err) return reject(err);
        const refused = granted?.find((g) => g.qos === 128);
        if (refused) return reject(new Error(`the broker refused the subscription ${refused.topic}`));
        resolve();
      });
    };
    client.once('connect', onConnect);
    client.once('error', reject);
  });
  ready.catch(() => undefined);
  return {
    client,
    ready,
    close: () => client.endAsync(false).then(() => undefined),
  };
}
