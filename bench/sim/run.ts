// Benchmark of the digital twin (issue 5 part 5): a simulated year at maximum speed against an
// embedded platform (in-memory PGlite), everything through the public API — its wall time, the
// volumes and the event-log hash. Writes bench/results/sim.json.
// Usage: npm run bench:sim -- [--json] [--days N] [--seed N] [--detail train|box] [--devices mqtt|http]
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Detail, LIVE_DEFAULTS, YEAR_DEFAULTS } from '../../src/apps/simulator/core';
import { runEmbedded } from '../../src/apps/simulator/embedded';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const json = args.includes('--json');
const days = Number(value('--days') ?? 365);
const seed = Number(value('--seed') ?? 1);
const detail = (value('--detail') ?? 'train') as Detail;
/** How the twin's devices send: MQTT into the embedded broker (the default of `lugang sim`) or HTTP. */
const devices = (value('--devices') ?? 'mqtt') as 'mqtt' | 'http';
const TARGET_MS = 60_000;
const TARGET_TRAINS = 6_000;

const load1AtStart = os.loadavg()[0];
const base = detail === 'box' ? LIVE_DEFAULTS : YEAR_DEFAULTS;
const started = performance.now();
const cpuStart = process.cpuUsage();
const result = await runEmbedded(
  { ...base, detail, seed, startMs: Date.UTC(2025, 0, 1), days },
  {
    speed: 'max',
    devices,
    onDay: (day) => {
      if (!json && process.stderr.isTTY) process.stderr.write(`\rday ${day}/${days}`);
    },
  },
);
const wallMs = performance.now() - started;
// CPU time of this process (all its threads): on a loaded machine the wall time says little, this does
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
const s = result.summary;
const a = result.adapter;
const report = {
  bench: 'sim',
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? '',
    node: process.version,
    load1: os.loadavg()[0],
    /** The load when the run started (load1 is taken at its end). */
    load1AtStart,
  },
  options: { seed, days, detail, start: s.start, speed: 'max', devices },
  trains: {
    outbound: s.trains.outbound,
    inbound: s.trains.inbound,
    total: s.trains.outbound + s.trains.inbound,
  },
  teu: s.teu,
  bookings: s.bookings,
  deviceItems: a.itemsSent,
  events: s.events.total,
  readings: s.readings,
  requests: a.requests,
  failedRequests: a.failed,
  failures: a.failures,
  stored: a.stored,
  duplicates: a.duplicates,
  quarantined: a.quarantined,
  gateways: s.gateways,
  hash: s.hash,
  wallMs: Math.round(wallMs),
  cpuMs: Math.round(cpuMs),
  setupMs: Math.round(result.setupMs),
  coreMs: Math.round(result.coreMs),
  target: { wallMs: TARGET_MS, trains: TARGET_TRAINS },
  met: { wall: wallMs <= TARGET_MS, trains: s.trains.outbound + s.trains.inbound >= TARGET_TRAINS },
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/sim.json'), `${JSON.stringify(report, null, 2)}\n`);
if (json) console.log(JSON.stringify(report, null, 2));
else {
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(
    `simulated ${days} days: ${report.trains.total} trains (${report.trains.outbound} out, ${report.trains.inbound} in), ` +
      `${a.itemsSent} device items, ${s.bookings} bookings, ${a.requests} requests (${a.failed} failed) in ` +
      `${(wallMs / 1000).toFixed(1)} s, CPU ${(cpuMs / 1000).toFixed(1)} s (set-up ${(result.setupMs / 1000).toFixed(1)} s, core ${(result.coreMs / 1000).toFixed(1)} s); ` +
      `target ≤ ${TARGET_MS / 1000} s ${report.met.wall ? 'met' : 'MISSED'}; hash ${s.hash}`,
  );
}
