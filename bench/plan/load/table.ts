// Prints the load-plan part of bench/results/plan.json as a Markdown table (for bench/README.md).
// Usage: npx tsx bench/plan/load/table.ts [path/to/plan.json]
import { readFileSync } from 'node:fs';
import type { FamilyRow } from './run';

interface LoadResult {
  summary: Record<string, unknown>;
  families: FamilyRow[];
}

const path = process.argv[2] ?? new URL('../../results/plan.json', import.meta.url).pathname;
const load = (JSON.parse(readFileSync(path, 'utf8')) as { load?: LoadResult }).load;
if (load === undefined) throw new Error(`no "load" section in ${path}`);
const lines = [
  '| family | n | Lugang optimal | Lugang objective | HiGHS objective | HiGHS bound | HiGHS optimal | max gap % | Lugang p50 / p95 ms (wall) | Lugang p95 CPU ms | HiGHS p50 / p95 ms |',
  '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
];
for (const f of load.families) {
  lines.push(
    `| ${f.family} | ${f.instances} | ${f.optimal} | ${f.objective} | ${f.highsObjective ?? '–'} | ${f.highsBound ?? '–'} | ${f.highsOptimal} | ${f.maxGapPct} | ${f.ms.p50} / ${f.ms.p95} | ${f.cpuMs.p95} | ${f.highsMs ? `${f.highsMs.p50} / ${f.highsMs.p95}` : '–'} |`,
  );
}
console.log(lines.join('\n'));
console.log(`\nsummary: ${JSON.stringify(load.summary)}`);
