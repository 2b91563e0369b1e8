/**
 * Configuration from the environment — every variable is listed in the README. Invalid values are
 * refused with the variable's name and the reason, before anything starts.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LUGANG_DATA_DIR: z.string().min(1).default('.lugang'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  LUGANG_WEB_DIR: z.string().min(1).optional(),
  LUGANG_MQTT_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)], {
      error: 'must be a port number 0–65535 or off',
    })
    .default(1883),
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|tcp|tls|wss?):\/\//, 'must be an mqtt://, mqtts://, tcp://, tls://, ws:// or wss:// URL')
    .optional(),
  MQTT_CLIENT_ID: z.string().min(1).max(23).default('lugang-ingest'),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the data directory (PGlite files, lock). */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly logLevel: string;
  readonly webDir: string;
  /** Embedded MQTT broker port (default 1883); null = no embedded broker. Unused with `mqttUrl`. */
  readonly mqttPort?: number | null;
  /** External MQTT 3.1.1 broker: Lugang subscribes to it instead of running its own. */
  readonly mqttUrl?: string | undefined;
  /** Client id of Lugang's persistent session on the external broker. */
  readonly mqttClientId?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason} / 环境变量 ${variable} 无效：${reason}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.LUGANG_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    webDir: e.LUGANG_WEB_DIR ? resolve(cwd, e.LUGANG_WEB_DIR) : resolve(REPO_ROOT, 'web', 'dist'),
    mqttPort: e.LUGANG_MQTT_PORT === 'off' ? null : e.LUGANG_MQTT_PORT,
    mqttUrl: e.MQTT_URL,
    mqttClientId: e.MQTT_CLIENT_ID,
  };
}

export function packageVersion(): string {
  return process.env.npm_package_version ?? '0.1.0';
}
