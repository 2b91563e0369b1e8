/**
 * Crash harness of the ingest (issue 4): the real `lugang start` is killed with SIGKILL (its whole
 * process group) at random moments while devices send mixed HTTP and MQTT traffic, then restarted on
 * the same data; a witness file records every acknowledgement the devices received (HTTP 200 with a
 * per-item outcome `stored`/`duplicate`; MQTT PUBACK of a QoS 1 publish through the `mqtt` client).
 * At the end everything stored is read back (readings through the API, events from the database
 * after a clean stop) and compared with the witness: every acknowledged item present exactly once.
 *
 *   npm run crash:ingest -- --cycles 200 --json            # PGlite on disk (default)
 *   npm run crash:ingest -- --cycles 5 --engine postgres   # DATABASE_URL or the machine's test db
 *   npm run crash:ingest -- --cycles 3 --engine both --json
 *
 * Prints `{"cycles": N, "acked": …, "lost": 0, "duplicated": 0, …}`; exits 1 when anything acknowledged
 * was lost or stored twice (or the server could not come back). Like real devices, the load resends
 * what was not acknowledged (HTTP: the same request, with its Idempotency-Key when it had one; MQTT:
 * the client's own resend of unacknowledged QoS 1 messages on reconnect), and some items are sent
 * again on purpose after they were acknowledged.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/connect';
import { DeviceLoad, HttpLoad, type Item, MqttLoad, Witness } from './load';
import { freePort, killGroup, lugangCli, prng, type Server, sleep, spawnServer } from './server';

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
/** MQTT devices, one client each (a client resends its unacknowledged messages one by one). */
const MQTT_DEVICES = 3;

type Engine = 'pglite' | 'postgres';

interface Options {
  cycles: number;
  engine: Engine | 'both';
  json: boolean;
  seed: number;
  /** Load runs this long (uniform in [min, max] ms) after the server is ready before the kill. */
  minMs: number;
  maxMs: number;
  /** Share of cycles killed during start-up instead (database open, migrations, reference data). */
  startKills: number;
  keep: boolean;
}

export interface CrashReport {
  cycles: number;
  acked: number;
  lost: number;
  duplicated: number;
  engine: Engine;
  /** Acknowledgements received in all (an item resent after its ack is acknowledged again). */
  acks: number;
  http: { requests: number; failed: number; acked: number };
  mqtt: { clients: number; messages: number; acked: number; errors: Record<string, number> };
  /** Items found stored that no device sent (must be 0). */
  unexpected: number;
  /** Stored items whose content differs from what was sent (must be 0). */
  mismatched: number;
  /** Items sent but never acknowledged (a kill came first and no resend got through) — allowed. */
  unacknowledged: number;
  storedReadings: number;
  storedEvents: number;
  killsDuringStart: number;
  restartMs: { p50: number; max: number };
  seconds: number;
  witness: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      cycles: { type: 'string', default: '200' },
      engine: { type: 'string', default: 'pglite' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'min-ms': { type: 'string', default: '300' },
      'max-ms': { type: 'string', default: '3000' },
      'start-kills': { type: 'string', default: '0.1' },
      keep: { type: 'boolean', default: false },
    },
  });
  const cycles = Number(values.cycles);
  if (!Number.isInteger(cycles) || cycles < 1) throw new Error('--cycles: a positive integer / 须为正整数');
  const engine = values.engine as Options['engine'];
  if (!['pglite', 'postgres', 'both'].includes(engine))
    throw new Error('--engine: pglite, postgres or both / 须为 pglite、postgres 或 both');
  return {
    cycles,
    engine,
    json: values.json,
    seed: values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed),
    minMs: Number(values['min-ms']),
    maxMs: Number(values['max-ms']),
    startKills: Number(values['start-kills']),
    keep: values.keep,
  };
}

// ── one run on one engine ─────────────────────────────────────────────────────────────────────────

async function readBackReadings(url: string, token: string, deviceId: string) {
  const rows: Array<{ seq: number; time: string }> = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${url}/api/v1/devices/${deviceId}/readings?${q}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`GET readings: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as {
      items: Array<{ seq: number; time: string }>;
      nextCursor: string | null;
    };
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

/** `lugang start --help`, read once: whether to pass `--no-sim`. */
let startHelp: string | undefined;

export async function runCrash(options: Options, engine: Engine, progress: (line: string) => void) {
  const started = Date.now();
  const random = prng(options.seed + (engine === 'postgres' ? 1 : 0));
  const work = mkdtempSync(join(tmpdir(), `lugang-crash-${engine}-`));
  const dataDir = join(work, 'data');
  const witness = new Witness(join(work, 'witness.jsonl'));
  const serverLog = createWriteStream(join(work, 'server.log'));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LUGANG_MQTT_PORT: String(mqttPort),
    LUGANG_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.MQTT_URL;
  let schema: string | undefined;
  let pgBase: string | undefined;
  if (engine === 'postgres') {
    pgBase = process.env.DATABASE_URL ?? DEFAULT_PG;
    schema = `crash_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const u = new URL(pgBase);
    u.searchParams.set('options', `-c search_path=${schema} -c TimeZone=UTC`);
    env.DATABASE_URL = u.toString();
  } else delete env.DATABASE_URL;

  startHelp ??= await lugangCli(['start', '--help'], env);
  const startArgs = /--no-sim\b/.test(startHelp) ? ['--no-sim'] : [];

  progress(`[${engine}] work dir ${work}; registering devices / 注册设备`);
  const ids = ['crash-http', ...Array.from({ length: MQTT_DEVICES }, (_, i) => `crash-mqtt-${i}`)];
  const add = async (id: string) =>
    (JSON.parse(await lugangCli(['device', 'add', id, '--json'], env)) as { secret: string }).secret;
  // PGlite's data directory takes one process at a time; PostgreSQL takes them all at once — after
  // the first, which migrates the fresh schema and syncs the reference data (two processes doing
  // that at once on an empty schema race on the same rows: duplicate key, the run fails)
  const secrets: string[] = [];
  if (engine === 'postgres') {
    secrets.push(await add(ids[0]!));
    secrets.push(...(await Promise.all(ids.slice(1).map(add))));
  } else for (const id of ids) secrets.push(await add(id));
  const devices = ids.map((id, i) => new DeviceLoad(id, secrets[i]!, random, started));
  const [httpDevice, ...mqttDevices] = devices as [DeviceLoad, ...DeviceLoad[]];
  const http = new HttpLoad(httpDevice, witness, random);
  const mqs = mqttDevices.map((d) => new MqttLoad(d, witness, random));
  const mqAcked = () => mqs.reduce((s, m) => s + m.ackedItems, 0);
  const url = `http://127.0.0.1:${port}`;
  http.url = url;

  const restarts: number[] = [];
  let killsDuringStart = 0;
  let adminPassword: string | undefined;
  let loadStarted = false;
  /** The server now running, stopped on the way out whatever happens (it runs detached). */
  let current: Server | undefined;
  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      http.cycle = cycle;
      for (const mq of mqs) mq.cycle = cycle;
      const t0 = Date.now();
      const server = spawnServer(env, startArgs, serverLog);
      current = server;
      if (cycle > 1 && random() < options.startKills) {
        // kill while it opens the database, migrates and syncs reference data
        await Promise.race([sleep(Math.floor(random() * 4000)), server.exited]);
        const wasReady = await Promise.race([server.ready.then(() => true), sleep(0).then(() => false)]);
        await killGroup(server);
        if (!wasReady) killsDuringStart++;
        progress(`[${engine}] cycle ${cycle}: killed during start-up`);
        continue;
      }
      const out = await server.ready;
      restarts.push(Date.now() - t0);
      adminPassword ??= /with password ([A-Za-z0-9_-]+)/.exec(out)?.[1];
      if (!loadStarted) {
        http.start(3);
        for (const mq of mqs) mq.start(`mqtt://127.0.0.1:${mqttPort}`);
        loadStarted = true;
      }
      const window = options.minMs + random() * (options.maxMs - options.minMs);
      await sleep(window);
      await killGroup(server);
      witness.flush();
      progress(
        `[${engine}] cycle ${cycle}/${options.cycles}: killed after ${Math.round(window)} ms of load; ` +
          `acked ${witness.acked.size} (http ${http.ackedItems}, mqtt ${mqAcked()}), ` +
          `http pending ${http.pending}, mqtt in flight ${mqs.reduce((s, m) => s + m.pending, 0)}`,
      );
    }

    // the last start: resend what is unacknowledged, then read everything back
    const server = spawnServer(env, startArgs, serverLog);
    current = server;
    const out = await server.ready;
    adminPassword ??= /with password ([A-Za-z0-9_-]+)/.exec(out)?.[1];
    if (!loadStarted) {
      http.start(3);
      for (const mq of mqs) mq.start(`mqtt://127.0.0.1:${mqttPort}`);
      await sleep(options.minMs);
    }
    await Promise.all([http.drain(), ...mqs.map((mq) => mq.drain())]);
    witness.flush();
    if (!adminPassword) throw new Error('no first-start administrator password in the server output');
    const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
    const { token } = (await signIn.json()) as { token: string };

    const stored = new Map<string, number>();
    const storedTime = new Map<string, string>();
    let storedReadings = 0;
    for (const d of devices) {
      for (const r of await readBackReadings(url, token, d.id)) {
        const key = `r/${d.id}/${r.seq}`;
        stored.set(key, (stored.get(key) ?? 0) + 1);
        storedTime.set(key, r.time);
        storedReadings++;
      }
    }
    // no route lists events: stop cleanly and read them from the database
    server.child.kill('SIGTERM');
    await server.exited;
    const db = await openDatabase(
      engine === 'postgres'
        ? { databaseUrl: pgBase, schema: schema! }
        : { pgliteDir: join(dataDir, 'pgdata') },
    );
    let storedEvents = 0;
    try {
      const rows = await sql<{ device_id: string; event_id: string; event_time: string }>`
        SELECT device_id, event_id, event_time FROM tracking_events
        WHERE device_id IN (${sql.join(devices.map((d) => d.id))})`.execute(db.db);
      for (const e of rows.rows) {
        const key = `e/${e.device_id}/${e.event_id}`;
        stored.set(key, (stored.get(key) ?? 0) + 1);
        storedTime.set(key, new Date(e.event_time).toISOString());
        storedEvents++;
      }
      const dbReadings = await sql<{ n: string }>`
        SELECT count(*) AS n FROM readings WHERE device_id IN (${sql.join(devices.map((d) => d.id))})`.execute(
        db.db,
      );
      if (Number(dbReadings.rows[0]!.n) !== storedReadings)
        throw new Error(
          `the API listed ${storedReadings} readings, the database holds ${dbReadings.rows[0]!.n}`,
        );
    } finally {
      await db.close();
    }

    let lost = 0;
    let mismatched = 0;
    const lostKeys: string[] = [];
    for (const [key, item] of witness.acked) {
      const n = stored.get(key) ?? 0;
      if (n === 0) {
        lost++;
        if (lostKeys.length < 20) lostKeys.push(key);
      } else if (storedTime.get(key) !== new Date(item.time).toISOString()) mismatched++;
    }
    let duplicated = 0;
    let unexpected = 0;
    const sent = new Map<string, Item>(devices.flatMap((d) => [...d.sent]));
    for (const [key, n] of stored) {
      if (n > 1) duplicated += n - 1;
      if (!sent.has(key)) unexpected++;
    }
    if (lostKeys.length > 0) progress(`[${engine}] LOST / 丢失: ${lostKeys.join(' ')}`);
    const report: CrashReport = {
      cycles: options.cycles,
      acked: witness.acked.size,
      lost,
      duplicated,
      engine,
      acks: witness.acks,
      http: { requests: http.requests, failed: http.failed, acked: http.ackedItems },
      mqtt: {
        clients: mqs.length,
        messages: mqs.reduce((s, m) => s + m.messages, 0),
        acked: mqAcked(),
        errors: mqs.reduce<Record<string, number>>((acc, m) => {
          for (const [k, n] of m.errors) acc[k] = (acc[k] ?? 0) + n;
          return acc;
        }, {}),
      },
      unexpected,
      mismatched,
      unacknowledged: sent.size - witness.acked.size,
      storedReadings,
      storedEvents,
      killsDuringStart,
      restartMs: { p50: percentile(restarts, 0.5), max: Math.max(0, ...restarts) },
      seconds: Math.round((Date.now() - started) / 100) / 10,
      witness: witness.path,
    };
    return report;
  } finally {
    if (current) await killGroup(current);
    serverLog.end();
    if (schema && !options.keep) {
      const client = new pg.Client({ connectionString: pgBase });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

function failed(r: CrashReport): boolean {
  return r.lost > 0 || r.duplicated > 0 || r.unexpected > 0 || r.mismatched > 0;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const engines: Engine[] = options.engine === 'both' ? ['pglite', 'postgres'] : [options.engine];
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  progress(`crash:ingest seed ${options.seed} (repeat with --seed ${options.seed})`);
  const reports: CrashReport[] = [];
  for (const engine of engines) reports.push(await runCrash(options, engine, progress));
  const summary =
    reports.length === 1
      ? reports[0]!
      : {
          cycles: options.cycles,
          acked: reports.reduce((s, r) => s + r.acked, 0),
          lost: reports.reduce((s, r) => s + r.lost, 0),
          duplicated: reports.reduce((s, r) => s + r.duplicated, 0),
          runs: reports,
        };
  if (options.json) console.log(JSON.stringify(summary));
  else
    for (const r of reports)
      console.log(
        `${r.engine}: ${r.cycles} kill -9 cycles, ${r.acked} items acknowledged (${r.acks} acks), ` +
          `lost ${r.lost}, duplicated ${r.duplicated}, unexpected ${r.unexpected}, mismatched ${r.mismatched}` +
          ` / ${r.cycles} 次强杀，确认 ${r.acked} 条，丢失 ${r.lost}，重复 ${r.duplicated}` +
          `\n  witness 见证文件: ${r.witness}`,
      );
  process.exit(reports.some(failed) ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
