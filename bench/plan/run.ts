// `npm run bench:plan`: thin dispatcher over the planner benchmarks. Runs bench/plan/load/run.ts and,
// when present, bench/plan/consolidation/run.ts (each exports `run(argv)` returning its result object),
// one after the other, and writes bench/results/plan.json as { "load": …, "consolidation": … }.
// Flags are passed through (--quick, --json, …).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Runner = (argv: readonly string[]) => Promise<unknown>;

async function load(rel: string): Promise<Runner | null> {
  const url = new URL(rel, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return null;
  const mod = (await import(url.href)) as { run?: Runner; default?: Runner };
  return mod.run ?? mod.default ?? null;
}

const argv = process.argv.slice(2);
const out = new URL('../results/plan.json', import.meta.url);
const outPath = fileURLToPath(out);
let merged: Record<string, unknown> = {};
if (existsSync(outPath)) {
  try {
    merged = JSON.parse(readFileSync(outPath, 'utf8')) as Record<string, unknown>;
  } catch {
    merged = {};
  }
}
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
for (const name of ['load', 'consolidation'] as const) {
  if (only !== undefined && only !== name) continue;
  const runner = await load(`./${name}/run.ts`);
  if (runner === null) continue;
  merged[name] = await runner(argv);
}
mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(merged, null, 2)}\n`);
if (argv.includes('--json')) console.log(JSON.stringify(merged, null, 2));
else console.log(`\nwrote ${outPath}`);
