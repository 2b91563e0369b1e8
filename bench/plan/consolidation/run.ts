// Consolidation benchmark: seeded instance families (21 routes × 14/28 days × 800–3,000 bookings),
// each solved by Lugang's planner (validated independently) and by HiGHS on the same MIP, one after
// the other. Reports per family: objectives, HiGHS bound, gap of ours to that bound, our p50/p95 ms.
// Runnable alone: `npx tsx bench/plan/consolidation/run.ts [--quick] [--json] [--seeds=N]`.
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runConsolidation } from '../../../src/modules/planning/consolidation/solve';
import { validateConsolidation } from '../../../src/modules/planning/consolidation/validate';
import { solveWithHighs, stopHighsWorker } from '../../lib/highs';
import { p50, p95, round } from '../../lib/stats';
import { FAMILIES, type FamilySpec, generateConsolidation } from './generate';
import { consolidationLp } from './model-lp';

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  seeds?: number;
  highsMs?: number;
  only?: string;
}

interface InstanceRow {
  family: string;
  instance: string;
  bookings: number;
  departures: number;
  ours: { objective: number; bound: number | null; status: string; ms: number; errors: number };
  highs: { objective: number | null; bound: number | null; status: string; ms: number };
  gapToHighsBoundPct: number | null;
  gapToHighsObjectivePct: number | null;
}

/** Our time budget: the targets are ≤ 1 s for 1,000 bookings and ≤ 5 s for 3,000. */
export const ourLimitMs = (f: FamilySpec): number => (f.bookings <= 1000 ? 800 : 4300);

const pct = (ref: number | null, ours: number): number | null =>
  ref === null || ref <= 0 ? null : round(((ref - ours) / ref) * 100, 3);

export async function runConsolidationBench(opts: BenchOptions): Promise<unknown> {
  const seeds = opts.seeds ?? (opts.quick ? 1 : 3);
  const highsMs = opts.highsMs ?? (opts.quick ? 20_000 : 60_000);
  const families = FAMILIES.filter((f) =>
    opts.only ? f.name.includes(opts.only) : !opts.quick || /1000-s1.00|3000-s1.00/.test(f.name),
  );
  const rows: InstanceRow[] = [];
  for (const fam of families) {
    for (let seed = 1; seed <= seeds; seed++) {
      const inst = generateConsolidation(fam, seed);
      const t0 = performance.now();
      const r = runConsolidation(inst, { now: () => performance.now() }, { timeLimitMs: ourLimitMs(fam) });
      const ms = performance.now() - t0;
      if (!r.ok) throw new Error(`${inst.id}: ${r.error.message.en}`);
      const check = validateConsolidation(inst, r.value);
      const lp = consolidationLp(inst);
      const h = await solveWithHighs(lp.text, { timeLimitMs: highsMs });
      const row: InstanceRow = {
        family: fam.name,
        instance: inst.id,
        bookings: inst.bookings.length,
        departures: inst.departures.length,
        ours: {
          objective: r.value.objective,
          bound: r.value.bound,
          status: r.value.status,
          ms: round(ms, 1),
          errors: check.errors.length,
        },
        highs: { objective: h.objective, bound: h.bound, status: h.status, ms: round(h.ms, 0) },
        gapToHighsBoundPct: pct(h.bound, r.value.objective),
        gapToHighsObjectivePct: pct(h.objective, r.value.objective),
      };
      rows.push(row);
      if (!opts.json) {
        console.error(
          `${inst.id}: ours ${row.ours.objective} (${row.ours.ms} ms, ${row.ours.status}) highs ${h.objective}/${h.bound} ${h.status} ${row.highs.ms} ms gap→bound ${row.gapToHighsBoundPct}%`,
        );
      }
    }
  }
  await stopHighsWorker();
  const summary = families.map((f) => {
    const rs = rows.filter((r) => r.family === f.name);
    const gaps = rs.map((r) => r.gapToHighsBoundPct ?? Number.NaN);
    const target = f.days === 14 && f.bookings === 1000 ? { gapPct: 0.5, ms: 1000 } : null;
    const target28 = f.days === 28 && f.bookings === 3000 ? { gapPct: 1, ms: 5000 } : null;
    const t = target ?? target28;
    const ms = rs.map((r) => r.ours.ms);
    const maxGap = Math.max(...gaps);
    return {
      family: f.name,
      instances: rs.length,
      ourObjectiveMean: round(rs.reduce((a, r) => a + r.ours.objective, 0) / Math.max(1, rs.length), 1),
      highsOptimal: rs.filter((r) => r.highs.status === 'optimal').length,
      gapToHighsBoundPct: {
        mean: round(gaps.reduce((a, g) => a + g, 0) / Math.max(1, gaps.length), 3),
        max: maxGap,
      },
      ourMs: { p50: round(p50(ms), 1), p95: round(p95(ms), 1) },
      highsMs: {
        p50: round(p50(rs.map((r) => r.highs.ms)), 0),
        p95: round(p95(rs.map((r) => r.highs.ms)), 0),
      },
      validatorErrors: rs.reduce((a, r) => a + r.ours.errors, 0),
      target: t,
      targetMet: t === null ? null : maxGap <= t.gapPct && p95(ms) <= t.ms,
    };
  });
  const result = {
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? '',
      loadavg: loadavg().map((x) => round(x, 2)),
    },
    settings: {
      seeds,
      highsLimitMs: highsMs,
      ourLimitMs: Object.fromEntries(families.map((f) => [f.name, ourLimitMs(f)])),
    },
    families: summary,
    instances: rows,
  };
  if (!opts.json) {
    console.log(
      '| family | n | gap to HiGHS bound mean / max % | our p50 / p95 ms | HiGHS p50 ms | HiGHS optimal | target |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const s of summary) {
      const tg = s.target
        ? `${s.target.gapPct} % in ${s.target.ms} ms: ${s.targetMet ? 'met' : 'missed'}`
        : '—';
      console.log(
        `| ${s.family} | ${s.instances} | ${s.gapToHighsBoundPct.mean} / ${s.gapToHighsBoundPct.max} | ${s.ourMs.p50} / ${s.ourMs.p95} | ${s.highsMs.p50} | ${s.highsOptimal}/${s.instances} | ${tg} |`,
      );
    }
  }
  return result;
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const val = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  const seeds = val('seeds');
  const highs = val('highs-ms');
  const only = val('family');
  return {
    quick: argv.includes('--quick'),
    json: argv.includes('--json'),
    ...(seeds ? { seeds: Number(seeds) } : {}),
    ...(highs ? { highsMs: Number(highs) } : {}),
    ...(only ? { only } : {}),
  };
}

/** Entry used by bench/plan/run.ts. */
export function run(argv: readonly string[]): Promise<unknown> {
  return runConsolidationBench(parseArgs(argv));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const opts = parseArgs(process.argv.slice(2));
  const result = await runConsolidationBench(opts);
  if (opts.json) console.log(JSON.stringify(result, null, 2));
}
