// Sums the vitest JSON reports of every tier and the plain checks into one closing line:
// `N passed, N failed` (with `, N skipped`), and exits non-zero when anything failed or a tier
// produced no report (a tier that crashed before reporting counts as one failure).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [out, ...checks] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const tier of ['unit', 'pg', 'e2e']) {
  const file = join(out, `${tier}.json`);
  if (!existsSync(file)) {
    failed += 1;
    lines.push(`${tier}: no report (the tier did not run to the end)`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // files that failed without a failed test (an import error, a crashed hook) count once each
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenFiles;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  lines.push(
    `${tier}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${brokenFiles} files that failed to run`,
  );
  if (r.numTotalTests === 0) {
    failed += 1;
    lines.push(`${tier}: ran no test`);
  }
}
for (const c of checks) {
  const [name, verdict] = c.split(':');
  if (verdict === 'pass') passed += 1;
  else failed += 1;
  lines.push(`${name}: ${verdict}`);
}
// the crash harness's figures (its pass/fail is one of the checks above)
const crash = join(out, 'crash.json');
if (existsSync(crash)) {
  try {
    const c = JSON.parse(readFileSync(crash, 'utf8'));
    lines.push(
      `crash-ingest: ${c.cycles} kill -9 cycles per engine, ${c.acked} acknowledged, ${c.lost} lost, ${c.duplicated} duplicated`,
    );
  } catch {
    lines.push('crash-ingest: no figures (crash.json unreadable)');
  }
}
console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
