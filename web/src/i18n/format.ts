// Intl formatters per locale (numbers, dates, the two port clocks). Pure: the time is an argument.

import { htmlLang, type Locale } from './messages';

export const URUMQI_TZ = 'Asia/Urumqi';
export const BEIJING_TZ = 'Asia/Shanghai';

export interface Formatters {
  readonly locale: Locale;
  integer(n: number): string;
  /** A number with at most one decimal ("1.5", "14"). */
  decimal(n: number): string;
  /** A calendar date given as ISO "YYYY-MM-DD" (no time zone shift: it is a date, not an instant). */
  date(isoDate: string): string;
  /** "HH:MM:SS" of an instant in a time zone, 24-hour clock. */
  clock(at: Date, timeZone: string): string;
  /** The date of an instant in a time zone, short, e.g. "11月26日 周四" / "Thu 26 Nov". */
  clockDate(at: Date, timeZone: string): string;
}

const cache = new Map<Locale, Formatters>();

export function formatters(locale: Locale): Formatters {
  const hit = cache.get(locale);
  if (hit) return hit;
  const tag = htmlLang(locale);
  const int = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const dateFmt = new Intl.DateTimeFormat(tag, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const clocks = new Map<string, Intl.DateTimeFormat>();
  const dates = new Map<string, Intl.DateTimeFormat>();
  const clockFmt = (tz: string): Intl.DateTimeFormat => {
    let f = clocks.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat(tag, {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZone: tz,
      });
      clocks.set(tz, f);
    }
    return f;
  };
  const dayFmt = (tz: string): Intl.DateTimeFormat => {
    let f = dates.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat(tag, { month: 'short', day: 'numeric', weekday: 'short', timeZone: tz });
      dates.set(tz, f);
    }
    return f;
  };
  const made: Formatters = {
    locale,
    integer: (n) => int.format(n),
    decimal: (n) => dec.format(n),
    date(isoDate) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
      if (!m) return isoDate;
      return dateFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    clock: (at, tz) => clockFmt(tz).format(at),
    clockDate: (at, tz) => dayFmt(tz).format(at),
  };
  cache.set(locale, made);
  return made;
}

/** Offset of a time zone from UTC at an instant, in minutes (Asia/Urumqi → 360, Asia/Shanghai → 480). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const whole = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/** "UTC+6", "UTC+8", "UTC−3:30". */
export function utcOffsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}
