// Running the twin: a bounded run (`lugang sim`, the bench) day by day at a given speed or as fast
// as the platform takes it, and the live twin of `lugang start` on an accelerated clock that
// catches up with the wall clock and then goes on in real time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Adapter, type AdapterStats, type Credentials, fetchWorld, type HttpClient } from './adapter';
import { DAY, type Intent, LIVE_DEFAULTS, Twin, type TwinOptions, type TwinSummary } from './core';

export interface RunResult {
  readonly summary: TwinSummary;
  readonly adapter: AdapterStats;
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
  },
): Promise<RunResult> {
  const now = run.now ?? (() => performance.now());
  const t0 = now();
  const world = await fetchWorld(client, creds.operatorToken);
  const twin = new Twin(world, options);
  const adapter = new Adapter(client, creds);
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
  return { summary: twin.summary(), adapter: adapter.stats, wallMs: now() - t0, coreMs };
}

export interface LiveOptions {
  readonly seed: number;
  /** Simulated seconds per wall second (600: ten simulated minutes a second). */
  readonly speed: number;
  /** The twin starts this many days before now… */
  readonly startDaysAgo: number;
  /** …and runs its first days at once, so that trains are en route when the dashboard opens. */
  readonly warmupDays: number;
  /** Where the twin keeps its start and progress, to go on after a restart (null: nowhere). */
  readonly stateFile: string | null;
  readonly log: (line: string) => void;
  readonly wallClock?: () => number;
}

export interface LiveStatus {
  readonly simulated: true;
  readonly running: boolean;
  readonly seed: number;
  readonly speed: number;
  readonly start: string;
  readonly simTime: string;
  /** True once the twin has caught up with the wall clock and runs in real time. */
  readonly realTime: boolean;
  readonly trains: { outbound: number; inbound: number; arrived: number };
  readonly requests: number;
  readonly failed: number;
  readonly itemsSent: number;
  readonly failures: Readonly<Record<string, number>>;
}

export interface LiveTwin {
  status(): LiveStatus;
  stop(): Promise<void>;
  /** Resolves when the warm-up has been sent. */
  readonly warm: Promise<void>;
}

function keepInWarmUp(i: Intent, cutoff: number): boolean {
  if (i.kind === 'timetable' || i.kind === 'cancel') return true;
  if (i.kind === 'booking') return i.t >= cutoff - 4 * DAY;
  if (i.kind !== 'device') return i.t >= cutoff;
  return i.item.eventType === 'TRANSPORT' || i.t >= cutoff;
}

interface SavedState {
  seed: number;
  startMs: number;
  sentUntil: number;
}

export async function startLiveTwin(
  client: HttpClient,
  creds: Credentials,
  options: LiveOptions,
): Promise<LiveTwin> {
  const wall = options.wallClock ?? Date.now;
  const world = await fetchWorld(client, creds.operatorToken);
  let startMs = Math.floor(wall() / DAY) * DAY - options.startDaysAgo * DAY;
  let sentUntil = 0;
  if (options.stateFile && existsSync(options.stateFile)) {
    try {
      const saved = JSON.parse(readFileSync(options.stateFile, 'utf8')) as SavedState;
      if (saved.seed === options.seed && wall() - saved.startMs < 300 * DAY) {
        startMs = saved.startMs;
        sentUntil = saved.sentUntil;
      }
    } catch {
      // a damaged state file: start afresh
    }
  }
  const twinOptions: TwinOptions = { ...LIVE_DEFAULTS, seed: options.seed, startMs, days: 3650 };
  const twin = new Twin(world, twinOptions);
  const adapter = new Adapter(client, creds, { consolidationTimeLimitMs: 500, loadPlanTimeLimitMs: 300 });
  const save = () => {
    if (!options.stateFile) return;
    const state: SavedState = { seed: options.seed, startMs, sentUntil: twin.time };
    try {
      writeFileSync(options.stateFile, JSON.stringify(state));
    } catch {
      // the state is a convenience; the twin goes on without it
    }
  };
  // After a restart: replay what was already sent (the core is deterministic), without sending.
  if (sentUntil > startMs) twin.advance(Math.min(sentUntil, wall()));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const warm = (async () => {
    const warmEnd = Math.min(startMs + options.warmupDays * DAY, wall());
    // The warm-up sends the trains' movements and the bookings of all its days, but positions,
    // box events, readings and planner runs only of its last hours: the picture is alive at once.
    const cutoff = warmEnd - 6 * 3_600_000;
    while (!stopped && twin.time < warmEnd) {
      const intents = twin.advance(Math.min(twin.time + DAY, warmEnd));
      await adapter.perform(intents.filter((i) => keepInWarmUp(i, cutoff)));
    }
    save();
  })();
  let last = wall();
  let ticks = 0;
  const tick = async () => {
    const t = wall();
    const elapsed = Math.min(t - last, 5_000);
    last = t;
    const target = Math.min(t, twin.time + elapsed * options.speed);
    if (target > twin.time) await adapter.perform(twin.advance(target));
    if (++ticks % 10 === 0) save();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick()
        .catch((err: unknown) => options.log(`twin: ${err instanceof Error ? err.message : String(err)}`))
        .finally(schedule);
    }, 1_000);
  };
  warm.then(
    () => {
      last = wall();
      schedule();
    },
    (err: unknown) =>
      options.log(
        `twin warm-up failed / 数字孪生预热失败: ${err instanceof Error ? err.message : String(err)}`,
      ),
  );
  return {
    warm,
    status() {
      const s = twin.summary();
      return {
        simulated: true,
        running: !stopped,
        seed: options.seed,
        speed: options.speed,
        start: new Date(startMs).toISOString(),
        simTime: new Date(twin.time).toISOString(),
        realTime: wall() - twin.time < 5_000,
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
      save();
    },
  };
}
