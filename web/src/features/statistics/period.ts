// The period picker's presets: inclusive China (UTC+8) days ending today. Pure.

export interface Period {
  readonly from: string;
  readonly to: string;
}

export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function presets(today: string): Record<'thisYear' | 'last30' | 'last12m' | 'all', Period> {
  return {
    thisYear: { from: `${today.slice(0, 4)}-01-01`, to: today },
    last30: { from: shift(today, -29), to: today },
    last12m: { from: `${shift(today, -365).slice(0, 7)}-01`, to: today },
    all: { from: `${Number(today.slice(0, 4)) - 9}-01-01`, to: today },
  };
}
