// The chosen language for the whole app: persisted in localStorage, mirrored on <html lang>,
// overridable once by `?lang=zh|en` in the URL (handy for wall screens and the e2e test).

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en';
import { type Formatters, formatters } from './format';
import {
  htmlLang,
  interpolate,
  type Locale,
  type MessageKey,
  type Messages,
  nameIn,
  type Params,
  resolveLocale,
} from './messages';
import { zh } from './zh';

export const LOCALE_STORAGE_KEY = 'lugang.locale';

const DICTIONARIES: Record<Locale, Messages> = { zh, en };

export interface I18n {
  readonly locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Params): string;
  name(names: { readonly en: string; readonly zh: string }): string;
  readonly fmt: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

function readStored(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'zh' || fromUrl === 'en') return fromUrl;
  return resolveLocale(readStored(), navigator.languages ?? [navigator.language]);
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = htmlLang(locale);
    document.title =
      locale === 'zh' ? '陆港 · 乌鲁木齐国际陆港区' : 'Lugang · Urumqi International Land Port';
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // storage may be disabled (kiosk mode): the switch still works for this session
    }
  }, [locale]);

  const setLocale = useCallback((l: Locale) => setLocaleState(l), []);

  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[locale];
    return {
      locale,
      setLocale,
      t: (key, params) => interpolate(dict[key], params),
      name: (names) => nameIn(names, locale),
      fmt: formatters(locale),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside LocaleProvider');
  return v;
}
