// Benchmark of the tracking ingest (issue 4 part 8): sustained items/s through the real write path —
// TrackingService (JSON decode, validation: the zod-free fast path for items in the stored form, zod
// for the rest; plausibility) → group commit (one batch in flight on PGlite; on PostgreSQL two reading
// batches, events always one) → repository (one INSERT … ON CONFLICT DO NOTHING statement per batch
// over json_to_recordset) — with 10 % of the items resent (dedup), beside the named limit measured
// in the same run on the same table: PostgreSQL COPY FROM STDIN (pg-copy-streams) and PGlite COPY
// FROM '/dev/blob', of rows of the same shape, into the same table, without dedup. Target: ingest
// stored rows/s ≥ 0.5 × COPY rows/s (strict: ~18,000 unique rows stored of 20,000 items sent, against
// 20,000 rows copied). The COPY rows are all of one device (appended at the end of the primary key);
// the MQTT scenario's come from 1,000 devices — a data shape the limit does not pay for.
// Usage: npm run bench:ingest -- [--json] [--quick] [--engine pglite|postgres|both]
// Writes bench/results/ingest.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { computeCheckDigit } from '../../src/domain/codes/iso6346';
import { IdentityRepository } from '../../src/modules/identity/repository';
import { IdentityService } from '../../src/modules/identity/service';
import { TrackingRepository } from '../../src/modules/tracking/repository';
import { TrackingService } from '../../src/modules/tracking/service';
import type { Db } from '../../src/platform/db/connect';
import { migrateToLatest } from '../../src/platform/db/migrate';
import { TYPE_PARSERS } from '../../src/platform/db/parsers';
import type { DevicePrincipal } from '../../src/platform/http/access';
import { mulberry32, type Prng } from '../lib/prng';
import { round } from '../lib/stats';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const value = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const json = flag('--json');
const quick = flag('--quick');
const engineArg = value('--engine') ?? 'both';
const ITEMS = Number(value('--items') ?? (quick ? 4000 : 20_000));
const DUP_SHARE = 0.1;
const ROUNDS = Number(value('--rounds') ?? (quick ? 1 : 3));
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Engine = 'pglite' | 'postgres';
type Kind = 'readings' | 'events';

interface Opened {
  db: Db;
  /** COPY of CSV text into `table (columns)`; resolves when the rows are committed. */
  copy(table: string, columns: readonly string[], csv: string): Promise<void>;
  close(): Promise<void>;
  location: string;
}

async function open(engine: Engine): Promise<Opened> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'lugang-bench-ingest-'));
    const client = await PGlite.create(join(dir, 'pgdata'));
    Object.assign(client.parsers, TYPE_PARSERS);
    await client.exec(`SET TimeZone = 'UTC'`);
    const db = new Kysely<object>({ dialect: new PGliteDialect(client) }) as Db;
    return {
      db,
      location: 'PGlite on disk (tmp)',
      async copy(table, columns, csv) {
        await client.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
          blob: new Blob([csv]),
        });
      },
      async close() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_ingest_${Date.now().toString(36)}`;
  const options = `-c TimeZone=UTC -c search_path=${schema}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new pg.Pool({
    connectionString: PG_URL,
    options,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        const parser = TYPE_PARSERS[oid];
        if (parser && format !== 'binary') return parser;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) }) as Db;
  return {
    db,
    location: `${new URL(PG_URL).host} (schema ${schema})`,
    async copy(table, columns, csv) {
      const client = await pool.connect();
      try {
        const stream = client.query(
          copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`),
        );
        await pipeline(async function* () {
          // in 1 MB pieces, as a stream from a file or socket would arrive
          for (let i = 0; i < csv.length; i += 1 << 20) yield csv.slice(i, i + (1 << 20));
        }, stream);
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

// ── the rows ───────────────────────────────────────────────────────────────────────────────────────

const BOXES = Array.from({ length: 500 }, (_, i) => {
  const first10 = `BNCU${String(100000 + i)}`;
  return first10 + computeCheckDigit(first10);
});
const BASE = Date.now() - 3 * 86_400_000;

function readingBody(rnd: Prng, seq: number) {
  return {
    seq,
    time: new Date(BASE + rnd.int(0, 2 * 86_400) * 1000).toISOString(),
    equipment: rnd.pick(BOXES),
    temperatureC: rnd.int(-250, 80) / 10,
    setpointC: -18,
  };
}

function eventBody(rnd: Prng, n: number, deviceId: string) {
  return {
    eventId: `${deviceId}-${n}`,
    eventType: 'EQUIPMENT',
    equipmentEventTypeCode: rnd.pick(['LOAD', 'DISC', 'GTIN', 'GTOT']),
    eventClassifierCode: 'ACT',
    eventDateTime: new Date(BASE + rnd.int(0, 2 * 86_400) * 1000).toISOString(),
    equipmentReference: rnd.pick(BOXES),
    location: 'CNURC',
    trainReference: 'URM-DUI-20261201',
  };
}

const csvText = (v: string | number | null) =>
  v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`;

const READING_COLUMNS = [
  'device_id',
  'seq',
  'time',
  'organization_id',
  'equipment',
  'temperature_c',
  'setpoint_c',
  'via',
];
const EVENT_COLUMNS = [
  'device_id',
  'event_id',
  'organization_id',
  'event_type',
  'event_code',
  'classifier',
  'event_time',
  'equipment',
  'train_reference',
  'location',
  'body',
  'via',
];

/** `n` rows for COPY, device after device in turn (one device: seq 0…n−1), seqs from `seqBase`. */
function copyCsv(kind: Kind, deviceIds: readonly string[], n: number, rnd: Prng, seqBase = 0): string {
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    const deviceId = deviceIds[k % deviceIds.length]!;
    const i = seqBase + Math.floor(k / deviceIds.length);
    if (kind === 'readings') {
      const r = readingBody(rnd, i);
      lines.push(
        [deviceId, r.seq, r.time, 'port-operator', r.equipment, r.temperatureC, r.setpointC, 'mqtt']
          .map(csvText)
          .join(','),
      );
    } else {
      const e = eventBody(rnd, i, deviceId);
      lines.push(
        [
          deviceId,
          e.eventId,
          'port-operator',
          e.eventType,
          e.equipmentEventTypeCode,
          e.eventClassifierCode,
          e.eventDateTime,
          e.equipmentReference,
          e.trainReference,
          e.location,
          JSON.stringify(e),
          'mqtt',
        ]
          .map(csvText)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

// ── the measurements ─────────────────────────────────────────────────────────────────────────────

interface Measure {
  items: number;
  stored: number;
  seconds: number;
  cpuSeconds: number;
  perSecond: number;
  storedPerSecond: number;
}

async function timed(items: number, run: () => Promise<number>): Promise<Measure> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const stored = await run();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return {
    items,
    stored,
    seconds: round(seconds, 3),
    cpuSeconds: round((c.user + c.system) / 1e6, 3),
    perSecond: Math.round(items / seconds),
    storedPerSecond: Math.round(stored / seconds),
  };
}

async function count(db: Db, kind: Kind, deviceIds: readonly string[]): Promise<number> {
  const table = kind === 'readings' ? 'readings' : 'tracking_events';
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}
    WHERE device_id IN (${sql.join(deviceIds)})`.execute(db);
  return Number(r.rows[0]!.n);
}

async function addDevices(svc: TrackingService, prefix: string, n: number): Promise<DevicePrincipal[]> {
  const out: DevicePrincipal[] = [];
  for (let i = 0; i < n; i++) {
    const r = await svc.addDevice({ id: `${prefix}-${i}` });
    if (!r.ok) throw new Error(r.error.message.en);
    out.push({ kind: 'device', deviceId: r.value.id, organizationId: r.value.organizationId });
  }
  return out;
}

/**
 * `devices` devices send `total` items between them, `perMessage` items per message (MQTT: one JSON
 * message; HTTP: one request body), every device with its messages in sequence (a device waits for
 * the acknowledgement), all devices at once; 10 % of the items are resends of earlier ones.
 */
async function ingestRun(
  svc: TrackingService,
  db: Db,
  kind: Kind,
  devices: DevicePrincipal[],
  total: number,
  perMessage: number,
  via: 'mqtt' | 'http',
  rnd: Prng,
): Promise<Measure> {
  const perDevice = Math.ceil(total / devices.length);
  // messages built before timing: the devices' own work is not the server's
  const plans = devices.map((d) => {
    const sent: unknown[] = [];
    const messages: string[] = [];
    let next = 0;
    let inDevice = 0;
    while (inDevice < perDevice) {
      const items: unknown[] = [];
      for (let k = 0; k < perMessage && inDevice < perDevice; k++, inDevice++) {
        const again = sent.length > 0 && rnd.chance(DUP_SHARE);
        const item = again
          ? sent[rnd.int(0, sent.length - 1)]
          : kind === 'readings'
            ? readingBody(rnd, next++)
            : eventBody(rnd, next++, d.deviceId);
        if (!again) sent.push(item);
        items.push(item);
      }
      messages.push(JSON.stringify(items.length === 1 ? items[0] : items));
    }
    return { device: d, messages };
  });
  const items = perDevice * devices.length;
  return timed(items, async () => {
    await Promise.all(
      plans.map(async ({ device, messages }) => {
        for (const m of messages) {
          if (via === 'mqtt') await svc.ingestMessage(device, kind, Buffer.from(m));
          else {
            const r = await svc.ingestHttp(device, kind, JSON.parse(m), undefined);
            if (!r.ok) throw new Error(r.error.message.en);
          }
        }
      }),
    );
    return count(
      db,
      kind,
      devices.map((d) => d.deviceId),
    );
  });
}

/** The same rows as the COPY, as multi-row INSERTs (500 rows a statement) in one transaction. */
async function multiRowInsert(db: Db, kind: Kind, csvRows: Array<Record<string, unknown>>): Promise<void> {
  const k = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  await k.transaction().execute(async (trx) => {
    for (let i = 0; i < csvRows.length; i += 500)
      await trx
        .insertInto(kind === 'readings' ? 'readings' : 'tracking_events')
        .values(csvRows.slice(i, i + 500))
        .execute();
  });
}

function limitRows(kind: Kind, deviceId: string, n: number, rnd: Prng): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => {
    if (kind === 'readings') {
      const r = readingBody(rnd, i);
      return {
        device_id: deviceId,
        seq: r.seq,
        time: r.time,
        organization_id: 'port-operator',
        equipment: r.equipment,
        temperature_c: r.temperatureC,
        setpoint_c: r.setpointC,
        via: 'mqtt',
      };
    }
    const e = eventBody(rnd, i, deviceId);
    return {
      device_id: deviceId,
      event_id: e.eventId,
      organization_id: 'port-operator',
      event_type: e.eventType,
      event_code: e.equipmentEventTypeCode,
      classifier: e.eventClassifierCode,
      event_time: e.eventDateTime,
      equipment: e.equipmentReference,
      train_reference: e.trainReference,
      location: e.location,
      body: JSON.stringify(e),
      via: 'mqtt',
    };
  });
}

interface Best {
  /** Best wall-clock rate over the rounds (stored rows per second). */
  perSecond: number;
  /** Best rate per CPU second of this process (PGlite runs in it; PostgreSQL does not). */
  perCpuSecond: number;
  rounds: Measure[];
}

function best(rounds: Measure[]): Best {
  return {
    perSecond: Math.max(...rounds.map((m) => m.storedPerSecond)),
    perCpuSecond: Math.max(...rounds.map((m) => Math.round(m.stored / Math.max(m.cpuSeconds, 1e-3)))),
    rounds,
  };
}

interface EngineResult {
  engine: Engine;
  location: string;
  limit: Record<Kind, { copy: Best; multiRowInsert: Best; copy1000Devices: Best }>;
  ingest: Record<
    string,
    Best & {
      kind: Kind;
      via: string;
      devices: number;
      perMessage: number;
      /** Best ingest rate ÷ best COPY rate of the same table (wall clock). */
      ratio: number;
      /** The same per CPU second — the fair figure for PGlite on a shared machine. */
      ratioCpu: number | null;
      /** Best ingest rate ÷ best multi-row INSERT rate. */
      ratioInsert: number;
      /** Information, not the target: ÷ COPY of rows spread over 1,000 devices (the MQTT shape). */
      ratioCopy1000Devices: number;
    }
  >;
  /** The lowest wall-clock ratio of a scenario to its table's COPY rate. */
  minRatio: number;
  minRatioCpu: number | null;
}

const SCENARIOS: Array<{
  name: string;
  kind: Kind;
  via: 'mqtt' | 'http';
  devices: number;
  perMessage: number;
}> = [
  { name: 'readings-mqtt-1', kind: 'readings', via: 'mqtt', devices: 1000, perMessage: 1 },
  { name: 'readings-http-100', kind: 'readings', via: 'http', devices: 20, perMessage: 100 },
  { name: 'events-mqtt-1', kind: 'events', via: 'mqtt', devices: 1000, perMessage: 1 },
  { name: 'events-http-100', kind: 'events', via: 'http', devices: 20, perMessage: 100 },
];

async function benchEngine(engine: Engine, log: (line: string) => void): Promise<EngineResult> {
  const o = await open(engine);
  try {
    await migrateToLatest(o.db);
    await new IdentityService(new IdentityRepository(o.db)).bootstrap();
    // as the server wires it (platform.ts): two reading batches in flight on PostgreSQL
    const svc = new TrackingService(new TrackingRepository(o.db), {
      readingWriters: engine === 'postgres' ? 2 : 1,
    });
    const rnd = mulberry32(20261126);
    // warm-up: plans, caches, the first pages of every table and index
    const warm = await addDevices(svc, 'warm', 20);
    await ingestRun(svc, o.db, 'readings', warm, 2000, 1, 'mqtt', rnd);
    await ingestRun(svc, o.db, 'events', warm, 1000, 10, 'http', rnd);
    const devicesOf = new Map<string, DevicePrincipal[]>();
    for (const s of SCENARIOS) devicesOf.set(s.name, []);

    // rounds interleave the limit and the ingest, so a burst of load elsewhere hits both alike
    const copies: Record<Kind, Measure[]> = { readings: [], events: [] };
    const copiesSpread: Record<Kind, Measure[]> = { readings: [], events: [] };
    const spreadDevices: Record<Kind, string[]> = {
      readings: (await addDevices(svc, 'spread-readings', 1000)).map((d) => d.deviceId),
      events: (await addDevices(svc, 'spread-events', 1000)).map((d) => d.deviceId),
    };
    const inserts: Record<Kind, Measure[]> = { readings: [], events: [] };
    const runs = new Map<string, Measure[]>(SCENARIOS.map((s) => [s.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['readings', 'events'] as const) {
        const table = kind === 'readings' ? 'readings' : 'tracking_events';
        const [copyDevice, insertDevice] = await addDevices(svc, `limit-${kind}-${round}`, 2);
        const csv = copyCsv(kind, [copyDevice!.deviceId], ITEMS, rnd);
        copies[kind].push(
          await timed(ITEMS, async () => {
            await o.copy(table, kind === 'readings' ? READING_COLUMNS : EVENT_COLUMNS, csv);
            return count(o.db, kind, [copyDevice!.deviceId]);
          }),
        );
        // the same COPY with the rows spread over 1,000 devices, as the MQTT scenario's are (a separate
        // figure, not the target's limit: every row lands at another place of the primary key)
        const spread = spreadDevices[kind];
        const spreadCsv = copyCsv(kind, spread, ITEMS, rnd, round * ITEMS);
        const before = await count(o.db, kind, spread);
        copiesSpread[kind].push(
          await timed(ITEMS, async () => {
            await o.copy(table, kind === 'readings' ? READING_COLUMNS : EVENT_COLUMNS, spreadCsv);
            return (await count(o.db, kind, spread)) - before;
          }),
        );
        const rows = limitRows(kind, insertDevice!.deviceId, ITEMS, rnd);
        inserts[kind].push(
          await timed(ITEMS, async () => {
            await multiRowInsert(o.db, kind, rows);
            return count(o.db, kind, [insertDevice!.deviceId]);
          }),
        );
        for (const s of SCENARIOS.filter((x) => x.kind === kind)) {
          const devices = await addDevices(svc, `${s.name}-${round}`, s.devices);
          const m = await ingestRun(svc, o.db, s.kind, devices, ITEMS, s.perMessage, s.via, rnd);
          runs.get(s.name)!.push(m);
        }
        log(
          `${engine} round ${round + 1}/${ROUNDS} ${kind}: COPY ${copies[kind].at(-1)!.storedPerSecond}/s, ` +
            `INSERT ${inserts[kind].at(-1)!.storedPerSecond}/s, ` +
            SCENARIOS.filter((x) => x.kind === kind)
              .map((x) => `${x.name} ${runs.get(x.name)!.at(-1)!.storedPerSecond}/s`)
              .join(', '),
        );
      }
    }
    const limit = {
      readings: {
        copy: best(copies.readings),
        multiRowInsert: best(inserts.readings),
        copy1000Devices: best(copiesSpread.readings),
      },
      events: {
        copy: best(copies.events),
        multiRowInsert: best(inserts.events),
        copy1000Devices: best(copiesSpread.events),
      },
    };
    const ingest: EngineResult['ingest'] = {};
    for (const s of SCENARIOS) {
      const b = best(runs.get(s.name)!);
      const l = limit[s.kind];
      ingest[s.name] = {
        ...b,
        kind: s.kind,
        via: s.via,
        devices: s.devices,
        perMessage: s.perMessage,
        ratio: round(b.perSecond / l.copy.perSecond, 3),
        ratioCpu: engine === 'pglite' ? round(b.perCpuSecond / l.copy.perCpuSecond, 3) : null,
        ratioInsert: round(b.perSecond / l.multiRowInsert.perSecond, 3),
        ratioCopy1000Devices: round(b.perSecond / l.copy1000Devices.perSecond, 3),
      };
    }
    const all = Object.values(ingest);
    return {
      engine,
      location: o.location,
      limit,
      ingest,
      minRatio: Math.min(...all.map((x) => x.ratio)),
      minRatioCpu: engine === 'pglite' ? Math.min(...all.map((x) => x.ratioCpu!)) : null,
    };
  } finally {
    await o.close();
  }
}

async function main(): Promise<void> {
  const engines: Engine[] = engineArg === 'both' ? ['pglite', 'postgres'] : [engineArg as Engine];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: EngineResult[] = [];
  for (const e of engines) results.push(await benchEngine(e, log));
  const report = {
    bench: 'ingest',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, load: os.loadavg().map((x) => round(x, 2)), node: process.version },
    items: ITEMS,
    duplicateShare: DUP_SHARE,
    rounds: ROUNDS,
    target: 'ingest stored rows/s ≥ 0.5 × COPY rows/s of the same table (best of the rounds each)',
    results,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', quick ? 'ingest.quick.tmp.json' : 'ingest.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (json) console.log(JSON.stringify(report));
  else
    for (const r of results) {
      console.log(
        `${r.engine} (${r.location}): COPY readings ${r.limit.readings.copy.perSecond}/s, events ` +
          `${r.limit.events.copy.perSecond}/s; multi-row INSERT readings ${r.limit.readings.multiRowInsert.perSecond}/s, ` +
          `events ${r.limit.events.multiRowInsert.perSecond}/s`,
      );
      for (const [k, m] of Object.entries(r.ingest))
        console.log(
          `  ${k}: ${m.perSecond}/s = ${m.ratio} × COPY${m.ratioCpu === null ? '' : ` (per CPU second ${m.ratioCpu} ×)`}` +
            `, ${m.ratioInsert} × INSERT, ${m.ratioCopy1000Devices} × COPY over 1,000 devices`,
        );
      console.log(`  lowest ratio to COPY 与 COPY 之比最低: ${r.minRatio}`);
    }
  console.log(`→ ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
