// Calendar dates as ISO 'YYYY-MM-DD' strings (UTC, no time of day): parse, add days, differences and
// ISO weekdays. Pure; shared by the timetable and the bookings.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of a valid ISO date, or undefined (also for 2026-02-30). */
export function dateMs(iso: string): number | undefined {
  const m = ISO_DATE.exec(iso);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === iso ? ms : undefined;
}

export function isIsoDate(iso: string): boolean {
  return dateMs(iso) !== undefined;
}

function must(iso: string): number {
  const ms = dateMs(iso);
  if (ms === undefined) throw new RangeError(`not an ISO date: ${iso}`);
  return ms;
}

export function addDays(iso: string, days: number): string {
  return new Date(must(iso) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((must(b) - must(a)) / 86_400_000);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  const d = new Date(must(iso)).getUTCDay();
  return d === 0 ? 7 : d;
}
