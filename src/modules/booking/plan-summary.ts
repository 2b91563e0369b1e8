// What a stored consolidation plan means per departure and per booking (pure): TEU and kg loaded
// against capacity and minimum fill, running or not, and each unassigned booking with its reason —
// for the dashboard's fill bars and the plan export.

import type { ConsolidationInstance, ConsolidationSolution } from '../planning/consolidation/contract';
import { addDays } from '../timetable/dates';

export interface DepartureFill {
  id: string;
  route: string;
  date: string;
  running: boolean;
  bookings: number;
  teu: number;
  grossKg: number;
  capacityTeu: number;
  capacityKg: number;
  minTeu: number;
}

export interface PlanLine {
  booking: string;
  departure: string | null;
  route: string | null;
  date: string | null;
  teu: number;
  grossKg: number;
  reason: string | null;
  reasonZh: string | null;
}

export function departureFills(
  from: string,
  inst: ConsolidationInstance,
  sol: ConsolidationSolution,
): DepartureFill[] {
  const running = new Set(sol.running);
  const byBooking = new Map(inst.bookings.map((b) => [b.id, b]));
  const fill = new Map<string, { n: number; teu: number; kg: number }>();
  for (const a of sol.assignments) {
    const b = byBooking.get(a.booking);
    const f = fill.get(a.departure) ?? { n: 0, teu: 0, kg: 0 };
    fill.set(a.departure, { n: f.n + 1, teu: f.teu + (b?.teu ?? 0), kg: f.kg + (b?.grossKg ?? 0) });
  }
  return inst.departures.map((d) => {
    const f = fill.get(d.id) ?? { n: 0, teu: 0, kg: 0 };
    return {
      id: d.id,
      route: d.route,
      date: addDays(from, d.day),
      running: running.has(d.id),
      bookings: f.n,
      teu: f.teu,
      grossKg: f.kg,
      capacityTeu: d.capacityTeu,
      capacityKg: d.capacityKg,
      minTeu: d.minTeu,
    };
  });
}

/** One line per booking of the plan: where it rides, or why it does not. */
export function planLines(from: string, inst: ConsolidationInstance, sol: ConsolidationSolution): PlanLine[] {
  const dep = new Map(inst.departures.map((d) => [d.id, d]));
  const assigned = new Map(sol.assignments.map((a) => [a.booking, a.departure]));
  const unassigned = new Map(sol.unassigned.map((u) => [u.booking, u]));
  return inst.bookings.map((b) => {
    const d = assigned.has(b.id) ? dep.get(assigned.get(b.id)!) : undefined;
    const u = unassigned.get(b.id);
    return {
      booking: b.id,
      departure: d?.id ?? null,
      route: d?.route ?? null,
      date: d ? addDays(from, d.day) : null,
      teu: b.teu,
      grossKg: b.grossKg,
      reason: u?.reason ?? null,
      reasonZh: u?.reasonZh ?? null,
    };
  });
}
