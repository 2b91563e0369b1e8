// Seeded generator of train load-plan instances (contracts/planning.md §1) in the families of issue 3:
// CN section 41/50/55 NX70A; 1520 section 61–62 FEU on 1520 platforms (13-9744-06, 13-1258-01,
// 13-6724); EU Sggrss 80' articulated trains of 650/740 m (three bogies); supply/capacity 1.0, 1.05,
// 1.25 in TEU; light and heavy weights; ~5 % dangerous goods.
import type { LoadPlanInstance } from '../../../src/modules/planning/load/contract';
import { mulberry32, type Prng } from '../../lib/prng';

export type Section = 'cn41' | 'cn50' | 'cn55' | 'r1520' | 'eu650' | 'eu740';
export type Weights = 'light' | 'heavy';

export interface FamilySpec {
  readonly section: Section;
  readonly ratio: number;
  readonly weights: Weights;
}

export const SECTIONS: readonly Section[] = ['cn41', 'cn50', 'cn55', 'r1520', 'eu650', 'eu740'];
export const RATIOS = [1.0, 1.05, 1.25] as const;
export const WEIGHTS: readonly Weights[] = ['light', 'heavy'];

export function familyName(f: FamilySpec): string {
  return `${f.section}-r${f.ratio.toFixed(2)}-${f.weights}`;
}

type WagonTypeDoc = LoadPlanInstance['wagonTypes'][number];

export const NX70A: WagonTypeDoc = {
  code: 'NX70A',
  gaugeMm: 1435,
  lengthMm: 13970,
  tareKg: 23800,
  maxPayloadKg: 70000,
  platforms: [{ lengthFt: 45, maxKg: 70000 }],
  bogies: [],
};

/** 80' fitting platform on 1520 mm: two 40' places, 73 t payload. */
export const W13_9744_06: WagonTypeDoc = {
  code: '13-9744-06',
  gaugeMm: 1520,
  lengthMm: 25620,
  tareKg: 22000,
  maxPayloadKg: 73000,
  platforms: [
    { lengthFt: 40, maxKg: 60000 },
    { lengthFt: 40, maxKg: 60000 },
  ],
  bogies: [],
};

export const W13_1258_01: WagonTypeDoc = {
  code: '13-1258-01',
  gaugeMm: 1520,
  lengthMm: 14620,
  tareKg: 21000,
  maxPayloadKg: 72000,
  platforms: [{ lengthFt: 40, maxKg: 72000 }],
  bogies: [],
};

export const W13_6724: WagonTypeDoc = {
  code: '13-6724',
  gaugeMm: 1520,
  lengthMm: 16400,
  tareKg: 22000,
  maxPayloadKg: 80000,
  platforms: [{ lengthFt: 46, maxKg: 80000 }],
  bogies: [],
};

/** Sggrss 80' articulated: two 40' platforms on three bogies; the middle bogie carries both halves. */
export const SGGRSS80: WagonTypeDoc = {
  code: 'Sggrss80',
  gaugeMm: 1435,
  lengthMm: 26700,
  tareKg: 27000,
  maxPayloadKg: 104000,
  platforms: [
    { lengthFt: 40, maxKg: 54000 },
    { lengthFt: 40, maxKg: 54000 },
  ],
  bogies: [
    { maxKg: 36000, share: { '0.F': 0.5, '0.A': 0.75, '0.B': 0.25 } },
    { maxKg: 36000, share: { '0.F': 0.5, '0.A': 0.25, '0.B': 0.75, '1.F': 0.5, '1.A': 0.75, '1.B': 0.25 } },
    { maxKg: 36000, share: { '1.F': 0.5, '1.A': 0.25, '1.B': 0.75 } },
  ],
};

const OWNERS = ['CSQU', 'TGHU', 'MSCU', 'CBHU', 'TCNU', 'FCIU', 'OOLU', 'BMOU'];

/** ISO 6346 check digit. */
export function checkDigit(code10: string): number {
  const val = (ch: string): number => {
    if (/[0-9]/.test(ch)) return Number(ch);
    const n = ch.charCodeAt(0) - 55; // A = 10
    return n + Math.floor((n - 1) / 10); // skip multiples of 11
  };
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += val(code10[i] as string) * 2 ** i;
  return (sum % 11) % 10;
}

function containerId(rng: Prng, used: Set<string>): string {
  for (;;) {
    const code = `${rng.pick(OWNERS)}${String(rng.int(0, 999999)).padStart(6, '0')}`;
    const id = `${code}${checkDigit(code)}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

interface Train {
  readonly types: WagonTypeDoc[];
  readonly wagons: { id: string; type: string }[];
  readonly rules: LoadPlanInstance['rules'];
  readonly allow45: boolean;
}

function train(section: Section, rng: Prng): Train {
  const wagons: { id: string; type: string }[] = [];
  const add = (t: WagonTypeDoc): void => {
    wagons.push({ id: String(wagons.length + 1).padStart(2, '0'), type: t.code });
  };
  const cnRules = {
    twentyFootMustPair: true,
    pairMaxDiffKg: 5000,
    twentyFootMaxKg: 24000,
    trainMaxCargoKg: 1_300_000,
    dgFirstWagonsForbidden: 2,
    dgAdjacentWagonsForbidden: true,
  };
  if (section === 'cn41' || section === 'cn50' || section === 'cn55') {
    const n = Number(section.slice(2));
    for (let i = 0; i < n; i++) add(NX70A);
    return { types: [NX70A], wagons, rules: cnRules, allow45: true };
  }
  if (section === 'r1520') {
    const feu = rng.int(61, 62);
    let places = 0;
    while (places < feu) {
      const r = rng.next();
      if (r < 0.4 && feu - places >= 2) {
        add(W13_9744_06);
        places += 2;
      } else if (r < 0.8) {
        add(W13_1258_01);
        places += 1;
      } else {
        add(W13_6724);
        places += 1;
      }
    }
    return {
      types: [W13_9744_06, W13_1258_01, W13_6724],
      wagons,
      rules: { ...cnRules, trainMaxCargoKg: 1_800_000 },
      allow45: true,
    };
  }
  const lengthM = section === 'eu650' ? 650 : 740;
  const n = Math.floor((lengthM - 20) / (SGGRSS80.lengthMm / 1000));
  for (let i = 0; i < n; i++) add(SGGRSS80);
  return {
    types: [SGGRSS80],
    wagons,
    rules: {
      ...cnRules,
      twentyFootMustPair: false,
      trainMaxCargoKg: section === 'eu650' ? 1_150_000 : 1_300_000,
    },
    allow45: false,
  };
}

/** One instance of a family; the same (family, seed) always gives the same document. */
export function generateInstance(f: FamilySpec, seed: number): LoadPlanInstance {
  const rng = mulberry32(seed * 7919 + SECTIONS.indexOf(f.section) * 104729 + Math.round(f.ratio * 100));
  const t = train(f.section, rng);
  const typeOf = new Map(t.types.map((x) => [x.code, x]));
  let capacityTeu = 0;
  for (const w of t.wagons) capacityTeu += 2 * (typeOf.get(w.type)?.platforms.length ?? 0);
  const targetTeu = Math.round(capacityTeu * f.ratio);
  const used = new Set<string>();
  const containers: LoadPlanInstance['containers'] = [];
  let teu = 0;
  const heavy = f.weights === 'heavy';
  while (teu < targetTeu) {
    const r = rng.next();
    const len: 20 | 40 | 45 = r < 0.3 ? 20 : r < 0.9 || !t.allow45 ? 40 : 45;
    let kg: number;
    if (len === 20) kg = heavy ? rng.int(14000, 24500) : rng.int(3000, 18000);
    else kg = heavy ? rng.int(18000, 30480) : rng.int(4000, 22000);
    kg = Math.round(kg / 10) * 10;
    const base = len === 20 ? 100 : len === 40 ? 200 : 230;
    const reefer = rng.chance(0.08);
    const value = Math.round(base * (0.7 + 0.8 * rng.next()) + (reefer ? 40 : 0));
    const dg = rng.chance(0.05) ? { un: rng.pick(['1263', '1866', '3082', '1170']), class: '3' } : null;
    containers.push({ id: containerId(rng, used), lengthFt: len, grossKg: kg, value, dg, reefer });
    teu += len === 20 ? 1 : 2;
  }
  return {
    format: 'lugang.load-plan.instance/v1',
    id: `${familyName(f)}-${String(seed).padStart(3, '0')}`,
    rules: t.rules,
    wagonTypes: t.types,
    wagons: t.wagons,
    containers,
  };
}

export function allFamilies(): FamilySpec[] {
  const out: FamilySpec[] = [];
  for (const section of SECTIONS)
    for (const ratio of RATIOS) for (const weights of WEIGHTS) out.push({ section, ratio, weights });
  return out;
}

/**
 * Small mixed trains with random rules, many 20-ft boxes, 20 % dangerous goods and a tight weight
 * limit: the stress set for tests (stored with HiGHS optima in test/fixtures/load-plan/).
 */
export function stressInstance(seed: number): LoadPlanInstance {
  const rng = mulberry32(seed * 15485863 + 17);
  const types = [NX70A, W13_9744_06, W13_1258_01, W13_6724, SGGRSS80];
  const nWagons = rng.int(5, 10);
  const wagons = Array.from({ length: nWagons }, (_, i) => ({
    id: `S${String(i + 1).padStart(2, '0')}`,
    type: rng.pick(types).code,
  }));
  const used = new Set<string>();
  const containers: LoadPlanInstance['containers'] = [];
  const nBoxes = rng.int(nWagons * 2, nWagons * 4);
  let totalKg = 0;
  for (let i = 0; i < nBoxes; i++) {
    const r = rng.next();
    const len: 20 | 30 | 40 | 45 = r < 0.5 ? 20 : r < 0.55 ? 30 : r < 0.9 ? 40 : 45;
    const kg = Math.round(rng.int(len === 20 ? 3000 : 5000, len === 20 ? 25000 : 30480) / 10) * 10;
    totalKg += kg;
    const value = Math.round((len === 20 ? 100 : 200) * (0.6 + rng.next()));
    const dg = rng.chance(0.2) ? { un: '1263', class: '3' } : null;
    containers.push({
      id: containerId(rng, used),
      lengthFt: len,
      grossKg: kg,
      value,
      dg,
      reefer: rng.chance(0.1),
    });
  }
  return {
    format: 'lugang.load-plan.instance/v1',
    id: `stress-${String(seed).padStart(3, '0')}`,
    rules: {
      twentyFootMustPair: rng.chance(0.5),
      pairMaxDiffKg: rng.int(2, 6) * 1000,
      twentyFootMaxKg: 24000,
      trainMaxCargoKg: Math.round((totalKg * (0.4 + 0.4 * rng.next())) / 1000) * 1000,
      dgFirstWagonsForbidden: rng.int(0, 3),
      dgAdjacentWagonsForbidden: rng.chance(0.7),
    },
    wagonTypes: types.filter((t) => wagons.some((w) => w.type === t.code)),
    wagons,
    containers,
  };
}
