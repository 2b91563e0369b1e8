// A synthetic feed for measuring the map's frame time (`?synthetic=500`): N trains spread over the
// routes' geometries, each reporting a new position along its route every `intervalMs` — the same
// store updates the live feed makes. A bench hook: it touches no server.

import type { TrainStore } from './trains';

export function syntheticCount(search: string): number {
  const n = Number(new URLSearchParams(search).get('synthetic'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, 5000) : 0;
}

/** Starts the feed; returns the function that stops it. */
export function startSynthetic(
  store: TrainStore,
  lines: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  n: number,
  intervalMs = 2000,
): () => void {
  const usable = lines.filter((l) => l.length >= 2);
  if (usable.length === 0) return () => undefined;
  const trains = Array.from({ length: n }, (_, i) => ({
    id: `SYN-${String(i).padStart(4, '0')}`,
    line: usable[i % usable.length] as ReadonlyArray<readonly [number, number]>,
    at: (i * 0.6180339887) % 1,
    speed: 0.002 + ((i * 7919) % 100) / 40_000,
  }));
  const place = (t: (typeof trains)[number]) => {
    const seg = t.at * (t.line.length - 1);
    const i = Math.min(t.line.length - 2, Math.floor(seg));
    const k = seg - i;
    const a = t.line[i] as readonly [number, number];
    const b = t.line[i + 1] as readonly [number, number];
    return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k] as const;
  };
  const tick = () => {
    const now = performance.now();
    for (const t of trains) {
      t.at = (t.at + t.speed) % 1;
      const [lon, lat] = place(t);
      store.report(t.id, lon, lat, now, 'running');
    }
  };
  tick();
  // reports spread over the interval, as a real feed's are
  const id = window.setInterval(tick, intervalMs);
  return () => window.clearInterval(id);
}
