// Country names (zh/en) and ISO numeric codes for alpha-2 codes, from i18n-iso-countries (bundled).

import countries from 'i18n-iso-countries';
import enNames from 'i18n-iso-countries/langs/en.json';
import zhNames from 'i18n-iso-countries/langs/zh.json';
import type { Locale } from '../i18n/messages';

countries.registerLocale(enNames);
countries.registerLocale(zhNames);

/** The short common name ("Iran", "Russia", "Czechia"); Chinese names are already short. */
export function countryName(alpha2: string, locale: Locale): string {
  const select = alpha2.toUpperCase() === 'TW' ? 'official' : 'alias';
  return countries.getName(alpha2, locale, { select }) ?? alpha2;
}

/** ISO 3166-1 numeric code as world-atlas spells feature ids ("398" for KZ, "040" for AT). */
export function numericCode(alpha2: string): string | undefined {
  return countries.alpha2ToNumeric(alpha2);
}
