// Units of the platform: weights in integer kilograms, lengths in integer millimetres, TEU by length.
// Conversions from tonnes and metres are exact decimal arithmetic (no floating-point rounding): a
// value that would need a fraction of a kilogram or millimetre is rejected, never rounded silently.
import { fail, ok, type Result } from '../result';
import { bilingual } from '../text';

export type LengthFt = 20 | 30 | 40 | 45;

export const CONTAINER_LENGTHS_FT: readonly LengthFt[] = [20, 30, 40, 45];

/** Nominal external lengths of ISO 668 containers in mm. */
export const LENGTH_MM: Readonly<Record<LengthFt, number>> = { 20: 6058, 30: 9125, 40: 12192, 45: 13716 };

/**
 * Twenty-foot equivalent units of one container. A 45' box counts 2.25 TEU here (45/20); note that
 * some operators and ports count a 45' as 2 TEU — convert at the boundary if a partner does.
 */
export function teuForLength(lengthFt: LengthFt): number {
  switch (lengthFt) {
    case 20:
      return 1;
    case 30:
      return 1.5;
    case 40:
      return 2;
    case 45:
      return 2.25;
  }
}

interface Decimal {
  readonly negative: boolean;
  /** All significant digits as an integer. */
  readonly units: bigint;
  /** Power of ten to divide `units` by. May be negative for exponents like `2e3`. */
  readonly scale: number;
}

const DECIMAL = /^([+-])?(\d+\.?\d*|\.\d+)(?:e([+-]?\d+))?$/i;

/** Parses a decimal string or finite number into an exact integer mantissa and scale. */
function parseDecimal(value: number | string): Decimal | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const text = typeof value === 'number' ? String(value) : value.trim().replace(/_/g, '');
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [intPart, fracPart = ''] = m[2]!.split('.');
  const exponent = m[3] === undefined ? 0 : Number(m[3]);
  if (!Number.isSafeInteger(exponent)) return undefined;
  const digits = `${intPart ?? ''}${fracPart}` || '0';
  return { negative: m[1] === '-', units: BigInt(digits), scale: fracPart.length - exponent };
}

/** value × 10^power as an exact integer, or undefined when a fraction would remain. */
function scaleExact(d: Decimal, power: number): bigint | undefined {
  const shift = power - d.scale;
  if (d.units === 0n) return 0n;
  // Past 10^40 the value is out of range anyway; do not build astronomically large BigInts.
  if (shift > 40) return 10n ** 40n;
  if (shift >= 0) return d.units * 10n ** BigInt(shift);
  if (-shift > d.units.toString().length) return undefined;
  const divisor = 10n ** BigInt(-shift);
  if (d.units % divisor !== 0n) return undefined;
  return d.units / divisor;
}

interface UnitNames {
  readonly from: { en: string; zh: string };
  readonly to: { en: string; zh: string };
  readonly code: string;
}

function convert(value: number | string, power: number, names: UnitNames, field: string): Result<number> {
  const shown = String(value).trim();
  const d = parseDecimal(value);
  if (!d) {
    return fail({
      field,
      code: `${names.code}.format`,
      message: bilingual(
        `"${shown}" is not a number of ${names.from.en}`,
        `“${shown}”不是有效的${names.from.zh}数值`,
      ),
    });
  }
  const scaled = scaleExact(d, power);
  if (d.negative && d.units !== 0n) {
    return fail({
      field,
      code: `${names.code}.negative`,
      message: bilingual(
        `${shown} ${names.from.en} must not be negative`,
        `${shown} ${names.from.zh}不能为负数`,
      ),
    });
  }
  if (scaled === undefined) {
    return fail({
      field,
      code: `${names.code}.fraction`,
      message: bilingual(
        `${shown} ${names.from.en} is not a whole number of ${names.to.en}`,
        `${shown} ${names.from.zh}不是整数${names.to.zh}`,
      ),
    });
  }
  if (scaled > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail({
      field,
      code: `${names.code}.range`,
      message: bilingual(`${shown} ${names.from.en} is too large`, `${shown} ${names.from.zh}数值过大`),
    });
  }
  return ok(Number(scaled));
}

const KG: UnitNames = { from: { en: 'kg', zh: '千克' }, to: { en: 'kg', zh: '千克' }, code: 'units.kg' };
const T_TO_KG: UnitNames = { from: { en: 't', zh: '吨' }, to: { en: 'kg', zh: '千克' }, code: 'units.kg' };
const MM: UnitNames = { from: { en: 'mm', zh: '毫米' }, to: { en: 'mm', zh: '毫米' }, code: 'units.mm' };
const M_TO_MM: UnitNames = { from: { en: 'm', zh: '米' }, to: { en: 'mm', zh: '毫米' }, code: 'units.mm' };

/** A weight in whole kilograms (≥ 0) from a number or decimal string: `"24500"` → 24500. */
export function parseKg(value: number | string, field = ''): Result<number> {
  return convert(value, 0, KG, field);
}

/** Tonnes to whole kilograms, exactly: `"24.5"` → 24500; `"0.0005"` fails (`units.kg.fraction`). */
export function kgFromTonnes(value: number | string, field = ''): Result<number> {
  return convert(value, 3, T_TO_KG, field);
}

/** A length in whole millimetres (≥ 0). */
export function parseMm(value: number | string, field = ''): Result<number> {
  return convert(value, 0, MM, field);
}

/** Metres to whole millimetres, exactly: `"12.192"` → 12192; `"1.0005"` fails (`units.mm.fraction`). */
export function mmFromMetres(value: number | string, field = ''): Result<number> {
  return convert(value, 3, M_TO_MM, field);
}

/** Integer thousandths as a plain decimal string without trailing zeros: 24500 → "24.5". */
function thousandths(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const whole = Math.floor(abs / 1000);
  const frac = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return sign + String(whole) + (frac ? `.${frac}` : '');
}

/** Kilograms as tonnes for display and round trips: 24500 → "24.5". */
export function formatTonnes(kg: number): string {
  return thousandths(kg);
}

/** Millimetres as metres: 12192 → "12.192". */
export function formatMetres(mm: number): string {
  return thousandths(mm);
}
