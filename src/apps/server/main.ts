/**
 * `lugang start`: the platform on one port — API, docs, dashboard — on the embedded database by
 * default. Stops cleanly on SIGTERM/SIGINT: the server drains, the database closes, the lock goes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMqttIngest } from '../../modules/tracking/mqtt';
import type { Config } from '../../platform/config';
import { startEmbeddedTwin, type TwinStartOptions, twinBanner } from '../simulator/embedded';
import { buildApp } from './app';
import { openPlatform } from './platform';

export interface Running {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
  options: { twin?: TwinStartOptions | false } = {},
): Promise<Running> {
  const platform = await openPlatform(config);
  let app: Awaited<ReturnType<typeof buildApp>>['app'];
  try {
    ({ app } = await buildApp(platform, {
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    }));
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await platform.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${config.port} is already in use: set PORT to a free port. / 端口 ${config.port} 已被占用，请用 PORT 指定空闲端口。`,
      );
    }
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  log(
    `Lugang 陆港 is running at ${url}  (database: ${platform.database.engine} ${platform.database.location})`,
  );
  const initial = await platform.services.identity.ensureInitialAdmin();
  if (initial) {
    let where = '';
    if (!config.databaseUrl) {
      const file = join(config.dataDir, 'initial-admin-password');
      writeFileSync(file, `${initial.password}\n`, { mode: 0o600 });
      where = ` (also in ${file})`;
    }
    log(
      `First start: sign in as "${initial.username}" with password ${initial.password}${where}; change it or add your own users.` +
        ` / 首次启动：请以 "${initial.username}" 登录，密码 ${initial.password}；之后请修改或添加自己的用户。`,
    );
  }
  let mqtt: Awaited<ReturnType<typeof startMqttIngest>>;
  try {
    mqtt = await startMqttIngest(platform.services.tracking, {
      port: config.mqttPort === undefined ? 1883 : config.mqttPort,
      host: config.host,
      url: config.mqttUrl,
      clientId: config.mqttClientId ?? 'lugang-ingest',
      log,
    });
  } catch (err) {
    await app.close();
    await platform.close();
    throw err;
  }
  // the live picture's read models: catch up on what is stored, then follow the bus
  await platform.services.operations.start();
  platform.services.webhooks.start(); // the webhook delivery loop (retries, backoff)
  log(`Device ingest 设备接入: HTTP POST ${url}/api/v1/devices/{id}/readings · ${mqtt.description}`);
  // the digital twin (simulator) feeds the platform through its own API unless `--no-sim`
  let twin: Awaited<ReturnType<typeof startEmbeddedTwin>> | undefined;
  if (options.twin) {
    // its devices publish to the broker the platform takes device messages from
    const broker =
      config.mqttUrl ??
      (mqtt.port === undefined
        ? undefined
        : `mqtt://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${mqtt.port}`);
    twin = await startEmbeddedTwin(platform, app, options.twin, log, { url: broker });
    log(twinBanner(options.twin));
    // the live figures' "today" is the twin's day while it catches up (operations: clock())
    const running = twin;
    platform.services.operations.followClock(() => new Date(running.status().simTime));
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        try {
          await twin?.stop();
          platform.services.operations.stop();
          platform.services.webhooks.stop();
          await mqtt.stop();
          await app.close();
        } finally {
          await platform.close();
        }
      })();
      return stopping;
    },
  };
}
