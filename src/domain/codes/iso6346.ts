// ISO 6346 container identification: owner code (3 letters), equipment category (U, J, Z), 6-digit
// serial and the check digit. Parsing is lenient about case, spaces and hyphens and strict about the rest.
import { fail, ok, type Result } from '../result';
import { bilingual } from '../text';

/** U = freight container, J = detachable freight-container-related equipment, Z = trailer or chassis. */
export type EquipmentCategory = 'U' | 'J' | 'Z';

export const EQUIPMENT_CATEGORIES: readonly EquipmentCategory[] = ['U', 'J', 'Z'];

export interface ContainerNumber {
  /** Normalized 11 characters, e.g. `CSQU3054383`. */
  readonly number: string;
  readonly ownerCode: string;
  readonly category: EquipmentCategory;
  readonly serial: string;
  readonly checkDigit: number;
}

/** Letter values of ISO 6346: A=10 upward, skipping 11, 22 and 33 (multiples of the modulus). */
const LETTER_VALUES: Readonly<Record<string, number>> = (() => {
  const values: Record<string, number> = {};
  let v = 10;
  for (let c = 65; c <= 90; c++) {
    if (v % 11 === 0) v++;
    values[String.fromCharCode(c)] = v;
    v++;
  }
  return values;
})();

/** The numeric equivalent of one character of the first ten positions (letters 10..38, digits 0..9). */
export function charValue(ch: string): number | undefined {
  if (ch.length !== 1) return undefined;
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  return LETTER_VALUES[ch];
}

/**
 * The weighted sum of the first ten characters mod 11 (before the 10→0 rule). Exposed because the
 * remainder 10 is the one place where the check digit is ambiguous (it is written as 0).
 */
export function checkRemainder(first10: string): number {
  const s = first10.toUpperCase();
  if (s.length !== 10) throw new RangeError('ISO 6346: need exactly 10 characters');
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const v = charValue(s[i]!);
    if (v === undefined) throw new RangeError(`ISO 6346: invalid character ${s[i]}`);
    sum += v * 2 ** i;
  }
  return sum % 11;
}

/**
 * The check digit for owner code + category + serial (10 characters, e.g. `CSQU305438` → 3): letter
 * values × 2^position, sum mod 11, remainder 10 written as 0. Throws RangeError on other input.
 */
export function computeCheckDigit(first10: string): number {
  return checkRemainder(first10) % 10;
}

/** Upper-cases and removes spaces and hyphens: `csqu 305438-3` → `CSQU3054383`. */
export function normalizeContainerNumber(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

function violation<T>(
  field: string,
  code: string,
  shown: string,
  en: string,
  zh: string,
  details?: Record<string, unknown>,
): Result<T> {
  const prefix = shown === '' ? '' : `${shown}: `;
  const prefixZh = shown === '' ? '' : `${shown}：`;
  return fail({
    field,
    code,
    message: bilingual(prefix + en, prefixZh + zh),
    ...(details ? { details } : {}),
  });
}

/**
 * Parses and validates a container number. Failures carry one of the codes `iso6346.length`,
 * `iso6346.owner_code`, `iso6346.category`, `iso6346.serial`, `iso6346.check_digit` (details
 * `{ expected }`), with the normalized input at the head of the message.
 */
export function parseContainerNumber(input: string, field = ''): Result<ContainerNumber> {
  const n = normalizeContainerNumber(input);
  if (n.length !== 11) {
    return violation(
      field,
      'iso6346.length',
      n,
      `a container number has 11 characters (4 letters, 7 digits), got ${n.length}`,
      `集装箱号应为 11 位（4 个字母、7 位数字），实际为 ${n.length} 位`,
      { expectedLength: 11, actualLength: n.length },
    );
  }
  const ownerCode = n.slice(0, 3);
  const category = n[3]!;
  const serial = n.slice(4, 10);
  const digit = n[10]!;
  if (!/^[A-Z]{3}$/.test(ownerCode)) {
    return violation(
      field,
      'iso6346.owner_code',
      n,
      `owner code "${ownerCode}" must be 3 letters A–Z`,
      `箱主代码“${ownerCode}”应为 3 个字母 A–Z`,
      { ownerCode },
    );
  }
  if (!(EQUIPMENT_CATEGORIES as readonly string[]).includes(category)) {
    return violation(
      field,
      'iso6346.category',
      n,
      `equipment category "${category}" must be U (container), J (related equipment) or Z (trailer/chassis)`,
      `设备类别“${category}”应为 U（集装箱）、J（附属设备）或 Z（拖车/底盘车）`,
      { category, allowed: EQUIPMENT_CATEGORIES },
    );
  }
  if (!/^[0-9]{6}$/.test(serial)) {
    return violation(
      field,
      'iso6346.serial',
      n,
      `serial number "${serial}" must be 6 digits`,
      `箱号序列号“${serial}”应为 6 位数字`,
      { serial },
    );
  }
  if (!/^[0-9]$/.test(digit)) {
    return violation(
      field,
      'iso6346.check_digit',
      n,
      `check digit "${digit}" must be a digit, should be ${computeCheckDigit(n.slice(0, 10))}`,
      `校验位“${digit}”应为数字，应为 ${computeCheckDigit(n.slice(0, 10))}`,
      { expected: computeCheckDigit(n.slice(0, 10)) },
    );
  }
  const expected = computeCheckDigit(n.slice(0, 10));
  const actual = Number(digit);
  if (actual !== expected) {
    return violation(
      field,
      'iso6346.check_digit',
      n,
      `check digit should be ${expected}`,
      `校验位应为 ${expected}`,
      { expected, actual },
    );
  }
  return ok({ number: n, ownerCode, category: category as EquipmentCategory, serial, checkDigit: actual });
}

/** Builds a valid number from its parts (upper-cased); throws on malformed parts (programming error). */
export function formatContainerNumber(
  ownerCode: string,
  category: EquipmentCategory,
  serial: string,
): string {
  const first10 = `${ownerCode.toUpperCase()}${category}${serial}`;
  if (!/^[A-Z]{3}[UJZ][0-9]{6}$/.test(first10)) throw new RangeError(`ISO 6346: malformed parts ${first10}`);
  return `${first10}${computeCheckDigit(first10)}`;
}
