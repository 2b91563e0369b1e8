// Profiling aid for the ingest (not a benchmark: no baseline): one scenario through the real write
// path on PGlite in memory or on disk, or on PostgreSQL, for `node --cpu-prof`.
// Usage: node --cpu-prof --import tsx bench/ingest/profile.ts [readings|events] [mqtt|http] [--items N]
//        [--engine pglite|postgres] [--profile file.cpuprofile]  (the last pass only, by the inspector)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCheckDigit } from '../../src/domain/codes/iso6346';
import { IdentityRepository } from '../../src/modules/identity/repository';
import { IdentityService } from '../../src/modules/identity/service';
import { TrackingRepository } from '../../src/modules/tracking/repository';
import { TrackingService } from '../../src/modules/tracking/service';
import { openDatabase } from '../../src/platform/db/connect';
import { migrateToLatest } from '../../src/platform/db/migrate';
import type { DevicePrincipal } from '../../src/platform/http/access';
import { mulberry32 } from '../lib/prng';

const args = process.argv.slice(2);
const value = (name: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const kind = args.includes('events') ? 'events' : 'readings';
const via = args.includes('http') ? 'http' : 'mqtt';
const ITEMS = Number(value('--items') ?? 20_000);
const engine = value('--engine') ?? 'pglite';

const BOXES = Array.from({ length: 500 }, (_, i) => {
  const first10 = `BNCU${String(100000 + i)}`;
  return first10 + computeCheckDigit(first10);
});
const BASE = Date.now() - 3 * 86_400_000;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'lugang-prof-'));
  const h = await openDatabase(
    engine === 'postgres'
      ? {
          databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
          schema: `prof_${Date.now().toString(36)}`,
        }
      : { pgliteDir: join(dir, 'pgdata') },
  );
  await migrateToLatest(h.db);
  await new IdentityService(new IdentityRepository(h.db)).bootstrap();
  const repo = new TrackingRepository(h.db);
  // time spent inside the repository's write (on PGlite that is the database's CPU), and batch sizes
  let writeMs = 0;
  let writes = 0;
  let writeItems = 0;
  const write = repo.write.bind(repo);
  repo.write = async (b) => {
    const t = performance.now();
    try {
      return await write(b);
    } finally {
      writeMs += performance.now() - t;
      writes++;
      writeItems += b.readings.length + b.events.length + b.quarantine.length;
    }
  };
  const svc = new TrackingService(repo, { readingWriters: engine === 'postgres' ? 2 : 1 });
  const prng = mulberry32(1);
  const rnd = () => prng.next();
  const nDevices = via === 'mqtt' ? 1000 : 20;
  const perMessage = via === 'mqtt' ? 1 : 100;
  for (let pass = 0; pass < 3; pass++) {
    const devices: DevicePrincipal[] = [];
    for (let i = 0; i < nDevices; i++) {
      const r = await svc.addDevice({ id: `p${pass}-${i}` });
      if (!r.ok) throw new Error('device');
      devices.push({ kind: 'device', deviceId: r.value.id, organizationId: r.value.organizationId });
    }
    const perDevice = Math.ceil(ITEMS / nDevices);
    const plans = devices.map((d) => {
      const messages: string[] = [];
      const sent: unknown[] = [];
      let next = 0;
      for (let n = 0; n < perDevice; ) {
        const items: unknown[] = [];
        for (let k = 0; k < perMessage && n < perDevice; k++, n++) {
          if (sent.length > 0 && rnd() < 0.1) {
            items.push(sent[Math.floor(rnd() * sent.length)]);
            continue;
          }
          const time = new Date(BASE + Math.floor(rnd() * 2 * 86_400) * 1000).toISOString();
          const box = BOXES[Math.floor(rnd() * BOXES.length)];
          const item =
            kind === 'readings'
              ? {
                  seq: next++,
                  time,
                  equipment: box,
                  temperatureC: Math.round(rnd() * 100) / 10,
                  setpointC: -18,
                }
              : {
                  eventId: `${d.deviceId}-${next++}`,
                  eventType: 'EQUIPMENT',
                  equipmentEventTypeCode: 'LOAD',
                  eventClassifierCode: 'ACT',
                  eventDateTime: time,
                  equipmentReference: box,
                  location: 'CNURC',
                  trainReference: 'URM-DUI-20261201',
                };
          sent.push(item);
          items.push(item);
        }
        messages.push(JSON.stringify(items.length === 1 ? items[0] : items));
      }
      return { d, messages };
    });
    const profileFile = pass === 2 ? value('--profile') : undefined;
    const session = new Session();
    if (profileFile) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    writeMs = 0;
    writes = 0;
    writeItems = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      plans.map(async ({ d, messages }) => {
        for (const m of messages)
          if (via === 'mqtt') await svc.ingestMessage(d, kind, Buffer.from(m));
          else await svc.ingestHttp(d, kind, JSON.parse(m), undefined);
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (profileFile) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      session.disconnect();
    }
    console.log(
      `${engine} ${kind} ${via} pass ${pass}: ${Math.round((perDevice * nDevices) / s)} items/s, wall ${s.toFixed(3)} s, cpu ${((c.user + c.system) / 1e6).toFixed(3)} s, ` +
        `in write ${(writeMs / 1000).toFixed(3)} s (${writes} batches, ${Math.round(writeItems / Math.max(writes, 1))} items each)`,
    );
  }
  await h.close();
  rmSync(dir, { recursive: true, force: true });
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
