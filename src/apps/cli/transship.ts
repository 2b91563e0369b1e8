/**
 * `lugang plan transship --input F [--json]`: a lugang.transshipment.instance/v1 document (the arriving
 * trains with their boxes) in; the re-load onto trains of the other gauge, the crane moves and their
 * time out. Pure planning, no database: either direction (to-1520 at Dostyk, to-1435 at Alashankou).
 */
import { readFile } from 'node:fs/promises';
import type { Locale } from '../../domain/text';
import { parseTransshipDocument } from '../../modules/transshipment/contract';
import { planTransshipment } from '../../modules/transshipment/plan';
import { InputError, printViolation, readSecret } from './io';

export async function runTransship(
  opts: { input: string; json?: boolean; timeLimitMs?: string },
  locale: Locale,
): Promise<void> {
  let text: string;
  try {
    text = opts.input === '-' ? ((await readSecret()) ?? '') : await readFile(opts.input, 'utf8');
  } catch (err) {
    throw new InputError(
      `--input: cannot read ${opts.input} (${(err as NodeJS.ErrnoException).code ?? 'error'}) / 无法读取 ${opts.input}`,
    );
  }
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
  const timeLimitMs = opts.timeLimitMs === undefined ? 1000 : Number(opts.timeLimitMs);
  if (!Number.isInteger(timeLimitMs) || timeLimitMs < 1)
    throw new InputError('--time-limit-ms: a positive integer / 须为正整数');
  const parsed = parseTransshipDocument(doc);
  if (!parsed.ok) throw new InputError(printViolation(parsed.error, locale));
  const plan = planTransshipment(parsed.value, { now: () => performance.now() }, { timeLimitMs });
  if (opts.json) {
    const { formed, ...rest } = plan;
    console.log(JSON.stringify({ ...rest, formed: formed.map(({ loadPlan: _, ...f }) => f) }, null, 2));
    return;
  }
  const s = plan.summary;
  const zh = locale === 'zh';
  const from = plan.arriving.map((a) => a.wagons).join(' + ');
  const to = plan.formed.map((f) => f.wagons.length).join(' + ');
  console.log(
    zh
      ? `${plan.fromGaugeMm} → ${plan.toGaugeMm} 毫米：${plan.arriving.length} 列（${from} 车）→ ${plan.formed.length} 列（${to} 车）`
      : `${plan.fromGaugeMm} → ${plan.toGaugeMm} mm: ${plan.arriving.length} trains (${from} wagons) → ${plan.formed.length} trains (${to} wagons)`,
  );
  for (const f of plan.formed)
    console.log(
      `  ${f.reference}: ${f.wagons.length} ${zh ? '辆' : 'wagons'}, ${f.boxes} ${zh ? '箱' : 'boxes'}, ${f.teu} TEU, ${Math.round(f.cargoKg / 1000)} t, ${Math.round(f.lengthMm / 1000)} m`,
    );
  console.log(
    zh
      ? `起重机作业 ${s.moves} 次（车对车 ${s.direct}，经堆场 ${s.viaYard}，留堆场 ${s.held}），${s.cranes} 台 × 每小时 ${s.movesPerCraneHour} 次，${s.minutes} 分钟：${plan.startAt} 至 ${plan.endAt}`
      : `${s.moves} crane moves (${s.direct} wagon to wagon, ${s.viaYard} via the yard, ${s.held} held), ${s.cranes} cranes × ${s.movesPerCraneHour}/h, ${s.minutes} min: ${plan.startAt} to ${plan.endAt}`,
  );
  for (const h of plan.held)
    console.log(`  ${zh ? '留堆场' : 'held'} ${h.box}: ${zh ? h.reason.zh : h.reason.en}`);
}
