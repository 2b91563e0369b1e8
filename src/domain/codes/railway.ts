// Railway station codes on both gauges: Chinese railway telegraph codes (电报码, 3 letters, e.g. 阿拉山口
// AKR, 霍尔果斯 HFR, 乌西 WXR) and ESR codes (ЕСР) of the 1520 mm network (6 digits, e.g. Dostyk 708507).
import { fail, ok, type Result } from '../result';
import { bilingual } from '../text';

/**
 * A China Railway telegraph code: exactly three letters, upper-cased. Syntax only — which station a
 * code names is reference data (`data/network/`).
 */
export function parseTelegraphCode(input: string, field = ''): Result<string> {
  const c = input.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) {
    return fail({
      field,
      code: 'railway.telegraph_code',
      message: bilingual(
        `"${c}" is not a Chinese railway telegraph code (3 letters, e.g. AKR for Alashankou)`,
        `“${c}”不是铁路电报码（应为 3 个字母，如阿拉山口 AKR）`,
      ),
    });
  }
  return ok(c);
}

/**
 * The check digit of a 6-digit ESR station code from its first five digits: weights 1,2,3,4,5, sum
 * mod 11; if the remainder is 10, weights 3,4,5,6,7, sum mod 11; if that is 10 again, the digit is 0.
 * Sources: the first round is published in the station-coding rules of the CIS tariff guide No. 4
 * (e.g. alltransportation.ru, "Кодирование станций") and reproduces Dostyk 708507, Sochi 532909 and
 * Moskva-Kazanskaya 194013. The remainder-10 rounds are the usual rule of Soviet/CIS classifier check
 * digits; they give Moskva-Yaroslavskaya 195506, but that was not confirmed from a second written
 * source here — if a real code ever fails only in that branch, suspect this rule first.
 */
export function esrCheckDigit(first5: string): number {
  if (!/^\d{5}$/.test(first5)) throw new RangeError(`ESR: need 5 digits, got ${first5}`);
  const digits = first5.split('').map(Number);
  const round = (start: number) => digits.reduce((sum, d, i) => sum + d * (start + i), 0) % 11;
  const first = round(1);
  if (first < 10) return first;
  const second = round(3);
  return second < 10 ? second : 0;
}

/**
 * An ESR code of the 1520 network: 6 digits whose last is the check digit. Failures:
 * `railway.esr_format`, `railway.esr_check_digit` (details `{ expected }`).
 */
export function parseEsrCode(input: string, field = ''): Result<string> {
  const c = input.trim().replace(/\s/g, '');
  if (!/^\d{6}$/.test(c)) {
    return fail({
      field,
      code: 'railway.esr_format',
      message: bilingual(
        `"${c}" is not an ESR station code (6 digits, e.g. 708507 for Dostyk)`,
        `“${c}”不是 ESR 车站代码（应为 6 位数字，如多斯特克 708507）`,
      ),
    });
  }
  const expected = esrCheckDigit(c.slice(0, 5));
  if (Number(c[5]) !== expected) {
    return fail({
      field,
      code: 'railway.esr_check_digit',
      message: bilingual(`${c}: check digit should be ${expected}`, `${c}：校验位应为 ${expected}`),
      details: { expected },
    });
  }
  return ok(c);
}
