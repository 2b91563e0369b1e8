// Set-up of the twin inside a platform it may administer (the embedded instance of `lugang sim`, or
// `lugang start` on its own data directory): the same facilities as `lugang user add`, `lugang token
// create` and `lugang device add` — the identity and tracking services — create the twin's operator,
// its tenant enterprises (organizations with one user each) and, on first use, its devices. Secrets
// of devices registered in an earlier run are kept in the data directory (0600) so a restarted twin
// can go on sending as the same devices.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMqttIngest } from '../../modules/tracking/mqtt';
import { loadConfig } from '../../platform/config';
import { openDatabase } from '../../platform/db/connect';
import { buildApp } from '../server/app';
import type { Services } from '../server/platform';
import { openPlatform } from '../server/platform';
import { type Credentials, injectClient } from './adapter';
import type { Twin, TwinOptions } from './core';
import { TENANTS } from './core';
import { type DeviceSender, mqttDevices } from './devices';
import { type LiveTwin, type RunResult, runTwin, startLiveTwin } from './run';
import { registerTwin, unregisterTwin } from './status';

export const TWIN_OPERATOR = 'twin-operator';

/** How `lugang sim` and the bench send device items unless told (`--devices`): see docs/simulator.md. */
export const DEFAULT_SIM_DEVICES: 'http' | 'mqtt' = 'mqtt';

async function ensureUser(
  services: Pick<Services, 'identity'>,
  username: string,
  roles: Parameters<Services['identity']['createUser']>[0]['roles'],
  org?: { id: string; kind: 'shipper' | 'forwarder'; en: string; zh: string },
): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  const created = await services.identity.createUser({
    username,
    password,
    displayName: org ? org.en : 'Digital twin operator (simulated) / 数字孪生调度（模拟）',
    roles,
    ...(org ? { organization: { id: org.id, kind: org.kind, nameEn: org.en, nameZh: org.zh } } : {}),
  });
  if (!created.ok && created.error.code !== 'user.exists') throw new Error(created.error.message.en);
  const token = await services.identity.issueToken(username, 'digital twin / 数字孪生', 30);
  if (!token.ok) throw new Error(token.error.message.en);
  return token.value.token;
}

/** Creates (or reuses) the twin's users and returns its credentials. */
export async function embeddedCredentials(
  services: Pick<Services, 'identity' | 'tracking'>,
  secretsFile?: string,
): Promise<Credentials> {
  const operatorToken = await ensureUser(services, TWIN_OPERATOR, ['planner', 'dispatcher']);
  const tenants = new Map<string, string>();
  for (const t of TENANTS) tenants.set(t.id, await ensureUser(services, `${t.id}-user`, [t.kind], t));
  const secrets = new Map<string, string>();
  if (secretsFile && existsSync(secretsFile)) {
    const saved = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
    for (const [id, s] of Object.entries(saved)) secrets.set(id, s);
  }
  const pending = new Map<string, Promise<string>>();
  return {
    operatorToken,
    tenantToken(org) {
      const token = tenants.get(org);
      if (!token) throw new Error(`unknown twin tenant ${org}`);
      return token;
    },
    deviceSecret(id) {
      const known = secrets.get(id);
      if (known) return Promise.resolve(known);
      let p = pending.get(id);
      if (!p) {
        p = (async () => {
          const added = await services.tracking.addDevice({
            id,
            label: 'digital twin device (simulated) / 数字孪生设备（模拟）',
          });
          if (!added.ok)
            throw new Error(
              `${added.error.message.en} — the twin's device secrets are kept in ${secretsFile ?? '(nowhere)'}`,
            );
          secrets.set(id, added.value.secret);
          if (secretsFile)
            writeFileSync(secretsFile, JSON.stringify(Object.fromEntries(secrets)), { mode: 0o600 });
          return added.value.secret;
        })();
        pending.set(id, p);
      }
      return p;
    },
  };
}

export function secretsFileIn(dataDir: string): string {
  return join(dataDir, 'twin-devices.json');
}

/**
 * The live twin inside `lugang start`: credentials from the platform's own services, requests
 * through the app's injection, state and device secrets in the data directory.
 */
export async function startEmbeddedTwin(
  platform: { services: Services; config: { dataDir: string } },
  app: Parameters<typeof injectClient>[0],
  options: TwinStartOptions,
  log: (line: string) => void,
  /** The broker the platform takes device messages from (its embedded one, or MQTT_URL's). */
  mqtt?: { url: string | undefined },
): Promise<LiveTwin> {
  const persist = existsSync(platform.config.dataDir);
  const creds = await embeddedCredentials(
    platform.services,
    persist ? secretsFileIn(platform.config.dataDir) : undefined,
  );
  let devices: DeviceSender | undefined;
  if ((options.devices ?? 'mqtt') === 'mqtt') {
    if (mqtt?.url) devices = mqttDevices(mqtt.url, { idleMs: options.idleMs ?? 60_000 });
    else
      log(
        'twin: no MQTT broker runs, its devices send over HTTP / 数字孪生：没有运行 MQTT 代理，设备改用 HTTP 上报',
      );
  }
  const twin = await startLiveTwin(injectClient(app), creds, {
    seed: options.seed,
    speed: options.speed,
    ...(devices ? { devices } : {}),
    startDaysAgo: options.startDaysAgo ?? 60,
    warmupDays: options.warmupDays ?? 8,
    stateFile: persist ? join(platform.config.dataDir, 'twin-state.json') : null,
    log,
  });
  registerTwin(platform, twin);
  const stop = twin.stop.bind(twin);
  return {
    warm: twin.warm,
    history: twin.history,
    status: () => twin.status(),
    async stop() {
      unregisterTwin(platform);
      await stop();
    },
  };
}

export interface TwinStartOptions {
  readonly seed: number;
  /** How fast the twin catches up with the wall clock: max (default) or simulated s per second. */
  readonly speed: number | 'max';
  /** How its devices send: MQTT to the platform's broker (default; HTTP when none runs) or HTTP. */
  readonly devices?: 'http' | 'mqtt';
  /** MQTT: a device's connection closes after this long without a message (default 60 s). */
  readonly idleMs?: number;
  readonly startDaysAgo?: number;
  readonly warmupDays?: number;
}

export function twinBanner(o: TwinStartOptions): string {
  return (
    `Digital twin: SIMULATED data, seed ${o.seed}, catching up ${o.speed === 'max' ? 'at once' : `at ×${o.speed}`}, then in real time; devices over ${(o.devices ?? 'mqtt').toUpperCase()} (lugang start --no-sim turns it off)` +
    ` / 数字孪生：数据为模拟，种子 ${o.seed}，${o.speed === 'max' ? '立即' : `以 ×${o.speed} 速度`}追上当前时间后实时运行；设备经 ${(o.devices ?? 'mqtt').toUpperCase()} 上报（lugang start --no-sim 可关闭）`
  );
}

/**
 * A bounded run on an embedded platform of the twin's own: an in-memory PGlite (or the PGlite of
 * `dataDir`), the app without a listening socket, the twin's users made by the identity service.
 */
export async function runEmbedded(
  twin: TwinOptions,
  run: {
    speed: number | 'max';
    dataDir?: string;
    onDay?: (day: number, twin: Twin) => void;
    /** How the devices send: MQTT into the platform's embedded broker (default) or HTTP. */
    devices?: 'http' | 'mqtt';
  },
): Promise<RunResult & { setupMs: number }> {
  const t0 = performance.now();
  const config = loadConfig();
  const database = run.dataDir
    ? undefined
    : await openDatabase({ databaseUrl: undefined, pgliteDir: 'memory' });
  const platform = await openPlatform(
    { ...config, databaseUrl: undefined, ...(run.dataDir ? { dataDir: run.dataDir } : {}) },
    database ? { database } : {},
  );
  try {
    const { app } = await buildApp(platform, { logger: false });
    let devices: DeviceSender | undefined;
    let broker: Awaited<ReturnType<typeof startMqttIngest>> | undefined;
    try {
      const creds = await embeddedCredentials(platform.services);
      if ((run.devices ?? DEFAULT_SIM_DEVICES) === 'mqtt') {
        // the platform's own embedded broker, on a free loopback port
        broker = await startMqttIngest(platform.services.tracking, {
          port: 0,
          host: '127.0.0.1',
          clientId: 'lugang-ingest',
          log: () => {},
        });
        if (broker.port === undefined) throw new Error(`no MQTT broker: ${broker.description}`);
        devices = mqttDevices(`mqtt://127.0.0.1:${broker.port}`);
      }
      const setupMs = performance.now() - t0;
      const client = injectClient(app);
      const result = await runTwin(client, creds, twin, {
        speed: run.speed,
        ...(run.onDay ? { onDay: run.onDay } : {}),
        ...(devices ? { devices } : {}),
      });
      // Listeners of the platform's event bus finish their work after the ingest answered: let the
      // database's queue run dry before closing it (each read waits for the writes queued before).
      for (let k = 0; k < 3; k++)
        await client.request('GET', '/api/v1/timetable/schedules', { token: creds.operatorToken });
      return { ...result, setupMs };
    } finally {
      await devices?.close();
      await broker?.stop();
      await app.close();
    }
  } finally {
    await platform.close();
  }
}
