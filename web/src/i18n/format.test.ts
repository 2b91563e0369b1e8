import { describe, expect, it } from 'vitest';
import { BEIJING_TZ, formatters, URUMQI_TZ, utcOffsetLabel, utcOffsetMinutes } from './format';

const AT = new Date('2026-11-26T04:05:06Z');

describe('port clocks', () => {
  it('Urumqi is UTC+6 and Beijing UTC+8', () => {
    expect(utcOffsetMinutes(AT, URUMQI_TZ)).toBe(360);
    expect(utcOffsetMinutes(AT, BEIJING_TZ)).toBe(480);
    expect(utcOffsetMinutes(AT, 'UTC')).toBe(0);
    expect(utcOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('labels offsets', () => {
    expect(utcOffsetLabel(360)).toBe('UTC+6');
    expect(utcOffsetLabel(480)).toBe('UTC+8');
    expect(utcOffsetLabel(330)).toBe('UTC+5:30');
    expect(utcOffsetLabel(-210)).toBe('UTC−3:30');
    expect(utcOffsetLabel(0)).toBe('UTC+0');
  });

  it('shows the same instant on both clocks, two hours apart, 24-hour', () => {
    for (const locale of ['zh', 'en'] as const) {
      const f = formatters(locale);
      expect(f.clock(AT, URUMQI_TZ)).toBe('10:05:06');
      expect(f.clock(AT, BEIJING_TZ)).toBe('12:05:06');
      expect(f.clock(new Date('2026-11-26T17:00:00Z'), BEIJING_TZ)).toBe('01:00:00');
    }
  });

  it('dates the clocks in their own zone (a different day near midnight)', () => {
    const late = new Date('2026-11-26T17:30:00Z'); // 23:30 in Urumqi, 01:30 next day in Beijing
    const f = formatters('en');
    expect(f.clockDate(late, URUMQI_TZ)).toContain('26');
    expect(f.clockDate(late, BEIJING_TZ)).toContain('27');
  });
});

describe('formatters', () => {
  it('group thousands per locale', () => {
    expect(formatters('en').integer(12210)).toBe('12,210');
    expect(formatters('zh').integer(12210)).toBe('12,210');
    expect(formatters('en').integer(21)).toBe('21');
  });

  it('format a calendar date without a time-zone shift', () => {
    expect(formatters('zh').date('2022-06-30')).toBe('2022年6月30日');
    expect(formatters('en').date('2022-06-30')).toBe('June 30, 2022');
    expect(formatters('en').date('not a date')).toBe('not a date');
  });

  it('are cached per locale', () => {
    expect(formatters('zh')).toBe(formatters('zh'));
    expect(formatters('zh')).not.toBe(formatters('en'));
  });
});
