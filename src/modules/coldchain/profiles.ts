/**
 * Cargo temperature profiles: the carrying band of a reefer cargo, how long it may stay outside
 * before it is an alarm (tolerance), and the hysteresis that clears an alarm (back inside the band by
 * a margin, for a while). Pure: the shipped defaults cite their sources or say they are estimates.
 */
import { z } from 'zod';
import type { Violation } from '../../domain/result';

export interface Profile {
  readonly id: string;
  readonly nameEn: string;
  readonly nameZh: string;
  /** The carrying band, inclusive, °C. */
  readonly minC: number;
  readonly maxC: number;
  /** A reading outside the band for longer than this is an alarm. */
  readonly toleranceMinutes: number;
  /** To clear, readings must be inside the band narrowed by this margin on both sides … */
  readonly hysteresisC: number;
  /** … for at least this long. */
  readonly clearMinutes: number;
  /** A box silent (no reading) for longer than this is a "device silent" alarm; null/absent: the default. */
  readonly silentMinutes?: number | null;
  /** Where the band comes from; "EST" when it is our estimate. */
  readonly source: string;
  readonly estimate: boolean;
}

export const PROFILE_ID = /^[a-z0-9][a-z0-9-]{1,39}$/;

const temperature = z.number().min(-40).max(40);

export const profileInputSchema = z.object({
  nameEn: z.string().trim().min(1).max(100),
  nameZh: z.string().trim().min(1).max(100),
  minC: temperature.describe('lower bound of the carrying band, °C'),
  maxC: temperature.describe('upper bound of the carrying band, °C'),
  toleranceMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  hysteresisC: z.number().min(0).max(10).describe('clearing margin inside the band, °C'),
  clearMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .describe('time back inside the margin to clear'),
  silentMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .nullable()
    .default(null)
    .describe(
      'a box without readings for longer than this raises a "device silent" alarm; null: the platform default',
    ),
  source: z.string().trim().max(500).default(''),
  estimate: z.boolean().default(false),
});

export type ProfileInput = z.output<typeof profileInputSchema>;

/** Rules a profile must keep beyond its field types: a band, and a clearing band inside it. */
export function profileViolation(p: Pick<Profile, 'minC' | 'maxC' | 'hysteresisC'>): Violation | null {
  if (!(p.minC <= p.maxC))
    return {
      field: 'maxC',
      code: 'coldchain.profile.band',
      message: {
        en: `the band's upper bound ${p.maxC} °C is below its lower bound ${p.minC} °C`,
        zh: `温度带上限 ${p.maxC} °C 低于下限 ${p.minC} °C`,
      },
    };
  if (2 * p.hysteresisC > p.maxC - p.minC + 1e-9)
    return {
      field: 'hysteresisC',
      code: 'coldchain.profile.hysteresis',
      message: {
        en: `a hysteresis of ${p.hysteresisC} °C on both sides leaves no clearing band inside ${p.minC}…${p.maxC} °C (at most ${(p.maxC - p.minC) / 2} °C)`,
        zh: `回差 ${p.hysteresisC} °C（两侧）使 ${p.minC}…${p.maxC} °C 内没有解除区间（最大 ${(p.maxC - p.minC) / 2} °C）`,
      },
    };
  return null;
}

const CARGOHANDBOOK = 'Cargo Handbook (cargohandbook.com), commodity pages; WFLO Commodity Storage Manual';

/**
 * The corridor's reefer cargo (DOMAIN.md: Hami melons on the Turpan–Chongqing–Bangkok run, fruit
 * and vegetables both ways). Tolerances and hysteresis are operating choices, not physics: EST.
 */
export const DEFAULT_PROFILES: readonly Profile[] = [
  {
    id: 'hami-melon',
    nameEn: 'Hami melon / cantaloupe',
    nameZh: '哈密瓜',
    minC: 3,
    maxC: 4,
    toleranceMinutes: 30,
    hysteresisC: 0.2,
    clearMinutes: 15,
    source: `${CARGOHANDBOOK}: cantaloupe 3–4 °C, 85–95 % RH. Tolerance and hysteresis EST`,
    estimate: false,
  },
  {
    id: 'honeydew',
    nameEn: 'Honeydew melon',
    nameZh: '白兰瓜（蜜露瓜）',
    minC: 7,
    maxC: 10,
    toleranceMinutes: 60,
    hysteresisC: 0.5,
    clearMinutes: 15,
    source: `${CARGOHANDBOOK}: honeydew 7–10 °C, chilling-sensitive below 7 °C. Tolerance and hysteresis EST`,
    estimate: false,
  },
  {
    id: 'grapes',
    nameEn: 'Table grapes',
    nameZh: '鲜食葡萄',
    minC: -1,
    maxC: 1,
    toleranceMinutes: 30,
    hysteresisC: 0.3,
    clearMinutes: 15,
    source: `${CARGOHANDBOOK}: grapes −1…0 °C, 90–95 % RH (carried ≈0 °C; band ±1 °C EST). Tolerance and hysteresis EST`,
    estimate: false,
  },
  {
    id: 'pears',
    nameEn: 'Pears (Korla fragrant pear)',
    nameZh: '梨（库尔勒香梨）',
    minC: -1.5,
    maxC: 0.5,
    toleranceMinutes: 30,
    hysteresisC: 0.3,
    clearMinutes: 15,
    source: `${CARGOHANDBOOK}: pears −1 °C (−1.5…0.5 °C band EST). Tolerance and hysteresis EST`,
    estimate: false,
  },
  {
    id: 'apples',
    nameEn: 'Apples',
    nameZh: '苹果',
    minC: -1,
    maxC: 4,
    toleranceMinutes: 60,
    hysteresisC: 0.5,
    clearMinutes: 15,
    source: `${CARGOHANDBOOK}: apples −1…4 °C depending on variety. Tolerance and hysteresis EST`,
    estimate: false,
  },
  {
    id: 'tomatoes-fresh',
    nameEn: 'Fresh tomatoes (mature green)',
    nameZh: '鲜番茄（绿熟）',
    minC: 10,
    maxC: 13,
    toleranceMinutes: 60,
    hysteresisC: 0.5,
    clearMinutes: 15,
    source: `${CARGOHANDBOOK}: tomatoes, mature green 10–13 °C (chilling injury below 10 °C). Tolerance and hysteresis EST`,
    estimate: false,
  },
  {
    id: 'frozen',
    nameEn: 'Frozen food (meat, fish)',
    nameZh: '冷冻食品（肉类、鱼类）',
    minC: -25,
    maxC: -18,
    toleranceMinutes: 60,
    hysteresisC: 1,
    clearMinutes: 15,
    source:
      'Codex Alimentarius CXC 8-1976 (quick-frozen foods ≤ −18 °C); lower bound −25 °C EST. Tolerance and hysteresis EST',
    estimate: false,
  },
  {
    id: 'chilled-2-8',
    nameEn: 'Chilled 2–8 °C (pharmaceuticals, dairy)',
    nameZh: '冷藏 2–8 °C（药品、乳制品）',
    minC: 2,
    maxC: 8,
    toleranceMinutes: 15,
    hysteresisC: 0.5,
    clearMinutes: 10,
    source:
      'WHO TRS 961 Annex 9 (2011), storage of time- and temperature-sensitive pharmaceuticals: 2–8 °C. Tolerance and hysteresis EST',
    estimate: false,
  },
];

/** HS heading prefixes → the shipped profile their cargo implies (longest prefix wins). */
const HS_PROFILES: ReadonlyArray<readonly [string, string]> = [
  ['080711', 'honeydew'], // watermelons: carried like honeydew, 7–10 °C (EST)
  ['0807', 'hami-melon'], // melons (Hami melon, cantaloupe); honeydew must be chosen by hand
  ['0806', 'grapes'],
  ['080830', 'pears'],
  ['080810', 'apples'],
  ['0808', 'apples'],
  ['0702', 'tomatoes-fresh'],
  ['02', 'frozen'], // meat: frozen on this corridor unless the setpoint says otherwise
  ['03', 'frozen'],
  ['0401', 'chilled-2-8'],
  ['0402', 'chilled-2-8'],
  ['0403', 'chilled-2-8'],
  ['0405', 'chilled-2-8'],
  ['0406', 'chilled-2-8'],
  ['3002', 'chilled-2-8'],
  ['3004', 'chilled-2-8'],
];

/**
 * The profile a booking's cargo implies: a setpoint at or below −15 °C means frozen; otherwise the
 * HS code's longest matching heading. Null when nothing fits (a person chooses).
 */
export function suggestProfile(cargo: {
  hsCode?: string | undefined;
  setpointC?: number | undefined;
}): string | null {
  if (cargo.setpointC !== undefined && cargo.setpointC <= -15) return 'frozen';
  const hs = (cargo.hsCode ?? '').replace(/\D/g, '');
  if (hs.length < 2) return null;
  let best: readonly [string, string] | null = null;
  for (const entry of HS_PROFILES)
    if (hs.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best ? best[1] : null;
}
