// Trains on the move: loading, departure, legs with positions, the border gateways' daily quota
// (a train queues for a slot), gauge breaks (every box transshipped), ferry ports, intermediate
// stops, arrival and discharge.
import type { Gateway, RouteLeg } from '../../domain/network/types';
import { TRAIN_FEED } from './cargo';
import type { Train, Twin } from './core';
import { DAY, HOUR, MINUTE } from './options';
import { startReefer, stopReefer } from './reefers';
import { hashUnit } from './rng';
import { boxEvent, position, transport } from './sending';

export function gaugeOf(leg: RouteLeg): number | null {
  return leg.mode === 'rail-1435' ? 1435 : leg.mode === 'rail-1520' ? 1520 : null;
}

export function reverse(legs: readonly RouteLeg[]): RouteLeg[] {
  return [...legs].reverse().map((l) => ({ ...l, from: l.to, to: l.from }));
}

/** `URM-DUI` → `DUI-URM`: the line name of a return train. */
export function returnLine(routeId: string): string {
  const parts = routeId.split('-');
  return parts.length === 2 ? `${parts[1]}-${parts[0]}` : `${routeId}-R`;
}

/** Loading at the assembly center (or the foreign terminal): the last hours before departure. */
export function onLoad(tw: Twin, train: Train): void {
  const first = train.legs[0]!;
  const code = tw.code(first.from);
  const device = train.direction === 'outbound' ? 'twin-yard-urumqi' : 'twin-yard-abroad';
  const start = tw.now;
  train.boxes.forEach((box, i) => {
    const t = start + Math.floor(((3 * HOUR) / Math.max(1, train.boxes.length)) * i);
    if (box.reefer) startReefer(tw, train, box, t);
    if (tw.options.detail === 'box' || box.reefer)
      boxEvent(tw, device, t, 'LOAD', box, { location: code, trainReference: train.id });
  });
}

export function onDepart(tw: Twin, train: Train): void {
  train.gps = TRAIN_FEED;
  const first = train.legs[0]!;
  const at = train.departMs;
  transport(tw, train, at, 'DEPA', first.from);
  runLeg(tw, train, 0, at);
}

/** Schedules the positions along leg `i` starting at `startMs`, and the arrival at its end. */
export function runLeg(tw: Twin, train: Train, i: number, startMs: number): void {
  const leg = train.legs[i]!;
  const jitter = leg.mode === 'ferry' ? tw.rng.range(1.0, 1.5) : tw.rng.range(1.0, 1.25);
  const duration = Math.max(10 * MINUTE, Math.round(leg.hours * jitter * HOUR));
  const a = tw.locations.get(leg.from);
  const b = tw.locations.get(leg.to);
  const step = tw.options.posEveryMinutes * MINUTE;
  if (a && b) {
    for (let t = startMs + step; t < startMs + duration; t += step) {
      const f = (t - startMs) / duration;
      position(tw, train, t, a.lat + (b.lat - a.lat) * f, a.lon + (b.lon - a.lon) * f);
    }
  }
  tw.agenda.push({ t: startMs + duration, kind: 'node', train, leg: i });
}

export function onNode(tw: Twin, train: Train, i: number): void {
  const arrived = tw.now;
  const leg = train.legs[i]!;
  const node = leg.to;
  const loc = tw.locations.get(node);
  const next = train.legs[i + 1];
  const box = tw.options.detail === 'box';
  if (loc && box) position(tw, train, arrived, loc.lat, loc.lon);
  if (!next) {
    arrive(tw, train, arrived, node);
    return;
  }
  let t = arrived;
  let stopped = false;
  const gateway = tw.gatewayBySide.get(node);
  // A border gateway: the train queues on tw side for a slot of the day's quota, then crosses.
  if (gateway?.border && gateway.sides.includes(next.to)) {
    const direction = node === gateway.sides[0] ? 'outbound' : 'inbound';
    transport(tw, train, t, 'ARRI', node);
    stopped = true;
    const start = takeSlot(tw, gateway, direction, t);
    waitAt(tw, train, node, t, start);
    t = start;
  }
  // A gauge break: every box is craned onto a wagon of the other gauge.
  const before = lastGauge(train.legs, i);
  const after = gaugeOf(next);
  if (before !== null && after !== null && before !== after) {
    if (!stopped) transport(tw, train, t, 'ARRI', node);
    stopped = true;
    const hours = tw.gatewayBySide.get(node)?.transshipmentHours ?? 8;
    const duration = Math.round(hours * tw.rng.range(0.75, 1.25) * HOUR);
    const n = train.boxes.length;
    const code = tw.code(node);
    const device = `twin-yard-${(tw.gatewayBySide.get(node)?.id ?? 'gb').toLowerCase()}`;
    train.boxes.forEach((box, k) => {
      if (tw.options.detail === 'box' || box.reefer) {
        const bt = t + Math.floor((duration / Math.max(1, n)) * (k + 0.5));
        boxEvent(tw, device, bt, 'GBTS', box, {
          location: code,
          trainReference: train.id,
          transshipment: { fromGaugeMm: before, toGaugeMm: after },
        });
      }
    });
    waitAt(tw, train, node, t, t + duration);
    t += duration;
  } else if (next.mode === 'ferry' || leg.mode === 'ferry') {
    // A ferry port: wait for the vessel, or for the train on the far shore.
    if (!stopped && box) transport(tw, train, t, 'ARRI', node);
    stopped = box;
    const wait = Math.round((next.mode === 'ferry' ? tw.rng.range(6, 30) : tw.rng.range(3, 8)) * HOUR);
    waitAt(tw, train, node, t, t + wait);
    t += wait;
  } else if (loc?.destination && !stopped) {
    // An intermediate destination city: a short stop.
    if (box) transport(tw, train, t, 'ARRI', node);
    stopped = box;
    const wait = Math.round(tw.rng.range(2, 5) * HOUR);
    waitAt(tw, train, node, t, t + wait);
    t += wait;
  }
  if (stopped) transport(tw, train, t, 'DEPA', node);
  runLeg(tw, train, i + 1, t);
}

export function lastGauge(legs: readonly RouteLeg[], i: number): number | null {
  for (let k = i; k >= 0; k--) {
    const g = gaugeOf(legs[k]!);
    if (g !== null) return g;
  }
  return null;
}

/** Positions while standing (queueing, transshipping, waiting for a ferry). */
export function waitAt(tw: Twin, train: Train, node: string, from: number, to: number): void {
  const loc = tw.locations.get(node);
  if (!loc) return;
  const step = tw.options.posEveryMinutes * MINUTE;
  for (let t = from + step; t < to; t += step) position(tw, train, t, loc.lat, loc.lon);
}

export function takeSlot(
  tw: Twin,
  gateway: Gateway,
  direction: 'outbound' | 'inbound',
  arrived: number,
): number {
  const stats = tw.s.gw[gateway.id] ?? {
    trains: 0,
    maxQueue: 0,
    waitMs: 0,
    maxWaitMs: 0,
    reducedDays: 0,
  };
  tw.s.gw[gateway.id] = stats;
  let day = Math.floor((arrived - tw.options.startMs) / DAY);
  for (;;) {
    const key = `${gateway.id}|${direction}|${day}`;
    let cap = tw.slotCap.get(key);
    if (cap === undefined) {
      cap = capacity(tw, gateway, direction, day);
      tw.slotCap.set(key, cap);
      if (cap < Math.floor(gateway.trainsPerDay[direction])) stats.reducedDays++;
    }
    const used = tw.slotUse.get(key) ?? 0;
    const dayStart = tw.options.startMs + day * DAY;
    const interval = DAY / Math.max(1, cap);
    // Slots of the day lie evenly over it; those already past when the train arrives are lost.
    const firstUsable = Math.max(used, Math.ceil((arrived - dayStart) / interval - 0.5));
    if (firstUsable < cap) {
      tw.slotUse.set(key, firstUsable + 1);
      tw.slotTrains.set(key, (tw.slotTrains.get(key) ?? 0) + 1);
      const start = Math.max(arrived, dayStart + Math.floor((firstUsable + 0.5) * interval));
      const wait = start - arrived;
      stats.trains++;
      stats.waitMs += wait;
      stats.maxWaitMs = Math.max(stats.maxWaitMs, wait);
      const qKey = `${gateway.id}|${direction}`;
      const queue = (tw.queues.get(qKey) ?? 0) + 1;
      tw.queues.set(qKey, queue);
      stats.maxQueue = Math.max(stats.maxQueue, queue);
      tw.agenda.push({ t: start, kind: 'leave', queue: qKey });
      return start;
    }
    day++;
  }
}

/** A gateway's quota of a day: its trains per day, reduced on some days (wind, works, congestion). */
export function capacity(tw: Twin, gateway: Gateway, direction: 'outbound' | 'inbound', day: number): number {
  const base = Math.floor(gateway.trainsPerDay[direction]);
  const u = hashUnit(tw.options.seed, `${gateway.id}|${direction}|${day}`);
  // Alashankou's pass is known for gales; both ports close track for works on some days.
  const reducedShare = gateway.id === 'AKL' ? 0.1 : 0.06;
  if (u < reducedShare) return Math.max(1, Math.floor(base * (0.3 + 3 * u)));
  return base;
}

export function arrive(tw: Twin, train: Train, t: number, node: string): void {
  transport(tw, train, t, 'ARRI', node);
  tw.s.arrived++;
  const code = tw.code(node);
  const inbound = train.direction === 'inbound';
  const device = inbound ? 'twin-yard-urumqi' : 'twin-yard-abroad';
  train.boxes.forEach((box, k) => {
    const bt = t + HOUR + Math.floor(((5 * HOUR) / Math.max(1, train.boxes.length)) * k);
    if (tw.options.detail === 'box' || box.reefer) {
      boxEvent(tw, device, bt, 'DISC', box, { location: code, trainReference: train.id });
      if (inbound && tw.options.detail === 'box')
        tw.agenda.push({ t: bt + Math.floor(tw.rng.range(8, 96) * HOUR), kind: 'gtot', box });
    }
    if (box.reefer) stopReefer(tw, box, bt);
  });
}
