// Benchmark of the gateway slot scheduler against HiGHS (issue 6 part 2): seeded instance families,
// each instance solved by our min-cost-flow solver and by HiGHS on the same model (LP relaxation,
// integral for this network matrix), one after the other. Writes bench/results/gateway.json.
// Usage: npm run bench:gateway -- [--quick] [--json] [--mip] [--seeds N] [--family NAME] [--fixtures]
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayInstance } from '../../src/modules/gateway/contract';
import { solveGateway } from '../../src/modules/gateway/solve';
import { validateGatewaySolution } from '../../src/modules/gateway/validate';
import { solveWithHighs, stopHighsWorker } from '../lib/highs';
import { p50, p95, round } from '../lib/stats';
import { FAMILIES, type GatewayFamily, generateGatewayInstance } from './generate';
import { gatewayToLp } from './lp-model';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const value = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const quick = flag('--quick');
/** Give HiGHS the model as a MIP (binary variables) instead of its LP relaxation. */
const mip = flag('--mip');
const json = flag('--json');
const seeds = Number(value('--seeds') ?? (quick ? 2 : 5));
const onlyFamily = value('--family');
const REPEATS = quick ? 3 : 7;
const QUICK_SKIP = new Set(['3gw-60d-2000']);

interface Row {
  id: string;
  ours: number;
  highs: number | null;
  highsStatus: string;
  equal: boolean;
  valid: boolean;
  unscheduled: number;
  late: number;
  oursMs: number;
  oursCoreMs: number;
  highsMs: number;
}

/** Wall ms (solveMs, from performance.now) and process CPU ms of each repeat. */
function timeOurs(
  inst: GatewayInstance,
  explain: boolean,
): { ms: number[]; cpuMs: number[]; objective: number } {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let objective = Number.NaN;
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage();
    const sol = solveGateway(inst, { now: () => performance.now() }, { explain });
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    ms.push(sol.solveMs);
    objective = sol.objective;
  }
  return { ms, cpuMs, objective };
}

async function runFamily(f: GatewayFamily): Promise<Record<string, unknown>> {
  // Warm-up so the first measured instance does not pay for JIT compilation.
  timeOurs(generateGatewayInstance(f, 999), true);
  const rows: Row[] = [];
  const oursAll: number[] = [];
  const coreAll: number[] = [];
  const cpuAll: number[] = [];
  const highsAll: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const inst = generateGatewayInstance(f, seed);
    const sol = solveGateway(inst, { now: () => performance.now() });
    const valid = validateGatewaySolution(inst, sol).length === 0;
    const full = timeOurs(inst, true);
    const core = timeOurs(inst, false);
    const h = await solveWithHighs(gatewayToLp(inst, { integer: mip }), {
      timeLimitMs: quick ? 30_000 : 120_000,
    });
    const equal = h.objective !== null && Math.abs(h.objective - sol.objective) < 1e-6;
    oursAll.push(...full.ms);
    cpuAll.push(...full.cpuMs);
    coreAll.push(...core.ms);
    highsAll.push(h.ms);
    rows.push({
      id: inst.id,
      ours: sol.objective,
      highs: h.objective === null ? null : round(h.objective, 6),
      highsStatus: h.status,
      equal,
      valid,
      unscheduled: sol.unscheduled.length,
      late: sol.crossings.filter((c) => c.delayReason !== undefined).length,
      oursMs: round(p50(full.ms), 3),
      oursCoreMs: round(p50(core.ms), 3),
      highsMs: round(h.ms, 1),
    });
  }
  return {
    family: f.name,
    days: f.days,
    gateways: f.gateways.length,
    trains: f.trains,
    instances: rows.length,
    equal: rows.filter((r) => r.equal).length,
    allEqual: rows.every((r) => r.equal),
    allValid: rows.every((r) => r.valid),
    oursMs: {
      p50: round(p50(oursAll), 3),
      p95: round(p95(oursAll), 3),
      min: round(Math.min(...oursAll), 3),
      runs: oursAll.length,
    },
    oursCpuMs: { p50: round(p50(cpuAll), 3), p95: round(p95(cpuAll), 3) },
    oursCoreMs: { p50: round(p50(coreAll), 3), p95: round(p95(coreAll), 3) },
    highsMs: { p50: round(p50(highsAll), 1), p95: round(p95(highsAll), 1), runs: highsAll.length },
    rows,
  };
}

function table(families: Record<string, unknown>[]): string {
  const head = [
    'family',
    'n',
    'equal',
    'ours p50',
    'ours p95',
    'ours min',
    'ours cpu p50',
    'core p50',
    'HiGHS p50',
    'HiGHS p95',
    'speed-up',
  ];
  const lines = [head];
  for (const f of families) {
    const o = f.oursMs as { p50: number; p95: number; min: number };
    const cpu = f.oursCpuMs as { p50: number };
    const c = f.oursCoreMs as { p50: number };
    const h = f.highsMs as { p50: number; p95: number };
    lines.push([
      String(f.family),
      String(f.instances),
      `${f.equal}/${f.instances}`,
      `${o.p50} ms`,
      `${o.p95} ms`,
      `${o.min} ms`,
      `${cpu.p50} ms`,
      `${c.p50} ms`,
      `${h.p50} ms`,
      `${h.p95} ms`,
      `×${round(h.p50 / Math.max(o.p50, 0.001), 0)}`,
    ]);
  }
  const widths = head.map((_, k) => Math.max(...lines.map((l) => (l[k] ?? '').length)));
  return lines.map((l) => l.map((x, k) => x.padEnd(widths[k] ?? 0)).join('  ')).join('\n');
}

async function writeFixtures(): Promise<void> {
  const dir = join(ROOT, 'test', 'fixtures', 'gateway', 'reference');
  mkdirSync(dir, { recursive: true });
  const picks: [string, number][] = [
    ['2gw-10d-100', 1],
    ['2gw-30d-600', 1],
    ['2gw-30d-600', 2],
    ['2gw-30d-600-overload', 1],
  ];
  const expected: Record<string, unknown> = {};
  for (const [name, seed] of picks) {
    const f = FAMILIES.find((x) => x.name === name) as GatewayFamily;
    const inst = generateGatewayInstance(f, seed);
    const h = await solveWithHighs(gatewayToLp(inst), { timeLimitMs: 120_000 });
    if (h.status !== 'optimal' || h.objective === null) throw new Error(`HiGHS did not solve ${inst.id}`);
    writeFileSync(join(dir, `${inst.id}.json`), `${JSON.stringify(inst)}\n`);
    expected[inst.id] = {
      objective: Math.round(h.objective),
      solver: 'HiGHS 1.15.3 (npm highs), LP relaxation',
    };
  }
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`wrote ${picks.length} reference instances to ${dir}`);
}

async function main(): Promise<void> {
  if (flag('--fixtures')) {
    await writeFixtures();
    await stopHighsWorker();
    return;
  }
  const families = FAMILIES.filter((f) =>
    onlyFamily ? f.name === onlyFamily : !(quick && QUICK_SKIP.has(f.name)),
  );
  const results: Record<string, unknown>[] = [];
  for (const f of families) {
    if (!json) process.stderr.write(`${f.name}: ${seeds} instance(s)…\n`);
    results.push(await runFamily(f));
  }
  await stopHighsWorker();
  const report = {
    benchmark: 'gateway',
    generatedAt: new Date().toISOString(),
    quick,
    highsModel: mip ? 'MIP (binary x, u)' : 'LP relaxation (integral: network matrix)',
    seeds,
    repeats: REPEATS,
    machine: { node: process.version, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => round(x, 2)) },
    note: 'ours = solveGateway incl. explanations, wall ms (p50/p95/min over all repeats) and process CPU ms; core = without explanations; HiGHS ms = LP parse + solve inside its worker (wall). Wall times inflate when other processes share the cores: compare with loadavg.',
    families: results,
  };
  const out = join(ROOT, 'bench', 'results', 'gateway.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(table(results));
    console.log(
      `\nmachine: ${report.machine.cpus} cpu(s), load ${report.machine.loadavg.join(' ')}; written ${out}`,
    );
  }
  const bad = results.filter((r) => !r.allEqual || !r.allValid);
  if (bad.length > 0) {
    console.error(`objective mismatch or invalid plan in: ${bad.map((r) => r.family).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
