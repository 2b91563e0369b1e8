/**
 * The embedded MQTT 3.1.1 broker (aedes) on a TCP port. Who may connect, subscribe and publish is
 * decided by a `MqttGate` the composition root passes in; this file knows no module.
 *
 * Acknowledge only after commit: aedes runs `authorizePublish` before it writes the PUBACK of a QoS 1
 * publish (lib/handlers/publish.js: authorizePublish → enqueuePublish → PUBACK), so the gate's
 * `publish` — which resolves only once the message is committed — runs inside `authorizePublish`,
 * and the PUBACK waits for it. When the write fails the callback gets the error: aedes closes the
 * connection without a PUBACK and the device sends the message again (DUP) on reconnect.
 */
import { createServer, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';

export interface MqttGate<P> {
  /** CONNECT: the principal of this username/password, or null (CONNACK 4/5). */
  authenticate(username: string, password: string): Promise<P | null>;
  /** May this principal subscribe to this filter? */
  maySubscribe(principal: P, filter: string): boolean;
  /**
   * A PUBLISH from an authenticated client. Resolve once the message is committed (then the broker
   * acknowledges and forwards it); reject to refuse it (no PUBACK, the connection is closed).
   */
  publish(principal: P, topic: string, payload: Buffer): Promise<void>;
}

export interface EmbeddedBroker {
  readonly port: number;
  readonly aedes: Aedes;
  close(): Promise<void>;
}

export class MqttPortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `MQTT port ${port} is already in use (another broker, e.g. Mosquitto, listens there): set LUGANG_MQTT_PORT to a free port, or MQTT_URL to use that broker. / MQTT 端口 ${port} 已被占用（可能已有 Mosquitto 等代理在监听）：请用 LUGANG_MQTT_PORT 指定空闲端口，或用 MQTT_URL 连接该代理。`,
    );
    this.name = 'MqttPortInUseError';
  }
}

export async function startEmbeddedBroker<P>(options: {
  port: number;
  host: string;
  gate: MqttGate<P>;
  onError?: (err: Error, client: Client | null) => void;
}): Promise<EmbeddedBroker> {
  const { gate } = options;
  const principals = new WeakMap<Client, P>();
  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      gate.authenticate(username ?? '', password ? password.toString('utf8') : '').then(
        (principal) => {
          if (!principal) {
            const err = Object.assign(new Error('bad username or password'), { returnCode: 4 });
            return done(err as never, false);
          }
          principals.set(client, principal);
          done(null, true);
        },
        (err: unknown) => {
          options.onError?.(err as Error, client);
          done(Object.assign(new Error('server unavailable'), { returnCode: 3 }) as never, false);
        },
      );
    },
    authorizeSubscribe(client, subscription, done) {
      const principal = principals.get(client);
      // a refused filter is answered with SUBACK 0x80 (failure), the connection stays
      if (!principal || !gate.maySubscribe(principal, subscription.topic)) return done(null, null);
      done(null, subscription);
    },
    authorizePublish(client, packet, done) {
      const principal = client ? principals.get(client) : undefined;
      if (!principal) return done(new Error('publish without an authenticated device'));
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      gate.publish(principal, packet.topic, payload).then(
        () => done(null),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
  if (options.onError) {
    const report = options.onError;
    aedes.on('clientError', (client, err) => report(err, client));
    aedes.on('connectionError', (client, err) => report(err, client));
  }
  const server: Server = createServer(aedes.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new MqttPortInUseError(options.port);
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    port,
    aedes,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
