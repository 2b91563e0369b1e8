// The dictionary types and the pure lookup: `Messages` is keyed by zh.ts, so en.ts cannot miss a key.

import type { zh } from './zh';

export type Locale = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'en'];

export type MessageKey = keyof typeof zh;
export type Messages = { readonly [K in MessageKey]: string };

export type Params = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; an unknown placeholder stays visible so it is noticed, not hidden. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** Placeholder names used in a template, e.g. "{days} d" → ["days"]. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** BCP 47 tag for `<html lang>` and Intl. */
export function htmlLang(locale: Locale): string {
  return locale === 'zh' ? 'zh-CN' : 'en';
}

/** Reads a locale from a stored value or a browser language list; Chinese unless English is asked for. */
export function resolveLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === 'zh' || stored === 'en') return stored;
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh';
    if (l.startsWith('en')) return 'en';
  }
  return 'zh';
}

/** Picks the name to show from an API `{en, zh, ru}` record. */
export function nameIn(names: { readonly en: string; readonly zh: string }, locale: Locale): string {
  return locale === 'zh' ? names.zh || names.en : names.en || names.zh;
}
