// The demand side of the twin: each day it decides, three days ahead, which routes' trains run (the
// others' departures are cancelled), fills a running train by the tenants' bookings (CSV rows with
// ISO 6346 boxes, HS headings, weights, dates), forms return trains of imports, and asks for the
// planners' runs.
import { computeCheckDigit } from '../../domain/codes/iso6346';
import type { Route } from '../../domain/network/types';
import {
  BOOKING_LEAD_DAYS,
  EXPORT_MIX,
  FROZEN_SETPOINT_C,
  IMPORT_MIX,
  KG_PER_FEU,
  MELON_ROUTES,
  MELON_SETPOINT_C,
  OWNERS,
  REEFER_OWNERS,
  TENANTS,
  TWENTY_FOOT_SHARE,
} from './cargo';
import type { Box, Train, Twin } from './core';
import { returnLine, reverse } from './movement';
import { type BookingRow, compactDate, DAY, HOUR, isoDate, MINUTE } from './options';
import { boxEvent, send } from './sending';
import type { WorldSchedule } from './world';

export function onDay(tw: Twin, day: number): void {
  const t = tw.options.startMs + day * DAY;
  if (day > 0 && day % 30 === 0) send(tw, t, { kind: 'timetable', t, from: isoDate(t), days: 60 });
  // Day 0 also books the trains of the first days (they were booked before the twin started).
  const first = day === 0 ? 0 : day + BOOKING_LEAD_DAYS;
  for (let d = first; d <= day + BOOKING_LEAD_DAYS; d++) {
    if (d >= tw.options.days) break;
    planDay(tw, d, t);
  }
  const every = tw.options.consolidateEveryDays;
  if (every > 0 && day % every === 0) {
    const at = t + 30 * MINUTE;
    send(tw, at, { kind: 'consolidate', t: at, from: isoDate(t), days: Math.max(every, 7) });
  }
}

/** Seasonal factor of demand: a little more in autumn and before the spring festival. */
export function season(dayMs: number): number {
  const doy = Math.floor((dayMs - Date.UTC(new Date(dayMs).getUTCFullYear(), 0, 1)) / DAY);
  return 1 + 0.08 * Math.sin(((doy - 200) / 365) * 2 * Math.PI);
}

export function planDay(tw: Twin, d: number, bookAt: number): void {
  const dayMs = tw.options.startMs + d * DAY;
  const p = Math.min(0.98, tw.options.runShare * season(dayMs));
  for (const route of tw.world.routes) {
    const schedule = tw.schedules.get(route.id);
    if (!schedule) continue;
    const id = `${route.id}-${compactDate(dayMs)}`;
    if (tw.rng.chance(p)) {
      const departMs = dayMs + HOUR + Math.floor(tw.rng.range(0, 22) * 60) * MINUTE;
      formOutbound(tw, route, schedule, id, departMs, bookAt);
    } else {
      send(tw, bookAt + 2 * HOUR, { kind: 'cancel', t: bookAt + 2 * HOUR, departureId: id });
    }
    if (tw.rng.chance(tw.options.returnShare)) {
      const line = returnLine(route.id);
      const departMs = dayMs + Math.floor(tw.rng.range(0, 24) * 60) * MINUTE;
      formInbound(tw, route, schedule, `${line}-${compactDate(dayMs)}`, line, departMs);
    }
  }
}

export function melonSeason(ms: number): boolean {
  const m = new Date(ms).getUTCMonth();
  return m >= 5 && m <= 8;
}

export function formOutbound(
  tw: Twin,
  route: Route,
  schedule: WorldSchedule,
  id: string,
  departMs: number,
  bookAt: number,
) {
  const train: Train = {
    id,
    routeId: route.id,
    line: route.id,
    direction: 'outbound',
    legs: route.legs,
    boxes: [],
    teu: 0,
    kg: 0,
    gps: '',
    departMs,
    lastEventMs: 0,
  };
  const targetTeu = Math.min(
    schedule.capacityTeu,
    Math.max(schedule.minTeu, Math.round(schedule.capacityTeu * tw.rng.range(0.86, 1.0))),
  );
  const bookings: Array<{ org: string; row: BookingRow }> = [];
  // Hami melons first, in season, on the routes that take them.
  if (melonSeason(departMs) && MELON_ROUTES.has(route.id) && tw.rng.chance(0.45)) {
    const n = tw.rng.int(3, 8);
    const b = makeBooking(
      tw,
      train,
      schedule,
      'fruit-vegetables-cold',
      n,
      '45R1',
      MELON_SETPOINT_C,
      departMs,
    );
    if (b) bookings.push(b);
  }
  let misses = 0;
  while (train.teu < targetTeu && misses < 6) {
    const group = tw.rng.weighted(EXPORT_MIX);
    const twenty = tw.rng.chance(TWENTY_FOOT_SHARE[group] ?? 0);
    const room = targetTeu - train.teu;
    const sizeType = twenty ? '22G1' : tw.rng.chance(0.6) ? '45G1' : '42G1';
    const teuEach = twenty ? 1 : 2;
    let n = twenty ? 2 * tw.rng.int(2, 8) : tw.rng.int(3, 16);
    n = Math.min(n, Math.floor(room / teuEach));
    if (twenty) n -= n % 2;
    if (n <= 0) {
      misses++;
      continue;
    }
    const b = makeBooking(tw, train, schedule, group, n, sizeType, null, departMs);
    if (b) bookings.push(b);
    else misses++;
  }
  if (train.teu < schedule.minTeu * 0.5 || train.boxes.length === 0) {
    // Not enough cargo for a train: the departure is cancelled, the bookings were never made.
    send(tw, bookAt + 2 * HOUR, { kind: 'cancel', t: bookAt + 2 * HOUR, departureId: id });
    return;
  }
  for (const b of bookings) {
    const at = bookAt + Math.floor(tw.rng.range(0, 20) * 60) * MINUTE;
    send(tw, at, { kind: 'booking', t: at, org: b.org, row: b.row });
    tw.s.bookings++;
    // Boxes reach the assembly center's yard between the booking and the loading.
    if (tw.options.detail === 'box') {
      for (const number of b.row.containers) {
        const box = train.boxes.find((x) => x.number === number)!;
        const gateIn = at + 2 * HOUR + tw.rng.range(0, Math.max(HOUR, departMs - at - 8 * HOUR));
        boxEvent(tw, 'twin-yard-urumqi', Math.floor(gateIn / MINUTE) * MINUTE, 'GTIN', box, {
          location: tw.code(tw.world.origin),
        });
      }
    }
  }
  tw.s.out++;
  tw.s.byRoute[route.id] = (tw.s.byRoute[route.id] ?? 0) + 1;
  tw.s.teuOut += train.teu;
  tw.trainCounter++;
  if (tw.options.loadPlanEvery > 0 && tw.trainCounter % tw.options.loadPlanEvery === 0) {
    const at = departMs - 6 * HOUR;
    send(tw, at, { kind: 'loadPlan', t: at, departureId: id });
  }
  tw.agenda.push({ t: departMs - 4 * HOUR, kind: 'load', train });
  tw.agenda.push({ t: departMs, kind: 'depart', train });
}

export function formInbound(
  tw: Twin,
  route: Route,
  schedule: WorldSchedule,
  id: string,
  line: string,
  departMs: number,
) {
  const train: Train = {
    id,
    routeId: route.id,
    line,
    direction: 'inbound',
    legs: reverse(route.legs),
    boxes: [],
    teu: 0,
    kg: 0,
    gps: '',
    departMs,
    lastEventMs: 0,
  };
  const europe = route.legs.some((l) => l.mode === 'rail-1435') && route.transitDays >= 9;
  const mix = IMPORT_MIX.filter(([g]) => (g !== 'european-consumer' && g !== 'meat-dairy-cold') || europe);
  const targetTeu = Math.round(schedule.capacityTeu * tw.rng.range(0.55, 0.95));
  let misses = 0;
  while (train.teu < targetTeu && misses < 6) {
    const group = tw.rng.weighted(mix);
    const cold = group === 'meat-dairy-cold';
    const twenty = !cold && tw.rng.chance(TWENTY_FOOT_SHARE[group] ?? 0);
    const teuEach = twenty ? 1 : 2;
    const n = Math.min(
      twenty ? 2 * tw.rng.int(1, 6) : tw.rng.int(1, 10),
      Math.floor((targetTeu - train.teu) / teuEach),
    );
    if (n <= 0 || (twenty && n % 2 === 1)) {
      misses++;
      continue;
    }
    const sizeType = cold ? '45R1' : twenty ? '22G1' : '42G1';
    const kgRange = KG_PER_FEU[group] ?? [15_000, 25_000];
    const before = train.boxes.length;
    for (let i = 0; i < n; i++) {
      const kg = Math.round(tw.rng.range(kgRange[0], kgRange[1]) * (twenty ? tw.rng.range(0.6, 0.85) : 1));
      if (train.kg + kg > schedule.capacityKg) break;
      const box = newBox(tw, sizeType, kg, group, cold ? FROZEN_SETPOINT_C : null);
      train.boxes.push(box);
      train.teu += box.teu;
      train.kg += kg;
      tw.s.teuByGoods[group] = (tw.s.teuByGoods[group] ?? 0) + box.teu;
    }
    if (train.boxes.length === before) misses++;
  }
  if (train.boxes.length === 0) return;
  tw.s.in++;
  tw.s.returnByRoute[line] = (tw.s.returnByRoute[line] ?? 0) + 1;
  tw.s.teuIn += train.teu;
  tw.s.boxes += train.boxes.length;
  tw.agenda.push({ t: departMs - 4 * HOUR, kind: 'load', train });
  tw.agenda.push({ t: departMs, kind: 'depart', train });
}

export function makeBooking(
  tw: Twin,
  train: Train,
  schedule: WorldSchedule,
  groupId: string,
  count: number,
  sizeType: string,
  setpointC: number | null,
  departMs: number,
): { org: string; row: BookingRow } | null {
  const group = tw.goods.get(groupId);
  if (!group || group.headings.length === 0) return null;
  const kgRange = KG_PER_FEU[groupId] ?? [15_000, 25_000];
  const twenty = sizeType.startsWith('2');
  const boxes: Box[] = [];
  let kg = 0;
  for (let i = 0; i < count; i++) {
    const k = Math.round(tw.rng.range(kgRange[0], kgRange[1]) * (twenty ? tw.rng.range(0.6, 0.85) : 1));
    boxes.push(newBox(tw, sizeType, Math.min(k, 32_500), groupId, setpointC));
    kg += boxes[boxes.length - 1]!.kg;
  }
  if (twenty && boxes.length % 2 === 1) boxes.pop();
  const teu = boxes.reduce((a, b) => a + b.teu, 0);
  kg = boxes.reduce((a, b) => a + b.kg, 0);
  if (boxes.length === 0 || train.kg + kg > schedule.capacityKg || train.teu + teu > schedule.capacityTeu)
    return null;
  const tenants = TENANTS.filter((t) => t.goods.includes(groupId));
  const tenant = tw.rng.pick(tenants.length ? tenants : TENANTS);
  train.boxes.push(...boxes);
  train.teu += teu;
  train.kg += kg;
  tw.s.boxes += boxes.length;
  tw.s.teuByGoods[groupId] = (tw.s.teuByGoods[groupId] ?? 0) + teu;
  tw.bookingCounter++;
  const route = tw.world.routes.find((r) => r.id === train.routeId)!;
  return {
    org: tenant.id,
    row: {
      reference: `${tw.runTag}-${tw.bookingCounter}`.toUpperCase(),
      containers: boxes.map((b) => b.number),
      sizeType,
      grossKg: kg,
      hsCode: tw.rng.pick(group.headings),
      reeferSetpointC: setpointC,
      destination: route.destination,
      readyDate: isoDate(departMs - 2 * DAY),
      dueDate: isoDate(departMs + Math.ceil(route.transitDays + 7) * DAY),
      priority: setpointC === null ? tw.rng.int(2, 4) : 5,
      customsMode: tw.rng.chance(0.06) ? '9810' : tw.rng.chance(0.04) ? '9710' : 'general',
    },
  };
}

export function newBox(tw: Twin, sizeType: string, kg: number, group: string, setpointC: number | null): Box {
  const reefer = setpointC !== null;
  const owner = reefer ? tw.rng.pick(REEFER_OWNERS) : tw.rng.pick(OWNERS);
  const serial = ((tw.serials.get(owner) ?? tw.options.seed % 500_000) + 1) % 1_000_000;
  tw.serials.set(owner, serial);
  const first10 = `${owner}${String(serial).padStart(6, '0')}`;
  return {
    number: `${first10}${computeCheckDigit(first10)}`,
    sizeType,
    teu: sizeType.startsWith('2') ? 1 : 2,
    kg,
    group,
    reefer: reefer ? { setpointC, device: '' } : null,
  };
}
