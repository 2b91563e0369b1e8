/** Text a person reads, in the platform's two working languages (Russian names live in the data). */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

export type Locale = 'en' | 'zh';

export const LOCALES: readonly Locale[] = ['zh', 'en'];

export function bilingual(en: string, zh: string): Bilingual {
  return { en, zh };
}
