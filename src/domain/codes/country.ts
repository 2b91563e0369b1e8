// ISO 3166-1 countries: alpha-2 / alpha-3 validation and names in Chinese, English, Russian and Kazakh,
// from the `i18n-iso-countries` package (static data, registered here so the browser bundle has them too).
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import kk from 'i18n-iso-countries/langs/kk.json' with { type: 'json' };
import ru from 'i18n-iso-countries/langs/ru.json' with { type: 'json' };
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import { fail, ok, type Result } from '../result';
import { bilingual } from '../text';

for (const locale of [en, zh, ru, kk]) countries.registerLocale(locale);

/** Languages with country names; `kk` (Kazakh) is there because the 1520 side of the border speaks it. */
export type CountryLocale = 'en' | 'zh' | 'ru' | 'kk';

export const COUNTRY_LOCALES: readonly CountryLocale[] = ['zh', 'en', 'ru', 'kk'];

export interface Country {
  readonly alpha2: string;
  readonly alpha3: string;
  /** ISO 3166-1 numeric, three digits, e.g. `398` for Kazakhstan. */
  readonly numeric: string;
  readonly names: Readonly<Record<CountryLocale, string>>;
}

function resolveAlpha2(code: string): string | undefined {
  const c = code.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(c)) return countries.getAlpha2Codes()[c] === undefined ? undefined : c;
  if (/^[A-Z]{3}$/.test(c)) return countries.alpha3ToAlpha2(c);
  return undefined;
}

/** True when `code` is an assigned ISO 3166-1 alpha-2 code (case-insensitive). */
export function isCountryAlpha2(code: string): boolean {
  return /^[A-Za-z]{2}$/.test(code.trim()) && resolveAlpha2(code) !== undefined;
}

/** The country's name in a language, from an alpha-2 or alpha-3 code; undefined for unknown codes. */
export function countryName(code: string, locale: CountryLocale): string | undefined {
  const a2 = resolveAlpha2(code);
  return a2 === undefined ? undefined : countries.getName(a2, locale);
}

/**
 * Parses an ISO 3166-1 alpha-2 (`KZ`) or alpha-3 (`KAZ`) code, case-insensitive. Failures:
 * `country.format` (not 2 or 3 letters) and `country.unknown` (well-formed but not assigned).
 */
export function parseCountry(code: string, field = ''): Result<Country> {
  const c = code.trim().toUpperCase();
  if (!/^[A-Z]{2,3}$/.test(c)) {
    return fail({
      field,
      code: 'country.format',
      message: bilingual(
        `"${c}" is not an ISO 3166-1 country code (2 or 3 letters, e.g. KZ or KAZ)`,
        `“${c}”不是 ISO 3166-1 国家代码（应为 2 或 3 个字母，如 KZ 或 KAZ）`,
      ),
    });
  }
  const a2 = resolveAlpha2(c);
  if (a2 === undefined) {
    return fail({
      field,
      code: 'country.unknown',
      message: bilingual(`${c}: no country has this ISO 3166-1 code`, `${c}：没有国家使用此 ISO 3166-1 代码`),
    });
  }
  return ok({
    alpha2: a2,
    alpha3: countries.alpha2ToAlpha3(a2) ?? '',
    numeric: countries.alpha2ToNumeric(a2) ?? '',
    names: {
      en: countries.getName(a2, 'en') ?? a2,
      zh: countries.getName(a2, 'zh') ?? a2,
      ru: countries.getName(a2, 'ru') ?? a2,
      kk: countries.getName(a2, 'kk') ?? a2,
    },
  });
}

/** Every assigned alpha-2 code, sorted. */
export function allCountryCodes(): readonly string[] {
  return Object.keys(countries.getAlpha2Codes()).sort();
}
