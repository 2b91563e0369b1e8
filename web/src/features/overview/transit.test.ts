import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { formatters } from '../../i18n/format';
import { interpolate, type MessageKey, type Params } from '../../i18n/messages';
import { zh } from '../../i18n/zh';
import { transitText } from './transit';

const tEn = (k: MessageKey, p?: Params) => interpolate(en[k], p);
const tZh = (k: MessageKey, p?: Params) => interpolate(zh[k], p);

describe('transitText', () => {
  it('reads short transits in hours and long ones in days', () => {
    expect(transitText(1.25, false, tEn, formatters('en'))).toBe('30 h');
    expect(transitText(8, false, tEn, formatters('en'))).toBe('8 d');
    expect(transitText(14.5, false, tEn, formatters('en'))).toBe('14.5 d');
    expect(transitText(2, false, tZh, formatters('zh'))).toBe('2 天');
    expect(transitText(1.25, false, tZh, formatters('zh'))).toBe('30 小时');
  });
  it('marks estimates as approximate', () => {
    expect(transitText(10, true, tEn, formatters('en'))).toBe('≈ 10 d');
    expect(transitText(10, true, tZh, formatters('zh'))).toBe('约10 天');
  });
});
