import { describe, expect, it } from 'vitest';
import { en } from './en';
import { htmlLang, interpolate, nameIn, placeholders, resolveLocale } from './messages';
import { zh } from './zh';

describe('dictionaries', () => {
  it('have the same keys in zh and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('use the same placeholders for every key in both languages', () => {
    const mismatched = (Object.keys(zh) as Array<keyof typeof zh>).filter(
      (k) => placeholders(zh[k]).join() !== placeholders(en[k]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('have no empty message', () => {
    expect(Object.entries(zh).filter(([, v]) => v.trim() === '')).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => v.trim() === '')).toEqual([]);
  });
});

describe('interpolate', () => {
  it('fills named placeholders, numbers included', () => {
    expect(interpolate('{days} 天 · {gateway}', { days: 10, gateway: '阿拉山口' })).toBe('10 天 · 阿拉山口');
  });
  it('leaves an unknown placeholder visible', () => {
    expect(interpolate('about {km} km', {})).toBe('about {km} km');
  });
  it('returns the template when there are no params', () => {
    expect(interpolate('Routes')).toBe('Routes');
  });
});

describe('resolveLocale', () => {
  it('prefers a stored choice', () => {
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
    expect(resolveLocale('zh', ['en-US'])).toBe('zh');
  });
  it('ignores a stored value that is no locale', () => {
    expect(resolveLocale('ru', ['en-GB'])).toBe('en');
  });
  it('follows the first known browser language, Chinese by default', () => {
    expect(resolveLocale(null, ['de-DE', 'en-US', 'zh-CN'])).toBe('en');
    expect(resolveLocale(null, ['zh-TW'])).toBe('zh');
    expect(resolveLocale(null, ['kk-KZ'])).toBe('zh');
    expect(resolveLocale(null, [])).toBe('zh');
  });
});

describe('names and tags', () => {
  it('shows the API name in the chosen language, falling back to the other', () => {
    expect(nameIn({ en: 'Duisburg', zh: '杜伊斯堡' }, 'zh')).toBe('杜伊斯堡');
    expect(nameIn({ en: 'Duisburg', zh: '杜伊斯堡' }, 'en')).toBe('Duisburg');
    expect(nameIn({ en: 'Dostyk', zh: '' }, 'zh')).toBe('Dostyk');
  });
  it('maps locales to BCP 47 tags for <html lang>', () => {
    expect(htmlLang('zh')).toBe('zh-CN');
    expect(htmlLang('en')).toBe('en');
  });
});
