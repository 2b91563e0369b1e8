// Dev script: writes the shipped what-if scenarios to data/scenarios/gateway/ from the seeded
// instances of bench/gateway/scenarios.ts (October 2021 drop, July 2022 stop) and the routes of
// data/network/routes.json. Reproducible: npx tsx bench/gateway/write-scenarios.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayInstance } from '../../src/modules/gateway/contract';
import {
  assignRoutes,
  diffQuotas,
  parseScenario,
  SCENARIO_FORMAT,
  type Scenario,
} from '../../src/modules/gateway/scenario';
import { SCENARIOS } from './scenarios';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const META: Record<
  string,
  Pick<Scenario, 'title' | 'description' | 'sources'> & { reason: Scenario['title'] }
> = {
  'oct-2021': {
    title: {
      en: 'October 2021: Alashankou drop to 5–6 trains/day',
      zh: '2021 年 10 月：阿拉山口降至每天 5–6 列',
    },
    description: {
      en: 'From 18 October 2021 Kazakhstan-bound trains through Alashankou–Dostyk fell from 16 to 5–6 a day and about 150 trains waited. Khorgos kept 9–10 a day. Demand, priorities and the share of trains that may switch gateway are assumptions (see the baseline description).',
      zh: '自 2021 年 10 月 18 日起，经阿拉山口—多斯特克发往哈萨克斯坦的班列由每天 16 列降至 5–6 列，约 150 列等待；霍尔果斯保持每天 9–10 列。需求、优先级及可改走另一口岸的比例为假设（见基准说明）。',
    },
    sources: ['railfreight.com 2021-10-26', 'railfreight.com 2022-10-06'],
    reason: {
      en: 'Kazakhstan-bound trains cut from 16 to 5–6 a day (railfreight.com 2021-10-26)',
      zh: '发往哈萨克斯坦的班列由每天 16 列减至 5–6 列（railfreight.com 2021-10-26）',
    },
  },
  'jul-2022': {
    title: {
      en: 'July 2022: Alashankou transfers one train a day',
      zh: '2022 年 7 月：阿拉山口每天仅换装 1 列',
    },
    description: {
      en: 'In July 2022 one 50-container train a day was transferred at Alashankou against a backlog of 25,000 containers; the stop is assumed to last 14 days. Khorgos kept 9–10 a day. Demand and the 60 trains already waiting are assumptions.',
      zh: '2022 年 7 月阿拉山口每天仅换装一列 50 箱的班列，积压 2.5 万个集装箱；假设停运持续 14 天。霍尔果斯保持每天 9–10 列。需求及已等待的 60 列为假设。',
    },
    sources: ['index1520 2022-07'],
    reason: {
      en: 'One train a day transferred, 25,000 containers backlogged (index1520 2022-07)',
      zh: '每天仅换装一列，积压 2.5 万个集装箱（index1520 2022-07）',
    },
  },
};

const PAIRS: Array<[string, string, string]> = [
  ['oct-2021', 'oct-2021-baseline', 'oct-2021-drop'],
  ['jul-2022', 'jul-2022-baseline', 'jul-2022-stop'],
];

function byId(id: string): GatewayInstance & { startDate: string } {
  const s = SCENARIOS.find((x) => x.id === id);
  if (s === undefined || s.startDate === undefined) throw new Error(`no scenario ${id}`);
  return s as GatewayInstance & { startDate: string };
}

const routes = (
  JSON.parse(readFileSync(join(ROOT, 'data/network/routes.json'), 'utf8')) as {
    routes: Array<{ id: string; gateway: string | null }>;
  }
).routes;
const dir = join(ROOT, 'data/scenarios/gateway');
mkdirSync(dir, { recursive: true });
for (const [id, baseId, changedId] of PAIRS) {
  const meta = META[id];
  if (meta === undefined) throw new Error(id);
  const base = byId(baseId);
  const doc: Scenario = {
    format: SCENARIO_FORMAT,
    id,
    title: meta.title,
    description: meta.description,
    sources: meta.sources,
    baseline: base,
    changes: diffQuotas(base, byId(changedId), meta.reason),
    trainRoutes: assignRoutes(base, routes),
  };
  const checked = parseScenario(doc);
  if (!checked.ok) throw new Error(checked.error.message.en);
  const lines = Object.entries(doc).map(([k, v]) => {
    if (k === 'baseline') {
      const b = Object.entries(v as object).map(([bk, bv]) =>
        Array.isArray(bv)
          ? `    ${JSON.stringify(bk)}: [\n${bv.map((x) => `      ${JSON.stringify(x)}`).join(',\n')}\n    ]`
          : `    ${JSON.stringify(bk)}: ${JSON.stringify(bv)}`,
      );
      return `  "baseline": {\n${b.join(',\n')}\n  }`;
    }
    if (k === 'changes')
      return `  "changes": [\n${(v as unknown[]).map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  writeFileSync(join(dir, `${id}.json`), `{\n${lines.join(',\n')}\n}\n`);
  console.log(`wrote ${id}: ${doc.changes.length} changes, ${base.trains.length} trains`);
}
