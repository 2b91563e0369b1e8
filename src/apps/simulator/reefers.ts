// Reefer controllers: a reading every `readingEveryMinutes` from loading to discharge, near the
// setpoint; some trips lose power for hours (IOT PWL … PWR) and warm up, then cool back.
import { REEFER_FEED } from './cargo';
import type { Box, Train, Twin } from './core';
import { HOUR, iso, MINUTE, r1 } from './options';
import { deviceItem, iot } from './sending';

export function startReefer(tw: Twin, train: Train, box: Box, t: number): void {
  if (!box.reefer) return;
  box.reefer.device = REEFER_FEED;
  const transit = train.legs.reduce((a, l) => a + l.hours, 0) * HOUR;
  let excursion: [number, number] | null = null;
  if (tw.rng.chance(0.12)) {
    const s = t + Math.floor(tw.rng.range(0.1, 0.7) * transit);
    excursion = [s, s + Math.floor(tw.rng.range(2, 10) * HOUR)];
    tw.s.excursions++;
    tw.s.powerLosses++;
    iot(tw, box.reefer.device, excursion[0], 'PWL', box);
    iot(tw, box.reefer.device, excursion[1], 'PWR', box);
  }
  tw.reefers.set(box.number, { tempC: box.reefer.setpointC + 1.5, excursion, loadedMs: t });
  tw.agenda.push({ t, kind: 'reading', box });
}

/** One reading of a reefer controller; the next one follows until the box is discharged. */
export function onReading(tw: Twin, box: Box): void {
  const state = tw.reefers.get(box.number);
  if (!state || !box.reefer) return;
  const t = tw.now;
  const setpoint = box.reefer.setpointC;
  const ex = state.excursion;
  let temp: number;
  if (ex && t >= ex[0] && t <= ex[1] + 12 * HOUR) {
    const rise = Math.min(8, (0.7 * (Math.min(t, ex[1]) - ex[0])) / HOUR);
    const fall = Math.max(0, t - ex[1]) / HOUR;
    temp = setpoint + Math.max(0, rise - fall) + 0.1 * tw.rng.normal();
    state.tempC = temp;
  } else {
    state.tempC += (setpoint - state.tempC) * 0.5 + 0.15 * tw.rng.normal();
    temp = state.tempC;
  }
  const humidity = setpoint > 0 ? 85 + tw.rng.int(0, 8) : 60 + tw.rng.int(0, 10);
  deviceItem(tw, box.reefer.device, t, 'readings', (seq) => ({
    seq,
    time: iso(t),
    equipment: box.number,
    temperatureC: r1(temp),
    setpointC: setpoint,
    humidityPct: humidity,
  }));
  tw.s.readings++;
  tw.agenda.push({ t: t + tw.options.readingEveryMinutes * MINUTE, kind: 'reading', box });
}

export function stopReefer(tw: Twin, box: Box, t: number): void {
  if (!box.reefer || !tw.reefers.has(box.number)) return;
  // The controller reports up to the discharge, then is taken off the box.
  tw.agenda.push({ t, kind: 'reading', box });
  tw.agenda.push({ t: t + 1, kind: 'unplug', box });
}
