// Writes the shipped what-if scenarios of issue 6 part 4 to test/fixtures/gateway/scenarios/: the
// October 2021 Alashankou capacity drop (16 → 5–6 trains/day, ~150 trains waiting) and the July 2022
// stop (one train a day transferred), each with its baseline. Facts: ../shared/DOMAIN.md; the demand
// mix, durations and priorities are assumptions, stated in each file's description. Seeded, so the
// files are reproducible: npx tsx bench/gateway/scenarios.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayInstance } from '../../src/modules/gateway/contract';
import { mulberry32 } from '../lib/prng';

const DAYS = 30;

interface Demand {
  /** Trains a day routed via Alashankou (AKL) and via Khorgos (HRS). */
  readonly akl: readonly [number, number];
  readonly hrs: readonly [number, number];
  /** Share of each stream that may switch to the other gateway (at 1 extra day). */
  readonly flexible: number;
  /** Trains already waiting on day 0 (AKL-routed). */
  readonly backlog: number;
}

function trains(seed: number, d: Demand): GatewayInstance['trains'] {
  const rng = mulberry32(seed);
  const out: GatewayInstance['trains'] = [];
  const add = (home: 'AKL' | 'HRS', day: number): void => {
    const other = home === 'AKL' ? 'HRS' : 'AKL';
    const options = [{ gateway: home, extraDays: 0 }];
    if (rng.chance(d.flexible)) options.push({ gateway: other, extraDays: 1 });
    // Weight: 1 bulk, 2–3 regular, 5 express/perishable (about 10 %).
    const weight = rng.chance(0.1) ? 5 : rng.int(1, 3);
    out.push({
      id: `${home}-${String(out.length + 1).padStart(4, '0')}`,
      arrivalDay: day,
      weight,
      maxDelayDays: 42,
      options,
    });
  };
  for (let k = 0; k < d.backlog; k++) add('AKL', 0);
  for (let day = 0; day < DAYS; day++) {
    const a = rng.int(d.akl[0], d.akl[1]);
    const h = rng.int(d.hrs[0], d.hrs[1]);
    for (let k = 0; k < a; k++) add('AKL', day);
    for (let k = 0; k < h; k++) add('HRS', day);
  }
  return out;
}

function quota(seed: number, pattern: (day: number, rng: ReturnType<typeof mulberry32>) => number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: DAYS }, (_, day) => pattern(day, rng));
}

const OCT_DEMAND: Demand = { akl: [15, 17], hrs: [8, 9], flexible: 0.3, backlog: 0 };
const OCT_DROP_DAY = 7;
const octDescription = (drop: boolean) => ({
  en: `October 2021${drop ? ' Alashankou capacity drop' : ' baseline'}. Day 0 = 2021-10-11. Alashankou (AKL) ${
    drop
      ? `16 trains/day on days 0–${OCT_DROP_DAY - 1}, then 5–6/day (Kazakhstan-bound trains fell from 16 to 5–6 a day, about 150 waiting: railfreight.com 2021-10-26)`
      : '16 trains/day all month'
  }; Khorgos (HRS) 9–10/day (railfreight.com 2022-10-06). Assumed demand: 15–17 AKL-routed and 8–9 HRS-routed trains a day, 30 % may switch gateway at 1 extra day; weights 1–3, 5 for express (10 %); unscheduled penalty 30 days.`,
  zh: `2021 年 10 月${drop ? '阿拉山口运力骤降' : '基准情景'}。第 0 天 = 2021-10-11。阿拉山口（AKL）${
    drop
      ? `第 0–${OCT_DROP_DAY - 1} 天每天 16 列，之后每天 5–6 列（发往哈萨克斯坦的班列由每天 16 列降至 5–6 列，约 150 列等待：railfreight.com 2021-10-26）`
      : '全月每天 16 列'
  }；霍尔果斯（HRS）每天 9–10 列。假设需求：每天经阿拉山口 15–17 列、经霍尔果斯 8–9 列，其中 30% 可改走另一口岸（多 1 天）；权重 1–3，快运 5（10%）；未排班惩罚 30 天。`,
});

function october(drop: boolean): GatewayInstance {
  return {
    format: 'lugang.gateway.instance/v1',
    id: drop ? 'oct-2021-drop' : 'oct-2021-baseline',
    days: DAYS,
    startDate: '2021-10-11',
    description: octDescription(drop),
    gateways: [
      { id: 'AKL', quota: quota(11, (day, rng) => (!drop || day < OCT_DROP_DAY ? 16 : rng.int(5, 6))) },
      { id: 'HRS', quota: quota(12, (_day, rng) => rng.int(9, 10)) },
    ],
    trains: trains(2021, OCT_DEMAND),
    unscheduledPenaltyDays: 30,
  };
}

const JUL_DEMAND: Demand = { akl: [12, 14], hrs: [8, 9], flexible: 0.2, backlog: 60 };
const JUL_STOP_DAYS = 14;
const julDescription = (stop: boolean) => ({
  en: `July 2022${stop ? ' Alashankou stop' : ' baseline'}. Day 0 = 2022-07-01. Alashankou (AKL) ${
    stop
      ? `transfers one train a day on days 0–${JUL_STOP_DAYS - 1} (25,000 import containers backlogged, one 50-container train a day: index1520), then 14/day (assumed reopening)`
      : '14 trains/day exchanged (railways.kz)'
  }; Khorgos (HRS) 9–10/day. Assumed demand: 60 AKL-routed trains already waiting on day 0, then 12–14 AKL-routed and 8–9 HRS-routed trains a day, 20 % may switch at 1 extra day; weights 1–3, 5 for express (10 %); unscheduled penalty 30 days.`,
  zh: `2022 年 7 月${stop ? '阿拉山口停运' : '基准情景'}。第 0 天 = 2022-07-01。阿拉山口（AKL）${
    stop
      ? `第 0–${JUL_STOP_DAYS - 1} 天每天仅换装 1 列（2.5 万个进口集装箱积压，每天一列 50 箱：index1520），之后每天 14 列（假设恢复）`
      : '每天交换 14 列（railways.kz）'
  }；霍尔果斯（HRS）每天 9–10 列。假设需求：第 0 天已有 60 列经阿拉山口的班列等待，之后每天经阿拉山口 12–14 列、经霍尔果斯 8–9 列，其中 20% 可改走另一口岸（多 1 天）；权重 1–3，快运 5（10%）；未排班惩罚 30 天。`,
});

function july(stop: boolean): GatewayInstance {
  return {
    format: 'lugang.gateway.instance/v1',
    id: stop ? 'jul-2022-stop' : 'jul-2022-baseline',
    days: DAYS,
    startDate: '2022-07-01',
    description: julDescription(stop),
    gateways: [
      { id: 'AKL', quota: quota(21, (day) => (stop && day < JUL_STOP_DAYS ? 1 : 14)) },
      { id: 'HRS', quota: quota(22, (_day, rng) => rng.int(9, 10)) },
    ],
    trains: trains(2022, JUL_DEMAND),
    unscheduledPenaltyDays: 30,
  };
}

/** Readable, diff-friendly JSON: one gateway or train per line. */
export function formatInstance(inst: GatewayInstance): string {
  const fields = Object.entries(inst).map(([k, v]) => {
    if (Array.isArray(v)) {
      return `  ${JSON.stringify(k)}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}

export const SCENARIOS: readonly GatewayInstance[] = [october(false), october(true), july(false), july(true)];

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'test',
    'fixtures',
    'gateway',
    'scenarios',
  );
  mkdirSync(dir, { recursive: true });
  for (const s of SCENARIOS) writeFileSync(join(dir, `${s.id}.json`), formatInstance(s));
  console.log(`wrote ${SCENARIOS.length} scenarios to ${dir}`);
}
