// The live twin's catch-up: from its start (60 days ago) to now at maximum speed, the present first.
//
// The core runs to now at once (seconds of CPU, a simulated day at a time, yielding in between).
// What a dashboard shows *now* is sent first — the **present**: everything of the last few days
// (bookings, cancellations, box events, reefer readings, the trains' movements), planner runs of the
// last hours only, and for every train still under way its whole movement history (DEPA at the
// origin, border ARRI/DEPA) and its newest position. Then the twin runs in real time, and the
// **history** before the present goes out in the background, oldest first, as a device's
// store-and-forward would deliver it: everything except the positions of trains (their bulk: two
// thirds of all items) and planner runs of past days. The platform takes items in any order
// (docs/devices.md: order does not matter; its read models fold a train's events in any order).
//
// The split is a pure function of the intents, the moment of the catch-up and the trains under
// way, so the history is sent by a second core replaying the same run (the core is deterministic)
// instead of being kept in memory.
import { setImmediate as yieldNow } from 'node:timers/promises';
import { DAY, HOUR, type Intent, type Twin } from './core';

/** Everything of the last `PRESENT_DAYS` before now is part of the present. */
export const PRESENT_DAYS = 4;
/** Planner runs of the last hours only: planning the past serves nobody. */
export const PLANNER_HOURS = 6;
/** A train that reported a position in the last 2 hours is under way (positions come every 20 min). */
const UNDERWAY_HOURS = 2;

const isPlanner = (i: Intent) => i.kind === 'consolidate' || i.kind === 'loadPlan';

function trainOf(i: Intent): string | undefined {
  if (i.kind !== 'device') return undefined;
  const ref = i.item.trainReference;
  return typeof ref === 'string' ? ref : undefined;
}

/** A train's own position (IOT POS of its tracker, no box). */
function isTrainPosition(i: Intent): boolean {
  return i.kind === 'device' && i.item.iotEventTypeCode === 'POS' && i.item.equipmentReference === undefined;
}

function isTransport(i: Intent): boolean {
  return i.kind === 'device' && i.item.eventType === 'TRANSPORT';
}

export interface CatchUpPlan {
  /** The moment caught up to (the wall clock when the catch-up began). */
  readonly target: number;
  /** Items at or after this moment belong to the present. */
  readonly windowStart: number;
  /** Trains under way at `target`. */
  readonly underway: readonly string[];
  /** What is sent first, in the twin's order. */
  readonly present: Intent[];
  /** Intents the core produced meanwhile (for the figures). */
  readonly produced: number;
}

/**
 * Runs `twin` up to `target` and returns the present. The caller sends the history afterwards with
 * `isHistory` over a replay of the same run from `from` (the twin's time before this call).
 */
export async function catchUp(
  twin: Twin,
  target: number,
  presentDays = PRESENT_DAYS,
  stop: () => boolean = () => false,
): Promise<CatchUpPlan> {
  const windowStart = Math.max(twin.time, target - presentDays * DAY);
  const plannerFrom = target - PLANNER_HOURS * HOUR;
  const present: Intent[] = [];
  const movements = new Map<string, Intent[]>();
  const newestPosition = new Map<string, Intent>();
  const underway = new Set<string>();
  let produced = 0;
  while (twin.time < target && !stop()) {
    const intents = twin.advance(Math.min(twin.time + DAY, target));
    produced += intents.length;
    for (const i of intents) {
      if (i.kind === 'timetable') {
        present.push(i);
        continue;
      }
      const train = trainOf(i);
      if (i.t < windowStart) {
        if (train && isTransport(i)) {
          const list = movements.get(train) ?? [];
          list.push(i);
          movements.set(train, list);
        }
        continue;
      }
      if (isTrainPosition(i)) {
        if (train) newestPosition.set(train, i);
        if (train && i.t >= target - UNDERWAY_HOURS * HOUR) underway.add(train);
      } else if (!isPlanner(i) || i.t >= plannerFrom) present.push(i);
    }
    await yieldNow();
  }
  // Trains under way: their movements before the window, and where they are now.
  const extra: Intent[] = [];
  for (const train of underway) {
    extra.push(...(movements.get(train) ?? []));
    const pos = newestPosition.get(train);
    if (pos) extra.push(pos);
  }
  const all = [...present, ...extra].sort((a, b) => a.t - b.t);
  return { target, windowStart, underway: [...underway].sort(), present: all, produced };
}

/** Whether an intent before the present is sent with the history (the complement of the present). */
export function isHistory(i: Intent, windowStart: number, underway: ReadonlySet<string>): boolean {
  if (i.t >= windowStart || i.kind === 'timetable' || isPlanner(i) || isTrainPosition(i)) return false;
  if (isTransport(i)) {
    const train = trainOf(i);
    return !(train && underway.has(train));
  }
  return true;
}
