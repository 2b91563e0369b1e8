// ISO 6346 (1995) size-type codes such as 22G1, 42G1, 45R1, L5G1: read from the code's structure
// (length character, height character, type group letter, detail digit) rather than a fixed list,
// so any valid combination is understood and an impossible one is rejected with the reason.
import { fail, ok, type Result } from '../result';
import { type Bilingual, bilingual } from '../text';
import { LENGTH_MM, type LengthFt, teuForLength } from './units';

export type ContainerKind =
  | 'dry'
  | 'reefer'
  | 'open-top'
  | 'flat'
  | 'tank'
  | 'bulk'
  | 'ventilated'
  | 'platform';

export interface SizeType {
  /** Normalized, e.g. `45G1`. */
  readonly code: string;
  readonly lengthFt: LengthFt;
  readonly lengthMm: number;
  /** Nominal external height; see `heightExact`. */
  readonly heightMm: number;
  /** False for height code 6 (taller than 2896 mm: heightMm is the lower bound) and 9 (≤ 1219 mm: upper bound). */
  readonly heightExact: boolean;
  /** 9'6" (2896 mm) or taller. */
  readonly highCube: boolean;
  readonly kind: ContainerKind;
  /** Type group letter and detail digit, e.g. `G1`. */
  readonly typeCode: string;
  readonly teu: number;
  readonly name: Bilingual;
  /** What the detail digit says, e.g. "passive vents at upper part of cargo space". */
  readonly typeDescription: Bilingual;
}

/** First character: length. Only the lengths that run on the network; 10', 24' etc. are refused. */
const LENGTH_CODES: Readonly<Record<string, LengthFt>> = { '2': 20, '3': 30, '4': 40, L: 45 };

/** Second character: height (for the standard 2438 mm width). */
const HEIGHT_CODES: Readonly<Record<string, { mm: number; exact: boolean; label: string }>> = {
  '0': { mm: 2438, exact: true, label: `8'` },
  '2': { mm: 2591, exact: true, label: `8'6"` },
  '4': { mm: 2743, exact: true, label: `9'` },
  '5': { mm: 2896, exact: true, label: `9'6"` },
  '6': { mm: 2896, exact: false, label: `>9'6"` },
  '8': { mm: 1295, exact: true, label: `4'3"` },
  '9': { mm: 1219, exact: false, label: `≤4'` },
};

interface TypeGroup {
  readonly kind: (detail: number) => ContainerKind;
  readonly name: Bilingual;
  readonly details: Readonly<Record<number, Bilingual>>;
}

const b = bilingual;

const TYPE_GROUPS: Readonly<Record<string, TypeGroup>> = {
  G: {
    kind: () => 'dry',
    name: b('general purpose (dry)', '通用干货箱'),
    details: {
      0: b('openings at one or both ends', '一端或两端开门'),
      1: b('passive vents at upper part of cargo space', '箱体上部设有透气孔'),
      2: b('openings at one or both ends and full openings on one or both sides', '端门及一侧或两侧全开门'),
      3: b(
        'openings at one or both ends and partial openings on one or both sides',
        '端门及一侧或两侧部分开门',
      ),
    },
  },
  V: {
    kind: () => 'ventilated',
    name: b('ventilated', '通风箱'),
    details: {
      0: b('non-mechanical vents at lower and upper parts of cargo space', '箱体上下部非机械通风'),
      2: b('mechanical ventilation, internal', '内置机械通风'),
      4: b('mechanical ventilation, external', '外置机械通风'),
    },
  },
  B: {
    kind: () => 'bulk',
    name: b('dry bulk', '散货箱'),
    details: {
      0: b('non-pressurized, closed', '非承压，封闭式'),
      1: b('non-pressurized, airtight', '非承压，气密式'),
      3: b('pressurized, horizontal discharge, test pressure 150 kPa', '承压，水平卸货，试验压力 150 kPa'),
      4: b('pressurized, horizontal discharge, test pressure 265 kPa', '承压，水平卸货，试验压力 265 kPa'),
      5: b('pressurized, tipping discharge, test pressure 150 kPa', '承压，倾翻卸货，试验压力 150 kPa'),
      6: b('pressurized, tipping discharge, test pressure 265 kPa', '承压，倾翻卸货，试验压力 265 kPa'),
    },
  },
  R: {
    kind: () => 'reefer',
    name: b('reefer', '冷藏箱'),
    details: {
      0: b('mechanically refrigerated', '机械制冷'),
      1: b('mechanically refrigerated and heated', '机械制冷及加热'),
      2: b('self-powered, refrigerated', '自带动力制冷'),
      3: b('self-powered, refrigerated and heated', '自带动力制冷及加热'),
    },
  },
  U: {
    kind: () => 'open-top',
    name: b('open top', '开顶箱'),
    details: {
      0: b('openings at one or both ends', '一端或两端开门'),
      1: b('openings at one or both ends, removable top members in end frames', '端门，端框顶梁可拆'),
      2: b('openings at one or both ends and one or both sides', '端门及一侧或两侧开门'),
      3: b(
        'openings at one or both ends and one or both sides, removable top members in end frames',
        '端门及侧门，端框顶梁可拆',
      ),
      4: b(
        'openings at one or both ends, partial on one side and full on the other',
        '端门，一侧部分开、另一侧全开',
      ),
      5: b('complete, fixed side and end walls (no doors)', '侧壁端壁固定完整（无门）'),
    },
  },
  P: {
    kind: (detail) => (detail === 0 ? 'platform' : 'flat'),
    name: b('platform or flat rack', '平台箱或框架箱'),
    details: {
      0: b('platform (plain, no superstructure)', '平台（无上部结构）'),
      1: b('two complete and fixed ends', '两端固定完整端壁'),
      2: b('fixed posts, free-standing or with removable top member', '固定角柱（独立或带可拆顶梁）'),
      3: b('folding complete end structure', '可折叠完整端壁'),
      4: b('folding posts, free-standing or with removable top member', '可折叠角柱'),
      5: b('open top, open ends (skeletal)', '开顶开端（骨架式）'),
    },
  },
  T: {
    kind: () => 'tank',
    name: b('tank', '罐式箱'),
    details: {
      0: b('non-dangerous liquids, minimum test pressure 45 kPa', '非危险液体，最低试验压力 45 kPa'),
      1: b('non-dangerous liquids, minimum test pressure 150 kPa', '非危险液体，最低试验压力 150 kPa'),
      2: b('non-dangerous liquids, minimum test pressure 265 kPa', '非危险液体，最低试验压力 265 kPa'),
      3: b('dangerous liquids, minimum test pressure 150 kPa', '危险液体，最低试验压力 150 kPa'),
      4: b('dangerous liquids, minimum test pressure 265 kPa', '危险液体，最低试验压力 265 kPa'),
      5: b('dangerous liquids, minimum test pressure 400 kPa', '危险液体，最低试验压力 400 kPa'),
      6: b('dangerous liquids, minimum test pressure 600 kPa', '危险液体，最低试验压力 600 kPa'),
      7: b('gases, minimum test pressure 910 kPa', '气体，最低试验压力 910 kPa'),
      8: b('gases, minimum test pressure 2200 kPa', '气体，最低试验压力 2200 kPa'),
      9: b('gases, minimum test pressure to be decided', '气体，最低试验压力待定'),
    },
  },
};

/** ISO 6346 groups that exist but that the platform does not model (no `kind` for them yet). */
const UNSUPPORTED_GROUPS: Readonly<Record<string, Bilingual>> = {
  H: b('thermal (insulated, or with removable refrigeration equipment)', '保温箱（隔热或可拆卸制冷设备）'),
  S: b('named cargo (livestock, automobile, live fish)', '专用货物箱（牲畜、汽车、活鱼）'),
  A: b('air/surface', '空陆联运箱'),
};

const KIND_NAMES: Readonly<Record<ContainerKind, Bilingual>> = {
  dry: b('dry', '干货箱'),
  reefer: b('reefer', '冷藏箱'),
  'open-top': b('open top', '开顶箱'),
  flat: b('flat rack', '框架箱'),
  tank: b('tank', '罐式箱'),
  bulk: b('dry bulk', '散货箱'),
  ventilated: b('ventilated', '通风箱'),
  platform: b('platform', '平台箱'),
};

/** The codes every booking form offers first (the common boxes of the China–Europe trains). */
export const COMMON_SIZE_TYPES: readonly string[] = [
  '22G1',
  '22G0',
  '25G1',
  '22R1',
  '22U1',
  '22P1',
  '22T1',
  '22B1',
  '22V0',
  '42G1',
  '45G1',
  '42R1',
  '45R1',
  '42U1',
  '42P1',
  '45U1',
  '42T1',
  'L5G1',
  'L5R1',
];

function bad(
  field: string,
  code: string,
  input: string,
  en: string,
  zh: string,
  details?: Record<string, unknown>,
) {
  return fail<SizeType>({
    field,
    code,
    message: b(`${input}: ${en}`, `${input}：${zh}`),
    ...(details ? { details } : {}),
  });
}

/**
 * Parses an ISO 6346 (1995) size-type code. Failures: `size_type.format` (not 4 characters of
 * [0-9A-Z]), `size_type.length`, `size_type.height`, `size_type.type` (group unknown or unsupported, or
 * detail digit not defined for the group).
 */
export function parseSizeType(input: string, field = ''): Result<SizeType> {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-Z]{2}[A-Z][0-9]$/.test(code)) {
    return bad(
      field,
      'size_type.format',
      code,
      'a size-type code has 4 characters: length, height, type letter, digit (e.g. 22G1, 45R1, L5G1)',
      '箱型尺寸代码应为 4 位：长度、高度、类型字母、数字（如 22G1、45R1、L5G1）',
    );
  }
  const lengthFt = LENGTH_CODES[code[0]!];
  if (lengthFt === undefined) {
    return bad(
      field,
      'size_type.length',
      code,
      `length code "${code[0]}" is not one of 2 (20'), 3 (30'), 4 (40'), L (45')`,
      `长度代码“${code[0]}”应为 2（20 英尺）、3（30 英尺）、4（40 英尺）或 L（45 英尺）`,
      { allowed: Object.keys(LENGTH_CODES) },
    );
  }
  const height = HEIGHT_CODES[code[1]!];
  if (height === undefined) {
    return bad(
      field,
      'size_type.height',
      code,
      `height code "${code[1]}" is not one of 0 (8'), 2 (8'6"), 4 (9'), 5 (9'6"), 6 (>9'6"), 8 (4'3"), 9 (≤4')`,
      `高度代码“${code[1]}”应为 0、2、4、5、6、8 或 9`,
      { allowed: Object.keys(HEIGHT_CODES) },
    );
  }
  const groupLetter = code[2]!;
  const group = TYPE_GROUPS[groupLetter];
  const unsupported = UNSUPPORTED_GROUPS[groupLetter];
  if (group === undefined && unsupported !== undefined) {
    return bad(
      field,
      'size_type.type',
      code,
      `type group "${groupLetter}" (${unsupported.en}) is valid ISO 6346 but not handled by Lugang`,
      `类型组“${groupLetter}”（${unsupported.zh}）符合 ISO 6346，但陆港平台暂不支持`,
      { allowed: Object.keys(TYPE_GROUPS) },
    );
  }
  if (group === undefined) {
    return bad(
      field,
      'size_type.type',
      code,
      `type group "${groupLetter}" is not one of G (dry), V (ventilated), B (bulk), R (reefer), U (open top), P (platform/flat), T (tank)`,
      `类型组“${groupLetter}”应为 G（干货）、V（通风）、B（散货）、R（冷藏）、U（开顶）、P（平台/框架）或 T（罐式）`,
      { allowed: Object.keys(TYPE_GROUPS) },
    );
  }
  const detail = Number(code[3]);
  const typeDescription = group.details[detail];
  if (typeDescription === undefined) {
    return bad(
      field,
      'size_type.type',
      code,
      `type "${groupLetter}${detail}" is not defined (${group.name.en}: ${Object.keys(group.details)
        .map((d) => groupLetter + d)
        .join(', ')})`,
      `类型“${groupLetter}${detail}”未定义（${group.name.zh}：${Object.keys(group.details)
        .map((d) => groupLetter + d)
        .join('、')}）`,
      { allowed: Object.keys(group.details).map((d) => groupLetter + d) },
    );
  }
  const kind = group.kind(detail);
  const highCube = height.mm >= 2896;
  const kindName = KIND_NAMES[kind];
  return ok({
    code,
    lengthFt,
    lengthMm: LENGTH_MM[lengthFt],
    heightMm: height.mm,
    heightExact: height.exact,
    highCube,
    kind,
    typeCode: `${groupLetter}${detail}`,
    teu: teuForLength(lengthFt),
    name: b(
      `${lengthFt}' ${highCube ? 'high cube ' : ''}${kindName.en} (${height.label})`,
      `${lengthFt}英尺${highCube ? '高箱' : ''}${kindName.zh}（${height.label}）`,
    ),
    typeDescription,
  });
}
