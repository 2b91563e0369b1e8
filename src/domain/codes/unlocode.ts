// UN/LOCODE syntax: an ISO 3166-1 alpha-2 country that exists plus a 3-character location of [A-Z2-9]
// (e.g. CNURM Urumqi, DEDUI Duisburg). Syntax only: whether the location is listed is a data question.
import { fail, ok, type Result } from '../result';
import { bilingual } from '../text';
import { isCountryAlpha2 } from './country';

export interface Unlocode {
  /** Normalized 5 characters, e.g. `DEDUI`. */
  readonly code: string;
  readonly country: string;
  readonly location: string;
}

/**
 * Parses `DEDUI`, `DE DUI`, `de-dui`. Failures: `unlocode.format` (not 2 letters + 3 of [A-Z2-9]) and
 * `unlocode.country` (the first two letters are not an assigned ISO 3166-1 code).
 * Note: the UN list also uses `XZ` for installations in international waters; it is not accepted here.
 */
export function parseUnlocode(input: string, field = ''): Result<Unlocode> {
  const trimmed = input.trim().toUpperCase();
  const m = /^([A-Z]{2})[ -]?([A-Z2-9]{3})$/.exec(trimmed);
  if (!m) {
    return fail({
      field,
      code: 'unlocode.format',
      message: bilingual(
        `"${trimmed}" is not a UN/LOCODE (2-letter country + 3 characters A–Z or 2–9, e.g. CNURM or DE DUI)`,
        `“${trimmed}”不是 UN/LOCODE（2 位国家代码 + 3 位 A–Z 或 2–9 字符，如 CNURM 或 DE DUI）`,
      ),
    });
  }
  const country = m[1]!;
  const location = m[2]!;
  if (!isCountryAlpha2(country)) {
    return fail({
      field,
      code: 'unlocode.country',
      message: bilingual(
        `${country}${location}: "${country}" is not an ISO 3166-1 country code`,
        `${country}${location}：“${country}”不是 ISO 3166-1 国家代码`,
      ),
      details: { country },
    });
  }
  return ok({ code: country + location, country, location });
}
