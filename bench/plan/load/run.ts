// Load-plan benchmark: seeded instance families (generate.ts) solved by Lugang's planner and by HiGHS
// on the same MIP (highs-model.ts, worker with a hard time limit), one after the other. Every Lugang
// plan is checked by the independent validator. Per family: objectives, HiGHS bound, gap, p50/p95 ms,
// optimal count. Exported `run(argv)` is called by bench/plan/run.ts; flags: --quick (few instances),
// --json (JSON only), --per-family N, --highs-ms MS (default 60000), --no-highs.

import { solveLoadPlan } from '../../../src/modules/planning/load/solve';
import { validateLoadPlan } from '../../../src/modules/planning/load/validate';
import { solveWithHighs, stopHighsWorker } from '../../lib/highs';
import { p50, p95 } from '../../lib/stats';
import { allFamilies, type FamilySpec, familyName, generateInstance } from './generate';
import { buildLoadMip, HIGHS_EXACT } from './highs-model';

export interface InstanceRow {
  readonly id: string;
  readonly containers: number;
  readonly wagons: number;
  readonly status: string;
  readonly objective: number;
  readonly bound: number | null;
  /** Wall-clock ms of the solve (what a user waits). */
  readonly ms: number;
  /** CPU ms of the process during the solve: steadier than wall time on a shared, busy machine. */
  readonly cpuMs: number;
  readonly valid: boolean;
  readonly highs: { status: string; objective: number | null; bound: number | null; ms: number } | null;
  /** (best known upper bound − our objective) / that bound, in %. */
  readonly gapPct: number;
}

export interface FamilyRow {
  readonly family: string;
  readonly instances: number;
  readonly optimal: number;
  readonly valid: number;
  readonly objective: number;
  readonly highsObjective: number | null;
  readonly highsBound: number | null;
  readonly highsOptimal: number;
  readonly maxGapPct: number;
  readonly ms: { p50: number; p95: number; max: number };
  readonly cpuMs: { p50: number; p95: number };
  readonly highsMs: { p50: number; p95: number } | null;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

export async function run(argv: readonly string[] = process.argv.slice(2)) {
  const quick = argv.includes('--quick');
  const json = argv.includes('--json');
  const useHighs = !argv.includes('--no-highs');
  const perFamily = Number(flag(argv, '--per-family') ?? (quick ? 1 : 3));
  const highsMs = Number(flag(argv, '--highs-ms') ?? (quick ? 10000 : 60000));
  let families: FamilySpec[] = allFamilies();
  if (quick) families = families.filter((f) => f.ratio !== 1.05);
  const log = (s: string): void => {
    if (!json) console.log(s);
  };
  // Warm the JIT on a few instances not in the measurement.
  for (const f of families.slice(0, 6))
    solveLoadPlan(generateInstance(f, 999), { now: () => performance.now() });

  const rows: InstanceRow[] = [];
  const byFamily: FamilyRow[] = [];
  for (const f of families) {
    const fr: InstanceRow[] = [];
    for (let seed = 1; seed <= perFamily; seed++) {
      const inst = generateInstance(f, seed);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const sol = solveLoadPlan(inst, { now: () => performance.now() });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const valid = validateLoadPlan(inst, sol).errors.length === 0;
      let highs: InstanceRow['highs'] = null;
      if (useHighs) {
        const h = await solveWithHighs(buildLoadMip(inst).lp, { timeLimitMs: highsMs, options: HIGHS_EXACT });
        highs = { status: h.status, objective: h.objective, bound: h.bound, ms: round(h.ms, 0) };
      }
      const ub = Math.min(sol.bound ?? Number.POSITIVE_INFINITY, highs?.bound ?? Number.POSITIVE_INFINITY);
      const gapPct = Number.isFinite(ub) && ub > 0 ? Math.max(0, ((ub - sol.objective) / ub) * 100) : 0;
      const row: InstanceRow = {
        id: inst.id,
        containers: inst.containers.length,
        wagons: inst.wagons.length,
        status: sol.status,
        objective: sol.objective,
        bound: sol.bound,
        ms: round(ms, 2),
        cpuMs: round(cpuMs, 2),
        valid,
        highs,
        gapPct: round(gapPct, 3),
      };
      fr.push(row);
      rows.push(row);
      log(
        `${inst.id.padEnd(28)} ${sol.status.padEnd(8)} ${String(sol.objective).padStart(6)} / ${String(sol.bound).padStart(6)} ${ms.toFixed(1).padStart(7)} ms${valid ? '' : ' INVALID'}` +
          (highs
            ? ` | HiGHS ${highs.status.padEnd(10)} ${String(round(highs.objective ?? Number.NaN, 1)).padStart(8)} / ${String(round(highs.bound ?? Number.NaN, 1)).padStart(8)} ${String(highs.ms).padStart(6)} ms`
            : ''),
      );
    }
    const hs = fr.map((r) => r.highs).filter((h) => h !== null);
    byFamily.push({
      family: familyName(f),
      instances: fr.length,
      optimal: fr.filter((r) => r.status === 'optimal').length,
      valid: fr.filter((r) => r.valid).length,
      objective: sum(fr.map((r) => r.objective)),
      highsObjective: hs.length ? round(sum(hs.map((h) => h.objective ?? 0)), 1) : null,
      highsBound: hs.length ? round(sum(hs.map((h) => h.bound ?? Number.NaN)), 1) : null,
      highsOptimal: hs.filter((h) => h.status === 'optimal').length,
      maxGapPct: Math.max(...fr.map((r) => r.gapPct)),
      ms: {
        p50: round(p50(fr.map((r) => r.ms))),
        p95: round(p95(fr.map((r) => r.ms))),
        max: round(Math.max(...fr.map((r) => r.ms))),
      },
      cpuMs: { p50: round(p50(fr.map((r) => r.cpuMs))), p95: round(p95(fr.map((r) => r.cpuMs))) },
      highsMs: hs.length ? { p50: p50(hs.map((h) => h.ms)), p95: p95(hs.map((h) => h.ms)) } : null,
    });
  }
  await stopHighsWorker();
  const all = rows.map((r) => r.ms);
  const hsAll = rows.map((r) => r.highs).filter((h) => h !== null);
  const summary = {
    instances: rows.length,
    valid: rows.filter((r) => r.valid).length,
    optimal: rows.filter((r) => r.status === 'optimal').length,
    optimalPct: round(
      (100 * rows.filter((r) => r.status === 'optimal').length) / Math.max(1, rows.length),
      1,
    ),
    maxGapPct: Math.max(0, ...rows.map((r) => r.gapPct)),
    ms: { p50: round(p50(all)), p95: round(p95(all)), max: round(Math.max(...all)) },
    cpuMs: { p50: round(p50(rows.map((r) => r.cpuMs))), p95: round(p95(rows.map((r) => r.cpuMs))) },
    highs: hsAll.length
      ? {
          optimal: hsAll.filter((h) => h.status === 'optimal').length,
          ms: { p50: p50(hsAll.map((h) => h.ms)), p95: p95(hsAll.map((h) => h.ms)) },
          /** Instances where HiGHS found a strictly better plan than Lugang (should be 0). */
          better: rows.filter((r) => (r.highs?.objective ?? Number.NEGATIVE_INFINITY) > r.objective + 0.5)
            .length,
          /** Lugang "optimal" contradicted by a HiGHS proven optimum (must be 0). */
          contradictions: rows.filter(
            (r) =>
              r.status === 'optimal' &&
              r.highs?.status === 'optimal' &&
              Math.abs((r.highs.objective ?? 0) - r.objective) > 0.5,
          ).length,
        }
      : null,
    targets: { feasibleAlways: true, optimalPct: 95, maxGapPct: 1, p95Ms: 50 },
    highsTimeLimitMs: useHighs ? highsMs : null,
  };
  const result = { summary, families: byFamily, instances: rows };
  if (!json) {
    log(
      '\nfamily                      n  opt  objective   HiGHS obj   HiGHS bound  maxGap%  p50ms  p95ms  cpu p95  HiGHS p50/p95 ms',
    );
    for (const fr of byFamily) {
      log(
        `${fr.family.padEnd(26)} ${String(fr.instances).padStart(2)} ${String(fr.optimal).padStart(4)} ${String(fr.objective).padStart(10)} ${String(fr.highsObjective).padStart(11)} ${String(fr.highsBound).padStart(12)} ${String(fr.maxGapPct).padStart(8)} ${String(fr.ms.p50).padStart(6)} ${String(fr.ms.p95).padStart(6)} ${String(fr.cpuMs.p95).padStart(8)}  ${fr.highsMs ? `${fr.highsMs.p50}/${fr.highsMs.p95}` : '-'}`,
      );
    }
    log(`\n${JSON.stringify(summary, null, 2)}`);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
}
