/** `lugang plan load|consolidate|gateway --input F [--json]`: a contract document in, its solution out. */
import { readFile } from 'node:fs/promises';
import type { Locale } from '../../domain/text';
import { type PlanKind, solvePlanDocument } from '../../modules/planning/service';
import { InputError, printViolation, readSecret } from './io';

async function readInput(path: string): Promise<string> {
  if (path === '-') return (await readSecret()) ?? '';
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(
      `--input: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}) / 无法读取 ${path}`,
    );
  }
}

interface SolutionLike {
  status?: string;
  objective?: number;
  bound?: number | null;
  solveMs?: number;
  [key: string]: unknown;
}

export async function runPlan(
  kind: PlanKind,
  opts: { input: string; json?: boolean; timeLimitMs?: string },
  locale: Locale,
): Promise<void> {
  const text = await readInput(opts.input);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(
      locale === 'zh'
        ? `input：不是有效的 JSON（${(err as Error).message}）`
        : `input: not valid JSON (${(err as Error).message})`,
    );
  }
  let timeLimitMs: number | undefined;
  if (opts.timeLimitMs !== undefined) {
    timeLimitMs = Number(opts.timeLimitMs);
    if (!Number.isInteger(timeLimitMs) || timeLimitMs < 1)
      throw new InputError('--time-limit-ms: a positive integer / 须为正整数');
  }
  const result = solvePlanDocument(kind, doc, { timeLimitMs });
  if (!result.ok) throw new InputError(printViolation(result.error, locale));
  const s = result.value as SolutionLike;
  if (opts.json) {
    console.log(JSON.stringify(s, null, 2));
    return;
  }
  const lists = Object.entries(s).filter(([, v]) => Array.isArray(v)) as Array<[string, unknown[]]>;
  const zh = locale === 'zh';
  console.log(
    zh
      ? `状态 ${s.status}，目标值 ${s.objective}，上/下界 ${s.bound ?? '—'}，用时 ${s.solveMs} 毫秒`
      : `status ${s.status}, objective ${s.objective}, bound ${s.bound ?? '—'}, ${s.solveMs} ms`,
  );
  for (const [name, items] of lists) console.log(`  ${name}: ${items.length}`);
  const reasons = lists.filter(([name]) => /^un/.test(name)).flatMap(([, items]) => items) as Array<
    Record<string, string>
  >;
  for (const r of reasons.slice(0, 20)) {
    const id = r.container ?? r.booking ?? r.train ?? '';
    console.log(`  - ${id}: ${r.reason}`);
  }
  if (reasons.length > 20)
    console.log(zh ? `  ……另有 ${reasons.length - 20} 条` : `  … ${reasons.length - 20} more`);
  console.log(zh ? '（用 --json 输出完整的解文档）' : '(use --json for the full solution document)');
}
