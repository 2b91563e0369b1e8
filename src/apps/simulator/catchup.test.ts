import { beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkData } from '../../modules/network/load-data';
import { catchUp, isHistory } from './catchup';
import { DAY, HOUR, type Intent, LIVE_DEFAULTS, Twin, type TwinOptions } from './core';
import { type World, worldFromNetwork } from './world';

let world: World;
beforeAll(async () => {
  world = worldFromNetwork(await loadNetworkData());
});

const START = Date.UTC(2025, 9, 1);
const OPTIONS: TwinOptions = { ...LIVE_DEFAULTS, posEveryMinutes: 60, seed: 8, startMs: START, days: 3650 };
const key = (i: Intent) => JSON.stringify(i);
const isPosition = (i: Intent) =>
  i.kind === 'device' && i.item.iotEventTypeCode === 'POS' && i.item.equipmentReference === undefined;

describe('the catch-up sends the present first and the history after, and nothing twice', () => {
  it('present + history + (positions, past planner runs) = every intent of the run; the log is unchanged', async () => {
    const target = START + 9 * DAY + 7 * HOUR;
    const twin = new Twin(world, OPTIONS);
    const plan = await catchUp(twin, target);
    const whole = new Twin(world, OPTIONS);
    const all = whole.advance(target);
    expect(twin.hash()).toBe(whole.hash());
    expect(plan.produced).toBe(all.length);
    expect(plan.windowStart).toBe(target - 4 * DAY);

    const present = new Map<string, number>();
    for (const i of plan.present) present.set(key(i), (present.get(key(i)) ?? 0) + 1);
    const underway = new Set(plan.underway);
    expect(underway.size).toBeGreaterThan(50);
    let history = 0;
    let dropped = 0;
    for (const i of all) {
      const k = key(i);
      const inPresent = (present.get(k) ?? 0) > 0;
      const inHistory = isHistory(i, plan.windowStart, underway);
      expect(inPresent && inHistory, k).toBe(false);
      if (inPresent) present.set(k, present.get(k)! - 1);
      else if (inHistory) history++;
      else {
        // only positions of trains and planner runs of the past are left out
        expect(isPosition(i) || i.kind === 'consolidate' || i.kind === 'loadPlan', k).toBe(true);
        if (i.kind === 'consolidate' || i.kind === 'loadPlan') expect(i.t).toBeLessThan(target - 6 * HOUR);
        dropped++;
      }
    }
    // everything the present holds came from the run
    expect([...present.values()].every((n) => n === 0)).toBe(true);
    expect(history).toBeGreaterThan(10_000);
    expect(dropped).toBeGreaterThan(5_000);
    // the present is the last 4 of 9 days, without the bulk of positions
    expect(plan.present.length).toBeLessThan(all.length / 2);
    expect(plan.present.every((i, k) => k === 0 || plan.present[k - 1]!.t <= i.t)).toBe(true);
  }, 120_000);

  it('every train under way is in the present with its departure from the origin and its newest position', async () => {
    const target = START + 20 * DAY + 15 * HOUR;
    const twin = new Twin(world, OPTIONS);
    const plan = await catchUp(twin, target);
    const byTrain = new Map<string, Intent[]>();
    for (const i of plan.present) {
      if (i.kind !== 'device' || typeof i.item.trainReference !== 'string') continue;
      const list = byTrain.get(i.item.trainReference) ?? [];
      list.push(i);
      byTrain.set(i.item.trainReference, list);
    }
    const departedLongAgo = plan.underway.filter((train) =>
      byTrain
        .get(train)!
        .some(
          (i) => i.kind === 'device' && i.item.transportEventTypeCode === 'DEPA' && i.t < plan.windowStart,
        ),
    );
    expect(departedLongAgo.length).toBeGreaterThan(10);
    for (const train of plan.underway) {
      const mine = byTrain.get(train) ?? [];
      expect(
        mine.some((i) => i.kind === 'device' && i.item.transportEventTypeCode === 'DEPA'),
        train,
      ).toBe(true);
      const positions = mine.filter(isPosition);
      expect(positions, train).toHaveLength(1);
      expect(positions[0]!.t).toBeGreaterThanOrEqual(target - 2 * HOUR);
    }
    // the timetable is always sent first, whenever it was generated
    expect(plan.present.filter((i) => i.kind === 'timetable')).toHaveLength(1);
  }, 120_000);
});
