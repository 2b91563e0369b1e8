// Running the twin: a bounded run (`lugang sim`, the bench) day by day at a given speed or as fast
// as the platform takes it, and the live twin of `lugang start`, which catches up with the wall
// clock — at once, the present first (catchup.ts), or on an accelerated clock — and then goes on
// in real time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep, setImmediate as yieldNow } from 'node:timers/promises';
import { Adapter, type AdapterStats, type Credentials, fetchWorld, type HttpClient } from './adapter';
import { catchUp, isHistory, PRESENT_DAYS } from './catchup';
import { DAY, type Intent, LIVE_DEFAULTS, Twin, type TwinOptions, type TwinSummary } from './core';
import type { ConnectionStats, DeviceSender } from './devices';

export interface RunResult {
  readonly summary: TwinSummary;
  readonly adapter: AdapterStats;
  /** How the devices sent (http | mqtt) and, over MQTT, their connections. */
  readonly devices: { readonly kind: 'http' | 'mqtt' } & ConnectionStats;
  readonly wallMs: number;
  readonly coreMs: number;
}

/** Runs `options.days` simulated days; `speed` = simulated seconds per wall second, or 'max'. */
export async function runTwin(
  client: HttpClient,
  creds: Credentials,
  options: TwinOptions,
  run: {
    speed: number | 'max';
    onDay?: (day: number, twin: Twin) => void;
    now?: () => number;
    /** How devices send (default: HTTP through `client`); the caller closes it. */
    devices?: DeviceSender;
    /**
     * MQTT through an external broker: its PUBACK comes before Lugang's commit, so the run's
     * figures are read back once the stored counts stood still this long (embedded broker: 0).
     */
    settleQuietMs?: number;
  },
): Promise<RunResult> {
  const now = run.now ?? (() => performance.now());
  const t0 = now();
  const world = await fetchWorld(client, creds.operatorToken);
  const twin = new Twin(world, options);
  const adapter = new Adapter(client, creds, run.devices ? { devices: run.devices } : {});
  let coreMs = 0;
  // Perform day by day; the platform ingests one day while the core computes the next.
  let pending: Promise<void> = Promise.resolve();
  for (let day = 0; !twin.done; day++) {
    const until = day < options.days ? options.startMs + (day + 1) * DAY - 1 : Number.POSITIVE_INFINITY;
    const c0 = now();
    const intents = twin.advance(until);
    coreMs += now() - c0;
    await pending;
    pending = adapter.perform(intents);
    if (run.speed !== 'max') {
      const due = t0 + ((day + 1) * DAY * 1000) / run.speed / 1000;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
    }
    run.onDay?.(Math.min(day + 1, options.days), twin);
  }
  await pending;
  await adapter.settle({ quietMs: run.settleQuietMs ?? 0 });
  return {
    summary: twin.summary(),
    adapter: adapter.stats,
    devices: { kind: adapter.devices.kind, ...adapter.devices.connections() },
    wallMs: now() - t0,
    coreMs,
  };
}

export interface LiveOptions {
  readonly seed: number;
  /**
   * How fast the twin runs while it is behind the wall clock: `max` (catch up at once, the present
   * first: catchup.ts), or simulated seconds per wall second (600: ten simulated minutes a second,
   * after a warm-up of `warmupDays`). Once caught up it runs in real time.
   */
  readonly speed: number | 'max';
  /** The twin starts this many days before now… */
  readonly startDaysAgo: number;
  /** …and (at a numeric speed) runs its first days at once, so that trains are en route at once. */
  readonly warmupDays: number;
  /** Where the twin keeps its start and progress, to go on after a restart (null: nowhere). */
  readonly stateFile: string | null;
  readonly log: (line: string) => void;
  readonly wallClock?: () => number;
  /** How devices send (default: HTTP through the client). The live twin closes it on stop. */
  readonly devices?: DeviceSender;
  /** Days before now whose items are all part of the catch-up's present (default 4). */
  readonly presentDays?: number;
}

export interface LiveStatus {
  readonly simulated: true;
  readonly running: boolean;
  readonly seed: number;
  readonly speed: number | 'max';
  readonly start: string;
  readonly simTime: string;
  /** True once the twin has caught up with the wall clock and runs in real time. */
  readonly realTime: boolean;
  /** The catch-up: the present sent after `presentMs`, the history `pending`, `sending` or `complete`. */
  readonly catchUp: {
    readonly presentMs: number | null;
    readonly history: 'none' | 'pending' | 'sending' | 'complete';
    readonly historyMs: number | null;
  };
  /** How devices send; over MQTT the connections (one per device). */
  readonly devices: { readonly kind: 'http' | 'mqtt'; readonly open: number; readonly opened: number };
  readonly trains: { outbound: number; inbound: number; arrived: number };
  readonly requests: number;
  readonly failed: number;
  readonly itemsSent: number;
  readonly failures: Readonly<Record<string, number>>;
}

export interface LiveTwin {
  status(): LiveStatus;
  stop(): Promise<void>;
  /** Resolves when the warm-up (numeric speed) or the present (max) has been sent. */
  readonly warm: Promise<void>;
  /** Resolves when the history behind the present has been sent (at once when there is none). */
  readonly history: Promise<void>;
}

function keepInWarmUp(i: Intent, cutoff: number): boolean {
  if (i.kind === 'timetable' || i.kind === 'cancel') return true;
  if (i.kind === 'booking') return i.t >= cutoff - 4 * DAY;
  if (i.kind !== 'device') return i.t >= cutoff;
  return i.item.eventType === 'TRANSPORT' || i.t >= cutoff;
}

/** The history still to send after a catch-up: (from, until] of the run, up to `windowStart`. */
interface PendingHistory {
  from: number;
  windowStart: number;
  underway: string[];
  /** Sent up to here (inclusive). */
  until: number;
}

interface SavedState {
  seed: number;
  startMs: number;
  sentUntil: number;
  history?: PendingHistory[];
}

/** Runs the core to `until` without sending, a day at a time, letting the server breathe. */
async function replayTo(twin: Twin, until: number): Promise<void> {
  while (twin.time < until) {
    twin.advance(Math.min(twin.time + DAY, until));
    await yieldNow();
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function startLiveTwin(
  client: HttpClient,
  creds: Credentials,
  options: LiveOptions,
): Promise<LiveTwin> {
  const wall = options.wallClock ?? Date.now;
  const world = await fetchWorld(client, creds.operatorToken);
  let startMs = Math.floor(wall() / DAY) * DAY - options.startDaysAgo * DAY;
  let sentUntil = 0;
  /** Histories still to send (a restart during one, then another catch-up, makes two). */
  let pending: PendingHistory[] = [];
  if (options.stateFile && existsSync(options.stateFile)) {
    try {
      const saved = JSON.parse(readFileSync(options.stateFile, 'utf8')) as SavedState;
      if (saved.seed === options.seed && wall() - saved.startMs < 300 * DAY) {
        startMs = saved.startMs;
        sentUntil = saved.sentUntil;
        if (Array.isArray(saved.history)) pending = saved.history.filter((h) => h.until < h.windowStart - 1);
      }
    } catch {
      // a damaged state file: start afresh
    }
  }
  const twinOptions: TwinOptions = { ...LIVE_DEFAULTS, seed: options.seed, startMs, days: 3650 };
  const twin = new Twin(world, twinOptions, { log: false });
  const adapter = new Adapter(client, creds, {
    consolidationTimeLimitMs: 500,
    loadPlanTimeLimitMs: 300,
    ...(options.devices ? { devices: options.devices } : {}),
  });
  const save = () => {
    if (!options.stateFile) return;
    const state: SavedState = {
      seed: options.seed,
      startMs,
      sentUntil: sent,
      ...(pending.length ? { history: pending } : {}),
    };
    try {
      writeFileSync(options.stateFile, JSON.stringify(state));
    } catch {
      // the state is a convenience; the twin goes on without it
    }
  };
  let stopped = false;
  /** Sent (or replayed after a restart) up to here: what a restart need not send again. */
  let sent = Math.max(sentUntil, startMs);
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const began = performance.now();
  let presentMs: number | null = null;
  let historyMs: number | null = null;
  let historyState: LiveStatus['catchUp']['history'] = pending.length ? 'pending' : 'none';

  // The history behind a catch-up's present: a second core replays the run and sends the rest.
  const sendHistory = async (h: PendingHistory) => {
    historyState = 'sending';
    const underway = new Set(h.underway);
    const replay = new Twin(world, twinOptions, { log: false });
    // what the live twin had sent before (a fresh start has sent nothing, not even its first instant)
    if (h.until > startMs) await replayTo(replay, h.until);
    while (!stopped && replay.time < h.windowStart - 1) {
      const until = Math.min(replay.time + DAY, h.windowStart - 1);
      const intents = replay.advance(until).filter((i) => isHistory(i, h.windowStart, underway));
      await adapter.perform(intents);
      h.until = until;
      await yieldNow();
    }
    if (!stopped) {
      pending = pending.filter((p) => p !== h);
      save();
    }
  };

  const warm = (async () => {
    // After a restart: replay what was already sent (the core is deterministic), without sending.
    if (sentUntil > startMs) await replayTo(twin, Math.min(sentUntil, wall()));
    if (options.speed === 'max') {
      const from = twin.time;
      const target = wall();
      if (target - from < 10 * 60_000) return;
      const plan = await catchUp(twin, target, options.presentDays ?? PRESENT_DAYS, () => stopped);
      // a day at a time (in the twin's order), so that a stop need not wait for all of it
      for (let k = 0; k < plan.present.length && !stopped; ) {
        const dayEnd = Math.max(plan.present[k]!.t, plan.windowStart) + DAY;
        let e = k;
        while (e < plan.present.length && plan.present[e]!.t < dayEnd) e++;
        await adapter.perform(plan.present.slice(k, e));
        k = e;
      }
      if (stopped) return;
      sent = target;
      if (plan.windowStart > from) {
        pending.push({ from, windowStart: plan.windowStart, underway: [...plan.underway], until: from });
        historyState = 'pending';
      }
      presentMs = performance.now() - began;
      options.log(
        `twin: caught up ${Math.round((target - from) / DAY)} days in ${(presentMs / 1000).toFixed(1)} s` +
          ` (${plan.present.length} items of the present; the history follows) /` +
          ` 数字孪生已追上当前时间：${Math.round((target - from) / DAY)} 天，用时 ${(presentMs / 1000).toFixed(1)} 秒（历史数据随后补发）`,
      );
      save();
      return;
    }
    const warmEnd = Math.min(startMs + options.warmupDays * DAY, wall());
    // The warm-up sends the trains' movements and the bookings of all its days, but positions,
    // box events, readings and planner runs only of its last hours: the picture is alive at once.
    const cutoff = warmEnd - 6 * 3_600_000;
    while (!stopped && twin.time < warmEnd) {
      const intents = twin.advance(Math.min(twin.time + DAY, warmEnd));
      await adapter.perform(intents.filter((i) => keepInWarmUp(i, cutoff)));
      sent = twin.time;
    }
    presentMs = performance.now() - began;
    save();
  })();
  const history = warm.then(async () => {
    if (pending.length === 0) return;
    for (const h of [...pending]) if (!stopped) await sendHistory(h);
    if (!stopped) {
      historyState = 'complete';
      historyMs = performance.now() - began;
      options.log(
        `twin: history sent in ${(historyMs / 1000).toFixed(0)} s / 数字孪生历史数据已补发，用时 ${(historyMs / 1000).toFixed(0)} 秒`,
      );
    }
  });
  history.catch((err: unknown) => options.log(`twin history / 数字孪生历史数据: ${message(err)}`));
  let last = wall();
  let ticks = 0;
  const tick = async () => {
    const t = wall();
    const elapsed = Math.min(t - last, 5_000);
    last = t;
    const target = options.speed === 'max' ? t : Math.min(t, twin.time + elapsed * options.speed);
    if (target > twin.time) {
      await adapter.perform(twin.advance(target));
      sent = target;
    }
    if (++ticks % 10 === 0) save();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick()
        .catch((err: unknown) => options.log(`twin: ${message(err)}`))
        .finally(schedule);
    }, 1_000);
  };
  warm.then(
    () => {
      last = wall();
      schedule();
    },
    (err: unknown) => options.log(`twin warm-up failed / 数字孪生预热失败: ${message(err)}`),
  );
  return {
    warm,
    history: history.catch(() => undefined),
    status() {
      const s = twin.summary();
      const c = adapter.devices.connections();
      return {
        simulated: true,
        running: !stopped,
        seed: options.seed,
        speed: options.speed,
        start: new Date(startMs).toISOString(),
        simTime: new Date(twin.time).toISOString(),
        realTime: wall() - twin.time < 5_000,
        catchUp: {
          presentMs: presentMs === null ? null : Math.round(presentMs),
          history: historyState,
          historyMs: historyMs === null ? null : Math.round(historyMs),
        },
        devices: { kind: adapter.devices.kind, open: c.open, opened: c.opened },
        trains: { outbound: s.trains.outbound, inbound: s.trains.inbound, arrived: s.trains.arrived },
        requests: adapter.stats.requests,
        failed: adapter.stats.failed,
        itemsSent: adapter.stats.itemsSent,
        failures: { ...adapter.stats.failures },
      };
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await warm.catch(() => undefined);
      await inFlight;
      await history.catch(() => undefined);
      save();
      await adapter.devices.close();
    },
  };
}
