// Dangerous goods: UN numbers and the classes/divisions of RID/ADR and SMGS Annex 2 (the UN Model
// Regulations classes). Syntax and class membership only; the UN number list itself is not shipped.
import { fail, ok, type Result } from '../result';
import { bilingual } from '../text';

export const DG_CLASSES = [
  '1',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '1.5',
  '1.6',
  '2',
  '2.1',
  '2.2',
  '2.3',
  '3',
  '4.1',
  '4.2',
  '4.3',
  '5.1',
  '5.2',
  '6.1',
  '6.2',
  '7',
  '8',
  '9',
] as const;

export type DgClass = (typeof DG_CLASSES)[number];

/**
 * A UN number: `UN1263`, `un 1263` or `1263` → `"1263"`. Four digits, not 0000 (the lowest assigned
 * number is 0004). Failure: `dg.un_number`.
 */
export function parseUnNumber(input: string, field = ''): Result<string> {
  const c = input.trim().toUpperCase();
  const m = /^(?:UN[\s-]?)?(\d{4})$/.exec(c);
  if (!m || m[1] === '0000') {
    return fail({
      field,
      code: 'dg.un_number',
      message: bilingual(
        `"${c}" is not a UN number (4 digits, e.g. UN1263 or 1263)`,
        `“${c}”不是联合国编号（应为 4 位数字，如 UN1263 或 1263）`,
      ),
    });
  }
  return ok(m[1]!);
}

/**
 * A dangerous goods class or division (`3`, `4.1`, `1.4` …); `Class 3` and `cl. 3` are accepted.
 * Failure: `dg.class` with the allowed list in details.
 */
export function parseDgClass(input: string, field = ''): Result<DgClass> {
  const c = input
    .trim()
    .replace(/^(class|cl\.?|klasse|класс)\s*/i, '')
    .replace(',', '.');
  if ((DG_CLASSES as readonly string[]).includes(c)) return ok(c as DgClass);
  return fail({
    field,
    code: 'dg.class',
    message: bilingual(
      `"${input.trim()}" is not a dangerous goods class (1, 1.1–1.6, 2, 2.1–2.3, 3, 4.1–4.3, 5.1, 5.2, 6.1, 6.2, 7, 8, 9)`,
      `“${input.trim()}”不是危险货物类别（1、1.1–1.6、2、2.1–2.3、3、4.1–4.3、5.1、5.2、6.1、6.2、7、8、9）`,
    ),
    details: { allowed: DG_CLASSES },
  });
}

/** The main class of a division: `4.1` → `4`. */
export function dgMainClass(c: DgClass): string {
  return c.split('.')[0]!;
}
