// Computes reference optima with HiGHS once and stores instance + HiGHS objective/bound under
// test/fixtures/consolidation/, so tests compare Lugang's planner against them without HiGHS.
// Run: `npx tsx bench/plan/consolidation/make-fixtures.ts`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { solveWithHighs, stopHighsWorker } from '../../lib/highs';
import { type FamilySpec, generateConsolidation } from './generate';
import { consolidationLp } from './model-lp';

const SPECS: readonly (FamilySpec & { seed: number })[] = [
  { name: 'fx14d-200-s1.00-r4', days: 14, bookings: 200, supply: 1.0, quota: 'normal', routes: 4, seed: 1 },
  { name: 'fx14d-300-s0.50-r5', days: 14, bookings: 300, supply: 0.5, quota: 'normal', routes: 5, seed: 2 },
  {
    name: 'fx14d-300-s1.25-cong-r5',
    days: 14,
    bookings: 300,
    supply: 1.25,
    quota: 'congested',
    routes: 5,
    seed: 3,
  },
  { name: 'fx28d-400-s0.50-r6', days: 28, bookings: 400, supply: 0.5, quota: 'normal', routes: 6, seed: 4 },
  { name: 'fx28d-500-s1.00-r6', days: 28, bookings: 500, supply: 1.0, quota: 'normal', routes: 6, seed: 5 },
  { name: 'c14d-1000-s1.00', days: 14, bookings: 1000, supply: 1.0, quota: 'normal', seed: 1 },
];

const dir = fileURLToPath(new URL('../../../test/fixtures/consolidation/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const spec of SPECS) {
  const instance = generateConsolidation(spec, spec.seed);
  const h = await solveWithHighs(consolidationLp(instance).text, { timeLimitMs: 60_000 });
  const doc = {
    about: 'Reference optimum by HiGHS (npm highs, 60 s limit) on bench/plan/consolidation/model-lp.ts',
    highs: { status: h.status, objective: h.objective, bound: h.bound, ms: Math.round(h.ms) },
    instance,
  };
  writeFileSync(`${dir}${instance.id}.json`, `${JSON.stringify(doc)}\n`);
  console.log(instance.id, h.status, h.objective, h.bound, Math.round(h.ms), 'ms');
}
await stopHighsWorker();
