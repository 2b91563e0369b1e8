/**
 * The tracking module on MQTT: the gate of the embedded broker (device id + secret at CONNECT, a
 * device publishes and subscribes only under its own id, a publish resolves after commit) and the
 * handler of messages received from an external broker (`MQTT_URL`).
 */
import type { DevicePrincipal } from '../../platform/http/access';
import { type MqttGate, MqttPortInUseError, startEmbeddedBroker } from '../../platform/mqtt/broker';
import { startSubscriber } from '../../platform/mqtt/subscriber';
import type { TrackingService } from './service';
import { ownSubtree, parseDeviceTopic, TOPIC_PREFIX } from './topics';

/** Filters Lugang subscribes to on an external broker: every device, or the given ones. */
export function ingestFilters(deviceIds?: readonly string[]): string[] {
  const ids = deviceIds && deviceIds.length > 0 ? deviceIds : ['+'];
  return ids.flatMap((id) => [`${TOPIC_PREFIX}${id}/readings`, `${TOPIC_PREFIX}${id}/events`]);
}

export function deviceGate(service: TrackingService): MqttGate<DevicePrincipal> {
  return {
    authenticate: (username, password) => service.verifyDevice(username, password),
    maySubscribe(device, filter) {
      const own = ownSubtree(device.deviceId);
      const prefix = own.slice(0, -1); // `lugang/v1/devices/{id}/`
      return filter === own || (filter.startsWith(prefix) && !filter.slice(prefix.length).includes('+'));
    },
    async publish(device, topic, payload) {
      const target = parseDeviceTopic(topic);
      if (!target || target.deviceId !== device.deviceId) {
        throw new Error(
          `device ${device.deviceId} may publish only to ${TOPIC_PREFIX}${device.deviceId}/readings|events`,
        );
      }
      await service.ingestMessage(device, target.kind, payload);
    },
  };
}

/** Handles one message from an external broker; resolves after commit. */
export function externalHandler(service: TrackingService) {
  return async (topic: string, payload: Buffer): Promise<void> => {
    const target = parseDeviceTopic(topic);
    if (!target) return;
    const device = await service.deviceById(target.deviceId);
    if (!device) {
      await service.quarantineUnknownDevice(target.deviceId, target.kind, payload);
      return;
    }
    await service.ingestMessage(device, target.kind, payload);
  };
}

export interface MqttIngest {
  /** What runs, for the start-up line. */
  readonly description: string;
  /** The embedded broker's port (when it runs). */
  readonly port?: number;
  /** Resolves once subscribed (external broker) or at once. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the MQTT side of the ingest: a client of `url` when given, else the embedded broker on
 * `port` (null = off). A busy port is not fatal — the server runs without MQTT and says so: HTTP
 * ingest still works, and `LUGANG_MQTT_PORT` or `MQTT_URL` fixes it on the next start.
 */
export async function startMqttIngest(
  service: TrackingService,
  options: {
    port: number | null;
    host: string;
    url?: string | undefined;
    clientId: string;
    log: (line: string) => void;
    /** Device ids to subscribe to on the external broker (default: every device, `+`). */
    deviceIds?: readonly string[];
  },
): Promise<MqttIngest> {
  const { log } = options;
  if (options.url) {
    const shown = options.url.replace(/\/\/[^@/]*@/, '//***@');
    const sub = startSubscriber({
      url: options.url,
      clientId: options.clientId,
      topics: ingestFilters(options.deviceIds),
      handle: externalHandler(service),
      onError: (err) => log(`MQTT ${shown}: ${err.message}`),
    });
    sub.ready.then(
      () => log(`MQTT: subscribed to ${shown} as ${options.clientId} (QoS 1, persistent session)`),
      () => undefined,
    );
    return { description: `MQTT client of ${shown}`, ready: sub.ready, stop: () => sub.close() };
  }
  if (options.port === null) {
    return { description: 'MQTT off (LUGANG_MQTT_PORT=off)', ready: Promise.resolve(), stop: async () => {} };
  }
  try {
    const broker = await startEmbeddedBroker({
      port: options.port,
      host: options.host,
      gate: deviceGate(service),
    });
    return {
      description: `MQTT broker on ${options.host}:${broker.port}`,
      port: broker.port,
      ready: Promise.resolve(),
      stop: () => broker.close(),
    };
  } catch (err) {
    if (!(err instanceof MqttPortInUseError)) throw err;
    log(
      `${err.message} — continuing without MQTT; HTTP ingest works. / 继续运行，但不提供 MQTT；HTTP 上报可用。`,
    );
    return { description: 'MQTT off (port in use)', ready: Promise.resolve(), stop: async () => {} };
  }
}
